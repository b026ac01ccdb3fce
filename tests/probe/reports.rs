//! The human and JSON reports of `kooship probe` as snapshots. What changes from run to run
//! is redacted: the port, the latencies, the certificate's dates and the temporary folder.

use regex::Regex;

use super::server::Fault;
use super::{Run, Setup};

fn redact(run: &Run, s: &Setup) -> String {
    let mut text = run.stdout.clone();
    text = text.replace(&s.server.port.to_string(), "[port]");
    text = text.replace(
        &s.manifest.to_string_lossy().to_string(),
        "[dir]/kooship.yaml",
    );
    let rules: [(&str, &str); 4] = [
        (r#""ms": \d+"#, r#""ms": "[ms]""#),
        (r#""not_after": "[^"]+""#, r#""not_after": "[date]""#),
        (r#""days_left": \d+"#, r#""days_left": "[days]""#),
        (
            r"valid until \S+ \(\d+ days\)",
            "valid until [date] ([days] days)",
        ),
    ];
    for (pattern, with) in rules {
        text = Regex::new(pattern)
            .unwrap()
            .replace_all(&text, with)
            .into_owned();
    }
    // The table's ms column: a number (or `-`) right-aligned before the result code.
    let row =
        Regex::new(r"(?m)^(  \S+  .*?)\s+(\d+|-)\s+(\d+|-)\s+(\S+)\s+(pass|fail|error|skipped)$")
            .unwrap();
    text = row
        .replace_all(&text, |c: &regex::Captures| {
            let ms = if &c[3] == "-" { "-" } else { "[ms]" };
            format!(
                "{} | {} | {ms} | {} | {}",
                c[1].trim_end(),
                &c[2],
                &c[4],
                &c[5]
            )
        })
        .into_owned();
    let head = Regex::new(r"(?m)^  billing\s+call\s+status\s+ms\s+result\s+outcome$").unwrap();
    head.replace_all(&text, "  billing  call | status | ms | result | outcome")
        .into_owned()
}

#[test]
fn human_report_of_a_compliant_endpoint() {
    let s = Setup::https(Fault::None);
    let run = s.probe(&["--format", "human"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("human_compliant", redact(&run, &s));
}

#[test]
fn human_report_with_findings() {
    let s = Setup::https(Fault::ReleaseFails);
    let run = s.probe(&["--format", "human"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("human_release_fails", redact(&run, &s));
}

#[test]
fn human_report_when_the_first_call_fails() {
    let s = Setup::https(Fault::SecondsTimestamp);
    let run = s.probe(&["--format", "human"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("human_signature_rejected", redact(&run, &s));
}

#[test]
fn json_report_of_a_compliant_endpoint() {
    let s = Setup::https(Fault::None);
    let run = s.probe(&["--format", "json"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("json_compliant", redact(&run, &s));
}

#[test]
fn json_report_with_findings() {
    let s = Setup::https(Fault::NoFrontEndUrl);
    let run = s.probe(&["--format", "json"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("json_no_front_end_url", redact(&run, &s));
}
