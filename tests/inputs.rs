//! Inputs and outputs of `kooship lint` and friends: folders (honouring .gitignore),
//! standard input, `--output`, `init`, `completions`, parallel linting.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kooship_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kooship"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> String {
    std::fs::read_to_string(root().join("tests/rules/DEL001/pass-saas.yaml")).expect("fixture")
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn folders_honour_gitignore() {
    let dir = tempdir();
    let d = dir.path();
    for sub in ["a", "b/c", "ignored", "node"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("a/kooship.yaml"), example()).unwrap();
    std::fs::write(d.join("b/c/kooship.yml"), example()).unwrap();
    std::fs::write(d.join("ignored/kooship.yaml"), "not: [valid").unwrap();
    std::fs::write(d.join("node/other.yaml"), "not: [valid").unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    let out = kooship_in(d, &["lint", "--format", "concise", "."], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let mut files: Vec<&str> = text
        .lines()
        .map(|l| l.split(':').next().unwrap_or_default())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        vec!["./a/kooship.yaml", "./b/c/kooship.yml"],
        "{text}"
    );
}

#[test]
fn stdin_findings_equal_the_files() {
    let fixture = "tests/rules/MAN008/fail-missing.yaml";
    let bytes = std::fs::read(root().join(fixture)).unwrap();
    let from_file = kooship_in(&root(), &["lint", "--format", "json", fixture], None);
    let from_stdin = kooship_in(
        &root(),
        &["lint", "--format", "json", "--stdin-filename", fixture, "-"],
        Some(&bytes),
    );
    assert_eq!(from_file.status.code(), Some(1));
    assert_eq!(from_stdin.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&from_file.stdout),
        String::from_utf8_lossy(&from_stdin.stdout)
    );
    // Without a name, standard input is reported as <stdin> and references resolve from here.
    let anonymous = kooship_in(&root(), &["lint", "--format", "concise", "-"], Some(&bytes));
    assert!(String::from_utf8_lossy(&anonymous.stdout).starts_with("<stdin>:"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempdir();
    let target = dir.path().join("report.json");
    let fixture = root().join("tests/rules/MAN002/fail-misspelt-key.yaml");
    let out = kooship_in(
        dir.path(),
        &[
            "lint",
            "--format",
            "json",
            "--output",
            target.to_str().unwrap(),
            fixture.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "the report goes to the file, not stdout"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"MAN002"), "{rules:?}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec!["report.json"],
        "no temporary file is left behind"
    );
    // A folder that cannot be written: exit 2, naming the file.
    let bad = kooship_in(
        dir.path(),
        &[
            "lint",
            "--output",
            "no/such/dir/r.txt",
            fixture.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no/such/dir/r.txt"));
}

/// `--output` onto something that is not a file writes to it: a symbolic link keeps
/// pointing at its file, a FIFO's reader gets the report, a full device is an error.
#[cfg(target_os = "linux")]
#[test]
fn output_writes_through_links_and_devices() {
    let dir = tempdir();
    let fixture = root().join("tests/rules/MAN002/fail-misspelt-key.yaml");
    let fixture = fixture.to_str().unwrap();
    std::fs::write(dir.path().join("real.txt"), "old").unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let out = kooship_in(
        dir.path(),
        &[
            "lint", "--format", "concise", "--output", "link.txt", fixture,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let link = std::fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    let written = std::fs::read_to_string(dir.path().join("real.txt")).unwrap();
    assert!(written.contains("error[MAN002]"), "{written}");
    // A full device: the write fails, and says so with exit 2.
    if !std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return; // a machine without /dev/full
    }
    let full = kooship_in(
        dir.path(),
        &["lint", "--output", "/dev/full", fixture],
        None,
    );
    assert_eq!(full.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&full.stderr).contains("/dev/full"));
    let meta = std::fs::metadata("/dev/full").unwrap();
    assert!(!meta.is_file(), "/dev/full is still a device");
}

/// `init` then `lint` lists exactly what is left to fill in: MAN012 errors, one per value
/// the seller must supply, and the reserved example host as API012; nothing else but infos.
/// With the placeholders written, the starter lints clean.
#[test]
fn init_lists_what_to_fill_in_and_lints_clean_once_filled() {
    for billing in ["yearly_monthly", "one_time", "pay_per_use"] {
        let dir = tempdir();
        let init = kooship_in(dir.path(), &["init", "--billing", billing], None);
        assert_eq!(init.status.code(), Some(0), "{billing}");
        let lint = kooship_in(dir.path(), &["lint", "--format", "json"], None);
        assert_eq!(lint.status.code(), Some(1), "{billing}");
        let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let mut placeholders = Vec::new();
        for f in findings {
            let (rule, severity) = (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap());
            match (rule, severity) {
                ("MAN012", "error") => placeholders.push(f["pointer"].as_str().unwrap().to_owned()),
                ("API012", "warning") => assert_eq!(f["pointer"], "/production_api/url"),
                (_, "info") => {}
                _ => panic!("{billing}: unexpected finding {f}"),
            }
        }
        for pointer in ["/product/name", "/product/logo", "/security_scan/report"] {
            assert!(
                placeholders.iter().any(|p| p == pointer),
                "{billing}: {pointer} in {placeholders:?}"
            );
        }
        assert!(
            placeholders
                .iter()
                .any(|p| p.contains("/pricing/") && p.ends_with("price") || p.contains("/price/")),
            "{billing}: a price placeholder in {placeholders:?}"
        );
        assert_eq!(
            findings.iter().filter(|f| f["rule"] == "API012").count(),
            1,
            "{billing}"
        );

        // Fill in every placeholder, as a seller would.
        let path = dir.path().join("kooship.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("<your product name>", "Acme Insight")
            .replace("<path/to/logo.png>", "logo.png")
            .replace("koogallery.example.com", "market.acme-insight.com")
            .replace("TODO-SCAN-REPORT-ID", "VSS-2026-11-02-0042")
            .replace("{ month: TODO, year: TODO }", "{ month: 29, year: 290 }")
            .replace("price: TODO ", "price: 0.05 ");
        let values: String = text
            .lines()
            .map(|l| l.split(" #").next().unwrap_or_default())
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        assert!(
            !values.contains("TODO") && !values.contains('<'),
            "{billing}: left over:\n{text}"
        );
        std::fs::write(&path, text).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-insight/assets/logo.png"),
            dir.path().join("logo.png"),
        )
        .unwrap();
        let lint = kooship_in(
            dir.path(),
            &["lint", "--format", "concise", "--fail-on", "warning"],
            None,
        );
        assert_eq!(
            lint.status.code(),
            Some(0),
            "{billing} starter, filled in, does not lint clean:\n{}",
            String::from_utf8_lossy(&lint.stdout)
        );

        let again = kooship_in(dir.path(), &["init", "--billing", billing], None);
        assert_eq!(again.status.code(), Some(1), "refuses to overwrite");
        assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
        let forced = kooship_in(
            dir.path(),
            &["init", "--billing", "one_time", "--force"],
            None,
        );
        assert_eq!(forced.status.code(), Some(0));
    }
}

#[test]
fn bash_completions_parse() {
    let dir = tempdir();
    let out = kooship_in(dir.path(), &["completions", "bash"], None);
    assert_eq!(out.status.code(), Some(0));
    let script = dir.path().join("kooship.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("lint"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert_eq!(
            kooship_in(dir.path(), &["completions", shell], None)
                .status
                .code(),
            Some(0)
        );
    }
}

/// Many manifests linted on every core give the same report as on one.
#[test]
fn parallel_output_equals_sequential_output() {
    let dir = tempdir();
    let base = example();
    let variants = [
        base.clone(),
        base.replace("name: Team", "nmae: Team"),
        base.replace("access_guide: 2", "access_guide: 1"),
        base.replace("version: 1.0.0", "version: [1.0"),
    ];
    for i in 0..200 {
        let sub = dir.path().join(format!("p{i:03}"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("kooship.yaml"), &variants[i % variants.len()]).unwrap();
    }
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
            .args(["lint", "--format", "json", "."])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run");
        out.stdout
    };
    let sequential = run("1");
    let parallel = run("4");
    assert!(!sequential.is_empty());
    assert!(
        sequential == parallel,
        "parallel and sequential reports differ"
    );
}

/// A malformed `SOURCE_DATE_EPOCH` is refused by every command that reads a date (exit 2),
/// not silently replaced by the clock.
#[test]
fn malformed_source_date_epoch_is_refused() {
    let dir = tempdir();
    let fixture = root().join("tests/rules/DEL001/pass-saas.yaml");
    for value in ["yesterday", "-5", "1.5"] {
        for args in [
            vec!["lint", fixture.to_str().unwrap()],
            vec!["record", fixture.to_str().unwrap()],
            vec!["package", fixture.to_str().unwrap(), "--out", "dist"],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
                .args(&args)
                .current_dir(dir.path())
                .env("SOURCE_DATE_EPOCH", value)
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(2), "{value} {args:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
        }
    }
    assert!(
        !root().join("tests/rules/DEL001/kooship.lock").exists(),
        "nothing recorded"
    );
}
