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
