//! What changed between the released manifest (the lock's) and the current one: one change
//! per field, specifications matched by code (`/specifications[team]/trial_days`), numbers
//! compared by value, irreversible changes marked.

use serde::Serialize;
use serde_json::Value;

use super::same;
use crate::load::index::escape_token;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One changed field.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The field, with specification positions written as their code.
    pub pointer: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub change: ChangeKind,
    /// KooGallery refuses this change after release.
    pub irreversible: bool,
}

/// The changes from `old` to `new` (both manifests as JSON, `lint` sections ignored).
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let old = super::released_form(old);
    let new = super::released_form(new);
    let mut out = Vec::new();
    walk("", Some(&old), Some(&new), &mut out);
    for c in &mut out {
        c.irreversible = irreversible(c);
    }
    out
}

fn walk(pointer: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<Change>) {
    match (old, new) {
        (None, None) => {}
        (Some(o), None) => out.push(change(pointer, Some(o), None, ChangeKind::Removed)),
        (None, Some(n)) => out.push(change(pointer, None, Some(n), ChangeKind::Added)),
        (Some(o), Some(n)) if same(o, n) => {}
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                walk(
                    &format!("{pointer}/{}", escape_token(k)),
                    o.get(k),
                    n.get(k),
                    out,
                );
            }
        }
        (Some(Value::Array(o)), Some(Value::Array(n))) if pointer == "/specifications" => {
            specifications(o, n, out);
        }
        (Some(Value::Array(o)), Some(Value::Array(n)))
            if o.iter().chain(n).all(Value::is_object) =>
        {
            for i in 0..o.len().max(n.len()) {
                walk(&format!("{pointer}/{i}"), o.get(i), n.get(i), out);
            }
        }
        (Some(o), Some(n)) => out.push(change(pointer, Some(o), Some(n), ChangeKind::Changed)),
    }
}

/// Specifications are matched by `code`, released order first, then the new ones.
fn specifications(old: &[Value], new: &[Value], out: &mut Vec<Change>) {
    let code = |v: &Value| v.get("code").and_then(Value::as_str).map(str::to_owned);
    let find =
        |list: &[Value], c: &str| list.iter().find(|v| code(v).as_deref() == Some(c)).cloned();
    // Moving specifications is a change too (the list is the form's order, and REL004
    // counts it): the codes kept by both, in their old and their new order.
    let old_codes: Vec<String> = old.iter().filter_map(code).collect();
    let new_codes: Vec<String> = new.iter().filter_map(code).collect();
    let kept = |from: &[String], other: &[String]| -> Vec<Value> {
        from.iter()
            .filter(|c| other.contains(c))
            .map(|c| Value::String(c.clone()))
            .collect()
    };
    let (kept_old, kept_new) = (kept(&old_codes, &new_codes), kept(&new_codes, &old_codes));
    if kept_old != kept_new {
        out.push(change(
            "/specifications",
            Some(&Value::Array(kept_old)),
            Some(&Value::Array(kept_new)),
            ChangeKind::Changed,
        ));
    }
    for (i, o) in old.iter().enumerate() {
        match code(o) {
            Some(c) => walk(
                &format!("/specifications[{c}]"),
                Some(o),
                find(new, &c).as_ref(),
                out,
            ),
            None => walk(&format!("/specifications/{i}"), Some(o), new.get(i), out),
        }
    }
    for n in new {
        if let Some(c) = code(n)
            && find(old, &c).is_none()
        {
            walk(&format!("/specifications[{c}]"), None, Some(n), out);
        }
    }
}

fn change(pointer: &str, old: Option<&Value>, new: Option<&Value>, kind: ChangeKind) -> Change {
    Change {
        pointer: if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer.to_owned()
        },
        old: old.cloned(),
        new: new.cloned(),
        change: kind,
        irreversible: false,
    }
}

/// Supervision, a released spec's trial, and deleting a released (non-test) spec cannot be
/// undone once released.
fn irreversible(c: &Change) -> bool {
    if c.pointer.starts_with("/delivery/service_supervision") {
        // The switch itself, or the whole supervision map.
        let whole = c.pointer == "/delivery/service_supervision" || c.pointer == "/delivery";
        return c.pointer.ends_with("/enabled") || whole;
    }
    if let Some(rest) = c.pointer.strip_prefix("/specifications[") {
        let Some((_, field)) = rest.split_once(']') else {
            return false;
        };
        if field == "/trial_days" {
            return c.old.is_some();
        }
        if field.is_empty() && c.change == ChangeKind::Removed {
            let was_test = c
                .old
                .as_ref()
                .and_then(|o| o.get("test"))
                .and_then(Value::as_bool)
                == Some(true);
            return !was_test;
        }
    }
    false
}

/// The human rendering: `pointer: old → new`, irreversible changes marked.
pub fn render(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        let show = |v: &Option<Value>| match v {
            Some(v) => serde_json::to_string(v).unwrap_or_default(),
            None => "(none)".to_owned(),
        };
        let what = match c.change {
            ChangeKind::Added => format!("{}: added {}", c.pointer, show(&c.new)),
            ChangeKind::Removed => format!("{}: removed (was {})", c.pointer, show(&c.old)),
            ChangeKind::Changed => format!("{}: {} → {}", c.pointer, show(&c.old), show(&c.new)),
        };
        s.push_str(&what);
        if c.irreversible {
            s.push_str("  [irreversible: KooGallery refuses this change after release]");
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn specs_by_code_and_numbers_by_value() {
        let old = v(r#"{"product":{"version":"1.0.0"},"specifications":[
            {"code":"team","trial_days":14,"pricing":{"price":{"month":19.90}}},
            {"code":"gone","pricing":{}},
            {"code":"t","test":true}]}"#);
        let new = v(
            r#"{"product":{"version":"1.1.0"},"lint":{"severity":{}},"specifications":[
            {"code":"new","pricing":{}},
            {"code":"team","trial_days":30,"pricing":{"price":{"month":19.9}}}]}"#,
        );
        let changes = diff(&old, &new);
        let lines: Vec<String> = changes
            .iter()
            .map(|c| format!("{} {:?} {}", c.pointer, c.change, c.irreversible))
            .collect();
        assert_eq!(
            lines,
            vec![
                "/product/version Changed false",
                "/specifications[team]/trial_days Changed true",
                "/specifications[gone] Removed true",
                "/specifications[t] Removed false",
                "/specifications[new] Added false",
            ]
        );
    }
}
