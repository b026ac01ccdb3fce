//! `kooship checklist` and `kooship package`: golden outputs for the examples, a reproducible
//! archive, `SHA256SUMS`, and refusals and failures that leave nothing behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLES: [&str; 3] = ["acme-insight", "metricflow", "secure-vault-setup"];

fn kooship() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kooship"));
    c.env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("KOOSHIP_TEST_FAULT");
    c
}

fn run(args: &[&str], dir: &Path) -> Output {
    kooship()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run kooship")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every path below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            out.push(
                p.strip_prefix(base)
                    .expect("below")
                    .to_string_lossy()
                    .into_owned(),
            );
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(base, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// An example copied into a fresh folder (named `name`) of a temporary directory.
struct Workspace {
    root: tempfile::TempDir,
    manifest_dir: PathBuf,
}

impl Workspace {
    fn new(example: &str, name: &str) -> Workspace {
        let root = tempfile::tempdir().expect("temp dir");
        let manifest_dir = root.path().join(name);
        copy_dir(&Path::new("examples").join(example), &manifest_dir);
        Workspace { root, manifest_dir }
    }

    fn manifest(&self) -> String {
        self.manifest_dir
            .join("kooship.yaml")
            .to_string_lossy()
            .into_owned()
    }

    fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    fn package(&self, extra: &[&str]) -> Output {
        let manifest = self.manifest();
        let out = self.out();
        let mut args = vec!["package", manifest.as_str(), "--out"];
        args.push(out.to_str().expect("utf-8"));
        args.extend_from_slice(extra);
        run(&args, self.root.path())
    }

    fn edit(&self, from: &str, to: &str) {
        let p = self.manifest_dir.join("kooship.yaml");
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(text.contains(from), "manifest lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
    }
}

#[test]
fn checklist_of_each_example() {
    for example in EXAMPLES {
        let o = run(
            &["checklist", &format!("examples/{example}/kooship.yaml")],
            Path::new("."),
        );
        assert_eq!(o.status.code(), Some(0), "{example}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(!text.contains(env!("CARGO_MANIFEST_DIR")), "absolute path");
        insta::assert_snapshot!(format!("checklist_{example}"), text);
    }
}

/// The line without its code spans (a run of N backticks up to the next run of exactly N).
fn outside_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' && (i == 0 || chars[i - 1] != '\\') {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let mut j = i + run;
            let mut closed = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let r = chars[j..].iter().take_while(|&&c| c == '`').count();
                    if r == run {
                        closed = Some(j + r);
                        break;
                    }
                    j += r;
                } else {
                    j += 1;
                }
            }
            if let Some(end) = closed {
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Checks the Markdown a checklist is made of: no HTML, no trailing space, every table after
/// a blank line with its header separator, and every row with the header's number of cells.
fn assert_well_formed(name: &str, text: &str) {
    let cells = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut header = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let prose = outside_code(line);
        let b = prose.as_bytes();
        let raw_lt = (0..b.len()).any(|i| b[i] == b'<' && (i == 0 || b[i - 1] != b'\\'));
        assert!(!raw_lt, "{name}:{n}: HTML: {line}");
        assert!(!line.ends_with(' '), "{name}:{n}: trailing space");
        if !line.starts_with('|') {
            continue;
        }
        if i == 0 || !lines[i - 1].starts_with('|') {
            assert!(
                i > 0 && lines[i - 1].is_empty(),
                "{name}:{n}: table not after a blank line"
            );
            header = cells(line);
            let sep = lines.get(i + 1).copied().unwrap_or_default();
            assert_eq!(
                sep,
                format!("|{}", "---|".repeat(header - 1)),
                "{name}:{}: header separator",
                n + 1
            );
        }
        assert_eq!(cells(line), header, "{name}:{n}: cells: {line}");
    }
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
}

#[test]
fn checklist_is_well_formed_markdown() {
    for example in EXAMPLES {
        let text = stdout(&run(
            &["checklist", &format!("examples/{example}/kooship.yaml")],
            Path::new("."),
        ));
        assert_well_formed(example, &text);
    }
}

#[test]
fn checklist_escapes_values_from_the_manifest() {
    let ws = Workspace::new("acme-insight", "m");
    ws.edit(
        "name: Acme Insight",
        "name: \"Acme | <b>Insight</b> `x` [a](b)\"",
    );
    ws.edit("name: Team", "name: \"Team | *all*\"");
    ws.edit(
        "code: edition, name: Edition",
        "code: edition, name: \"Edition|Tier\"",
    );
    ws.edit(
        "values: [standard, professional]",
        "values: [\"std|x\", professional]",
    );
    ws.edit(
        "{ attribute: edition, from: standard,",
        "{ attribute: edition, from: \"std|x\",",
    );
    ws.edit(
        "values: { edition: standard }",
        "values: { edition: \"std|x\" }",
    );
    let o = run(&["checklist", &ws.manifest()], ws.root.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert_well_formed("hostile", &text);
    assert!(
        text.starts_with(
            "# Release checklist: Acme \\| \\<b\\>Insight\\</b\\> `x` \\[a\\](b) V1.0.0\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("| Product Name | ``Acme \\| <b>Insight</b> `x` [a](b)`` |"),
        "{text}"
    );
    assert!(
        text.contains("| `team-standard` | `std\\|x` | base price |"),
        "{text}"
    );
}

#[test]
fn checklist_refuses_a_manifest_with_errors() {
    let ws = Workspace::new("acme-insight", "m");
    ws.edit("tls_versions: [tls1_2]", "tls_versions: [tls1_0, tls1_2]");
    let o = run(&["checklist", &ws.manifest()], ws.root.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "", "nothing on standard output");
    let err = stderr(&o);
    assert!(err.contains("API006"), "{err}");
    assert!(
        err.contains("no checklist: the manifest has 1 error(s)"),
        "{err}"
    );
}

#[test]
fn checklist_reports_warnings_under_their_step() {
    let ws = Workspace::new("acme-insight", "m");
    ws.edit("tls_versions: [tls1_2]", "tls_versions: [tls1_1, tls1_2]");
    let o = run(&["checklist", &ws.manifest()], ws.root.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("- [ ] TLS 1.1 is off (API008)\n  - **warning** API008: "),
        "{text}"
    );
    assert!(text.contains("- [x] TLS 1.1 or TLS 1.2 is accepted (API007)"));
    assert!(text.contains("- **warning** API008 `tls-1-1-deprecated`, line 19:"));

    // A waived rule is ticked, and says so.
    let p = ws.manifest_dir.join("kooship.yaml");
    let mut manifest = std::fs::read_to_string(&p).expect("read");
    manifest.push_str("\nlint:\n  severity:\n    API008: off\n");
    std::fs::write(&p, manifest).expect("write");
    let text = stdout(&run(&["checklist", &ws.manifest()], ws.root.path()));
    assert!(
        text.contains(
            "- [x] TLS 1.1 is off (API008; lowered or waived in the manifest's `lint` settings)"
        ),
        "{text}"
    );
    assert!(
        text.contains("1 suppressed by the manifest's `lint` settings"),
        "{text}"
    );
}

#[test]
fn checklist_of_a_later_release_lists_the_changes() {
    let ws = Workspace::new("acme-insight", "m");
    let o = kooship()
        .args(["record", &ws.manifest()])
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .output()
        .expect("record");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    ws.edit("version: 1.0.0", "version: 1.1.0");
    ws.edit("public: false", "public: true");
    ws.edit("price: { year: 2400 }", "price: { year: 2200 }");
    ws.edit("tls_versions: [tls1_2]", "tls_versions: [tls1_2, tls1_3]");
    // KooGallery removed the test spec after the release test.
    ws.edit(
        "  - code: test\n    name: Release test\n    test: true\n    billing: yearly_monthly\n    periods: [month]\n    trial_days: 3\n    pricing:\n      template: simple\n      price: { month: 0 }\n\n",
        "",
    );
    let o = run(&["checklist", &ws.manifest()], ws.root.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("checklist_later_release", stdout(&o));

    let out = ws.out();
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sub: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("acme-insight-V1.1.0/submission.json")).expect("read"),
    )
    .expect("JSON");
    insta::assert_snapshot!(
        "submission_later_release",
        serde_json::to_string_pretty(&sub["release"]).expect("JSON")
    );

    // An irreversible change is an error: no checklist.
    ws.edit("trial_days: 14", "trial_days: 30");
    let o = run(&["checklist", &ws.manifest()], ws.root.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("REL002"), "{}", stderr(&o));
}

#[test]
fn submission_and_pricing_of_each_example() {
    for example in EXAMPLES {
        let ws = Workspace::new(example, example);
        let o = ws.package(&[]);
        assert_eq!(o.status.code(), Some(0), "{example}: {}", stderr(&o));
        let bundle = std::fs::read_dir(ws.out())
            .expect("out")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.is_dir())
            .expect("bundle folder");
        let read = |f: &str| std::fs::read_to_string(bundle.join(f)).expect(f);
        insta::assert_snapshot!(format!("submission_{example}"), read("submission.json"));
        let csv = read("pricing.csv");
        assert!(csv.ends_with("\r\n") && csv.split_terminator('\n').all(|l| l.ends_with('\r')));
        insta::assert_snapshot!(format!("pricing_{example}"), csv.replace("\r\n", "⏎\n"));
        // The bundled checklist is the one `checklist` prints.
        let printed = stdout(&run(&["checklist", &ws.manifest()], ws.root.path()));
        assert_eq!(read("checklist.md"), printed);
        assert_eq!(
            std::fs::read(bundle.join("manifest.yaml")).expect("manifest"),
            std::fs::read(ws.manifest_dir.join("kooship.yaml")).expect("manifest")
        );
    }
}

#[test]
fn bundle_layout_and_sha256sums() {
    let ws = Workspace::new("secure-vault-setup", "svs");
    let before = listing(&ws.manifest_dir);
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        listing(&ws.manifest_dir),
        before,
        "nothing written beside the manifest"
    );
    let name = "securevault-setup-service-V1.0.0";
    assert_eq!(
        listing(&ws.out()),
        [
            name.to_owned(),
            format!("{name}.tar.gz"),
            format!("{name}/SHA256SUMS"),
            format!("{name}/checklist.md"),
            format!("{name}/files"),
            format!("{name}/files/assets"),
            format!("{name}/files/assets/logo.png"),
            format!("{name}/files/delivery"),
            format!("{name}/files/delivery/delivery-template.xlsx"),
            format!("{name}/lint-report.json"),
            format!("{name}/manifest.yaml"),
            format!("{name}/pricing.csv"),
            format!("{name}/submission.json"),
        ]
    );
    let bundle = ws.out().join(name);
    let sums = std::fs::read_to_string(bundle.join("SHA256SUMS")).expect("sums");
    let mut listed = Vec::new();
    for line in sums.lines() {
        let (hash, path) = line.split_once("  ").expect("two spaces");
        let bytes = std::fs::read(bundle.join(path)).expect(path);
        assert_eq!(hash, kooship::package::bundle::sha256_hex(&bytes), "{path}");
        listed.push(path.to_owned());
    }
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "sorted by path");
    assert_eq!(listed.len(), 7, "every file but SHA256SUMS");
    // And as `sha256sum -c` sees it, where the tool exists.
    if let Ok(o) = Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(&bundle)
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    // The lint report names the bundled manifest.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("lint-report.json")).expect("report"))
            .expect("JSON");
    assert_eq!(report["findings"][0]["file"], "manifest.yaml");
    // The archive holds exactly the folder.
    let archive = std::fs::read(ws.out().join(format!("{name}.tar.gz"))).expect("archive");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(&archive[..]));
    for entry in tar.entries().expect("entries") {
        let mut entry = entry.expect("entry");
        let path = entry.path().expect("path").to_string_lossy().into_owned();
        let on_disk = ws.out().join(&path);
        if entry.header().entry_type().is_dir() {
            assert!(on_disk.is_dir(), "{path}");
        } else {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).expect("read");
            assert_eq!(bytes, std::fs::read(&on_disk).expect("on disk"), "{path}");
        }
    }
}

#[test]
fn archive_is_byte_identical_across_folders_and_runs() {
    let one = Workspace::new("acme-insight", "first/copy");
    let two = Workspace::new("acme-insight", "somewhere-else");
    let archive = |ws: &Workspace, epoch: Option<&str>| {
        let mut c = kooship();
        c.args(["package", &ws.manifest(), "--force", "--out"])
            .arg(ws.out())
            .current_dir(ws.root.path());
        if let Some(e) = epoch {
            c.env("SOURCE_DATE_EPOCH", e);
        }
        let o = c.output().expect("run");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read(ws.out().join("acme-insight-V1.0.0.tar.gz")).expect("archive")
    };
    let a = archive(&one, None);
    let b = archive(&two, None);
    assert_eq!(a, b, "two folders, same bytes");
    let c = archive(&one, Some("1795651200"));
    let d = archive(&two, Some("1795651200"));
    assert_eq!(c, d, "SOURCE_DATE_EPOCH, same bytes");
    assert_ne!(a, c, "SOURCE_DATE_EPOCH sets the timestamps");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(&c[..]));
    for entry in tar.entries().expect("entries") {
        let entry = entry.expect("entry");
        let h = entry.header();
        assert_eq!(h.mtime().expect("mtime"), 1_795_651_200);
        assert_eq!((h.uid().expect("uid"), h.gid().expect("gid")), (0, 0));
    }
    // No name and no time in the gzip header.
    assert_eq!(&a[3..8], &[0, 0, 0, 0, 0]);
    // A bad SOURCE_DATE_EPOCH is refused before anything is written.
    let o = kooship()
        .args(["package", &one.manifest(), "--force", "--out"])
        .arg(one.root.path().join("bad"))
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(!one.root.path().join("bad").exists());
}

#[test]
fn package_refuses_errors_and_writes_nothing() {
    let ws = Workspace::new("acme-insight", "m");
    ws.edit(
        "url: https://market.acme-insight.com/koogallery",
        "url: https://203.0.113.10/koogallery",
    );
    let before = listing(ws.root.path());
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("API002"), "{}", stderr(&o));
    assert!(stderr(&o).contains("not packaged"), "{}", stderr(&o));
    assert_eq!(listing(ws.root.path()), before, "nothing written");
}

#[test]
fn package_fail_on_warning() {
    let ws = Workspace::new("acme-insight", "m");
    ws.edit("tls_versions: [tls1_2]", "tls_versions: [tls1_1, tls1_2]");
    let o = ws.package(&["--fail-on", "warning"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("1 finding(s) at or above warning"),
        "{}",
        stderr(&o)
    );
    assert!(!ws.out().exists());
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn package_refuses_an_existing_bundle_without_force() {
    let ws = Workspace::new("acme-insight", "m");
    assert_eq!(ws.package(&[]).status.code(), Some(0));
    let marker = ws.out().join("acme-insight-V1.0.0/marker");
    std::fs::write(&marker, "old").expect("marker");
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("acme-insight-V1.0.0` already exists; use --force"),
        "{err}"
    );
    assert!(marker.exists(), "the old bundle is untouched");
    // Only the archive left from an earlier run also counts.
    std::fs::remove_dir_all(ws.out().join("acme-insight-V1.0.0")).expect("rm");
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("acme-insight-V1.0.0.tar.gz` already exists"));
    let o = ws.package(&["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!marker.exists());
    assert_eq!(
        listing(&ws.out()).len(),
        listing(&ws.out())
            .iter()
            .filter(|p| !p.starts_with(".kooship"))
            .count()
    );
}

#[test]
fn package_reads_nothing_outside_the_manifest_folder() {
    let ws = Workspace::new("acme-insight", "m");
    std::fs::write(ws.root.path().join("outside.png"), b"not here").expect("write");
    ws.edit("logo: assets/logo.png", "logo: ../outside.png");
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("MAN008"), "{}", stderr(&o));
    assert!(!ws.out().exists());
}

/// Runs `package` with a fault injected at `step` (debug builds only).
#[cfg(debug_assertions)]
fn package_with_fault(ws: &Workspace, fault: &str, extra: &[&str]) -> std::process::Child {
    let mut c = kooship();
    c.args(["package", &ws.manifest(), "--out"])
        .arg(ws.out())
        .args(extra)
        .env("KOOSHIP_TEST_FAULT", fault)
        .current_dir(ws.root.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    c.spawn().expect("spawn")
}

/// Waits for the pause line on the child's standard error.
#[cfg(debug_assertions)]
fn wait_for_pause(child: &mut std::process::Child) {
    use std::io::BufRead;
    let err = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufReader::new(err).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.starts_with("kooship: test pause at") => break,
            Some(Ok(_)) => {}
            _ => panic!("the run ended before pausing"),
        }
    }
    // Keep reading in the background so that the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
}

#[cfg(debug_assertions)]
#[test]
fn a_failure_leaves_no_partial_bundle() {
    for step in ["tmp-created", "files-written", "archive-written"] {
        let ws = Workspace::new("acme-insight", "m");
        let o = package_with_fault(&ws, &format!("fail:{step}"), &[])
            .wait_with_output()
            .expect("wait");
        assert_eq!(o.status.code(), Some(2), "{step}");
        assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
        assert_eq!(listing(&ws.out()), Vec::<String>::new(), "{step}");
    }
    // With --force, a failure keeps the old bundle as it was.
    let ws = Workspace::new("acme-insight", "m");
    assert_eq!(ws.package(&[]).status.code(), Some(0));
    let before = listing(&ws.out());
    let marker = ws.out().join("acme-insight-V1.0.0/marker");
    std::fs::write(&marker, "old").expect("marker");
    let o = package_with_fault(&ws, "fail:archive-written", &["--force"])
        .wait_with_output()
        .expect("wait");
    assert_eq!(o.status.code(), Some(2));
    assert!(marker.exists());
    let mut now = listing(&ws.out());
    now.retain(|p| !p.ends_with("marker"));
    assert_eq!(now, before);
}

#[cfg(all(unix, debug_assertions))]
#[test]
fn an_interrupt_leaves_no_partial_bundle() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let ws = Workspace::new("acme-insight", "m");
        let mut child = package_with_fault(&ws, "pause:files-written", &[]);
        wait_for_pause(&mut child);
        assert!(
            listing(&ws.out())
                .iter()
                .any(|p| p.starts_with(".kooship-tmp-")),
            "paused mid-run, with the temporary folder"
        );
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(listing(&ws.out()), Vec::<String>::new(), "SIG{signal}");
    }
}

#[cfg(all(unix, debug_assertions))]
#[test]
fn a_killed_run_is_cleaned_up_by_the_next() {
    let ws = Workspace::new("acme-insight", "m");
    let mut child = package_with_fault(&ws, "pause:archive-written", &[]);
    wait_for_pause(&mut child);
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let left = listing(&ws.out());
    assert!(
        left.iter().all(|p| p.starts_with(".kooship-tmp-")) && !left.is_empty(),
        "only the temporary folder is left: {left:?}"
    );
    let o = ws.package(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed 1 temporary folder(s)"),
        "{}",
        stderr(&o)
    );
    assert!(
        listing(&ws.out())
            .iter()
            .all(|p| !p.starts_with(".kooship-tmp-"))
    );
}
