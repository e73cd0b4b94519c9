//! Output for people, like rustc or ruff: `path:line:col`, severity, rule
//! id, message, the source line with the match underlined, citation and fix.

use super::{FileReport, Summary};
use crate::finding::{Finding, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_finding(renderer: &Renderer, report: &FileReport, f: &Finding) -> String {
    let mut title = level(f.severity).primary_title(f.message.as_str()).id(f.rule.as_str());
    let mut group;
    match &f.span {
        Some(span) => {
            let first = span.start.line;
            let last = span.end.line.max(first);
            let mut text: Vec<&str> = (first..=last)
                .map(|l| report.lines.get(&(f.page, l)).map(String::as_str).unwrap_or(""))
                .collect();
            // A paragraph is one line, often thousands of characters; the
            // renderer shows at most a terminal's width of it around the
            // match but measures all of it. Past this many characters after
            // the match nothing can be shown, so it is not handed over.
            const SHOWN_AFTER: usize = 256;
            if let Some(tail) = text.last_mut() {
                let keep = span.end.column.saturating_sub(1) + SHOWN_AFTER;
                if let Some((cut, _)) = tail.char_indices().nth(keep) {
                    *tail = &tail[..cut];
                }
            }
            let source = text.join("\n");
            // Columns are characters; the snippet wants byte ranges of `source`.
            let byte_of = |line: usize, column: usize| -> usize {
                let before: usize = text[..line - first].iter().map(|l| l.len() + 1).sum();
                let in_line = text[line - first]
                    .char_indices()
                    .nth(column - 1)
                    .map_or(text[line - first].len(), |(i, _)| i);
                before + in_line
            };
            let start = byte_of(first, span.start.column);
            let mut end = byte_of(last, span.end.column);
            if end <= start {
                end = (start + 1).min(source.len());
            }
            let mut path = report.path.clone();
            if let Some(turn) = f.turn {
                path = format!("{path} (turn {turn})");
            } else if let Some(page) = f.page {
                path = format!("{path} (page {page})");
            }
            title = title.id(f.rule.as_str());
            group = Group::with_title(title).element(
                Snippet::source(source)
                    .line_start(first)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(start..end).label(f.category.as_str())),
            );
        }
        None => {
            group = Group::with_title(title).element(Origin::path(report.path.as_str()));
            // A rule about the document as a whole that its metadata decides
            // (R5 promoted to C2 investors) is not about anything missing.
            let note = match &f.basis {
                Some(basis) => format!("{} (about the whole document, {basis})", f.category),
                None => format!("{} (nothing to point at: this is missing)", f.category),
            };
            group = group.element(Level::NOTE.message(note));
        }
    }
    if let Some(c) = &f.citation {
        group = group.element(Level::NOTE.with_name("cite").message(c.as_str()));
    }
    if let Some(fix) = &f.fix {
        group = group.element(Level::HELP.with_name("fix").message(fix.to_string()));
    }
    let rendered = renderer.render(&[group]);
    if f.span.is_some() {
        return rendered;
    }
    // With no source line there is no line-number gutter, and the renderer
    // starts `-->` in column 1, one left of the ` = note` lines under it and
    // of the ` --> file:line:col` of findings with a place: indent it.
    rendered
        .split_inclusive('\n')
        .map(|line| if strip_ansi(line).starts_with("-->") { format!(" {line}") } else { line.to_string() })
        .collect()
}

/// `line` without leading ANSI colour sequences (`ESC [ … m`).
fn strip_ansi(mut line: &str) -> &str {
    while let Some(rest) = line.strip_prefix("\u{1b}[") {
        match rest.find('m') {
            Some(end) => line = &rest[end + 1..],
            None => break,
        }
    }
    line
}

/// One file's findings (or its error), each followed by a blank line.
pub fn render_file(report: &FileReport, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    if let Some(err) = &report.error {
        let group =
            Group::with_title(Level::ERROR.primary_title(format!("cannot check {}: {err}", report.path)));
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
        return out;
    }
    for f in &report.findings {
        out.push_str(&render_finding(&renderer, report, f));
        out.push_str("\n\n");
    }
    out
}

/// Renders every finding and file error, then a summary line.
pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut out: String = reports.iter().map(|r| render_file(r, color)).collect();
    out.push_str(&render_summary(&Summary::of(reports)));
    out
}

/// The closing summary line.
pub fn render_summary(s: &Summary) -> String {
    let mut out = String::new();
    let count = |sev| s.by_severity.get(&sev).copied().unwrap_or(0);
    out.push_str(&format!(
        "{} file{} checked: {} finding{} ({} error, {} warning, {} info)",
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.findings,
        if s.findings == 1 { "" } else { "s" },
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    ));
    if s.suppressed > 0 {
        out.push_str(&format!("; {} suppressed with a reason (listed by --format json)", s.suppressed));
    }
    if let Some(b) = &s.baseline {
        out.push_str(&format!("; {} unchanged from the baseline", b.unchanged));
    }
    if s.errors > 0 {
        out.push_str(&format!(
            "; {} file{} could not be read",
            s.errors,
            if s.errors == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    out
}
