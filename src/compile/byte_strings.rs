//! Many short byte strings stored end to end.
//!
//! The built-in packs give the scan some ten thousand literals, most under
//! twenty bytes. One allocation each was a tenth of a one-page check
//! (allocating, then faulting in the pages); stored end to end they take
//! two.

/// Byte strings stored end to end, read back by index.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ByteStrings {
    bytes: Vec<u8>,
    /// Where each string ends in `bytes`.
    ends: Vec<u32>,
}

impl ByteStrings {
    pub(super) fn push(&mut self, s: &[u8]) {
        self.bytes.extend_from_slice(s);
        self.ends.push(self.bytes.len() as u32);
    }

    /// Strings from their bytes and where each ends; `None` unless the ends
    /// rise and the last is the length of `bytes`.
    pub(super) fn from_parts(bytes: Vec<u8>, ends: Vec<u32>) -> Option<ByteStrings> {
        let rising = ends.windows(2).all(|w| w[0] <= w[1]);
        let last = ends.last().map_or(0, |&e| e as usize);
        (rising && last == bytes.len()).then_some(ByteStrings { bytes, ends })
    }

    pub(super) fn get(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        &self.bytes[start..self.ends[index] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of every string together.
    pub(super) fn total_bytes(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl<S: AsRef<[u8]>> FromIterator<S> for ByteStrings {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> ByteStrings {
        let mut out = ByteStrings::default();
        for s in iter {
            out.push(s.as_ref());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_pushed_empty_strings_included() {
        let strings: ByteStrings =
            ["保本", "", "ab"].iter().collect::<Vec<_>>().into_iter().map(|s| s.as_bytes()).collect();
        assert_eq!(strings.len(), 3);
        assert_eq!(strings.get(0), "保本".as_bytes());
        assert_eq!(strings.get(1), b"");
        assert_eq!(strings.get(2), b"ab");
        assert_eq!(strings.total_bytes(), 8);
        assert_eq!(strings.iter().collect::<Vec<_>>(), vec!["保本".as_bytes(), b"", b"ab"]);
    }
}
