//! The trigger literals of the built-in packs' regexes, worked out ahead of time.
//!
//! Finding a regex's triggers means parsing and translating it, about 10 µs a
//! regex: with some 1,500 regexes in the built-in packs that was most of a
//! one-page check. `prepared.txt` holds the result for each of them, keyed by
//! the folded regex source. A regex that is not there (a user's pack, a
//! pattern changed since the file was written) is worked out as before, so a
//! stale file costs time, never findings; the test
//! `prepared_triggers_are_current` fails when it is stale and rewrites it with
//! `DISCLINT_WRITE_TRIGGERS=1`.
//!
//! One line a regex: `source TAB anchor TAB heads TAB tails`, literals in hex
//! separated by commas (a trigger may be cut inside a character, so they are
//! bytes, not text). Anchors: `n`, `p`, `pMIN-MAX` (`*` for no maximum),
//! `sLEN` (`*` for unbounded).
//!
//! The binary does not read that text: `build.rs` turns it into a table
//! sorted by source, with raw bytes (reading the text cost a sixth of a
//! one-page check). The table, all numbers u32 little-endian: the entry
//! count; for each entry the offset of its source in the blob and the
//! source's length; then the blob, where each source is followed by its
//! record: an anchor tag byte (0 `n`, 1 `p`, 2 `pMIN-MAX`, 3 `sLEN`) and two
//! numbers (MIN and MAX, or LEN; `u32::MAX` for `*`), then the heads and the
//! tails, each as a literal count, a byte count, each literal's end and the
//! bytes.

use super::byte_strings::ByteStrings;
use super::patterns::{Anchor, Reach};
use regex_automata::nfa::thompson;

/// The text form, for the test that keeps it current.
#[cfg(test)]
pub(super) const TEXT: &str = include_str!("prepared.txt");

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared.bin"));

/// A regex's triggers, as [`super::patterns`] works them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Prepared {
    pub heads: ByteStrings,
    pub tails: ByteStrings,
    pub anchor: Anchor,
}

/// The prepared triggers of `source`, if the table has them.
pub(super) fn lookup(source: &str) -> Option<Prepared> {
    decode(find(source)?).map(|(prepared, _)| prepared)
}

/// The forward automaton `build.rs` compiled for `source`, rebuilt from its
/// states; `None` if the table has none for it (it is then compiled here).
pub(super) fn nfa(source: &str) -> Option<thompson::NFA> {
    let (_, states) = decode(find(source)?)?;
    replay(states)
}

/// The record of `source` (to the end of the blob), by binary search.
fn find(source: &str) -> Option<&'static [u8]> {
    let table = Table::new(TABLE)?;
    let (mut low, mut high) = (0, table.len);
    while low < high {
        let mid = low + (high - low) / 2;
        let (key, record) = table.entry(mid)?;
        match key.cmp(source.as_bytes()) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return Some(record),
        }
    }
    None
}

/// The table `build.rs` writes, read in place. Every read is checked, so a
/// table that does not have the layout this expects yields `None` (the regex
/// is then worked out at run time), never a panic.
struct Table<'a> {
    len: usize,
    index: &'a [u8],
    blob: &'a [u8],
}

impl<'a> Table<'a> {
    fn new(bytes: &'a [u8]) -> Option<Table<'a>> {
        let len = read_u32(bytes, 0)? as usize;
        let index = bytes.get(4..4 + len.checked_mul(8)?)?;
        let blob = bytes.get(4 + index.len()..)?;
        Some(Table { len, index, blob })
    }

    /// Entry `i`'s source, and the bytes from its record to the end of the blob.
    fn entry(&self, i: usize) -> Option<(&'a [u8], &'a [u8])> {
        let start = read_u32(self.index, i * 8)? as usize;
        let len = read_u32(self.index, i * 8 + 4)? as usize;
        Some((self.blob.get(start..start + len)?, self.blob.get(start + len..)?))
    }
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Reads one record (see the module docs): the triggers, and the bytes of
/// the automaton's states (empty when there is none).
fn decode(record: &[u8]) -> Option<(Prepared, &[u8])> {
    const NONE: u32 = u32::MAX;
    let optional = |n: u32| if n == NONE { None } else { Some(n as usize) };
    let (a, b) = (read_u32(record, 1)?, read_u32(record, 5)?);
    let anchor = match record.first()? {
        0 => Anchor::None,
        1 => Anchor::Prefix(None),
        2 => Anchor::Prefix(Some(Reach { min: a as usize, max: optional(b) })),
        3 => Anchor::Suffix(optional(a)),
        _ => return None,
    };
    let mut at = 9;
    let mut strings = || -> Option<ByteStrings> {
        let count = read_u32(record, at)? as usize;
        let total = read_u32(record, at + 4)? as usize;
        let ends_at = at + 8;
        let bytes_at = ends_at.checked_add(count.checked_mul(4)?)?;
        let ends =
            record.get(ends_at..bytes_at)?.chunks_exact(4).map(|c| read_u32(c, 0)).collect::<Option<_>>()?;
        let bytes = record.get(bytes_at..bytes_at.checked_add(total)?)?.to_vec();
        at = bytes_at + total;
        ByteStrings::from_parts(bytes, ends)
    };
    let heads = strings()?;
    let tails = strings()?;
    let states_len = read_u32(record, at)? as usize;
    let states = record.get(at + 4..(at + 4).checked_add(states_len)?)?;
    Some((Prepared { heads, tails, anchor }, states))
}

/// Rebuilds an automaton from the states `build.rs` wrote, in their order,
/// so that every state keeps its id. Every id is checked against the state
/// count first: a malformed table gives `None`, never a panic.
fn replay(bytes: &[u8]) -> Option<thompson::NFA> {
    use regex_automata::util::look::Look;
    use regex_automata::util::primitives::StateID;
    let word = |at: &mut usize| -> Option<usize> {
        let n = read_u32(bytes, *at)?;
        *at += 4;
        Some(n as usize)
    };
    let mut at = 0;
    let (anchored, unanchored) = (word(&mut at)?, word(&mut at)?);
    let (pattern_start, count) = (word(&mut at)?, word(&mut at)?);
    if count == 0 || [anchored, unanchored, pattern_start].iter().any(|&id| id >= count) {
        return None;
    }
    let id = |n: usize| if n < count { StateID::new(n).ok() } else { None };
    let mut builder = thompson::Builder::new();
    // As the compiler sets them, so that the replayed automaton is the same.
    builder.set_utf8(true);
    builder.start_pattern().ok()?;
    let byte = |at: &mut usize| -> Option<u8> {
        let b = *bytes.get(*at)?;
        *at += 1;
        Some(b)
    };
    let transition = |at: &mut usize| -> Option<thompson::Transition> {
        Some(thompson::Transition { start: byte(at)?, end: byte(at)?, next: id(word(at)?)? })
    };
    for _ in 0..count {
        let added = match byte(&mut at)? {
            0 => builder.add_range(transition(&mut at)?),
            1 => {
                let n = word(&mut at)?;
                let transitions = (0..n).map(|_| transition(&mut at)).collect::<Option<Vec<_>>>()?;
                builder.add_sparse(transitions)
            }
            2 => {
                let look = Look::from_repr(u32::try_from(word(&mut at)?).ok()?)?;
                builder.add_look(id(word(&mut at)?)?, look)
            }
            3 => {
                let n = word(&mut at)?;
                let alternates = (0..n).map(|_| id(word(&mut at)?)).collect::<Option<Vec<_>>>()?;
                builder.add_union(alternates)
            }
            4 => builder.add_union(vec![id(word(&mut at)?)?, id(word(&mut at)?)?]),
            5 => builder.add_fail(),
            6 => builder.add_match(),
            _ => return None,
        };
        added.ok()?;
    }
    if at != bytes.len() {
        return None;
    }
    builder.finish_pattern(id(pattern_start)?).ok()?;
    builder.build(id(anchored)?, id(unanchored)?).ok()
}

/// The file's line for one regex; `None` for a source the format cannot hold.
#[cfg(test)]
pub(super) fn encode(source: &str, p: &Prepared) -> Option<String> {
    if source.contains(['\t', '\n', '\r']) {
        return None;
    }
    let anchor = match p.anchor {
        Anchor::None => "n".to_string(),
        Anchor::Prefix(None) => "p".to_string(),
        Anchor::Prefix(Some(Reach { min, max })) => {
            format!("p{min}-{}", max.map_or("*".to_string(), |m| m.to_string()))
        }
        Anchor::Suffix(len) => format!("s{}", len.map_or("*".to_string(), |m| m.to_string())),
    };
    let hex = |lits: &ByteStrings| -> String {
        lits.iter()
            .map(|l| l.iter().map(|b| format!("{b:02x}")).collect::<String>())
            .collect::<Vec<_>>()
            .join(",")
    };
    Some(format!("{source}\t{anchor}\t{}\t{}", hex(&p.heads), hex(&p.tails)))
}

#[cfg(test)]
mod tests {
    use super::replay;

    fn states(header: [u32; 4], states: &[u8]) -> Vec<u8> {
        let mut bytes: Vec<u8> = header.iter().flat_map(|n| n.to_le_bytes()).collect();
        bytes.extend_from_slice(states);
        bytes
    }

    /// `a`, then a match: state 0 reads `a` into state 1.
    #[test]
    fn a_well_formed_automaton_replays() {
        let bytes = states([0, 0, 0, 2], &[0, b'a', b'a', 1, 0, 0, 0, 6]);
        let nfa = replay(&bytes).expect("replays");
        assert_eq!(nfa.states().len(), 2);
    }

    /// A malformed table gives no automaton (the regex is then compiled at
    /// run time), never a panic.
    #[test]
    fn a_malformed_automaton_is_refused() {
        // A transition to a state that does not exist.
        assert!(replay(&states([0, 0, 0, 2], &[0, b'a', b'a', 9, 0, 0, 0, 6])).is_none());
        // A start that does not exist.
        assert!(replay(&states([3, 0, 0, 2], &[0, b'a', b'a', 1, 0, 0, 0, 6])).is_none());
        // Cut short, an unknown tag, bytes left over, nothing at all.
        assert!(replay(&states([0, 0, 0, 2], &[0, b'a', b'a', 1, 0])).is_none());
        assert!(replay(&states([0, 0, 0, 2], &[0, b'a', b'a', 1, 0, 0, 0, 9])).is_none());
        assert!(replay(&states([0, 0, 0, 2], &[0, b'a', b'a', 1, 0, 0, 0, 6, 6])).is_none());
        assert!(replay(&[]).is_none());
        // An unknown look-around.
        assert!(replay(&states([0, 0, 0, 2], &[2, 0, 0, 0, 0x80, 1, 0, 0, 0, 6])).is_none());
    }
}
