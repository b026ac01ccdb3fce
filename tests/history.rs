//! The release cycle, step by step: `record` → edit → `lint` / `diff`, with the lock.

use std::path::Path;
use std::process::{Command, Output};

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new(manifest: &str) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("kooship.yaml"), manifest).expect("write");
        Repo { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kooship"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1795651200")
            .output()
            .expect("run kooship")
    }

    fn edit(&self, from: &str, to: &str) {
        let p = self.path().join("kooship.yaml");
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(text.contains(from), "fixture lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
    }

    /// `(exit code, rule codes)` of `kooship lint --format json`.
    fn lint(&self) -> (i32, Vec<String>) {
        let out = self.run(&["lint", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        let rules = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
            .collect();
        (out.status.code().expect("code"), rules)
    }

    fn rel(&self) -> Vec<String> {
        self.lint()
            .1
            .into_iter()
            .filter(|r| r.starts_with("REL"))
            .collect()
    }

    fn record(&self) -> Output {
        self.run(&["record"])
    }

    fn lock(&self) -> String {
        std::fs::read_to_string(self.path().join("kooship.lock")).unwrap_or_default()
    }
}

/// The REL fixtures' released manifest (a test spec, `team` with a trial, `business`).
fn released() -> String {
    let text = std::fs::read_to_string("tests/rules/REL001/pass-unchanged.yaml").expect("fixture");
    text.lines().skip(2).map(|l| format!("{l}\n")).collect()
}

fn recorded() -> Repo {
    let repo = Repo::new(&released());
    let out = repo.record();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo
}

#[test]
fn record_writes_the_lock_and_lint_compares_against_it() {
    let repo = recorded();
    let lock: serde_json::Value = serde_json::from_str(&repo.lock()).expect("lock is JSON");
    assert_eq!(lock["lock"], 1);
    assert_eq!(lock["product"], "Acme Insight");
    assert_eq!(lock["version"], "1.0.0");
    assert_eq!(lock["recorded"], "2026-11-26");
    assert!(lock["manifest"].get("lint").is_none());
    assert!(
        repo.lock().contains("19.90"),
        "numbers as written in the YAML"
    );
    assert_eq!(lock["manifest_sha256"].as_str().map(str::len), Some(64));
    assert!(repo.rel().is_empty());
}

#[test]
fn supervision_change_is_rel001() {
    let repo = recorded();
    repo.edit(
        "    enabled: false\n",
        "    enabled: true\n    service_flow: Standard\n",
    );
    assert!(repo.rel().contains(&"REL001".to_owned()));
}

#[test]
fn trial_changes() {
    let repo = recorded();
    repo.edit("trial_days: 14", "trial_days: 30");
    assert!(repo.rel().contains(&"REL002".to_owned()));
    repo.edit("trial_days: 30", "trial_days: 14");
    assert!(repo.rel().is_empty(), "restored");
    // Adding a trial where there was none is allowed.
    repo.edit(
        "    periods: [year]\n",
        "    periods: [year]\n    trial_days: 7\n",
    );
    repo.edit("version: 1.0.0", "version: 1.1.0");
    assert!(!repo.rel().contains(&"REL002".to_owned()));
}

#[test]
fn deleting_a_spec_is_rel003_delisting_is_fine() {
    let repo = recorded();
    let text = std::fs::read_to_string(repo.path().join("kooship.yaml")).unwrap();
    let i = text.find("  - code: business").unwrap();
    std::fs::write(repo.path().join("kooship.yaml"), &text[..i]).unwrap();
    assert!(repo.rel().contains(&"REL003".to_owned()));
    std::fs::write(
        repo.path().join("kooship.yaml"),
        text.replace(
            "    name: Business\n",
            "    name: Business\n    listed: false\n",
        ),
    )
    .unwrap();
    repo.edit("version: 1.0.0", "version: 1.0.1");
    assert!(!repo.rel().contains(&"REL003".to_owned()));
}

#[test]
fn price_change_without_bump_is_rel004_and_rel007() {
    let repo = recorded();
    repo.edit("month: 19.90", "month: 24.90");
    let rel = repo.rel();
    assert!(
        rel.contains(&"REL004".to_owned()) && rel.contains(&"REL007".to_owned()),
        "{rel:?}"
    );
    repo.edit("version: 1.0.0", "version: 1.1.0");
    assert_eq!(repo.rel(), vec!["REL007".to_owned()]);
    // The same price written another way is no change at all.
    repo.edit("month: 24.90", "month: 19.9");
    repo.edit("version: 1.1.0", "version: 1.0.0");
    assert!(repo.rel().is_empty());
}

#[test]
fn billing_change_is_rel005() {
    let repo = recorded();
    repo.edit(
        "    billing: yearly_monthly\n    periods: [year]\n    pricing:\n      template: simple\n      price: { year: 2400 }\n",
        "    billing: one_time\n    pricing:\n      template: simple\n      price: 2400\n",
    );
    assert!(repo.rel().contains(&"REL005".to_owned()));
}

#[test]
fn a_tampered_lock_is_rel006_and_still_a_later_release() {
    let repo = recorded();
    let lock = repo.lock().replacen("19.90", "9.90", 1);
    std::fs::write(repo.path().join("kooship.lock"), lock).unwrap();
    let (code, rules) = repo.lint();
    assert_eq!(code, 1);
    assert!(rules.contains(&"REL006".to_owned()));
    assert!(
        !rules.contains(&"SPC007".to_owned()),
        "still a later release: {rules:?}"
    );
    assert!(
        !rules.contains(&"DEL007".to_owned()),
        "still a later release: {rules:?}"
    );
    // `version` and `product` are outside the checksum, but must repeat the manifest's: a
    // hand-edited `version` would otherwise change what REL004 compares with.
    let repo = recorded();
    let lock = repo
        .lock()
        .replacen("\"version\": \"1.0.0\"", "\"version\": \"banana\"", 1);
    assert!(lock.contains("banana"));
    std::fs::write(repo.path().join("kooship.lock"), lock).unwrap();
    assert_eq!(repo.rel(), vec!["REL006"]);
}

#[test]
fn rename_is_rel008() {
    let repo = recorded();
    repo.edit("name: Acme Insight", "name: Acme Insight Pro");
    assert!(repo.rel().contains(&"REL008".to_owned()));
}

#[test]
fn record_refuses_errors_and_leaves_the_lock() {
    let repo = Repo::new(&released().replace("tls_versions: [tls1_2]", "tls_versions: [tls1_0]"));
    let out = repo.record();
    assert_eq!(out.status.code(), Some(1));
    assert!(!repo.path().join("kooship.lock").exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("API006"));

    // REL errors refuse too, and the existing lock stays as it was.
    let repo = recorded();
    let before = repo.lock();
    repo.edit("trial_days: 14", "trial_days: 30");
    repo.edit("version: 1.0.0", "version: 1.1.0");
    assert_eq!(repo.record().status.code(), Some(1));
    assert_eq!(repo.lock(), before);

    // Recording a clean later release replaces the lock.
    repo.edit("trial_days: 30", "trial_days: 14");
    repo.edit("month: 19.90", "month: 21");
    assert_eq!(repo.record().status.code(), Some(0));
    assert!(repo.lock().contains("\"version\": \"1.1.0\""));
    assert!(repo.rel().is_empty());
}

#[test]
fn diff_lists_changes() {
    let repo = Repo::new(&released());
    let none = repo.run(&["diff"]);
    assert_eq!(none.status.code(), Some(2), "no lock: exit 2");
    assert!(String::from_utf8_lossy(&none.stderr).contains("kooship.lock"));

    assert_eq!(repo.record().status.code(), Some(0));
    let same = repo.run(&["diff"]);
    assert_eq!(same.status.code(), Some(0));
    insta::assert_snapshot!("diff_none", String::from_utf8_lossy(&same.stdout));

    repo.edit("trial_days: 14", "trial_days: 30");
    repo.edit("month: 19.90", "month: 19.9");
    repo.edit("version: 1.0.0", "version: 1.1.0");
    repo.edit(
        "    name: Business\n",
        "    name: Business Plus\n    listed: false\n",
    );
    repo.edit("tls_versions: [tls1_2]", "tls_versions: [tls1_2, tls1_3]");
    let human = repo.run(&["diff"]);
    assert_eq!(human.status.code(), Some(0));
    insta::assert_snapshot!("diff_human", String::from_utf8_lossy(&human.stdout));
    let json = repo.run(&["diff", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    insta::assert_snapshot!("diff_json", String::from_utf8_lossy(&json.stdout));
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let trial = changes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["pointer"] == "/specifications[team]/trial_days")
        .expect("trial change listed");
    assert_eq!(trial["irreversible"], true);
    assert!(
        !changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["pointer"].as_str().unwrap().contains("price")),
        "19.90 → 19.9 is no change"
    );
}

/// Moving a specification changes the manifest (REL004 without a version bump), and `diff`
/// says how: the codes in their old and new order.
#[test]
fn moving_a_spec_is_a_change_diff_shows() {
    let repo = recorded();
    let business = "  - code: business\n    name: Business\n    billing: yearly_monthly\n    periods: [year]\n    pricing:\n      template: simple\n      price: { year: 2400 }\n";
    repo.edit(business, "");
    repo.edit("specifications:\n", &format!("specifications:\n{business}"));
    assert_eq!(repo.rel(), vec!["REL004"]);
    let json = repo.run(&["diff", "--format", "json"]);
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        changes,
        serde_json::json!([{
            "pointer": "/specifications",
            "old": ["test", "team", "business"],
            "new": ["business", "test", "team"],
            "change": "changed",
            "irreversible": false
        }])
    );
    repo.edit("version: 1.0.0", "version: 1.0.1");
    assert!(repo.rel().is_empty(), "with the version bumped");
}
