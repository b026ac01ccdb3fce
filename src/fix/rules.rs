//! The fix of each rule that has one, keyed by rule code: computed from the finding (its
//! pointer, and the suggestion its help gives), the manifest's value and the text.

use serde_json::Value;

use super::edit::{self, Style};
use super::{Applicability, Context, Edit, Fix};
use crate::finding::Finding;

/// The fix for `finding`, when its rule has one and it applies here.
pub fn fix(finding: &Finding, cx: &Context) -> Option<Fix> {
    let pointer = finding.pointer.as_str();
    let mut reveals = None;
    let (applicability, title, edits) = match finding.rule.code {
        "MAN002" => {
            let (parts, renamed) = rename_unknown_key(finding, cx)?;
            reveals = Some(renamed);
            parts
        }
        "MAN003" => {
            reveals = Some(pointer.to_owned());
            invalid_value(finding, cx)?
        }
        "MAN009" => {
            // At the exception's `expires`: the exception is its parent.
            let (exception, last) = edit::split_last(pointer)?;
            (last == "expires").then_some(())?;
            let (list, i) = list_item(exception)?;
            (list == "/lint/exceptions").then_some(())?;
            (
                Applicability::Safe,
                "Delete the expired exception".to_owned(),
                edit::delete_item(cx, list, i)?,
            )
        }
        "MAN010" => {
            let (list, i) = list_item(pointer)?;
            (list == "/lint/exceptions").then_some(())?;
            (
                Applicability::Safe,
                "Delete the unused exception".to_owned(),
                edit::delete_item(cx, list, i)?,
            )
        }
        "API003" => {
            let (span, style) = edit::scalar(cx, pointer)?;
            let start = span.start + usize::from(style != Style::Plain);
            let scheme = cx.source.text().get(start..start + 7)?;
            scheme.eq_ignore_ascii_case("http://").then_some(())?;
            (
                Applicability::Unsafe,
                "Use `https`".to_owned(),
                vec![Edit {
                    span: crate::load::Span::new(start, start + 4),
                    content: "https".to_owned(),
                }],
            )
        }
        "API006" | "API008" | "API011" | "PRV001" => {
            let (list, i) = list_item(pointer)?;
            let item = string_at(cx, pointer)?;
            let (title, applicability) = match finding.rule.code {
                "PRV001" => (format!("Remove the repeated `{item}`"), Applicability::Safe),
                "API011" => (
                    format!("Remove `{item}` from `debugged_cases`"),
                    Applicability::Unsafe,
                ),
                _ => (
                    format!("Remove `{item}` from `tls_versions`"),
                    Applicability::Unsafe,
                ),
            };
            (applicability, title, edit::delete_item(cx, list, i)?)
        }
        "PRV004" => {
            let (map, key) = edit::split_last(pointer)?;
            (
                Applicability::Unsafe,
                format!("Remove `{key}`"),
                edit::delete_entry(cx, map, &key)?,
            )
        }
        "SPC006" => {
            (cx.value.pointer(pointer)? == &Value::Bool(true)).then_some(())?;
            (
                Applicability::Unsafe,
                "Set `public: false`".to_owned(),
                edit::replace_scalar(cx, pointer, "false")?,
            )
        }
        "PRC017" => {
            let code = string_at(cx, pointer)?;
            let upper = code.to_ascii_uppercase();
            (upper != code && crate::rules::prc::is_active_currency(&upper)).then_some(())?;
            (
                Applicability::Safe,
                format!("Write `{upper}`"),
                edit::replace_scalar(cx, pointer, &upper)?,
            )
        }
        _ => return None,
    };
    Some(Fix {
        applicability,
        title,
        edits,
        reveals,
    })
}

type Parts = (Applicability, String, Vec<Edit>);

/// The list and the index of a list item's pointer.
fn list_item(pointer: &str) -> Option<(&str, usize)> {
    let (list, last) = edit::split_last(pointer)?;
    Some((list, last.parse().ok()?))
}

fn string_at<'a>(cx: &Context<'a>, pointer: &str) -> Option<&'a str> {
    cx.value.pointer(pointer)?.as_str()
}

/// The one candidate close to `word`, as the schema stage measures closeness; `None` when
/// none or several are close.
fn single_close<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut close = candidates
        .into_iter()
        .filter(|c| strsim::jaro_winkler(&lower, &c.to_lowercase()) >= 0.8);
    let first = close.next()?;
    close.next().is_none().then_some(first)
}

/// MAN002: `nmae` → `name`, when `name` is the one close known key, the help suggests it,
/// and the map does not have it.
fn rename_unknown_key(finding: &Finding, cx: &Context) -> Option<(Parts, String)> {
    let (map, key) = edit::split_last(&finding.pointer)?;
    let known = crate::describe::at(cx.value, map)?.keys;
    let target = single_close(&key, known.iter().map(String::as_str))?;
    (finding.help == format!("did you mean `{target}`?")).then_some(())?;
    let present = cx
        .value
        .pointer(map)
        .and_then(Value::as_object)
        .is_none_or(|m| m.contains_key(target));
    let renamed = edit::child(map, target);
    if present || cx.index.get(&renamed).is_some() {
        return None;
    }
    let parts = (
        Applicability::Unsafe,
        format!("Rename `{key}` to `{target}`"),
        edit::rename_key(cx, &finding.pointer, target)?,
    );
    Some((parts, renamed))
}

/// MAN003: quote a number or boolean written where text is wanted (Safe), or replace a
/// value outside its enumeration by its one close value (Unsafe).
fn invalid_value(finding: &Finding, cx: &Context) -> Option<Parts> {
    let pointer = finding.pointer.as_str();
    let value = cx.value.pointer(pointer)?;
    let described = crate::describe::at(cx.value, pointer)?;
    let (span, style) = edit::scalar(cx, pointer)?;
    let written = cx.source.text().get(span.start..span.end)?;
    match value {
        Value::Number(_) | Value::Bool(_) => {
            let wants_text = described.types.iter().any(|t| t == "string")
                && (described.values.is_empty()
                    || described
                        .values
                        .contains(&Value::String(written.to_owned())));
            (wants_text && style == Style::Plain && finding.help.starts_with("quote it"))
                .then_some(())?;
            (!written.contains(['"', '\\'])).then_some(())?;
            Some((
                Applicability::Safe,
                format!("Quote `{written}`"),
                vec![Edit {
                    span,
                    content: format!("\"{written}\""),
                }],
            ))
        }
        Value::String(s) => {
            let target = single_close(s, described.values.iter().filter_map(Value::as_str))?;
            (finding.help == format!("did you mean `{target}`?")).then_some(())?;
            let plain = target
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
            plain.then_some(())?;
            Some((
                Applicability::Unsafe,
                format!("Replace `{s}` by `{target}`"),
                edit::replace_scalar(cx, pointer, target)?,
            ))
        }
        _ => None,
    }
}
