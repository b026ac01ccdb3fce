//! The access key: where it comes from (`KOOSHIP_ACCESS_KEY` or `--key-file`, never an
//! argument), its Base64 forms, and redaction of every form of it from everything `probe`
//! writes: the report, the curl lines, error messages and panic messages.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::sign::Key;

/// The environment variable the key is read from without `--key-file`.
pub const KEY_ENV: &str = "KOOSHIP_ACCESS_KEY";

/// Shown in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// The key and the forms a diagnosis may try.
#[derive(Debug, Clone)]
pub struct AccessKey {
    /// The key signing uses.
    pub key: Key,
    /// The key the other way round for the PRB018 diagnosis: Base64-decoded (or encoded)
    /// when given as is, the text as shown when `--key-base64` decoded it; and its
    /// description.
    pub alternative: Option<(Key, &'static str)>,
}

/// Where the key came from.
pub enum KeySource<'a> {
    File(&'a Path),
    Env,
}

/// Reads the key: `--key-file`'s first line, or `KOOSHIP_ACCESS_KEY`. `Ok(None)`: no key
/// (the variable unset or empty). `Err`: an unreadable file, or a key that is not Base64
/// under `--key-base64`; the message never holds the key.
pub fn read_key(
    source: KeySource<'_>,
    base64: bool,
) -> Result<Option<(AccessKey, Redactor)>, String> {
    let text = match source {
        KeySource::File(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read the key file `{}`: {e}", path.display()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("the key file `{}` is not UTF-8 text", path.display()))?;
            let first = text.lines().next().unwrap_or("").trim().to_owned();
            if first.is_empty() {
                return Err(format!(
                    "the key file `{}` has no key on its first line",
                    path.display()
                ));
            }
            first
        }
        KeySource::Env => match std::env::var(KEY_ENV) {
            Ok(v) if !v.trim().is_empty() => v.trim().to_owned(),
            Ok(_) | Err(std::env::VarError::NotPresent) => return Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(format!("{KEY_ENV} is not UTF-8 text"));
            }
        },
    };
    let access = AccessKey::from_text(&text, base64)?;
    let mut redactor = Redactor::default();
    redactor.add(text.as_bytes());
    redactor.add(access.key.bytes());
    if let Some((alt, _)) = &access.alternative {
        redactor.add(alt.bytes());
    }
    Ok(Some((access, redactor)))
}

impl AccessKey {
    /// The key from its text as the Seller Console shows it.
    pub fn from_text(text: &str, base64: bool) -> Result<AccessKey, String> {
        if base64 {
            let decoded = STANDARD.decode(text.as_bytes()).map_err(|_| {
                "--key-base64: the key is not Base64 (it is not printed here)".to_owned()
            })?;
            if decoded.is_empty() {
                return Err("--key-base64: the key decodes to nothing".to_owned());
            }
            return Ok(AccessKey {
                key: Key::new(decoded),
                alternative: Some((
                    Key::new(text.as_bytes().to_vec()),
                    "the key as shown, not Base64-decoded (drop --key-base64)",
                )),
            });
        }
        let alternative = match STANDARD.decode(text.as_bytes()) {
            Ok(decoded) if !decoded.is_empty() => Some((
                Key::new(decoded),
                "the key Base64-decoded (run with --key-base64)",
            )),
            _ => Some((
                Key::new(STANDARD.encode(text.as_bytes()).into_bytes()),
                "the key Base64-encoded (the server holds Base64 of the key shown)",
            )),
        };
        Ok(AccessKey {
            key: Key::new(text.as_bytes().to_vec()),
            alternative,
        })
    }
}

/// Replaces every form of the key in text that leaves the process.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<Vec<u8>>,
}

/// Shorter than this, a "secret" would blank out ordinary words; such a key is shown as
/// nothing anyway (no part of the output copies it).
const MIN_SECRET: usize = 4;

impl Redactor {
    /// Adds a secret and its encodings: Base64, JSON-escaped, lower- and upper-case hex.
    pub fn add(&mut self, secret: &[u8]) {
        let mut forms = vec![secret.to_vec(), STANDARD.encode(secret).into_bytes()];
        if let Ok(s) = std::str::from_utf8(secret)
            && let Ok(json) = serde_json::to_string(s)
        {
            forms.push(json.trim_matches('"').as_bytes().to_vec());
        }
        let hex = super::rand::hex_lower(secret);
        forms.push(hex.to_ascii_uppercase().into_bytes());
        forms.push(hex.into_bytes());
        for f in forms {
            if f.len() >= MIN_SECRET && !self.secrets.contains(&f) {
                self.secrets.push(f);
            }
        }
        // Longest first, so that a form that contains another is replaced whole.
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `bytes` with every secret replaced by [`REDACTED`].
    pub fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for s in &self.secrets {
            out = replace(&out, s, REDACTED.as_bytes());
        }
        out
    }

    pub fn text(&self, text: &str) -> String {
        String::from_utf8_lossy(&self.bytes(text.as_bytes())).into_owned()
    }

    /// Makes panic messages pass through this redactor from now on.
    pub fn install_panic_hook(&self) {
        static ACTIVE: OnceLock<()> = OnceLock::new();
        let redactor = Arc::new(self.clone());
        if ACTIVE.set(()).is_err() {
            return;
        }
        std::panic::set_hook(Box::new(move |info| {
            let message = redactor.text(&info.to_string());
            eprintln!("kooship: internal error (a bug; please report it): {message}");
        }));
    }
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_redacted() {
        let mut r = Redactor::default();
        r.add(b"kooship-test-key-0001");
        let text = "a kooship-test-key-0001 b a29vc2hpcC10ZXN0LWtleS0wMDAx c 6b6f6f736869702d746573742d6b65792d30303031";
        assert_eq!(r.text(text), "a [redacted] b [redacted] c [redacted]");
        let mut short = Redactor::default();
        short.add(b"ab");
        assert_eq!(short.text("abc"), "abc");
    }

    #[test]
    fn key_forms() {
        let k = AccessKey::from_text("a29vc2hpcC10ZXN0LWtleS0wMDAx", true).unwrap();
        assert_eq!(k.key.bytes(), b"kooship-test-key-0001");
        let (alt, _) = k.alternative.unwrap();
        assert_eq!(alt.bytes(), b"a29vc2hpcC10ZXN0LWtleS0wMDAx");
        let k = AccessKey::from_text("kooship-test-key-0001", false).unwrap();
        assert_eq!(k.key.bytes(), b"kooship-test-key-0001");
        let (alt, what) = k.alternative.unwrap();
        assert_eq!(alt.bytes(), b"a29vc2hpcC10ZXN0LWtleS0wMDAx");
        assert!(what.contains("encoded"));
        let err = AccessKey::from_text("not base64 !!", true).unwrap_err();
        assert!(!err.contains("not base64 !!"));
    }
}
