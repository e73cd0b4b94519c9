//! The rule language: grammar (`grammar/disclint.pest`), syntax tree,
//! parser, validation and diagnostics.

pub mod ast;
pub mod diag;
pub mod fmt;
mod hints;
mod parser;
mod suggest;
mod validate;

pub use diag::{Diagnostic, line_col, render};
pub use parser::{KEYWORDS, Partial, parse, parse_partial};
pub use suggest::{closest, edit_distance};
pub use validate::validate;
