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

/// A fix's text takes the message's placeholders, so a misspelt one is
/// the same error, at the placeholder (QA pass 9a item 7).
#[test]
fn misspelt_placeholder_in_a_fix_is_an_error() {
    let src = with_forbid("forbid guarantee\n  fix replace \"{prodcut.name}业绩比较基准\"");
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

/// Loads `src` (and list files beside it, when `dir` is given) through the
/// compiler and renders its errors: what `disclint rules check` prints.
fn render_loaded(src: &str, dir: Option<&std::path::Path>) -> String {
    use disclint::compile::{RuleSet, RuleSource};
    let source = match dir {
        Some(dir) => {
            let path = dir.join("wealth.rules");
            std::fs::write(&path, src).unwrap();
            let mut s = RuleSource::read(&path).unwrap();
            s.name = "rules/cn/wealth.rules".into();
            s
        }
        None => RuleSource::inline("rules/cn/wealth.rules", src),
    };
    let err = RuleSet::load(vec![source]).expect_err("has errors");
    let errors: Vec<_> =
        err.diagnostics.iter().filter(|d| d.level == disclint::lang::diag::Level::Error).cloned().collect();
    let out = disclint::compile::render_diagnostics(&errors, &err.sources, false);
    let dir_text = dir.map(|d| d.display().to_string()).unwrap_or_default();
    if dir_text.is_empty() { out } else { out.replace(&dir_text, "DIR") }
}

/// `a → b → a` is one mistake: one error naming the whole cycle, with a way out.
#[test]
fn term_list_cycle_is_reported_once_naming_the_cycle() {
    let src = with_forbid("forbid a")
        .replace("rule CN", "terms a = [\"保本\", b]\nterms b = [\"保息\", a]\nrule CN");
    let out = render_loaded(&src, None);
    assert_eq!(out.matches("error").count(), 1, "{out}");
    assert!(out.contains("`a` → `b` → `a`"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn self_reference_and_duplicate_rule_id_are_reported_once() {
    let src = with_forbid("forbid a").replace("rule CN", "terms a = [\"保本\", a]\nrule CN");
    let out = render_loaded(&src, None);
    assert_eq!(out.matches("refers to itself").count(), 1, "{out}");
    let rule = with_forbid("forbid \"保本\"");
    let out = render_loaded(&format!("{rule}\n{rule}"), None);
    assert_eq!(out.matches("duplicate rule id").count(), 1, "{out}");
    insta::assert_snapshot!(out);
}

/// A missing or empty list file is one error each, however often the list is used.
#[test]
fn missing_and_empty_list_files_are_reported_once() {
    let dir = std::env::temp_dir().join(format!("disclint-lang-errors-lists-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lists")).unwrap();
    std::fs::write(dir.join("lists/empty.txt"), "# nothing yet\n").unwrap();
    let src = with_forbid("forbid [a, b]\n  unless near [a, b] within 3")
        .replace("rule CN", "terms a = file \"lists/nope.txt\"\nterms b = file \"lists/empty.txt\"\nrule CN");
    let out = render_loaded(&src, Some(&dir));
    assert_eq!(out.matches("cannot read term list file").count(), 1, "{out}");
    assert_eq!(out.matches("has no entries").count(), 1, "{out}");
    let out = out
        .replace("os error 2", "OS ERROR")
        .replace("The system cannot find the file specified.", "No such file or directory");
    insta::assert_snapshot!(out);
}

#[test]
fn unicode_escape_above_10ffff_says_out_of_range() {
    let out = render(&with_forbid(r#"forbid "保本\u{110000}""#));
    assert!(out.contains("out of Unicode range (max 10FFFF)"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn regex_flags_are_explained() {
    let out = render(&with_forbid("forbid /guaranteed/i"));
    assert!(out.contains("regex flags are not supported"), "{out}");
    assert!(out.contains("case-folded"), "{out}");
    insta::assert_snapshot!(out);
}

/// Keywords the parser expected are suggested too: `precded` inside a clause, `adn` in a condition.
#[test]
fn misspelt_keywords_in_clauses_and_conditions_are_suggested() {
    let out = render(&with_forbid(r#"forbid "保本" unless precded by "不" within 3"#));
    assert!(out.contains("did you mean `preceded`?"), "{out}");
    let out2 = render(&with_forbid("when product.risk_level >= R4 adn channel == online\n  forbid \"保本\""));
    assert!(out2.contains("did you mean `and`?"), "{out2}");
    insta::assert_snapshot!(format!("{out}\n{out2}"));
}

/// `cn` is one edit from `en`, but it means Chinese.
#[test]
fn language_alias_suggests_the_canonical_code() {
    let out = render(&with_forbid("when document.language == cn\n  forbid \"保本\""));
    assert!(out.contains("did you mean `zh`?"), "{out}");
}

/// Open fields take any tag, so a misspelt usual one is a warning with the
/// usual spelling, and a custom tag far from every usual one is quiet.
#[test]
fn a_misspelt_usual_tag_is_a_warning() {
    let out =
        render(&with_forbid("when audience.segments contains eldery or channel == onlin\n  forbid \"保本\""));
    assert!(out.contains("warning: `eldery` is not one of the usual `audience.segments` tags"), "{out}");
    assert!(out.contains("did you mean `elderly`?"), "{out}");
    assert!(out.contains("warning: `onlin` is not one of the usual `channel` tags"), "{out}");
    assert!(!out.contains("error"), "{out}");
    let quiet = render(&with_forbid("when audience.segments contains veterans\n  forbid \"保本\""));
    assert!(quiet.is_empty(), "{quiet}");
}

/// A user pack named like a built-in one: the clash is the one error, not
/// the failed lookups it would cause in the built-in packs.
#[test]
fn a_pack_named_like_a_builtin_pack_is_the_only_error() {
    use disclint::compile::{RuleSet, RuleSource, builtin};
    let mut sources = builtin::sources();
    sources.push(RuleSource::inline(
        "house.rules",
        "pack cn.common { title \"house\" }\nterms negation = [\"绝不\"]\n",
    ));
    let err = RuleSet::load(sources).expect_err("a duplicate pack name is an error");
    let out = err.render(false);
    assert_eq!(err.diagnostics.len(), 1, "{out}");
    assert!(out.contains("--no-default-rules"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn misspelt_in_reply_to() {
    insta::assert_snapshot!(render(&with_forbid(r#"forbid agent says "对" in replay to "保本吗""#)));
}

/// A library caller that reads one file through two paths gets an error
/// that says so, never "rename one of them" against the file itself.
#[test]
fn one_file_loaded_through_two_paths_is_not_told_to_rename_itself() {
    use disclint::compile::{RuleSet, RuleSource};
    let a =
        RuleSource::read(std::path::Path::new("tests/fixtures/cli/same_rules/rules/house.rules")).unwrap();
    let b =
        RuleSource::read(std::path::Path::new("tests/fixtures/cli/same_rules/./rules/house.rules")).unwrap();
    let err = RuleSet::load(vec![a, b]).expect_err("a pack defined twice is an error");
    let out = err.render(false);
    assert!(!out.contains("rename"), "{out}");
    assert!(out.contains("is loaded twice (through two paths to one file)"), "{out}");
}

/// A Chinese input method types “…” for `"`: every such string is reported,
/// with the straight-quoted string to write, and the file's other errors too.
#[test]
fn chinese_single_and_full_width_quotes_are_each_reported_with_the_fix() {
    let src = "rule ACME-1 {\n  title “承诺保本”\n  category prohibited.guarante\n  severity error\n  \
               forbid ＂保本＂ unless preceded by '不' within 2\n  example fail “本产品保本\"\n  \
               example pass \"请警惕“保本”宣传\"  # “quotes” in a comment\n}\n";
    let out = render(src);
    assert_eq!(out.matches("strings use straight double quotes").count(), 4, "{out}");
    assert!(out.contains("did you mean `prohibited.guarantee`"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn an_unclosed_chinese_quote_is_one_error() {
    let out = render(&with_forbid("forbid “保本"));
    assert_eq!(out.matches("error").count(), 1, "{out}");
    assert!(out.contains("strings use straight double quotes"), "{out}");
}

/// Two header-less files of one name in two folders are both pack `house`:
/// the error says that the name comes from the file, points where a header
/// would go (not at the comment above it), and gives a header to write.
#[test]
fn two_header_less_files_of_one_name_are_told_to_add_a_header() {
    use disclint::compile::{RuleSet, RuleSource};
    let rule =
        |id: &str| format!("# 无 pack 头\n{}", with_forbid("forbid \"保本\"").replace("CN-WM-GUARANTEE", id));
    let a = RuleSource::inline("retail/house.rules", &rule("HX-RETAIL"));
    let b = RuleSource::inline("private/house.rules", &rule("HX-PRIVATE"));
    let err = RuleSet::load(vec![a.clone(), b]).expect_err("a pack defined twice is an error");
    let out = err.render(false);
    assert!(out.contains("private/house.rules:2:1"), "{out}");
    assert!(out.contains("`pack private.house { title \"…\" }`"), "{out}");
    // A header-less file against a header that took its name: which is which.
    let c = RuleSource::inline("private/dept.rules", "pack house { title \"x\" }\n");
    let err = RuleSet::load(vec![a, c]).expect_err("a pack defined twice is an error");
    let out2 = err.render(false);
    assert!(out2.contains("retail/house.rules has no `pack` header, so it is pack `house`"), "{out2}");
    insta::assert_snapshot!(format!("{out}\n{out2}"));
}

/// What a Chinese input method types for ASCII punctuation, and invisible
/// characters pasted from Word or WeChat: each error says what it is and
/// what to type.
#[test]
fn full_width_and_invisible_characters_are_named_with_the_fix() {
    let cases = [
        ("forbid [\"保本\"，\"保息\"]", "`,`"),
        (
            "when product.risk_level >= R4 and （audience.segments contains elderly）\n  forbid \"保本\"",
            "`(`",
        ),
        ("forbid \"保本\"\n  example fail \"保本\" with { product.risk_level：R4 }", "`:`"),
        ("forbid 【\"保本\", \"保息\"】", "`[`"),
        ("require \"投资须谨慎\" in first ２０％", "`20%`"),
        ("forbid \"保本\" near \"收益\" within ４", "`4`"),
        ("forbid \"保本\"  ＃ 禁用语", "`#`"),
        ("forbid\u{00A0}\"保本\"", "U+00A0 (no-break space)"),
        ("for\u{200B}bid \"保本\"", "U+200B (zero-width space)"),
    ];
    let mut all = String::new();
    for (line, fix) in cases {
        let out = render(&with_forbid(line));
        assert!(out.contains("help:") && out.contains(fix), "{line}: {out}");
        all.push_str(&out);
        all.push('\n');
    }
    insta::assert_snapshot!(all);
}

/// The guesses a newcomer makes from plain language get the form to write,
/// and writing it gives a rule that parses: the help never leads to the
/// next error.
#[test]
fn plain_language_guesses_get_the_form_to_write() {
    let cases = [
        ("forbid 理财经理 says \"保本\"", "`agent says \"保本\"`", "forbid agent says \"保本\""),
        ("forbid \"理财经理\" says \"保本\"", "`agent says \"保本\"`", "forbid agent says \"保本\""),
        (
            "forbid \"保本\" unless preceded by \"不\" within 4个字",
            "`within 4`",
            "forbid \"保本\" unless preceded by \"不\" within 4",
        ),
        ("forbid \"保本\"   // 禁用语", "`# 禁用语`", "forbid \"保本\"   # 禁用语"),
        (
            "when product.category = fund\n  forbid \"保本\"",
            "`when product.category == fund`",
            "when product.category == fund\n  forbid \"保本\"",
        ),
        (
            "when product.category == [fund, private-fund]\n  forbid \"保本\"",
            "`product.category in [fund, private-fund]`",
            "when product.category in [fund, private-fund]\n  forbid \"保本\"",
        ),
        ("forbid \"保本\", \"保息\"", "`[\"保本\", \"保息\"]`", "forbid [\"保本\", \"保息\"]"),
        ("forbid \"保本\" or \"保息\"", "`[\"保本\", \"保息\"]`", "forbid [\"保本\", \"保息\"]"),
        (
            "forbid \"保本\"\n  cite 广告法第二十五条",
            "`\"广告法第二十五条\"`",
            "forbid \"保本\"\n  cite \"广告法第二十五条\"",
        ),
    ];
    let mut all = String::new();
    for (line, help, fixed) in cases {
        let out = render(&with_forbid(line));
        assert!(out.contains("help:") && out.contains(help), "{line}: {out}");
        let after = render(&with_forbid(fixed));
        assert!(after.is_empty(), "{fixed}: {after}");
        all.push_str(&out);
        all.push('\n');
    }
    insta::assert_snapshot!(all);
}

/// A syntax error in a rule does not hide the errors of the properties
/// before it, and the rule is not said to lack what may come after the
/// error (QA pass 12 item 10).
#[test]
fn a_syntax_error_in_a_rule_hides_nothing_before_it() {
    let src = r#"rule CN-1 {
  title "保本"
  severity eror
  catgory prohibited.guarantee
  forbid "保本"
}
"#;
    insta::assert_snapshot!(render(src));
}

/// A property on the line of the syntax error may have been cut in two by
/// it: what was read of it is not checked as if it were whole.
#[test]
fn a_property_on_the_line_of_a_syntax_error_is_not_checked() {
    let src = r#"rule CN-1 {
  title "保本"
  category prohibited.guarante
  severity error
  when product.risk_level >= audience。risk_tolerance
  forbid "保本"
}
"#;
    let out = render(src);
    assert!(out.contains("unknown category `prohibited.guarante`"), "{out}");
    assert!(out.contains("found `。`"), "{out}");
    assert!(!out.contains("invalid value"), "{out}");
    assert!(!out.contains("has no"), "{out}");
}
