//! The custom template: attributes (PRC005–PRC007), SKUs (PRC008, PRC009), combinations no
//! SKU prices (PRC010), quantity pricing (PRC011) and quantity tiers (PRC012).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{
    COMBINATION_EXAMPLES, COMBINATION_WALK, MESSAGE_ATTRIBUTES, PRC005, PRC006, PRC007, PRC008,
    PRC009, PRC010, PRC011, PRC012, RESERVED_CODES, called, list,
};
use crate::finding::Finding;
use crate::load::index::escape_token;
use crate::model::tolerant::{Attribute, QuantityTier, Sku};
use crate::model::{Known, Optional, QuantityMode};

/// A quantity attribute's range, in `i128` so that no arithmetic on it overflows; a bound
/// the manifest leaves unknown is `None`.
#[derive(Clone, Copy)]
struct Range {
    index: usize,
    min: Option<i128>,
    max: Option<i128>,
    step: Option<i128>,
}

/// A range with every bound known and sound: `min ≤ max`, `step > 0` and `max − min` a
/// whole number of steps.
#[derive(Clone, Copy)]
struct Sound {
    min: i128,
    max: i128,
    step: i128,
}

impl Range {
    fn sound(&self) -> Option<Sound> {
        let (min, max, step) = (self.min?, self.max?, self.step?);
        (min <= max && step > 0 && (max - min) % step == 0).then_some(Sound { min, max, step })
    }
}

/// What the attributes say, as far as it is known.
struct Attributes<'a> {
    /// The first attribute of each known code, for the SKU checks.
    by_code: HashMap<&'a str, &'a Attribute>,
    /// Enumeration attributes (first of each code) with their values, each once, in file
    /// order; `None` for the values when the list is not wholly known.
    enums: Vec<(&'a str, Option<Vec<&'a str>>)>,
    /// The first quantity attribute's range.
    quantity: Option<Range>,
    /// Whether the spec has a quantity attribute (`None`: an attribute is unknown).
    has_quantity: Option<bool>,
    /// Every attribute and its code is known.
    whole: bool,
}

/// PRC005–PRC012 for one custom-priced spec.
pub(super) fn custom(
    label: &str,
    p: &str,
    attributes: &Known<Vec<Known<Attribute>>>,
    skus: &Known<Vec<Known<Sku>>>,
    out: &mut Vec<Finding>,
) {
    let attrs = check_attributes(label, p, attributes, out);

    let Some(sku_items) = skus.get() else {
        return;
    };
    let mut sku_codes: HashSet<&str> = HashSet::new();
    // Each combination priced so far → the first SKU's place and code.
    let mut combinations: HashMap<Combination, (usize, Option<&str>)> = HashMap::new();
    for (k, sku) in sku_items.iter().enumerate() {
        let Some(sku) = sku.get() else {
            continue;
        };
        let s = format!("{p}/skus/{k}");
        let name = called(sku.code.str(), k);
        sku_values(sku, &name, &s, &attrs, out);
        if let Some(code) = sku.code.str()
            && !sku_codes.insert(code)
        {
            out.push(
                Finding::new(
                    &PRC009,
                    format!("{s}/code"),
                    format!("SKU code `{code}` is used by an earlier SKU of spec {label}"),
                )
                .help("give every SKU its own code"),
            );
        }
        if let Some(combination) = combination(sku) {
            match combinations.get(&combination) {
                Some(&(first, first_code)) => {
                    let earlier = match first_code {
                        Some(c) if Some(c) != sku.code.str() => format!("SKU `{c}`"),
                        _ => format!("SKU number {} of the list", first + 1),
                    };
                    out.push(
                        Finding::new(
                            &PRC009,
                            format!("{s}/values"),
                            format!(
                                "SKU {name} prices the same combination ({}) as {earlier}",
                                combination_text(&combination)
                            ),
                        )
                        .help("keep one SKU per combination of values"),
                    )
                }
                None => {
                    combinations.insert(combination, (k, sku.code.str()));
                }
            }
        }
        quantity_pricing(sku, &name, &s, &attrs, out);
    }

    unpriced_combinations(p, &attrs, sku_items, out);
}

/// A SKU's values, attribute code → value, in code order.
type Combination<'a> = Vec<(&'a str, &'a str)>;

/// A SKU's combination of values, when every one of them is known.
fn combination(sku: &Sku) -> Option<Combination<'_>> {
    sku.values
        .get()?
        .iter()
        .map(|(k, v)| Some((k.as_str(), v.str()?)))
        .collect()
}

/// PRC005, PRC006 and PRC007 for the attributes; what they say for the SKU checks.
fn check_attributes<'a>(
    label: &str,
    p: &str,
    attributes: &'a Known<Vec<Known<Attribute>>>,
    out: &mut Vec<Finding>,
) -> Attributes<'a> {
    let mut attrs = Attributes {
        by_code: HashMap::new(),
        enums: Vec::new(),
        quantity: None,
        has_quantity: Some(false),
        whole: true,
    };
    let Some(items) = attributes.get() else {
        attrs.has_quantity = None;
        attrs.whole = false;
        return attrs;
    };
    let mut unknown_kind = false;
    let mut quantity_codes = 0;
    for (j, attr) in items.iter().enumerate() {
        let at = format!("{p}/attributes/{j}");
        let Some(attr) = attr.get() else {
            attrs.whole = false;
            unknown_kind = true;
            continue;
        };
        let code = attr.code().str();
        let shown = called(code, j);
        let mut first = true;
        match code {
            Some(code) => {
                if RESERVED_CODES.contains(&code) {
                    out.push(
                        Finding::new(
                            &PRC005,
                            format!("{at}/code"),
                            format!(
                                "attribute code `{code}` is one of KooGallery's preset attributes (`appName`, `version`, `os`, `mode`)"
                            ),
                        )
                        .help("choose another code that says what the attribute is, e.g. `edition` or `plan`"),
                    );
                }
                first = !attrs.by_code.contains_key(code);
                if first {
                    attrs.by_code.insert(code, attr);
                } else {
                    out.push(
                        Finding::new(
                            &PRC006,
                            format!("{at}/code"),
                            format!(
                                "attribute code `{code}` is used by an earlier attribute of spec {label}"
                            ),
                        )
                        .help("give every attribute its own code, or merge the two attributes"),
                    );
                }
            }
            None => attrs.whole = false,
        }
        match attr {
            Attribute::Enumeration { values, .. } => {
                let mut unique = Vec::new();
                let mut values_whole = values.get().is_some();
                if let Some(list) = values.get() {
                    if list.is_empty() {
                        out.push(
                            Finding::new(
                                &PRC006,
                                format!("{at}/values"),
                                format!("enumeration attribute {shown} has no values"),
                            )
                            .help("list the values buyers choose from, or remove the attribute"),
                        );
                    }
                    let mut seen: HashSet<&str> = HashSet::new();
                    for (k, v) in list.iter().enumerate() {
                        let Some(v) = v.str() else {
                            values_whole = false;
                            continue;
                        };
                        if seen.insert(v) {
                            unique.push(v);
                        } else {
                            out.push(
                                Finding::new(
                                    &PRC006,
                                    format!("{at}/values/{k}"),
                                    format!("value `{v}` of attribute {shown} is already listed"),
                                )
                                .help("list each value once"),
                            );
                        }
                    }
                }
                if first && let Some(code) = code {
                    attrs.enums.push((code, values_whole.then_some(unique)));
                }
            }
            Attribute::Quantity { min, max, step, .. } => {
                quantity_codes += 1;
                let range = Range {
                    index: j,
                    min: min.copied().map(i128::from),
                    max: max.copied().map(i128::from),
                    step: step.copied().map(i128::from),
                };
                if let Some(earlier) = attrs.quantity {
                    let earlier_code = items
                        .get(earlier.index)
                        .and_then(Known::get)
                        .map(|a| called(a.code().str(), earlier.index))
                        .unwrap_or_default();
                    out.push(
                        Finding::new(
                            &PRC007,
                            at.clone(),
                            format!(
                                "spec {label} already has the quantity attribute {earlier_code}; {shown} is one too many, custom pricing takes at most one"
                            ),
                        )
                        .help("keep one quantity attribute; make the other an enumeration, or split the spec"),
                    );
                } else {
                    attrs.quantity = Some(range);
                }
                quantity_range(&shown, &at, range, out);
            }
        }
    }
    attrs.has_quantity = if quantity_codes > 0 {
        Some(true)
    } else if unknown_kind {
        None
    } else {
        Some(false)
    };
    attrs
}

/// PRC007 for one quantity attribute.
fn quantity_range(code: &str, at: &str, r: Range, out: &mut Vec<Finding>) {
    if let Some(min) = r.min
        && min < 0
    {
        out.push(
            Finding::new(
                &PRC007,
                format!("{at}/min"),
                format!("quantity attribute {code} starts at {min}, below 0"),
            )
            .help("start the range at 0 or more"),
        );
    }
    if let Some(step) = r.step
        && step <= 0
    {
        out.push(
            Finding::new(
                &PRC007,
                format!("{at}/step"),
                format!("quantity attribute {code} has step {step}; the step must be above 0"),
            )
            .help("use a positive step, e.g. `step: 1`"),
        );
    }
    let (Some(min), Some(max)) = (r.min, r.max) else {
        return;
    };
    if min > max {
        out.push(
            Finding::new(
                &PRC007,
                at,
                format!("quantity attribute {code} has `min` {min} above `max` {max}"),
            )
            .help("swap the bounds, or correct the one that is wrong"),
        );
    } else if let Some(step) = r.step
        && step > 0
        && (max - min) % step != 0
    {
        let below = max - (max - min) % step;
        out.push(
            Finding::new(
                &PRC007,
                at,
                format!(
                    "quantity attribute {code} cannot reach `max` {max} from `min` {min} in steps of {step}"
                ),
            )
            .help(format!(
                "make `max − min` a multiple of `step`: e.g. `max: {below}` or `max: {}`",
                below + step
            )),
        );
    }
}

/// PRC008 for one SKU.
fn sku_values(sku: &Sku, name: &str, s: &str, attrs: &Attributes, out: &mut Vec<Finding>) {
    let Some(values) = sku.values.get() else {
        return;
    };
    let missing: Vec<&str> = attrs
        .enums
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !values.contains_key(*code))
        .collect();
    if !missing.is_empty() {
        out.push(
            Finding::new(
                &PRC008,
                format!("{s}/values"),
                format!(
                    "SKU {name} gives no value for {}",
                    list(missing.iter().copied())
                ),
            )
            .help("give the SKU one value of every enumeration attribute"),
        );
    }
    for (key, value) in values {
        let at = format!("{s}/values/{}", escape_token(key));
        match attrs.by_code.get(key.as_str()) {
            // An attribute the manifest leaves unknown may be this one.
            None if !attrs.whole => {}
            None => {
                let known: Vec<&str> = attrs.enums.iter().map(|(c, _)| *c).collect();
                let known = if known.is_empty() {
                    "the spec has no enumeration attribute".to_owned()
                } else {
                    format!("its enumeration attributes are {}", list(known.into_iter()))
                };
                out.push(
                    Finding::new(
                        &PRC008,
                        at,
                        format!("SKU {name} names `{key}`, which is no attribute of the spec; {known}"),
                    )
                    .help("use the code of one of the spec's enumeration attributes, or remove the key")
                    .at_key(),
                );
            }
            Some(Attribute::Quantity { .. }) => out.push(
                Finding::new(
                    &PRC008,
                    at,
                    format!(
                        "SKU {name} gives a value for the quantity attribute `{key}`; buyers choose the quantity"
                    ),
                )
                .help("remove the key; price the quantity with `quantity_pricing`")
                .at_key(),
            ),
            Some(Attribute::Enumeration { .. }) => {
                let Some(value) = value.str() else {
                    continue;
                };
                let Some(Some(allowed)) = attrs
                    .enums
                    .iter()
                    .find(|(c, _)| *c == key.as_str())
                    .map(|(_, v)| v)
                else {
                    continue;
                };
                if !allowed.contains(&value) {
                    out.push(
                        Finding::new(
                            &PRC008,
                            at,
                            format!(
                                "SKU {name} gives `{key}: {value}`, which is not a value of `{key}` ({})",
                                list(allowed.iter().copied())
                            ),
                        )
                        .help(format!("use one of the values of `{key}`, or add `{value}` to them")),
                    );
                }
            }
        }
    }
}

/// The pointer of the spec's quantity attribute, from a SKU's pointer (`…/pricing/skus/2`).
fn quantity_at(sku: &str, attrs: &Attributes) -> String {
    let pricing = sku.rsplit_once("/skus/").map_or(sku, |(p, _)| p);
    match attrs.quantity {
        Some(q) => format!("{pricing}/attributes/{}", q.index),
        None => format!("{pricing}/attributes"),
    }
}

/// PRC011 and the quantity half of PRC012 for one SKU.
fn quantity_pricing(sku: &Sku, name: &str, s: &str, attrs: &Attributes, out: &mut Vec<Finding>) {
    let Some(has_quantity) = attrs.has_quantity else {
        return;
    };
    let Some(qp) = sku.quantity_pricing.known() else {
        return;
    };
    let Some(qp) = qp else {
        if has_quantity {
            out.push(
                Finding::new(
                    &PRC011,
                    s,
                    format!(
                        "SKU {name} has no `quantity_pricing`, but the spec has a quantity attribute"
                    ),
                )
                .help("add `quantity_pricing` with `mode: linear` and a `unit_price`, or `mode: tiered` and `tiers`")
                .related(quantity_at(s, attrs), "the spec's quantity attribute"),
            );
        }
        return;
    };
    let at = format!("{s}/quantity_pricing");
    if !has_quantity {
        out.push(
            Finding::new(
                &PRC011,
                at,
                format!(
                    "SKU {name} has `quantity_pricing`, but the spec has no quantity attribute"
                ),
            )
            .help("remove `quantity_pricing`, or add a quantity attribute to the spec"),
        );
        return;
    }
    match qp.mode.copied() {
        Some(QuantityMode::Linear) => {
            if qp.unit_price.is_absent() {
                out.push(
                    Finding::new(
                        &PRC011,
                        at.clone(),
                        format!("SKU {name} prices its quantity `linear` without a `unit_price`"),
                    )
                    .help("add the price per unit: `unit_price: { month: 5, year: 50 }`")
                    .related(format!("{at}/mode"), "linear pricing has one `unit_price`"),
                );
            }
            if qp.tiers.is_some() {
                out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/tiers"),
                        format!("SKU {name} prices its quantity `linear`, so its `tiers` would be ignored"),
                    )
                    .help("remove `tiers`, or set `mode: tiered` and remove `unit_price`")
                    .at_key(),
                );
            }
        }
        Some(QuantityMode::Tiered) => {
            if qp.unit_price.is_some() {
                out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/unit_price"),
                        format!("SKU {name} prices its quantity `tiered`, so its `unit_price` would be ignored"),
                    )
                    .help("remove `unit_price` (each tier has its own), or set `mode: linear`")
                    .at_key(),
                );
            }
            match qp.tiers.known() {
                Some(None) => out.push(
                    Finding::new(
                        &PRC011,
                        at.clone(),
                        format!("SKU {name} prices its quantity `tiered` without `tiers`"),
                    )
                    .help("add `tiers`, each with `from`, `to` and `unit_price`, covering the quantity range")
                    .related(format!("{at}/mode"), "tiered pricing needs `tiers`"),
                ),
                Some(Some(tiers)) if tiers.is_empty() => out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/tiers"),
                        format!("SKU {name} prices its quantity `tiered` with no tier"),
                    )
                    .help("add tiers covering the quantity range, or set `mode: linear` with a `unit_price`"),
                ),
                Some(Some(tiers)) => {
                    if let Some(range) = attrs.quantity.and_then(|q| q.sound()) {
                        quantity_tiers(name, &format!("{at}/tiers"), tiers, range, out);
                    }
                }
                None => {}
            }
        }
        None => {}
    }
}

/// PRC012 for the tiers of one SKU's quantity pricing. A tier or bound the manifest leaves
/// unknown silences the checks that need it (the next tier's start needs this one's end).
fn quantity_tiers(
    sku: &str,
    at: &str,
    tiers: &[Known<QuantityTier>],
    r: Sound,
    out: &mut Vec<Finding>,
) {
    let last = tiers.len().saturating_sub(1);
    // The previous tier's `to`: `Some(None)` when it is unknown.
    let mut previous_to: Option<Option<i128>> = None;
    for (t, tier) in tiers.iter().enumerate() {
        let Some(tier) = tier.get() else {
            previous_to = Some(None);
            continue;
        };
        let from = tier.from.copied().map(i128::from);
        let to = tier.to.copied().map(i128::from);
        let mut problems = Vec::new();
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            problems.push(format!("`from` {from} is above `to` {to}"));
        }
        if let Some(from) = from {
            match previous_to {
                None if from != r.min => problems.push(format!(
                    "the first tier starts at {from}, not at the attribute's `min` {}",
                    r.min
                )),
                Some(Some(prev)) if from != prev + r.step => problems.push(format!(
                    "it starts at {from}, not at {} (the previous tier's `to` {prev} + `step` {})",
                    prev + r.step,
                    r.step
                )),
                _ => {}
            }
        }
        if let Some(to) = to
            && t == last
            && to != r.max
        {
            problems.push(format!(
                "the last tier ends at {to}, not at the attribute's `max` {}",
                r.max
            ));
        }
        let off_grid: Vec<String> = [from, to]
            .into_iter()
            .flatten()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|b| (b - r.min) % r.step != 0)
            .map(|b| b.to_string())
            .collect();
        if !off_grid.is_empty() {
            problems.push(format!(
                "{} {} not `min` {} plus a multiple of `step` {}",
                off_grid.join(" and "),
                if off_grid.len() == 1 { "is" } else { "are" },
                r.min,
                r.step
            ));
        }
        previous_to = Some(to);
        if !problems.is_empty() {
            let range = match (from, to) {
                (Some(from), Some(to)) => format!("tier {from}–{to}"),
                _ => format!("tier {}", t + 1),
            };
            out.push(
                Finding::new(
                    &PRC012,
                    format!("{at}/{t}"),
                    format!("{range} of SKU {sku}: {}", problems.join("; ")),
                )
                .help(format!(
                    "tiers run from `min` {} to `max` {} without gap or overlap: each starts at the previous `to` + {}",
                    r.min, r.max, r.step
                )),
            );
        }
    }
}

/// PRC010 for one spec: enumeration combinations no SKU prices. Counts exactly, walks at most
/// `COMBINATION_WALK` combinations for examples, never builds the product. Only when every
/// attribute, value and SKU is known: an unknown one may price the combination.
fn unpriced_combinations(p: &str, attrs: &Attributes, skus: &[Known<Sku>], out: &mut Vec<Finding>) {
    if !attrs.whole {
        return;
    }
    let Some(enums) = attrs
        .enums
        .iter()
        .map(|(code, values)| Some((*code, values.as_ref()?)))
        .collect::<Option<Vec<(&str, &Vec<&str>)>>>()
    else {
        return;
    };
    // An attribute without values is PRC006's; the product is then empty.
    if enums.iter().any(|(_, values)| values.is_empty()) {
        return;
    }
    let Some(combinations) = skus
        .iter()
        .map(|sku| sku.get().and_then(combination))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let total: Option<u128> = enums.iter().try_fold(1u128, |acc, (_, values)| {
        acc.checked_mul(values.len() as u128)
    });
    let priced: HashSet<Vec<usize>> = combinations
        .iter()
        .filter_map(|combination| {
            let map: BTreeMap<&str, &str> = combination.iter().copied().collect();
            enums
                .iter()
                .map(|(code, values)| {
                    let v = map.get(code)?;
                    values.iter().position(|x| x == v)
                })
                .collect::<Option<Vec<usize>>>()
        })
        .collect();
    let priced_count = priced.len() as u128;
    let missing = match total {
        Some(total) if total <= priced_count => return,
        Some(total) => Some(total - priced_count),
        None => None,
    };

    // Walk the product like an odometer, the last attribute turning fastest. With many
    // attributes one example is enough (and it is shortened).
    let wanted = if enums.len() <= MESSAGE_ATTRIBUTES {
        COMBINATION_EXAMPLES
    } else {
        1
    };
    let mut examples = Vec::new();
    let mut index = vec![0usize; enums.len()];
    for _ in 0..COMBINATION_WALK {
        if !priced.contains(&index) {
            let mut pairs: Vec<String> = enums
                .iter()
                .zip(&index)
                .take(MESSAGE_ATTRIBUTES)
                .map(|((code, values), &i)| {
                    format!("{code}: {}", values.get(i).copied().unwrap_or_default())
                })
                .collect();
            if enums.len() > MESSAGE_ATTRIBUTES {
                pairs.push("…".to_owned());
            }
            examples.push(format!("`{}`", pairs.join(", ")));
            if examples.len() == wanted {
                break;
            }
        }
        let mut done = true;
        for (slot, (_, values)) in index.iter_mut().zip(&enums).rev() {
            *slot += 1;
            if *slot < values.len() {
                done = false;
                break;
            }
            *slot = 0;
        }
        if done {
            break;
        }
    }

    let message = if enums.is_empty() {
        "no SKU prices the spec".to_owned()
    } else {
        let mut attrs = enums
            .iter()
            .take(MESSAGE_ATTRIBUTES)
            .map(|(c, _)| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(" × ");
        if enums.len() > MESSAGE_ATTRIBUTES {
            attrs.push_str(&format!(" × … ({} attributes)", enums.len()));
        }
        let noun = if enums.len() == 1 {
            "value"
        } else {
            "combination"
        };
        let count = match (missing, total) {
            (Some(1), _) => format!("1 {noun} of {attrs} has"),
            (Some(n), Some(total)) => format!("{n} of the {total} {noun}s of {attrs} have"),
            _ => format!("more {noun}s of {attrs} than kooship can count have"),
        };
        let shown = if examples.is_empty() {
            String::new()
        } else {
            let more = match missing {
                Some(n) if n <= examples.len() as u128 => "",
                _ => "; …",
            };
            format!(": {}{more}", examples.join("; "))
        };
        format!("{count} no SKU{shown}")
    };
    out.push(Finding::new(&PRC010, format!("{p}/skus"), message).help(
        "add a SKU for each combination buyers may choose, or remove the values no SKU uses",
    ));
}

/// `` `edition: standard`, `region: eu` ``.
fn combination_text(values: &[(&str, &str)]) -> String {
    if values.is_empty() {
        return "no values".to_owned();
    }
    values
        .iter()
        .map(|(k, v)| format!("`{k}: {v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
