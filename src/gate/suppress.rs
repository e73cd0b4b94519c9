//! Inline suppressions, read only from the comments of the source format
//! ([`Document::comments`]), never from the copy text, so customer-facing
//! words cannot switch a rule off.
//!
//! `disable-next-line` applies to the next line holding something other than
//! blanks and comments; in DOCX, where a comment is anchored to a paragraph,
//! to that paragraph.
//!
//! ```text
//! disclint-disable-next-line RULE-ID[,RULE-ID…] -- reason
//! disclint-disable RULE-ID[,…] -- reason      …      disclint-enable [RULE-ID,…]
//! disclint-disable-file RULE-ID[,…] -- reason
//! ```
//!
//! The reason is mandatory: a directive without one suppresses nothing and
//! is itself an error ([`WITHOUT_REASON`]). A directive that suppresses
//! nothing is a warning ([`UNUSED`]). A malformed directive is an error
//! ([`INVALID`]). Findings about absent text (span `None`) can only be
//! suppressed by the file-level form.

use crate::document::{Comment, Document, Format};
use crate::finding::{Finding, Position, Severity, Span};
use crate::text::LineIndex;
use serde::Serialize;
use std::ops::Range;

/// Rule id of "a suppression without a reason".
pub const WITHOUT_REASON: &str = "disclint.suppression-without-reason";
/// Rule id of "a suppression that suppresses nothing".
pub const UNUSED: &str = "disclint.unused-suppression";
/// Rule id of "a comment that starts like a directive but is not one".
pub const INVALID: &str = "disclint.invalid-suppression";
/// The category of the three rules above.
pub const CATEGORY: &str = "other.suppression";

/// The rules this module reports under: id, default severity, title, description.
pub const META_RULES: &[(&str, Severity, &str, &str)] = &[
    (
        WITHOUT_REASON,
        Severity::Error,
        "Suppression without a reason",
        "Every inline suppression must say why, after `--`: `disclint-disable-next-line RULE-ID -- reason`. \
         Without a reason it suppresses nothing, and this error is reported at the comment.",
    ),
    (
        UNUSED,
        Severity::Warning,
        "Suppression that suppresses nothing",
        "The suppression names a rule that produced no finding where it applies (or an unknown rule). \
         Remove it, so the list of exceptions stays accurate.",
    ),
    (
        INVALID,
        Severity::Error,
        "Malformed suppression",
        "A comment starts with `disclint-` but is not one of `disclint-disable-next-line`, `disclint-disable`, \
         `disclint-enable` or `disclint-disable-file` followed by rule ids.",
    ),
];

/// The forms of a directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    NextLine,
    Range,
    File,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NextLine => "next-line",
            Kind::Range => "range",
            Kind::File => "file",
        }
    }
}

/// Why a finding was suppressed: what reports print for auditors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub kind: Kind,
    pub reason: String,
    /// 1-based line of the comment that holds the directive.
    pub line: usize,
}

/// Where a directive applies.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// Findings whose span touches one of these 1-based lines.
    Lines(usize, usize),
    /// Findings whose span starts in this source byte range.
    Bytes(Range<usize>),
    /// Every finding of the file, absent ones included.
    File,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    rules: Vec<String>,
    reason: String,
    comment: Range<usize>,
    line: usize,
    scope: Scope,
    used: usize,
}

enum Parsed {
    Disable { kind: Kind, rules: Vec<String>, reason: Option<String> },
    Enable { rules: Vec<String> },
    Invalid(String),
    NotADirective,
}

fn parse_directive(text: &str) -> Parsed {
    let t = text.trim().trim_start_matches('#').trim();
    if !t.starts_with("disclint-") {
        return Parsed::NotADirective;
    }
    let (head, reason) = match t.split_once("--") {
        Some((h, r)) => (h, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
        None => (t, None),
    };
    let mut words = head.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
    let keyword = words.next().unwrap_or_default();
    let rules: Vec<String> = words.map(str::to_string).collect();
    let kind = match keyword {
        "disclint-disable-next-line" => Kind::NextLine,
        "disclint-disable" => Kind::Range,
        "disclint-disable-file" => Kind::File,
        "disclint-enable" => return Parsed::Enable { rules },
        other => return Parsed::Invalid(format!("unknown directive `{other}`")),
    };
    if rules.is_empty() {
        return Parsed::Invalid(format!(
            "`{keyword}` needs at least one rule id: `{keyword} RULE-ID -- reason`"
        ));
    }
    Parsed::Disable { kind, rules, reason }
}

/// What the suppression step needs to know about the run.
pub trait RuleLookup {
    /// Whether `rule` is a loaded rule id.
    fn known(&self, rule: &str) -> bool;
    /// Whether `rule` ran in this run (selected by the filters and the config).
    fn active(&self, rule: &str) -> bool;
    /// The loaded rule id a misspelt `rule` was probably meant to be.
    fn suggest(&self, _rule: &str) -> Option<String> {
        None
    }
}

/// The result of applying a document's suppressions to its findings.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Findings still in force, in order, plus problems with the directives.
    pub findings: Vec<Finding>,
    /// Findings switched off, each with its suppression.
    pub suppressed: Vec<(Finding, Suppression)>,
}

fn span_of(source: &str, lines: &LineIndex, range: &Range<usize>) -> Span {
    let pos = |o: usize| {
        let (line, column) = lines.line_col(source, o);
        Position { line, column, offset: o }
    };
    Span { start: pos(range.start), end: pos(range.end) }
}

fn meta_finding(
    doc: &Document,
    lines: &LineIndex,
    rule: &str,
    comment: &Comment,
    message: String,
) -> Finding {
    let severity = META_RULES.iter().find(|m| m.0 == rule).map_or(Severity::Error, |m| m.1);
    Finding {
        rule: rule.to_string(),
        category: CATEGORY.to_string(),
        severity,
        message,
        span: Some(span_of(&doc.source, lines, &comment.range)),
        matched: Some(doc.source.get(comment.range.clone()).unwrap_or_default().to_string()),
        citation: None,
        fix: None,
        turn: None,
        page: None,
        basis: None,
        merged: Vec::new(),
        claim: None,
    }
}

/// Whether line `line` holds nothing but whitespace and comments.
fn only_comments(source: &str, lines: &LineIndex, comments: &[Comment], line: usize) -> bool {
    let r = lines.line_range(source, line);
    let text = &source[r.clone()];
    let lead = text.len() - text.trim_start().len();
    let (start, end) = (r.start + lead, r.start + text.trim_end().len());
    start >= end || comments.iter().any(|c| c.range.start <= start && end <= c.range.end)
}

/// The line a next-line directive ending at `end` applies to: the next line
/// that holds something other than blanks and comments.
fn next_line(source: &str, lines: &LineIndex, comments: &[Comment], end: usize) -> usize {
    let (mut line, _) = lines.line_col(source, end.saturating_sub(1));
    let last = lines.line_count();
    loop {
        line += 1;
        if line > last || !only_comments(source, lines, comments, line) {
            return line;
        }
    }
}

fn applies(scope: &Scope, f: &Finding) -> bool {
    match (scope, &f.span) {
        (Scope::File, _) => true,
        (_, None) => false,
        (Scope::Lines(first, last), Some(s)) => s.start.line <= *last && *first <= s.end.line,
        (Scope::Bytes(r), Some(s)) => r.contains(&s.start.offset),
    }
}

/// Reads the directives of `doc`, moves suppressed findings out of
/// `findings`, and adds findings about reasonless, malformed and unused
/// directives. `findings` must be sorted; the output keeps their order.
pub fn apply(doc: &Document, findings: Vec<Finding>, rules: &dyn RuleLookup) -> Applied {
    let lines = doc.line_index();
    let mut problems = Vec::new();
    let mut directives: Vec<Directive> = Vec::new();
    // Open range directives: index into `directives`.
    let mut open: Vec<usize> = Vec::new();
    let mut comments: Vec<&Comment> = doc.comments.iter().collect();
    comments.sort_by_key(|c| c.range.start);
    for comment in comments {
        match parse_directive(&comment.text) {
            Parsed::NotADirective => {}
            Parsed::Invalid(why) => problems.push(meta_finding(doc, &lines, INVALID, comment, why)),
            Parsed::Enable { rules: which } => {
                open.retain(|&i| {
                    let d = &mut directives[i];
                    let closes = which.is_empty() || d.rules.iter().any(|r| which.contains(r));
                    if closes && let Scope::Bytes(r) = &mut d.scope {
                        r.end = comment.range.start;
                    }
                    !closes
                });
            }
            Parsed::Disable { kind, rules: ids, reason } => {
                let line = lines.line_col(&doc.source, comment.range.start).0;
                let Some(reason) = reason else {
                    let form = match kind {
                        Kind::NextLine => "disclint-disable-next-line",
                        Kind::Range => "disclint-disable",
                        Kind::File => "disclint-disable-file",
                    };
                    problems.push(meta_finding(
                        doc,
                        &lines,
                        WITHOUT_REASON,
                        comment,
                        format!(
                            "suppression of {} has no reason, so it suppresses nothing: write `{form} {} -- why`",
                            ids.join(", "),
                            ids.join(",")
                        ),
                    ));
                    continue;
                };
                let scope = match kind {
                    // A DOCX comment is anchored to its paragraph: that is the line it means.
                    Kind::NextLine if doc.format == Format::Docx => Scope::Lines(
                        line,
                        lines
                            .line_col(
                                &doc.source,
                                comment.range.end.saturating_sub(1).max(comment.range.start),
                            )
                            .0,
                    ),
                    Kind::NextLine => {
                        let l = next_line(&doc.source, &lines, &doc.comments, comment.range.end);
                        Scope::Lines(l, l)
                    }
                    Kind::Range => Scope::Bytes(comment.range.end..doc.source.len()),
                    Kind::File => Scope::File,
                };
                if kind == Kind::Range {
                    open.push(directives.len());
                }
                directives.push(Directive {
                    kind,
                    rules: ids,
                    reason,
                    comment: comment.range.clone(),
                    line,
                    scope,
                    used: 0,
                });
            }
        }
    }

    let mut out = Applied::default();
    for f in findings {
        let hit = directives.iter_mut().find(|d| d.rules.contains(&f.rule) && applies(&d.scope, &f));
        match hit {
            Some(d) => {
                d.used += 1;
                let s = Suppression { kind: d.kind, reason: d.reason.clone(), line: d.line };
                out.suppressed.push((f, s));
            }
            None => out.findings.push(f),
        }
    }

    for d in directives.iter().filter(|d| d.used == 0) {
        let unknown: Vec<&str> = d.rules.iter().filter(|r| !rules.known(r)).map(String::as_str).collect();
        let ran = d.rules.iter().any(|r| rules.active(r));
        let message = if !unknown.is_empty() {
            let hints: Vec<String> = unknown
                .iter()
                .filter_map(|r| {
                    rules.suggest(r).map(|s| if unknown.len() == 1 { s } else { format!("{s} for {r}") })
                })
                .collect();
            let hint = if hints.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", hints.join(", "))
            };
            format!(
                "suppression names {}, which is not a loaded rule{hint}; it suppresses nothing",
                unknown.join(", ")
            )
        } else if ran {
            format!("suppression of {} suppresses nothing here (stale): remove it", d.rules.join(", "))
        } else {
            // The rule did not run (filtered or disabled): nothing to judge.
            continue;
        };
        let comment = Comment { text: String::new(), range: d.comment.clone() };
        problems.push(meta_finding(doc, &lines, UNUSED, &comment, message));
    }
    out.findings.extend(problems);
    crate::finding::sort_findings(&mut out.findings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;

    struct All;
    impl RuleLookup for All {
        fn known(&self, r: &str) -> bool {
            r.starts_with('R')
        }
        fn active(&self, r: &str) -> bool {
            r != "R-OFF"
        }
    }

    /// A plain-text document whose `# disclint-…` lines are comments.
    fn doc(source: &str) -> Document {
        let mut d = Document::from_text("t.txt", source.to_string(), Metadata::new());
        let mut pos = 0;
        for line in source.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            if let Some(rest) = body.strip_prefix('#') {
                d.comments.push(Comment { text: rest.to_string(), range: pos..pos + body.len() });
            }
            pos += line.len();
        }
        d
    }

    fn at(d: &Document, rule: &str, needle: &str, nth: usize) -> Finding {
        let lines = d.line_index();
        let start = d.source.match_indices(needle).nth(nth).map(|(i, _)| i).unwrap_or(0);
        Finding {
            rule: rule.into(),
            category: "prohibited.guarantee".into(),
            severity: Severity::Error,
            message: "m".into(),
            span: Some(span_of(&d.source, &lines, &(start..start + needle.len()))),
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

    fn absent(rule: &str) -> Finding {
        Finding {
            rule: rule.into(),
            category: "disclosure.risk-warning-missing".into(),
            severity: Severity::Error,
            message: "missing".into(),
            span: None,
            matched: None,
            citation: None,
            fix: None,
            turn: None,
            page: None,
            basis: None,
            merged: Vec::new(),
            claim: None,
        }
    }

    fn ids(fs: &[Finding]) -> Vec<&str> {
        fs.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn next_line_with_reason_suppresses_only_the_next_content_line() {
        let d = doc("# disclint-disable-next-line R1 -- approved by legal, ticket 42\n\n保本一\n保本二\n");
        let fs = vec![at(&d, "R1", "保本", 0), at(&d, "R1", "保本", 1)];
        let out = apply(&d, fs, &All);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].0.span.map(|s| s.start.line), Some(3));
        assert_eq!(out.suppressed[0].1.reason, "approved by legal, ticket 42");
        assert_eq!(out.suppressed[0].1.kind, Kind::NextLine);
        assert_eq!(ids(&out.findings), ["R1"]);
    }

    #[test]
    fn stacked_directives_reach_past_each_other() {
        let d = doc("# disclint-disable-next-line R1 -- a\n# disclint-disable-next-line R2 -- b\n保本\n");
        let out = apply(&d, vec![at(&d, "R1", "保本", 0), at(&d, "R2", "保本", 0)], &All);
        assert_eq!(out.suppressed.len(), 2);
        assert!(out.findings.is_empty());
    }

    #[test]
    fn reasonless_directive_is_an_error_and_suppresses_nothing() {
        let d = doc("# disclint-disable-next-line R1\n保本\n# disclint-disable-next-line R1 --   \n保本\n");
        let out = apply(&d, vec![at(&d, "R1", "保本", 0), at(&d, "R1", "保本", 1)], &All);
        assert!(out.suppressed.is_empty());
        let errors: Vec<&Finding> = out.findings.iter().filter(|f| f.rule == WITHOUT_REASON).collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].severity, Severity::Error);
        assert_eq!(errors[0].category, CATEGORY);
        assert_eq!(errors[0].span.map(|s| s.start.line), Some(1));
    }

    #[test]
    fn range_until_enable() {
        let d = doc(
            "保本\n# disclint-disable R1 -- campaign page, reviewed\n保本\n保本\n# disclint-enable R1\n保本\n",
        );
        let fs: Vec<Finding> = (0..4).map(|i| at(&d, "R1", "保本", i)).collect();
        let out = apply(&d, fs, &All);
        let lines: Vec<usize> =
            out.suppressed.iter().filter_map(|(f, _)| f.span.map(|s| s.start.line)).collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(out.findings.len(), 2);
    }

    #[test]
    fn only_the_file_form_suppresses_absent_findings() {
        let d = doc("# disclint-disable-next-line R1 -- x\n正文\n");
        let out = apply(&d, vec![absent("R1")], &All);
        assert!(out.suppressed.is_empty());
        assert!(out.findings.iter().any(|f| f.rule == UNUSED));
        let d = doc("# disclint-disable-file R1 -- the risk warning is on the printed insert\n正文\n");
        let out = apply(&d, vec![absent("R1")], &All);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].1.kind, Kind::File);
        assert!(out.findings.is_empty());
    }

    #[test]
    fn unused_and_unknown_and_inactive() {
        let d = doc(
            "# disclint-disable-file R2 -- old\n# disclint-disable-file XYZ -- typo\n# disclint-disable-file R-OFF -- filtered\n",
        );
        let out = apply(&d, vec![], &All);
        let msgs: Vec<&str> = out.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(out.findings.len(), 2, "{msgs:?}");
        assert!(out.findings.iter().all(|f| f.rule == UNUSED && f.severity == Severity::Warning));
        assert!(msgs[1].contains("XYZ"));
    }

    #[test]
    fn visible_text_is_never_a_directive() {
        // The directive is in the copy, not in a comment.
        let d = Document::from_text(
            "t.txt",
            "disclint-disable-file R1 -- sneaky\n<!-- disclint-disable-file R1 -- sneaky -->\n保本\n".into(),
            Metadata::new(),
        );
        let out = apply(&d, vec![at(&d, "R1", "保本", 0)], &All);
        assert!(out.suppressed.is_empty());
        assert_eq!(ids(&out.findings), ["R1"]);
    }

    #[test]
    fn docx_comment_means_its_own_paragraph() {
        let mut d = Document::from_text("t.docx", "第一段保本\n第二段保本\n".into(), Metadata::new());
        d.format = Format::Docx;
        let second = d.source.find("第二段").unwrap_or(0);
        d.comments.push(Comment {
            text: "disclint-disable-next-line R1 -- 监管原文引用".into(),
            range: second..d.source.len() - 1,
        });
        let out = apply(&d, vec![at(&d, "R1", "保本", 0), at(&d, "R1", "保本", 1)], &All);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].0.span.map(|s| s.start.line), Some(2));
    }

    #[test]
    fn malformed_directive() {
        let d = doc("# disclint-disabel R1 -- x\n# disclint-disable-file -- no id\n");
        let out = apply(&d, vec![], &All);
        assert_eq!(ids(&out.findings), [INVALID, INVALID]);
    }
}
