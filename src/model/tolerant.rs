//! The tolerant model: what the rules read. Every value is a [`Known`]; an item of a list is
//! known or not on its own, and a key the format does not define is left out (see
//! [`super::de`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{
    AccessGuide, AccumulationCycle, Billing, Cycle, EncryptionAlgorithm, FactorMode, Hosting,
    Interface, Known, PackageKind, Period, ProvisioningItem, QuantityMode, SeverityOverride,
    TlsVersion,
};
use crate::decimal::Amount;

/// A required value: unknown when missing, of the wrong type, or a placeholder.
pub type One<T> = Known<T>;
/// An optional value: `None` when absent.
pub type Opt<T> = Option<Known<T>>;
/// A list, each item known or not on its own.
pub type Many<T> = Vec<Known<T>>;
/// A map from names, each value known or not on its own.
pub type Map<T> = BTreeMap<String, Known<T>>;

/// A key a tagged enum's variant needs: unknown when missing.
fn required<T, E: serde::de::Error>(
    value: Option<Known<T>>,
    _key: &'static str,
) -> Result<Known<T>, E> {
    Ok(value.unwrap_or_else(|| {
        super::de::note_unknown();
        Known::Unknown
    }))
}

/// Keys of another variant of a tagged enum: left out.
fn foreign<E: serde::de::Error>(keys: &[(&'static str, bool)]) -> Result<(), E> {
    for _ in keys.iter().filter(|(_, present)| *present) {
        super::de::note_unknown();
    }
    Ok(())
}

include!("types.rs");

impl Manifest {
    /// A manifest of which nothing is known (its document is not a map).
    pub fn unknown() -> Manifest {
        Manifest {
            format: Known::Unknown,
            product: Known::Unknown,
            delivery: Known::Unknown,
            production_api: Known::Unknown,
            extension_parameters: Some(Known::Unknown),
            provisioning_info: Some(Known::Unknown),
            sensitive_info_encryption: Some(Known::Unknown),
            security_scan: Known::Unknown,
            specifications: Known::Unknown,
            lint: Some(Known::Unknown),
        }
    }
}

impl Specification {
    /// Marked `test: true` (`None` when `test` is unknown).
    pub fn is_test(&self) -> Option<bool> {
        match &self.test {
            None => Some(false),
            Some(t) => t.copied(),
        }
    }

    /// Listed, unless `listed: false` (`None` when `listed` is unknown).
    pub fn is_listed(&self) -> Option<bool> {
        match &self.listed {
            None => Some(true),
            Some(l) => l.copied(),
        }
    }

    /// `scale_out: true` (`None` when `scale_out` is unknown).
    pub fn scales_out(&self) -> Option<bool> {
        match &self.scale_out {
            None => Some(false),
            Some(s) => s.copied(),
        }
    }

    /// The code, for messages: `` `team` ``, or the spec's place when the code is unknown.
    pub fn label(&self, index: usize) -> String {
        match self.code.str() {
            Some(code) => format!("`{code}`"),
            None => format!("number {}", index + 1),
        }
    }
}

impl Price {
    /// Every known amount with the pointer suffix under the price (`""`, `/month`, `/year`).
    pub fn amounts(&self) -> Vec<(&'static str, Option<Period>, &Amount)> {
        match self {
            Price::Amount(a) => vec![("", None, a)],
            Price::PerPeriod(p) => {
                let mut v = Vec::new();
                if let Some(Known::Valid(a)) = &p.month {
                    v.push(("/month", Some(Period::Month), a));
                }
                if let Some(Known::Valid(a)) = &p.year {
                    v.push(("/year", Some(Period::Year), a));
                }
                v
            }
        }
    }

    /// Whether every amount of the price is known.
    pub fn is_whole(&self) -> bool {
        match self {
            Price::Amount(_) => true,
            Price::PerPeriod(p) => {
                !matches!(p.month, Some(Known::Unknown)) && !matches!(p.year, Some(Known::Unknown))
            }
        }
    }
}
