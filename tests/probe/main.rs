//! `kooship probe` end to end, through the binary, against servers the tests start on
//! 127.0.0.1 and stop: the loopback seller endpoint with one switch per PRB fault
//! (`server.rs`), hostile servers, scripted TLS responders (`responders.rs`), legacy TLS
//! servers from the machine's OpenSSL or Python (`legacy.rs`), and the human and JSON
//! reports as snapshots (`reports.rs`). Nothing here talks to any other address: every URL
//! names `seller.kooship.test` through `--resolve`, `127.0.0.1`, or a name under `.invalid`
//! (which never leaves the machine).

mod legacy;
mod reports;
mod responders;
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use server::{Fault, HOST, KEY, Pki, Server};

/// The result of one `kooship probe` run.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// `(rule, pointer)` of every finding.
    pub fn findings(&self) -> Vec<(String, String)> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["pointer"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    pub fn rules(&self) -> Vec<String> {
        let mut r: Vec<String> = self.findings().into_iter().map(|(r, _)| r).collect();
        r.dedup();
        r
    }

    pub fn message(&self, rule: &str) -> String {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {rule} in {}", self.stdout))
    }

    pub fn calls(&self) -> Vec<Value> {
        self.json()["probe"]["calls"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Each call as `billing call[ scene]`, in order (`-` for a call of no billing mode).
    pub fn call_names(&self) -> Vec<String> {
        self.calls()
            .iter()
            .map(|c| {
                format!(
                    "{} {}{}",
                    c["billing"].as_str().unwrap_or("-"),
                    c["call"].as_str().unwrap(),
                    c["scene"]
                        .as_str()
                        .map(|s| format!(" {s}"))
                        .unwrap_or_default()
                )
            })
            .collect()
    }
}

/// Runs `kooship probe MANIFEST ARGS…` with `key` in `KOOSHIP_ACCESS_KEY`.
pub fn kooship(manifest: &Path, args: &[&str], key: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kooship"));
    cmd.arg("probe").arg(manifest).args(args);
    cmd.env_remove("KOOSHIP_ACCESS_KEY")
        .env("NO_COLOR", "1")
        // Nothing may leave through a proxy.
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY");
    if let Some(k) = key {
        cmd.env("KOOSHIP_ACCESS_KEY", k);
    }
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let run = Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: start.elapsed(),
    };
    // Whatever the test checks, the key never leaves the process.
    if let Some(k) = key.filter(|k| !k.is_empty()) {
        assert!(
            !run.stdout.contains(k) && !run.stderr.contains(k),
            "the key was printed:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
    run
}

/// A server, its CA and a manifest pointing at it.
pub struct Setup {
    pub pki: Pki,
    pub server: Server,
    pub manifest: PathBuf,
}

impl Setup {
    pub fn https(fault: Fault) -> Setup {
        Setup::https_tls(fault, "[tls1_2, tls1_3]")
    }

    pub fn https_tls(fault: Fault, tls: &str) -> Setup {
        let pki = Pki::new();
        let server = Server::https(&pki.leaf(), fault);
        let manifest = server::manifest(pki.dir.path(), &server.url("https"), tls);
        Setup {
            pki,
            server,
            manifest,
        }
    }

    pub fn with_server(pki: Pki, server: Server, scheme: &str) -> Setup {
        let manifest = server::manifest(pki.dir.path(), &server.url(scheme), "[tls1_2, tls1_3]");
        Setup {
            pki,
            server,
            manifest,
        }
    }

    /// `probe --format json` with `--resolve`, `--ca-file`, the test key and `extra`.
    pub fn probe(&self, extra: &[&str]) -> Run {
        self.probe_key(extra, Some(KEY))
    }

    pub fn probe_key(&self, extra: &[&str], key: Option<&str>) -> Run {
        let resolve = self.server.resolve();
        let ca = self.pki.ca_file.to_string_lossy().into_owned();
        let mut args = vec!["--resolve", resolve.as_str(), "--ca-file", ca.as_str()];
        if !extra.contains(&"--format") {
            args.extend(["--format", "json"]);
        }
        args.extend_from_slice(extra);
        kooship(&self.manifest, &args, key)
    }
}

const NEW: &str = "/production_api/debugged_cases/0";
const QUERY: &str = "/production_api/debugged_cases/1";
const RELEASE: &str = "/production_api/debugged_cases/4";
const TLS: &str = "/production_api/tls_versions";
const URL: &str = "/production_api/url";

fn has(run: &Run, rule: &str, pointer: &str) {
    assert!(
        run.findings()
            .iter()
            .any(|(r, p)| r == rule && p == pointer),
        "expected {rule} at {pointer}, got {:?}\n{}",
        run.findings(),
        run.stderr
    );
}

#[test]
fn a_compliant_endpoint_passes_every_call() {
    let s = Setup::https(Fault::None);
    let run = s.probe(&[]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.findings().is_empty(), "{:?}", run.findings());
    let j = run.json();
    let p = &j["probe"];
    assert_eq!(p["url"], s.server.url("https"));
    assert_eq!(p["addresses"], serde_json::json!(["127.0.0.1"]));
    assert_eq!(
        p["tls"],
        serde_json::json!({"ssl3": "refused", "tls1_0": "refused", "tls1_1": "refused", "tls1_2": "accepted", "tls1_3": "accepted"})
    );
    assert_eq!(p["certificate"]["subject"], format!("CN={HOST}"));
    assert_eq!(p["certificate"]["issuer"], "CN=kooship test CA");
    assert_eq!(p["certificate"]["trusted"], true);
    assert_eq!(p["certificate"]["trust"], "ca-file");
    let days = p["certificate"]["days_left"].as_i64().unwrap();
    assert!((88..=90).contains(&days), "{days}");
    let calls = run.calls();
    let names = run.call_names();
    assert_eq!(
        names,
        [
            "yearly_monthly newInstance",
            "yearly_monthly newInstance",
            "yearly_monthly queryInstance",
            "yearly_monthly refreshInstance RENEWAL",
            "yearly_monthly refreshInstance TRIAL_TO_FORMAL",
            "yearly_monthly updateInstanceStatus FREEZE",
            "yearly_monthly updateInstanceStatus UNFREEZE",
            "yearly_monthly upgradeInstance",
            "yearly_monthly changeInstanceCheck",
            "yearly_monthly releaseInstance",
            "- newInstance",
            "- newInstance",
        ]
    );
    for c in &calls {
        assert_eq!(c["outcome"], "pass", "{c}");
        assert_eq!(c["status"], 200);
        assert!(c["ms"].as_u64().is_some());
    }
    assert_eq!(calls[0]["result_code"], "000000");
    assert_eq!(calls[10]["note"], "wrong key");
    assert_eq!(calls[10]["result_code"], "000001");
    assert_eq!(calls[11]["note"], "10 minutes old");
    assert_eq!(calls[11]["result_code"], "000002");

    // The requests, as the server saw them.
    let seen = s.server.seen();
    assert_eq!(seen.len(), 12);
    for r in &seen {
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json;charset=utf8")
        );
        assert_eq!(r.header("Accept"), Some("application/json"));
        assert_eq!(
            r.header("User-Agent"),
            Some(format!("kooship/{}", env!("CARGO_PKG_VERSION")).as_str())
        );
        assert_eq!(
            r.header("Host"),
            Some(format!("{HOST}:{}", s.server.port).as_str())
        );
        let hosts = r
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("host"));
        assert_eq!(hosts.count(), 1);
        assert_eq!(
            r.header("Content-Length"),
            Some(r.body.len().to_string().as_str())
        );
        for absent in [
            "Transfer-Encoding",
            "Expect",
            "Cookie",
            "Authorization",
            "Accept-Encoding",
        ] {
            assert_eq!(r.header(absent), None, "{absent}");
        }
        let (path, query) = r.target.split_once('?').unwrap();
        assert_eq!(path, "/saas");
        let params: Vec<(&str, &str)> = query
            .split('&')
            .map(|p| p.split_once('=').unwrap())
            .collect();
        let names: Vec<&str> = params.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, ["signature", "timestamp", "nonce"]);
        let (sig, ts, nonce) = (params[0].1, params[1].1, params[2].1);
        assert!(
            sig.len() == 64
                && sig
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
        );
        assert!(ts.len() == 13 && ts.bytes().all(|b| b.is_ascii_digit()));
        assert!(
            nonce.len() == 64
                && nonce
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
        );
        // Compact, sorted A→Z at every level, testFlag "1".
        assert_eq!(r.body, server::canonical(&r.json(), false));
        assert_eq!(r.json()["testFlag"], "1");
    }
    let bodies: Vec<Value> = seen.iter().map(|r| r.json()).collect();
    assert_eq!(bodies[0]["orderId"], "MOCKPERIODYEARNEW");
    assert_eq!(bodies[0]["orderLineId"], "MOCKPERIODYEARNEW-000001");
    assert_eq!(bodies[1]["orderId"], "MOCKPERIODYEARNEW");
    assert_ne!(bodies[0]["businessId"], bodies[1]["businessId"]);
    let uuid = bodies[0]["businessId"].as_str().unwrap();
    assert!(uuid.len() == 36 && &uuid[14..15] == "4");
    let expire = bodies[3]["expireTime"].as_str().unwrap();
    assert!(expire.len() == 14 && expire.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(bodies[3]["scene"], "RENEWAL");
    assert_eq!(bodies[4]["scene"], "TRIAL_TO_FORMAL");
    assert_eq!(bodies[5]["status"], "FREEZE");
    assert_eq!(bodies[7]["orderId"], "MOCKPERIODYEARNEW-UPGRADE");
    assert_eq!(bodies[7]["orderLineId"], "MOCKPERIODYEARNEW-UPGRADE-000001");
    // changeInstanceCheck: productInfo nested, linearValue an integer (the seats' min).
    assert_eq!(bodies[8]["productInfo"]["linearValue"], 5);
    assert_eq!(bodies[8]["productInfo"]["skuCode"], "std");
    assert_eq!(bodies[8]["productInfo"]["productName"], "Acme Insight");
    assert_eq!(bodies[10]["orderId"], "KOOSHIPPROBE-NEGATIVE");
    assert_eq!(bodies[11]["orderId"], "KOOSHIPPROBE-NEGATIVE");
}

#[test]
fn each_billing_mode_has_its_flow() {
    let pki = Pki::new();
    let server = Server::https(&pki.leaf(), Fault::None);
    let text = format!(
        "format: 1\nproduction_api:\n  url: {}\n  tls_versions: [tls1_2, tls1_3]\n  debugged_cases: [newInstance, queryInstance, refreshInstance, releaseInstance, usagePush]\nspecifications:\n  - code: setup\n    billing: one_time\n  - code: usage\n    billing: pay_per_use\n",
        server.url("https")
    );
    let manifest = pki.dir.path().join("kooship.yaml");
    std::fs::write(&manifest, text).unwrap();
    let s = Setup {
        pki,
        server,
        manifest,
    };
    let run = s.probe(&[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let calls = run.call_names();
    assert_eq!(
        calls,
        [
            "one_time newInstance",
            "one_time newInstance",
            "one_time queryInstance",
            "one_time releaseInstance",
            "pay_per_use newInstance",
            "pay_per_use newInstance",
            "pay_per_use queryInstance",
            "pay_per_use refreshInstance RENEWAL",
            "pay_per_use releaseInstance",
            "- newInstance",
            "- newInstance",
        ]
    );
    let orders: Vec<Value> = s
        .server
        .seen()
        .iter()
        .map(|r| r.json()["orderId"].clone())
        .collect();
    assert_eq!(orders[0], "MOCKONETIMENEW");
    assert_eq!(orders[4], "MOCKONDEMAND");
}

/// Each fault of the loopback server gives its rule at the contract's pointer.
#[test]
fn each_fault_gives_its_rule_at_its_pointer() {
    let cases: &[(Fault, &[&str], &str, &str)] = &[
        (Fault::Only13, &[], "PRB005", TLS),
        (Fault::NotTls, &[], "PRB002", URL),
        (
            Fault::NeverAnswers,
            &["--timeout-ms", "1500"],
            "PRB010",
            NEW,
        ),
        (
            Fault::Slow(1600),
            &["--timeout-ms", "2500"],
            "PRB011",
            QUERY,
        ),
        (Fault::NotJson, &[], "PRB012", NEW),
        (Fault::ReleaseFails, &[], "PRB013", RELEASE),
        (Fault::NoFrontEndUrl, &[], "PRB014", QUERY),
        (Fault::LongInstanceId, &[], "PRB014", NEW),
        (Fault::UsageWithoutTime, &[], "PRB014", QUERY),
        (Fault::NotIdempotent, &[], "PRB015", NEW),
        (Fault::NoSignatureCheck, &[], "PRB016", NEW),
        (Fault::NoTimestampCheck, &[], "PRB017", NEW),
        (Fault::SecondsTimestamp, &[], "PRB018", NEW),
        (Fault::Status500, &[], "PRB019", NEW),
        (
            Fault::Async(usize::MAX),
            &["--poll-interval-ms", "50", "--poll-limit-ms", "300"],
            "PRB021",
            QUERY,
        ),
    ];
    for (fault, args, rule, pointer) in cases {
        let s = Setup::https(*fault);
        let run = s.probe(args);
        has(&run, rule, pointer);
        if *fault == Fault::NotTls {
            assert!(
                run.message("PRB002").contains("does not speak TLS"),
                "{}",
                run.message("PRB002")
            );
        }
        // A hostile or faulty server must not hold probe up beyond its timeouts.
        assert!(
            run.took < Duration::from_secs(20),
            "{fault:?} took {:?}",
            run.took
        );
        let errors = run.json()["summary"]["errors"].as_u64().unwrap();
        assert_eq!(
            run.status,
            i32::from(errors > 0),
            "{fault:?}: {}",
            run.stdout
        );
        assert!(
            s.server.seen().len() <= 60,
            "{fault:?}: {} requests",
            s.server.seen().len()
        );
    }
}

#[test]
fn prb006_names_both_sets() {
    let s = Setup::https_tls(Fault::None, "[tls1_2]");
    let run = s.probe(&["--transport-only"]);
    has(&run, "PRB006", TLS);
    assert_eq!(
        run.message("PRB006"),
        "the server accepts `tls1_2`, `tls1_3`; `tls_versions` declares `tls1_2`"
    );
    assert_eq!(run.status, 1);
}

#[test]
fn prb007_a_version_that_gets_no_answer() {
    let s = Setup::https(Fault::SilentSsl3);
    let run = s.probe(&["--transport-only", "--timeout-ms", "1500"]);
    has(&run, "PRB007", TLS);
    assert!(run.message("PRB007").starts_with("SSL 3.0 is inconclusive"));
    assert_eq!(run.json()["probe"]["tls"]["ssl3"], "inconclusive");
    // Inconclusive is never a mismatch.
    assert!(!run.rules().contains(&"PRB006".to_owned()));
    assert_eq!(run.status, 0, "a warning only: {}", run.stdout);
}

#[test]
fn prb018_names_the_variant_the_server_accepts() {
    for (fault, expect) in [
        (Fault::SecondsTimestamp, "`timestamp` in seconds"),
        (Fault::ZtoA, "sorted Z→A"),
        (Fault::LowercaseSignature, "a lower-case signature"),
        (Fault::RejectAll, "so did every variant tried"),
    ] {
        let s = Setup::https(fault);
        let run = s.probe(&[]);
        has(&run, "PRB018", NEW);
        let m = run.message("PRB018");
        assert!(m.contains(expect), "{fault:?}: {m}");
        // That answer is PRB018 only, not also PRB013; the flow stops there.
        assert!(
            !run.rules().contains(&"PRB013".to_owned()),
            "{fault:?}: {:?}",
            run.rules()
        );
        assert_eq!(
            run.findings().iter().filter(|(r, _)| r == "PRB018").count(),
            1
        );
        let skipped = run
            .calls()
            .iter()
            .filter(|c| c["outcome"] == "skipped")
            .count();
        assert_eq!(skipped, 9, "{fault:?}");
    }
    // The server holds the decoded key; the seller gave it as the console shows it (Base64).
    let pki = Pki::new();
    let server = Server::https_with_key(&pki.leaf(), Fault::None, KEY.as_bytes());
    let s = Setup::with_server(pki, server, "https");
    let shown = "a29vc2hpcC10ZXN0LWtleS0wMDAx";
    let run = s.probe_key(&[], Some(shown));
    assert!(
        run.message("PRB018")
            .contains("Base64-decoded (run with --key-base64)")
    );
    let run = s.probe_key(&["--key-base64"], Some(shown));
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.findings().is_empty());
}

#[test]
fn async_provisioning_is_polled_until_ready() {
    let s = Setup::https(Fault::Async(2));
    let run = s.probe(&["--poll-interval-ms", "20", "--poll-limit-ms", "2000"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let polls: Vec<String> = run
        .calls()
        .iter()
        .filter_map(|c| {
            c["note"]
                .as_str()
                .filter(|n| n.starts_with("poll"))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        polls,
        ["poll 1: not ready", "poll 2: not ready", "poll 3: ready"]
    );
}

#[test]
fn at_most_60_requests() {
    // Polling every millisecond for a minute would take thousands of requests.
    let s = Setup::https(Fault::Async(usize::MAX));
    let run = s.probe(&["--poll-interval-ms", "1", "--poll-limit-ms", "60000"]);
    assert_eq!(s.server.seen().len(), 60);
    let calls = run.calls();
    assert!(
        calls.iter().any(|c| c["outcome"] == "skipped"
            && c["note"]
                .as_str()
                .unwrap_or("")
                .contains("budget of 60 requests")),
        "{calls:?}"
    );
    has(&run, "PRB021", QUERY);
}

#[test]
fn a_redirect_is_not_followed() {
    let s = Setup::https(Fault::Redirect);
    let run = s.probe(&[]);
    has(&run, "PRB019", NEW);
    assert!(run.message("PRB019").contains("HTTP status 302"));
    let seen = s.server.seen();
    assert_eq!(seen.len(), run.calls().len());
    assert!(seen.iter().all(|r| r.target.starts_with("/saas?")));
}

#[test]
fn plain_http_is_a_warning_and_still_probed() {
    let pki = Pki::new();
    let server = Server::http(Fault::None);
    let s = Setup::with_server(pki, server, "http");
    let run = s.probe(&[]);
    has(&run, "PRB020", URL);
    assert_eq!(run.rules(), ["PRB020"]);
    assert_eq!(run.status, 0);
    let p = &run.json()["probe"];
    assert_eq!(p["tls"]["tls1_2"], Value::Null);
    assert_eq!(p["certificate"], Value::Null);
    assert_eq!(run.calls().len(), 12);
}

#[test]
fn certificates_that_do_not_verify() {
    let pki = Pki::new();
    // No --ca-file: the test CA is not a public root.
    let server = Server::https(&pki.leaf(), Fault::None);
    let manifest = server::manifest(pki.dir.path(), &server.url("https"), "[tls1_2, tls1_3]");
    let resolve = server.resolve();
    let run = kooship(
        &manifest,
        &["--resolve", &resolve, "--format", "json"],
        Some(KEY),
    );
    has(&run, "PRB008", URL);
    assert!(
        run.message("PRB008").contains("unknown issuer"),
        "{}",
        run.message("PRB008")
    );
    assert_eq!(run.json()["probe"]["certificate"]["trusted"], false);
    assert_eq!(run.json()["probe"]["certificate"]["trust"], Value::Null);
    assert!(
        run.calls().is_empty(),
        "an untrusted certificate stops the calls"
    );
    assert!(server.seen().is_empty());
    drop(server);

    for (leaf, expect) in [
        (pki.leaf_for(&[HOST], -30, -1), "expired"),
        (pki.leaf_for(&[HOST], 2, 30), "not valid before"),
        (
            pki.leaf_for(&["other.kooship.test"], -1, 90),
            "not valid for `seller.kooship.test`",
        ),
    ] {
        let server = Server::https(&leaf, Fault::None);
        let s = Setup {
            manifest: server::manifest(pki.dir.path(), &server.url("https"), "[tls1_2, tls1_3]"),
            pki: Pki::new(),
            server,
        };
        let ca = pki.ca_file.to_string_lossy().into_owned();
        let resolve = s.server.resolve();
        let run = kooship(
            &s.manifest,
            &["--resolve", &resolve, "--ca-file", &ca, "--format", "json"],
            Some(KEY),
        );
        has(&run, "PRB008", URL);
        assert!(
            run.message("PRB008").contains(expect),
            "{}",
            run.message("PRB008")
        );
    }

    let server = Server::https(&pki.leaf_for(&[HOST], -80, 10), Fault::None);
    let s = Setup::with_server(pki, server, "https");
    let run = s.probe(&["--transport-only"]);
    has(&run, "PRB009", URL);
    assert_eq!(run.rules(), ["PRB009"]);
    assert_eq!(run.json()["probe"]["certificate"]["trusted"], true);
}

#[test]
fn the_transport_stops_early() {
    let pki = Pki::new();
    let dir = pki.dir.path();
    // An IP address: PRB023 and nothing else.
    let manifest = server::manifest(dir, "https://127.0.0.1:9/saas", "[tls1_2]");
    let run = kooship(&manifest, &["--format", "json"], Some(KEY));
    assert_eq!(run.findings(), [("PRB023".to_owned(), URL.to_owned())]);
    assert_eq!(run.json()["probe"]["addresses"], serde_json::json!([]));
    // A name that does not resolve (under .invalid: never looked up).
    let manifest = server::manifest(dir, "https://seller.kooship.invalid/saas", "[tls1_2]");
    let run = kooship(&manifest, &["--format", "json"], Some(KEY));
    assert_eq!(run.findings(), [("PRB001".to_owned(), URL.to_owned())]);
    assert_eq!(run.status, 1);
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let manifest = server::manifest(dir, &format!("https://{HOST}:{port}/saas"), "[tls1_2]");
    let resolve = format!("{HOST}:{port}:127.0.0.1");
    let run = kooship(
        &manifest,
        &["--resolve", &resolve, "--format", "json"],
        Some(KEY),
    );
    assert_eq!(run.findings(), [("PRB002".to_owned(), URL.to_owned())]);
    assert!(run.message("PRB002").contains("refused"));
}

#[test]
fn without_a_key_only_the_transport() {
    let s = Setup::https(Fault::None);
    let run = s.probe_key(&[], None);
    assert_eq!(run.findings(), [("PRB022".to_owned(), URL.to_owned())]);
    assert_eq!(run.json()["findings"][0]["severity"], "info");
    assert_eq!(run.status, 0);
    assert!(s.server.seen().is_empty());
    let run = s.probe_key(&["--transport-only"], Some(KEY));
    assert!(run.findings().is_empty());
    assert!(s.server.seen().is_empty());
}

#[test]
fn lint_settings_apply_to_prb_rules() {
    let s = Setup::https(Fault::Status500);
    let mut text = std::fs::read_to_string(&s.manifest).unwrap();
    text.push_str("lint:\n  severity:\n    http-status: off\n  exceptions:\n    - rule: PRB011\n      reason: the staging server is slow\n    - rule: LST005\n      reason: unused here, and not probe's business\n");
    std::fs::write(&s.manifest, text).unwrap();
    let run = s.probe(&[]);
    assert!(run.findings().is_empty(), "{:?}", run.findings());
    // One PRB019 per call of the flow (the negative checks report only acceptance).
    assert_eq!(run.json()["summary"]["suppressed"], 10);
    // A non-waivable rule stays.
    let s = Setup::https(Fault::ReleaseFails);
    let mut text = std::fs::read_to_string(&s.manifest).unwrap();
    text.push_str("lint:\n  severity:\n    PRB013: warning\n");
    std::fs::write(&s.manifest, text).unwrap();
    let run = s.probe(&[]);
    has(&run, "PRB013", RELEASE);
    assert_eq!(run.status, 1);
}

#[test]
fn a_manifest_that_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("kooship.yaml");
    std::fs::write(&bad, "format: 1\nproduct: [unclosed\n").unwrap();
    let run = kooship(&bad, &["--format", "json"], Some(KEY));
    assert_eq!(run.rules(), ["MAN001"]);
    assert_eq!(run.status, 1);
    assert!(run.json().get("probe").is_none());
    std::fs::write(&bad, "format: 2\n").unwrap();
    let run = kooship(&bad, &["--format", "json"], Some(KEY));
    assert_eq!(run.rules(), ["MAN007"]);
    // No URL anywhere: the probe cannot run.
    std::fs::write(&bad, "format: 1\n").unwrap();
    let run = kooship(&bad, &[], Some(KEY));
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("no `production_api.url`"),
        "{}",
        run.stderr
    );
    // Bad arguments.
    for args in [
        &["--resolve", "nonsense"][..],
        &["--ca-file", "/nonexistent/ca.pem"],
        &["--key-file", "/nonexistent/key"],
        &["--timeout-ms", "0"],
    ] {
        let run = kooship(&bad, args, None);
        assert_eq!(run.status, 2, "{args:?}: {}", run.stderr);
    }
}

/// The key: never an argument, never in any output, not even when the server echoes it.
#[test]
fn the_key_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = server::manifest(
        dir.path(),
        "https://seller.kooship.invalid/saas",
        "[tls1_2]",
    );
    let run = kooship(&manifest, &["--key", KEY], None);
    assert_eq!(run.status, 2);
    assert!(
        !run.stderr.contains(KEY) && !run.stdout.contains(KEY),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("never an argument"));
    let run = kooship(&manifest, &[&format!("--key={KEY}")], None);
    assert_eq!(run.status, 2);
    assert!(!run.stderr.contains(KEY));

    // A panic (a bug) holding the key: the panic hook redacts it (debug builds have the hook
    // to inject one).
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kooship"));
    let out = cmd
        .args(["probe"])
        .arg(&manifest)
        .env("KOOSHIP_ACCESS_KEY", KEY)
        .env("KOOSHIP_TEST_FAULT", "panic:probe")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("internal error") && stderr.contains("[redacted]"),
        "{stderr}"
    );
    assert!(!stderr.contains(KEY), "{stderr}");

    // A key file, and a server whose failure message quotes the key back.
    let s = Setup::https(Fault::EchoKey);
    let key_file = s.pki.dir.path().join("key.txt");
    std::fs::write(&key_file, format!("{KEY}\nsecond line ignored\n")).unwrap();
    let key_arg = key_file.to_string_lossy().into_owned();
    for format in ["human", "json", "concise", "sarif", "github", "junit"] {
        let run = s.probe_key(
            &["--key-file", &key_arg, "--curl", "--format", format],
            None,
        );
        assert_eq!(run.status, 1, "{format}: {}", run.stdout);
        assert!(!run.stdout.contains(KEY), "{format}: {}", run.stdout);
        assert!(!run.stderr.contains(KEY), "{format}: {}", run.stderr);
        assert!(run.stdout.contains("PRB013"), "{format}");
        if format == "json" {
            assert!(run.message("PRB013").contains("[redacted]"));
        }
        // --curl: the failed call, repeatable, without the key.
        assert!(run.stderr.contains("curl -sS -X POST"), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("'Content-Type: application/json;charset=utf8'")
        );
        assert!(
            run.stderr
                .contains(&format!("--resolve '{}'", s.server.resolve()))
        );
    }
}

/// Hostile servers: none may hang or crash probe, and each is a finding.
#[test]
fn hostile_servers() {
    let cases: &[(Fault, &[&str], &str, &str)] = &[
        (
            Fault::NeverAnswers,
            &["--timeout-ms", "1500"],
            "PRB010",
            "no complete response within 1500 ms",
        ),
        (
            Fault::BytePerSecond,
            &["--timeout-ms", "1500"],
            "PRB010",
            "no complete response within 1500 ms",
        ),
        (
            Fault::EndlessBody,
            &["--timeout-ms", "5000"],
            "PRB012",
            "larger than 1 MiB",
        ),
        (Fault::InvalidUtf8, &[], "PRB012", "not UTF-8"),
        (
            Fault::HugeJson,
            &["--timeout-ms", "5000"],
            "PRB012",
            "larger than 1 MiB",
        ),
    ];
    for (fault, args, rule, text) in cases {
        let s = Setup::https(*fault);
        let run = s.probe(args);
        assert_eq!(run.status, 1, "{fault:?}: {}\n{}", run.stdout, run.stderr);
        has(&run, rule, NEW);
        assert!(
            run.message(rule).contains(text),
            "{fault:?}: {}",
            run.message(rule)
        );
        // Three calls at most wait for the timeout (newInstance, then the two negative
        // checks); the rest are skipped.
        assert!(
            run.took < Duration::from_secs(30),
            "{fault:?} took {:?}",
            run.took
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn every_output_format_works() {
    let s = Setup::https(Fault::ReleaseFails);
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let run = s.probe(&["--format", format]);
        assert_eq!(run.status, 1, "{format}");
        assert!(run.stdout.contains("PRB013"), "{format}: {}", run.stdout);
        let line = s.manifest.to_string_lossy().to_string();
        assert!(run.stdout.contains(&line) || format == "sarif", "{format}");
        match format {
            "concise" => assert!(
                run.stdout.contains(":20:7: error[PRB013]"),
                "{}",
                run.stdout
            ),
            "github" => assert!(run.stdout.contains("line=20,col=7"), "{}", run.stdout),
            "junit" => {
                roxmltree::Document::parse(&run.stdout).unwrap();
                assert!(run.stdout.contains("kooship probe"));
            }
            "sarif" => {
                let v: Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(v["runs"][0]["results"][0]["ruleId"], "PRB013");
            }
            "human" => {
                assert!(run.stdout.contains("releaseInstance"));
                let table = run.stdout.find("  billing").unwrap();
                let summary = run.stdout.find("1 error").unwrap();
                assert!(table < summary);
            }
            _ => {}
        }
    }
    // --output writes the file.
    let out = s.pki.dir.path().join("probe.json");
    let out_arg = out.to_string_lossy().into_owned();
    let run = s.probe(&["--output", &out_arg]);
    assert!(run.stdout.is_empty());
    let v: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert!(v["probe"]["calls"].is_array());
}

/// `lint` never reports a PRB rule, and an exception for one is never MAN010 there.
#[test]
fn lint_leaves_prb_rules_to_probe() {
    let s = Setup::https(Fault::None);
    let mut text = std::fs::read_to_string(&s.manifest).unwrap();
    text.push_str(
        "lint:\n  exceptions:\n    - rule: PRB019\n      reason: our gateway answers 202\n",
    );
    std::fs::write(&s.manifest, &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kooship"))
        .args(["lint", "--format", "concise"])
        .arg(&s.manifest)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("MAN010") && !stdout.contains("PRB"),
        "{stdout}"
    );
    assert!(
        s.server.seen().is_empty()
            && s.server
                .connections
                .load(std::sync::atomic::Ordering::Relaxed)
                == 0
    );
}
