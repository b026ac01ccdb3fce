//! PRC — pricing: templates, prices and their periods, custom attributes and SKUs, quantity
//! and pay-per-use tiers, billing factors, packages and the product currency.
//!
//! Money is read exactly from the YAML text ([`Amount`]); quantities are `i64` and every
//! computation on them is done in `i128`, so that no manifest value can overflow it.

//!
//! The checks are split by template: [`money`] (every template's prices and periods),
//! [`custom`] (attributes, SKUs, quantity pricing), [`pay_per_use`] (factors and packages),
//! [`currency`]. Each reads the tolerant model: a value the manifest leaves unknown silences
//! only the checks that need it.

mod currency;
mod custom;
mod money;
mod pay_per_use;

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::tolerant::Pricing;

pub static AREA: Area = Area {
    prefix: "PRC",
    title: "Pricing",
    rules: &[
        &PRC001, &PRC002, &PRC003, &PRC004, &PRC005, &PRC006, &PRC007, &PRC008, &PRC009, &PRC010,
        &PRC011, &PRC012, &PRC013, &PRC014, &PRC015, &PRC016, &PRC017,
    ],
    check,
};

pub static PRC001: Rule = Rule {
    code: "PRC001",
    name: "template-billing-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::SeedDoc,
    summary: "`pay_per_use` template on another billing mode, or a `pay_per_use` spec with another template.",
    docs: Docs {
        what: "That a spec's pricing `template` fits its `billing`: the `pay_per_use` template \
               only on a `billing: pay_per_use` spec, and a `pay_per_use` spec priced with the \
               `pay_per_use` template (not `simple` or `custom`). The finding points at \
               `template`.",
        why: "KooGallery offers the simple template for yearly/monthly and one-time specs, the \
              custom template for SKUs, and a pay-per-use spec must use the Pay-per-use pricing \
              template with its billing factors. A mismatch cannot be entered in the release \
              form.",
        example: "specifications:\n  - code: api\n    name: API\n    billing: one_time\n    pricing:\n      template: pay_per_use\n      factors:\n        - { name: calls, unit: call, cycle: hourly, mode: fixed, price: 0.001 }\n",
        fix: "Bill the spec `pay_per_use` when it is priced by usage, or price a yearly/monthly or \
              one-time spec with `template: simple` or `template: custom`.",
        source: "Releasing SaaS (pricing templates); Creating a Pay-per-Use SaaS Specification \
                 and Adding a Package (Pricing Template = Pay-per-use).",
    },
};

pub static PRC002: Rule = Rule {
    code: "PRC002",
    name: "price-negative",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "Any price or unit price below 0.",
    docs: Docs {
        what: "Every amount a buyer pays: simple and SKU base prices, quantity unit prices \
               (linear and per tier), pay-per-use factor prices and tier unit prices, and \
               package prices. Each one below 0 is reported at the value.",
        why: "A negative price would credit the buyer; the release form does not accept one, and \
              it is always a typing mistake.",
        example: "pricing:\n  template: simple\n  price: { month: -20, year: 200 }\n",
        fix: "Write the price as a positive amount, or 0 for a free period.",
        source: "kooship's own check.",
    },
};

pub static PRC003: Rule = Rule {
    code: "PRC003",
    name: "price-precision",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "A money value with more than 2 decimals (trailing zeros do not count); pay-per-use factor prices and pay-per-use tier unit prices may have up to 4.",
    docs: Docs {
        what: "The number of significant decimals of every price, read exactly as written: \
               trailing zeros do not count (`19.90` has 1, `19.990` has 2). Base prices, \
               quantity unit prices and package prices are money and take at most 2; the \
               `price` of a pay-per-use factor and the `unit_price` of its tiers take at \
               most 4.",
        why: "Prices are charged in the product currency's minor unit (cents); a third decimal \
              is rounded away by the billing system, so the buyer would not pay what the \
              manifest says. Pay-per-use unit prices are multiplied by usage first, which is \
              why they may be finer.",
        example: "pricing:\n  template: simple\n  price: { month: 19.999, year: 199 }\n",
        fix: "Round the price to cents (`19.99`), or to 4 decimals for a pay-per-use unit price \
              (`0.0015`).",
        source: "Inferred: KooGallery publishes no precision rule; money is assumed to be in \
                 cents, and pay-per-use usage is pushed with at most 4 decimals (Pushing the \
                 Pay-per-Use Resource Usage).",
    },
};

pub static PRC004: Rule = Rule {
    code: "PRC004",
    name: "price-period-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "A price map lacks an offered period, or prices a period the spec does not offer; or a `one_time` price given as a map.",
    docs: Docs {
        what: "Every price of a spec (the simple `price`, each SKU's `price`, each linear \
               `unit_price` and each tier's `unit_price`) against the spec's billing. On a \
               `yearly_monthly` spec the price is a map with a price for every period in \
               `periods` (reported at the map that lacks one) and for no other (reported at \
               that period's price); a single amount there lacks every period and is reported \
               at the amount. On a `one_time` spec the price is one amount, not a map. A \
               `yearly_monthly` spec without `periods` (or with `periods: []`) is SPC003's \
               business and is skipped here.",
        why: "KooGallery asks a yearly/monthly spec for a price per subscription period it \
              offers: a missing price leaves the period unbuyable, and a price for a period \
              that is not offered is silently dropped, so the listing would not show what the \
              seller meant.",
        example: "- code: team\n  name: Team\n  billing: yearly_monthly\n  periods: [month, year]\n  pricing:\n    template: simple\n    price: { month: 20 }\n",
        fix: "Give a price for each offered period (`price: { month: 20, year: 200 }`), remove \
              prices of periods the spec does not offer (or add the period to `periods`), and \
              write a one-time price as one amount (`price: 499`).",
        source: "Releasing SaaS (yearly/monthly prices per period; one-time price).",
    },
};

pub static PRC005: Rule = Rule {
    code: "PRC005",
    name: "attribute-reserved-code",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A custom attribute `code` is `appName`, `version`, `os` or `mode`.",
    docs: Docs {
        what: "The `code` of every custom pricing attribute against KooGallery's preset \
               attributes `appName`, `version`, `os` and `mode`, compared exactly as written \
               (case-sensitive).",
        why: "KooGallery already defines these attributes for every product; a custom attribute \
              may not collide with a preset one, so the attribute cannot be created.",
        example: "attributes:\n  - { code: version, name: Edition, type: enumeration, values: [standard, pro] }\n",
        fix: "Choose another code that says what the attribute is: `edition`, `plan`, `tier`.",
        source: "Managing Product Attributes (preset attributes).",
    },
};

pub static PRC006: Rule = Rule {
    code: "PRC006",
    name: "attribute-duplicate",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "Two attributes share a code, or an enumeration repeats a value, or has none.",
    docs: Docs {
        what: "That the attribute codes of a spec's custom pricing are unique (each later \
               occurrence is reported at its `code`), that an enumeration attribute lists each \
               value once (each repeat is reported at the value), and that it lists at least \
               one (`values: []` is reported at the list).",
        why: "SKUs are combinations of attribute values; KooGallery generates them from the \
              attributes, so an attribute defined twice or a value listed twice makes the SKU \
              table ambiguous, and an enumeration without values yields no SKU at all.",
        example: "attributes:\n  - { code: edition, name: Edition, type: enumeration, values: [standard, pro, standard] }\n",
        fix: "Give every attribute its own code and list every value once; remove an \
              enumeration that has no values.",
        source: "Releasing Multi-SKU Product Specifications; Managing Product Attributes.",
    },
};

pub static PRC007: Rule = Rule {
    code: "PRC007",
    name: "quantity-range-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "`min > max`, `step ≤ 0`, `max − min` not a multiple of `step`, `min < 0`, or more than one quantity attribute.",
    docs: Docs {
        what: "The range of a quantity attribute: `min ≤ max` (reported at the attribute), \
               `step > 0` (at `step`), `max − min` a whole number of steps (at the attribute), \
               `min ≥ 0` (at `min`); and at most one quantity attribute per spec (each later \
               one is reported at its item).",
        why: "A quantity attribute (users, seats, gigabytes) is a value range with a step that \
              buyers pick from; a range that is empty, runs backwards, cannot be walked in \
              steps from `min` to `max`, or goes below zero cannot be offered. KooGallery \
              prices one quantity per SKU.",
        example: "attributes:\n  - { code: seats, name: Seats, type: quantity, min: 1, max: 100, step: 10, unit: seat }\n",
        fix: "Make `max − min` a multiple of `step` (`min: 0, max: 100, step: 10`, or \
              `min: 1, max: 91, step: 10`), keep `step` positive and `min` at 0 or more, and \
              keep one quantity attribute per spec.",
        source: "Releasing Multi-SKU Product Specifications (quantity attributes: value range \
                 and step); Managing Product Attributes.",
    },
};

pub static PRC008: Rule = Rule {
    code: "PRC008",
    name: "sku-values-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A SKU misses an enumeration attribute, names an unknown attribute or value, or gives a value for the quantity attribute.",
    docs: Docs {
        what: "Each SKU's `values` against the spec's attributes: every enumeration attribute \
               has a value (reported at `values`, naming the missing ones), every key is an \
               attribute of the spec (an unknown one is reported at the key), every value is \
               one of its attribute's values (at the value), and the quantity attribute has \
               no value (at its key): the buyer chooses the quantity.",
        why: "A SKU is one combination of enumeration values; KooGallery builds the SKU table \
              from the attributes, so a SKU that names something the attributes do not define, \
              or leaves one out, has no row to price.",
        example: "attributes:\n  - { code: edition, name: Edition, type: enumeration, values: [standard, pro] }\nskus:\n  - code: team-gold\n    values: { edition: gold }\n    price: { month: 40, year: 400 }\n",
        fix: "Give every SKU one listed value for each enumeration attribute, fix misspelt \
              codes and values, and leave the quantity attribute out of `values`.",
        source: "Releasing Multi-SKU Product Specifications.",
    },
};

pub static PRC009: Rule = Rule {
    code: "PRC009",
    name: "sku-duplicate",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "Two SKUs share a code or the same combination of values.",
    docs: Docs {
        what: "Within a spec, that SKU codes are unique (each later SKU is reported at its \
               `code`) and that no two SKUs give the same `values` (each later SKU is reported \
               at its `values`).",
        why: "Each combination of attribute values is one SKU with one price; two prices for \
              the same combination leave KooGallery (and the buyer) to guess which applies, and \
              the SKU code identifies the SKU to the seller's system.",
        example: "skus:\n  - { code: team-std, values: { edition: standard }, price: { month: 20 } }\n  - { code: team-std-2, values: { edition: standard }, price: { month: 25 } }\n",
        fix: "Keep one SKU per combination and give each SKU its own code.",
        source: "Releasing Multi-SKU Product Specifications.",
    },
};

pub static PRC010: Rule = Rule {
    code: "PRC010",
    name: "sku-combination-unpriced",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "A combination of enumeration values that no SKU prices.",
    docs: Docs {
        what: "The combinations of the enumeration attributes' values (their cartesian \
               product) against the SKUs. One finding per spec, at `skus`, counting the \
               combinations no SKU prices and naming the first few. Only the first 1,000 \
               combinations are walked to find examples, so a huge product costs nothing.",
        why: "KooGallery generates the SKU table from the attributes; a combination without a \
              price is either offered at no price or must be disabled by hand in the Seller \
              Console, and a value no SKU uses is usually a mistake.",
        example: "attributes:\n  - { code: edition, name: Edition, type: enumeration, values: [standard, pro] }\n  - { code: region, name: Region, type: enumeration, values: [eu, asia] }\nskus:\n  - { code: std-eu, values: { edition: standard, region: eu }, price: 20 }\n  - { code: pro-eu, values: { edition: pro, region: eu }, price: 40 }\n",
        fix: "Add a SKU for each combination buyers may choose, or remove the values that no SKU \
              uses (split the spec when the combinations really differ).",
        source: "Inferred from Releasing Multi-SKU Product Specifications (SKUs are generated \
                 from the selected attributes).",
    },
};

pub static PRC011: Rule = Rule {
    code: "PRC011",
    name: "quantity-pricing-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "A quantity attribute without `quantity_pricing` on a SKU, or `quantity_pricing` with no quantity attribute, or `linear` without `unit_price`, or `tiered` without `tiers`.",
    docs: Docs {
        what: "Each SKU's `quantity_pricing` against the spec's attributes: with a quantity \
               attribute every SKU needs one (reported at the SKU); without one it is not \
               allowed (at `quantity_pricing`). `mode: linear` needs `unit_price` and \
               `mode: tiered` needs at least one tier (at `quantity_pricing`, or at an empty \
               `tiers`). A `tiers` list on a linear SKU or a `unit_price` on a tiered one is \
               reported at that key too: it would be silently ignored.",
        why: "On KooGallery the quantity attribute of a SKU is priced either linearly (one \
              unit price) or by tiers; a SKU without that pricing cannot be sold by quantity, \
              and pricing for a quantity the spec does not have means nothing.",
        example: "skus:\n  - code: team-standard\n    values: { edition: standard }\n    price: { month: 20, year: 200 }\n    quantity_pricing:\n      mode: tiered\n",
        fix: "Give each SKU `quantity_pricing` with `mode: linear` and a `unit_price`, or \
              `mode: tiered` and its `tiers`; remove it when the spec has no quantity \
              attribute.",
        source: "Releasing SaaS (custom template: linear or tiered pricing of quantity \
                 attributes).",
    },
};

pub static PRC012: Rule = Rule {
    code: "PRC012",
    name: "tiers-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::SeedDoc,
    summary: "Custom quantity tiers (integers, inclusive): the first `from` is `min`, each next `from` is the previous `to` + `step`, the last `to` is `max`, every bound is `min` + a multiple of `step`, and `from ≤ to`. Pay-per-use tiers (decimals, half-open `[from, to)`): the first `from` is 0, each next `from` equals the previous `to`, `from < to`, and the last tier, and only the last, omits `to`. Anything else fires, once per offending tier.",
    docs: Docs {
        what: "The tiers of tiered quantity pricing and of tiered or volume pay-per-use \
               factors, one finding per offending tier, at the tier, naming every problem of \
               that tier. Quantity tiers are inclusive integer ranges that must cover the \
               quantity attribute from `min` to `max` in file order, without gap or overlap, \
               on the attribute's step grid; they are checked only when the attribute's range \
               itself is sound (PRC007). Pay-per-use tiers are half-open decimal ranges \
               `[from, to)` starting at 0, each starting where the previous one ended, the last \
               one open-ended.",
        why: "Every quantity a buyer can choose, and every amount of usage, must fall in \
              exactly one tier: a gap leaves quantities without a price, an overlap gives them \
              two, and a closed last pay-per-use tier leaves heavy usage unpriced.",
        example: "quantity_pricing:\n  mode: tiered\n  tiers:\n    - { from: 1, to: 10, unit_price: { month: 5, year: 50 } }\n    - { from: 12, to: 100, unit_price: { month: 4, year: 40 } }   # 11 is in no tier\n",
        fix: "Start the first tier at the attribute's `min` (at 0 for usage), start each next \
              tier right after the previous one (`to` + `step`; for usage at the previous \
              `to`), end the last quantity tier at `max`, and leave `to` out of the last \
              usage tier only.",
        source: "Releasing SaaS (tiered pricing); Creating a Pay-per-Use SaaS Specification and \
                 Adding a Package (tiered and volume price modes).",
    },
};

pub static PRC013: Rule = Rule {
    code: "PRC013",
    name: "factor-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A pay-per-use template without factors, a factor whose `mode` and `price`/`tiers` disagree, or two factors with one name.",
    docs: Docs {
        what: "The billing factors of a `pay_per_use` template: at least one (`factors: []` is \
               reported at the list); a `fixed` factor has a `price` and no `tiers`, a \
               `tiered` or `volume` factor has at least one tier and no `price` (a missing key \
               is reported at the factor, a superfluous one at its key, an empty `tiers` at \
               the list); and factor names are unique in the spec (each later one at its \
               `name`).",
        why: "A pay-per-use spec bills usage through its billing factors, each with a billing \
              cycle and a price mode; KooGallery needs at least one, a fixed factor is one unit \
              price and a tiered or volume factor a list of tiers. Packages refer to factors by \
              name, so a name must say which one.",
        example: "factors:\n  - { name: calls, unit: call, cycle: hourly, mode: volume, price: 0.002 }\n",
        fix: "Give a `fixed` factor a `price`, give a `tiered` or `volume` factor `tiers`, and \
              name each factor once.",
        source: "Creating a Pay-per-Use SaaS Specification and Adding a Package; Pay-per-Use \
                 Specifications/Packages.",
    },
};

pub static PRC014: Rule = Rule {
    code: "PRC014",
    name: "accumulation-cycle-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "`tiered` factor without `accumulation_cycle`, or one set on `fixed`/`volume`.",
    docs: Docs {
        what: "That a `tiered` pay-per-use factor has an `accumulation_cycle` (reported at the \
               factor) and that a `fixed` or `volume` factor has none (reported at the key).",
        why: "Tiered pricing sums usage over an accumulation cycle (day, month, year) to know \
              which tier applies; KooGallery asks for the cycle on tiered factors only, and \
              fixed and volume prices do not accumulate.",
        example: "factors:\n  - name: calls\n    unit: call\n    cycle: hourly\n    mode: tiered\n    tiers:\n      - { from: 0, to: 1000, unit_price: 0.002 }\n      - { from: 1000, unit_price: 0.001 }\n",
        fix: "Add `accumulation_cycle: month` (or `day`, `year`) to a tiered factor; remove it \
              from a fixed or volume one.",
        source: "Creating a Pay-per-Use SaaS Specification and Adding a Package (accumulation \
                 cycle for tiered pricing only).",
    },
};

pub static PRC015: Rule = Rule {
    code: "PRC015",
    name: "package-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A package whose `factor` names no factor of its spec, whose `quota` is not positive, or whose `code` repeats.",
    docs: Docs {
        what: "Each prepaid package of a pay-per-use spec: its `factor` is the `name` of one of \
               the spec's factors (reported at `factor`), its `quota` is above 0 (at `quota`), \
               and its `code` is not used by an earlier package of the spec (at `code`).",
        why: "A package is a prepaid quota of one billing factor, consumed before pay-per-use \
              billing (or before the service stops); a package of an unknown factor or of no \
              quota sells nothing, and the code identifies the package.",
        example: "factors:\n  - { name: calls, unit: call, cycle: hourly, mode: fixed, price: 0.002 }\npackages:\n  - { code: calls-1m, name: 1M calls, kind: package, quota: 1000000, factor: call, price: 1500, validity: month }\n",
        fix: "Name the factor exactly as in `factors`, give a positive `quota`, and give each \
              package its own `code`.",
        source: "Pay-per-Use Specifications/Packages; Stop-Before-Excess Packages.",
    },
};

pub static PRC016: Rule = Rule {
    code: "PRC016",
    name: "all-free",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Practice,
    summary: "A listed, non-test spec where every amount is 0: base prices, unit prices, tier unit prices, factor prices and package prices.",
    docs: Docs {
        what: "Each spec that is listed and not `test: true` and has at least one amount: \
               whether every amount (base prices, quantity unit prices, tier unit prices, \
               factor prices, pay-per-use tier unit prices, package prices) is 0. One finding \
               at the spec.",
        why: "Only the release-test spec is meant to be free; a listed spec that costs nothing \
              is usually a placeholder left in by mistake, and buyers could subscribe to it \
              for free.",
        example: "- code: team\n  name: Team\n  billing: yearly_monthly\n  periods: [month]\n  pricing:\n    template: simple\n    price: { month: 0 }\n",
        fix: "Price the spec, mark it `test: true` when it is the release-test spec, or take it \
              off the catalog with `listed: false`. Waive the rule for a spec that really is \
              free.",
        source: "kooship's own check.",
    },
};

pub static PRC017: Rule = Rule {
    code: "PRC017",
    name: "currency-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "`product.currency` is not an active ISO 4217 currency code in capitals (`XXX`, `XTS` and the other non-currency codes are refused).",
    docs: Docs {
        what: "That `product.currency`, when given, is an active ISO 4217 currency code written \
               in capitals (`USD`, `EUR`). Codes for precious metals (`XAU`, `XAG`, `XPT`, \
               `XPD`), units of account and special drawing rights (`XDR`, `XBA`–`XBD`, `XSU`, \
               `XUA`), fund codes (`BOV`, `CHE`, `CHW`, `CLF`, `COU`, `MXV`, `USN`, `UYI`, \
               `UYW`), the testing and no-currency codes (`XTS`, `XXX`) and withdrawn codes \
               (`ANG`, `BGN`, `HRK`, `ZWL`, …) are refused. The embedded list follows ISO 4217 \
               up to amendment 180 (Bulgaria's lev replaced by the euro on 2026-01-01).",
        why: "Every price of the manifest is in this currency; a code that is not a currency \
              buyers can pay in cannot be priced, and a lower-case or withdrawn code is almost \
              always a typing mistake.",
        example: "product:\n  name: Acme Insight\n  version: 1.0.0\n  public: false\n  currency: usd\n",
        fix: "Write the active three-letter code in capitals (`USD`), or leave `currency` out \
              for the default `USD`.",
        source: "kooship's own check (ISO 4217, list one, as maintained by SIX on behalf of ISO).",
    },
};

/// Custom attribute codes KooGallery presets for every product.
const RESERVED_CODES: [&str; 4] = ["appName", "version", "os", "mode"];

/// How many combinations PRC010 walks to find examples of unpriced ones.
const COMBINATION_WALK: usize = 1_000;

/// How many unpriced combinations PRC010 names.
const COMBINATION_EXAMPLES: usize = 3;

/// How many attributes a PRC010 message names before it shortens.
const MESSAGE_ATTRIBUTES: usize = 6;

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Some(product) = cx.manifest.product.get() {
        currency::currency(product, out);
    }
    for (i, spec) in cx.manifest.specifications.each() {
        let base = format!("/specifications/{i}");
        let label = spec.label(i);
        let p = format!("{base}/pricing");
        money::check_spec(spec, &base, &label, out);
        match spec.pricing.get() {
            Some(Pricing::Custom { attributes, skus }) => {
                custom::custom(&label, &p, attributes, skus, out)
            }
            Some(Pricing::PayPerUse { factors, packages }) => {
                pay_per_use::pay_per_use(&p, factors, packages, out)
            }
            Some(Pricing::Simple { .. }) | None => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/// `` `a`, `b`, `c` `` with at most 8 items shown.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    const MAX: usize = 8;
    let items: Vec<&str> = items.collect();
    let mut s = items
        .iter()
        .take(MAX)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX {
        s.push_str(&format!(" and {} more", items.len() - MAX));
    }
    s
}

/// An item named by its code or name when known, else by its place: `` `team` ``, `number 2`.
fn called(name: Option<&str>, index: usize) -> String {
    match name {
        Some(n) => format!("`{n}`"),
        None => format!("number {}", index + 1),
    }
}
