//! The rule registry: every rule as data (code, name, severity, waivability, summary, docs),
//! grouped by area, one file per area with the checks next to the rules they report.
//!
//! A new rule is a `Rule` in its area's `RULES` and a few lines in that area's `check`; the
//! pipeline, the outputs, `rules`, `explain` and `docs/rules.md` pick it up from here.

use std::path::Path;

use crate::finding::{Finding, Severity};
use crate::load::{Source, SpanIndex};
use crate::model::tolerant::Manifest;
use crate::release::Release;

pub mod api;
pub mod del;
pub mod docs;
pub mod ext;
pub mod lst;
pub mod man;
pub mod prb;
pub mod prc;
pub mod prv;
pub mod rel;
pub mod sec;
pub mod spc;

/// Where a rule's requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The manifest format itself; no KooGallery source.
    Format,
    /// KooGallery's "Releasing SaaS" page.
    Seed,
    /// Another KooGallery help page.
    Doc,
    /// Both the seed page and another help page.
    SeedDoc,
    /// Another help page, with part of the rule our own reading.
    DocInferred,
    /// Our reading, kept at warning or info until a doc confirms it.
    Inferred,
    /// Good practice of kooship's own, no KooGallery source.
    Practice,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Format => "—",
            Origin::Seed => "seed",
            Origin::Doc => "doc",
            Origin::SeedDoc => "seed, doc",
            Origin::DocInferred => "doc, inferred",
            Origin::Inferred => "inferred",
            Origin::Practice => "—",
        }
    }
}

/// A rule's documentation, in fixed sections (`kooship explain`, `docs/rules.md`).
#[derive(Debug)]
pub struct Docs {
    /// What it checks.
    pub what: &'static str,
    /// Why KooGallery cares.
    pub why: &'static str,
    /// A manifest excerpt that fails (YAML).
    pub example: &'static str,
    /// How to fix it (prose, may include YAML).
    pub fix: &'static str,
    /// Where the requirement comes from (page, section).
    pub source: &'static str,
}

/// One rule of the catalog.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub waivable: bool,
    pub origin: Origin,
    /// One line: when it fires.
    pub summary: &'static str,
    pub docs: Docs,
}

impl Rule {
    /// The rule's section of `docs/rules.md` under the repository URL.
    pub fn url(&self) -> String {
        format!(
            "{}/blob/main/docs/rules.md#{}",
            env!("CARGO_PKG_REPOSITORY"),
            self.anchor()
        )
    }

    /// The Markdown anchor of the rule's heading (`MAN001: yaml-syntax` → `man001-yaml-syntax`).
    pub fn anchor(&self) -> String {
        format!("{}-{}", self.code.to_ascii_lowercase(), self.name)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

/// A group of rules with a common code prefix, and the check that reports them.
pub struct Area {
    pub prefix: &'static str,
    pub title: &'static str,
    pub rules: &'static [&'static Rule],
    pub check: fn(&Context, &mut Vec<Finding>),
}

/// Every area, in catalog order.
pub static AREAS: &[&Area] = &[
    &man::AREA,
    &del::AREA,
    &api::AREA,
    &ext::AREA,
    &prv::AREA,
    &sec::AREA,
    &spc::AREA,
    &prc::AREA,
    &lst::AREA,
    &rel::AREA,
    &prb::AREA,
];

/// Every rule, in catalog order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    AREAS.iter().flat_map(|a| a.rules.iter().copied())
}

/// The rule with this code or name (case-insensitive code, exact name).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    all().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The codes closest to an unknown code or name, for "did you mean".
pub fn closest(code_or_name: &str, n: usize) -> Vec<&'static Rule> {
    let needle = code_or_name.to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static Rule)> = all()
        .map(|r| {
            let by_code = strsim::jaro_winkler(&needle, &r.code.to_ascii_lowercase());
            let by_name = strsim::jaro_winkler(&needle, r.name);
            (by_code.max(by_name), r)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.code.cmp(b.1.code)));
    scored.into_iter().take(n).map(|(_, r)| r).collect()
}

/// What the checks see of one manifest.
pub struct Context<'a> {
    pub manifest: &'a Manifest,
    pub value: &'a serde_json::Value,
    pub index: &'a SpanIndex,
    pub source: &'a Source,
    /// The folder file references resolve from; `None` when there is none (standard input
    /// without `--stdin-filename` resolves from the current folder).
    pub base_dir: Option<&'a Path>,
    pub release: &'a Release,
    /// The manifest's file references, resolved (MAN008 reports the ones that failed).
    pub files: &'a [crate::files::FileRef],
    /// Today's date, from `SOURCE_DATE_EPOCH` or the clock.
    pub today: crate::clock::Date,
    /// The pointers of the values the manifest leaves unknown: of the wrong type, missing,
    /// under an unknown key, or placeholders (MAN002–MAN004, MAN012). The typed model knows
    /// them as `Known::Unknown`; the rules that compare the raw value use these.
    pub unknown: &'a [String],
}

impl Context<'_> {
    /// Whether the manifest has the key at `pointer` written in the file.
    pub fn has(&self, pointer: &str) -> bool {
        self.index.get(pointer).is_some()
    }
}

/// Runs every area's checks.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for area in AREAS {
        (area.check)(cx, &mut out);
    }
    out
}
