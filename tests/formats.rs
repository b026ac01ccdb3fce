//! Every output format: golden snapshots, and the formats checked against their own rules
//! (SARIF against the OASIS schema, JUnit as well-formed XML with the right counts).

use std::path::Path;
use std::process::Command;

fn kooship(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("run kooship");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

const FIXTURES: &[&str] = &[
    "tests/snapshots/inputs/schema-errors.yaml",
    "tests/rules/MAN005/fail-duplicate.yaml",
    "tests/rules/DEL001/pass-saas.yaml",
];

#[test]
fn golden_outputs() {
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let mut args = vec!["lint", "--format", format];
        args.extend(FIXTURES);
        let (code, out) = kooship(&args);
        assert_eq!(code, 1, "{format}: errors exit 1");
        let out = if format == "sarif" {
            sarif_results_only(&out)
        } else {
            out
        };
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
}

/// The SARIF golden file keeps the results and the rule ids; the rules' full descriptions
/// are checked by `sarif_validates_against_the_oasis_schema` instead of being pinned here.
fn sarif_results_only(text: &str) -> String {
    let mut log: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let ids: Vec<serde_json::Value> = rules
        .as_array()
        .map(|a| a.iter().map(|r| r["id"].clone()).collect())
        .unwrap_or_default();
    *rules = serde_json::Value::Array(ids);
    serde_json::to_string_pretty(&log).expect("JSON") + "\n"
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let mut args = vec!["lint", "--format", "sarif"];
    args.extend(FIXTURES);
    let (_, out) = kooship(&args);
    let log: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors = sarif_errors(&log);
    assert!(
        errors.is_empty(),
        "SARIF output is not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
    // Every rule is described, every result points into a file with a region.
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), kooship::rules::all().count());
    for r in rules {
        for key in [
            "shortDescription",
            "fullDescription",
            "helpUri",
            "defaultConfiguration",
        ] {
            assert!(!r[key].is_null(), "rule {} lacks {key}", r["id"]);
        }
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for res in results {
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(region["endColumn"].as_u64().is_some());
    }
}

#[test]
fn junit_is_well_formed_with_one_failure_per_finding() {
    let mut args = vec!["lint", "--format", "junit"];
    args.extend(FIXTURES);
    let (_, xml) = kooship(&args);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "one test suite per run");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), FIXTURES.len(), "one test case per manifest");
    let mut json_args = vec!["lint", "--format", "json"];
    json_args.extend(FIXTURES);
    let (_, json) = kooship(&json_args);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let findings = report["findings"].as_array().expect("findings").len();
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, findings, "one failure per finding");
}

#[test]
fn github_annotations_carry_positions_and_titles() {
    let (_, out) = kooship(&[
        "lint",
        "--format",
        "github",
        "tests/rules/MAN002/fail-misspelt-key.yaml",
    ]);
    // cli.md's form: `title=CODE::message`, the message alone.
    let first = out
        .lines()
        .find(|l| l.contains("title=MAN002"))
        .expect("an annotation");
    assert_eq!(
        first,
        "::error file=tests/rules/MAN002/fail-misspelt-key.yaml,line=4,col=3,endLine=4,endColumn=7,title=MAN002::unknown key `nmae` in `product`"
    );
}

#[test]
fn no_escape_codes_under_no_color() {
    let (_, out) = kooship(&["lint", "tests/rules/MAN002/fail-misspelt-key.yaml"]);
    assert!(!out.contains('\u{1b}'), "NO_COLOR output has escape codes");
    let (_, forced) = kooship(&[
        "lint",
        "--color",
        "always",
        "tests/rules/MAN002/fail-misspelt-key.yaml",
    ]);
    assert!(forced.contains('\u{1b}'), "--color always colours");
    let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "tests/rules/MAN002/fail-misspelt-key.yaml"])
        .env_remove("NO_COLOR")
        .env("FORCE_COLOR", "1")
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "FORCE_COLOR colours a pipe"
    );
}

#[test]
fn control_characters_in_keys_are_escaped_in_line_formats() {
    // Keys `x⏎z␛` and `a⇥b`: each finding stays on one line, and no escape sequence reaches
    // the terminal.
    let file = "tests/snapshots/inputs/control-characters.yaml";
    let (_, json) = kooship(&["lint", "--format", "json", file]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let findings = report["findings"].as_array().expect("findings").len();
    for format in ["concise", "github", "human"] {
        let (_, out) = kooship(&["lint", "--format", format, file]);
        assert!(!out.contains('\u{1b}'), "{format}: {out}");
        assert!(
            out.contains(r"unknown key `x\nz\u{1b}`"),
            "{format} shows the key escaped: {out}"
        );
        if format != "human" {
            assert_eq!(
                out.lines().count(),
                findings,
                "{format}: one line per finding"
            );
        }
    }
}

#[test]
fn human_output_shows_lines_ended_by_a_lone_carriage_return() {
    let (_, out) = kooship(&["lint", "tests/snapshots/inputs/cr-line-ends.yaml"]);
    assert!(out.contains(" 1 │ format: 1\n"), "{out}");
    assert!(out.contains(" 3 │   nmae: Acme\n"), "{out}");
    assert!(out.contains("cr-line-ends.yaml:3:3]"), "{out}");
}

/// A finding's fix is in SARIF too (§3.55 `fixes`), with the same edits as in JSON, and the
/// log stays valid SARIF.
#[test]
fn sarif_carries_the_fixes_of_json() {
    let files = [
        "tests/rules/PRC017/fix-lower-case.yaml",
        "tests/rules/API006/fix-flow.yaml",
    ];
    let mut sarif_args = vec!["lint", "--format", "sarif"];
    sarif_args.extend(files);
    let mut json_args = vec!["lint", "--format", "json"];
    json_args.extend(files);
    let sarif: serde_json::Value = serde_json::from_str(&kooship(&sarif_args).1).expect("SARIF");
    let json: serde_json::Value = serde_json::from_str(&kooship(&json_args).1).expect("JSON");

    let mut from_json = Vec::new();
    for f in json["findings"].as_array().expect("findings") {
        if let Some(fix) = f.get("fix") {
            let edits: Vec<_> = fix["edits"]
                .as_array()
                .expect("edits")
                .iter()
                .map(|e| {
                    (
                        e["line"].clone(),
                        e["column"].clone(),
                        e["end_line"].clone(),
                        e["end_column"].clone(),
                        e["content"].clone(),
                    )
                })
                .collect();
            from_json.push((f["rule"].clone(), fix["applicability"].clone(), edits));
        }
    }
    let mut from_sarif = Vec::new();
    for r in sarif["runs"][0]["results"].as_array().expect("results") {
        if let Some(fixes) = r.get("fixes") {
            let fix = &fixes[0];
            let change = &fix["artifactChanges"][0];
            assert_eq!(
                change["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            );
            assert!(
                fix["description"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            let edits: Vec<_> = change["replacements"]
                .as_array()
                .expect("replacements")
                .iter()
                .map(|e| {
                    let region = &e["deletedRegion"];
                    (
                        region["startLine"].clone(),
                        region["startColumn"].clone(),
                        region["endLine"].clone(),
                        region["endColumn"].clone(),
                        e["insertedContent"]["text"].clone(),
                    )
                })
                .collect();
            from_sarif.push((
                r["ruleId"].clone(),
                fix["properties"]["applicability"].clone(),
                edits,
            ));
        }
    }
    assert!(
        from_json.len() >= 2,
        "the fixtures have fixable findings: {from_json:?}"
    );
    assert_eq!(from_sarif, from_json);

    let errors = sarif_errors(&sarif);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Where `log` breaks the OASIS SARIF 2.1.0 schema.
fn sarif_errors(log: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}
