// The manifest's structs, format 1 (`docs/manifest.md`), written once and read twice: as the
// [`strict`](super::strict) model (plain values, the JSON Schema's source, used to render a
// clean manifest) and as the [`tolerant`](super::tolerant) model the rules read, where every
// value may be unknown. The including module defines the field shapes:
//
// - `One<T>`: a required value (`T`, or `Known<T>`);
// - `Opt<T>`: an optional value (`Option<T>`, or `Option<Known<T>>`);
// - `Many<T>`: a list (`Vec<T>`, or `Vec<Known<T>>`: each item on its own);
// - `Map<T>`: a map from names (`BTreeMap<String, T>`, or of `Known<T>`);
//
// and `required` / `foreign`, which the hand-written `Deserialize` of the two tagged enums
// (`Pricing`, `Attribute`) use for a missing key and for a key of another variant.
//
// Per the rule catalog's conventions the schema holds only types, enumerations and required
// keys: every range, length, pattern, count, uniqueness or "exactly one of" constraint has a
// rule of its own. Integers are `i64` (no implied `minimum`), optional keys are not nullable.

/// A kooship manifest: one SaaS product as it is to be released on KooGallery.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kooship manifest, format 1")]
pub struct Manifest {
    /// Format of this file. Only `1` exists.
    pub format: One<i64>,
    pub product: One<Product>,
    pub delivery: One<Delivery>,
    pub production_api: One<ProductionApi>,
    /// Extra subscription parameters, at most three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_parameters: Opt<Many<ExtensionParameter>>,
    /// Buyer data passed to the seller on subscription, each item at most once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_info: Opt<Many<ProvisioningItem>>,
    /// Algorithm for privacy fields. Required when a privacy field is provisioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_info_encryption: Opt<EncryptionAlgorithm>,
    pub security_scan: One<SecurityScan>,
    /// Product specifications with billing, trial and pricing.
    pub specifications: One<Many<Specification>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint: Opt<LintSettings>,
}

/// What is listed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Listing name, 1–80 characters. No price, version, phone number, or wording that passes
    /// the product off as Huawei Cloud's own.
    pub name: One<String>,
    /// Release version (semver, major ≥ 1, no pre-release or build suffix), e.g. `1.4.0`.
    /// Listed on KooGallery as `V1.4.0`.
    pub version: One<String>,
    /// "Public Product". Must be `false` on the first release.
    pub public: One<bool>,
    /// Active ISO 4217 code in capitals; default `USD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Opt<String>,
    /// PNG logo, exactly 120×120 px, at most 5 MiB; path relative to the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Opt<String>,
}

/// Delivery method and service supervision.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// Delivery method. Only `saas` is in scope.
    pub method: One<String>,
    /// Major version of the SaaS Product Access Guide the endpoint implements (2 = V2.0).
    pub access_guide: One<AccessGuide>,
    pub service_supervision: One<ServiceSupervision>,
}

/// Service supervision. Cannot change after the first release.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSupervision {
    /// `true` when provisioning happens after a request or takes time.
    pub enabled: One<bool>,
    /// Name of the service flow chosen in the Seller Console. Required when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_flow: Opt<String>,
    /// The filled-in delivery template to upload (`.xlsx`, `.xls`, `.docx`, `.doc` or `.pdf`).
    /// Required when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_template: Opt<String>,
}

/// The seller's production endpoint that KooGallery calls.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductionApi {
    /// The debugged production system API URL: `https://` and a domain name.
    pub url: One<String>,
    /// Where the server behind the URL runs.
    pub hosting: One<Hosting>,
    /// Protocol versions the endpoint accepts.
    pub tls_versions: One<Many<TlsVersion>>,
    /// Debugging cases already run and saved in the Seller Console.
    pub debugged_cases: One<Many<Interface>>,
}

/// An extra subscription parameter.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionParameter {
    /// Parameter name as carried in the subscription request, e.g. `emailDomainName`.
    pub name: One<String>,
    /// `default` for a self-service type; any other value needs KooGallery's approval.
    #[serde(rename = "type")]
    pub kind: One<String>,
    /// Reference of KooGallery's approval (mail subject, date). Required for a non-default type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Opt<String>,
    /// Whether a saved debugging case carried this parameter.
    pub debugged: One<bool>,
}

/// Vulnerability scan result, or the reason there is none. Exactly one of the two.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityScan {
    /// Identifier of the passed vulnerability scan result, or of the SaaS asset that references it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Opt<String>,
    /// Why no scan applies (the product has no website or portal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Opt<String>,
}

/// A product specification with billing, trial and pricing.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Specification {
    /// Stable identifier, unique in the file; `[a-z0-9][a-z0-9-]*`, at most 32 characters.
    pub code: One<String>,
    /// Name shown to buyers, unique in the file.
    pub name: One<String>,
    pub billing: One<Billing>,
    /// Subscription periods offered. Required for `yearly_monthly`, forbidden otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Opt<Many<Period>>,
    /// Free trial length in days (1–30), only for `yearly_monthly`. Irreversible once released.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_days: Opt<i64>,
    /// The zero-price test specification for the first release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Opt<bool>,
    /// `false` takes a released spec off the catalog (released specs cannot be deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Opt<bool>,
    /// Upgrade rules between this spec's SKUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrades: Opt<Many<Upgrade>>,
    /// Buyers may raise the quantity attribute during the validity period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_out: Opt<bool>,
    pub pricing: One<Pricing>,
}

/// An upgrade rule between two values of an enumeration attribute of the spec.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Upgrade {
    /// An enumeration attribute of this spec's custom pricing.
    pub attribute: One<String>,
    pub from: One<String>,
    pub to: One<String>,
}

/// Pricing: one of three templates, chosen by `template`.
#[derive(Debug, Clone, JsonSchema)]
#[serde(tag = "template", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pricing {
    /// One fixed price.
    Simple {
        /// For `yearly_monthly`: a price for every offered period. For `one_time`: one amount.
        price: One<Price>,
    },
    /// A price per SKU, where SKUs are combinations of attribute values.
    Custom {
        attributes: One<Many<Attribute>>,
        skus: One<Many<Sku>>,
    },
    /// Pay-per-use billing factors and prepaid packages.
    PayPerUse {
        factors: One<Many<Factor>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        packages: Opt<Many<Package>>,
    },
}

/// By `template`, read first; then the keys of that template. serde's internally tagged
/// enums buffer the map, which would read the template's values around the manifest's own
/// reader (and lose what it knows of placeholders and unknown keys).
impl<'de> Deserialize<'de> for Pricing {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            template: super::PricingTemplate,
            #[serde(default)]
            price: Opt<Price>,
            #[serde(default)]
            attributes: Opt<Many<Attribute>>,
            #[serde(default)]
            skus: Opt<Many<Sku>>,
            #[serde(default)]
            factors: Opt<Many<Factor>>,
            #[serde(default)]
            packages: Opt<Many<Package>>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(match raw.template {
            super::PricingTemplate::Simple => {
                foreign::<D::Error>(&[
                    ("attributes", raw.attributes.is_some()),
                    ("skus", raw.skus.is_some()),
                    ("factors", raw.factors.is_some()),
                    ("packages", raw.packages.is_some()),
                ])?;
                Pricing::Simple {
                    price: required(raw.price, "price")?,
                }
            }
            super::PricingTemplate::Custom => {
                foreign::<D::Error>(&[
                    ("price", raw.price.is_some()),
                    ("factors", raw.factors.is_some()),
                    ("packages", raw.packages.is_some()),
                ])?;
                Pricing::Custom {
                    attributes: required(raw.attributes, "attributes")?,
                    skus: required(raw.skus, "skus")?,
                }
            }
            super::PricingTemplate::PayPerUse => {
                foreign::<D::Error>(&[
                    ("price", raw.price.is_some()),
                    ("attributes", raw.attributes.is_some()),
                    ("skus", raw.skus.is_some()),
                ])?;
                Pricing::PayPerUse {
                    factors: required(raw.factors, "factors")?,
                    packages: raw.packages,
                }
            }
        })
    }
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
#[derive(Debug, Clone, JsonSchema)]
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
            serde_json::Value::Object(_) => {
                PeriodPrices::deserialize(super::de::Strict(&value))
                    .map(Price::PerPeriod)
                    .map_err(D::Error::custom)
            }
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Opt<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Opt<Amount>,
}

/// A custom pricing attribute: an enumeration of values or a quantity.
#[derive(Debug, Clone, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Attribute {
    Enumeration {
        /// Unique; not `appName`, `version`, `os` or `mode`.
        code: One<String>,
        name: One<String>,
        /// Unique values, at least one.
        values: One<Many<String>>,
    },
    Quantity {
        /// Unique; not `appName`, `version`, `os` or `mode`.
        code: One<String>,
        name: One<String>,
        min: One<i64>,
        max: One<i64>,
        step: One<i64>,
        unit: One<String>,
    },
}

/// By `type`, read first; then the keys of that kind (see `Pricing`).
impl<'de> Deserialize<'de> for Attribute {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(rename = "type")]
            kind: super::AttributeKind,
            #[serde(default)]
            code: Opt<String>,
            #[serde(default)]
            name: Opt<String>,
            #[serde(default)]
            values: Opt<Many<String>>,
            #[serde(default)]
            min: Opt<i64>,
            #[serde(default)]
            max: Opt<i64>,
            #[serde(default)]
            step: Opt<i64>,
            #[serde(default)]
            unit: Opt<String>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(match raw.kind {
            super::AttributeKind::Enumeration => {
                foreign::<D::Error>(&[
                    ("min", raw.min.is_some()),
                    ("max", raw.max.is_some()),
                    ("step", raw.step.is_some()),
                    ("unit", raw.unit.is_some()),
                ])?;
                Attribute::Enumeration {
                    code: required(raw.code, "code")?,
                    name: required(raw.name, "name")?,
                    values: required(raw.values, "values")?,
                }
            }
            super::AttributeKind::Quantity => {
                foreign::<D::Error>(&[("values", raw.values.is_some())])?;
                Attribute::Quantity {
                    code: required(raw.code, "code")?,
                    name: required(raw.name, "name")?,
                    min: required(raw.min, "min")?,
                    max: required(raw.max, "max")?,
                    step: required(raw.step, "step")?,
                    unit: required(raw.unit, "unit")?,
                }
            }
        })
    }
}

impl Attribute {
    pub fn code(&self) -> &One<String> {
        match self {
            Attribute::Enumeration { code, .. } | Attribute::Quantity { code, .. } => code,
        }
    }

    pub fn name(&self) -> &One<String> {
        match self {
            Attribute::Enumeration { name, .. } | Attribute::Quantity { name, .. } => name,
        }
    }
}

/// A SKU: one combination of enumeration values and its price.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sku {
    /// Unique within the spec.
    pub code: One<String>,
    /// Every enumeration attribute code → one of its values.
    pub values: One<Map<String>>,
    /// The base price per period.
    pub price: One<Price>,
    /// Required when the spec has a quantity attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_pricing: Opt<QuantityPricing>,
}

/// How the quantity attribute is priced.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityPricing {
    pub mode: One<QuantityMode>,
    /// Per unit and period (`linear`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Opt<Price>,
    /// Unit price by inclusive range (`tiered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Opt<Many<QuantityTier>>,
}

/// A quantity tier: `from`..=`to` units at `unit_price`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantityTier {
    pub from: One<i64>,
    pub to: One<i64>,
    pub unit_price: One<Price>,
}

/// A pay-per-use billing factor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub name: One<String>,
    pub unit: One<String>,
    pub cycle: One<Cycle>,
    pub mode: One<FactorMode>,
    /// Required for `tiered`, forbidden otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accumulation_cycle: Opt<AccumulationCycle>,
    /// Unit price (`fixed`); up to 4 decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Opt<Amount>,
    /// Half-open usage ranges `[from, to)` (`tiered`, `volume`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Opt<Many<UsageTier>>,
}

/// A pay-per-use tier: usage in `[from, to)` at `unit_price`; only the last omits `to`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsageTier {
    pub from: One<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Opt<Amount>,
    pub unit_price: One<Amount>,
}

/// A prepaid pay-per-use package.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub code: One<String>,
    pub name: One<String>,
    pub kind: One<PackageKind>,
    /// Positive number of factor units.
    pub quota: One<Amount>,
    /// The factor's name.
    pub factor: One<String>,
    pub price: One<Amount>,
    pub validity: One<Period>,
}

/// Severity overrides and exceptions for this manifest.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintSettings {
    /// Rule code or name → `error`, `warning`, `info` or `off`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Opt<Map<SeverityOverride>>,
    /// Findings to accept, each with a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Opt<Many<Exception>>,
}

/// An accepted finding.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// Rule code or name.
    pub rule: One<String>,
    /// JSON pointer of the place; all places of the rule when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Opt<String>,
    /// Why the finding is accepted (required, non-empty).
    pub reason: One<String>,
    /// Date `YYYY-MM-DD` after which the exception no longer applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Opt<String>,
}
