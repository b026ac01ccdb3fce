//! Stage: report. Every output format renders the same findings behind one trait.

use std::io::{self, Write};

use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use crate::load::Position;
use crate::probe::ProbeData;

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

/// An output format of `kooship lint` and `kooship probe`.
pub trait Reporter {
    /// Writes the report of a whole run.
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()>;

    /// Writes `kooship probe`'s report: the findings of one manifest, and what the probe saw
    /// (`None` when the manifest did not load). Formats that have no place for the probe's
    /// data report the findings alone.
    fn report_probe(
        &self,
        file: &FileReport,
        probe: Option<&ProbeData>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let _ = probe;
        self.report(std::slice::from_ref(file), out)
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
}

impl Summary {
    pub fn of(files: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            s.suppressed += f.suppressed;
            for finding in &f.findings {
                match finding.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// `N errors, N warnings, N infos in N files`, each noun singular on a count of 1
    /// (`1 error, 0 warnings, 2 infos in 1 file`).
    pub fn line(&self) -> String {
        format!(
            "{}, {}, {} in {}",
            counted(self.errors, "error"),
            counted(self.warnings, "warning"),
            counted(self.infos, "info"),
            counted(self.files, "file")
        )
    }
}

/// `1 error`, `0 errors`, `2 errors`.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A finding's start and end as 1-based line and character column; the end is just past
/// the last character.
pub fn range(file: &FileReport, finding: &Finding) -> (Position, Position) {
    let span = finding.span.unwrap_or_default();
    (
        file.source.position(span.start),
        file.source.position(span.end),
    )
}

/// `text` with every control character written as an escape (`\n`, `\u{1b}`): a key in the
/// manifest can hold any character, and a line-based report must stay one line per finding
/// and must not send escape sequences to the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
