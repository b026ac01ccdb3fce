//! `--format json`: one document, the shape fixed by the command-line contract.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary, range};
use crate::lint::FileReport;
use crate::probe::ProbeData;

pub struct Json;

#[derive(Serialize)]
pub struct Document<'a> {
    pub tool: Tool,
    pub findings: Vec<JsonFinding<'a>>,
    pub summary: JsonSummary,
    /// `kooship probe`'s view of the endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<&'a ProbeData>,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub file: &'a str,
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub pointer: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub help: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct JsonSummary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Tool {
    pub fn this() -> Tool {
        Tool {
            name: "kooship",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// The JSON report of a run, as a value (also written into the bundle).
pub fn document(files: &[FileReport]) -> Document<'_> {
    let mut findings = Vec::new();
    for file in files {
        for f in &file.findings {
            let (start, end) = range(file, f);
            findings.push(JsonFinding {
                file: &file.path,
                rule: f.rule.code,
                name: f.rule.name,
                severity: f.severity.as_str(),
                message: &f.message,
                pointer: &f.pointer,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: &f.help,
                url: f.rule.url(),
            });
        }
    }
    let s = Summary::of(files);
    Document {
        tool: Tool::this(),
        findings,
        summary: JsonSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            suppressed: s.suppressed,
        },
        probe: None,
    }
}

impl Reporter for Json {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &document(files))?;
        writeln!(out)
    }

    fn report_probe(
        &self,
        file: &FileReport,
        probe: Option<&ProbeData>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let files = std::slice::from_ref(file);
        let mut doc = document(files);
        doc.probe = probe;
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
