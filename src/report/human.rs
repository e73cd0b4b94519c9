//! Output for people, like rustc or ruff: `path:line:col`, severity, rule
//! id, message, the source line with the match underlined, citation and fix.

use super::{FileReport, SourceLine, Summary};
use crate::finding::{Finding, Severity, Span};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Characters of a line kept on each side of a match. The renderer shows
/// at most a terminal's width (140 columns) of a line around the match but
/// measures all of it, and a paragraph, or a whole minified page, is one
/// line: handed a line of megabytes for each of thousands of findings, it
/// took time in findings × line length. More than the renderer can show is
/// kept, so it still marks the cut ends with `...` as before.
const SHOWN_AROUND: usize = 160;

/// The source handed to the renderer for one finding: its lines, the first
/// cut to [`SHOWN_AROUND`] characters before the match and the last to as
/// many after it, and the match as a byte range of that text.
struct Window {
    text: String,
    start: usize,
    end: usize,
    /// Whether the first line lost characters before the match.
    head_cut: bool,
}

impl Window {
    fn of(lines: &[&SourceLine], span: &Span) -> Window {
        let n = lines.len();
        let mut start = byte_in_line(lines[0], span.start.offset, span.start.column);
        let mut end = byte_in_line(lines[n - 1], span.end.offset, span.end.column);
        let mut text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let head = text[0][..start].char_indices().rev().nth(SHOWN_AROUND - 1).map_or(0, |(i, _)| i);
        text[0] = &text[0][head..];
        start -= head;
        if n == 1 {
            end = end.saturating_sub(head).max(start);
        }
        let tail = text[n - 1];
        if let Some((cut, _)) = tail[end.min(tail.len())..].char_indices().nth(SHOWN_AROUND) {
            text[n - 1] = &tail[..end + cut];
        }
        let before_last: usize = text[..n - 1].iter().map(|l| l.len() + 1).sum();
        let text = text.join("\n");
        let mut end = before_last + end;
        if end <= start {
            end = (start + 1).min(text.len());
        }
        Window { text, start, end, head_cut: head > 0 }
    }
}

/// The byte in `line` of source offset `offset`, which should be on it; a
/// position whose offset is not (a caller's finding made without offsets)
/// is found from its 1-based character `column` instead.
fn byte_in_line(line: &SourceLine, offset: usize, column: usize) -> usize {
    let text = line.text.as_str();
    match offset.checked_sub(line.start) {
        Some(mut at) if at <= text.len() => {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        }
        _ => text.char_indices().nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| i),
    }
}

fn render_finding(renderer: &Renderer, report: &FileReport, f: &Finding) -> String {
    let mut title = level(f.severity).primary_title(f.message.as_str()).id(f.rule.as_str());
    let mut group;
    let mut shown_at = None;
    match &f.span {
        Some(span) => {
            let first = span.start.line;
            let last = span.end.line.max(first);
            let empty = SourceLine::default();
            let lines: Vec<&SourceLine> =
                (first..=last).map(|l| report.lines.get(&(f.page, l)).unwrap_or(&empty)).collect();
            let window = Window::of(&lines, span);
            let mut path = report.path.clone();
            if let Some(turn) = f.turn {
                path = format!("{path} (turn {turn})");
            } else if let Some(page) = f.page {
                path = format!("{path} (page {page})");
            }
            // The renderer reports the column within the text it was given;
            // when the line was cut before the match, say the line's own.
            if window.head_cut {
                shown_at = Some((
                    format!("{path}:{first}:{}", window.text[..window.start].chars().count() + 1),
                    format!("{path}:{first}:{}", span.start.column),
                ));
            }
            title = title.id(f.rule.as_str());
            group = Group::with_title(title).element(
                Snippet::source(window.text).line_start(first).path(path).annotation(
                    AnnotationKind::Primary.span(window.start..window.end).label(f.category.as_str()),
                ),
            );
            // A place a condition decided on (a `report` rule's `text has`)
            // says so, and with what metadata.
            if let Some(basis) = &f.basis {
                group = group.element(Level::NOTE.message(basis.note()));
            }
            if let Some(note) = f.merged_note() {
                group = group.element(Level::NOTE.message(note));
            }
        }
        None => {
            group = Group::with_title(title).element(Origin::path(report.path.as_str()));
            // A rule about the document as a whole that its metadata decides
            // (R5 promoted to C2 investors) is not about anything missing.
            let note = match &f.basis {
                Some(basis) => format!("{} ({})", f.category, basis.note()),
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
        return match shown_at {
            Some((shown, real)) => rendered.replacen(&shown, &real, 1),
            None => rendered,
        };
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
    // A file that could not be read was not checked: "1 file checked: 0
    // findings" for a corrupt PDF reads like a pass in a CI log.
    let checked = s.files.saturating_sub(s.errors);
    out.push_str(&format!(
        "{} file{} checked: {} finding{} ({} error, {} warning, {} info)",
        checked,
        if checked == 1 { "" } else { "s" },
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
