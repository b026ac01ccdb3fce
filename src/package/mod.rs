//! `kooship checklist` and `kooship package` (README.md, *Release day*): the release
//! checklist and the submission bundle, rendered from what the lint learnt about a manifest
//! that has no error.
//!
//! Nothing here re-implements a rule: [`Prepared`] holds the typed manifest of a clean lint
//! run, and every "checked" line of the checklist is derived from which rules fired.
//! Everything rendered is deterministic: no date, no absolute path, file order kept.

pub mod bundle;
pub mod checklist;
pub mod markdown;
pub mod pricing;
pub mod submission;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::decimal::Amount;
use crate::finding::Finding;
use crate::history::diff::{Change, ChangeKind};
use crate::lint::Linted;
use crate::model::{
    AccessGuide, AccumulationCycle, Billing, Cycle, Delivery, EncryptionAlgorithm,
    ExtensionParameter, FactorMode, Hosting, Interface, PackageKind, Period, Price, Pricing,
    Product, ProductionApi, ProvisioningItem, SecurityScan, Specification,
};

/// A manifest that linted without an error, with its sections at hand (read by the strict
/// model: every value is known).
pub struct Prepared<'a> {
    pub linted: &'a Linted,
    /// The manifest's file name, without its folder (`kooship.yaml`).
    pub file_name: String,
    pub product: Product,
    pub delivery: Delivery,
    pub api: ProductionApi,
    pub extension_parameters: Vec<ExtensionParameter>,
    pub provisioning: Vec<ProvisioningItem>,
    pub encryption: Option<EncryptionAlgorithm>,
    pub scan: SecurityScan,
    pub specs: Vec<Specification>,
    /// `product.currency`, default `USD`.
    pub currency: String,
    /// A later release: the recorded release and the changes since.
    pub later: Option<LaterRelease>,
}

/// The release recorded in `kooship.lock`, and what changed since.
pub struct LaterRelease {
    /// `product.version` as released.
    pub version: String,
    /// The codes of the released specifications.
    pub released_specs: Vec<String>,
    pub changes: Vec<Change>,
}

impl<'a> Prepared<'a> {
    /// Prepares a linted manifest. Fails when it has an error, or a section the rendering
    /// needs is missing (which a manifest without errors never lacks).
    pub fn new(linted: &'a Linted, manifest_name: &str) -> Result<Prepared<'a>, String> {
        let errors = linted.report.errors();
        if errors > 0 {
            return Err(format!("the manifest has {errors} error(s)"));
        }
        let manifest = linted
            .value
            .as_ref()
            .and_then(crate::model::strict::read)
            .ok_or("the manifest could not be read")?;
        let later = match (&linted.release, &linted.value) {
            (crate::release::Release::Later { lock, .. }, Some(value)) => {
                let lock = lock
                    .as_ref()
                    .map_err(|e| format!("the release history {}", e.0))?;
                let released_specs = lock
                    .manifest
                    .get("specifications")
                    .and_then(serde_json::Value::as_array)
                    .map(|specs| {
                        specs
                            .iter()
                            .filter_map(|s| s.get("code").and_then(serde_json::Value::as_str))
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                Some(LaterRelease {
                    version: lock.version.clone(),
                    released_specs,
                    changes: crate::history::diff::diff(&lock.manifest, value),
                })
            }
            _ => None,
        };
        Ok(Prepared {
            linted,
            file_name: manifest_name.to_owned(),
            currency: manifest
                .product
                .currency
                .clone()
                .unwrap_or_else(|| "USD".to_owned()),
            product: manifest.product,
            delivery: manifest.delivery,
            api: manifest.production_api,
            extension_parameters: manifest.extension_parameters.unwrap_or_default(),
            provisioning: manifest.provisioning_info.unwrap_or_default(),
            encryption: manifest.sensitive_info_encryption,
            scan: manifest.security_scan,
            specs: manifest.specifications,
            later,
        })
    }

    /// The findings that remain after the lint settings (none is an error).
    pub fn findings(&self) -> &[Finding] {
        &self.linted.report.findings
    }

    /// `V1.4.0`: the version as KooGallery lists it.
    pub fn listed_version(&self) -> String {
        format!("V{}", self.product.version)
    }

    /// The bundle's name: `<slug>-V<version>`.
    pub fn bundle_name(&self) -> String {
        bundle_name(&self.product.name, &self.product.version)
    }

    /// The debugging cases: required by the billing modes, saved, missing.
    pub fn cases(&self) -> Cases {
        let required = crate::rules::api::required_cases(&self.specs, self.delivery.access_guide);
        let saved: BTreeSet<Interface> = self.api.debugged_cases.iter().copied().collect();
        let missing = required
            .keys()
            .filter(|c| !saved.contains(c))
            .copied()
            .collect();
        Cases {
            required: required.into_iter().collect(),
            saved: self.api.debugged_cases.clone(),
            missing,
        }
    }

    /// The file a manifest reference (`/product/logo`) resolved to, when MAN008 accepted it,
    /// with its path in the bundle (`files/<manifest-relative path>`).
    pub fn bundled_file(&self, pointer: &str) -> Option<BundledFile> {
        let written = self
            .linted
            .files
            .iter()
            .find(|f| f.pointer == pointer)?
            .path
            .clone();
        let source = crate::rules::man::resolved(&self.linted.files, pointer)?.to_path_buf();
        let relative = normalize_relative(&written)?;
        Some(BundledFile {
            bundle_path: format!("files/{relative}"),
            source,
        })
    }

    /// Whether the lint settings lower or waive a rule (by severity override or exception).
    pub fn waived(&self, code: &str) -> bool {
        use crate::model::{Optional, OptionalList};
        let Some(settings) = self.linted.manifest.as_ref().and_then(|m| m.lint.valid()) else {
            return false;
        };
        let is = |name: &str| crate::rules::find(name).is_some_and(|r| r.code == code);
        settings
            .severity
            .valid()
            .into_iter()
            .flatten()
            .any(|(k, _)| is(k))
            || settings
                .exceptions
                .each()
                .any(|(_, e)| e.rule.str().is_some_and(is))
    }

    /// The state of an automated check: which of `codes` fired under `scope` (a pointer;
    /// `""` for the whole manifest).
    pub fn check(
        &self,
        label: impl Into<String>,
        codes: &[&'static str],
        scope: &str,
    ) -> Check<'_> {
        let fired: Vec<&Finding> = self
            .findings()
            .iter()
            .filter(|f| codes.contains(&f.rule.code) && under(&f.pointer, scope))
            .collect();
        let waived = fired.is_empty() && codes.iter().any(|c| self.waived(c));
        Check {
            label: label.into(),
            codes: codes.to_vec(),
            fired,
            waived,
        }
    }
}

/// Whether `pointer` is `scope` or below it.
pub fn under(pointer: &str, scope: &str) -> bool {
    scope.is_empty()
        || pointer == scope
        || (pointer.starts_with(scope) && pointer[scope.len()..].starts_with('/'))
}

/// An automated check and what the lint said about it.
pub struct Check<'a> {
    pub label: String,
    pub codes: Vec<&'static str>,
    /// The findings of its rules (warnings and infos: errors stop the checklist).
    pub fired: Vec<&'a Finding>,
    /// No finding, but the manifest's lint settings lower or waive one of its rules.
    pub waived: bool,
}

impl Check<'_> {
    pub fn passed(&self) -> bool {
        self.fired.is_empty()
    }
}

/// The debugging cases of a manifest.
#[derive(Debug, Clone)]
pub struct Cases {
    /// Each required case with the codes of the specs that need it, in interface order.
    pub required: Vec<(Interface, Vec<String>)>,
    /// `debugged_cases` as written.
    pub saved: Vec<Interface>,
    /// Required and not saved.
    pub missing: Vec<Interface>,
}

/// A referenced file and where it goes in the bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundledFile {
    /// `files/assets/logo.png`.
    pub bundle_path: String,
    /// The resolved file inside the manifest's folder.
    pub source: std::path::PathBuf,
}

/// A manifest-relative path, lexically normalised (`./a/../b\c.png` → `b/c.png`); `None`
/// when it is empty or leaves its folder.
pub fn normalize_relative(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The product's slug: the name lowercased, every run of characters other than ASCII letters
/// and digits collapsed to one `-`, none at either end (`product` when nothing is left).
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        "product".to_owned()
    } else {
        s
    }
}

/// `<slug>-V<version>`; anything but letters, digits and dots in the version becomes `-`.
pub fn bundle_name(name: &str, version: &str) -> String {
    let version: String = version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}-V{version}", slug(name))
}

/// `Yes` / `No`, as the release form writes a switch.
pub fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}

/// The form's name of a period (`Monthly`, `Yearly`).
pub fn period_label(p: Period) -> &'static str {
    match p {
        Period::Month => "Monthly",
        Period::Year => "Yearly",
    }
}

/// `V2.0` / `V1.0`.
pub fn access_guide_label(g: AccessGuide) -> &'static str {
    match g {
        AccessGuide::V2 => "V2.0",
        AccessGuide::V1 => "V1.0",
    }
}

/// The form's name of a provisioning item.
pub fn provisioning_label(p: ProvisioningItem) -> &'static str {
    match p {
        ProvisioningItem::MobilePhone => "Mobile number",
        ProvisioningItem::Email => "Email",
        ProvisioningItem::IamUser => "IAM user info",
    }
}

/// The form's name of a pricing template.
pub fn template_label(p: &Pricing) -> &'static str {
    match p {
        Pricing::Simple { .. } => "Simple",
        Pricing::Custom { .. } => "Custom",
        Pricing::PayPerUse { .. } => "Pay-per-use",
    }
}

/// The form's name of a package kind.
pub fn package_kind_label(k: PackageKind) -> &'static str {
    match k {
        PackageKind::Package => "Package",
        PackageKind::StopBeforeExcess => "Stop-before-excess package",
    }
}

pub fn cycle_label(c: Cycle) -> &'static str {
    match c {
        Cycle::Hourly => "Hourly",
        Cycle::Daily => "Daily",
    }
}

pub fn factor_mode_label(m: FactorMode) -> &'static str {
    match m {
        FactorMode::Fixed => "Fixed",
        FactorMode::Tiered => "Tiered",
        FactorMode::Volume => "Volume",
    }
}

pub fn accumulation_label(c: AccumulationCycle) -> &'static str {
    match c {
        AccumulationCycle::Day => "Day",
        AccumulationCycle::Month => "Month",
        AccumulationCycle::Year => "Year",
    }
}

pub fn hosting_label(h: Hosting) -> &'static str {
    match h {
        Hosting::HuaweiCloudEcs => "Huawei Cloud (International) ECS",
        Hosting::Other => "other (not a Huawei Cloud ECS)",
    }
}

/// The amount of a price for a period (`None` for a one-time price: the amount itself).
pub fn price_for(price: &Price, period: Option<Period>) -> Option<&Amount> {
    match (price, period) {
        (Price::Amount(a), _) => Some(a),
        (Price::PerPeriod(p), Some(Period::Month)) => p.month.as_ref(),
        (Price::PerPeriod(p), Some(Period::Year)) => p.year.as_ref(),
        (Price::PerPeriod(_), None) => None,
    }
}

/// The periods a spec is priced in: its offered periods for `yearly_monthly` (in file order),
/// `[None]` (one amount) otherwise.
pub fn spec_periods(spec: &Specification) -> Vec<Option<Period>> {
    match (spec.billing, &spec.periods) {
        (Billing::YearlyMonthly, Some(periods)) => {
            let mut seen = Vec::new();
            for p in periods {
                if !seen.contains(&Some(*p)) {
                    seen.push(Some(*p));
                }
            }
            seen
        }
        _ => vec![None],
    }
}

/// What a change since the recorded release asks of the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// KooGallery refuses it after release.
    Refused,
    /// A release-form value: submitted and reviewed as a modification request.
    Modification,
    /// Not a release-form value (server settings, debugging), or done by KooGallery.
    None,
}

/// Classifies a change since the recorded release: what it asks of the seller, and why.
pub fn classify(change: &Change) -> (Request, &'static str) {
    if change.irreversible {
        return (
            Request::Refused,
            "irreversible: KooGallery refuses this change after release",
        );
    }
    let p = change.pointer.as_str();
    let test_spec_gone = change.change == ChangeKind::Removed
        && p.starts_with("/specifications[")
        && p.ends_with(']')
        && change
            .old
            .as_ref()
            .and_then(|o| o.get("test"))
            .and_then(serde_json::Value::as_bool)
            == Some(true);
    if test_spec_gone {
        return (
            Request::None,
            "KooGallery removed the test specification after the release test",
        );
    }
    let not_in_form = [
        "/production_api/hosting",
        "/production_api/tls_versions",
        "/production_api/debugged_cases",
        "/delivery/access_guide",
        "/format",
    ]
    .iter()
    .any(|s| under(p, s))
        || (p.starts_with("/extension_parameters/") && p.ends_with("/debugged"));
    if not_in_form {
        (
            Request::None,
            "a server setting or debugging state, not a release-form value",
        )
    } else {
        (Request::Modification, "a release-form value")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Acme Insight"), "acme-insight");
        assert_eq!(
            slug("  MetricFlow -- Observability!"),
            "metricflow-observability"
        );
        assert_eq!(slug("Café 24/7"), "caf-24-7");
        assert_eq!(slug("数据"), "product");
        assert_eq!(bundle_name("Acme Insight", "1.4.0"), "acme-insight-V1.4.0");
        assert_eq!(bundle_name("A", "1.0.0/../x"), "a-V1.0.0-..-x");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            normalize_relative("./assets/../assets\\logo.png").as_deref(),
            Some("assets/logo.png")
        );
        assert_eq!(normalize_relative("../x.png"), None);
        assert_eq!(normalize_relative("."), None);
    }

    #[test]
    fn scopes() {
        assert!(under("/specifications/1/pricing", "/specifications/1"));
        assert!(under("/specifications/1", "/specifications/1"));
        assert!(!under("/specifications/10", "/specifications/1"));
        assert!(under("/anything", ""));
    }
}
