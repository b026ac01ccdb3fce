//! `--format sarif`: SARIF 2.1.0, one run, every rule in `tool.driver.rules`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Reporter, range};
use crate::finding::Severity;
use crate::lint::FileReport;
use crate::rules;

pub struct Sarif;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, everything but unreserved
/// characters and `/` percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A finding's fix as a SARIF `fix` (§3.55): its edits as replacements of regions of the
/// manifest; how safe it is (`kooship lint --fix` or `--unsafe-fixes`) in its properties.
fn sarif_fix(file: &FileReport, fix: &crate::fix::Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let start = file.source.position(e.span.start);
            let end = file.source.position(e.span.end);
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column
                },
                "insertedContent": { "text": e.content }
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(&file.path) },
            "replacements": replacements
        }],
        "properties": { "applicability": fix.applicability.as_str() }
    })
}

/// The SARIF log of a run.
pub fn log(files: &[FileReport]) -> Value {
    let all: Vec<&'static rules::Rule> = rules::all().collect();
    let driver_rules: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.docs.what },
                "helpUri": r.url(),
                "help": { "text": format!("{}\n\n{}", r.docs.why, r.docs.fix) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "waivable": r.waivable, "source": r.origin.as_str() }
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        for f in &file.findings {
            let (start, end) = range(file, f);
            let index = all.iter().position(|r| r.code == f.rule.code).unwrap_or(0);
            let mut text = f.message.clone();
            if !f.help.is_empty() {
                text.push_str(" (help: ");
                text.push_str(&f.help);
                text.push(')');
            }
            let mut result = json!({
                "ruleId": f.rule.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column
                        }
                    },
                    "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "element" }]
                }],
                "properties": { "pointer": f.pointer }
            });
            if let Some(fix) = &f.fix {
                result["fixes"] = json!([sarif_fix(file, fix)]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kooship",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": driver_rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

impl Reporter for Sarif {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &log(files))?;
        writeln!(out)
    }
}
