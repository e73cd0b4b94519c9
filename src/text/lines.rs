//! Byte offset → 1-based line and character column.

/// Line starts of a text, for turning byte offsets into line/column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and 1-based column in characters of byte `offset` of `text`
    /// (the text this index was built from). An offset inside a character
    /// counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text[start..].char_indices().take_while(|(i, _)| start + i < offset).count();
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
}
