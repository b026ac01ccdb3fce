//! PRC — pricing: templates, prices and their periods, custom attributes and SKUs, quantity
//! and pay-per-use tiers, billing factors, packages and the product currency.
//!
//! Money is read exactly from the YAML text ([`Amount`]); quantities are `i64` and every
//! computation on them is done in `i128`, so that no manifest value can overflow it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rust_decimal::Decimal;

use super::{Area, Context, Docs, Origin, Rule};
use crate::decimal::Amount;
use crate::finding::{Finding, Severity};
use crate::load::index::escape_token;
use crate::model::{
    Attribute, Billing, Factor, FactorMode, Package, Period, Price, Pricing, Product, QuantityMode,
    QuantityTier, Sku, Specification, UsageTier,
};

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

/// Active ISO 4217 currency codes (list one, currencies only: fund codes, precious metals,
/// units of account, testing and no-currency codes left out).
///
/// Source: ISO 4217 list one, maintained by SIX Group for ISO, as of amendment 180
/// (compiled 2026-11): the list as of amendment 179 (2025-05-02), then EUR replacing BGN on
/// 2026-01-01 (amendment 180). Earlier changes it reflects: XCG replaced ANG (amendment 176,
/// 2025-03-31; ANG legal tender until 2025-07-01), ZWG replaced ZWL (2024), SLE replaced SLL
/// (amendment 175, end of 2023), EUR replaced HRK (2023), CUC withdrawn (2021). When a new
/// amendment lands, update this list, `WITHDRAWN`, and the PRC017 docs together.
const ISO_4217_ACTIVE: [&str; 155] = [
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN",
    "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
    "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
    "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP",
    "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
    "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
    "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// Whether `code` is an active ISO 4217 currency code, as written (capitals).
pub fn is_active_currency(code: &str) -> bool {
    ISO_4217_ACTIVE.contains(&code)
}

/// Codes of ISO 4217 that are not currencies to price in, with what they are.
const NOT_CURRENCIES: [(&str, &str); 23] = [
    ("XXX", "the code for \"no currency\""),
    ("XTS", "reserved for testing"),
    ("XAU", "gold, not a currency"),
    ("XAG", "silver, not a currency"),
    ("XPT", "platinum, not a currency"),
    ("XPD", "palladium, not a currency"),
    ("XDR", "the IMF's special drawing right, a unit of account"),
    ("XBA", "a bond-market unit of account"),
    ("XBB", "a bond-market unit of account"),
    ("XBC", "a bond-market unit of account"),
    ("XBD", "a bond-market unit of account"),
    ("XSU", "the SUCRE unit of account"),
    ("XUA", "the African Development Bank's unit of account"),
    ("BOV", "a fund code (Mvdol), not a currency"),
    ("CHE", "a fund code (WIR euro), not a currency"),
    ("CHW", "a fund code (WIR franc), not a currency"),
    ("CLF", "a fund code (Unidad de Fomento), not a currency"),
    ("COU", "a fund code (Unidad de Valor Real), not a currency"),
    (
        "MXV",
        "a fund code (Mexican Unidad de Inversion), not a currency",
    ),
    ("USN", "a fund code (US dollar next day), not a currency"),
    (
        "UYI",
        "a fund code (Uruguay peso en unidades indexadas), not a currency",
    ),
    ("UYW", "a fund code (Unidad previsional), not a currency"),
    ("XFU", "a withdrawn UIC franc, not a currency"),
];

/// Withdrawn codes still seen in the wild, with the code that replaced them.
const WITHDRAWN: [(&str, &str); 24] = [
    ("ANG", "XCG"),
    ("BGN", "EUR"),
    ("HRK", "EUR"),
    ("CUC", "CUP"),
    ("SLL", "SLE"),
    ("ZWL", "ZWG"),
    ("VEF", "VES"),
    ("MRO", "MRU"),
    ("STD", "STN"),
    ("BYR", "BYN"),
    ("LTL", "EUR"),
    ("LVL", "EUR"),
    ("EEK", "EUR"),
    ("SKK", "EUR"),
    ("CYP", "EUR"),
    ("MTL", "EUR"),
    ("SIT", "EUR"),
    ("DEM", "EUR"),
    ("FRF", "EUR"),
    ("ITL", "EUR"),
    ("ESP", "EUR"),
    ("TRL", "TRY"),
    ("ZMK", "ZMW"),
    ("GHC", "GHS"),
];

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Some(product) = cx.manifest.product.get() {
        currency(product, out);
    }
    let Some(specs) = cx.manifest.specifications.get() else {
        return;
    };
    for (i, spec) in specs.iter().enumerate() {
        check_spec(spec, &format!("/specifications/{i}"), out);
    }
}

// ---------------------------------------------------------------------------------------------
// Prices and amounts

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

/// Every `Price` of a simple or custom template, with its pointer and a description.
fn prices<'a>(pricing: &'a Pricing, p: &str) -> Vec<Priced<'a>> {
    let mut v = Vec::new();
    match pricing {
        Pricing::Simple { price } => v.push(Priced {
            at: format!("{p}/price"),
            price,
            what: "price".to_owned(),
        }),
        Pricing::Custom { skus, .. } => {
            for (k, sku) in skus.iter().enumerate() {
                let s = format!("{p}/skus/{k}");
                v.push(Priced {
                    at: format!("{s}/price"),
                    price: &sku.price,
                    what: format!("price of SKU `{}`", sku.code),
                });
                let Some(qp) = &sku.quantity_pricing else {
                    continue;
                };
                if let Some(unit) = &qp.unit_price {
                    v.push(Priced {
                        at: format!("{s}/quantity_pricing/unit_price"),
                        price: unit,
                        what: format!("unit price of SKU `{}`", sku.code),
                    });
                }
                for (t, tier) in qp.tiers.iter().flatten().enumerate() {
                    v.push(Priced {
                        at: format!("{s}/quantity_pricing/tiers/{t}/unit_price"),
                        price: &tier.unit_price,
                        what: format!(
                            "unit price of tier {}–{} of SKU `{}`",
                            tier.from, tier.to, sku.code
                        ),
                    });
                }
            }
        }
        Pricing::PayPerUse { .. } => {}
    }
    v
}

/// Every amount of the spec's pricing.
fn amounts<'a>(pricing: &'a Pricing, p: &str) -> Vec<Money<'a>> {
    let mut v = Vec::new();
    for priced in prices(pricing, p) {
        for (suffix, period, amount) in priced.price.amounts() {
            let what = match period {
                Some(period) => format!("the `{}` {}", period.as_str(), priced.what),
                None => format!("the {}", priced.what),
            };
            v.push(Money {
                at: format!("{}{suffix}", priced.at),
                amount,
                what,
                places: 2,
            });
        }
    }
    if let Pricing::PayPerUse { factors, packages } = pricing {
        for (f, factor) in factors.iter().enumerate() {
            let at = format!("{p}/factors/{f}");
            if let Some(price) = &factor.price {
                v.push(Money {
                    at: format!("{at}/price"),
                    amount: price,
                    what: format!("the price of factor `{}`", factor.name),
                    places: 4,
                });
            }
            for (t, tier) in factor.tiers.iter().flatten().enumerate() {
                v.push(Money {
                    at: format!("{at}/tiers/{t}/unit_price"),
                    amount: &tier.unit_price,
                    what: format!(
                        "the unit price of the tier from {} of factor `{}`",
                        tier.from, factor.name
                    ),
                    places: 4,
                });
            }
        }
        for (q, package) in packages.iter().flatten().enumerate() {
            v.push(Money {
                at: format!("{p}/packages/{q}/price"),
                amount: &package.price,
                what: format!("the price of package `{}`", package.code),
                places: 2,
            });
        }
    }
    v
}

fn check_spec(spec: &Specification, base: &str, out: &mut Vec<Finding>) {
    let p = format!("{base}/pricing");
    template_billing(spec, &p, out);

    let money = amounts(&spec.pricing, &p);
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
    if spec.is_listed()
        && !spec.is_test()
        && !money.is_empty()
        && money.iter().all(|m| m.amount.is_zero())
    {
        out.push(
            Finding::new(
                &PRC016,
                base,
                format!(
                    "spec `{}` is listed but every one of its {} amounts is 0",
                    spec.code,
                    money.len()
                ),
            )
            .help("price the spec, mark it `test: true` if it is the release-test spec, or set `listed: false`"),
        );
    }

    periods(spec, &p, out);

    match &spec.pricing {
        Pricing::Simple { .. } => {}
        Pricing::Custom { attributes, skus } => custom(spec, &p, attributes, skus, out),
        Pricing::PayPerUse { factors, packages } => {
            pay_per_use(&p, factors, packages.as_deref().unwrap_or(&[]), out)
        }
    }
}

/// PRC001.
fn template_billing(spec: &Specification, p: &str, out: &mut Vec<Finding>) {
    let template = spec.pricing.template_name();
    let ppu_template = matches!(spec.pricing, Pricing::PayPerUse { .. });
    let ppu_billing = spec.billing == Billing::PayPerUse;
    if ppu_template && !ppu_billing {
        out.push(
            Finding::new(
                &PRC001,
                format!("{p}/template"),
                format!(
                    "spec `{}` bills `{}` but is priced with the `pay_per_use` template",
                    spec.code,
                    spec.billing.as_str()
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
                    "spec `{}` bills `pay_per_use` but is priced with the `{template}` template",
                    spec.code
                ),
            )
            .help("price a pay-per-use spec with `template: pay_per_use` and its billing factors"),
        );
    }
}

/// PRC004.
fn periods(spec: &Specification, p: &str, out: &mut Vec<Finding>) {
    match spec.billing {
        Billing::YearlyMonthly => {
            // Without (usable) periods SPC003 reports the spec; nothing to compare against.
            let Some(declared) = spec.periods.as_deref().filter(|d| !d.is_empty()) else {
                return;
            };
            let offered: BTreeSet<Period> = declared.iter().copied().collect();
            let offered_list = list(offered.iter().map(|p| p.as_str()));
            let example = example_map(&offered);
            for priced in prices(&spec.pricing, p) {
                match priced.price {
                    Price::Amount(a) => out.push(
                        Finding::new(
                            &PRC004,
                            priced.at.clone(),
                            format!(
                                "the {} is the single amount `{a}`; spec `{}` is yearly/monthly and needs a price for each offered period ({offered_list})",
                                priced.what, spec.code
                            ),
                        )
                        .help(format!("write a price per period: `{example}`")),
                    ),
                    Price::PerPeriod(map) => {
                        let missing: Vec<&str> = offered
                            .iter()
                            .filter(|period| match period {
                                Period::Month => map.month.is_none(),
                                Period::Year => map.year.is_none(),
                            })
                            .map(|period| period.as_str())
                            .collect();
                        if !missing.is_empty() {
                            out.push(
                                Finding::new(
                                    &PRC004,
                                    priced.at.clone(),
                                    format!(
                                        "the {} has no {} amount, but spec `{}` offers {}",
                                        priced.what,
                                        list(missing.iter().copied()),
                                        spec.code,
                                        list(missing.iter().copied())
                                    ),
                                )
                                .help(format!("give a price for every offered period: `{example}`")),
                            );
                        }
                        for (suffix, period, _) in priced.price.amounts() {
                            let Some(period) = period else { continue };
                            if !offered.contains(&period) {
                                out.push(
                                    Finding::new(
                                        &PRC004,
                                        format!("{}{suffix}", priced.at),
                                        format!(
                                            "the {} gives a `{}` amount, but spec `{}` does not offer `{}` (periods: {offered_list})",
                                            priced.what,
                                            period.as_str(),
                                            spec.code,
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
        }
        Billing::OneTime => {
            for priced in prices(&spec.pricing, p) {
                if let Price::PerPeriod(_) = priced.price {
                    out.push(
                        Finding::new(
                            &PRC004,
                            priced.at.clone(),
                            format!(
                                "the {} is a map of periods, but spec `{}` is billed `one_time` and takes one amount",
                                priced.what, spec.code
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

// ---------------------------------------------------------------------------------------------
// Custom pricing

/// A quantity attribute's range, in `i128` so that no arithmetic on it overflows.
#[derive(Clone, Copy)]
struct Range {
    index: usize,
    min: i128,
    max: i128,
    step: i128,
}

impl Range {
    /// `min ≤ max`, `step > 0` and `max − min` a whole number of steps.
    fn is_sound(&self) -> bool {
        self.min <= self.max && self.step > 0 && (self.max - self.min) % self.step == 0
    }
}

fn custom(
    spec: &Specification,
    p: &str,
    attributes: &[Attribute],
    skus: &[Sku],
    out: &mut Vec<Finding>,
) {
    // The first attribute of each code, for the SKU checks.
    let mut by_code: HashMap<&str, &Attribute> = HashMap::new();
    // Enumeration attributes (first of each code) with their values, each once, in file order.
    let mut enums: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut quantity: Option<Range> = None;
    let mut quantity_codes: Vec<&str> = Vec::new();

    for (j, attr) in attributes.iter().enumerate() {
        let at = format!("{p}/attributes/{j}");
        let code = attr.code();
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
        let first = !by_code.contains_key(code);
        if first {
            by_code.insert(code, attr);
        } else {
            out.push(
                Finding::new(
                    &PRC006,
                    format!("{at}/code"),
                    format!(
                        "attribute code `{code}` is used by an earlier attribute of spec `{}`",
                        spec.code
                    ),
                )
                .help("give every attribute its own code, or merge the two attributes"),
            );
        }
        match attr {
            Attribute::Enumeration { values, .. } => {
                if values.is_empty() {
                    out.push(
                        Finding::new(
                            &PRC006,
                            format!("{at}/values"),
                            format!("enumeration attribute `{code}` has no values"),
                        )
                        .help("list the values buyers choose from, or remove the attribute"),
                    );
                }
                let mut seen: HashSet<&str> = HashSet::new();
                let mut unique = Vec::new();
                for (k, v) in values.iter().enumerate() {
                    if seen.insert(v.as_str()) {
                        unique.push(v.as_str());
                    } else {
                        out.push(
                            Finding::new(
                                &PRC006,
                                format!("{at}/values/{k}"),
                                format!("value `{v}` of attribute `{code}` is already listed"),
                            )
                            .help("list each value once"),
                        );
                    }
                }
                if first {
                    enums.push((code, unique));
                }
            }
            Attribute::Quantity { min, max, step, .. } => {
                quantity_codes.push(code);
                let range = Range {
                    index: j,
                    min: i128::from(*min),
                    max: i128::from(*max),
                    step: i128::from(*step),
                };
                if let Some(earlier) = quantity {
                    out.push(
                        Finding::new(
                            &PRC007,
                            at.clone(),
                            format!(
                                "spec `{}` already has the quantity attribute `{}`; `{code}` is one too many, custom pricing takes at most one",
                                spec.code,
                                attributes.get(earlier.index).map(Attribute::code).unwrap_or_default()
                            ),
                        )
                        .help("keep one quantity attribute; make the other an enumeration, or split the spec"),
                    );
                } else {
                    quantity = Some(range);
                }
                quantity_range(code, &at, range, out);
            }
        }
    }

    // SKUs.
    let mut sku_codes: HashSet<&str> = HashSet::new();
    let mut combinations: HashMap<&BTreeMap<String, String>, (usize, &str)> = HashMap::new();
    for (k, sku) in skus.iter().enumerate() {
        let s = format!("{p}/skus/{k}");
        sku_values(sku, &s, &enums, &by_code, out);
        if !sku_codes.insert(sku.code.as_str()) {
            out.push(
                Finding::new(
                    &PRC009,
                    format!("{s}/code"),
                    format!(
                        "SKU code `{}` is used by an earlier SKU of spec `{}`",
                        sku.code, spec.code
                    ),
                )
                .help("give every SKU its own code"),
            );
        }
        match combinations.get(&sku.values) {
            Some(&(first, first_code)) => {
                let earlier = if first_code == sku.code {
                    format!("SKU number {} of the list", first + 1)
                } else {
                    format!("SKU `{first_code}`")
                };
                out.push(
                    Finding::new(
                        &PRC009,
                        format!("{s}/values"),
                        format!(
                            "SKU `{}` prices the same combination ({}) as {earlier}",
                            sku.code,
                            combination_text(&sku.values)
                        ),
                    )
                    .help("keep one SKU per combination of values"),
                )
            }
            None => {
                combinations.insert(&sku.values, (k, sku.code.as_str()));
            }
        }
        quantity_pricing(sku, &s, quantity, !quantity_codes.is_empty(), out);
    }

    unpriced_combinations(p, &enums, skus, out);
}

/// PRC007 for one quantity attribute.
fn quantity_range(code: &str, at: &str, r: Range, out: &mut Vec<Finding>) {
    if r.min < 0 {
        out.push(
            Finding::new(
                &PRC007,
                format!("{at}/min"),
                format!("quantity attribute `{code}` starts at {}, below 0", r.min),
            )
            .help("start the range at 0 or more"),
        );
    }
    if r.step <= 0 {
        out.push(
            Finding::new(
                &PRC007,
                format!("{at}/step"),
                format!(
                    "quantity attribute `{code}` has step {}; the step must be above 0",
                    r.step
                ),
            )
            .help("use a positive step, e.g. `step: 1`"),
        );
    }
    if r.min > r.max {
        out.push(
            Finding::new(
                &PRC007,
                at,
                format!(
                    "quantity attribute `{code}` has `min` {} above `max` {}",
                    r.min, r.max
                ),
            )
            .help("swap the bounds, or correct the one that is wrong"),
        );
    } else if r.step > 0 && (r.max - r.min) % r.step != 0 {
        let below = r.max - (r.max - r.min) % r.step;
        out.push(
            Finding::new(
                &PRC007,
                at,
                format!(
                    "quantity attribute `{code}` cannot reach `max` {} from `min` {} in steps of {}",
                    r.max, r.min, r.step
                ),
            )
            .help(format!(
                "make `max − min` a multiple of `step`: e.g. `max: {below}` or `max: {}`",
                below + r.step
            )),
        );
    }
}

/// PRC008 for one SKU.
fn sku_values(
    sku: &Sku,
    s: &str,
    enums: &[(&str, Vec<&str>)],
    by_code: &HashMap<&str, &Attribute>,
    out: &mut Vec<Finding>,
) {
    let missing: Vec<&str> = enums
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !sku.values.contains_key(*code))
        .collect();
    if !missing.is_empty() {
        out.push(
            Finding::new(
                &PRC008,
                format!("{s}/values"),
                format!(
                    "SKU `{}` gives no value for {}",
                    sku.code,
                    list(missing.iter().copied())
                ),
            )
            .help("give the SKU one value of every enumeration attribute"),
        );
    }
    for (key, value) in &sku.values {
        let at = format!("{s}/values/{}", escape_token(key));
        match by_code.get(key.as_str()) {
            None => {
                let known: Vec<&str> = enums.iter().map(|(c, _)| *c).collect();
                let known = if known.is_empty() {
                    "the spec has no enumeration attribute".to_owned()
                } else {
                    format!("its enumeration attributes are {}", list(known.into_iter()))
                };
                out.push(
                    Finding::new(
                        &PRC008,
                        at,
                        format!("SKU `{}` names `{key}`, which is no attribute of the spec; {known}", sku.code),
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
                        "SKU `{}` gives a value for the quantity attribute `{key}`; buyers choose the quantity",
                        sku.code
                    ),
                )
                .help("remove the key; price the quantity with `quantity_pricing`")
                .at_key(),
            ),
            Some(Attribute::Enumeration { values, .. }) => {
                if !values.iter().any(|v| v == value) {
                    out.push(
                        Finding::new(
                            &PRC008,
                            at,
                            format!(
                                "SKU `{}` gives `{key}: {value}`, which is not a value of `{key}` ({})",
                                sku.code,
                                list(values.iter().map(String::as_str))
                            ),
                        )
                        .help(format!("use one of the values of `{key}`, or add `{value}` to them")),
                    );
                }
            }
        }
    }
}

/// PRC011 and the quantity half of PRC012 for one SKU.
fn quantity_pricing(
    sku: &Sku,
    s: &str,
    quantity: Option<Range>,
    has_quantity: bool,
    out: &mut Vec<Finding>,
) {
    let Some(qp) = &sku.quantity_pricing else {
        if has_quantity {
            out.push(
                Finding::new(
                    &PRC011,
                    s,
                    format!(
                        "SKU `{}` has no `quantity_pricing`, but the spec has a quantity attribute",
                        sku.code
                    ),
                )
                .help("add `quantity_pricing` with `mode: linear` and a `unit_price`, or `mode: tiered` and `tiers`"),
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
                    "SKU `{}` has `quantity_pricing`, but the spec has no quantity attribute",
                    sku.code
                ),
            )
            .help("remove `quantity_pricing`, or add a quantity attribute to the spec"),
        );
        return;
    }
    match qp.mode {
        QuantityMode::Linear => {
            if qp.unit_price.is_none() {
                out.push(
                    Finding::new(
                        &PRC011,
                        at.clone(),
                        format!(
                            "SKU `{}` prices its quantity `linear` without a `unit_price`",
                            sku.code
                        ),
                    )
                    .help("add the price per unit: `unit_price: { month: 5, year: 50 }`"),
                );
            }
            if qp.tiers.is_some() {
                out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/tiers"),
                        format!("SKU `{}` prices its quantity `linear`, so its `tiers` would be ignored", sku.code),
                    )
                    .help("remove `tiers`, or set `mode: tiered` and remove `unit_price`")
                    .at_key(),
                );
            }
        }
        QuantityMode::Tiered => {
            if qp.unit_price.is_some() {
                out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/unit_price"),
                        format!("SKU `{}` prices its quantity `tiered`, so its `unit_price` would be ignored", sku.code),
                    )
                    .help("remove `unit_price` (each tier has its own), or set `mode: linear`")
                    .at_key(),
                );
            }
            match qp.tiers.as_deref() {
                None => out.push(
                    Finding::new(
                        &PRC011,
                        at.clone(),
                        format!("SKU `{}` prices its quantity `tiered` without `tiers`", sku.code),
                    )
                    .help("add `tiers`, each with `from`, `to` and `unit_price`, covering the quantity range"),
                ),
                Some([]) => out.push(
                    Finding::new(
                        &PRC011,
                        format!("{at}/tiers"),
                        format!("SKU `{}` prices its quantity `tiered` with no tier", sku.code),
                    )
                    .help("add tiers covering the quantity range, or set `mode: linear` with a `unit_price`"),
                ),
                Some(tiers) => {
                    if let Some(range) = quantity.filter(Range::is_sound) {
                        quantity_tiers(sku, &format!("{at}/tiers"), tiers, range, out);
                    }
                }
            }
        }
    }
}

/// PRC012 for the tiers of one SKU's quantity pricing.
fn quantity_tiers(sku: &Sku, at: &str, tiers: &[QuantityTier], r: Range, out: &mut Vec<Finding>) {
    let last = tiers.len().saturating_sub(1);
    let mut previous_to: Option<i128> = None;
    for (t, tier) in tiers.iter().enumerate() {
        let (from, to) = (i128::from(tier.from), i128::from(tier.to));
        let mut problems = Vec::new();
        if from > to {
            problems.push(format!("`from` {from} is above `to` {to}"));
        }
        match previous_to {
            None if from != r.min => problems.push(format!(
                "the first tier starts at {from}, not at the attribute's `min` {}",
                r.min
            )),
            Some(prev) if from != prev + r.step => problems.push(format!(
                "it starts at {from}, not at {} (the previous tier's `to` {prev} + `step` {})",
                prev + r.step,
                r.step
            )),
            _ => {}
        }
        if t == last && to != r.max {
            problems.push(format!(
                "the last tier ends at {to}, not at the attribute's `max` {}",
                r.max
            ));
        }
        let off_grid: Vec<String> = [from, to]
            .into_iter()
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
            out.push(
                Finding::new(
                    &PRC012,
                    format!("{at}/{t}"),
                    format!(
                        "tier {from}–{to} of SKU `{}`: {}",
                        sku.code,
                        problems.join("; ")
                    ),
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
/// `COMBINATION_WALK` combinations for examples, never builds the product.
fn unpriced_combinations(
    p: &str,
    enums: &[(&str, Vec<&str>)],
    skus: &[Sku],
    out: &mut Vec<Finding>,
) {
    // An attribute without values is PRC006's; the product is then empty.
    if enums.iter().any(|(_, values)| values.is_empty()) {
        return;
    }
    let total: Option<u128> = enums.iter().try_fold(1u128, |acc, (_, values)| {
        acc.checked_mul(values.len() as u128)
    });
    let priced: HashSet<Vec<usize>> = skus
        .iter()
        .filter_map(|sku| {
            enums
                .iter()
                .map(|(code, values)| {
                    let v = sku.values.get(*code)?;
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
        for (slot, (_, values)) in index.iter_mut().zip(enums).rev() {
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

// ---------------------------------------------------------------------------------------------
// Pay-per-use pricing

fn pay_per_use(p: &str, factors: &[Factor], packages: &[Package], out: &mut Vec<Finding>) {
    if factors.is_empty() {
        out.push(
            Finding::new(&PRC013, format!("{p}/factors"), "the pay-per-use template has no billing factor")
                .help("add at least one factor: `{ name: calls, unit: call, cycle: hourly, mode: fixed, price: 0.001 }`"),
        );
    }
    let mut names: HashSet<&str> = HashSet::new();
    for (f, factor) in factors.iter().enumerate() {
        let at = format!("{p}/factors/{f}");
        let name = factor.name.as_str();
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
        let mode = factor.mode.as_str();
        match factor.mode {
            FactorMode::Fixed => {
                if factor.price.is_none() {
                    out.push(
                        Finding::new(
                            &PRC013,
                            at.clone(),
                            format!("fixed factor `{name}` has no `price`"),
                        )
                        .help("add the unit price: `price: 0.001`"),
                    );
                }
                if factor.tiers.is_some() {
                    out.push(
                        Finding::new(
                            &PRC013,
                            format!("{at}/tiers"),
                            format!(
                                "fixed factor `{name}` has `tiers`; a fixed factor has one `price`"
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
                            format!("{mode} factor `{name}` has a `price`; a {mode} factor is priced by its `tiers`"),
                        )
                        .help("remove `price` (each tier has its `unit_price`), or set `mode: fixed`")
                        .at_key(),
                    );
                }
                match factor.tiers.as_deref() {
                    None => out.push(
                        Finding::new(&PRC013, at.clone(), format!("{mode} factor `{name}` has no `tiers`"))
                            .help("add `tiers` with `from`, `to` and `unit_price`; the last tier leaves `to` out"),
                    ),
                    Some([]) => out.push(
                        Finding::new(&PRC013, format!("{at}/tiers"), format!("{mode} factor `{name}` has no tier"))
                            .help("add tiers from 0 up; the last tier leaves `to` out"),
                    ),
                    Some(tiers) => usage_tiers(name, &format!("{at}/tiers"), tiers, out),
                }
            }
        }
        match (factor.mode, factor.accumulation_cycle) {
            (FactorMode::Tiered, None) => out.push(
                Finding::new(&PRC014, at.clone(), format!("tiered factor `{name}` has no `accumulation_cycle`"))
                    .help("add `accumulation_cycle: month` (or `day`, `year`): the period over which usage adds up to reach the next tier"),
            ),
            (FactorMode::Fixed | FactorMode::Volume, Some(cycle)) => out.push(
                Finding::new(
                    &PRC014,
                    format!("{at}/accumulation_cycle"),
                    format!(
                        "{mode} factor `{name}` has `accumulation_cycle: {}`; only tiered factors accumulate usage",
                        cycle.as_str()
                    ),
                )
                .help("remove `accumulation_cycle`, or set `mode: tiered`")
                .at_key(),
            ),
            _ => {}
        }
    }

    let mut codes: HashSet<&str> = HashSet::new();
    for (q, package) in packages.iter().enumerate() {
        let at = format!("{p}/packages/{q}");
        if !names.contains(package.factor.as_str()) {
            let known = if names.is_empty() {
                "the spec has no factor".to_owned()
            } else {
                format!(
                    "its factors are {}",
                    list(factors.iter().map(|f| f.name.as_str()))
                )
            };
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/factor"),
                    format!("package `{}` is a quota of factor `{}`, which the spec does not have; {known}", package.code, package.factor),
                )
                .help("name the factor exactly as in `factors`"),
            );
        }
        if package.quota.value() <= Decimal::ZERO {
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/quota"),
                    format!(
                        "package `{}` has quota `{}`; a quota is above 0",
                        package.code, package.quota
                    ),
                )
                .help("give the number of factor units the package prepays, e.g. `quota: 1000000`"),
            );
        }
        if !codes.insert(package.code.as_str()) {
            out.push(
                Finding::new(
                    &PRC015,
                    format!("{at}/code"),
                    format!(
                        "package code `{}` is used by an earlier package",
                        package.code
                    ),
                )
                .help("give every package its own code"),
            );
        }
    }
}

/// PRC012 for the tiers of one pay-per-use factor.
fn usage_tiers(name: &str, at: &str, tiers: &[UsageTier], out: &mut Vec<Finding>) {
    let last = tiers.len().saturating_sub(1);
    for (t, tier) in tiers.iter().enumerate() {
        let from = tier.from.value();
        let mut problems = Vec::new();
        if t == 0 {
            if !from.is_zero() {
                problems.push(format!("the first tier starts at {}, not at 0", tier.from));
            }
        } else if let Some(prev) = tiers.get(t - 1).and_then(|p| p.to.as_ref())
            && from != prev.value()
        {
            problems.push(format!(
                "it starts at {}, not at the previous tier's `to` {prev}",
                tier.from
            ));
        }
        match &tier.to {
            Some(to) => {
                if from >= to.value() {
                    problems.push(format!("`from` {} is not below `to` {to}", tier.from));
                }
                if t == last {
                    problems.push(format!(
                        "the last tier has `to` {to}, so usage of {to} and more has no price; leave `to` out"
                    ));
                }
            }
            None if t != last => problems.push("only the last tier may leave `to` out".to_owned()),
            None => {}
        }
        if !problems.is_empty() {
            let range = match &tier.to {
                Some(to) => format!("[{}, {to})", tier.from),
                None => format!("[{}, …)", tier.from),
            };
            out.push(
                Finding::new(
                    &PRC012,
                    format!("{at}/{t}"),
                    format!("tier {range} of factor `{name}`: {}", problems.join("; ")),
                )
                .help("tiers are [from, to): the first from 0, each next from the previous `to`, only the last without `to`"),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Currency

/// PRC017.
fn currency(product: &Product, out: &mut Vec<Finding>) {
    let Some(code) = product.currency.as_deref() else {
        return;
    };
    if ISO_4217_ACTIVE.contains(&code) {
        return;
    }
    let upper = code.trim().to_ascii_uppercase();
    let (message, help) = if let Some((_, what)) = NOT_CURRENCIES.iter().find(|(c, _)| *c == upper)
    {
        (
            format!("`{code}` is {what}"),
            "write the code of the currency buyers pay in, e.g. `USD`".to_owned(),
        )
    } else if let Some((_, now)) = WITHDRAWN.iter().find(|(c, _)| *c == upper) {
        (
            format!(
                "currency `{code}` has been withdrawn from ISO 4217; it was replaced by `{now}`"
            ),
            format!("write `currency: {now}`"),
        )
    } else if ISO_4217_ACTIVE.contains(&upper.as_str()) {
        (
            format!("currency `{code}` must be written in capitals"),
            format!("write `currency: {upper}`"),
        )
    } else {
        (
            format!("currency `{code}` is not an active ISO 4217 currency code"),
            "write a three-letter ISO 4217 code in capitals, e.g. `USD` or `EUR`, or leave `currency` out for `USD`".to_owned(),
        )
    };
    out.push(Finding::new(&PRC017, "/product/currency", message).help(help));
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

/// `edition: standard, region: eu`.
fn combination_text(values: &BTreeMap<String, String>) -> String {
    if values.is_empty() {
        return "no values".to_owned();
    }
    values
        .iter()
        .map(|(k, v)| format!("`{k}: {v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_lists_are_sorted_capitals_and_disjoint() {
        let mut sorted = ISO_4217_ACTIVE;
        sorted.sort_unstable();
        assert_eq!(sorted, ISO_4217_ACTIVE, "keep the list sorted");
        for code in ISO_4217_ACTIVE {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!NOT_CURRENCIES.iter().any(|(c, _)| *c == code), "{code}");
            assert!(!WITHDRAWN.iter().any(|(c, _)| *c == code), "{code}");
        }
        for (_, now) in WITHDRAWN {
            assert!(ISO_4217_ACTIVE.contains(&now), "{now}");
        }
    }
}
