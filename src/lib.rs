//! `disclint` checks financial-product marketing documents and sales-script
//! transcripts against consumer-protection rules written in its own rule
//! language.
//!
//! One way through: document → normalise → scan once → evaluate → findings →
//! report. Each module owns one step:
//!
//! - [`lang`]: the rule language (pest grammar, syntax tree, validation, diagnostics);
//! - [`compile`]: rule files → one compiled rule set (all patterns in one automaton);
//! - [`text`]: normalisation with an offset map back to the original characters;
//! - [`document`]: documents, their structure and metadata;
//! - [`eval`]: runs a compiled rule set over a document → findings;
//! - [`report`]: findings → human, JSON and CI formats.
//!
//! # Using the library
//!
//! ```
//! use disclint::compile::{RuleSet, RuleSource};
//! use disclint::document::{Document, Metadata};
//! use disclint::eval::{self, Options};
//!
//! // Load rules: the built-in packs (`RuleSet::builtin()`), files, or text.
//! let rules = r#"
//! terms negation = ["不", "非"]
//! rule GUARANTEE {
//!   title    "承诺保本"
//!   category prohibited.guarantee
//!   severity error
//!   forbid   ["保本", "零风险"] unless preceded by negation within 4
//! }"#;
//! let (set, _warnings) = RuleSet::load(vec![RuleSource::inline("mine.rules", rules)]).unwrap();
//!
//! // Load a document: from disk with `document::load::load_path`, or from text.
//! let doc = Document::from_text("post.txt", "本产品不保本，零 風 險！".into(), Metadata::new());
//!
//! // Check it.
//! let outcome = eval::check(&set, &doc, &Options::default());
//! assert_eq!(outcome.findings.len(), 1);
//! let f = &outcome.findings[0];
//! assert_eq!(f.matched.as_deref(), Some("零 風 險"));
//! assert_eq!(f.span.unwrap().start.column, 8);
//! ```

pub mod category;
pub mod document;
pub mod finding;
pub mod lang;
mod severity;
pub mod text;

pub use finding::{Finding, Fix, Position, Severity, Span};
pub mod compile;
pub mod eval;
pub mod gate;
pub mod report;
