//! One claim, one finding (spec/categories.md: "two guarantee claims are
//! two findings", so one claim is one). Rules overlap: a pack for every
//! product and a pack for insurance both know `就是银行存款`, `Like a
//! savings account` holds `savings account`, and a house rule may repeat a
//! built-in one. Findings of the same category whose spans are the same, or
//! one within the other, are reported as one finding that names the others
//! ([`Finding::merged`]). So are the findings of one rule that reads an
//! answer (`in reply to`) in the same sentence of the same turn
//! ([`Finding::claim`]): `Basically, yeah.` to "Is my money guaranteed?" is
//! one yes, though the rule finds two words of it.
//!
//! This runs after rule selection (`--rule`, `--category`, `disable`) and
//! inline suppressions, so suppressing or not selecting one of the rules
//! shows the other. Findings with no span (something missing, the document
//! as a whole), findings of different categories, spans that only partly
//! overlap (`保本保息` and `保息，零风险` are two claims) and the findings about
//! suppression directives are never merged.
//!
//! Which finding is kept, in this order: the higher severity (as
//! configured), then the wider span (the whole claim), then the one with a
//! fix, then the earlier start, then the rule id, then the message. The
//! others are listed in the kept one's `merged`, in report order.

use crate::finding::{Finding, Merged};
use std::cmp::Reverse;
use std::collections::HashMap;

/// Whether `f` takes part: it has a place and is a rule's (not a finding
/// about a suppression directive).
/// Findings of `disclosure.*` and `script.*` say something is absent,
/// even when placed (at the close of a call): two of them at one place are
/// two things missing (the risk level, the risk warning), not one claim.
fn mergeable(f: &Finding) -> bool {
    f.span.is_some()
        && !f.rule.starts_with("disclint.")
        && !f.category.starts_with("disclosure.")
        && !f.category.starts_with("script.")
}

/// Whether the spans of `a` and `b` are the same or one holds the other.
fn nested(a: &Finding, b: &Finding) -> bool {
    let (Some(a), Some(b)) = (a.span, b.span) else { return false };
    let (a0, a1, b0, b1) = (a.start.offset, a.end.offset, b.start.offset, b.end.offset);
    (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1)
}

/// Whether `a` and `b` are one rule's findings in one answer.
fn same_answer(a: &Finding, b: &Finding) -> bool {
    a.claim.is_some() && a.claim == b.claim && a.rule == b.rule
}

/// Collapses the findings in force of one document, each with its
/// fingerprint (in report order, which is kept), so that one claim is one
/// finding: see the module documentation.
pub fn collapse(findings: Vec<(Finding, String)>) -> Vec<(Finding, String)> {
    let mut order: Vec<usize> = (0..findings.len()).filter(|&i| mergeable(&findings[i].0)).collect();
    if order.len() < 2 {
        return findings;
    }
    order.sort_by_key(|&i| {
        let f = &findings[i].0;
        let (start, end) = f.span.map_or((0, 0), |s| (s.start.offset, s.end.offset));
        (
            Reverse(f.severity),
            Reverse(end.saturating_sub(start)),
            f.fix.is_none(),
            start,
            f.rule.as_str(),
            f.message.as_str(),
        )
    });
    // Per category, the findings kept so far; `into[i]` is the finding `i` is merged into.
    let mut kept: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut into: Vec<Option<usize>> = vec![None; findings.len()];
    for &i in &order {
        let f = &findings[i].0;
        let same = kept.entry(f.category.as_str()).or_default();
        match same.iter().find(|&&k| nested(&findings[k].0, f) || same_answer(&findings[k].0, f)) {
            Some(&k) => into[i] = Some(k),
            None => same.push(i),
        }
    }
    if into.iter().all(Option::is_none) {
        return findings;
    }
    let mut merged: Vec<Vec<Merged>> = vec![Vec::new(); findings.len()];
    let mut out: Vec<Option<(Finding, String)>> = Vec::with_capacity(findings.len());
    for (i, (f, fingerprint)) in findings.into_iter().enumerate() {
        match into[i] {
            Some(k) => {
                merged[k].push(Merged {
                    rule: f.rule,
                    severity: f.severity,
                    message: f.message,
                    span: f.span,
                    matched: f.matched,
                    fingerprint,
                });
                out.push(None);
            }
            None => out.push(Some((f, fingerprint))),
        }
    }
    out.into_iter()
        .zip(merged)
        .filter_map(|(kept, more)| {
            let (mut f, fingerprint) = kept?;
            f.merged.extend(more);
            Some((f, fingerprint))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Fix, Position, Severity, Span};

    fn f(rule: &str, category: &str, severity: Severity, range: Option<(usize, usize)>) -> (Finding, String) {
        let pos = |offset| Position { line: 1, column: offset + 1, offset };
        let finding = Finding {
            rule: rule.into(),
            category: category.into(),
            severity,
            message: format!("{rule} message"),
            span: range.map(|(a, b)| Span { start: pos(a), end: pos(b) }),
            matched: range.map(|_| "x".to_string()),
            citation: None,
            fix: None,
            turn: None,
            page: None,
            basis: None,
            merged: Vec::new(),
            claim: None,
        };
        (finding, format!("fp-{rule}"))
    }

    const DEP: &str = "prohibited.deposit-confusion";
    const GUAR: &str = "prohibited.guarantee";

    fn rules(out: &[(Finding, String)]) -> Vec<(String, Vec<String>)> {
        out.iter().map(|(f, _)| (f.rule.clone(), f.merged.iter().map(|m| m.rule.clone()).collect())).collect()
    }

    #[test]
    fn same_span_same_category_is_one_finding_kept_by_rule_id() {
        let out = collapse(vec![
            f("CN-INS", DEP, Severity::Error, Some((10, 16))),
            f("CN-AD", DEP, Severity::Error, Some((10, 16))),
            f("CN-AD-G", GUAR, Severity::Error, Some((10, 16))),
        ]);
        assert_eq!(
            rules(&out),
            [("CN-AD".to_string(), vec!["CN-INS".to_string()]), ("CN-AD-G".to_string(), vec![])]
        );
        assert_eq!(out[0].1, "fp-CN-AD");
        assert_eq!(out[0].0.merged[0].fingerprint, "fp-CN-INS");
    }

    #[test]
    fn severity_then_width_chooses_the_finding_kept() {
        // A warning on the wider span loses to an error on the narrower one.
        let out = collapse(vec![
            f("WIDE", DEP, Severity::Warning, Some((0, 20))),
            f("NARROW", DEP, Severity::Error, Some((5, 10))),
        ]);
        assert_eq!(rules(&out), [("NARROW".to_string(), vec!["WIDE".to_string()])]);
        // Same severity: the wider span (the whole claim) is kept.
        let out = collapse(vec![
            f("WIDE", DEP, Severity::Error, Some((0, 20))),
            f("NARROW", DEP, Severity::Error, Some((5, 10))),
        ]);
        assert_eq!(rules(&out), [("WIDE".to_string(), vec!["NARROW".to_string()])]);
        // Same span and severity: the one with a fix.
        let (mut with_fix, fp) = f("Z", DEP, Severity::Error, Some((0, 4)));
        with_fix.fix = Some(Fix::Remove);
        let out = collapse(vec![f("A", DEP, Severity::Error, Some((0, 4))), (with_fix, fp)]);
        assert_eq!(rules(&out), [("Z".to_string(), vec!["A".to_string()])]);
    }

    #[test]
    fn partial_overlap_other_categories_and_absences_stay_apart() {
        let out = collapse(vec![
            f("MISSING-A", DEP, Severity::Error, None),
            f("MISSING-B", DEP, Severity::Error, None),
            f("A", DEP, Severity::Error, Some((0, 6))),
            f("B", DEP, Severity::Error, Some((3, 9))),
            f("C", GUAR, Severity::Error, Some((0, 6))),
            f("disclint.unused-suppression", DEP, Severity::Error, Some((0, 6))),
        ]);
        assert_eq!(out.len(), 6);
        assert!(out.iter().all(|(f, _)| f.merged.is_empty()));
    }

    #[test]
    fn one_rules_findings_in_one_answer_are_one_finding() {
        let answer = |rule: &str, range, claim| {
            let (mut finding, fp) = f(rule, GUAR, Severity::Error, Some(range));
            finding.claim = claim;
            (finding, fp)
        };
        let out = collapse(vec![
            answer("R", (10, 19), Some((10, 26))),
            answer("R", (21, 25), Some((10, 26))),
            // Another answer, another rule, or a rule that reads no answer.
            answer("R", (40, 44), Some((40, 50))),
            answer("S", (30, 34), Some((10, 26))),
            answer("T", (60, 62), None),
            answer("T", (64, 66), None),
        ]);
        assert_eq!(
            rules(&out),
            [
                ("R".to_string(), vec!["R".to_string()]),
                ("R".to_string(), vec![]),
                ("S".to_string(), vec![]),
                ("T".to_string(), vec![]),
                ("T".to_string(), vec![]),
            ]
        );
    }

    #[test]
    fn a_claim_found_three_times_is_one_finding() {
        let out = collapse(vec![
            f("A", DEP, Severity::Error, Some((0, 10))),
            f("B", DEP, Severity::Error, Some((2, 8))),
            f("C", DEP, Severity::Error, Some((2, 8))),
            f("D", DEP, Severity::Error, Some((20, 28))),
        ]);
        assert_eq!(
            rules(&out),
            [("A".to_string(), vec!["B".to_string(), "C".to_string()]), ("D".to_string(), vec![])]
        );
    }
}
