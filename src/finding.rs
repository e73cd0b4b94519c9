//! What a check produces: findings, their severity, their location and the fix.

use serde::Serialize;
use std::fmt;

pub use crate::severity::Severity;

/// A place in the original document: 1-based line, 1-based column counted in
/// Unicode scalar values, and the byte offset into the decoded UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A half-open range `[start, end)` of the original document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// How to mend a finding. For a forbidden match, `Replace`/`Remove` act on the
/// matched text, `Insert` goes before it and `Append` after it; for a missing
/// item, `Insert` goes at the top of the document and `Append` at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Fix {
    Replace { text: String },
    Remove,
    Insert { text: String },
    Append { text: String },
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fix::Replace { text } => write!(f, "replace with “{text}”"),
            Fix::Remove => f.write_str("remove"),
            Fix::Insert { text } => write!(f, "insert “{text}”"),
            Fix::Append { text } => write!(f, "append “{text}”"),
        }
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    /// `None` for something absent (a missing warning).
    pub span: Option<Span>,
    /// The original characters the rule matched, `None` when `span` is.
    pub matched: Option<String>,
    pub citation: Option<String>,
    pub fix: Option<Fix>,
    /// 1-based turn number when the document is a sales-script transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub turn: Option<usize>,
    /// 1-based page number for paginated formats (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Why a finding without a span has none, when it is not simply that
    /// the text is missing, so output for people does not call it
    /// "missing". Not in JSON (the contract's shape; the file's `metadata`
    /// holds the values).
    #[serde(skip)]
    pub basis: Option<Basis>,
    /// Other findings of the same category whose span is this one's or lies
    /// within it (or holds it): the same claim found by several rules,
    /// reported once (spec/categories.md: one claim is one finding). Filled
    /// by [`crate::gate::merge`]; in JSON as `merged` only when not empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<Merged>,
    /// For a finding of a rule that reads an answer (`in reply to`), the
    /// source range of the sentence answered with: every word of one answer
    /// its rule finds (`Basically, yeah.`) is one claim, merged into one
    /// finding by [`crate::gate::merge`]. Not in JSON.
    #[serde(skip)]
    pub claim: Option<(usize, usize)>,
}

/// A finding merged into another of its category on the same claim
/// ([`Finding::merged`]): which rule found it, where, and its fingerprint
/// (a baseline that recorded it still matches the finding kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub matched: Option<String>,
    pub fingerprint: String,
}

/// What a finding with no span is about, other than something missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The document as a whole (a `report` rule: a suitability mismatch,
    /// R5 for C2 investors), and what it was decided on (`from its
    /// metadata: product.risk_level = R5, …`).
    Whole(String),
    /// A finding with a place that a condition on the text decided (a
    /// `report` rule whose `text has` made its `when` true): what it was
    /// decided on (`decided on the text here, with its metadata:
    /// product.risk_level = R4`).
    Text(String),
    /// Required text that is in the document, but not where the rule
    /// requires it: `place` says where that is (`in the first 20%`), `at`
    /// where the text first occurs, on `page` in a paginated format.
    Elsewhere { place: String, at: Position, page: Option<usize> },
}

impl Basis {
    /// The explanation output for people puts after the category.
    pub fn note(&self) -> String {
        match self {
            Basis::Whole(basis) => format!("about the whole document, {basis}"),
            Basis::Text(basis) => basis.clone(),
            Basis::Elsewhere { place, at, page } => {
                let page = page.map(|p| format!("page {p}, ")).unwrap_or_default();
                format!(
                    "present, but not {place} as the rule requires: first at {page}line {}, column {}",
                    at.line, at.column
                )
            }
        }
    }
}

impl Finding {
    /// What output for people says about the findings merged into this
    /// one: `also found by CN-INS-DEPOSIT-CONFUSION (one claim, one
    /// finding)`, with the place and text of one found on a narrower or
    /// wider span (`EN-DEPOSIT-WORDS at 1:47 “savings account”`).
    pub fn merged_note(&self) -> Option<String> {
        if self.merged.is_empty() {
            return None;
        }
        let others: Vec<String> = self
            .merged
            .iter()
            .map(|m| match (m.span, self.span) {
                (Some(theirs), Some(ours)) if theirs != ours => format!(
                    "{} at {}:{} “{}”",
                    m.rule,
                    theirs.start.line,
                    theirs.start.column,
                    m.matched.as_deref().unwrap_or_default().replace(['\r', '\n'], "⏎")
                ),
                _ => m.rule.clone(),
            })
            .collect();
        Some(format!(
            "also found by {} (the same claim of the same category: one finding)",
            others.join(", ")
        ))
    }

    /// This finding and those merged into it, each on its own again (for
    /// fixture tests, which test rules one by one).
    pub fn unmerged(mut self) -> Vec<Finding> {
        let merged = std::mem::take(&mut self.merged);
        let mut out = Vec::with_capacity(merged.len() + 1);
        for m in merged {
            out.push(Finding {
                rule: m.rule,
                severity: m.severity,
                message: m.message,
                span: m.span,
                matched: m.matched,
                // The rule's own citation and fix are not kept with it.
                citation: None,
                fix: None,
                basis: None,
                ..self.clone()
            });
        }
        out.insert(0, self);
        out
    }

    /// The order findings are reported in: by position (absent items first), then rule id.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        match &self.span {
            Some(s) => (1, s.start.offset, &self.rule),
            None => (0, 0, &self.rule),
        }
    }
}

/// The report order of two findings: position, then rule id, then end, then message.
pub fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.sort_key()
        .cmp(&b.sort_key())
        .then_with(|| a.span.map(|s| s.end.offset).cmp(&b.span.map(|s| s.end.offset)))
        .then_with(|| a.message.cmp(&b.message))
}

/// Sorts findings deterministically: position, then rule id, then message.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(order);
}
