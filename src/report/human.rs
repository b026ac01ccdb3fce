//! `--format human`: one block per finding rendered by miette (severity, code and name, the
//! rule's URL, the message, the manifest lines with the span underlined, a help line), then
//! one summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Reporter, Summary, printable};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use crate::load::{Source, Span};
use crate::probe::ProbeData;

/// The most characters of a line shown under a finding; a longer line is cut (`…`) around
/// what is underlined.
const MAX_LINE: usize = 400;

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
            // The `[file:line:column]` header is written by us (see `Excerpt::name`): the
            // finding's position as every other format gives it, in characters.
            .without_primary_span_start()
            .with_width(self.width)
            .with_context_lines(1)
    }
}

struct Diag<'a> {
    finding: &'a Finding,
    code: String,
    source: Excerpt,
    label: LabeledSpan,
    /// The finding's other places (`Finding::related`), each with its own excerpt.
    related: Vec<Note>,
}

/// Another place a finding labels, shown under it as advice with its own excerpt.
struct Note {
    message: String,
    source: Excerpt,
    label: LabeledSpan,
}

impl fmt::Debug for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.message))
    }
}

impl std::error::Error for Note {}

impl Diagnostic for Note {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

/// What miette is given of a manifest for one finding: the finding's line and the line
/// either side, each cut to [`MAX_LINE`] characters. miette reads a source from its start
/// for every span it shows and draws a line whole (and cannot pad past column 65,535), so
/// the whole file would cost its size per finding, and a long line its length.
struct Excerpt {
    /// `path:line:column`, the finding's position (its value's start, as in `json`), shown
    /// in the header. The underline may sit elsewhere: on the key of a multi-line map or
    /// list, where underlining the whole block would hide what is meant.
    name: String,
    text: String,
    /// The 0-based line number of the excerpt's first line in the manifest.
    first_line: usize,
}

impl Excerpt {
    /// The excerpt for `span` (which the caller keeps on one line) and the span in it.
    fn new(name: &str, source: &Source, span: Span) -> (Excerpt, Span) {
        let text = source.text();
        let line = source.position(span.start).line;
        let first = line.saturating_sub(1).max(1);
        let mut out = String::new();
        let mut label = Span::empty(0);
        for l in first..=line + 1 {
            let start = source.offset(l, 1);
            if l > line && start >= text.len() {
                break;
            }
            let end = source.line_end(start);
            let next = source.offset(l + 1, 1).max(end);
            let content = &text[start..end];
            if l == line {
                let (shown, from, to) = window(content, span.start - start, span.end - start);
                label = Span::new(out.len() + from, out.len() + to);
                out.push_str(&shown);
            } else {
                out.push_str(&window(content, 0, 0).0);
            }
            // miette knows `\n` and `\r\n` as line ends, not a lone `\r`.
            if next > end {
                out.push('\n');
            }
        }
        let excerpt = Excerpt {
            name: name.to_owned(),
            text: out,
            first_line: first - 1,
        };
        (excerpt, label)
    }
}

/// A line cut to at most [`MAX_LINE`] characters from a little before bytes `from..to`,
/// with `…` where it was cut; returns the text shown and `from..to` in it. Costs
/// [`MAX_LINE`], not the line's length.
fn window(line: &str, from: usize, to: usize) -> (String, usize, usize) {
    let short =
        line.len() <= MAX_LINE || (line.len() <= 4 * MAX_LINE && line.chars().count() <= MAX_LINE);
    if short {
        return (line.to_owned(), from, to);
    }
    let floor = |mut i: usize| {
        i = i.min(line.len());
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (from, to) = (floor(from), floor(to));
    let a = floor(from.saturating_sub(MAX_LINE / 4));
    let b = line[a..]
        .char_indices()
        .nth(MAX_LINE)
        .map_or(line.len(), |(i, _)| a + i);
    let mut shown = String::new();
    if a > 0 {
        shown.push('…');
    }
    let shift = shown.len();
    shown.push_str(&line[a..b]);
    if b < line.len() {
        shown.push('…');
    }
    let from = from.clamp(a, b) - a + shift;
    let to = to.clamp(a, b) - a + shift;
    (shown, from, to.max(from))
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = <str as SourceCode>::read_span(
            &self.text,
            span,
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line() + self.first_line,
            contents.column(),
            contents.line_count(),
        )))
    }
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.finding.message))
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
            .then(|| Box::new(printable(&self.finding.help).into_owned()) as Box<dyn fmt::Display>)
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

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|n| n as &dyn Diagnostic)))
    }
}

/// The excerpt around `span` (cut to its first line) named by its position, and the span in it.
fn excerpt(file: &FileReport, span: Span) -> (Excerpt, Span) {
    let end = span
        .end
        .min(file.source.line_end(span.start))
        .max(span.start);
    let position = file.source.position(span.start);
    let name = format!("{}:{}:{}", file.path, position.line, position.column);
    Excerpt::new(&name, &file.source, Span::new(span.start, end))
}

impl Reporter for Human {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        self.findings(files, out)?;
        writeln!(out, "{}", Summary::of(files).line())
    }

    /// The findings, then what the probe saw and the table of calls, then the summary line.
    fn report_probe(
        &self,
        file: &FileReport,
        probe: Option<&ProbeData>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let files = std::slice::from_ref(file);
        self.findings(files, out)?;
        if let Some(p) = probe {
            out.write_all(probe_section(p).as_bytes())?;
            writeln!(out)?;
        }
        writeln!(out, "{}", Summary::of(files).line())
    }
}

impl Human {
    fn findings(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        let handler = self.handler();
        for file in files {
            for finding in &file.findings {
                let span = finding.underline.or(finding.span).unwrap_or_default();
                // A label sits on one line.
                let end = span
                    .end
                    .min(file.source.line_end(span.start))
                    .max(span.start);
                let (position, _) = super::range(file, finding);
                let name = format!("{}:{}:{}", file.path, position.line, position.column);
                let (source, at) = Excerpt::new(&name, &file.source, Span::new(span.start, end));
                let label = LabeledSpan::new(finding.label.clone(), at.start, at.len());
                let related = finding
                    .related
                    .iter()
                    .filter_map(|r| {
                        let (source, at) = excerpt(file, r.span?);
                        Some(Note {
                            message: format!("see `{}`", crate::schema::path(&r.pointer)),
                            label: LabeledSpan::new(Some(r.label.clone()), at.start, at.len()),
                            source,
                        })
                    })
                    .collect();
                let diag = Diag {
                    finding,
                    code: format!(
                        "{}[{}] {}",
                        finding.severity, finding.rule.code, finding.rule.name
                    ),
                    source,
                    label,
                    related,
                };
                let mut text = String::new();
                if handler.render_report(&mut text, &diag).is_err() {
                    text = format!("{}: {}\n", diag.code, finding.message);
                }
                out.write_all(text.as_bytes())?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}

/// At most this many characters of a result code in the table (a server may send anything).
const MAX_CODE: usize = 10;

/// What the probe saw: the endpoint, the TLS verdicts, the certificate, what was not probed,
/// and the table of calls.
pub fn probe_section(p: &ProbeData) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "probe of {}", printable(&p.url));
    if !p.addresses.is_empty() {
        let _ = writeln!(s, "  addresses: {}", p.addresses.join(", "));
    }
    let tls: Vec<String> = p
        .tls
        .entries()
        .iter()
        .filter_map(|(v, verdict)| verdict.map(|x| format!("{} {x}", v.label())))
        .collect();
    if !tls.is_empty() {
        let _ = writeln!(s, "  TLS: {}", tls.join(", "));
    }
    if let Some(c) = &p.certificate {
        let trust = match (c.trusted, c.trust) {
            (true, Some(t)) => format!("trusted ({t})"),
            _ => "not trusted".to_owned(),
        };
        let _ = writeln!(
            s,
            "  certificate: {}, issued by {}, valid until {} ({} days), {trust}",
            printable(&c.subject),
            printable(&c.issuer),
            c.not_after,
            c.days_left
        );
    }
    for note in &p.notes {
        let _ = writeln!(s, "  {}", printable(note));
    }
    if p.calls.is_empty() {
        return s;
    }
    let rows: Vec<[String; 6]> = p
        .calls
        .iter()
        .map(|c| {
            let mut call = c.call.to_owned();
            if let Some(scene) = c.scene {
                call.push(' ');
                call.push_str(scene);
            }
            if let Some(note) = &c.note {
                call.push_str(&format!(" ({})", printable(note)));
            }
            let code = c.result_code.as_deref().map_or(String::from("-"), |r| {
                let shown: String = printable(r).chars().take(MAX_CODE).collect();
                if r.chars().count() > MAX_CODE {
                    format!("{shown}…")
                } else {
                    shown
                }
            });
            [
                c.billing.unwrap_or("-").to_owned(),
                call,
                c.status.map_or(String::from("-"), |x| x.to_string()),
                c.ms.map_or(String::from("-"), |x| x.to_string()),
                code,
                c.outcome.as_str().to_owned(),
            ]
        })
        .collect();
    let head = ["billing", "call", "status", "ms", "result", "outcome"];
    let mut widths = head.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| -> String {
        format!(
            "  {:<w0$}  {:<w1$}  {:>w2$}  {:>w3$}  {:<w4$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4],
        )
        .trim_end()
        .to_owned()
    };
    s.push('\n');
    let _ = writeln!(s, "{}", line(head));
    for r in &rows {
        let _ = writeln!(s, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
    }
    s
}
