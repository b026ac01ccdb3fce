//! Findings as data: what every stage reports and every output format renders.

use std::fmt;

use serde::Serialize;

use crate::load::Span;
use crate::rules::Rule;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding's span comes from when it is not given explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The value at the pointer.
    Value,
    /// The key of the map entry at the pointer (unknown and duplicate keys).
    Key,
}

/// One problem in one manifest.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// RFC 6901 pointer into the manifest; `""` for the file as a whole.
    pub pointer: String,
    /// Byte range in the manifest; resolved from the pointer when the finding is collected.
    pub span: Option<Span>,
    /// Where the human report underlines: the span itself when it is on one line; for a
    /// collection written over several lines, the key it is the value of (else its first
    /// line). Set with the span.
    pub underline: Option<Span>,
    pub anchor: Anchor,
    pub help: String,
    /// A short text under the underline in the human output.
    pub label: Option<String>,
    /// Other places the human report labels: e.g. the key that makes a missing key required.
    /// The finding's own pointer and position stay where the catalog puts them.
    pub related: Vec<Related>,
}

/// Another place of the manifest that a finding's human report labels.
#[derive(Debug, Clone)]
pub struct Related {
    pub pointer: String,
    pub label: String,
    /// The key at the pointer (or its value, at the root), set with the finding's span.
    pub span: Option<Span>,
}

impl Finding {
    /// A finding of `rule` at its default severity, pointing at the value at `pointer`.
    pub fn new(
        rule: &'static Rule,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            pointer: pointer.into(),
            span: None,
            underline: None,
            anchor: Anchor::Value,
            help: String::new(),
            label: None,
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = help.into();
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Finding {
        self.label = Some(label.into());
        self
    }

    /// Labels another place of the manifest in the human report (see [`Finding::related`]).
    pub fn related(mut self, pointer: impl Into<String>, label: impl Into<String>) -> Finding {
        self.related.push(Related {
            pointer: pointer.into(),
            label: label.into(),
            span: None,
        });
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Points at the key of the map entry at the pointer rather than its value.
    pub fn at_key(mut self) -> Finding {
        self.anchor = Anchor::Key;
        self
    }

    pub fn span(mut self, span: Span) -> Finding {
        self.span = Some(span);
        self
    }
}
