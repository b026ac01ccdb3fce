//! What one lint run guarantees whatever its input, as one check: the fuzz target
//! (`fuzz/fuzz_targets/lint.rs`) runs it on arbitrary bytes, and `tests/fuzz_regressions.rs`
//! on the inputs the fuzzers once broke kooship with, so the two check the same things.

use crate::lint::{Input, Options, lint, lint_full};
use crate::report::{self, Reporter};

/// Lints `input` and checks what the outputs rely on:
/// - every finding's pointer is a place in the manifest (in its value, or in its text: a key
///   the format does not know, a value inside a merge key's source), or the whole file;
/// - every finding has a span, and it and its underline lie inside the text, on character
///   boundaries;
/// - the fixes, applied as `lint --fix --unsafe-fixes` applies them, leave a manifest that
///   still loads;
/// - every output format writes a report.
///
/// `Err` says which broke, and where. A panic inside is a bug of its own.
pub fn check_lint(input: &Input, options: &Options) -> Result<(), String> {
    let linted = lint_full(input, options);
    for f in &linted.report.findings {
        let resolves = f.pointer.is_empty()
            || linted
                .value
                .as_ref()
                .is_some_and(|v| v.pointer(&f.pointer).is_some())
            || linted.index.get(&f.pointer).is_some();
        if !resolves {
            return Err(format!(
                "{} at `{}` does not resolve",
                f.rule.code, f.pointer
            ));
        }
    }
    let file = linted.report;
    let text = file.source.text();
    for f in &file.findings {
        let Some(span) = f.span else {
            return Err(format!("{} at `{}` has no span", f.rule.code, f.pointer));
        };
        for s in [Some(span), f.underline].into_iter().flatten() {
            let inside = s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end);
            if !inside {
                return Err(format!("a span outside the text or a character: {f:?}"));
            }
        }
    }
    if file.findings.iter().any(|f| f.fix.is_some()) {
        let outcome = crate::fix::apply::fix(input, options, crate::fix::Applicability::Unsafe);
        if let Some(after) = outcome.after {
            let again = lint(
                &Input {
                    bytes: after,
                    ..input.clone()
                },
                options,
            );
            if let Some(f) = again
                .findings
                .iter()
                .find(|f| matches!(f.rule.code, "MAN001" | "MAN006"))
            {
                return Err(format!("a fix broke the manifest: {}", f.message));
            }
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
        r.report(&files, &mut out)
            .map_err(|e| format!("a report failed: {e}"))?;
    }
    Ok(())
}
