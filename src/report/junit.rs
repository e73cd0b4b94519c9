//! `--format junit`: JUnit XML, one `<testsuite>` per file and one
//! `<testcase>` per finding, so CI test views list each problem.
//!
//! - a finding at or above `--fail-on` is a `<failure>` (type = severity);
//! - a finding below it is a passing test case with the details in `<system-out>`;
//! - a suppressed finding is `<skipped>` with the suppression's reason;
//! - a file that could not be read is an `<error>`;
//! - a file with none of these is one passing test case, `no findings`.
//!
//! Baselined findings are not listed (the suite's `disclint.baselined` property counts them).

use super::FileReport;
use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn where_(f: &Finding) -> String {
    match (&f.span, f.page) {
        // A PDF's lines count from the top of their page.
        (Some(s), Some(page)) => format!("page {page}, {}:{}", s.start.line, s.start.column),
        (Some(s), None) => format!("{}:{}", s.start.line, s.start.column),
        (None, _) => "file".to_string(),
    }
}

fn details(path: &str, f: &Finding) -> String {
    let mut d = format!("{} {} [{}]\n{}", f.severity, f.rule, f.category, path);
    match &f.span {
        Some(s) => {
            if let Some(page) = f.page {
                let _ = write!(d, " (page {page})");
            }
            let _ = write!(d, ":{}:{}", s.start.line, s.start.column);
            if let Some(basis) = &f.basis {
                let _ = write!(d, " ({})", basis.note());
            }
        }
        // Without a place, the finding is about something absent, unless its
        // basis says otherwise (decided on the metadata, or present elsewhere):
        // the same note the human output gives.
        None => match &f.basis {
            Some(basis) => {
                let _ = write!(d, " ({})", basis.note());
            }
            None => d.push_str(" (missing from the document)"),
        },
    }
    let _ = write!(d, "\n{}", f.message);
    if let Some(m) = &f.matched {
        let _ = write!(d, "\nmatched: {m}");
    }
    if let Some(c) = &f.citation {
        let _ = write!(d, "\ncitation: {c}");
    }
    if let Some(fix) = &f.fix {
        let _ = write!(d, "\nfix: {fix}");
    }
    d
}

/// Renders `reports`; findings at or above `fail_on` are failures (`None`: none are).
pub fn render(reports: &[FileReport], fail_on: Option<Severity>) -> String {
    let fails = |f: &Finding| fail_on.is_some_and(|t| f.severity >= t);
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for r in reports {
        let path = escape(&r.path);
        let mut cases = String::new();
        let (mut t, mut fl, mut er, mut sk) = (0, 0, 0, 0);
        if let Some(e) = &r.error {
            t += 1;
            er += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{path}\" name=\"read\" file=\"{path}\">\n      <error type=\"read\" message=\"{}\"/>\n    </testcase>\n",
                escape(e)
            );
        }
        for f in &r.findings {
            t += 1;
            let name = escape(&format!("{} at {}", f.rule, where_(f)));
            let body = escape(&details(&r.path, f));
            let line = f.span.map_or(1, |s| s.start.line);
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{path}\" name=\"{name}\" file=\"{path}\" line=\"{line}\">"
            );
            if fails(f) {
                fl += 1;
                let _ = writeln!(
                    cases,
                    "      <failure type=\"{}\" message=\"{}\">{body}</failure>",
                    f.severity,
                    escape(&f.message)
                );
            } else {
                let _ = writeln!(cases, "      <system-out>{body}</system-out>");
            }
            cases.push_str("    </testcase>\n");
        }
        for s in &r.suppressed {
            t += 1;
            sk += 1;
            let f = &s.finding;
            let name = escape(&format!("{} at {} (suppressed)", f.rule, where_(f)));
            let _ = write!(
                cases,
                "    <testcase classname=\"{path}\" name=\"{name}\" file=\"{path}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                escape(&format!(
                    "suppressed ({} at line {}): {}",
                    s.suppression.kind.as_str(),
                    s.suppression.line,
                    s.suppression.reason
                ))
            );
        }
        if t == 0 {
            t = 1;
            let _ =
                writeln!(cases, "    <testcase classname=\"{path}\" name=\"no findings\" file=\"{path}\"/>");
        }
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{path}\" tests=\"{t}\" failures=\"{fl}\" errors=\"{er}\" skipped=\"{sk}\">"
        );
        if let Some(b) = r.baseline {
            let _ = writeln!(
                suites,
                "    <properties>\n      <property name=\"disclint.baselined\" value=\"{}\"/>\n    </properties>",
                b.unchanged
            );
        }
        suites.push_str(&cases);
        suites.push_str("  </testsuite>\n");
        tests += t;
        failures += fl;
        errors += er;
        skipped += sk;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"disclint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}
