//! The pattern table: every literal and regex of every loaded rule, interned,
//! and what finds them all in one pass: the literals and the regexes'
//! trigger literals by an Aho-Corasick automaton (or, until a run has
//! scanned enough text to pay for building one, a suffix table), then each
//! triggered regex where its triggers say.

use super::byte_strings::ByteStrings;
use super::fast_hash::FastMap;
use super::prepared;
use super::suffix_table::SuffixTable;
use crate::text::{fold_char_single, normalize_pattern};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use regex_automata::nfa::thompson;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, hybrid, meta};
use regex_syntax::hir::Hir;
use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Why the automata could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// Regexes (by pattern id) that do not translate, with the reason.
    InvalidRegexes(Vec<(usize, String)>),
}

/// One occurrence of a pattern: a byte range of the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occ {
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternKind {
    /// A normalised literal; `latin_start`/`latin_end` ask for a word
    /// boundary at that edge (there is none between CJK characters).
    Literal { text: String, latin_start: bool, latin_end: bool },
    /// A regex over the normalised text, as it will be compiled.
    Regex { source: String },
}

/// Every pattern of a rule set, and the automata over them.
#[derive(Debug, Default)]
pub struct PatternTable {
    pub kinds: Vec<PatternKind>,
    by_key: FastMap<PatternKind, usize>,
    /// What an automaton pattern's occurrence means: a literal pattern's
    /// match, or a trigger of the regexes that start with it (by
    /// [`PatternTable::target_starts`]).
    targets: Vec<Target>,
    /// Regex index → pattern id.
    regex_ids: Vec<usize>,
    /// Regex index → how its triggers place its matches.
    anchors: Vec<Anchor>,
    /// Regex index → its translation, kept from validation for compiling;
    /// `None` when its triggers came prepared (it is parsed on first use).
    hirs: Vec<Option<Hir>>,
    /// Regexes (by regex index) with no trigger literal: they run over every document.
    untriggered: Vec<usize>,
    /// The longest trigger literal of a literal-led regex, in bytes: how far
    /// before the automaton's position a trigger can still start.
    max_head_len: usize,
    /// Automaton pattern index → its bytes: the literal patterns and the
    /// regexes' trigger literals.
    literals: ByteStrings,
    /// Automaton pattern index → what its occurrences mean: the targets of
    /// pattern `i` are `targets[target_starts[i]..target_starts[i + 1]]`.
    target_starts: Vec<u32>,
    /// Finds them in the first texts of a run, while the automaton would not pay.
    suffix_table: SuffixTable,
    /// Finds them once the run has scanned [`PatternTable::automaton_after`]
    /// bytes; `None` inside if it could not be built (the table goes on).
    ac: OnceLock<Option<AhoCorasick>>,
    automaton_after: usize,
    scanned: AtomicUsize,
    building: AtomicBool,
    /// Per-regex matchers (by regex index), built the first time a document needs them.
    /// Boxed: a matcher is some hundreds of bytes, most regexes never get
    /// one, and the slots of all of them are written when the table is built.
    singles: Vec<OnceLock<Option<Box<Matcher>>>>,
}

/// What an automaton match stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The literal pattern with this id.
    Literal(usize),
    /// Regex index: every match of that regex starts with this literal.
    Prefix(usize),
    /// Regex index: every match of that regex ends with this literal.
    Suffix(usize),
    /// Regex index: every match of that literal-led regex ends with this literal.
    Tail(usize),
}

/// Where a regex's matches can be, as far as the literal scan can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// Every match starts with one of its trigger literals: an anchored
    /// search at each trigger finds them all. With a [`Reach`], every match
    /// also ends with one of its tail literals, so a trigger with no tail
    /// within reach is not searched at all.
    Prefix(Option<Reach>),
    /// Every match ends with one of its trigger literals and is at most this
    /// many bytes long (`None`: unbounded): only windows before the triggers
    /// are searched.
    Suffix(Option<usize>),
    /// No usable literal: the regex runs over every document.
    None,
}

/// How far from a match's start its end can be, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reach {
    pub min: usize,
    pub max: Option<usize>,
}

/// Trigger literals are at least this long: one CJK character, or two ASCII
/// letters. A one-letter trigger would fire on nearly every line.
const MIN_TRIGGER_BYTES: usize = 2;
/// Tail literals are at least this long: two CJK characters, or four ASCII ones.
const MIN_TAIL_BYTES: usize = 4;
/// More trigger literals than this and the regex is not worth gating.
const MAX_TRIGGERS: usize = 128;
/// Tails only pay when they are few: each is one more literal for the automaton to build and report.
const MAX_TAILS: usize = 16;
/// A trigger set larger than this is cut to shorter literals (down to six bytes) while that makes it smaller.
const COMPACT_SET: usize = 32;

/// The literals every match of `hir` starts with (or, failing that, ends
/// with), when there are few enough and none is too short to be selective;
/// and for literal-led regexes, the selective literals every match ends
/// with (its tails), if any.
fn regex_triggers(hir: &Hir) -> (ByteStrings, ByteStrings, Anchor) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let usable = |prefix: bool, min_bytes: usize, max: usize| -> Option<ByteStrings> {
        let kind = if prefix { ExtractKind::Prefix } else { ExtractKind::Suffix };
        let seq = Extractor::new().kind(kind).extract(hir);
        let mut lits: Vec<Vec<u8>> = seq.literals()?.iter().map(|l| l.as_bytes().to_vec()).collect();
        // A cross product of alternations (`(和|跟|与)(银行)?(存款|定期)…`)
        // gives hundreds of literals; their first (or last) few bytes are
        // still a valid, and selective enough, trigger, and every literal is
        // one more for the automaton to build and report. So large sets are
        // cut to a few dozen, keeping at least two characters where that is
        // enough. A cut may fall inside a character: the automaton works on
        // bytes, and a prefix still starts (a suffix still ends) where the
        // match does.
        for keep in [usize::MAX, 12, 9, 6, 3] {
            if keep <= 6 && lits.len() <= max {
                break;
            }
            for l in &mut lits {
                if l.len() > keep {
                    if prefix {
                        l.truncate(keep);
                    } else {
                        l.drain(..l.len() - keep);
                    }
                }
            }
            lits.sort_unstable();
            lits.dedup();
            if lits.len() <= COMPACT_SET {
                break;
            }
        }
        if lits.is_empty() || lits.len() > max || lits.iter().any(|l| l.len() < min_bytes) {
            return None;
        }
        Some(lits.into_iter().collect())
    };
    let props = hir.properties();
    if let Some(heads) = usable(true, MIN_TRIGGER_BYTES, MAX_TRIGGERS) {
        // A tail is worth tracking only if it is rarer than one character:
        // `(不|非)…(承诺|是)` would report every `是`.
        return match usable(false, MIN_TAIL_BYTES, MAX_TAILS) {
            Some(tails) => {
                let reach = Reach { min: props.minimum_len().unwrap_or(0), max: props.maximum_len() };
                (heads, tails, Anchor::Prefix(Some(reach)))
            }
            None => (heads, ByteStrings::default(), Anchor::Prefix(None)),
        };
    }
    if let Some(t) = usable(false, MIN_TRIGGER_BYTES, MAX_TRIGGERS) {
        return (t, ByteStrings::default(), Anchor::Suffix(props.maximum_len()));
    }
    (ByteStrings::default(), ByteStrings::default(), Anchor::None)
}

impl std::hash::Hash for PatternKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            PatternKind::Literal { text, .. } => (0u8, text).hash(state),
            PatternKind::Regex { source } => (1u8, source).hash(state),
        }
    }
}

/// Characters that may separate the parts of a phrase: `理财非存款、产品有风险`
/// must also match `理财非存款，产品有风险` and `理财非存款 产品有风险`.
fn is_phrase_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_' | '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '/' | '\\' | '|' | '~' | '*'
        )
        || matches!(
            c,
            '、' | '。'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '「'
                | '」'
                | '『'
                | '』'
                | '《'
                | '》'
                | '…'
                | '—'
                | '·'
                | '・'
        )
}

/// What may stand between the parts of a phrase in a document.
/// Written out rather than `[\p{P}\p{S}\s]`: the text is NFKC-folded, so
/// punctuation is ASCII or CJK, and the small class keeps the automata small.
const SEPARATOR_RUN: &str = r"[[:punct:]\s、。“”‘’「」『』《》〈〉【】…—–·・]";
/// The same between two Latin words, without line breaks: `risk` ending one
/// list item and `free` starting the next are not `risk-free` (an English
/// sentence wrapped across lines already reads as one line: see the loaders).
/// Nor across the end of a sentence or a clause: `guaranteed. Returns vary`
/// is not `guaranteed returns` (unless the phrase has such punctuation
/// itself: `No. 1`, for which [`LATIN_PUNCT_SEPARATOR_RUN`]).
const LATIN_SEPARATOR_RUN: &str = r#"[-_'"/\\|~*@#&+=^()\[\]{} \t“”‘’「」『』《》〈〉【】…—–·・]"#;
const LATIN_PUNCT_SEPARATOR_RUN: &str = r"[[:punct:] \t“”‘’「」『』《》〈〉【】…—–·・]";
/// An ASCII word boundary: CJK characters count as non-word, so `risk-free`
/// is found right after `保本` but not inside `risk-freedom`.
const LATIN_BOUNDARY: &str = r"(?-u:\b)";

fn latin_edge(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A literal whose parts are separated by punctuation or spaces becomes a
/// regex that accepts any separator run between the parts.
fn phrase_regex(norm: &str) -> Option<String> {
    let chars: Vec<char> = norm.chars().collect();
    let mut pieces: Vec<(String, bool)> = Vec::new(); // (text, is_separator)
    for &c in &chars {
        let sep = is_phrase_separator(c);
        match pieces.last_mut() {
            Some((t, s)) if *s == sep => t.push(c),
            _ => pieces.push((c.to_string(), sep)),
        }
    }
    let internal = pieces.len() > 2 && pieces.iter().skip(1).take(pieces.len() - 2).any(|(_, s)| *s);
    if !internal {
        return None;
    }
    let mut out = String::new();
    if latin_edge(chars.first().copied()) {
        out.push_str(LATIN_BOUNDARY);
    }
    for (i, (text, sep)) in pieces.iter().enumerate() {
        let first_or_last = i == 0 || i == pieces.len() - 1;
        if *sep && !first_or_last {
            let before = pieces[i - 1].0.chars().last();
            let after = pieces[i + 1].0.chars().next();
            // Latin words need something between them; CJK parts may touch.
            let latin_both = before.is_some_and(|c| c.is_ascii_alphanumeric())
                && after.is_some_and(|c| c.is_ascii_alphanumeric());
            out.push_str(match (latin_both, text.contains(['.', ',', ';', ':', '!', '?'])) {
                (true, false) => LATIN_SEPARATOR_RUN,
                (true, true) => LATIN_PUNCT_SEPARATOR_RUN,
                (false, _) => SEPARATOR_RUN,
            });
            // Bounded, so the regex has a maximum length and the scan only
            // looks near its literals (a run of seven separators is not a
            // phrase any more).
            out.push_str(if latin_both { "{1,6}" } else { "{0,6}" });
        } else {
            out.push_str(&regex_syntax::escape(text));
        }
    }
    if latin_edge(chars.last().copied()) {
        out.push_str(LATIN_BOUNDARY);
    }
    Some(out)
}

/// [`fold_regex`] without parsing, for the regexes of the packs: characters
/// outside escapes are folded one by one (`，` to `,`, `保證` to `保证`) and
/// `\d` becomes `[0-9]` (`0-9` inside a class). `None` for what needs the
/// syntax tree (`\D`, a nested class, a folded range end), which goes the
/// long way.
fn fold_regex_fast(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len() + 8);
    let mut chars = source.chars().peekable();
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let e = chars.next()?;
                match e {
                    'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    'D' => return None,
                    // `\p{Han}`: a class name, not literal letters.
                    'p' | 'P' if chars.peek() == Some(&'{') => {
                        out.push(c);
                        out.push(e);
                        for n in chars.by_ref() {
                            out.push(n);
                            if n == '}' {
                                break;
                            }
                        }
                    }
                    _ => {
                        out.push(c);
                        out.push(e);
                    }
                }
                continue;
            }
            // Group flags and names (`(?-u:`, `(?U)`, `(?P<Name>`) are not text.
            '(' if !in_class && chars.peek() == Some(&'?') => {
                out.push(c);
                for n in chars.by_ref() {
                    out.push(n);
                    if matches!(n, ':' | ')' | '>') {
                        break;
                    }
                }
                continue;
            }
            '[' if in_class => return None,
            '[' => {
                in_class = true;
                class_start = true;
                if chars.peek() == Some(&'^') {
                    out.push(c);
                    out.push('^');
                    chars.next();
                    class_start = true;
                    continue;
                }
            }
            ']' if in_class && at_class_start => return None,
            ']' if in_class => in_class = false,
            // Word and web pages type the apostrophe as `’`: a pack's
            // `you'll` must find `you’ll` (literals already do: see
            // [`is_phrase_separator`]).
            '\'' if in_class => {
                out.push_str("'’");
                continue;
            }
            '\'' => {
                out.push_str("['’]");
                continue;
            }
            _ => {
                let folded = fold_char_single(c);
                if folded != c {
                    // A folded range end could turn the range around; the
                    // full fold knows what to do with that.
                    if in_class && (out.ends_with('-') || chars.peek() == Some(&'-')) {
                        return None;
                    }
                    // Full-width `＋` folds to `+`, which must stay a literal plus.
                    if regex_syntax::is_meta_character(folded) {
                        out.push('\\');
                    }
                    out.push(folded);
                    continue;
                }
            }
        }
        out.push(c);
    }
    Some(out)
}

/// Folds the literal characters of a regex the way documents are folded,
/// so `/保證.{0,4}收益/` and `/Guaranteed/` match the normalised text.
fn fold_regex(source: &str) -> Result<String, String> {
    use regex_syntax::ast::{self, Ast};
    let mut tree = ast::parse::Parser::new().parse(source).map_err(|e| e.kind().to_string())?;
    use crate::text::fold_char_single as fold_one;
    // A full-width `＋` folds to `+`, which must stay a literal plus.
    fn fold_literal(l: &mut ast::Literal) {
        l.c = fold_one(l.c);
        if regex_syntax::is_meta_character(l.c) {
            l.kind = ast::LiteralKind::Meta;
        }
    }
    fn fold_class(set: &mut ast::ClassSet) {
        match set {
            ast::ClassSet::Item(item) => fold_item(item),
            ast::ClassSet::BinaryOp(op) => {
                fold_class(&mut op.lhs);
                fold_class(&mut op.rhs);
            }
        }
    }
    fn fold_item(item: &mut ast::ClassSetItem) {
        match item {
            ast::ClassSetItem::Literal(l) if l.c == '\'' => {
                let curly = ast::ClassSetItem::Literal(ast::Literal { c: '’', ..l.clone() });
                *item = ast::ClassSetItem::Union(ast::ClassSetUnion {
                    span: l.span,
                    items: vec![ast::ClassSetItem::Literal(l.clone()), curly],
                });
            }
            ast::ClassSetItem::Literal(l) if l.kind == ast::LiteralKind::Verbatim => fold_literal(l),
            ast::ClassSetItem::Range(r) => {
                let (a, b) = (fold_one(r.start.c), fold_one(r.end.c));
                if a <= b {
                    r.start.c = a;
                    r.end.c = b;
                }
            }
            ast::ClassSetItem::Perl(p) if p.kind == ast::ClassPerlKind::Digit && !p.negated => {
                *item = ascii_digits(p.span);
            }
            ast::ClassSetItem::Bracketed(b) => fold_class(&mut b.kind),
            ast::ClassSetItem::Union(u) => u.items.iter_mut().for_each(fold_item),
            _ => {}
        }
    }
    // The normalised view has only ASCII digits (`text::normalize` folds the
    // digits of every script), so `\d` and `[0-9]` match the same there; the
    // latter compiles to an automaton a fraction of the size.
    fn ascii_digits(span: ast::Span) -> ast::ClassSetItem {
        let digit = |c| ast::Literal { span, kind: ast::LiteralKind::Verbatim, c };
        ast::ClassSetItem::Range(ast::ClassSetRange { span, start: digit('0'), end: digit('9') })
    }
    fn walk(node: &mut Ast) {
        match node {
            Ast::ClassPerl(p) if p.kind == ast::ClassPerlKind::Digit => {
                let class = ast::ClassBracketed {
                    span: p.span,
                    negated: p.negated,
                    kind: ast::ClassSet::Item(ascii_digits(p.span)),
                };
                *node = Ast::class_bracketed(class);
            }
            Ast::Literal(l) if l.c == '\'' => {
                let mut item = ast::ClassSetItem::Literal((**l).clone());
                fold_item(&mut item);
                let class =
                    ast::ClassBracketed { span: l.span, negated: false, kind: ast::ClassSet::Item(item) };
                *node = Ast::class_bracketed(class);
            }
            Ast::Literal(l) if l.kind == ast::LiteralKind::Verbatim => fold_literal(l),
            Ast::ClassBracketed(c) => fold_class(&mut c.kind),
            Ast::Repetition(r) => walk(&mut r.ast),
            Ast::Group(g) => walk(&mut g.ast),
            Ast::Alternation(a) => a.asts.iter_mut().for_each(walk),
            Ast::Concat(c) => c.asts.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut tree);
    let mut out = String::new();
    ast::print::Printer::new().print(&tree, &mut out).map_err(|e| e.to_string())?;
    // `lang::validate` has already checked the regex as written; folding only
    // swaps one literal character for another, escaped when it is special.
    Ok(out)
}

impl PatternTable {
    /// Interns a literal as written in a rule; returns its pattern id.
    pub fn literal(&mut self, raw: &str) -> Result<usize, String> {
        let norm = normalize_pattern(raw);
        if norm.trim().is_empty() {
            return Err("this literal is empty after normalisation".into());
        }
        let kind = match phrase_regex(&norm) {
            Some(source) => PatternKind::Regex { source },
            None => PatternKind::Literal {
                latin_start: latin_edge(norm.chars().next()),
                latin_end: latin_edge(norm.chars().last()),
                text: norm,
            },
        };
        self.intern(kind)
    }

    /// Interns a regex as written in a rule; returns its pattern id.
    pub fn regex(&mut self, raw: &str) -> Result<usize, String> {
        // Most regexes of the packs are written folded already; folding parses
        // and prints each one, a third of compiling the packs. An invalid one
        // that skips it is still reported, by `build`, which parses them all.
        let source = match fold_regex_fast(raw) {
            Some(folded) => folded,
            None => fold_regex(raw)?,
        };
        self.intern(PatternKind::Regex { source })
    }

    fn intern(&mut self, kind: PatternKind) -> Result<usize, String> {
        if let Some(&id) = self.by_key.get(&kind) {
            return Ok(id);
        }
        let id = self.kinds.len();
        self.kinds.push(kind.clone());
        self.by_key.insert(kind, id);
        Ok(id)
    }

    /// Builds the automata. Call once, after the last pattern is interned.
    ///
    /// Every regex is translated here, once and in parallel: that both
    /// validates it (errors come back by pattern id, for the caller to
    /// locate) and yields the literals that trigger it.
    pub fn build(&mut self) -> Result<(), BuildError> {
        type Translated = Result<Option<(Option<Hir>, ByteStrings, ByteStrings, Anchor)>, String>;
        let translated: Vec<Translated> = self
            .kinds
            .par_iter()
            .map(|k| match k {
                PatternKind::Regex { source } => match prepared::lookup(source) {
                    // A built-in regex: valid, and its triggers already known.
                    Some(p) => Ok(Some((None, p.heads, p.tails, p.anchor))),
                    // A regex of the user's: parsed, and compiled once to
                    // know it fits (the matcher is built on first need).
                    None => regex_syntax::Parser::new()
                        .parse(source)
                        .map_err(|e| match e {
                            regex_syntax::Error::Parse(p) => p.kind().to_string(),
                            regex_syntax::Error::Translate(t) => t.kind().to_string(),
                            other => other.to_string(),
                        })
                        .and_then(|hir| {
                            compile_check(&hir)?;
                            let (heads, tails, anchor) = regex_triggers(&hir);
                            Ok(Some((Some(hir), heads, tails, anchor)))
                        }),
                },
                PatternKind::Literal { .. } => Ok(None),
            })
            .collect();
        let mut invalid = Vec::new();
        let mut triggers = Vec::with_capacity(translated.len());
        for (id, t) in translated.into_iter().enumerate() {
            match t {
                Ok(t) => triggers.push(t),
                Err(e) => {
                    invalid.push((id, e));
                    triggers.push(None);
                }
            }
        }
        if !invalid.is_empty() {
            return Err(BuildError::InvalidRegexes(invalid));
        }
        // Keys borrow from the patterns and their triggers, which outlive the map.
        let mut ac_index: FastMap<&[u8], u32> = FastMap::default();
        ac_index.reserve(self.kinds.len() * 2);
        let mut literals = ByteStrings::default();
        let mut pairs: Vec<(u32, Target)> = Vec::with_capacity(self.kinds.len() * 2);
        self.regex_ids.clear();
        self.anchors.clear();
        self.hirs.clear();
        self.untriggered.clear();
        self.max_head_len = 0;
        let mut hirs: Vec<Option<Hir>> =
            triggers.iter_mut().map(|t| t.as_mut().and_then(|(hir, ..)| hir.take())).collect();
        let mut add = |text, target| {
            let i = *ac_index.entry(text).or_insert_with(|| {
                literals.push(text);
                literals.len() as u32 - 1
            });
            pairs.push((i, target));
        };
        for (id, kind) in self.kinds.iter().enumerate() {
            match kind {
                PatternKind::Literal { text, .. } => add(text.as_bytes(), Target::Literal(id)),
                PatternKind::Regex { .. } => {
                    // Every regex was translated above (or the build failed).
                    let Some((_, heads, tails, anchor)) = &triggers[id] else { continue };
                    let index = self.regex_ids.len();
                    self.regex_ids.push(id);
                    self.anchors.push(*anchor);
                    self.hirs.push(hirs[id].take());
                    let target = match anchor {
                        Anchor::Prefix(_) => Target::Prefix(index),
                        Anchor::Suffix(_) => Target::Suffix(index),
                        Anchor::None => {
                            self.untriggered.push(index);
                            continue;
                        }
                    };
                    for t in heads.iter() {
                        add(t, target);
                    }
                    if matches!(anchor, Anchor::Prefix(_)) {
                        self.max_head_len = heads.iter().map(<[u8]>::len).fold(self.max_head_len, usize::max);
                    }
                    for t in tails.iter() {
                        add(t, Target::Tail(index));
                    }
                }
            }
        }
        // Targets grouped by literal, in the order they were added.
        let mut starts = vec![0u32; literals.len() + 1];
        for &(i, _) in &pairs {
            starts[i as usize + 1] += 1;
        }
        for i in 0..literals.len() {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut targets = vec![Target::Literal(0); pairs.len()];
        for (i, target) in pairs {
            targets[next[i as usize] as usize] = target;
            next[i as usize] += 1;
        }
        self.targets = targets;
        self.target_starts = starts;
        self.suffix_table = SuffixTable::new(&literals);
        self.automaton_after = literals.total_bytes() * AUTOMATON_PAYS_AFTER;
        self.literals = literals;
        self.ac = OnceLock::new();
        self.scanned = AtomicUsize::new(0);
        self.building = AtomicBool::new(false);
        self.singles = (0..self.regex_ids.len()).map(|_| OnceLock::new()).collect();
        // Every document needs the untriggered regexes: compile them now, in
        // parallel, rather than one by one in the first document's scan.
        self.untriggered.par_iter().for_each(|&i| {
            let _ = self.single(i);
        });
        Ok(())
    }

    /// The automaton, once the texts scanned so far (this one included)
    /// would have paid for building it; one thread builds it while the
    /// others go on with the suffix table.
    fn automaton(&self, text_len: usize) -> Option<&AhoCorasick> {
        if let Some(ac) = self.ac.get() {
            return ac.as_ref();
        }
        let scanned = self.scanned.fetch_add(text_len, Ordering::Relaxed).saturating_add(text_len);
        if scanned < self.automaton_after || self.building.swap(true, Ordering::Relaxed) {
            return None;
        }
        self.ac
            .get_or_init(|| {
                // Standard semantics so overlapping occurrences (保本 inside 不保本,
                // 保本 and 保本保息) are all recorded; rules pick among them.
                AhoCorasick::builder().match_kind(MatchKind::Standard).build(self.literals.iter()).ok()
            })
            .as_ref()
    }

    /// Makes every scan use the automaton (`true`) or the suffix table.
    #[cfg(test)]
    pub(super) fn use_automaton(&mut self, always: bool) {
        self.automaton_after = if always { 0 } else { usize::MAX };
        self.ac = OnceLock::new();
        self.building = AtomicBool::new(false);
    }

    /// Pattern ids of the regexes with no trigger literal: each is searched
    /// over every document. Call after [`PatternTable::build`].
    pub fn untriggered_patterns(&self) -> Vec<usize> {
        self.untriggered.iter().map(|&i| self.regex_ids[i]).collect()
    }

    fn single(&self, index: usize) -> Option<&Matcher> {
        self.singles[index]
            .get_or_init(|| match &self.kinds[self.regex_ids[index]] {
                PatternKind::Regex { source } => {
                    if self.hirs[index].is_none()
                        && matches!(self.anchors[index], Anchor::Prefix(_))
                        && let Some(nfa) = prepared::nfa(source)
                    {
                        return Matcher::from_nfa(source, nfa).map(Box::new);
                    }
                    let parsed;
                    let hir = match &self.hirs[index] {
                        Some(hir) => hir,
                        None => {
                            parsed = regex_syntax::Parser::new().parse(source).ok()?;
                            &parsed
                        }
                    };
                    Matcher::new(source, hir, self.anchors[index]).map(Box::new)
                }
                PatternKind::Literal { .. } => None,
            })
            .as_deref()
    }

    /// Finds every occurrence of every pattern in a normalised text: the one
    /// scan of a document. Result is indexed by pattern id, each list sorted.
    ///
    /// A regex's occurrences are exactly those of a `find_iter` over the
    /// whole text (leftmost-first, non-overlapping); the triggers only decide
    /// where the regex engine has to look.
    pub fn scan(&self, text: &str) -> Vec<Vec<Occ>> {
        let mut out: Vec<Vec<Occ>> = vec![Vec::new(); self.kinds.len()];
        let bytes = text.as_bytes();
        // Trigger state lives in lists kept per thread and reused from
        // document to document. It is taken out for the scan rather than
        // borrowed: compiling regexes in parallel may run another document's
        // scan on this thread.
        thread_local! {
            static HITS: Cell<Hits> = Cell::new(Hits::default());
        }
        let mut hits = HITS.take();
        hits.reset(self.anchors.len());
        let mut due = FLUSH_EVERY;
        let mut found = |pattern: usize, start: usize, end: usize| {
            let targets =
                &self.targets[self.target_starts[pattern] as usize..self.target_starts[pattern + 1] as usize];
            for &target in targets {
                let id = match target {
                    Target::Literal(id) => id,
                    Target::Prefix(index) => {
                        hits.start(index, start);
                        continue;
                    }
                    Target::Suffix(index) => {
                        let Anchor::Suffix(max_len) = self.anchors[index] else { continue };
                        let from =
                            max_len.map_or(0, |len| floor_char_boundary(text, end.saturating_sub(len)));
                        hits.window(index, from, end);
                        continue;
                    }
                    Target::Tail(index) => {
                        hits.tail(index, end);
                        continue;
                    }
                };
                if let PatternKind::Literal { latin_start, latin_end, .. } = &self.kinds[id] {
                    if *latin_start && start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                        continue;
                    }
                    if *latin_end && end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                        continue;
                    }
                }
                out[id].push(Occ { start: start as u32, end: end as u32 });
            }
            // A huge document searches what its triggers have settled so
            // far, so that they are never all held at once.
            if hits.pending >= due {
                self.search_settled(text, &mut hits, Some(end), &mut out);
                due = hits.pending + FLUSH_EVERY;
            }
        };
        match self.automaton(text.len()) {
            Some(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    found(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            None => self.suffix_table.for_each_match(&self.literals, bytes, &mut found),
        }
        self.search_settled(text, &mut hits, None, &mut out);
        HITS.set(hits);
        // Regexes without a trigger run one by one, each with its own literal
        // prefilter and lazy DFA. (One multi-pattern regex over all of them,
        // asked which ones match, was tried: its state space is the product of
        // theirs, its lazy DFA gave up on real packs and the PikeVM fallback
        // made the scan six times slower.)
        for &index in &self.untriggered {
            if let Some(re) = self.single(index) {
                re.find_in(text, (0, text.len()), &mut out[self.regex_ids[index]]);
            }
        }
        for list in out.iter_mut().filter(|l| l.len() > 1) {
            list.sort_unstable();
        }
        out
    }

    /// Runs the regexes over what the triggers seen so far have settled:
    /// everything when `seen_to` is `None` (the automaton is done), else what
    /// no match ending at `seen_to` or later can change. Every automaton
    /// match ends at or after the last one reported, which is what settles
    /// a trigger: no earlier start, no further tail and no wider window can
    /// come for it.
    fn search_settled(&self, text: &str, hits: &mut Hits, seen_to: Option<usize>, out: &mut [Vec<Occ>]) {
        hits.touched.sort_unstable();
        let touched = std::mem::take(&mut hits.touched);
        let mut work: Vec<(usize, Work)> = Vec::new();
        for &index in &touched {
            let index = index as usize;
            let todo = match self.anchors[index] {
                Anchor::Prefix(reach) => {
                    let starts = &mut hits.starts[index];
                    // The automaton reports by match end: starts arrive
                    // slightly out of order, and a position can repeat.
                    starts.sort_unstable();
                    starts.dedup();
                    // A start below this can no longer be preceded by another.
                    let complete = seen_to.map_or(usize::MAX, |p| p.saturating_sub(self.max_head_len));
                    let tails = &hits.tails[index];
                    let mut next_tail = 0;
                    let mut settled = 0;
                    let mut run: Vec<u32> = Vec::new();
                    for &start in starts.iter() {
                        let s = start as usize;
                        if s >= complete {
                            break;
                        }
                        let Some(reach) = reach else {
                            run.push(start);
                            settled += 1;
                            continue;
                        };
                        // Only a start with a tail ending within reach can begin a match.
                        while next_tail < tails.len() && (tails[next_tail] as usize) < s + reach.min {
                            next_tail += 1;
                        }
                        let tail = tails.get(next_tail).map(|&t| t as usize);
                        let within = |t: usize| reach.max.is_none_or(|max| t <= s + max);
                        match (tail, seen_to) {
                            (Some(t), _) if within(t) => run.push(start),
                            // No tail within reach, and none can still come.
                            (_, None) => {}
                            (_, Some(p)) if reach.max.is_some_and(|max| s + max < p) => {}
                            // Undecided: so are the starts after it, which
                            // must be searched after it.
                            _ => break,
                        }
                        settled += 1;
                    }
                    starts.drain(..settled);
                    let lowest_needed = starts.first().map_or(complete, |&s| (s as usize).min(complete));
                    let min = reach.map_or(0, |r| r.min);
                    let tails = &mut hits.tails[index];
                    if seen_to.is_none() || reach.is_none() {
                        tails.clear();
                    } else {
                        let useless =
                            tails.partition_point(|&t| (t as usize) < lowest_needed.saturating_add(min));
                        tails.drain(..useless);
                    }
                    if run.is_empty() { None } else { Some(Work::StartsAt(run)) }
                }
                Anchor::Suffix(max_len) => {
                    let windows = &mut hits.windows[index];
                    // A window is final once a new trigger's window can no
                    // longer reach back to it (a char boundary is at most
                    // three bytes further back).
                    let settled = match (seen_to, max_len) {
                        (None, _) => windows.len(),
                        (Some(p), Some(len)) => {
                            windows.partition_point(|&(_, end)| (end as usize) + len + 4 <= p)
                        }
                        (Some(_), None) => 0,
                    };
                    let done: Vec<(usize, usize)> =
                        windows.drain(..settled).map(|(a, b)| (a as usize, b as usize)).collect();
                    if done.is_empty() { None } else { Some(Work::Within(done)) }
                }
                Anchor::None => None,
            };
            if let Some(todo) = todo {
                work.push((index, todo));
            }
        }
        if seen_to.is_none() {
            // Every list is empty now; one that a huge document grew is
            // freed rather than kept for the next.
            const KEEP: usize = 1 << 16;
            for &i in &touched {
                let i = i as usize;
                if hits.starts[i].capacity() > KEEP || hits.tails[i].capacity() > KEEP {
                    hits.starts[i] = Vec::new();
                    hits.tails[i] = Vec::new();
                }
                if hits.windows[i].capacity() > KEEP {
                    hits.windows[i] = Vec::new();
                }
            }
        }
        hits.touched = touched;
        hits.touched.retain(|&i| {
            let i = i as usize;
            !(hits.starts[i].is_empty() && hits.tails[i].is_empty() && hits.windows[i].is_empty())
        });
        hits.pending = hits
            .touched
            .iter()
            .map(|&i| {
                let i = i as usize;
                hits.starts[i].len() + hits.tails[i].len() + hits.windows[i].len()
            })
            .sum();
        // Regexes compile on first need; when a document needs several new
        // ones at once (the first document of a run), compile them side by side.
        let fresh: Vec<usize> =
            work.iter().map(|w| w.0).filter(|&i| self.singles[i].get().is_none()).collect();
        if fresh.len() > 4 {
            fresh.par_iter().for_each(|&i| {
                let _ = self.single(i);
            });
        }
        for (index, todo) in work {
            let Some(re) = self.single(index) else { continue };
            let found = &mut out[self.regex_ids[index]];
            match todo {
                Work::StartsAt(starts) => re.anchored_at(text, &starts, &mut hits.resume[index], found),
                Work::Within(regions) => {
                    for r in regions {
                        re.find_in(text, r, found);
                    }
                }
            }
        }
    }
}

/// The largest char boundary at or before `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The automaton is built once a run has scanned this many times as many
/// bytes as its literals hold: about when the suffix table's slower scan
/// would have cost what building the automaton does. Measured with the
/// built-in packs (134 KB of literals): a 120 KB file took 28 ms with the
/// table and 35 ms with the automaton, 250 KB 36 and 40 ms, 500 KB 51 ms
/// both ways.
const AUTOMATON_PAYS_AFTER: usize = 4;

/// How many trigger positions a document may hold before the regexes search
/// what is settled: a few hundred kilobytes, so that a huge document's
/// triggers (about one every four bytes of Chinese copy) are never all held.
/// The unit tests search after every few triggers, so that their short texts
/// go through what only a huge document does otherwise.
const FLUSH_EVERY: usize = if cfg!(test) { 4 } else { 1 << 16 };

/// The triggers of one document not yet searched, per regex index.
#[derive(Default)]
struct Hits {
    /// Literal-led regexes: where a trigger starts.
    starts: Vec<Vec<u32>>,
    /// Literal-led regexes with a reach: where a tail ends.
    tails: Vec<Vec<u32>>,
    /// Literal-ended regexes: the windows before their triggers, merged as
    /// they arrive (the automaton reports in order of match end).
    windows: Vec<Vec<(u32, u32)>>,
    /// Literal-led regexes: where the last match ended; anchored searches
    /// resume after it, as `find_iter` would.
    resume: Vec<usize>,
    /// Regex indexes with something in the lists above.
    touched: Vec<u32>,
    /// How many positions the lists hold.
    pending: usize,
}

impl Hits {
    /// Makes room for `regexes`.
    fn reset(&mut self, regexes: usize) {
        if self.starts.len() < regexes {
            self.starts.resize_with(regexes, Vec::new);
            self.tails.resize_with(regexes, Vec::new);
            self.windows.resize_with(regexes, Vec::new);
        }
        self.resume.clear();
        self.resume.resize(regexes, 0);
        self.touched.clear();
        self.pending = 0;
    }

    fn touch(&mut self, index: usize) {
        if self.starts[index].is_empty() && self.tails[index].is_empty() && self.windows[index].is_empty() {
            self.touched.push(index as u32);
        }
    }

    fn start(&mut self, index: usize, at: usize) {
        self.touch(index);
        self.starts[index].push(at as u32);
        self.pending += 1;
    }

    fn tail(&mut self, index: usize, at: usize) {
        self.touch(index);
        self.tails[index].push(at as u32);
        self.pending += 1;
    }

    fn window(&mut self, index: usize, from: usize, to: usize) {
        self.touch(index);
        let windows = &mut self.windows[index];
        match windows.last_mut() {
            // Overlapping windows are merged so that no match is cut.
            Some((_, end)) if from as u32 <= *end => *end = (*end).max(to as u32),
            _ => {
                windows.push((from as u32, to as u32));
                self.pending += 1;
            }
        }
    }
}

/// Where a regex has to look in one document.
enum Work {
    /// Every match starts at one of these positions (sorted).
    StartsAt(Vec<u32>),
    /// Every match lies inside one of these disjoint ranges (sorted).
    Within(Vec<(usize, usize)>),
}

type CachePool = Pool<hybrid::dfa::Cache, Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>>;

/// One compiled regex.
///
/// A literal-led regex is only ever searched anchored at its triggers, which
/// needs nothing but a forward lazy DFA: no reverse automaton, no prefilter,
/// a fraction of the build time of a full regex (which is what a one-page
/// check spends most of its time on). Everything else, and any regex the
/// lazy DFA cannot run (Unicode word boundaries), gets a full `meta::Regex`.
struct Matcher {
    source: String,
    forward: Option<(hybrid::dfa::DFA, CachePool)>,
    full: OnceLock<Option<meta::Regex>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").field("source", &self.source).finish_non_exhaustive()
    }
}

/// The largest automaton a regex may compile to. Every regex of a rule file
/// is compiled against it when the rules load ([`compile_check`]), so one
/// over it (`\w{0,10000}`: ten thousand copies of every word character) is
/// an error in the rule file, not a rule that silently never matches. The
/// built-in packs' largest is far below it.
const NFA_SIZE_LIMIT: usize = 32 * (1 << 20);

thread_local! {
    // One compiler per thread: a fresh one allocates and clears a
    // 10,000-entry UTF-8 cache, which costs more than compiling a
    // small regex.
    static COMPILER: thompson::Compiler = {
        let mut c = thompson::Compiler::new();
        c.configure(
            thompson::Config::new().which_captures(WhichCaptures::None).nfa_size_limit(Some(NFA_SIZE_LIMIT)),
        );
        c
    };
}

/// Whether `hir` compiles within [`NFA_SIZE_LIMIT`]; the reason if not.
fn compile_check(hir: &Hir) -> Result<(), String> {
    COMPILER.with(|c| match c.build_from_hir(hir) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "this regex is too large to compile ({e}): a bounded repetition copies what it repeats, so \
             `\\w{{0,10000}}` is ten thousand copies of every word character; use a smaller bound"
        )),
    })
}

impl Matcher {
    fn new(source: &str, hir: &Hir, anchor: Anchor) -> Option<Matcher> {
        let nfa = match anchor {
            Anchor::Prefix(_) => COMPILER.with(|c| c.build_from_hir(hir).ok()),
            _ => None,
        };
        Matcher::with_forward(source, nfa)
    }

    /// A literal-led regex whose automaton was compiled ahead of time.
    fn from_nfa(source: &str, nfa: thompson::NFA) -> Option<Matcher> {
        Matcher::with_forward(source, Some(nfa))
    }

    fn with_forward(source: &str, nfa: Option<thompson::NFA>) -> Option<Matcher> {
        let forward = nfa.and_then(|nfa| hybrid::dfa::DFA::builder().build_from_nfa(nfa).ok()).map(|dfa| {
            let for_pool = dfa.clone();
            let create: Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync> =
                Box::new(move || for_pool.create_cache());
            (dfa, Pool::new(create))
        });
        let matcher = Matcher { source: source.to_string(), forward, full: OnceLock::new() };
        if matcher.forward.is_none() {
            matcher.full()?;
        }
        Some(matcher)
    }

    fn full(&self) -> Option<&meta::Regex> {
        self.full
            .get_or_init(|| {
                // Only match spans are read: no capture groups to compile.
                meta::Regex::builder()
                    .configure(
                        meta::Regex::config()
                            .which_captures(WhichCaptures::Implicit)
                            .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
                    )
                    .build(&self.source)
                    .ok()
            })
            .as_ref()
    }

    /// `find_iter` restricted to matches inside `[from, to)`; look-around
    /// still sees the text outside it.
    fn find_in(&self, text: &str, (from, to): (usize, usize), found: &mut Vec<Occ>) {
        let Some(re) = self.full() else { return };
        let mut at = from;
        while at <= to {
            let Some(m) = re.search(&Input::new(text).range(at..to)) else { break };
            if !m.is_empty() {
                found.push(Occ { start: m.start() as u32, end: m.end() as u32 });
            }
            // Same progression as `find_iter`: past the match, or one
            // character past an empty one.
            at = if m.is_empty() {
                m.end() + text[m.end()..].chars().next().map_or(1, char::len_utf8)
            } else {
                m.end()
            };
        }
    }

    /// The matches of a regex whose every match starts at one of `starts`
    /// (sorted): the leftmost-first, non-overlapping matches `find_iter`
    /// would give, found by anchored searches that read only as far as each
    /// match.
    fn anchored_at(&self, text: &str, starts: &[u32], resume: &mut usize, found: &mut Vec<Occ>) {
        let mut cache = self.forward.as_ref().map(|(_, pool)| pool.get());
        for start in starts.iter().map(|&s| s as usize) {
            if start < *resume {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            let end = match (&self.forward, cache.as_mut()) {
                (Some((dfa, _)), Some(cache)) => match dfa.try_search_fwd(cache, &input) {
                    Ok(m) => m.map(|m| m.offset()),
                    // The lazy DFA gave up (it never should without a quit
                    // byte): ask the full regex instead.
                    Err(_) => self.full().and_then(|re| re.search(&input)).map(|m| m.end()),
                },
                _ => self.full().and_then(|re| re.search(&input)).map(|m| m.end()),
            };
            if let Some(end) = end
                && end > start
            {
                found.push(Occ { start: start as u32, end: end as u32 });
                *resume = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A regex over the size limit is an error when the rules load, not a
    /// rule that never matches.
    #[test]
    fn a_regex_too_large_to_compile_is_invalid() {
        let mut table = PatternTable::default();
        let big = table.regex(r"\w{0,10000}保本").unwrap();
        table.regex(r"\w{0,10}保本").unwrap();
        match table.build() {
            Err(BuildError::InvalidRegexes(bad)) => {
                assert_eq!(bad.len(), 1, "{bad:?}");
                assert_eq!(bad[0].0, big);
                assert!(bad[0].1.starts_with("this regex is too large to compile"), "{}", bad[0].1);
            }
            other => panic!("expected the big regex to be invalid: {other:?}"),
        }
    }

    /// The suffix table (the first texts of a run) and the automaton (the
    /// rest) find the same occurrences of every built-in pattern, in the
    /// example documents and in every rule's embedded examples.
    #[test]
    fn suffix_table_and_automaton_agree_on_the_built_in_packs() {
        use crate::document::load::{LoadOptions, load_path};
        let (mut rules, _) = crate::compile::RuleSet::builtin().expect("built-in packs compile");
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut texts: Vec<String> = std::fs::read_dir(&examples)
            .expect("examples/")
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().ends_with(".yaml"))
            .filter_map(|e| load_path(&e.path(), &LoadOptions::default()).ok())
            .map(|doc| crate::text::normalize(&doc.text).text)
            .collect();
        assert!(texts.len() >= 6, "the example documents load: {}", texts.len());
        texts.extend(
            rules.rules.iter().flat_map(|r| &r.examples).map(|e| crate::text::normalize(&e.text).text),
        );
        rules.patterns.use_automaton(false);
        let by_table: Vec<Vec<Vec<Occ>>> = texts.iter().map(|t| rules.patterns.scan(t)).collect();
        rules.patterns.use_automaton(true);
        let mut found = 0;
        for (text, want) in texts.iter().zip(by_table) {
            let got = rules.patterns.scan(text);
            found += got.iter().map(Vec::len).sum::<usize>();
            assert!(got == want, "automaton and suffix table differ on {text:?}");
        }
        assert!(found > 1000, "the texts hold patterns: {found}");
    }

    /// The automata `build.rs` compiled for the literal-led built-in
    /// regexes, replayed from their states, are the ones the matcher would
    /// compile here: the same states, starts and byte classes.
    #[test]
    fn prepared_automata_are_the_compiled_ones() {
        let (rules, _) = crate::compile::RuleSet::builtin().expect("built-in packs compile");
        let mut replayed = 0;
        for (index, &id) in rules.patterns.regex_ids.iter().enumerate() {
            let PatternKind::Regex { source } = &rules.patterns.kinds[id] else { continue };
            if !matches!(rules.patterns.anchors[index], Anchor::Prefix(_)) {
                assert!(prepared::nfa(source).is_none(), "only literal-led regexes have one: {source}");
                continue;
            }
            let hir = regex_syntax::Parser::new().parse(source).expect("built-in regexes are valid");
            let compiled = COMPILER.with(|c| c.build_from_hir(&hir).ok()).expect("built-in regexes compile");
            let nfa = prepared::nfa(source).unwrap_or_else(|| panic!("no prepared automaton for {source}"));
            assert_eq!(format!("{nfa:?}"), format!("{compiled:?}"), "{source}");
            assert_eq!(nfa.states(), compiled.states(), "{source}");
            assert_eq!(
                format!("{:?}", nfa.byte_classes()),
                format!("{:?}", compiled.byte_classes()),
                "{source}"
            );
            assert_eq!(
                (nfa.is_utf8(), nfa.has_empty(), nfa.look_set_any(), nfa.look_set_prefix_any()),
                (
                    compiled.is_utf8(),
                    compiled.has_empty(),
                    compiled.look_set_any(),
                    compiled.look_set_prefix_any()
                ),
                "{source}"
            );
            replayed += 1;
        }
        assert!(replayed > 1000, "the literal-led regexes have prepared automata: {replayed}");
    }

    /// `prepared.txt` holds exactly what `regex_triggers` works out for
    /// every regex of the built-in packs, and reads back to it.
    #[test]
    fn prepared_triggers_are_current() {
        let (rules, _) = crate::compile::RuleSet::builtin().expect("built-in packs compile");
        let mut lines = Vec::new();
        let mut computed = Vec::new();
        for kind in &rules.patterns.kinds {
            if let PatternKind::Regex { source } = kind {
                let hir = regex_syntax::Parser::new().parse(source).expect("built-in regexes are valid");
                // Prepared regexes skip the size check at load: it holds here.
                assert_eq!(compile_check(&hir), Ok(()), "{source}");
                let (heads, tails, anchor) = regex_triggers(&hir);
                let p = prepared::Prepared { heads, tails, anchor };
                if let Some(line) = prepared::encode(source, &p) {
                    lines.push(line);
                    computed.push((source.clone(), p));
                }
            }
        }
        lines.sort();
        lines.dedup();
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        if std::env::var_os("DISCLINT_WRITE_TRIGGERS").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compile/prepared.txt");
            std::fs::write(path, &text).expect("write prepared.txt");
            return;
        }
        assert!(
            text == prepared::TEXT,
            "src/compile/prepared.txt is stale: regenerate it with \
             `DISCLINT_WRITE_TRIGGERS=1 cargo test prepared_triggers_are_current`"
        );
        for (source, p) in computed {
            assert_eq!(prepared::lookup(&source), Some(p), "{source}");
        }
    }

    /// The quick fold must mean exactly what the full one means, and give up
    /// on whatever it cannot fold.
    #[test]
    fn quick_regex_fold_agrees_with_the_full_one() {
        let hir = |s: &str| regex_syntax::Parser::new().parse(s).unwrap();
        for raw in [
            "保本",
            "\\d{1,3}(\\.\\d+)?%",
            "[\\d一二三]+个点",
            "[^\\d，,]{0,4}",
            "[\\p{Han}]{1,6}银行",
            "\\p{Han}+",
            "(?-u:\\b)p?r[1-5](?-u:\\b)",
            "[^^]a",
            "\\\\d",
            "best (rates?|app)",
            "(?U)a+(?P<Name>b)",
            "you'?ll|can't",
            "(can|won)['’]t",
        ] {
            let quick = fold_regex_fast(raw).unwrap_or_else(|| panic!("{raw}: no quick fold"));
            let full = fold_regex(raw).unwrap();
            assert_eq!(hir(&quick), hir(&full), "{raw}");
        }
        for raw in ["ABC", "保證收益", "＋1", "[（(]", "Ｒ[1-5]"] {
            let quick = fold_regex_fast(raw).unwrap_or_else(|| panic!("{raw}: no quick fold"));
            assert_eq!(hir(&quick), hir(&fold_regex(raw).unwrap()), "{raw}");
        }
        for raw in ["\\D", "[[a]]", "[]a]", "[^]a]", "[０-９]", "[a-Ｚ]"] {
            assert_eq!(fold_regex_fast(raw), None, "{raw}");
        }
    }

    #[test]
    fn phrases_with_punctuation_become_separator_tolerant() {
        let re = phrase_regex("理财非存款、产品有风险、投资须谨慎").unwrap();
        let re = regex::Regex::new(&re).unwrap();
        for t in [
            "理财非存款、产品有风险、投资须谨慎",
            "理财非存款,产品有风险,投资须谨慎",
            "理财非存款产品有风险投资须谨慎",
        ] {
            assert!(re.is_match(t), "{t}");
        }
        assert!(phrase_regex("保本").is_none());
        assert!(phrase_regex("100%").is_none());
    }

    #[test]
    fn latin_words_keep_their_boundaries() {
        let re = regex::Regex::new(&phrase_regex("risk-free").unwrap()).unwrap();
        assert!(re.is_match("totally risk free!"));
        assert!(re.is_match("保本risk-free"));
        assert!(!re.is_match("riskfree"));
        assert!(!re.is_match("risk-freedom"));
    }

    #[test]
    fn regex_literals_fold_like_documents() {
        let plus = regex::Regex::new(&fold_regex("a(＋|b)[＋]").unwrap()).unwrap();
        assert!(plus.is_match("a++"));
        let folded = fold_regex("保證.{0,4}收益|Guaranteed").unwrap();
        let re = regex::Regex::new(&folded).unwrap();
        assert!(re.is_match("保证年化收益"));
        assert!(re.is_match("guaranteed"));
    }

    /// A pack's straight apostrophe finds the curly one Word and web pages
    /// type, on both folding paths (the full one for what the quick one
    /// cannot take, here `\D`).
    #[test]
    fn straight_apostrophes_find_curly_ones() {
        for raw in ["you'll get", "(can|won)[']t lose", "it'?s safe\\D"] {
            let folded = fold_regex_fast(raw).unwrap_or_else(|| fold_regex(raw).unwrap());
            let re = regex::Regex::new(&folded).unwrap();
            let full = regex::Regex::new(&fold_regex(raw).unwrap()).unwrap();
            for text in ["you’ll get", "you'll get", "can’t lose", "won't lose", "it’s safe!", "its safe!"]
            {
                assert_eq!(re.is_match(text), full.is_match(text), "{raw} on {text}");
            }
            assert!(!re.is_match("you\"ll get"), "{raw}");
        }
        let re = regex::Regex::new(&fold_regex_fast("you'll get").unwrap()).unwrap();
        assert!(re.is_match("you’ll get") && re.is_match("you'll get"));
        let re = regex::Regex::new(&fold_regex("(can|won)[']t lose\\D").unwrap()).unwrap();
        assert!(re.is_match("can’t lose!") && re.is_match("won't lose!"));
    }

    #[test]
    fn digit_classes_become_ascii_ranges_matching_every_script_s_digits() {
        let folded = fold_regex(r"收益\d+(\.\d+)?%|[\d一二]成|\D{2}").unwrap();
        assert!(!folded.contains(r"\d") && !folded.contains(r"\D"), "{folded}");
        let re = regex::Regex::new(&folded).unwrap();
        // What the regex sees is normalised text, where every digit is ASCII.
        for text in ["收益５.５%", "收益٥%", "收益5%", "二成", "३成"] {
            let norm = crate::text::normalize(text).text;
            assert!(re.find(&norm).is_some_and(|m| m.as_str() == norm), "{text} → {norm}");
        }
    }

    /// Regexes of every shape the scan treats differently: literal-led
    /// (anchored at triggers), literal-ended with a bounded or unbounded
    /// length (windows before the triggers), cut-down trigger sets, and no
    /// trigger at all.
    const SHAPES: &[&str] = &[
        r"(风险|波动)[^，。]{0,4}(提示|高于)",
        r"(不|非)[^，。]{0,3}(保本|是)",
        r"保本[^。]*收益",
        r"[\p{Han}]{2,6}(理财|基金)公司",
        r"\d+(\.\d+)?%[^。]{0,6}(年化|收益)",
        r"\d+%?起存",
        r"(?-u:\b)p?r[1-5](?-u:\b)",
        r"(和|跟|与|同|像|如)(银行)?(活期|定期)?(存款|定期|储蓄)(一样|一般|相同|差不多)",
        r"(?-u:\b)the[\s,]+safest(?-u:\b)",
        r"[a-z]+ risk",
        r"收益(率)?",
        // Heads of different lengths: a later-reported trigger can start
        // before one reported earlier.
        r"(产品|本产品说明)[^。]{0,3}是",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

        /// The triggers only decide where to look: a regex's occurrences are
        /// exactly the non-empty matches of `find_iter` over the whole text,
        /// also when the scan searches what is settled part-way through.
        #[test]
        fn triggered_regexes_find_what_find_iter_finds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "风险", "波动", "提示", "高于", "不", "非", "保本", "是", "收益", "率", "理财", "基金", "公司",
                "中银", "年化", "%", "5", "12", ".", "起存", "r4", "pr2", "r", "和", "银行", "定期", "存款", "一样",
                "本", "产品", "本产品说明", "说明", "the", "safest", "𠮷", "𠮷𠮷𠮷", "理财公司", " ", ",", "，", "。", "\n", "low", "risk", "a",
            ]), 0..120)
        ) {
            let text: String = parts.concat();
            let mut table = PatternTable::default();
            let ids: Vec<usize> = SHAPES.iter().map(|r| table.regex(r).unwrap()).collect();
            table.build().unwrap();
            table.use_automaton(false);
            let found = table.scan(&text);
            table.use_automaton(true);
            proptest::prop_assert_eq!(&table.scan(&text), &found, "automaton and suffix table differ");
            for (r, id) in SHAPES.iter().zip(ids) {
                let re = regex::Regex::new(&fold_regex(r).unwrap()).unwrap();
                let want: Vec<Occ> = re
                    .find_iter(&text)
                    .filter(|m| !m.is_empty())
                    .map(|m| Occ { start: m.start() as u32, end: m.end() as u32 })
                    .collect();
                proptest::prop_assert_eq!(&found[id], &want, "{} in {:?}", r, text);
            }
        }
    }

    /// The automaton reports `产品` (ending at 30) before `本产品说明` (starting
    /// at 21, ending at 36); the tests search after every fourth trigger, so
    /// the scan is part-way when `产品` arrives and must not search from it
    /// before the earlier start has come in.
    #[test]
    fn a_start_reported_late_is_still_searched_first() {
        let mut table = PatternTable::default();
        let id = table.regex(r"(产品|本产品说明)[^。]{0,3}是").unwrap();
        table.build().unwrap();
        let text = "产品产品产品。本产品说明是";
        assert_eq!(table.scan(text)[id], [Occ { start: 21, end: 39 }]);
    }

    #[test]
    fn every_shape_gets_the_anchor_it_is_written_for() {
        let mut table = PatternTable::default();
        for r in SHAPES {
            table.regex(r).unwrap();
        }
        table.build().unwrap();
        use Anchor::{Prefix, Suffix};
        let reach = |min, max| Some(Reach { min, max });
        let want = [
            // Four 4-byte characters at most between head and tail.
            Prefix(reach(12, Some(28))),
            // `是` is too common to be worth tracking as a tail.
            Prefix(None),
            Prefix(reach(12, None)),
            Suffix(Some(36)),
            Suffix(None),
            Suffix(None),
            Prefix(None),
            // 108 alternative endings, cut down to their last 12 bytes.
            Prefix(reach(15, Some(30))),
            Prefix(reach(10, None)),
            Suffix(None),
            Prefix(reach(6, Some(9))),
            Prefix(None),
        ];
        assert_eq!(table.anchors, want);
    }
}
