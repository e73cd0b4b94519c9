//! No panic anywhere between a rule file and its findings: mutated rule
//! files either load or give diagnostics, and whatever loads runs on
//! arbitrary documents.

use disclint::compile::{RuleSet, RuleSource};
use disclint::document::{Document, Metadata};
use disclint::eval::{self, Options};
use proptest::prelude::*;

const BASE: &str = include_str!("../rules/cn/wealth.rules");
const COMMON: &str = include_str!("../rules/cn/common.rules");

fn splice() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just("/"),
        Just("/(/"),
        Just("/[\\p{Han}]{0,100}/"),
        Just("\""),
        Just("\"\""),
        Just("["),
        Just("]"),
        Just(" within 0 "),
        Just(" within 4294967295 "),
        Just(" in first 100% "),
        Just(" unless near x within 3 "),
        Just(" require \"a\" near each \"b\" within 1 "),
        Just(" agent says "),
        Just(" product.risk_level > audience.risk_tolerance "),
        Just("保"),
        Just("{"),
        Just("}"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_rule_files_never_panic(cuts in prop::collection::vec((0usize..BASE.len(), 0usize..40, splice()), 1..4),
                                      doc in "[保本不零风险年化%0-9，。\\n a-z]{0,60}") {
        let mut text = BASE.to_string();
        for (at, len, insert) in cuts {
            let mut start = at.min(text.len());
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end.max(start), insert);
        }
        let sources = vec![RuleSource::inline("common.rules", COMMON), RuleSource::inline("wealth.rules", &text)];
        match RuleSet::load(sources) {
            Ok((set, _)) => {
                for kind in [None, Some("script")] {
                    let mut meta = Metadata::new();
                    meta.set("product.category", "wealth-management").unwrap();
                    meta.set("product.risk_level", "R5").unwrap();
                    if let Some(k) = kind { meta.set("document.kind", k).unwrap(); }
                    let d = if kind.is_some() {
                        Document::from_transcript_text("d", format!("理财经理：{doc}\n客户：{doc}"), meta)
                    } else {
                        Document::from_text("d", doc.clone(), meta)
                    };
                    let _ = eval::check(&set, &d, &Options::default());
                }
                let _ = eval::run_examples(&set, &|_| true);
            }
            Err(e) => {
                prop_assert!(!e.diagnostics.is_empty());
                let _ = e.render(false);
            }
        }
    }
}
