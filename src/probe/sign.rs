//! Signing exactly as the SaaS Access Guide V2.0 and Huawei's demo do it (the probe
//! contract): compact JSON with keys sorted A→Z at every level, and
//! `S = HEX(HMAC-SHA256(key, key + nonce + timestamp + hex(HMAC-SHA256(key, body))))`.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::rand::{hex_lower, hex_upper};

/// The seller's access key: its bytes as used for the HMAC and the concatenation. Never
/// printed: `Debug` writes `[redacted]`, and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(Vec<u8>);

impl Key {
    pub fn new(bytes: Vec<u8>) -> Key {
        Key(bytes)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key([redacted])")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable_hmac(),
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

#[cold]
fn unreachable_hmac() -> ! {
    // HMAC accepts keys of every length (RFC 2104); reaching this is a bug in `hmac`.
    panic!("HMAC-SHA256 refused a key")
}

/// The inner digest: lower-case hex of HMAC-SHA256(key, body).
pub fn inner(key: &[u8], body: &[u8]) -> String {
    hex_lower(&hmac(key, &[body]))
}

/// The signature as sent: upper-case hex.
pub fn signature(key: &[u8], nonce: &str, timestamp: &str, body: &[u8]) -> String {
    hex_upper(&signature_bytes(key, nonce, timestamp, body))
}

fn signature_bytes(key: &[u8], nonce: &str, timestamp: &str, body: &[u8]) -> [u8; 32] {
    let inner = inner(key, body);
    hmac(
        key,
        &[
            key,
            nonce.as_bytes(),
            timestamp.as_bytes(),
            inner.as_bytes(),
        ],
    )
}

/// A value of a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Str(String),
    Int(i64),
    Obj(Vec<(&'static str, Field)>),
}

impl Field {
    pub fn str(s: impl Into<String>) -> Field {
        Field::Str(s.into())
    }
}

/// Key order of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// A→Z, as KooGallery sends and the demo verifies.
    Ascending,
    /// Z→A, as some translations of the guide say (a PRB018 variant).
    Descending,
}

/// Compact JSON, keys sorted at every level; strings escaped as serde_json (and Jackson)
/// do: `"` `\` and control characters, nothing else (`/` and non-ASCII stay as they are).
pub fn body(fields: &[(&'static str, Field)], order: Order) -> String {
    let mut out = String::with_capacity(256);
    write_object(&mut out, fields, order);
    out
}

fn write_object(out: &mut String, fields: &[(&'static str, Field)], order: Order) {
    let mut sorted: Vec<&(&'static str, Field)> = fields.iter().collect();
    sorted.sort_by(|a, b| match order {
        Order::Ascending => a.0.cmp(b.0),
        Order::Descending => b.0.cmp(a.0),
    });
    out.push('{');
    for (i, (k, v)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        match v {
            Field::Str(s) => write_str(out, s),
            Field::Int(n) => out.push_str(&n.to_string()),
            Field::Obj(inner) => write_object(out, inner, order),
        }
    }
    out.push('}');
}

fn write_str(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        // Serialising a `str` cannot fail; keep the output valid JSON regardless.
        Err(_) => out.push_str("\"\""),
    }
}

/// The current Unix time in milliseconds (the real clock: signatures are checked against
/// it, so `SOURCE_DATE_EPOCH` does not apply).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `yyyyMMddHHmmss`, UTC, of a Unix time in seconds.
pub fn expire_time(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let date = crate::clock::Date::from_unix(days * 86_400);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        date.year,
        date.month,
        date.day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A year from `unix_seconds`: the same day and time one year later (29 February → 28).
pub fn one_year_later(unix_seconds: i64) -> i64 {
    let date = crate::clock::Date::from_unix(unix_seconds);
    let year = i64::from(date.year) + 1;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = if date.month == 2 && date.day == 29 && !leap {
        28
    } else {
        date.day
    };
    days_from_civil(year, date.month, day) * 86_400 + unix_seconds.rem_euclid(86_400)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"kooship-test-key-0001";

    /// The V2 protocol research's self-made vector A (updateInstanceStatus).
    #[test]
    fn vector_a() {
        let b = body(
            &[
                ("activity", Field::str("updateInstanceStatus")),
                (
                    "instanceId",
                    Field::str("10e758d0-31ad-4c4b-8f1b-81d03469a10e"),
                ),
                ("status", Field::str("FREEZE")),
                ("testFlag", Field::str("1")),
            ],
            Order::Ascending,
        );
        assert_eq!(
            b,
            r#"{"activity":"updateInstanceStatus","instanceId":"10e758d0-31ad-4c4b-8f1b-81d03469a10e","status":"FREEZE","testFlag":"1"}"#
        );
        assert_eq!(
            inner(KEY, b.as_bytes()),
            "e04fbdc899867318d85d393436e1bc22b33dbcb42bf3c24744d0c0af2f50ccc8"
        );
        assert_eq!(
            signature(
                KEY,
                "9F26B85CAEB3A8439221BA293E9250BC5EA689225B523C291EA75CC76B469510",
                "1680509558159",
                b.as_bytes()
            ),
            "f8dea7fd17611f97bf71ae78336bd7c1641cab97c4be6f2bd7c7fdd6c9cac4ca".to_ascii_uppercase()
        );
    }

    /// Vector B (newInstance with a mock order); the fields given out of order.
    #[test]
    fn vector_b() {
        let b = body(
            &[
                ("testFlag", Field::str("1")),
                ("orderLineId", Field::str("MOCKPERIODYEARNEW-000001")),
                ("orderId", Field::str("MOCKPERIODYEARNEW")),
                (
                    "businessId",
                    Field::str("87b94795-0603-4e24-8ae5-69420d60e3c8"),
                ),
                ("activity", Field::str("newInstance")),
            ],
            Order::Ascending,
        );
        assert_eq!(
            b,
            r#"{"activity":"newInstance","businessId":"87b94795-0603-4e24-8ae5-69420d60e3c8","orderId":"MOCKPERIODYEARNEW","orderLineId":"MOCKPERIODYEARNEW-000001","testFlag":"1"}"#
        );
        assert_eq!(
            inner(KEY, b.as_bytes()),
            "b7a0d27921ddcfe1f90051c8160062d94b091c9b34e0170eab9cf8b640c780cc"
        );
        assert_eq!(
            signature(
                KEY,
                "A49E8F86EE5BCAFBDFD3E53F1E09A29C6D9E8DACC67382EBCDD02CD55CBBB7AE",
                "1680508066618",
                b.as_bytes()
            ),
            "21F7EA73D962D78809EA3826E38765E8789CC652439732A2B9AEFABAF70DC99D"
        );
    }

    /// Vector C (changeInstanceCheck: nested, recursively sorted, an integer).
    #[test]
    fn vector_c() {
        let b = body(
            &[
                ("activity", Field::str("changeInstanceCheck")),
                (
                    "instanceId",
                    Field::str("87b94795-0603-4e24-8ae5-69420d60e3c8"),
                ),
                (
                    "productInfo",
                    Field::Obj(vec![
                        (
                            "skuCode",
                            Field::str("a63ee5c9-4f86-11ed-9f95-fa163e8cb3b2"),
                        ),
                        ("productName", Field::str("Demo")),
                        ("productId", Field::str("OFFI461867333479178240")),
                        ("linearValue", Field::Int(20)),
                    ]),
                ),
                ("testFlag", Field::str("1")),
            ],
            Order::Ascending,
        );
        assert_eq!(
            b,
            r#"{"activity":"changeInstanceCheck","instanceId":"87b94795-0603-4e24-8ae5-69420d60e3c8","productInfo":{"linearValue":20,"productId":"OFFI461867333479178240","productName":"Demo","skuCode":"a63ee5c9-4f86-11ed-9f95-fa163e8cb3b2"},"testFlag":"1"}"#
        );
        assert_eq!(
            inner(KEY, b.as_bytes()),
            "97b9732d237ffad6fa2fd766a4835d6a414afa49926266c7d9975cbc30a15543"
        );
        assert_eq!(
            signature(
                KEY,
                "D8FE86FA6ABE90CA63A72B3256743D3D869648FE99A96354E635F032629F6C21",
                "1680510876429",
                b.as_bytes()
            ),
            "0E1783D4FD576B4F027E599E0CEA1851FCAB02CF73AEF1C7AB1C8134F322B474"
        );
    }

    #[test]
    fn descending_and_escapes() {
        let fields = [
            ("a", Field::str("x/y \"q\" é\n")),
            (
                "b",
                Field::Obj(vec![("d", Field::Int(-3)), ("c", Field::str(""))]),
            ),
        ];
        assert_eq!(
            body(&fields, Order::Descending),
            r#"{"b":{"d":-3,"c":""},"a":"x/y \"q\" é\n"}"#
        );
    }

    #[test]
    fn key_is_never_shown() {
        let k = Key::new(KEY.to_vec());
        assert_eq!(format!("{k:?}"), "Key([redacted])");
    }

    #[test]
    fn times() {
        // 2026-12-01T10:20:30Z
        assert_eq!(expire_time(1_796_120_430), "20261201102030");
        assert_eq!(expire_time(one_year_later(1_796_120_430)), "20271201102030");
        // 2027-06-01 → 2028-06-01 crosses 29 February 2028.
        let june = 1_811_808_000; // 2027-06-01T00:00:00Z
        assert_eq!(expire_time(june), "20270601000000");
        assert_eq!(expire_time(one_year_later(june)), "20280601000000");
        // 2028-02-29 → 2029-02-28.
        let leap_day = 1_835_395_200; // 2028-02-29T00:00:00Z
        assert_eq!(expire_time(leap_day), "20280229000000");
        assert_eq!(expire_time(one_year_later(leap_day)), "20290228000000");
    }
}
