//! A fast, non-cryptographic hasher for the compiler's interning maps.
//!
//! Compiling the built-in packs interns some ten thousand patterns and
//! trigger literals; with the standard library's SipHash, hashing them was a
//! tenth of a one-page check. The keys come from rule files, which the user
//! chooses to load, so the flooding resistance SipHash buys is not needed
//! here. This is the multiply-rotate scheme of rustc's own `FxHasher`, over
//! eight bytes at a time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// A product's high bits depend on all of the input, its low bits only
    /// on the input's low bits; the table picks buckets by the low bits, so
    /// the high ones are rotated down.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differing_in_any_byte_or_length_differ() {
        let hash = |b: &[u8]| {
            let mut h = FastHasher::default();
            h.write(b);
            h.write_usize(b.len());
            h.finish()
        };
        assert_ne!(hash(b"abcdefgh1"), hash(b"abcdefgh2"));
        assert_ne!(hash(b"ab"), hash(b"ab\0"));
        let mut map: FastMap<Vec<u8>, usize> = FastMap::default();
        for i in 0..1000u32 {
            map.insert(i.to_string().into_bytes(), i as usize);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(b"617".as_slice()), Some(&617));
    }
}
