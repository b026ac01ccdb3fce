//! Fixes, on ruff's model: a fix is a set of byte-span text edits on the manifest as written,
//! with an applicability.
//!
//! - **Safe**: keeps what the manifest means, or is certainly what the seller meant;
//!   `kooship lint --fix` applies it.
//! - **Unsafe**: changes what the manifest says (a value starts being checked, a protocol is
//!   dropped); applied only with `--fix --unsafe-fixes`.
//! - **DisplayOnly**: a suggestion for editors; never applied by `lint`.
//!
//! Fixes are computed here, keyed by rule code, from a finding, its pointer, the span index
//! and the text ([`rules`]); the rule checks know nothing of them. Edits keep every byte
//! outside their spans: comments, quoting, key order and flow style stay as written
//! ([`edit`]). [`apply`] applies them, re-lints, and reverts a fix that breaks the YAML or
//! adds a finding; [`diff`] renders the result as a unified diff.

pub mod apply;
pub mod diff;
mod edit;
mod rules;

use serde::Serialize;
use serde_json::Value;

use crate::finding::Finding;
use crate::load::{NodeSpan, Source, Span, SpanIndex};

/// How sure a fix is. Ordered: `DisplayOnly < Unsafe < Safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    DisplayOnly,
    Unsafe,
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes of `span` by `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

/// The fix of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What it does, in a few words (the title of an editor's quick fix).
    pub title: String,
    /// Sorted, not overlapping.
    pub edits: Vec<Edit>,
    /// The pointer of a value the fix makes readable (a renamed key's, a quoted value's):
    /// findings at or below it after the fix are about that value, which the fix exists to
    /// have checked, not findings the fix adds.
    pub reveals: Option<String>,
}

impl Fix {
    /// The bytes the fix touches, from its first edit's start to its last edit's end.
    pub fn extent(&self) -> Span {
        let start = self.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }

    /// Whether `lint --fix` applies it at this level (`Safe`, or `Unsafe` with
    /// `--unsafe-fixes`).
    pub fn applies_at(&self, level: Applicability) -> bool {
        self.applicability != Applicability::DisplayOnly && self.applicability >= level
    }
}

/// Which rules have a fix, of which kind, and what it does: shown by `kooship explain` and
/// in `docs/rules.md`.
pub struct FixKind {
    pub code: &'static str,
    /// Each kind of fix the rule has, with what it does.
    pub fixes: &'static [(Applicability, &'static str)],
}

/// Every rule with a fix, in catalog order.
pub static KINDS: &[FixKind] = &[
    FixKind {
        code: "MAN002",
        fixes: &[(
            Applicability::Unsafe,
            "renames the key to the one close known key the message suggests, when the map does \
             not have that key already (`nmae` → `name`); the value then starts being read and \
             checked.",
        )],
    },
    FixKind {
        code: "MAN003",
        fixes: &[
            (
                Applicability::Safe,
                "quotes a number or `true`/`false` written where text is wanted, keeping it as \
                 written (`version: 1.0` → `version: \"1.0\"`).",
            ),
            (
                Applicability::Unsafe,
                "replaces a value that is not one of its enumeration's by the one close value \
                 (`billing: yearly_monthy` → `billing: yearly_monthly`).",
            ),
        ],
    },
    FixKind {
        code: "MAN009",
        fixes: &[(
            Applicability::Safe,
            "deletes the expired exception: it suppresses nothing any more, so no result changes.",
        )],
    },
    FixKind {
        code: "MAN010",
        fixes: &[(
            Applicability::Safe,
            "deletes the exception: it matches no finding, so no result changes.",
        )],
    },
    FixKind {
        code: "API003",
        fixes: &[(
            Applicability::Unsafe,
            "changes the scheme to `https`; serve the endpoint over HTTPS first.",
        )],
    },
    FixKind {
        code: "API006",
        fixes: &[(
            Applicability::Unsafe,
            "removes `ssl2`, `ssl3` or `tls1_0` from `tls_versions`; the manifest describes the \
             live endpoint, so disable the protocol there first.",
        )],
    },
    FixKind {
        code: "API008",
        fixes: &[(
            Applicability::Unsafe,
            "removes `tls1_1` from `tls_versions`; disable TLS 1.1 on the endpoint first.",
        )],
    },
    FixKind {
        code: "API011",
        fixes: &[(
            Applicability::Unsafe,
            "removes the case from `debugged_cases`; the spec that needs it may be what is \
             missing instead.",
        )],
    },
    FixKind {
        code: "PRV001",
        fixes: &[(
            Applicability::Safe,
            "removes the repeated item; the list says the same without it.",
        )],
    },
    FixKind {
        code: "PRV004",
        fixes: &[(
            Applicability::Unsafe,
            "removes `sensitive_info_encryption`; a privacy field may be what is missing instead.",
        )],
    },
    FixKind {
        code: "SPC006",
        fixes: &[(
            Applicability::Unsafe,
            "sets `public: false`, which changes who can see the product.",
        )],
    },
    FixKind {
        code: "PRC017",
        fixes: &[(
            Applicability::Safe,
            "writes the code in capitals when that is an active ISO 4217 code (`usd` → `USD`).",
        )],
    },
];

/// The fix kinds of a rule, if it has any.
pub fn kind(code: &str) -> Option<&'static FixKind> {
    KINDS.iter().find(|k| k.code == code)
}

/// How `kooship explain` and `docs/rules.md` describe a rule's fix.
pub fn documentation(code: &str) -> String {
    let Some(kind) = kind(code) else {
        return "None: `kooship lint --fix` leaves this finding to you.".to_owned();
    };
    let mut s = String::new();
    for (i, (applicability, what)) in kind.fixes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let how = match applicability {
            Applicability::Safe => "`kooship lint --fix` applies it",
            Applicability::Unsafe => "`kooship lint --fix --unsafe-fixes` applies it",
            Applicability::DisplayOnly => "shown in editors, never applied by `lint`",
        };
        let kind = match applicability {
            Applicability::Safe => "Safe",
            Applicability::Unsafe => "Unsafe",
            Applicability::DisplayOnly => "Display only",
        };
        s.push_str(&format!("{kind} ({how}): {what}"));
    }
    s
}

/// What fixes are computed from.
pub struct Context<'a> {
    pub value: &'a Value,
    pub index: &'a SpanIndex,
    pub source: &'a Source,
    /// The items of each list a fix has looked at, read once: a list of thousands of items
    /// with a finding on each costs its length, not its length squared.
    lists: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<NodeSpan>>>>,
}

impl<'a> Context<'a> {
    pub fn new(value: &'a Value, index: &'a SpanIndex, source: &'a Source) -> Context<'a> {
        Context {
            value,
            index,
            source,
            lists: Default::default(),
        }
    }

    /// Where each item of the list at `pointer` is written.
    fn items(&self, pointer: &str) -> std::rc::Rc<Vec<NodeSpan>> {
        if let Some(items) = self.lists.borrow().get(pointer) {
            return items.clone();
        }
        let items: std::rc::Rc<Vec<NodeSpan>> = std::rc::Rc::new(
            self.index
                .children_of(pointer)
                .map(|(_, span)| *span)
                .collect(),
        );
        self.lists
            .borrow_mut()
            .insert(pointer.to_owned(), items.clone());
        items
    }
}

/// Gives each finding of a rule with a fix its fix, when one applies to it.
pub fn attach(findings: &mut [Finding], cx: &Context) {
    for f in findings.iter_mut() {
        if kind(f.rule.code).is_some() {
            f.fix = rules::fix(f, cx).filter(|fix| valid(fix, cx.source.text()));
        }
    }
}

/// Edits inside the text, on character boundaries, sorted and apart, changing something.
fn valid(fix: &Fix, text: &str) -> bool {
    let in_text = |s: Span| {
        s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    !fix.edits.is_empty()
        && fix.edits.iter().all(|e| in_text(e.span))
        && fix
            .edits
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start)
        && fix
            .edits
            .iter()
            .any(|e| text.get(e.span.start..e.span.end) != Some(e.content.as_str()))
}

/// `text` with the edits of `fixes` applied (the fixes must not overlap).
pub fn apply_edits<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> String {
    let mut edits: Vec<&Edit> = fixes.into_iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.span.start < at {
            continue;
        }
        out.push_str(text.get(at..e.span.start).unwrap_or_default());
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}
