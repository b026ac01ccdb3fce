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

// ---------------------------------------------------------------------------------------
// Each MAN006 limit at its boundary: the limit itself passes, one more is refused.

/// Runs kooship on bytes and says whether MAN006 fired; checks the exit status and that a
/// refused file has that one finding only, and that an accepted one has no MAN001.
fn limited(bytes: &[u8]) -> bool {
    let (code, rules) = lint_bytes(bytes);
    assert!(code == 0 || code == 1, "exit {code}");
    if rules.iter().any(|r| r == "MAN006") {
        assert_eq!(rules, vec!["MAN006".to_owned()], "nothing but MAN006");
        true
    } else {
        assert!(
            !rules.iter().any(|r| r == "MAN001"),
            "valid YAML: {rules:?}"
        );
        false
    }
}

/// The message of the only finding.
fn message(bytes: &[u8]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().expect("stdin").write_all(bytes)?;
            child.wait_with_output()
        })
        .expect("run kooship");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["findings"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A manifest of exactly `len` bytes: `format: 1` and comment lines.
fn sized(len: usize) -> Vec<u8> {
    let mut s = String::from("format: 1\n");
    let line = format!("# {}\n", "x".repeat(77));
    while s.len() + line.len() <= len {
        s.push_str(&line);
    }
    if s.len() < len {
        let rest = len - s.len();
        s.push_str(&"#".repeat(rest - 1));
        s.push('\n');
    }
    assert_eq!(s.len(), len);
    s.into_bytes()
}

#[test]
fn size_limit_is_one_mebibyte() {
    assert!(!limited(&sized(1_048_576)), "exactly 1 MiB passes");
    assert!(limited(&sized(1_048_577)), "one byte more is refused");
    // The same through a file (read by path, not standard input).
    let dir = tempfile::tempdir().expect("temp folder");
    for (len, refused) in [(1_048_576, false), (1_048_577, true)] {
        let path = dir.path().join("kooship.yaml");
        std::fs::write(&path, sized(len)).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
            .args(["lint", "--format", "concise"])
            .arg(&path)
            .output()
            .expect("run kooship");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.contains("MAN006"), refused, "{len} bytes:\n{text}");
    }
    assert!(message(&sized(1_048_577)).contains("1048577 bytes"));
}

/// `depth` collections nested in each of the ways YAML can write them.
fn nested(depth: usize) -> Vec<(&'static str, String)> {
    let mut block_maps = String::new();
    for i in 0..depth {
        block_maps.push_str(&" ".repeat(i));
        block_maps.push_str(if i + 1 == depth { "a: x\n" } else { "a:\n" });
    }
    let mut block_lists = String::new();
    for i in 0..depth {
        block_lists.push_str(&" ".repeat(2 * i));
        block_lists.push_str(if i + 1 == depth { "- x\n" } else { "-\n" });
    }
    let compact_lists = "- ".repeat(depth) + "x\n";
    let flow_lists = "[".repeat(depth) + "x" + &"]".repeat(depth);
    let flow_maps = "{a: ".repeat(depth) + "x" + &"}".repeat(depth);
    // Half block maps, then flow lists inside.
    let half = depth / 2;
    let mut mixed = String::new();
    for i in 0..half {
        mixed.push_str(&" ".repeat(i));
        mixed.push_str("a:");
        mixed.push(if i + 1 == half { ' ' } else { '\n' });
    }
    mixed.push_str(&("[".repeat(depth - half) + "x" + &"]".repeat(depth - half) + "\n"));
    vec![
        ("block maps", block_maps),
        ("block lists", block_lists),
        ("compact block lists", compact_lists),
        ("flow lists", flow_lists),
        ("flow maps", flow_maps),
        ("block maps holding flow lists", mixed),
    ]
}

#[test]
fn depth_limit_is_64_collections() {
    for ((how, ok), (_, deep)) in nested(64).into_iter().zip(nested(65)) {
        assert!(!limited(ok.as_bytes()), "{how}: depth 64 passes:\n{ok}");
        assert!(limited(deep.as_bytes()), "{how}: depth 65 is refused");
        assert!(
            message(deep.as_bytes()).contains("nesting deeper than 64"),
            "{how}"
        );
    }
}

/// A document of exactly `n` nodes once every alias is expanded, counting each scalar
/// (keys included), map and list as one: `a` is an anchored collection of 100 nodes
/// (a list of 99 scalars, or a map of 49 keys, 48 scalar values and a list of one), `b`
/// lists aliases to it,
/// `c` lists single scalars for the rest.
fn expanded(n: usize, map: bool) -> String {
    let anchored = if map {
        let entries: Vec<String> = (1..49).map(|i| format!("k{i}: v")).collect();
        format!("{{k0: [v], {}}}", entries.join(", "))
    } else {
        format!("[{}]", vec!["x"; 99].join(", "))
    };
    // Root map, keys `a` `b` `c`, `a`'s 100, the lists of `b` and `c`.
    let fixed = 1 + 3 + 100 + 1 + 1;
    let aliases = (n - fixed) / 100;
    let rest = n - fixed - 100 * aliases;
    format!(
        "a: &a {anchored}\nb: [{}]\nc: [{}]\n",
        vec!["*a"; aliases].join(", "),
        vec!["y"; rest].join(", ")
    )
}

#[test]
fn alias_expansion_limit_is_10000_nodes() {
    for map in [false, true] {
        let ok = expanded(10_000, map);
        assert!(!limited(ok.as_bytes()), "10,000 nodes pass:\n{ok}");
        let over = expanded(10_001, map);
        assert!(limited(over.as_bytes()), "10,001 nodes are refused");
        assert!(message(over.as_bytes()).contains("more than 10000 YAML nodes"));
    }
    // Without any alias the count is the same: a list of 9,999 scalars is 10,000 nodes.
    let plain = |n: usize| format!("[{}]\n", vec!["x"; n - 1].join(", "));
    assert!(!limited(plain(10_000).as_bytes()));
    assert!(limited(plain(10_001).as_bytes()));
    // An anchor on a node kooship skips (the value of a duplicate key) still counts in
    // full at each alias.
    let skipped = format!(
        "a: 1\na: &a [{}]\nb: [{}]\n",
        vec!["x"; 99].join(", "),
        vec!["*a"; 100].join(", ")
    );
    assert!(limited(skipped.as_bytes()));
}

#[test]
fn invalid_utf8_gives_the_line_and_column_of_the_first_bad_byte() {
    let cases: [(&[u8], &str); 4] = [
        (b"\xff", "byte 0xFF at line 1, column 1"),
        (b"a: 1\nb: caf\xc3\n", "byte 0xC3 at line 2, column 7"),
        // A byte-order mark is not a column.
        (b"\xEF\xBB\xBFa: \x80\n", "byte 0x80 at line 1, column 4"),
        // A lone carriage return ends a line too.
        (b"a: 1\rb: \xfe\n", "byte 0xFE at line 2, column 4"),
    ];
    for (bytes, expected) in cases {
        assert!(limited(bytes));
        let m = message(bytes);
        assert!(m.contains(expected), "{m:?} should say {expected:?}");
    }
    // Characters before the bad byte count one column each, whatever their UTF-8 length.
    let mut bytes = "format: 1\r\nproduct:\r\n  name: 華為 é "
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff x\n");
    let m = message(&bytes);
    assert!(m.contains("byte 0xFF at line 3, column 14"), "{m}");
}

#[test]
fn expanded_text_limit_is_one_mebibyte() {
    // `a` is a 1,024-byte string, `b` lists aliases to it, `c` is a plain scalar for the
    // rest: keys `a` `b` `c` are 3 bytes of text.
    let doc = |n: usize| {
        let aliases = (n - 3 - 1024) / 1024 - 1;
        let rest = n - 3 - 1024 - 1024 * aliases;
        format!(
            "a: &a \"{}\"\nb: [{}]\nc: {}\n",
            "s".repeat(1024),
            vec!["*a"; aliases].join(", "),
            "r".repeat(rest)
        )
    };
    assert!(!limited(doc(1_048_576).as_bytes()), "1 MiB of text passes");
    assert!(
        limited(doc(1_048_577).as_bytes()),
        "one byte more is refused"
    );
    assert!(message(doc(1_048_577).as_bytes()).contains("more than 1048576 bytes of text"));
    // The attack it stops: an alias to a 500 kB string, 9,000 times (4.5 GB).
    let bomb = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(500_000),
        vec!["*a"; 9_000].join(", ")
    );
    assert_refused(bomb.as_bytes(), "MAN006");
}

#[test]
fn anchors_hold_at_most_one_mebibyte_and_10000_nodes() {
    // Each anchor keeps its own copy of its value: `&a [&b "…"]` holds the string twice.
    let text = |n: usize| format!("x: &a [&b \"{}\"]\n", "s".repeat(n));
    assert!(
        !limited(text(524_288).as_bytes()),
        "2 × 512 KiB held passes"
    );
    assert!(
        limited(text(524_289).as_bytes()),
        "one byte more is refused"
    );
    assert!(
        message(text(524_289).as_bytes())
            .contains("anchors would keep copies of more than 1048576 bytes of text")
    );
    // `&a [&b [x, …]]`: `b` holds n nodes, `a` holds n + 1.
    let nodes = |n: usize| format!("x: &a [&b [{}]]\n", vec!["x"; n - 1].join(", "));
    assert!(!limited(nodes(4_999).as_bytes()), "9,999 nodes held pass");
    assert!(limited(nodes(5_000).as_bytes()), "10,001 are refused");
    // The attack it stops: 63 anchors nested around a 1 MB string kept 63 copies (69 MB)
    // without a single alias.
    let nested = format!(
        "a: {}\"{}\"{}\n",
        (0..63).map(|i| format!("&a{i} [")).collect::<String>(),
        "x".repeat(1_000_000),
        "]".repeat(63)
    );
    assert_refused(nested.as_bytes(), "MAN006");
}

#[test]
fn pointer_limit_is_1024_bytes() {
    // `/` + 500 + `/` + 522 = 1,024 bytes.
    let doc = |second: usize| format!("{}:\n  {}: v\n", "a".repeat(500), "b".repeat(second));
    assert!(!limited(doc(522).as_bytes()), "a 1,024-byte pointer passes");
    assert!(limited(doc(523).as_bytes()), "1,025 bytes is refused");
    assert!(message(doc(523).as_bytes()).contains("longer than 1024 bytes"));
    // Escaped characters count as written in the pointer (`~1` for `/`).
    let slashes = format!("{}:\n  {}: v\n", "/".repeat(400), "b".repeat(400));
    assert!(limited(slashes.as_bytes()));
    // A list index counts too.
    let list = format!("{}: [x]\n", "a".repeat(1022));
    assert!(limited(list.as_bytes()), "`/aaa…/0` is 1,025 bytes");
    // The attacks it stops: 62 nested 1,000-byte keys over 9,000 items (600 MB of
    // pointers), and one 900 kB explicit key over 9,000 items (8 GB).
    let mut nested = String::new();
    for i in 0..62 {
        nested.push_str(&format!("{}{}{i}:\n", " ".repeat(i), "k".repeat(1000)));
    }
    nested.push_str(&format!(
        "{}v: [{}]\n",
        " ".repeat(62),
        vec!["x"; 9_000].join(", ")
    ));
    assert_refused(nested.as_bytes(), "MAN006");
    let explicit = format!(
        "? {}\n: [{}]\n",
        "k".repeat(900_000),
        vec!["x"; 9_000].join(", ")
    );
    assert_refused(explicit.as_bytes(), "MAN006");
}

/// Runs `kooship lint --color never FILE` (human output) and returns exit code and output.
fn human(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp folder");
    let path = dir.path().join("kooship.yaml");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--color", "never"])
        .arg(&path)
        .output()
        .expect("run kooship");
    let code = out.status.code().expect("exited normally, not by a signal");
    (code, String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn human_output_of_many_findings_on_a_long_line() {
    // 3,000 unknown keys after a 200,000-character value, on one line: each finding shows
    // its line cut around the key (miette alone panicked past column 65,535 and printed the
    // whole line per finding).
    let items: Vec<String> = (0..3000).map(|i| format!("k{i}: 1")).collect();
    let line = format!(
        "{{format: 1, pad: {}, {}}}\n",
        "x".repeat(200_000),
        items.join(", ")
    );
    let (code, out) = human(line.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        out.matches("error[MAN002]").count(),
        3001,
        "`pad` and 3,000 keys"
    );
    assert!(out.contains("…"), "the line is cut");
    assert!(out.len() < 10_000_000, "{} bytes of output", out.len());
    let k2999 = out.find("unknown key `k2999`").expect("the last key");
    let column = line.find("k2999").expect("in the line") + 1;
    assert!(
        out[k2999..].contains(&format!("kooship.yaml:1:{column}]")),
        "the header gives the real column"
    );
}

#[test]
fn human_output_of_many_findings_in_a_long_file() {
    // A 1 MB comment, then 4,900 unknown keys: each finding shows three lines, not the file.
    let keys: Vec<String> = (0..4900).map(|i| format!("k{i}: 1")).collect();
    let text = format!("#{}\nformat: 1\n{}\n", "x".repeat(900_000), keys.join("\n"));
    let (code, out) = human(text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(out.matches("error[MAN002]").count(), 4900);
    assert!(out.len() < 20_000_000, "{} bytes of output", out.len());
    assert!(out.contains("kooship.yaml:4902:1]"), "the last key's line");
}

// ---------------------------------------------------------------------------------------
// Nothing outside the manifest's folder is read, even through a symbolic link.

#[cfg(unix)]
mod symlinks {
    use std::os::unix::fs::symlink;
    use std::path::{Path, PathBuf};

    use super::*;

    const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/secure-vault-setup");

    fn mkfifo(path: &Path) {
        let ok = Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("run mkfifo");
        assert!(ok.success(), "mkfifo {}", path.display());
    }

    /// `tmp/outside/` (with a good logo and template, and a FIFO) and `tmp/product/`, a copy
    /// of the secure-vault-setup example whose logo and delivery template are not there yet.
    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().expect("temp folder");
        let outside = tmp.path().join("outside");
        let product = tmp.path().join("product");
        for dir in [&outside, &product.join("assets"), &product.join("delivery")] {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        let example = Path::new(EXAMPLE);
        std::fs::copy(example.join("kooship.yaml"), product.join("kooship.yaml")).expect("copy");
        std::fs::copy(example.join("assets/logo.png"), outside.join("logo.png")).expect("copy");
        std::fs::copy(
            example.join("delivery/delivery-template.xlsx"),
            outside.join("delivery-template.xlsx"),
        )
        .expect("copy");
        std::fs::write(outside.join("not-a-logo.png"), "not a PNG at all").expect("write");
        mkfifo(&outside.join("fifo"));
        (tmp, outside, product)
    }

    /// Runs kooship (20 s at most) and returns its exit code and JSON report.
    fn run(args: &[&Path]) -> (i32, serde_json::Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kooship"))
            .args(["lint", "--format", "json"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kooship");
        let mut stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
            buf
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("kooship hung (it opened a FIFO?)");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let out = reader.join().expect("reader");
        let report = serde_json::from_slice(&out).expect("a JSON report");
        (status.code().expect("exit code"), report)
    }

    /// (rule, pointer, message) of every finding.
    fn findings(report: &serde_json::Value) -> Vec<(String, String, String)> {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
                (s("rule"), s("pointer"), s("message"))
            })
            .collect()
    }

    fn codes(report: &serde_json::Value) -> Vec<String> {
        findings(report).into_iter().map(|(r, _, _)| r).collect()
    }

    #[test]
    fn the_example_copy_lints_with_its_files_in_place() {
        let (_tmp, outside, product) = setup();
        std::fs::copy(outside.join("logo.png"), product.join("assets/logo.png")).expect("copy");
        std::fs::copy(
            outside.join("delivery-template.xlsx"),
            product.join("delivery/delivery-template.xlsx"),
        )
        .expect("copy");
        let (code, report) = run(&[&product.join("kooship.yaml")]);
        assert_eq!(code, 0, "{report}");
        assert!(!codes(&report).iter().any(|c| c == "MAN008"), "{report}");
    }

    #[test]
    fn a_logo_linked_out_of_the_folder_is_man008_and_never_read() {
        for target in ["logo.png", "not-a-logo.png", "fifo"] {
            let (_tmp, outside, product) = setup();
            symlink(outside.join(target), product.join("assets/logo.png")).expect("symlink");
            let (code, report) = run(&[&product.join("kooship.yaml")]);
            assert_eq!(code, 1);
            let man008: Vec<_> = findings(&report)
                .into_iter()
                .filter(|(r, p, _)| r == "MAN008" && p == "/product/logo")
                .collect();
            assert_eq!(man008.len(), 1, "{target}: {report}");
            assert!(man008[0].2.contains("symbolic link"), "{man008:?}");
            assert!(!codes(&report).iter().any(|c| c == "LST004"), "{report}");
        }
    }

    #[test]
    fn a_folder_linked_out_of_the_manifest_folder_is_man008() {
        let (_tmp, outside, product) = setup();
        std::fs::remove_dir(product.join("assets")).expect("rmdir");
        symlink(&outside, product.join("assets")).expect("symlink");
        let (_, report) = run(&[&product.join("kooship.yaml")]);
        let codes = codes(&report);
        assert!(codes.iter().any(|c| c == "MAN008"), "{report}");
        assert!(!codes.iter().any(|c| c == "LST004"), "{report}");
    }

    #[test]
    fn a_delivery_template_linked_out_of_the_folder_is_man008_and_never_read() {
        for target in ["delivery-template.xlsx", "fifo"] {
            let (_tmp, outside, product) = setup();
            std::fs::copy(outside.join("logo.png"), product.join("assets/logo.png")).expect("copy");
            symlink(
                outside.join(target),
                product.join("delivery/delivery-template.xlsx"),
            )
            .expect("symlink");
            let (_, report) = run(&[&product.join("kooship.yaml")]);
            let found = findings(&report);
            assert!(
                found.iter().any(|(r, p, _)| r == "MAN008"
                    && p == "/delivery/service_supervision/delivery_template"),
                "{target}: {report}"
            );
            assert!(!found.iter().any(|(r, _, _)| r == "DEL005"), "{report}");
        }
    }

    #[test]
    fn a_link_inside_the_folder_is_followed() {
        let (_tmp, outside, product) = setup();
        std::fs::create_dir(product.join("img")).expect("mkdir");
        std::fs::copy(outside.join("logo.png"), product.join("img/real.png")).expect("copy");
        symlink("../img/real.png", product.join("assets/logo.png")).expect("symlink");
        let (_, report) = run(&[&product.join("kooship.yaml")]);
        let found = findings(&report);
        assert!(
            !found
                .iter()
                .any(|(r, p, _)| p == "/product/logo" || r == "LST004"),
            "{report}"
        );
    }

    #[test]
    fn a_lock_linked_out_of_the_folder_or_to_a_fifo_is_rel006() {
        for target in ["fifo", "logo.png"] {
            let (_tmp, outside, product) = setup();
            symlink(outside.join(target), product.join("kooship.lock")).expect("symlink");
            let (_, report) = run(&[&product.join("kooship.yaml")]);
            let rel006: Vec<_> = findings(&report)
                .into_iter()
                .filter(|(r, _, _)| r == "REL006")
                .collect();
            assert_eq!(rel006.len(), 1, "{target}: {report}");
            assert!(rel006[0].2.contains("symbolic link"), "{rel006:?}");
        }
        // A lock that is a FIFO itself is not opened either.
        let (_tmp, _outside, product) = setup();
        mkfifo(&product.join("kooship.lock"));
        let (_, report) = run(&[&product.join("kooship.yaml")]);
        let found = findings(&report);
        assert!(
            found
                .iter()
                .any(|(r, _, m)| r == "REL006" && m.contains("not a regular file")),
            "{report}"
        );
    }

    #[test]
    fn a_folder_walk_skips_manifests_linked_out_of_it() {
        let (tmp, outside, product) = setup();
        std::fs::write(outside.join("kooship.yaml"), "format: 1\nsecret: hunter2\n").expect("w");
        let root = tmp.path().join("walk");
        for (dir, target) in [
            ("out", outside.join("kooship.yaml")),
            ("fifo", outside.join("fifo")),
            ("in", product.join("kooship.yaml")),
        ] {
            std::fs::create_dir_all(root.join(dir)).expect("mkdir");
            symlink(target, root.join(dir).join("kooship.yaml")).expect("symlink");
        }
        // A link to a manifest inside the walked folder is followed.
        std::fs::create_dir_all(root.join("real")).expect("mkdir");
        std::fs::copy(product.join("kooship.yaml"), root.join("real/kooship.yaml")).expect("cp");
        std::fs::create_dir_all(root.join("alias")).expect("mkdir");
        symlink("../real/kooship.yaml", root.join("alias/kooship.yaml")).expect("symlink");
        let (_, report) = run(&[&root]);
        assert_eq!(report["summary"]["files"], 2, "{report}");
        assert!(!report.to_string().contains("hunter2"), "{report}");
    }
}
