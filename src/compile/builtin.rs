//! The built-in rule packs, embedded from `rules/` at build time.

use super::{Origin, RuleSource};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// Every embedded file: `(path relative to rules/, contents)`.
pub fn files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// An embedded file by its path relative to `rules/` (rule packs and term list files).
pub fn file(path: &str) -> Option<&'static str> {
    embedded::FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// The built-in rule packs as rule sources.
pub fn sources() -> Vec<RuleSource> {
    embedded::FILES
        .iter()
        .filter(|(p, _)| p.ends_with(".rules"))
        .map(|(p, t)| RuleSource {
            name: format!("builtin:{p}"),
            text: t.to_string(),
            origin: Origin::Builtin(p),
        })
        .collect()
}
