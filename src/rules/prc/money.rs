//! Every template's money: the template against the billing mode (PRC001), negative amounts
//! (PRC002), decimals (PRC003), prices against the offered periods (PRC004) and specs where
//! everything is free (PRC016).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use super::{PRC001, PRC002, PRC003, PRC004, PRC016, called, list};
use crate::decimal::Amount;
use crate::finding::Finding;
use crate::model::tolerant::{Price, Pricing, Specification};
use crate::model::{Billing, Known, Optional, OptionalList, Period};

/// A price of the spec (simple price, SKU price, linear or tier unit price).
struct Priced<'a> {
    at: String,
    price: &'a Price,
    what: String,
}

/// One amount of the spec with the decimals it may have.
struct Money<'a> {
    at: String,
    amount: &'a Amount,
    what: String,
    places: u32,
}

/// Every known `Price` of a simple or custom template, with its pointer and a description,
/// and whether every price of the template is known.
fn prices<'a>(pricing: &'a Pricing, p: &str) -> (Vec<Priced<'a>>, bool) {
    let v = RefCell::new(Vec::new());
    let whole = Cell::new(true);
    let add = |at: String, price: &'a Known<Price>, what: String| match price.get() {
        Some(price) => {
            whole.set(whole.get() && price.is_whole());
            v.borrow_mut().push(Priced { at, price, what });
        }
        None => whole.set(false),
    };
    match pricing {
        Pricing::Simple { price } => add(format!("{p}/price"), price, "price".to_owned()),
        Pricing::Custom { skus, .. } => {
            for (k, sku) in skus.each_noting(&whole) {
                let s = format!("{p}/skus/{k}");
                let name = called(sku.code.str(), k);
                add(
                    format!("{s}/price"),
                    &sku.price,
                    format!("price of SKU {name}"),
                );
                let Some(qp) = sku.quantity_pricing.known() else {
                    whole.set(false);
                    continue;
                };
                let Some(qp) = qp else {
                    continue;
                };
                if let Some(unit) = &qp.unit_price {
                    add(
                        format!("{s}/quantity_pricing/unit_price"),
                        unit,
                        format!("unit price of SKU {name}"),
                    );
                }
                for (t, tier) in qp.tiers.each_noting(&whole) {
                    let range = match (tier.from.get(), tier.to.get()) {
                        (Some(from), Some(to)) => format!("tier {from}–{to}"),
                        _ => format!("tier {}", t + 1),
                    };
                    add(
                        format!("{s}/quantity_pricing/tiers/{t}/unit_price"),
                        &tier.unit_price,
                        format!("unit price of {range} of SKU {name}"),
                    );
                }
            }
        }
        Pricing::PayPerUse { .. } => {}
    }
    (v.into_inner(), whole.get())
}

/// Every known amount of the spec's pricing, and whether every amount is known.
fn amounts<'a>(pricing: &'a Pricing, p: &str) -> (Vec<Money<'a>>, bool) {
    let (priced, whole) = prices(pricing, p);
    let whole = Cell::new(whole);
    let v = RefCell::new(Vec::new());
    let add = |at: String, amount: Option<&'a Amount>, what: String, places: u32| match amount {
        Some(amount) => v.borrow_mut().push(Money {
            at,
            amount,
            what,
            places,
        }),
        None => whole.set(false),
    };
    for priced in priced {
        for (suffix, period, amount) in priced.price.amounts() {
            let what = match period {
                Some(period) => format!("the `{}` {}", period.as_str(), priced.what),
                None => format!("the {}", priced.what),
            };
            add(format!("{}{suffix}", priced.at), Some(amount), what, 2);
        }
    }
    if let Pricing::PayPerUse { factors, packages } = pricing {
        for (f, factor) in factors.each_noting(&whole) {
            let at = format!("{p}/factors/{f}");
            let name = called(factor.name.str(), f);
            if let Some(price) = &factor.price {
                add(
                    format!("{at}/price"),
                    price.get(),
                    format!("the price of factor {name}"),
                    4,
                );
            }
            for (t, tier) in factor.tiers.each_noting(&whole) {
                let from = tier
                    .from
                    .get()
                    .map_or_else(|| format!("number {}", t + 1), |f| format!("from {f}"));
                add(
                    format!("{at}/tiers/{t}/unit_price"),
                    tier.unit_price.get(),
                    format!("the unit price of the tier {from} of factor {name}"),
                    4,
                );
            }
        }
        for (q, package) in packages.each_noting(&whole) {
            add(
                format!("{p}/packages/{q}/price"),
                package.price.get(),
                format!("the price of package {}", called(package.code.str(), q)),
                2,
            );
        }
    }
    (v.into_inner(), whole.get())
}

/// PRC001–PRC004 and PRC016 for one spec.
pub(super) fn check_spec(spec: &Specification, base: &str, label: &str, out: &mut Vec<Finding>) {
    let p = format!("{base}/pricing");
    let Some(pricing) = spec.pricing.get() else {
        return;
    };
    let billing = spec.billing.copied();
    if let Some(billing) = billing {
        template_billing(billing, pricing, label, &p, out);
    }

    let (money, whole) = amounts(pricing, &p);
    for m in &money {
        if m.amount.is_negative() {
            out.push(
                Finding::new(
                    &PRC002,
                    m.at.clone(),
                    format!("{} is `{}`, below 0", m.what, m.amount),
                )
                .help("write a positive amount, or 0 for a free price"),
            );
        }
        let decimals = m.amount.decimals();
        if decimals > m.places {
            let kind = if m.places == 2 {
                "money takes at most 2"
            } else {
                "pay-per-use unit prices take at most 4"
            };
            out.push(
                Finding::new(
                    &PRC003,
                    m.at.clone(),
                    format!(
                        "{} is `{}`, with {decimals} decimals; {kind}",
                        m.what, m.amount
                    ),
                )
                .help(format!(
                    "round it to {} decimals; trailing zeros do not count",
                    m.places
                )),
            );
        }
    }
    if spec.is_listed() == Some(true)
        && spec.is_test() == Some(false)
        && whole
        && !money.is_empty()
        && money.iter().all(|m| m.amount.is_zero())
    {
        out.push(
            Finding::new(
                &PRC016,
                base,
                format!(
                    "spec {label} is listed but every one of its {} amounts is 0",
                    money.len()
                ),
            )
            .help("price the spec, mark it `test: true` if it is the release-test spec, or set `listed: false`"),
        );
    }

    if let Some(billing) = billing {
        periods(spec, billing, pricing, label, &p, out);
    }
}

/// PRC001.
fn template_billing(
    billing: Billing,
    pricing: &Pricing,
    label: &str,
    p: &str,
    out: &mut Vec<Finding>,
) {
    let template = pricing.template_name();
    let ppu_template = matches!(pricing, Pricing::PayPerUse { .. });
    let ppu_billing = billing == Billing::PayPerUse;
    if ppu_template && !ppu_billing {
        out.push(
            Finding::new(
                &PRC001,
                format!("{p}/template"),
                format!(
                    "spec {label} bills `{}` but is priced with the `pay_per_use` template",
                    billing.as_str()
                ),
            )
            .help("set `billing: pay_per_use`, or price the spec with `template: simple` or `template: custom`"),
        );
    } else if ppu_billing && !ppu_template {
        out.push(
            Finding::new(
                &PRC001,
                format!("{p}/template"),
                format!(
                    "spec {label} bills `pay_per_use` but is priced with the `{template}` template"
                ),
            )
            .help("price a pay-per-use spec with `template: pay_per_use` and its billing factors"),
        );
    }
}

/// PRC004.
fn periods(
    spec: &Specification,
    billing: Billing,
    pricing: &Pricing,
    label: &str,
    p: &str,
    out: &mut Vec<Finding>,
) {
    match billing {
        Billing::YearlyMonthly => {
            // Without (usable) periods SPC003 reports the spec; with an unknown period, what
            // is offered is unknown. Nothing to compare against either way.
            let Some(declared) = spec.periods.whole().filter(|d| !d.is_empty()) else {
                return;
            };
            let offered: BTreeSet<Period> = declared.into_iter().copied().collect();
            let offered_list = list(offered.iter().map(|p| p.as_str()));
            let example = example_map(&offered);
            for priced in prices(pricing, p).0 {
                match priced.price {
                    Price::Amount(a) => out.push(
                        Finding::new(
                            &PRC004,
                            priced.at.clone(),
                            format!(
                                "the {} is the single amount `{a}`; spec {label} is yearly/monthly and needs a price for each offered period ({offered_list})",
                                priced.what
                            ),
                        )
                        .help(format!("write a price per period: `{example}`")),
                    ),
                    Price::PerPeriod(map) => {
                        let given = |period: &Period| match period {
                            Period::Month => map.month.is_some(),
                            Period::Year => map.year.is_some(),
                        };
                        let missing: Vec<&str> = offered
                            .iter()
                            .filter(|period| !given(period))
                            .map(|period| period.as_str())
                            .collect();
                        if !missing.is_empty() {
                            out.push(
                                Finding::new(
                                    &PRC004,
                                    priced.at.clone(),
                                    format!(
                                        "the {} has no {} amount, but spec {label} offers {}",
                                        priced.what,
                                        list(missing.iter().copied()),
                                        list(missing.iter().copied())
                                    ),
                                )
                                .help(format!("give a price for every offered period: `{example}`")),
                            );
                        }
                        for (suffix, period) in [("/month", Period::Month), ("/year", Period::Year)] {
                            if !given(&period) || offered.contains(&period) {
                                continue;
                            }
                            out.push(
                                Finding::new(
                                    &PRC004,
                                    format!("{}{suffix}", priced.at),
                                    format!(
                                        "the {} gives a `{}` amount, but spec {label} does not offer `{}` (periods: {offered_list})",
                                        priced.what,
                                        period.as_str(),
                                        period.as_str()
                                    ),
                                )
                                .help(format!(
                                    "remove the `{}` price, or add `{}` to the spec's `periods`",
                                    period.as_str(),
                                    period.as_str()
                                )),
                            );
                        }
                    }
                }
            }
        }
        Billing::OneTime => {
            for priced in prices(pricing, p).0 {
                if let Price::PerPeriod(_) = priced.price {
                    out.push(
                        Finding::new(
                            &PRC004,
                            priced.at.clone(),
                            format!(
                                "the {} is a map of periods, but spec {label} is billed `one_time` and takes one amount",
                                priced.what
                            ),
                        )
                        .help("write the one-time price as one amount, e.g. `price: 499`"),
                    );
                }
            }
        }
        // A pay-per-use spec priced with another template is PRC001's finding.
        Billing::PayPerUse => {}
    }
}

/// `{ month: 20, year: 200 }` restricted to the offered periods, for help lines.
fn example_map(offered: &BTreeSet<Period>) -> String {
    let parts: Vec<&str> = offered
        .iter()
        .map(|p| match p {
            Period::Month => "month: 20",
            Period::Year => "year: 200",
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}
