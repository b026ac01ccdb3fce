//! Lint settings (`lint.severity`, `lint.exceptions`): severity overrides and exceptions with
//! a reason and an optional expiry, applied to a manifest's findings.
//!
//! - An override or exception names a rule by code or name. An unknown rule, or one that is
//!   not waivable, is refused (MAN011) and has no effect; an override that keeps a
//!   non-waivable rule at `error` is accepted.
//! - An exception suppresses the findings of its rule at its `at` pointer or below it (every
//!   place when `at` is left out). Past its `expires` date it suppresses nothing (MAN009);
//!   a live exception that matched nothing is reported (MAN010).
//! - Suppressed findings leave the output and the exit status and are only counted.

use crate::clock::Date;
use crate::finding::{Finding, Severity};
use crate::model::tolerant::LintSettings;
use crate::model::{Optional, OptionalList, SeverityOverride};
use crate::rules::man::{MAN003, MAN009, MAN010, MAN011};
use crate::rules::{self, Rule};

/// The findings that remain, and how many were suppressed.
pub struct Applied {
    pub findings: Vec<Finding>,
    pub suppressed: usize,
}

/// A live exception: known, valid and not expired.
struct Live {
    index: usize,
    rule: &'static Rule,
    at: Option<String>,
    used: bool,
}

impl Live {
    /// Whether the exception covers a finding of its rule at `pointer`.
    fn covers(&self, pointer: &str) -> bool {
        match &self.at {
            None => true,
            Some(at) => {
                pointer == at
                    || at.is_empty()
                    || (pointer.starts_with(at.as_str()) && pointer[at.len()..].starts_with('/'))
            }
        }
    }
}

/// What the settings say: their own findings (MAN003, MAN009, MAN011), the severity
/// overrides that apply and the live exceptions. A value the tolerant model left unknown
/// (MAN003 or MAN012 said why) makes its override or exception inapplicable, silently.
struct Parsed {
    own: Vec<Finding>,
    overrides: Vec<(&'static Rule, SeverityOverride)>,
    live: Vec<Live>,
}

fn parse(settings: &LintSettings, today: Date) -> Parsed {
    let mut own = Vec::new();
    let mut overrides: Vec<(&'static Rule, SeverityOverride)> = Vec::new();
    for (key, level) in settings.severity.valid().into_iter().flatten() {
        let pointer = format!("/lint/severity/{}", crate::load::index::escape_token(key));
        let Some(level) = level.copied() else {
            continue;
        };
        match rules::find(key) {
            None => own.push(unknown_rule(key, pointer).at_key()),
            Some(rule) if !rule.waivable && level != SeverityOverride::Error => own.push(
                Finding::new(
                    &MAN011,
                    pointer,
                    format!(
                        "{} ({}) is not waivable; its severity cannot be changed",
                        rule.code, rule.name
                    ),
                )
                .help("fix what the rule reports instead, and remove this override")
                .at_key(),
            ),
            Some(rule) => overrides.push((rule, level)),
        }
    }

    let mut live = Vec::new();
    for (i, exception) in settings.exceptions.each() {
        let base = format!("/lint/exceptions/{i}");
        let Some(name) = exception.rule.str() else {
            continue;
        };
        let rule = match rules::find(name) {
            None => {
                own.push(unknown_rule(name, format!("{base}/rule")));
                continue;
            }
            Some(rule) if !rule.waivable => {
                own.push(
                    Finding::new(
                        &MAN011,
                        format!("{base}/rule"),
                        format!(
                            "{} ({}) is not waivable; an exception cannot suppress it",
                            rule.code, rule.name
                        ),
                    )
                    .help("fix what the rule reports instead, and remove this exception"),
                );
                continue;
            }
            Some(rule) => rule,
        };
        let (Some(at), Some(expires)) = (exception.at.known(), exception.expires.known()) else {
            continue;
        };
        let mut valid = true;
        if exception.reason.str().is_some_and(|r| r.trim().is_empty()) {
            own.push(
                Finding::new(
                    &MAN003,
                    format!("{base}/reason"),
                    "an exception needs a reason; `reason` is empty",
                )
                .help("say why the finding is accepted, so that the next reader can judge it"),
            );
            valid = false;
        }
        if let Some(at) = at
            && !(at.is_empty() || at.starts_with('/'))
        {
            own.push(
                Finding::new(&MAN003, format!("{base}/at"), format!("`{at}` is not a JSON pointer"))
                    .help("write a JSON pointer such as `/specifications/0/trial_days`, as `kooship lint --format json` prints it"),
            );
            valid = false;
        }
        if let Some(expires) = expires {
            match Date::parse(expires) {
                None => {
                    own.push(
                        Finding::new(
                            &MAN003,
                            format!("{base}/expires"),
                            format!("`{expires}` is not a date in the form YYYY-MM-DD"),
                        )
                        .help("write the date as `2026-12-31`"),
                    );
                    valid = false;
                }
                Some(date) if today > date => {
                    own.push(
                        Finding::new(
                            &MAN009,
                            format!("{base}/expires"),
                            format!("the exception for {} expired on {date}; it no longer suppresses anything", rule.code),
                        )
                        .help("fix what it hid and remove it, or move `expires` to a new date if the reason still holds"),
                    );
                    continue;
                }
                Some(_) => {}
            }
        }
        if valid {
            live.push(Live {
                index: i,
                rule,
                at: at.cloned(),
                used: false,
            });
        }
    }
    Parsed {
        own,
        overrides,
        live,
    }
}

/// Whether `settings` waive `rule` at `pointer` (turned off, or a live exception covers it):
/// the pipeline asks this of MAN012, whose waiver makes a placeholder count as written.
pub fn waives(settings: Option<&LintSettings>, rule: &Rule, pointer: &str, today: Date) -> bool {
    let Some(settings) = settings else {
        return false;
    };
    if !rule.waivable {
        return false;
    }
    let parsed = parse(settings, today);
    parsed
        .overrides
        .iter()
        .any(|(r, level)| *r == rule && *level == SeverityOverride::Off)
        || parsed
            .live
            .iter()
            .any(|e| e.rule == rule && e.covers(pointer))
}

/// Applies `settings` to `findings`.
pub fn apply(settings: Option<&LintSettings>, findings: Vec<Finding>, today: Date) -> Applied {
    let Some(settings) = settings else {
        return Applied {
            findings,
            suppressed: 0,
        };
    };
    let Parsed {
        mut own,
        overrides,
        mut live,
    } = parse(settings, today);

    let mut kept = Vec::with_capacity(findings.len());
    let mut suppressed = 0;
    for mut finding in findings {
        let mut off = false;
        if finding.rule.waivable {
            for e in live.iter_mut().filter(|e| e.rule == finding.rule) {
                if e.covers(&finding.pointer) {
                    e.used = true;
                    off = true;
                }
            }
            if let Some((_, level)) = overrides.iter().find(|(r, _)| *r == finding.rule) {
                match level {
                    SeverityOverride::Off => off = true,
                    SeverityOverride::Error => finding.severity = Severity::Error,
                    SeverityOverride::Warning => finding.severity = Severity::Warning,
                    SeverityOverride::Info => finding.severity = Severity::Info,
                }
            }
        }
        if off {
            suppressed += 1;
        } else {
            kept.push(finding);
        }
    }
    // A PRB rule's findings come from `kooship probe`, never from `lint`: an exception for
    // one is unused in every `lint` run, and not a mistake.
    for e in live
        .iter()
        .filter(|e| !e.used && !rules::prb::is_probe_rule(e.rule))
    {
        let place = match &e.at {
            Some(at) => format!(" at `{at}`"),
            None => String::new(),
        };
        own.push(
            Finding::new(
                &MAN010,
                format!("/lint/exceptions/{}", e.index),
                format!(
                    "the exception for {}{place} matched no finding",
                    e.rule.code
                ),
            )
            .help("remove it, or correct its `rule` or `at`"),
        );
    }
    kept.extend(own);
    Applied {
        findings: kept,
        suppressed,
    }
}

fn unknown_rule(name: &str, pointer: String) -> Finding {
    let near: Vec<String> = rules::closest(name, 3)
        .iter()
        .map(|r| format!("{} ({})", r.code, r.name))
        .collect();
    Finding::new(
        &MAN011,
        pointer,
        format!("`{name}` is not a rule code or name"),
    )
    .help(format!(
        "closest rules: {}; `kooship rules` lists them all",
        near.join(", ")
    ))
}
