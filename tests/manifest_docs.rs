//! `docs/manifest.md` documents every key of `schemas/kooship.schema.json`, and its complete
//! examples lint clean.
//!
//! How the page is read: a heading whose first code span is a key path (`product`,
//! `specifications[].pricing.skus[]`, `kooship.yaml` for the top level) opens that map's
//! section, up to the next heading. A key is documented when a table of the section whose
//! header is exactly [`HEADER`] has a row whose first cell is the key in a code span. So a key
//! mentioned in passing, or documented under another map, does not count.
//!
//! The schema is walked from the root through `properties`, `items`, `additionalProperties`,
//! `$ref`, `oneOf`, `anyOf` and `allOf`, giving each map schema the key paths it appears at.
//! A map used at several paths (the map of period prices) may be documented at any one of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const HEADER: [&str; 6] = [
    "key",
    "type",
    "allowed values",
    "default",
    "release form",
    "meaning",
];
const ROOT: &str = "kooship.yaml";
const LOCK: &str = "kooship.lock";

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// The page

/// One heading of the page and what follows it up to the next heading.
#[derive(Debug, Default)]
struct Section {
    title: String,
    /// The heading's first code span.
    path: Option<String>,
    /// Rows of the key tables (header = HEADER), cells trimmed.
    rows: Vec<Vec<String>>,
    /// Fenced code blocks: (info string, text).
    blocks: Vec<(String, String)>,
    /// Tables whose first header cell is `key` but whose header is not HEADER.
    bad_headers: Vec<String>,
}

fn first_code_span(s: &str) -> Option<String> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some(s[start..start + len].to_owned())
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

fn parse_page(text: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut fence: Option<(String, String)> = None;
    let mut table: Option<bool> = None; // Some(is a key table) while inside a table
    for line in text.lines() {
        let current = sections.last_mut().expect("a section");
        if let Some((info, body)) = &mut fence {
            if line.trim_start().starts_with("```") {
                current.blocks.push((info.clone(), std::mem::take(body)));
                fence = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        if let Some(info) = line.trim_start().strip_prefix("```") {
            fence = Some((info.trim().to_owned(), String::new()));
            table = None;
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            let title = line[hashes..].trim().to_owned();
            sections.push(Section {
                path: first_code_span(&title),
                title,
                ..Section::default()
            });
            table = None;
            continue;
        }
        if !line.trim_start().starts_with('|') {
            table = None;
            continue;
        }
        let row = cells(line);
        match table {
            None => {
                let is_key_table = row.iter().map(String::as_str).eq(HEADER);
                if !is_key_table && row.first().map(String::as_str) == Some("key") {
                    current.bad_headers.push(line.to_owned());
                }
                table = Some(is_key_table);
            }
            Some(true)
                if row
                    .iter()
                    .all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) => {}
            Some(true) => current.rows.push(row),
            Some(false) => {}
        }
    }
    assert!(
        fence.is_none(),
        "docs/manifest.md: a code fence is never closed"
    );
    sections
}

/// The rows documenting `key` in the sections of `path`.
fn rows_for<'a>(page: &'a [Section], path: &str, key: &str) -> Vec<&'a [String]> {
    let cell = format!("`{key}`");
    page.iter()
        .filter(|s| s.path.as_deref() == Some(path))
        .flat_map(|s| s.rows.iter())
        .filter(|r| r.first() == Some(&cell))
        .map(Vec::as_slice)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The schema

/// A map schema (an object with `properties`) and every key path it appears at.
#[derive(Debug, Default)]
struct MapSchema {
    paths: BTreeSet<String>,
    keys: Vec<(String, Value, bool)>,
}

struct Walk<'a> {
    root: &'a Value,
    maps: BTreeMap<String, MapSchema>,
    seen: BTreeSet<(String, String)>,
}

fn child(path: &str, key: &str) -> String {
    if path == ROOT {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only local references are expected, got {reference}"));
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling $ref {reference}"))
}

impl Walk<'_> {
    fn visit(&mut self, node: &Value, at: &str, path: &str, depth: usize) {
        assert!(depth < 64, "the schema nests deeper than expected at {at}");
        if !self.seen.insert((at.to_owned(), path.to_owned())) {
            return;
        }
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let target = resolve(self.root, reference);
            self.visit(target, reference, path, depth + 1);
        }
        for combinator in ["oneOf", "anyOf", "allOf"] {
            for (i, branch) in node
                .get(combinator)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                self.visit(branch, &format!("{at}/{combinator}/{i}"), path, depth + 1);
            }
        }
        if let Some(items) = node.get("items") {
            self.visit(
                items,
                &format!("{at}/items"),
                &format!("{path}[]"),
                depth + 1,
            );
        }
        if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
            self.visit(
                extra,
                &format!("{at}/additionalProperties"),
                &format!("{path}.*"),
                depth + 1,
            );
        }
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            let required: BTreeSet<&str> = node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let map = self.maps.entry(at.to_owned()).or_default();
            map.paths.insert(path.to_owned());
            if map.keys.is_empty() {
                map.keys = properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone(), required.contains(k.as_str())))
                    .collect();
            }
            for (key, value) in properties {
                self.visit(
                    value,
                    &format!("{at}/properties/{key}"),
                    &child(path, key),
                    depth + 1,
                );
            }
        }
    }
}

fn schema() -> Value {
    serde_json::from_str(&read("schemas/kooship.schema.json")).expect("the schema is JSON")
}

fn schema_maps(schema: &Value) -> BTreeMap<String, MapSchema> {
    let mut walk = Walk {
        root: schema,
        maps: BTreeMap::new(),
        seen: BTreeSet::new(),
    };
    walk.visit(schema, "#", ROOT, 0);
    walk.maps
}

/// The values a key accepts when the schema enumerates them (`enum`, `const`, for the key
/// itself, its list items or its map values), as they are written in YAML.
fn enumerated(root: &Value, node: &Value) -> Vec<String> {
    let node = match node.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(root, r),
        None => node,
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return values.iter().map(text).collect();
    }
    if let Some(value) = node.get("const") {
        return vec![text(value)];
    }
    for inner in ["items", "additionalProperties"] {
        if let Some(inner) = node.get(inner).filter(|v| v.is_object()) {
            return enumerated(root, inner);
        }
    }
    Vec::new()
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[test]
fn every_schema_key_is_documented_under_its_map() {
    let page = parse_page(&read("docs/manifest.md"));
    let schema = schema();
    let maps = schema_maps(&schema);
    assert!(
        maps.len() >= 20,
        "the walk found only {} maps in the schema",
        maps.len()
    );

    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    let mut documented_paths = BTreeSet::new();
    for map in maps.values() {
        documented_paths.extend(map.paths.iter().cloned());
        for (key, node, required) in &map.keys {
            let rows: Vec<&[String]> = map
                .paths
                .iter()
                .flat_map(|p| rows_for(&page, p, key))
                .collect();
            let where_ = map
                .paths
                .iter()
                .map(|p| format!("`{}`", child(p, key)))
                .collect::<Vec<_>>()
                .join(" or ");
            if rows.is_empty() {
                missing.push(where_);
                continue;
            }
            let values = enumerated(&schema, node);
            let fits = |row: &&[String]| {
                let allowed = &row[2];
                let default = &row[3];
                values.iter().all(|v| allowed.contains(&format!("`{v}`")))
                    && default.starts_with("required") == *required
            };
            if !rows.iter().any(fits) {
                wrong.push(format!(
                    "{where_}: the row must list every allowed value in the \"allowed values\" column ({}) and say \"required\" first in the \"default\" column exactly when the schema requires the key ({required})",
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    // The other way round: every key table belongs to a map of the schema (or the lock), and
    // every row names one of that map's keys, so the page cannot document keys that do not
    // exist.
    let mut stale = Vec::new();
    for section in &page {
        let Some(path) = &section.path else {
            assert!(
                section.rows.is_empty(),
                "docs/manifest.md: the key table under \"{}\" has no key path in its heading",
                section.title
            );
            continue;
        };
        if section.rows.is_empty() || path == LOCK {
            continue;
        }
        let known: BTreeSet<&str> = maps
            .values()
            .filter(|m| m.paths.contains(path))
            .flat_map(|m| m.keys.iter().map(|(k, _, _)| k.as_str()))
            .collect();
        if known.is_empty() {
            stale.push(format!(
                "section `{path}` documents a map the schema does not have"
            ));
        }
        for row in &section.rows {
            let key = first_code_span(&row[0]).unwrap_or_default();
            if row[0] != format!("`{key}`") || !known.contains(key.as_str()) {
                stale.push(format!("`{path}`: row {} is not a key of this map", row[0]));
            }
        }
    }
    let mut report = String::new();
    if !missing.is_empty() {
        report.push_str(&format!(
            "\nthese keys of schemas/kooship.schema.json are not documented (each needs a row `| `key` | … |` in a key table under a heading naming its map's path):\n  {}",
            missing.join("\n  ")
        ));
    }
    for (what, list) in [
        ("rows that do not fit the schema", &wrong),
        ("stale rows", &stale),
    ] {
        if !list.is_empty() {
            report.push_str(&format!("\n{what}:\n  {}", list.join("\n  ")));
        }
    }
    assert!(report.is_empty(), "docs/manifest.md:{report}");
}

#[test]
fn key_tables_are_complete() {
    let page = parse_page(&read("docs/manifest.md"));
    let mut problems = Vec::new();
    for section in &page {
        for header in &section.bad_headers {
            problems.push(format!(
                "\"{}\": a key table's header must be `| {} |`, found {header}",
                section.title,
                HEADER.join(" | ")
            ));
        }
        for row in &section.rows {
            if row.len() != HEADER.len() {
                problems.push(format!(
                    "\"{}\": row {} has {} cells, not {}",
                    section.title,
                    row[0],
                    row.len(),
                    HEADER.len()
                ));
            } else if let Some(i) = row.iter().position(String::is_empty) {
                problems.push(format!(
                    "\"{}\": row {} leaves \"{}\" empty (write `—` when there is nothing to say)",
                    section.title, row[0], HEADER[i]
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/manifest.md:\n  {}",
        problems.join("\n  ")
    );
}

/// The lock's section names exactly the keys `kooship record` writes (the release-cycle CLI
/// case keeps a lock written by `kooship record`).
#[test]
fn the_lock_format_is_documented() {
    let page = parse_page(&read("docs/manifest.md"));
    let lock: Value = serde_json::from_str(&read("tests/cmd/release-cycle.out/kooship.lock"))
        .expect("the lock is JSON");
    let written: BTreeSet<String> = lock
        .as_object()
        .expect("the lock is a map")
        .keys()
        .cloned()
        .collect();
    let documented: BTreeSet<String> = page
        .iter()
        .filter(|s| s.path.as_deref() == Some(LOCK))
        .flat_map(|s| s.rows.iter())
        .filter_map(|r| first_code_span(&r[0]))
        .collect();
    assert_eq!(
        documented, written,
        "docs/manifest.md's `{LOCK}` table and the keys `kooship record` writes differ"
    );
}

// ---------------------------------------------------------------------------------------------
// The examples

/// Findings every first release gets, whatever the manifest: reminders that service
/// supervision (DEL007) and a trial (SPC012) cannot change once released.
const FIRST_RELEASE_REMINDERS: [&str; 2] = ["DEL007", "SPC012"];

/// `(billing mode, YAML)` of each "### Example: … (`mode`)" section.
fn examples() -> Vec<(String, String)> {
    parse_page(&read("docs/manifest.md"))
        .into_iter()
        .filter(|s| s.title.starts_with("Example:"))
        .map(|s| {
            let yaml: Vec<&(String, String)> =
                s.blocks.iter().filter(|(info, _)| info == "yaml").collect();
            assert_eq!(
                yaml.len(),
                1,
                "\"{}\" must hold exactly one ```yaml block",
                s.title
            );
            (
                s.path
                    .unwrap_or_else(|| panic!("\"{}\" names no billing mode", s.title)),
                yaml[0].1.clone(),
            )
        })
        .collect()
}

#[test]
fn there_is_a_complete_example_per_billing_mode() {
    let schema = schema();
    let modes: BTreeSet<String> = enumerated(&schema, &schema["$defs"]["Billing"])
        .into_iter()
        .collect();
    assert_eq!(modes.len(), 3, "billing modes in the schema: {modes:?}");
    let examples = examples();
    let named: BTreeSet<String> = examples.iter().map(|(m, _)| m.clone()).collect();
    assert_eq!(named, modes, "one example per billing mode");
    assert_eq!(examples.len(), modes.len(), "one example per billing mode");
    for (mode, yaml) in &examples {
        let loaded = kooship::load::load(yaml.as_bytes());
        let value = match loaded.document {
            Ok(doc) => doc.value,
            Err(e) => panic!("the `{mode}` example is not YAML: {e:?}"),
        };
        // The specifications for sale (not the first release's test one) use this mode.
        let sold: BTreeSet<&str> = value["specifications"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["test"] != Value::Bool(true))
            .filter_map(|s| s["billing"].as_str())
            .collect();
        assert_eq!(
            sold,
            BTreeSet::from([mode.as_str()]),
            "the `{mode}` example's specifications for sale"
        );
    }
}

#[test]
fn every_example_lints_clean() {
    let examples = examples();
    assert!(!examples.is_empty());
    for (mode, yaml) in examples {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("kooship.yaml"), &yaml).expect("write manifest");
        for (from, to) in [
            ("examples/acme-insight/assets/logo.png", "assets/logo.png"),
            (
                "examples/secure-vault-setup/delivery/delivery-template.xlsx",
                "delivery/delivery-template.xlsx",
            ),
        ] {
            let to = dir.path().join(to);
            std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
            std::fs::copy(repo(from), &to).expect("copy the example's file");
        }
        let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
            .args(["lint", "--format", "json", "--fail-on", "warning"])
            .arg("kooship.yaml")
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            // Fixes the date exceptions expire against.
            .env("SOURCE_DATE_EPOCH", "1795651200")
            .output()
            .expect("run kooship");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "the `{mode}` example: no JSON report ({e}); stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let unexpected: Vec<String> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| {
                f["severity"] != "info"
                    || !FIRST_RELEASE_REMINDERS.contains(&f["rule"].as_str().unwrap_or_default())
            })
            .map(|f| {
                format!(
                    "{} {} {}:{} {}",
                    f["rule"].as_str().unwrap_or_default(),
                    f["severity"].as_str().unwrap_or_default(),
                    f["line"],
                    f["column"],
                    f["message"].as_str().unwrap_or_default()
                )
            })
            .collect();
        assert!(
            unexpected.is_empty(),
            "the `{mode}` example in docs/manifest.md does not lint clean:\n  {}",
            unexpected.join("\n  ")
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "the `{mode}` example: kooship lint exited {:?}",
            out.status.code()
        );
    }
}
