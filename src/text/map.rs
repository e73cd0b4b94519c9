//! Byte-offset maps from a derived text back to the text it was derived from.

/// Maps byte offsets of a derived text back to the text it came from.
///
/// Stored sparsely: only where the byte-length relation changes, so a text
/// that is mostly copied verbatim costs a handful of entries.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    // TODO(helper): implement
}

impl OffsetMap {
    /// The map of a text to itself.
    pub fn identity() -> OffsetMap {
        todo!()
    }

    /// Where a span starting at `derived` starts in the original.
    pub fn map_start(&self, derived: usize) -> usize {
        let _ = derived;
        todo!()
    }

    /// The derived offset of `original` (the inverse direction, for block
    /// boundaries). An offset inside a replaced or skipped unit maps to the
    /// derived position where that unit starts.
    pub fn to_derived(&self, original: usize) -> usize {
        let _ = original;
        todo!()
    }

    /// Where a span ending at `derived` (exclusive) ends in the original.
    pub fn map_end(&self, derived: usize) -> usize {
        let _ = derived;
        todo!()
    }
}

/// Builds an [`OffsetMap`] while a derived text is written piece by piece.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {}

impl OffsetMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    /// `len` bytes copied verbatim.
    pub fn copy(&mut self, len: usize) {
        let _ = len;
        todo!()
    }
    /// `derived_len` bytes written in place of `original_len` original bytes, as one unit.
    pub fn replace(&mut self, derived_len: usize, original_len: usize) {
        let _ = (derived_len, original_len);
        todo!()
    }
    /// `original_len` original bytes dropped.
    pub fn skip(&mut self, original_len: usize) {
        let _ = original_len;
        todo!()
    }
    /// `derived_len` bytes written that have no original (a separator between blocks).
    pub fn insert(&mut self, derived_len: usize) {
        let _ = derived_len;
        todo!()
    }
    pub fn finish(self) -> OffsetMap {
        todo!()
    }
}
