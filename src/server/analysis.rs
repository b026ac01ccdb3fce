//! One document linted, and what the editor is shown of it: diagnostics, hover text, code
//! actions. Everything is computed from the same pipeline and fix data as `kooship lint`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString,
    Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::position::Lines;
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix};
use crate::lint::{self, Input, Linted};

/// The `source.fixAll` kind of this server.
pub const FIX_ALL: &str = "source.fixAll.kooship";

/// A document to lint: its text as the editor has it (saved or not) and where it lives.
#[derive(Debug, Clone)]
pub struct Job {
    pub uri: Uri,
    pub version: i32,
    pub text: std::sync::Arc<String>,
    /// The file's path: file references and `kooship.lock` resolve from its folder.
    pub path: PathBuf,
}

impl Job {
    fn input(&self) -> Input {
        Input {
            name: self.path.to_string_lossy().into_owned(),
            bytes: self.text.as_bytes().to_vec(),
            base_dir: lint::parent_dir(&self.path),
        }
    }
}

/// A document linted.
pub struct Analysis {
    pub job: Job,
    pub linted: Linted,
    /// Bytes the editor's text has before kooship's (a byte-order mark, which the loader
    /// drops): spans are shifted by it.
    shift: usize,
    /// Each finding's range, in the order of `linted.report.findings`.
    ranges: Vec<Range>,
}

impl Analysis {
    pub fn new(job: Job, options: &lint::Options) -> Analysis {
        let linted = lint::lint_full(&job.input(), options);
        let shift = if job.text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let lines = Lines::new(&job.text);
        let offsets: Vec<usize> = linted
            .report
            .findings
            .iter()
            .flat_map(|f| {
                let span = f.span.unwrap_or_default();
                [span.start + shift, span.end + shift]
            })
            .collect();
        let positions = lines.positions(&offsets);
        let ranges = positions
            .chunks(2)
            .map(|p| Range::new(p[0], p[1]))
            .collect();
        Analysis {
            job,
            linted,
            shift,
            ranges,
        }
    }

    fn findings(&self) -> impl Iterator<Item = (&Finding, Range)> {
        self.linted
            .report
            .findings
            .iter()
            .zip(self.ranges.iter().copied())
    }

    /// The diagnostics to publish, one per finding, where `lint` puts it.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.findings()
            .map(|(f, range)| diagnostic(f, range))
            .collect()
    }

    /// The byte offset (in kooship's text) of a position in the editor's text.
    fn offset(&self, position: Position) -> usize {
        Lines::new(&self.job.text)
            .offset(position)
            .saturating_sub(self.shift)
    }

    /// Hover at a position: the explanation of each finding there, then what the schema
    /// says of the key (or value) there. `None` when there is neither.
    pub fn hover(&self, position: Position) -> Option<String> {
        let mut parts = Vec::new();
        for (f, range) in self.findings() {
            if contains(range, position) {
                let mut s = format!(
                    "**{}[{}] {}**: {}",
                    f.severity, f.rule.code, f.rule.name, f.message
                );
                if !f.help.is_empty() {
                    s.push_str(&format!("\n\nhelp: {}", f.help));
                }
                s.push_str("\n\n---\n\n");
                s.push_str(&crate::rules::docs::explain(f.rule));
                parts.push(s);
            }
        }
        if let Some(value) = &self.linted.value
            && let Some((pointer, _)) = self.linted.index.at_offset(self.offset(position))
            && let Some(text) = describe(value, &pointer)
        {
            parts.push(text);
        }
        (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
    }

    /// Quick fixes for the findings in `range`, and the `source.fixAll.kooship` action when
    /// `only` allows them.
    pub fn code_actions(
        &self,
        range: Range,
        only: Option<&[CodeActionKind]>,
        options: &lint::Options,
    ) -> Vec<CodeAction> {
        let wants = |kind: &str| {
            only.is_none_or(|kinds| {
                kinds
                    .iter()
                    .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
            })
        };
        let mut actions = Vec::new();
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            for (f, r) in self.findings() {
                let Some(fix) = &f.fix else { continue };
                if !overlaps(r, range) {
                    continue;
                }
                let title = match fix.applicability {
                    Applicability::Safe => fix.title.clone(),
                    Applicability::Unsafe => format!("{} (unsafe)", fix.title),
                    Applicability::DisplayOnly => format!("{} (suggestion)", fix.title),
                };
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(f, r)]),
                    edit: Some(self.workspace_edit(self.edits(fix))),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..CodeAction::default()
                });
            }
        }
        if wants(FIX_ALL)
            && let Some(edit) = self.fix_all(options)
        {
            actions.push(CodeAction {
                title: "Fix all safely fixable kooship findings".to_owned(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(self.workspace_edit(vec![edit])),
                ..CodeAction::default()
            });
        }
        actions
    }

    /// The text edits of a fix, in the editor's positions.
    fn edits(&self, fix: &Fix) -> Vec<TextEdit> {
        let lines = Lines::new(&self.job.text);
        let offsets: Vec<usize> = fix
            .edits
            .iter()
            .flat_map(|e| [e.span.start + self.shift, e.span.end + self.shift])
            .collect();
        let positions = lines.positions(&offsets);
        fix.edits
            .iter()
            .zip(positions.chunks(2))
            .map(|(e, p)| TextEdit::new(Range::new(p[0], p[1]), e.content.clone()))
            .collect()
    }

    fn workspace_edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        WorkspaceEdit {
            changes: Some(HashMap::from([(self.job.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }

    /// Every Safe fix, applied and checked as `lint --fix` does, as one edit of the text
    /// between the first and the last change.
    fn fix_all(&self, options: &lint::Options) -> Option<TextEdit> {
        self.linted
            .report
            .findings
            .iter()
            .any(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applies_at(Applicability::Safe))
            })
            .then_some(())?;
        let outcome = crate::fix::apply::fix(&self.job.input(), options, Applicability::Safe);
        let after = String::from_utf8(outcome.after?).ok()?;
        let before = self.job.text.as_str();
        let prefix = common_prefix(before, &after);
        let suffix = common_suffix(&before[prefix..], &after[prefix..]);
        let lines = Lines::new(before);
        let range = Range::new(
            lines.position(prefix),
            lines.position(before.len() - suffix),
        );
        Some(TextEdit::new(
            range,
            after[prefix..after.len() - suffix].to_owned(),
        ))
    }
}

/// A finding as an LSP diagnostic.
pub fn diagnostic(f: &Finding, range: Range) -> Diagnostic {
    let message = if f.help.is_empty() {
        f.message.clone()
    } else {
        format!("{}\nhelp: {}", f.message, f.help)
    };
    Diagnostic {
        range,
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.code.to_owned())),
        code_description: Uri::from_str(&f.rule.url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("kooship".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// What the schema says about the key or value at `pointer`, as Markdown.
fn describe(value: &serde_json::Value, pointer: &str) -> Option<String> {
    let described = crate::describe::at(value, pointer)?;
    let name = crate::schema::path(pointer);
    let mut s = format!("**`{name}`**");
    let kinds: Vec<&str> = described
        .types
        .iter()
        .map(|t| match t.as_str() {
            "string" => "text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "`true` or `false`",
            "array" => "a list",
            "object" => "a map",
            other => other,
        })
        .collect();
    if !kinds.is_empty() {
        s.push_str(&format!(": {}", kinds.join(" or ")));
    }
    if let Some(d) = &described.description {
        s.push_str(&format!("\n\n{d}"));
    }
    if !described.values.is_empty() {
        let values: Vec<String> = described
            .values
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect();
        s.push_str(&format!("\n\nOne of {}.", values.join(", ")));
    }
    (described.description.is_some() || !described.values.is_empty() || !kinds.is_empty())
        .then_some(s)
}

fn contains(range: Range, p: Position) -> bool {
    range.start <= p && (p < range.end || (p == range.end && range.start == range.end))
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}
