//! The official YAML test suite (tests/data/yaml-test-suite, MIT) as a corpus of real YAML
//! that nobody here wrote. Every `in.yaml` goes through the built `kooship lint`:
//!
//! - it ends with exit 0 or 1, never a panic, a hang or exit 2;
//! - a case marked `error` gives MAN001 (or MAN006); at least 95 % must, and the ones the
//!   parser still accepts are listed in the test output;
//! - a valid case never gives MAN001 or MAN006, except for a stream of several documents
//!   (a manifest is exactly one document);
//! - a valid case with its expected data (`in.json`, one document) loads to that data.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const SECOND_DOCUMENT: &str = "a second YAML document";

struct Case {
    /// `229Q` or `DK95/01`.
    id: String,
    /// The path given to kooship, relative to the suite's folder.
    file: String,
    error: bool,
}

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml-test-suite")
}

fn cases() -> Vec<Case> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<Case>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read the suite")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.file_name().is_some_and(|n| n == "in.yaml") {
                let case_dir = path.parent().expect("a case folder");
                let id = case_dir
                    .strip_prefix(root)
                    .expect("inside the suite")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Case {
                    file: format!("{id}/in.yaml"),
                    error: case_dir.join("error").exists(),
                    id,
                });
            }
        }
    }
    let root = suite();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// What one `kooship lint --format json` run said about its files.
struct Run {
    code: Option<i32>,
    /// (file, rule, message) for every finding.
    findings: Vec<(String, String, String)>,
    stderr: String,
}

fn run(files: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--format", "json", "--color", "never"])
        .args(files)
        .current_dir(suite())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kooship");
    // Read both pipes while waiting, so that a large report cannot block kooship.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("kooship hung on {files:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    let findings = match serde_json::from_slice::<Value>(&stdout) {
        Ok(report) => report["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
                        (s("file"), s("rule"), s("message"))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    Run {
        code: status.code(),
        findings,
        stderr,
    }
}

#[test]
fn every_case_ends_in_a_finding_or_a_pass() {
    let cases = cases();
    assert_eq!(cases.len(), 402, "the suite has 402 cases");
    let mut findings: Vec<(String, String, String)> = Vec::new();
    let mut broken = Vec::new();
    for batch in cases.chunks(100) {
        let files: Vec<&str> = batch.iter().map(|c| c.file.as_str()).collect();
        let r = run(&files);
        if matches!(r.code, Some(0 | 1)) {
            findings.extend(r.findings);
            continue;
        }
        // Find the culprit: one file per run.
        for file in files {
            let r = run(&[file]);
            if matches!(r.code, Some(0 | 1)) {
                findings.extend(r.findings);
            } else {
                broken.push(format!("{file}: exit {:?}\n{}", r.code, r.stderr));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "kooship must end with exit 0 or 1:\n{}",
        broken.join("\n")
    );

    let refused = |c: &Case| -> Vec<&(String, String, String)> {
        findings
            .iter()
            .filter(|(file, rule, _)| *file == c.file && (rule == "MAN001" || rule == "MAN006"))
            .collect()
    };
    let (invalid, valid): (Vec<&Case>, Vec<&Case>) = cases.iter().partition(|c| c.error);
    let accepted: Vec<&str> = invalid
        .iter()
        .filter(|c| refused(c).is_empty())
        .map(|c| c.id.as_str())
        .collect();
    let mut multi_document = Vec::new();
    let mut wrongly_refused = Vec::new();
    for c in &valid {
        for (_, rule, message) in refused(c) {
            if rule == "MAN001" && message.contains(SECOND_DOCUMENT) {
                multi_document.push(c.id.as_str());
            } else {
                wrongly_refused.push(format!("{}: {rule} {message}", c.id));
            }
        }
    }
    let caught = invalid.len() - accepted.len();
    // Shown in every run (the test harness captures println!).
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "yaml-test-suite: {} cases, {} marked error: {caught} refused (MAN001/MAN006), {} accepted: {}",
        cases.len(),
        invalid.len(),
        accepted.len(),
        accepted.join(", ")
    );
    let _ = writeln!(
        err,
        "yaml-test-suite: {} valid cases, {} refused as streams of several documents: {}",
        valid.len(),
        multi_document.len(),
        multi_document.join(", ")
    );
    assert!(
        wrongly_refused.is_empty(),
        "valid YAML refused:\n{}",
        wrongly_refused.join("\n")
    );
    assert!(
        caught * 100 >= invalid.len() * 95,
        "only {caught} of {} invalid cases refused; accepted: {accepted:?}",
        invalid.len()
    );
}

/// Numbers compared by value (the suite writes `12.0` where the YAML says `12.0`, kooship
/// keeps the digits as written).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.to_string().parse::<f64>().ok() == y.to_string().parse::<f64>().ok()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn valid_cases_load_to_their_expected_data() {
    let root = suite();
    let (mut compared, mut differ) = (0, Vec::new());
    for c in cases().iter().filter(|c| !c.error) {
        let Ok(json) = std::fs::read_to_string(root.join(&c.id).join("in.json")) else {
            continue;
        };
        // `in.json` holds one JSON text per document; compare single documents only.
        let docs: Vec<Value> = serde_json::Deserializer::from_str(&json)
            .into_iter::<Value>()
            .collect::<Result<_, _>>()
            .expect("in.json is JSON");
        let [expected] = &docs[..] else { continue };
        let bytes = std::fs::read(root.join(&c.file)).expect("read in.yaml");
        match kooship::load::load(&bytes).document {
            Ok(doc) if same(&doc.value, expected) => compared += 1,
            Ok(doc) => differ.push(format!("{}: {} ≠ {expected}", c.id, doc.value)),
            Err(e) => differ.push(format!("{}: {e:?}", c.id)),
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(compared > 250, "only {compared} cases compared");
}
