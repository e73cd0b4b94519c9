//! The built-in rule packs: coverage of every category, example discipline,
//! and snapshots of findings on realistic fixture documents.

use disclint::category::CATEGORIES;
use disclint::compile::RuleSet;
use disclint::document::load::{LoadOptions, load_path};
use disclint::eval::{Options, check, run_examples};
use disclint::lang::ast::Expect;
use std::path::Path;

fn builtin() -> RuleSet {
    let (rules, warnings) = RuleSet::builtin().expect("built-in packs compile");
    // Among them: no regex is searched over every whole document.
    assert!(warnings.is_empty(), "{warnings:?}");
    rules
}

#[test]
fn every_category_has_a_builtin_rule() {
    let rules = builtin();
    let missing: Vec<&str> = CATEGORIES
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !rules.rules.iter().any(|r| r.category == *c))
        .collect();
    assert!(missing.is_empty(), "categories without a built-in rule: {missing:?}");
}

#[test]
fn every_category_has_a_chinese_rule() {
    let rules = builtin();
    for (cat, _) in CATEGORIES {
        assert!(
            rules.rules.iter().any(|r| r.category == *cat && rules.pack_of(r).name.starts_with("cn.")),
            "no Chinese rule for {cat}"
        );
    }
}

#[test]
fn every_rule_is_documented_and_has_examples() {
    let rules = builtin();
    for r in &rules.rules {
        let fails = r.examples.iter().filter(|e| e.expect == Expect::Fail).count();
        let passes = r.examples.iter().filter(|e| e.expect == Expect::Pass).count();
        assert!(fails >= 2, "{}: {fails} fail example(s), need at least 2", r.id);
        assert!(passes >= 2, "{}: {passes} pass example(s), need at least 2", r.id);
        assert!(r.citation.as_deref().is_some_and(|c| !c.trim().is_empty()), "{}: no citation", r.id);
        assert!(r.description.as_deref().is_some_and(|d| !d.trim().is_empty()), "{}: no description", r.id);
        assert!(!r.message.trim().is_empty(), "{}: no message", r.id);
    }
}

#[test]
fn every_example_passes() {
    let rules = builtin();
    let failed: Vec<String> = run_examples(&rules, &|_| true)
        .into_iter()
        .filter(|o| !o.passed)
        .map(|o| format!("{} {:?}: {}", o.rule, o.expect, o.detail))
        .collect();
    assert!(failed.is_empty(), "failing examples:\n{}", failed.join("\n"));
}

#[test]
fn rule_ids_are_unique_across_packs() {
    let rules = builtin();
    let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate rule ids across packs");
}

/// Findings of one fixture, one line each: `RULE category “matched”`.
fn findings(name: &str) -> String {
    let rules = builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs").join(name);
    let doc = load_path(&path, &LoadOptions::default()).expect("fixture loads");
    let outcome = check(&rules, &doc, &Options::default());
    let mut lines: Vec<String> = outcome
        .findings
        .iter()
        .map(|f| match &f.matched {
            Some(m) => format!("{} {} “{}”", f.rule, f.category, m),
            None => format!("{} {} (absent)", f.rule, f.category),
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

#[test]
fn snapshot_wealth_poster() {
    insta::assert_snapshot!(findings("wealth-poster.md"));
}

#[test]
fn snapshot_compliant_fund_page() {
    insta::assert_snapshot!(findings("fund-ok.md"));
}

#[test]
fn snapshot_sales_call() {
    insta::assert_snapshot!(findings("call.script.txt"));
}

#[test]
fn snapshot_english_promotion() {
    insta::assert_snapshot!(findings("en-promo.md"));
}
