//! Every literal ending at each position of a short text, found without an automaton.
//!
//! The Aho-Corasick automaton over the built-in packs' ten thousand literals
//! takes longer to build than checking a page takes: most of a one-page
//! run. This table is built in a fraction of that (one pass over the
//! literals, bucketed by their last few bytes) and finds the same matches, by
//! looking up the bytes before each position of the text. It is slower per
//! byte than the automaton, so [`super::patterns::PatternTable`] uses it only
//! until the text it has scanned would have paid for building the automaton.

use super::byte_strings::ByteStrings;

/// Literals are bucketed by up to this many of their last bytes.
const KEY: usize = 3;

/// Literals bucketed by a hash of their last `min(len, KEY)` bytes, laid out
/// flat: bucket `b` holds `ids[starts[b]..starts[b + 1]]`.
#[derive(Debug, Default)]
pub(super) struct SuffixTable {
    starts: Vec<u32>,
    ids: Vec<u32>,
    /// `64 - log2(bucket count)`, for the multiplicative hash.
    shift: u32,
    /// Whether any literal is keyed by this many bytes (index 1..=KEY).
    key_used: [bool; KEY + 1],
}

impl SuffixTable {
    pub(super) fn new(literals: &ByteStrings) -> SuffixTable {
        let buckets = (literals.len() * 2).next_power_of_two().max(64);
        let shift = 64 - buckets.trailing_zeros();
        let mut key_used = [false; KEY + 1];
        let mut starts = vec![0u32; buckets + 1];
        let bucket_of = |lit: &[u8]| bucket(&lit[lit.len() - lit.len().min(KEY)..], shift);
        for lit in literals.iter().filter(|l| !l.is_empty()) {
            key_used[lit.len().min(KEY)] = true;
            starts[bucket_of(lit) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut next = starts.clone();
        let mut ids = vec![0u32; starts[buckets] as usize];
        for (id, lit) in literals.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
            let b = bucket_of(lit);
            ids[next[b] as usize] = id as u32;
            next[b] += 1;
        }
        SuffixTable { starts, ids, shift, key_used }
    }

    /// Calls `found(literal, start, end)` for every occurrence of every
    /// literal in `text`, overlapping ones included, in order of `end`: what
    /// a standard-semantics automaton reports.
    pub(super) fn for_each_match(
        &self,
        literals: &ByteStrings,
        text: &[u8],
        mut found: impl FnMut(usize, usize, usize),
    ) {
        for end in 1..=text.len() {
            for key_len in 1..=KEY.min(end) {
                if !self.key_used[key_len] {
                    continue;
                }
                let b = bucket(&text[end - key_len..end], self.shift);
                for &id in &self.ids[self.starts[b] as usize..self.starts[b + 1] as usize] {
                    let lit = literals.get(id as usize);
                    // A bucket mixes keys of every length; each literal is
                    // looked for under its own key only, so it is reported once.
                    if lit.len().min(KEY) == key_len
                        && lit.len() <= end
                        && text[end - lit.len()..end] == lit[..]
                    {
                        found(id as usize, end - lit.len(), end);
                    }
                }
            }
        }
    }
}

/// The bucket of a key of 1 to [`KEY`] bytes. Its length is part of the
/// hashed value, so that `本` and its last byte do not share every bucket.
fn bucket(key: &[u8], shift: u32) -> usize {
    let packed = key.iter().fold(key.len() as u64, |acc, &b| (acc << 8) | u64::from(b));
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    fn table_matches(literals: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let literals: ByteStrings = literals.iter().collect();
        let mut out = Vec::new();
        SuffixTable::new(&literals).for_each_match(&literals, text, |id, s, e| out.push((id, s, e)));
        out
    }

    fn automaton_matches(literals: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(literals).unwrap();
        ac.find_overlapping_iter(text).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect()
    }

    #[test]
    fn finds_overlapping_literals_of_every_length() {
        let literals: Vec<Vec<u8>> =
            ["保本", "不保本", "本", "a", "ab", "abcd"].iter().map(|s| s.as_bytes().to_vec()).collect();
        let text = "不保本abcd".as_bytes();
        let mut got = table_matches(&literals, text);
        got.sort();
        let mut want = automaton_matches(&literals, text);
        want.sort();
        assert_eq!(got, want);
        assert_eq!(got.len(), 6, "{got:?}");
    }

    proptest! {
        /// Same matches as the automaton, reported in order of their end.
        /// Small alphabets make overlaps and shared suffixes common.
        #[test]
        fn agrees_with_the_automaton(
            literals in proptest::collection::vec(proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0xe4u8), Just(0xbfu8)], 1..7), 1..40),
            text in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(0xe4u8), Just(0xbfu8), Just(b' ')], 0..200),
        ) {
            let mut literals = literals;
            literals.sort();
            literals.dedup();
            let got = table_matches(&literals, &text);
            prop_assert!(got.windows(2).all(|w| w[0].2 <= w[1].2));
            let mut got = got;
            got.sort();
            let mut want = automaton_matches(&literals, &text);
            want.sort();
            prop_assert_eq!(got, want);
        }
    }
}
