//! Runs a compiled [`RuleSet`] over a [`Document`] → findings.
//!
//! Conditions are three-valued: a test of an absent metadata field is
//! *unknown*, and a rule whose `when` (or whose pack's `applies when`) is
//! unknown is skipped and reported as such, never silently passed.

mod examples;
pub mod fixtures;
mod index;

pub use examples::{ExampleOutcome, run_examples};
pub use index::{MatchIndex, leftmost_longest};

use crate::compile::{
    CCheck, CClause, CCond, CContext, CMatcher, CRequirement, CRhs, CompiledRule, Occ, RuleSet,
};
use crate::document::{Document, Field, Metadata, Value};
use crate::finding::{Basis, Finding, Fix, Position, Severity, Span, sort_findings};
use crate::lang::ast::{CmpOp, FixSpec};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Which rules run, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only rules of these categories, or of these groups of categories
    /// (`prohibited` selects every `prohibited.*`). Together with `rules`, a
    /// rule runs when it is selected by either list (both empty = all).
    pub categories: Vec<String>,
    /// Only these rule ids (see `categories`).
    pub rules: Vec<String>,
    /// Rules switched off by id or category.
    pub disabled: HashSet<String>,
    /// Skip rules marked `draft`.
    pub skip_drafts: bool,
    /// Severity overrides by rule id or category.
    pub severity: HashMap<String, Severity>,
}

impl Options {
    pub fn selects(&self, rule: &CompiledRule) -> bool {
        let off = self.disabled.contains(&rule.id)
            || self.disabled.contains(&rule.category)
            || (self.skip_drafts && rule.draft);
        !off && self.chosen(&rule.id, &rule.category)
    }

    /// Whether `--rule` / `--category` choose a rule of this id and category.
    /// Each `--rule` and each `--category` adds rules: `--rule A --category
    /// prohibited.guarantee` runs A and every guarantee rule, which is what
    /// "only these" means for a list of both (an intersection would make
    /// `--rule A` silently run nothing unless A has that category).
    pub fn chosen(&self, id: &str, category: &str) -> bool {
        (self.rules.is_empty() && self.categories.is_empty())
            || self.rules.iter().any(|r| r == id)
            || self.categories.iter().any(|c| category_in(category, c))
    }

    /// The severity a rule reports at: the config's override for its id, else
    /// for its category, else its own.
    pub fn severity_of(&self, rule: &CompiledRule) -> Severity {
        self.severity
            .get(&rule.id)
            .or_else(|| self.severity.get(&rule.category))
            .copied()
            .unwrap_or(rule.severity)
    }
}

/// Whether `category` is `selector` or in the group `selector` names
/// (`prohibited` for `prohibited.guarantee`; whole dotted parts only, so
/// `prohibited.guar` selects nothing).
pub fn category_in(category: &str, selector: &str) -> bool {
    let selector = selector.strip_suffix(".*").unwrap_or(selector);
    category == selector || category.strip_prefix(selector).is_some_and(|rest| rest.starts_with('.'))
}

/// A rule that did not run on a document because metadata was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub rule: String,
    pub missing: Vec<Field>,
}

/// What checking one document produced.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skip>,
    /// Packs written for the other language that would apply to the
    /// document were it in that language (`--explain-skips`: the Chinese
    /// 理财 pack left out of a promotion read as English).
    pub language_skips: Vec<LanguageSkip>,
}

/// A pack left out because the document is read in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSkip {
    pub pack: String,
    /// The pack's language (`zh`).
    pub language: String,
    /// The document's language (`en`).
    pub document: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// Checks `doc` against every selected rule of `rules`.
///
/// A document with passages in its other language (a Chinese brochure with
/// an English paragraph) is also checked for that language's prohibited
/// wording: the `forbid` rules of packs that apply to it when read as a
/// document in that language. Required warnings are asked for in its main
/// language only.
pub fn check(rules: &RuleSet, doc: &Document, options: &Options) -> Outcome {
    let index = MatchIndex::new(rules, doc);
    let mut out = Outcome::default();
    let mut pack_truth: Vec<Option<(Truth, Vec<Field>)>> = vec![None; rules.packs.len()];
    let other = doc.other_language_metadata();
    let mut other_truth: Vec<Option<Truth>> = vec![None; rules.packs.len()];
    let mut second = Outcome::default();
    let mut language_noted = vec![false; rules.packs.len()];
    // A transcript's preamble is copy no one is named as saying: checked by
    // the `forbid` rules of the packs that check documents, as the same
    // words in a brochure would be (docs/formats.md), since no `agent says`
    // rule reads it (QA pass 16 item 7).
    let preamble = doc.preamble().map(|range| (range, doc.preamble_metadata()));
    let mut preamble_truth: Vec<Option<Truth>> = vec![None; rules.packs.len()];
    let mut in_preamble = Outcome::default();
    for rule in rules.rules.iter().filter(|r| options.selects(r)) {
        let (applies, missing) = pack_truth[rule.pack]
            .get_or_insert_with(|| {
                let mut missing = BTreeSet::new();
                let t = match &rules.packs[rule.pack].applies {
                    Some(c) => eval_cond(&index, &doc.metadata, c, &mut missing),
                    None => Truth::True,
                };
                (t, missing.into_iter().collect())
            })
            .clone();
        match applies {
            Truth::False => {
                if !std::mem::replace(&mut language_noted[rule.pack], true) {
                    note_language_skip(rules, rule.pack, doc, &index, &mut out.language_skips);
                }
                let severity = options.severity_of(rule);
                if let Some((_, metadata)) = &preamble {
                    forbid_as(rules, rule, &index, metadata, &mut preamble_truth, severity, &mut in_preamble);
                }
                if let Some(other) = &other {
                    forbid_as(rules, rule, &index, other, &mut other_truth, severity, &mut second);
                }
                continue;
            }
            Truth::Unknown => {
                out.skipped.push(Skip { rule: rule.id.clone(), missing });
                continue;
            }
            Truth::True => {}
        }
        run_rule(&index, rule, options.severity_of(rule), &mut out);
    }
    if let Some((range, _)) = &preamble {
        let within = |f: &Finding| f.span.as_ref().is_some_and(|s| range.contains(&s.start.offset));
        second.findings.extend(in_preamble.findings.into_iter().filter(within));
    }
    // Both languages' packs may know a phrase (`the best` is in the Chinese
    // absolute-term list too): the same claim is reported once.
    if !second.findings.is_empty() {
        // Per category, the first pass's spans by start, with the furthest
        // end so far: a span overlaps one of them when the furthest end of
        // those starting before it ends is past its start.
        let mut spans: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for g in &out.findings {
            if let Some(span) = &g.span {
                spans.entry(&g.category).or_default().push((span.start.offset, span.end.offset));
            }
        }
        for list in spans.values_mut() {
            list.sort_unstable();
            let mut furthest = 0;
            for (_, end) in list.iter_mut() {
                furthest = furthest.max(*end);
                *end = furthest;
            }
        }
        let repeats = |f: &Finding| {
            let (Some(span), Some(list)) = (&f.span, spans.get(f.category.as_str())) else { return false };
            let before = list.partition_point(|&(start, _)| start < span.end.offset);
            before > 0 && list[before - 1].1 > span.start.offset
        };
        let fresh: Vec<Finding> = second.findings.into_iter().filter(|f| !repeats(f)).collect();
        out.findings.extend(fresh);
    }
    sort_findings(&mut out.findings);
    out
}

/// Notes that pack `p` did not apply because of the document's language,
/// if it is written for another language and would apply to the document
/// read in that language.
fn note_language_skip(
    rules: &RuleSet,
    p: usize,
    doc: &Document,
    index: &MatchIndex,
    out: &mut Vec<LanguageSkip>,
) {
    let pack = &rules.packs[p];
    let Some(language) = &pack.language else { return };
    let document = doc.language().to_string();
    if language.eq_ignore_ascii_case(&document) {
        return;
    }
    let mut metadata = doc.metadata.clone();
    metadata.insert(Field::DocumentLanguage, Value::Text(language.clone()));
    let applies = match &pack.applies {
        Some(c) => eval_cond(index, &metadata, c, &mut BTreeSet::new()),
        None => Truth::True,
    };
    if applies == Truth::True {
        out.push(LanguageSkip { pack: pack.name.clone(), language: language.clone(), document });
    }
}

/// Evaluates one rule (its own `when`, not its pack's) and appends to `out`.
pub fn run_rule(index: &MatchIndex, rule: &CompiledRule, severity: Severity, out: &mut Outcome) {
    run_rule_as(index, &index.doc.metadata, rule, severity, out, true);
}

/// Runs `rule`, if it is a `forbid`, with the document read as `metadata`
/// (a second language's passage, a transcript's preamble) when its pack
/// applies so read; `truth` caches each pack's `applies when` under it.
fn forbid_as(
    rules: &RuleSet,
    rule: &CompiledRule,
    index: &MatchIndex,
    metadata: &Metadata,
    truth: &mut [Option<Truth>],
    severity: Severity,
    out: &mut Outcome,
) {
    if !matches!(rule.check, CCheck::Forbid(_)) {
        return;
    }
    let applies = *truth[rule.pack].get_or_insert_with(|| match &rules.packs[rule.pack].applies {
        Some(c) => eval_cond(index, metadata, c, &mut BTreeSet::new()),
        None => Truth::True,
    });
    if applies == Truth::True {
        run_rule_as(index, metadata, rule, severity, out, false);
    }
}

/// [`run_rule`] with the document's metadata read as `metadata`; a rule
/// skipped for want of metadata is noted only when `note_skips`.
fn run_rule_as(
    index: &MatchIndex,
    metadata: &Metadata,
    rule: &CompiledRule,
    severity: Severity,
    out: &mut Outcome,
    note_skips: bool,
) {
    if let Some(when) = &rule.when {
        let mut missing = BTreeSet::new();
        match eval_cond(index, metadata, when, &mut missing) {
            Truth::True => {}
            Truth::False => return,
            Truth::Unknown => {
                if note_skips {
                    out.skipped.push(Skip { rule: rule.id.clone(), missing: missing.into_iter().collect() });
                }
                return;
            }
        }
    }
    // Of thousands of rules only a few have an occurrence in a given
    // document; a check that can only fire on an occurrence of a pattern set
    // that is empty has nothing to do.
    let idle = match &rule.check {
        CCheck::Forbid(m) => index.set_is_empty(m.set),
        CCheck::Require(CRequirement::Before { then: m, .. })
        | CCheck::Require(CRequirement::NearEach { each: m, .. })
        | CCheck::Require(CRequirement::SameScopeEach { each: m, .. }) => index.set_is_empty(m.set),
        CCheck::Require(CRequirement::Present(_)) | CCheck::Report => false,
    };
    if idle {
        return;
    }
    let mut emit = |occ: Option<Occ>| out.findings.push(finding(index, rule, severity, occ));
    match &rule.check {
        CCheck::Report => {
            // A `report` whose condition a `text has` decided is about that
            // text (`专为60岁以上的长辈设计` aiming an R4 fund at the elderly),
            // not about the document as a whole: point at it.
            let decided = rule.when.as_ref().and_then(|w| deciders(index, metadata, w));
            match decided {
                Some(d) if !d.text.is_empty() => out.findings.push(text_decided(index, rule, severity, &d)),
                _ => emit(None),
            }
        }
        CCheck::Forbid(m) => {
            for occ in leftmost_longest(index.matches(m)) {
                emit(Some(occ));
            }
        }
        CCheck::Require(req) => match req {
            CRequirement::Present(m) => {
                if !index.has_match(m) {
                    let mut f = finding(index, rule, severity, None);
                    f.basis = elsewhere(index, rule, severity, m).or(f.basis);
                    out.findings.push(f);
                }
            }
            CRequirement::Before { first, then } => {
                if let Some(t) = index.first_match(then) {
                    let ok = index.first_match(first).is_some_and(|f| f.start < t.start);
                    if !ok {
                        emit(Some(t));
                    }
                }
            }
            CRequirement::NearEach { required, each, within } => {
                let req = index.matches(required);
                let max_len = req.iter().map(|o| o.end - o.start).max().unwrap_or(0);
                for e in leftmost_longest(index.matches(each)) {
                    if !index.any_near(&req, e, *within, max_len) {
                        emit(Some(e));
                    }
                }
            }
            CRequirement::SameScopeEach { required, scope, each } => {
                let req = index.matches(required);
                for e in leftmost_longest(index.matches(each)) {
                    if !index.any_in_scope(&req, *scope, e) {
                        emit(Some(e));
                    }
                }
            }
        },
    }
}

fn compare(a: &Value, op: CmpOp, b: &Value) -> Truth {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Level(x), Value::Level(y)) => Some(x.rank().cmp(&y.rank())),
        (Value::Text(x), Value::Text(y)) => {
            return match op {
                CmpOp::Eq => Truth::from(x.eq_ignore_ascii_case(y)),
                CmpOp::Ne => Truth::from(!x.eq_ignore_ascii_case(y)),
                _ => Truth::Unknown,
            };
        }
        (Value::List(x), Value::List(y)) => Some(if x == y { Ordering::Equal } else { Ordering::Less }),
        _ => None,
    };
    let Some(ord) = ord else { return Truth::from(op == CmpOp::Ne) };
    Truth::from(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    })
}

fn eval_cond(index: &MatchIndex, metadata: &Metadata, cond: &CCond, missing: &mut BTreeSet<Field>) -> Truth {
    let text_has = |m: &CMatcher| Truth::from(index.has_match(m));
    eval_cond_with(metadata, &text_has, cond, missing)
}

/// Whether a condition is false from the metadata alone, whatever the text
/// says (`text has` taken as unknown, three-valued logic): a pack whose
/// `applies when` is false for every document of a run need not be compiled
/// for it.
pub fn false_by_metadata(cond: &CCond, metadata: &Metadata) -> bool {
    eval_cond_with(metadata, &|_| Truth::Unknown, cond, &mut BTreeSet::new()) == Truth::False
}

fn eval_cond_with(
    metadata: &Metadata,
    text_has: &dyn Fn(&CMatcher) -> Truth,
    cond: &CCond,
    missing: &mut BTreeSet<Field>,
) -> Truth {
    let mut get = |f: Field| {
        let v = metadata.get(f);
        if v.is_none() {
            missing.insert(f);
        }
        v
    };
    match cond {
        CCond::And(a, b) => match eval_cond_with(metadata, text_has, a, missing) {
            Truth::False => Truth::False,
            ta => match (ta, eval_cond_with(metadata, text_has, b, missing)) {
                (_, Truth::False) => Truth::False,
                (Truth::True, Truth::True) => Truth::True,
                _ => Truth::Unknown,
            },
        },
        CCond::Or(a, b) => match eval_cond_with(metadata, text_has, a, missing) {
            Truth::True => Truth::True,
            ta => match (ta, eval_cond_with(metadata, text_has, b, missing)) {
                (_, Truth::True) => Truth::True,
                (Truth::False, Truth::False) => Truth::False,
                _ => Truth::Unknown,
            },
        },
        CCond::Not(a) => match eval_cond_with(metadata, text_has, a, missing) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        },
        CCond::Compare { field, op, rhs } => {
            // Both sides are looked up before either is found missing, so
            // that a skip of `product.risk_level > audience.risk_tolerance`
            // names every field the document lacks, not the first.
            let a = get(*field).cloned();
            let b = match rhs {
                CRhs::Value(v) => Some(v.clone()),
                CRhs::Field(f) => get(*f).cloned(),
            };
            match (a, b) {
                (Some(a), Some(b)) => compare(&a, *op, &b),
                _ => Truth::Unknown,
            }
        }
        CCond::In { field, values } => match get(*field) {
            Some(v) => Truth::from(values.iter().any(|x| compare(v, CmpOp::Eq, x) == Truth::True)),
            None => Truth::Unknown,
        },
        CCond::Contains { field, value } => match get(*field) {
            Some(Value::List(items)) => Truth::from(items.iter().any(|i| i.to_lowercase() == *value)),
            Some(Value::Text(t)) => Truth::from(t.to_lowercase() == *value),
            Some(Value::Level(_)) => Truth::False,
            None => Truth::Unknown,
        },
        CCond::Exists(f) => Truth::from(metadata.get(*f).is_some()),
        CCond::TextHas(m) => text_has(m),
    }
}

/// Fills `{match}` and `{field.path}` placeholders.
/// `A {product.risk_level} product` reads "A R5 product": an English
/// article before a value that is said with a vowel sound becomes `An`.
/// Such values are codes said letter by letter (`R5`, `FX`: "ar", "ef") or
/// words starting with a, e, i or o; `u` is left alone (`a unit`).
fn fix_article(out: &mut String, value: &str) {
    let mut chars = value.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else { return };
    let code = first.is_ascii_uppercase()
        && second.is_none_or(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && "AEFHILMNORSX".contains(first);
    let vowel_word = "aeioAEIO".contains(first) && !code && second.is_some_and(|c| c.is_ascii_lowercase());
    if !(code || vowel_word) {
        return;
    }
    for (article, with_n) in [("A ", "An "), ("a ", "an ")] {
        if !out.ends_with(article) {
            continue;
        }
        // The article is ASCII and ends `out`, so this is a char boundary.
        let cut = out.len() - article.len();
        if !out[..cut].ends_with(|c: char| c.is_alphanumeric()) {
            out.truncate(cut);
            out.push_str(with_n);
        }
        return;
    }
}

fn render_message(template: &str, matched: Option<&str>, index: &MatchIndex) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                if key == "match" {
                    // A match across a wrapped line reads as one phrase in a
                    // one-line message; `matched` keeps the exact characters.
                    let mut words = matched.unwrap_or("").split_whitespace();
                    if let Some(first) = words.next() {
                        out.push_str(first);
                        for w in words {
                            out.push(' ');
                            out.push_str(w);
                        }
                    }
                } else if let Some(field) = Field::parse(key) {
                    match index.doc.metadata.get(field) {
                        Some(v) => {
                            let v = v.to_string();
                            fix_article(&mut out, &v);
                            out.push_str(&v);
                        }
                        // In the message's own language, not a bare `?`
                        // a reader could take for part of the value.
                        None => out.push_str(if template.chars().any(crate::text::is_cjk) {
                            "（未提供）"
                        } else {
                            "(not given)"
                        }),
                    }
                } else {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a finding that ends inside a number should end: after the rest of
/// the number and its `%`. Patterns often end at a figure's first digit
/// (`可达约?[0-9]`), which is enough to recognise the claim, but the span is
/// what a reader sees underlined and what a fix replaces: `收益预计为3.85`
/// would leave `%` behind.
fn complete_number(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    if end == 0 || end > b.len() || !b[end - 1].is_ascii_digit() {
        return end;
    }
    let mut e = end;
    loop {
        match b.get(e) {
            Some(d) if d.is_ascii_digit() => e += 1,
            Some(b'.') if b.get(e + 1).is_some_and(u8::is_ascii_digit) => e += 2,
            _ => break,
        }
    }
    if b.get(e) == Some(&b'%') {
        e += 1;
    }
    e
}

/// Whether `c` (of the normalised text) is a separator a pattern may take
/// in at an edge of its match: white space, line breaks and the punctuation
/// that ends or splits a sentence (`，` `。` `；` `：` `！` `？` `、` and their
/// ASCII forms, which is what normalisation makes the full-width ones).
fn is_edge_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '。' | '、' | '｡')
}

/// Whether the `.` ending `before` is an abbreviation's (`U.S.`, `p.a.`,
/// `e.g.`, a single letter `A.`), which is part of the word, not punctuation
/// around it.
fn abbreviation_dot(before: &str) -> bool {
    let word: String = before.chars().rev().take_while(|c| c.is_ascii_alphabetic() || *c == '.').collect();
    let letters = word.chars().filter(char::is_ascii_alphabetic).count();
    letters > 0 && (word.contains('.') || letters == 1)
}

/// `o` without the separators at its edges. Patterns often take in the
/// punctuation or line break before or after what they are about, to find it
/// at the start of a clause (`(^|[。！!？?，,；;\n])买…`) or to see it end:
/// the finding is about the words, and a span that starts on the line break
/// ending the previous line (a transcript's previous turn) points at the
/// wrong line, covers a speaker label and puts the finding in no turn. An
/// occurrence that is all separators is kept as it is.
fn trim_separators(text: &str, o: Occ) -> Occ {
    let Some(s) = text.get(o.start as usize..o.end as usize) else { return o };
    let lead = s.len() - s.trim_start_matches(is_edge_separator).len();
    let mut body = &s[lead..];
    while let Some(last) = body.chars().next_back() {
        if !is_edge_separator(last) {
            break;
        }
        let rest = &body[..body.len() - last.len_utf8()];
        if last == '.' && abbreviation_dot(rest) {
            break;
        }
        body = rest;
    }
    if body.is_empty() {
        return o;
    }
    let start = o.start + lead as u32;
    Occ { start, end: start + body.len() as u32 }
}

fn finding(index: &MatchIndex, rule: &CompiledRule, severity: Severity, occ: Option<Occ>) -> Finding {
    let doc = index.doc;
    let mut claim = None;
    let (span, matched, turn, page) = match occ {
        Some(o) => {
            if reads_an_answer(rule) {
                let (a, b) = index.sentence_at(o.start);
                let source = |at: u32| doc.source_start(index.norm.map.map_start(at as usize));
                claim = Some((source(a), source(b)));
            }
            let o = Occ { end: complete_number(&index.norm.text, o.end as usize) as u32, ..o };
            let o = trim_separators(&index.norm.text, o);
            let text_start = index.norm.map.map_start(o.start as usize);
            let text_end = index.norm.map.map_end(o.end as usize).max(text_start);
            let src_start = doc.source_start(text_start);
            let src_end = doc.source_end(text_end).max(src_start);
            let lines = index.lines();
            // In a PDF, lines count from the top of the page the span starts on.
            let first_line = doc.page_first_line(lines, src_start);
            let pos = |off: usize| {
                let (line, column) = lines.line_col(&doc.source, off);
                Position { line: (line + 1).saturating_sub(first_line).max(1), column, offset: off }
            };
            let matched = doc.text.get(text_start..text_end).unwrap_or_default().to_string();
            (
                Some(Span { start: pos(src_start), end: pos(src_end) }),
                Some(matched),
                index.turn_number(o.start),
                doc.page_of(src_start),
            )
        }
        None => (None, None, None, None),
    };
    let message = render_message(&rule.message, matched.as_deref(), index);
    // The fix's text takes the message's placeholders: it is what a tool
    // puts into the copy, so it says this product's name, not `{product.name}`.
    let fill = |t: &str| render_message(t, matched.as_deref(), index);
    let fix = rule.fix.as_ref().map(|f| match f {
        FixSpec::Remove => Fix::Remove,
        FixSpec::Replace(t) => Fix::Replace { text: fill(t) },
        FixSpec::Insert(t) => Fix::Insert { text: fill(t) },
        FixSpec::Append(t) => Fix::Append { text: fill(t) },
    });
    Finding {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity,
        message,
        span,
        matched,
        citation: rule.citation.clone(),
        fix,
        turn,
        page,
        basis: match (&rule.check, &span) {
            (CCheck::Report, None) => Some(Basis::Whole(
                metadata_basis(rule.when.as_ref(), &doc.metadata)
                    .unwrap_or_else(|| "from the document as a whole".to_string()),
            )),
            _ => None,
        },
        merged: Vec::new(),
        claim,
    }
}

/// Whether `rule` finds words of an answer (`forbid agent says … in reply
/// to …`): whatever of one answer it finds is one claim ([`Finding::claim`]).
fn reads_an_answer(rule: &CompiledRule) -> bool {
    let CCheck::Forbid(m) = &rule.check else { return false };
    m.clauses
        .iter()
        .any(|c| matches!(c, CClause::Context { negated: false, context: CContext::InReplyTo(_) }))
}

/// What made a condition true: the metadata fields and the first text
/// occurrence of each `text has` among the parts that decided it.
#[derive(Debug, Default)]
struct Deciders {
    fields: Vec<Field>,
    text: Vec<Occ>,
}

impl Deciders {
    fn add_field(&mut self, f: Field) {
        if !self.fields.contains(&f) {
            self.fields.push(f);
        }
    }
}

/// The fields a condition reads, in order.
fn cond_fields(c: &CCond, out: &mut Deciders) {
    match c {
        CCond::And(a, b) | CCond::Or(a, b) => {
            cond_fields(a, out);
            cond_fields(b, out);
        }
        CCond::Not(a) => cond_fields(a, out),
        CCond::Compare { field, rhs, .. } => {
            out.add_field(*field);
            if let CRhs::Field(f) = rhs {
                out.add_field(*f);
            }
        }
        CCond::In { field, .. } | CCond::Contains { field, .. } | CCond::Exists(field) => {
            out.add_field(*field)
        }
        CCond::TextHas(_) => {}
    }
}

/// When `cond` is true: what decided it. Both sides of a true `and`, the
/// first true side of an `or` (`segments contains elderly or text has
/// vulnerable_audience` is decided by the metadata when the metadata says
/// so, and by the text only when it does not), the fields of a true `not`
/// (an absence has no place in the text). `None` when it is not true.
fn deciders(index: &MatchIndex, metadata: &Metadata, cond: &CCond) -> Option<Deciders> {
    match cond {
        CCond::And(a, b) => {
            let mut d = deciders(index, metadata, a)?;
            let e = deciders(index, metadata, b)?;
            for f in e.fields {
                d.add_field(f);
            }
            d.text.extend(e.text);
            Some(d)
        }
        CCond::Or(a, b) => deciders(index, metadata, a).or_else(|| deciders(index, metadata, b)),
        CCond::TextHas(m) => index.first_match(m).map(|o| Deciders { fields: Vec::new(), text: vec![o] }),
        atom => (eval_cond(index, metadata, atom, &mut BTreeSet::new()) == Truth::True).then(|| {
            let mut d = Deciders::default();
            cond_fields(atom, &mut d);
            d
        }),
    }
}

/// The finding of a `report` rule whose condition the text decided: at the
/// first of the occurrences that decided it, with a note naming the others
/// and the metadata that decided it with them (not the metadata that did
/// not: `audience.segments = [general]` is no reason to report a product
/// aimed at the elderly).
fn text_decided(index: &MatchIndex, rule: &CompiledRule, severity: Severity, d: &Deciders) -> Finding {
    let mut occ = d.text.clone();
    occ.sort_unstable();
    occ.dedup();
    let mut f = finding(index, rule, severity, occ.first().copied());
    let others: Vec<String> = occ
        .iter()
        .skip(1)
        .filter_map(|&o| finding(index, rule, severity, Some(o)).span)
        .map(|s| format!("line {}, column {}", s.start.line, s.start.column))
        .collect();
    let mut note = "decided on the text here".to_string();
    if !others.is_empty() {
        note.push_str(&format!(" (and at {})", others.join("; ")));
    }
    let present: Vec<String> = d
        .fields
        .iter()
        .filter(|f| **f != Field::DocumentLanguage && **f != Field::DocumentKind)
        .filter_map(|f| index.doc.metadata.get(*f).map(|v| format!("{} = {v}", f.path())))
        .collect();
    if !present.is_empty() {
        note.push_str(&format!(", with its metadata: {}", present.join(", ")));
    }
    f.basis = Some(Basis::Text(note));
    f
}

/// For a `require A` that fails only because of where A must be (`in first
/// 20%`, `in heading`, `under heading P`, `not in fine print`): where A
/// first occurs without those clauses, so the finding does not call text
/// that is in the document "missing".
fn elsewhere(index: &MatchIndex, rule: &CompiledRule, severity: Severity, m: &CMatcher) -> Option<Basis> {
    let mut places = Vec::new();
    let mut anywhere = m.clone();
    anywhere.clauses.retain(|c| {
        let place = match c {
            CClause::Context { negated: false, context: CContext::InFirstPercent(n) } => {
                format!("in the first {n}%")
            }
            CClause::Context { negated: false, context: CContext::InHeading } => "in a heading".to_string(),
            CClause::Context { negated: false, context: CContext::UnderHeading(_) } => {
                "under the heading it names".to_string()
            }
            CClause::Context { negated: false, context: CContext::InFinePrint } => {
                "in fine print".to_string()
            }
            CClause::Context { negated: true, context: CContext::InFinePrint } => {
                "outside fine print".to_string()
            }
            _ => return true,
        };
        places.push(place);
        false
    });
    if places.is_empty() {
        return None;
    }
    let occ = index.first_match(&anywhere)?;
    let found = finding(index, rule, severity, Some(occ));
    Some(Basis::Elsewhere { place: places.join(" and "), at: found.span?.start, page: found.page })
}

/// What a `report` rule's finding about the whole document was decided
/// on: the metadata its condition tests, as the document has it
/// (`product.risk_level = R5, audience.risk_tolerance = C2`), and whether
/// its condition reads the text too.
fn metadata_basis(when: Option<&CCond>, metadata: &Metadata) -> Option<String> {
    fn walk(c: &CCond, fields: &mut Vec<Field>, text: &mut bool) {
        let mut add = |f: Field| {
            if !fields.contains(&f) {
                fields.push(f);
            }
        };
        match c {
            CCond::And(a, b) | CCond::Or(a, b) => {
                walk(a, fields, text);
                walk(b, fields, text);
            }
            CCond::Not(a) => walk(a, fields, text),
            CCond::Compare { field, rhs, .. } => {
                add(*field);
                if let CRhs::Field(f) = rhs {
                    add(*f);
                }
            }
            CCond::In { field, .. } | CCond::Contains { field, .. } | CCond::Exists(field) => add(*field),
            CCond::TextHas(_) => *text = true,
        }
    }
    let (mut fields, mut text) = (Vec::new(), false);
    walk(when?, &mut fields, &mut text);
    let present: Vec<String> = fields
        .into_iter()
        .filter(|f| *f != Field::DocumentLanguage && *f != Field::DocumentKind)
        .filter_map(|f| metadata.get(f).map(|v| format!("{} = {v}", f.path())))
        .collect();
    Some(match (present.is_empty(), text) {
        (false, false) => format!("from its metadata: {}", present.join(", ")),
        (false, true) => {
            format!("from its metadata ({}) and the rule's conditions on its text", present.join(", "))
        }
        (true, _) => "from what its text says as a whole, not at one place".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::{Occ, fix_article, trim_separators};

    fn trimmed(text: &str) -> &str {
        let o = trim_separators(text, Occ { start: 0, end: text.len() as u32 });
        &text[o.start as usize..o.end as usize]
    }

    #[test]
    fn separators_at_the_edges_of_a_match_are_not_part_of_it() {
        assert_eq!(trimmed("\n好,买二十万。"), "好,买二十万");
        assert_eq!(trimmed(",买五十万。"), "买五十万");
        assert_eq!(trimmed(" capital guaranteed. "), "capital guaranteed");
        assert_eq!(trimmed("保本吗?"), "保本吗");
        // Inner separators stay, and so does an abbreviation's full stop.
        assert_eq!(trimmed("好,买"), "好,买");
        assert_eq!(trimmed("4.5% p.a."), "4.5% p.a.");
        assert_eq!(trimmed("the U.S."), "the U.S.");
        assert_eq!(trimmed("approx."), "approx");
        // All separators: kept, not made empty.
        assert_eq!(trimmed("。\n"), "。\n");
    }

    #[test]
    fn an_before_a_value_said_with_a_vowel() {
        for (before, value, after) in [
            ("A ", "R5", "An "),
            ("Promoted as a ", "R4", "Promoted as an "),
            ("A ", "C2", "A "),
            ("A ", "elderly", "An "),
            ("A ", "unit", "A "),
            ("Ask A ", "R5", "Ask An "),
            ("DATA ", "R5", "DATA "),
            ("高风险 ", "R5", "高风险 "),
        ] {
            let mut out = before.to_string();
            fix_article(&mut out, value);
            assert_eq!(out, after, "{before}{value}");
        }
    }
}
