//! Text edits on a manifest as written: delete a list item or a map entry, rename a key,
//! replace a scalar. Each keeps every byte outside what it changes, handles block and flow
//! style, and gives up (`None`) on a shape it cannot edit with certainty (an alias, an
//! anchored or tagged collection, a key sharing its line with a `- `).

use super::{Context, Edit};
use crate::load::index::{Token, escape_token};
use crate::load::{NodeSpan, Span};

/// The start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Just past the line break ending the line that holds `offset` (or the text's end).
fn next_line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    match text[offset..].find(['\n', '\r']) {
        None => text.len(),
        Some(i) => {
            let at = offset + i;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
    }
}

/// `span` without the white space and line breaks at its end (a block scalar's span runs
/// into the next line's indentation).
fn trimmed(text: &str, span: Span) -> Span {
    let inner = text.get(span.start..span.end).unwrap_or_default();
    Span::new(span.start, span.start + inner.trim_end().len())
}

fn is_flow(text: &str, collection: &NodeSpan, open: u8) -> bool {
    text.as_bytes().get(collection.value.start) == Some(&open)
}

/// Whether the text between a line's start and an item is its `- ` marker and indentation.
fn is_dash_prefix(prefix: &str) -> bool {
    let rest = prefix.trim_start_matches([' ', '\t']);
    match rest.strip_prefix('-') {
        Some(after) => !after.is_empty() && after.chars().all(|c| c == ' ' || c == '\t'),
        None => false,
    }
}

/// Where a node's properties (`&anchor`, `!tag`) start, when it has any before `start`
/// (a node's span starts after them).
fn properties_start(text: &str, start: usize) -> usize {
    let mut at = start;
    loop {
        let before = text[..at].trim_end_matches([' ', '\t']);
        let token_start = before
            .rfind(|c: char| c.is_whitespace() || matches!(c, '[' | '{' | ',' | ':'))
            .map_or(0, |i| i + 1);
        let token = &before[token_start..];
        if token.len() > 1 && (token.starts_with('&') || token.starts_with('!')) {
            at = token_start;
        } else {
            return at;
        }
    }
}

/// Whether removed text defines an anchor (`&name`) that an alias elsewhere may use: such a
/// deletion is not made.
fn defines_anchor(removed: &str) -> bool {
    let bytes = removed.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'&'
            && bytes.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace())
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-'
                ))
    })
}

/// The edit deleting `span`, unless it would take an anchor with it.
fn deletion(text: &str, span: Span) -> Option<Edit> {
    let removed = text.get(span.start..span.end)?;
    (!defines_anchor(removed)).then(|| Edit {
        span,
        content: String::new(),
    })
}

/// Where `: ` ends after a key: the offset just past the colon, when the rest of the line is
/// empty or a comment (no anchor, tag or value there).
fn colon_end_alone(text: &str, key: Span) -> Option<usize> {
    let after = &text[key.end..];
    let skipped = after.len() - after.trim_start_matches([' ', '\t']).len();
    let colon = key.end + skipped;
    if text.as_bytes().get(colon) != Some(&b':') {
        return None;
    }
    let rest_start = colon + 1;
    let line_rest = &text[rest_start..next_line_start(text, rest_start)];
    let rest = line_rest.trim();
    (rest.is_empty() || rest.starts_with('#')).then_some(rest_start)
}

/// Deletes item `i` of the list at `list` (a JSON pointer).
pub fn delete_item(cx: &Context, list: &str, i: usize) -> Option<Vec<Edit>> {
    let text = cx.source.text();
    let node = cx.index.get(list)?;
    if node.alias {
        return None;
    }
    let items = cx.items(list);
    let item = items.get(i)?;
    let next = items.get(i + 1);
    let previous = i.checked_sub(1).and_then(|p| items.get(p));
    let only = items.len() == 1;
    let value = trimmed(text, item.value);
    let this = Span::new(properties_start(text, value.start), value.end);
    if is_flow(text, node, b'[') {
        let span = match (next, previous) {
            (Some(next), _) => Span::new(this.start, properties_start(text, next.value.start)),
            (None, Some(previous)) => Span::new(trimmed(text, previous.value).end, this.end),
            (None, None) => this,
        };
        return Some(vec![deletion(text, span)?]);
    }
    // Block style: the item's lines, from its `- ` to the end of its last line.
    let start = line_start(text, this.start);
    if !is_dash_prefix(&text[start..this.start]) {
        return None;
    }
    let lines = deletion(text, Span::new(start, next_line_start(text, this.end)))?;
    if !only {
        return Some(vec![lines]);
    }
    // The last item: the key keeps an empty list, `key: []`.
    let key = node.key?;
    let at = colon_end_alone(text, key)?;
    Some(vec![
        Edit {
            span: Span::empty(at),
            content: " []".to_owned(),
        },
        lines,
    ])
}

/// Deletes the entry `key` of the map at `map` (a JSON pointer).
pub fn delete_entry(cx: &Context, map: &str, key: &str) -> Option<Vec<Edit>> {
    let text = cx.source.text();
    let node = cx.index.get(map)?;
    if node.alias {
        return None;
    }
    let entries: Vec<(&Token, &NodeSpan)> = cx.index.children_of(map).collect();
    let i = entries
        .iter()
        .position(|(t, _)| matches!(t, Token::Key(k) if &**k == key))?;
    let entry = entries[i].1;
    if entry.alias {
        return None;
    }
    let key_span = entry.key?;
    let key_span = Span::new(properties_start(text, key_span.start), key_span.end);
    let end = trimmed(text, entry.value).end.max(key_span.end);
    let next_key = entries
        .get(i + 1)
        .and_then(|(_, n)| n.key)
        .map(|k| Span::new(properties_start(text, k.start), k.end));
    if is_flow(text, node, b'{') {
        let span = match (entries.len(), next_key) {
            (1, _) => Span::new(key_span.start, end),
            (_, Some(next)) => Span::new(key_span.start, next.start),
            (_, None) => {
                let previous = entries.get(i.checked_sub(1)?)?.1;
                let previous_end = trimmed(text, previous.value)
                    .end
                    .max(previous.key.map_or(0, |k| k.end));
                Span::new(previous_end, end)
            }
        };
        return Some(vec![deletion(text, span)?]);
    }
    if entries.len() < 2 {
        return None;
    }
    let start = line_start(text, key_span.start);
    let prefix = &text[start..key_span.start];
    let span = if prefix.chars().all(|c| c == ' ' || c == '\t') {
        Span::new(start, next_line_start(text, end))
    } else if is_dash_prefix(prefix) {
        // The first key of a list item (`- rule: X`): the next key moves up beside the `- `.
        Span::new(key_span.start, next_key?.start)
    } else {
        return None;
    };
    Some(vec![deletion(text, span)?])
}

/// Renames the key of the entry at `pointer` to `new` (a plain key), keeping its quotes.
pub fn rename_key(cx: &Context, pointer: &str, new: &str) -> Option<Vec<Edit>> {
    if new.is_empty() || !new.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let text = cx.source.text();
    let node = cx.index.get(pointer)?;
    if node.alias {
        return None;
    }
    let key = node.key?;
    let written = text.get(key.start..key.end)?;
    let span = match written.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) if written.len() >= 2 && written.as_bytes().last() == Some(q) => {
            Span::new(key.start + 1, key.end - 1)
        }
        Some(b'"' | b'\'' | b'?' | b'&' | b'!' | b'*') | None => return None,
        Some(_) => key,
    };
    Some(vec![Edit {
        span,
        content: new.to_owned(),
    }])
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
}

/// The scalar at `pointer` as written: its span and style. `None` for an alias, a
/// collection, a block scalar, or a scalar with an anchor or tag.
pub fn scalar(cx: &Context, pointer: &str) -> Option<(Span, Style)> {
    let text = cx.source.text();
    let node = cx.index.get(pointer)?;
    if node.alias {
        return None;
    }
    let span = node.value;
    let written = text.get(span.start..span.end)?;
    if written.is_empty() || written.contains(['\n', '\r']) {
        return None;
    }
    let style = match written.as_bytes()[0] {
        b'"' if written.len() >= 2 && written.ends_with('"') => Style::Double,
        b'\'' if written.len() >= 2 && written.ends_with('\'') => Style::Single,
        b'"' | b'\'' | b'[' | b'{' | b'|' | b'>' | b'&' | b'!' | b'*' | b'#' => return None,
        _ => Style::Plain,
    };
    // A tag or an anchor before the value sits outside its span: look at what precedes it.
    let before = text[line_start(text, span.start)..span.start].trim_end();
    if before.ends_with(|c: char| c != ':' && c != '-' && c != ',' && c != '[' && c != '{') {
        return None;
    }
    Some((span, style))
}

/// Replaces the scalar at `pointer` by `new`, written in the scalar's own style (`new` must
/// need no escaping in it).
pub fn replace_scalar(cx: &Context, pointer: &str, new: &str) -> Option<Vec<Edit>> {
    let (span, style) = scalar(cx, pointer)?;
    let content = match style {
        Style::Plain => new.to_owned(),
        Style::Double if !new.contains(['"', '\\']) => format!("\"{new}\""),
        Style::Single if !new.contains('\'') => format!("'{new}'"),
        _ => return None,
    };
    Some(vec![Edit { span, content }])
}

/// The pointer of the parent of `pointer` and the last token, unescaped.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let at = pointer.rfind('/')?;
    let last = crate::load::index::tokens(&pointer[at..]).next()?;
    Some((&pointer[..at], last))
}

/// `parent/key` as a JSON pointer.
pub fn child(parent: &str, key: &str) -> String {
    format!("{parent}/{}", escape_token(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_properties_and_anchors() {
        let text = "a: [&x !!str b, c]";
        let b = text.find('b').unwrap();
        assert_eq!(properties_start(text, b), text.find('&').unwrap());
        let c = text.find('c').unwrap();
        assert_eq!(properties_start(text, c), c);
        assert!(defines_anchor("&x foo"));
        assert!(defines_anchor("- &a1 {rule: X}\n"));
        assert!(defines_anchor("k: [1, &y 2]"));
        assert!(!defines_anchor("name: R&D team, *alias"));
        assert!(!defines_anchor("a & b"));
    }
}
