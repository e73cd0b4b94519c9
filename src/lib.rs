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

pub mod category;
pub mod document;
pub mod finding;
pub mod lang;
pub mod text;

pub use finding::{Finding, Fix, Position, Severity, Span};
pub mod compile;
pub mod eval;
pub mod gate;
pub mod report;
