//! The pay-per-use template: billing factors (PRC013, PRC014), their usage tiers (PRC012)
//! and prepaid packages (PRC015).

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{PRC012, PRC013, PRC014, PRC015, called, list};
use crate::finding::Finding;
use crate::model::tolerant::{Factor, Package, UsageTier};
use crate::model::{FactorMode, Known, Optional, OptionalList};

/// PRC012–PRC015 for one pay-per-use spec.
pub(super) fn pay_per_use(
    p: &str,
    factors: &Known<Vec<Known<Factor>>>,
    packages: &Option<Known<Vec<Known<Package>>>>,
    out: &mut Vec<Finding>,
) {
    let items = factors.get();
    if items.is_some_and(Vec::is_empty) {
        out.push(
            Finding::new(&PRC013, format!("{p}/factors"), "the pay-per-use template has no billing factor")
                .help("add at least one factor: `{ name: calls, unit: call, cycle: hourly, mode: fixed, price: 0.001 }`"),
        );
    }
    let mut names: HashSet<&str> = HashSet::new();
    // Every factor's name is known: a package's factor can be looked up.
    let mut names_whole = items.is_some();
    for (f, factor) in items.into_iter().flatten().enumerate() {
        let Some(factor) = factor.get() else {
            names_whole = false;
            continue;
        };
        let at = format!("{p}/factors/{f}");
        let name = factor.name.str();
        let shown = called(name, f);
        match name {
            Some(name) => {
                if !names.insert(name) {
                    out.push(
                        Finding::new(
                            &PRC013,
                            format!("{at}/name"),
                            format!("factor name `{name}` is used by an earlier factor"),
                        )
                        .help("give every factor its own name; packages refer to factors by name"),
                    );
                }
            }
            None => names_whole = false,
        }
        let Some(mode) = factor.mode.copied() else {
            continue;
        };
        let m = mode.as_str();
        match mode {
            FactorMode::Fixed => {
                if factor.price.is_absent() {
                    out.push(
                        Finding::new(
                            &PRC013,
                            at.clone(),
                            format!("fixed factor {shown} has no `price`"),
                        )
                        .help("add the unit price: `price: 0.001`")
                        .related(format!("{at}/mode"), "a fixed factor has one `price`"),
                    );
                }
                if factor.tiers.is_some() {
                    out.push(
                        Finding::new(
                            &PRC013,
                            format!("{at}/tiers"),
                            format!(
                                "fixed factor {shown} has `tiers`; a fixed factor has one `price`"
                            ),
                        )
                        .help("remove `tiers`, or set `mode: tiered` or `mode: volume`")
                        .at_key(),
                    );
                }
            }
            FactorMode::Tiered | FactorMode::Volume => {
                if factor.price.is_some() {
                    out.push(
                        Finding::new(
                            &PRC013,
                            format!("{at}/price"),
                            format!("{m} factor {shown} has a `price`; a {m} factor is priced by its `tiers`"),
                        )
                        .help("remove `price` (each tier has its `unit_price`), or set `mode: fixed`")
                        .at_key(),
                    );
                }
                match factor.tiers.known() {
                    Some(None) => out.push(
                        Finding::new(&PRC013, at.clone(), format!("{m} factor {shown} has no `tiers`"))
                            .help("add `tiers` with `from`, `to` and `unit_price`; the last tier leaves `to` out")
                            .related(format!("{at}/mode"), format!("a {m} factor is priced by its `tiers`")),
                    ),
                    Some(Some(tiers)) if tiers.is_empty() => out.push(
                        Finding::new(&PRC013, format!("{at}/tiers"), format!("{m} factor {shown} has no tier"))
                            .help("add tiers from 0 up; the last tier leaves `to` out"),
                    ),
                    Some(Some(tiers)) => usage_tiers(&shown, &format!("{at}/tiers"), tiers, out),
                    None => {}
                }
            }
        }
        match (mode, &factor.accumulation_cycle) {
            (FactorMode::Tiered, None) => out.push(
                Finding::new(&PRC014, at.clone(), format!("tiered factor {shown} has no `accumulation_cycle`"))
                    .help("add `accumulation_cycle: month` (or `day`, `year`): the period over which usage adds up to reach the next tier")
                    .related(format!("{at}/mode"), "a tiered factor accumulates usage"),
            ),
            (FactorMode::Fixed | FactorMode::Volume, Some(cycle)) => {
                let set = cycle
                    .get()
                    .map_or_else(|| "an `accumulation_cycle`".to_owned(), |c| format!("`accumulation_cycle: {}`", c.as_str()));
                out.push(
                    Finding::new(
                        &PRC014,
                        format!("{at}/accumulation_cycle"),
                        format!("{m} factor {shown} has {set}; only tiered factors accumulate usage"),
                    )
                    .help("remove `accumulation_cycle`, or set `mode: tiered`")
                    .at_key(),
                );
            }
            _ => {}
        }
    }

    let mut codes: HashSet<&str> = HashSet::new();
    for (q, package) in packages.each() {
        let at = format!("{p}/packages/{q}");
        let shown = called(package.code.str(), q);
        if let Some(factor) = package.factor.str()
            && names_whole
            && !names.contains(factor)
        {
            let known = if names.is_empty() {
                "the spec has no factor".to_owned()
            } else {
                format!(
                    "its factors are {}",
                    list(
                        items
                            .into_iter()
                            .flatten()
                            .filter_map(|f| f.get()?.name.str())
                    )
                )
            };
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/factor"),
                    format!("package {shown} is a quota of factor `{factor}`, which the spec does not have; {known}"),
                )
                .help("name the factor exactly as in `factors`"),
            );
        }
        if let Some(quota) = package.quota.get()
            && quota.value() <= Decimal::ZERO
        {
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/quota"),
                    format!("package {shown} has quota `{quota}`; a quota is above 0"),
                )
                .help("give the number of factor units the package prepays, e.g. `quota: 1000000`"),
            );
        }
        if let Some(code) = package.code.str()
            && !codes.insert(code)
        {
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/code"),
                    format!("package code `{code}` is used by an earlier package"),
                )
                .help("give every package its own code"),
            );
        }
    }
}

/// PRC012 for the tiers of one pay-per-use factor. A tier or bound the manifest leaves
/// unknown silences the checks that need it.
fn usage_tiers(name: &str, at: &str, tiers: &[Known<UsageTier>], out: &mut Vec<Finding>) {
    let last = tiers.len().saturating_sub(1);
    for (t, tier) in tiers.iter().enumerate() {
        let Some(tier) = tier.get() else {
            continue;
        };
        let from = tier.from.get();
        let mut problems = Vec::new();
        if let Some(from) = from {
            if t == 0 {
                if !from.value().is_zero() {
                    problems.push(format!("the first tier starts at {from}, not at 0"));
                }
            } else if let Some(prev) = tiers
                .get(t - 1)
                .and_then(Known::get)
                .and_then(|p| p.to.valid())
                && from.value() != prev.value()
            {
                problems.push(format!(
                    "it starts at {from}, not at the previous tier's `to` {prev}"
                ));
            }
        }
        match tier.to.known() {
            Some(Some(to)) => {
                if let Some(from) = from
                    && from.value() >= to.value()
                {
                    problems.push(format!("`from` {from} is not below `to` {to}"));
                }
                if t == last {
                    problems.push(format!(
                        "the last tier has `to` {to}, so usage of {to} and more has no price; leave `to` out"
                    ));
                }
            }
            Some(None) if t != last => {
                problems.push("only the last tier may leave `to` out".to_owned())
            }
            _ => {}
        }
        if !problems.is_empty() {
            let start = from.map_or_else(|| "…".to_owned(), ToString::to_string);
            let range = match tier.to.known() {
                Some(Some(to)) => format!("[{start}, {to})"),
                _ => format!("[{start}, …)"),
            };
            out.push(
                Finding::new(
                    &PRC012,
                    format!("{at}/{t}"),
                    format!("tier {range} of factor {name}: {}", problems.join("; ")),
                )
                .help("tiers are [from, to): the first from 0, each next from the previous `to`, only the last without `to`"),
            );
        }
    }
}
