//! Stage 2, schema: the JSON Schema generated from the typed model, and validation of a
//! loaded manifest against it, turned into MAN002 (unknown key), MAN003 (wrong type or value)
//! and MAN004 (missing key) findings that point at the exact key or value.

use std::sync::LazyLock;

use std::collections::{HashMap, HashSet};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use schemars::transform::{RecursiveTransform, Transform};
use serde_json::Value;

use crate::finding::Finding;
use crate::load::index::{escape_token, tokens};
use crate::load::{Source, SpanIndex};
use crate::model::Manifest;
use crate::rules::man::{MAN002, MAN003, MAN004};

/// The committed schema, `schemas/kooship.schema.json`: what `kooship schema` prints and
/// what manifests are validated against. A test fails when it drifts from [`generate`].
pub const COMMITTED: &str = include_str!("../schemas/kooship.schema.json");

/// Generates the manifest's JSON Schema (draft 2020-12) from the Rust types.
pub fn generate() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(StripNullAndFormats))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Manifest>();
    schema.insert(
        "$id".into(),
        Value::String(format!(
            "{}/raw/main/schemas/kooship.schema.json",
            env!("CARGO_PKG_REPOSITORY")
        )),
    );
    schema.to_value()
}

/// The generated schema as the committed file holds it: pretty JSON and a final newline.
pub fn generate_text() -> String {
    let mut s = serde_json::to_string_pretty(&generate()).unwrap_or_default();
    s.push('\n');
    s
}

/// Optional keys are left out, never `null`; and the non-standard `format`s schemars adds to
/// integers (`int64`) mean nothing to editors, so both go.
#[derive(Clone)]
struct StripNullAndFormats;

impl Transform for StripNullAndFormats {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(types)) = obj.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let t = types.remove(0);
                obj.insert("type".into(), t);
            }
        }
        if let Some(Value::Array(branches)) = obj.get_mut("anyOf") {
            branches.retain(|b| b.get("type").and_then(Value::as_str) != Some("null"));
            if branches.len() == 1 {
                let only = branches.remove(0);
                obj.remove("anyOf");
                if let Value::Object(inner) = only {
                    for (k, v) in inner {
                        obj.entry(k).or_insert(v);
                    }
                }
            }
        }
        // An enum whose variants carry doc comments comes out as `oneOf` of `const`s: make
        // it a plain `enum`, so that editors and error messages list the values.
        if let Some(Value::Array(branches)) = obj.get("oneOf")
            && branches
                .iter()
                .all(|b| b.get("const").is_some() || b.get("enum").is_some())
        {
            let mut values = Vec::new();
            let mut notes = Vec::new();
            for b in branches {
                let consts: Vec<Value> = match (b.get("const"), b.get("enum")) {
                    (Some(c), _) => vec![c.clone()],
                    (None, Some(Value::Array(e))) => e.clone(),
                    _ => Vec::new(),
                };
                if let Some(d) = b.get("description").and_then(Value::as_str) {
                    for c in &consts {
                        notes.push(format!(
                            "`{}`: {}",
                            c.as_str().unwrap_or_default(),
                            d.trim_end_matches('.')
                        ));
                    }
                }
                values.extend(consts);
            }
            obj.remove("oneOf");
            obj.insert("type".into(), Value::String("string".into()));
            obj.insert("enum".into(), Value::Array(values));
            if !notes.is_empty() {
                let head = obj
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let text = if head.is_empty() {
                    notes.join("; ")
                } else {
                    format!("{head} {}", notes.join("; "))
                };
                obj.insert("description".into(), Value::String(text));
            }
        }
        if let Some(Value::String(f)) = obj.get("format")
            && matches!(
                f.as_str(),
                "int64" | "int32" | "uint32" | "uint64" | "double" | "float"
            )
        {
            obj.remove("format");
        }
    }
}

static SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(COMMITTED).unwrap_or(Value::Null));

static VALIDATOR: LazyLock<Option<Validator>> =
    LazyLock::new(|| jsonschema::draft202012::new(&SCHEMA).ok());

/// The key a MAN004 finding of [`validate`] says is missing, as a pointer below the map's.
pub fn missing_key(finding: &Finding) -> Option<String> {
    if finding.rule != &MAN004 {
        return None;
    }
    let key = finding.message.split_once(MISSING)?.1.strip_suffix('`')?;
    Some(format!("{}/{}", finding.pointer, escape_token(key)))
}

/// How a MAN004 message names the key (see [`missing_key`]).
const MISSING: &str = " lacks the required key `";

/// Validates a loaded manifest against the schema.
pub fn validate(value: &Value, index: &SpanIndex, source: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(validator) = VALIDATOR.as_ref() else {
        return out;
    };
    if !value.is_object() {
        let found = if value.is_null() {
            "empty".to_owned()
        } else {
            kind_of(value)
        };
        out.push(
            Finding::new(
                &MAN003,
                "",
                format!("the manifest must be a map of keys, but it is {found}"),
            )
            .help("start from `kooship init`, or see the manifest format in the README"),
        );
        return out;
    }
    let errors: Vec<_> = validator.iter_errors(value).collect();
    // A value of the wrong type fails its enumeration too: one finding (the type's) says
    // it, and its help uses the enumeration.
    let mut enums: HashMap<String, Vec<String>> = HashMap::new();
    for e in &errors {
        if let ValidationErrorKind::Enum { options } = e.kind() {
            enums.insert(
                e.instance_path().as_str().to_owned(),
                options
                    .as_array()
                    .map(|a| a.iter().map(render_value).collect())
                    .unwrap_or_default(),
            );
        }
    }
    let typed: HashSet<&str> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
        .map(|e| e.instance_path().as_str())
        .collect();
    let cx = Mapper {
        index,
        source,
        enums: &enums,
        typed: &typed,
    };
    for error in &errors {
        cx.map(error, &mut out);
    }
    out
}

struct Mapper<'a> {
    index: &'a SpanIndex,
    source: &'a Source,
    /// The enumeration's values at each pointer whose value is not one of them.
    enums: &'a HashMap<String, Vec<String>>,
    /// The pointers whose value has the wrong type.
    typed: &'a HashSet<&'a str>,
}

impl Mapper<'_> {
    fn map(&self, error: &ValidationError, out: &mut Vec<Finding>) {
        let pointer = error.instance_path().as_str().to_owned();
        let instance = error.instance();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = known_keys(error.schema_path().as_str());
                for key in unexpected {
                    let child = format!("{pointer}/{}", escape_token(key));
                    let place = place(&pointer);
                    let help = match closest(key, &known) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None if known.is_empty() => "remove it".to_owned(),
                        None => format!("remove it; {place} takes {}", list(&known)),
                    };
                    out.push(
                        Finding::new(&MAN002, child, format!("unknown key `{key}` in {place}"))
                            .help(help)
                            .at_key()
                            .label("unknown key"),
                    );
                }
            }
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                out.push(
                    Finding::new(
                        &MAN004,
                        pointer.clone(),
                        format!("{}{MISSING}{key}`", place(&pointer)),
                    )
                    .help(format!("add `{key}` to {}", place(&pointer))),
                );
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => vec![type_name(&t.to_string())],
                    TypeKind::Multiple(set) => {
                        set.iter().map(|t| type_name(&t.to_string())).collect()
                    }
                };
                out.push(self.type_finding(&pointer, instance, &expected));
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. }
                if self.typed.contains(pointer.as_str()) => {}
            ValidationErrorKind::Enum { options } => {
                let values: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(render_value).collect())
                    .unwrap_or_default();
                out.push(self.enum_finding(&pointer, instance, &values));
            }
            ValidationErrorKind::Constant { expected_value } => {
                out.push(self.enum_finding(&pointer, instance, &[render_value(expected_value)]));
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.branches(&pointer, instance, context, out);
            }
            _ => out.push(
                Finding::new(
                    &MAN003,
                    pointer.clone(),
                    format!("`{}` is not valid: {error}", path(&pointer)),
                )
                .help("see `kooship schema` for the expected shape"),
            ),
        }
    }

    /// A value that matched no branch of an `anyOf`/`oneOf`: report the errors of the branch
    /// it was evidently meant for, or say what the branches expect.
    fn branches(
        &self,
        pointer: &str,
        instance: &Value,
        context: &[Vec<ValidationError<'static>>],
        out: &mut Vec<Finding>,
    ) {
        let child_of = |e: &ValidationError| -> Option<String> {
            let p = e.instance_path().as_str();
            let rest = p.strip_prefix(pointer)?.strip_prefix('/')?;
            (!rest.contains('/')).then(|| rest.to_owned())
        };
        let wrong_tag = |b: &Vec<ValidationError>| {
            b.iter().any(|e| {
                matches!(e.kind(), ValidationErrorKind::Constant { .. }) && child_of(e).is_some()
            })
        };
        let wrong_shape = |b: &Vec<ValidationError>| {
            b.iter().any(|e| {
                matches!(e.kind(), ValidationErrorKind::Type { .. })
                    && e.instance_path().as_str() == pointer
            })
        };
        let missing_tag = |b: &Vec<ValidationError>| -> Option<String> {
            b.iter().find_map(|e| match e.kind() {
                ValidationErrorKind::Required { property } if e.instance_path().as_str() == pointer => {
                    let key = property.as_str()?;
                    let is_tag = context.iter().all(|other| {
                        other.iter().any(|o| {
                            matches!(o.kind(), ValidationErrorKind::Required { property } if property.as_str() == Some(key))
                        })
                    });
                    is_tag.then(|| key.to_owned())
                }
                _ => None,
            })
        };
        // A discriminator (`template`, `type`) that every branch requires and the value lacks.
        if let Some(tag) = context.first().and_then(missing_tag) {
            let values = tag_values(context, &tag);
            out.push(
                Finding::new(
                    &MAN004,
                    pointer.to_owned(),
                    format!("{}{MISSING}{tag}`", place(pointer)),
                )
                .help(format!("add `{tag}: …` with one of {}", list(&values))),
            );
            return;
        }
        let candidates: Vec<&Vec<ValidationError>> = context
            .iter()
            .filter(|b| !wrong_tag(b) && !wrong_shape(b))
            .collect();
        if let Some(best) = candidates.iter().min_by_key(|b| b.len()) {
            for e in best.iter() {
                self.map(e, out);
            }
            return;
        }
        // Every branch refused the discriminator: it has a value none of them accepts.
        if !context.is_empty() && context.iter().all(wrong_tag) {
            let tag = context[0].iter().find_map(|e| {
                matches!(e.kind(), ValidationErrorKind::Constant { .. })
                    .then(|| child_of(e))
                    .flatten()
            });
            if let Some(tag) = tag {
                let values = tag_values(context, &tag);
                let child = format!("{pointer}/{}", escape_token(&tag));
                let found = instance.get(&tag).cloned().unwrap_or(Value::Null);
                out.push(self.enum_finding(&child, &found, &values));
                return;
            }
        }
        // Every branch wants another kind of value.
        let mut expected = Vec::new();
        for b in context {
            for e in b {
                if let ValidationErrorKind::Type { kind } = e.kind()
                    && e.instance_path().as_str() == pointer
                {
                    match kind {
                        TypeKind::Single(t) => expected.push(type_name(&t.to_string())),
                        TypeKind::Multiple(set) => {
                            expected.extend(set.iter().map(|t| type_name(&t.to_string())))
                        }
                    }
                }
            }
        }
        expected.dedup();
        out.push(self.type_finding(pointer, instance, &expected));
    }

    fn type_finding(&self, pointer: &str, instance: &Value, expected: &[String]) -> Finding {
        let expected_text = or_list(expected);
        let found = kind_of(instance);
        let message = format!("`{}` must be {expected_text}, not {found}", path(pointer));
        let wants_string = expected.iter().any(|e| e == "a string");
        let raw = self.raw(pointer);
        let key = last_token(pointer);
        let scalar = !instance.is_null() && !instance.is_object() && !instance.is_array();
        let allowed = self.enums.get(pointer);
        // What the value would be as text, quoted or not, and whether the enumeration (if
        // any) has it: quoting `false` where `off` is wanted would not help.
        let text = instance.as_str().map_or(raw.as_str(), |s| s).to_owned();
        let listed = allowed.is_none_or(|values| {
            values
                .iter()
                .any(|v| v.trim_matches('`').trim_matches('"') == text)
        });
        let help = if let Some(values) = allowed.filter(|_| !listed) {
            let bare: Vec<String> = values
                .iter()
                .map(|v| v.trim_matches('`').to_owned())
                .collect();
            match closest(&text, &bare) {
                Some(c) if scalar => format!("did you mean `{c}`?"),
                _ if key.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("use one of {}", list(values))
                }
                _ => format!("set `{key}` to one of {}", list(values)),
            }
        } else if wants_string && scalar && !instance.is_string() {
            format!("quote it to keep it as written: `{key}: \"{raw}\"`")
        } else if instance.is_string() && unquoted_fits(&text, expected) {
            format!("write it without quotes: `{key}: {text}`")
        } else if instance.is_null() {
            "give a value, or leave the key out if it is optional".to_owned()
        } else {
            format!("write {expected_text}")
        };
        Finding::new(&MAN003, pointer.to_owned(), message).help(help)
    }

    fn enum_finding(&self, pointer: &str, instance: &Value, values: &[String]) -> Finding {
        let found = match instance {
            Value::Null => "empty".to_owned(),
            other => render_value(other),
        };
        let what = last_token(pointer);
        let message = if values.len() == 1 {
            format!("`{}` is {found}; it must be {}", path(pointer), values[0])
        } else {
            format!(
                "`{}` is {found}, which is not one of {}",
                path(pointer),
                list(values)
            )
        };
        let bare: Vec<String> = values
            .iter()
            .map(|v| v.trim_matches('`').to_owned())
            .collect();
        let help = match instance.as_str().and_then(|s| closest(s, &bare)) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("set `{what}` to one of {}", list(values)),
        };
        Finding::new(&MAN003, pointer.to_owned(), message).help(help)
    }

    /// The value at `pointer` as written in the file.
    fn raw(&self, pointer: &str) -> String {
        self.index
            .get(pointer)
            .and_then(|n| self.source.text().get(n.value.start..n.value.end))
            .unwrap_or_default()
            .to_owned()
    }
}

/// The discriminator values the branches accept for `tag`.
fn tag_values(context: &[Vec<ValidationError<'static>>], tag: &str) -> Vec<String> {
    let mut values = Vec::new();
    for b in context {
        for e in b {
            if let ValidationErrorKind::Constant { expected_value } = e.kind()
                && e.instance_path().as_str().ends_with(&format!("/{tag}"))
            {
                let v = render_value(expected_value);
                if !values.contains(&v) {
                    values.push(v);
                }
            }
        }
    }
    if values.is_empty() {
        // The tag was absent, so no branch compared it: read the constants from the schema.
        values = SCHEMA_TAGS.get(tag).cloned().unwrap_or_default();
    }
    values
}

/// For each discriminator key of the schema's tagged unions, its values.
static SCHEMA_TAGS: LazyLock<std::collections::BTreeMap<String, Vec<String>>> =
    LazyLock::new(|| {
        let mut tags: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        if let Some(defs) = SCHEMA.get("$defs").and_then(Value::as_object) {
            for def in defs.values() {
                if let Some(Value::Array(branches)) = def.get("oneOf") {
                    for b in branches {
                        if let Some(props) = b.get("properties").and_then(Value::as_object) {
                            for (k, p) in props {
                                if let Some(c) = p.get("const") {
                                    tags.entry(k.clone()).or_default().push(render_value(c));
                                }
                            }
                        }
                    }
                }
            }
        }
        tags
    });

/// The keys the schema object at `schema_path` (a keyword location ending in
/// `/additionalProperties`) defines.
fn known_keys(schema_path: &str) -> Vec<String> {
    let Some(object_path) = schema_path.strip_suffix("/additionalProperties") else {
        return Vec::new();
    };
    let mut node = &*SCHEMA;
    for token in tokens(object_path) {
        let next = match node {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return Vec::new(),
        }
        if let Some(r) = node.get("$ref").and_then(Value::as_str)
            && let Some(target) = r.strip_prefix('#')
            && let Some(t) = SCHEMA.pointer(target)
        {
            node = t;
        }
    }
    node.get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The closest candidate to a misspelling, if any is close enough.
pub fn closest(word: &str, candidates: &[String]) -> Option<String> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.clone())
}

/// Whether `text`, written without quotes, would be read as one of the `expected` types.
fn unquoted_fits(text: &str, expected: &[String]) -> bool {
    expected.iter().any(|e| match e.as_str() {
        "a whole number" => text.parse::<i64>().is_ok(),
        "a number" => text.parse::<f64>().is_ok_and(f64::is_finite),
        "`true` or `false`" => text == "true" || text == "false",
        _ => false,
    })
}

fn type_name(json_type: &str) -> String {
    match json_type {
        "string" => "a string",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        "object" => "a map",
        "array" => "a list",
        "null" => "empty",
        other => other,
    }
    .to_owned()
}

fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a map".to_owned(),
    }
}

fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|i| {
            let s = i.as_ref();
            if s.starts_with('`') {
                s.to_owned()
            } else {
                format!("`{s}`")
            }
        })
        .collect();
    items.join(", ")
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => "something else".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn last_token(pointer: &str) -> String {
    tokens(pointer).last().unwrap_or_default()
}

/// A pointer as a readable path: `/specifications/1/pricing` → `specifications[1].pricing`.
pub fn path(pointer: &str) -> String {
    let mut out = String::new();
    for t in tokens(pointer) {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{t}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&t);
        }
    }
    out
}

/// Where a map is, for messages: "`product`" or "the manifest".
fn place(pointer: &str) -> String {
    if pointer.is_empty() {
        "the manifest".to_owned()
    } else {
        format!("`{}`", path(pointer))
    }
}
