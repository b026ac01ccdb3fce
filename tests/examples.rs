//! Every bundled example lints without an error or a warning (as a first release).

use kooship::finding::Severity;
use kooship::lint::{self, Input};

#[test]
fn every_example_lints_clean() {
    let mut seen = 0;
    let mut dirs: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let manifest = dir.join("kooship.yaml");
        if !manifest.exists() {
            continue;
        }
        seen += 1;
        let report = lint::lint(
            &Input::read(&manifest).expect("readable"),
            &lint::Options::default(),
        );
        let problems: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| format!("{} {} {}", f.rule.code, f.pointer, f.message))
            .collect();
        assert!(
            problems.is_empty(),
            "{}:\n  {}",
            manifest.display(),
            problems.join("\n  ")
        );
    }
    assert!(seen >= 3, "expected at least three examples, found {seen}");
}
