//! `rules fmt` is canonical: it prints from the syntax tree, so layout does
//! not survive it (comments do); it is idempotent; and what it prints parses
//! to the same syntax tree as its input. Checked on every built-in pack
//! (read, never rewritten) and on layouts of them shuffled at random.

use disclint::lang::fmt::{format, same_tree};
use disclint::lang::parse;
use proptest::prelude::*;

fn packs() -> Vec<(&'static str, &'static str)> {
    disclint::compile::builtin::files().filter(|(p, _)| p.ends_with(".rules")).collect()
}

fn fmt(name: &str, text: &str) -> String {
    match format(name, text) {
        Ok(f) => f,
        Err(d) => panic!("{name} does not format: {d:?}"),
    }
}

#[test]
fn builtin_packs_format_idempotently_to_the_same_tree() {
    for (path, text) in packs() {
        let once = fmt(path, text);
        assert_eq!(fmt(path, &once), once, "{path}: formatting twice changes it");
        let (Ok(before), Ok(after)) = (parse(path, text), parse(path, &once)) else {
            panic!("{path} no longer parses after formatting");
        };
        assert!(same_tree(&before, &after), "{path}: formatting changed the syntax tree");
        let comments = |s: &str| s.lines().filter(|l| l.trim_start().starts_with('#')).count();
        assert_eq!(comments(&once), comments(text), "{path}: own-line comments lost or added");
    }
}

/// The built-in packs are kept as `disclint rules fmt` writes them, so that
/// `rules fmt --check` passes on them and a diff of a pack shows only what changed.
#[test]
fn builtin_packs_are_formatted() {
    for (path, text) in packs() {
        assert!(fmt(path, text) == text, "{path} is not formatted: run `disclint rules fmt rules/`");
    }
}

/// The formatted built-in packs, the fixed points the layouts are shuffled around.
fn canonical() -> &'static [(String, String)] {
    static CANONICAL: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CANONICAL.get_or_init(|| packs().into_iter().map(|(p, t)| (p.to_string(), fmt(p, t))).collect())
}

const ITEM_KEYWORDS: &[&str] = &["pack ", "use ", "terms ", "rule "];

/// `text` with its layout changed at the lines `edits` point at: a line
/// re-indented, joined to the next, split after a comma, or followed by a
/// blank line inside an item. Lines inside `"""` strings (content, not
/// layout) and comment lines are left alone.
fn shuffle(text: &str, edits: &[(usize, u8, usize)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut in_triple = false;
    let content: Vec<bool> = lines
        .iter()
        .map(|l| {
            let was = in_triple;
            if l.matches("\"\"\"").count() % 2 == 1 {
                in_triple = !in_triple;
            }
            was || in_triple || l.contains('#')
        })
        .collect();
    let mut joined = vec![false; lines.len()];
    for &(at, op, amount) in edits {
        let i = at % lines.len();
        if content[i] || joined[i] || lines[i].trim().is_empty() {
            continue;
        }
        match op % 4 {
            0 if !ITEM_KEYWORDS.iter().any(|k| lines[i].starts_with(k)) => {
                lines[i] = format!("{}{}", " ".repeat(amount % 7), lines[i].trim_start())
            }
            1 if i + 1 < lines.len() => {
                let next = lines[i + 1].trim_start().to_string();
                let keyword_next = ITEM_KEYWORDS.iter().any(|k| next.starts_with(k));
                if !content[i + 1] && !joined[i + 1] && !next.is_empty() && !keyword_next {
                    lines[i] = format!("{} {}", lines[i], next);
                    lines[i + 1] = String::new();
                    joined[i + 1] = true;
                    joined[i] = true;
                }
            }
            2 => {
                if let Some(k) = lines[i].match_indices(", ").map(|(k, _)| k).nth(amount % 3) {
                    let (a, b) = lines[i].split_at(k + 1);
                    lines[i] = format!("{a}\n    {}", b.trim_start());
                }
            }
            // Only inside an item: a blank line after an item's last line (even
            // re-indented) separates items, which the formatter keeps on purpose.
            _ if lines[i].starts_with(' ') && lines.get(i + 1).is_some_and(|n| n.starts_with(' ')) => {
                lines[i].push('\n')
            }
            _ => {}
        }
    }
    // Joined lines leave empty ones behind: not blank lines of the layout.
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !(joined[*i] && l.is_empty()))
        .map(|(_, l)| format!("{l}\n"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_layout_of_the_same_tree_formats_to_the_same_text(
        pack in 0usize..64,
        edits in prop::collection::vec((0usize..4000, 0u8..4, 0usize..9), 1..40),
    ) {
        let (path, canonical) = &canonical()[pack % canonical().len()];
        let shuffled = shuffle(canonical, &edits);
        let (Ok(a), Ok(b)) = (parse(path, canonical), parse(path, &shuffled)) else {
            return Err(TestCaseError::reject("the shuffle broke the file"));
        };
        prop_assume!(same_tree(&a, &b), "the shuffle changed the meaning");
        prop_assert_eq!(fmt(path, &shuffled), canonical.clone());
    }
}
