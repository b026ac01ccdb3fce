//! Property test of `lint --fix`: manifests built with fixable defects in every style the
//! fixes handle (block and flow lists, quoted and plain scalars, comments on the lines,
//! CRLF line ends, a byte-order mark, two to four spaces of indentation) are fixed into a
//! manifest that still loads, and fixing that again changes nothing.

use std::path::PathBuf;

use kooship::clock::Date;
use kooship::fix::{self, Applicability};
use kooship::lint::{self, Input, Options};
use kooship::release::ReleaseOptions;
use kooship::rules::man::{MAN001, MAN006};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Manifest {
    indent: usize,
    crlf: bool,
    bom: bool,
    currency: Option<(String, u8, bool)>,
    public: bool,
    tls: Vec<&'static str>,
    tls_block: bool,
    usage_push: bool,
    provisioning: Vec<&'static str>,
    provisioning_block: bool,
    encryption: bool,
    misspell: u8,
    exceptions: Vec<(&'static str, bool)>,
    exceptions_style: u8,
    comments: bool,
}

fn quote(text: &str, style: u8) -> String {
    match style % 3 {
        0 => text.to_owned(),
        1 => format!("\"{text}\""),
        _ => format!("'{text}'"),
    }
}

fn list(items: &[String], block: bool, pad: &str, comments: bool) -> String {
    if !block || items.is_empty() {
        return format!(" [{}]\n", items.join(", "));
    }
    let mut s = String::from("\n");
    for (i, item) in items.iter().enumerate() {
        s.push_str(&format!("{pad}- {item}"));
        if comments && i % 2 == 0 {
            s.push_str("   # item");
        }
        s.push('\n');
    }
    s
}

impl Manifest {
    fn text(&self) -> String {
        let p = " ".repeat(self.indent);
        let pp = p.repeat(2);
        let c = |s: &str| {
            if self.comments {
                format!("   # {s}")
            } else {
                String::new()
            }
        };
        let mut t = String::new();
        if self.comments {
            t.push_str("# the release manifest\n");
        }
        t.push_str("format: 1\nproduct:\n");
        let name_key = if self.misspell == 1 { "nmae" } else { "name" };
        t.push_str(&format!("{p}{name_key}: Acme Insight\n{p}version: 1.0.0\n"));
        t.push_str(&format!("{p}public: {}{}\n", self.public, c("public")));
        if let Some((code, style, comment)) = &self.currency {
            t.push_str(&format!(
                "{p}currency: {}{}\n",
                quote(code, *style),
                if *comment { "  # money" } else { "" }
            ));
        }
        t.push_str(&format!(
            "delivery:\n{p}method: saas\n{p}access_guide: 2\n{p}service_supervision:\n{pp}enabled: false\n"
        ));
        let hosting_key = if self.misspell == 2 {
            "\"hostnig\""
        } else {
            "hosting"
        };
        t.push_str(&format!(
            "production_api:\n{p}url: https://market.acme-insight.com/koogallery\n{p}{hosting_key}: huawei_cloud_ecs\n"
        ));
        let tls: Vec<String> = self.tls.iter().map(|s| (*s).to_owned()).collect();
        t.push_str(&format!(
            "{p}tls_versions:{}",
            list(&tls, self.tls_block, &pp, self.comments)
        ));
        let mut cases = vec![
            "newInstance",
            "queryInstance",
            "refreshInstance",
            "updateInstanceStatus",
            "releaseInstance",
        ];
        if self.usage_push {
            cases.push("usagePush");
        }
        t.push_str(&format!("{p}debugged_cases: [{}]\n", cases.join(", ")));
        if !self.provisioning.is_empty() {
            let items: Vec<String> = self.provisioning.iter().map(|s| (*s).to_owned()).collect();
            t.push_str(&format!(
                "provisioning_info:{}",
                list(&items, self.provisioning_block, &p, self.comments)
            ));
        }
        if self.encryption {
            t.push_str(&format!(
                "sensitive_info_encryption: AES256_CBC_PKCS5Padding{}\n",
                c("algorithm")
            ));
        }
        t.push_str(&format!("security_scan:\n{p}report: VSS-2026-11-02-0042\n"));
        t.push_str(&format!(
            "specifications:\n{p}- code: test\n{p}  name: Release test\n{p}  test: true\n{p}  billing: yearly_monthly\n{p}  periods: [month]\n{p}  trial_days: 3\n{p}  pricing:\n{p}    template: simple\n{p}    price: {{ month: 0 }}\n"
        ));
        let trial = if self.misspell == 3 {
            "trial_day"
        } else {
            "trial_days"
        };
        t.push_str(&format!(
            "{p}- code: team\n{p}  name: Team\n{p}  billing: yearly_monthly\n{p}  periods: [month, year]\n{p}  {trial}: 14\n{p}  pricing:\n{p}    template: simple\n{p}    price: {{ month: 20, year: 200 }}\n"
        ));
        if !self.exceptions.is_empty() {
            t.push_str(&format!("lint:\n{p}exceptions:"));
            let item = |(rule, expired): &(&str, bool)| {
                let expires = if *expired {
                    ", expires: 2026-01-01"
                } else {
                    ""
                };
                format!("{{rule: {rule}, reason: accepted for this release{expires}}}")
            };
            match self.exceptions_style % 3 {
                0 => {
                    let items: Vec<String> = self.exceptions.iter().map(item).collect();
                    t.push_str(&format!(" [{}]\n", items.join(", ")));
                }
                1 => {
                    let items: Vec<String> = self.exceptions.iter().map(item).collect();
                    t.push_str(&list(&items, true, &pp, self.comments));
                }
                _ => {
                    t.push_str(&c("exceptions"));
                    t.push('\n');
                    for (rule, expired) in &self.exceptions {
                        t.push_str(&format!("{pp}- rule: {rule}\n{pp}  reason: accepted\n"));
                        if *expired {
                            t.push_str(&format!("{pp}  expires: 2026-01-01\n"));
                        }
                    }
                }
            }
        }
        if self.crlf {
            t = t.replace('\n', "\r\n");
        }
        t
    }

    fn bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        if self.bom {
            b.extend_from_slice(b"\xEF\xBB\xBF");
        }
        b.extend_from_slice(self.text().as_bytes());
        b
    }
}

fn manifest() -> impl Strategy<Value = Manifest> {
    let tls = prop::sample::subsequence(
        vec!["ssl2", "ssl3", "tls1_0", "tls1_1", "tls1_2", "tls1_3"],
        0..=6,
    )
    .prop_shuffle();
    let currency = prop::option::of((
        prop::sample::select(vec!["usd", "Eur", "gbp", "usx", "USD", "xts"])
            .prop_map(str::to_owned),
        0u8..3,
        any::<bool>(),
    ));
    let provisioning = prop::collection::vec(
        prop::sample::select(vec!["email", "mobile_phone", "user_name"]),
        0..4,
    );
    let exceptions = prop::collection::vec(
        (
            prop::sample::select(vec!["LST005", "DEL006", "API012", "DEL007"]),
            any::<bool>(),
        ),
        0..4,
    );
    (
        (
            2usize..=4,
            any::<bool>(),
            any::<bool>(),
            currency,
            any::<bool>(),
        ),
        (
            tls,
            any::<bool>(),
            any::<bool>(),
            provisioning,
            any::<bool>(),
        ),
        (any::<bool>(), 0u8..4, exceptions, 0u8..3, any::<bool>()),
    )
        .prop_map(
            |(
                (indent, crlf, bom, currency, public),
                (tls, tls_block, usage_push, provisioning, provisioning_block),
                (encryption, misspell, exceptions, exceptions_style, comments),
            )| Manifest {
                indent,
                crlf,
                bom,
                currency,
                public,
                tls,
                tls_block,
                usage_push,
                provisioning,
                provisioning_block,
                encryption,
                misspell,
                exceptions,
                exceptions_style,
                comments,
            },
        )
}

fn options() -> Options {
    Options {
        release: ReleaseOptions {
            lock: None,
            first_release: true,
        },
        today: Date::parse("2026-11-26").unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fixing_keeps_the_yaml_valid_and_is_idempotent(m in manifest(), unsafe_fixes in any::<bool>()) {
        let level = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        let input = Input {
            name: "kooship.yaml".to_owned(),
            bytes: m.bytes(),
            base_dir: PathBuf::from("."),
        };
        let before = lint::lint(&input, &options());
        prop_assert!(!before.findings.iter().any(|f| f.rule == &MAN001), "the generator wrote invalid YAML:\n{}", m.text());
        let outcome = fix::apply::fix(&input, &options(), level);
        // The edits themselves never break the manifest's shape: a fix may be refused for
        // what it reveals (a renamed section read at last), never for a YAML or type error.
        for r in &outcome.reverted {
            prop_assert!(
                !r.reason.contains("MAN001") && !r.reason.contains("MAN003") && !r.reason.contains("no longer load"),
                "{} was refused: {}\n{}", r.title, r.reason, m.text()
            );
        }
        let fixed = outcome.after.clone().unwrap_or_else(|| input.bytes.clone());
        let fixed_text = String::from_utf8_lossy(&fixed).into_owned();
        let after = lint::lint(&Input { bytes: fixed.clone(), ..input.clone() }, &options());
        prop_assert!(
            !after.findings.iter().any(|f| f.rule == &MAN001 || f.rule == &MAN006),
            "fixing broke the YAML:\n{}\n--- became ---\n{}", m.text(), fixed_text
        );
        prop_assert_eq!(fixed.starts_with(b"\xEF\xBB\xBF"), m.bom);
        prop_assert_eq!(fixed_text.contains("\r\n"), m.crlf);
        // Nothing left that the same fixes would change.
        let again = fix::apply::fix(&Input { bytes: fixed.clone(), ..input.clone() }, &options(), level);
        prop_assert!(again.after.is_none(), "a second run changed:\n{}", fixed_text);
        // Every finding a kept fix addressed is gone, unless a later round refused.
        for f in &after.findings {
            if let Some(fix) = &f.fix {
                prop_assert!(
                    !fix.applies_at(level) || outcome.reverted.iter().any(|r| r.code == f.rule.code),
                    "{} at {} still has an applicable fix after fixing:\n{}", f.rule.code, f.pointer, fixed_text
                );
            }
        }
    }
}
