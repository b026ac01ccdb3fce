//! Snapshots of what a user sees: the `human` and `json` reports of a few manifests.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use kooship::clock::Date;
use kooship::lint::{self, FileReport, Input};
use kooship::report::Reporter;
use kooship::report::human::Human;
use kooship::report::json::Json;

fn lint_file(path: &str) -> FileReport {
    let input = Input::read(std::path::Path::new(path)).expect("fixture");
    let options = lint::Options {
        today: Date::parse("2026-11-26").unwrap(),
        ..lint::Options::default()
    };
    lint::lint(&input, &options)
}

fn render(reporter: &dyn Reporter, reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    reporter.report(reports, &mut out).expect("render");
    String::from_utf8(out).expect("UTF-8 output")
}

const CASES: &[(&str, &str)] = &[
    ("unknown_key", "tests/rules/MAN002/fail-misspelt-key.yaml"),
    (
        "syntax_error",
        "tests/rules/MAN001/fail-unclosed-bracket.yaml",
    ),
    ("duplicate_key", "tests/rules/MAN005/fail-duplicate.yaml"),
    ("not_utf8", "tests/rules/MAN006/fail-not-utf8.yaml"),
    ("schema_errors", "tests/snapshots/inputs/schema-errors.yaml"),
    // A missing key another key requires: the finding at the map that lacks it, and a
    // second label on the key that creates the requirement.
    ("required_by", "tests/rules/PRV002/fail-email.yaml"),
];

#[test]
fn human_reports() {
    for (name, path) in CASES {
        let reports = [lint_file(path)];
        insta::assert_snapshot!(
            format!("human_{name}"),
            render(&Human::new(false), &reports)
        );
    }
}

#[test]
fn json_reports() {
    for (name, path) in CASES {
        let reports = [lint_file(path)];
        insta::assert_snapshot!(format!("json_{name}"), render(&Json, &reports));
    }
}

#[test]
fn human_output_has_no_escape_codes_without_colour() {
    let reports = [lint_file("tests/snapshots/inputs/schema-errors.yaml")];
    assert!(!render(&Human::new(false), &reports).contains('\u{1b}'));
    assert!(render(&Human::new(true), &reports).contains('\u{1b}'));
}
