//! `kooship probe`: the endpoint as KooGallery sees it (the contract behind the README's "Before you submit" section). The only
//! command that touches the network, in five steps, each its own module:
//!
//! 1. [`net`]: the URL, `--resolve`, resolution, a TCP connection (PRB023, PRB001, PRB002);
//! 2. [`tls`] with [`hello`]: which of SSL 3.0–TLS 1.3 the server accepts, one hand-built
//!    ClientHello per version (PRB002–PRB007);
//! 3. [`cert`]: a real rustls handshake that verifies the certificate (PRB008, PRB009);
//! 4. and 5. [`flow`] over [`http`], signed by [`sign`]: the calls per billing mode and the
//!    negative checks (PRB010–PRB019, PRB021).
//!
//! [`manifest`] is the one place that reads the manifest; [`secret`] keeps the access key
//! out of everything that is written. Nothing here runs for `lint`.

pub mod answer;
pub mod cert;
pub mod flow;
pub mod hello;
pub mod http;
pub mod manifest;
pub mod net;
pub mod rand;
pub mod secret;
pub mod sign;
pub mod tls;

use std::time::Duration;

use serde::Serialize;

use crate::finding::Finding;
use crate::lint::{self, FileReport, Input};
use crate::rules::man::{MAN001, MAN006, MAN007};
use crate::rules::prb::*;
use hello::Version;
use manifest::{Target, URL_POINTER};
use rustls::pki_types::CertificateDer;
use secret::AccessKey;
use tls::Verdict;

/// How to probe.
pub struct Options {
    /// `--url`: probe this URL instead of the manifest's.
    pub url: Option<String>,
    pub resolve: Vec<net::ResolveEntry>,
    /// `--ca-file`: its certificates, and its path as given (for curl lines).
    pub ca_file: Option<(Vec<CertificateDer<'static>>, String)>,
    /// `None`: no key (PRB022, unless transport only).
    pub key: Option<AccessKey>,
    pub transport_only: bool,
    /// Per request and per socket operation.
    pub timeout: Duration,
    /// Between `queryInstance` polls after `000004` (2 s).
    pub poll_interval: Duration,
    /// How long to poll (30 s).
    pub poll_limit: Duration,
    /// `--curl`.
    pub curl: bool,
    /// Today, for the lint settings' exception dates.
    pub today: crate::clock::Date,
}

/// What the probe saw, as the JSON report's `probe` object.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeData {
    pub url: String,
    pub addresses: Vec<String>,
    pub tls: TlsTable,
    pub certificate: Option<CertificateData>,
    pub calls: Vec<flow::Call>,
    /// Lines for the human report: what was not probed, and why.
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// One verdict per version; `null` when not probed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TlsTable {
    pub ssl3: Option<&'static str>,
    pub tls1_0: Option<&'static str>,
    pub tls1_1: Option<&'static str>,
    pub tls1_2: Option<&'static str>,
    pub tls1_3: Option<&'static str>,
}

impl TlsTable {
    fn set(&mut self, version: Version, verdict: Option<Verdict>) {
        let v = verdict.map(Verdict::as_str);
        match version {
            Version::Ssl3 => self.ssl3 = v,
            Version::Tls1_0 => self.tls1_0 = v,
            Version::Tls1_1 => self.tls1_1 = v,
            Version::Tls1_2 => self.tls1_2 = v,
            Version::Tls1_3 => self.tls1_3 = v,
        }
    }

    /// The verdicts in version order.
    pub fn entries(&self) -> [(Version, Option<&'static str>); 5] {
        [
            (Version::Ssl3, self.ssl3),
            (Version::Tls1_0, self.tls1_0),
            (Version::Tls1_1, self.tls1_1),
            (Version::Tls1_2, self.tls1_2),
            (Version::Tls1_3, self.tls1_3),
        ]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateData {
    pub subject: String,
    pub issuer: String,
    pub not_after: String,
    pub days_left: i64,
    pub trusted: bool,
    /// `public` or `ca-file`; `null` when not trusted.
    pub trust: Option<&'static str>,
}

/// The result of a run.
pub struct Probed {
    pub report: FileReport,
    /// `None` when the manifest did not load (MAN001, MAN006, MAN007).
    pub data: Option<ProbeData>,
}

/// Probes the endpoint of the manifest `input`. `Err`: the probe cannot run (no URL to
/// probe, or a URL that is not http(s)); exit status 2.
pub fn run(input: &Input, options: &Options) -> Result<Probed, String> {
    let lint_options = lint::Options {
        today: options.today,
        ..lint::Options::default()
    };
    let linted = lint::lint_full(input, &lint_options);
    let fatal: Vec<Finding> = linted
        .report
        .findings
        .iter()
        .filter(|f| [&MAN001, &MAN006, &MAN007].contains(&f.rule))
        .cloned()
        .collect();
    let Some(value) = linted.value.as_ref().filter(|_| fatal.is_empty()) else {
        return Ok(Probed {
            report: FileReport {
                path: linted.report.path.clone(),
                source: linted.report.source.clone(),
                findings: fatal,
                suppressed: 0,
            },
            data: None,
        });
    };
    let target = Target::read(value);
    let url = match (&options.url, &target.url) {
        (Some(u), _) => u.clone(),
        (None, Some(u)) => u.clone(),
        (None, None) => {
            return Err(format!(
                "`{}` has no `production_api.url` to probe (run `kooship lint`), and no --url was given",
                input.name
            ));
        }
    };
    let endpoint = net::Endpoint::parse(&url)?;
    let (findings, data) = probe(&endpoint, &target, options);
    let (mut findings, suppressed) = manifest::apply_settings(&linted, findings, options.today);
    lint::locate(&mut findings, &linted.index, &linted.report.source);
    Ok(Probed {
        report: FileReport {
            path: linted.report.path.clone(),
            source: linted.report.source.clone(),
            findings,
            suppressed,
        },
        data: Some(data),
    })
}

/// The five steps.
fn probe(
    endpoint: &net::Endpoint,
    target: &Target,
    options: &Options,
) -> (Vec<Finding>, ProbeData) {
    let mut out = Vec::new();
    let mut data = ProbeData {
        url: endpoint.url.clone(),
        addresses: Vec::new(),
        tls: TlsTable::default(),
        certificate: None,
        calls: Vec::new(),
        notes: Vec::new(),
    };
    let host = &endpoint.host;
    let timeout = options.timeout;

    // 1. The host and the connection.
    if let Some(ip) = endpoint.ip {
        out.push(
            Finding::new(
                &PRB023,
                URL_POINTER,
                format!("the URL's host `{ip}` is an IP address; KooGallery requires a domain name"),
            )
            .help("give the server a domain name and use it in the URL; `--resolve NAME:PORT:ADDRESS` probes it before DNS is ready"),
        );
        data.notes
            .push("nothing else was probed: the host is an IP address".to_owned());
        return (out, data);
    }
    for e in &options.resolve {
        if !e.matches(host, endpoint.port) {
            data.notes.push(format!(
                "--resolve `{}` does not name the URL's host and port ({host}:{}); it is ignored, as curl ignores it",
                e.text, endpoint.port
            ));
        }
    }
    let addrs = match net::resolve(endpoint, &options.resolve, timeout) {
        net::Resolved::Addrs(addrs, _) => addrs,
        net::Resolved::Unresolvable(why) => {
            out.push(
                Finding::new(&PRB001, URL_POINTER, format!("the host `{host}` does not resolve: {why}"))
                    .help("create the DNS record for the name (or fix the URL); `--resolve NAME:PORT:ADDRESS` probes a server before DNS is ready"),
            );
            data.notes
                .push("nothing else was probed: the host does not resolve".to_owned());
            return (out, data);
        }
    };
    data.addresses = addrs.iter().map(|a| a.ip().to_string()).collect();
    let mut reachable = Vec::new();
    let mut failures = Vec::new();
    for addr in &addrs {
        match net::connect(*addr, timeout) {
            Ok(()) => reachable.push(*addr),
            Err(why) => failures.push(format!("{addr}: {why}")),
        }
    }
    if !failures.is_empty() {
        let all = reachable.is_empty();
        out.push(
            Finding::new(
                &PRB002,
                URL_POINTER,
                format!(
                    "no TCP connection to `{host}` port {}: {}",
                    endpoint.port,
                    failures.join("; ")
                ),
            )
            .help("open the port in the security group and the firewall, and make sure the server listens on it"),
        );
        if all {
            data.notes
                .push("nothing else was probed: no connection could be opened".to_owned());
            return (out, data);
        }
    }

    let random = rand::Random::new();
    let mut client_roots: Option<Vec<CertificateDer<'static>>> = None;
    if endpoint.https {
        // 2. The versions.
        let scan = tls::scan(&reachable, host, timeout, &random);
        if let Some((addr, what)) = &scan.not_tls {
            out.push(
                Finding::new(
                    &PRB002,
                    URL_POINTER,
                    format!(
                        "`{}` is an https URL, but {addr} does not speak TLS: {what}",
                        endpoint.url
                    ),
                )
                .help("serve TLS on the URL's port, or correct the port or the scheme in the URL"),
            );
            data.notes
                .push("nothing else was probed: the server does not speak TLS".to_owned());
            return (out, data);
        }
        for version in Version::ALL {
            data.tls.set(version, scan.verdict(version));
        }
        tls_findings(&scan, target, &mut out);

        // 3. The certificate, from the first address that takes TLS 1.2 or 1.3.
        let roots = match cert::Roots::new(
            options
                .ca_file
                .as_ref()
                .map(|(c, _)| c.as_slice())
                .unwrap_or(&[]),
        ) {
            Ok(r) => r,
            Err(e) => {
                data.notes
                    .push(format!("the certificate was not checked: {e}"));
                return (out, data);
            }
        };
        let modern = reachable
            .iter()
            .copied()
            .find(|a| {
                scan.probes.iter().any(|p| {
                    p.addr == *a
                        && p.verdict == Verdict::Accepted
                        && matches!(p.version, Version::Tls1_2 | Version::Tls1_3)
                })
            })
            .or(reachable.first().copied());
        let Some(addr) = modern else {
            return (out, data);
        };
        match cert::check(addr, host, &roots, timeout) {
            cert::Checked::Certificate(c) => {
                let now = sign::now_ms() / 1000;
                let days_left = (c.not_after - now).div_euclid(86_400);
                data.certificate = Some(CertificateData {
                    subject: c.subject.clone(),
                    issuer: c.issuer.clone(),
                    not_after: cert::rfc3339(c.not_after),
                    days_left,
                    trusted: c.untrusted.is_none(),
                    trust: c.trust.map(cert::Trust::as_str),
                });
                if c.not_after >= now && days_left < 30 {
                    out.push(
                        Finding::new(
                            &PRB009,
                            URL_POINTER,
                            format!(
                                "the certificate of `{host}` expires on {} ({days_left} days from now)",
                                cert::rfc3339(c.not_after)
                            ),
                        )
                        .help("renew the certificate now and automate its renewal"),
                    );
                }
                if let Some(why) = &c.untrusted {
                    out.push(
                        Finding::new(
                            &PRB008,
                            URL_POINTER,
                            format!("the certificate of `{host}` ({}) is not trusted: {why}", c.subject),
                        )
                        .help("install a certificate from a public CA for this name, with its full chain; a staging CA goes in --ca-file"),
                    );
                    data.notes.push(
                        "interfaces not probed: the certificate is not trusted, so KooGallery's calls would fail".to_owned(),
                    );
                    return (out, data);
                }
                if c.trust == Some(cert::Trust::CaFile) {
                    client_roots = options.ca_file.as_ref().map(|(c, _)| c.clone());
                }
            }
            cert::Checked::Failed(why) => {
                let no_modern = matches!(scan.verdict(Version::Tls1_2), Some(Verdict::Refused))
                    && matches!(scan.verdict(Version::Tls1_3), Some(Verdict::Refused));
                if !no_modern {
                    out.push(
                        Finding::new(
                            &PRB002,
                            URL_POINTER,
                            format!("the TLS 1.2/1.3 handshake with `{host}` ({addr}) failed: {why}"),
                        )
                        .help("make the server complete a TLS 1.2 handshake with a certificate for this name"),
                    );
                }
                data.notes.push(format!(
                    "interfaces not probed: no TLS 1.2/1.3 handshake ({why})"
                ));
                return (out, data);
            }
        }
    } else {
        out.push(
            Finding::new(
                &PRB020,
                URL_POINTER,
                format!(
                    "`{}` is plain HTTP; KooGallery's guides require HTTPS",
                    endpoint.url
                ),
            )
            .help("serve the endpoint over HTTPS with a certificate from a public CA"),
        );
        data.notes
            .push("TLS and the certificate were not probed: the URL is http://".to_owned());
    }

    // 4. and 5. The interfaces.
    if options.transport_only {
        data.notes
            .push("interfaces not probed: --transport-only".to_owned());
        return (out, data);
    }
    let Some(access) = &options.key else {
        out.push(
            Finding::new(
                &PRB022,
                URL_POINTER,
                "no access key given: the interfaces were not probed",
            )
            .help("put the key bound to the basic interface (Seller Console > Application Tools > Key Management) in KOOSHIP_ACCESS_KEY, or give --key-file FILE"),
        );
        data.notes
            .push("interfaces not probed: no access key".to_owned());
        return (out, data);
    };
    let client = http::Client::new(
        endpoint.host_header(),
        reachable.clone(),
        client_roots,
        timeout,
    );
    let mut curl_options = String::new();
    for e in &options.resolve {
        curl_options.push_str(&format!(" --resolve {}", answer::shell_quote(&e.text)));
    }
    if let Some((_, path)) = &options.ca_file {
        curl_options.push_str(&format!(" --cacert {}", answer::shell_quote(path)));
    }
    let settings = flow::Settings {
        timeout,
        poll_interval: options.poll_interval,
        poll_limit: options.poll_limit,
        curl: options.curl,
        curl_options,
    };
    let mut replay = flow::Flow::new(&client, endpoint, target, access, &random, &settings);
    replay.run();
    out.extend(replay.findings);
    data.calls = replay.calls;
    data.notes.extend(replay.notes);
    if target.modes.is_empty() {
        data.notes.push(
            "no billing mode in use (no specification): only the negative checks ran".to_owned(),
        );
    }
    (out, data)
}

/// The TLS findings: PRB003–PRB007 from the scan, against the declared versions.
fn tls_findings(scan: &tls::Scan, target: &Target, out: &mut Vec<Finding>) {
    let pointer = target.tls_pointer();
    let addrs = |probes: &[&tls::Probe]| -> String {
        probes
            .iter()
            .map(|p| p.addr.ip().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for version in Version::ALL {
        let accepted = scan.with(version, Verdict::Accepted);
        if !accepted.is_empty() {
            let (rule, help) = match version {
                Version::Ssl3 | Version::Tls1_0 => (
                    &PRB003,
                    "disable it on every server and load balancer behind the name (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`)",
                ),
                Version::Tls1_1 => (
                    &PRB004,
                    "disable TLS 1.1 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`) and remove `tls1_1` from `tls_versions`",
                ),
                _ => continue,
            };
            out.push(
                Finding::new(
                    rule,
                    pointer,
                    format!("{} is accepted (by {})", version.label(), addrs(&accepted)),
                )
                .help(help),
            );
        }
    }
    let refused12 = scan.with(Version::Tls1_2, Verdict::Refused);
    if !refused12.is_empty() {
        let why: Vec<String> = refused12
            .iter()
            .map(|p| format!("{}: {}", p.addr.ip(), p.answer.reason()))
            .collect();
        out.push(
            Finding::new(
                &PRB005,
                pointer,
                format!("TLS 1.2 is refused ({})", why.join("; ")),
            )
            .help("enable TLS 1.2 beside 1.3 on every server behind the name"),
        );
    }
    for version in Version::ALL {
        let silent = scan.with(version, Verdict::Inconclusive);
        if !silent.is_empty() {
            out.push(
                Finding::new(
                    &PRB007,
                    pointer,
                    format!(
                        "{} is inconclusive: no answer to two hellos (from {})",
                        version.label(),
                        addrs(&silent)
                    ),
                )
                .help("make the server or its firewall refuse unsupported versions with an alert, not silence"),
            );
        }
    }
    // PRB006: the accepted set against the declared one, inconclusive versions left out.
    if let Some(declared) = &target.tls_versions {
        let mut said = Vec::new();
        let mut got = Vec::new();
        for version in Version::ALL {
            match scan.verdict(version) {
                Some(Verdict::Inconclusive) | None => continue,
                Some(v) => {
                    if declared.iter().any(|d| d == version.key()) {
                        said.push(version);
                    }
                    if v == Verdict::Accepted {
                        got.push(version);
                    }
                }
            }
        }
        if said != got {
            let list = |v: &[Version]| -> String {
                if v.is_empty() {
                    "none".to_owned()
                } else {
                    v.iter()
                        .map(|x| format!("`{}`", x.key()))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            out.push(
                Finding::new(
                    &PRB006,
                    pointer,
                    format!(
                        "the server accepts {}; `tls_versions` declares {}",
                        list(&got),
                        list(&said)
                    ),
                )
                .help("make the server and the declaration agree: change the server, or list exactly what it accepts"),
            );
        }
    }
}
