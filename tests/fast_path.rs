//! The typed model and the JSON Schema agree: whenever `model::read_whole` accepts a
//! manifest (so the pipeline skips the schema validator), the schema finds nothing either.
//! Checked on every fixture and example, and on targeted near misses.

use std::path::{Path, PathBuf};

use kooship::load;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// `Some(schema findings)` when the typed model reads the text whole.
fn schema_findings_when_read_whole(text: &[u8]) -> Option<Vec<String>> {
    let loaded = load::load(text);
    let doc = loaded.document.ok()?;
    kooship::model::read_whole(&doc.value)?;
    Some(
        kooship::schema::validate(&doc.value, &doc.index, &loaded.source)
            .iter()
            .map(|f| format!("{} {} {}", f.rule.code, f.pointer, f.message))
            .collect(),
    )
}

#[test]
fn fixtures_and_examples() {
    let mut files = Vec::new();
    yaml_files(Path::new("tests/rules"), &mut files);
    yaml_files(Path::new("examples"), &mut files);
    yaml_files(Path::new("tests/snapshots/inputs"), &mut files);
    assert!(files.len() > 100);
    let mut read_whole = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if let Some(findings) = schema_findings_when_read_whole(&bytes) {
            read_whole += 1;
            assert!(
                findings.is_empty(),
                "{}: read whole, yet the schema says {findings:?}",
                f.display()
            );
        }
    }
    assert!(
        read_whole > 50,
        "the fast path should cover most fixtures ({read_whole})"
    );
}

#[test]
fn near_misses_the_model_must_refuse() {
    let base = std::fs::read_to_string("tests/rules/DEL001/pass-saas.yaml").unwrap();
    assert!(schema_findings_when_read_whole(base.as_bytes()).is_some());
    for (from, to) in [
        (
            "      template: simple\n      price: { month: 20, year: 200 }",
            "      template: simple\n      price: { month: 20, year: 200 }\n      extra: 1",
        ),
        (
            "      price: { month: 20, year: 200 }",
            "      price: { month: 20, week: 200 }",
        ),
        ("      template: simple", "      template: custom"),
        ("  version: 1.0.0", "  version: 1.0"),
        ("  access_guide: 2", "  access_guide: 3"),
        ("  public: false", "  public: false\n  logo:"),
        ("    name: Team", "    name: Team\n    trial_days: \"14\""),
        ("  tls_versions: [tls1_2]", "  tls_versions: [tls1_2, ~]"),
    ] {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        assert!(
            schema_findings_when_read_whole(text.as_bytes()).is_none(),
            "the typed model accepted what the schema refuses: {to}"
        );
    }
}
