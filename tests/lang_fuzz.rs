//! `parse`, `validate` and `render` never panic, whatever the input.

use disclint::lang;
use proptest::prelude::*;

const VALID: &str = r#"pack cn.wealth {
  title "银行理财" jurisdiction CN language zh version "2026.11"
  applies when product.category in [wealth-management] or text has "理财"
}
use cn.common
terms negation = ["不", "非", /不(保证|承诺)/, other]
rule CN-WM-GUARANTEE {
  title "承诺保本" category prohibited.guarantee severity error
  description """多行
  文本"""
  message "“{match}”承诺保本\u{4fdd}"
  when product.risk_level >= R4 and not (audience.segments contains professional)
  forbid agent says negation unless preceded by negation within 4 except ["保本基金"] in first 20%
  fix replace "x"
  example pass "不保本" with { product.risk_level: R4, audience.segments: [elderly] }
}
rule B { require "a" in same sentence as each "b" }
"#;

fn check(src: &str) {
    let diags = match lang::parse("f.rules", src) {
        Ok(f) => lang::validate("f.rules", &f),
        Err(d) => d,
    };
    let _ = lang::render(&diags, &|_| Some(src), false);
    for d in &diags {
        let _ = lang::line_col(src, d.span.start);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_strings(s in "\\PC{0,200}") {
        check(&s);
    }

    #[test]
    fn grammar_flavoured_soup(parts in prop::collection::vec(
        prop::sample::select(vec![
            "rule", "R", "{", "}", "[", "]", "(", ")", "\"", "\"\"\"", "/", "\\", "#", "\n", " ",
            "forbid", "require", "near", "each", "within", "4", "in", "same", "as", "not", "and",
            "or", "when", "x", "保本", "%", ",", "==", ">=", "product.risk_level", "R4", "terms",
            "=", "pack", "use", "example", "fail", "with", ":", "report", "unless", "except",
        ]),
        0..80,
    )) {
        check(&parts.concat());
    }

    #[test]
    fn mutations_of_a_valid_file(cuts in prop::collection::vec((0usize..VALID.len(), 0usize..6, "\\PC{0,3}"), 1..4)) {
        let mut s = VALID.to_string();
        for (at, len, insert) in cuts {
            let mut at = at.min(s.len());
            while !s.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(s.len());
            while !s.is_char_boundary(end) { end -= 1; }
            s.replace_range(at..end.max(at), &insert);
        }
        check(&s);
    }
}

#[test]
fn valid_file_parses() {
    let f = lang::parse("f.rules", VALID).expect("valid");
    assert_eq!(f.rules.len(), 2);
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let src = format!("rule R {{ when {}channel exists{} report }}", "(".repeat(5000), ")".repeat(5000));
    assert!(lang::parse("f.rules", &src).is_err());
    let src = format!("rule R {{ when {}channel exists report }}", "not ".repeat(5000));
    assert!(lang::parse("f.rules", &src).is_err());
}
