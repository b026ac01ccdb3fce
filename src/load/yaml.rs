//! One pass over the YAML event stream: builds the JSON value and the pointer → span index
//! together, resolving scalars by the YAML 1.2 core schema, refusing duplicate keys, and
//! enforcing the depth and alias-expansion limits as it goes (nothing is expanded past them).
//!
//! The events come from `granit-parser`, an iterative pull parser with byte offsets and its
//! own nesting caps, so no input can exhaust the stack.

use std::collections::HashMap;

use granit_parser::{Event, Options, Parser, ScalarStyle, ScanError, Tag};
use serde_json::{Map, Number, Value};

use super::index::{NodeId, NodeSpan, SpanIndex, Token, escape_token, escaped_len};
use super::source::Span;

/// Nesting deeper than this many collections is refused (the root collection is depth 1).
pub const MAX_DEPTH: usize = 64;
/// More nodes than this, once every alias is expanded, is refused.
pub const MAX_NODES: usize = 10_000;
/// More bytes of scalar text (keys included) than this, once every alias is expanded, is
/// refused: an alias to a long string would otherwise multiply it within the node limit.
pub const MAX_TEXT: usize = 1_048_576;
/// A node whose JSON pointer is longer than this is refused: every node's pointer is kept,
/// so long keys nested deep would otherwise cost their length once per node below them.
pub const MAX_POINTER: usize = 1024;
/// What anchors may hold in all, in nodes and bytes of text: each anchor keeps its own copy
/// of its value, so anchors nested around one long string (or a large collection) would
/// otherwise hold it once per anchor, however few aliases there are. Anchors that are not
/// nested hold no more than the expanded document, which the limits above already bound.
const MAX_HELD: Size = Size {
    nodes: MAX_NODES,
    text: MAX_TEXT,
};

/// What a node costs once every alias in it is expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    text: usize,
}

impl Size {
    fn one(text: usize) -> Size {
        Size { nodes: 1, text }
    }

    /// What was counted since `before`.
    fn since(self, before: Size) -> Size {
        Size {
            nodes: self.nodes - before.nodes,
            text: self.text - before.text,
        }
    }
}

/// Why a document could not be loaded at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Fatal {
    /// The YAML is not well-formed (MAN001).
    Syntax { at: Span, message: String },
    /// A safety limit was hit (MAN006).
    Limit { at: Span, message: String },
}

/// Something wrong in a document that still loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// The same key twice in one map (MAN005), at the later key.
    DuplicateKey {
        pointer: String,
        key: String,
        at: Span,
        first: Span,
    },
    /// A value that cannot be represented (a collection as a key, a bad explicit tag) (MAN003).
    Invalid {
        pointer: String,
        at: Span,
        message: String,
        help: &'static str,
    },
}

/// A loaded document.
#[derive(Debug)]
pub struct Document {
    pub value: Value,
    pub index: SpanIndex,
    pub issues: Vec<Issue>,
}

enum Key {
    Text(String, Span),
    Merge(Span),
    Invalid,
}

enum Slot {
    /// Under `parent` (`None`: the root) as `token`, with the entry's key span and the
    /// length of the node's JSON pointer.
    At {
        parent: Option<NodeId>,
        token: Token,
        key: Option<Span>,
        len: usize,
    },
    Key,
    Skip,
}

enum Frame {
    Seq {
        /// The collection's node in the index, and the length of its JSON pointer.
        node: NodeId,
        len: usize,
        items: Vec<Value>,
        start: usize,
        end: usize,
        flow: bool,
        anchor: usize,
        before: Size,
    },
    Map {
        node: NodeId,
        len: usize,
        map: Map<String, Value>,
        key: Option<Key>,
        merges: Vec<(Value, Span)>,
        start: usize,
        end: usize,
        flow: bool,
        anchor: usize,
        before: Size,
    },
    /// A collection that is not kept (used as a key, or the value of a duplicate key, or
    /// inside such a collection): skipped, but counted for the limits, and an anchor on it
    /// counts its nodes for every alias to it.
    Skip {
        key: bool,
        nested: bool,
        anchor: usize,
        before: Size,
    },
}

struct Anchored {
    value: Value,
    /// What an alias to it costs once expanded.
    size: Size,
}

struct Walker<'a> {
    src: &'a str,
    stack: Vec<Frame>,
    depth: usize,
    size: Size,
    anchors: HashMap<usize, Anchored>,
    /// What `anchors` hold in all.
    held: Size,
    index: SpanIndex,
    issues: Vec<Issue>,
    root: Option<Value>,
}

/// Parses `src` (UTF-8 text without a byte-order mark) into one document.
pub fn parse(src: &str) -> Result<Document, Fatal> {
    // Our own depth limit (MAX_DEPTH) fires first; these only bound the scanner.
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_DEPTH + 8;
    options.block_nesting_limit = MAX_DEPTH + 8;
    let mut parser = Parser::new_from_str_with_options(src, options);
    let mut w = Walker {
        src,
        stack: Vec::new(),
        depth: 0,
        size: Size::default(),
        anchors: HashMap::new(),
        held: Size::default(),
        index: SpanIndex::default(),
        issues: Vec::new(),
        root: None,
    };
    let mut documents = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| syntax(src, &e))?;
        let at = byte_span(&span);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    // Underline `---`, or the first three characters of a bare document
                    // (three characters, not bytes: the span must end on a character).
                    let start = at.start.min(src.len());
                    let end = src[start..]
                        .char_indices()
                        .take_while(|&(_, c)| c != '\n' && c != '\r')
                        .nth(3)
                        .map_or_else(|| start + first_line_len(&src[start..]), |(i, _)| start + i);
                    return Err(Fatal::Syntax {
                        at: Span::new(start, end),
                        message: "a second YAML document; a manifest is exactly one document"
                            .to_owned(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let size = Size::one(text.len());
                w.count(size, at)?;
                let slot = w.slot();
                let value = if matches!(slot, Slot::Skip) {
                    Value::Null
                } else {
                    w.resolve_scalar(&text, style, tag.as_deref(), at)
                };
                w.node(slot, value, at, anchor, size, false)?;
            }
            Event::Alias(id) => {
                let size = w.anchors.get(&id).map_or(Size::one(0), |a| a.size);
                // Counted before the value is copied.
                w.count(size, at)?;
                let value = w.anchors.get(&id).map_or(Value::Null, |a| a.value.clone());
                let slot = w.slot();
                w.node(slot, value, at, 0, size, true)?;
            }
            Event::SequenceStart(style, anchor, _) => {
                w.count(Size::one(0), at)?;
                w.open(
                    at,
                    false,
                    style == granit_parser::StructureStyle::Flow,
                    anchor,
                )?;
            }
            Event::MappingStart(style, anchor, _) => {
                w.count(Size::one(0), at)?;
                w.open(
                    at,
                    true,
                    style == granit_parser::StructureStyle::Flow,
                    anchor,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => w.close(at)?,
            _ => {}
        }
    }
    Ok(Document {
        value: w.root.unwrap_or(Value::Null),
        index: w.index,
        issues: w.issues,
    })
}

/// How many digits `n` has.
fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn byte_span(span: &granit_parser::Span) -> Span {
    match span.byte_range() {
        Some(r) => Span::new(r.start, r.end),
        None => Span::default(),
    }
}

fn syntax(src: &str, e: &ScanError) -> Fatal {
    let m = e.marker();
    let offset = m
        .byte_offset()
        .unwrap_or_else(|| super::source::LineIndex::new(src).offset(src, m.line(), m.col() + 1));
    let offset = offset.min(src.len());
    let info = e.info();
    let message = if info.contains("nesting limit") || info.contains("recursion") {
        return Fatal::Limit {
            at: Span::empty(0),
            message: format!("nesting deeper than {MAX_DEPTH} collections"),
        };
    } else {
        info
    };
    let end = next_char_end(src, offset);
    Fatal::Syntax {
        at: Span::new(offset, end),
        message,
    }
}

fn next_char_end(src: &str, offset: usize) -> usize {
    src[offset..]
        .chars()
        .next()
        .filter(|c| *c != '\n' && *c != '\r')
        .map_or(offset, |c| offset + c.len_utf8())
}

impl Walker<'_> {
    fn count(&mut self, n: Size, at: Span) -> Result<(), Fatal> {
        self.size.nodes = self.size.nodes.saturating_add(n.nodes);
        self.size.text = self.size.text.saturating_add(n.text);
        let what = if self.size.nodes > MAX_NODES {
            format!("more than {MAX_NODES} YAML nodes")
        } else if self.size.text > MAX_TEXT {
            format!("more than {MAX_TEXT} bytes of text")
        } else {
            return Ok(());
        };
        Err(Fatal::Limit {
            at: Span::empty(0),
            message: format!(
                "{what} once aliases are expanded (limit reached at byte {})",
                at.start
            ),
        })
    }

    /// Keeps an anchor's value for its aliases; `size` is what an alias to it costs, `held`
    /// what the copy kept here costs (nothing for a skipped collection, kept as null).
    /// Refuses the document when anchors would hold more than [`MAX_HELD`].
    fn keep_anchor(
        &mut self,
        anchor: usize,
        value: Value,
        size: Size,
        held: Size,
        at: Span,
    ) -> Result<(), Fatal> {
        // Anchor ids are unique per definition (a name defined again gets a new id).
        self.anchors.insert(anchor, Anchored { value, size });
        self.held.nodes = self.held.nodes.saturating_add(held.nodes);
        self.held.text = self.held.text.saturating_add(held.text);
        let what = if self.held.nodes > MAX_HELD.nodes {
            format!("more than {} YAML nodes", MAX_HELD.nodes)
        } else if self.held.text > MAX_HELD.text {
            format!("more than {} bytes of text", MAX_HELD.text)
        } else {
            return Ok(());
        };
        Err(Fatal::Limit {
            at: Span::empty(0),
            message: format!(
                "anchors would keep copies of {what} (limit reached at byte {})",
                at.start
            ),
        })
    }

    /// Refuses a pointer longer than [`MAX_POINTER`] bytes.
    fn check_pointer(&self, len: usize, at: Span) -> Result<(), Fatal> {
        if len <= MAX_POINTER {
            return Ok(());
        }
        Err(Fatal::Limit {
            at: Span::empty(0),
            message: format!(
                "a node's path of keys is longer than {MAX_POINTER} bytes (the node at byte {})",
                at.start
            ),
        })
    }

    /// Where the next node goes: at a pointer, as a key, or nowhere (the value of a
    /// duplicate or invalid key, or part of a skipped key).
    fn slot(&mut self) -> Slot {
        match self.stack.last_mut() {
            None => Slot::At {
                parent: None,
                token: Token::Root,
                key: None,
                len: 0,
            },
            Some(Frame::Seq {
                node, len, items, ..
            }) => Slot::At {
                parent: Some(*node),
                token: Token::Index(items.len()),
                key: None,
                len: *len + 1 + decimal_len(items.len()),
            },
            Some(Frame::Map { node, len, key, .. }) => match key {
                None => Slot::Key,
                Some(Key::Text(k, span)) => Slot::At {
                    parent: Some(*node),
                    len: *len + 1 + escaped_len(k),
                    token: Token::Key(k.as_str().into()),
                    key: Some(*span),
                },
                Some(Key::Merge(span)) => Slot::At {
                    parent: Some(*node),
                    token: Token::Key("<<".into()),
                    key: Some(*span),
                    len: *len + 3,
                },
                Some(Key::Invalid) => Slot::Skip,
            },
            Some(Frame::Skip { .. }) => Slot::Skip,
        }
    }

    fn open(&mut self, at: Span, is_map: bool, flow: bool, anchor: usize) -> Result<(), Fatal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fatal::Limit {
                at: Span::empty(0),
                message: format!(
                    "nesting deeper than {MAX_DEPTH} collections (a collection at byte {} is at depth {})",
                    at.start, self.depth
                ),
            });
        }
        let before = Size {
            nodes: self.size.nodes - 1,
            text: self.size.text,
        };
        if let Some(Frame::Skip { .. }) = self.stack.last() {
            self.stack.push(Frame::Skip {
                key: false,
                nested: true,
                anchor,
                before,
            });
            return Ok(());
        }
        let (parent, token, key_span, len) = match self.slot() {
            Slot::At {
                parent,
                token,
                key,
                len,
            } => {
                self.check_pointer(len, at)?;
                (parent, token, key, len)
            }
            Slot::Key => {
                // A collection in key position: not representable as a JSON key.
                let pointer = self.map_pointer();
                self.issues.push(Issue::Invalid {
                    pointer,
                    at: first_line(self.src, at),
                    message: "a key must be a plain value, not a list or a map".to_owned(),
                    help: "write the key as a plain string",
                });
                self.set_key(Key::Invalid);
                self.stack.push(Frame::Skip {
                    key: true,
                    nested: false,
                    anchor,
                    before,
                });
                return Ok(());
            }
            Slot::Skip => {
                self.stack.push(Frame::Skip {
                    key: false,
                    nested: false,
                    anchor,
                    before,
                });
                return Ok(());
            }
        };
        let node = self.index.push(
            parent,
            token,
            NodeSpan {
                value: at,
                key: key_span,
                alias: false,
            },
        );
        self.stack.push(if is_map {
            Frame::Map {
                node,
                len,
                map: Map::new(),
                key: None,
                merges: Vec::new(),
                start: at.start,
                end: at.end,
                flow,
                anchor,
                before,
            }
        } else {
            Frame::Seq {
                node,
                len,
                items: Vec::new(),
                start: at.start,
                end: at.end,
                flow,
                anchor,
                before,
            }
        });
        Ok(())
    }

    /// The JSON pointer of the innermost collection.
    fn map_pointer(&self) -> String {
        match self.stack.last() {
            Some(Frame::Map { node, .. } | Frame::Seq { node, .. }) => self.index.pointer(*node),
            _ => String::new(),
        }
    }

    /// The length of the innermost collection's JSON pointer.
    fn map_pointer_len(&self) -> usize {
        match self.stack.last() {
            Some(Frame::Map { len, .. } | Frame::Seq { len, .. }) => *len,
            _ => 0,
        }
    }

    fn set_key(&mut self, k: Key) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = Some(k);
        }
    }

    fn close(&mut self, at: Span) -> Result<(), Fatal> {
        self.depth = self.depth.saturating_sub(1);
        if let Some(&Frame::Skip {
            key,
            nested,
            anchor,
            before,
        }) = self.stack.last()
        {
            self.stack.pop();
            if anchor != 0 {
                let size = self.size.since(before);
                self.keep_anchor(anchor, Value::Null, size, Size::default(), at)?;
            }
            if !nested && !key {
                // The skipped value is complete: the map expects a key again.
                self.set_key_consumed();
            }
            return Ok(());
        }
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, value, start, end, flow, anchor, before) = match frame {
            Frame::Seq {
                node,
                items,
                start,
                len: _,
                end,
                flow,
                anchor,
                before,
            } => (node, Value::Array(items), start, end, flow, anchor, before),
            Frame::Map {
                node,
                len,
                mut map,
                merges,
                start,
                end,
                flow,
                anchor,
                before,
                ..
            } => {
                for (merge, span) in merges {
                    self.merge_into(node, len, &mut map, merge, span)?;
                }
                (node, Value::Object(map), start, end, flow, anchor, before)
            }
            Frame::Skip { .. } => return Ok(()),
        };
        let end = if flow { at.end.max(end) } else { end };
        let span = Span::new(start, end);
        self.index.set_value_span(node, span);
        if anchor != 0 {
            let size = self.size.since(before);
            self.keep_anchor(anchor, value.clone(), size, size, at)?;
        }
        self.attach(value, span)
    }

    fn merge_into(
        &mut self,
        node: NodeId,
        len: usize,
        map: &mut Map<String, Value>,
        merge: Value,
        span: Span,
    ) -> Result<(), Fatal> {
        let sources: Vec<Value> = match merge {
            Value::Object(_) => vec![merge],
            Value::Array(items) if items.iter().all(Value::is_object) => items,
            _ => {
                self.issues.push(Issue::Invalid {
                    pointer: format!("{}/<<", self.index.pointer(node)),
                    at: span,
                    message: "a merge key `<<` takes a map or a list of maps".to_owned(),
                    help: "merge an anchored map (`<<: *defaults`) or a list of them",
                });
                return Ok(());
            }
        };
        for source in sources {
            if let Value::Object(entries) = source {
                for (k, v) in entries {
                    if !map.contains_key(&k) {
                        self.check_pointer(len + 1 + escaped_len(&k), span)?;
                        self.index.push_if_absent(
                            node,
                            &k,
                            NodeSpan {
                                value: span,
                                key: None,
                                alias: true,
                            },
                        );
                        map.insert(k, v);
                    }
                }
            }
        }
        Ok(())
    }

    /// Records a finished node (scalar, alias or collection) in its parent.
    fn node(
        &mut self,
        slot: Slot,
        value: Value,
        at: Span,
        anchor: usize,
        size: Size,
        alias: bool,
    ) -> Result<(), Fatal> {
        if anchor != 0 {
            self.keep_anchor(anchor, value.clone(), size, size, at)?;
        }
        match slot {
            Slot::At {
                parent,
                token,
                key,
                len,
            } => {
                self.check_pointer(len, at)?;
                self.index.push(
                    parent,
                    token,
                    NodeSpan {
                        value: at,
                        key,
                        alias,
                    },
                );
                self.attach(value, at)
            }
            Slot::Skip => {
                self.set_key_consumed();
                Ok(())
            }
            Slot::Key => {
                let key = match value {
                    Value::String(s) if !alias && s == "<<" && self.plain_at(at) => Key::Merge(at),
                    Value::String(s) => Key::Text(s, at),
                    Value::Number(n) => Key::Text(n.to_string(), at),
                    Value::Bool(b) => Key::Text(b.to_string(), at),
                    Value::Null => {
                        Key::Text(self.src.get(at.start..at.end).unwrap_or("").to_owned(), at)
                    }
                    Value::Array(_) | Value::Object(_) => {
                        let pointer = self.map_pointer();
                        self.issues.push(Issue::Invalid {
                            pointer,
                            at,
                            message: "a key must be a plain value, not a list or a map".to_owned(),
                            help: "write the key as a plain string",
                        });
                        Key::Invalid
                    }
                };
                if let Key::Text(k, _) = &key {
                    // Checked before the key's pointer is ever written out.
                    self.check_pointer(self.map_pointer_len() + 1 + escaped_len(k), at)?;
                }
                let key = self.check_duplicate(key);
                self.set_key(key);
                Ok(())
            }
        }
    }

    /// A key already present in its map is reported (MAN005) and its value skipped.
    fn check_duplicate(&mut self, key: Key) -> Key {
        let Key::Text(k, at) = &key else {
            return key;
        };
        let Some(Frame::Map { node, map, .. }) = self.stack.last() else {
            return key;
        };
        if !map.contains_key(k) {
            return key;
        }
        let node = *node;
        let child = format!("{}/{}", self.index.pointer(node), escape_token(k));
        let first = self
            .index
            .child_by_key(node, k)
            .and_then(|c| self.index.span_of(c))
            .and_then(|n| n.key)
            .unwrap_or_default();
        self.issues.push(Issue::DuplicateKey {
            pointer: child,
            key: k.clone(),
            at: *at,
            first,
        });
        Key::Invalid
    }

    /// After the value of a skipped key, the map expects a key again.
    fn set_key_consumed(&mut self) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = None;
        }
    }

    fn plain_at(&self, at: Span) -> bool {
        self.src.get(at.start..at.end) == Some("<<")
    }

    fn attach(&mut self, value: Value, span: Span) -> Result<(), Fatal> {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, end, .. }) => {
                items.push(value);
                *end = (*end).max(span.end);
            }
            Some(Frame::Map {
                map,
                key,
                merges,
                end,
                ..
            }) => {
                *end = (*end).max(span.end);
                match key.take() {
                    Some(Key::Text(k, _)) => {
                        map.insert(k, value);
                    }
                    Some(Key::Merge(s)) => merges.push((value, s)),
                    Some(Key::Invalid) | None => {}
                }
            }
            Some(Frame::Skip { .. }) => {}
        }
        Ok(())
    }

    fn resolve_scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        at: Span,
    ) -> Value {
        if let Some(tag) = tag {
            if let Some(suffix) = tag.core_suffix() {
                let resolved = match suffix {
                    "str" => Some(Value::String(text.to_owned())),
                    "int" | "float" => resolve_number(text).map(Value::Number),
                    "bool" => resolve_bool(text).map(Value::Bool),
                    "null" => resolve_null(text).then_some(Value::Null),
                    _ => None,
                };
                return match resolved {
                    Some(v) => v,
                    None => {
                        let pointer = match self.slot() {
                            Slot::At {
                                parent: Some(p),
                                token,
                                ..
                            } => {
                                let base = self.index.pointer(p);
                                match token {
                                    Token::Index(i) => format!("{base}/{i}"),
                                    Token::Key(k) => format!("{base}/{}", escape_token(&k)),
                                    Token::Root => base,
                                }
                            }
                            _ => self.map_pointer(),
                        };
                        self.issues.push(Issue::Invalid {
                            pointer,
                            at,
                            message: format!("`{text}` is not a valid `!!{suffix}`"),
                            help: "remove the tag, or write a value of the tagged type",
                        });
                        Value::String(text.to_owned())
                    }
                };
            }
            // The non-specific tag `!` makes a scalar a string (granit-parser gives it as an
            // empty handle and the suffix `!`).
            if matches!((tag.handle(), tag.suffix()), ("", "!") | ("!", "")) {
                return Value::String(text.to_owned());
            }
        }
        if style != ScalarStyle::Plain {
            return Value::String(text.to_owned());
        }
        resolve_plain(text)
    }
}

/// The length in bytes of the first line of `text`, without its line break.
fn first_line_len(text: &str) -> usize {
    text.find(['\n', '\r']).unwrap_or(text.len())
}

/// Clips a span to its first line.
fn first_line(src: &str, at: Span) -> Span {
    let end = src[at.start..at.end.min(src.len())]
        .find(['\n', '\r'])
        .map_or(at.end, |i| at.start + i);
    Span::new(at.start, end)
}

/// Resolves a plain scalar by the YAML 1.2 core schema. Integers written with a leading zero
/// (`017`) and numbers with underscores stay strings, as do `yes`, `on` and the like.
pub fn resolve_plain(text: &str) -> Value {
    if resolve_null(text) {
        return Value::Null;
    }
    if let Some(b) = resolve_bool(text) {
        return Value::Bool(b);
    }
    match resolve_number(text) {
        Some(n) => Value::Number(n),
        None => Value::String(text.to_owned()),
    }
}

fn resolve_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn resolve_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A core-schema number as a JSON number literal, keeping decimal digits as written.
fn resolve_number(text: &str) -> Option<Number> {
    let literal = number_literal(text)?;
    literal.parse::<Number>().ok()
}

fn number_literal(text: &str) -> Option<String> {
    if let Some(hex) = text.strip_prefix("0x") {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return u64::from_str_radix(hex, 16).ok().map(|v| v.to_string());
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if oct.is_empty() || !oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return None;
        }
        return u64::from_str_radix(oct, 8).ok().map(|v| v.to_string());
    }
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // [0-9]* ( . [0-9]* )? ( [eE] [-+]? [0-9]+ )?
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int_part) || !frac_part.is_none_or(digits) {
        return None;
    }
    if int_part.is_empty() && frac_part.is_none_or(str::is_empty) {
        return None;
    }
    if int_part.is_empty() && exponent.is_some() && frac_part.is_none() {
        return None;
    }
    // `017`, `00.5`: a leading zero keeps the scalar a string (octal-looking codes, phone
    // prefixes), as YAML 1.1 readers would not agree on the value.
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    let exponent = match exponent {
        None => None,
        Some(e) => {
            let digits_part = e.strip_prefix(['-', '+']).unwrap_or(e);
            if digits_part.is_empty() || !digits(digits_part) {
                return None;
            }
            Some(e)
        }
    };
    let mut out = String::with_capacity(text.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(if int_part.is_empty() { "0" } else { int_part });
    if let Some(f) = frac_part.filter(|f| !f.is_empty()) {
        out.push('.');
        out.push_str(f);
    }
    if let Some(e) = exponent {
        out.push('e');
        out.push_str(e);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Value {
        resolve_plain(text)
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(v("yes"), Value::String("yes".into()));
        assert_eq!(v("on"), Value::String("on".into()));
        assert_eq!(v("NO"), Value::String("NO".into()));
        assert_eq!(v("017"), Value::String("017".into()));
        assert_eq!(v("1_000"), Value::String("1_000".into()));
        assert_eq!(v("true"), Value::Bool(true));
        assert_eq!(v("~"), Value::Null);
        assert_eq!(v("0"), serde_json::json!(0));
        assert_eq!(v("0x1F").to_string(), "31");
        assert_eq!(v("0o17").to_string(), "15");
        assert_eq!(v("1.10").to_string(), "1.10");
        assert_eq!(v(".5").to_string(), "0.5");
        assert_eq!(v("+3").to_string(), "3");
        assert_eq!(v("1.").to_string(), "1");
        assert_eq!(v("1e3").to_string(), "1e+3");
        assert_eq!(v(".inf"), Value::String(".inf".into()));
        assert_eq!(v("1.0.0"), Value::String("1.0.0".into()));
        assert_eq!(v("-"), Value::String("-".into()));
        assert_eq!(v("."), Value::String(".".into()));
        assert_eq!(v("e5"), Value::String("e5".into()));
    }

    #[test]
    fn builds_value_and_spans() {
        let src = "a:\n  b: [1, x]\n  c: {d: 'q'}\nlist:\n  - k: v\n    m: n\n";
        let doc = parse(src).unwrap();
        assert_eq!(doc.value["a"]["b"][1], Value::String("x".into()));
        let b = doc.index.get("/a/b").unwrap();
        assert_eq!(&src[b.value.start..b.value.end], "[1, x]");
        assert_eq!(&src[b.key.unwrap().start..b.key.unwrap().end], "b");
        let item = doc.index.get("/list/0").unwrap();
        assert_eq!(&src[item.value.start..item.value.end], "k: v\n    m: n");
        let d = doc.index.get("/a/c/d").unwrap();
        assert_eq!(&src[d.value.start..d.value.end], "'q'");
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_later_key() {
        let src = "a: 1\nb: 2\na: 3\n";
        let doc = parse(src).unwrap();
        assert_eq!(doc.value["a"], serde_json::json!(1));
        match &doc.issues[..] {
            [
                Issue::DuplicateKey {
                    pointer, at, first, ..
                },
            ] => {
                assert_eq!(pointer, "/a");
                assert_eq!(at.start, 10);
                assert_eq!(first.start, 0);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn duplicate_collections_do_not_disturb_the_index() {
        let src = "p:\n  a: 1\n  b: [x]\np:\n  a: 2\n  b: [y, z]\nq: [1]\n";
        let doc = parse(src).unwrap();
        assert_eq!(
            doc.value,
            serde_json::json!({"p": {"a": 1, "b": ["x"]}, "q": [1]})
        );
        assert_eq!(doc.index.get("/p/a").unwrap().value.start, 8);
        assert_eq!(doc.issues.len(), 1);
        let complex = parse("? [a, b]\n: 1\nc: 2\n").unwrap();
        assert_eq!(complex.value, serde_json::json!({"c": 2}));
        assert_eq!(complex.issues.len(), 1);
    }

    #[test]
    fn aliases_and_merge_keys() {
        let src = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n";
        let doc = parse(src).unwrap();
        assert_eq!(doc.value["use"], serde_json::json!({"x": 1, "y": 3}));
        assert_eq!(doc.value["ref"], serde_json::json!({"x": 1, "y": 2}));
        assert!(doc.issues.is_empty());
    }

    #[test]
    fn non_specific_tag_makes_a_string() {
        // yaml-test-suite S4JQ (spec example 6.28).
        let doc = parse("- \"12\"\n- 12\n- ! 12\n").unwrap();
        assert_eq!(doc.value, serde_json::json!(["12", 12, "12"]));
        assert!(doc.issues.is_empty());
    }

    #[test]
    fn a_second_document_is_underlined_on_characters() {
        // Found by cargo fuzz: a bare second document starting with a multi-byte character
        // was underlined over three bytes, ending inside the character.
        let src = "a: 1\n...\ne\u{2193}%pk ee\n";
        let Err(Fatal::Syntax { at, .. }) = parse(src) else {
            panic!("a syntax error")
        };
        assert_eq!(&src[at.start..at.end], "e\u{2193}%");
        let src = "a: 1\n---\nb: 2\n";
        let Err(Fatal::Syntax { at, .. }) = parse(src) else {
            panic!("a syntax error")
        };
        assert_eq!(&src[at.start..at.end], "---");
        // A bare document shorter than three characters: up to its line's end.
        let Err(Fatal::Syntax { at, .. }) = parse("a: 1\n...\nx\n") else {
            panic!("a syntax error")
        };
        assert_eq!((at.start, at.end), (9, 10));
    }

    #[test]
    fn second_document_is_a_syntax_error() {
        assert!(matches!(
            parse("a: 1\n---\nb: 2\n"),
            Err(Fatal::Syntax { .. })
        ));
    }

    #[test]
    fn depth_limit_is_exact() {
        let ok = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert!(matches!(parse(&deep), Err(Fatal::Limit { .. })));
    }
}
