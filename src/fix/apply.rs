//! Applying fixes to a manifest: pick fixes that do not overlap, apply their edits, re-load
//! and re-lint, and keep them only when the YAML still parses and no finding was added;
//! repeat (fixing one finding can make another fixable) until nothing changes.
//!
//! A round first tries all its fixes at once; when the result is refused, it tries them one
//! by one on top of those already kept, so that one bad fix does not hold the others back (a
//! fix refused only on top of others is tried again in the next round, on the new text). A
//! fix refused on its own is reported and not tried again, so running the fixes twice
//! changes nothing the second time.

use std::collections::HashSet;

use super::{Applicability, Fix, apply_edits};
use crate::finding::Finding;
use crate::lint::{self, FileReport, Input, Options};
use crate::rules::man::{MAN001, MAN006};

/// At most this many rounds of fixing (ESLint stops at 10 as well).
const MAX_ROUNDS: usize = 10;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A fix that was kept.
#[derive(Debug, Clone)]
pub struct Applied {
    pub code: &'static str,
    pub pointer: String,
    pub title: String,
}

/// A fix that was tried and refused.
#[derive(Debug, Clone)]
pub struct Reverted {
    pub code: &'static str,
    pub pointer: String,
    pub title: String,
    /// Why, as a sentence without a capital or full stop: "it would add API007 (…)".
    pub reason: String,
}

/// What fixing one manifest did.
#[derive(Debug)]
pub struct Outcome {
    /// The manifest's bytes as they were.
    pub before: Vec<u8>,
    /// The fixed bytes, when any fix was kept (a byte-order mark stays).
    pub after: Option<Vec<u8>>,
    pub applied: Vec<Applied>,
    pub reverted: Vec<Reverted>,
    /// The findings of the fixed manifest (of the original one when nothing changed).
    pub report: FileReport,
}

impl Outcome {
    /// The manifest's text before and after, when a fix was kept (for `--diff`).
    pub fn texts(&self) -> Option<(String, String)> {
        let after = self.after.as_ref()?;
        let strip =
            |b: &[u8]| String::from_utf8_lossy(b.strip_prefix(BOM).unwrap_or(b)).into_owned();
        Some((strip(&self.before), strip(after)))
    }
}

/// Fixes one manifest in memory with every fix that applies at `level` (`Safe`: `--fix`;
/// `Unsafe`: `--fix --unsafe-fixes`); writes nothing.
pub fn fix(input: &Input, options: &Options, level: Applicability) -> Outcome {
    let bom = input.bytes.starts_with(BOM);
    let relint = |text: &str| -> FileReport {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if bom {
            bytes.extend_from_slice(BOM);
        }
        bytes.extend_from_slice(text.as_bytes());
        lint::lint(
            &Input {
                name: input.name.clone(),
                bytes,
                base_dir: input.base_dir.clone(),
            },
            options,
        )
    };
    let mut report = lint::lint(input, options);
    let mut text = report.source.text().to_owned();
    let mut changed = false;
    let mut applied = Vec::new();
    let mut reverted = Vec::new();
    let mut refused: HashSet<(&'static str, String, String)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let chosen = choose(&report.findings, level, &refused);
        if chosen.is_empty() {
            break;
        }
        let all = apply_edits(&text, chosen.iter().map(|(_, fix)| *fix));
        let tried = relint(&all);
        let revealed: Vec<&str> = chosen
            .iter()
            .filter_map(|(_, fix)| fix.reveals.as_deref())
            .collect();
        match refusal(&report, &tried, &revealed) {
            None => {
                applied.extend(chosen.iter().map(|(f, fix)| kept(f, fix)));
                (text, report, changed) = (all, tried, true);
                continue;
            }
            Some(reason) if chosen.len() == 1 => {
                let (finding, fix) = chosen[0];
                refused.insert(key(finding, fix));
                reverted.push(refuse(finding, fix, reason));
                continue;
            }
            Some(_) => {}
        }
        // One by one, each on top of the ones kept so far.
        let mut keep: Vec<&Fix> = Vec::new();
        let mut current: Option<(String, FileReport)> = None;
        for (finding, fix) in &chosen {
            let candidate = apply_edits(&text, keep.iter().copied().chain([*fix]));
            let tried = relint(&candidate);
            let base = current.as_ref().map_or(&report, |(_, r)| r);
            let revealed: Vec<&str> = fix.reveals.as_deref().into_iter().collect();
            match refusal(base, &tried, &revealed) {
                None => {
                    keep.push(*fix);
                    applied.push(kept(finding, fix));
                    current = Some((candidate, tried));
                }
                // Refused on top of fixes kept this round (two deletions emptying a list):
                // the next round computes it again on the new text.
                Some(_) if !keep.is_empty() => {}
                Some(reason) => {
                    refused.insert(key(finding, fix));
                    reverted.push(refuse(finding, fix, reason));
                }
            }
        }
        if let Some((t, r)) = current {
            (text, report, changed) = (t, r, true);
        }
    }
    let after = changed.then(|| {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if bom {
            bytes.extend_from_slice(BOM);
        }
        bytes.extend_from_slice(text.as_bytes());
        bytes
    });
    let after = after.filter(|a| *a != input.bytes);
    Outcome {
        before: input.bytes.clone(),
        after,
        applied,
        reverted,
        report,
    }
}

fn key(finding: &Finding, fix: &Fix) -> (&'static str, String, String) {
    (
        finding.rule.code,
        finding.pointer.clone(),
        fix.title.clone(),
    )
}

fn kept(finding: &Finding, fix: &Fix) -> Applied {
    Applied {
        code: finding.rule.code,
        pointer: finding.pointer.clone(),
        title: fix.title.clone(),
    }
}

fn refuse(finding: &Finding, fix: &Fix, reason: String) -> Reverted {
    Reverted {
        code: finding.rule.code,
        pointer: finding.pointer.clone(),
        title: fix.title.clone(),
        reason,
    }
}

/// The fixes to try in one round: those that apply at `level` and were not refused, in text
/// order, skipping any that overlaps one before it.
fn choose<'a>(
    findings: &'a [Finding],
    level: Applicability,
    refused: &HashSet<(&'static str, String, String)>,
) -> Vec<(&'a Finding, &'a Fix)> {
    let mut candidates: Vec<(&Finding, &Fix)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (f, fix)))
        .filter(|(f, fix)| fix.applies_at(level) && !refused.contains(&key(f, fix)))
        .collect();
    candidates.sort_by_key(|(_, fix)| (fix.extent().start, fix.extent().end));
    let mut chosen: Vec<(&Finding, &Fix)> = Vec::new();
    let mut end = 0;
    let mut last_start = None;
    for (f, fix) in candidates {
        let extent = fix.extent();
        // Two insertions at one place would land in an arbitrary order: one per round.
        if extent.start < end || last_start == Some(extent.start) {
            continue;
        }
        // The same edits twice (one fix for two findings) are applied once.
        if chosen.iter().any(|(_, c)| c.edits == fix.edits) {
            continue;
        }
        end = extent.end;
        last_start = Some(extent.start);
        chosen.push((f, fix));
    }
    chosen
}

/// Why the manifest after a fix is refused, compared with before it: it no longer parses, or
/// a finding was added (other than about a value the fix made readable, at or below one of
/// the `revealed` pointers).
fn refusal(before: &FileReport, after: &FileReport, revealed: &[&str]) -> Option<String> {
    if let Some(f) = after
        .findings
        .iter()
        .find(|f| f.rule == &MAN001 || f.rule == &MAN006)
    {
        return Some(format!(
            "the manifest would no longer load ({}: {})",
            f.rule.code, f.message
        ));
    }
    let below = |f: &Finding, p: &str| {
        f.pointer == p
            || f.pointer
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    let added = added(&before.findings, &after.findings);
    let first = added
        .into_iter()
        .find(|f| !revealed.iter().any(|p| below(f, p)))?;
    let (position, _) = crate::report::range(after, first);
    Some(format!(
        "it would add {} at {}:{} ({})",
        first.rule.code, position.line, position.column, first.message
    ))
}

/// The findings of `after` that `before` did not have. Edits move things: a finding counts as
/// the same when its rule and its message match (an item moved up a list), or its rule and
/// its pointer do (a message naming a line that moved), or its rule, pointer and message do
/// once list positions are set aside (a message naming the item's place in its list).
pub fn added<'a>(before: &[Finding], after: &'a [Finding]) -> Vec<&'a Finding> {
    let mut pool: Vec<Option<&Finding>> = before.iter().map(Some).collect();
    let mut unmatched: Vec<&Finding> = after.iter().collect();
    let passes: [fn(&Finding, &Finding) -> bool; 4] = [
        |a, b| a.rule == b.rule && a.pointer == b.pointer && a.message == b.message,
        |a, b| a.rule == b.rule && a.message == b.message,
        |a, b| a.rule == b.rule && a.pointer == b.pointer,
        |a, b| {
            a.rule == b.rule
                && without_positions(&a.pointer) == without_positions(&b.pointer)
                && without_positions(&a.message) == without_positions(&b.message)
        },
    ];
    for same in passes {
        unmatched.retain(
            |a| match pool.iter_mut().find(|b| b.is_some_and(|b| same(a, b))) {
                Some(slot) => {
                    *slot = None;
                    false
                }
                None => true,
            },
        );
    }
    unmatched
}

/// `text` with the list positions of pointers and paths (`/3`, `[3]`) blanked.
fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    let mut in_position = false;
    for c in text.chars() {
        if c.is_ascii_digit() && (in_position || previous == '/' || previous == '[') {
            in_position = true;
        } else {
            in_position = false;
            out.push(c);
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_text(text: &str) -> FileReport {
        lint::lint(
            &Input {
                name: "kooship.yaml".to_owned(),
                bytes: text.as_bytes().to_vec(),
                base_dir: std::path::PathBuf::from("."),
            },
            &Options::default(),
        )
    }

    #[test]
    fn a_fix_that_breaks_the_yaml_or_adds_a_finding_is_refused() {
        let before = lint_text("format: 1\nproduct: {name: x}\n");
        let broken = lint_text("format: 1\nproduct: {name: x\n");
        let reason = refusal(&before, &broken, &[]).unwrap();
        assert!(reason.contains("no longer load"), "{reason}");
        let added = lint_text("format: 1\nproduct: {name: x, nmae: y}\n");
        let reason = refusal(&before, &added, &[]).unwrap();
        assert!(
            reason.starts_with("it would add MAN002 at 2:20"),
            "{reason}"
        );
        // About a value the fix made readable: not counted as added.
        assert!(refusal(&before, &added, &["/product/nmae"]).is_none());
        assert!(refusal(&before, &before, &[]).is_none());
    }

    #[test]
    fn moved_findings_are_not_added() {
        // An item that moved up its list keeps its message; a message naming a moved line
        // keeps its pointer.
        let before = lint_text(
            "format: 1\nlint:\n  exceptions:\n    - {rule: LST005, reason: a}\n    - {rule: DEL006, reason: b}\n",
        );
        let after = lint_text("format: 1\nlint:\n  exceptions:\n    - {rule: DEL006, reason: b}\n");
        assert!(added(&before.findings, &after.findings).is_empty());
        // A finding whose message names its list position, after an item before it went.
        let before = lint_text("format: 1\nprovisioning_info: [email, email, nope]\n");
        let after = lint_text("format: 1\nprovisioning_info: [email, nope]\n");
        assert!(added(&before.findings, &after.findings).is_empty());
        assert_eq!(
            without_positions("/a/12/b and `x[3]`, 4 items"),
            "/a//b and `x[]`, 4 items"
        );
    }
}
