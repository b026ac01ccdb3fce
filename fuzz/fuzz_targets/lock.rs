//! `kooship.lock` is untrusted input too: arbitrary bytes through `Lock::parse`; and, when the
//! bytes are a JSON object, that object recorded as a lock must parse back, and a real
//! manifest linted against it (REL rules, diff) must not panic.
#![no_main]

use std::sync::OnceLock;

use kooship::clock::Date;
use kooship::history::{self, Lock};
use kooship::lint::{Input, Options, lint};
use kooship::release::ReleaseOptions;
use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = include_bytes!("../../examples/acme-insight/kooship.yaml");

fn dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder"))
        .path()
}

fuzz_target!(|data: &[u8]| {
    let _ = Lock::parse(data);
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(data) else {
        return;
    };
    let manifest = serde_json::Value::Object(map);
    let today = Date::parse("2026-11-26").expect("a date");
    let lock = Lock::record(&manifest, today);
    let text = lock.to_text();
    let back = Lock::parse(text.as_bytes());
    assert!(
        back.is_ok(),
        "a recorded lock parses back: {back:?}\n{text}"
    );
    let _ = history::diff::render(&history::diff::diff(&manifest, &lock.manifest));

    let lock_path = dir().join("kooship.lock");
    std::fs::write(&lock_path, text).expect("write the lock");
    let input = Input {
        name: "kooship.yaml".to_owned(),
        bytes: MANIFEST.to_vec(),
        base_dir: dir().to_path_buf(),
    };
    let options = Options {
        today,
        release: ReleaseOptions {
            lock: Some(lock_path),
            first_release: false,
        },
    };
    let _ = lint(&input, &options);
});
