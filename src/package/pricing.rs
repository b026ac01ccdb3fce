//! `pricing.csv`: every price of every specification, one row per spec × SKU (or billing
//! factor, or package) × period × tier, written per RFC 4180 (CRLF line ends, a header row,
//! fields quoted when they hold a comma, a quote or a line break). Money is written exactly
//! as in the manifest.

use crate::model::{Attribute, Pricing, QuantityMode, Specification};

use super::{Prepared, price_for, spec_periods};

/// The header row, in column order.
pub const COLUMNS: [&str; 13] = [
    "spec_code",
    "spec_name",
    "billing",
    "item",
    "sku_code",
    "attributes",
    "period",
    "tier_from",
    "tier_to",
    "price",
    "unit_price",
    "unit",
    "currency",
];

/// One row of `pricing.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub spec_code: String,
    pub spec_name: String,
    pub billing: String,
    /// `price` (simple template), `sku`, `factor` or `package`.
    pub item: String,
    /// The SKU code, the billing factor's name, or the package code.
    pub sku_code: String,
    /// `code=value` pairs joined by `;`: a SKU's enumeration values in attribute order; a
    /// factor's `mode` and `accumulation_cycle`; a package's `name`, `kind`, `factor`, `quota`.
    pub attributes: String,
    /// `month`/`year`; a factor's billing cycle (`hourly`/`daily`); a package's validity;
    /// empty for a one-time price.
    pub period: String,
    pub tier_from: String,
    /// Empty for the last, open-ended pay-per-use tier.
    pub tier_to: String,
    pub price: String,
    pub unit_price: String,
    /// The quantity attribute's unit, or the factor's unit.
    pub unit: String,
    pub currency: String,
}

impl Row {
    fn fields(&self) -> [&str; 13] {
        [
            &self.spec_code,
            &self.spec_name,
            &self.billing,
            &self.item,
            &self.sku_code,
            &self.attributes,
            &self.period,
            &self.tier_from,
            &self.tier_to,
            &self.price,
            &self.unit_price,
            &self.unit,
            &self.currency,
        ]
    }
}

/// Every row, specs in file order, then SKUs, periods and tiers in file order.
pub fn rows(p: &Prepared) -> Vec<Row> {
    let mut out = Vec::new();
    for spec in &p.specs {
        spec_rows(spec, &p.currency, &mut out);
    }
    out
}

fn spec_rows(spec: &Specification, currency: &str, out: &mut Vec<Row>) {
    let base = Row {
        spec_code: spec.code.clone(),
        spec_name: spec.name.clone(),
        billing: spec.billing.as_str().to_owned(),
        currency: currency.to_owned(),
        ..Row::default()
    };
    let periods = spec_periods(spec);
    let period_text = |p: Option<crate::model::Period>| p.map(|p| p.as_str()).unwrap_or("");
    match &spec.pricing {
        Pricing::Simple { price } => {
            for &period in &periods {
                if let Some(a) = price_for(price, period) {
                    out.push(Row {
                        item: "price".to_owned(),
                        period: period_text(period).to_owned(),
                        price: a.text().to_owned(),
                        ..base.clone()
                    });
                }
            }
        }
        Pricing::Custom { attributes, skus } => {
            let quantity = attributes.iter().find_map(|a| match a {
                Attribute::Quantity { min, max, unit, .. } => Some((*min, *max, unit.as_str())),
                Attribute::Enumeration { .. } => None,
            });
            for sku in skus {
                let mut values: Vec<String> = Vec::new();
                for a in attributes {
                    if let Some(v) = sku.values.get(a.code()) {
                        values.push(format!("{}={v}", a.code()));
                    }
                }
                for (k, v) in &sku.values {
                    if !attributes.iter().any(|a| a.code() == k) {
                        values.push(format!("{k}={v}"));
                    }
                }
                let sku_base = Row {
                    item: "sku".to_owned(),
                    sku_code: sku.code.clone(),
                    attributes: values.join(";"),
                    ..base.clone()
                };
                for &period in &periods {
                    let Some(amount) = price_for(&sku.price, period) else {
                        continue;
                    };
                    let row = Row {
                        period: period_text(period).to_owned(),
                        price: amount.text().to_owned(),
                        ..sku_base.clone()
                    };
                    let unit = quantity.map(|q| q.2.to_owned()).unwrap_or_default();
                    match (&sku.quantity_pricing, quantity) {
                        (Some(qp), Some((min, max, _))) if qp.mode == QuantityMode::Linear => {
                            let unit_price = qp
                                .unit_price
                                .as_ref()
                                .and_then(|u| price_for(u, period))
                                .map(|a| a.text().to_owned())
                                .unwrap_or_default();
                            out.push(Row {
                                tier_from: min.to_string(),
                                tier_to: max.to_string(),
                                unit_price,
                                unit,
                                ..row
                            });
                        }
                        (Some(qp), Some(_)) => {
                            for tier in qp.tiers.iter().flatten() {
                                out.push(Row {
                                    tier_from: tier.from.to_string(),
                                    tier_to: tier.to.to_string(),
                                    unit_price: price_for(&tier.unit_price, period)
                                        .map(|a| a.text().to_owned())
                                        .unwrap_or_default(),
                                    unit: unit.clone(),
                                    ..row.clone()
                                });
                            }
                        }
                        _ => out.push(row),
                    }
                }
            }
        }
        Pricing::PayPerUse { factors, packages } => {
            for f in factors {
                let mut attrs = format!("mode={}", f.mode.as_str());
                if let Some(c) = f.accumulation_cycle {
                    attrs.push_str(&format!(";accumulation_cycle={}", c.as_str()));
                }
                let row = Row {
                    item: "factor".to_owned(),
                    sku_code: f.name.clone(),
                    attributes: attrs,
                    period: f.cycle.as_str().to_owned(),
                    unit: f.unit.clone(),
                    ..base.clone()
                };
                match (&f.price, &f.tiers) {
                    (Some(price), _) => out.push(Row {
                        unit_price: price.text().to_owned(),
                        ..row
                    }),
                    (None, Some(tiers)) => {
                        for t in tiers {
                            out.push(Row {
                                tier_from: t.from.text().to_owned(),
                                tier_to: t
                                    .to
                                    .as_ref()
                                    .map(|a| a.text().to_owned())
                                    .unwrap_or_default(),
                                unit_price: t.unit_price.text().to_owned(),
                                ..row.clone()
                            });
                        }
                    }
                    (None, None) => {}
                }
            }
            for pkg in packages.iter().flatten() {
                let unit = factors
                    .iter()
                    .find(|f| f.name == pkg.factor)
                    .map(|f| f.unit.clone())
                    .unwrap_or_default();
                out.push(Row {
                    item: "package".to_owned(),
                    sku_code: pkg.code.clone(),
                    attributes: format!(
                        "name={};kind={};factor={};quota={}",
                        pkg.name,
                        pkg.kind.as_str(),
                        pkg.factor,
                        pkg.quota.text()
                    ),
                    period: pkg.validity.as_str().to_owned(),
                    price: pkg.price.text().to_owned(),
                    unit,
                    ..base.clone()
                });
            }
        }
    }
}

/// The CSV text: the header row, then every row; CRLF after every record.
pub fn csv(rows: &[Row]) -> String {
    let mut s = String::new();
    record(&mut s, &COLUMNS);
    for r in rows {
        record(&mut s, &r.fields());
    }
    s
}

fn record(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push_str("\r\n");
}

/// One field, quoted when RFC 4180 requires it (or when it has leading or trailing space).
pub fn field(f: &str) -> String {
    let needs = f.contains([',', '"', '\r', '\n'])
        || f.starts_with(char::is_whitespace)
        || f.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field(""), "");
    }
}
