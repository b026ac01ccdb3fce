//! Inputs that once broke kooship (found by `cargo fuzz`, the property test or by hand),
//! kept as regression tests: every file in `tests/data/fuzz-regressions/lint/` goes through
//! the whole lint pipeline and every output format, every file in `…/lock/` through the
//! lock reader, with the invariants the fuzz targets check.

use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::history::Lock;
use kooship::lint::{Input, Options};

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
        if let Err(broken) = kooship::invariants::check_lint(&input, &options) {
            panic!("{}: {broken}", path.display());
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
