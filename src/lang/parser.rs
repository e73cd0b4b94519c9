//! Source text → [`RuleFile`]. The file is cut into top-level items first
//! and each item is parsed on its own, so that every broken rule in a file is
//! reported, not just the first.

use super::ast::*;
use super::diag::Diagnostic;
use super::suggest::closest;
use crate::finding::Severity;
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/disclint.pest"]
pub(super) struct RuleParser;

/// Words that cannot name a term list.
pub const KEYWORDS: &[&str] = &[
    "pack",
    "use",
    "terms",
    "file",
    "rule",
    "title",
    "category",
    "severity",
    "cite",
    "description",
    "message",
    "draft",
    "when",
    "forbid",
    "require",
    "report",
    "fix",
    "remove",
    "replace",
    "insert",
    "append",
    "example",
    "fail",
    "pass",
    "with",
    "unless",
    "except",
    "near",
    "within",
    "preceded",
    "followed",
    "by",
    "in",
    "same",
    "as",
    "each",
    "before",
    "sentence",
    "paragraph",
    "turn",
    "heading",
    "first",
    "text",
    "has",
    "agent",
    "customer",
    "says",
    "and",
    "or",
    "not",
    "exists",
    "contains",
];

const RULE_PROPERTIES: &[&str] = &[
    "title",
    "category",
    "severity",
    "cite",
    "description",
    "message",
    "draft",
    "when",
    "forbid",
    "require",
    "report",
    "fix",
    "example",
];
const PACK_PROPERTIES: &[&str] = &["title", "jurisdiction", "language", "version", "description", "applies"];
const ITEM_KEYWORDS: &[&str] = &["pack", "use", "terms", "rule"];

/// Deeper bracket nesting than this is refused before parsing: no real rule
/// needs it, and it keeps the recursive tree walk far from the stack limit.
const MAX_NESTING: usize = 64;

/// Parses one rule file. On errors returns all of them.
pub fn parse(file: &str, source: &str) -> Result<RuleFile, Vec<Diagnostic>> {
    parse_partial(file, source).map_err(|partial| partial.diagnostics)
}

/// A rule file with errors, as far as it parses (see [`parse_partial`]).
#[derive(Debug)]
pub struct Partial {
    pub ast: RuleFile,
    /// Every error and warning: syntax, and the validation of `ast`.
    pub diagnostics: Vec<Diagnostic>,
}

/// [`parse`], returning on errors what did parse as well: every item
/// without a syntax error; of a rule or `pack` header with one, the
/// properties before it (a rule so cut short is marked `partial`); and in
/// [`RuleFile::unread`] what the broken items may define. The diagnostics
/// include the validation of that tree, so the caller can resolve its
/// names and report every problem of the file in one run.
pub fn parse_partial(file: &str, source: &str) -> Result<RuleFile, Box<Partial>> {
    let quotes = wrong_quotes(source);
    if quotes.is_empty() {
        return parse_checked(file, source);
    }
    // A Chinese input method types “…” for ", so a file often has several
    // such strings: each is reported, and the rest of the file is parsed as
    // if they were straight-quoted, so its other errors show too.
    let mut fixed = source.to_string();
    for q in &quotes {
        fixed.replace_range(q.open.clone(), &straight(q.open.len(), true));
        if let Some(close) = &q.close {
            fixed.replace_range(close.clone(), &straight(close.len(), false));
        }
    }
    let (ast, mut diags) = match parse_checked(file, &fixed) {
        Ok(ast) => {
            let diags = super::validate::validate(file, &ast);
            (ast, diags)
        }
        Err(partial) => (partial.ast, partial.diagnostics),
    };
    // The fixed text has the same offsets, but a quote's replacement is
    // ASCII where the original has one wider character.
    let floor = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    for d in &mut diags {
        d.span = Span { start: floor(d.span.start), end: floor(d.span.end).max(floor(d.span.start)) };
    }
    // A quote with no closing one leaves the rest of its line unparsable:
    // what the parser says about it is this one mistake again.
    let unclosed: Vec<std::ops::Range<usize>> = quotes
        .iter()
        .filter(|q| q.close.is_none())
        .map(|q| {
            q.open.start..source[q.open.start..].find('\n').map_or(source.len(), |i| q.open.start + i + 1)
        })
        .collect();
    diags.retain(|d| !unclosed.iter().any(|r| r.contains(&d.span.start)));
    diags.extend(quotes.iter().map(|q| q.diagnostic(file, source)));
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    Err(Box::new(Partial { ast, diagnostics: diags }))
}

/// A straight quote the byte length of the quote it replaces, padded with
/// spaces outside the string so that its content is unchanged.
fn straight(len: usize, opening: bool) -> String {
    let pad = " ".repeat(len.saturating_sub(1));
    if opening { format!("{pad}\"") } else { format!("\"{pad}") }
}

/// Quote characters that are not the rule language's `"`, as a string's
/// opening or closing quote: Chinese (curly) quotes, single quotes and the
/// full-width `＂`.
const WRONG_QUOTES: &[(&str, &str)] = &[
    ("\u{201C}", "Chinese quotes “…”"),
    ("\u{201D}", "Chinese quotes “…”"),
    ("\u{2018}", "curly single quotes ‘…’"),
    ("\u{2019}", "curly single quotes ‘…’"),
    ("'", "single quotes '…'"),
    ("\u{FF02}", "full-width quotes ＂…＂"),
];

/// A string written between wrong quotes (`close` is `None` when no quote
/// closes it on its line).
struct WrongQuote {
    open: std::ops::Range<usize>,
    close: Option<std::ops::Range<usize>>,
    kind: &'static str,
}

impl WrongQuote {
    fn diagnostic(&self, file: &str, source: &str) -> Diagnostic {
        let end = self.close.as_ref().map_or(self.open.end, |c| c.end);
        let written = &source[self.open.start..end];
        let d = Diagnostic::error(
            file,
            Span { start: self.open.start, end },
            format!("expected a string, found `{written}`"),
        )
        .with_label(self.kind);
        match &self.close {
            Some(close) => d.with_help(format!(
                "strings use straight double quotes: \"{}\"",
                &source[self.open.end..close.start]
            )),
            None => d.with_help("strings use straight double quotes: \"…\""),
        }
    }
}

/// The strings between wrong quotes outside strings, regexes and comments.
fn wrong_quotes(source: &str) -> Vec<WrongQuote> {
    let quote_at = |at: usize| {
        WRONG_QUOTES.iter().find(|(q, _)| source.as_bytes()[at..].starts_with(q.as_bytes())).copied()
    };
    let mut out = Vec::new();
    for (at, _) in code_chars(source) {
        if out.last().is_some_and(|q: &WrongQuote| q.close.as_ref().map_or(q.open.end, |c| c.end) > at) {
            continue;
        }
        let Some((q, kind)) = quote_at(at) else { continue };
        let open = at..at + q.len();
        let line_end = source[open.end..].find('\n').map_or(source.len(), |i| open.end + i);
        // Closed by any quote on the line, a straight one included (“保本").
        let close = source[open.end..line_end].char_indices().map(|(i, _)| open.end + i).find_map(|i| {
            let c = source[i..].chars().next()?;
            let q = WRONG_QUOTES.iter().find(|(q, _)| source[i..].starts_with(q)).map(|(q, _)| q.len());
            q.or((c == '"').then_some(1)).map(|len| i..i + len)
        });
        out.push(WrongQuote { open, close, kind });
    }
    out
}

/// Offsets of the characters outside strings, regexes and comments.
fn code_chars(source: &str) -> Vec<(usize, char)> {
    let b = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"\"\"\"") {
            i = source[i + 3..].find("\"\"\"").map_or(b.len(), |rel| i + 3 + rel + 3);
        } else if c == b'"' || c == b'/' {
            i += 1;
            while i < b.len() && b[i] != b'\n' {
                if b[i] == b'\\' && i + 1 < b.len() && b[i + 1] != b'\n' {
                    // The escaped character may be wider than a byte.
                    i += 1 + source[i + 1..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                i += 1;
                if b[i - 1] == c {
                    break;
                }
            }
        } else {
            let ch = source[i..].chars().next().unwrap_or(' ');
            out.push((i, ch));
            i += ch.len_utf8();
        }
    }
    out
}

fn parse_checked(file: &str, source: &str) -> Result<RuleFile, Box<Partial>> {
    let scan = scan(source);
    let mut out = RuleFile::default();
    let mut syntax_errors: Vec<Diagnostic> = Vec::new();
    let mut b = Builder { file, base: 0, diags: Vec::new() };
    let mut first_item = true;

    for (start, end) in chunks(source, &scan.item_starts) {
        let text = &source[start..end];
        // Text before the first item that is no item (a `//` comment) does
        // not make a `pack` header after it come too late.
        let is_item = scan.item_starts.binary_search(&start).is_ok();
        let broken: Vec<&(usize, Unclosed)> =
            scan.unclosed.iter().filter(|(p, _)| *p >= start && *p < end).collect();
        if let Some(&&(cut, _)) = broken.first() {
            for (pos, kind) in broken {
                syntax_errors.push(unclosed_diag(file, source, *pos, *kind));
            }
            b.base = start;
            b.partial(text, cut - start, first_item, &mut out);
            first_item &= !is_item;
            continue;
        }
        if let Some(pos) = too_deep(text) {
            syntax_errors.push(
                Diagnostic::error(
                    file,
                    Span { start: start + pos, end: start + pos + 1 },
                    "nesting too deep",
                )
                .with_label(format!("more than {MAX_NESTING} levels of brackets")),
            );
            // Not read any further: the point of the limit is to keep the
            // parser away from such text. What it may define is unknown.
            out.unread.any_terms = true;
            out.unread.any_use = true;
            out.unread.pack_name |= first_item && out.pack.is_none() && text.starts_with("pack");
            first_item &= !is_item;
            continue;
        }
        b.base = start;
        let mut e = match RuleParser::parse(Rule::chunk, text) {
            Ok(pairs) => {
                b.item(pairs, first_item, &mut out);
                first_item = false;
                continue;
            }
            Err(e) => e,
        };
        // A slip whose intent is plain (`=` for `==`, `/稳赚/i`) is
        // reported, then mended in a copy of the item, which is parsed
        // again: the rest of the rule is read, so its later errors show in
        // the same run. Each mend keeps every offset, and each error must
        // come after the last one, so this ends.
        let mut mended: Option<String> = None;
        for mends in 0.. {
            let current = mended.as_deref().unwrap_or(text);
            let cut = error_at(&e).min(current.len());
            let repair = if mends < MAX_MENDS { mend(current, &e) } else { None };
            let whole = match &mended {
                Some(m) => std::borrow::Cow::Owned(format!("{}{m}{}", &source[..start], &source[end..])),
                None => std::borrow::Cow::Borrowed(source),
            };
            syntax_errors.push(pest_diag(file, &whole, source, start, end, e));
            let Some(next) = repair else {
                b.partial(current, cut, first_item, &mut out);
                first_item &= !is_item;
                break;
            };
            match RuleParser::parse(Rule::chunk, &next) {
                Ok(pairs) => {
                    b.item(pairs, first_item, &mut out);
                    first_item = false;
                    break;
                }
                Err(again) if error_at(&again) > cut => {
                    e = again;
                    mended = Some(next);
                }
                Err(_) => {
                    b.partial(&next, cut, first_item, &mut out);
                    first_item &= !is_item;
                    break;
                }
            }
        }
    }

    if syntax_errors.is_empty() && b.diags.is_empty() {
        return Ok(out);
    }
    let mut diags = syntax_errors;
    diags.append(&mut b.diags);
    // The items that did parse are validated too, so the caller sees every
    // problem of the file at once, not one per edit.
    diags.extend(super::validate::validate(file, &out));
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    Err(Box::new(Partial { ast: out, diagnostics: diags }))
}

/// Slips mended in one item before the rest of it is given up on.
const MAX_MENDS: usize = 16;

/// Where in its item a syntax error is.
fn error_at(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    }
}

/// The item `text` with the slip the error `e` stopped at mended, when what
/// was meant is plain, so that the rest of the item can be read: `=` where a
/// comparison is expected is read as `==`, flags after a regex
/// (`/稳赚/i`) are left out. `None` for any other error. The mended text
/// has the same length and offsets (`product.category = fund` becomes
/// `product.category == fund` by taking the space next to the `=`); a `=`
/// with no space on either side is not mended. The error itself is
/// reported as before ([`pest_diag`]).
fn mend(text: &str, e: &pest::error::Error<Rule>) -> Option<String> {
    let ErrorVariant::ParsingError { positives, .. } = &e.variant else { return None };
    let pos = error_at(e);
    let rest = text.get(pos..)?;
    let before = &text[..pos];
    let mut out = text.to_string();
    let comparison = positives.contains(&Rule::cmp_op) || positives.contains(&Rule::cmp_tail);
    if comparison && rest.starts_with('=') && !rest.starts_with("==") {
        if rest[1..].starts_with([' ', '\t']) {
            out.replace_range(pos..pos + 2, "==");
        } else if before.ends_with([' ', '\t']) {
            out.replace_range(pos - 1..pos + 1, "==");
        } else {
            return None;
        }
        return Some(out);
    }
    // As `pest_diag` tells regex flags: letters right after a regex's closing `/`.
    let flags = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let word = &rest[..flags];
    if flags > 0 && word.chars().all(|c| "imsxugUR".contains(c)) && before.ends_with('/') {
        if !before.trim_end_matches('/').contains('/') {
            return None;
        }
        out.replace_range(pos..pos + flags, &" ".repeat(flags));
        return Some(out);
    }
    None
}

// ------------------------------------------------------------------ scanning

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unclosed {
    String,
    TripleString,
    Regex,
}

pub(super) struct Scan {
    /// Byte offsets of `pack`/`use`/`terms`/`rule` that start a line.
    pub(super) item_starts: Vec<usize>,
    unclosed: Vec<(usize, Unclosed)>,
}

/// Finds item boundaries and unterminated literals, stepping over strings,
/// regexes and comments so a `rule` inside them is not taken for an item.
pub(super) fn scan(source: &str) -> Scan {
    let b = source.as_bytes();
    let mut item_starts = Vec::new();
    let mut unclosed = Vec::new();
    let mut at_line_start = true;
    let mut i = 0;
    // All delimiters are ASCII, and UTF-8 continuation bytes are never ASCII,
    // so stepping by bytes is safe and every offset we record is a char boundary.
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                at_line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                at_line_start = false;
                match source[i + 3..].find("\"\"\"") {
                    Some(rel) => i = i + 3 + rel + 3,
                    None => {
                        unclosed.push((i, Unclosed::TripleString));
                        i += 3;
                    }
                }
            }
            b'"' | b'/' => {
                at_line_start = false;
                let start = i;
                i += 1;
                loop {
                    if i >= b.len() || b[i] == b'\n' || b[i] == b'\r' {
                        let kind = if c == b'"' { Unclosed::String } else { Unclosed::Regex };
                        unclosed.push((start, kind));
                        break;
                    }
                    if b[i] == b'\\' && i + 1 < b.len() && b[i + 1] != b'\n' && b[i + 1] != b'\r' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    if b[i - 1] == c {
                        break;
                    }
                }
            }
            _ if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if at_line_start && ITEM_KEYWORDS.contains(&&source[start..i]) {
                    item_starts.push(start);
                }
                at_line_start = false;
            }
            _ => {
                at_line_start = false;
                i += 1;
            }
        }
    }
    Scan { item_starts, unclosed }
}

/// The byte ranges to parse separately: each item, plus any stray text
/// before the first one.
pub(super) fn chunks(source: &str, starts: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let first = starts.first().copied().unwrap_or(source.len());
    if !is_trivia(&source[..first]) {
        out.push((0, first));
    }
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(source.len());
        out.push((s, e));
    }
    out
}

fn is_trivia(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start_matches([' ', '\t', '\r', '\u{FEFF}', '\u{3000}']);
        l.is_empty() || l.starts_with('#')
    })
}

/// The offset of the first bracket nested deeper than [`MAX_NESTING`]
/// (brackets inside literals and comments may be miscounted; that only
/// matters for absurd files).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut nots = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if text[i..].starts_with("not ") {
            nots += 1;
            if nots > MAX_NESTING * 4 {
                return Some(i);
            }
        }
    }
    None
}

fn unclosed_diag(file: &str, source: &str, pos: usize, kind: Unclosed) -> Diagnostic {
    let (len, what, help) = match kind {
        Unclosed::String => (
            1,
            "unterminated string",
            "add the closing `\"` on the same line; for text over several lines use \"\"\"…\"\"\"",
        ),
        Unclosed::TripleString => (3, "unterminated string", "add the closing `\"\"\"`"),
        Unclosed::Regex => (
            1,
            "unterminated regex",
            "add the closing `/` on the same line; write `\\/` for a slash inside the regex",
        ),
    };
    let end = (pos + len).min(source.len());
    Diagnostic::error(file, Span { start: pos, end }, what)
        .with_label(if kind == Unclosed::Regex {
            "this regex is never closed"
        } else {
            "this string is never closed"
        })
        .with_help(help)
}

// ------------------------------------------------------------ pest errors

/// What a grammar rule is called in an error message, or `None` for rules
/// that should never be named.
fn friendly(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of the item",
        Rule::item | Rule::chunk => "`pack`, `use`, `terms` or `rule`",
        Rule::pack_def => "`pack`",
        Rule::use_def => "`use`",
        Rule::terms_def => "`terms`",
        Rule::rule_def => "`rule`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbrack => "`[`",
        Rule::rbrack => "`]`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::equals => "`=`",
        Rule::percent => "`%`",
        Rule::ident | Rule::pattern_ref => "a name",
        Rule::term_name => "a term-list name",
        Rule::dotted_name => "a pack name (like cn.wealth)",
        Rule::rule_id => "a rule id (like CN-WM-GUARANTEE)",
        Rule::category_name => "a category (like prohibited.guarantee)",
        Rule::severity_word => "a severity (error, warning or info)",
        Rule::int => "a number",
        Rule::bare_word | Rule::value => "a value",
        Rule::version_word => "a version",
        Rule::string | Rule::dq_str | Rule::triple_str => "a string",
        Rule::regex => "a regex",
        Rule::pattern | Rule::pattern_list => "a pattern (a string, /regex/, [list] or term-list name)",
        Rule::pack_prop => "a pack property (title, jurisdiction, language, version, description, applies)",
        Rule::rule_prop => {
            "a rule property (title, category, severity, cite, description, message, draft, when, forbid, require, report, fix, example)"
        }
        Rule::term_file => "`file`",
        Rule::speaker => "`agent says` or `customer says`",
        Rule::matcher
        | Rule::requirement
        | Rule::req_present
        | Rule::req_before
        | Rule::req_near_each
        | Rule::req_same_each => "a pattern to match",
        Rule::clause | Rule::ctx_clause | Rule::except_clause | Rule::context => {
            "a clause (near, preceded by, followed by, in …, under heading, unless, except)"
        }
        Rule::near_ctx => "`near`",
        Rule::preceded_ctx => "`preceded by`",
        Rule::followed_ctx => "`followed by`",
        Rule::same_ctx | Rule::heading_ctx | Rule::fineprint_ctx | Rule::first_ctx => "`in`",
        Rule::under_ctx => "`under heading`",
        Rule::scope => "`sentence`, `paragraph` or `turn`",
        Rule::cond
        | Rule::cond_or
        | Rule::cond_and
        | Rule::cond_not
        | Rule::cond_primary
        | Rule::cond_atom => "a condition",
        Rule::text_has => "`text has`",
        Rule::says_atom => "`agent says` or `customer says`",
        Rule::field_cond | Rule::field => "a metadata field (like product.risk_level)",
        Rule::field_operand | Rule::operand => "a value or metadata field",
        Rule::in_tail => "`in`",
        Rule::contains_tail => "`contains`",
        Rule::cmp_tail | Rule::cmp_op => "a comparison (==, !=, <, <=, >, >=)",
        Rule::meta_map => "`{`",
        Rule::meta_entry => "a metadata field (like product.risk_level)",
        Rule::meta_list => "a value or [list]",
        Rule::fix_replace => "`replace`",
        Rule::fix_insert => "`insert`",
        Rule::fix_append => "`append`",
        Rule::kw_pack => "`pack`",
        Rule::kw_use => "`use`",
        Rule::kw_terms => "`terms`",
        Rule::kw_file => "`file`",
        Rule::kw_rule => "`rule`",
        Rule::kw_title => "`title`",
        Rule::kw_category => "`category`",
        Rule::kw_severity => "`severity`",
        Rule::kw_cite => "`cite`",
        Rule::kw_description => "`description`",
        Rule::kw_message => "`message`",
        Rule::kw_draft => "`draft`",
        Rule::kw_when => "`when`",
        Rule::kw_forbid => "`forbid`",
        Rule::kw_require => "`require`",
        Rule::kw_report => "`report`",
        Rule::kw_fix => "`fix`",
        Rule::kw_remove => "`remove`",
        Rule::kw_replace => "`replace`",
        Rule::kw_insert => "`insert`",
        Rule::kw_append => "`append`",
        Rule::kw_example => "`example`",
        Rule::kw_fail => "`fail`",
        Rule::kw_pass => "`pass`",
        Rule::kw_with => "`with`",
        Rule::kw_unless => "`unless`",
        Rule::kw_except => "`except`",
        Rule::kw_near => "`near`",
        Rule::kw_within => "`within`",
        Rule::kw_preceded => "`preceded`",
        Rule::kw_followed => "`followed`",
        Rule::kw_by => "`by`",
        Rule::kw_in => "`in`",
        Rule::kw_same => "`same`",
        Rule::kw_as => "`as`",
        Rule::kw_each => "`each`",
        Rule::kw_before => "`before`",
        Rule::kw_sentence => "`sentence`",
        Rule::kw_paragraph => "`paragraph`",
        Rule::kw_turn => "`turn`",
        Rule::kw_heading => "`heading`",
        Rule::kw_fine => "`fine`",
        Rule::kw_print => "`print`",
        Rule::kw_reply => "`reply`",
        Rule::kw_to => "`to`",
        Rule::kw_under => "`under`",
        Rule::kw_first => "`first`",
        Rule::kw_text => "`text`",
        Rule::kw_has => "`has`",
        Rule::kw_agent => "`agent`",
        Rule::kw_customer => "`customer`",
        Rule::kw_says => "`says`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_not => "`not`",
        Rule::kw_exists => "`exists`",
        Rule::kw_contains => "`contains`",
        Rule::kw_jurisdiction => "`jurisdiction`",
        Rule::kw_language => "`language`",
        Rule::kw_version => "`version`",
        Rule::kw_applies => "`applies`",
        _ => return None,
    })
}

fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The extent of the token starting at `pos`, for underlining.
fn token_at(source: &str, pos: usize) -> Span {
    let rest = &source[pos..];
    let Some(c) = rest.chars().next() else {
        return Span { start: pos, end: pos };
    };
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let len = if c == '"' {
        rest[1..].find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else if is_word(c) {
        rest.find(|c: char| !is_word(c)).unwrap_or(rest.len())
    } else {
        c.len_utf8()
    };
    Span { start: pos, end: pos + len.min(rest.len()) }
}

fn describe_token(source: &str, span: Span) -> String {
    if span.start >= source.len() {
        return "end of file".to_string();
    }
    let text = &source[span.start..span.end];
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && let Some(invisible) = super::hints::describe_invisible(c)
    {
        return invisible;
    }
    if text.starts_with('"') { "a string".to_string() } else { format!("`{text}`") }
}

/// The diagnostic for a syntax error of the item `start..end` of `source`
/// (with earlier slips in the item mended, see [`mend`]); `original` is the
/// file as written, whose text decides where a missing token belongs.
fn pest_diag(
    file: &str,
    source: &str,
    original: &str,
    start: usize,
    end: usize,
    e: pest::error::Error<Rule>,
) -> Diagnostic {
    let rel = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let pos = (start + rel).min(source.len());
    let span = token_at(source, pos);
    // When the unexpected token is on a later line, the thing missing
    // belongs at the end of the previous token: point there, like rustc.
    // After the flags of `/稳赚/i`, not after the `/`, though the flags are
    // mended away in `source`.
    let before = original.get(..pos).unwrap_or(&source[..pos]).trim_end();
    let closer = pos >= end || matches!(source[pos..].chars().next(), Some('}' | ']' | ')'));
    let point = if closer && before.len() < pos && source[before.len()..pos].contains('\n') {
        Span { start: before.len(), end: before.len() }
    } else {
        span
    };
    let found = if pos >= end && end < source.len() {
        // Past the end of this item: the next item's keyword follows.
        format!("{} (the next item)", describe_token(source, span))
    } else {
        describe_token(source, span)
    };
    match e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = Vec::new();
            for r in &positives {
                if let Some(n) = friendly(*r)
                    && !names.contains(&n)
                {
                    names.push(n);
                }
            }
            // Descriptions ("a string") read better before bare tokens ("`}`").
            names.sort_by_key(|n| !n.starts_with("a "));
            let expected = join_alternatives(&names);
            let mut d = Diagnostic::error(file, point, format!("expected {expected}, found {found}"))
                .with_label(format!("expected {}", short_expected(&names)));
            let word = &source[span.start..span.end];
            let props: Option<&[&str]> = if positives.contains(&Rule::rule_prop) {
                Some(RULE_PROPERTIES)
            } else if positives.contains(&Rule::pack_prop) {
                Some(PACK_PROPERTIES)
            } else {
                None
            };
            // A misspelt clause word (`unles`) is as likely as a misspelt property.
            const CLAUSE_WORDS: &[&str] = &["unless", "except", "near", "preceded", "followed", "within"];
            let clause =
                positives.iter().any(|r| matches!(r, Rule::clause | Rule::ctx_clause | Rule::context));
            // Every keyword the parser would have accepted here (`adn` → `and`,
            // `precded` → `preceded`): the words quoted in the expected items.
            let mut keywords: Vec<&str> = Vec::new();
            for r in &positives {
                let Some(n) = friendly(*r) else { continue };
                for quoted in n.split('`').skip(1).step_by(2) {
                    let first = quoted.split(' ').next().unwrap_or("");
                    if first.chars().all(|c| c.is_ascii_alphabetic()) && !keywords.contains(&first) {
                        keywords.push(first);
                    }
                }
            }
            let suggestion = props
                .and_then(|props| closest(word, props.iter().copied()))
                .or_else(|| clause.then(|| closest(word, CLAUSE_WORDS.iter().copied())).flatten())
                .or_else(|| {
                    let is_word = word.chars().all(|c| c.is_ascii_alphabetic());
                    is_word.then(|| closest(word, keywords.iter().copied())).flatten()
                });
            if let Some(s) = suggestion {
                d = d.with_help(format!("did you mean `{s}`?"));
            } else if (positives.contains(&Rule::pattern) || positives.contains(&Rule::matcher))
                && word.chars().next().is_some_and(|c| c.is_alphanumeric())
            {
                d = d.with_help(format!(
                    "text to look for must be quoted, e.g. `\"{word}\"`; a bare name must be a term list, and keywords cannot be names"
                ));
            } else if positives.contains(&Rule::kw_within) {
                d = d.with_help("give a distance in characters, e.g. `within 4`");
            } else if pos >= end && positives.contains(&Rule::rbrace) {
                d = d.with_help("is a closing `}` missing?");
            }
            // What a Chinese keyboard, a paste or a plain-language guess put
            // here says more than any "did you mean".
            let any = |rules: &[Rule]| rules.iter().any(|r| positives.contains(r));
            let expected = super::hints::Expected {
                pattern: any(&[
                    Rule::pattern,
                    Rule::pattern_list,
                    Rule::matcher,
                    Rule::requirement,
                    Rule::req_present,
                    Rule::req_before,
                    Rule::req_near_each,
                    Rule::req_same_each,
                ]),
                string: any(&[Rule::string, Rule::dq_str, Rule::triple_str]),
                property: any(&[Rule::rule_prop]),
                comparison: any(&[Rule::cmp_op, Rule::cmp_tail]),
                operand: any(&[Rule::field_operand, Rule::operand]),
                severity: any(&[Rule::severity_word]),
            };
            if let Some(h) = super::hints::hint(source, pos, span.end, expected) {
                d.help = Some(h);
            }
            // `/guaranteed/i`: flags written after a regex, as in other languages.
            let flags = !word.is_empty() && word.chars().all(|c| "imsxugUR".contains(c));
            if flags && source[..pos].ends_with('/') && source[..pos].trim_end_matches('/').contains('/') {
                d = Diagnostic::error(file, span, format!("regex flags are not supported, found `{word}`"))
                    .with_label("flags after the closing `/`")
                    .with_help(
                        "a regex takes no flags; for case-insensitivity none is needed: the text and every \
                         pattern are case-folded before matching",
                    );
            }
            d
        }
        ErrorVariant::CustomError { message } => Diagnostic::error(file, point, message),
    }
}

/// A short form of the expected list for the label under the token.
fn short_expected(names: &[&str]) -> String {
    let short: Vec<&str> = names.iter().map(|n| n.split(" (").next().unwrap_or(n)).collect();
    if short.len() > 4 { format!("one of {} things", short.len()) } else { join_alternatives(&short) }
}

// ------------------------------------------------------------ tree building

struct Builder<'a> {
    file: &'a str,
    /// Offset of the chunk being built within the whole file.
    base: usize,
    diags: Vec<Diagnostic>,
}

fn is_token(r: Rule) -> bool {
    matches!(
        r,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lbrack
            | Rule::rbrack
            | Rule::lparen
            | Rule::rparen
            | Rule::comma
            | Rule::colon
            | Rule::equals
            | Rule::percent
    ) || format!("{r:?}").starts_with("kw_")
}

/// The children of a pair that carry content (no keywords or punctuation).
fn kids(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_token(p.as_rule()))
}

fn has_child(pair: &Pair<'_, Rule>, rule: Rule) -> bool {
    pair.clone().into_inner().any(|p| p.as_rule() == rule)
}

/// End of the last token inside `pair`: pest's span for `a ~ b*` can include
/// the whitespace skipped before an empty `b*`.
fn token_end(pair: &Pair<'_, Rule>) -> usize {
    // Literals end with a closing delimiter that is not a pair of its own.
    if matches!(pair.as_rule(), Rule::string | Rule::regex) {
        return pair.as_span().end();
    }
    match pair.clone().into_inner().last() {
        Some(last) => token_end(&last),
        None => pair.as_span().end(),
    }
}

/// Where the properties to keep of a rule or `pack` header cut short by a
/// syntax error at `cut` end (offsets in the item's text): those the parser
/// read past, followed by another property, are whole; the last one only
/// when the error is on a later line, since an error on its own line (the
/// `，` of `forbid "保本"，"保息"`) may be in the middle of it, and what was
/// read of it would be checked as if it were all.
fn kept_before(prefix: &Pair<'_, Rule>, text: &str, cut: usize, prop: Rule) -> usize {
    let Some(last) = prefix.clone().into_inner().filter(|p| p.as_rule() == prop).last() else {
        return usize::MAX;
    };
    let after_last = text.get(token_end(&last)..cut).is_some_and(|gap| gap.contains('\n'));
    if after_last { usize::MAX } else { last.as_span().start() }
}

/// Whether text that is no item (a misspelt keyword, a `//` comment) has
/// the word `word` outside strings and comments: then it may be meant to
/// be that item.
fn says(text: &str, word: &str) -> bool {
    let code: String = code_chars(text).into_iter().map(|(_, c)| c).collect();
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|w| w.eq_ignore_ascii_case(word))
}

impl Builder<'_> {
    /// Adds the item a chunk parsed to (`chunk = { SOI ~ item ~ EOI }`) to `out`.
    fn item(&mut self, mut pairs: pest::iterators::Pairs<'_, Rule>, first_item: bool, out: &mut RuleFile) {
        let Some(item) = pairs.next().and_then(|chunk| chunk.into_inner().next()) else {
            return;
        };
        match item.as_rule() {
            Rule::pack_def => {
                let pack = self.pack(item, usize::MAX);
                self.header(pack, first_item, out);
            }
            Rule::use_def => {
                if let Some(name) = item.into_inner().find(|p| p.as_rule() == Rule::dotted_name) {
                    out.uses.push(self.spanned_str(&name));
                }
            }
            Rule::terms_def => out.terms.push(self.terms(item)),
            Rule::rule_def => out.rules.push(self.rule(item, usize::MAX)),
            _ => {}
        }
    }

    /// Takes `pack` as the file's header, or says why it cannot be.
    fn header(&mut self, pack: PackHeader, first_item: bool, out: &mut RuleFile) {
        if out.pack.is_some() {
            self.diags.push(
                Diagnostic::error(self.file, pack.name.span, "a file has at most one `pack` header")
                    .with_label("second `pack` header"),
            );
        } else if !first_item {
            self.diags.push(
                Diagnostic::error(self.file, pack.name.span, "the `pack` header must come first")
                    .with_label("`pack` after other items")
                    .with_help("move the `pack { … }` block to the top of the file"),
            );
        } else {
            out.pack = Some(pack);
        }
    }

    /// Reads what can be read soundly of an item (`text`, at `self.base`)
    /// that has a syntax error at `cut`: the properties of a rule or a
    /// `pack` header before the error, the name of a term list. What the
    /// rest may define goes into `out.unread`.
    fn partial(&mut self, text: &str, cut: usize, first_item: bool, out: &mut RuleFile) {
        let head = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let prefix = |rule: Rule| RuleParser::parse(rule, text).ok().and_then(|mut pairs| pairs.next());
        match head {
            "rule" => {
                if let Some(p) = prefix(Rule::rule_prefix) {
                    let keep = kept_before(&p, text, cut, Rule::rule_prop);
                    let mut rule = self.rule(p, keep);
                    rule.partial = true;
                    out.rules.push(rule);
                }
            }
            "pack" => match prefix(Rule::pack_prefix) {
                Some(p) => {
                    let keep = kept_before(&p, text, cut, Rule::pack_prop);
                    let pack = self.pack(p, keep);
                    self.header(pack, first_item, out);
                }
                None => out.unread.pack_name |= first_item && out.pack.is_none(),
            },
            "terms" => {
                let name = prefix(Rule::terms_prefix)
                    .and_then(|p| p.into_inner().find(|n| n.as_rule() == Rule::term_name));
                match name {
                    Some(n) => out.unread.terms.push(n.as_str().to_string()),
                    None => out.unread.any_terms = true,
                }
            }
            // A `use` that does not parse may bring in any list.
            "use" => out.unread.any_use = true,
            _ => {
                out.unread.any_terms |= says(text, "terms");
                out.unread.any_use |= says(text, "use");
            }
        }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = self.base + pair.as_span().start();
        let end = self.base + token_end(pair);
        Span { start, end: end.max(start) }
    }

    fn spanned_str(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    fn error(&mut self, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(self.file, span, msg));
        let n = self.diags.len() - 1;
        &mut self.diags[n]
    }

    fn int(&mut self, pair: &Pair<'_, Rule>) -> Spanned<u32> {
        let span = self.span(pair);
        let n = match pair.as_str().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                let d = self.error(span, "number too large");
                d.label = Some(format!("must be at most {}", u32::MAX));
                u32::MAX
            }
        };
        Spanned::new(n, span)
    }

    /// A `string` pair, decoded.
    fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Spanned::new(String::new(), span);
        };
        let text = match inner.as_rule() {
            Rule::triple_str => dedent(inner.into_inner().next().map_or("", |p| p.as_str())),
            _ => {
                let raw = inner.into_inner().next();
                let raw_start = raw.as_ref().map_or(span.start, |p| self.base + p.as_span().start());
                self.unescape(raw.map_or("", |p| p.as_str()), raw_start)
            }
        };
        Spanned::new(text, span)
    }

    fn unescape(&mut self, raw: &str, raw_start: usize) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut it = raw.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = it.next() else { break };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let rest = &raw[i + 2..];
                    let decoded = rest
                        .strip_prefix('{')
                        .and_then(|r| r.split_once('}'))
                        .filter(|(hex, _)| (1..=6).contains(&hex.len()))
                        .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)));
                    match decoded.map(|(len, n)| (len, n, char::from_u32(n))) {
                        Some((len, _, Some(ch))) => {
                            out.push(ch);
                            for _ in 0..len + 2 {
                                it.next();
                            }
                        }
                        // Well-formed, but not a character: say why.
                        Some((len, n, None)) => {
                            let s = Span { start: raw_start + i, end: raw_start + i + len + 4 };
                            let d = self.error(s, "invalid unicode escape");
                            d.label = Some(if n > 0x10FFFF {
                                format!("{n:X} is out of Unicode range (max 10FFFF)")
                            } else {
                                format!("{n:X} is a surrogate code point, not a character")
                            });
                        }
                        None => {
                            let s = Span { start: raw_start + i, end: raw_start + i + 2 };
                            let d = self.error(s, "invalid unicode escape");
                            d.label = Some("expected `\\u{XXXX}` with 1–6 hex digits".into());
                        }
                    }
                }
                other => {
                    let s = Span { start: raw_start + i, end: raw_start + i + 1 + other.len_utf8() };
                    let d = self.error(s, format!("unknown escape `\\{other}`"));
                    d.label = Some("unknown escape".into());
                    d.help = Some("the escapes are \\\" \\\\ \\n \\t \\u{XXXX}".into());
                }
            }
        }
        out
    }

    fn regex(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        let raw = pair.clone().into_inner().next().map_or("", |p| p.as_str());
        let mut out = String::with_capacity(raw.len());
        let mut it = raw.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\\' && it.peek() == Some(&'/') {
                continue;
            }
            if c == '\\'
                && let Some(n) = it.next()
            {
                out.push('\\');
                out.push(n);
                continue;
            }
            out.push(c);
        }
        Spanned::new(out, self.span(pair))
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        // `value` wraps a string or a bare word; bare words are taken as written.
        let inner = if pair.as_rule() == Rule::value { pair.into_inner().next() } else { Some(pair) };
        match inner {
            Some(p) if p.as_rule() == Rule::string => self.string(p),
            Some(p) => self.spanned_str(&p),
            None => Spanned::new(String::new(), Span::default()),
        }
    }

    fn pattern(&mut self, pair: Pair<'_, Rule>) -> Pattern {
        let pair = if pair.as_rule() == Rule::pattern {
            match pair.into_inner().next() {
                Some(p) => p,
                None => return Pattern::List(Vec::new(), Span::default()),
            }
        } else {
            pair
        };
        match pair.as_rule() {
            Rule::string => Pattern::Literal(self.string(pair)),
            Rule::regex => Pattern::Regex(self.regex(&pair)),
            Rule::pattern_list => {
                let span = self.span(&pair);
                let items = kids(pair).map(|p| self.pattern(p)).collect();
                Pattern::List(items, span)
            }
            _ => Pattern::Ref(self.spanned_str(&pair)),
        }
    }

    fn matcher(&mut self, pair: Pair<'_, Rule>) -> Matcher {
        let span = self.span(&pair);
        let mut speaker = None;
        let mut pattern = None;
        let mut clauses = Vec::new();
        for p in kids(pair) {
            match p.as_rule() {
                Rule::speaker => {
                    speaker =
                        Some(if has_child(&p, Rule::kw_agent) { Speaker::Agent } else { Speaker::Customer })
                }
                Rule::pattern => pattern = Some(self.pattern(p)),
                Rule::clause => {
                    if let Some(c) = self.clause(p) {
                        clauses.push(c);
                    }
                }
                _ => {}
            }
        }
        let pattern = pattern.unwrap_or(Pattern::List(Vec::new(), span));
        Matcher { speaker, pattern, clauses, span }
    }

    fn clause(&mut self, pair: Pair<'_, Rule>) -> Option<Clause> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next()?;
        match inner.as_rule() {
            Rule::except_clause => {
                let p = kids(inner).next()?;
                Some(Clause::Except(self.pattern(p), span))
            }
            _ => {
                let negated = has_child(&inner, Rule::kw_unless);
                let ctx = kids(inner).next()?.into_inner().next()?;
                let rule = ctx.as_rule();
                let mut pattern = None;
                let mut int = None;
                let mut scope = Scope::Sentence;
                for p in kids(ctx) {
                    match p.as_rule() {
                        Rule::pattern => pattern = Some(self.pattern(p)),
                        Rule::int => int = Some(self.int(&p)),
                        Rule::scope => scope = scope_of(&p),
                        _ => {}
                    }
                }
                let pat = || pattern.clone().unwrap_or(Pattern::List(Vec::new(), span));
                let n = int.unwrap_or(Spanned::new(0, span));
                let context = match rule {
                    Rule::near_ctx => Context::Near { pattern: pat(), within: n },
                    Rule::preceded_ctx => Context::PrecededBy { pattern: pat(), within: n },
                    Rule::followed_ctx => Context::FollowedBy { pattern: pat(), within: n },
                    Rule::same_ctx => Context::SameScope { scope, pattern: pat() },
                    Rule::heading_ctx => Context::InHeading,
                    Rule::fineprint_ctx => Context::InFinePrint,
                    Rule::reply_ctx => Context::InReplyTo { pattern: pat() },
                    Rule::under_ctx => Context::UnderHeading { pattern: pat() },
                    _ => Context::InFirstPercent(n),
                };
                Some(Clause::Context { negated, context, span })
            }
        }
    }

    fn requirement(&mut self, pair: Pair<'_, Rule>) -> Option<Requirement> {
        let req = kids(pair).next()?;
        let rule = req.as_rule();
        let mut matchers = Vec::new();
        let mut int = None;
        let mut scope = Scope::Sentence;
        for p in kids(req) {
            match p.as_rule() {
                Rule::matcher => matchers.push(self.matcher(p)),
                Rule::int => int = Some(self.int(&p)),
                Rule::scope => scope = scope_of(&p),
                _ => {}
            }
        }
        let mut ms = matchers.into_iter();
        let first = ms.next()?;
        Some(match rule {
            Rule::req_before => Requirement::Before { first, then: ms.next()? },
            Rule::req_near_each => Requirement::NearEach { required: first, each: ms.next()?, within: int? },
            Rule::req_same_each => Requirement::SameScopeEach { required: first, scope, each: ms.next()? },
            _ => Requirement::Present(first),
        })
    }

    fn cond(&mut self, pair: Pair<'_, Rule>) -> Option<Cond> {
        match pair.as_rule() {
            Rule::cond => self.cond(kids(pair).next()?),
            Rule::cond_or | Rule::cond_and => {
                let is_or = pair.as_rule() == Rule::cond_or;
                let mut acc: Option<Cond> = None;
                for p in kids(pair) {
                    let c = self.cond(p)?;
                    acc = Some(match acc {
                        None => c,
                        Some(l) if is_or => Cond::Or(Box::new(l), Box::new(c)),
                        Some(l) => Cond::And(Box::new(l), Box::new(c)),
                    });
                }
                acc
            }
            Rule::cond_not => {
                // Walk `not not … x` iteratively; only the innermost part recurses.
                let mut nots = 0;
                let mut cur = pair;
                loop {
                    if has_child(&cur, Rule::kw_not) {
                        nots += 1;
                        cur = kids(cur).next()?;
                    } else {
                        break;
                    }
                }
                let mut c = self.cond(kids(cur).next()?)?;
                for _ in 0..nots {
                    c = Cond::Not(Box::new(c));
                }
                Some(c)
            }
            Rule::cond_primary => self.cond(kids(pair).next()?),
            Rule::cond_atom => self.cond(pair.into_inner().next()?),
            Rule::text_has | Rule::says_atom => Some(Cond::TextHas(self.matcher(kids(pair).next()?))),
            Rule::field_cond => self.field_cond(pair),
            _ => None,
        }
    }

    fn field_cond(&mut self, pair: Pair<'_, Rule>) -> Option<Cond> {
        let span = self.span(&pair);
        let mut it = pair.into_inner();
        let field = self.spanned_str(&it.next()?);
        let tail = it.next()?;
        Some(match tail.as_rule() {
            Rule::kw_exists => Cond::Exists { field, span },
            Rule::in_tail => {
                let values = kids(tail).map(|v| self.value(v)).collect();
                Cond::In { field, values, span }
            }
            Rule::contains_tail => Cond::Contains { field, value: self.value(kids(tail).next()?), span },
            _ => {
                let mut t = tail.into_inner();
                let op = match t.next()?.as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let operand = t.next()?.into_inner().next()?;
                let rhs = if operand.as_rule() == Rule::field_operand {
                    Operand::Field(self.spanned_str(&operand))
                } else {
                    Operand::Value(self.value(operand))
                };
                Cond::Compare { field, op, rhs, span }
            }
        })
    }

    fn terms(&mut self, pair: Pair<'_, Rule>) -> TermList {
        let span = self.span(&pair);
        let mut name = Spanned::new(String::new(), span);
        let mut source = TermSource::Inline(Vec::new());
        for p in kids(pair) {
            match p.as_rule() {
                Rule::term_name => {
                    name = self.spanned_str(&p);
                    if KEYWORDS.contains(&name.value.as_str()) {
                        let d = self.error(name.span, format!("`{}` is a keyword", name.value));
                        d.label = Some("a keyword cannot name a term list".into());
                        d.help = Some(format!("choose another name, e.g. `{}_terms`", name.value));
                    }
                }
                Rule::term_file => {
                    if let Some(s) = kids(p).next() {
                        source = TermSource::File(self.string(s));
                    }
                }
                Rule::pattern_list => source = TermSource::Inline(kids(p).map(|x| self.pattern(x)).collect()),
                _ => {}
            }
        }
        TermList { name, source, span }
    }

    fn duplicate(&mut self, seen: &mut Vec<&'static str>, key: &'static str, span: Span, what: &str) {
        if seen.contains(&key) {
            let d = self.error(span, format!("duplicate `{key}`"));
            d.label = Some(format!("`{key}` is already set above"));
            d.help = Some(format!("a {what} may set `{key}` only once"));
        } else {
            seen.push(key);
        }
    }

    /// A `pack` header, or the part of one before a syntax error: its
    /// properties that start before `keep_before` (offset in the item).
    fn pack(&mut self, pair: Pair<'_, Rule>, keep_before: usize) -> PackHeader {
        let span = self.span(&pair);
        let mut h = PackHeader {
            name: Spanned::new(String::new(), span),
            title: None,
            jurisdiction: None,
            language: None,
            version: None,
            description: None,
            applies: None,
            span,
        };
        let mut seen = Vec::new();
        for p in kids(pair) {
            if p.as_rule() == Rule::dotted_name {
                h.name = self.spanned_str(&p);
                continue;
            }
            if p.as_span().start() >= keep_before {
                break;
            }
            let Some(prop) = p.into_inner().next() else { continue };
            let pspan = self.span(&prop);
            let rule = prop.as_rule();
            let key = match rule {
                Rule::pk_title => "title",
                Rule::pk_jurisdiction => "jurisdiction",
                Rule::pk_language => "language",
                Rule::pk_version => "version",
                Rule::pk_description => "description",
                _ => "applies",
            };
            self.duplicate(&mut seen, key, pspan, "pack");
            let Some(v) = kids(prop).next() else { continue };
            let val = if v.as_rule() == Rule::cond { None } else { Some(self.value(v.clone())) };
            match rule {
                Rule::pk_title => h.title = h.title.take().or(val),
                Rule::pk_jurisdiction => h.jurisdiction = h.jurisdiction.take().or(val),
                Rule::pk_language => h.language = h.language.take().or(val),
                Rule::pk_version => h.version = h.version.take().or(val),
                Rule::pk_description => h.description = h.description.take().or(val),
                _ => {
                    let c = self.cond(v);
                    h.applies = h.applies.take().or(c);
                }
            }
        }
        h
    }

    /// A rule, or the part of one before a syntax error: its properties
    /// that start before `keep_before` (offset in the item).
    fn rule(&mut self, pair: Pair<'_, Rule>, keep_before: usize) -> super::ast::Rule {
        let span = self.span(&pair);
        let mut r = super::ast::Rule {
            id: Spanned::new(String::new(), span),
            title: None,
            category: None,
            severity: None,
            cite: None,
            description: None,
            message: None,
            draft: false,
            when: None,
            check: None,
            fix: None,
            examples: Vec::new(),
            span,
            partial: false,
        };
        let mut seen = Vec::new();
        let mut check_kw: Option<&'static str> = None;
        for p in kids(pair) {
            if p.as_rule() == Rule::rule_id {
                r.id = self.spanned_str(&p);
                continue;
            }
            if p.as_span().start() >= keep_before {
                break;
            }
            let Some(prop) = p.into_inner().next() else { continue };
            let pspan = self.span(&prop);
            let rule = prop.as_rule();
            let key = match rule {
                Rule::p_title => "title",
                Rule::p_category => "category",
                Rule::p_severity => "severity",
                Rule::p_cite => "cite",
                Rule::p_description => "description",
                Rule::p_message => "message",
                Rule::p_draft => "draft",
                Rule::p_when => "when",
                Rule::p_forbid => "forbid",
                Rule::p_require => "require",
                Rule::p_report => "report",
                Rule::p_fix => "fix",
                _ => "example",
            };
            if matches!(key, "forbid" | "require" | "report") {
                if let Some(prev) = check_kw {
                    let d = self
                        .error(pspan, format!("a rule has only one check, but this is a second (`{key}`)"));
                    d.label = Some(format!("the rule already has `{prev}`"));
                    d.help = Some("split it into two rules".into());
                    continue;
                }
                check_kw = Some(key);
            } else if key != "example" {
                self.duplicate(&mut seen, key, pspan, "rule");
                if seen.iter().filter(|k| **k == key).count() > 1 {
                    continue;
                }
            }
            match rule {
                Rule::p_title | Rule::p_cite | Rule::p_description | Rule::p_message => {
                    let Some(s) = kids(prop).next() else { continue };
                    let v = Some(self.string(s));
                    match rule {
                        Rule::p_title => r.title = r.title.take().or(v),
                        Rule::p_cite => r.cite = r.cite.take().or(v),
                        Rule::p_description => r.description = r.description.take().or(v),
                        _ => r.message = r.message.take().or(v),
                    }
                }
                Rule::p_category => {
                    if let Some(c) = kids(prop).next() {
                        r.category = r.category.take().or(Some(self.spanned_str(&c)));
                    }
                }
                Rule::p_severity => {
                    let Some(w) = kids(prop).next() else { continue };
                    let word = self.spanned_str(&w);
                    match Severity::parse(&word.value) {
                        Some(s) => r.severity = r.severity.take().or(Some(Spanned::new(s, word.span))),
                        None => {
                            let d = self.error(word.span, format!("unknown severity `{}`", word.value));
                            d.label = Some("expected error, warning or info".into());
                            d.help = closest(&word.value, ["error", "warning", "info"])
                                .map(|s| format!("did you mean `{s}`?"));
                            // A placeholder keeps validation from also saying
                            // the severity is missing; the file does not load
                            // with this error, so the rule is never run with it.
                            r.severity = r.severity.take().or(Some(Spanned::new(Severity::Error, word.span)));
                        }
                    }
                }
                Rule::p_draft => r.draft = true,
                Rule::p_when => {
                    if let Some(c) = kids(prop).next() {
                        r.when = self.cond(c);
                    }
                }
                Rule::p_forbid => {
                    if let Some(m) = kids(prop).next() {
                        r.check = Some(Check::Forbid(self.matcher(m)));
                    }
                }
                Rule::p_require => {
                    if let Some(q) = kids(prop).next() {
                        r.check = self.requirement(q).map(Check::Require);
                    }
                }
                Rule::p_report => r.check = Some(Check::Report(pspan)),
                Rule::p_fix => {
                    let Some(kind) = prop.clone().into_inner().nth(1) else { continue };
                    let mut fspan = Span { start: self.base + kind.as_span().start(), end: pspan.end };
                    let fix = match kind.as_rule() {
                        Rule::kw_remove => FixSpec::Remove,
                        k => {
                            let text = kids(kind).next().map(|s| self.string(s));
                            // Errors in the text (a misspelt placeholder) point into the string.
                            if let Some(t) = &text {
                                fspan = t.span;
                            }
                            let text = text.map(|t| t.value).unwrap_or_default();
                            match k {
                                Rule::fix_replace => FixSpec::Replace(text),
                                Rule::fix_insert => FixSpec::Insert(text),
                                _ => FixSpec::Append(text),
                            }
                        }
                    };
                    r.fix = Some(Spanned::new(fix, fspan));
                }
                _ => {
                    let ex = self.example(prop);
                    r.examples.push(ex);
                }
            }
        }
        r
    }

    fn example(&mut self, pair: Pair<'_, Rule>) -> Example {
        let span = self.span(&pair);
        let expect = if has_child(&pair, Rule::kw_fail) { Expect::Fail } else { Expect::Pass };
        let mut text = Spanned::new(String::new(), span);
        let mut metadata = Vec::new();
        for p in kids(pair) {
            match p.as_rule() {
                Rule::string => text = self.string(p),
                Rule::meta_map => {
                    for entry in kids(p) {
                        let mut it = kids(entry);
                        let (Some(f), Some(v)) = (it.next(), it.next()) else { continue };
                        let field = self.spanned_str(&f);
                        let vspan = self.span(&v);
                        let value = if v.as_rule() == Rule::meta_list {
                            MetaValue::List(kids(v).map(|x| self.value(x).value).collect())
                        } else {
                            MetaValue::Scalar(self.value(v).value)
                        };
                        metadata.push((field, Spanned::new(value, vspan)));
                    }
                }
                _ => {}
            }
        }
        Example { expect, text, metadata, span }
    }
}

fn scope_of(p: &Pair<'_, Rule>) -> Scope {
    if has_child(p, Rule::kw_paragraph) {
        Scope::Paragraph
    } else if has_child(p, Rule::kw_turn) {
        Scope::Turn
    } else {
        Scope::Sentence
    }
}

/// The text of a `"""…"""` string: a line break right after the opening
/// quotes and the line holding the closing quotes are dropped, and the
/// indentation the remaining lines share is removed, so the text can be
/// indented with the rule.
fn dedent(raw: &str) -> String {
    let mut lines: Vec<&str> = raw.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let first_inline = lines.first().is_some_and(|l| !l.trim().is_empty());
    if !first_inline && !lines.is_empty() {
        lines.remove(0);
    }
    if lines.len() > usize::from(first_inline) && lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let skip = usize::from(first_inline);
    let indent = lines
        .iter()
        .skip(skip)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            if k < skip {
                l.trim_end()
            } else if l.trim().is_empty() {
                ""
            } else {
                l.get(indent..).unwrap_or(l).trim_end()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_strips_common_indentation() {
        assert_eq!(dedent("\n    a\n      b\n    "), "a\n  b");
        assert_eq!(dedent("multi-line\n  text"), "multi-line\ntext");
        assert_eq!(dedent(""), "");
    }

    #[test]
    fn scan_skips_keywords_in_strings_and_comments() {
        let s = scan(
            "rule A {\n title \"x\\\"rule\" # rule\n}\n  rule B {}\n\"\"\"\nrule\"\"\"\nterms x = [/a\\/rule/]",
        );
        assert_eq!(s.item_starts.len(), 3);
        assert!(s.unclosed.is_empty());
        let s = scan("rule A { title \"x\n}\nrule B { title /re\n}");
        assert_eq!(s.item_starts, vec![0, 20]);
        assert_eq!(s.unclosed, vec![(15, Unclosed::String), (35, Unclosed::Regex)]);
    }
}
