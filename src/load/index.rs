//! The pointer → span index: for every node of the document, where its value is written
//! and, for a map entry, where its key is.
//!
//! Nodes are kept in a parent-linked tree (each node knows its parent, first child and next
//! sibling), built in document order without writing any JSON pointer out: a pointer is only
//! resolved, token by token, when a finding needs a position. That keeps the index at a
//! fraction of the parse's cost, and its memory linear in the document.

use std::borrow::Cow;

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

/// How a node hangs from its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// The document's root.
    Root,
    /// A list item.
    Index(usize),
    /// A map entry.
    Key(Box<str>),
}

/// A node's id in the index.
pub type NodeId = u32;

const NONE: NodeId = NodeId::MAX;

#[derive(Debug, Clone)]
struct Entry {
    parent: NodeId,
    token: Token,
    span: NodeSpan,
    first_child: NodeId,
    last_child: NodeId,
    next_sibling: NodeId,
}

/// RFC 6901 JSON pointer → span, for every node of a document.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    entries: Vec<Entry>,
}

impl SpanIndex {
    /// Adds a node under `parent` (`None`: the root) and returns its id.
    pub fn push(&mut self, parent: Option<NodeId>, token: Token, span: NodeSpan) -> NodeId {
        let id = self.entries.len() as NodeId;
        let parent = parent.unwrap_or(NONE);
        self.entries.push(Entry {
            parent,
            token,
            span,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        if let Some(p) = self.entries.get_mut(parent as usize) {
            let previous = p.last_child;
            p.last_child = id;
            if previous == NONE {
                p.first_child = id;
            } else if let Some(prev) = self.entries.get_mut(previous as usize) {
                prev.next_sibling = id;
            }
        }
        id
    }

    /// Adds a map entry under `parent` unless it has one with that key.
    pub fn push_if_absent(&mut self, parent: NodeId, key: &str, span: NodeSpan) {
        if self.child_by_key(parent, key).is_none() {
            self.push(Some(parent), Token::Key(key.into()), span);
        }
    }

    /// Sets the value span of a node (a collection's end is known when it closes).
    pub fn set_value_span(&mut self, id: NodeId, span: Span) {
        if let Some(e) = self.entries.get_mut(id as usize) {
            e.span.value = span;
        }
    }

    /// The span of a node by id.
    pub fn span_of(&self, id: NodeId) -> Option<&NodeSpan> {
        self.entries.get(id as usize).map(|e| &e.span)
    }

    /// The child of `parent` with this key.
    pub fn child_by_key(&self, parent: NodeId, key: &str) -> Option<NodeId> {
        self.children(parent)
            .find(|&c| matches!(&self.entries[c as usize].token, Token::Key(k) if &**k == key))
    }

    fn children(&self, parent: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let first = self
            .entries
            .get(parent as usize)
            .map_or(NONE, |e| e.first_child);
        std::iter::successors((first != NONE).then_some(first), move |&c| {
            let next = self.entries[c as usize].next_sibling;
            (next != NONE).then_some(next)
        })
    }

    /// The JSON pointer of a node.
    pub fn pointer(&self, id: NodeId) -> String {
        let mut tokens = Vec::new();
        let mut at = id;
        while let Some(e) = self.entries.get(at as usize) {
            match &e.token {
                Token::Root => break,
                Token::Index(i) => tokens.push(i.to_string()),
                Token::Key(k) => tokens.push(escape_token(k).into_owned()),
            }
            at = e.parent;
        }
        tokens.iter().rev().fold(String::new(), |mut s, t| {
            s.push('/');
            s.push_str(t);
            s
        })
    }

    /// The node at `pointer` (exactly), by id.
    fn resolve(&self, pointer: &str) -> Result<NodeId, Option<NodeId>> {
        if self.entries.is_empty() {
            return Err(None);
        }
        let mut at: NodeId = 0;
        if pointer.is_empty() {
            return Ok(at);
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            return Err(None);
        };
        for raw in rest.split('/') {
            let token = unescape(raw);
            // A list index as RFC 6901 writes it: digits, no leading zero, no sign.
            let index = (!token.is_empty()
                && token.bytes().all(|b| b.is_ascii_digit())
                && (token.len() == 1 || !token.starts_with('0')))
            .then(|| token.parse::<usize>().ok())
            .flatten();
            let next = self
                .children(at)
                .find(|&c| match &self.entries[c as usize].token {
                    Token::Key(k) => **k == *token,
                    Token::Index(i) => index == Some(*i),
                    Token::Root => false,
                });
            match next {
                Some(n) => at = n,
                None => return Err(Some(at)),
            }
        }
        Ok(at)
    }

    /// The children of the node at `pointer` (exactly), in document order: how each hangs
    /// from it, and where it is written. Empty when the node is not written in the file.
    pub fn children_of(&self, pointer: &str) -> impl Iterator<Item = (&Token, &NodeSpan)> + '_ {
        let parent = self.resolve(pointer).unwrap_or(NONE);
        self.children(parent).map(|c| {
            let e = &self.entries[c as usize];
            (&e.token, &e.span)
        })
    }

    /// The JSON pointer of what is written at byte `offset`: the map entry whose key holds
    /// it (`true`), else the innermost scalar value that holds it (`false`).
    pub fn at_offset(&self, offset: usize) -> Option<(String, bool)> {
        let holds = |s: &Span| s.start <= offset && offset < s.end.max(s.start + 1);
        if let Some(id) = self
            .entries
            .iter()
            .position(|e| e.span.key.as_ref().is_some_and(holds))
        {
            return Some((self.pointer(id as NodeId), true));
        }
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.first_child == NONE && !e.span.alias && holds(&e.span.value))
            .min_by_key(|(_, e)| e.span.value.len())
            .map(|(id, _)| (self.pointer(id as NodeId), false))
    }

    /// The node at `pointer`, if it is written in the file.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.resolve(pointer).ok().and_then(|id| self.span_of(id))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The node at `pointer`, or its nearest written ancestor (a path through an alias or a
    /// merge key lands on the alias).
    pub fn lookup(&self, pointer: &str) -> Option<&NodeSpan> {
        match self.resolve(pointer) {
            Ok(id) | Err(Some(id)) => self.span_of(id),
            Err(None) => None,
        }
    }

    /// The value span of `pointer` (or of its nearest ancestor).
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.lookup(pointer).map(|n| n.value)
    }

    /// The key span of `pointer` when it is a map entry written in the file, else its value span.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        match self.get(pointer) {
            Some(NodeSpan { key: Some(k), .. }) => Some(*k),
            _ => self.value_span(pointer),
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// The length of a token once escaped.
pub fn escaped_len(token: &str) -> usize {
    token.len() + token.bytes().filter(|b| matches!(b, b'~' | b'/')).count()
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// Splits a JSON pointer into unescaped reference tokens.
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|t| unescape(t).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(escaped_len("a/b~c"), "a~1b~0c".len());
        let toks: Vec<String> = tokens("/a~1b~0c/0").collect();
        assert_eq!(toks, vec!["a/b~c".to_owned(), "0".to_owned()]);
    }

    #[test]
    fn tree_lookup() {
        let span = |s: usize| NodeSpan {
            value: Span::new(s, s + 1),
            key: None,
            alias: false,
        };
        let mut idx = SpanIndex::default();
        let root = idx.push(None, Token::Root, span(0));
        let list = idx.push(Some(root), Token::Key("a/b".into()), span(1));
        let item = idx.push(Some(list), Token::Index(0), span(2));
        idx.push(Some(list), Token::Index(1), span(3));
        let key0 = idx.push(Some(item), Token::Key("0".into()), span(4));
        assert_eq!(idx.pointer(key0), "/a~1b/0/0");
        assert_eq!(idx.get("/a~1b/1").map(|n| n.value.start), Some(3));
        assert_eq!(idx.get("/a~1b/0/0").map(|n| n.value.start), Some(4));
        assert_eq!(idx.get("/a~1b/2"), None);
        // An index is written without leading zeros or a sign (RFC 6901).
        assert_eq!(idx.get("/a~1b/01"), None);
        assert_eq!(idx.get("/a~1b/+1"), None);
        assert_eq!(idx.get("/a~1b/"), None);
        assert_eq!(idx.lookup("/a~1b/1/x/y").map(|n| n.value.start), Some(3));
        assert_eq!(idx.get("").map(|n| n.value.start), Some(0));
        assert_eq!(idx.get("nope"), None);
    }
}
