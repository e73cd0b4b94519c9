//! Canonical formatting of rule files (`disclint rules fmt`).
//!
//! The output is printed from the syntax tree, so the layout of the input
//! does not matter: `rule A{title "t" severity error …}` on one line and the
//! same rule spread over ten lines format to the same text. What is kept
//! from the input is what the tree does not hold but a reader needs:
//!
//! - comments, where they were: a comment after code stays at the end of
//!   that line, a comment on its own line stays on its own line;
//! - the order of items and of a rule's properties;
//! - blank lines between top-level items (at most one), which group term
//!   lists; between rules and around the pack header there is always one;
//! - how each string, regex and bare word is spelt (`"\u{4FDD}"` stays so,
//!   a `"""` block keeps its lines), and parentheses in conditions.
//!
//! The layout: one property a line, two spaces of indentation per level,
//! rule property values aligned at a column, pack properties after one
//! space; a list that does not fit in [`WIDTH`] columns (CJK characters
//! count two) or that holds a comment is broken after `[`, filled with as
//! many elements a line as fit, each followed by a comma, and closed by `]`
//! on its own line. Blank lines inside items are dropped.
//!
//! A file that does not parse is not formatted: its errors are returned.
//! Formatting then checks its own work: the output must parse to the same
//! syntax tree (positions aside), or the file is refused rather than
//! changed in meaning.

use super::ast::RuleFile;
use super::diag::Diagnostic;
use super::parser::{self, Rule, RuleParser};
use pest::Parser as _;
use pest::iterators::Pair;
use unicode_width::UnicodeWidthStr;

/// The widest a line gets by breaking lists (an element wider than this
/// still sits on a line of its own).
pub const WIDTH: usize = 120;
/// Rule property values start this many columns after the property's indentation.
const VALUE_COLUMN: usize = 9;
const INDENT: usize = 2;

/// The canonical form of the rule file `source` (named `file` in errors),
/// with the line endings of the source: a file checked out with CRLF
/// (Windows, `core.autocrlf`) stays CRLF throughout, `"""` blocks included,
/// and is canonical when it differs from the canonical form by its line
/// endings alone.
pub fn format(file: &str, source: &str) -> Result<String, Vec<Diagnostic>> {
    // The first line ending decides, as it does for most editors.
    let crlf = source.find('\n').is_some_and(|i| source[..i].ends_with('\r'));
    if !source.contains("\r\n") {
        return format_lf(file, source);
    }
    // Errors are found in the source as it is, so that their positions are its own.
    super::parse(file, source)?;
    let lf = source.replace("\r\n", "\n");
    let formatted = format_lf(file, &lf)?;
    Ok(if crlf { formatted.replace('\n', "\r\n") } else { formatted })
}

/// [`format`] of a source whose line endings are `\n`.
fn format_lf(file: &str, source: &str) -> Result<String, Vec<Diagnostic>> {
    let before = super::parse(file, source)?;
    let items = items(source).map_err(|span| {
        vec![Diagnostic::error(file, span, "cannot format this item (please report this)")]
    })?;
    let mut printer = Printer::new(source, comments(source, &items));
    for item in &items {
        printer.item(item);
    }
    let formatted = printer.finish();
    let unchanged = super::parse(file, &formatted).is_ok_and(|after| same_tree(&before, &after));
    if !unchanged {
        return Err(vec![Diagnostic::error(
            file,
            super::ast::Span::default(),
            "formatting would change what this file means; left unchanged (please report this)",
        )]);
    }
    Ok(formatted)
}

/// Whether two parsed rule files are the same but for positions: what
/// formatting must preserve.
pub fn same_tree(a: &RuleFile, b: &RuleFile) -> bool {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                let is_span = map.len() == 2 && map.contains_key("start") && map.contains_key("end");
                if is_span {
                    *v = serde_json::Value::Null;
                } else {
                    map.values_mut().for_each(strip);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(mut a), Ok(mut b)) => {
            strip(&mut a);
            strip(&mut b);
            a == b
        }
        _ => false,
    }
}

/// A top-level item: its parse tree and the offset of its text in the file.
struct Item<'a> {
    pair: Pair<'a, Rule>,
    base: usize,
}

/// The file's items, each parsed on its own as the parser does. `Err` is
/// the span of an item that does not parse (not expected once the file
/// as a whole has parsed).
fn items(source: &str) -> Result<Vec<Item<'_>>, super::ast::Span> {
    let scan = parser::scan(source);
    let mut out = Vec::new();
    for (start, end) in parser::chunks(source, &scan.item_starts) {
        let span = super::ast::Span { start, end };
        let mut pairs = RuleParser::parse(Rule::chunk, &source[start..end]).map_err(|_| span)?;
        let chunk = pairs.next().ok_or(span)?;
        if let Some(pair) = chunk.into_inner().find(|p| p.as_rule() != Rule::EOI) {
            out.push(Item { pair, base: start });
        }
    }
    Ok(out)
}

/// A token: a pair with nothing inside, or a string or regex (whose inner
/// pairs are parts of one token).
fn is_token(pair: &Pair<Rule>) -> bool {
    matches!(pair.as_rule(), Rule::string | Rule::regex) || pair.clone().into_inner().next().is_none()
}

fn tokens<'a>(pair: &Pair<'a, Rule>, out: &mut Vec<Pair<'a, Rule>>) {
    if is_token(pair) {
        out.push(pair.clone());
    } else {
        for inner in pair.clone().into_inner() {
            tokens(&inner, out);
        }
    }
}

/// The byte ranges of every comment. Between two tokens of an item there
/// is only whitespace and comments (the grammar's implicit `WHITESPACE` and
/// `COMMENT`), and so between items, so every `#` in such a gap starts a
/// comment that runs to the end of its line.
fn comments(source: &str, items: &[Item]) -> Vec<(usize, usize)> {
    let mut gaps = Vec::new();
    let mut pos = 0;
    for item in items {
        let mut toks = Vec::new();
        tokens(&item.pair, &mut toks);
        for t in toks {
            let start = item.base + t.as_span().start();
            gaps.push((pos, start));
            pos = item.base + t.as_span().end();
        }
    }
    gaps.push((pos, source.len()));
    let mut out = Vec::new();
    for (start, end) in gaps {
        let mut i = start;
        while let Some(rel) = source[i..end].find('#') {
            let from = i + rel;
            let to = source[from..end].find('\n').map_or(end, |n| from + n);
            out.push((from, to));
            i = to;
        }
    }
    out
}

/// A comment waiting to be printed before the next token.
struct Pending {
    text: String,
    /// Code came before it on its line.
    trailing: bool,
    /// A blank line came before it.
    blank_before: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pack,
    Use,
    Terms,
    Rule,
}

struct Printer<'s> {
    src: &'s str,
    comments: Vec<(usize, usize)>,
    /// Comments not yet printed start at or after `comments[next_comment]`.
    next_comment: usize,
    out: String,
    /// End of the last token taken from the source.
    pos: usize,
    pending: Vec<Pending>,
    /// A blank line between the last token or comment and the token to come.
    blank_before_next: bool,
    /// Indentation of the next line started.
    indent: usize,
    /// Indentation of the current line, and whether it has anything on it.
    line_indent: usize,
    line_used: bool,
    col: usize,
    /// Items and properties are at depth 0; blank lines are kept only there.
    depth: usize,
    /// Where the next token should start if the line is still short of it
    /// (aligned property values).
    pad_to: Option<usize>,
    last_kind: Option<Kind>,
}

impl<'s> Printer<'s> {
    fn new(src: &'s str, comments: Vec<(usize, usize)>) -> Printer<'s> {
        Printer {
            src,
            comments,
            next_comment: 0,
            out: String::with_capacity(src.len()),
            pos: 0,
            pending: Vec::new(),
            blank_before_next: false,
            indent: 0,
            line_indent: 0,
            line_used: false,
            col: 0,
            depth: 0,
            pad_to: None,
            last_kind: None,
        }
    }

    // ---------------------------------------------------------- output

    fn newline(&mut self) {
        if self.line_used {
            self.out.push('\n');
            self.line_used = false;
            self.col = 0;
        }
    }

    fn blank_line(&mut self) {
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Writes `text` on the current line, starting the line if needed, with
    /// a space before it when the previous text and this one need one.
    fn write(&mut self, text: &str) {
        if !self.line_used {
            self.out.push_str(&" ".repeat(self.indent));
            self.line_indent = self.indent;
            self.col = self.indent;
            self.line_used = true;
        } else if let Some(column) = self.pad_to.filter(|c| *c > self.col) {
            self.out.push_str(&" ".repeat(column - self.col));
            self.col = column;
        } else if needs_space(&self.out, text) {
            self.out.push(' ');
            self.col += 1;
        }
        self.pad_to = None;
        self.out.push_str(text);
        match text.rfind('\n') {
            // A `"""` string over several lines: its lines are content, as written.
            Some(i) => self.col = text[i + 1..].width(),
            None => self.col += text.width(),
        }
    }

    /// The column the next token would start at.
    fn next_col(&self, text: &str) -> usize {
        if !self.line_used {
            self.indent
        } else if let Some(column) = self.pad_to.filter(|c| *c > self.col) {
            column
        } else {
            self.col + usize::from(needs_space(&self.out, text))
        }
    }

    // ---------------------------------------------------------- comments

    /// Takes the comments between the last token and `upto` into `pending`.
    fn gather(&mut self, upto: usize) {
        let mut last = self.pos;
        while let Some(&(start, end)) = self.comments.get(self.next_comment) {
            if start >= upto {
                break;
            }
            let between = &self.src[last..start];
            let trailing = last > 0 && !between.contains('\n') && self.pending.is_empty();
            let blank_before = between.matches('\n').count() >= 2;
            self.pending.push(Pending {
                text: self.src[start..end].trim_end().to_string(),
                trailing,
                blank_before,
            });
            self.next_comment += 1;
            last = end;
        }
        self.blank_before_next = self.src[last..upto.max(last)].matches('\n').count() >= 2;
        self.pos = upto.max(self.pos);
    }

    /// Prints the pending comments: a trailing one at the end of the
    /// current line, the others on lines of their own. Each ends its line.
    fn flush(&mut self) {
        for c in std::mem::take(&mut self.pending) {
            if c.trailing && self.line_used {
                self.out.push_str("  ");
                self.out.push_str(&c.text);
                self.line_used = true;
            } else {
                if c.blank_before && self.depth == 0 {
                    self.blank_line();
                } else {
                    self.newline();
                }
                self.write(&c.text);
            }
            self.newline();
        }
    }

    // ---------------------------------------------------------- tokens

    fn token(&mut self, pair: &Pair<'s, Rule>, base: usize) {
        let span = pair.as_span();
        self.gather(base + span.start());
        self.flush();
        self.write(span.as_str());
        self.pos = base + span.end();
    }

    /// Passes over a token that the canonical form spells its own way (a
    /// comma), keeping the comments around it.
    fn skip(&mut self, pair: &Pair<'s, Rule>, base: usize) {
        let span = pair.as_span();
        self.gather(base + span.start());
        self.pos = base + span.end();
    }

    // ---------------------------------------------------------- items

    fn item(&mut self, item: &Item<'s>) {
        let kind = match item.pair.as_rule() {
            Rule::pack_def => Kind::Pack,
            Rule::use_def => Kind::Use,
            Rule::terms_def => Kind::Terms,
            _ => Kind::Rule,
        };
        // The comments and blank lines before the item: a comment after the
        // previous item's last token stays on its line; then one blank line
        // if the source had one, and always around rules and the pack header.
        self.gather(item.base + item.pair.as_span().start());
        let gap_blank = self.blank_before_next;
        let mut pending = self.flush_trailing();
        let forced = self
            .last_kind
            .is_some_and(|last| !matches!((last, kind), (Kind::Use | Kind::Terms, Kind::Use | Kind::Terms)));
        if let Some(first) = pending.first_mut() {
            first.blank_before |= forced;
            self.pending = pending;
            self.flush();
            if gap_blank {
                self.blank_line();
            }
        } else if gap_blank || forced {
            self.blank_line();
        }
        let base = item.base;
        let children: Vec<Pair<'s, Rule>> = item.pair.clone().into_inner().collect();
        match kind {
            Kind::Pack | Kind::Rule => self.block(&children, base, kind == Kind::Rule),
            Kind::Use | Kind::Terms => {
                for child in &children {
                    self.tree(child, base);
                    // What follows the first word, after a comment, is indented.
                    self.indent = INDENT;
                }
            }
        }
        // The line stays open for a comment that follows on it.
        self.last_kind = Some(kind);
    }

    /// Between items: prints a comment that follows the last item on its
    /// line, ends that line, and returns the other pending comments (which
    /// go on lines of their own, at the left margin).
    fn flush_trailing(&mut self) -> Vec<Pending> {
        let mut pending = std::mem::take(&mut self.pending);
        if pending.first().is_some_and(|c| c.trailing) {
            self.pending = vec![pending.remove(0)];
            self.flush();
        }
        self.newline();
        self.indent = 0;
        pending
    }

    /// `pack NAME { … }` or `rule ID { … }`: one property a line.
    fn block(&mut self, children: &[Pair<'s, Rule>], base: usize, aligned: bool) {
        for child in children {
            match child.as_rule() {
                Rule::lbrace => {
                    self.token(child, base);
                    self.depth += 1;
                }
                Rule::rbrace => {
                    self.depth -= 1;
                    self.gather(base + child.as_span().start());
                    self.indent = INDENT;
                    self.flush();
                    self.newline();
                    self.indent = 0;
                    self.token(child, base);
                }
                Rule::pack_prop | Rule::rule_prop => {
                    let Some(prop) = child.clone().into_inner().next() else { continue };
                    self.gather(base + prop.as_span().start());
                    self.indent = INDENT;
                    self.flush();
                    self.newline();
                    self.property(&prop, base, aligned);
                }
                _ => self.token(child, base),
            }
        }
    }

    fn property(&mut self, prop: &Pair<'s, Rule>, base: usize, aligned: bool) {
        let parts: Vec<Pair<'s, Rule>> = prop.clone().into_inner().collect();
        let Some((keyword, rest)) = parts.split_first() else { return };
        self.token(keyword, base);
        // A property's value continues, after a comment, one level deeper.
        self.indent = 2 * INDENT;
        let align = aligned && !matches!(prop.as_rule(), Rule::p_example | Rule::p_draft | Rule::p_report);
        if align && !rest.is_empty() {
            self.pad_to = Some(self.line_indent + VALUE_COLUMN);
        }
        for part in rest {
            self.tree(part, base);
        }
        self.pad_to = None;
    }

    /// Prints any part of an item: tokens as written, lists laid out.
    fn tree(&mut self, pair: &Pair<'s, Rule>, base: usize) {
        match pair.as_rule() {
            Rule::pattern_list | Rule::meta_list | Rule::meta_map => {
                let parts: Vec<Pair<'s, Rule>> = pair.clone().into_inner().collect();
                self.list(&parts, base);
            }
            Rule::in_tail => {
                let parts: Vec<Pair<'s, Rule>> = pair.clone().into_inner().collect();
                if let Some((kw, list)) = parts.split_first() {
                    self.token(kw, base);
                    self.list(list, base);
                }
            }
            _ if is_token(pair) => self.token(pair, base),
            _ => {
                for inner in pair.clone().into_inner() {
                    self.tree(&inner, base);
                }
            }
        }
    }

    /// A bracketed list (`parts` from its opening to its closing bracket):
    /// on one line if it fits and holds no comment, else broken and filled.
    fn list(&mut self, parts: &[Pair<'s, Rule>], base: usize) {
        let (Some(open), Some(close)) = (parts.first(), parts.last()) else { return };
        if parts.len() < 2 {
            return self.token(open, base);
        }
        let elements: Vec<&Pair<'s, Rule>> =
            parts[1..parts.len() - 1].iter().filter(|p| p.as_rule() != Rule::comma).collect();
        let from = base + open.as_span().end();
        let to = base + close.as_span().start();
        let has_comment = self.comments.iter().any(|&(s, _)| s >= from && s < to);
        let one_line = flat(&parts.iter().collect::<Vec<_>>());
        let broken = has_comment || self.next_col(&one_line) + one_line.width() > WIDTH;
        self.token(open, base);
        let outer_indent = self.indent;
        let element_indent = self.line_indent + INDENT;
        if broken {
            self.depth += 1;
            self.indent = element_indent;
            // A comment right after `[` (`terms hype = [  # 2026-11 更新`)
            // stays at the end of that line; the others go inside the list.
            self.gather(elements.first().map_or(to, |e| base + e.as_span().start()));
            if self.pending.first().is_some_and(|c| c.trailing) {
                let rest = self.pending.split_off(1);
                self.flush();
                self.pending = rest;
            }
            self.newline();
        }
        let mut commas = parts[1..parts.len() - 1].iter().filter(|p| p.as_rule() == Rule::comma);
        for (i, element) in elements.iter().enumerate() {
            let last = i + 1 == elements.len();
            if broken {
                self.gather(base + element.as_span().start());
                if !self.pending.is_empty() {
                    self.flush();
                }
                let text = flat(&[element]);
                if self.line_used && self.col + 1 + text.width() + 1 > WIDTH {
                    self.newline();
                }
            }
            self.tree(element, base);
            if let Some(comma) = commas.next() {
                self.skip(comma, base);
            }
            if broken || !last {
                self.write(",");
            }
        }
        if broken {
            self.gather(to);
            self.flush();
            self.depth -= 1;
            self.indent = element_indent - INDENT;
            self.newline();
        }
        self.token(close, base);
        self.indent = outer_indent;
    }

    fn finish(mut self) -> String {
        self.gather(self.src.len());
        self.pending = self.flush_trailing();
        self.flush();
        self.newline();
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// Whether a space goes between text ending `before` and the token `next`.
fn needs_space(before: &str, next: &str) -> bool {
    let Some(last) = before.chars().last() else { return false };
    if last == '\n' || last == ' ' || last == '(' || last == '[' {
        return false;
    }
    if last == '{' && next == "}" {
        return false;
    }
    !matches!(next, ")" | "]" | "," | ":" | "%")
}

/// Parts of a list (or any pairs) on one line, as [`Printer::list`] prints
/// them when they fit: for measuring.
fn flat(parts: &[&Pair<Rule>]) -> String {
    fn walk(pair: &Pair<Rule>, out: &mut String) {
        match pair.as_rule() {
            Rule::pattern_list | Rule::meta_list | Rule::meta_map | Rule::in_tail => {
                let parts: Vec<Pair<Rule>> = pair.clone().into_inner().collect();
                let n = parts.len();
                for (i, part) in parts.iter().enumerate() {
                    // A trailing comma (one just before the closing bracket) is not kept.
                    if part.as_rule() == Rule::comma && i + 2 == n {
                        continue;
                    }
                    walk(part, out);
                }
            }
            _ if is_token(pair) => {
                let text = pair.as_str();
                if needs_space(out, text) {
                    out.push(' ');
                }
                out.push_str(text);
            }
            _ => {
                for inner in pair.clone().into_inner() {
                    walk(&inner, out);
                }
            }
        }
    }
    let mut out = String::new();
    let n = parts.len();
    for (i, part) in parts.iter().enumerate() {
        if part.as_rule() == Rule::comma && i + 2 == n && n > 2 {
            continue;
        }
        walk(part, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        match format("t.rules", src) {
            Ok(s) => s,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn one_line_items_are_laid_out() {
        let src = "pack my.pack{title \"t\" language zh}\nuse a.b\nrule U-1{title \"t\" category prohibited.guarantee severity error forbid [\"保本\",\"保息\",] example fail \"保本\" example pass \"不\"}\nrule U-2 { title \"x\" category other.x severity info report when product.risk_level>=R4 }";
        let want = "pack my.pack {\n  title \"t\"\n  language zh\n}\n\nuse a.b\n\nrule U-1 {\n  title    \"t\"\n  category prohibited.guarantee\n  severity error\n  forbid   [\"保本\", \"保息\"]\n  example fail \"保本\"\n  example pass \"不\"\n}\n\nrule U-2 {\n  title    \"x\"\n  category other.x\n  severity info\n  report\n  when     product.risk_level >= R4\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn comments_stay_where_they_were() {
        let src = "# header\n\nterms a = [\"x\", # why x\n  # group two\n  \"y\"]\nterms b = [\"z\"]   # after b\n  # before A\nrule A { # the rule\n  title \"t\" # trailing\n  # before category\n  category other.x\n  severity info\n  forbid a\n}\n# the end\n";
        let want = "# header\n\nterms a = [\n  \"x\",  # why x\n  # group two\n  \"y\",\n]\nterms b = [\"z\"]  # after b\n\n# before A\nrule A {  # the rule\n  title    \"t\"  # trailing\n  # before category\n  category other.x\n  severity info\n  forbid   a\n}\n# the end\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn long_lists_are_filled_and_closed_on_their_own_line() {
        let words: Vec<String> = (0..40).map(|i| format!("\"词语{i}\"")).collect();
        let src = format!("terms t = [{}]\n", words.join(", "));
        let out = fmt(&src);
        assert!(out.starts_with("terms t = [\n  \"词语0\", \"词语1\","), "{out}");
        assert!(out.ends_with(",\n]\n"), "{out}");
        assert!(out.lines().all(|l| l.width() <= WIDTH), "{out}");
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn a_comment_after_an_opening_bracket_stays_on_its_line() {
        let src = "terms hype = [  # 2026-11 合规部更新\n  \"稳赚\",  # 2025 年通报\n  \"闭眼买\",\n]\n";
        let want = "terms hype = [  # 2026-11 合规部更新\n  \"稳赚\",  # 2025 年通报\n  \"闭眼买\",\n]\n";
        assert_eq!(fmt(src), want);
        // Two comments after `[`: the first stays, the second opens the list.
        let src = "terms a = [ # one\n # two\n \"x\"]\n";
        assert_eq!(fmt(src), "terms a = [  # one\n  # two\n  \"x\",\n]\n");
        assert_eq!(fmt(&fmt(src)), fmt(src));
    }

    #[test]
    fn crlf_files_keep_crlf_and_are_canonical_when_only_their_endings_differ() {
        let lf = "rule A {\n  title       \"t\"\n  category    other.x\n  severity    info\n  description \"\"\"\n    一\n    二\n    \"\"\"\n  forbid      \"x\"\n}\n";
        let canonical = fmt(lf);
        let crlf = canonical.replace('\n', "\r\n");
        assert_eq!(fmt(&crlf), crlf);
        let messy = "rule A { title \"t\"\r\n category other.x severity info\r\n forbid \"x\" }\r\n";
        let out = fmt(messy);
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count(), "{out:?}");
        assert_eq!(out.replace("\r\n", "\n"), fmt(&messy.replace("\r\n", "\n")));
    }

    #[test]
    fn files_with_syntax_errors_are_refused() {
        assert!(format("t.rules", "rule A {\n  title \"t\n}\n").is_err());
    }
}
