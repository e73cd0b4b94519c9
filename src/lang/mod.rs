//! The rule language: grammar (`grammar/disclint.pest`), syntax tree,
//! parser, validation and diagnostics.

pub mod ast;
pub mod diag;

pub use diag::Diagnostic;

// TEMPORARY stand-ins until the parser lands (replaced on merge).
pub fn parse(_file: &str, _source: &str) -> Result<ast::RuleFile, Vec<Diagnostic>> {
    Err(Vec::new())
}
pub fn validate(_file: &str, _ast: &ast::RuleFile) -> Vec<Diagnostic> {
    Vec::new()
}
pub fn render<'s>(_d: &[Diagnostic], _s: &dyn Fn(&str) -> Option<&'s str>, _c: bool) -> String {
    String::new()
}
