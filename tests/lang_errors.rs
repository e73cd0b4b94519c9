//! Snapshots of rendered rule-file errors, as a compliance officer sees them.

use disclint::lang;

fn render(src: &str) -> String {
    let diags = match lang::parse("rules/cn/wealth.rules", src) {
        Ok(f) => lang::validate("rules/cn/wealth.rules", &f),
        Err(d) => d,
    };
    lang::render(&diags, &|_| Some(src), false)
}

/// A complete, valid rule with `line` substituted for its `forbid` line.
fn with_forbid(line: &str) -> String {
    format!(
        r#"rule CN-WM-GUARANTEE {{
  title    "承诺或暗示保本保收益"
  category prohibited.guarantee
  severity error
  {line}
  example fail "本产品保本保息"
  example pass "本产品不保本"
}}
"#
    )
}

#[test]
fn missing_within() {
    insta::assert_snapshot!(render(&with_forbid("forbid guarantee unless preceded by negation 4")));
}

#[test]
fn unterminated_string() {
    insta::assert_snapshot!(render(&with_forbid(r#"forbid "保本 unless preceded by negation within 4"#)));
}

#[test]
fn typo_in_category() {
    let src = with_forbid("forbid guarantee").replace("prohibited.guarantee", "prohibited.guarante");
    insta::assert_snapshot!(render(&src));
}

#[test]
fn unknown_metadata_field() {
    let src = with_forbid("when product.risk >= R4\n  forbid guarantee");
    insta::assert_snapshot!(render(&src));
}

#[test]
fn risk_level_out_of_range() {
    let src = with_forbid("when product.risk_level >= R7\n  forbid guarantee");
    insta::assert_snapshot!(render(&src));
}

#[test]
fn bad_regex() {
    insta::assert_snapshot!(render(&with_forbid(r"forbid /保证(本金|收益/")));
}

#[test]
fn three_errors_in_three_rules() {
    let src = r#"rule CN-1 {
  title "保本"
  category prohibited.guarantee
  severity error
  forbid "保本" near "无风险"
}

rule CN-2 {
  titel "预期收益"
  category prohibited.expected-return
  severity warning
  forbid "预期收益"
}

rule CN-3 {
  title "绝对化用语"
  category prohibited.absolute-term
  severity error
  forbid ["最高", "最佳"] except "最低起购金额
}
"#;
    insta::assert_snapshot!(render(src));
}

#[test]
fn cjk_before_the_error_is_aligned() {
    insta::assert_snapshot!(render(&with_forbid(r#"forbid "保本保息，稳赚不赔" unless preceded by "不" 4"#)));
}

#[test]
fn semantic_errors_with_suggestions() {
    let src = r#"rule CN-SUIT {
  title "适当性"
  category suitability.mismatch
  severity eror
  message "{product.risklevel}产品不适合{audience.segments}"
  when audience.segments contains elderly and channel > online
  report
  example fail "x" with { product.category: funds }
}
"#;
    insta::assert_snapshot!(render(src));
}

#[test]
fn missing_examples_warn() {
    let src = r#"rule CN-X {
  title "x"
  category other.local-check
  severity info
  require "风险提示" in first 20%
}
"#;
    insta::assert_snapshot!(render(src));
}

/// A regex with no literal at either end is searched over every document:
/// the rule author is told where, and how to anchor it.
#[test]
fn regex_without_trigger_literal_warns() {
    use disclint::compile::{RuleSet, RuleSource, render_diagnostics};
    let src = with_forbid(r#"forbid [/[^。]{1,4}%/, /收益[^。]{0,8}\d{1,9}%/]"#);
    let sources = vec![RuleSource::inline("rules/cn/wealth.rules", &src)];
    let (_, warnings) = RuleSet::load(sources.clone()).expect("loads");
    assert_eq!(warnings.len(), 1, "only the first regex has no literal: {warnings:?}");
    insta::assert_snapshot!(render_diagnostics(&warnings, &sources, false));
}

/// A misspelt clause word is suggested like a misspelt property.
#[test]
fn misspelt_clause_word_suggests_the_keyword() {
    let src = with_forbid(r#"forbid "保本" unles preceded by "不" within 3"#);
    let out = render(&src);
    assert!(out.contains("did you mean `unless`?"), "{out}");
    insta::assert_snapshot!(out);
}
