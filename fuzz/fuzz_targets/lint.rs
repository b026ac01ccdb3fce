//! The whole lint pipeline on arbitrary bytes, as a first release in an empty folder, then
//! every output format, and the fixes. Besides panics it checks what the outputs rely on:
//! every finding has a span inside the text, on character boundaries; and that fixing leaves
//! a manifest that loads.
#![no_main]

use std::sync::OnceLock;

use kooship::clock::Date;
use kooship::lint::{Input, Options, lint};
use kooship::report::{self, Reporter};
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
    let file = lint(&input, &options);
    let text = file.source.text();
    for f in &file.findings {
        let span = f.span.expect("every finding is located");
        for s in [Some(span), f.underline].into_iter().flatten() {
            assert!(s.start <= s.end && s.end <= text.len(), "{f:?}");
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{f:?}"
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
                "a fix broke the manifest"
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
});
