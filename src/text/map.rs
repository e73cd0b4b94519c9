//! Byte-offset maps from a derived text back to the text it was derived from.
//!
//! The derived text is described as a left-to-right sequence of pieces:
//! copies (linear), replacements (atomic units), skips (original bytes with
//! no derived counterpart) and inserts (derived bytes with no original).
//! Only the non-linear pieces are stored; between two stored units the
//! relation is linear, so a mostly copied text costs a handful of entries.

/// A non-linear piece: `dl` derived bytes at `d` standing for `ol` original
/// bytes at `o`. A skip has `dl == 0`, an insert `ol == 0`.
///
/// Lengths are `u32` because there is one unit per changed character in a
/// normalised document and the map's size matters for large documents;
/// longer skips and inserts are split into several units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    d: usize,
    o: usize,
    dl: u32,
    ol: u32,
}

impl Unit {
    fn d_end(&self) -> usize {
        self.d + self.dl as usize
    }
    fn o_end(&self) -> usize {
        self.o + self.ol as usize
    }
}

/// Maps byte offsets of a derived text back to the text it came from.
///
/// Stored sparsely: only where the byte-length relation changes, so a text
/// that is mostly copied verbatim costs a handful of entries.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Sorted by `d` and by `o` (both non-decreasing).
    units: Vec<Unit>,
    derived_len: usize,
    original_len: usize,
}

impl OffsetMap {
    /// The map of a text to itself.
    pub fn identity() -> OffsetMap {
        OffsetMap { units: Vec::new(), derived_len: usize::MAX, original_len: usize::MAX }
    }

    /// Where a span starting at `derived` starts in the original.
    pub fn map_start(&self, derived: usize) -> usize {
        let d = derived.min(self.derived_len);
        // The last unit starting at or before `d`: a skip sitting exactly at
        // `d` is then behind us, so the span starts after the skipped bytes.
        let idx = self.units.partition_point(|u| u.d <= d);
        let Some(u) = idx.checked_sub(1).map(|i| self.units[i]) else {
            return d;
        };
        if d < u.d_end() { u.o } else { u.o_end() + (d - u.d_end()) }
    }

    /// The derived offset of `original` (the inverse direction, for block
    /// boundaries). An offset inside a replaced or skipped unit maps to the
    /// derived position where that unit starts.
    pub fn to_derived(&self, original: usize) -> usize {
        let o = original.min(self.original_len);
        let idx = self.units.partition_point(|u| u.o <= o);
        let Some(u) = idx.checked_sub(1).map(|i| self.units[i]) else {
            return o;
        };
        if o < u.o_end() { u.d } else { u.d_end() + (o - u.o_end()) }
    }

    /// Where a span ending at `derived` (exclusive) ends in the original.
    pub fn map_end(&self, derived: usize) -> usize {
        let d = derived.min(self.derived_len);
        // The last unit starting strictly before `d`: a skip at `d` is ahead
        // of us, so the span ends before the skipped bytes.
        let idx = self.units.partition_point(|u| u.d < d);
        let Some(u) = idx.checked_sub(1).map(|i| self.units[i]) else {
            return d;
        };
        if d <= u.d_end() { u.o_end() } else { u.o_end() + (d - u.d_end()) }
    }

    /// Length of the derived text the map was built for.
    pub fn derived_len(&self) -> usize {
        self.derived_len
    }

    /// Length of the original text the map was built for.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Number of stored non-linear units (a measure of the map's size).
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }
}

/// Builds an [`OffsetMap`] while a derived text is written piece by piece.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    units: Vec<Unit>,
    d: usize,
    o: usize,
}

impl OffsetMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// `len` bytes copied verbatim.
    pub fn copy(&mut self, len: usize) {
        self.d += len;
        self.o += len;
    }

    /// `derived_len` bytes written in place of `original_len` original bytes, as one unit.
    pub fn replace(&mut self, derived_len: usize, original_len: usize) {
        match (derived_len, original_len) {
            (0, _) => self.skip(original_len),
            (_, 0) => self.insert(derived_len),
            // A one-byte unit has no interior, so it is a copy.
            (1, 1) => self.copy(1),
            (dl, ol) => match (u32::try_from(dl), u32::try_from(ol)) {
                (Ok(dl), Ok(ol)) => self.push(dl, ol),
                // Units beyond 4 GiB cannot be stored whole; a skip then an
                // insert keeps both ends right and only blurs the interior.
                _ => {
                    self.skip(ol);
                    self.insert(dl);
                }
            },
        }
    }

    /// `original_len` original bytes dropped.
    pub fn skip(&mut self, original_len: usize) {
        let mut rest = original_len;
        while rest > 0 {
            let (d, o) = (self.d, self.o);
            if let Some(last) = self.units.last_mut()
                && last.dl == 0
                && last.d == d
                && last.o_end() == o
                && last.ol < u32::MAX
            {
                let n = rest.min((u32::MAX - last.ol) as usize);
                last.ol += n as u32;
                self.o += n;
                rest -= n;
                continue;
            }
            let n = rest.min(u32::MAX as usize);
            self.push(0, n as u32);
            rest -= n;
        }
    }

    /// `derived_len` bytes written that have no original (a separator between blocks).
    pub fn insert(&mut self, derived_len: usize) {
        let mut rest = derived_len;
        while rest > 0 {
            let (d, o) = (self.d, self.o);
            if let Some(last) = self.units.last_mut()
                && last.ol == 0
                && last.o == o
                && last.d_end() == d
                && last.dl < u32::MAX
            {
                let n = rest.min((u32::MAX - last.dl) as usize);
                last.dl += n as u32;
                self.d += n;
                rest -= n;
                continue;
            }
            let n = rest.min(u32::MAX as usize);
            self.push(n as u32, 0);
            rest -= n;
        }
    }

    fn push(&mut self, dl: u32, ol: u32) {
        self.units.push(Unit { d: self.d, o: self.o, dl, ol });
        self.d += dl as usize;
        self.o += ol as usize;
    }

    /// Bytes of derived text described so far.
    pub fn derived_len(&self) -> usize {
        self.d
    }

    /// Bytes of original text described so far.
    pub fn original_len(&self) -> usize {
        self.o
    }

    pub fn finish(mut self) -> OffsetMap {
        self.units.shrink_to_fit();
        OffsetMap { units: self.units, derived_len: self.d, original_len: self.o }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone, Copy)]
    enum Op {
        Copy(usize),
        Replace(usize, usize),
        Skip(usize),
        Insert(usize),
    }

    fn build(ops: &[Op]) -> OffsetMap {
        let mut b = OffsetMapBuilder::new();
        for op in ops {
            match *op {
                Op::Copy(n) => b.copy(n),
                Op::Replace(d, o) => b.replace(d, o),
                Op::Skip(n) => b.skip(n),
                Op::Insert(n) => b.insert(n),
            }
        }
        b.finish()
    }

    /// The semantics written out naively: every op with its ranges.
    struct Naive {
        // (derived start, derived len, original start, original len, linear)
        pieces: Vec<(usize, usize, usize, usize, bool)>,
        d: usize,
        o: usize,
    }

    impl Naive {
        fn new(ops: &[Op]) -> Naive {
            let mut n = Naive { pieces: Vec::new(), d: 0, o: 0 };
            for op in ops {
                let (dl, ol, linear) = match *op {
                    Op::Copy(len) => (len, len, true),
                    Op::Replace(1, 1) => (1, 1, true),
                    Op::Replace(d, o) => (d, o, false),
                    Op::Skip(len) => (0, len, false),
                    Op::Insert(len) => (len, 0, false),
                };
                n.pieces.push((n.d, dl, n.o, ol, linear));
                n.d += dl;
                n.o += ol;
            }
            n
        }

        fn map_start(&self, d: usize) -> usize {
            let d = d.min(self.d);
            for &(ds, dl, os, _, linear) in &self.pieces {
                if ds <= d && d < ds + dl {
                    return if linear { os + (d - ds) } else { os };
                }
            }
            self.o
        }

        fn map_end(&self, d: usize) -> usize {
            let d = d.min(self.d);
            for &(ds, dl, os, ol, linear) in &self.pieces {
                if ds < d && d <= ds + dl {
                    return if linear { os + (d - ds) } else { os + ol };
                }
            }
            0
        }

        fn to_derived(&self, o: usize) -> usize {
            let o = o.min(self.o);
            for &(ds, _, os, ol, linear) in &self.pieces {
                if os <= o && o < os + ol {
                    return if linear { ds + (o - os) } else { ds };
                }
            }
            self.d
        }
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..6).prop_map(Op::Copy),
            (0usize..5, 0usize..5).prop_map(|(d, o)| Op::Replace(d, o)),
            (0usize..4).prop_map(Op::Skip),
            (0usize..4).prop_map(Op::Insert),
        ]
    }

    proptest! {
        #[test]
        fn builder_matches_naive_reference(ops in proptest::collection::vec(op(), 0..25)) {
            let map = build(&ops);
            let naive = Naive::new(&ops);
            prop_assert_eq!(map.derived_len(), naive.d);
            prop_assert_eq!(map.original_len(), naive.o);
            for d in 0..=naive.d + 2 {
                prop_assert_eq!(map.map_start(d), naive.map_start(d), "map_start({})", d);
                prop_assert_eq!(map.map_end(d), naive.map_end(d), "map_end({})", d);
            }
            for o in 0..=naive.o + 2 {
                prop_assert_eq!(map.to_derived(o), naive.to_derived(o), "to_derived({})", o);
            }
        }
    }

    #[test]
    fn identity_maps_everything_to_itself() {
        let m = OffsetMap::identity();
        for x in [0, 1, 17, 1 << 40, usize::MAX] {
            assert_eq!(m.map_start(x), x);
            assert_eq!(m.map_end(x), x);
            assert_eq!(m.to_derived(x), x);
        }
    }

    #[test]
    fn copies_merge_into_nothing() {
        let mut b = OffsetMapBuilder::new();
        for _ in 0..1000 {
            b.copy(3);
        }
        let m = b.finish();
        assert_eq!(m.unit_count(), 0);
        assert_eq!(m.map_start(300), 300);
        assert_eq!(m.map_end(3000), 3000);
        assert_eq!(m.map_end(5000), 3000, "clamped to the end");
    }

    #[test]
    fn replace_is_atomic() {
        // "ab" + 3 bytes → 1 byte + "cd"
        let m = build(&[Op::Copy(2), Op::Replace(1, 3), Op::Copy(2)]);
        assert_eq!(m.map_start(2), 2);
        assert_eq!(m.map_end(3), 5);
        assert_eq!(m.map_start(3), 5);
        assert_eq!(m.to_derived(3), 2);
        assert_eq!(m.to_derived(4), 2);
        assert_eq!(m.to_derived(5), 3);
        // A derived offset inside a widening unit.
        let m = build(&[Op::Replace(3, 1)]);
        assert_eq!(m.map_start(1), 0);
        assert_eq!(m.map_end(1), 1);
        assert_eq!(m.map_start(3), 1);
    }

    #[test]
    fn equal_length_replace_stays_atomic() {
        let m = build(&[Op::Replace(3, 3)]);
        assert_eq!(m.map_start(1), 0);
        assert_eq!(m.map_end(1), 3);
    }

    #[test]
    fn skip_starts_after_and_ends_before() {
        // "保" + " " skipped + "本"
        let m = build(&[Op::Copy(3), Op::Skip(1), Op::Copy(3)]);
        assert_eq!(m.map_start(3), 4);
        assert_eq!(m.map_end(3), 3);
        assert_eq!(m.map_end(6), 7);
        assert_eq!(m.to_derived(3), 3);
        assert_eq!(m.to_derived(4), 3);
        // Leading and trailing skips.
        let m = build(&[Op::Skip(2), Op::Copy(1), Op::Skip(2)]);
        assert_eq!(m.map_start(0), 2);
        assert_eq!(m.map_end(0), 0);
        assert_eq!(m.map_end(1), 3);
        assert_eq!(m.map_start(1), 5);
        assert_eq!(m.to_derived(4), 1);
    }

    #[test]
    fn consecutive_skips_and_inserts_merge() {
        let mut b = OffsetMapBuilder::new();
        b.copy(1);
        b.skip(2);
        b.skip(3);
        b.insert(2);
        b.insert(2);
        b.copy(1);
        let m = b.finish();
        assert_eq!(m.unit_count(), 2);
        assert_eq!(m.map_start(1), 6);
        assert_eq!(m.map_start(3), 6);
        assert_eq!(m.map_end(1), 1);
        assert_eq!(m.map_end(3), 6);
        assert_eq!(m.map_start(5), 6);
        assert_eq!(m.map_end(6), 7);
    }

    #[test]
    fn insert_maps_to_where_it_sits() {
        // block "ab", inserted "\n\n", block "cd" that starts at original 5.
        let m = build(&[Op::Copy(2), Op::Insert(2), Op::Skip(3), Op::Copy(2)]);
        assert_eq!(m.map_start(2), 2);
        assert_eq!(m.map_start(3), 2);
        assert_eq!(m.map_end(4), 2);
        assert_eq!(m.map_start(4), 5);
        assert_eq!(m.map_end(6), 7);
        assert_eq!(m.to_derived(5), 4);
        assert_eq!(m.to_derived(2), 4);
        assert_eq!(m.to_derived(100), 6);
    }

    #[test]
    fn huge_skip_is_split() {
        let mut b = OffsetMapBuilder::new();
        b.copy(1);
        b.skip(u32::MAX as usize + 10);
        b.copy(1);
        let m = b.finish();
        assert_eq!(m.map_start(1), u32::MAX as usize + 11);
        assert_eq!(m.map_end(1), 1);
        assert_eq!(m.to_derived(u32::MAX as usize + 11), 1);
        assert_eq!(m.to_derived(u32::MAX as usize + 12), 2);
    }
}
