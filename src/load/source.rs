//! Positions in a manifest's text: byte offsets ↔ 1-based line and character column.

/// A byte range in the source, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn empty(at: usize) -> Span {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column; the column counts Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two column marks of a long line.
const MARK_EVERY: usize = 1024;

/// Line starts of a text, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// In lines longer than [`MARK_EVERY`] bytes, every [`MARK_EVERY`] bytes or so: a
    /// character boundary and its 0-based column, so that a position costs at most
    /// [`MARK_EVERY`] bytes of counting, however long the line.
    marks: Vec<(usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let bytes = text.as_bytes();
        let (mut next_mark, mut column) = (MARK_EVERY, 0);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if i >= next_mark && text.is_char_boundary(i) {
                marks.push((i, column));
                next_mark = i + MARK_EVERY;
            }
            match b {
                b'\n' => {
                    starts.push(i + 1);
                    (next_mark, column) = (i + 1 + MARK_EVERY, 0);
                }
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    starts.push(i + 1);
                    (next_mark, column) = (i + 1 + MARK_EVERY, 0);
                }
                // Count characters: every byte but UTF-8 continuation bytes.
                _ if b & 0xC0 != 0x80 => column += 1,
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, marks }
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.starts[line];
        // Count from the last mark of this line before `offset`, if any.
        let (start, before) = match self.marks.partition_point(|&(at, _)| at <= offset) {
            0 => (line_start, 0),
            i => match self.marks[i - 1] {
                (at, column) if at >= line_start => (at, column),
                _ => (line_start, 0),
            },
        };
        let column = before + text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column (clamped).
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let line_text = &text[start..end];
        match line_text.char_indices().nth(column.saturating_sub(1)) {
            Some((i, _)) => start + i,
            None => end,
        }
    }

    /// The end of the line holding `offset`, before its line break.
    pub fn line_end(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut end = end;
        while end > offset && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        end
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a: 1\nname: 华为云 x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x),
            Position {
                line: 2,
                column: 11
            }
        );
        assert_eq!(idx.offset(text, 2, 11), x);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(
            idx.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
        assert_eq!(idx.line_end(text, 2), 4);
    }

    #[test]
    fn positions_on_long_lines_use_marks() {
        // Long lines of multi-byte characters, with line breaks of each kind.
        let line = "a华é🎉".repeat(1000);
        let text = format!("{line}\n{line}\r\n{line}\r{line}");
        let idx = LineIndex::new(&text);
        assert!(idx.marks.len() > 20);
        let mut line_no = 1;
        let mut column = 1;
        let bytes = text.as_bytes();
        for (offset, c) in text.char_indices() {
            if offset % 97 == 0 || c == '\n' || c == '\r' {
                assert_eq!(
                    idx.position(&text, offset),
                    Position {
                        line: line_no,
                        column
                    },
                    "offset {offset}"
                );
            }
            match c {
                '\n' => (line_no, column) = (line_no + 1, 1),
                '\r' if bytes.get(offset + 1) != Some(&b'\n') => {
                    (line_no, column) = (line_no + 1, 1)
                }
                _ => column += 1,
            }
        }
    }
}
