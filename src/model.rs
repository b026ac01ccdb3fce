//! The manifest's typed model, format 1 (documented key by key in `docs/manifest.md`).
//!
//! These types are the single source of the JSON Schema (`kooship schema`,
//! `schemas/kooship.schema.json`). Per the rule catalog's conventions the schema holds only
//! types, enumerations and required keys: every range, length, pattern, count, uniqueness or
//! "exactly one of" constraint has a rule of its own and is checked by that rule.
//! Integers are `i64` (no implied `minimum`), optional keys are not nullable.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::decimal::Amount;

/// A kooship manifest: one SaaS product as it is to be released on KooGallery.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kooship manifest, format 1")]
pub struct Manifest {
    /// Format of this file. Only `1` exists.
    pub format: i64,
    pub product: Product,
    pub delivery: Delivery,
    pub production_api: ProductionApi,
    /// Extra subscription parameters, at most three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_parameters: Option<Vec<ExtensionParameter>>,
    /// Buyer data passed to the seller on subscription, each item at most once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_info: Option<Vec<ProvisioningItem>>,
    /// Algorithm for privacy fields. Required when a privacy field is provisioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_info_encryption: Option<EncryptionAlgorithm>,
    pub security_scan: SecurityScan,
    /// Product specifications with billing, trial and pricing.
    pub specifications: Vec<Specification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint: Option<LintSettings>,
}

/// What is listed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Listing name, 1–80 characters. No price, version, phone number, or wording that passes
    /// the product off as Huawei Cloud's own.
    pub name: String,
    /// Release version (semver, major ≥ 1, no pre-release or build suffix), e.g. `1.4.0`.
    /// Listed on KooGallery as `V1.4.0`.
    pub version: String,
    /// "Public Product". Must be `false` on the first release.
    pub public: bool,
    /// Active ISO 4217 code in capitals; default `USD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// PNG logo, exactly 120×120 px, at most 5 MiB; path relative to the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

/// Delivery method and service supervision.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// Delivery method. Only `saas` is in scope.
    pub method: String,
    /// Major version of the SaaS Product Access Guide the endpoint implements (2 = V2.0).
    pub access_guide: AccessGuide,
    pub service_supervision: ServiceSupervision,
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

/// Service supervision. Cannot change after the first release.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSupervision {
    /// `true` when provisioning happens after a request or takes time.
    pub enabled: bool,
    /// Name of the service flow chosen in the Seller Console. Required when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_flow: Option<String>,
    /// The filled-in delivery template to upload (`.xlsx`, `.xls`, `.docx`, `.doc` or `.pdf`).
    /// Required when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_template: Option<String>,
}

/// The seller's production endpoint that KooGallery calls.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductionApi {
    /// The debugged production system API URL: `https://` and a domain name.
    pub url: String,
    /// Where the server behind the URL runs.
    pub hosting: Hosting,
    /// Protocol versions the endpoint accepts.
    pub tls_versions: Vec<TlsVersion>,
    /// Debugging cases already run and saved in the Seller Console.
    pub debugged_cases: Vec<Interface>,
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

/// An extra subscription parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionParameter {
    /// Parameter name as carried in the subscription request, e.g. `emailDomainName`.
    pub name: String,
    /// `default` for a self-service type; any other value needs KooGallery's approval.
    #[serde(rename = "type")]
    pub kind: String,
    /// Reference of KooGallery's approval (mail subject, date). Required for a non-default type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// Whether a saved debugging case carried this parameter.
    pub debugged: bool,
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

/// Vulnerability scan result, or the reason there is none. Exactly one of the two.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityScan {
    /// Identifier of the passed vulnerability scan result, or of the SaaS asset that references it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// Why no scan applies (the product has no website or portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
}

/// A product specification with billing, trial and pricing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Specification {
    /// Stable identifier, unique in the file; `[a-z0-9][a-z0-9-]*`, at most 32 characters.
    pub code: String,
    /// Name shown to buyers, unique in the file.
    pub name: String,
    pub billing: Billing,
    /// Subscription periods offered. Required for `yearly_monthly`, forbidden otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<Period>>,
    /// Free trial length in days (1–30), only for `yearly_monthly`. Irreversible once released.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_days: Option<i64>,
    /// The zero-price test specification for the first release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<bool>,
    /// `false` takes a released spec off the catalog (released specs cannot be deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<bool>,
    /// Upgrade rules between this spec's SKUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrades: Option<Vec<Upgrade>>,
    /// Buyers may raise the quantity attribute during the validity period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_out: Option<bool>,
    pub pricing: Pricing,
}

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

/// An upgrade rule between two values of an enumeration attribute of the spec.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Upgrade {
    /// An enumeration attribute of this spec's custom pricing.
    pub attribute: String,
    pub from: String,
    pub to: String,
}

/// Pricing: one of three templates, chosen by `template`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "template", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pricing {
    /// One fixed price.
    Simple {
        /// For `yearly_monthly`: a price for every offered period. For `one_time`: one amount.
        price: Price,
    },
    /// A price per SKU, where SKUs are combinations of attribute values.
    Custom {
        attributes: Vec<Attribute>,
        skus: Vec<Sku>,
    },
    /// Pay-per-use billing factors and prepaid packages.
    PayPerUse {
        factors: Vec<Factor>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        packages: Option<Vec<Package>>,
    },
}

impl Pricing {
    pub fn template_name(&self) -> &'static str {
        match self {
            Pricing::Simple { .. } => "simple",
            Pricing::Custom { .. } => "custom",
            Pricing::PayPerUse { .. } => "pay_per_use",
        }
    }
}

/// A price: one amount, or a map of period → amount.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Price {
    Amount(Amount),
    PerPeriod(PeriodPrices),
}

/// By the value's shape, not serde's `untagged` (which would read a list as the map of
/// periods, and says only "did not match any variant" when the amount is wrong).
impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = serde_json::Value::deserialize(d)?;
        match &value {
            serde_json::Value::Object(_) => PeriodPrices::deserialize(strict::Strict(&value))
                .map(Price::PerPeriod)
                .map_err(D::Error::custom),
            serde_json::Value::Number(_) => Amount::deserialize(&value)
                .map(Price::Amount)
                .map_err(D::Error::custom),
            _ => Err(D::Error::custom(
                "expected an amount or a map of period to amount",
            )),
        }
    }
}

/// Prices per period.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Amount>,
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

/// A custom pricing attribute: an enumeration of values or a quantity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Attribute {
    Enumeration {
        /// Unique; not `appName`, `version`, `os` or `mode`.
        code: String,
        name: String,
        /// Unique values, at least one.
        values: Vec<String>,
    },
    Quantity {
        /// Unique; not `appName`, `version`, `os` or `mode`.
        code: String,
        name: String,
        min: i64,
        max: i64,
        step: i64,
        unit: String,
    },
}

impl Attribute {
    pub fn code(&self) -> &str {
        match self {
            Attribute::Enumeration { code, .. } | Attribute::Quantity { code, .. } => code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Attribute::Enumeration { name, .. } | Attribute::Quantity { name, .. } => name,
        }
    }
}

/// A SKU: one combination of enumeration values and its price.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sku {
    /// Unique within the spec.
    pub code: String,
    /// Every enumeration attribute code → one of its values.
    pub values: BTreeMap<String, String>,
    /// The base price per period.
    pub price: Price,
    /// Required when the spec has a quantity attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_pricing: Option<QuantityPricing>,
}

/// How the quantity attribute is priced.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityPricing {
    pub mode: QuantityMode,
    /// Per unit and period (`linear`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Price>,
    /// Unit price by inclusive range (`tiered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<QuantityTier>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityMode {
    Linear,
    Tiered,
}

/// A quantity tier: `from`..=`to` units at `unit_price`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityTier {
    pub from: i64,
    pub to: i64,
    pub unit_price: Price,
}

/// A pay-per-use billing factor.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub name: String,
    pub unit: String,
    pub cycle: Cycle,
    pub mode: FactorMode,
    /// Required for `tiered`, forbidden otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accumulation_cycle: Option<AccumulationCycle>,
    /// Unit price (`fixed`); up to 4 decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// Half-open usage ranges `[from, to)` (`tiered`, `volume`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<UsageTier>>,
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

/// A pay-per-use tier: usage in `[from, to)` at `unit_price`; only the last omits `to`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsageTier {
    pub from: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Amount>,
    pub unit_price: Amount,
}

/// A prepaid pay-per-use package.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub code: String,
    pub name: String,
    pub kind: PackageKind,
    /// Positive number of factor units.
    pub quota: Amount,
    /// The factor's name.
    pub factor: String,
    pub price: Amount,
    pub validity: Period,
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

/// Severity overrides and exceptions for this manifest.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintSettings {
    /// Rule code or name → `error`, `warning`, `info` or `off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<BTreeMap<String, SeverityOverride>>,
    /// Findings to accept, each with a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<Exception>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeverityOverride {
    Error,
    Warning,
    Info,
    Off,
}

/// An accepted finding.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// Rule code or name.
    pub rule: String,
    /// JSON pointer of the place; all places of the rule when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Why the finding is accepted (required, non-empty).
    pub reason: String,
    /// Date `YYYY-MM-DD` after which the exception no longer applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A top-level section of the manifest as the rules see it.
#[derive(Debug, Clone, Default)]
pub enum Section<T> {
    /// The key is not in the file.
    #[default]
    Absent,
    /// The key is there but its value does not fit the format (MAN002–MAN004 said why).
    Invalid,
    Valid(T),
}

impl<T> Section<T> {
    pub fn get(&self) -> Option<&T> {
        match self {
            Section::Valid(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Section::Absent)
    }

    pub fn is_invalid(&self) -> bool {
        matches!(self, Section::Invalid)
    }
}

impl<T> Section<Vec<T>> {
    /// The items: none when absent; `None` when invalid (a rule about all items must skip).
    pub fn items(&self) -> Option<&[T]> {
        match self {
            Section::Absent => Some(&[]),
            Section::Invalid => None,
            Section::Valid(v) => Some(v),
        }
    }
}

/// The manifest, section by section, so that a mistake in one section does not silence the
/// rules about the others.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    pub format: Section<i64>,
    pub product: Section<Product>,
    pub delivery: Section<Delivery>,
    pub production_api: Section<ProductionApi>,
    pub extension_parameters: Section<Vec<ExtensionParameter>>,
    pub provisioning_info: Section<Vec<ProvisioningItem>>,
    pub sensitive_info_encryption: Section<EncryptionAlgorithm>,
    pub security_scan: Section<SecurityScan>,
    pub specifications: Section<Vec<Specification>>,
    pub lint: Section<LintSettings>,
}

/// A value the schema accepted but the typed model could not read (e.g. `3.0` where an
/// integer is wanted, a number too large to represent exactly).
#[derive(Debug, Clone, PartialEq)]
pub struct TypedError {
    pub pointer: String,
    pub message: String,
}

/// The whole manifest read by the typed model, when it reads without error and holds no
/// `null` anywhere. Such a manifest is one the schema accepts (no key of the format is
/// nullable, and the model is as strict as the schema otherwise; a test holds the two
/// together), so the schema validator need not be built for it.
pub fn read_whole(value: &serde_json::Value) -> Option<Manifest> {
    fn has_null(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Null => true,
            serde_json::Value::Array(a) => a.iter().any(has_null),
            serde_json::Value::Object(m) => m.values().any(has_null),
            _ => false,
        }
    }
    if has_null(value) {
        return None;
    }
    Manifest::deserialize(strict::Strict(value)).ok()
}

impl Sections {
    /// Every section of a manifest the typed model read whole.
    pub fn from_manifest(m: Manifest) -> Sections {
        fn opt<T>(o: Option<T>) -> Section<T> {
            o.map_or(Section::Absent, Section::Valid)
        }
        Sections {
            format: Section::Valid(m.format),
            product: Section::Valid(m.product),
            delivery: Section::Valid(m.delivery),
            production_api: Section::Valid(m.production_api),
            extension_parameters: opt(m.extension_parameters),
            provisioning_info: opt(m.provisioning_info),
            sensitive_info_encryption: opt(m.sensitive_info_encryption),
            security_scan: Section::Valid(m.security_scan),
            specifications: Section::Valid(m.specifications),
            lint: opt(m.lint),
        }
    }

    /// Reads every section of `value` that is present and not marked invalid by `invalid`
    /// (called with each top-level key).
    pub fn build(
        value: &serde_json::Value,
        invalid: impl Fn(&str) -> bool,
    ) -> (Sections, Vec<TypedError>) {
        let mut errors = Vec::new();
        let mut s = Sections::default();
        let Some(map) = value.as_object() else {
            return (
                Sections {
                    format: Section::Invalid,
                    product: Section::Invalid,
                    delivery: Section::Invalid,
                    production_api: Section::Invalid,
                    extension_parameters: Section::Invalid,
                    provisioning_info: Section::Invalid,
                    sensitive_info_encryption: Section::Invalid,
                    security_scan: Section::Invalid,
                    specifications: Section::Invalid,
                    lint: Section::Invalid,
                },
                errors,
            );
        };
        macro_rules! read {
            ($($field:ident),*) => {$(
                s.$field = read_section(map, stringify!($field), &invalid, &mut errors);
            )*};
        }
        read!(
            format,
            product,
            delivery,
            production_api,
            extension_parameters,
            provisioning_info,
            sensitive_info_encryption,
            security_scan,
            specifications,
            lint
        );
        (s, errors)
    }
}

fn read_section<T: serde::de::DeserializeOwned>(
    map: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    invalid: &impl Fn(&str) -> bool,
    errors: &mut Vec<TypedError>,
) -> Section<T> {
    let Some(v) = map.get(key) else {
        return Section::Absent;
    };
    if invalid(key) {
        return Section::Invalid;
    }
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Section::Valid(t),
        Err(e) => {
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
            Section::Invalid
        }
    }
}

/// The typed model read through [`strict::Strict`]: serde's derived structs also accept a
/// list (fields by position), which would read `security_scan: [VSS-1, x]` as a report
/// and an exception; here a struct is read only from a map.
mod strict {
    use serde::de::value::BorrowedStrDeserializer;
    use serde::de::{
        self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Unexpected, Visitor,
    };
    use serde_json::{Error, Value};

    /// A `&Value` deserializer that refuses a list where a struct is wanted, all the way down.
    pub struct Strict<'a>(pub &'a Value);

    fn unexpected(v: &Value) -> Unexpected<'_> {
        match v {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(_) => Unexpected::Other("a number"),
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }

    /// Scalar requests go to `&Value` itself (numbers keep their exact text).
    macro_rules! scalar {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
                self.0.$method(visitor)
            }
        )*};
    }

    impl<'a> Deserializer<'a> for Strict<'a> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
                Value::Object(map) => visitor.visit_map(Map {
                    entries: map.iter(),
                    value: None,
                }),
                other => other.deserialize_any(visitor),
            }
        }

        fn deserialize_struct<V: Visitor<'a>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            match self.0 {
                Value::Object(_) => self.deserialize_any(visitor),
                other => Err(Error::invalid_type(unexpected(other), &visitor)),
            }
        }

        fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Object(_) => self.deserialize_any(visitor),
                other => Err(Error::invalid_type(unexpected(other), &visitor)),
            }
        }

        fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Array(_) => self.deserialize_any(visitor),
                other => Err(Error::invalid_type(unexpected(other), &visitor)),
            }
        }

        fn deserialize_tuple<V: Visitor<'a>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_seq(visitor)
        }

        fn deserialize_tuple_struct<V: Visitor<'a>>(
            self,
            _name: &'static str,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_seq(visitor)
        }

        fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Null => visitor.visit_none(),
                _ => visitor.visit_some(self),
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'a>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_enum<V: Visitor<'a>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            // The model's enums are plain names (strings).
            self.0.deserialize_enum(name, variants, visitor)
        }

        scalar! {
            deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
            deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
            deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
            deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
            deserialize_identifier deserialize_ignored_any
        }

        fn deserialize_unit_struct<V: Visitor<'a>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.0.deserialize_unit_struct(name, visitor)
        }
    }

    struct Seq<'a>(std::slice::Iter<'a, Value>);

    impl<'a> SeqAccess<'a> for Seq<'a> {
        type Error = Error;

        fn next_element_seed<T: DeserializeSeed<'a>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Error> {
            self.0
                .next()
                .map(|v| seed.deserialize(Strict(v)))
                .transpose()
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.0.len())
        }
    }

    struct Map<'a> {
        entries: serde_json::map::Iter<'a>,
        value: Option<&'a Value>,
    }

    impl<'a> MapAccess<'a> for Map<'a> {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'a>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            match self.entries.next() {
                Some((key, value)) => {
                    self.value = Some(value);
                    seed.deserialize(BorrowedStrDeserializer::<Error>::new(key))
                        .map(Some)
                }
                None => Ok(None),
            }
        }

        fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, Error> {
            match self.value.take() {
                Some(v) => seed.deserialize(Strict(v)),
                None => Err(de::Error::custom(
                    "a map value was asked for before its key",
                )),
            }
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.entries.len())
        }
    }
}
