//! Fixture tests of rule files: real documents next to a rule file, each
//! with a `NAME.EXT.expected` file that lists the findings checking it must
//! produce (docs/rule-language.md, Fixtures).
//!
//! This module holds the pure part: reading and writing `.expected` files
//! and comparing them with findings. Finding fixtures and checking them is
//! the command line's (`disclint rules test`).

use crate::finding::Finding;

/// One expected finding: a rule id and where the finding starts (1-based
/// line and column, as in the JSON output), `None` for a finding with no
/// span (something missing).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub rule: String,
    pub at: Option<(usize, usize)>,
}

impl Expected {
    pub fn of(f: &Finding) -> Expected {
        Expected { rule: f.rule.clone(), at: f.span.map(|s| (s.start.line, s.start.column)) }
    }

    /// `3:5`, or `-` for no span.
    pub fn position(&self) -> String {
        match self.at {
            Some((line, column)) => format!("{line}:{column}"),
            None => "-".to_string(),
        }
    }
}

/// A line of an `.expected` file that is not `RULE-ID LINE:COLUMN` or `RULE-ID -`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// Reads an `.expected` file: one finding a line, `RULE-ID LINE:COLUMN` or
/// `RULE-ID -`; `#` starts a comment; blank lines are ignored. The order
/// of the lines does not matter.
pub fn parse(text: &str) -> Result<Vec<Expected>, ParseError> {
    let mut out = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{FEFF}').lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let error = |message: String| ParseError { line: i + 1, message };
        let words: Vec<&str> = line.split_whitespace().collect();
        let [rule, position] = words[..] else {
            return Err(error(format!("expected `RULE-ID LINE:COLUMN` or `RULE-ID -`, found `{line}`")));
        };
        let at = if position == "-" {
            None
        } else {
            let parsed = position
                .split_once(':')
                .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
                .filter(|(l, c)| *l > 0 && *c > 0);
            match parsed {
                Some(at) => Some(at),
                None => {
                    return Err(error(format!(
                        "`{position}` is not a position: expected LINE:COLUMN (1-based, e.g. 3:5) or `-`"
                    )));
                }
            }
        };
        out.push(Expected { rule: rule.to_string(), at });
    }
    Ok(out)
}

/// The `.expected` file for these findings (in the order given, which is
/// the report order): a header comment, then one line each, with the
/// matched text as a comment.
pub fn render(fixture_name: &str, findings: &[Finding]) -> String {
    let mut out = format!(
        "# Findings expected on {fixture_name}: RULE-ID LINE:COLUMN (`-`: no position).\n\
         # Written by `disclint rules test --bless`; edit by hand or bless again.\n"
    );
    for f in findings {
        let e = Expected::of(f);
        out.push_str(&format!("{} {}", e.rule, e.position()));
        if let Some(m) = &f.matched {
            let shown: String = m.replace(['\r', '\n'], "⏎").chars().take(40).collect();
            out.push_str(&format!("  # {shown}"));
        }
        out.push('\n');
    }
    out
}

/// The difference between what was expected and what was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Expected but not found.
    pub missing: Vec<Expected>,
    /// Found but not expected (with the finding, for its matched text).
    pub unexpected: Vec<Finding>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

/// Compares as multisets: each expected line accounts for one finding.
pub fn compare(expected: &[Expected], found: &[Finding]) -> Diff {
    let mut left: Vec<Option<&Expected>> = expected.iter().map(Some).collect();
    let mut diff = Diff::default();
    for f in found {
        let e = Expected::of(f);
        match left.iter_mut().find(|x| x.is_some_and(|x| *x == e)) {
            Some(slot) => *slot = None,
            None => diff.unexpected.push(f.clone()),
        }
    }
    diff.missing = left.into_iter().flatten().cloned().collect();
    diff.missing.sort_by(|a, b| (a.at, &a.rule).cmp(&(b.at, &b.rule)));
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Position, Severity, Span};

    fn finding(rule: &str, at: Option<(usize, usize)>) -> Finding {
        let pos = |(line, column): (usize, usize)| Position { line, column, offset: 0 };
        Finding {
            rule: rule.into(),
            category: "other.test".into(),
            severity: Severity::Error,
            message: String::new(),
            span: at.map(|a| Span { start: pos(a), end: pos(a) }),
            matched: at.map(|_| "保本\n保息".to_string()),
            citation: None,
            fix: None,
            turn: None,
            page: None,
            basis: None,
            merged: Vec::new(),
            claim: None,
        }
    }

    #[test]
    fn parses_lines_comments_and_dashes() {
        let text = "# header\n\nA-1 3:5  # “保本”\nB-2 -\n  A-1 10:1\n";
        let got = parse(text).unwrap();
        assert_eq!(
            got,
            vec![
                Expected { rule: "A-1".into(), at: Some((3, 5)) },
                Expected { rule: "B-2".into(), at: None },
                Expected { rule: "A-1".into(), at: Some((10, 1)) },
            ]
        );
    }

    #[test]
    fn bad_lines_name_their_line() {
        assert_eq!(parse("A-1 3:5\nA-1\n").unwrap_err().line, 2);
        assert_eq!(parse("A-1 3:x").unwrap_err().line, 1);
        assert_eq!(parse("A-1 0:1").unwrap_err().line, 1);
        assert_eq!(parse("A-1 3:5 extra").unwrap_err().line, 1);
    }

    #[test]
    fn render_parses_back_to_the_findings() {
        let found = vec![finding("B-2", None), finding("A-1", Some((3, 5)))];
        let text = render("x.md", &found);
        assert!(text.contains("A-1 3:5  # 保本⏎保息\n"), "{text}");
        let back = parse(&text).unwrap();
        assert!(compare(&back, &found).is_empty());
    }

    #[test]
    fn compare_counts_repeats() {
        let expected = parse("A-1 3:5\nA-1 3:5\nC-3 1:1").unwrap();
        let found = vec![finding("A-1", Some((3, 5))), finding("B-2", None)];
        let diff = compare(&expected, &found);
        assert_eq!(
            diff.missing,
            vec![
                Expected { rule: "C-3".into(), at: Some((1, 1)) },
                Expected { rule: "A-1".into(), at: Some((3, 5)) }
            ]
        );
        assert_eq!(diff.unexpected.len(), 1);
        assert_eq!(diff.unexpected[0].rule, "B-2");
    }
}
