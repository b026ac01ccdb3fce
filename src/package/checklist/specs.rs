//! The specifications section: billing, periods, trial, test spec and a pricing table per
//! spec (per SKU, per period, tiers spelled out as ranges).

use crate::model::{
    Attribute, Billing, FactorMode, PackageKind, Pricing, QuantityMode, Specification,
};

use crate::package::markdown::{code, code_list, table, text};
use crate::package::{
    Prepared, accumulation_label, cycle_label, factor_mode_label, package_kind_label, period_label,
    price_for, spec_periods, template_label, yes_no,
};

use super::{List, Md, fields};

pub(super) fn specifications(p: &Prepared, md: &mut Md) {
    md.heading(2, "8. Specifications");
    let listed = p
        .specs
        .iter()
        .filter(|s| s.is_listed() && !s.is_test())
        .count();
    md.block(&format!(
        "Add {} specification{} in this order ({} listed for sale). Prices are in {}, \
         written exactly as in the manifest.",
        p.specs.len(),
        if p.specs.len() == 1 { "" } else { "s" },
        listed,
        code(&p.currency, false)
    ));
    let mut l = List::default();
    l.check(&p.check(
        "The currency is an active ISO 4217 code",
        &["PRC017"],
        "/product",
    ));
    l.check(&p.check(
        "At least one specification is listed for sale",
        &["SPC013"],
        "",
    ));
    let attributes: Vec<String> = p
        .specs
        .iter()
        .flat_map(|s| match &s.pricing {
            Pricing::Custom { attributes, .. } => {
                attributes.iter().map(|a| a.code().to_owned()).collect()
            }
            _ => Vec::new(),
        })
        .fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
    if !attributes.is_empty() {
        l.todo(&format!(
            "The custom attributes of the specifications exist under **Product Management > Product Attributes**: {}",
            code_list(&attributes, false)
        ));
    }
    md.list(&l);
    for (i, spec) in p.specs.iter().enumerate() {
        specification(p, md, i, spec);
    }
}

fn specification(p: &Prepared, md: &mut Md, i: usize, s: &Specification) {
    md.heading(
        3,
        &format!("8.{} {} ({})", i + 1, text(&s.name), code(&s.code, false)),
    );
    let ym = s.billing == Billing::YearlyMonthly;
    let mut rows = vec![
        ("Specification Name", code(&s.name, true)),
        ("Billing Mode", code(s.billing.label(), true)),
    ];
    if ym {
        let periods: Vec<&str> = spec_periods(s)
            .into_iter()
            .flatten()
            .map(period_label)
            .collect();
        rows.push(("Periods", code_list(&periods, true)));
        rows.push(("Allow Trial", code(yes_no(s.trial_days.is_some()), true)));
    }
    if let Some(days) = s.trial_days {
        let released = p
            .later
            .as_ref()
            .is_some_and(|l| l.released_specs.contains(&s.code));
        rows.push((
            "Trial Days",
            format!(
                "{} — **{}**",
                code(&days.to_string(), true),
                if released {
                    "released: cannot be cancelled or changed"
                } else {
                    "cannot be cancelled or changed once released"
                }
            ),
        ));
    }
    rows.push(("Pricing Template", code(template_label(&s.pricing), true)));
    if !s.upgrade_rules().is_empty() {
        let rules: Vec<String> = s
            .upgrade_rules()
            .iter()
            .map(|u| {
                format!(
                    "{}: {} → {}",
                    code(&u.attribute, true),
                    code(&u.from, true),
                    code(&u.to, true)
                )
            })
            .collect();
        rows.push(("Upgrade rules", rules.join("; ")));
    }
    if s.scales_out() {
        rows.push((
            "Scale-out",
            format!(
                "{} (buyers may raise the quantity during the validity period)",
                code("Yes", true)
            ),
        ));
    }
    if s.is_test() {
        rows.push((
            "Test specification",
            "yes: KooGallery removes it after the release test".to_owned(),
        ));
    }
    if !s.is_listed() {
        rows.push((
            "Listed",
            "no: take it off the catalog (released specifications cannot be deleted)".to_owned(),
        ));
    }
    md.block(&fields(rows));
    pricing_tables(p, md, s);

    let scope = format!("/specifications/{i}");
    let sc = scope.as_str();
    let mut l = List::default();
    l.check(&p.check(
        "Code and name are unique; the code is lowercase letters, digits and hyphens",
        &["SPC001", "SPC002"],
        sc,
    ));
    l.check(&p.check("Periods fit the billing mode", &["SPC003"], sc));
    if s.trial_days.is_some() {
        l.check(&p.check(
            "The trial is on a yearly/monthly specification, 1 to 30 days",
            &["SPC004", "SPC005"],
            sc,
        ));
    }
    l.check(&p.check(
        "The pricing template fits the billing mode",
        &["PRC001"],
        sc,
    ));
    l.check(&p.check(
        "Prices: none negative, at most 2 decimals (4 for pay-per-use unit prices), one for each offered period",
        &["PRC002", "PRC003", "PRC004"],
        sc,
    ));
    match &s.pricing {
        Pricing::Custom { attributes, skus } => {
            l.check(&p.check(
                "Attribute codes are not reserved; codes and values are unique",
                &["PRC005", "PRC006"],
                sc,
            ));
            let quantity = attributes
                .iter()
                .any(|a| matches!(a, Attribute::Quantity { .. }));
            if quantity {
                l.check(&p.check(
                    "The quantity range is valid (min ≤ max, step divides it)",
                    &["PRC007"],
                    sc,
                ));
            }
            l.check(&p.check(
                "SKUs name valid values, are unique, and cover every combination",
                &["PRC008", "PRC009", "PRC010"],
                sc,
            ));
            l.check(&p.check(
                "Quantity pricing is given exactly when there is a quantity attribute",
                &["PRC011"],
                sc,
            ));
            let tiered = skus.iter().any(|k| {
                k.quantity_pricing
                    .as_ref()
                    .is_some_and(|q| q.mode == QuantityMode::Tiered)
            });
            if tiered {
                l.check(&p.check(
                    "Tiers run from the minimum to the maximum without gap or overlap",
                    &["PRC012"],
                    sc,
                ));
            }
        }
        Pricing::PayPerUse { factors, packages } => {
            l.check(&p.check(
                "Billing factors are unique, and each has a price or tiers as its mode needs",
                &["PRC013"],
                sc,
            ));
            l.check(&p.check(
                "Only tiered factors have an accumulation cycle, and every tiered one has",
                &["PRC014"],
                sc,
            ));
            if factors.iter().any(|f| f.mode != FactorMode::Fixed) {
                l.check(&p.check(
                    "Usage tiers start at 0 and follow each other without gap",
                    &["PRC012"],
                    sc,
                ));
            }
            if packages.as_ref().is_some_and(|p| !p.is_empty()) {
                l.check(&p.check(
                    "Packages name a factor of this specification, have a positive quota and unique codes",
                    &["PRC015"],
                    sc,
                ));
            }
        }
        Pricing::Simple { .. } => {}
    }
    if !s.upgrade_rules().is_empty() || s.scales_out() {
        l.check(&p.check("Upgrade rules and scale-out are valid", &["SPC011"], sc));
    }
    if s.is_test() {
        l.check(&p.check(
            "The test specification is yearly/monthly, priced 0, with a 3-day trial",
            &["SPC008"],
            sc,
        ));
    } else if s.is_listed() {
        l.check(&p.check("Something in it is not free", &["PRC016"], sc));
    }
    if let Some(later) = &p.later
        && later.released_specs.contains(&s.code)
    {
        l.check(&p.check("Its trial is as released", &["REL002"], sc));
        l.check(&p.check("Its billing mode is as released", &["REL005"], sc));
        l.check(&p.check("Its pricing is as released", &["REL007"], sc));
    }
    md.list(&l);
}

/// An amount with the currency: `20 USD`.
fn money(p: &Prepared, a: &crate::decimal::Amount) -> String {
    format!("{} {}", text(a.text()), text(&p.currency))
}

fn pricing_tables(p: &Prepared, md: &mut Md, s: &Specification) {
    let periods = spec_periods(s);
    let period_headers: Vec<&str> = periods
        .iter()
        .map(|p| p.map(period_label).unwrap_or("One-time"))
        .collect();
    match &s.pricing {
        Pricing::Simple { price } => {
            let row: Vec<String> = periods
                .iter()
                .map(|&per| {
                    price_for(price, per)
                        .map(|a| money(p, a))
                        .unwrap_or_else(|| "—".to_owned())
                })
                .collect();
            md.block(&format!("Price in {}:", code(&p.currency, false)));
            md.block(&table(&period_headers, &[row]));
        }
        Pricing::Custom { attributes, skus } => {
            let enums: Vec<&Attribute> = attributes
                .iter()
                .filter(|a| matches!(a, Attribute::Enumeration { .. }))
                .collect();
            let quantity = attributes.iter().find_map(|a| match a {
                Attribute::Quantity {
                    name,
                    min,
                    max,
                    step,
                    unit,
                    code: c,
                } => Some((name, *min, *max, *step, unit, c)),
                Attribute::Enumeration { .. } => None,
            });
            let mut attr_rows = Vec::new();
            for a in attributes {
                attr_rows.push(match a {
                    Attribute::Enumeration {
                        code: c,
                        name,
                        values,
                    } => vec![
                        code(c, true),
                        text(name),
                        "Enumeration".to_owned(),
                        code_list(values, true),
                    ],
                    Attribute::Quantity {
                        code: c,
                        name,
                        min,
                        max,
                        step,
                        unit,
                    } => vec![
                        code(c, true),
                        text(name),
                        "Quantity".to_owned(),
                        format!("{min} to {max}, step {step}, unit {}", code(unit, true)),
                    ],
                });
            }
            md.block("Attributes:");
            md.block(&table(&["Attribute", "Name", "Type", "Values"], &attr_rows));

            let mut headers: Vec<String> = vec!["SKU".to_owned()];
            headers.extend(enums.iter().map(|a| text(a.name())));
            if quantity.is_some() {
                headers.push("Charge".to_owned());
            }
            headers.extend(period_headers.iter().map(|h| (*h).to_owned()));
            let mut rows = Vec::new();
            for sku in skus {
                let mut lead = vec![code(&sku.code, true)];
                for a in &enums {
                    lead.push(
                        sku.values
                            .get(a.code())
                            .map(|v| code(v, true))
                            .unwrap_or_else(|| "—".to_owned()),
                    );
                }
                let amounts = |price: &crate::model::Price| -> Vec<String> {
                    periods
                        .iter()
                        .map(|&per| {
                            price_for(price, per)
                                .map(|a| money(p, a))
                                .unwrap_or_else(|| "—".to_owned())
                        })
                        .collect()
                };
                let mut row = lead.clone();
                if quantity.is_some() {
                    row.push("base price".to_owned());
                }
                row.extend(amounts(&sku.price));
                rows.push(row);
                if let (Some(q), Some((name, min, max, _, unit, _))) =
                    (&sku.quantity_pricing, quantity)
                {
                    match q.mode {
                        QuantityMode::Linear => {
                            if let Some(u) = &q.unit_price {
                                let mut row = lead.clone();
                                row.push(format!(
                                    "per {}, {} {min} to {max} (linear)",
                                    text(unit),
                                    text(name)
                                ));
                                row.extend(amounts(u));
                                rows.push(row);
                            }
                        }
                        QuantityMode::Tiered => {
                            for t in q.tiers.iter().flatten() {
                                let mut row = lead.clone();
                                row.push(format!(
                                    "per {}, {} {} to {}",
                                    text(unit),
                                    text(name),
                                    t.from,
                                    t.to
                                ));
                                row.extend(amounts(&t.unit_price));
                                rows.push(row);
                            }
                        }
                    }
                }
            }
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            md.block(&format!("Prices per SKU in {}:", code(&p.currency, false)));
            md.block(&table(&headers, &rows));
        }
        Pricing::PayPerUse { factors, packages } => {
            let mut rows = Vec::new();
            for f in factors {
                let mode = match f.accumulation_cycle {
                    Some(c) => format!(
                        "{}, accumulated per {}",
                        factor_mode_label(f.mode),
                        accumulation_label(c).to_lowercase()
                    ),
                    None => factor_mode_label(f.mode).to_owned(),
                };
                let lead = vec![
                    code(&f.name, true),
                    text(&f.unit),
                    cycle_label(f.cycle).to_owned(),
                    mode,
                ];
                if let Some(price) = &f.price {
                    let mut row = lead.clone();
                    row.push("any".to_owned());
                    row.push(money(p, price));
                    rows.push(row);
                }
                for t in f.tiers.iter().flatten() {
                    let mut row = lead.clone();
                    row.push(match &t.to {
                        Some(to) => format!("{} to under {}", text(t.from.text()), text(to.text())),
                        None => format!("{} and above", text(t.from.text())),
                    });
                    row.push(money(p, &t.unit_price));
                    rows.push(row);
                }
            }
            md.block(&format!(
                "Billing factors, unit prices in {}:",
                code(&p.currency, false)
            ));
            md.block(&table(
                &[
                    "Billing factor",
                    "Unit",
                    "Billing cycle",
                    "Price mode",
                    "Usage",
                    "Unit price",
                ],
                &rows,
            ));
            let packages = packages.as_deref().unwrap_or_default();
            if !packages.is_empty() {
                let rows: Vec<Vec<String>> = packages
                    .iter()
                    .map(|k| {
                        let unit = factors
                            .iter()
                            .find(|f| f.name == k.factor)
                            .map(|f| format!(" {}", text(&f.unit)))
                            .unwrap_or_default();
                        vec![
                            code(&k.code, true),
                            text(&k.name),
                            format!(
                                "{}: {}",
                                package_kind_label(k.kind),
                                match k.kind {
                                    PackageKind::Package => "quota first, then pay-per-use",
                                    PackageKind::StopBeforeExcess =>
                                        "the service stops when the quota is used up",
                                }
                            ),
                            format!(
                                "{}{unit} of {}",
                                text(k.quota.text()),
                                code(&k.factor, true)
                            ),
                            money(p, &k.price),
                            format!("1 {}", k.validity.as_str()),
                        ]
                    })
                    .collect();
                md.block("Packages:");
                md.block(&table(
                    &["Package", "Name", "Type", "Quota", "Price", "Validity"],
                    &rows,
                ));
            }
        }
    }
}
