// Minimal baseline: rustbase SCHEMA.json FILE.yaml...
// Parse each YAML file (serde_yaml 0.9) into serde_json::Value, validate it against the
// JSON Schema (jsonschema crate, draft 2020-12, format validation on), print one line per file.
// RUSTBASE_PARSE_ONLY=1 skips validation (YAML parse only).
use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let schema_path = args.next().expect("usage: rustbase SCHEMA FILE...");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("read schema"))
            .expect("schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("valid schema");
    let parse_only = std::env::var_os("RUSTBASE_PARSE_ONLY").is_some();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in args {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                writeln!(out, "{path}: error: {e}").unwrap();
                failed += 1;
                continue;
            }
        };
        let doc: serde_json::Value = match serde_yaml::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                writeln!(out, "{path}: yaml error: {e}").unwrap();
                failed += 1;
                continue;
            }
        };
        if parse_only {
            writeln!(out, "{path}: parsed").unwrap();
            continue;
        }
        let mut n = 0;
        for err in validator.iter_errors(&doc) {
            writeln!(out, "{path}: {}: {err}", err.instance_path()).unwrap();
            n += 1;
        }
        if n == 0 {
            writeln!(out, "{path}: ok").unwrap();
        } else {
            failed += 1;
        }
    }
    out.flush().unwrap();
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
