//! Stable finding fingerprints: what a baseline records and what SARIF
//! `partialFingerprints` carry.
//!
//! A fingerprint hashes (rule id, repository-relative path, normalised
//! matched text, a short normalised context window on the finding's own
//! line(s), occurrence index among findings with the same key). Line numbers
//! are not part of it, so moving a paragraph keeps every fingerprint; two
//! identical claims in one file get occurrence 0 and 1, which makes baseline
//! matching count-aware.
//!
//! The hash is FNV-1a 64, implemented here: `std`'s `DefaultHasher` is not
//! stable across Rust releases, and a baseline must outlive compiler updates.

use crate::finding::Finding;
use crate::text::{LineIndex, fold_char};
use std::collections::HashMap;

/// Characters of context taken on each side of a match (same line only).
pub const CONTEXT_CHARS: usize = 16;

/// FNV-1a, 64 bit.
#[derive(Debug, Clone, Copy)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Writes a field followed by a separator byte that never occurs in UTF-8,
    /// so `("ab", "c")` and `("a", "bc")` differ.
    pub fn field(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(&[0xff]);
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// Folds `s` as the matcher does (NFKC, lower case, traditional → simplified)
/// and collapses every run of whitespace to one space, trimmed.
pub fn normalise(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut folded);
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The context window of a finding: up to [`CONTEXT_CHARS`] characters before
/// and after its span, not crossing the lines the span is on.
fn context(source: &str, lines: &LineIndex, finding: &Finding) -> (String, String) {
    let Some(span) = finding.span else { return (String::new(), String::new()) };
    // Lines of the source, from the offsets: a PDF's reported lines count
    // from the top of their page.
    let first = lines.line_range(source, lines.line_of(span.start.offset));
    let last = lines.line_range(source, lines.line_of(span.end.offset));
    let start = span.start.offset.clamp(first.start, source.len());
    let end = span.end.offset.clamp(start, last.end.max(start));
    let before: String = {
        let seg = source.get(first.start..start).unwrap_or_default();
        let tail: Vec<char> = seg.chars().rev().take(CONTEXT_CHARS).collect();
        tail.into_iter().rev().collect()
    };
    let after: String =
        source.get(end..last.end.max(end)).unwrap_or_default().chars().take(CONTEXT_CHARS).collect();
    (normalise(&before), normalise(&after))
}

/// The fingerprint key of one finding before its occurrence index.
fn key(path: &str, source: &str, lines: &LineIndex, finding: &Finding) -> u64 {
    let mut h = Fnv64::default();
    h.field("disclint-fingerprint-v1");
    h.field(&finding.rule);
    h.field(path);
    match &finding.matched {
        Some(m) => {
            let (before, after) = context(source, lines, finding);
            h.field(&normalise(m));
            h.field(&before);
            h.field(&after);
        }
        // Nothing to point at: the rule and file are the identity; the
        // message tells apart rules that report several absences.
        None => h.field(&normalise(&finding.message)),
    }
    h.finish()
}

/// Fingerprints of `findings` (same order), as 16 hex digits.
///
/// `path` should be the repository-relative path with forward slashes, so
/// the fingerprint does not depend on the folder the tool ran from.
/// `source` is the decoded source the spans point into.
pub fn fingerprints<'a>(
    path: &str,
    source: &str,
    findings: impl IntoIterator<Item = &'a Finding>,
) -> Vec<String> {
    let lines = LineIndex::new(source);
    let mut seen: HashMap<u64, u64> = HashMap::new();
    findings
        .into_iter()
        .map(|f| {
            let k = key(path, source, &lines, f);
            let n = seen.entry(k).or_default();
            let mut h = Fnv64::default();
            h.write(&k.to_le_bytes());
            h.write(&n.to_le_bytes());
            *n += 1;
            format!("{:016x}", h.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Position, Severity, Span};

    fn find(source: &str, needle: &str, nth: usize) -> Finding {
        let lines = LineIndex::new(source);
        let start = source.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap_or(0);
        let end = start + needle.len();
        let pos = |o: usize| {
            let (line, column) = lines.line_col(source, o);
            Position { line, column, offset: o }
        };
        Finding {
            rule: "R".into(),
            category: "prohibited.guarantee".into(),
            severity: Severity::Error,
            message: "m".into(),
            span: Some(Span { start: pos(start), end: pos(end) }),
            matched: Some(needle.into()),
            citation: None,
            fix: None,
            turn: None,
            page: None,
            basis: None,
            merged: Vec::new(),
            claim: None,
        }
    }

    #[test]
    fn fnv_known_values() {
        let mut h = Fnv64::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn moving_a_paragraph_keeps_the_fingerprint() {
        let a = "标题\n\n本产品保本保息，欢迎购买。\n\n其他段落。\n";
        let b = "标题\n\n其他段落。\n\n新增一段。\n\n本产品保本保息，欢迎购买。\n";
        let fa = fingerprints("x.md", a, &[find(a, "保本", 0)]);
        let fb = fingerprints("x.md", b, &[find(b, "保本", 0)]);
        assert_eq!(fa, fb);
    }

    #[test]
    fn context_and_occurrence_tell_findings_apart() {
        let s = "甲产品保本。\n乙产品保本。\n甲产品保本。\n";
        let fs: Vec<Finding> = (0..3).map(|i| find(s, "保本", i)).collect();
        let fp = fingerprints("x.md", s, &fs);
        assert_ne!(fp[0], fp[1], "different context");
        assert_ne!(fp[0], fp[2], "same context, different occurrence");
        // Whitespace and width variants normalise away.
        let t = "甲产品保本。  \n";
        assert_eq!(fingerprints("x.md", t, &[find(t, "保本", 0)])[0], fp[0]);
    }

    #[test]
    fn path_and_rule_are_part_of_it() {
        let s = "保本\n";
        let f = find(s, "保本", 0);
        let mut g = f.clone();
        g.rule = "S".into();
        assert_ne!(fingerprints("a.md", s, [&f]), fingerprints("b.md", s, [&f]));
        assert_ne!(fingerprints("a.md", s, [&f]), fingerprints("a.md", s, [&g]));
    }
}
