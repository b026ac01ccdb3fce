//! The JSON Schema read at a place in a manifest: the keys a map takes, the values an
//! enumeration allows, the type a value should have, and a key's description. Used by fixes
//! (MAN002's rename, MAN003's quoting and close values) and by the language server's hover.
//!
//! The schema is walked along the manifest's JSON pointer, following `$ref`, and where the
//! schema offers alternatives (`oneOf`/`anyOf`), keeping the ones the manifest's value fits
//! (by kind, and by a tag such as `template: custom`), or all of them when none fits.

use std::sync::LazyLock;

use serde_json::Value;

use crate::load::index::tokens;
use crate::schema::COMMITTED;

static SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(COMMITTED).unwrap_or(Value::Null));

/// What the schema says about the value at one pointer.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Described {
    /// The key's (or else its type's) description.
    pub description: Option<String>,
    /// The JSON types the value may have (`string`, `integer`, `object`, …).
    pub types: Vec<String>,
    /// For an enumeration or a constant: its values, as JSON.
    pub values: Vec<Value>,
    /// For a map: the keys it defines.
    pub keys: Vec<String>,
}

/// What the schema says about the value at `pointer` of `manifest`; `None` when the schema
/// does not define that place (an unknown key, or below one).
pub fn at(manifest: &Value, pointer: &str) -> Option<Described> {
    let root: &'static Value = &SCHEMA;
    let mut nodes = expand(root, Some(manifest));
    let mut instance = Some(manifest);
    // The description written on the property itself (beside its `$ref`) wins over the
    // referenced type's.
    let mut property_description: Option<&'static str> = None;
    for token in tokens(pointer) {
        let child = instance.and_then(|v| match v {
            Value::Object(m) => m.get(&token),
            Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        });
        let mut next: Vec<&'static Value> = Vec::new();
        let mut description = None;
        for node in &nodes {
            let step = if let Some(p) = node.get("properties").and_then(|p| p.get(&token)) {
                Some(p)
            } else if let Some(extra) = node.get("additionalProperties").filter(|v| v.is_object()) {
                Some(extra)
            } else if token.parse::<usize>().is_ok() {
                node.get("items").filter(|v| v.is_object())
            } else {
                None
            };
            if let Some(step) = step {
                if description.is_none() {
                    description = step.get("description").and_then(Value::as_str);
                }
                if !next.iter().any(|n| std::ptr::eq(*n, step)) {
                    next.push(step);
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        property_description = description;
        nodes = next.into_iter().flat_map(|n| expand(n, child)).collect();
        instance = child;
    }
    let mut out = Described {
        description: property_description.map(str::to_owned),
        ..Described::default()
    };
    for node in &nodes {
        if out.description.is_none() {
            out.description = node
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        match node.get("type") {
            Some(Value::String(t)) => push_unique(&mut out.types, t.clone()),
            Some(Value::Array(ts)) => {
                for t in ts.iter().filter_map(Value::as_str) {
                    push_unique(&mut out.types, t.to_owned());
                }
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = node.get("enum") {
            for v in values {
                if !out.values.contains(v) {
                    out.values.push(v.clone());
                }
            }
        }
        if let Some(c) = node.get("const")
            && !out.values.contains(c)
        {
            out.values.push(c.clone());
        }
        if let Some(Value::Object(props)) = node.get("properties") {
            for k in props.keys() {
                push_unique(&mut out.keys, k.clone());
            }
        }
    }
    Some(out)
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// A schema node with its `$ref` followed and its alternatives spread out, keeping the
/// alternatives `instance` fits when it fits any.
fn expand(node: &'static Value, instance: Option<&Value>) -> Vec<&'static Value> {
    let mut out = Vec::new();
    expand_into(node, instance, &mut out, 0);
    out
}

fn expand_into(
    node: &'static Value,
    instance: Option<&Value>,
    out: &mut Vec<&'static Value>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let node = resolve(node);
    let branches = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| node.get(*k).and_then(Value::as_array));
    let Some(branches) = branches else {
        out.push(node);
        return;
    };
    // The node's own description stays visible (`Pricing: one of three templates`).
    if node.get("description").is_some() {
        out.push(node);
    }
    let resolved: Vec<&'static Value> = branches.iter().map(resolve).collect();
    let fitting: Vec<&'static Value> = match instance {
        Some(v) => resolved.iter().copied().filter(|b| fits(b, v)).collect(),
        None => Vec::new(),
    };
    let chosen = if fitting.is_empty() {
        resolved
    } else {
        fitting
    };
    for b in chosen {
        expand_into(b, instance, out, depth + 1);
    }
}

/// Follows a local `$ref`.
fn resolve(node: &'static Value) -> &'static Value {
    let mut node = node;
    for _ in 0..16 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|target| SCHEMA.pointer(target))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// Whether `instance` is of the branch's kind and carries its tags (`const` properties).
fn fits(branch: &Value, instance: &Value) -> bool {
    let kind = match instance {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let kind_ok = match branch.get("type") {
        Some(Value::String(t)) => t == kind || (t == "number" && kind == "integer"),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t == kind || (t == "number" && kind == "integer")),
        _ => true,
    };
    if !kind_ok {
        return false;
    }
    let (Some(Value::Object(props)), Value::Object(map)) = (branch.get("properties"), instance)
    else {
        return true;
    };
    props
        .iter()
        .all(|(k, p)| match (p.get("const"), map.get(k)) {
            (Some(c), Some(v)) => c == v,
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_descriptions_and_enumerations() {
        let manifest = json!({
            "product": {"nmae": "x"},
            "specifications": [{"billing": "yearly", "pricing": {"template": "custom"}}],
        });
        let product = at(&manifest, "/product").unwrap();
        assert!(product.keys.contains(&"name".to_owned()));
        assert!(product.keys.contains(&"currency".to_owned()));
        assert!(at(&manifest, "/product/nmae").is_none());
        let billing = at(&manifest, "/specifications/0/billing").unwrap();
        assert_eq!(billing.types, vec!["string".to_owned()]);
        assert!(billing.values.contains(&json!("yearly_monthly")));
        // The tag chooses the branch: a custom template takes attributes and SKUs.
        let pricing = at(&manifest, "/specifications/0/pricing").unwrap();
        assert!(pricing.keys.contains(&"skus".to_owned()));
        assert!(!pricing.keys.contains(&"factors".to_owned()));
        let access = at(&manifest, "/delivery/access_guide").unwrap();
        assert!(access.description.unwrap().contains("Access Guide"));
        let severity = at(&json!({}), "/lint/severity/MAN010").unwrap();
        assert!(severity.values.contains(&json!("off")));
    }
}
