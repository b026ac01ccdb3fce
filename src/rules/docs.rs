//! Rule documentation rendered from the rules themselves: `kooship explain`, `kooship rules`
//! and `docs/rules.md` (a test fails when the committed file drifts).

use std::fmt::Write;

use super::{AREAS, Rule};

/// The full text of one rule, as `kooship explain` prints it.
pub fn explain(rule: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}: {}", rule.code, rule.name);
    let _ = writeln!(
        s,
        "Severity: {} · Waivable: {} · Source: {}",
        rule.severity,
        if rule.waivable { "yes" } else { "no" },
        rule.origin.as_str()
    );
    let _ = writeln!(s, "\n{}", rule.summary);
    let _ = writeln!(s, "\n## What it checks\n\n{}", rule.docs.what);
    let _ = writeln!(s, "\n## Why KooGallery cares\n\n{}", rule.docs.why);
    let _ = writeln!(
        s,
        "\n## Example that fails\n\n```yaml\n{}```",
        ensure_newline(rule.docs.example)
    );
    let _ = writeln!(s, "\n## How to fix it\n\n{}", rule.docs.fix);
    let _ = writeln!(
        s,
        "\n## Automatic fix\n\n{}",
        crate::fix::documentation(rule.code)
    );
    let _ = writeln!(s, "\n## Source\n\n{}", rule.docs.source);
    let _ = writeln!(s, "\n{}", rule.url());
    s
}

/// `kooship rules`: one aligned line per rule.
pub fn table() -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<7} {:<34} {:<8} {:<8} summary",
        "code", "name", "severity", "waivable"
    );
    for area in AREAS {
        for rule in area.rules {
            let _ = writeln!(
                s,
                "{:<7} {:<34} {:<8} {:<8} {}",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                if rule.waivable { "yes" } else { "no" },
                rule.summary
            );
        }
    }
    s
}

/// `docs/rules.md`: every rule's documentation, under the headings finding URLs point at.
pub fn markdown() -> String {
    let mut s = String::new();
    s.push_str("# kooship rules\n\n");
    s.push_str("<!-- Generated from src/rules/*.rs by `UPDATE_GENERATED=1 cargo test --test generated`; do not edit. -->\n\n");
    s.push_str(
        "Every finding names one of these rules. `kooship explain CODE` prints the same text; \
         `kooship rules` lists them. Severities: `error` — KooGallery will reject the release or \
         the product will fail at run time; `warning` — likely a mistake, or a review risk; \
         `info` — advice. A rule that is not waivable cannot be lowered by `lint.severity` or \
         `lint.exceptions`.\n\n",
    );
    for area in AREAS.iter().filter(|a| !a.rules.is_empty()) {
        let _ = writeln!(s, "## {} — {}\n", area.prefix, area.title);
        s.push_str("| code | name | severity | waivable | fires when |\n|---|---|---|---|---|\n");
        for rule in area.rules {
            let _ = writeln!(
                s,
                "| [{}](#{}) | `{}` | {} | {} | {} |",
                rule.code,
                rule.anchor(),
                rule.name,
                rule.severity,
                if rule.waivable { "yes" } else { "no" },
                rule.summary.replace('|', "\\|")
            );
        }
        s.push('\n');
        for rule in area.rules {
            let _ = writeln!(s, "### {}: {}\n", rule.code, rule.name);
            let _ = writeln!(
                s,
                "Severity **{}** · waivable **{}** · source **{}**\n",
                rule.severity,
                if rule.waivable { "yes" } else { "no" },
                rule.origin.as_str()
            );
            let _ = writeln!(s, "**What it checks.** {}\n", rule.docs.what);
            let _ = writeln!(s, "**Why KooGallery cares.** {}\n", rule.docs.why);
            let _ = writeln!(
                s,
                "**Example that fails.**\n\n```yaml\n{}```\n",
                ensure_newline(rule.docs.example)
            );
            let _ = writeln!(s, "**How to fix it.** {}\n", rule.docs.fix);
            let _ = writeln!(
                s,
                "**Automatic fix.** {}\n",
                crate::fix::documentation(rule.code)
            );
            let _ = writeln!(s, "**Source.** {}\n", rule.docs.source);
        }
    }
    s
}

fn ensure_newline(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_owned()
    } else {
        format!("{s}\n")
    }
}
