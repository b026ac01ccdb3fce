//! The manifest's typed model, format 1 (`docs/manifest.md`).
//!
//! The structs are written once (`types.rs`) and read in two ways:
//!
//! - [`strict`]: plain values. The single source of the JSON Schema (`kooship schema`,
//!   `schemas/kooship.schema.json`), and what `checklist`, `package` and `record` render from
//!   a manifest that linted without an error.
//! - [`tolerant`]: what the rules read. Every value is a [`Known`]: valid, or unknown because
//!   it has the wrong type, is outside its enumeration, is missing, or is a placeholder
//!   (MAN003, MAN004, MAN012). An unknown key is left out (MAN002). So a mistake makes only
//!   its own value unknown, and silences exactly the rules that need that value ("one round,
//!   not two").
//!
//! The enumerations below are shared by both. Per the rule catalog's conventions the schema
//! holds only types, enumerations and required keys: every range, length, pattern, count,
//! uniqueness or "exactly one of" constraint has a rule of its own.

use std::borrow::Cow;
use std::collections::HashSet;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

pub mod de;
pub mod strict;
pub mod tolerant;

pub use strict::{
    Attribute, Delivery, Exception, ExtensionParameter, Factor, LintSettings, Manifest, Package,
    PeriodPrices, Price, Pricing, Product, ProductionApi, QuantityPricing, QuantityTier,
    SecurityScan, ServiceSupervision, Sku, Specification, Upgrade, UsageTier,
};

/// A value of the manifest as the rules see it: valid, or unknown (its own finding — MAN003,
/// MAN004 or MAN012 — says why).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Known<T> {
    Valid(T),
    Unknown,
}

impl<T> Known<T> {
    /// The value, when it is known.
    pub fn get(&self) -> Option<&T> {
        match self {
            Known::Valid(t) => Some(t),
            Known::Unknown => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Known::Unknown)
    }
}

impl<T: Copy> Known<T> {
    /// The value, copied, when it is known.
    pub fn copied(&self) -> Option<T> {
        self.get().copied()
    }
}

impl Known<String> {
    /// The text, when it is known.
    pub fn str(&self) -> Option<&str> {
        self.get().map(String::as_str)
    }
}

impl<T> Known<Vec<Known<T>>> {
    /// The known items with their index; none when the list itself is unknown. For a rule
    /// about each item on its own.
    pub fn each(&self) -> impl Iterator<Item = (usize, &T)> {
        self.get()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, item)| item.get().map(|t| (i, t)))
    }

    /// Every item, when the list and all its items are known. For a rule about the whole
    /// list (a count, a missing member).
    pub fn whole(&self) -> Option<Vec<&T>> {
        self.get()?.iter().map(Known::get).collect()
    }

    /// The known items with their index, clearing `whole` when the list or an item is
    /// unknown. For a rule about every item that also needs to know if it saw them all.
    pub fn each_noting(&self, whole: &std::cell::Cell<bool>) -> Vec<(usize, &T)> {
        let Some(items) = self.get() else {
            whole.set(false);
            return Vec::new();
        };
        if items.iter().any(Known::is_unknown) {
            whole.set(false);
        }
        self.each().collect()
    }
}

/// The deserialization swallows the error: an unknown value is a state, not a failure, and
/// the schema stage reports why. It is counted, so that a manifest read without one needs
/// no schema validation.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Known<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match T::deserialize(d) {
            Ok(t) => Ok(Known::Valid(t)),
            Err(_) => {
                de::note_unknown();
                Ok(Known::Unknown)
            }
        }
    }
}

/// The schema of `T`: `Known` is how the rules read a value, not part of the format.
impl<T: JsonSchema> JsonSchema for Known<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An optional value as the rules see it: absent, present but unknown, or valid.
pub trait Optional<T> {
    /// The value, when it is present and known.
    fn valid(&self) -> Option<&T>;
    /// The key is not in the file.
    fn is_absent(&self) -> bool;
    /// The key is there but its value is unknown.
    fn is_unknown(&self) -> bool;
    /// `None` when unknown; `Some(None)` when absent.
    fn known(&self) -> Option<Option<&T>>;
}

impl<T> Optional<T> for Option<Known<T>> {
    fn valid(&self) -> Option<&T> {
        self.as_ref().and_then(Known::get)
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    fn is_unknown(&self) -> bool {
        matches!(self, Some(Known::Unknown))
    }
    fn known(&self) -> Option<Option<&T>> {
        match self {
            None => Some(None),
            Some(Known::Unknown) => None,
            Some(Known::Valid(t)) => Some(Some(t)),
        }
    }
}

/// An optional list as the rules see it.
pub trait OptionalList<T> {
    /// The known items with their index; none when absent or unknown.
    fn each(&self) -> Box<dyn Iterator<Item = (usize, &T)> + '_>;
    /// Every item when the list is absent (none) or wholly known; `None` otherwise.
    fn whole(&self) -> Option<Vec<&T>>;
    /// The known items with their index (none when absent), clearing `whole` when the list
    /// or an item is unknown.
    fn each_noting(&self, whole: &std::cell::Cell<bool>) -> Vec<(usize, &T)>;
}

impl<T> OptionalList<T> for Option<Known<Vec<Known<T>>>> {
    fn each(&self) -> Box<dyn Iterator<Item = (usize, &T)> + '_> {
        match self {
            Some(list) => Box::new(list.each()),
            None => Box::new(std::iter::empty()),
        }
    }
    fn whole(&self) -> Option<Vec<&T>> {
        match self {
            None => Some(Vec::new()),
            Some(list) => list.whole(),
        }
    }
    fn each_noting(&self, whole: &std::cell::Cell<bool>) -> Vec<(usize, &T)> {
        match self {
            None => Vec::new(),
            Some(list) => list.each_noting(whole),
        }
    }
}

/// `template` of a pricing, read before the rest of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingTemplate {
    Simple,
    Custom,
    PayPerUse,
}

/// `type` of a custom pricing attribute, read before the rest of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    Enumeration,
    Quantity,
}

/// The manifest read by the tolerant model, and whether it was read whole: no value unknown,
/// no key left out. A manifest read whole is one the schema accepts (no key of the format is
/// nullable, and the model is as strict as the schema otherwise; `tests/fast_path.rs` holds
/// the two together), so the schema validator need not be built for it.
pub struct Read {
    pub manifest: tolerant::Manifest,
    pub whole: bool,
}

/// Reads a manifest with the tolerant model; the string values at `placeholders` (addresses
/// inside `value`, see [`de::address`]) are unknown.
pub fn read(value: &serde_json::Value, placeholders: HashSet<usize>) -> Read {
    let (manifest, unknowns) = de::tolerant(placeholders, || {
        tolerant::Manifest::deserialize(de::Strict(value)).ok()
    });
    match manifest {
        Some(manifest) => Read {
            manifest,
            whole: unknowns == 0,
        },
        None => Read {
            manifest: tolerant::Manifest::unknown(),
            whole: false,
        },
    }
}

/// The manifest read whole by the tolerant model, or `None` (see [`Read`]).
pub fn read_whole(value: &serde_json::Value) -> Option<tolerant::Manifest> {
    let read = read(value, HashSet::new());
    read.whole.then_some(read.manifest)
}

/// Major version of the SaaS Product Access Guide: `2` (V2.0) or `1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum AccessGuide {
    V1,
    V2,
}

impl TryFrom<i64> for AccessGuide {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        match v {
            1 => Ok(AccessGuide::V1),
            2 => Ok(AccessGuide::V2),
            other => Err(format!("access_guide {other} does not exist; use 2 or 1")),
        }
    }
}

impl From<AccessGuide> for i64 {
    fn from(v: AccessGuide) -> i64 {
        match v {
            AccessGuide::V1 => 1,
            AccessGuide::V2 => 2,
        }
    }
}

impl JsonSchema for AccessGuide {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AccessGuide".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Major version of the SaaS Product Access Guide the endpoint implements (2 = V2.0). New products must use 2.",
            "type": "integer",
            "enum": [2, 1]
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    HuaweiCloudEcs,
    Other,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TlsVersion {
    Ssl2,
    Ssl3,
    #[serde(rename = "tls1_0")]
    Tls1_0,
    #[serde(rename = "tls1_1")]
    Tls1_1,
    #[serde(rename = "tls1_2")]
    Tls1_2,
    #[serde(rename = "tls1_3")]
    Tls1_3,
}

impl TlsVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::Ssl2 => "ssl2",
            TlsVersion::Ssl3 => "ssl3",
            TlsVersion::Tls1_0 => "tls1_0",
            TlsVersion::Tls1_1 => "tls1_1",
            TlsVersion::Tls1_2 => "tls1_2",
            TlsVersion::Tls1_3 => "tls1_3",
        }
    }

    /// How the Seller Console and most people write it.
    pub fn label(self) -> &'static str {
        match self {
            TlsVersion::Ssl2 => "SSL 2.0",
            TlsVersion::Ssl3 => "SSL 3.0",
            TlsVersion::Tls1_0 => "TLS 1.0",
            TlsVersion::Tls1_1 => "TLS 1.1",
            TlsVersion::Tls1_2 => "TLS 1.2",
            TlsVersion::Tls1_3 => "TLS 1.3",
        }
    }
}

/// A SaaS Access Guide interface (debugging case), named as KooGallery names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum Interface {
    #[serde(rename = "newInstance")]
    NewInstance,
    #[serde(rename = "queryInstance")]
    QueryInstance,
    #[serde(rename = "refreshInstance")]
    RefreshInstance,
    #[serde(rename = "updateInstanceStatus")]
    UpdateInstanceStatus,
    #[serde(rename = "releaseInstance")]
    ReleaseInstance,
    #[serde(rename = "upgradeInstance")]
    UpgradeInstance,
    #[serde(rename = "changeInstanceCheck")]
    ChangeInstanceCheck,
    #[serde(rename = "usagePush")]
    UsagePush,
}

impl Interface {
    pub const ALL: [Interface; 8] = [
        Interface::NewInstance,
        Interface::QueryInstance,
        Interface::RefreshInstance,
        Interface::UpdateInstanceStatus,
        Interface::ReleaseInstance,
        Interface::UpgradeInstance,
        Interface::ChangeInstanceCheck,
        Interface::UsagePush,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Interface::NewInstance => "newInstance",
            Interface::QueryInstance => "queryInstance",
            Interface::RefreshInstance => "refreshInstance",
            Interface::UpdateInstanceStatus => "updateInstanceStatus",
            Interface::ReleaseInstance => "releaseInstance",
            Interface::UpgradeInstance => "upgradeInstance",
            Interface::ChangeInstanceCheck => "changeInstanceCheck",
            Interface::UsagePush => "usagePush",
        }
    }
}

/// Buyer data passed to the seller in the subscription request.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProvisioningItem {
    /// `mobilePhone` (privacy field).
    MobilePhone,
    /// `email` (privacy field).
    Email,
    /// `userId`, `userName`.
    IamUser,
}

impl ProvisioningItem {
    pub fn as_str(self) -> &'static str {
        match self {
            ProvisioningItem::MobilePhone => "mobile_phone",
            ProvisioningItem::Email => "email",
            ProvisioningItem::IamUser => "iam_user",
        }
    }

    /// The fields this item adds to the subscription request.
    pub fn request_fields(self) -> &'static [&'static str] {
        match self {
            ProvisioningItem::MobilePhone => &["mobilePhone"],
            ProvisioningItem::Email => &["email"],
            ProvisioningItem::IamUser => &["userId", "userName"],
        }
    }

    /// Whether the item carries a privacy field that must be encrypted.
    pub fn is_privacy_field(self) -> bool {
        matches!(
            self,
            ProvisioningItem::MobilePhone | ProvisioningItem::Email
        )
    }
}

/// Encryption algorithm for privacy fields, named as KooGallery names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum EncryptionAlgorithm {
    /// Recommended.
    #[serde(rename = "AES256_CBC_PKCS5Padding")]
    Aes256CbcPkcs5Padding,
    #[serde(rename = "AES128_CBC_PKCS5Padding")]
    Aes128CbcPkcs5Padding,
}

impl EncryptionAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            EncryptionAlgorithm::Aes256CbcPkcs5Padding => "AES256_CBC_PKCS5Padding",
            EncryptionAlgorithm::Aes128CbcPkcs5Padding => "AES128_CBC_PKCS5Padding",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    YearlyMonthly,
    OneTime,
    PayPerUse,
}

impl Billing {
    pub const ALL: [Billing; 3] = [Billing::YearlyMonthly, Billing::OneTime, Billing::PayPerUse];

    pub fn as_str(self) -> &'static str {
        match self {
            Billing::YearlyMonthly => "yearly_monthly",
            Billing::OneTime => "one_time",
            Billing::PayPerUse => "pay_per_use",
        }
    }

    /// The name the Seller Console shows.
    pub fn label(self) -> &'static str {
        match self {
            Billing::YearlyMonthly => "Yearly/Monthly",
            Billing::OneTime => "One-time",
            Billing::PayPerUse => "Pay-per-use",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Year,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityMode {
    Linear,
    Tiered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cycle {
    Hourly,
    Daily,
}

impl Cycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Cycle::Hourly => "hourly",
            Cycle::Daily => "daily",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactorMode {
    Fixed,
    Tiered,
    Volume,
}

impl FactorMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FactorMode::Fixed => "fixed",
            FactorMode::Tiered => "tiered",
            FactorMode::Volume => "volume",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccumulationCycle {
    Day,
    Month,
    Year,
}

impl AccumulationCycle {
    pub fn as_str(self) -> &'static str {
        match self {
            AccumulationCycle::Day => "day",
            AccumulationCycle::Month => "month",
            AccumulationCycle::Year => "year",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    /// Quota first, then pay per use.
    Package,
    /// Service stops when the quota is used up.
    StopBeforeExcess,
}

impl PackageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::Package => "package",
            PackageKind::StopBeforeExcess => "stop_before_excess",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeverityOverride {
    Error,
    Warning,
    Info,
    Off,
}
