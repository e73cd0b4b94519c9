//! The match index of one document: the single scan's occurrences, the
//! document's structure in normalised coordinates, and the context tests
//! that rule clauses ask of an occurrence. Nothing after this re-reads the
//! text except to count characters inside small windows.

use crate::compile::Occ;
use crate::compile::{CClause, CContext, CMatcher, RuleSet, SetId};
use crate::document::{BlockKind, Document, Role};
use crate::lang::ast::{Scope, Speaker};
use crate::text::{LineIndex, NormalizedText, normalize};
use std::cell::OnceCell;

/// A range of the normalised text.
type Range32 = (u32, u32);

pub struct MatchIndex<'a> {
    pub rules: &'a RuleSet,
    pub doc: &'a Document,
    pub norm: NormalizedText,
    per_pattern: Vec<Vec<Occ>>,
    per_set: Vec<OnceCell<Vec<Occ>>>,
    max_len: Vec<OnceCell<u32>>,
    /// Sorted sentence start offsets; sentence i is `[starts[i], starts[i+1])`.
    sentence_starts: Vec<u32>,
    /// Sorted clause starts: sentence starts plus the positions after `,` and `:`.
    clause_starts: Vec<u32>,
    paragraphs: Vec<Range32>,
    headings: Vec<Range32>,
    /// The level of each of `headings` (1 = top).
    heading_levels: Vec<u8>,
    fine_print: Vec<Range32>,
    turns: Vec<(Range32, Role)>,
    /// Character counts at every 4 KiB of the normalised text, for `in first
    /// N%` and for distances too long to count character by character.
    char_checkpoints: OnceCell<Vec<u32>>,
    lines: OnceCell<LineIndex>,
}

const CHECKPOINT: usize = 4096;

/// Phrases that ask for time or acknowledge a question without answering it,
/// in normalised form (lower case, simplified): a turn whose every sentence
/// has one is a holding line, passed over by `in reply to`
/// (docs/rule-language.md lists them).
pub const HOLDING: &[&str] = &[
    // Only what asks for time or acknowledges: not `等等` (also "etc."), not
    // `您看一下` (a pitch), not `a second` (`a second fund`).
    "稍等",
    "稍候",
    "等一下",
    "等一等",
    "请等",
    "查一下",
    "查查",
    "帮您查",
    "给您查",
    "我看一下",
    "我看看",
    "我看下",
    "我帮您看",
    "我确认一下",
    "帮您确认一下",
    "我核实一下",
    "帮您核实",
    "我问一下",
    "帮您问一下",
    "好问题",
    "问得好",
    "one moment",
    "just a moment",
    "one second",
    "just a second",
    "give me a second",
    "one sec",
    "just a sec",
    "hold on a",
    "hold on,",
    "hold on.",
    "bear with me",
    "let me check",
    "let me look",
    "let me pull up",
    "let me find",
    "let me see",
    "good question",
    "great question",
];

impl<'a> MatchIndex<'a> {
    /// Normalises the copy text and scans it once with every pattern of `rules`.
    pub fn new(rules: &'a RuleSet, doc: &'a Document) -> MatchIndex<'a> {
        let norm = normalize(&doc.text);
        let per_pattern = rules.patterns.scan(&norm.text);
        let to_norm = |o: usize| norm.map.to_derived(o) as u32;
        let mut paragraphs = Vec::new();
        let mut headings = Vec::new();
        let mut heading_levels = Vec::new();
        let mut turns = Vec::new();
        for b in &doc.blocks {
            let r = (to_norm(b.range.start), to_norm(b.range.end));
            paragraphs.push(r);
            match &b.kind {
                BlockKind::Heading(level) => {
                    headings.push(r);
                    heading_levels.push(*level);
                }
                BlockKind::Turn(role) => turns.push((r, role.clone())),
                BlockKind::Paragraph => {}
            }
        }
        let fine_print = doc.fine_print.iter().map(|r| (to_norm(r.start), to_norm(r.end))).collect();
        // Whether the original letter at a normalised offset is lower case
        // (the normalised text is case-folded): `p.a. and` goes on, `… today. Invest` ends.
        let lower_case_at = |at: usize| {
            let o = norm.map.map_start(at);
            doc.text.get(o..).and_then(|t| t.chars().next()).is_some_and(char::is_lowercase)
        };
        let sentence_starts = sentence_starts(&norm.text, &paragraphs, &lower_case_at);
        let clause_starts = clause_starts(&norm.text, &sentence_starts);
        let sets = rules.sets.len();
        MatchIndex {
            rules,
            doc,
            norm,
            per_pattern,
            per_set: (0..sets).map(|_| OnceCell::new()).collect(),
            max_len: (0..sets).map(|_| OnceCell::new()).collect(),
            sentence_starts,
            clause_starts,
            paragraphs,
            headings,
            heading_levels,
            fine_print,
            turns,
            char_checkpoints: OnceCell::new(),
            lines: OnceCell::new(),
        }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| self.doc.line_index())
    }

    /// Every occurrence of a pattern set, sorted by start then end.
    pub fn set(&self, set: SetId) -> &[Occ] {
        let ids = &self.rules.sets[set];
        // A one-pattern set is that pattern's list: no copy (a huge document
        // has lists of hundreds of thousands of occurrences).
        if let [only] = ids.as_slice() {
            return &self.per_pattern[*only];
        }
        self.per_set[set].get_or_init(|| {
            let mut all: Vec<Occ> = ids.iter().flat_map(|&p| self.per_pattern[p].iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            all
        })
    }

    /// Whether a pattern set has no occurrence, without building its list.
    pub fn set_is_empty(&self, set: SetId) -> bool {
        match self.per_set[set].get() {
            Some(occ) => occ.is_empty(),
            None => self.rules.sets[set].iter().all(|&p| self.per_pattern[p].is_empty()),
        }
    }

    fn max_len(&self, set: SetId) -> u32 {
        *self.max_len[set].get_or_init(|| self.set(set).iter().map(|o| o.end - o.start).max().unwrap_or(0))
    }

    /// Occurrences of `set` that start in `[lo, hi]`.
    fn starting_in(&self, set: SetId, lo: u32, hi: u32) -> &[Occ] {
        let occ = self.set(set);
        let a = occ.partition_point(|o| o.start < lo);
        let b = occ.partition_point(|o| o.start <= hi);
        &occ[a..b.max(a)]
    }

    /// Characters in `[a, b)`. A long range is counted from the
    /// checkpoints: `near each … within 1000000` ("anywhere") asks this of
    /// every occurrence, and counting each time would be quadratic.
    fn chars(&self, a: u32, b: u32) -> usize {
        if b <= a {
            0
        } else if ((b - a) as usize) < 2 * CHECKPOINT {
            self.norm.text[a as usize..b as usize].chars().count()
        } else {
            self.char_index(b) - self.char_index(a)
        }
    }

    /// Byte offset `n` characters before `at` (bounded by the start).
    fn back_chars(&self, at: u32, n: u32) -> u32 {
        if (n as usize) < CHECKPOINT {
            let text = &self.norm.text[..at as usize];
            return match text.char_indices().rev().nth(n as usize) {
                Some((i, _)) => i as u32,
                None => 0,
            };
        }
        match self.char_index(at).checked_sub(n as usize + 1) {
            Some(target) => self.offset_of_char(target),
            None => 0,
        }
    }

    /// Byte offset `n` characters after `at` (bounded by the end).
    fn fwd_chars(&self, at: u32, n: u32) -> u32 {
        if (n as usize) < CHECKPOINT {
            let text = &self.norm.text[at as usize..];
            return match text.char_indices().nth(n as usize) {
                Some((i, _)) => at + i as u32,
                None => self.norm.text.len() as u32,
            };
        }
        self.offset_of_char(self.char_index(at) + n as usize)
    }

    /// The byte offset where character number `target` (from 0) starts, or
    /// the end of the text: found from the checkpoints, then at most one
    /// block's bytes.
    fn offset_of_char(&self, target: usize) -> u32 {
        let cps = self.checkpoints();
        let bytes = self.norm.text.as_bytes();
        // The last block starting at or before the character.
        let block = cps.partition_point(|&c| c as usize <= target).saturating_sub(1);
        let mut count = cps.get(block).copied().unwrap_or(0) as usize;
        for (i, &b) in bytes.iter().enumerate().skip(block * CHECKPOINT) {
            if (b & 0xC0) != 0x80 {
                if count == target {
                    return i as u32;
                }
                count += 1;
            }
        }
        bytes.len() as u32
    }

    /// The sentence holding normalised offset `at`, as normalised offsets.
    pub fn sentence_at(&self, at: u32) -> (u32, u32) {
        self.sentence_of(at)
    }

    fn sentence_of(&self, at: u32) -> Range32 {
        self.segment_of(&self.sentence_starts, at)
    }

    fn clause_of(&self, at: u32) -> Range32 {
        self.segment_of(&self.clause_starts, at)
    }

    fn segment_of(&self, starts: &[u32], at: u32) -> Range32 {
        let i = starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = starts.get(i).copied().unwrap_or(0);
        let end = starts.get(i + 1).copied().unwrap_or(self.norm.text.len() as u32);
        (start, end)
    }

    fn containing(ranges: &[Range32], o: Occ) -> Option<Range32> {
        let i = ranges.partition_point(|r| r.0 <= o.start);
        let r = *ranges.get(i.checked_sub(1)?)?;
        (o.start < r.1).then_some(r)
    }

    fn scope_of(&self, scope: Scope, o: Occ) -> Option<Range32> {
        match scope {
            Scope::Sentence => Some(self.sentence_of(o.start)),
            Scope::Paragraph => Self::containing(&self.paragraphs, o),
            Scope::Turn => {
                let i = self.turns.partition_point(|(r, _)| r.0 <= o.start);
                self.turns.get(i.checked_sub(1)?).map(|(r, _)| *r).filter(|r| o.start < r.1)
            }
        }
    }

    /// The 1-based number of the turn containing normalised offset `at`.
    /// The preamble (a title or date before the first label) is no one's
    /// turn: it is not counted, so the first speaker's line is turn 1, and a
    /// finding in it has no turn number.
    pub fn turn_number(&self, at: u32) -> Option<usize> {
        let i = self.turns.partition_point(|(r, _)| r.0 <= at);
        let preamble = matches!(self.turns.first(), Some((_, Role::Other(r))) if r == "preamble");
        (i > 0 && at < self.turns[i - 1].0.1)
            .then_some(i)
            .and_then(|n| n.checked_sub(usize::from(preamble)))
            .filter(|n| *n > 0)
    }

    /// Whether the heading of the section `o` lies in, or of a section
    /// enclosing that one, contains an occurrence of `set`. A section runs
    /// from its heading to the next heading of the same or a higher level.
    fn under_heading(&self, set: SetId, o: Occ) -> bool {
        let mut i = self.headings.partition_point(|r| r.0 <= o.start);
        // Levels above this one enclose the section; deeper ones are
        // sibling subsections that ended before it.
        let mut above = u8::MAX;
        while let Some(h) = i.checked_sub(1) {
            i = h;
            let level = self.heading_levels[h];
            if level >= above {
                continue;
            }
            above = level;
            let (a, b) = self.headings[h];
            if self.starting_in(set, a, b).iter().any(|s| s.end <= b) {
                return true;
            }
            if level <= 1 {
                break;
            }
        }
        false
    }

    /// Whether `o` is in the first sentence of a turn answering the other
    /// speakers' turns just before it (one question may span several lines
    /// of theirs) that hold an occurrence of `set`: the answer to what was
    /// just asked (`对，您放心` after `这个保本吧？`), not a word said later.
    fn in_reply_to(&self, set: SetId, o: Occ) -> bool {
        let i = self.turns.partition_point(|(r, _)| r.0 <= o.start);
        let Some(current) = i.checked_sub(1).filter(|&c| c > 0) else { return false };
        let ((start, end), role) = &self.turns[current];
        // The first sentence with text: a label on a line of its own leaves
        // the turn's first line empty.
        let first = self.first_text(*start, *end);
        let first_sentence_end = self.sentence_of(first).1.min(*end);
        if o.start >= *end || o.start >= first_sentence_end.max(first + 1) {
            return false;
        }
        // Back from the answer: the answerer's own holding lines (`您稍等，我
        // 查一下。`) are passed over; the turns of everyone else (the customer,
        // a relative, the recording system) up to the answerer's last real
        // turn are what was just said to them, the question included. Real
        // calls nearly always put a `稍等` or a third voice between a question
        // and its answer; without this the answer would reply to nothing.
        for ((a, b), r) in self.turns[..current].iter().rev() {
            if matches!(r, Role::Other(p) if p == "preamble") {
                break;
            }
            if r == role {
                if self.holding_line(*a, *b) {
                    continue;
                }
                break;
            }
            if self.starting_in(set, *a, *b).iter().any(|s| s.end <= *b) {
                return true;
            }
        }
        false
    }

    /// The offset of the first character of `[start, end)` that is not white space.
    fn first_text(&self, start: u32, end: u32) -> u32 {
        self.norm
            .text
            .get(start as usize..end as usize)
            .and_then(|turn| turn.find(|c: char| !c.is_whitespace()))
            .map_or(start, |at| start + at as u32)
    }

    /// Whether the turn `[start, end)` is a holding line: every sentence of
    /// it has one of [`HOLDING`] (`您稍等，我查一下。`, `Good question, let me
    /// pull up the factsheet.`). Words that only ask for time say nothing a
    /// question could be answered by, so the answer after them still replies
    /// to the question before them; a sentence that says anything else
    /// (`稍等。不保本的。`) makes the turn a turn of its own.
    fn holding_line(&self, start: u32, end: u32) -> bool {
        let mut at = self.first_text(start, end);
        let mut any = false;
        while at < end {
            let (_, sentence_end) = self.sentence_of(at);
            let stop = sentence_end.min(end).max(at + 1);
            let sentence = self.norm.text.get(at as usize..stop as usize).unwrap_or_default();
            if sentence.trim().is_empty() {
                at = stop;
                continue;
            }
            if !HOLDING.iter().any(|h| sentence.contains(h)) {
                return false;
            }
            any = true;
            at = stop;
        }
        any
    }

    fn speaker_of(&self, o: Occ) -> Option<&Role> {
        let i = self.turns.partition_point(|(r, _)| r.0 <= o.start);
        let (r, role) = self.turns.get(i.checked_sub(1)?)?;
        (o.start < r.1).then_some(role)
    }

    /// The characters before each block of [`CHECKPOINT`] bytes.
    fn checkpoints(&self) -> &[u32] {
        self.char_checkpoints.get_or_init(|| {
            let text = self.norm.text.as_bytes();
            let mut out = Vec::with_capacity(text.len() / CHECKPOINT + 1);
            let mut count = 0u32;
            for chunk in text.chunks(CHECKPOINT) {
                out.push(count);
                count += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
            }
            out
        })
    }

    /// The number of characters before byte offset `at`.
    fn char_index(&self, at: u32) -> usize {
        let cps = self.checkpoints();
        let block = at as usize / CHECKPOINT;
        let base = cps.get(block).copied().unwrap_or(0) as usize;
        let from = block * CHECKPOINT;
        base + self.norm.text.as_bytes()[from..at as usize].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    fn total_chars(&self) -> usize {
        self.char_index(self.norm.text.len() as u32)
    }

    fn context_holds(&self, context: &CContext, o: Occ) -> bool {
        match *context {
            CContext::Near(set, n) => {
                let lo = self.back_chars(o.start, n).saturating_sub(self.max_len(set));
                let hi = self.fwd_chars(o.end, n);
                self.starting_in(set, lo, hi).iter().any(|s| {
                    let gap = if s.end <= o.start {
                        self.chars(s.end, o.start)
                    } else if s.start >= o.end {
                        self.chars(o.end, s.start)
                    } else {
                        0
                    };
                    gap <= n as usize
                })
            }
            CContext::PrecededBy(set, n) => {
                // A quoted list is one phrase: 不得承诺“保本”“无风险”“稳赚不赔”
                // puts every item under the one 不得, however long the list.
                // The distance is measured from the occurrence and, if it
                // is quoted, also from the list's first quote (“不保本” still
                // has its 不 inside the quote).
                let list = quoted_list_start(&self.norm.text, o).unwrap_or(o.start);
                let clause = self.clause_of(list).0;
                let lo = self.back_chars(list, n).saturating_sub(self.max_len(set)).max(clause);
                let close_before =
                    |s: &Occ, at: u32| s.start < at && self.chars(s.end.min(at), at) <= n as usize;
                self.starting_in(set, lo, o.start)
                    .iter()
                    .any(|s| s.end <= o.end && (close_before(s, o.start) || close_before(s, list)))
            }
            CContext::FollowedBy(set, n) => {
                let clause_end = self.clause_of(o.start).1;
                let hi = self.fwd_chars(o.end, n);
                self.starting_in(set, o.start + 1, hi).iter().any(|s| {
                    s.end > o.end
                        && s.start > o.start
                        && s.end <= clause_end.max(o.end)
                        && self.chars(o.end, s.start.max(o.end)) <= n as usize
                })
            }
            CContext::SameScope(scope, set) => match self.scope_of(scope, o) {
                Some((a, b)) => self.starting_in(set, a, b).iter().any(|s| s.end <= b && *s != o),
                None => false,
            },
            CContext::InHeading => Self::containing(&self.headings, o).is_some(),
            CContext::InFinePrint => Self::containing(&self.fine_print, o).is_some(),
            CContext::InReplyTo(set) => self.in_reply_to(set, o),
            CContext::UnderHeading(set) => self.under_heading(set, o),
            CContext::InFirstPercent(n) => {
                let total = self.total_chars().max(1);
                self.char_index(o.start) * 100 < n as usize * total
            }
        }
    }

    fn excepted(&self, set: SetId, o: Occ) -> bool {
        let lo = o.start.saturating_sub(self.max_len(set));
        self.starting_in(set, lo, o.start).iter().any(|s| s.start <= o.start && s.end >= o.end)
    }

    /// Every occurrence of the matcher's pattern that passes its speaker
    /// restriction and clauses, sorted. Overlapping occurrences are all kept.
    pub fn matches(&self, m: &CMatcher) -> Vec<Occ> {
        self.set(m.set).iter().copied().filter(|&o| self.passes(m, o)).collect()
    }

    /// Whether the matcher has any occurrence: [`MatchIndex::matches`]
    /// stopping at the first (`text has …` needs no more).
    pub fn has_match(&self, m: &CMatcher) -> bool {
        self.first_match(m).is_some()
    }

    /// The first of [`MatchIndex::matches`], found without the rest.
    pub fn first_match(&self, m: &CMatcher) -> Option<Occ> {
        if self.set_is_empty(m.set) {
            return None;
        }
        self.set(m.set).iter().copied().find(|&o| self.passes(m, o))
    }

    fn passes(&self, m: &CMatcher, o: Occ) -> bool {
        let speaker_ok = match m.speaker {
            None => true,
            Some(Speaker::Agent) => self.speaker_of(o) == Some(&Role::Agent),
            Some(Speaker::Customer) => self.speaker_of(o) == Some(&Role::Customer),
        };
        speaker_ok
            && m.clauses.iter().all(|c| match c {
                CClause::Except(set) => !self.excepted(*set, o),
                CClause::Context { negated, context } => self.context_holds(context, o) != *negated,
            })
    }

    /// Whether two occurrences are within `n` characters (0 when they overlap).
    pub fn within(&self, a: Occ, b: Occ, n: u32) -> bool {
        let gap = if a.end <= b.start {
            self.chars(a.end, b.start)
        } else if b.end <= a.start {
            self.chars(b.end, a.start)
        } else {
            0
        };
        gap <= n as usize
    }

    /// Occurrences of `candidates` near `o` (for `near each`), bounded search.
    pub fn any_near(&self, candidates: &[Occ], o: Occ, n: u32, max_len: u32) -> bool {
        if candidates.is_empty() {
            return false;
        }
        let lo = self.back_chars(o.start, n).saturating_sub(max_len);
        let hi = self.fwd_chars(o.end, n);
        let a = candidates.partition_point(|c| c.start < lo);
        candidates[a..].iter().take_while(|c| c.start <= hi).any(|&c| self.within(c, o, n))
    }

    /// Whether some occurrence of `candidates` lies in the same scope as `o`.
    pub fn any_in_scope(&self, candidates: &[Occ], scope: Scope, o: Occ) -> bool {
        let Some((a, b)) = self.scope_of(scope, o) else { return false };
        let i = candidates.partition_point(|c| c.start < a);
        candidates[i..].iter().take_while(|c| c.start < b).any(|c| c.end <= b)
    }
}

/// Closing quotes and brackets that belong to the sentence a full stop just
/// before them ends (`他说：“保本。”` ends after `”`), as normalisation leaves them.
fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '」' | '』' | ')' | '》' | '】')
}

/// Sentence starts of a normalised text, and so what a *sentence* is (for
/// `in same sentence as` and `in reply to`; docs/rule-language.md): a
/// sentence ends after `。` `!` `?` `;` (full- or half-width), after a line
/// break, and after a `.` followed by white space or the end of the text;
/// every block (paragraph, heading, turn) starts one. Closing quotes and
/// brackets right after the mark belong to the sentence it ends. Not ends:
///
/// - a mark followed by closing quotes and then a comma (`“…收益率。”，不构成…`):
///   a quoted sentence inside a longer one;
/// - a `.` followed by spaces and then a lower-case letter, a digit or a
///   comma (`4.5% p.a. and`, `approx. 4.5%`, `i.e. the`, `vs. cash`,
///   `etc., and`): an abbreviation, not an end. The text is case-folded, so
///   `lower_case_at` reads the original (a normalised offset).
/// - a `.` followed by anything else that is not white space (`4.5`, `U.K.`).
fn sentence_starts(text: &str, blocks: &[Range32], lower_case_at: &dyn Fn(usize) -> bool) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = vec![0u32];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let mark_end = match b {
            b'!' | b'?' | b';' | b'.' => Some(i + 1),
            0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x82) => Some(i + 3), // 。
            b'\n' => {
                starts.push(i as u32 + 1);
                i += 1;
                continue;
            }
            _ => None,
        };
        let Some(mut e) = mark_end else {
            i += 1;
            continue;
        };
        // Closing quotes after the mark are the sentence's own.
        let rest = &text[e..];
        let quotes: usize = rest.chars().take_while(|&c| is_closing_quote(c)).map(char::len_utf8).sum();
        e += quotes;
        let next = text[e..].chars().next();
        let ends = match next {
            // A quoted sentence inside a longer one.
            Some(',') => false,
            _ if b != b'.' => true,
            // `.` directly followed by more (`4.5`, `U.K.`, `.com`).
            Some(c) if quotes == 0 && !c.is_whitespace() => false,
            None => true,
            Some(_) => {
                // After the spaces (a line break ends the sentence anyway).
                let after = text[e..].trim_start_matches([' ', '\t', '\u{a0}']);
                match after.chars().next() {
                    Some(c) if c.is_ascii_digit() || c == ',' => false,
                    Some(c) if c.is_alphabetic() => !lower_case_at(text.len() - after.len()),
                    _ => true,
                }
            }
        };
        if ends {
            starts.push(e as u32);
        }
        i = e.max(i + 1);
    }
    starts.extend(blocks.iter().map(|r| r.0));
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Clause starts: sentence starts plus the position after every `,` and `:`
/// (the normalised forms of `，` and `：`); `、` joins a list and does not split.
fn clause_starts(text: &str, sentence_starts: &[u32]) -> Vec<u32> {
    let mut starts: Vec<u32> = sentence_starts.to_vec();
    starts.extend(
        text.bytes().enumerate().filter(|(_, b)| matches!(b, b',' | b':')).map(|(i, _)| i as u32 + 1),
    );
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// How far back from a quoted item the list it belongs to begins, in
/// characters, at most: items are short words and phrases.
const QUOTED_ITEM_CHARS: usize = 20;
/// How many items a quoted list may chain before the search stops.
const QUOTED_LIST_ITEMS: usize = 12;

/// The opening quote of the list of quoted items that holds `o`, when `o`
/// lies inside a quotation (“保本”, 「无风险」, "risk-free") and that quotation
/// is one of a run joined by nothing, `、`, `,`, `和/及/与/或`, "and" or "or".
/// `None` when `o` is not quoted.
fn quoted_list_start(text: &str, o: Occ) -> Option<u32> {
    let (start, end) = (o.start as usize, o.end as usize);
    let closes_after =
        text.get(end..)?.chars().take(QUOTED_ITEM_CHARS).find(|&c| is_quote(c) || ends_item(c));
    if !closes_after.is_some_and(|c| is_closing_list_quote(c) || c == '"') {
        return None;
    }
    let mut open = opening_quote_before(text.get(..start)?)?;
    for _ in 0..QUOTED_LIST_ITEMS {
        let head = trim_list_joiner(&text[..open]);
        let Some(close) = head.chars().next_back().filter(|&c| is_closing_list_quote(c) || c == '"') else {
            break;
        };
        match opening_quote_before(&head[..head.len() - close.len_utf8()]) {
            Some(earlier) => open = earlier,
            None => break,
        }
    }
    Some(open as u32)
}

/// The byte offset of the opening quote a short way before the end of
/// `text`, if nothing that ends a quoted item comes first.
fn opening_quote_before(text: &str) -> Option<usize> {
    for (i, c) in text.char_indices().rev().take(QUOTED_ITEM_CHARS) {
        if is_opening_quote(c) || c == '"' {
            return Some(i);
        }
        if is_closing_list_quote(c) || ends_item(c) {
            return None;
        }
    }
    None
}

fn trim_list_joiner(mut head: &str) -> &str {
    loop {
        let trimmed = head.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '、' | ',' | '/' | '和' | '及' | '与' | '或')
        });
        let word = trimmed.strip_suffix("and").or_else(|| trimmed.strip_suffix("or"));
        match word {
            Some(rest) if rest.ends_with(' ') => head = rest,
            _ => return trimmed,
        }
    }
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『' | '‘')
}

fn is_closing_list_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '’')
}

fn is_quote(c: char) -> bool {
    is_opening_quote(c) || is_closing_list_quote(c) || c == '"'
}

/// What a quoted word or phrase does not contain (normalised text: `，` is `,`).
fn ends_item(c: char) -> bool {
    matches!(c, '。' | '.' | '!' | '?' | ';' | ':' | ',' | '\n')
}

/// Leftmost-longest selection: of overlapping occurrences keep the one that
/// starts first, and of those the longest (保本保息 over 保本).
pub fn leftmost_longest(mut occ: Vec<Occ>) -> Vec<Occ> {
    occ.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Occ> = Vec::with_capacity(occ.len());
    for o in occ {
        if out.last().is_none_or(|l| o.start >= l.end) {
            out.push(o);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sentence_starts;

    /// The sentences of `text` (already normalised, so lower case; `upper`
    /// lists the byte offsets whose original letter was upper case).
    fn sentences<'a>(text: &'a str, upper: &[usize]) -> Vec<&'a str> {
        let lower = |at: usize| !upper.contains(&at);
        let starts = sentence_starts(text, &[], &lower);
        let mut out: Vec<&str> = starts
            .windows(2)
            .map(|w| &text[w[0] as usize..w[1] as usize])
            .chain(starts.last().map(|&s| &text[s as usize..]))
            .collect();
        out.retain(|s| !s.is_empty());
        out
    }

    #[test]
    fn abbreviations_decimals_and_quoted_full_stops_do_not_end_a_sentence() {
        for text in [
            "the yield is 4.5% p.a. and is not guaranteed.",
            "the yield of approx. 4.5% is not guaranteed.",
            "the yield, i.e. the income, is not guaranteed.",
            "the yield, e.g. on cash, vs. bonds is not guaranteed.",
            "bonds, shares etc., are not guaranteed.",
            "the u.k. yield is not guaranteed.",
            "业绩比较基准为“中债总指数收益率。”,不构成收益承诺。",
            "他问:“保本吗?”,经理说不保本。",
        ] {
            assert_eq!(sentences(text, &[]), vec![text], "{text}");
        }
    }

    #[test]
    fn full_stops_before_a_capital_or_a_line_break_end_a_sentence() {
        // `Invest` starts with a capital in the original.
        let text = "the yield is 4.5%. invest today.";
        assert_eq!(sentences(text, &[19]), vec!["the yield is 4.5%.", " invest today."]);
        assert_eq!(
            sentences("yield 4.5% p.a.\nnot guaranteed", &[]),
            vec!["yield 4.5% p.a.", "\n", "not guaranteed"]
        );
        // The closing quote belongs to the sentence it ends.
        assert_eq!(sentences("他说:“保本。”然后走了。", &[]), vec!["他说:“保本。”", "然后走了。"]);
        assert_eq!(sentences("保本;零风险!好", &[]), vec!["保本;", "零风险!", "好"]);
    }
}
