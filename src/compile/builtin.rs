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

/// The pack names a built-in rule file `use`s, read from its `use NAME`
/// lines (items start at the beginning of a line: the parser's item
/// recovery relies on the same layout). Lets a config that selects a few
/// built-in packs bring along the term-list packs they need.
pub fn uses(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("use "))
        .map(|n| n.split('#').next().unwrap_or("").trim())
        .collect()
}

/// The pack name a built-in rule file declares in its `pack NAME {` header.
pub fn declared_pack(text: &str) -> Option<&str> {
    text.lines().find_map(|l| l.strip_prefix("pack ")).map(|rest| rest.trim_end_matches('{').trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_scan_agrees_with_the_parser() {
        for (path, text) in files().iter().filter(|(p, _)| p.ends_with(".rules")) {
            let ast = crate::lang::parse(path, text).expect("built-in packs parse");
            assert_eq!(declared_pack(text), ast.pack.as_ref().map(|p| p.name.value.as_str()), "{path}");
            let parsed: Vec<&str> = ast.uses.iter().map(|u| u.value.as_str()).collect();
            assert_eq!(uses(text), parsed, "{path}");
        }
    }
}
