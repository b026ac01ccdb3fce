//! Steps 4 and 5: the signed calls per billing mode, the checks of each answer, the two
//! negative checks and the PRB018 diagnosis (`probe.md`, "The requests").

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value};

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
enum Variant {
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
struct Spec {
    billing: Option<Billing>,
    activity: &'static str,
    scene: Option<&'static str>,
    note: Option<String>,
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
    fn label(&self) -> String {
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
struct Sent {
    index: usize,
    obj: Map<String, Value>,
    /// `resultCode` when it is a string.
    code: Option<String>,
}

/// The replay of one run.
pub struct Flow<'a> {
    client: &'a Client,
    endpoint: &'a Endpoint,
    target: &'a Target,
    access: &'a AccessKey,
    random: &'a Random,
    settings: &'a Settings,
    wrong_key: Key,
    requests: usize,
    diagnosed: bool,
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

/// The `text` of a string for a message: control characters escaped, at most 200
/// characters.
fn quote(text: &str) -> String {
    let short: String = text.chars().take(200).collect();
    let more = if text.chars().count() > 200 {
        "…"
    } else {
        ""
    };
    format!("{}{more}", crate::report::printable(&short))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
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

    fn finding(&mut self, rule: &'static Rule, activity: &str, message: String, help: &str) {
        let pointer = self.target.interface_pointer(activity);
        self.findings
            .push(Finding::new(rule, pointer, message).help(help));
    }

    fn build(&self, fields: &[(&'static str, Field)], variant: Variant) -> Request {
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

    fn skipped(&mut self, spec: &Spec, why: &str) {
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

    /// Sends one call and checks what every answer must be (complete, in time, status 200,
    /// a JSON object, `resultCode` and `resultMsg` well-formed). `None`: no JSON object came
    /// back (the call is recorded as an error), or the request budget is spent.
    fn send(
        &mut self,
        spec: &Spec,
        fields: &[(&'static str, Field)],
        variant: Variant,
    ) -> Option<Sent> {
        if self.requests >= MAX_REQUESTS {
            self.skipped(
                spec,
                &format!("the budget of {MAX_REQUESTS} requests is spent"),
            );
            return None;
        }
        self.requests += 1;
        let request = self.build(fields, variant);
        let (reply, ms) = self.client.send(&request);
        let timeout_ms = self.settings.timeout.as_millis() as u64;
        let label = spec.label();
        let activity = spec.activity;
        let index = self.calls.len();
        self.calls.push(Call {
            billing: spec.billing.map(Billing::as_str),
            call: spec.activity,
            scene: spec.scene,
            status: None,
            ms: Some(ms),
            result_code: None,
            outcome: Outcome::Pass,
            note: spec.note.clone(),
            curl: self.settings.curl.then(|| self.curl(&request)),
        });
        let (status, body) = match reply {
            Reply::Timeout => {
                self.finding(
                    &PRB010,
                    activity,
                    format!("{label}: no complete response within {timeout_ms} ms"),
                    "answer within KooGallery's 5 s; provision slow instances asynchronously (000004)",
                );
                self.calls[index].outcome = Outcome::Error;
                return None;
            }
            Reply::Failed(why) => {
                self.finding(
                    &PRB010,
                    activity,
                    format!("{label}: {why}"),
                    "every call must get a complete HTTP/1.1 response",
                );
                self.calls[index].outcome = Outcome::Error;
                return None;
            }
            Reply::TooLarge { status } => (status, None),
            Reply::Response { status, body } => (status, Some(body)),
        };
        self.calls[index].status = Some(status);
        if status != 200 {
            self.finding(
                &PRB019,
                activity,
                format!("{label}: HTTP status {status}, not 200"),
                "answer 200 and put the result in `resultCode`; make sure no proxy rewrites the answer",
            );
        }
        if ms.saturating_mul(100) > timeout_ms.saturating_mul(60) {
            self.finding(
                &PRB011,
                activity,
                format!(
                    "{label}: answered in {ms} ms, more than 60 % of the {timeout_ms} ms timeout"
                ),
                "move slow work off the request path; KooGallery gives each call 5 s",
            );
        }
        let Some(body) = body else {
            self.finding(
                &PRB012,
                activity,
                format!(
                    "{label}: the body is larger than 1 MiB (kooship reads at most 1,048,576 bytes)"
                ),
                "answer with a small JSON object: `{\"resultCode\":\"000000\",…}`",
            );
            self.calls[index].outcome = Outcome::Error;
            return None;
        };
        let problem = match std::str::from_utf8(&body) {
            Err(e) => Err(format!(
                "the body is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            )),
            Ok(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(obj)) => Ok(obj),
                Ok(other) => Err(format!(
                    "the body is {}, not a JSON object",
                    json_type(&other)
                )),
                Err(_) if text.trim().is_empty() => Err("the body is empty".to_owned()),
                Err(e) => Err(format!("the body is not JSON ({e})")),
            },
        };
        let obj = match problem {
            Ok(obj) => obj,
            Err(why) => {
                self.finding(
                    &PRB012,
                    activity,
                    format!("{label}: {why}"),
                    "answer every activity with a UTF-8 JSON object such as `{\"resultCode\":\"000000\",\"resultMsg\":\"success.\"}`",
                );
                self.calls[index].outcome = Outcome::Error;
                return None;
            }
        };
        let code = match obj.get("resultCode") {
            None => {
                self.field(
                    index,
                    activity,
                    &label,
                    "`resultCode` is missing".to_owned(),
                );
                None
            }
            Some(Value::String(s)) => {
                self.calls[index].result_code = Some(s.clone());
                if s.chars().count() > 6 {
                    self.field(
                        index,
                        activity,
                        &label,
                        format!(
                            "`resultCode` `{}` has {} characters; at most 6",
                            quote(s),
                            s.chars().count()
                        ),
                    );
                    None
                } else {
                    Some(s.clone())
                }
            }
            Some(other) => {
                self.calls[index].result_code = Some(quote(&other.to_string()));
                self.field(
                    index,
                    activity,
                    &label,
                    format!("`resultCode` is {}, not a string", json_type(other)),
                );
                None
            }
        };
        match obj.get("resultMsg") {
            None | Some(Value::Null) => {}
            Some(Value::String(m)) if m.chars().count() > 255 => self.field(
                index,
                activity,
                &label,
                format!(
                    "`resultMsg` has {} characters; at most 255",
                    m.chars().count()
                ),
            ),
            Some(Value::String(_)) => {}
            Some(other) => self.field(
                index,
                activity,
                &label,
                format!("`resultMsg` is {}, not a string", json_type(other)),
            ),
        }
        Some(Sent { index, obj, code })
    }

    /// A PRB014 finding; the call failed.
    fn field(&mut self, index: usize, activity: &str, label: &str, what: String) {
        self.finding(
            &PRB014,
            activity,
            format!("{label}: {what}"),
            "return the fields the access guide's response table requires, as strings within their lengths",
        );
        self.calls[index].outcome = Outcome::Fail;
    }

    /// Whether the answer is a success (`000000`, or `000004` when `async_ok`); a PRB013
    /// finding when not.
    fn success(&mut self, sent: &Sent, spec: &Spec, async_ok: bool) -> bool {
        let Some(code) = &sent.code else {
            self.calls[sent.index].outcome = Outcome::Fail;
            return false;
        };
        if code == "000000" || (async_ok && code == "000004") {
            return true;
        }
        let msg = match sent.obj.get("resultMsg").and_then(Value::as_str) {
            Some(m) => format!(" (`{}`)", quote(m)),
            None => String::new(),
        };
        let expected = if async_ok {
            "000000 or 000004"
        } else {
            "000000"
        };
        self.finding(
            &PRB013,
            spec.activity,
            format!(
                "{}: `resultCode` `{}`{msg}; a success is {expected}",
                spec.label(),
                quote(code)
            ),
            "debugging requests (`testFlag` \"1\") carry mock orders and must still succeed",
        );
        self.calls[sent.index].outcome = Outcome::Fail;
        false
    }

    /// A string field of at most `max` characters; `required` when it must be there.
    fn string_field(
        &mut self,
        at: (usize, &Spec),
        obj: &Map<String, Value>,
        path: &str,
        name: &str,
        max: usize,
        required: bool,
    ) -> Option<String> {
        let (sent_index, spec) = at;
        let label = spec.label();
        match obj.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.field(
                        sent_index,
                        spec.activity,
                        &label,
                        format!("`{path}{name}` is missing"),
                    );
                }
                None
            }
            Some(Value::String(s)) => {
                let n = s.chars().count();
                if n > max {
                    self.field(
                        sent_index,
                        spec.activity,
                        &label,
                        format!("`{path}{name}` has {n} characters; at most {max}"),
                    );
                } else if required && s.trim().is_empty() {
                    self.field(
                        sent_index,
                        spec.activity,
                        &label,
                        format!("`{path}{name}` is empty"),
                    );
                }
                Some(s.clone())
            }
            Some(other) => {
                self.field(
                    sent_index,
                    spec.activity,
                    &label,
                    format!("`{path}{name}` is {}, not a string", json_type(other)),
                );
                None
            }
        }
    }

    /// `newInstance`'s `instanceId`, checked.
    fn instance_id(&mut self, sent: &Sent, spec: &Spec) -> Option<String> {
        let id = self.string_field((sent.index, spec), &sent.obj, "", "instanceId", 64, true)?;
        (!id.trim().is_empty() && id.chars().count() <= 64).then_some(id)
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

    /// One billing mode's flow (`probe.md`, calls 1–10).
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
            self.later_call(mode, order, &id, &spec);
        }
    }

    /// Calls 2–10 of a flow.
    fn later_call(&mut self, mode: Billing, order: &str, id: &str, spec: &Spec) {
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
        let _ = mode;
    }

    /// `queryInstance`'s answer: the instance in `info` with its `appInfo` and usage.
    fn check_query(&mut self, sent: &Sent, spec: &Spec, id: &str) {
        let label = spec.label();
        let info = match sent.obj.get("info") {
            Some(Value::Array(a)) => a.clone(),
            None | Some(Value::Null) => {
                self.field(
                    sent.index,
                    spec.activity,
                    &label,
                    "`info` is missing".to_owned(),
                );
                return;
            }
            Some(other) => {
                self.field(
                    sent.index,
                    spec.activity,
                    &label,
                    format!("`info` is {}, not a list", json_type(other)),
                );
                return;
            }
        };
        let Some((i, entry)) = info.iter().enumerate().find_map(|(i, e)| {
            let obj = e.as_object()?;
            (obj.get("instanceId").and_then(Value::as_str) == Some(id)).then_some((i, obj.clone()))
        }) else {
            self.field(
                sent.index,
                spec.activity,
                &label,
                format!("`info` holds no entry for instance `{}`", quote(id)),
            );
            return;
        };
        let base = format!("info[{i}].");
        match entry.get("appInfo") {
            Some(Value::Object(app)) => {
                let app_path = format!("{base}appInfo.");
                self.string_field((sent.index, spec), app, &app_path, "frontEndUrl", 512, true);
                self.string_field((sent.index, spec), app, &app_path, "adminUrl", 512, false);
                self.string_field((sent.index, spec), app, &app_path, "userName", 128, false);
                self.string_field((sent.index, spec), app, &app_path, "password", 128, false);
                self.string_field((sent.index, spec), app, &app_path, "memo", 1024, false);
            }
            None | Some(Value::Null) => self.field(
                sent.index,
                spec.activity,
                &label,
                format!("`{base}appInfo.frontEndUrl` is missing (no `appInfo`)"),
            ),
            Some(other) => self.field(
                sent.index,
                spec.activity,
                &label,
                format!("`{base}appInfo` is {}, not an object", json_type(other)),
            ),
        }
        match entry.get("usageInfo") {
            None | Some(Value::Null) => {}
            Some(Value::Array(usage)) => {
                for (j, u) in usage.iter().enumerate() {
                    let path = format!("{base}usageInfo[{j}].");
                    let Some(u) = u.as_object() else {
                        self.field(
                            sent.index,
                            spec.activity,
                            &label,
                            format!("`{base}usageInfo[{j}]` is {}, not an object", json_type(u)),
                        );
                        continue;
                    };
                    match u.get("usageValue") {
                        Some(Value::Number(_)) => {}
                        Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => {}
                        None | Some(Value::Null) => self.field(
                            sent.index,
                            spec.activity,
                            &label,
                            format!("`{path}usageValue` is missing"),
                        ),
                        Some(other) => self.field(
                            sent.index,
                            spec.activity,
                            &label,
                            format!("`{path}usageValue` is {}, not a number", json_type(other)),
                        ),
                    }
                    let u = u.clone();
                    self.string_field((sent.index, spec), &u, &path, "statisticalTime", 20, true);
                }
            }
            Some(other) => self.field(
                sent.index,
                spec.activity,
                &label,
                format!("`{base}usageInfo` is {}, not a list", json_type(other)),
            ),
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
            if matches!(sent.code.as_deref(), Some("000000" | "000004")) {
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
                self.calls[sent.index].outcome = Outcome::Fail;
            }
        }
    }

    /// A curl command that repeats `request` (the signature in it expires after 60 s; the
    /// key is not in it).
    fn curl(&self, request: &Request) -> String {
        let mut s = String::from("curl -sS -X POST");
        s.push_str(&format!(
            " --max-time {}",
            self.settings.timeout.as_secs().max(1)
        ));
        s.push_str(&self.settings.curl_options);
        for (name, value) in super::http::headers() {
            s.push_str(&format!(" -H {}", shell_quote(&format!("{name}: {value}"))));
        }
        s.push_str(&format!(" --data-binary {}", shell_quote(&request.body)));
        s.push(' ');
        s.push_str(&shell_quote(&request.url));
        s
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

/// Whether a `queryInstance` answer returns instance `id` with its `frontEndUrl`.
fn ready(obj: &Map<String, Value>, id: &str) -> bool {
    obj.get("resultCode").and_then(Value::as_str) == Some("000000")
        && obj
            .get("info")
            .and_then(Value::as_array)
            .is_some_and(|info| {
                info.iter().any(|e| {
                    e.get("instanceId").and_then(Value::as_str) == Some(id)
                        && e.pointer("/appInfo/frontEndUrl")
                            .and_then(Value::as_str)
                            .is_some_and(|u| !u.trim().is_empty())
                })
            })
}

/// A word for a POSIX shell, in single quotes.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
