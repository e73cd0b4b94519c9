//! The built-in rule packs, embedded from `rules/` at build time.

use super::{Origin, RuleSource};
use crate::lang::ast::RuleFile;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// Every embedded file: `(path relative to rules/, contents)`.
pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::FILES.iter().map(|(p, t, _)| (*p, *t))
}

/// An embedded file by its path relative to `rules/` (rule packs and term list files).
pub fn file(path: &str) -> Option<&'static str> {
    embedded::FILES.iter().find(|(p, _, _)| *p == path).map(|(_, t, _)| *t)
}

/// The syntax tree of a built-in rule file, parsed by build.rs; `None` when
/// `text` is not that file's embedded text, or when the file did not parse
/// at build time (it is then parsed at run time, which reports its errors).
pub fn parsed(path: &str, text: &str) -> Option<RuleFile> {
    let (_, embedded, tree) = embedded::FILES.iter().find(|(p, _, _)| *p == path)?;
    if *embedded != text {
        return None;
    }
    postcard::from_bytes(tree.as_ref()?).ok()
}

/// The built-in rule packs as rule sources.
pub fn sources() -> Vec<RuleSource> {
    embedded::FILES
        .iter()
        .filter(|(p, _, _)| p.ends_with(".rules"))
        .map(|(p, t, _)| RuleSource {
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

/// The `language` a built-in pack's header declares (`language zh`).
pub fn declared_language(text: &str) -> Option<&str> {
    let header_end = text.find("\n}").unwrap_or(text.len());
    text[..header_end]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("language "))
        .map(|v| v.split('#').next().unwrap_or("").trim().trim_matches('"'))
        .next()
}

/// The ids of the rules of a built-in rule file (`rule ID {` lines).
pub fn rule_ids(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|l| l.strip_prefix("rule ")).filter_map(|rest| rest.split_whitespace().next())
}

/// A rule of a built-in pack as its text declares it, without compiling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared<'a> {
    pub id: &'a str,
    pub category: &'a str,
    pub draft: bool,
}

/// The rules of a built-in rule file with their category and draft mark,
/// read from its lines as [`rule_ids`] reads the ids: a short run compiles
/// only some packs, and a config or command line that names a rule of the
/// others (by id or category) is still told apart from a typo.
pub fn declared_rules(text: &str) -> Vec<Declared<'_>> {
    let mut out: Vec<Declared> = Vec::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("rule ").and_then(|rest| rest.split_whitespace().next()) {
            out.push(Declared { id, category: "", draft: false });
            continue;
        }
        let Some(rule) = out.last_mut() else { continue };
        let t = line.trim();
        if let Some(c) = t.strip_prefix("category ")
            && rule.category.is_empty()
        {
            rule.category = c.split('#').next().unwrap_or("").trim();
        } else if t == "draft" || t.starts_with("draft #") {
            rule.draft = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_scan_agrees_with_the_parser() {
        for (path, text) in files().filter(|(p, _)| p.ends_with(".rules")) {
            let ast = crate::lang::parse(path, text).expect("built-in packs parse");
            assert_eq!(declared_pack(text), ast.pack.as_ref().map(|p| p.name.value.as_str()), "{path}");
            let parsed: Vec<&str> = ast.uses.iter().map(|u| u.value.as_str()).collect();
            assert_eq!(uses(text), parsed, "{path}");
            let language = ast.pack.as_ref().and_then(|p| p.language.as_ref()).map(|l| l.value.as_str());
            assert_eq!(declared_language(text), language, "{path}");
            let ids: Vec<&str> = ast.rules.iter().map(|r| r.id.value.as_str()).collect();
            assert_eq!(rule_ids(text).collect::<Vec<_>>(), ids, "{path}");
            let declared: Vec<Declared> = ast
                .rules
                .iter()
                .map(|r| Declared {
                    id: r.id.value.as_str(),
                    category: r.category.as_ref().map_or("", |c| c.value.as_str()),
                    draft: r.draft,
                })
                .collect();
            assert_eq!(declared_rules(text), declared, "{path}");
            // Skipping a pack for a document in another language is only sound
            // when the pack applies to its declared language alone.
            if let (Some(lang), Some(pack)) = (language, &ast.pack)
                && ast.rules.iter().len() > 0
            {
                let applies = pack.applies.as_ref().map(|c| format!("{c:?}")).unwrap_or_default();
                assert!(
                    applies.contains("document.language") && applies.contains(&format!("\"{lang}\"")),
                    "{path}: declares language {lang} but its `applies when` does not require it"
                );
            }
        }
    }

    #[test]
    fn build_time_trees_are_the_parser_s_and_the_packs_are_valid() {
        for (path, text) in files().filter(|(p, _)| p.ends_with(".rules")) {
            let ast = crate::lang::parse(path, text).expect("built-in packs parse");
            // The run-time path takes the tree and skips validation: both
            // are checked here instead.
            assert_eq!(parsed(path, text).as_ref(), Some(&ast), "{path}: build.rs tree differs");
            assert_eq!(crate::lang::validate(path, &ast), Vec::new(), "{path}");
            // Another text under the same name is parsed, not looked up.
            assert_eq!(parsed(path, &format!("{text}\n")), None, "{path}");
        }
    }
}
