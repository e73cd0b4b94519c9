//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding in force (`::error file=…,line=…::message`), so findings show on
//! the pull request's changed files. Suppressed and baselined findings are
//! not annotated; a last plain line sums up.
//!
//! Columns are characters. `col`/`endColumn` are given only for a finding on
//! one line (GitHub ignores them otherwise); `endColumn` is the column of the
//! last character (inclusive). A finding about absent text is put on line 1.

use super::{FileReport, Summary};
use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// Escapes a message (the part after `::`): `%`, `\r`, `\n`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as [`escape_data`], and `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(r: &FileReport, f: &Finding) -> String {
    let mut props = format!("file={}", escape_property(r.uri_path()));
    match &f.span {
        Some(s) => {
            let _ = write!(props, ",line={},endLine={}", s.start.line, s.end.line.max(s.start.line));
            if s.end.line == s.start.line {
                let last = s.end.column.saturating_sub(1).max(s.start.column);
                let _ = write!(props, ",col={},endColumn={last}", s.start.column);
            }
        }
        None => props.push_str(",line=1"),
    }
    // A PDF's lines count from the top of their page: the title says which.
    let page = f.page.map(|p| format!(", page {p}")).unwrap_or_default();
    let _ = write!(props, ",title={}", escape_property(&format!("{} ({}){page}", f.rule, f.category)));
    let mut message = f.message.clone();
    if let Some(c) = &f.citation {
        let _ = write!(message, "\nCitation: {c}");
    }
    if let Some(fix) = &f.fix {
        let _ = write!(message, "\nFix: {fix}");
    }
    if let Some(note) = f.merged_note() {
        let _ = write!(message, "\nNote: {note}");
    }
    format!("::{} {props}::{}\n", command(f.severity), escape_data(&message))
}

/// One file's annotations.
pub fn render_file(r: &FileReport) -> String {
    let mut out = String::new();
    if let Some(e) = &r.error {
        let _ = writeln!(
            out,
            "::error file={},title=disclint::{}",
            escape_property(r.uri_path()),
            escape_data(e)
        );
        return out;
    }
    for f in &r.findings {
        out.push_str(&annotation(r, f));
    }
    out
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out: String = reports.iter().map(render_file).collect();
    out.push_str(&render_summary(&Summary::of(reports)));
    out
}

/// The closing plain line that sums up the run.
pub fn render_summary(s: &Summary) -> String {
    let mut out = String::new();
    let n = |sev| s.by_severity.get(&sev).copied().unwrap_or(0);
    // "1 file, 1 finding (1 error, …)": singular and plural as counted.
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = write!(
        out,
        "disclint: {}, {} ({}, {}, {} info), {} suppressed",
        count(s.files, "file", "files"),
        count(s.findings, "finding", "findings"),
        count(n(Severity::Error), "error", "errors"),
        count(n(Severity::Warning), "warning", "warnings"),
        n(Severity::Info),
        s.suppressed
    );
    if let Some(b) = s.baseline {
        let _ = write!(
            out,
            ", {} in the baseline, {} gone",
            b.unchanged,
            count(b.absent, "baseline entry", "baseline entries")
        );
    }
    // The counts above are findings; a file that could not be read is an
    // error annotation of its own and fails the run (exit 2), so say so.
    if s.errors > 0 {
        let _ = write!(out, ", {} could not be read", count(s.errors, "file", "files"));
    }
    out.push('\n');
    out
}
