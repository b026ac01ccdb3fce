//! One round, not two (rule catalog conventions): a schema error makes only its own value
//! unknown, so the first run of a manifest with type errors and other mistakes in the same
//! section, or the same list item, already reports every mistake.
//!
//! Each `tests/recovery/NAME.yaml` holds schema errors (MAN002–MAN004) beside other mistakes;
//! its `# expect:` lines list every error and warning of the first run, exactly (`""` for
//! the empty pointer).
//! A `# lock: FILE` line makes it a later release against that lock.
//! `NAME.fixed.yaml` is the same manifest with only the schema errors fixed, as the seller
//! would after reading the first run: its run must find nothing the first one did not
//! (same rule at the same pointer), and no schema error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::finding::Severity;
use kooship::lint::{self, Input};
use kooship::release::ReleaseOptions;
use kooship::report::range;

fn run(path: &Path) -> Vec<(String, String, usize, usize, Severity)> {
    let input = Input::read(path).expect("fixture readable");
    let text = String::from_utf8_lossy(&input.bytes).into_owned();
    // `# lock: FILE`: a later release, against that lock (relative to the fixture).
    let lock = text
        .lines()
        .find_map(|l| l.strip_prefix("# lock:"))
        .map(|l| path.parent().expect("folder").join(l.trim()));
    let options = lint::Options {
        today: Date::parse("2026-11-26").expect("date"),
        release: ReleaseOptions {
            lock,
            ..ReleaseOptions::default()
        },
    };
    let report = lint::lint(&input, &options);
    report
        .findings
        .iter()
        .map(|f| {
            let (start, _) = range(&report, f);
            (
                f.rule.code.to_owned(),
                f.pointer.clone(),
                start.line,
                start.column,
                f.severity,
            )
        })
        .collect()
}

fn expected(path: &Path) -> Vec<(String, String, usize, usize)> {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let mut out: Vec<_> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|e| {
            let parts: Vec<&str> = e.split_whitespace().collect();
            let [rule, pointer, pos] = parts.as_slice() else {
                panic!("{}: bad expect line `{e}`", path.display());
            };
            let (l, c) = pos.split_once(':').expect("line:column");
            (
                (*rule).to_owned(),
                if *pointer == "\"\"" {
                    String::new()
                } else {
                    (*pointer).to_owned()
                },
                l.parse().expect("line"),
                c.parse().expect("column"),
            )
        })
        .collect();
    out.sort();
    out
}

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/recovery");
    let mut out: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/recovery")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".yaml") && !name.ends_with(".fixed.yaml")
        })
        .map(|p| {
            let fixed = p.with_extension("fixed.yaml");
            (p, fixed)
        })
        .collect();
    out.sort();
    out
}

const SCHEMA_RULES: [&str; 3] = ["MAN002", "MAN003", "MAN004"];

#[test]
fn the_first_run_reports_every_mistake() {
    let pairs = pairs();
    assert!(pairs.len() >= 10, "only {} recovery fixtures", pairs.len());
    let mut failures = Vec::new();
    for (broken, fixed) in &pairs {
        let first = run(broken);
        assert!(
            first.iter().any(|f| SCHEMA_RULES.contains(&f.0.as_str())),
            "{}: a recovery fixture has a schema error",
            broken.display()
        );
        assert!(
            first
                .iter()
                .any(|f| !SCHEMA_RULES.contains(&f.0.as_str()) && f.4 == Severity::Error),
            "{}: a recovery fixture has another error beside its schema errors",
            broken.display()
        );
        let mut got: Vec<_> = first
            .iter()
            .filter(|f| f.4 != Severity::Info)
            .map(|f| (f.0.clone(), f.1.clone(), f.2, f.3))
            .collect();
        got.sort();
        let want = expected(broken);
        if got != want {
            failures.push(format!(
                "{}\n  expected: {want:?}\n  got:      {got:?}",
                broken.display()
            ));
        }

        let second = run(fixed);
        let seen: BTreeSet<(&str, &str)> =
            first.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        for f in &second {
            if SCHEMA_RULES.contains(&f.0.as_str()) {
                failures.push(format!(
                    "{}: the fixed manifest still has {} at {}",
                    fixed.display(),
                    f.0,
                    f.1
                ));
            } else if !seen.contains(&(f.0.as_str(), f.1.as_str())) {
                failures.push(format!(
                    "{}: the second run finds {} at {} ({}:{}), which the first did not report",
                    fixed.display(),
                    f.0,
                    f.1,
                    f.2,
                    f.3
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
