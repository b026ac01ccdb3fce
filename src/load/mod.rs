//! Stage 1, load: bytes → limits → one YAML 1.2 document → JSON value + pointer → span index.

pub mod index;
pub mod source;
pub mod yaml;

pub use index::{NodeSpan, SpanIndex};
pub use source::{LineIndex, Position, Span};
pub use yaml::{Fatal, Issue};

/// Files larger than this are refused (MAN006).
pub const MAX_BYTES: usize = 1_048_576;

/// A manifest's text, with its line table.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    lines: LineIndex,
}

impl Source {
    pub fn new(text: String) -> Source {
        let lines = LineIndex::new(&text);
        Source { text, lines }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn offset(&self, line: usize, column: usize) -> usize {
        self.lines.offset(&self.text, line, column)
    }

    pub fn line_end(&self, offset: usize) -> usize {
        self.lines.line_end(&self.text, offset)
    }
}

/// A manifest that parsed.
#[derive(Debug)]
pub struct Loaded {
    pub value: serde_json::Value,
    pub index: SpanIndex,
    pub issues: Vec<Issue>,
}

/// The outcome of loading: the text that could be shown (lossy for non-UTF-8 input) and
/// either the document or why there is none.
#[derive(Debug)]
pub struct LoadResult {
    pub source: Source,
    pub document: Result<Loaded, Fatal>,
}

/// Loads manifest bytes.
pub fn load(bytes: &[u8]) -> LoadResult {
    if bytes.len() > MAX_BYTES {
        return LoadResult {
            source: Source::new(String::new()),
            document: Err(Fatal::Limit {
                at: Span::empty(0),
                message: format!(
                    "the file is {} bytes; manifests larger than {MAX_BYTES} bytes (1 MiB) are refused",
                    bytes.len()
                ),
            }),
        };
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            let good = e.valid_up_to();
            // The valid prefix is UTF-8, so positions within it are exact.
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let pos = LineIndex::new(&prefix).position(&prefix, good);
            let byte = bytes.get(good).copied().unwrap_or(0);
            return LoadResult {
                source: Source::new(String::from_utf8_lossy(bytes).into_owned()),
                document: Err(Fatal::Limit {
                    at: Span::empty(0),
                    message: format!(
                        "the file is not UTF-8: byte 0x{byte:02X} at line {}, column {} is not valid UTF-8",
                        pos.line, pos.column
                    ),
                }),
            };
        }
    };
    let document = yaml::parse(&text).map(|doc| Loaded {
        value: doc.value,
        index: doc.index,
        issues: doc.issues,
    });
    LoadResult {
        source: Source::new(text),
        document,
    }
}
