//! RFC 8785 JSON Canonicalization Scheme: the bytes `manifest_sha256` is computed over.
//! Object keys sorted by UTF-16 code units, no white space, numbers as ECMAScript writes
//! them (`19.90` → `19.9`, `1e2` → `100`), strings with the minimal escapes.

use serde_json::Value;

/// The canonical form of a JSON value.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push(':');
                if let Some(v) = map.get(key) {
                    write(v, out);
                }
            }
            out.push('}');
        }
    }
}

/// ECMAScript's `Number.prototype.toString` of the number's IEEE 754 double.
fn number(n: &serde_json::Number) -> String {
    let f = n.as_f64().unwrap_or(f64::NAN);
    if !f.is_finite() {
        // Not representable in JCS; JSON text never yields it, but stay total.
        return "null".to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    ryu_js::Buffer::new().format_finite(f).to_owned()
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8785_examples() {
        let v: Value = serde_json::from_str(
            r#"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}"#,
        )
        .unwrap();
        assert_eq!(
            canonical(&v),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn keys_sort_by_utf16() {
        let v: Value =
            serde_json::from_str(r#"{"\u20ac":1,"\ud83d\ude00":2,"a":3,"1":4}"#).unwrap();
        assert_eq!(canonical(&v), "{\"1\":4,\"a\":3,\"€\":1,\"😀\":2}");
    }

    #[test]
    fn equal_values_equal_bytes() {
        let a: Value = serde_json::from_str(r#"{"price":19.90,"n":1e2}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"n":100,"price":19.9}"#).unwrap();
        assert_eq!(canonical(&a), canonical(&b));
    }
}
