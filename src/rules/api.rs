//! API — production system API URL, TLS and debugged interfaces.

use std::cell::RefCell;
use std::collections::BTreeMap;

use url::{Host, SyntaxViolation, Url};

use super::{Area, Context, Docs, Origin, Rule};
use crate::finding::{Finding, Severity};
use crate::model::{
    AccessGuide, Billing, Hosting, Interface, Known, Optional, Specification, TlsVersion, tolerant,
};

pub static AREA: Area = Area {
    prefix: "API",
    title: "Production API URL, TLS and debugged interfaces",
    rules: &[
        &API001, &API002, &API003, &API004, &API005, &API006, &API007, &API008, &API009, &API010,
        &API011, &API012,
    ],
    check,
};

pub static API001: Rule = Rule {
    code: "API001",
    name: "url-invalid",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`url` does not parse as an absolute URL, or its scheme is not `http`/`https`.",
    docs: Docs {
        what: "That `production_api.url` is an absolute URL with the scheme `http` or `https`, \
               written cleanly: the URL parser (WHATWG URL Standard) must accept it without \
               repairing it, so a leading or trailing space, a tab or line break, a backslash, \
               `https:` without `//`, a bad `%` escape or a character that has no place in a \
               URL (a space, `<`, `|`, …) also fire. A user name or password in the URL is \
               API004's business, not this rule's. While this rule fires, the other URL rules \
               (API002–API005) stay silent.",
        why: "KooGallery calls the production system API URL for every subscription, renewal, \
              status change and release; the release form only takes an `http://` or \
              `https://` address, and at submission KooGallery replays the saved debugging \
              cases against it in real time.",
        example: "production_api:\n  url: market.acme-insight.com/koogallery   # no scheme\n",
        fix: "Write the full address as debugged and saved in the Seller Console, with its \
              scheme: `url: https://market.acme-insight.com/koogallery`. \
              Percent-encode characters that cannot appear in a URL.",
        source: "Releasing SaaS (production system API URL); Interface Debugging (V2.0).",
    },
};

pub static API002: Rule = Rule {
    code: "API002",
    name: "url-host-not-domain",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "The host is an IP address (v4 or v6), `localhost` (or ends in `.localhost`), a single label, or is not a domain name: every label 1–63 letters, digits or hyphens, not starting or ending with a hyphen, and the last label 2–63 letters.",
    docs: Docs {
        what: "The host of `production_api.url`, as the URL parser reads it (lower-cased, \
               international names in their `xn--` form, and numeric forms such as `0x7f.1` or \
               `2130706433` read as the IPv4 address they denote). It fires when the host is an \
               IPv4 or IPv6 address; `localhost` or a name ending in `.localhost`; a single \
               label (`intranet`); or not a domain name: every dot-separated label must be 1–63 \
               letters, digits or hyphens, must not start or end with a hyphen (so a trailing \
               dot, which leaves an empty label, fires too), and the last label must be 2–63 \
               letters (an international top-level domain such as `рф`, `xn--p1ai` to the \
               parser, counts as letters).",
        why: "KooGallery requires the production system API URL to name a domain, never an IP \
              address: the address must be reachable from KooGallery's servers, stay stable \
              when the server behind it changes, and carry a certificate for HTTPS. A \
              loopback or intranet name only works on the seller's own machine or network.",
        example: "production_api:\n  url: https://203.0.113.10/koogallery\n",
        fix: "Give the endpoint a public domain name (a DNS record pointing at the Huawei Cloud \
              ECS behind it) and use that name: `url: https://market.acme-insight.com/koogallery`.",
        source: "Releasing SaaS (the production system API URL uses a domain name, not an IP address).",
    },
};

pub static API003: Rule = Rule {
    code: "API003",
    name: "url-plain-http",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "The scheme is `http`: TLS cannot apply and KooGallery's stricter sites require HTTPS.",
    docs: Docs {
        what: "That `production_api.url` uses `https://` rather than `http://`.",
        why: "Over plain HTTP the subscription requests (with the buyer's encrypted contact data \
              and the signature KooGallery computes) travel unprotected, and the TLS versions \
              declared in `tls_versions` cannot apply. The international release form still \
              accepts `http://`, but KooGallery's EU access guide requires HTTPS with TLS 1.2 or \
              later and a certificate from a real certificate authority.",
        example: "production_api:\n  url: http://market.acme-insight.com/koogallery\n",
        fix: "Serve the endpoint over HTTPS with a certificate from a public certificate \
              authority, debug the `https://` address again in the Seller Console, and write it: \
              `url: https://market.acme-insight.com/koogallery`.",
        source: "EU access guide, Preparations (overall API requirements: HTTPS only); Releasing SaaS (http:// or https://).",
    },
};

pub static API004: Rule = Rule {
    code: "API004",
    name: "url-credentials",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Inferred,
    summary: "The URL carries a user name or password.",
    docs: Docs {
        what: "That `production_api.url` has no user information: nothing like \
               `https://user:secret@host/`.",
        why: "KooGallery authenticates its calls by signing them with the seller's key, not with \
              credentials in the address. A password in the URL would be stored in the release \
              request, shown to reviewers, and committed to the repository with the manifest; \
              browsers and many HTTP clients also drop or refuse such URLs.",
        example: "production_api:\n  url: https://koogallery:s3cret@market.acme-insight.com/koogallery\n",
        fix: "Remove the user information, authenticate KooGallery's requests by checking their \
              signature (Access Guide V2.0), and rotate the password that was in the URL.",
        source: "Inferred from the Access Guide V2.0 (HTTP body signature: requests are authenticated by signature).",
    },
};

pub static API005: Rule = Rule {
    code: "API005",
    name: "url-query-fragment",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "The URL has a query string or a fragment (KooGallery adds its own query parameters for signing).",
    docs: Docs {
        what: "That `production_api.url` has no query string (`?…`, even an empty one) and no \
               fragment (`#…`).",
        why: "KooGallery appends `signature`, `timestamp` and `nonce` as query parameters to \
              every call it makes to the production URL; a query string already in the URL \
              either gets mangled or changes what the endpoint sees. A fragment is never sent \
              to the server at all.",
        example: "production_api:\n  url: https://market.acme-insight.com/koogallery?tenant=acme\n",
        fix: "Move the information into the path (`/koogallery/acme`) or into the endpoint's \
              configuration, debug the new address in the Seller Console, and write it without \
              `?` or `#`.",
        source: "HTTP Body Signature (V2.0): signature, timestamp and nonce travel in the query string.",
    },
};

pub static API006: Rule = Rule {
    code: "API006",
    name: "tls-insecure-version",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`tls_versions` includes `ssl2`, `ssl3` or `tls1_0`.",
    docs: Docs {
        what: "Each entry of `production_api.tls_versions`: `ssl2`, `ssl3` and `tls1_0` are \
               reported, one finding per entry.",
        why: "KooGallery requires SSL 2.0, SSL 3.0 and TLS 1.0 to be disabled on the production \
              endpoint: they are broken protocols, and KooGallery's security review refuses \
              endpoints that still negotiate them.",
        example: "production_api:\n  tls_versions: [tls1_0, tls1_2]\n",
        fix: "Disable the old protocols in the web server or load balancer (for nginx: \
              `ssl_protocols TLSv1.2 TLSv1.3;`), check with a TLS scanner, and remove them from \
              `tls_versions`.",
        source: "Releasing SaaS (TLS 1.1 or 1.2 accepted; SSL and TLS 1.0 must be off).",
    },
};

pub static API007: Rule = Rule {
    code: "API007",
    name: "tls-no-accepted-version",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`tls_versions` holds neither `tls1_1` nor `tls1_2`.",
    docs: Docs {
        what: "That `production_api.tls_versions` includes `tls1_2` (or at least `tls1_1`). An \
               empty list fires, and so does a list of `tls1_3` alone.",
        why: "KooGallery's release form states that the endpoint must accept TLS 1.1 or 1.2; \
              KooGallery's callers are not documented to speak TLS 1.3, so an endpoint that \
              only offers 1.3 (or only broken protocols) may fail every call.",
        example: "production_api:\n  tls_versions: [tls1_3]\n",
        fix: "Enable TLS 1.2 on the endpoint (TLS 1.3 may stay on beside it) and list it: \
              `tls_versions: [tls1_2, tls1_3]`.",
        source: "Releasing SaaS (TLS 1.1 or 1.2 accepted).",
    },
};

pub static API008: Rule = Rule {
    code: "API008",
    name: "tls-1-1-deprecated",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Doc,
    summary: "`tls1_1` is offered (accepted by the form, refused by stricter KooGallery sites and deprecated by RFC 8996).",
    docs: Docs {
        what: "That `production_api.tls_versions` does not include `tls1_1`.",
        why: "The international release form still accepts TLS 1.1, but KooGallery's EU access \
              guide requires TLS 1.2 or later, and RFC 8996 deprecates TLS 1.1 altogether; \
              security scans report it as a misconfiguration.",
        example: "production_api:\n  tls_versions: [tls1_1, tls1_2]\n",
        fix: "Disable TLS 1.1 on the endpoint and remove it from the list: \
              `tls_versions: [tls1_2]`.",
        source: "Releasing SaaS (TLS 1.1 or 1.2); EU access guide, Preparations (TLS 1.2 or later); RFC 8996.",
    },
};

pub static API009: Rule = Rule {
    code: "API009",
    name: "hosting-not-ecs",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::Seed,
    summary: "`hosting` is not `huawei_cloud_ecs`.",
    docs: Docs {
        what: "That `production_api.hosting` is `huawei_cloud_ecs`.",
        why: "KooGallery requires the server behind the production system API URL to be a \
              Huawei Cloud (International) ECS; SaaS products hosted elsewhere are refused at \
              review.",
        example: "production_api:\n  hosting: other\n",
        fix: "Move the endpoint to an ECS in a Huawei Cloud (International) region, point the \
              URL's domain at it, debug again, and set `hosting: huawei_cloud_ecs`.",
        source: "Releasing SaaS (the server of the production system API URL must be a Huawei Cloud ECS).",
    },
};

pub static API010: Rule = Rule {
    code: "API010",
    name: "debug-case-missing",
    severity: Severity::Error,
    waivable: false,
    origin: Origin::SeedDoc,
    summary: "A billing mode in use needs a debugging case that `debugged_cases` lacks; one finding per missing case, naming the specs that need it.",
    docs: Docs {
        what: "Every spec in the file (listed or not, the test spec included) needs the \
               debugging cases of its billing mode. Access Guide 2: `yearly_monthly` needs \
               `newInstance`, `queryInstance`, `refreshInstance`, `updateInstanceStatus` and \
               `releaseInstance`; `one_time` needs `newInstance`, `queryInstance` and \
               `releaseInstance`; `pay_per_use` needs `newInstance`, `queryInstance`, \
               `refreshInstance`, `releaseInstance` and `usagePush`. Access Guide 1: \
               `yearly_monthly` needs `newInstance`, `refreshInstance`, `updateInstanceStatus` \
               and `releaseInstance`; `one_time` needs `newInstance` and `releaseInstance`; \
               `pay_per_use` needs `newInstance`, `updateInstanceStatus`, `releaseInstance` and \
               `usagePush`. Under either guide a `yearly_monthly` spec with upgrade rules or \
               `scale_out: true` also needs `upgradeInstance`. Each case missing from \
               `production_api.debugged_cases` is one finding, at the list, naming the specs \
               that need it. `changeInstanceCheck` is never required.",
        why: "KooGallery only lets a product be released once the interfaces its billing modes \
              use have been debugged and the cases saved in the Seller Console; at submission \
              it replays the saved cases against the production URL, and an interface that was \
              never exercised fails there, or later on a real order.",
        example: "production_api:\n  debugged_cases: [newInstance, queryInstance, releaseInstance]\nspecifications:\n  - code: team\n    name: Team\n    billing: yearly_monthly   # also needs refreshInstance, updateInstanceStatus\n    periods: [month]\n    pricing:\n      template: simple\n      price: { month: 20 }\n",
        fix: "Run the missing case in the Seller Console's interface debugging page (Application \
              Tools), save it once it passes, and add its name to `debugged_cases`.",
        source: "Releasing SaaS (debugging cases per billing mode); Interface Debugging (V2.0); EU Debugging an API; Pay-per-Use Specifications/Packages (usage push); Upgrade and Billing Rules (upgrade case).",
    },
};

pub static API011: Rule = Rule {
    code: "API011",
    name: "debug-case-unneeded",
    severity: Severity::Info,
    waivable: true,
    origin: Origin::Practice,
    summary: "A debugged case that no billing mode in use needs (`changeInstanceCheck` is optional and never reported).",
    docs: Docs {
        what: "Each entry of `production_api.debugged_cases` that no spec in the file needs \
               under the access guide in use (see API010 for the table), one finding per entry. \
               `changeInstanceCheck` is optional and never reported.",
        why: "An extra case does no harm at KooGallery, but it often means the manifest and the \
              product have drifted apart: a billing mode or an upgrade offer that was removed, \
              or a spec that was meant to be there and is not.",
        example: "production_api:\n  debugged_cases: [newInstance, queryInstance, releaseInstance, usagePush]\nspecifications:\n  - code: setup\n    name: Setup\n    billing: one_time   # no pay_per_use spec needs usagePush\n    pricing:\n      template: simple\n      price: 500\n",
        fix: "Remove the case from `debugged_cases`, or add the spec that needs it.",
        source: "kooship's own check.",
    },
};

pub static API012: Rule = Rule {
    code: "API012",
    name: "url-reserved-domain",
    severity: Severity::Warning,
    waivable: true,
    origin: Origin::Practice,
    summary: "The host is a name reserved for documentation or local use, which KooGallery cannot reach: `example.com`, `example.net`, `example.org` or a name below them, or a name ending in `.example`, `.test`, `.invalid`, `.local`, `.internal` or `.home.arpa`.",
    docs: Docs {
        what: "The host of `production_api.url` (as the URL parser reads it, lower-cased, a \
               trailing dot ignored), when it is a domain name API002 accepts: it fires for \
               `example.com`, `example.net` and `example.org` and every name below them \
               (`market.acme-insight.com`), and for names ending in `.example`, `.test` or \
               `.invalid` (reserved for documentation and testing, RFC 2606 and RFC 6761), \
               `.local` (multicast DNS, RFC 6762), `.internal` (private use, reserved by ICANN \
               in 2024) or `.home.arpa` (home networks, RFC 8375).",
        why: "No public resolver answers for these names: KooGallery's servers cannot reach an \
              endpoint behind one, so the saved debugging cases fail when KooGallery replays \
              them at review. Such a host is almost always a value copied from documentation \
              or from `kooship init` that was never filled in, or a staging address.",
        example: "production_api:\n  url: https://koogallery.example.com/api/v2\n",
        fix: "Write the public domain name of the production endpoint, as debugged and saved in \
              the Seller Console: `url: https://market.acme-insight.com/koogallery`. Probe a \
              staging server with `kooship probe --url` instead of listing it here.",
        source: "RFC 2606, RFC 6761, RFC 6762, RFC 8375 (reserved names); ICANN resolution on `.internal` (2024).",
    },
};

/// The domain suffixes (with their dot) reserved for documentation, testing or local use.
const RESERVED_SUFFIXES: &[&str] = &[
    ".example",
    ".test",
    ".invalid",
    ".local",
    ".internal",
    ".home.arpa",
];

/// The documentation domains, reserved with every name below them.
const RESERVED_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

/// The reserved name or suffix a domain falls under, if any (`None` for a public name).
fn reserved_domain(domain: &str) -> Option<&'static str> {
    let d = domain
        .strip_suffix('.')
        .unwrap_or(domain)
        .to_ascii_lowercase();
    for r in RESERVED_DOMAINS {
        if d == *r || d.strip_suffix(r).is_some_and(|head| head.ends_with('.')) {
            return Some(r);
        }
    }
    RESERVED_SUFFIXES
        .iter()
        .find(|s| d.ends_with(*s) || d == s[1..])
        .copied()
}

/// The debugging cases a billing mode needs under an access guide (without `upgradeInstance`).
fn billing_cases(billing: Billing, guide: AccessGuide) -> &'static [Interface] {
    use Interface::*;
    match (guide, billing) {
        (AccessGuide::V2, Billing::YearlyMonthly) => &[
            NewInstance,
            QueryInstance,
            RefreshInstance,
            UpdateInstanceStatus,
            ReleaseInstance,
        ],
        (AccessGuide::V2, Billing::OneTime) => &[NewInstance, QueryInstance, ReleaseInstance],
        (AccessGuide::V2, Billing::PayPerUse) => &[
            NewInstance,
            QueryInstance,
            RefreshInstance,
            ReleaseInstance,
            UsagePush,
        ],
        (AccessGuide::V1, Billing::YearlyMonthly) => &[
            NewInstance,
            RefreshInstance,
            UpdateInstanceStatus,
            ReleaseInstance,
        ],
        (AccessGuide::V1, Billing::OneTime) => &[NewInstance, ReleaseInstance],
        (AccessGuide::V1, Billing::PayPerUse) => &[
            NewInstance,
            UpdateInstanceStatus,
            ReleaseInstance,
            UsagePush,
        ],
    }
}

/// Whether a spec needs the `upgradeInstance` case: a `yearly_monthly` spec with upgrade
/// rules or `scale_out: true`.
fn needs_upgrade(spec: &Specification) -> bool {
    spec.billing == Billing::YearlyMonthly
        && (!spec.upgrade_rules().is_empty() || spec.scales_out())
}

/// The debugging cases the specs need under `guide`: each case → the codes of the specs that
/// need it, in file order, each code once. Every spec counts (listed or not, test spec
/// included); `changeInstanceCheck` never appears. Cases come in [`Interface`] order.
pub fn required_cases(
    specs: &[Specification],
    guide: AccessGuide,
) -> BTreeMap<Interface, Vec<String>> {
    let mut map: BTreeMap<Interface, Vec<String>> = BTreeMap::new();
    for spec in specs {
        let upgrade = needs_upgrade(spec).then_some(Interface::UpgradeInstance);
        for &case in billing_cases(spec.billing, guide)
            .iter()
            .chain(upgrade.iter())
        {
            let codes = map.entry(case).or_default();
            if !codes.contains(&spec.code) {
                codes.push(spec.code.clone());
            }
        }
    }
    map
}

/// What the specs of a manifest need, as far as it is known.
struct Needs {
    /// Each case surely needed → the specs that need it (label, billing), in file order.
    certain: BTreeMap<Interface, Vec<(String, Billing)>>,
    /// A spec whose billing mode is unknown: it may need any case.
    any: bool,
    /// A yearly/monthly spec whose upgrade rules or `scale_out` are unknown.
    upgrade: bool,
}

impl Needs {
    /// Whether `case` may be needed by some spec.
    fn may_need(&self, case: Interface) -> bool {
        self.certain.contains_key(&case)
            || self.any
            || (self.upgrade && case == Interface::UpgradeInstance)
    }
}

/// [`required_cases`] for the rules: a spec whose billing mode, upgrade rules or
/// `scale_out` is unknown only makes its needs uncertain.
fn needs(specs: &[Known<tolerant::Specification>], guide: AccessGuide) -> Needs {
    let mut needs = Needs {
        certain: BTreeMap::new(),
        any: false,
        upgrade: false,
    };
    for (i, spec) in specs.iter().enumerate() {
        let Some((spec, billing)) = spec.get().and_then(|s| Some((s, s.billing.copied()?))) else {
            needs.any = true;
            continue;
        };
        let upgrade = if billing == Billing::YearlyMonthly {
            let rules = match spec.upgrades.known() {
                None => None,
                Some(None) => Some(false),
                Some(Some(list)) => Some(!list.is_empty()),
            };
            match (rules, spec.scales_out()) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            }
        } else {
            Some(false)
        };
        if upgrade.is_none() {
            needs.upgrade = true;
        }
        let extra = (upgrade == Some(true)).then_some(Interface::UpgradeInstance);
        let label = spec.label(i);
        for &case in billing_cases(billing, guide).iter().chain(extra.iter()) {
            let entry = needs.certain.entry(case).or_default();
            if !entry.iter().any(|(l, _)| *l == label) {
                entry.push((label.clone(), billing));
            }
        }
    }
    needs
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(api) = cx.manifest.production_api.get() else {
        return;
    };
    if let Some(url) = api.url.str() {
        check_url(url, out);
    }
    check_tls(api, out);
    if api.hosting.copied() == Some(Hosting::Other) {
        out.push(
            Finding::new(
                &API009,
                "/production_api/hosting",
                "hosting `other`: KooGallery requires the production endpoint to run on a Huawei Cloud (International) ECS",
            )
            .help("move the endpoint to a Huawei Cloud ECS, then set `hosting: huawei_cloud_ecs`"),
        );
    }
    check_cases(cx, api, out);
}

const URL: &str = "/production_api/url";

/// The host as written in the URL text (for messages only): after `//`, before the path,
/// query or fragment, without user information and port.
fn written_host(url: &str) -> Option<&str> {
    let rest = &url[url.find("//")? + 2..];
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host.starts_with('[') {
        return Some(&host[..host.find(']').map_or(host.len(), |i| i + 1)]);
    }
    Some(&host[..host.rfind(':').unwrap_or(host.len())])
}

fn check_url(raw: &str, out: &mut Vec<Finding>) {
    let violations = RefCell::new(Vec::new());
    let cb = |v: SyntaxViolation| {
        if !matches!(
            v,
            SyntaxViolation::EmbeddedCredentials | SyntaxViolation::UnencodedAtSign
        ) {
            violations.borrow_mut().push(v);
        }
    };
    let parsed = Url::options()
        .syntax_violation_callback(Some(&cb))
        .parse(raw);
    let url = match parsed {
        Err(e) => {
            out.push(
                Finding::new(
                    &API001,
                    URL,
                    format!("`{raw}` is not an absolute URL: {e}"),
                )
                .help("write the full address with its scheme, e.g. `https://market.acme-insight.com/koogallery`"),
            );
            return;
        }
        Ok(u) => u,
    };
    if !matches!(url.scheme(), "http" | "https") {
        out.push(
            Finding::new(
                &API001,
                URL,
                format!(
                    "the URL's scheme is `{}`, not `http` or `https`",
                    url.scheme()
                ),
            )
            .help("KooGallery calls the endpoint over HTTP(S): use an `https://` address"),
        );
        return;
    }
    if let Some(v) = violations.borrow().first() {
        out.push(
            Finding::new(
                &API001,
                URL,
                format!("`{raw}` is not a well-formed URL: {v}"),
            )
            .help("write the address exactly as debugged in the Seller Console, without spaces; percent-encode characters that cannot appear in a URL"),
        );
        return;
    }

    match url.host() {
        Some(host) => {
            if let Some(problem) = host_problem(&host) {
                let host_text = host.to_string();
                let written = written_host(raw)
                    .filter(|w| !w.eq_ignore_ascii_case(&host_text))
                    .map(|w| format!(" (written `{w}`)"))
                    .unwrap_or_default();
                out.push(
                    Finding::new(
                        &API002,
                        URL,
                        format!("the URL's host `{host_text}`{written} {problem}"),
                    )
                    .help("use the public domain name that points at the endpoint, e.g. `https://market.acme-insight.com/koogallery`"),
                );
            } else if let Host::Domain(domain) = host
                && let Some(reserved) = reserved_domain(domain)
            {
                let what = if reserved.starts_with('.') {
                    format!("ends in `{reserved}`")
                } else {
                    format!("is under `{reserved}`")
                };
                out.push(
                    Finding::new(
                        &API012,
                        URL,
                        format!(
                            "the URL's host `{domain}` {what}, a name reserved for documentation or local use that KooGallery cannot reach"
                        ),
                    )
                    .help("write the public domain name of the production endpoint, as debugged in the Seller Console"),
                );
            }
        }
        None => out.push(
            Finding::new(&API002, URL, "the URL has no host")
                .help("use the public domain name that points at the endpoint, e.g. `https://market.acme-insight.com/koogallery`"),
        ),
    }
    if url.scheme() == "http" {
        out.push(
            Finding::new(
                &API003,
                URL,
                "the production URL uses plain `http`; TLS cannot apply and KooGallery's stricter sites require HTTPS",
            )
            .help("serve the endpoint over HTTPS, debug the `https://` address, and write it here"),
        );
    }
    if !url.username().is_empty() || url.password().is_some() {
        let what = match (url.username().is_empty(), url.password().is_some()) {
            (false, true) => "a user name and a password",
            (true, true) => "a password",
            _ => "a user name",
        };
        out.push(
            Finding::new(&API004, URL, format!("the production URL carries {what}"))
                .help("remove the `user:password@` part (KooGallery signs its requests instead) and rotate the password"),
        );
    }
    let mut parts = Vec::new();
    if let Some(q) = url.query() {
        parts.push(format!("a query string `?{q}`"));
    }
    if let Some(f) = url.fragment() {
        parts.push(format!("a fragment `#{f}`"));
    }
    if !parts.is_empty() {
        out.push(
            Finding::new(
                &API005,
                URL,
                format!(
                    "the production URL has {}; KooGallery adds its own query parameters (signature, timestamp, nonce)",
                    parts.join(" and ")
                ),
            )
            .help("drop the `?…`/`#…` part: move what it carries into the path or the endpoint's configuration"),
        );
    }
}

/// Why a host is not a public domain name, or `None` when it is one.
fn host_problem(host: &Host<&str>) -> Option<String> {
    let domain = match host {
        Host::Ipv4(_) => return Some("is an IPv4 address, not a domain name".to_owned()),
        Host::Ipv6(_) => return Some("is an IPv6 address, not a domain name".to_owned()),
        Host::Domain(d) => *d,
    };
    let bare = domain.strip_suffix('.').unwrap_or(domain);
    let lower = bare.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return Some("is a loopback name, not a public domain name".to_owned());
    }
    if !bare.contains('.') {
        return Some("is a single label, not a domain name".to_owned());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Some("has an empty label (two dots in a row, or a trailing dot)".to_owned());
        }
        if label.chars().count() > 63 {
            return Some(format!(
                "has a label of {} characters; a label has at most 63",
                label.chars().count()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Some(format!(
                "has the character `{c}` in label `{label}`; a label has only letters, digits and hyphens"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "has label `{label}`, which starts or ends with a hyphen"
            ));
        }
    }
    let last = labels.last().copied().unwrap_or_default();
    // An international top-level domain (`рф`, `中国`) is letters of its own script; the URL
    // parser hands it over in its `xn--` form.
    let international = last.len() > 4 && last.starts_with("xn--");
    if !international && (last.len() < 2 || !last.chars().all(|c| c.is_ascii_alphabetic())) {
        return Some(format!(
            "ends in `{last}`; the last label of a domain name is 2–63 letters"
        ));
    }
    None
}

fn check_tls(api: &tolerant::ProductionApi, out: &mut Vec<Finding>) {
    let base = "/production_api/tls_versions";
    for (i, v) in api.tls_versions.each() {
        match v {
            TlsVersion::Ssl2 | TlsVersion::Ssl3 | TlsVersion::Tls1_0 => out.push(
                Finding::new(
                    &API006,
                    format!("{base}/{i}"),
                    format!(
                        "`{}` ({}) is offered; KooGallery requires SSL 2.0, SSL 3.0 and TLS 1.0 to be disabled",
                        v.as_str(),
                        v.label()
                    ),
                )
                .help(format!(
                    "disable {} on the endpoint and remove `{}` from `tls_versions`",
                    v.label(),
                    v.as_str()
                )),
            ),
            TlsVersion::Tls1_1 => out.push(
                Finding::new(
                    &API008,
                    format!("{base}/{i}"),
                    "`tls1_1` (TLS 1.1) is offered; it is deprecated (RFC 8996) and KooGallery's stricter sites require TLS 1.2 or later",
                )
                .help("disable TLS 1.1 on the endpoint and keep `tls1_2`"),
            ),
            TlsVersion::Tls1_2 | TlsVersion::Tls1_3 => {}
        }
    }
    // Only a list known whole can lack both (an unknown entry may be `tls1_2`).
    let Some(versions) = api.tls_versions.whole() else {
        return;
    };
    if !versions
        .iter()
        .any(|v| matches!(v, TlsVersion::Tls1_1 | TlsVersion::Tls1_2))
    {
        let listed = if versions.is_empty() {
            "no version".to_owned()
        } else {
            versions
                .iter()
                .map(|v| format!("`{}`", v.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(
            Finding::new(
                &API007,
                base,
                format!(
                    "`tls_versions` lists {listed}; KooGallery accepts TLS 1.1 or TLS 1.2, and neither is offered"
                ),
            )
            .help("enable TLS 1.2 on the endpoint and add `tls1_2`"),
        );
    }
}

fn check_cases(cx: &Context, api: &tolerant::ProductionApi, out: &mut Vec<Finding>) {
    // The access guide decides the cases; when it is unknown, a finding must hold under both.
    let guides: &[AccessGuide] = match cx.manifest.delivery.get().map(|d| d.access_guide.copied()) {
        Some(Some(AccessGuide::V1)) => &[AccessGuide::V1],
        Some(Some(AccessGuide::V2)) => &[AccessGuide::V2],
        _ => &[AccessGuide::V2, AccessGuide::V1],
    };
    let Some(specs) = cx.manifest.specifications.get() else {
        return;
    };
    if specs.is_empty() {
        return;
    }
    let Some(debugged) = api.debugged_cases.get() else {
        return;
    };
    let all_needs: Vec<Needs> = guides.iter().map(|g| needs(specs, *g)).collect();
    let Some(first) = all_needs.first() else {
        return;
    };
    let guide_no = i64::from(guides[0]);
    let base = "/production_api/debugged_cases";
    // An unknown entry may be any case: no case is surely missing.
    if debugged.iter().all(|c| !c.is_unknown()) {
        for (case, specs) in &first.certain {
            if debugged.iter().any(|c| c.get() == Some(case))
                || all_needs.iter().any(|n| !n.certain.contains_key(case))
            {
                continue;
            }
            // The specs that need the case, grouped by billing mode in catalog order.
            let mut groups = Vec::new();
            for billing in Billing::ALL {
                let in_mode: Vec<&str> = specs
                    .iter()
                    .filter(|(_, b)| *b == billing)
                    .map(|(label, _)| label.as_str())
                    .collect();
                if !in_mode.is_empty() {
                    let noun = if in_mode.len() == 1 { "spec" } else { "specs" };
                    groups.push(format!(
                        "{} {noun} {}",
                        billing.as_str(),
                        in_mode.join(", ")
                    ));
                }
            }
            let verb = if specs.len() == 1 { "needs" } else { "need" };
            let why = if *case == Interface::UpgradeInstance {
                " (upgrade rules or scale-out)"
            } else {
                ""
            };
            out.push(
                Finding::new(
                    &API010,
                    base,
                    format!(
                        "{}{why} {verb} `{}`, which is not in `debugged_cases`",
                        groups.join(" and "),
                        case.as_str()
                    ),
                )
                .help(format!(
                    "run and save the `{}` debugging case in the Seller Console (access guide {guide_no}), then add it to `debugged_cases`",
                    case.as_str()
                )),
            );
        }
    }
    for (i, case) in api.debugged_cases.each() {
        if *case == Interface::ChangeInstanceCheck || all_needs.iter().any(|n| n.may_need(*case)) {
            continue;
        }
        let reason = if *case == Interface::UpgradeInstance {
            "no yearly_monthly spec has upgrade rules or `scale_out: true`".to_owned()
        } else {
            let modes: Vec<&str> = Billing::ALL
                .into_iter()
                .filter(|b| billing_cases(*b, guides[0]).contains(case))
                .map(Billing::as_str)
                .collect();
            if modes.is_empty() {
                format!("no billing mode needs it under access guide {guide_no}")
            } else {
                format!(
                    "only {} specs need it under access guide {guide_no}, and there are none",
                    modes.join(" or ")
                )
            }
        };
        out.push(
            Finding::new(
                &API011,
                format!("{base}/{i}"),
                format!(
                    "`{}` is debugged but no spec needs it: {reason}",
                    case.as_str()
                ),
            )
            .help("remove it from `debugged_cases`, or add the spec that needs it"),
        );
    }
}
