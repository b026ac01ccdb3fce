//! The strict model: plain values. The single source of the JSON Schema, and what
//! `checklist`, `package` and `record` render from a manifest that linted without an error.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{
    AccessGuide, AccumulationCycle, Billing, Cycle, EncryptionAlgorithm, FactorMode, Hosting,
    Interface, PackageKind, Period, ProvisioningItem, QuantityMode, SeverityOverride, TlsVersion,
};
use crate::decimal::Amount;

/// A required value.
pub type One<T> = T;
/// An optional value.
pub type Opt<T> = Option<T>;
/// A list.
pub type Many<T> = Vec<T>;
/// A map from names.
pub type Map<T> = BTreeMap<String, T>;

/// A key a tagged enum's variant needs.
fn required<T, E: serde::de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(key))
}

/// Keys of another variant of a tagged enum, and whether each is present.
fn foreign<E: serde::de::Error>(keys: &[(&'static str, bool)]) -> Result<(), E> {
    match keys.iter().find(|(_, present)| *present) {
        Some((key, _)) => Err(E::unknown_field(key, &[])),
        None => Ok(()),
    }
}

include!("types.rs");

impl Specification {
    pub fn is_test(&self) -> bool {
        self.test == Some(true)
    }

    pub fn is_listed(&self) -> bool {
        self.listed != Some(false)
    }

    pub fn scales_out(&self) -> bool {
        self.scale_out == Some(true)
    }

    pub fn upgrade_rules(&self) -> &[Upgrade] {
        self.upgrades.as_deref().unwrap_or(&[])
    }
}

impl Price {
    /// Every amount with the pointer suffix under the price (`""`, `/month`, `/year`).
    pub fn amounts(&self) -> Vec<(&'static str, Option<Period>, &Amount)> {
        match self {
            Price::Amount(a) => vec![("", None, a)],
            Price::PerPeriod(p) => {
                let mut v = Vec::new();
                if let Some(a) = &p.month {
                    v.push(("/month", Some(Period::Month), a));
                }
                if let Some(a) = &p.year {
                    v.push(("/year", Some(Period::Year), a));
                }
                v
            }
        }
    }
}

/// The manifest of a lint run without an error, read by the strict model (`None` when it
/// does not read, which a manifest without an error never does).
pub fn read(value: &serde_json::Value) -> Option<Manifest> {
    Manifest::deserialize(super::de::Strict(value)).ok()
}

/// A value the schema accepted but the typed model could not read (e.g. `3.0` where an
/// integer is wanted, a number too large to represent exactly).
#[derive(Debug, Clone, PartialEq)]
pub struct TypedError {
    pub pointer: String,
    pub message: String,
}

/// The typed errors of every top-level section that is present and not marked invalid by
/// `invalid` (called with each top-level key), with the pointer of the value at fault.
pub fn typed_errors(value: &serde_json::Value, invalid: impl Fn(&str) -> bool) -> Vec<TypedError> {
    fn section<T: serde::de::DeserializeOwned>(
        map: &serde_json::Map<String, serde_json::Value>,
        key: &str,
        invalid: &impl Fn(&str) -> bool,
        errors: &mut Vec<TypedError>,
    ) {
        let Some(v) = map.get(key) else {
            return;
        };
        if invalid(key) {
            return;
        }
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(v) {
            let mut pointer = format!("/{key}");
            for seg in e.path().iter() {
                use serde_path_to_error::Segment;
                match seg {
                    Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                    Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&crate::load::index::escape_token(key));
                    }
                    Segment::Enum { .. } | Segment::Unknown => {}
                }
            }
            errors.push(TypedError {
                pointer,
                message: e.into_inner().to_string(),
            });
        }
    }
    let mut errors = Vec::new();
    let Some(map) = value.as_object() else {
        return errors;
    };
    section::<i64>(map, "format", &invalid, &mut errors);
    section::<Product>(map, "product", &invalid, &mut errors);
    section::<Delivery>(map, "delivery", &invalid, &mut errors);
    section::<ProductionApi>(map, "production_api", &invalid, &mut errors);
    section::<Vec<ExtensionParameter>>(map, "extension_parameters", &invalid, &mut errors);
    section::<Vec<ProvisioningItem>>(map, "provisioning_info", &invalid, &mut errors);
    section::<EncryptionAlgorithm>(map, "sensitive_info_encryption", &invalid, &mut errors);
    section::<SecurityScan>(map, "security_scan", &invalid, &mut errors);
    section::<Vec<Specification>>(map, "specifications", &invalid, &mut errors);
    section::<LintSettings>(map, "lint", &invalid, &mut errors);
    errors
}
