//! One parse test per construct of the rule language, asserting the tree.

use disclint::Severity;
use disclint::lang::ast::*;
use disclint::lang::{self, Diagnostic};

fn parse(src: &str) -> RuleFile {
    match lang::parse("t.rules", src) {
        Ok(f) => f,
        Err(d) => panic!("{}", lang::render(&d, &|_| Some(src), false)),
    }
}

fn errors(src: &str) -> Vec<Diagnostic> {
    match lang::parse("t.rules", src) {
        Ok(f) => lang::validate("t.rules", &f)
            .into_iter()
            .filter(|d| d.level == lang::diag::Level::Error)
            .collect(),
        Err(d) => d,
    }
}

/// A rule with the required properties and `body` added.
fn rule(body: &str) -> Rule {
    let src =
        format!("rule R {{\n title \"t\"\n category prohibited.guarantee\n severity error\n {body}\n}}");
    let mut f = parse(&src);
    assert_eq!(f.rules.len(), 1);
    f.rules.remove(0)
}

fn forbid(m: &str) -> Matcher {
    match rule(&format!("forbid {m}")).check {
        Some(Check::Forbid(m)) => m,
        other => panic!("{other:?}"),
    }
}

fn when(c: &str) -> Cond {
    rule(&format!("when {c}\n report")).when.expect("when")
}

fn lit(p: &Pattern) -> &str {
    match p {
        Pattern::Literal(s) => &s.value,
        other => panic!("not a literal: {other:?}"),
    }
}

fn text_of(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

#[test]
fn pack_header() {
    let src = r#"pack cn.wealth {
  title "银行理财产品宣传"
  jurisdiction CN
  language "zh"
  version "2026.11"
  description "d"
  applies when product.category in [wealth-management] or text has "理财"
}"#;
    let f = parse(src);
    let p = f.pack.expect("pack");
    assert_eq!(p.name.value, "cn.wealth");
    assert_eq!(text_of(src, p.name.span), "cn.wealth");
    assert_eq!(p.title.map(|t| t.value).as_deref(), Some("银行理财产品宣传"));
    assert_eq!(p.jurisdiction.map(|t| t.value).as_deref(), Some("CN"));
    assert_eq!(p.language.map(|t| t.value).as_deref(), Some("zh"));
    assert_eq!(p.version.map(|t| t.value).as_deref(), Some("2026.11"));
    assert!(matches!(p.applies, Some(Cond::Or(..))));
}

#[test]
fn pack_must_be_first_and_unique() {
    let e = errors("use a\npack x {}\n");
    assert!(e[0].message.contains("must come first"), "{e:?}");
    let e = errors("pack x {}\npack y {}\n");
    assert!(e[0].message.contains("at most one"), "{e:?}");
}

#[test]
fn use_items() {
    let f = parse("use cn.common\nuse cn.other # comment\n");
    let names: Vec<_> = f.uses.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(names, ["cn.common", "cn.other"]);
}

#[test]
fn terms_inline_nested_ref_and_file() {
    let src = r#"terms negation = ["不", "非", /不(保证|承诺)/, other_list, ["零风险", "无风险",],]
terms big = file "lists/absolute.txt""#;
    let f = parse(src);
    assert_eq!(f.terms[0].name.value, "negation");
    let TermSource::Inline(items) = &f.terms[0].source else { panic!() };
    assert_eq!(items.len(), 5);
    assert_eq!(lit(&items[0]), "不");
    assert_eq!(text_of(src, items[0].span()), "\"不\"");
    assert!(matches!(&items[2], Pattern::Regex(r) if r.value == "不(保证|承诺)"));
    assert!(matches!(&items[3], Pattern::Ref(r) if r.value == "other_list"));
    assert!(matches!(&items[4], Pattern::List(v, _) if v.len() == 2));
    assert!(matches!(&f.terms[1].source, TermSource::File(p) if p.value == "lists/absolute.txt"));
}

#[test]
fn keyword_cannot_name_a_term_list() {
    let e = errors("terms near = [\"x\"]");
    assert!(e[0].message.contains("`near` is a keyword"), "{e:?}");
}

#[test]
fn pattern_kinds() {
    assert_eq!(lit(&forbid(r#""保本""#).pattern), "保本");
    assert!(matches!(forbid(r"/保证.{0,4}收益/").pattern, Pattern::Regex(r) if r.value == "保证.{0,4}收益"));
    assert!(matches!(forbid(r"/a\/b/").pattern, Pattern::Regex(r) if r.value == "a/b"));
    assert!(matches!(forbid("guarantee").pattern, Pattern::Ref(r) if r.value == "guarantee"));
    assert!(matches!(forbid(r#"["a", b, /c/]"#).pattern, Pattern::List(v, _) if v.len() == 3));
}

#[test]
fn in_fine_print_is_a_context_and_print_stays_a_name() {
    let m = forbid(r#"print unless in fine print"#);
    assert!(matches!(m.pattern, Pattern::Ref(ref r) if r.value == "print"));
    assert!(matches!(&m.clauses[0], Clause::Context { negated: true, context: Context::InFinePrint, .. }));
}

#[test]
fn each_clause() {
    let m = forbid(
        r#"x near "a" within 3 unless preceded by neg within 4 followed by "b" within 5
           in same sentence as "c" unless in same paragraph as "d" in same turn as "e"
           in heading unless in first 20% except ["保本基金"]"#,
    );
    let c = &m.clauses;
    assert_eq!(c.len(), 9);
    assert!(
        matches!(&c[0], Clause::Context { negated: false, context: Context::Near { within, .. }, .. } if within.value == 3)
    );
    assert!(
        matches!(&c[1], Clause::Context { negated: true, context: Context::PrecededBy { within, .. }, .. } if within.value == 4)
    );
    assert!(
        matches!(&c[2], Clause::Context { context: Context::FollowedBy { within, .. }, .. } if within.value == 5)
    );
    assert!(matches!(
        &c[3],
        Clause::Context { context: Context::SameScope { scope: Scope::Sentence, .. }, .. }
    ));
    assert!(matches!(
        &c[4],
        Clause::Context { negated: true, context: Context::SameScope { scope: Scope::Paragraph, .. }, .. }
    ));
    assert!(matches!(&c[5], Clause::Context { context: Context::SameScope { scope: Scope::Turn, .. }, .. }));
    assert!(matches!(&c[6], Clause::Context { negated: false, context: Context::InHeading, .. }));
    assert!(
        matches!(&c[7], Clause::Context { negated: true, context: Context::InFirstPercent(n), .. } if n.value == 20)
    );
    assert!(matches!(&c[8], Clause::Except(Pattern::List(..), _)));
}

#[test]
fn matcher_span_covers_clauses() {
    let src = "rule R { forbid g unless preceded by n within 4 }";
    let f = parse(src);
    let Some(Check::Forbid(m)) = &f.rules[0].check else { panic!() };
    assert_eq!(text_of(src, m.span), "g unless preceded by n within 4");
    assert_eq!(text_of(src, f.rules[0].id.span), "R");
    assert_eq!(text_of(src, f.rules[0].span), src);
}

#[test]
fn speakers() {
    assert_eq!(forbid(r#"agent says "保本""#).speaker, Some(Speaker::Agent));
    assert_eq!(forbid(r#"customer says "同意""#).speaker, Some(Speaker::Customer));
    assert_eq!(forbid(r#""x""#).speaker, None);
}

fn require(r: &str) -> Requirement {
    match rule(&format!("require {r}")).check {
        Some(Check::Require(r)) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn requirement_forms() {
    assert!(matches!(require(r#""风险提示""#), Requirement::Present(m) if m.clauses.is_empty()));
    assert!(matches!(require(r#""风险提示" in first 20%"#), Requirement::Present(m) if m.clauses.len() == 1));
    let Requirement::Before { first, then } = require(r#"agent says "风险" before agent says "购买""#)
    else {
        panic!()
    };
    assert_eq!(lit(&first.pattern), "风险");
    assert_eq!(lit(&then.pattern), "购买");
    let Requirement::NearEach { required, each, within } =
        require(r#""过往业绩不代表未来表现" near "x" within 2 near each "年化" within 50"#)
    else {
        panic!()
    };
    assert_eq!(required.clauses.len(), 1);
    assert_eq!(lit(&each.pattern), "年化");
    assert_eq!(within.value, 50);
    let Requirement::SameScopeEach { required, scope, each } =
        require(r#""业绩比较基准不代表" in same paragraph as each "业绩比较基准""#)
    else {
        panic!()
    };
    assert_eq!(scope, Scope::Paragraph);
    assert!(required.clauses.is_empty());
    assert_eq!(lit(&each.pattern), "业绩比较基准");
}

#[test]
fn report_check() {
    let r = rule("when channel == online\n report");
    assert!(matches!(r.check, Some(Check::Report(_))));
}

#[test]
fn cond_forms() {
    let c = when("product.risk_level >= R4");
    let Cond::Compare { field, op, rhs: Operand::Value(v), .. } = c else { panic!() };
    assert_eq!((field.value.as_str(), op, v.value.as_str()), ("product.risk_level", CmpOp::Ge, "R4"));
    let ops = [("==", CmpOp::Eq), ("!=", CmpOp::Ne), ("<", CmpOp::Lt), ("<=", CmpOp::Le), (">", CmpOp::Gt)];
    for (s, op) in ops {
        assert!(
            matches!(when(&format!("product.risk_level {s} R3")), Cond::Compare { op: o, .. } if o == op)
        );
    }
    assert!(matches!(
        when("product.risk_level > audience.risk_tolerance"),
        Cond::Compare { rhs: Operand::Field(f), .. } if f.value == "audience.risk_tolerance"
    ));
    assert!(matches!(
        when(r#"product.name == "稳盈1号""#),
        Cond::Compare { rhs: Operand::Value(v), .. } if v.value == "稳盈1号"
    ));
    let Cond::In { values, .. } = when("product.category in [fund, private-fund,]") else { panic!() };
    assert_eq!(values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["fund", "private-fund"]);
    assert!(
        matches!(when("audience.segments contains elderly"), Cond::Contains { value, .. } if value.value == "elderly")
    );
    assert!(
        matches!(when("audience.risk_tolerance == 保守型"), Cond::Compare { rhs: Operand::Value(v), .. } if v.value == "保守型")
    );
    assert!(
        matches!(when("product.risk_level exists"), Cond::Exists { field, .. } if field.value == "product.risk_level")
    );
    assert!(matches!(when(r#"text has "理财" near "x" within 3"#), Cond::TextHas(m) if m.clauses.len() == 1));
    assert!(matches!(when(r#"agent says "保本""#), Cond::TextHas(m) if m.speaker == Some(Speaker::Agent)));
    assert!(
        matches!(when(r#"customer says ["同意", "好的"]"#), Cond::TextHas(m) if m.speaker == Some(Speaker::Customer))
    );
}

#[test]
fn cond_precedence_and_parentheses() {
    // not > and > or: `a or not b and c` is `a or ((not b) and c)`.
    let c = when("channel exists or not product.name exists and document.kind exists");
    let Cond::Or(a, rest) = c else { panic!("{c:?}") };
    assert!(matches!(*a, Cond::Exists { .. }));
    let Cond::And(nb, cc) = *rest else { panic!() };
    assert!(matches!(*nb, Cond::Not(_)));
    assert!(matches!(*cc, Cond::Exists { .. }));
    let c = when("(channel exists or product.name exists) and not not document.kind exists");
    let Cond::And(l, r) = c else { panic!() };
    assert!(matches!(*l, Cond::Or(..)));
    assert!(matches!(*r, Cond::Not(ref inner) if matches!(**inner, Cond::Not(_))));
    // Left-associative chains.
    let c = when("channel exists and product.name exists and document.kind exists");
    assert!(matches!(c, Cond::And(ref l, _) if matches!(**l, Cond::And(..))));
}

#[test]
fn fix_kinds() {
    assert_eq!(rule("forbid x fix remove").fix.map(|f| f.value), Some(FixSpec::Remove));
    assert_eq!(
        rule(r#"forbid x fix replace "业绩比较基准""#).fix.map(|f| f.value),
        Some(FixSpec::Replace("业绩比较基准".into()))
    );
    assert_eq!(rule(r#"forbid x fix insert "a""#).fix.map(|f| f.value), Some(FixSpec::Insert("a".into())));
    assert_eq!(rule(r#"forbid x fix append "b""#).fix.map(|f| f.value), Some(FixSpec::Append("b".into())));
}

#[test]
fn rule_properties_in_any_order() {
    let src = r#"rule CN-WM.GUARANTEE_2 {
  example fail "本产品保本保息"
  forbid guarantee
  draft
  message "“{match}”承诺保本"
  cite "广告法 第二十五条"
  severity warning
  category prohibited.guarantee
  title "承诺保本"
  description "d"
  example pass "本产品不保本" with { product.risk_level: R4, audience.segments: [elderly, retirees], channel: "线上" }
}"#;
    let r = parse(src).rules.remove(0);
    assert_eq!(r.id.value, "CN-WM.GUARANTEE_2");
    assert_eq!(r.severity.map(|s| s.value), Some(Severity::Warning));
    assert_eq!(r.category.map(|c| c.value).as_deref(), Some("prohibited.guarantee"));
    assert_eq!(r.cite.map(|c| c.value).as_deref(), Some("广告法 第二十五条"));
    assert!(r.draft);
    assert_eq!(r.examples.len(), 2);
    assert_eq!(r.examples[0].expect, Expect::Fail);
    let ex = &r.examples[1];
    assert_eq!(ex.expect, Expect::Pass);
    assert_eq!(ex.metadata[0].0.value, "product.risk_level");
    assert_eq!(ex.metadata[0].1.value, MetaValue::Scalar("R4".into()));
    assert_eq!(ex.metadata[1].1.value, MetaValue::List(vec!["elderly".into(), "retirees".into()]));
    assert_eq!(ex.metadata[2].1.value, MetaValue::Scalar("线上".into()));
    assert!(lang::validate("t.rules", &parse(src)).is_empty());
}

#[test]
fn triple_quoted_strings() {
    let r = rule("description \"\"\"\n    第一行\n      第二行 \"quoted\"\n    \"\"\"\n forbid x");
    assert_eq!(r.description.map(|d| d.value).as_deref(), Some("第一行\n  第二行 \"quoted\""));
    let r = rule("description \"\"\"multi-line\n  text\"\"\"\n forbid x");
    assert_eq!(r.description.map(|d| d.value).as_deref(), Some("multi-line\ntext"));
}

#[test]
fn escapes() {
    let src = r#"rule R { title "a\"b\\c\nd\te\u{4fdd}" forbid x }"#;
    let r = parse(src).rules.remove(0);
    let t = r.title.expect("title");
    assert_eq!(t.value, "a\"b\\c\nd\te保");
    assert_eq!(text_of(src, t.span), r#""a\"b\\c\nd\te\u{4fdd}""#);
    let e = errors(r#"rule R { title "a\qb" forbid x }"#);
    assert!(e.iter().any(|d| d.message.contains("unknown escape `\\q`")), "{e:?}");
}

#[test]
fn comments_are_ignored_but_not_in_literals() {
    let src = "# header\nrule R { # trailing\n title \"#not a comment\" # c\n forbid /a#b/ # c\n}\n# end";
    let r = parse(src).rules.remove(0);
    assert_eq!(r.title.map(|t| t.value).as_deref(), Some("#not a comment"));
    let Some(Check::Forbid(m)) = r.check else { panic!() };
    assert!(matches!(m.pattern, Pattern::Regex(r) if r.value == "a#b"));
}

#[test]
fn whitespace_is_insignificant() {
    let a = parse("rule R{title \"t\" forbid x unless near y within 2}");
    let b = parse("rule R\n{\n  title\n \"t\"\n forbid\n x\n unless\n near y\n within\n 2\n}");
    assert_eq!(a.rules[0].title.as_ref().map(|t| &t.value), b.rules[0].title.as_ref().map(|t| &t.value));
    assert_eq!(a.rules[0].check.is_some(), b.rules[0].check.is_some());
}

#[test]
fn all_broken_items_are_reported() {
    let src =
        "rule A { title 1 }\nterms t = [\nrule B { forbid x near y }\nrule C { title \"ok\" forbid x }\n";
    let e = lang::parse("t.rules", src).expect_err("errors");
    // Three syntax errors (A, the unclosed list, B) …
    let syntax = e.iter().filter(|d| d.span.start < src.find("rule C").unwrap()).count();
    assert_eq!(syntax, 3, "{e:?}");
    // … and the rule that did parse is validated too: C lacks a category.
    assert!(e.iter().any(|d| d.message.contains("category")), "{e:?}");
}

#[test]
fn duplicate_property_is_reported_at_the_second() {
    let src = "rule R { title \"a\" title \"b\" forbid x }";
    let e = errors(src);
    let dup = e.iter().find(|d| d.message == "duplicate `title`").expect("duplicate reported");
    assert_eq!(text_of(src, dup.span), "title \"b\"");
}

#[test]
fn documentation_examples_parse() {
    let doc = include_str!("../docs/rule-language.md");
    // The opening example and the `report` example are complete files.
    let blocks: Vec<&str> = doc.split("```").skip(1).step_by(2).collect();
    for b in blocks
        .iter()
        .filter(|b| b.trim_start().starts_with("pack") || b.trim_start().starts_with("rule CN-SUIT"))
    {
        let f = parse(b);
        let errs: Vec<_> =
            lang::validate("doc", &f).into_iter().filter(|d| d.level == lang::diag::Level::Error).collect();
        assert!(errs.is_empty(), "{errs:?}");
    }
    rule(r#"require "过往业绩不代表未来表现" near each "年化收益" within 50"#);
    rule(r#"require agent says "风险等级" before agent says "购买""#);
}

#[test]
fn render_without_source_and_with_color() {
    let d = vec![Diagnostic::error("gone.rules", Span { start: 3, end: 5 }, "boom").with_help("h")];
    let plain = lang::render(&d, &|_| None, false);
    assert!(plain.contains("error: boom") && plain.contains("gone.rules"), "{plain}");
    let colored = lang::render(&d, &|_| Some("abcdef"), true);
    assert!(colored.contains('\u{1b}'), "{colored}");
}
