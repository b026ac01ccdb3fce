//! `--format junit`: JUnit XML, one test suite per run, one test case per manifest, one
//! failure per finding.

use std::io::{self, Write};

use super::{Reporter, Summary, range};
use crate::lint::FileReport;

pub struct Junit;

/// Escapes text for XML content and attribute values; drops characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Reporter for Junit {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        suite(files, "kooship lint", out)
    }

    fn report_probe(
        &self,
        file: &FileReport,
        _probe: Option<&crate::probe::ProbeData>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        suite(std::slice::from_ref(file), "kooship probe", out)
    }
}

/// One test suite named `name`: a test case per manifest, a failure per finding.
fn suite(files: &[FileReport], name: &str, out: &mut dyn Write) -> io::Result<()> {
    let failures: usize = files.iter().map(|f| f.findings.len()).sum();
    let summary = Summary::of(files);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="kooship" tests="{}" failures="{failures}" errors="0">"#,
        files.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="{name}" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        files.len()
    )?;
    writeln!(
        out,
        r#"    <properties><property name="summary" value="{}"/></properties>"#,
        xml(&summary.line())
    )?;
    for file in files {
        let name = xml(&file.path);
        if file.findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="{name}" classname="kooship" file="{name}"/>"#
            )?;
            continue;
        }
        writeln!(
            out,
            r#"    <testcase name="{name}" classname="kooship" file="{name}">"#
        )?;
        for f in &file.findings {
            let (start, _) = range(file, f);
            let body = format!(
                "{}:{}:{}: {}[{}] {}\nhelp: {}\npointer: {}\n{}",
                file.path,
                start.line,
                start.column,
                f.severity,
                f.rule.code,
                f.message,
                f.help,
                f.pointer,
                f.rule.url()
            );
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                xml(&format!("{} {} ({})", f.rule.code, f.rule.name, f.severity)),
                xml(&format!("{}:{}: {}", start.line, start.column, f.message)),
                xml(&body)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
