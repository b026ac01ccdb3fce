//! Exact decimal numbers read from the manifest's text.
//!
//! Money and quantities never pass through binary floating point: the loader keeps every
//! YAML number as its literal text (serde_json's `arbitrary_precision`), and [`Amount`]
//! parses that text into a base-10 [`rust_decimal::Decimal`]. `1.10` keeps its text and has
//! one significant decimal; `0.1` is exactly a tenth.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A decimal number as written in the manifest.
#[derive(Debug, Clone)]
pub struct Amount {
    text: String,
    value: Decimal,
}

impl Amount {
    /// Parses a JSON/YAML number literal (plain or scientific notation).
    pub fn parse(text: &str) -> Option<Amount> {
        let value = if text.contains(['e', 'E']) {
            Decimal::from_scientific(text).ok()?
        } else {
            Decimal::from_str_exact(text).ok()?
        };
        Some(Amount {
            text: text.to_owned(),
            value,
        })
    }

    /// The literal as written (after YAML number normalisation, e.g. `.5` → `0.5`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// Number of decimals that count: trailing zeros do not (`1.10` has one).
    pub fn decimals(&self) -> u32 {
        self.value.normalize().scale()
    }

    pub fn is_zero(&self) -> bool {
        self.value.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.value.is_sign_negative() && !self.value.is_zero()
    }

    /// The value as an integer, when it is one.
    pub fn as_integer(&self) -> Option<i64> {
        let n = self.value.normalize();
        if n.scale() == 0 {
            i64::try_from(n.mantissa()).ok()
        } else {
            None
        }
    }

    /// A canonical rendering of the value: no trailing zeros, no exponent (`19.90` → `19.9`).
    pub fn canonical(&self) -> String {
        self.value.normalize().to_string()
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Amount {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s).ok_or(())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        let text = number.to_string();
        Amount::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text} is outside the range of numbers kooship can represent exactly"
            ))
        })
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match serde_json::Number::from_str(&self.text) {
            Ok(n) => n.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.text),
        }
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "number",
            "description": "A decimal number, read exactly as written."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_ignore_trailing_zeros() {
        let a = Amount::parse("1.10").unwrap();
        assert_eq!(a.decimals(), 1);
        assert_eq!(a.text(), "1.10");
        assert_eq!(Amount::parse("19.999").unwrap().decimals(), 3);
        assert_eq!(Amount::parse("20").unwrap().decimals(), 0);
        assert_eq!(Amount::parse("1e2").unwrap().as_integer(), Some(100));
    }

    #[test]
    fn equality_is_by_value() {
        assert_eq!(
            Amount::parse("19.90").unwrap(),
            Amount::parse("19.9").unwrap()
        );
        assert_eq!(
            Amount::parse("0.1").unwrap().value() * Decimal::from(3),
            Decimal::from_str("0.3").unwrap()
        );
    }

    #[test]
    fn out_of_range_is_refused() {
        assert!(Amount::parse("1e40").is_none());
    }
}
