//! EXT — extension parameters.

use std::collections::HashSet;

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Optional;

pub static AREA: Area = Area {
    prefix: "EXT",
    title: "Extension parameters",
    rules: &[&EXT001, &EXT002, &EXT003, &EXT004, &EXT005],
    check,
};

pub static EXT001: Rule = Rule {
    code: "EXT001",
    name: "too-many-extension-parameters",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "More than three; points at the fourth and later.",
    docs: Docs {
        what: "That `extension_parameters` has at most three entries. The fourth and every \
               later entry is reported, one finding each.",
        why: "The release form lets a product select at most three extension parameters; a \
              fourth cannot be carried in the subscription request.",
        example: "extension_parameters:\n  - { name: emailDomainName, type: default, debugged: true }\n  - { name: region, type: default, debugged: true }\n  - { name: retentionDays, type: default, debugged: true }\n  - { name: plan, type: default, debugged: true }   # the fourth\n",
        fix: "Keep the three parameters the endpoint really needs at subscription; ask for the \
              rest after provisioning (for example on the product's first-login page).",
        source: "Releasing SaaS (extension parameters: at most 3); V1 Interface Debugging.",
    },
};

pub static EXT002: Rule = Rule {
    code: "EXT002",
    name: "extension-parameter-duplicate",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Practice,
    summary: "Two parameters share a name.",
    docs: Docs {
        what: "That no two entries of `extension_parameters` have the same `name` (compared \
               exactly). Each later occurrence is reported at its `name`.",
        why: "Extension parameters reach the endpoint as a list of name/value pairs; two with \
              one name leave the endpoint unable to tell which value is which.",
        example: "extension_parameters:\n  - { name: region, type: default, debugged: true }\n  - { name: region, type: default, debugged: true }\n",
        fix: "Remove the repeated entry, or rename it if it is a different parameter.",
        source: "kooship's own check.",
    },
};

pub static EXT003: Rule = Rule {
    code: "EXT003",
    name: "extension-parameter-name",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Inferred,
    summary: "Name is not letters and digits starting with a letter, or longer than 32.",
    docs: Docs {
        what: "Each extension parameter's `name`: ASCII letters and digits only, starting with a \
               letter, at most 32 characters (`emailDomainName`).",
        why: "The name is carried as a field name in the subscription request. KooGallery \
              publishes no naming rule, but its only example is camelCase letters; spaces, \
              punctuation or a very long name are likely to be refused by the form or to break \
              the endpoint's parsing.",
        example: "extension_parameters:\n  - { name: email-domain, type: default, debugged: true }\n",
        fix: "Rename it in camelCase letters and digits (`emailDomain`), debug a case that \
              carries the new name, and update the endpoint.",
        source: "Inferred from the V2.0 example request (`extendParams` with `emailDomainName`); no published naming rule.",
    },
};

pub static EXT004: Rule = Rule {
    code: "EXT004",
    name: "extension-type-needs-approval",
    severity: Severity::Error,
    waivable: true,
    origin: Origin::Seed,
    summary: "Non-default `type` without `approval`.",
    docs: Docs {
        what: "That an extension parameter whose `type` is not `default` has an `approval` \
               that is not empty or blank. A missing `approval` is reported at the parameter; \
               a blank one at the `approval` value.",
        why: "Only default parameter types are self-service. Any other type must be requested \
              by email from the KooGallery operations manager, and is available only once \
              KooGallery approves it; without approval the release cannot select it.",
        example: "extension_parameters:\n  - name: tenantDomain\n    type: custom_domain\n    debugged: true\n",
        fix: "Request the type by email (partner@huaweicloud.com) and record the approval: \
              `approval: \"KooGallery mail 2026-10-14, custom_domain approved\"`; or use \
              `type: default`.",
        source: "Releasing SaaS (extension parameters); V1 Interface Debugging (non-default types need an email application).",
    },
};

pub static EXT005: Rule = Rule {
    code: "EXT005",
    name: "extension-parameter-not-debugged",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`debugged` is `false`.",
    docs: Docs {
        what: "That every extension parameter has `debugged: true`: a saved debugging case \
               carried it.",
        why: "The release form only offers extension parameters that a saved debugging case \
              has already carried successfully; an undebugged parameter cannot be selected.",
        example: "extension_parameters:\n  - name: emailDomainName\n    type: default\n    debugged: false\n",
        fix: "Run a debugging case (e.g. `newInstance`) with the parameter filled in, save it \
              once it passes, and set `debugged: true`.",
        source: "Releasing SaaS (extension parameters must have been debugged); V1 Interface Debugging.",
    },
};

const MAX_PARAMETERS: usize = 3;
const MAX_NAME: usize = 32;

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(Some(params)) = cx.manifest.extension_parameters.known() else {
        return;
    };
    let base = "/extension_parameters";
    let count = params.len();
    let mut seen = HashSet::new();
    for (i, p) in params.iter().enumerate() {
        let at = format!("{base}/{i}");
        let p = p.get();
        let name = p.and_then(|p| p.name.str());
        if i >= MAX_PARAMETERS {
            let which = match name {
                Some(name) => format!("`{name}` is the {}", ordinal(i + 1)),
                None => format!("this is the {}", ordinal(i + 1)),
            };
            out.push(
                Finding::new(
                    &EXT001,
                    &at,
                    format!(
                        "{count} extension parameters; KooGallery accepts at most {MAX_PARAMETERS}, and {which}"
                    ),
                )
                .help("keep the three parameters the endpoint needs at subscription and remove the others"),
            );
        }
        let Some(p) = p else {
            continue;
        };
        if let Some(name) = name {
            if !seen.insert(name) {
                out.push(
                    Finding::new(
                        &EXT002,
                        format!("{at}/name"),
                        format!("extension parameter `{name}` is listed twice"),
                    )
                    .help("remove the repeated entry, or rename it if it is a different parameter"),
                );
            }
            check_name(name, &at, out);
        }
        let called = name.map_or_else(|| format!("number {}", i + 1), |n| format!("`{n}`"));
        if let Some(kind) = p.kind.str()
            && kind != "default"
        {
            match p.approval.known() {
                Some(None) => out.push(
                    Finding::new(
                        &EXT004,
                        &at,
                        format!(
                            "extension parameter {called} has the non-default type `{kind}` but no `approval`"
                        ),
                    )
                    .help("request the type from KooGallery by email and add `approval:` with its reference, or use `type: default`")
                    .related(format!("{at}/type"), "a non-default type needs KooGallery's approval"),
                ),
                Some(Some(a)) if a.trim().is_empty() => out.push(
                    Finding::new(
                        &EXT004,
                        format!("{at}/approval"),
                        format!(
                            "extension parameter {called} has the non-default type `{kind}` and an empty `approval`"
                        ),
                    )
                    .help("write the reference of KooGallery's approval (mail subject, date), or use `type: default`"),
                ),
                _ => {}
            }
        }
        if p.debugged.copied() == Some(false) {
            out.push(
                Finding::new(
                    &EXT005,
                    format!("{at}/debugged"),
                    format!(
                        "extension parameter {called} has not been carried by a saved debugging case"
                    ),
                )
                .help("run and save a debugging case with the parameter filled in, then set `debugged: true`"),
            );
        }
    }
}

fn check_name(name: &str, at: &str, out: &mut Vec<Finding>) {
    let mut problems = Vec::new();
    match name.chars().next() {
        None => problems.push("is empty".to_owned()),
        Some(first) if !first.is_ascii_alphabetic() => {
            problems.push(format!("starts with `{first}`, not a letter"));
        }
        Some(_) => {}
    }
    if let Some(bad) = name.chars().skip(1).find(|c| !c.is_ascii_alphanumeric()) {
        problems.push(format!("contains `{bad}`, not a letter or digit"));
    }
    let len = name.chars().count();
    if len > MAX_NAME {
        problems.push(format!("is {len} characters long (at most {MAX_NAME})"));
    }
    if !problems.is_empty() {
        out.push(
            Finding::new(
                &EXT003,
                format!("{at}/name"),
                if name.is_empty() {
                    "extension parameter name is empty".to_owned()
                } else {
                    format!("extension parameter name `{name}` {}", problems.join(" and "))
                },
            )
            .help("use letters and digits only, starting with a letter, at most 32 characters (e.g. `emailDomainName`)"),
        );
    }
}
