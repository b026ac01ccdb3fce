//! Hostile input ends in MAN006 or MAN001, never in a crash or a hang. (How fast and how
//! small is measured by `bench/hostile.sh`, not here.)

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `kooship lint --format json -` on `bytes`; returns the exit code and the rules found.
fn lint_bytes(bytes: &[u8]) -> (i32, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kooship");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = bytes.to_vec();
    // kooship stops reading after the size limit, so the writer may see a closed pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "kooship hung");
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = writer.join();
    let out = child.wait_with_output().expect("output");
    let code = out.status.code().expect("exited normally, not by a signal");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let rules = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    (code, rules)
}

fn assert_refused(bytes: &[u8], rule: &str) {
    let (code, rules) = lint_bytes(bytes);
    assert_eq!(code, 1);
    assert_eq!(rules, vec![rule.to_owned()], "exactly one {rule} finding");
}

#[test]
fn billion_laughs() {
    let mut s = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        s.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    assert_refused(s.as_bytes(), "MAN006");
}

#[test]
fn deep_block_nesting() {
    // One line: `- - - … x`.
    let compact: String = (0..100_000).map(|_| "- ").collect::<String>() + "x\n";
    assert_refused(compact.as_bytes(), "MAN006");
    // One level per line, each indented one more.
    let mut indented = String::new();
    for i in 0..100_000 {
        indented.push_str(&" ".repeat(i.min(300)));
        indented.push_str("-\n");
    }
    assert_refused(indented.as_bytes(), "MAN006");
    // Maps: `a:` nested by indentation.
    let mut maps = String::new();
    for i in 0..20_000 {
        maps.push_str(&" ".repeat(i));
        maps.push_str("a:\n");
        if maps.len() > 900_000 {
            break;
        }
    }
    assert_refused(maps.as_bytes(), "MAN006");
}

#[test]
fn deep_flow_sequences() {
    let s = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_refused(s.as_bytes(), "MAN006");
}

#[test]
fn deep_flow_maps() {
    let s = "{a: ".repeat(100_000) + "1" + &"}".repeat(100_000);
    assert_refused(s.as_bytes(), "MAN006");
}

#[test]
fn fifty_megabytes() {
    let line = "# padding padding padding padding padding padding padding padding\n";
    let s = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    assert_refused(s.as_bytes(), "MAN006");
}

#[test]
fn invalid_utf8() {
    let mut bytes = b"format: 1\nproduct:\n  name: Acme \xff\xfe Insight\n".to_vec();
    bytes.extend_from_slice(b"  version: 1.0.0\n");
    assert_refused(&bytes, "MAN006");
}

#[test]
fn garbage_is_a_syntax_error() {
    assert_refused(b"format: 1\nproduct: [unclosed\n  name: x\n", "MAN001");
    assert_refused(b"\t- tab\n: :\n", "MAN001");
}
