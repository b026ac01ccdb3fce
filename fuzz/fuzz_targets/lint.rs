//! The whole lint pipeline on arbitrary bytes, as a first release in an empty folder, then
//! every output format, and the fixes. Besides panics it checks what the outputs rely on, as
//! `kooship::invariants::check_lint` lists it (the regression test runs the same check).
#![no_main]

use std::sync::OnceLock;

use kooship::clock::Date;
use kooship::lint::{Input, Options};
use libfuzzer_sys::fuzz_target;

fn empty_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder"))
        .path()
}

fuzz_target!(|data: &[u8]| {
    let input = Input {
        name: "kooship.yaml".to_owned(),
        bytes: data.to_vec(),
        base_dir: empty_dir().to_path_buf(),
    };
    let options = Options {
        today: Date::parse("2026-11-26").expect("a date"),
        ..Options::default()
    };
    if let Err(broken) = kooship::invariants::check_lint(&input, &options) {
        panic!("{broken}");
    }
});
