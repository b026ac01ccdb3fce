//! Byte offsets in a document ↔ LSP positions: 0-based line, column in UTF-16 code units
//! (the encoding every client supports). Lines end at `\n`, `\r\n` or a lone `\r`, as in
//! the LSP specification and in kooship's own line table.

use lsp_types::Position;

/// The line starts of a document's text.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        Lines { text, starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The position of one byte offset (clamped to the text, and to a character start).
    pub fn position(&self, offset: usize) -> Position {
        self.positions(&[offset])[0]
    }

    /// The positions of many byte offsets, in one pass over the text: thousands of findings
    /// on one long line cost the line once, not once each.
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Position::new(0, 0); offsets.len()];
        // A cursor: a byte offset, its line and its UTF-16 column.
        let (mut at, mut line, mut column) = (0usize, 0usize, 0u32);
        for i in order {
            let target = self.clamp(offsets[i]);
            let target_line = self.line_of(target);
            if target_line != line || target < at {
                (at, line, column) = (self.starts[target_line], target_line, 0);
            }
            column += self.text[at..target]
                .chars()
                .map(|c| c.len_utf16() as u32)
                .sum::<u32>();
            at = target;
            out[i] = Position::new(line as u32, column);
        }
        out
    }

    /// The byte offset of a position; a column past the line's end is its end, a line past
    /// the text's end is the text's end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.trim_end_matches(['\n', '\r']);
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_after_astral_characters() {
        // 🎉 is one character, four bytes, two UTF-16 units; é is two bytes, one unit.
        let text = "a: 1\nname: \"🎉é x\"\r\nlast\rz";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(x), Position::new(1, 11));
        assert_eq!(lines.offset(Position::new(1, 11)), x);
        let z = text.find('z').unwrap();
        assert_eq!(lines.position(z), Position::new(3, 0));
        assert_eq!(lines.position(text.len()), Position::new(3, 1));
        // In the middle of 🎉: the character's start.
        let party = text.find('🎉').unwrap();
        assert_eq!(lines.position(party + 2), Position::new(1, 7));
        // Past the end of a line or of the text.
        assert_eq!(lines.offset(Position::new(0, 99)), 4);
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
        // Many offsets, out of order, give what one at a time gives.
        let offsets: Vec<usize> = (0..=text.len()).rev().collect();
        let many = lines.positions(&offsets);
        for (o, p) in offsets.iter().zip(many) {
            assert_eq!(lines.position(*o), p, "offset {o}");
        }
    }
}
