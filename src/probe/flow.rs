//! Steps 4 and 5: the signed calls per billing mode, the checks of each answer, the two
//! negative checks and the PRB018 diagnosis (the probe contract).

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value};

use super::answer::{quote, ready};
use super::http::{Client, Reply, Request};
use super::manifest::Target;
use super::net::Endpoint;
use super::rand::Random;
use super::secret::AccessKey;
use super::sign::{self, Field, Key, Order};
use crate::finding::Finding;
use crate::model::Billing;
use crate::rules::Rule;
use crate::rules::prb::*;

/// At most this many HTTP requests per run.
pub const MAX_REQUESTS: usize = 60;

/// How a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The server answered as the guide asks.
    Pass,
    /// The server answered wrongly.
    Fail,
    /// No usable answer.
    Error,
    /// Not sent.
    Skipped,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One row of the calls table (`probe.calls` in JSON).
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// The billing mode whose flow made the call (`null` for the negative checks).
    pub billing: Option<&'static str>,
    /// The activity.
    pub call: &'static str,
    /// `refreshInstance`'s scene, or `updateInstanceStatus`'s status.
    pub scene: Option<&'static str>,
    pub status: Option<u16>,
    pub ms: Option<u64>,
    pub result_code: Option<String>,
    pub outcome: Outcome,
    /// What the call was for when the activity alone does not say (`again`, `poll 2`,
    /// `wrong key`, `10 minutes old`, a diagnosis variant, why it was skipped).
    pub note: Option<String>,
    /// The curl line that repeats it (`--curl`).
    #[serde(skip)]
    pub curl: Option<String>,
}

/// How a request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Variant {
    /// As KooGallery signs.
    Exact,
    /// With a key that is not the seller's (PRB016).
    WrongKey,
    /// With a timestamp 10 minutes old (PRB017).
    Stale,
    /// PRB018 variants.
    OtherKey,
    Seconds,
    Descending,
    Lowercase,
}

impl Variant {
    fn describe(self, access: &AccessKey) -> &'static str {
        match self {
            Variant::OtherKey => access
                .alternative
                .as_ref()
                .map_or("the key Base64-decoded", |(_, what)| what),
            Variant::Seconds => "`timestamp` in seconds (KooGallery sends milliseconds, 13 digits)",
            Variant::Descending => {
                "the body's keys sorted Z→A before hashing (KooGallery sorts them A→Z)"
            }
            Variant::Lowercase => {
                "a lower-case signature (the server compares case-sensitively; KooGallery sends upper-case hex)"
            }
            Variant::Exact | Variant::WrongKey | Variant::Stale => "",
        }
    }
}

/// Settings of the replay.
pub struct Settings {
    pub timeout: Duration,
    pub poll_interval: Duration,
    pub poll_limit: Duration,
    pub curl: bool,
    /// curl options that repeat the run's `--resolve` and `--ca-file`.
    pub curl_options: String,
}

/// A call to make.
#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) billing: Option<Billing>,
    pub(super) activity: &'static str,
    pub(super) scene: Option<&'static str>,
    pub(super) note: Option<String>,
}

impl Spec {
    fn new(billing: Option<Billing>, activity: &'static str) -> Spec {
        Spec {
            billing,
            activity,
            scene: None,
            note: None,
        }
    }

    fn scene(mut self, scene: &'static str) -> Spec {
        self.scene = Some(scene);
        self
    }

    fn note(mut self, note: impl Into<String>) -> Spec {
        self.note = Some(note.into());
        self
    }

    /// How messages name the call: "`refreshInstance` (RENEWAL, yearly_monthly)".
    pub(super) fn label(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = self.scene {
            parts.push(s.to_owned());
        }
        if let Some(n) = &self.note {
            parts.push(n.clone());
        }
        if let Some(b) = self.billing {
            parts.push(b.as_str().to_owned());
        }
        if parts.is_empty() {
            format!("`{}`", self.activity)
        } else {
            format!("`{}` ({})", self.activity, parts.join(", "))
        }
    }
}

/// What a sent call gave back, when its body was a JSON object.
pub(super) struct Sent {
    pub(super) index: usize,
    pub(super) obj: Map<String, Value>,
    /// `resultCode` when it is a string.
    pub(super) code: Option<String>,
}

/// The replay of one run.
pub struct Flow<'a> {
    pub(super) client: &'a Client,
    pub(super) endpoint: &'a Endpoint,
    pub(super) target: &'a Target,
    pub(super) access: &'a AccessKey,
    pub(super) random: &'a Random,
    pub(super) settings: &'a Settings,
    pub(super) wrong_key: Key,
    pub(super) requests: usize,
    pub(super) diagnosed: bool,
    /// Set while a request signed otherwise than KooGallery signs is checked.
    pub(super) quiet: bool,
    pub calls: Vec<Call>,
    pub findings: Vec<Finding>,
    /// What the report should say about calls that did not run.
    pub notes: Vec<String>,
}

fn mock_order(billing: Billing) -> &'static str {
    match billing {
        Billing::YearlyMonthly => "MOCKPERIODYEARNEW",
        Billing::OneTime => "MOCKONETIMENEW",
        Billing::PayPerUse => "MOCKONDEMAND",
    }
}

const NEGATIVE_ORDER: &str = "KOOSHIPPROBE-NEGATIVE";
const UPGRADE_ORDER: &str = "MOCKPERIODYEARNEW-UPGRADE";

fn order_line(order: &str) -> String {
    format!("{order}-000001")
}

impl<'a> Flow<'a> {
    pub fn new(
        client: &'a Client,
        endpoint: &'a Endpoint,
        target: &'a Target,
        access: &'a AccessKey,
        random: &'a Random,
        settings: &'a Settings,
    ) -> Flow<'a> {
        let wrong_key = Key::new(format!("kooship-wrong-key-{}", random.nonce()).into_bytes());
        Flow {
            client,
            endpoint,
            target,
            access,
            random,
            settings,
            wrong_key,
            requests: 0,
            diagnosed: false,
            quiet: false,
            calls: Vec::new(),
            findings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The whole replay: every billing mode's flow, then the negative checks.
    pub fn run(&mut self) {
        let modes = self.target.modes.clone();
        // changeInstanceCheck belongs to renewals (yearly_monthly); without such specs it
        // runs in the first flow.
        let check_in = modes
            .iter()
            .copied()
            .find(|m| *m == Billing::YearlyMonthly)
            .or(modes.first().copied());
        for mode in modes {
            self.mode(mode, check_in == Some(mode));
        }
        self.negative();
    }

    pub(super) fn finding(
        &mut self,
        rule: &'static Rule,
        activity: &str,
        message: String,
        help: &str,
    ) {
        if self.quiet {
            return;
        }
        let pointer = self.target.interface_pointer(activity);
        self.findings
            .push(Finding::new(rule, pointer, message).help(help));
    }

    pub(super) fn build(&self, fields: &[(&'static str, Field)], variant: Variant) -> Request {
        let key: &[u8] = match variant {
            Variant::WrongKey => self.wrong_key.bytes(),
            Variant::OtherKey => self
                .access
                .alternative
                .as_ref()
                .map_or(self.access.key.bytes(), |(k, _)| k.bytes()),
            _ => self.access.key.bytes(),
        };
        let now = sign::now_ms();
        let timestamp = match variant {
            Variant::Stale => now - 600_000,
            Variant::Seconds => now / 1000,
            _ => now,
        }
        .to_string();
        let order = if variant == Variant::Descending {
            Order::Descending
        } else {
            Order::Ascending
        };
        let body = sign::body(fields, order);
        let nonce = self.random.nonce();
        let mut signature = sign::signature(key, &nonce, &timestamp, body.as_bytes());
        if variant == Variant::Lowercase {
            signature = signature.to_ascii_lowercase();
        }
        let url = self.endpoint.request_url(&format!(
            "signature={signature}&timestamp={timestamp}&nonce={nonce}"
        ));
        Request { url, body }
    }

    pub(super) fn skipped(&mut self, spec: &Spec, why: &str) {
        let note = match &spec.note {
            Some(n) => format!("{n}; skipped: {why}"),
            None => format!("skipped: {why}"),
        };
        self.calls.push(Call {
            billing: spec.billing.map(Billing::as_str),
            call: spec.activity,
            scene: spec.scene,
            status: None,
            ms: None,
            result_code: None,
            outcome: Outcome::Skipped,
            note: Some(note),
            curl: None,
        });
    }

    fn new_instance_fields(&self, order: &str) -> Vec<(&'static str, Field)> {
        vec![
            ("activity", Field::str("newInstance")),
            ("businessId", Field::Str(self.random.uuid_v4())),
            ("orderId", Field::str(order)),
            ("orderLineId", Field::Str(order_line(order))),
            ("testFlag", Field::str("1")),
        ]
    }

    fn instance_fields(activity: &'static str, id: &str) -> Vec<(&'static str, Field)> {
        vec![
            ("activity", Field::str(activity)),
            ("instanceId", Field::str(id)),
            ("testFlag", Field::str("1")),
        ]
    }

    /// One billing mode's flow (the contract's calls 1–10).
    fn mode(&mut self, mode: Billing, with_change_check: bool) {
        let order = mock_order(mode);
        let b = Some(mode);
        // The calls after the first, in order, for the "skipped" rows.
        let mut later: Vec<Spec> = vec![
            Spec::new(b, "newInstance").note("again"),
            Spec::new(b, "queryInstance"),
        ];
        if matches!(mode, Billing::YearlyMonthly | Billing::PayPerUse) {
            later.push(Spec::new(b, "refreshInstance").scene("RENEWAL"));
        }
        if self.target.trial_modes.contains(&mode) {
            later.push(Spec::new(b, "refreshInstance").scene("TRIAL_TO_FORMAL"));
        }
        if mode == Billing::YearlyMonthly {
            later.push(Spec::new(b, "updateInstanceStatus").scene("FREEZE"));
            later.push(Spec::new(b, "updateInstanceStatus").scene("UNFREEZE"));
            if self.target.needs_upgrade {
                later.push(Spec::new(b, "upgradeInstance"));
            }
        }
        if with_change_check && self.target.lists("changeInstanceCheck") {
            later.push(Spec::new(b, "changeInstanceCheck"));
        }
        later.push(Spec::new(b, "releaseInstance"));

        // 1. newInstance
        let first = Spec::new(b, "newInstance");
        let fields = self.new_instance_fields(order);
        let sent = self.send(&first, &fields, Variant::Exact);
        let mut id = None;
        let mut asynchronous = false;
        if let Some(sent) = sent {
            if sent.code.as_deref() == Some("000001") {
                self.calls[sent.index].outcome = Outcome::Fail;
                self.signature_rejected(&first, order);
            } else if self.success(&sent, &first, true) {
                asynchronous = sent.code.as_deref() == Some("000004");
                id = self.instance_id(&sent, &first);
            } else {
                // A failure code: the instance ID may still be there, but the flow stops.
                let _ = self.instance_id(&sent, &first);
            }
        }
        let Some(id) = id else {
            for spec in &later {
                self.skipped(spec, "no instanceId");
            }
            self.notes.push(format!(
                "the rest of the {} flow was skipped: the first newInstance gave no instanceId",
                mode.as_str()
            ));
            return;
        };
        if asynchronous {
            self.poll(mode, &id);
        }
        for spec in later {
            self.later_call(order, &id, &spec);
        }
    }

    /// Calls 2–10 of a flow.
    fn later_call(&mut self, order: &str, id: &str, spec: &Spec) {
        let one_year = sign::expire_time(sign::one_year_later(sign::now_ms() / 1000));
        let fields: Vec<(&'static str, Field)> = match (spec.activity, spec.scene) {
            ("newInstance", _) => self.new_instance_fields(order),
            ("queryInstance", _) => Self::instance_fields("queryInstance", id),
            ("refreshInstance", Some(scene)) => vec![
                ("activity", Field::str("refreshInstance")),
                ("expireTime", Field::Str(one_year)),
                ("instanceId", Field::str(id)),
                ("orderId", Field::str(order)),
                ("orderLineId", Field::Str(order_line(order))),
                ("scene", Field::str(scene)),
                ("testFlag", Field::str("1")),
            ],
            ("updateInstanceStatus", Some(status)) => vec![
                ("activity", Field::str("updateInstanceStatus")),
                ("instanceId", Field::str(id)),
                ("status", Field::str(status)),
                ("testFlag", Field::str("1")),
            ],
            ("upgradeInstance", _) => vec![
                ("activity", Field::str("upgradeInstance")),
                ("instanceId", Field::str(id)),
                ("orderId", Field::str(UPGRADE_ORDER)),
                ("orderLineId", Field::Str(order_line(UPGRADE_ORDER))),
                ("testFlag", Field::str("1")),
            ],
            ("changeInstanceCheck", _) => {
                let mut product = vec![
                    ("productId", Field::str("KOOSHIPPROBE-PRODUCT")),
                    (
                        "productName",
                        Field::Str(
                            self.target
                                .product_name
                                .as_deref()
                                .unwrap_or("kooship probe")
                                .chars()
                                .take(64)
                                .collect(),
                        ),
                    ),
                    (
                        "skuCode",
                        Field::Str(
                            self.target
                                .sku_code
                                .clone()
                                .unwrap_or_else(|| "KOOSHIPPROBE-SKU".to_owned())
                                .chars()
                                .take(64)
                                .collect(),
                        ),
                    ),
                ];
                if let Some(n) = self.target.linear_value {
                    product.push(("linearValue", Field::Int(n)));
                }
                vec![
                    ("activity", Field::str("changeInstanceCheck")),
                    ("instanceId", Field::str(id)),
                    ("productInfo", Field::Obj(product)),
                    ("testFlag", Field::str("1")),
                ]
            }
            _ => vec![
                ("activity", Field::str("releaseInstance")),
                ("instanceId", Field::str(id)),
                ("orderId", Field::str(order)),
                ("orderLineId", Field::Str(order_line(order))),
                ("testFlag", Field::str("1")),
            ],
        };
        let Some(sent) = self.send(spec, &fields, Variant::Exact) else {
            return;
        };
        match spec.activity {
            "newInstance" => {
                if self.success(&sent, spec, true)
                    && let Some(again) = self.instance_id(&sent, spec)
                    && again != id
                {
                    self.finding(
                        &PRB015,
                        "newInstance",
                        format!(
                            "{}: the same order ({order}) got instanceId `{}`, the first call `{}`",
                            spec.label(),
                            quote(&again),
                            quote(id)
                        ),
                        "return the instance created for the order the first time; key instances by orderId and orderLineId, not businessId",
                    );
                    self.calls[sent.index].outcome = Outcome::Fail;
                }
            }
            "queryInstance" => {
                if self.success(&sent, spec, false) {
                    self.check_query(&sent, spec, id);
                }
            }
            _ => {
                self.success(&sent, spec, false);
            }
        }
    }

    /// After `000004`: `queryInstance` every poll interval until the instance is ready or
    /// the poll limit has passed (PRB021).
    fn poll(&mut self, mode: Billing, id: &str) {
        let start = Instant::now();
        let mut n = 0;
        let mut last = String::from("no answer");
        loop {
            let waited = start.elapsed();
            if waited + self.settings.poll_interval > self.settings.poll_limit {
                break;
            }
            std::thread::sleep(self.settings.poll_interval);
            n += 1;
            let spec = Spec::new(Some(mode), "queryInstance").note(format!("poll {n}"));
            if self.requests >= MAX_REQUESTS {
                self.skipped(
                    &spec,
                    &format!("the budget of {MAX_REQUESTS} requests is spent"),
                );
                break;
            }
            let fields = Self::instance_fields("queryInstance", id);
            let request = self.build(&fields, Variant::Exact);
            self.requests += 1;
            let (reply, ms) = self.client.send(&request);
            let mut call = Call {
                billing: Some(mode.as_str()),
                call: "queryInstance",
                scene: None,
                status: None,
                ms: Some(ms),
                result_code: None,
                outcome: Outcome::Pass,
                note: spec.note.clone(),
                curl: self.settings.curl.then(|| self.curl(&request)),
            };
            // Polls wait for readiness: an answer that is not ready yet is no finding; the
            // last one is quoted if the instance never becomes ready.
            let ready = match reply {
                Reply::Response { status, body } => {
                    call.status = Some(status);
                    let obj: Option<Map<String, Value>> = serde_json::from_slice(&body).ok();
                    let code = obj
                        .as_ref()
                        .and_then(|o| o.get("resultCode"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    call.result_code = code.clone();
                    last = match &code {
                        Some(c) => format!("resultCode `{}`", quote(c)),
                        None => format!("HTTP {status} without a resultCode"),
                    };
                    obj.as_ref().is_some_and(|o| ready(o, id))
                }
                Reply::TooLarge { status } => {
                    call.status = Some(status);
                    last = "a body larger than 1 MiB".to_owned();
                    false
                }
                Reply::Timeout => {
                    last = "no answer in time".to_owned();
                    false
                }
                Reply::Failed(why) => {
                    last = why;
                    false
                }
            };
            call.note = Some(format!(
                "poll {n}: {}",
                if ready { "ready" } else { "not ready" }
            ));
            self.calls.push(call);
            if ready {
                return;
            }
        }
        let limit = self.settings.poll_limit.as_millis();
        self.finding(
            &PRB021,
            "queryInstance",
            format!(
                "`newInstance` ({}) answered 000004 (asynchronous), but `queryInstance` did not return instance `{}` with `appInfo.frontEndUrl` within {} s ({n} polls; the last answer: {last})",
                mode.as_str(),
                quote(id),
                limit.div_ceil(1000)
            ),
            "finish provisioning debugging instances at once, and answer queryInstance with the instance's appInfo when it is ready",
        );
    }

    /// Call 1 answered `000001`: PRB018, with the first variant the server accepts (tried
    /// once per run).
    fn signature_rejected(&mut self, first: &Spec, order: &str) {
        if self.diagnosed {
            return;
        }
        self.diagnosed = true;
        let mut accepted = None;
        for variant in [
            Variant::OtherKey,
            Variant::Seconds,
            Variant::Descending,
            Variant::Lowercase,
        ] {
            if variant == Variant::OtherKey && self.access.alternative.is_none() {
                continue;
            }
            let what = variant.describe(self.access);
            let spec = Spec::new(first.billing, "newInstance")
                .note(format!("diagnosis: {}", short(variant)));
            let fields = self.new_instance_fields(order);
            if let Some(sent) = self.send(&spec, &fields, variant) {
                let ok = matches!(sent.code.as_deref(), Some("000000" | "000004"));
                // A wrongly signed request should be refused: refusing it passes, accepting
                // it is the server's mistake the diagnosis names.
                self.calls[sent.index].outcome = if ok { Outcome::Fail } else { Outcome::Pass };
                if ok {
                    accepted = Some(what);
                    break;
                }
            }
        }
        let message = match accepted {
            Some(what) => format!(
                "{}: correctly signed requests get 000001 (authentication failed); the server accepts {what}",
                first.label()
            ),
            None => format!(
                "{}: correctly signed requests get 000001 (authentication failed), and so did every variant tried (the key Base64-decoded or encoded, timestamp in seconds, keys sorted Z→A, a lower-case signature)",
                first.label()
            ),
        };
        self.finding(
            &PRB018,
            "newInstance",
            message,
            "verify as KooGallery signs: timestamp in milliseconds, body keys A→Z, signature compared case-insensitively, with the key bound to the basic interface",
        );
    }

    /// Step 5: a wrong key, and a timestamp 10 minutes old.
    fn negative(&mut self) {
        for (variant, note, rule) in [
            (Variant::WrongKey, "wrong key", &PRB016),
            (Variant::Stale, "10 minutes old", &PRB017),
        ] {
            let spec = Spec::new(None, "newInstance").note(note);
            let fields = self.new_instance_fields(NEGATIVE_ORDER);
            let Some(sent) = self.send(&spec, &fields, variant) else {
                continue;
            };
            let accepted = matches!(sent.code.as_deref(), Some("000000" | "000004"));
            self.calls[sent.index].outcome = if accepted {
                Outcome::Fail
            } else {
                Outcome::Pass
            };
            if accepted {
                let (message, help) = if variant == Variant::WrongKey {
                    (
                        format!(
                            "a `newInstance` signed with a wrong key was answered `{}`: the server does not verify the signature",
                            sent.code.as_deref().unwrap_or_default()
                        ),
                        "recompute the signature with the access key for every request and answer 000001 when it differs",
                    )
                } else {
                    (
                        format!(
                            "a correctly signed `newInstance` with a timestamp 10 minutes old was answered `{}`; the guide asks to refuse requests older than 60 s",
                            sent.code.as_deref().unwrap_or_default()
                        ),
                        "compare `timestamp` (milliseconds) with the clock and refuse requests more than 60 s old",
                    )
                };
                self.finding(rule, "newInstance", message, help);
            }
        }
    }
}

fn short(variant: Variant) -> &'static str {
    match variant {
        Variant::OtherKey => "other key form",
        Variant::Seconds => "timestamp in seconds",
        Variant::Descending => "keys Z→A",
        Variant::Lowercase => "lower-case signature",
        Variant::Exact | Variant::WrongKey | Variant::Stale => "",
    }
}
