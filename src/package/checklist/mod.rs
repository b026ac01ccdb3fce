//! `kooship checklist`: the release checklist, in Markdown, in the order of the Seller
//! Console's release form (README.md, *Release day*).
//!
//! Every `[x]` is an automated check derived from the lint run: ticked when none of its rules
//! fired. A check whose rule reported a warning or an info stays `[ ]` with the finding under
//! it; every manual step is `[ ]`. The text depends only on the manifest and the lock.

use std::fmt::Write;

mod form;
mod specs;

use form::{api, basics, encryption, extension_parameters, prerequisites, provisioning, scan};
use specs::specifications;

use super::markdown::{code, table, text};
use super::{Check, Prepared, Request, classify, yes_no};

/// The checklist's Markdown.
pub fn render(p: &Prepared) -> String {
    let mut md = Md::default();
    intro(p, &mut md);
    prerequisites(p, &mut md);
    basics(p, &mut md);
    api(p, &mut md);
    extension_parameters(p, &mut md);
    provisioning(p, &mut md);
    encryption(p, &mut md);
    scan(p, &mut md);
    specifications(p, &mut md);
    match &p.later {
        None => first_release(p, &mut md),
        Some(_) => changes(p, &mut md),
    }
    submit(p, &mut md);
    findings(p, &mut md);
    md.0
}

/// A Markdown document under construction: blocks separated by one blank line.
#[derive(Default)]
struct Md(String);

impl Md {
    fn block(&mut self, s: &str) {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(s.trim_end_matches('\n'));
        self.0.push('\n');
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.block(&format!("{} {title}", "#".repeat(level)));
    }

    fn list(&mut self, items: &List) {
        if !items.0.is_empty() {
            self.block(&items.0);
        }
    }
}

/// A task list under construction.
#[derive(Default)]
struct List(String);

impl List {
    /// An automated check: `[x]` when none of its rules fired.
    fn check(&mut self, c: &Check) {
        let codes = c.codes.join(", ");
        if c.passed() {
            let waived = if c.waived {
                "; lowered or waived in the manifest's `lint` settings"
            } else {
                ""
            };
            let _ = writeln!(self.0, "- [x] {} ({codes}{waived})", c.label);
        } else {
            let _ = writeln!(self.0, "- [ ] {} ({codes})", c.label);
            for f in &c.fired {
                let _ = writeln!(
                    self.0,
                    "  - **{}** {}: {}",
                    f.severity,
                    f.rule.code,
                    text(&f.message)
                );
            }
        }
    }

    /// A step no tool can verify.
    fn todo(&mut self, step: &str) {
        let _ = writeln!(self.0, "- [ ] {step}");
    }
}

/// `| Field | Enter |` rows.
fn fields(rows: Vec<(&str, String)>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
    table(&["Field", "Enter"], &rows)
}

fn intro(p: &Prepared, md: &mut Md) {
    md.heading(
        1,
        &format!(
            "Release checklist: {} {}",
            text(&p.product.name),
            p.listed_version()
        ),
    );
    let what = match &p.later {
        None => "A first release".to_owned(),
        Some(l) => format!(
            "A later release (the recorded release is V{}, in `kooship.lock`)",
            text(&l.version)
        ),
    };
    md.block(&format!(
        "{what} of a SaaS product on KooGallery, from {} by kooship {}. Work down the list with \
         the Seller Console open: {}. Enter the values in code exactly as shown. \
         `[x]` is a check kooship made (the rule codes in brackets); `[ ]` is a step for you, \
         or a check that reported something (the finding is under it).",
        code(&p.file_name, false),
        env!("CARGO_PKG_VERSION"),
        match &p.later {
            None => "**Product Management > My Products > Release New Product**",
            Some(_) => "**Product Management > My Products**, the product's **Modify**",
        }
    ));
    let s = crate::report::Summary::of(std::slice::from_ref(&p.linted.report));
    let suppressed = if s.suppressed > 0 {
        format!(
            "; {} suppressed by the manifest's `lint` settings",
            s.suppressed
        )
    } else {
        String::new()
    };
    md.block(&format!(
        "Lint: {}, {}, {}{suppressed}; section 11 lists them.",
        crate::report::counted(s.errors, "error"),
        crate::report::counted(s.warnings, "warning"),
        crate::report::counted(s.infos, "info")
    ));
}

fn first_release(p: &Prepared, md: &mut Md) {
    md.heading(2, "9. First release");
    md.block(&fields(vec![(
        "Public Product",
        format!(
            "{} (the product is reachable only by its URL until you open it)",
            code(yes_no(p.product.public), true)
        ),
    )]));
    let test = p.specs.iter().find(|s| s.is_test());
    let mut l = List::default();
    l.check(&p.check("Public Product is `No`", &["SPC006"], ""));
    l.check(&p.check(
        match test {
            Some(t) => format!("There is one test specification, {}", code(&t.code, false)),
            None => "There is one test specification".to_owned(),
        },
        &["SPC007", "SPC009"],
        "",
    ));
    l.check(&p.check(
        "The test specification is yearly/monthly, priced 0, with a 3-day trial",
        &["SPC008"],
        "",
    ));
    let test_code = test
        .map(|t| code(&t.code, false))
        .unwrap_or_else(|| "test".to_owned());
    l.todo(&format!(
        "Once approved, subscribe to the test specification {test_code} with your own account and follow a whole subscription against the production system: the instance is created, the trial runs, renewal and release work"
    ));
    l.todo(&format!(
        "KooGallery removes the test specification after the release test: then delete {test_code} from {} too",
        code(&p.file_name, false)
    ));
    l.todo("To open the product to buyers: set `public: true`, raise `version`, and submit it as a modification request (Public Product `Yes`)");
    md.list(&l);
}

fn changes(p: &Prepared, md: &mut Md) {
    let Some(later) = &p.later else {
        return;
    };
    md.heading(2, &format!("9. Changes since V{}", text(&later.version)));
    md.block(&fields(vec![(
        "Public Product",
        code(yes_no(p.product.public), true),
    )]));
    if later.changes.is_empty() {
        md.block(&format!("No change since V{}.", text(&later.version)));
    } else {
        let rows: Vec<Vec<String>> = later
            .changes
            .iter()
            .map(|c| {
                let (r, reason) = classify(c);
                let what = match r {
                    Request::Refused => format!("**{reason}**"),
                    Request::Modification => "modification request".to_owned(),
                    Request::None => format!("none: {reason}"),
                };
                vec![
                    code(&c.pointer, true),
                    value_cell(c.old.as_ref()),
                    value_cell(c.new.as_ref()),
                    what,
                ]
            })
            .collect();
        md.block(&table(&["Field", "Was", "Now", "Request"], &rows));
        let count = |r: Request| later.changes.iter().filter(|c| classify(c).0 == r).count();
        md.block(&format!(
            "{} change(s) go into the modification request; {} need no request; {} irreversible \
             (KooGallery refuses them).",
            count(Request::Modification),
            count(Request::None),
            count(Request::Refused)
        ));
    }
    let mut l = List::default();
    l.check(&p.check(
        "The release history `kooship.lock` is intact",
        &["REL006"],
        "",
    ));
    l.check(&p.check(
        format!("The version is greater than V{}", text(&later.version)),
        &["REL004"],
        "",
    ));
    l.check(&p.check(
        "No released specification is deleted (set `listed: false` instead)",
        &["REL003"],
        "",
    ));
    l.check(&p.check(
        "No test specification is left (KooGallery removed it after the first release test)",
        &["SPC010"],
        "",
    ));
    l.todo("Enter the changes above in the product's **Modify** page; unchanged values stay as they are");
    md.list(&l);
}

/// A changed value for the table: compact JSON in a code span, long structures shortened.
fn value_cell(v: Option<&serde_json::Value>) -> String {
    let Some(v) = v else {
        return "—".to_owned();
    };
    let json = serde_json::to_string(v).unwrap_or_default();
    if json.chars().count() > 60 && (v.is_object() || v.is_array()) {
        let short = if v.is_object() { "{…}" } else { "[…]" };
        return match v.get("code").and_then(serde_json::Value::as_str) {
            Some(c) => format!("{} ({})", code(short, true), code(c, true)),
            None => code(short, true),
        };
    }
    code(&json, true)
}

fn submit(p: &Prepared, md: &mut Md) {
    md.heading(2, "10. Submit");
    let mut l = List::default();
    l.todo("Click **Save as Draft** before submitting; drafts are under **Product Management > Drafts**");
    l.todo("Submit for review. KooGallery reviews a request within 3 working days, longer when you file 10 or more requests in one day; follow it under **Product Management > My Applications**");
    l.todo(&format!(
        "Keep the production system up during the review: KooGallery replays the saved debugging cases against {}",
        code(&p.api.url, false)
    ));
    l.todo("Answer KooGallery's mails to your customer-service and after-sales addresses within 24 hours");
    l.todo("Once submitted, run `kooship record` and commit `kooship.lock`: the next release is checked against it");
    md.list(&l);
}

fn findings(p: &Prepared, md: &mut Md) {
    md.heading(2, "11. Findings");
    let findings = p.findings();
    if findings.is_empty() {
        md.block("The lint reported nothing.");
        return;
    }
    md.block("Every finding of the lint (none is an error):");
    let mut s = String::new();
    for f in findings {
        let (start, _) = crate::report::range(&p.linted.report, f);
        let _ = writeln!(
            s,
            "- **{}** {} `{}`, line {}: {}",
            f.severity,
            f.rule.code,
            f.rule.name,
            start.line,
            text(&f.message)
        );
        if !f.help.is_empty() {
            let _ = writeln!(s, "  - {}", text(&f.help));
        }
    }
    md.block(&s);
}
