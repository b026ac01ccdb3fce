//! Per-rule fixtures, typos-style: `tests/rules/<CODE>/fail*.yaml` must produce exactly the
//! findings of that rule its `# expect:` lines list, and `tests/rules/<CODE>/pass*.yaml`
//! (near misses) must produce none of that rule.
//!
//! Header lines a fixture may carry, before its YAML:
//!
//! ```text
//! # expect: EXT001 /extension_parameters/3 31:5
//! # today: 2026-11-26            (default; the date lint settings compare against)
//! # lock: name.lock              (compare against this lock, relative to the fixture)
//! # first-release                (as --first-release)
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::lint::{self, Input};
use kooship::release::ReleaseOptions;
use kooship::report::range;
use kooship::rules;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expect {
    rule: String,
    pointer: String,
    line: usize,
    column: usize,
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {}:{}",
            self.rule, self.pointer, self.line, self.column
        )
    }
}

struct Case {
    path: PathBuf,
    /// Sorted; a finding expected twice must be reported twice.
    expect: Vec<Expect>,
    today: Date,
    release: ReleaseOptions,
}

fn parse_case(path: &Path) -> Case {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
    let mut case = Case {
        path: path.to_owned(),
        expect: Vec::new(),
        today: Date::parse("2026-11-26").unwrap(),
        release: ReleaseOptions::default(),
    };
    for line in text.lines() {
        let Some(comment) = line.strip_prefix('#') else {
            continue;
        };
        let comment = comment.trim();
        if let Some(e) = comment.strip_prefix("expect:") {
            let parts: Vec<&str> = e.split_whitespace().collect();
            let (rule, pointer, pos) = match parts.as_slice() {
                [rule, pos] => (*rule, "", *pos),
                [rule, pointer, pos] => (*rule, *pointer, *pos),
                _ => panic!("{}: bad expect line `{line}`", path.display()),
            };
            let (l, c) = pos.split_once(':').expect("line:column");
            case.expect.push(Expect {
                rule: rule.to_owned(),
                pointer: if pointer == "\"\"" {
                    String::new()
                } else {
                    pointer.to_owned()
                },
                line: l.parse().expect("line"),
                column: c.parse().expect("column"),
            });
        } else if let Some(d) = comment.strip_prefix("today:") {
            case.today = Date::parse(d.trim()).expect("today: YYYY-MM-DD");
        } else if let Some(l) = comment.strip_prefix("lock:") {
            case.release.lock = Some(path.parent().unwrap().join(l.trim()));
        } else if comment == "first-release" {
            case.release.first_release = true;
        }
    }
    case.expect.sort();
    case
}

fn run_case(case: &Case) -> Vec<Expect> {
    let input = Input::read(&case.path).expect("fixture readable");
    let options = lint::Options {
        release: case.release.clone(),
        today: case.today,
    };
    let report = lint::lint(&input, &options);
    report
        .findings
        .iter()
        .map(|f| {
            let (start, _) = range(&report, f);
            Expect {
                rule: f.rule.code.to_owned(),
                pointer: f.pointer.clone(),
                line: start.line,
                column: start.column,
            }
        })
        .collect()
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

fn cases(code: &str, prefix: &str) -> Vec<PathBuf> {
    let dir = fixtures_dir().join(code);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    name.starts_with(prefix) && (name.ends_with(".yaml") || name.ends_with(".yml"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_fixture_behaves_as_it_says() {
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in rules::all() {
        for path in cases(rule.code, "fail") {
            count += 1;
            let case = parse_case(&path);
            assert!(
                case.expect.iter().any(|e| e.rule == rule.code),
                "{}: a failing fixture must expect at least one {}",
                path.display(),
                rule.code
            );
            let listed: BTreeSet<&str> = case.expect.iter().map(|e| e.rule.as_str()).collect();
            let mut got: Vec<Expect> = run_case(&case)
                .into_iter()
                .filter(|e| listed.contains(e.rule.as_str()))
                .collect();
            got.sort();
            if got != case.expect {
                failures.push(format!(
                    "{}\n  expected:\n    {}\n  got:\n    {}",
                    path.display(),
                    case.expect
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n    "),
                    got.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
            }
        }
        for path in cases(rule.code, "pass") {
            count += 1;
            let case = parse_case(&path);
            let got: Vec<Expect> = run_case(&case)
                .into_iter()
                .filter(|e| e.rule == rule.code)
                .collect();
            if !got.is_empty() {
                failures.push(format!(
                    "{}: a near miss must not fire {}, got:\n    {}",
                    path.display(),
                    rule.code,
                    got.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
            }
        }
    }
    assert!(
        count > 0,
        "no fixtures found under {}",
        fixtures_dir().display()
    );
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Every registered rule has a failing and a passing fixture; the PRB rules, which `lint`
/// never reports, are tested against live servers instead (tests/probe/).
#[test]
fn every_rule_has_fixtures() {
    let missing: Vec<String> = rules::all()
        .filter(|r| !rules::prb::is_probe_rule(r))
        .filter(|r| cases(r.code, "fail").is_empty() || cases(r.code, "pass").is_empty())
        .map(|r| r.code.to_owned())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fail*.yaml and a pass*.yaml fixture: {missing:?}"
    );
}
