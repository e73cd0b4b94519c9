//! QA pass 16, the Chinese items: gains promised for buying now (买入就是赚,
//! 只会涨), principal and return paid at maturity (连本带息一次性到账), a
//! manager's track record without the caveat (任职回报), leveraged trading
//! with no warning (外汇宝, 黄金T+D), a private fund's open web page, tiered
//! trust returns, reassurance instead of an answer on a call, the cooling-off
//! period made light of; and the false alarms on who a product is not for
//! (不适合追求保本的投资者), a payoff condition (若…指数较期初上涨超过10%) and
//! names that contain 第一 (第一财经). The documents are the QA's own
//! (`tests/fixtures/qa17_cn`); the one-line probes go to a scratch folder.

mod common;

use common::{has, ids, probe};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa17_cn");

fn fixture(name: &str, meta: &[&str]) -> Vec<String> {
    ids(&Path::new(FIX).join(name), meta)
}

const WM_WARNING: &str = "理财非存款、产品有风险、投资须谨慎。本产品风险等级R3。";

#[test]
fn item4_market_calls_promise_a_gain() {
    let found = fixture("fund_market_call.md", &[]);
    assert_eq!(
        found.iter().filter(|f| *f == "CN-AD-GUARANTEE").count(),
        3,
        "买入就是赚, 只会涨, 纯赚: {found:?}"
    );
}

#[test]
fn item5_principal_and_return_paid_at_maturity() {
    assert!(has(&fixture("wm_poster_principal.md", &[]), "CN-AD-GUARANTEE"));
    let meta = &["product.category=wealth-management"];
    for (line, bad) in [
        ("到期一次性返还本金和收益。", true),
        ("三年封闭，到期连本带息一次性到账。", true),
        ("本产品不保证到期返还本金和收益。", false),
        ("定期存款本金和利息由银行按约定兑付，理财产品净值会波动。", false),
    ] {
        let found = probe("principal", "x.txt", &format!("{line}{WM_WARNING}\n"), meta);
        assert_eq!(has(&found, "CN-AD-GUARANTEE"), bad, "{line} => {found:?}");
    }
}

#[test]
fn item8_manager_record_and_a_promise_for_holding_on() {
    let found = fixture("fund_dingtou_bad2.md", &[]);
    assert!(has(&found, "CN-FUND-PAST-PERFORMANCE"), "{found:?}");
    assert!(has(&found, "CN-AD-GUARANTEE"), "{found:?}");
}

#[test]
fn item3_leveraged_trading_needs_a_warning() {
    for f in ["fx_bad.txt", "gold_td_bad.txt"] {
        let found = fixture(f, &[]);
        assert!(has(&found, "CN-AD-RISK-WARNING"), "{f}: {found:?}");
        assert!(has(&found, "CN-AD-GUARANTEE"), "{f}: 纯赚 / 涨跌都能赚: {found:?}");
    }
    // Margin is not a promise, and a page that warns of losing it passes.
    let found = probe(
        "margin",
        "x.txt",
        "黄金T+D为保证金交易，10%保证金撬动10倍收益，亏损同样放大，您可能损失全部保证金。\n",
        &[],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn item6_private_fund_open_page() {
    assert!(has(&fixture("pf_web.md", &[]), "CN-PF-PUBLIC-PROMOTION"));
    let page = "远航量化对冲1号私募证券投资基金，风险等级R4。私募基金投资有风险，投资者可能损失全部本金。";
    let meta = &["product.category=private-fund", "document.kind=webpage"];
    let found = probe("pf", "x.md", &format!("{page}\n"), meta);
    assert!(has(&found, "CN-PF-PUBLIC-PROMOTION"), "{found:?}");
    let found = probe("pf", "y.md", &format!("{page}本页面仅向合格投资者展示。\n"), meta);
    assert!(!has(&found, "CN-PF-PUBLIC-PROMOTION"), "{found:?}");
}

#[test]
fn item14_tiered_returns_need_the_caveat() {
    assert!(has(&fixture("trust_bad.txt", &[]), "CN-AD-YIELD-CAVEAT"));
}

#[test]
fn item1_reassurance_is_a_no() {
    let found = fixture("cn_bad_reassure.script.txt", &["product.category=fund", "product.risk_level=R4"]);
    assert!(has(&found, "CN-SCRIPT-RISK-DENIED"), "{found:?}");
    for (answer, bad) in [
        ("您把心放肚子里。", true),
        ("您看我们行这么大，还能让您亏了？", true),
        ("理论上是会，但实际上从来没发生过。", true),
        ("跌也跌不了多少。", true),
        ("会的。理论上和实际上都可能亏损，去年就有过回撤。", false),
    ] {
        let text = format!("客户：这个会亏钱吗？\n理财经理：{answer}\n");
        let found = probe("denied", "x.script.txt", &text, &["product.category=fund"]);
        assert_eq!(has(&found, "CN-SCRIPT-RISK-DENIED"), bad, "{answer} => {found:?}");
    }
}

#[test]
fn item2_cooling_off_made_light_of() {
    assert!(has(&fixture("pf_bad2.script.yaml", &[]), "CN-SCRIPT-COOLING-OFF-UNDERMINED"));
}

#[test]
fn item9_who_the_product_is_not_for() {
    let meta = &["product.category=wealth-management"];
    for line in [
        "本产品不适合追求保本的投资者。",
        "如您需要保本保收益，请勿购买本产品，可选择定期存款。",
        "追求刚性兑付的投资者请谨慎购买。",
    ] {
        let found = probe("notfor", "x.txt", &format!("{line}{WM_WARNING}\n"), meta);
        assert!(!has(&found, "CN-AD-GUARANTEE"), "{line} => {found:?}");
    }
}

#[test]
fn item10_payoff_condition_is_no_forecast() {
    let line = "若到期时沪深300指数较期初上涨超过10%，产品提前终止。";
    let found =
        probe("payoff", "x.txt", &format!("{line}{WM_WARNING}\n"), &["product.category=wealth-management"]);
    assert!(!has(&found, "CN-AD-EXPECTED-RETURN"), "{found:?}");
}

#[test]
fn item13_names_with_di_yi_are_not_rankings() {
    let found =
        fixture("bank_page_ok.html", &["product.sales_mode=agency", "product.category=wealth-management"]);
    assert!(found.is_empty(), "{found:?}");
    let found = probe("diyi", "x.txt", &format!("收益率全国第一！{WM_WARNING}\n"), &[]);
    assert!(has(&found, "CN-AD-ABSOLUTE"), "{found:?}");
}

/// A traditional policy sold at a bank is checked for its own disclosures (犹豫期, 退保损失), not for a
/// risk questionnaire; a policy with an investment account (万能, 投连) still needs one.
#[test]
fn bancassurance_policy_needs_no_questionnaire() {
    assert_eq!(fixture("ins_ok.script.txt", &[]), Vec::<String>::new());
    let found = probe(
        "ul",
        "x.script.txt",
        "客户经理：这款万能险账户保底2.5%，比理财灵活。合同签收后有15天犹豫期。\n客户：那我投保吧。\n",
        &[],
    );
    assert!(has(&found, "CN-SCRIPT-ASSESSMENT-FIRST"), "{found:?}");
}
