//! What every answer must be, and what each call's answer must hold: the checks behind
//! PRB010–PRB015 and PRB019 (the probe contract's "passes when" column), and the curl line
//! that repeats a call.

use serde_json::{Map, Value};

use super::flow::{Call, Flow, MAX_REQUESTS, Outcome, Sent, Spec, Variant};
use super::http::{Reply, Request};
use super::sign::Field;
use crate::model::Billing;
use crate::rules::prb::*;

impl Flow<'_> {
    /// Sends one call and checks what every answer must be (complete, in time, status 200,
    /// a JSON object, `resultCode` and `resultMsg` well-formed). `None`: no JSON object came
    /// back (the call is recorded as an error), or the request budget is spent.
    ///
    /// A request signed otherwise than KooGallery signs (a negative check, a PRB018 variant)
    /// reports none of these: KooGallery never sends one, so how the server turns it down
    /// (a 401, an HTML page, silence) is its own business; only acceptance counts.
    pub(super) fn send(
        &mut self,
        spec: &Spec,
        fields: &[(&'static str, Field)],
        variant: Variant,
    ) -> Option<Sent> {
        self.quiet = variant != Variant::Exact;
        let sent = self.send_checked(spec, fields, variant);
        self.quiet = false;
        sent
    }

    fn send_checked(
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
    pub(super) fn field(&mut self, index: usize, activity: &str, label: &str, what: String) {
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
    pub(super) fn success(&mut self, sent: &Sent, spec: &Spec, async_ok: bool) -> bool {
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
    pub(super) fn string_field(
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
    pub(super) fn instance_id(&mut self, sent: &Sent, spec: &Spec) -> Option<String> {
        let id = self.string_field((sent.index, spec), &sent.obj, "", "instanceId", 64, true)?;
        (!id.trim().is_empty() && id.chars().count() <= 64).then_some(id)
    }

    /// `queryInstance`'s answer: the instance in `info` with its `appInfo` and usage.
    pub(super) fn check_query(&mut self, sent: &Sent, spec: &Spec, id: &str) {
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

    /// A curl command that repeats `request` (the signature in it expires after 60 s; the
    /// key is not in it).
    pub(super) fn curl(&self, request: &Request) -> String {
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

/// The `text` of a string for a message: control characters escaped, at most 200
/// characters.
pub(super) fn quote(text: &str) -> String {
    let short: String = text.chars().take(200).collect();
    let more = if text.chars().count() > 200 {
        "…"
    } else {
        ""
    };
    format!("{}{more}", crate::report::printable(&short))
}

pub(super) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether a `queryInstance` answer returns instance `id` with its `frontEndUrl`.
pub(super) fn ready(obj: &Map<String, Value>, id: &str) -> bool {
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
