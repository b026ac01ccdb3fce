//! The rule registry is the catalog: every row of the rule catalog (a copy of the spec,
//! `tests/data/spec-rules.md`) is registered with its code, name, severity, waivability,
//! summary and source; every registered rule is in the catalog, documented in full, and
//! has fixtures (see tests/rules.rs).

use std::collections::BTreeMap;

use kooship::rules;

struct Row {
    name: String,
    severity: String,
    waivable: bool,
    summary: String,
    /// `None` for the PRB rules, whose table (in probe.md) has no source column.
    source: Option<String>,
}

fn catalog() -> BTreeMap<String, Row> {
    let text = std::fs::read_to_string("tests/data/spec-rules.md").expect("catalog copy");
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect();
        // Six cells in rules.md; five in probe.md's PRB table, which has no source column.
        if (cells.len() == 6 || cells.len() == 5)
            && cells[0].len() == 6
            && cells[0].chars().take(3).all(|c| c.is_ascii_uppercase())
        {
            rows.insert(
                cells[0].to_owned(),
                Row {
                    name: cells[1].to_owned(),
                    severity: cells[2].to_owned(),
                    waivable: cells[3] == "yes",
                    summary: cells[4].to_owned(),
                    source: cells.get(5).map(|s| (*s).to_owned()),
                },
            );
        }
    }
    rows
}

#[test]
fn every_catalog_row_is_registered_as_written() {
    let rows = catalog();
    assert!(rows.len() >= 80, "parsed only {} catalog rows", rows.len());
    let mut problems = Vec::new();
    for (code, row) in &rows {
        let Some(rule) = rules::find(code) else {
            problems.push(format!("{code} is not registered"));
            continue;
        };
        if rule.name != row.name {
            problems.push(format!(
                "{code}: name `{}`, catalog `{}`",
                rule.name, row.name
            ));
        }
        if rule.severity.as_str() != row.severity {
            problems.push(format!(
                "{code}: severity {}, catalog {}",
                rule.severity, row.severity
            ));
        }
        if rule.waivable != row.waivable {
            problems.push(format!(
                "{code}: waivable {}, catalog {}",
                rule.waivable, row.waivable
            ));
        }
        if rule.summary != row.summary {
            problems.push(format!(
                "{code}: summary differs:\n    ours:    {}\n    catalog: {}",
                rule.summary, row.summary
            ));
        }
        if let Some(source) = &row.source
            && rule.origin.as_str() != source
        {
            problems.push(format!(
                "{code}: source `{}`, catalog `{source}`",
                rule.origin.as_str(),
            ));
        }
    }
    for rule in rules::all() {
        if !rows.contains_key(rule.code) {
            problems.push(format!(
                "{} is registered but not in the catalog",
                rule.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_is_documented() {
    let mut problems = Vec::new();
    for rule in rules::all() {
        let d = &rule.docs;
        for (section, text) in [
            ("what", d.what),
            ("why", d.why),
            ("example", d.example),
            ("fix", d.fix),
            ("source", d.source),
        ] {
            if text.trim().len() < 10 {
                problems.push(format!(
                    "{}: `{section}` is missing or too short",
                    rule.code
                ));
            }
        }
        let explain = rules::docs::explain(rule);
        for heading in [
            "## What it checks",
            "## Why KooGallery cares",
            "## Example that fails",
            "## How to fix it",
            "## Source",
        ] {
            if !explain.contains(heading) {
                problems.push(format!("{}: explain lacks {heading}", rule.code));
            }
        }
        assert!(
            rule.url()
                .ends_with(&format!("docs/rules.md#{}", rule.anchor()))
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let md = rules::docs::markdown();
    for rule in rules::all() {
        assert!(
            md.contains(&format!("### {}: {}\n", rule.code, rule.name)),
            "{} has no section in docs/rules.md",
            rule.code
        );
    }
}
