//! Inputs that once broke kooship (found by `cargo fuzz`, the property test or by hand),
//! kept as regression tests: every file in `tests/data/fuzz-regressions/lint/` goes through
//! the whole lint pipeline and every output format, every file in `…/lock/` through the
//! lock reader, with the invariants the fuzz targets check.

use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::history::Lock;
use kooship::lint::{Input, Options, lint};
use kooship::report::{self, Reporter};

fn inputs(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz-regressions")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

#[test]
fn lint_regressions() {
    let empty = tempfile::tempdir().expect("temp folder");
    let files = inputs("lint");
    assert!(!files.is_empty(), "regression inputs are there");
    for path in files {
        let input = Input {
            name: "kooship.yaml".to_owned(),
            bytes: std::fs::read(&path).expect("read"),
            base_dir: empty.path().to_path_buf(),
        };
        let options = Options {
            today: Date::parse("2026-11-26").expect("date"),
            ..Options::default()
        };
        let linted = kooship::lint::lint_full(&input, &options);
        // Every finding's pointer is a place in the manifest (the value, or the text: a key
        // the format does not know, a value inside a merge key's source).
        for f in &linted.report.findings {
            let resolves = linted
                .value
                .as_ref()
                .is_some_and(|v| v.pointer(&f.pointer).is_some())
                || linted.index.get(&f.pointer).is_some()
                || f.pointer.is_empty();
            assert!(
                resolves,
                "{}: {} at `{}` does not resolve",
                path.display(),
                f.rule.code,
                f.pointer
            );
        }
        let file = linted.report;
        let text = file.source.text();
        for f in &file.findings {
            let span = f.span.expect("located");
            for s in [Some(span), f.underline].into_iter().flatten() {
                assert!(
                    s.start <= s.end
                        && s.end <= text.len()
                        && text.is_char_boundary(s.start)
                        && text.is_char_boundary(s.end),
                    "{}: {f:?}",
                    path.display()
                );
            }
        }
        // Fixes: applied and checked as `lint --fix --unsafe-fixes` does, they leave a manifest
        // that still loads.
        if file.findings.iter().any(|f| f.fix.is_some()) {
            let outcome =
                kooship::fix::apply::fix(&input, &options, kooship::fix::Applicability::Unsafe);
            if let Some(after) = outcome.after {
                let again = lint(
                    &Input {
                        bytes: after,
                        ..input.clone()
                    },
                    &options,
                );
                assert!(
                    !again
                        .findings
                        .iter()
                        .any(|f| matches!(f.rule.code, "MAN001" | "MAN006")),
                    "{}: a fix broke the manifest",
                    path.display()
                );
            }
        }
        let files = [file];
        let reporters: [Box<dyn Reporter>; 6] = [
            Box::new(report::human::Human::new(false)),
            Box::new(report::concise::Concise::default()),
            Box::new(report::json::Json),
            Box::new(report::sarif::Sarif),
            Box::new(report::github::Github),
            Box::new(report::junit::Junit),
        ];
        for r in reporters {
            let mut out = Vec::new();
            r.report(&files, &mut out).expect("a report");
        }
    }
}

#[test]
fn lock_regressions() {
    for path in inputs("lock") {
        let bytes = std::fs::read(&path).expect("read");
        let _ = Lock::parse(&bytes);
        if let Ok(manifest @ serde_json::Value::Object(_)) = serde_json::from_slice(&bytes) {
            let lock = Lock::record(&manifest, Date::parse("2026-11-26").expect("date"));
            let back = Lock::parse(lock.to_text().as_bytes());
            assert!(back.is_ok(), "{}: {back:?}", path.display());
        }
    }
}
