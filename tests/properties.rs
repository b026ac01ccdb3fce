//! Property test: YAML-shaped text built from a strategy (nested maps, lists and scalars
//! with the manifest's own keys, block and flow styles, uneven indentation, anchors and
//! aliases, odd scalars) never makes the pipeline panic, and every finding is located
//! inside the text: its pointer resolves, its span is within the input on character
//! boundaries, its line and column exist.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use kooship::clock::Date;
use kooship::lint::{Input, Options, lint_full};
use kooship::load::{LineIndex, Position};
use proptest::prelude::*;
use serde_json::Value;

/// A YAML node and how to write it.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    Alias(u8),
    Map(Style, Vec<(String, Node)>),
    Seq(Style, Vec<Node>),
}

#[derive(Debug, Clone)]
struct Style {
    flow: bool,
    /// Extra indentation of the children (block style), 1..=4 spaces.
    step: usize,
    anchor: Option<u8>,
    /// An odd indentation added to one child (0: none).
    jitter: i8,
}

const KEYS: &[&str] = &[
    "format",
    "product",
    "name",
    "version",
    "public",
    "logo",
    "delivery",
    "method",
    "access_guide",
    "service_supervision",
    "enabled",
    "production_api",
    "url",
    "hosting",
    "tls_versions",
    "debugged_cases",
    "security_scan",
    "report",
    "specifications",
    "code",
    "test",
    "billing",
    "periods",
    "trial_days",
    "pricing",
    "template",
    "price",
    "month",
    "year",
    "skus",
    "tiers",
    "factors",
    "values",
    "packages",
    "upgrades",
    "extension_parameters",
    "provisioning_info",
    "lint",
    "severity",
    "exceptions",
    "rule",
    "at",
    "reason",
    "expires",
    "<<",
    "a/b~c",
    "華為雲",
    "",
];

/// Scalars a manifest could hold.
const SCALARS: &[&str] = &[
    "1",
    "0",
    "-0",
    "2",
    "19.90",
    "1e999",
    "-1e-999",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    ".inf",
    "true",
    "yes",
    "on",
    "null",
    "~",
    "",
    "1.0.0",
    "saas",
    "yearly_monthly",
    "pay_per_use",
    "one_time",
    "month",
    "year",
    "tls1_2",
    "tls1_0",
    "newInstance",
    "huawei_cloud_ecs",
    "simple",
    "API008",
    "off",
    "warning",
    "https://market.acme-insight.com/koogallery",
    "http://10.0.0.1/x",
    "assets/logo.png",
    "../../etc/passwd",
    "/etc/passwd",
    "2026-01-31",
    "'single quoted'",
    "\"double \\u00e9 \\x41 \\\"\"",
    "\"multi\nline\"",
    "華為雲 Acme",
    "👍🏽 emoji",
    "a # a comment",
    "!!str 12",
    "!!int x",
    "!!bool yes",
    "! 12",
    "!local value",
    "|\nliteral\ntext\n",
    ">-\nfolded\n\ntext\n",
];

/// Scalars that are mostly not YAML where they land.
const ODD: &[&str] = &[
    "- dash",
    "? complex",
    "&x",
    "*x",
    ":",
    "\t",
    "[",
    "}",
    "'",
    "%TAG",
    "@",
];

fn style() -> impl Strategy<Value = Style> {
    (
        prop::bool::weighted(0.3),
        1usize..=4,
        prop::option::weighted(0.15, 0u8..4),
        prop_oneof![30 => Just(0i8), 1 => -2i8..=2],
    )
        .prop_map(|(flow, step, anchor, jitter)| Style {
            flow,
            step,
            anchor,
            jitter,
        })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        40 => prop::sample::select(KEYS).prop_map(str::to_owned),
        4 => "[a-z_]{1,8}",
        4 => prop::sample::select(SCALARS)
            .prop_filter("a one-line scalar", |s| !s.contains('\n'))
            .prop_map(str::to_owned),
        1 => prop::sample::select(ODD).prop_map(str::to_owned),
    ]
}

fn leaf() -> impl Strategy<Value = Node> {
    prop_oneof![
        60 => prop::sample::select(SCALARS).prop_map(|s| Node::Scalar(s.to_owned())),
        1 => prop::sample::select(ODD).prop_map(|s| Node::Scalar(s.to_owned())),
        4 => "[ -~]{0,12}".prop_map(|s| Node::Scalar(format!("'{}'", s.replace('\'', "''")))),
        1 => "[ -~]{0,12}".prop_map(Node::Scalar),
        3 => (0u8..4).prop_map(Node::Alias),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            (style(), prop::collection::vec((key(), inner.clone()), 0..6))
                .prop_map(|(s, entries)| Node::Map(s, entries)),
            (style(), prop::collection::vec(inner, 0..5))
                .prop_map(|(s, items)| Node::Seq(s, items)),
        ]
    })
}

/// A document: usually a map with `format: 1` and top-level keys, sometimes any node.
fn document() -> impl Strategy<Value = (Node, bool)> {
    let manifest =
        (style(), prop::collection::vec((key(), node()), 0..8)).prop_map(|(mut s, mut entries)| {
            s.flow = false;
            s.anchor = None;
            entries.insert(0, ("format".to_owned(), Node::Scalar("1".to_owned())));
            Node::Map(s, entries)
        });
    (
        prop_oneof![6 => manifest, 1 => node()],
        prop::bool::weighted(0.2),
    )
}

/// Writes a tree as YAML text. An alias to an anchor not written yet is written as a
/// plain scalar instead (most aliases then work).
#[derive(Default)]
struct Writer {
    out: String,
    anchors: std::collections::HashSet<u8>,
    in_flow: usize,
}

fn is_block(node: &Node) -> bool {
    match node {
        Node::Map(s, e) => !s.flow && !e.is_empty(),
        Node::Seq(s, i) => !s.flow && !i.is_empty(),
        _ => false,
    }
}

impl Writer {
    fn anchor(&mut self, style: &Style) {
        if let Some(a) = style.anchor {
            let _ = write!(self.out, "&a{a} ");
            self.anchors.insert(a);
        }
    }

    /// A scalar; the later lines of a multi-line one are indented by `indent`.
    fn scalar(&mut self, s: &str, indent: usize) {
        let pad = " ".repeat(indent);
        let mut lines = s.split('\n');
        self.out.push_str(lines.next().unwrap_or_default());
        for line in lines {
            self.out.push('\n');
            if !line.is_empty() {
                self.out.push_str(&pad);
            }
            self.out.push_str(line);
        }
    }

    fn flow(&mut self, node: &Node, indent: usize) {
        match node {
            // A block scalar cannot stand in a flow collection: quote its text instead.
            Node::Scalar(s) if indent > 0 && s.starts_with(['|', '>']) && self.in_flow > 0 => {
                let _ = write!(self.out, "{:?}", &s[2..]);
            }
            Node::Scalar(s) => self.scalar(s, indent),
            Node::Alias(a) if self.anchors.contains(a) => {
                let _ = write!(self.out, "*a{a}");
            }
            Node::Alias(a) => {
                let _ = write!(self.out, "a{a}");
            }
            Node::Map(s, entries) => {
                self.anchor(s);
                self.in_flow += 1;
                self.out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(k);
                    self.out.push_str(": ");
                    self.flow(v, indent);
                }
                self.out.push('}');
                self.in_flow -= 1;
            }
            Node::Seq(s, items) => {
                self.anchor(s);
                self.in_flow += 1;
                self.out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.flow(v, indent);
                }
                self.out.push(']');
                self.in_flow -= 1;
            }
        }
    }

    /// A node after `key:` or `-`: on the same line after a space, or, for a block
    /// collection, on the next lines at `indent`.
    fn value(&mut self, node: &Node, indent: usize) {
        if is_block(node) {
            if let Node::Map(s, _) | Node::Seq(s, _) = node
                && s.anchor.is_some()
            {
                self.out.push(' ');
                self.anchor(s);
                self.out.pop();
            }
            self.out.push('\n');
            self.block(node, indent);
        } else {
            self.out.push(' ');
            self.flow(node, indent);
            self.out.push('\n');
        }
    }

    fn pad(&mut self, indent: usize, jitter: i8) {
        let pad = (indent as i64 + i64::from(jitter)).max(0) as usize;
        self.out.push_str(&" ".repeat(pad));
    }

    fn block(&mut self, node: &Node, indent: usize) {
        match node {
            Node::Map(s, entries) if is_block(node) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    self.pad(indent, if i == 1 { s.jitter } else { 0 });
                    self.out.push_str(k);
                    self.out.push(':');
                    self.value(v, indent + s.step);
                }
            }
            Node::Seq(s, items) if is_block(node) => {
                for (i, v) in items.iter().enumerate() {
                    self.pad(indent, if i == 1 { s.jitter } else { 0 });
                    self.out.push('-');
                    self.value(v, indent + s.step);
                }
            }
            other => {
                self.pad(indent, 0);
                self.flow(other, indent + 1);
                self.out.push('\n');
            }
        }
    }
}

fn render(doc: &Node, marker: bool) -> String {
    let mut w = Writer::default();
    if marker {
        w.out.push_str("---\n");
    }
    if let Node::Map(s, _) | Node::Seq(s, _) = doc
        && s.anchor.is_some()
        && is_block(doc)
    {
        w.anchor(s);
        w.out.pop();
        w.out.push('\n');
    }
    w.block(doc, 0);
    w.out
}

/// Checks every finding of one manifest; returns how many there were.
fn check(text: &str, base_dir: &Path) -> usize {
    let input = Input {
        name: "kooship.yaml".to_owned(),
        bytes: text.as_bytes().to_vec(),
        base_dir: base_dir.to_path_buf(),
    };
    let options = Options {
        today: Date::parse("2026-11-26").expect("date"),
        ..Options::default()
    };
    let linted = lint_full(&input, &options);
    let report = &linted.report;
    let source = report.source.text();
    assert_eq!(source, text, "valid UTF-8 is kept as it is");
    let lines = LineIndex::new(text);
    let line_count = text.split_inclusive('\n').count().max(1) + 1;
    for f in &report.findings {
        let at = format!("{} {} {:?} in\n{text}", f.rule.code, f.pointer, f.message);
        // The pointer is RFC 6901 and names a node of the document: of its value, or a node
        // written in the file that the value does not keep (a bad merge key `<<`).
        assert!(
            f.pointer.is_empty() || f.pointer.starts_with('/'),
            "pointer syntax: {at}"
        );
        if let Some(value) = &linted.value {
            let resolves =
                value.pointer(&f.pointer).is_some() || linted.index.get(&f.pointer).is_some();
            assert!(resolves, "pointer does not resolve: {at}");
        }
        let span = f.span.unwrap_or_else(|| panic!("no span: {at}"));
        if let Some(u) = f.underline {
            assert!(
                u.start <= u.end
                    && u.end <= text.len()
                    && text.is_char_boundary(u.start)
                    && text.is_char_boundary(u.end),
                "underline {u:?}: {at}"
            );
        }
        assert!(span.start <= span.end, "span order {span:?}: {at}");
        assert!(span.end <= text.len(), "span past the end {span:?}: {at}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span not on character boundaries {span:?}: {at}"
        );
        for offset in [span.start, span.end] {
            let Position { line, column } = lines.position(text, offset);
            assert!(line >= 1 && line <= line_count, "line {line}: {at}");
            let line_text = text
                .split_inclusive('\n')
                .nth(line - 1)
                .unwrap_or_default()
                .trim_end_matches(['\n', '\r']);
            assert!(
                column >= 1 && column <= line_text.chars().count() + 1,
                "column {column} of line {line}: {at}"
            );
        }
    }
    report.findings.len()
}

/// The bundled examples: real manifests to mutate.
const EXAMPLES: &[&str] = &["acme-insight", "metricflow", "secure-vault-setup"];

fn example_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// A manifest's value as a tree, each collection in the next of `styles` (cycled).
fn from_value(v: &Value, styles: &[Style], next: &mut usize) -> Node {
    let mut style = || {
        *next = next.wrapping_add(1);
        styles[*next % styles.len()].clone()
    };
    match v {
        Value::Object(m) => {
            let s = style();
            Node::Map(
                s,
                m.iter()
                    .map(|(k, v)| (k.clone(), from_value(v, styles, next)))
                    .collect(),
            )
        }
        Value::Array(a) => {
            let s = style();
            Node::Seq(s, a.iter().map(|v| from_value(v, styles, next)).collect())
        }
        Value::String(text) => Node::Scalar(serde_json::to_string(text).expect("a JSON string")),
        other => Node::Scalar(other.to_string()),
    }
}

/// One change to a real manifest, at a node chosen by `path` (each step picks a child).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Node),
    Remove,
    Duplicate,
    Insert(String, Node),
}

fn mutation() -> impl Strategy<Value = (Vec<usize>, Mutation)> {
    (
        prop::collection::vec(any::<usize>(), 0..6),
        prop_oneof![
            4 => node().prop_map(Mutation::Replace),
            2 => Just(Mutation::Remove),
            1 => Just(Mutation::Duplicate),
            2 => (key(), node()).prop_map(|(k, n)| Mutation::Insert(k, n)),
        ],
    )
}

fn mutate(node: &mut Node, path: &[usize], m: &Mutation) {
    let len = match node {
        Node::Map(_, e) => e.len(),
        Node::Seq(_, i) => i.len(),
        _ => 0,
    };
    match (path, m) {
        ([first, rest @ ..], _) if len > 0 && !rest.is_empty() => {
            let i = first % len;
            match node {
                Node::Map(_, e) => mutate(&mut e[i].1, rest, m),
                Node::Seq(_, items) => mutate(&mut items[i], rest, m),
                _ => {}
            }
        }
        ([first], Mutation::Remove | Mutation::Duplicate) if len > 0 => {
            let i = first % len;
            let dup = matches!(m, Mutation::Duplicate);
            match node {
                Node::Map(_, e) if dup => e.push(e[i].clone()),
                Node::Map(_, e) => drop(e.remove(i)),
                Node::Seq(_, items) if dup => items.push(items[i].clone()),
                Node::Seq(_, items) => drop(items.remove(i)),
                _ => {}
            }
        }
        ([first], Mutation::Replace(n)) if len > 0 => {
            let i = first % len;
            match node {
                Node::Map(_, e) => e[i].1 = n.clone(),
                Node::Seq(_, items) => items[i] = n.clone(),
                _ => {}
            }
        }
        (_, Mutation::Insert(k, n)) => match node {
            Node::Map(_, e) => e.push((k.clone(), n.clone())),
            Node::Seq(_, items) => items.push(n.clone()),
            _ => {}
        },
        _ => {}
    }
}

/// A bundled example, written in random styles, with a few changes.
fn mutated_example() -> impl Strategy<Value = (usize, String)> {
    (
        0..EXAMPLES.len(),
        prop::collection::vec(style(), 1..12),
        prop::collection::vec(mutation(), 0..4),
    )
        .prop_map(|(which, mut styles, mutations)| {
            // The root stays a block map.
            styles[0].flow = false;
            let path = example_dir(EXAMPLES[which]).join("kooship.yaml");
            let bytes = std::fs::read(path).expect("read the example");
            let doc = kooship::load::load(&bytes)
                .document
                .expect("the example loads");
            let mut next = usize::MAX;
            let mut tree = from_value(&doc.value, &styles, &mut next);
            if let Node::Map(s, _) = &mut tree {
                s.flow = false;
                s.anchor = None;
            }
            for (path, m) in &mutations {
                mutate(&mut tree, path, m);
            }
            (which, render(&tree, false))
        })
}

/// 128 cases per property (`PROPTEST_CASES` sets another number), nothing persisted.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(128);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn yaml_shaped_input_is_linted_and_located((doc, marker) in document()) {
        let dir = tempfile::tempdir().expect("temp folder");
        check(&render(&doc, marker), dir.path());
    }

    #[test]
    fn changed_examples_are_linted_and_located((which, text) in mutated_example()) {
        check(&text, &example_dir(EXAMPLES[which]));
    }
}

#[test]
fn the_examples_round_trip_through_the_generator() {
    let block = Style {
        flow: false,
        step: 2,
        anchor: None,
        jitter: 0,
    };
    for name in EXAMPLES {
        let dir = example_dir(name);
        let bytes = std::fs::read(dir.join("kooship.yaml")).expect("read");
        let value = kooship::load::load(&bytes).document.expect("loads").value;
        let tree = from_value(&value, std::slice::from_ref(&block), &mut 0);
        let text = render(&tree, false);
        let again = kooship::load::load(text.as_bytes())
            .document
            .expect("reloads")
            .value;
        assert_eq!(again, value, "{name}:\n{text}");
        assert_eq!(
            check(&text, &dir),
            check(&String::from_utf8_lossy(&bytes), &dir),
            "{name} as written by the generator:\n{text}"
        );
    }
}

/// The generator writes what it means to: a fixed tree renders as expected, and loads.
#[test]
fn the_generator_writes_yaml() {
    let s = |x: &str| Node::Scalar(x.to_owned());
    let block = Style {
        flow: false,
        step: 2,
        anchor: None,
        jitter: 0,
    };
    let flowed = Style {
        flow: true,
        anchor: Some(1),
        ..block.clone()
    };
    let doc = Node::Map(
        block.clone(),
        vec![
            ("format".into(), s("1")),
            (
                "product".into(),
                Node::Map(block.clone(), vec![("name".into(), s("Acme"))]),
            ),
            (
                "specifications".into(),
                Node::Seq(
                    block.clone(),
                    vec![Node::Map(flowed, vec![("code".into(), s("a"))])],
                ),
            ),
            ("x".into(), Node::Alias(1)),
        ],
    );
    let text = render(&doc, false);
    assert_eq!(
        text,
        "format: 1\nproduct:\n  name: Acme\nspecifications:\n  - &a1 {code: a}\nx: *a1\n"
    );
    let dir = tempfile::tempdir().expect("temp folder");
    assert!(check(&text, dir.path()) > 0);
}
