//! The pointer → span index: for every node of the document, where its value is written
//! and, for a map entry, where its key is.

use std::collections::HashMap;

use super::source::Span;

/// Where one node is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// The value (for a collection: from its first to its last character).
    pub value: Span,
    /// The key, for a map entry.
    pub key: Option<Span>,
    /// The node is an alias (`*name`) or comes from a merge key: its span is the alias.
    pub alias: bool,
}

/// RFC 6901 JSON pointer → span, for every node of a document.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    nodes: HashMap<String, NodeSpan>,
}

impl SpanIndex {
    pub fn insert(&mut self, pointer: String, span: NodeSpan) {
        self.nodes.insert(pointer, span);
    }

    pub fn insert_if_absent(&mut self, pointer: String, span: NodeSpan) {
        self.nodes.entry(pointer).or_insert(span);
    }

    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.nodes.get(pointer)
    }

    pub fn get_mut(&mut self, pointer: &str) -> Option<&mut NodeSpan> {
        self.nodes.get_mut(pointer)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at `pointer`, or its nearest written ancestor (a path through an alias or a
    /// merge key lands on the alias).
    pub fn lookup(&self, pointer: &str) -> Option<&NodeSpan> {
        let mut p = pointer;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return Some(n);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// The value span of `pointer` (or of its nearest ancestor).
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.lookup(pointer).map(|n| n.value)
    }

    /// The key span of `pointer` when it is a map entry written in the file, else its value span.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        match self.nodes.get(pointer) {
            Some(NodeSpan { key: Some(k), .. }) => Some(*k),
            _ => self.value_span(pointer),
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Splits a JSON pointer into unescaped reference tokens.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
        let toks: Vec<String> = tokens("/a~1b~0c/0").collect();
        assert_eq!(toks, vec!["a/b~c".to_owned(), "0".to_owned()]);
    }
}
