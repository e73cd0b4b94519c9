//! Byte offset → 1-based line and character column.

/// Bytes between two character-count checkpoints of a [`LineIndex`].
const CHECKPOINT_BYTES: usize = 1024;

/// Line starts of a text, for turning byte offsets into line/column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `chars[k]`: the characters before byte `k * CHECKPOINT_BYTES`. A
    /// minified page is one line of megabytes, and counting a column from
    /// its line start for each of thousands of findings made a check take
    /// time in findings × line length; from the nearest checkpoint a column
    /// costs at most one block.
    chars: Vec<usize>,
}

/// The characters that start in `bytes` (UTF-8 without its continuation
/// bytes), so a range may begin or end inside a character: every character
/// has exactly one byte that is not a continuation byte.
pub(super) fn chars_starting_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 1);
        let mut total = 0;
        chars.push(0);
        for block in text.as_bytes().chunks(CHECKPOINT_BYTES) {
            total += chars_starting_in(block);
            chars.push(total);
        }
        LineIndex { starts, chars }
    }

    /// The characters of `text` that start before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT_BYTES;
        let from = block * CHECKPOINT_BYTES;
        self.chars.get(block).copied().unwrap_or(0)
            + chars_starting_in(text.as_bytes().get(from..offset).unwrap_or_default())
    }

    /// 1-based line and 1-based column in characters of byte `offset` of `text`
    /// (the text this index was built from). An offset inside a character
    /// counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = if offset - start < CHECKPOINT_BYTES {
            chars_starting_in(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line + 1, column + 1)
    }

    /// The 1-based line of byte `offset` (an offset past the end is on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte range of 1-based line `line`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line).map(|e| e - 1).unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_agrees_with_line_col() {
        let text = "第一行\r\nsecond\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_of(offset), index.line_col(text, offset).0, "{offset}");
        }
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        // Lines longer than a checkpoint block, starting and ending inside one.
        let text = format!("ab\n{}\n{}x", "理财".repeat(5000), "é".repeat(3000));
        let index = LineIndex::new(&text);
        let slow = |offset: usize| {
            let start = text.as_bytes()[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            text[start..].char_indices().take_while(|(i, _)| start + i < offset).count() + 1
        };
        for offset in (0..=text.len()).step_by(7).chain([text.len() - 1, text.len()]) {
            assert_eq!(index.line_col(&text, offset).1, slow(offset), "{offset}");
        }
    }
}
