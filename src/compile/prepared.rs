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

use super::byte_strings::ByteStrings;
use super::fast_hash::FastMap;
use super::patterns::{Anchor, Reach};
use std::sync::OnceLock;

pub(super) const TEXT: &str = include_str!("prepared.txt");

/// A regex's triggers, as [`super::patterns`] works them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Prepared {
    pub heads: ByteStrings,
    pub tails: ByteStrings,
    pub anchor: Anchor,
}

/// The prepared triggers of `source`, if the file has them.
pub(super) fn lookup(source: &str) -> Option<Prepared> {
    static LINES: OnceLock<FastMap<&'static str, &'static str>> = OnceLock::new();
    let lines = LINES.get_or_init(|| TEXT.lines().filter_map(|l| l.split_once('\t')).collect());
    decode(lines.get(source)?)
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

fn decode(rest: &str) -> Option<Prepared> {
    let mut fields = rest.split('\t');
    let anchor = match fields.next()? {
        "n" => Anchor::None,
        "p" => Anchor::Prefix(None),
        a if a.starts_with('p') => {
            let (min, max) = a[1..].split_once('-')?;
            let max = if max == "*" { None } else { Some(max.parse().ok()?) };
            Anchor::Prefix(Some(Reach { min: min.parse().ok()?, max }))
        }
        a if a.starts_with('s') => {
            Anchor::Suffix(if &a[1..] == "*" { None } else { Some(a[1..].parse().ok()?) })
        }
        _ => return None,
    };
    let unhex = |field: &str| -> Option<ByteStrings> {
        let mut out = ByteStrings::default();
        if field.is_empty() {
            return Some(out);
        }
        let mut lit = Vec::new();
        for hex in field.split(',') {
            lit.clear();
            for pair in hex.as_bytes().chunks(2) {
                let [high, low] = pair else { return None };
                lit.push(nibble(*high)? << 4 | nibble(*low)?);
            }
            out.push(&lit);
        }
        Some(out)
    };
    let heads = unhex(fields.next()?)?;
    let tails = unhex(fields.next()?)?;
    Some(Prepared { heads, tails, anchor })
}

fn nibble(hex: u8) -> Option<u8> {
    match hex {
        b'0'..=b'9' => Some(hex - b'0'),
        b'a'..=b'f' => Some(hex - b'a' + 10),
        _ => None,
    }
}
