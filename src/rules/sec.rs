//! SEC — security scan.

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Optional;

pub static AREA: Area = Area {
    prefix: "SEC",
    title: "Security scan",
    rules: &[&SEC001, &SEC002, &SEC003],
    check,
};

pub static SEC001: Rule = Rule {
    code: "SEC001",
    name: "scan-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`security_scan` has neither `report` nor `exception`.",
    docs: Docs {
        what: "That `security_scan` names a passed vulnerability scan (`report`) or explains why \
               none applies (`exception`). A `report` that is empty or blank counts as absent; \
               the finding then points at it, otherwise at `security_scan`.",
        why: "A SaaS release must be associated with a passed vulnerability scan of the \
              product's website (since 2025 through a SaaS asset), or give the reason there is \
              none; the release form cannot be submitted with neither.",
        example: "security_scan: {}\n",
        fix: "Scan the login address in Seller Console > Application Tools > Vulnerability \
              Scans (or create a SaaS asset that references a passed scan) and write its \
              identifier: `report: VSS-2026-11-02-0042`. A product with no website or portal \
              gives `exception:` with the reason instead.",
        source: "Releasing SaaS (vulnerability scans / associated assets); SaaS Product Security Vulnerability Scan Operation Guide.",
    },
};

pub static SEC002: Rule = Rule {
    code: "SEC002",
    name: "scan-ambiguous",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "Both `report` and `exception` are set.",
    docs: Docs {
        what: "That `security_scan` gives exactly one of `report` and `exception` (a blank \
               `report` counts as absent). The finding points at whichever of the two keys \
               comes second in the file.",
        why: "The release form associates either a scan result or an exception cause; a \
              manifest with both leaves it unclear whether the product has a scanned website, \
              and reviewers check the exception only when no scan applies.",
        example: "security_scan:\n  report: VSS-2026-11-02-0042\n  exception: The product has no website or portal to scan.\n",
        fix: "Keep `report` when the product has a website that passed the scan; keep \
              `exception` only when there is nothing to scan.",
        source: "Releasing SaaS (associate the scan result, or give an exception cause when that is not possible).",
    },
};

pub static SEC003: Rule = Rule {
    code: "SEC003",
    name: "scan-exception-thin",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Practice,
    summary: "`exception`, trimmed, is shorter than 20 characters or a placeholder (`n/a`, `none`, `todo`, `tbd`, `-`, any case).",
    docs: Docs {
        what: "The text of `security_scan.exception` once leading and trailing white space is \
               removed: it fires when it has fewer than 20 characters (Unicode characters) or \
               is a placeholder: `n/a`, `none`, `todo`, `tbd` or `-`, in any case.",
        why: "KooGallery reviewers read the exception cause to decide whether skipping the \
              vulnerability scan is acceptable; a placeholder or a few words will be sent back \
              and delay the release.",
        example: "security_scan:\n  exception: n/a\n",
        fix: "Explain why no scan applies, e.g. `exception: The service is delivered by our \
              engineers on the buyer's own tenant; it has no website or portal to scan.`",
        source: "kooship's own check.",
    },
};

const MIN_EXCEPTION: usize = 20;
const PLACEHOLDERS: [&str; 5] = ["n/a", "none", "todo", "tbd", "-"];

/// What `security_scan.report` says. A report the manifest leaves unknown (of the wrong
/// type, a placeholder) is there and not blank: it counts as given.
#[derive(PartialEq)]
enum Report {
    Absent,
    Blank,
    Given,
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(scan) = cx.manifest.security_scan.get() else {
        return;
    };
    let base = "/security_scan";
    let report = match scan.report.known() {
        None => Report::Given,
        Some(None) => Report::Absent,
        Some(Some(r)) if r.trim().is_empty() => Report::Blank,
        Some(Some(_)) => Report::Given,
    };
    let exception = scan.exception.is_some();
    if matches!(report, Report::Absent | Report::Blank) && !exception {
        let (at, message) = if report == Report::Blank {
            (
                format!("{base}/report"),
                "`security_scan.report` is empty and no `exception` is given",
            )
        } else {
            (
                base.to_owned(),
                "`security_scan` has neither a `report` nor an `exception`",
            )
        };
        out.push(
            Finding::new(&SEC001, at, message)
                .help("write the identifier of the passed vulnerability scan (`report:`), or why no scan applies (`exception:`)"),
        );
    }
    if report == Report::Given && exception {
        let start = |key: &str| {
            cx.index
                .get(&format!("{base}/{key}"))
                .and_then(|n| n.key)
                .map_or(0, |s| s.start)
        };
        let second = if start("exception") >= start("report") {
            "exception"
        } else {
            "report"
        };
        out.push(
            Finding::new(
                &SEC002,
                format!("{base}/{second}"),
                "`security_scan` has both a `report` and an `exception`; give exactly one",
            )
            .help("keep `report` when a scan passed; keep `exception` only when there is nothing to scan")
            .at_key(),
        );
    }
    if let Some(text) = scan.exception.valid() {
        let trimmed = text.trim();
        let placeholder = PLACEHOLDERS.iter().any(|p| trimmed.eq_ignore_ascii_case(p));
        let len = trimmed.chars().count();
        let message = if placeholder {
            Some(format!(
                "the scan exception `{trimmed}` is a placeholder, not a reason"
            ))
        } else if len < MIN_EXCEPTION {
            Some(format!(
                "the scan exception is {len} character{} long; explain the reason in at least {MIN_EXCEPTION}",
                if len == 1 { "" } else { "s" }
            ))
        } else {
            None
        };
        if let Some(message) = message {
            out.push(
                Finding::new(&SEC003, format!("{base}/exception"), message)
                    .help("explain why no scan applies, e.g. the product has no website or portal to scan"),
            );
        }
    }
}
