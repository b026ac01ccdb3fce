//! Fix fixtures: `tests/rules/<CODE>/fix<NAME>.yaml` fixed by the fix engine must give
//! exactly `tests/rules/<CODE>/fixed<NAME>.yaml`, byte for byte, and fixing that again must
//! change nothing.
//!
//! Header lines a fix fixture may carry (beside those of tests/rules.rs: `# today:`,
//! `# lock:`, `# first-release`):
//!
//! ```text
//! # unsafe-fixes           (apply the Unsafe fixes too, as --fix --unsafe-fixes)
//! # reverted: MAN002       (a fix of this rule is tried and refused)
//! ```
//!
//! `UPDATE_FIXED=1 cargo test --test fixes` writes the `fixed*.yaml` files; review them.

use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::fix::{self, Applicability};
use kooship::lint::{self, Input};
use kooship::release::ReleaseOptions;
use kooship::rules::man::MAN001;

struct Case {
    path: PathBuf,
    level: Applicability,
    reverted: Vec<String>,
    options: lint::Options,
}

fn parse(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut case = Case {
        path: path.to_owned(),
        level: Applicability::Safe,
        reverted: Vec::new(),
        options: lint::Options {
            release: ReleaseOptions::default(),
            today: Date::parse("2026-11-26").unwrap(),
        },
    };
    for line in text.lines() {
        let Some(comment) = line.strip_prefix('#').map(str::trim) else {
            continue;
        };
        if comment == "unsafe-fixes" {
            case.level = Applicability::Unsafe;
        } else if let Some(code) = comment.strip_prefix("reverted:") {
            case.reverted.push(code.trim().to_owned());
        } else if let Some(d) = comment.strip_prefix("today:") {
            case.options.today = Date::parse(d.trim()).expect("today: YYYY-MM-DD");
        } else if let Some(l) = comment.strip_prefix("lock:") {
            case.options.release.lock = Some(path.parent().unwrap().join(l.trim()));
        } else if comment == "first-release" {
            case.options.release.first_release = true;
        }
    }
    case
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut out = Vec::new();
    for rule in kooship::rules::all() {
        let Ok(dir) = std::fs::read_dir(root.join(rule.code)) else {
            continue;
        };
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("fix") && !name.starts_with("fixed") && name.ends_with(".yaml") {
                out.push((rule.code.to_owned(), entry.path()));
            }
        }
    }
    out.sort();
    out
}

fn fixed_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy();
    path.with_file_name(format!("fixed{}", &name["fix".len()..]))
}

#[test]
fn fix_fixtures_give_their_fixed_files() {
    let update = std::env::var_os("UPDATE_FIXED").is_some();
    let mut failures = Vec::new();
    let cases = fixtures();
    assert!(!cases.is_empty(), "no fix fixtures");
    for (code, path) in &cases {
        let case = parse(path);
        let input = Input::read(&case.path).unwrap();
        let outcome = fix::apply::fix(&input, &case.options, case.level);
        let after = outcome.after.clone().unwrap_or_else(|| input.bytes.clone());
        let want_path = fixed_path(path);
        if update {
            std::fs::write(&want_path, &after).unwrap();
        }
        let want = std::fs::read(&want_path).unwrap_or_default();
        let name = path.display();
        if after != want {
            failures.push(format!(
                "{name}: fixed text differs from {}:\n{}",
                want_path.display(),
                String::from_utf8_lossy(&after)
            ));
            continue;
        }
        let applied = outcome.applied.iter().any(|a| a.code == code);
        let changes = after != input.bytes;
        if case.level == Applicability::Unsafe || code_is_safe(code) {
            let expected = case.reverted.contains(code) || (applied && changes);
            if !expected {
                failures.push(format!("{name}: no {code} fix was applied"));
            }
        } else if changes {
            failures.push(format!(
                "{name}: an Unsafe fix was applied without --unsafe-fixes"
            ));
        }
        let reverted: Vec<String> = outcome.reverted.iter().map(|r| r.code.to_owned()).collect();
        if reverted != case.reverted {
            failures.push(format!(
                "{name}: reverted {reverted:?}, expected {:?}",
                case.reverted
            ));
        }
        if outcome.report.findings.iter().any(|f| f.rule == &MAN001) {
            failures.push(format!("{name}: the fixed manifest does not parse"));
        }
        // Idempotent: the fixed file has nothing left to fix at this level.
        let again = fix::apply::fix(
            &Input {
                bytes: after.clone(),
                ..input.clone()
            },
            &case.options,
            case.level,
        );
        if again.after.is_some() {
            failures.push(format!("{name}: fixing the fixed file changed it again"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fix fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn code_is_safe(code: &str) -> bool {
    fix::kind(code).is_some_and(|k| k.fixes.iter().any(|(a, _)| *a == Applicability::Safe))
}

/// Every rule with a fix has a fix fixture, and every fix fixture is for a rule with a fix.
#[test]
fn every_fixable_rule_has_fix_fixtures() {
    let cases = fixtures();
    for kind in fix::KINDS {
        assert!(
            kooship::rules::find(kind.code).is_some(),
            "{} is not a rule",
            kind.code
        );
        assert!(
            cases.iter().any(|(code, _)| code == kind.code),
            "{} has a fix but no tests/rules/{}/fix*.yaml",
            kind.code,
            kind.code
        );
    }
    for (code, path) in &cases {
        assert!(
            fix::kind(code).is_some(),
            "{}: {code} has no fix",
            path.display()
        );
        assert!(
            fixed_path(path).exists(),
            "{}: no fixed file",
            path.display()
        );
    }
}

/// Each kind of fix a rule documents is exercised: a Safe and an Unsafe MAN003 fix each.
#[test]
fn fix_fixtures_cover_each_documented_kind() {
    let cases = fixtures();
    for kind in fix::KINDS {
        for (applicability, _) in kind.fixes {
            let covered = cases
                .iter()
                .filter(|(c, _)| c == kind.code)
                .any(|(_, path)| {
                    let case = parse(path);
                    let input = Input::read(path).unwrap();
                    let report = lint::lint(&input, &case.options);
                    report
                        .findings
                        .iter()
                        .filter_map(|f| f.fix.as_ref().filter(|_| f.rule.code == kind.code))
                        .any(|fix| fix.applicability == *applicability)
                });
            assert!(
                covered,
                "no fix fixture of {} has a {applicability:?} fix",
                kind.code
            );
        }
    }
}
