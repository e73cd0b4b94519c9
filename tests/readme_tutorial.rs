//! The README's five-minute tutorial must keep working as written.

use disclint::compile::{RuleSet, RuleSource};
use disclint::eval::run_examples;

#[test]
fn tutorial_rule_loads_and_its_examples_pass() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```\npack house").expect("README has the tutorial rule") + 4;
    let end = start + readme[start..].find("```").expect("the code block ends");
    let source = &readme[start..end];
    let (set, warnings) = match RuleSet::load(vec![RuleSource::inline("house.rules", source)]) {
        Ok(x) => x,
        Err(e) => panic!("{}", e.render(false)),
    };
    assert!(warnings.is_empty(), "{warnings:?}");
    let outcomes = run_examples(&set, &|_| true);
    assert_eq!(outcomes.len(), 4);
    for o in outcomes {
        assert!(o.passed, "{}: {}", o.rule, o.detail);
    }
}
