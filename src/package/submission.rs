//! `submission.json`: every value of the release form, under the form's own field names.
//!
//! Convention: keys in Title Case are the release form's field labels, with the value as the
//! form wants it (`"V1.4.0"`, `"Yes"`/`"No"`, money as a string exactly as written in the
//! manifest); keys in snake_case are kooship's own (identifiers, annotations, bundle paths).
//! Objects keep a fixed key order (the form's), arrays keep the manifest's order. The shape is
//! documented field by field in the README.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::history::diff::Change;
use crate::model::{
    Attribute, Billing, Factor, Package, Price, Pricing, QuantityMode, QuantityTier, Specification,
    Upgrade, UsageTier,
};
use crate::report::json::Tool;

use super::{
    Prepared, Request, access_guide_label, accumulation_label, classify, cycle_label,
    factor_mode_label, package_kind_label, period_label, price_for, provisioning_label,
    spec_periods, template_label, yes_no,
};

/// The format of `submission.json`.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
pub struct Submission<'a> {
    /// The format of this file: `1`.
    pub submission: u32,
    pub tool: Tool,
    /// The bundle's folder name, `<slug>-V<version>`.
    pub bundle: String,
    pub release: ReleaseInfo,
    pub prerequisites: Prerequisites,
    pub debugging_cases: DebuggingCases,
    pub form: Form<'a>,
}

#[derive(Serialize)]
pub struct ReleaseInfo {
    /// `first` (no `kooship.lock`) or `later`.
    pub kind: &'static str,
    /// `product.version` of the recorded release (later releases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released_version: Option<String>,
    /// What changed since the recorded release (later releases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<ChangeEntry>>,
}

#[derive(Serialize)]
pub struct ChangeEntry {
    #[serde(flatten)]
    pub change: Change,
    /// `modification`, `refused` (irreversible) or `none`.
    pub request: Request,
    /// Why, in words.
    pub reason: &'static str,
}

#[derive(Serialize)]
pub struct Prerequisites {
    /// `production_api.hosting`.
    pub hosting: &'static str,
    /// `V2.0` or `V1.0`.
    pub access_guide: &'static str,
    /// `production_api.tls_versions`, as written.
    pub tls_versions: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct DebuggingCases {
    /// Each case the billing modes need, with the specs that need it.
    pub required: Vec<RequiredCase>,
    /// `production_api.debugged_cases`, as written.
    pub saved: Vec<&'static str>,
    /// Required and not saved (always empty in a bundle: API010 is an error).
    pub missing: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct RequiredCase {
    pub case: &'static str,
    pub specifications: Vec<String>,
    pub saved: bool,
}

/// The release form, in its own order.
#[derive(Serialize)]
pub struct Form<'a> {
    #[serde(rename = "Delivery Method")]
    pub delivery_method: &'static str,
    #[serde(rename = "Product Name")]
    pub product_name: &'a str,
    #[serde(rename = "Version")]
    pub version: String,
    /// The logo's path in the bundle.
    #[serde(rename = "Logo")]
    pub logo: Option<String>,
    #[serde(rename = "Involve Service Supervision")]
    pub supervision: &'static str,
    #[serde(rename = "Service Flow")]
    pub service_flow: Option<&'a str>,
    /// The delivery template's path in the bundle.
    #[serde(rename = "Delivery Template")]
    pub delivery_template: Option<String>,
    #[serde(rename = "Production System API URL")]
    pub url: &'a str,
    #[serde(rename = "Extension Parameters")]
    pub extension_parameters: Vec<ExtensionParameter<'a>>,
    #[serde(rename = "Provisioning Info")]
    pub provisioning_info: Vec<ProvisioningEntry>,
    #[serde(rename = "Sensitive Information Encryption Algorithm")]
    pub encryption: Option<&'static str>,
    #[serde(rename = "Vulnerability Scans")]
    pub scan: Scan<'a>,
    #[serde(rename = "Public Product")]
    pub public: &'static str,
    #[serde(rename = "Currency")]
    pub currency: &'a str,
    #[serde(rename = "Specifications")]
    pub specifications: Vec<Spec<'a>>,
}

#[derive(Serialize)]
pub struct ExtensionParameter<'a> {
    #[serde(rename = "Name")]
    pub name: &'a str,
    #[serde(rename = "Type")]
    pub kind: &'a str,
    /// KooGallery's approval reference for a non-default type.
    pub approval: Option<&'a str>,
    pub debugged: bool,
}

#[derive(Serialize)]
pub struct ProvisioningEntry {
    #[serde(rename = "Item")]
    pub item: &'static str,
    /// `provisioning_info` value.
    pub code: &'static str,
    /// The fields the item adds to the subscription request.
    pub request_fields: &'static [&'static str],
    /// Sent encrypted with the sensitive-information algorithm.
    pub privacy_field: bool,
}

#[derive(Serialize)]
pub struct Scan<'a> {
    /// The scan result or SaaS asset to associate.
    #[serde(rename = "Scan Report")]
    pub report: Option<&'a str>,
    /// Why no scan applies.
    #[serde(rename = "Exception Cause")]
    pub exception: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Spec<'a> {
    pub code: &'a str,
    pub test: bool,
    pub listed: bool,
    #[serde(rename = "Specification Name")]
    pub name: &'a str,
    #[serde(rename = "Billing Mode")]
    pub billing: &'static str,
    #[serde(rename = "Periods", skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<&'static str>>,
    #[serde(rename = "Allow Trial", skip_serializing_if = "Option::is_none")]
    pub trial: Option<&'static str>,
    /// Yearly/monthly specs only: the number of days, `null` without a trial.
    #[serde(rename = "Trial Days", skip_serializing_if = "Option::is_none")]
    pub trial_days: Option<Option<i64>>,
    #[serde(rename = "Pricing Template")]
    pub template: &'static str,
    #[serde(rename = "Price", skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    #[serde(rename = "Attributes", skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<AttributeEntry<'a>>>,
    #[serde(rename = "SKUs", skip_serializing_if = "Option::is_none")]
    pub skus: Option<Vec<SkuEntry<'a>>>,
    #[serde(rename = "Upgrade Rules", skip_serializing_if = "Option::is_none")]
    pub upgrades: Option<Vec<UpgradeEntry<'a>>>,
    #[serde(rename = "Scale-out", skip_serializing_if = "Option::is_none")]
    pub scale_out: Option<&'static str>,
    #[serde(rename = "Billing Factors", skip_serializing_if = "Option::is_none")]
    pub factors: Option<Vec<FactorEntry<'a>>>,
    #[serde(rename = "Packages", skip_serializing_if = "Option::is_none")]
    pub packages: Option<Vec<PackageEntry<'a>>>,
}

/// A price: one amount (`"1490"`), or per period (`{"Monthly": "20", "Yearly": "200"}`).
#[derive(Serialize)]
#[serde(untagged)]
pub enum Money {
    Once(String),
    PerPeriod(BTreeMap<&'static str, String>),
}

#[derive(Serialize)]
pub struct AttributeEntry<'a> {
    #[serde(rename = "Code")]
    pub code: &'a str,
    #[serde(rename = "Name")]
    pub name: &'a str,
    #[serde(rename = "Type")]
    pub kind: &'static str,
    #[serde(rename = "Values", skip_serializing_if = "Option::is_none")]
    pub values: Option<&'a [String]>,
    #[serde(rename = "Min", skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(rename = "Max", skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(rename = "Step", skip_serializing_if = "Option::is_none")]
    pub step: Option<i64>,
    #[serde(rename = "Unit", skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SkuEntry<'a> {
    pub code: &'a str,
    #[serde(rename = "Attribute Values")]
    pub values: &'a BTreeMap<String, String>,
    #[serde(rename = "Price")]
    pub price: Money,
    #[serde(rename = "Quantity Pricing", skip_serializing_if = "Option::is_none")]
    pub quantity_pricing: Option<QuantityEntry>,
}

#[derive(Serialize)]
pub struct QuantityEntry {
    #[serde(rename = "Mode")]
    pub mode: &'static str,
    #[serde(rename = "Unit Price", skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Money>,
    #[serde(rename = "Tiers", skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<QuantityTierEntry>>,
}

#[derive(Serialize)]
pub struct QuantityTierEntry {
    #[serde(rename = "From")]
    pub from: i64,
    #[serde(rename = "To")]
    pub to: i64,
    #[serde(rename = "Unit Price")]
    pub unit_price: Money,
}

#[derive(Serialize)]
pub struct UpgradeEntry<'a> {
    #[serde(rename = "Attribute")]
    pub attribute: &'a str,
    #[serde(rename = "From")]
    pub from: &'a str,
    #[serde(rename = "To")]
    pub to: &'a str,
}

#[derive(Serialize)]
pub struct FactorEntry<'a> {
    #[serde(rename = "Name")]
    pub name: &'a str,
    #[serde(rename = "Unit")]
    pub unit: &'a str,
    #[serde(rename = "Billing Cycle")]
    pub cycle: &'static str,
    #[serde(rename = "Price Mode")]
    pub mode: &'static str,
    #[serde(rename = "Accumulation Cycle")]
    pub accumulation_cycle: Option<&'static str>,
    #[serde(rename = "Price", skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(rename = "Tiers", skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<UsageTierEntry>>,
}

#[derive(Serialize)]
pub struct UsageTierEntry {
    #[serde(rename = "From")]
    pub from: String,
    /// `null` for the last, open-ended tier.
    #[serde(rename = "To")]
    pub to: Option<String>,
    #[serde(rename = "Unit Price")]
    pub unit_price: String,
}

#[derive(Serialize)]
pub struct PackageEntry<'a> {
    pub code: &'a str,
    #[serde(rename = "Package Name")]
    pub name: &'a str,
    #[serde(rename = "Package Type")]
    pub kind: &'static str,
    #[serde(rename = "Billing Factor")]
    pub factor: &'a str,
    #[serde(rename = "Quota")]
    pub quota: String,
    #[serde(rename = "Price")]
    pub price: String,
    #[serde(rename = "Validity")]
    pub validity: &'static str,
}

fn money(spec: &Specification, price: &Price) -> Money {
    let periods = spec_periods(spec);
    if periods == [None] {
        match price {
            Price::Amount(a) => Money::Once(a.text().to_owned()),
            Price::PerPeriod(_) => Money::PerPeriod(per_period(price, &[])),
        }
    } else {
        Money::PerPeriod(per_period(price, &periods))
    }
}

fn per_period(
    price: &Price,
    periods: &[Option<crate::model::Period>],
) -> BTreeMap<&'static str, String> {
    let mut map = BTreeMap::new();
    let all = [
        Some(crate::model::Period::Month),
        Some(crate::model::Period::Year),
    ];
    let periods = if periods.is_empty() {
        &all[..]
    } else {
        periods
    };
    for &p in periods {
        if let (Some(period), Some(a)) = (p, price_for(price, p)) {
            map.insert(period_label(period), a.text().to_owned());
        }
    }
    map
}

/// The submission of a prepared manifest.
pub fn build<'a>(p: &'a Prepared<'a>) -> Submission<'a> {
    let cases = p.cases();
    let release = match &p.later {
        None => ReleaseInfo {
            kind: "first",
            released_version: None,
            changes: None,
        },
        Some(later) => ReleaseInfo {
            kind: "later",
            released_version: Some(later.version.clone()),
            changes: Some(
                later
                    .changes
                    .iter()
                    .map(|c| {
                        let (request, reason) = classify(c);
                        ChangeEntry {
                            change: c.clone(),
                            request,
                            reason,
                        }
                    })
                    .collect(),
            ),
        },
    };
    let supervision = &p.delivery.service_supervision;
    Submission {
        submission: FORMAT,
        tool: Tool::this(),
        bundle: p.bundle_name(),
        release,
        prerequisites: Prerequisites {
            hosting: match p.api.hosting {
                crate::model::Hosting::HuaweiCloudEcs => "huawei_cloud_ecs",
                crate::model::Hosting::Other => "other",
            },
            access_guide: access_guide_label(p.delivery.access_guide),
            tls_versions: p.api.tls_versions.iter().map(|t| t.as_str()).collect(),
        },
        debugging_cases: DebuggingCases {
            required: cases
                .required
                .iter()
                .map(|(c, specs)| RequiredCase {
                    case: c.as_str(),
                    specifications: specs.clone(),
                    saved: !cases.missing.contains(c),
                })
                .collect(),
            saved: cases.saved.iter().map(|c| c.as_str()).collect(),
            missing: cases.missing.iter().map(|c| c.as_str()).collect(),
        },
        form: Form {
            delivery_method: "SaaS",
            product_name: &p.product.name,
            version: p.listed_version(),
            logo: p.bundled_file("/product/logo").map(|f| f.bundle_path),
            supervision: yes_no(supervision.enabled),
            service_flow: supervision
                .service_flow
                .as_deref()
                .filter(|_| supervision.enabled),
            delivery_template: p
                .bundled_file("/delivery/service_supervision/delivery_template")
                .filter(|_| supervision.enabled)
                .map(|f| f.bundle_path),
            url: &p.api.url,
            extension_parameters: p
                .extension_parameters
                .iter()
                .map(|e| ExtensionParameter {
                    name: &e.name,
                    kind: &e.kind,
                    approval: e.approval.as_deref(),
                    debugged: e.debugged,
                })
                .collect(),
            provisioning_info: p
                .provisioning
                .iter()
                .map(|&i| ProvisioningEntry {
                    item: provisioning_label(i),
                    code: i.as_str(),
                    request_fields: i.request_fields(),
                    privacy_field: i.is_privacy_field(),
                })
                .collect(),
            encryption: p.encryption.map(|e| e.as_str()),
            scan: Scan {
                report: p.scan.report.as_deref(),
                exception: p.scan.exception.as_deref(),
            },
            public: yes_no(p.product.public),
            currency: &p.currency,
            specifications: p.specs.iter().map(spec).collect(),
        },
    }
}

fn spec(s: &Specification) -> Spec<'_> {
    let ym = s.billing == Billing::YearlyMonthly;
    let mut out = Spec {
        code: &s.code,
        test: s.is_test(),
        listed: s.is_listed(),
        name: &s.name,
        billing: s.billing.label(),
        periods: ym.then(|| {
            spec_periods(s)
                .into_iter()
                .flatten()
                .map(period_label)
                .collect()
        }),
        trial: ym.then(|| yes_no(s.trial_days.is_some())),
        trial_days: ym.then_some(s.trial_days),
        template: template_label(&s.pricing),
        price: None,
        attributes: None,
        skus: None,
        upgrades: None,
        scale_out: None,
        factors: None,
        packages: None,
    };
    match &s.pricing {
        Pricing::Simple { price } => out.price = Some(money(s, price)),
        Pricing::Custom { attributes, skus } => {
            out.attributes = Some(attributes.iter().map(attribute).collect());
            out.skus = Some(
                skus.iter()
                    .map(|k| SkuEntry {
                        code: &k.code,
                        values: &k.values,
                        price: money(s, &k.price),
                        quantity_pricing: k.quantity_pricing.as_ref().map(|q| QuantityEntry {
                            mode: match q.mode {
                                QuantityMode::Linear => "Linear",
                                QuantityMode::Tiered => "Tiered",
                            },
                            unit_price: q.unit_price.as_ref().map(|u| money(s, u)),
                            tiers: q.tiers.as_ref().map(|t| {
                                t.iter()
                                    .map(|t: &QuantityTier| QuantityTierEntry {
                                        from: t.from,
                                        to: t.to,
                                        unit_price: money(s, &t.unit_price),
                                    })
                                    .collect()
                            }),
                        }),
                    })
                    .collect(),
            );
            if ym {
                out.upgrades = Some(s.upgrade_rules().iter().map(upgrade).collect());
                out.scale_out = Some(yes_no(s.scales_out()));
            }
        }
        Pricing::PayPerUse { factors, packages } => {
            out.factors = Some(factors.iter().map(factor).collect());
            out.packages = Some(packages.iter().flatten().map(package).collect());
        }
    }
    out
}

fn attribute(a: &Attribute) -> AttributeEntry<'_> {
    match a {
        Attribute::Enumeration { code, name, values } => AttributeEntry {
            code,
            name,
            kind: "Enumeration",
            values: Some(values),
            min: None,
            max: None,
            step: None,
            unit: None,
        },
        Attribute::Quantity {
            code,
            name,
            min,
            max,
            step,
            unit,
        } => AttributeEntry {
            code,
            name,
            kind: "Quantity",
            values: None,
            min: Some(*min),
            max: Some(*max),
            step: Some(*step),
            unit: Some(unit),
        },
    }
}

fn upgrade(u: &Upgrade) -> UpgradeEntry<'_> {
    UpgradeEntry {
        attribute: &u.attribute,
        from: &u.from,
        to: &u.to,
    }
}

fn factor(f: &Factor) -> FactorEntry<'_> {
    FactorEntry {
        name: &f.name,
        unit: &f.unit,
        cycle: cycle_label(f.cycle),
        mode: factor_mode_label(f.mode),
        accumulation_cycle: f.accumulation_cycle.map(accumulation_label),
        price: f.price.as_ref().map(|a| a.text().to_owned()),
        tiers: f.tiers.as_ref().map(|t| {
            t.iter()
                .map(|t: &UsageTier| UsageTierEntry {
                    from: t.from.text().to_owned(),
                    to: t.to.as_ref().map(|a| a.text().to_owned()),
                    unit_price: t.unit_price.text().to_owned(),
                })
                .collect()
        }),
    }
}

fn package(p: &Package) -> PackageEntry<'_> {
    PackageEntry {
        code: &p.code,
        name: &p.name,
        kind: package_kind_label(p.kind),
        factor: &p.factor,
        quota: p.quota.text().to_owned(),
        price: p.price.text().to_owned(),
        validity: match p.validity {
            crate::model::Period::Month => "Month",
            crate::model::Period::Year => "Year",
        },
    }
}

/// The file's text: pretty JSON and a final newline.
pub fn to_text(s: &Submission) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(s)?;
    text.push('\n');
    Ok(text)
}
