//! QA pass 15, items 13 (suitability read from the text), 19 (the 理财 and
//! structured-deposit warnings in their faithful variants; a structured
//! deposit's principal repaid at maturity), 20 (a 代销 promotion naming the
//! manager only by its role) and the rest of item 11 (复利计息 on a policy).
//! The documents are the QA's own (`tests/fixtures/qa16`); the one-line probes
//! are written to a scratch folder.

mod common;

use common::{has, ids, probe};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa16");

fn fixture(name: &str, meta: &[&str]) -> Vec<String> {
    ids(&Path::new(FIX).join(name), meta)
}

const FUND: &[&str] = &["product.category=fund"];

#[test]
fn item13_cn_levels_read_from_the_text() {
    for f in ["fund_r5_c4.md", "fund_r4_c3.md"] {
        let found = fixture(f, FUND);
        assert!(has(&found, "CN-SUIT-TEXT-TOLERANCE"), "{f}: {found:?}");
    }
    let post = "基金有风险，投资需谨慎。基金管理人不保证基金一定盈利，也不保证最低收益。";
    for (line, bad) in [
        ("风险等级为R5（高风险），适合风险承受能力为成长型（C4）及以上的投资者。", true),
        ("风险等级R4（中高风险），适合平衡型及以上投资者。", true),
        ("产品风险等级：R5（高风险）。适合客户：积极型、激进型投资者。", true),
        ("风险评级五级（高风险），面向C4、C5客户销售。", true),
        ("风险等级为R5（高风险），适合进取型（C5）投资者。", false),
        ("风险等级R3（中风险），适合平衡型及以上投资者。", false),
        ("风险等级R4，适合成长型、进取型投资者。", false),
        ("风险等级R5，适合激进型投资者，不适合成长型及以下投资者。", false),
    ] {
        let found = probe("cn", "x.txt", &format!("青禾新能源股票基金。{line}{post}\n"), FUND);
        let suit = found.iter().any(|f| f.starts_with("CN-SUIT-"));
        assert_eq!(suit, bad, "{line} => {found:?}");
    }
}

#[test]
fn item13_en_ratings_written_as_numbers() {
    let found = fixture("uk_r5_cautious.md", FUND);
    assert!(has(&found, "EN-SUIT-VULNERABLE"), "{found:?}");
    let post = ". Suitable for cautious investors. Capital at risk: the value of investments can fall and you may get back less than you invest.\n";
    for (rating, bad) in [
        ("risk rating R5", true),
        ("Risk level: 5 (high)", true),
        ("SRRI 6 of 7", true),
        ("Risk rating 5 out of 5", true),
        ("rated 6 on a scale of 1 to 7", true),
        ("risk rating R3", false),
        ("SRRI 4 of 7", false),
        ("Risk rating 3 out of 5", false),
        ("rated 4 out of 5 stars by customers", false),
    ] {
        let found = probe("en", "x.txt", &format!("Harbour Frontier Tech Fund, {rating}{post}"), FUND);
        assert_eq!(has(&found, "EN-SUIT-VULNERABLE"), bad, "{rating} => {found:?}");
    }
    let call = |profile: &str| {
        probe(
            "call",
            "c.script.txt",
            &format!(
                "Agent: Mr Hall, your risk profile is {profile}, and it is still valid.\nCustomer: Yes.\nAgent: The Harbour Frontier Fund is rated R5, and your capital is at risk.\nCustomer: OK, put me down for ten thousand.\n"
            ),
            &[],
        )
    };
    assert!(has(&call("cautious"), "EN-SUIT-VULNERABLE"));
    assert!(!has(&call("adventurous"), "EN-SUIT-VULNERABLE"));
}

#[test]
fn item19_warning_variants_and_the_structured_deposit_principal() {
    let wm = &["product.category=wealth-management"];
    let pre = "青禾稳享2号，风险等级R2，业绩比较基准3.2%（不构成收益承诺）。";
    for (w, ok) in [
        ("理财产品非存款、产品有风险、投资须谨慎。", true),
        ("理财产品不是存款，产品有风险，投资须谨慎。", true),
        ("本理财产品非存款、本产品有风险、投资需谨慎。", true),
        ("理财产品非存款，投资须谨慎。", false),
        ("理财产品是存款、产品有风险、投资须谨慎。", false),
    ] {
        let found = probe("wm", "x.txt", &format!("{pre}{w}\n"), wm);
        assert_eq!(!has(&found, "CN-WM-RISK-WARNING"), ok, "{w} => {found:?}");
    }
    let sd = &["product.category=structured-deposit"];
    let found = fixture("sd_ok.txt", sd);
    assert!(found.is_empty(), "{found:?}");
    let pre = "青禾银行结构性存款（挂钩黄金，保本浮动收益型），风险等级R1。";
    let post = "结构性存款不同于一般性存款，具有投资风险。";
    for (line, id) in [
        ("本产品为结构性存款，具有投资风险。", Some("CN-SD-RISK-WARNING")),
        ("到期保证本金和收益。", Some("CN-SD-GUARANTEE")),
        ("保证收益2.8%。", Some("CN-SD-GUARANTEE")),
        ("到期保证本金，浮动收益不确定。", None),
    ] {
        let text = if id == Some("CN-SD-RISK-WARNING") {
            format!("{pre}{line}\n")
        } else {
            format!("{pre}{line}{post}\n")
        };
        let found = probe("sd", "x.txt", &text, sd);
        match id {
            Some(id) => assert!(has(&found, id), "{line} => {found:?}"),
            None => assert!(found.is_empty(), "{line} => {found:?}"),
        }
    }
}

#[test]
fn item20_a_role_is_not_the_managers_name() {
    let found = fixture("agency_generic.md", &[]);
    assert!(has(&found, "CN-AGENCY-ISSUER"), "{found:?}");
    let found = probe(
        "ag",
        "x.md",
        "本基金由远航基金管理有限公司发行并管理，青禾银行作为代销机构，不承担产品的投资、兑付和风险管理责任。风险等级R2。基金有风险，投资需谨慎。基金管理人不保证基金一定盈利，也不保证最低收益。\n",
        &["product.sales_mode=agency", "product.category=fund"],
    );
    assert!(!has(&found, "CN-AGENCY-ISSUER"), "{found:?}");
}

#[test]
fn item11_compound_interest_on_a_policy() {
    let ins = &["product.category=insurance"];
    let pre = "青禾人寿鑫享年年年金保险（分红型），由青禾人寿承保，青禾银行代理销售。";
    let post = "保险有风险，投保需谨慎。犹豫期15天，犹豫期后退保可能有损失。分红险的红利分配是不确定的。";
    for (line, bad) in [
        ("年化收益4.0%，复利计息。", true),
        ("复利3.5%，终身锁定。", true),
        ("保单贷款按年利率5%计息。", false),
        ("有效保险金额按3.5%逐年复利递增。", false),
    ] {
        let found = probe("ins", "x.txt", &format!("{pre}{line}{post}\n"), ins);
        assert_eq!(has(&found, "CN-INS-DEPOSIT-CONFUSION"), bad, "{line} => {found:?}");
    }
}
