//! `--format human`: one block per finding rendered by miette (severity, code and name, the
//! rule's URL, the message, the manifest lines with the span underlined, a help line), then
//! one summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::{Reporter, Summary};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;

pub struct Human {
    pub color: bool,
    pub width: usize,
}

impl Human {
    pub fn new(color: bool) -> Human {
        Human { color, width: 100 }
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_links(false)
            .with_width(self.width)
            .with_context_lines(1)
    }
}

struct Diag<'a> {
    finding: &'a Finding,
    code: String,
    source: NamedSource<String>,
    label: LabeledSpan,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.finding.help.is_empty())
            .then(|| Box::new(&self.finding.help) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule.url()))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

impl Reporter for Human {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        let handler = self.handler();
        for file in files {
            for finding in &file.findings {
                let span = finding.underline.or(finding.span).unwrap_or_default();
                // A label sits on one line.
                let end = span
                    .end
                    .min(file.source.line_end(span.start))
                    .max(span.start);
                let label = LabeledSpan::new(finding.label.clone(), span.start, end - span.start);
                let diag = Diag {
                    finding,
                    code: format!(
                        "{}[{}] {}",
                        finding.severity, finding.rule.code, finding.rule.name
                    ),
                    source: NamedSource::new(&file.path, file.source.text().to_owned()),
                    label,
                };
                let mut text = String::new();
                if handler.render_report(&mut text, &diag).is_err() {
                    text = format!("{}: {}\n", diag.code, finding.message);
                }
                out.write_all(text.as_bytes())?;
                writeln!(out)?;
            }
        }
        writeln!(out, "{}", Summary::of(files).line())
    }
}
