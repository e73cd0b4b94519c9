//! The rule language: grammar (`grammar/disclint.pest`), syntax tree,
//! parser, validation and diagnostics.

pub mod ast;
pub mod diag;

pub use diag::Diagnostic;
