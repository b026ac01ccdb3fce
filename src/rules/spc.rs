//! SPC — specifications and trials.

use std::collections::{BTreeMap, BTreeSet};

use super::{Area, Context, Docs, Origin, Rule};
use crate::decimal::Amount;
use crate::finding::{Finding, Severity};
use crate::model::tolerant::{Attribute, Price, Pricing, Specification, Upgrade};
use crate::model::{Billing, Known, Optional, OptionalList, Period};

pub static AREA: Area = Area {
    prefix: "SPC",
    title: "Specifications and trials",
    rules: &[
        &SPC001, &SPC002, &SPC003, &SPC004, &SPC005, &SPC006, &SPC007, &SPC008, &SPC009, &SPC010,
        &SPC011, &SPC012, &SPC013,
    ],
    check,
};

pub static SPC001: Rule = Rule {
    code: "SPC001",
    name: "spec-duplicate",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "Two specs share a `code` or a `name`.",
    docs: Docs {
        what: "That every spec's `code` and every spec's `name` appear once in the file. Codes are \
               compared exactly; names after trimming surrounding white space. Each later \
               occurrence is reported at its `code` or `name`.",
        why: "Release history and upgrade rules track a spec by its code, so two specs with one \
              code cannot be told apart. Buyers choose a spec by its name; two specs with one \
              name look like one offer at two prices.",
        example: "specifications:\n  - code: team\n    name: Team\n    # …\n  - code: team\n    name: Team (yearly)\n    # …\n",
        fix: "Give each spec its own `code` (a stable identifier, never reused) and its own \
              `name`.",
        source: "kooship's own check.",
    },
};

pub static SPC002: Rule = Rule {
    code: "SPC002",
    name: "spec-code-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "`code` does not match `[a-z0-9][a-z0-9-]*` or is longer than 32.",
    docs: Docs {
        what: "Each spec's `code`: lower-case ASCII letters, digits and hyphens, starting with a \
               letter or digit, at most 32 characters.",
        why: "The code is the spec's identity in `kooship.lock` and in generated file names; a \
              plain, short, case-stable form keeps it the same across tools and file systems.",
        example: "specifications:\n  - code: Team_Plan\n    name: Team\n",
        fix: "Use a short kebab-case code such as `team-plan`. Choose it once: the release history \
              tracks the spec by it.",
        source: "kooship's own check.",
    },
};

pub static SPC003: Rule = Rule {
    code: "SPC003",
    name: "periods-mismatch",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`yearly_monthly` without `periods`, or `periods` on another billing mode, or a period listed twice.",
    docs: Docs {
        what: "A `yearly_monthly` spec lists the subscription periods it offers (`month`, `year` \
               or both, each once, at least one); a `one_time` or `pay_per_use` spec has no \
               `periods`. A missing `periods` is reported at the spec, `periods` on another \
               billing mode at `periods`, an empty list at the list, and a repeated period at \
               each later occurrence.",
        why: "KooGallery sells a yearly/monthly spec per month, per year or both, and asks for a \
              price for every offered period. One-time and pay-per-use specs have no \
              subscription period, so `periods` there means the billing mode or the periods \
              are wrong.",
        example: "specifications:\n  - code: team\n    name: Team\n    billing: yearly_monthly\n    pricing:\n      template: simple\n      price: { month: 20 }\n",
        fix: "Add `periods: [month]`, `[year]` or `[month, year]` to a `yearly_monthly` spec, \
              list each period once, and remove `periods` from other billing modes.",
        source: "Releasing SaaS (yearly/monthly specifications and their periods).",
    },
};

pub static SPC004: Rule = Rule {
    code: "SPC004",
    name: "trial-not-periodic",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`trial_days` on a spec that is not `yearly_monthly`.",
    docs: Docs {
        what: "That `trial_days` is only set on `yearly_monthly` specs.",
        why: "KooGallery offers a free trial only on yearly/monthly specifications (the Trial flag \
              and Trial Days are fields of such a spec); a one-time or pay-per-use spec has no \
              trial to configure.",
        example: "specifications:\n  - code: setup\n    name: Setup\n    billing: one_time\n    trial_days: 7\n",
        fix: "Remove `trial_days`, or make the spec `yearly_monthly` with `periods` if a \
              subscription with a trial is what is sold.",
        source: "Releasing SaaS (trial of yearly/monthly specifications).",
    },
};

pub static SPC005: Rule = Rule {
    code: "SPC005",
    name: "trial-days-range",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "`trial_days` outside 1–30.",
    docs: Docs {
        what: "That `trial_days` is between 1 and 30 days, both included.",
        why: "A trial of 0 days is no trial, and KooGallery publishes no upper bound; 30 days is \
              the longest trial kooship expects the release form to take. The bounds are our \
              reading, hence a warning.",
        example: "specifications:\n  - code: team\n    name: Team\n    billing: yearly_monthly\n    periods: [month]\n    trial_days: 90\n",
        fix: "Choose a trial of 1 to 30 days, or remove `trial_days` for no trial. Choose with \
              care: a released spec's trial cannot be changed or removed.",
        source: "Inferred: Releasing SaaS has Trial Days but no published bounds.",
    },
};

pub static SPC006: Rule = Rule {
    code: "SPC006",
    name: "first-release-public",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "First release (no lock) with `product.public: true`.",
    docs: Docs {
        what: "On a first release (no `kooship.lock`, or `--first-release`), that \
               `product.public` is `false`.",
        why: "KooGallery requires the first release to set Public Product to No: the product is \
              then hidden from the catalog and search while the release test runs, and buyers \
              reach it only by its direct URL.",
        example: "product:\n  name: Acme Insight\n  version: 1.0.0\n  public: true\n",
        fix: "Set `public: false` for the first release. Make the product public in a later \
              release, once the release test has passed.",
        source: "Releasing SaaS (first release: Public Product = No); Modifying Products.",
    },
};

pub static SPC007: Rule = Rule {
    code: "SPC007",
    name: "first-release-test-spec-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "First release without a spec marked `test: true`.",
    docs: Docs {
        what: "On a first release, that one spec is marked `test: true`.",
        why: "KooGallery requires the first release to carry a test specification priced 0 with a \
              3-day trial, used for the release test and removed afterwards.",
        example: "specifications:\n  - code: team\n    name: Team\n    billing: yearly_monthly\n    periods: [month]\n    pricing:\n      template: simple\n      price: { month: 20 }\n",
        fix: "Add the test spec:\n\n```yaml\n  - code: test\n    name: Release test\n    test: true\n    billing: yearly_monthly\n    periods: [month]\n    trial_days: 3\n    pricing:\n      template: simple\n      price: { month: 0 }\n```",
        source: "Releasing SaaS (first release: a test specification priced 0 with Trial Days 3).",
    },
};

pub static SPC008: Rule = Rule {
    code: "SPC008",
    name: "test-spec-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "A test spec that is not `yearly_monthly`, not priced 0 in every period and SKU, or whose `trial_days` is not 3.",
    docs: Docs {
        what: "Each spec marked `test: true`: its billing is `yearly_monthly`, every amount of its \
               pricing (every period's price, every SKU's price and unit prices, every tier, \
               factor and package price) is 0, and `trial_days` is exactly 3. One finding per \
               test spec, at the spec, naming every problem.",
        why: "KooGallery's release test subscribes to the test specification; it must be a free \
              yearly/monthly spec with a 3-day trial, as the release form requires.",
        example: "specifications:\n  - code: test\n    name: Release test\n    test: true\n    billing: yearly_monthly\n    periods: [month]\n    trial_days: 7\n    pricing:\n      template: simple\n      price: { month: 1 }\n",
        fix: "Make the test spec `billing: yearly_monthly` with `trial_days: 3` and every price 0, \
              e.g. `price: { month: 0 }`.",
        source: "Releasing SaaS (first release: a test specification priced 0 with Trial Days 3).",
    },
};

pub static SPC009: Rule = Rule {
    code: "SPC009",
    name: "test-spec-multiple",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "More than one test spec.",
    docs: Docs {
        what: "That at most one spec is marked `test: true`. Every test spec after the first is \
               reported, at the spec.",
        why: "The release form has one test specification for the release test; a second one \
              would be released as a free spec that KooGallery does not remove.",
        example: "specifications:\n  - code: test\n    name: Release test\n    test: true\n    # …\n  - code: test-2\n    name: Release test 2\n    test: true\n    # …\n",
        fix: "Keep one test spec and remove `test: true` (or the spec) from the others.",
        source: "Releasing SaaS (first release: a test specification).",
    },
};

pub static SPC010: Rule = Rule {
    code: "SPC010",
    name: "test-spec-after-first-release",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Seed,
    summary: "A test spec on a later release (KooGallery removed it after the first release test).",
    docs: Docs {
        what: "On a later release (a `kooship.lock` exists), that no spec is marked `test: true`. \
               Each test spec is reported, at the spec.",
        why: "The test specification exists for the first release test only; KooGallery removes \
              it afterwards. Keeping it in later releases would ask KooGallery to release a free \
              spec again.",
        example: "# with kooship.lock beside the manifest\nspecifications:\n  - code: test\n    name: Release test\n    test: true\n    # …\n",
        fix: "Remove the test spec from the manifest once the first release is through.",
        source: "Releasing SaaS (the test specification is removed after the release test).",
    },
};

pub static SPC011: Rule = Rule {
    code: "SPC011",
    name: "upgrade-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "A non-empty `upgrades` or `scale_out: true` on a spec that is not `yearly_monthly` with `template: custom`; `scale_out: true` without a quantity attribute; an upgrade whose `attribute` is not an enumeration attribute of the spec, whose `from`/`to` are not its values or are equal; a repeated pair (the later one); or a rule that closes a cycle (in file order). One finding per offending rule, at the rule's item (or at `scale_out`).",
    docs: Docs {
        what: "Upgrade rules and scale-out. `upgrades` and `scale_out: true` need a \
               `yearly_monthly` spec with custom pricing; `scale_out: true` also needs a quantity \
               attribute. Each upgrade rule names an enumeration attribute of the spec and two \
               different values of it; an `attribute`/`from`/`to` triple appears once; and read \
               in file order, no rule may close a cycle (`a → b` then `b → a` would make one of \
               them a downgrade). One finding per offending rule, at the rule, or at \
               `scale_out`.",
        why: "KooGallery upgrades only yearly/monthly SKUs, only to other SKUs of the same spec, \
              and scales out only the quantity attribute; rules it cannot apply are refused or \
              silently invalidated. A cycle would let buyers downgrade mid-term, which \
              KooGallery allows only at renewal.",
        example: "specifications:\n  - code: team\n    billing: yearly_monthly\n    periods: [month]\n    upgrades:\n      - { attribute: edition, from: standard, to: professional }\n      - { attribute: edition, from: professional, to: standard }\n    # …\n",
        fix: "Keep upgrade rules on `yearly_monthly` specs with `template: custom`, name an \
              enumeration attribute and two of its values, list each upgrade once and only \
              upwards. Remove `scale_out` from specs without a quantity attribute.",
        source: "Upgrade and Billing Rules (upgrades only between yearly/monthly SKUs of one \
                 spec; scale-out of quantity attributes; downgrades only at renewal).",
    },
};

pub static SPC012: Rule = Rule {
    code: "SPC012",
    name: "trial-irreversible",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Seed,
    summary: "First time a spec other than the test spec has a trial: reminds that it cannot be cancelled or changed after release (the test spec's 3-day trial is mandated and the spec is removed after the release test).",
    docs: Docs {
        what: "A reminder at each new trial: on a first release, at the `trial_days` of every \
               `yearly_monthly` spec with a trial of 1 day or more, except the test spec (its \
               3-day trial is mandated, and KooGallery removes the spec after the release test).",
        why: "Once a spec is released, KooGallery does not let its trial be cancelled or its \
              length changed; the only way out is a new spec. It is worth a second look before \
              submitting.",
        example: "specifications:\n  - code: team\n    billing: yearly_monthly\n    periods: [month]\n    trial_days: 14   # fixed for good once released\n",
        fix: "Nothing to fix: confirm the trial length. Remove `trial_days` if the spec should \
              have no trial; a trial can be added to a released spec later, but never removed.",
        source: "Releasing SaaS (a spec's trial cannot be cancelled or changed after release).",
    },
};

pub static SPC013: Rule = Rule {
    code: "SPC013",
    name: "no-listed-spec",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Doc,
    summary: "No spec is listed and not a test spec (this includes `specifications: []`).",
    docs: Docs {
        what: "That at least one spec is both listed (no `listed: false`) and not the test spec.",
        why: "Buyers can only subscribe to listed specs, and the test spec is removed after the \
              release test. KooGallery allows no changes to a product whose specs have all been \
              taken off the catalog, and a product without a sellable spec is rejected.",
        example: "specifications:\n  - code: test\n    name: Release test\n    test: true\n    # …\n  - code: team\n    name: Team\n    listed: false\n    # …\n",
        fix: "Add a sellable spec, or set `listed: true` (or remove `listed`) on one that should \
              stay on the catalog. Add the new spec before taking the old one off.",
        source: "Modifying Products (released specs can only be taken off the catalog; no changes \
                 once all are removed).",
    },
};

const MAX_CODE_LEN: usize = 32;
const TRIAL_MIN: i64 = 1;
const TRIAL_MAX: i64 = 30;
const TEST_TRIAL_DAYS: i64 = 3;

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.release.is_first()
        && let Some(product) = cx.manifest.product.get()
        && product.public.copied() == Some(true)
    {
        out.push(
            Finding::new(
                &SPC006,
                "/product/public",
                "`public: true` on a first release; KooGallery requires Public Product = No for it",
            )
            .help("set `public: false`; make the product public in a later release, after the release test"),
        );
    }
    let Some(specs) = cx.manifest.specifications.get() else {
        return;
    };
    duplicates(specs, out);
    for (i, spec) in cx.manifest.specifications.each() {
        let base = format!("/specifications/{i}");
        let label = spec.label(i);
        if let Some(code) = spec.code.str() {
            code_form(code, &base, out);
        }
        periods(spec, &label, &base, out);
        trial(cx, spec, &label, &base, out);
        upgrades(spec, &label, &base, out);
    }
    test_specs(cx, specs, out);
    no_listed_spec(specs, out);
}

/// SPC013: known only when every spec's `listed` and `test` are.
fn no_listed_spec(specs: &[Known<Specification>], out: &mut Vec<Finding>) {
    let mut each = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let Some(spec) = spec.get() else {
            return;
        };
        match (spec.is_listed(), spec.is_test()) {
            (Some(true), Some(false)) => return,
            (Some(_), Some(true)) => each.push(format!("{} is the test spec", spec.label(i))),
            (Some(false), Some(false)) => {
                each.push(format!("{} is `listed: false`", spec.label(i)))
            }
            _ => return,
        }
    }
    let message = if specs.is_empty() {
        "`specifications` is empty; buyers have nothing to subscribe to".to_owned()
    } else {
        format!(
            "no spec is listed and not a test spec ({}); buyers have nothing to subscribe to",
            each.join(", ")
        )
    };
    out.push(
        Finding::new(&SPC013, "/specifications", message)
            .help("add a spec buyers can subscribe to, or drop `listed: false` from one that should stay on the catalog"),
    );
}

/// SPC001: each later spec with a code or name already used.
fn duplicates(specs: &[Known<Specification>], out: &mut Vec<Finding>) {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut spec_names: BTreeMap<&str, usize> = BTreeMap::new();
    let spec = |i: usize| specs.get(i).and_then(Known::get);
    for (i, s) in specs.iter().enumerate() {
        let Some(s) = s.get() else {
            continue;
        };
        if let Some(code) = s.code.str() {
            if let Some(&first) = codes.get(code) {
                let name = spec(first)
                    .and_then(|f| f.name.str())
                    .map(|n| format!(" (`{n}`)"))
                    .unwrap_or_default();
                out.push(
                    Finding::new(
                        &SPC001,
                        format!("/specifications/{i}/code"),
                        format!("spec code `{code}` is already used by spec {first}{name}"),
                    )
                    .help("give each spec its own code; the release history tracks specs by it"),
                );
            } else {
                codes.insert(code, i);
            }
        }
        if let Some(name) = s.name.str().map(str::trim) {
            if let Some(&first) = spec_names.get(name) {
                let other =
                    spec(first).map_or_else(|| format!("number {}", first + 1), |f| f.label(first));
                out.push(
                    Finding::new(
                        &SPC001,
                        format!("/specifications/{i}/name"),
                        format!("spec name `{name}` is already used by spec {other}"),
                    )
                    .help("give each spec a name of its own; buyers choose specs by name"),
                );
            } else {
                spec_names.insert(name, i);
            }
        }
    }
}

/// SPC002.
fn code_form(code: &str, base: &str, out: &mut Vec<Finding>) {
    let mut problems = Vec::new();
    let mut chars = code.chars();
    let well_formed = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_formed {
        problems.push(if code.is_empty() {
            "is empty".to_owned()
        } else {
            "does not match `[a-z0-9][a-z0-9-]*`".to_owned()
        });
    }
    let len = code.chars().count();
    if len > MAX_CODE_LEN {
        problems.push(format!("has {len} characters, more than {MAX_CODE_LEN}"));
    }
    if !problems.is_empty() {
        out.push(
            Finding::new(
                &SPC002,
                format!("{base}/code"),
                format!("spec code `{code}` {}", problems.join(" and ")),
            )
            .help("use lower-case letters, digits and hyphens, starting with a letter or digit, at most 32 characters (e.g. `team-plan`)"),
        );
    }
}

/// SPC003.
fn periods(spec: &Specification, label: &str, base: &str, out: &mut Vec<Finding>) {
    let Some(billing) = spec.billing.copied() else {
        return;
    };
    match (billing, spec.periods.known()) {
        (Billing::YearlyMonthly, Some(None)) => out.push(
            Finding::new(
                &SPC003,
                base,
                format!("`yearly_monthly` spec {label} has no `periods`"),
            )
            .help("add the periods it is sold for: `periods: [month]`, `[year]` or `[month, year]`")
            .related(format!("{base}/billing"), "billed yearly/monthly here"),
        ),
        (Billing::YearlyMonthly, Some(Some(list))) if list.is_empty() => out.push(
            Finding::new(
                &SPC003,
                format!("{base}/periods"),
                format!("`yearly_monthly` spec {label} offers no period"),
            )
            .help("list the periods it is sold for: `[month]`, `[year]` or `[month, year]`"),
        ),
        (Billing::YearlyMonthly, Some(Some(list))) => {
            let mut seen: BTreeSet<Period> = BTreeSet::new();
            for (j, period) in list.iter().enumerate() {
                let Some(period) = period.copied() else {
                    continue;
                };
                if !seen.insert(period) {
                    out.push(
                        Finding::new(
                            &SPC003,
                            format!("{base}/periods/{j}"),
                            format!(
                                "period `{}` is listed twice in spec {label}",
                                period.as_str()
                            ),
                        )
                        .help("list each period once"),
                    );
                }
            }
        }
        (Billing::YearlyMonthly, None) => {}
        (billing, _) if spec.periods.is_some() => out.push(
            Finding::new(
                &SPC003,
                format!("{base}/periods"),
                format!(
                    "`periods` on `{}` spec {label}; only `yearly_monthly` specs have periods",
                    billing.as_str()
                ),
            )
            .help("remove `periods`, or make the spec `billing: yearly_monthly`")
            .at_key(),
        ),
        _ => {}
    }
}

/// SPC004, SPC005, SPC012.
fn trial(cx: &Context, spec: &Specification, label: &str, base: &str, out: &mut Vec<Finding>) {
    if spec.trial_days.is_none() {
        return;
    }
    let pointer = format!("{base}/trial_days");
    let billing = spec.billing.copied();
    // A trial on a spec that cannot have one, whatever its length.
    if let Some(billing) = billing
        && billing != Billing::YearlyMonthly
    {
        out.push(
            Finding::new(
                &SPC004,
                &pointer,
                format!(
                    "`trial_days` on `{}` spec {label}; KooGallery offers trials on `yearly_monthly` specs only",
                    billing.as_str()
                ),
            )
            .help("remove `trial_days`, or make the spec `yearly_monthly` with `periods`")
            .at_key(),
        );
    }
    let Some(days) = spec.trial_days.valid().copied() else {
        return;
    };
    if !(TRIAL_MIN..=TRIAL_MAX).contains(&days) {
        out.push(
            Finding::new(
                &SPC005,
                &pointer,
                format!("trial of {days} days in spec {label}; expected 1 to 30 days"),
            )
            .help("choose a trial of 1 to 30 days, or remove `trial_days` for no trial"),
        );
    }
    // The test spec's 3-day trial is mandated and the spec is removed after the release test;
    // a trial on a spec that cannot have one is SPC004's, and 0 or fewer days SPC005's.
    if spec.is_test() == Some(false)
        && billing == Some(Billing::YearlyMonthly)
        && days >= TRIAL_MIN
        && trial_is_new(cx, spec)
    {
        out.push(
            Finding::new(
                &SPC012,
                &pointer,
                format!(
                    "spec {label} gets a {days}-day trial; once released it cannot be cancelled or changed"
                ),
            )
            .help("confirm the trial length before submitting; remove `trial_days` if the spec should have no trial"),
        );
    }
}

/// Whether the spec's trial is new in this release: on a first release every trial is; on a
/// later release, a trial is new when the spec was not released, or was released without a
/// trial (the lock's manifest). With an unusable lock (REL006), or a spec whose code is
/// unknown, nothing is compared.
fn trial_is_new(cx: &Context, spec: &Specification) -> bool {
    match &cx.release {
        crate::release::Release::First => true,
        crate::release::Release::Later { lock: Err(_), .. } => false,
        crate::release::Release::Later { lock: Ok(lock), .. } => {
            let Some(code) = spec.code.str() else {
                return false;
            };
            let released = lock
                .manifest
                .get("specifications")
                .and_then(serde_json::Value::as_array)
                .and_then(|specs| {
                    specs
                        .iter()
                        .find(|s| s.get("code").and_then(serde_json::Value::as_str) == Some(code))
                });
            released.is_none_or(|s| s.get("trial_days").is_none())
        }
    }
}

/// SPC006 is in `check`; SPC007, SPC008, SPC009, SPC010.
fn test_specs(cx: &Context, specs: &[Known<Specification>], out: &mut Vec<Finding>) {
    let tests: Vec<(usize, &Specification)> = specs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.get().map(|s| (i, s)))
        .filter(|(_, s)| s.is_test() == Some(true))
        .collect();
    // No test spec is only known when every spec's `test` is.
    let surely_none = specs
        .iter()
        .all(|s| s.get().is_some_and(|s| s.is_test() == Some(false)));
    if cx.release.is_first() && surely_none {
        out.push(
            Finding::new(
                &SPC007,
                "/specifications",
                "first release without a test spec; KooGallery requires one priced 0 with a 3-day trial",
            )
            .help("add a spec with `test: true`, `billing: yearly_monthly`, `trial_days: 3` and every price 0"),
        );
    }
    let first_test = tests.first().map(|(i, s)| s.label(*i)).unwrap_or_default();
    for (n, &(i, spec)) in tests.iter().enumerate() {
        let base = format!("/specifications/{i}");
        let label = spec.label(i);
        let mut problems = Vec::new();
        if let Some(billing) = spec.billing.copied()
            && billing != Billing::YearlyMonthly
        {
            problems.push(format!(
                "billing is `{}`, not `yearly_monthly`",
                billing.as_str()
            ));
        }
        let priced: Vec<String> = spec
            .pricing
            .get()
            .map(amounts)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, a)| !a.is_zero())
            .map(|(at, a)| format!("`pricing{at}` is {a}"))
            .collect();
        if !priced.is_empty() {
            problems.push(format!("not free ({})", priced.join(", ")));
        }
        match spec.trial_days.known() {
            Some(Some(&TEST_TRIAL_DAYS)) | None => {}
            Some(Some(days)) => problems.push(format!("trial is {days} days, not 3")),
            Some(None) => problems.push("no `trial_days: 3`".to_owned()),
        }
        if !problems.is_empty() {
            out.push(
                Finding::new(
                    &SPC008,
                    &base,
                    format!("test spec {label}: {}", problems.join("; ")),
                )
                .help("the test spec is `billing: yearly_monthly` with `trial_days: 3` and every price 0"),
            );
        }
        if n > 0 {
            out.push(
                Finding::new(
                    &SPC009,
                    &base,
                    format!("spec {label} is also a test spec; {first_test} already is one"),
                )
                .help("keep one test spec; remove `test: true` or the spec from the others"),
            );
        }
        if !cx.release.is_first() {
            out.push(
                Finding::new(
                    &SPC010,
                    &base,
                    format!(
                        "test spec {label} on a later release; KooGallery removed the test spec after the first release test"
                    ),
                )
                .help("remove the test spec from the manifest"),
            );
        }
    }
}

/// Every known amount of a pricing, with its pointer under the pricing (`/price/month`,
/// `/skus/0/quantity_pricing/tiers/1/unit_price/year`, …).
fn amounts(pricing: &Pricing) -> Vec<(String, &Amount)> {
    fn price<'a>(out: &mut Vec<(String, &'a Amount)>, at: String, p: &'a Known<Price>) {
        for (suffix, _, a) in p.get().map(Price::amounts).unwrap_or_default() {
            out.push((format!("{at}{suffix}"), a));
        }
    }
    let mut out = Vec::new();
    match pricing {
        Pricing::Simple { price: p } => price(&mut out, "/price".to_owned(), p),
        Pricing::Custom { skus, .. } => {
            for (k, sku) in skus.each() {
                let at = format!("/skus/{k}");
                price(&mut out, format!("{at}/price"), &sku.price);
                if let Some(q) = sku.quantity_pricing.valid() {
                    if let Some(p) = &q.unit_price {
                        price(&mut out, format!("{at}/quantity_pricing/unit_price"), p);
                    }
                    for (t, tier) in q.tiers.each() {
                        price(
                            &mut out,
                            format!("{at}/quantity_pricing/tiers/{t}/unit_price"),
                            &tier.unit_price,
                        );
                    }
                }
            }
        }
        Pricing::PayPerUse { factors, packages } => {
            for (f, factor) in factors.each() {
                if let Some(a) = factor.price.valid() {
                    out.push((format!("/factors/{f}/price"), a));
                }
                for (t, tier) in factor.tiers.each() {
                    if let Some(a) = tier.unit_price.get() {
                        out.push((format!("/factors/{f}/tiers/{t}/unit_price"), a));
                    }
                }
            }
            for (p, package) in packages.each() {
                if let Some(a) = package.price.get() {
                    out.push((format!("/packages/{p}/price"), a));
                }
            }
        }
    }
    out
}

/// An upgrade rule whose three values are known.
struct Rule3<'a> {
    attribute: &'a str,
    from: &'a str,
    to: &'a str,
}

impl<'a> Rule3<'a> {
    fn of(rule: &'a Upgrade) -> Option<Rule3<'a>> {
        Some(Rule3 {
            attribute: rule.attribute.str()?,
            from: rule.from.str()?,
            to: rule.to.str()?,
        })
    }

    fn describe(&self) -> String {
        format!("`{}` → `{}` of `{}`", self.from, self.to, self.attribute)
    }
}

/// SPC011.
fn upgrades(spec: &Specification, label: &str, base: &str, out: &mut Vec<Finding>) {
    let rules: &[Known<Upgrade>] = match spec.upgrades.known() {
        Some(Some(list)) => list,
        _ => &[],
    };
    let (Some(billing), Some(pricing)) = (spec.billing.copied(), spec.pricing.get()) else {
        return;
    };
    let attributes = match pricing {
        Pricing::Custom { attributes, .. } if billing == Billing::YearlyMonthly => Some(attributes),
        _ => None,
    };
    let Some(attributes) = attributes else {
        let why = if billing == Billing::YearlyMonthly {
            format!("its pricing is `template: {}`", pricing.template_name())
        } else {
            format!("it is `{}`", billing.as_str())
        };
        for (j, rule) in rules.iter().enumerate() {
            let what = rule
                .get()
                .and_then(Rule3::of)
                .map(|r| format!("upgrade {}", r.describe()))
                .unwrap_or_else(|| "an upgrade rule".to_owned());
            out.push(
                Finding::new(
                    &SPC011,
                    format!("{base}/upgrades/{j}"),
                    format!(
                        "{what} in spec {label}, but {why}; upgrades need a `yearly_monthly` spec with `template: custom`"
                    ),
                )
                .help("remove the upgrade rules, or give the spec `billing: yearly_monthly` and custom pricing"),
            );
        }
        if spec.scales_out() == Some(true) {
            out.push(
                Finding::new(
                    &SPC011,
                    format!("{base}/scale_out"),
                    format!(
                        "`scale_out: true` on spec {label}, but {why}; scale-out needs a `yearly_monthly` spec with `template: custom` and a quantity attribute"
                    ),
                )
                .help("remove `scale_out`, or give the spec `billing: yearly_monthly` and custom pricing with a quantity attribute"),
            );
        }
        return;
    };
    // The attributes, when the list and each attribute's kind are known (an unknown one may
    // be the quantity attribute, or the one an upgrade names).
    let whole = attributes.whole();
    if spec.scales_out() == Some(true)
        && let Some(whole) = &whole
        && !whole
            .iter()
            .any(|a| matches!(a, Attribute::Quantity { .. }))
    {
        out.push(
            Finding::new(
                &SPC011,
                format!("{base}/scale_out"),
                format!("`scale_out: true` on spec {label}, which has no quantity attribute to scale"),
            )
            .help("add a quantity attribute (e.g. seats) to the custom pricing, or remove `scale_out`"),
        );
    }
    // Edges of the accepted rules, per attribute, to find cycles in file order.
    let mut seen: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    let mut edges: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (j, rule) in rules.iter().enumerate() {
        let Some(rule) = rule.get().and_then(Rule3::of) else {
            continue;
        };
        match upgrade_problem(&rule, whole.as_deref(), &seen, &edges) {
            Some(Problem::Found(message, help)) => out.push(
                Finding::new(
                    &SPC011,
                    format!("{base}/upgrades/{j}"),
                    format!("upgrade {} in spec {label}: {message}", rule.describe()),
                )
                .help(help),
            ),
            Some(Problem::Unknown) => {}
            None => {
                seen.insert((rule.attribute, rule.from, rule.to));
                edges
                    .entry(rule.attribute)
                    .or_default()
                    .push((rule.from, rule.to));
            }
        }
    }
}

/// What is wrong with an upgrade rule: a message and a help line, or that it cannot be told.
enum Problem {
    Found(String, &'static str),
    Unknown,
}

/// What is wrong with one upgrade rule, given the spec's attributes (`None` when they are
/// not all known) and the rules accepted before it.
fn upgrade_problem(
    rule: &Rule3,
    attributes: Option<&[&Attribute]>,
    seen: &BTreeSet<(&str, &str, &str)>,
    edges: &BTreeMap<&str, Vec<(&str, &str)>>,
) -> Option<Problem> {
    let Some(attributes) = attributes else {
        return Some(Problem::Unknown);
    };
    if attributes.iter().any(|a| a.code().is_unknown()) {
        return Some(Problem::Unknown);
    }
    let attribute = attributes
        .iter()
        .find(|a| a.code().str() == Some(rule.attribute));
    let values = match attribute {
        Some(Attribute::Enumeration { values, .. }) => values,
        Some(Attribute::Quantity { .. }) => {
            return Some(Problem::Found(
                format!(
                    "`{}` is a quantity attribute; upgrades change enumeration values (scale-out raises quantities)",
                    rule.attribute
                ),
                "name an enumeration attribute, or use `scale_out: true` for the quantity",
            ));
        }
        None => {
            return Some(Problem::Found(
                format!("the spec has no attribute `{}`", rule.attribute),
                "name an enumeration attribute of this spec's custom pricing",
            ));
        }
    };
    let Some(values) = values.whole() else {
        return Some(Problem::Unknown);
    };
    let unknown: Vec<&str> = [rule.from, rule.to]
        .into_iter()
        .filter(|v| !values.iter().any(|x| x == v))
        .collect();
    if !unknown.is_empty() {
        return Some(Problem::Found(
            format!(
                "{} not a value of `{}` (values: {})",
                if unknown.len() == 1 {
                    format!("`{}` is", unknown.join(""))
                } else {
                    format!("{} are", names(unknown.iter().copied()))
                },
                rule.attribute,
                names(values.iter().map(|v| v.as_str()))
            ),
            "use two of the attribute's values for `from` and `to`",
        ));
    }
    if rule.from == rule.to {
        return Some(Problem::Found(
            "`from` and `to` are the same value".to_owned(),
            "an upgrade goes from one value to a different one; remove this rule",
        ));
    }
    if seen.contains(&(rule.attribute, rule.from, rule.to)) {
        return Some(Problem::Found(
            "the same upgrade is already listed".to_owned(),
            "remove the repeated rule",
        ));
    }
    let graph = edges.get(rule.attribute).map_or(&[][..], Vec::as_slice);
    if reaches(graph, rule.to, rule.from) {
        return Some(Problem::Found(
            format!(
                "`{}` already upgrades to `{}` through the rules above, so this closes a cycle (a downgrade)",
                rule.to, rule.from
            ),
            "upgrade rules go one way only; remove this rule (buyers downgrade at renewal)",
        ));
    }
    None
}

/// Whether `to` can be reached from `from` along `edges`.
fn reaches(edges: &[(&str, &str)], from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut visited: BTreeSet<&str> = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if visited.insert(node) {
            stack.extend(edges.iter().filter(|(a, _)| *a == node).map(|(_, b)| *b));
        }
    }
    false
}

/// `` `a`, `b`, `c` ``.
fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
