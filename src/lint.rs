//! The pipeline for one manifest: load → schema → model → rules → lint settings → sorted,
//! located findings.

use std::path::{Path, PathBuf};

use crate::clock::Date;
use crate::finding::{Anchor, Finding};
use crate::load::{self, Fatal, Issue, Source, Span, SpanIndex};
use crate::model::{self, Optional};
use crate::release::{Release, ReleaseOptions};
use crate::rules::man::{MAN001, MAN002, MAN003, MAN005, MAN006, MAN012};
use crate::rules::{self, Context};
use crate::{files, schema, settings};

/// A manifest to lint.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name findings report (a path as given, or `--stdin-filename`).
    pub name: String,
    pub bytes: Vec<u8>,
    /// The folder file references and the lock resolve from.
    pub base_dir: PathBuf,
}

impl Input {
    /// Reads a manifest file.
    pub fn read(path: &Path) -> std::io::Result<Input> {
        let bytes = read_limited(path)?;
        Ok(Input {
            name: path.to_string_lossy().into_owned(),
            bytes,
            base_dir: parent_dir(path),
        })
    }
}

/// Reads at most one byte more than the size limit, so that a huge file costs nothing.
pub fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let limit = load::MAX_BYTES as u64 + 1;
    // Sized up front, the read takes one or two system calls rather than a growing series.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The folder of a path (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// How to lint.
#[derive(Debug, Clone)]
pub struct Options {
    pub release: ReleaseOptions,
    pub today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release: ReleaseOptions::default(),
            today: Date::today(),
        }
    }
}

/// The result of linting one manifest.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    pub source: Source,
    /// Sorted by position, then code; every finding has its span.
    pub findings: Vec<Finding>,
    pub suppressed: usize,
}

impl FileReport {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == crate::finding::Severity::Error)
            .count()
    }
}

/// Everything the pipeline learnt about one manifest (for `checklist`, `package`, `record`).
#[derive(Debug)]
pub struct Linted {
    pub report: FileReport,
    /// The manifest's value, when it loaded.
    pub value: Option<serde_json::Value>,
    pub index: SpanIndex,
    /// The manifest as the rules read it, when it loaded and had a supported format.
    pub manifest: Option<model::tolerant::Manifest>,
    pub release: Release,
    pub files: Vec<files::FileRef>,
}

/// Lints one manifest.
pub fn lint(input: &Input, options: &Options) -> FileReport {
    lint_full(input, options).report
}

/// Lints one manifest and keeps what the pipeline learnt.
pub fn lint_full(input: &Input, options: &Options) -> Linted {
    let loaded = load::load(&input.bytes);
    let source = loaded.source;
    let release = Release::detect(Some(&input.base_dir), &options.release);
    let mut findings = Vec::new();
    let doc = match loaded.document {
        Ok(doc) => doc,
        Err(fatal) => {
            findings.push(match fatal {
                Fatal::Syntax { at, message } => Finding::new(&MAN001, "", format!("invalid YAML: {message}"))
                    .help("fix the YAML at this position; keys of one map share one indentation, and every bracket and quote is closed")
                    .span(at),
                Fatal::Limit { at, message } => Finding::new(&MAN006, "", message)
                    .help("a manifest is a small, plain YAML file; write it without deep nesting or multiplying aliases, saved as UTF-8")
                    .span(at),
            });
            return Linted {
                report: FileReport {
                    path: input.name.clone(),
                    source,
                    findings,
                    suppressed: 0,
                },
                value: None,
                index: SpanIndex::default(),
                manifest: None,
                release,
                files: Vec::new(),
            };
        }
    };
    for issue in doc.issues {
        findings.push(match issue {
            Issue::DuplicateKey {
                pointer,
                key,
                at,
                first,
            } => {
                let first_line = source.position(first.start).line;
                Finding::new(
                    &MAN005,
                    pointer,
                    format!("`{key}` is repeated in the same map (first on line {first_line})"),
                )
                .help("keep one of the two; kooship reads the first")
                .label("repeated key")
                .span(at)
            }
            Issue::Invalid {
                pointer,
                at,
                message,
                help,
            } => Finding::new(&MAN003, merged(&pointer, &doc.value, &doc.index), message)
                .help(help)
                .span(at),
        });
    }
    let value = doc.value;
    let index = doc.index;

    let mut manifest = None;
    let mut refs = Vec::new();
    let mut suppressed = 0;
    if let Some(f) = rules::man::unsupported_format(&value) {
        findings.push(f);
    } else {
        // Placeholders (MAN012) are values still to be written: unknown to every other rule,
        // unless MAN012 is waived for them. A placeholder where the format wants a number or
        // an enumeration is that, not also a type error.
        let placeholders = rules::man::placeholders(&value);
        findings.extend(
            placeholders
                .iter()
                .map(|(pointer, text)| rules::man::placeholder_finding(pointer, text)),
        );
        let mut unknown: Vec<&str> = placeholders.iter().map(|(p, _)| p.as_str()).collect();
        let mut read = model::read(&value, addresses(&value, &unknown));
        if !unknown.is_empty() {
            let lint = read.manifest.lint.valid();
            let waived = |p: &&str| settings::waives(lint, &MAN012, p, options.today);
            if unknown.iter().any(waived) {
                unknown.retain(|p| !waived(p));
                read = model::read(&value, addresses(&value, &unknown));
            }
        }
        let is_unknown = |pointer: &str| unknown.contains(&pointer);
        findings.retain(|f| !(f.rule == &MAN003 && is_unknown(&f.pointer)));

        // A manifest the tolerant model reads whole needs no schema validation (see
        // `model::Read`); building the validator costs more than the rest of a run.
        if !read.whole {
            // A value the loader already refused (a bad tag) is not reported again.
            let refused: std::collections::HashSet<String> = findings
                .iter()
                .filter(|f| f.rule == &MAN003)
                .map(|f| f.pointer.clone())
                .collect();
            let mut schema_findings = schema::validate(&value, &index, &source);
            schema_findings.retain(|f| {
                !(f.rule == &MAN003
                    && (refused.contains(f.pointer.as_str()) || is_unknown(&f.pointer)))
            });
            let invalid: std::collections::BTreeSet<String> = schema_findings
                .iter()
                .filter_map(|f| crate::load::index::tokens(&f.pointer).next())
                .collect();
            let typed_errors = model::strict::typed_errors(&value, |key| invalid.contains(key));
            findings.extend(schema_findings);
            for e in typed_errors {
                // A typed error inside a tagged enum may name the enum's place, not the value.
                let under = |p: &&str| {
                    *p == e.pointer
                        || p.strip_prefix(e.pointer.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                };
                if refused.contains(&e.pointer) || unknown.iter().any(under) {
                    continue;
                }
                findings.push(
                    Finding::new(
                        &MAN003,
                        e.pointer.clone(),
                        format!(
                            "`{}` cannot be read: {}",
                            schema::path(&e.pointer),
                            plain_message(&e.message)
                        ),
                    )
                    .help("write the value as the format describes it (`kooship schema`)"),
                );
            }
        }
        // Where the manifest is unknown, for the rules that compare raw values.
        let mut unknown_at: Vec<String> = unknown.iter().map(|p| (*p).to_owned()).collect();
        for f in &findings {
            if f.rule == &MAN002 || f.rule == &MAN003 {
                unknown_at.push(f.pointer.clone());
            } else if let Some(missing) = schema::missing_key(f) {
                unknown_at.push(missing);
            }
        }
        let typed = read.manifest;
        refs = files::resolve_all(rules::man::file_refs(&value, &unknown), &input.base_dir);
        let cx = Context {
            manifest: &typed,
            value: &value,
            index: &index,
            source: &source,
            base_dir: Some(&input.base_dir),
            release: &release,
            files: &refs,
            today: options.today,
            unknown: &unknown_at,
        };
        findings.extend(rules::check(&cx));
        let applied = settings::apply(typed.lint.valid(), findings, options.today);
        findings = applied.findings;
        suppressed = applied.suppressed;
        manifest = Some(typed);
    }

    locate(&mut findings, &index, &source);
    crate::fix::attach(
        &mut findings,
        &crate::fix::Context::new(&value, &index, &source),
    );
    Linted {
        report: FileReport {
            path: input.name.clone(),
            source,
            findings,
            suppressed,
        },
        value: Some(value),
        index,
        manifest,
        release,
        files: refs,
    }
}

/// Where a value inside a merge key's source (`/a/<</k`, `/a/<</0/k`) is in the manifest:
/// merged into the map (`/a/k`), or, when the map has its own `k` or the merge was refused,
/// the map itself. Other pointers are returned as they are.
fn merged(pointer: &str, value: &serde_json::Value, index: &SpanIndex) -> String {
    let resolves = |p: &str| value.pointer(p).is_some() || index.get(p).is_some();
    if resolves(pointer) {
        return pointer.to_owned();
    }
    let Some((map, rest)) = pointer.split_once("/<<") else {
        return pointer.to_owned();
    };
    // A list of merged maps: `/<</0/k`.
    let rest = match rest.strip_prefix('/').and_then(|r| r.split_once('/')) {
        Some((i, tail)) if i.bytes().all(|b| b.is_ascii_digit()) => format!("/{tail}"),
        _ => rest.to_owned(),
    };
    let candidate = format!("{map}{rest}");
    if !rest.is_empty() && resolves(&candidate) {
        candidate
    } else {
        map.to_owned()
    }
}

/// The addresses of the values at `pointers` inside `value` (see `model::de::address`).
fn addresses(value: &serde_json::Value, pointers: &[&str]) -> std::collections::HashSet<usize> {
    pointers
        .iter()
        .filter_map(|p| value.pointer(p))
        .map(model::de::address)
        .collect()
}

/// Gives every finding its span, sorts them by position then code, and drops exact repeats.
pub(crate) fn locate(findings: &mut Vec<Finding>, index: &SpanIndex, source: &Source) {
    for f in findings.iter_mut() {
        for r in f.related.iter_mut() {
            r.span = index
                .key_span(&r.pointer)
                .or_else(|| index.value_span(&r.pointer));
        }
        if f.span.is_none() {
            let span = match f.anchor {
                Anchor::Key => index.key_span(&f.pointer),
                Anchor::Value => index.value_span(&f.pointer),
            };
            f.span = Some(span.unwrap_or(Span::empty(0)));
        }
        let span = f.span.unwrap_or_default();
        let first_line_end = source.line_end(span.start);
        f.underline = Some(if span.end <= first_line_end {
            span
        } else {
            // A block written over several lines: underline the key it belongs to, or
            // else its first line, never the whole block.
            match index
                .lookup(&f.pointer)
                .and_then(|n| n.key)
                .filter(|_| f.anchor == Anchor::Value)
            {
                Some(key) if index.lookup(&f.pointer).is_some_and(|n| n.value == span) => key,
                _ => Span::new(span.start, first_line_end),
            }
        });
    }
    // Each finding's position is computed once, not once per comparison.
    let mut keyed: Vec<_> = findings
        .drain(..)
        .map(|f| (source.position(f.span.unwrap_or_default().start), f))
        .collect();
    keyed.sort_by(|(pa, a), (pb, b)| {
        pa.cmp(pb)
            .then_with(|| a.rule.code.cmp(b.rule.code))
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.message.cmp(&b.message))
    });
    findings.extend(keyed.into_iter().map(|(_, f)| f));
    // The same finding twice (two paths to one conclusion) is shown once; findings at two
    // places under one pointer (a key repeated three times) stay two.
    findings.dedup_by(|a, b| {
        a.rule == b.rule && a.pointer == b.pointer && a.message == b.message && a.span == b.span
    });
}

/// A typed-model error in the seller's terms: serde says "invalid type: integer `1e30` as
/// u128, expected any value" for a whole number too large for any field.
fn plain_message(message: &str) -> String {
    for width in ["u128", "i128"] {
        let tail = format!("` as {width}, expected any value");
        if let Some(number) = message
            .strip_prefix("invalid type: integer `")
            .and_then(|m| m.strip_suffix(tail.as_str()))
        {
            return format!("{number} is too large a number");
        }
    }
    message.to_owned()
}
