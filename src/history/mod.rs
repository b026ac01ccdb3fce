//! Release history: `kooship.lock`, the manifest as last released (lock format 1).
//!
//! The lock holds the released manifest as JSON (without its `lint` section, numbers written
//! exactly as in the YAML) and its SHA-256 over the RFC 8785 canonical form, so that an
//! edited lock is detected.

pub mod diff;
pub mod jcs;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock::Date;

/// Largest lock file read; a lock holds one manifest (≤ 1 MiB) and a few fields.
pub const MAX_LOCK_BYTES: u64 = 4 * 1024 * 1024;

/// A release recorded in `kooship.lock`.
#[derive(Debug, Clone, Serialize)]
pub struct Lock {
    pub lock: u32,
    pub product: String,
    pub version: String,
    pub recorded: String,
    pub manifest: Value,
    pub manifest_sha256: String,
}

/// Why a lock cannot be used (REL006).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockError(pub String);

impl Lock {
    /// The lock for a manifest value, recorded on `today`.
    pub fn record(manifest: &Value, today: Date) -> Lock {
        let manifest = released_form(manifest);
        let text = |p: &str| {
            manifest
                .pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Lock {
            lock: 1,
            product: text("/product/name"),
            version: text("/product/version"),
            recorded: today.to_string(),
            manifest_sha256: checksum(&manifest),
            manifest,
        }
    }

    /// The lock file's text: pretty JSON, fields in the spec's order, a final newline.
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads and verifies a lock file.
    pub fn load(path: &Path) -> Result<Lock, LockError> {
        use std::io::Read;
        // Only a regular file is opened: a FIFO or a device would block or never end.
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return Err(LockError("is not a regular file".to_owned())),
            Err(e) => return Err(LockError(format!("cannot be read: {e}"))),
            Ok(_) => {}
        }
        let file =
            std::fs::File::open(path).map_err(|e| LockError(format!("cannot be read: {e}")))?;
        let mut bytes = Vec::new();
        file.take(MAX_LOCK_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| LockError(format!("cannot be read: {e}")))?;
        if bytes.len() as u64 > MAX_LOCK_BYTES {
            return Err(LockError(format!("is larger than {MAX_LOCK_BYTES} bytes")));
        }
        Lock::parse(&bytes)
    }

    /// Parses and verifies a lock's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Lock, LockError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| LockError(format!("is not valid JSON ({e})")))?;
        let Value::Object(map) = value else {
            return Err(LockError("is not a JSON object".to_owned()));
        };
        match map.get("lock") {
            Some(n) if n.as_u64() == Some(1) => {}
            Some(n @ Value::Number(_)) => {
                return Err(LockError(format!(
                    "is lock format {n}; this kooship reads lock format 1 (`\"lock\": 1`)"
                )));
            }
            _ => return Err(LockError("has no lock format (`\"lock\": 1`)".to_owned())),
        }
        let field = |k: &str| -> Result<String, LockError> {
            map.get(k)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| LockError(format!("lacks the text field `{k}`")))
        };
        let product = field("product")?;
        let version = field("version")?;
        let recorded = field("recorded")?;
        let sha = field("manifest_sha256")?;
        let manifest = match map.get("manifest") {
            Some(m @ Value::Object(_)) => m.clone(),
            _ => return Err(LockError("lacks the released `manifest`".to_owned())),
        };
        let actual = checksum(&manifest);
        if actual != sha {
            return Err(LockError(
                "does not match its checksum: `manifest_sha256` is not the SHA-256 of `manifest` (was the lock edited by hand?)"
                    .to_owned(),
            ));
        }
        // `product` and `version` sit outside the checksum: they must repeat the released
        // manifest's, or an edit there would change what REL004 and REL008 compare with.
        for (key, stated, released) in [
            ("product", &product, manifest.pointer("/product/name")),
            ("version", &version, manifest.pointer("/product/version")),
        ] {
            if released.and_then(Value::as_str) != Some(stated.as_str()) {
                return Err(LockError(format!(
                    "says `{key}` is `{stated}`, which is not its released manifest's (was the lock edited by hand?)"
                )));
            }
        }
        Ok(Lock {
            lock: 1,
            product,
            version,
            recorded,
            manifest,
            manifest_sha256: sha,
        })
    }
}

/// The manifest as the lock keeps it: without its `lint` section.
pub fn released_form(manifest: &Value) -> Value {
    let mut m = manifest.clone();
    if let Value::Object(map) = &mut m {
        map.remove("lint");
    }
    m
}

/// Lower-case hex SHA-256 of the value's RFC 8785 canonical form.
pub fn checksum(value: &Value) -> String {
    let digest = Sha256::digest(jcs::canonical(value).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two JSON values are equal, numbers compared by value (`19.90` = `19.9`).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (
                crate::decimal::Amount::parse(&x.to_string()),
                crate::decimal::Amount::parse(&y.to_string()),
            ) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_and_verify() {
        let m: Value = serde_json::from_str(
            r#"{"format":1,"product":{"name":"Acme","version":"1.0.0"},"lint":{"severity":{}},"specifications":[{"code":"a","pricing":{"price":19.90}}]}"#,
        )
        .unwrap();
        let lock = Lock::record(&m, Date::parse("2026-11-26").unwrap());
        assert!(lock.manifest.get("lint").is_none());
        let text = lock.to_text();
        assert!(
            text.contains("19.90"),
            "numbers written as in the YAML: {text}"
        );
        let back = Lock::parse(text.as_bytes()).unwrap();
        assert_eq!(back.version, "1.0.0");
        let tampered = text.replace("19.90", "9.90");
        assert!(Lock::parse(tampered.as_bytes()).is_err());
        // Reformatting the number keeps the value, and the checksum.
        let same_value = text.replace("19.90", "19.9");
        assert!(Lock::parse(same_value.as_bytes()).is_ok());
    }

    #[test]
    fn same_compares_numbers_by_value() {
        let a: Value = serde_json::from_str(r#"{"p":[19.90, 1]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"p":[19.9, 1.0]}"#).unwrap();
        assert!(same(&a, &b));
    }
}
