//! What `probe` reads of the manifest, in one place: [`Target::read`] takes the loaded
//! manifest's value and returns plain data, and [`apply_settings`] applies its lint settings
//! to PRB findings. Nothing else in `probe` touches the manifest or the typed model.
//!
//! The value is read rather than the typed model so that a lint finding elsewhere in a
//! specification (a bad price) does not hide its billing mode from the probe.

use serde_json::Value;

use crate::finding::Finding;
use crate::model::Billing;

/// The manifest's data the probe needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// `production_api.url`, when it is a string.
    pub url: Option<String>,
    /// `production_api.tls_versions` as written (strings only), when it is a list.
    pub tls_versions: Option<Vec<String>>,
    /// `production_api.debugged_cases` as written (strings only, `None` for others, so
    /// positions stay those of the file), when it is a list.
    pub debugged_cases: Option<Vec<Option<String>>>,
    /// The billing modes of the specs (every spec counts), in catalog order.
    pub modes: Vec<Billing>,
    /// The billing modes of which a spec has `trial_days`.
    pub trial_modes: Vec<Billing>,
    /// Whether a spec needs the `upgradeInstance` case: a `yearly_monthly` spec with upgrade
    /// rules or `scale_out: true` (the logic of `rules::api::required_cases`).
    pub needs_upgrade: bool,
    /// `product.name`.
    pub product_name: Option<String>,
    /// For `changeInstanceCheck`: a SKU code of a spec, preferring `yearly_monthly` ones.
    pub sku_code: Option<String>,
    /// For `changeInstanceCheck`: the `min` of a quantity attribute, when a spec has one.
    pub linear_value: Option<i64>,
}

fn billing(s: &str) -> Option<Billing> {
    Billing::ALL.into_iter().find(|b| b.as_str() == s)
}

impl Target {
    /// Reads the target from a loaded manifest's value. Never fails: what is missing or of
    /// the wrong type is left out (`lint` reports it).
    pub fn read(value: &Value) -> Target {
        let api = value.get("production_api");
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            v?.as_array().map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
        };
        let mut t = Target {
            url: api
                .and_then(|a| a.get("url"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            tls_versions: strings(api.and_then(|a| a.get("tls_versions"))),
            debugged_cases: api
                .and_then(|a| a.get("debugged_cases"))
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect()),
            product_name: value
                .pointer("/product/name")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..Target::default()
        };
        let specs = value
            .get("specifications")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut sku: Option<(bool, String)> = None;
        for spec in specs {
            let Some(mode) = spec
                .get("billing")
                .and_then(Value::as_str)
                .and_then(billing)
            else {
                continue;
            };
            if !t.modes.contains(&mode) {
                t.modes.push(mode);
            }
            if spec.get("trial_days").is_some_and(|d| !d.is_null())
                && !t.trial_modes.contains(&mode)
            {
                t.trial_modes.push(mode);
            }
            let upgrades = spec
                .get("upgrades")
                .and_then(Value::as_array)
                .is_some_and(|u| !u.is_empty());
            let scale_out = spec.get("scale_out").and_then(Value::as_bool) == Some(true);
            if mode == Billing::YearlyMonthly && (upgrades || scale_out) {
                t.needs_upgrade = true;
            }
            let pricing = spec.get("pricing");
            let ym = mode == Billing::YearlyMonthly;
            if let Some(code) = pricing
                .and_then(|p| p.get("skus"))
                .and_then(Value::as_array)
                .and_then(|s| s.first())
                .and_then(|s| s.get("code"))
                .and_then(Value::as_str)
                && sku.as_ref().is_none_or(|(was_ym, _)| ym && !was_ym)
            {
                sku = Some((ym, code.to_owned()));
            }
            if t.linear_value.is_none() {
                t.linear_value = pricing
                    .and_then(|p| p.get("attributes"))
                    .and_then(Value::as_array)
                    .and_then(|a| {
                        a.iter()
                            .find(|x| x.get("type").and_then(Value::as_str) == Some("quantity"))
                    })
                    .and_then(|q| q.get("min"))
                    .and_then(Value::as_i64);
            }
        }
        t.modes.sort();
        t.trial_modes.sort();
        t.sku_code = sku.map(|(_, c)| c);
        t
    }

    /// Where a finding about `activity` points: the `debugged_cases` item naming it (the
    /// seller says it was debugged), else the list, else the URL.
    pub fn interface_pointer(&self, activity: &str) -> String {
        match &self.debugged_cases {
            Some(cases) => match cases.iter().position(|c| c.as_deref() == Some(activity)) {
                Some(i) => format!("/production_api/debugged_cases/{i}"),
                None => "/production_api/debugged_cases".to_owned(),
            },
            None => URL_POINTER.to_owned(),
        }
    }

    /// Where a TLS finding points: the declared list when there is one, else the URL.
    pub fn tls_pointer(&self) -> &'static str {
        if self.tls_versions.is_some() {
            "/production_api/tls_versions"
        } else {
            URL_POINTER
        }
    }

    /// Whether `debugged_cases` lists `activity`.
    pub fn lists(&self, activity: &str) -> bool {
        self.debugged_cases
            .as_ref()
            .is_some_and(|c| c.iter().any(|x| x.as_deref() == Some(activity)))
    }
}

pub const URL_POINTER: &str = "/production_api/url";

/// The manifest's lint settings applied to the probe's findings. Only PRB findings come
/// out: `probe` reports no MAN rule but MAN001, MAN006 and MAN007, so what the settings say
/// about themselves (an unknown rule, an expired or unused exception) is `lint`'s business.
pub fn apply_settings(
    linted: &crate::lint::Linted,
    findings: Vec<Finding>,
    today: crate::clock::Date,
) -> (Vec<Finding>, usize) {
    use crate::model::Optional;
    let settings = linted.manifest.as_ref().and_then(|m| m.lint.valid());
    let applied = crate::settings::apply(settings, findings, today);
    let kept = applied
        .findings
        .into_iter()
        .filter(|f| crate::rules::prb::AREA.rules.contains(&f.rule))
        .collect();
    (kept, applied.suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_probe_needs() {
        let v = json!({
            "product": {"name": "Acme"},
            "production_api": {
                "url": "https://a.example.org/k",
                "tls_versions": ["tls1_2", 3],
                "debugged_cases": ["newInstance", 7, "queryInstance"]
            },
            "specifications": [
                {"billing": "one_time", "pricing": {"template": "custom",
                    "attributes": [{"type": "quantity", "min": 5}],
                    "skus": [{"code": "ot"}]}},
                {"billing": "yearly_monthly", "trial_days": 7, "upgrades": [{}],
                    "pricing": {"skus": [{"code": "ym"}]}},
                {"billing": "nonsense"}
            ]
        });
        let t = Target::read(&v);
        assert_eq!(t.url.as_deref(), Some("https://a.example.org/k"));
        assert_eq!(t.tls_versions, Some(vec!["tls1_2".to_owned()]));
        assert_eq!(t.modes, vec![Billing::YearlyMonthly, Billing::OneTime]);
        assert_eq!(t.trial_modes, vec![Billing::YearlyMonthly]);
        assert!(t.needs_upgrade);
        assert_eq!(t.sku_code.as_deref(), Some("ym"));
        assert_eq!(t.linear_value, Some(5));
        assert_eq!(
            t.interface_pointer("queryInstance"),
            "/production_api/debugged_cases/2"
        );
        assert_eq!(
            t.interface_pointer("releaseInstance"),
            "/production_api/debugged_cases"
        );
        assert_eq!(t.tls_pointer(), "/production_api/tls_versions");
        let empty = Target::read(&json!({}));
        assert_eq!(empty.interface_pointer("newInstance"), URL_POINTER);
        assert_eq!(empty.tls_pointer(), URL_POINTER);
    }
}
