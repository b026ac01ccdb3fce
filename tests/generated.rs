//! Generated files stay in step with the code that generates them. Regenerate with
//! `UPDATE_GENERATED=1 cargo test --test generated`.

use std::path::Path;

fn check(relative: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, generated).expect("write generated file");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is out of date with the code; regenerate it with `UPDATE_GENERATED=1 cargo test --test generated`"
    );
}

/// `schemas/kooship.schema.json` is what schemars generates from the Rust types.
#[test]
fn schema_matches_the_types() {
    let generated = kooship::schema::generate();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/kooship.schema.json");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, kooship::schema::generate_text()).expect("write schema");
        return;
    }
    // Compared as values: key order may differ if serde_json's `preserve_order` is ever on.
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/kooship.schema.json has drifted from the Rust types in src/model/types.rs; regenerate it with `UPDATE_GENERATED=1 cargo test --test generated`"
    );
}

/// `docs/rules.md` is rendered from the rules' own documentation.
#[test]
fn rule_docs_match_the_rules() {
    check("docs/rules.md", &kooship::rules::docs::markdown());
}

/// `kooship schema` prints exactly the committed file.
#[test]
fn schema_command_prints_the_committed_bytes() {
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        return; // another test is rewriting the file
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kooship"))
        .arg("schema")
        .output()
        .expect("run kooship schema");
    assert!(out.status.success());
    let committed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/kooship.schema.json"))
            .unwrap();
    assert_eq!(out.stdout, committed);
}
