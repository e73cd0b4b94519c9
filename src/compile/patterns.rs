//! The pattern table: every literal and regex of every loaded rule, interned,
//! and the two automata that find them all in one pass.

use crate::text::{fold_char, normalize_pattern};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, meta};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Why the automata could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// Regexes (by pattern id) that do not translate, with the reason.
    InvalidRegexes(Vec<(usize, String)>),
    Automaton(String),
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
    by_key: HashMap<PatternKind, usize>,
    /// Automaton pattern index → what its occurrence means: a literal
    /// pattern's match, or a trigger of the regexes that start with it.
    ac_targets: Vec<Vec<Target>>,
    /// Regex index → pattern id.
    regex_ids: Vec<usize>,
    /// Regexes (by regex index) with no trigger literal: they run over every document.
    untriggered: Vec<usize>,
    ac: Option<AhoCorasick>,
    /// Per-regex matchers (by regex index), built the first time a document needs them.
    singles: Vec<OnceLock<Option<meta::Regex>>>,
}

/// What an automaton match stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The literal pattern with this id.
    Literal(usize),
    /// Regex index: every match of that regex starts with this literal.
    Trigger(usize),
}

/// The literals every match of `source` starts with, when there are few
/// enough and none is shorter than a CJK character or two ASCII letters.
/// Such a regex runs only on documents where the Aho-Corasick scan found one
/// of its triggers, and only from there on.
fn regex_triggers(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.len() > 64 {
        return None;
    }
    let out: Option<Vec<String>> =
        lits.iter().map(|l| String::from_utf8(l.as_bytes().to_vec()).ok().filter(|t| t.len() >= 2)).collect();
    out
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
            out.push_str(SEPARATOR_RUN);
            out.push(if latin_both { '+' } else { '*' });
        } else {
            out.push_str(&regex_syntax::escape(text));
        }
    }
    if latin_edge(chars.last().copied()) {
        out.push_str(LATIN_BOUNDARY);
    }
    Some(out)
}

/// Folds the literal characters of a regex the way documents are folded,
/// so `/保證.{0,4}收益/` and `/Guaranteed/` match the normalised text.
fn fold_regex(source: &str) -> Result<String, String> {
    use regex_syntax::ast::{self, Ast};
    let mut tree = ast::parse::Parser::new().parse(source).map_err(|e| e.kind().to_string())?;
    fn fold_one(c: char) -> char {
        let mut s = String::new();
        fold_char(c, &mut s);
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(f), None) => f,
            _ => c,
        }
    }
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
            ast::ClassSetItem::Literal(l) if l.kind == ast::LiteralKind::Verbatim => fold_literal(l),
            ast::ClassSetItem::Range(r) => {
                let (a, b) = (fold_one(r.start.c), fold_one(r.end.c));
                if a <= b {
                    r.start.c = a;
                    r.end.c = b;
                }
            }
            ast::ClassSetItem::Bracketed(b) => fold_class(&mut b.kind),
            ast::ClassSetItem::Union(u) => u.items.iter_mut().for_each(fold_item),
            _ => {}
        }
    }
    fn walk(node: &mut Ast) {
        match node {
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
        let source = fold_regex(raw)?;
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
        let translated: Vec<Result<Option<Vec<String>>, String>> = self
            .kinds
            .par_iter()
            .map(|k| match k {
                PatternKind::Regex { source } => regex_syntax::Parser::new()
                    .parse(source)
                    .map(|hir| regex_triggers(&hir))
                    .map_err(|e| match e {
                        regex_syntax::Error::Parse(p) => p.kind().to_string(),
                        regex_syntax::Error::Translate(t) => t.kind().to_string(),
                        other => other.to_string(),
                    }),
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
        let mut ac_index: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        self.ac_targets.clear();
        self.regex_ids.clear();
        self.untriggered.clear();
        let mut add = |text: &str, target: Target, targets: &mut Vec<Vec<Target>>| {
            let i = *ac_index.entry(text.to_string()).or_insert_with(|| {
                literals.push(text.to_string());
                targets.push(Vec::new());
                targets.len() - 1
            });
            targets[i].push(target);
        };
        for (id, kind) in self.kinds.iter().enumerate() {
            match kind {
                PatternKind::Literal { text, .. } => add(text, Target::Literal(id), &mut self.ac_targets),
                PatternKind::Regex { .. } => {
                    let index = self.regex_ids.len();
                    self.regex_ids.push(id);
                    match &triggers[id] {
                        Some(triggers) => {
                            for t in triggers {
                                add(t, Target::Trigger(index), &mut self.ac_targets);
                            }
                        }
                        None => self.untriggered.push(index),
                    }
                }
            }
        }
        self.ac = if literals.is_empty() {
            None
        } else {
            // Standard semantics so overlapping occurrences (保本 inside 不保本,
            // 保本 and 保本保息) are all recorded; rules pick among them.
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| BuildError::Automaton(e.to_string()))?,
            )
        };
        self.singles = (0..self.regex_ids.len()).map(|_| OnceLock::new()).collect();
        // Every document needs the untriggered regexes: compile them now, in
        // parallel, rather than one by one in the first document's scan.
        self.untriggered.par_iter().for_each(|&i| {
            let _ = self.single(i);
        });
        Ok(())
    }

    fn single(&self, index: usize) -> Option<&meta::Regex> {
        self.singles[index]
            .get_or_init(|| match &self.kinds[self.regex_ids[index]] {
                // Translation at build time proved the regex valid; the raised
                // limit keeps a large one from being dropped on a size limit.
                PatternKind::Regex { source } => {
                    // Only match spans are read: no capture groups to compile.
                    meta::Regex::builder()
                        .configure(
                            meta::Regex::config()
                                .which_captures(WhichCaptures::Implicit)
                                .nfa_size_limit(Some(256 * (1 << 20))),
                        )
                        .build(source)
                        .ok()
                }
                PatternKind::Literal { .. } => None,
            })
            .as_ref()
    }

    /// Finds every occurrence of every pattern in a normalised text: the one
    /// scan of a document. Result is indexed by pattern id, each list sorted.
    pub fn scan(&self, text: &str) -> Vec<Vec<Occ>> {
        let mut out: Vec<Vec<Occ>> = vec![Vec::new(); self.kinds.len()];
        let bytes = text.as_bytes();
        // Regex index → where its earliest trigger starts (matches start there or later).
        let mut triggered: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                for &target in &self.ac_targets[m.pattern().as_usize()] {
                    let id = match target {
                        Target::Literal(id) => id,
                        Target::Trigger(index) => {
                            triggered.push((index, m.start()));
                            continue;
                        }
                    };
                    if let PatternKind::Literal { latin_start, latin_end, .. } = &self.kinds[id] {
                        if *latin_start && m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                            continue;
                        }
                        if *latin_end && m.end() < bytes.len() && bytes[m.end()].is_ascii_alphanumeric() {
                            continue;
                        }
                    }
                    out[id].push(Occ { start: m.start() as u32, end: m.end() as u32 });
                }
            }
        }
        // Regexes without a trigger run one by one, each with its own literal
        // prefilter and lazy DFA. (One multi-pattern regex over all of them,
        // asked which ones match, was tried: its state space is the product of
        // theirs, its lazy DFA gave up on real packs and the PikeVM fallback
        // made the scan six times slower.)
        triggered.extend(self.untriggered.iter().map(|&i| (i, 0)));
        triggered.sort_unstable();
        triggered.dedup_by_key(|t| t.0);
        // Regexes compile on first need; when a document needs several new
        // ones at once (the first document of a run), compile them side by side.
        let fresh: Vec<usize> =
            triggered.iter().map(|t| t.0).filter(|&i| self.singles[i].get().is_none()).collect();
        if fresh.len() > 4 {
            fresh.par_iter().for_each(|&i| {
                let _ = self.single(i);
            });
        }
        for (index, from) in triggered {
            let id = self.regex_ids[index];
            if let Some(re) = self.single(index) {
                let mut at = from;
                while at <= text.len() {
                    let Some(m) = re.search(&Input::new(text).range(at..)) else { break };
                    if !m.is_empty() {
                        out[id].push(Occ { start: m.start() as u32, end: m.end() as u32 });
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
        }
        for list in out.iter_mut().filter(|l| l.len() > 1) {
            list.sort_unstable();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
