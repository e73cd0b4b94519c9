//! What each rule-language construct means when evaluated: one test per
//! construct, on inline rules and documents.

use disclint::compile::{RuleSet, RuleSource};
use disclint::document::{Document, Metadata};
use disclint::eval::{self, Options};

fn rules(src: &str) -> RuleSet {
    match RuleSet::load(vec![RuleSource::inline("test.rules", src)]) {
        Ok((set, _)) => set,
        Err(e) => panic!("rules did not load:\n{}", e.render(false)),
    }
}

fn meta(pairs: &[(&str, &str)]) -> Metadata {
    let mut m = Metadata::new();
    for (k, v) in pairs {
        m.set(k, v).unwrap();
    }
    m
}

/// The matched texts of the findings of a plain-text document.
fn matches(set: &RuleSet, text: &str, m: Metadata) -> Vec<Option<String>> {
    let mut doc = Document::from_text("doc.txt", text.to_string(), m);
    doc.detect_missing_language();
    eval::check(set, &doc, &Options::default()).findings.into_iter().map(|f| f.matched).collect()
}

fn script_matches(set: &RuleSet, text: &str) -> Vec<Option<String>> {
    let doc = Document::from_transcript_text("call.script.txt", text.to_string(), Metadata::new());
    eval::check(set, &doc, &Options::default()).findings.into_iter().map(|f| f.matched).collect()
}

fn some(items: &[&str]) -> Vec<Option<String>> {
    items.iter().map(|s| Some(s.to_string())).collect()
}

const HEADER: &str = "rule R { title \"t\" category prohibited.guarantee severity error ";

fn rule(body: &str) -> RuleSet {
    rules(&format!("terms neg = [\"不\", \"非\", \"并非\"]\n{HEADER} {body} }}"))
}

#[test]
fn literal_matches_evasions_and_points_at_the_original() {
    let set = rule("forbid \"保本\"");
    assert_eq!(matches(&set, "保 本产品，保-本，保證", Metadata::new()), some(&["保 本", "保-本"]));
    let set = rule("forbid \"保证收益\"");
    assert_eq!(matches(&set, "保證收益", Metadata::new()), some(&["保證收益"]));
}

#[test]
fn longest_of_overlapping_terms_wins() {
    let set = rule("forbid [\"保本\", \"保本保息\"]");
    assert_eq!(matches(&set, "本产品保本保息。", Metadata::new()), some(&["保本保息"]));
}

#[test]
fn regex_pattern_is_folded_like_the_text() {
    let set = rule("forbid /保證.{0,4}收益/");
    assert_eq!(matches(&set, "我们保证年化收益", Metadata::new()), some(&["保证年化收益"]));
}

#[test]
fn latin_literals_respect_word_boundaries() {
    let set = rule("forbid [\"best\", \"risk-free\"]");
    assert_eq!(
        matches(&set, "The BEST, RISK FREE fund bestows nothing.", Metadata::new()),
        some(&["BEST", "RISK FREE"])
    );
}

#[test]
fn latin_phrases_do_not_run_across_lines_or_sentences() {
    let set = rule("forbid [\"risk-free\", \"guaranteed returns\"]");
    assert!(matches(&set, "Low risk\n- Free withdrawals", Metadata::new()).is_empty());
    assert!(matches(&set, "Capital is not guaranteed. Returns vary.", Metadata::new()).is_empty());
    assert_eq!(
        matches(&set, "A risk -- free plan with \"guaranteed\" returns.", Metadata::new()),
        some(&["risk -- free", "guaranteed\" returns"])
    );
    // A sentence wrapped in a plain-text email reads on, and so does a long
    // line of prose before a capital.
    use disclint::document::load::{LoadOptions, Syntax, load_bytes};
    let text = "Sign up today and you will receive guaranteed\nreturns, and this special introductory offer ends at midnight on\nFriday for every single new customer.";
    let doc = load_bytes("a.txt", text.as_bytes(), Syntax::Text, Metadata::new(), &LoadOptions::default())
        .expect("loads");
    let found = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].matched.as_deref(), Some("guaranteed returns"));
    let span = found[0].span.unwrap();
    assert_eq!(&text[span.start.offset..span.end.offset], "guaranteed\nreturns");
    assert!(doc.text.contains("midnight on Friday"), "a long line of prose runs on before a capital");
}

#[test]
fn unless_preceded_by_stays_in_the_sentence() {
    let set = rule("forbid \"保本\" unless preceded by neg within 4");
    assert_eq!(matches(&set, "本产品不保本。", Metadata::new()), Vec::<Option<String>>::new());
    // The negation of the previous sentence does not reach across `。`.
    assert_eq!(matches(&set, "并非。保本", Metadata::new()), some(&["保本"]));
    // Too far away.
    assert_eq!(matches(&set, "不会让您的资金保本", Metadata::new()), some(&["保本"]));
    // Nor across a comma: the negation governs its own clause.
    assert_eq!(matches(&set, "不亏，保本", Metadata::new()), some(&["保本"]));
    // The enumeration comma continues the clause.
    let set = rule("forbid [\"保本\", \"保息\"] unless preceded by neg within 6");
    assert!(matches(&set, "本产品不承诺保本、保息", Metadata::new()).is_empty());
}

#[test]
fn a_quoted_list_is_one_phrase_for_preceded_by() {
    let set = rules(&format!(
        "terms warn = [\"不得\", \"never promise\"]\n{HEADER} forbid [\"保本\", \"无风险\", \"稳赚不赔\", \"guaranteed\", \"risk-free\"] unless preceded by warn within 8 }}"
    ));
    let none = Vec::<Option<String>>::new();
    // 稳赚不赔 is 16 characters after 不得, but its list starts 6 after.
    assert_eq!(matches(&set, "任何人员不得向您承诺“保本”“无风险”“稳赚不赔”。", Metadata::new()), none);
    assert_eq!(matches(&set, "不得宣传「保本」、「无风险」或「稳赚不赔」", Metadata::new()), none);
    assert_eq!(
        matches(&set, "we never promise \"guaranteed\", \"risk-free\" or \"safe\" returns.", Metadata::new()),
        none
    );
    // Not quoted, or not joined to the list: the distance counts as written.
    assert_eq!(
        matches(&set, "任何人员不得向您承诺“保本”，我们的产品稳赚不赔", Metadata::new()),
        some(&["稳赚不赔"])
    );
    assert_eq!(
        matches(&set, "不得向您承诺“保本”。“无风险”“稳赚不赔”", Metadata::new()),
        some(&["无风险", "稳赚不赔"])
    );
    // A word in a quotation that is not a list item is measured from itself too (“不保本” keeps its 不).
    let set = rule("forbid \"保本\" unless preceded by neg within 2");
    assert_eq!(matches(&set, "我们反复强调“不保本”的原因", Metadata::new()), none);
}

#[test]
fn unless_followed_by() {
    let set = rule("forbid \"保本\" unless followed by \"基金已到期\" within 2");
    assert_eq!(matches(&set, "保本基金已到期", Metadata::new()), Vec::<Option<String>>::new());
    assert_eq!(matches(&set, "保本", Metadata::new()), some(&["保本"]));
}

#[test]
fn except_drops_occurrences_inside_a_phrase() {
    let set = rule("forbid [\"最低\", \"第一\"] except [\"最低起购金额\", \"第一条\"]");
    assert_eq!(matches(&set, "第一条 最低起购金额1万元，收益第一", Metadata::new()), some(&["第一"]));
}

#[test]
fn near_and_unless_near() {
    let set = rule("forbid \"收益\" near \"保证\" within 3");
    assert_eq!(matches(&set, "保证您的收益", Metadata::new()), some(&["收益"]));
    assert_eq!(matches(&set, "保证服务质量，历史收益", Metadata::new()), Vec::<Option<String>>::new());
    let set = rule("forbid \"收益\" unless near \"业绩比较基准\" within 10");
    assert_eq!(matches(&set, "业绩比较基准收益", Metadata::new()), Vec::<Option<String>>::new());
}

#[test]
fn same_sentence_and_paragraph_scopes() {
    let set = rule("forbid \"收益\" in same sentence as \"保证\"");
    assert_eq!(matches(&set, "我们保证，收益稳定。另有收益。", Metadata::new()), some(&["收益"]));
    let set = rule("forbid \"收益\" in same paragraph as \"保证\"");
    assert_eq!(matches(&set, "保证。收益\n\n收益", Metadata::new()), some(&["收益"]));
}

#[test]
fn in_first_percent() {
    let set = rule("forbid \"警示\" unless in first 10%");
    let late = format!("{}警示", "文".repeat(100));
    assert_eq!(matches(&set, &late, Metadata::new()), some(&["警示"]));
    let early = format!("警示{}", "文".repeat(100));
    assert_eq!(matches(&set, &early, Metadata::new()), Vec::<Option<String>>::new());
}

#[test]
fn require_present_gives_a_null_span() {
    let set = rule("require \"投资须谨慎\"");
    let doc = Document::from_text("d", "无提示".into(), Metadata::new());
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].span, None);
    assert!(matches(&set, "理财非存款，投资须谨慎", Metadata::new()).is_empty());
}

#[test]
fn require_before_points_at_the_first_later_item() {
    let set = rule("require \"风险\" before \"收益\"");
    assert_eq!(matches(&set, "收益4%。风险提示", Metadata::new()), some(&["收益"]));
    assert!(matches(&set, "风险提示。收益4%", Metadata::new()).is_empty());
    assert!(matches(&set, "没有相关内容", Metadata::new()).is_empty());
}

#[test]
fn require_near_each_flags_every_uncaveated_item() {
    let set = rule("require \"不代表\" near each /\\d+%/ within 8");
    assert_eq!(matches(&set, "收益5%，过往不代表未来。\n\n另一段：收益6%", Metadata::new()), some(&["6%"]));
}

/// `n` characters of filler that mixes three-byte and one-byte characters,
/// so the byte blocks long distances are counted by end inside characters.
fn filler(n: usize) -> String {
    "中a".chars().cycle().take(n).collect()
}

/// A distance of thousands of characters ("anywhere in the document") is
/// counted exactly: the one item one character too far is flagged, by
/// `near each` and by the `near` clause alike.
#[test]
fn long_distances_are_exact() {
    let n = 5000;
    let text = format!("年化{}过往业绩{}年化", filler(n), filler(n + 1));
    let set = rule(&format!("require \"过往业绩\" near each \"年化\" within {n}"));
    let doc = Document::from_text("doc.txt", text.clone(), Metadata::new());
    let findings = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].span.map(|s| s.start.offset), Some(text.len() - "年化".len()));
    let set = rule(&format!("forbid \"年化\" unless near \"过往业绩\" within {n}"));
    assert_eq!(matches(&set, &text, Metadata::new()), some(&["年化"]));
    let set = rule(&format!("forbid \"年化\" unless near \"过往业绩\" within {}", n + 1));
    assert!(matches(&set, &text, Metadata::new()).is_empty());
}

/// `within 1000000` is how a rule author says "anywhere": every item of a
/// long document reaches the caveat at its end. (How long it takes is
/// measured by the `near_each_anywhere` benchmark, not here: it used to be
/// quadratic, QA pass 9 item 18.)
#[test]
fn near_each_with_a_huge_distance_reaches_across_the_document() {
    let line = "华信稳盈1号，成立以来年化收益5.2%。业绩比较基准3.5%，不代表实际收益。风险等级R2。\n";
    let text = format!("{}过往业绩不代表未来表现", line.repeat(10_000));
    let set = rule("require \"过往业绩不代表未来表现\" near each \"年化\" within 1000000");
    let doc = Document::from_text("doc.txt", text, Metadata::new());
    let findings = eval::check(&set, &doc, &Options::default()).findings;
    // The text is 500,000 characters: every item is within reach of the caveat.
    assert!(findings.is_empty(), "{}", findings.len());
}

#[test]
fn require_in_same_sentence_as_each() {
    let set = rule("require \"不构成承诺\" in same sentence as each \"业绩比较基准\"");
    assert_eq!(
        matches(&set, "业绩比较基准4%，不构成承诺。业绩比较基准5%。", Metadata::new()),
        some(&["业绩比较基准"])
    );
}

#[test]
fn in_heading_uses_document_structure() {
    let set = rule("forbid \"保本\" in heading");
    let mut doc = Document::from_text("d", "保本\n\n保本".into(), Metadata::new());
    doc.blocks[0].kind = disclint::document::BlockKind::Heading(1);
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].span.unwrap().start.line, 1);
}

#[test]
fn under_heading_follows_sections_and_their_enclosing_headings() {
    use disclint::document::load::{LoadOptions, Syntax, load_bytes};
    let set = rule("forbid \"保本\" unless under heading [\"常见问题\", \"风险揭示\"]");
    let lines = |src: &str, syntax| -> Vec<usize> {
        let doc =
            load_bytes("a", src.as_bytes(), syntax, Metadata::new(), &LoadOptions::default()).expect("loads");
        eval::check(&set, &doc, &Options::default())
            .findings
            .iter()
            .map(|f| f.span.unwrap().start.line)
            .collect()
    };
    let md = "# 产品介绍\n\n保本\n\n## 常见问题\n\n问：保本吗？\n\n### 收益\n\n不保本。\n\n## 认购\n\n保本\n\n# 风险揭示\n\n保本\n";
    // Line 7 is in the FAQ section, line 11 in a subsection of it, line 19
    // under the risk heading; line 3 precedes them and line 15 is a sibling
    // section after the FAQ ended.
    assert_eq!(lines(md, Syntax::Markdown), vec![3, 15]);
    // A heading is under itself.
    assert!(lines("## 保本常见问题\n\n正文", Syntax::Markdown).is_empty());
    let html = "<h2>产品</h2><p>保本</p><h2>常见问题</h2><h3>其他</h3><p>保本</p>";
    assert_eq!(lines(html, Syntax::Html), vec![1]);
    // Plain text has no headings: nothing is under one.
    assert_eq!(lines("常见问题\n\n保本", Syntax::Text), vec![3]);
}

#[test]
fn metadata_conditions_compare_levels_across_scales() {
    let set = rule("when product.risk_level > audience.risk_tolerance report");
    assert_eq!(
        matches(&set, "x", meta(&[("product.risk_level", "R4"), ("audience.risk_tolerance", "C2")])).len(),
        1
    );
    assert!(
        matches(&set, "x", meta(&[("product.risk_level", "R3"), ("audience.risk_tolerance", "C3")]))
            .is_empty()
    );
}

#[test]
fn in_contains_and_exists() {
    let set =
        rule("when product.category in [fund, private-fund] and audience.segments contains elderly report");
    assert_eq!(
        matches(&set, "x", meta(&[("product.category", "fund"), ("audience.segments", "[elderly]")])).len(),
        1
    );
    assert!(
        matches(&set, "x", meta(&[("product.category", "insurance"), ("audience.segments", "[elderly]")]))
            .is_empty()
    );
    let set = rule("when not product.risk_level exists report");
    assert_eq!(matches(&set, "x", Metadata::new()).len(), 1);
}

#[test]
fn unknown_conditions_skip_the_rule_and_say_why() {
    let set = rule("when product.risk_level >= R4 report");
    let doc = Document::from_text("d", "x".into(), Metadata::new());
    let out = eval::check(&set, &doc, &Options::default());
    assert!(out.findings.is_empty());
    assert_eq!(out.skipped.len(), 1);
    assert_eq!(out.skipped[0].missing, vec![disclint::document::Field::ProductRiskLevel]);
    // `or` with a true side is decided without the missing field.
    let set = rule("when product.risk_level >= R4 or text has \"退休\" report");
    assert_eq!(matches(&set, "退休人士", Metadata::new()).len(), 1);
}

#[test]
fn speakers_restrict_to_turns() {
    let set = rule("forbid agent says \"保本\"");
    assert_eq!(script_matches(&set, "客户：这个保本吗？\n理财经理：这个产品保本。"), some(&["保本"]));
}

/// `in reply to P`: the first sentence of the turn right after another
/// speaker's turn holding P — not a later sentence, not a later turn, not
/// the same speaker going on.
#[test]
fn in_reply_to_is_the_first_sentence_answering_the_previous_turn() {
    let set = rule("forbid agent says [\"对\", \"放心\"] in reply to \"保本吗\"");
    assert_eq!(script_matches(&set, "客户：这个保本吗？\n理财经理：对，您放心。"), some(&["对", "放心"]));
    // A later sentence of the answer is not the reply.
    assert!(script_matches(&set, "客户：这个保本吗？\n理财经理：不保本。我们再对一下费用。").is_empty());
    // Nor a turn two turns on.
    assert!(
        script_matches(&set, "客户：这个保本吗？\n理财经理：不保本。\n客户：好。\n理财经理：对，放心。")
            .is_empty()
    );
    // Nor an agent answering the agent.
    assert!(script_matches(&set, "理财经理：很多人问保本吗？\n理财经理：对，放心。").is_empty());
    // A question over two of the customer's lines, and a label on a line of its own.
    let two_lines = "客户：这个保本吗？\n客户：我这是养老的钱。\n理财经理：对，放心。";
    assert_eq!(script_matches(&set, two_lines), some(&["对", "放心"]));
    assert_eq!(script_matches(&set, "客户：这个保本吗？\n理财经理：\n对，放心。"), some(&["对", "放心"]));
    // Unless inverts it like any context.
    let unless = rule("forbid agent says \"放心\" unless in reply to \"保本吗\"");
    assert_eq!(script_matches(&unless, "客户：费用高吗？\n理财经理：放心。"), some(&["放心"]));
}

#[test]
fn transcript_order_agent_before_customer() {
    let set = rule("require agent says \"风险等级\" before customer says \"确认购买\"");
    assert_eq!(script_matches(&set, "客户：我确认购买。\n理财经理：本产品风险等级R3。"), some(&["确认购买"]));
    assert!(script_matches(&set, "理财经理：本产品风险等级R3。\n客户：我确认购买。").is_empty());
}

#[test]
fn findings_report_turn_numbers() {
    let set = rule("forbid agent says \"保本\"");
    let doc = Document::from_transcript_text("c", "客户：你好\n理财经理：保本".into(), Metadata::new());
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(f[0].turn, Some(2));
    assert_eq!(f[0].span.unwrap().start.line, 2);
    assert_eq!(f[0].span.unwrap().start.column, 6);
}

#[test]
fn message_placeholders_are_filled() {
    let set = rules(&format!("{HEADER} message \"{{match}} / {{product.risk_level}}\" forbid \"保本\" }}"));
    let doc = Document::from_text("d", "保本".into(), meta(&[("product.risk_level", "四级")]));
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(f[0].message, "保本 / R4");
}

/// A fix's text is what a tool puts into the copy: its placeholders are
/// filled as the message's are (QA pass 9a item 7).
#[test]
fn fix_text_placeholders_are_filled() {
    let set = rules(&format!(
        "{HEADER} forbid /预期收益率?\\d+%/ fix replace \"业绩比较基准{{match}}（不代表{{product.name}}实际收益）\" }}"
    ));
    let doc = Document::from_text("d", "预期收益率4%".into(), meta(&[("product.name", "稳盈1号")]));
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(
        f[0].fix,
        Some(disclint::finding::Fix::Replace {
            text: "业绩比较基准预期收益率4%（不代表稳盈1号实际收益）".into()
        })
    );
    let set = rules(&format!(
        "{HEADER} when product.risk_level exists require \"风险等级\" fix insert \"风险等级：{{product.risk_level}}。\" }}"
    ));
    let doc = Document::from_text("d", "稳盈1号".into(), meta(&[("product.risk_level", "R3")]));
    let f = eval::check(&set, &doc, &Options::default()).findings;
    assert_eq!(f[0].fix, Some(disclint::finding::Fix::Insert { text: "风险等级：R3。".into() }));
}

#[test]
fn term_lists_reference_each_other_and_other_packs() {
    let common = "pack my.common { title \"c\" }\nterms neg = [\"不\"]";
    let own = format!(
        "use my.common\nterms g = [\"保本\", more]\nterms more = [\"保息\"]\n{HEADER} forbid g unless preceded by neg within 2 }}"
    );
    let (set, _) =
        RuleSet::load(vec![RuleSource::inline("c.rules", common), RuleSource::inline("o.rules", &own)])
            .unwrap();
    assert_eq!(matches(&set, "不保本，保息", Metadata::new()), some(&["保息"]));
}

#[test]
fn pack_applies_when_gates_its_rules() {
    let set =
        rules(&format!("pack p {{ applies when document.language == en }}\n{HEADER} forbid \"保本\" }}"));
    assert!(matches(&set, "保本", Metadata::new()).is_empty());
}

#[test]
fn findings_are_sorted_by_position_then_rule() {
    let src = format!(
        "{HEADER} forbid \"保息\" }}\nrule A {{ title \"t\" category prohibited.guarantee severity error forbid \"保本\" }}"
    );
    let set = rules(&src);
    let doc = Document::from_text("d", "保息保本保息".into(), Metadata::new());
    let f = eval::check(&set, &doc, &Options::default()).findings;
    let order: Vec<(&str, usize)> =
        f.iter().map(|f| (f.rule.as_str(), f.span.unwrap().start.column)).collect();
    assert_eq!(order, vec![("R", 1), ("A", 3), ("R", 5)]);
}

#[test]
fn in_fine_print_follows_small_and_sub_markup() {
    use disclint::document::load::{LoadOptions, Syntax, load_bytes};
    let set = rule("forbid \"投资有风险\" in fine print");
    let load = |name: &str, src: &str, syntax| {
        load_bytes(name, src.as_bytes(), syntax, Metadata::new(), &LoadOptions::default()).expect("loads")
    };
    let lines = |doc: &Document| -> Vec<usize> {
        eval::check(&set, doc, &Options::default())
            .findings
            .iter()
            .map(|f| f.span.unwrap().start.line)
            .collect()
    };
    let md = load(
        "a.md",
        "投资有风险\n\n正文<small>投资有风险</small>\n\n<sub>注：投资有风险</sub>\n",
        Syntax::Markdown,
    );
    assert_eq!(lines(&md), vec![3, 5]);
    let html = load(
        "a.html",
        "<p>投资有风险</p>\n<p><small class=\"x\">投资有风险</small></p>\n<footer><sub>投资有风险</sub></footer>",
        Syntax::Html,
    );
    assert_eq!(lines(&html), vec![2, 3]);
    // An unclosed `<small>` runs to the end of the page.
    assert_eq!(lines(&load("b.md", "正文\n\n<small>注：投资有风险\n", Syntax::Markdown)), vec![3]);
    // Plain text has no markup to go by: `<small>` there is just text.
    assert!(lines(&load("a.txt", "<small>投资有风险</small>", Syntax::Text)).is_empty());
}

#[test]
fn packs_that_cannot_apply_by_metadata_are_not_compiled_and_lend_their_lists() {
    use disclint::compile::builtin;
    use disclint::eval::false_by_metadata;
    let fund_page = meta(&[("product.category", "wealth-management"), ("document.language", "zh")]);
    let untagged = meta(&[("document.language", "zh")]);
    let (all, _) = RuleSet::builtin().expect("built-in packs");
    let fund =
        all.packs.iter().find(|p| p.name == "cn.fund").and_then(|p| p.applies.as_ref()).expect("applies");
    // `product.category == fund or (not product.category exists and text has …)`:
    // false for a tagged wealth-management page, unknown (text decides) when untagged.
    assert!(false_by_metadata(fund, &fund_page));
    assert!(!false_by_metadata(fund, &untagged));

    let wanted =
        |p: &disclint::compile::Pack| p.applies.as_ref().is_none_or(|c| !false_by_metadata(c, &fund_page));
    let (some, _) = RuleSet::load_for(builtin::sources(), &wanted).expect("loads");
    let of_pack =
        |set: &RuleSet, name: &str| set.rules.iter().filter(|r| set.packs[r.pack].name == name).count();
    assert!(of_pack(&all, "cn.fund") > 0);
    assert_eq!(of_pack(&some, "cn.fund"), 0);
    assert!(some.rules.iter().all(|r| wanted(&some.packs[r.pack])));
    // cn.fund's lists stay available to the packs that `use` them.
    assert!(some.packs.iter().any(|p| p.name == "cn.fund"));
    // Same findings on a page the skipped packs cannot apply to.
    let doc = Document::from_text("p.md", "本理财产品保本保息，收益率最高！".into(), fund_page.clone());
    let findings = |set: &RuleSet| {
        eval::check(set, &doc, &Options::default())
            .findings
            .iter()
            .map(|f| f.rule.clone())
            .collect::<Vec<_>>()
    };
    assert!(!findings(&all).is_empty());
    assert_eq!(findings(&some), findings(&all));
}

/// A Chinese pack's two kinds of rule, for the language tests below.
const ZH_RULES: &str = r#"
rule ZH-FORBID { title "t" category prohibited.guarantee severity error forbid ["保本"] }
rule ZH-REQUIRE { title "t" category disclosure.risk-warning-missing severity error require ["投资有风险"] }
"#;

/// English long enough to make the language detector call a document English.
const ENGLISH_PASSAGE: &str = "Steady Wealth Plan is issued by Example Wealth Co. It invests in bonds and \
                               money market instruments; please read the prospectus before investing.";

/// A document mostly in one language with a passage in the other is checked
/// for the other language's prohibited wording, and asked for required
/// warnings in its main language only.
#[test]
fn a_passage_in_the_other_language_is_checked_for_prohibited_wording() {
    let set = rules(&format!(
        "pack t.zh {{ title \"zh\" language zh applies when document.language == zh }}\n{ZH_RULES}"
    ));
    let english = ENGLISH_PASSAGE;
    // Mostly English: the Chinese claim is found, the Chinese warning not asked for.
    assert_eq!(matches(&set, &format!("本产品保本。\n\n{english}"), Metadata::new()), some(&["保本"]));
    // Declared English: the same.
    assert_eq!(
        matches(&set, &format!("本产品保本。\n\n{english}"), meta(&[("document.language", "en")])),
        some(&["保本"])
    );
    // All English: nothing in Chinese to look at, nothing asked for.
    assert_eq!(matches(&set, english, Metadata::new()), Vec::<Option<String>>::new());
    // Chinese: both rules as usual.
    assert_eq!(matches(&set, "本产品保本。", Metadata::new()), vec![None, Some("保本".to_string())]);
}

/// A pack header's `language zh` means what the built-in packs write out
/// as `applies when document.language == zh`: the same findings as above,
/// for a house pack that only declares its language.
#[test]
fn a_pack_s_declared_language_restricts_it_as_its_applies_when_would() {
    let set = rules(&format!("pack t.zh {{ title \"zh\" language zh }}\n{ZH_RULES}"));
    let english = ENGLISH_PASSAGE;
    assert_eq!(matches(&set, &format!("本产品保本。\n\n{english}"), Metadata::new()), some(&["保本"]));
    assert_eq!(matches(&set, english, Metadata::new()), Vec::<Option<String>>::new());
    assert_eq!(matches(&set, "本产品保本。", Metadata::new()), vec![None, Some("保本".to_string())]);
    // With its own `applies when`, both must hold.
    let set = rules(
        r#"
        pack t.en { title "en" language en applies when product.category == fund }
        rule EN-REQUIRE { title "t" category disclosure.risk-warning-missing severity error require ["capital at risk"] }
        "#,
    );
    let fund = || meta(&[("product.category", "fund")]);
    assert_eq!(matches(&set, english, fund()), vec![None]);
    assert_eq!(matches(&set, "本基金稳健。", fund()), Vec::<Option<String>>::new());
    assert_eq!(
        matches(&set, english, meta(&[("product.category", "insurance")])),
        Vec::<Option<String>>::new()
    );
}

/// A claim both languages' packs know is reported once, by the main language's
/// rule; a claim of another category on the same words is still reported.
#[test]
fn a_claim_both_languages_know_is_reported_once() {
    let zh = r#"
        pack t.zh { title "zh" language zh applies when document.language == zh }
        rule ZH-BEST { title "t" category prohibited.absolute-term severity error forbid ["the best"] }
        rule ZH-SAFE { title "t" category prohibited.guarantee severity error forbid ["best fund"] }
        "#;
    let en = r#"
        pack t.en { title "en" language en applies when document.language == en }
        rule EN-BEST { title "t" category prohibited.absolute-term severity error forbid ["the best fund"] }
        "#;
    let set =
        match RuleSet::load(vec![RuleSource::inline("zh.rules", zh), RuleSource::inline("en.rules", en)]) {
            Ok((set, _)) => set,
            Err(e) => panic!("rules did not load:\n{}", e.render(false)),
        };
    let mut doc = Document::from_text(
        "doc.txt",
        "本产品是中文说明。This is the best fund in town, read on.".to_string(),
        meta(&[("document.language", "en")]),
    );
    doc.detect_missing_language();
    let rules: Vec<String> =
        eval::check(&set, &doc, &Options::default()).findings.into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["EN-BEST", "ZH-SAFE"]);
}
