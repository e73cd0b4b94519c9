//! Rule-file diagnostics, reported like a compiler: file:line:column, the
//! offending line with the text underlined, and what was expected.

use super::ast::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// The rule file's path as given by the user (or `builtin:cn/wealth.rules`).
    pub file: String,
    pub span: Span,
    /// The headline: "unknown category `prohibited.guarante`".
    pub message: String,
    /// Shown under the underline: "expected one of …".
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            file: file.to_string(),
            span,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    pub fn warning(file: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level: Level::Warning, ..Diagnostic::error(file, span, message) }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// 1-based line and column (counted in characters) of byte `offset`.
/// Offsets past the end or inside a character are clamped.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Renders diagnostics like rustc, sorted by file and position.
pub fn render<'s>(diags: &[Diagnostic], source_of: &dyn Fn(&str) -> Option<&'s str>, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level as L, Origin, Renderer, Snippet};

    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by(|a, b| {
        (a.file.as_str(), a.span.start, a.span.end).cmp(&(b.file.as_str(), b.span.start, b.span.end))
    });
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = Vec::new();
    for d in sorted {
        let level = match d.level {
            Level::Error => L::ERROR,
            Level::Warning => L::WARNING,
        };
        let title = level.primary_title(d.message.as_str());
        let mut group: Group<'_> = match source_of(&d.file) {
            Some(src) => {
                let (start, end) = clamp(src, d.span);
                let mut ann = AnnotationKind::Primary.span(start..end);
                if let Some(l) = &d.label {
                    ann = ann.label(l.as_str());
                }
                title.element(Snippet::source(src).path(d.file.as_str()).annotation(ann))
            }
            None => title.element(Origin::path(d.file.as_str())),
        };
        if let Some(h) = &d.help {
            group = group.element(L::HELP.message(h.as_str()));
        }
        out.push(renderer.render(&[group]));
    }
    let mut s = out.join("\n\n");
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// A span made safe to slice `src` with: within bounds, on char boundaries.
fn clamp(src: &str, span: Span) -> (usize, usize) {
    let fix = |mut o: usize| {
        o = o.min(src.len());
        while !src.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let start = fix(span.start);
    (start, fix(span.end).max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = "ab\n保本x";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 9), (2, 3));
        assert_eq!(line_col(s, 100), (2, 4));
    }
}
