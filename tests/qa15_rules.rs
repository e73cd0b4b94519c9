//! QA pass 15, the built-in packs: items 1 (everyday closes), 2 (assessment
//! manipulation), 3 (a denied risk warning, money back promised), 4 (a yes to
//! "本金安全吗？"), 10 (a private-fund manager covering losses), 11 (insurance
//! sold as 理财) and 12 (a 理财 post's endorsement, comparison and guarantee).
//! The documents are the QA's own (`tests/fixtures/qa15`); the one-line probes
//! are its loops, written to a scratch folder.

mod common;

use common::{has, ids, probe};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa15");

fn fixture(name: &str) -> Vec<String> {
    ids(&Path::new(FIX).join(name), &[])
}

#[test]
fn item1_cn_closes_in_everyday_words_are_a_sale() {
    for close in [
        "那我全买这个。",
        "好，那就五十万都转这个。",
        "行吧，听你的，到期那笔都买这个。",
        "行，那五十万到期了都转这个。",
    ] {
        let text = format!(
            "理财经理：我给您介绍一下这款青禾鑫远混合，今年涨了18%。\n客户：{close}\n理财经理：好的，马上给您办。\n"
        );
        let found = probe("cnclose", "c.script.txt", &text, &[]);
        for id in ["CN-SCRIPT-ASSESSMENT-FIRST", "CN-SCRIPT-RISK-LEVEL", "CN-SCRIPT-RISK-WARNING"] {
            assert!(has(&found, id), "{close}: {id} not in {found:?}");
        }
    }
    // Thinking it over, a question, or the agent saying what others bought is no close.
    for not_close in
        ["我再考虑考虑。", "那我全买这个？", "如果我全买这个，会怎么样？", "我回去跟老伴商量一下。"]
    {
        let text = format!(
            "理财经理：我给您介绍一下这款青禾鑫远混合，今年涨了18%。\n客户：{not_close}\n理财经理：好的。\n"
        );
        let found = probe("cnnoclose", "c.script.txt", &text, &[]);
        assert!(!has(&found, "CN-SCRIPT-RISK-LEVEL"), "{not_close}: {found:?}");
    }
    let found = probe(
        "cnagent",
        "c.script.txt",
        "理财经理：我给您介绍一下这款，好多老客户都买这个。\n客户：嗯。\n",
        &[],
    );
    assert!(!has(&found, "CN-SCRIPT-RISK-LEVEL"), "{found:?}");
}

#[test]
fn item1_the_maturity_switch_call_is_a_sale_with_a_changed_assessment() {
    let found = fixture("cn_maturity_switch.script.txt");
    for id in ["CN-SCRIPT-MANIPULATION", "CN-SCRIPT-RISK-LEVEL", "CN-SCRIPT-RISK-WARNING"] {
        assert!(has(&found, id), "{id} not in {found:?}");
    }
    let found = fixture("en_isa_switch.script.txt");
    for id in ["EN-SCRIPT-ASSESSMENT-FIRST", "EN-SCRIPT-RISK-DISCLOSURE", "EN-SCRIPT-PAST-PERFORMANCE"] {
        assert!(has(&found, id), "{id} not in {found:?}");
    }
}

#[test]
fn item1_en_closes_in_everyday_words_are_a_sale() {
    for close in [
        "Alright, I'll go for it.",
        "Fine, move my ISA across.",
        "Go on then, transfer the lot.",
        "Count me in.",
        "Put the whole pension pot in.",
        "OK, switch my savings into that.",
    ] {
        let text = format!(
            "Agent: The Harbour Global Equity Fund has done really well.\nCustomer: {close}\nAgent: Lovely, thanks.\n"
        );
        let found = probe("enclose", "c.script.txt", &text, &[]);
        for id in ["EN-SCRIPT-ASSESSMENT-FIRST", "EN-SCRIPT-RISK-DISCLOSURE"] {
            assert!(has(&found, id), "{close}: {id} not in {found:?}");
        }
    }
    for not_close in ["I'll think about it.", "Should I move my ISA across?", "Can you transfer the lot?"] {
        let text = format!(
            "Agent: The Harbour Global Equity Fund has done really well.\nCustomer: {not_close}\nAgent: Lovely, thanks.\n"
        );
        let found = probe("ennoclose", "c.script.txt", &text, &[]);
        assert!(found.is_empty(), "{not_close}: {found:?}");
    }
}

#[test]
fn item2_assessment_altered_coached_or_waived_in_plain_words() {
    for said in [
        "我把您的测评改成进取型。",
        "您的测评我来改。",
        "那个简单，我帮您重新做一下，选项我都给您标好了。",
        "您重新测一下，第5题选C，第8题选D，就能到平衡型了。",
        "您就说能接受亏损30%以上，系统就过了。",
        "我让同事帮您把问卷补一下。",
    ] {
        let text = format!("理财经理：您上次测评是保守型C1。\n客户：那我能买这个吗？\n理财经理：{said}\n");
        let found = probe("cnmanip", "m.script.txt", &text, &[]);
        assert!(has(&found, "CN-SCRIPT-MANIPULATION"), "{said}: {found:?}");
    }
    // A mismatch confirmation is the procedure the suitability rules set for a customer below the product's level (not for
    // the lowest class, which the text alone does not show), and the system letting a matched customer order is a fact.
    for said in [
        "不行，您是C1，这款R3的买不了，测评请如实填写。",
        "您可以重新做一次测评，请按实际情况回答。",
        "第5题您选的是C，对吗？",
        "系统会提示风险不匹配，您签一份风险不匹配警示确认书就可以买。",
        "测评结果要在有效期内、等级和产品匹配，系统才会让您下单。",
    ] {
        let text = format!("理财经理：您上次测评是保守型C1。\n客户：那我能买这个吗？\n理财经理：{said}\n");
        let found = probe("cnnomanip", "m.script.txt", &text, &[]);
        assert!(!has(&found, "CN-SCRIPT-MANIPULATION"), "{said}: {found:?}");
    }
    for said in [
        "If you say you can tolerate a 30% loss, the system will let it through.",
        "We can mark you as an execution-only client and skip the assessment.",
    ] {
        let text = format!(
            "Agent: Your risk questionnaire came back as cautious.\nCustomer: So I cannot buy it?\nAgent: {said}\n"
        );
        let found = probe("enmanip", "m.script.txt", &text, &[]);
        assert!(has(&found, "EN-SCRIPT-MANIPULATION"), "{said}: {found:?}");
    }
    for said in [
        "No, I can't change your risk profile; please answer honestly.",
        "We can't skip the assessment, it's required.",
    ] {
        let text = format!(
            "Agent: Your risk questionnaire came back as cautious.\nCustomer: So I cannot buy it?\nAgent: {said}\n"
        );
        let found = probe("ennomanip", "m.script.txt", &text, &[]);
        assert!(!has(&found, "EN-SCRIPT-MANIPULATION"), "{said}: {found:?}");
    }
    let found = fixture("en_manip.script.txt");
    assert_eq!(found.iter().filter(|f| *f == "EN-SCRIPT-MANIPULATION").count(), 2, "{found:?}");
}

#[test]
fn item3_a_denied_risk_warning_is_no_warning_and_a_guarantee() {
    let found = fixture("uk_bond_promo.md");
    assert!(has(&found, "EN-RISK-WARNING") && has(&found, "EN-GUARANTEE"), "{found:?}");
    let found = fixture("harbour_isa_bad.md");
    assert!(has(&found, "EN-RISK-WARNING") && has(&found, "EN-GUARANTEE"), "{found:?}");
    for line in [
        "No capital at risk.",
        "You cannot lose money.",
        "You are guaranteed to get your money back.",
        "Your money back, guaranteed.",
        "We promise you'll get back every penny you invest.",
        "You will never get back less than you invest.",
        "The value of your investment can't go down.",
        "We guarantee you'll get your money back.",
        "Your principal will never go down.",
    ] {
        let text = format!(
            "# Harbour Cautious Income Fund\n\nA monthly income from gilts and dividend shares. {line}\n"
        );
        let found = probe("en3", "w.md", &text, &["product.category=fund"]);
        assert!(has(&found, "EN-RISK-WARNING") && has(&found, "EN-GUARANTEE"), "{line}: {found:?}");
    }
    for line in [
        "Capital at risk. You should not invest if you cannot afford to lose money.",
        "Capital at risk: there is no guarantee you will get your money back.",
        "We cannot guarantee you'll get your money back. Capital at risk.",
    ] {
        let text = format!(
            "# Harbour Cautious Income Fund\n\nA monthly income from gilts and dividend shares. {line}\n"
        );
        let found = probe("en3ok", "w.md", &text, &["product.category=fund"]);
        assert!(found.is_empty(), "{line}: {found:?}");
    }
}

#[test]
fn item4_a_yes_to_a_safety_question_and_a_no_to_a_loss_question_on_calls() {
    let found = fixture("reassure.script.txt");
    assert!(has(&found, "CN-SCRIPT-GUARANTEE-AFFIRMED") && has(&found, "CN-SCRIPT-RISK-DENIED"), "{found:?}");
    let found = fixture("reassure_en.script.txt");
    assert!(has(&found, "EN-SCRIPT-GUARANTEE-AFFIRMED"), "{found:?}");
    let cn = |q: &str, a: &str| {
        let text = format!(
            "理财经理：张叔叔，您的风险测评结果是稳健型C3，在有效期内。这款风险等级R3，理财非存款、产品有风险、投资须谨慎。\n客户：{q}\n理财经理：{a}\n客户：那我买十万。\n"
        );
        probe("cn4", "q.script.txt", &text, &[])
    };
    for (q, a, id) in [
        ("本金安全吗？", "安全的。", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("到期能拿回本金吗？", "肯定能拿回来。", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("到期能拿回本金吗？", "能的。", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("这个稳不稳啊？", "稳的，非常稳。", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("会亏吗？", "这个您放心。", "CN-SCRIPT-RISK-DENIED"),
        ("会亏吗？", "您放心吧，我们卖了这么多年都没出过问题。", "CN-SCRIPT-RISK-DENIED"),
    ] {
        let found = cn(q, a);
        assert!(has(&found, id), "{q} / {a}: {found:?}");
    }
    for (q, a) in [
        ("所以这个不保本，对吧？", "对。"),
        ("会不会亏本？", "是的，有可能。"),
        ("本金安全吗？", "不保本的，净值会波动，可能亏损。"),
        ("到期能拿回本金吗？", "不一定，可能亏损。"),
        ("会亏吗？", "您放心，我跟您说清楚：有可能亏损本金。"),
        ("能买吗？", "能的。"),
    ] {
        let found = cn(q, a);
        assert!(found.is_empty(), "{q} / {a}: {found:?}");
    }
    let en = |q: &str, a: &str| {
        let text = format!(
            "Agent: Your risk profile is balanced and current. This fund is rated 3 out of 7; your capital is at risk.\nCustomer: {q}\nAgent: {a}\nCustomer: OK, I will invest ten thousand.\n"
        );
        probe("en4", "q.script.txt", &text, &[])
    };
    for (q, a, id) in [
        ("Is my capital protected?", "It is.", "EN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("Will I get my money back at the end?", "Of course.", "EN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("Will I get my money back at the end?", "You will, don't worry.", "EN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("Could this go down?", "I wouldn't worry about that.", "EN-SCRIPT-RISK-DENIED"),
    ] {
        let found = en(q, a);
        assert!(has(&found, id), "{q} / {a}: {found:?}");
    }
    for (q, a) in [
        ("So it's not guaranteed?", "Absolutely, nothing is guaranteed."),
        ("Will I get my money back at the end?", "Not necessarily; you may get back less."),
        ("Is my capital protected?", "It isn't, it can fall."),
        ("Can I buy it in my ISA?", "You can."),
        ("Is it available today?", "It is."),
    ] {
        let found = en(q, a);
        assert!(found.is_empty(), "{q} / {a}: {found:?}");
    }
}

#[test]
fn item10_a_private_fund_manager_covering_losses_is_a_guarantee() {
    assert!(has(&fixture("pf_roadshow.md"), "CN-PF-MIN-RETURN"));
    let pre = "青禾量化一号私募证券投资基金，风险等级R5，仅向合格投资者推介。私募基金投资有风险，投资者可能损失全部本金。";
    for line in [
        "管理人承诺：跑输指数部分由管理人补足。",
        "管理人以自有资金劣后，优先保障投资者本金。",
        "如出现亏损，管理人将以业绩报酬弥补。",
        "亏损部分由管理人承担。",
        "最低保障年化6%，超额部分二八分成。",
    ] {
        let found = probe("pf", "x.txt", &format!("{pre}{line}\n"), &["product.category=private-fund"]);
        assert!(has(&found, "CN-PF-MIN-RETURN"), "{line}: {found:?}");
    }
    for line in
        ["基金亏损由投资者自行承担，管理人不对投资本金和收益作任何保证。", "本私募基金不保证最低收益。"]
    {
        let found = probe("pfok", "x.txt", &format!("{pre}{line}\n"), &["product.category=private-fund"]);
        assert!(!has(&found, "CN-PF-MIN-RETURN"), "{line}: {found:?}");
    }
}

#[test]
fn item11_insurance_sold_as_wealth_management_with_a_promised_dividend() {
    let found = fixture("ins_bad2.md");
    assert!(has(&found, "CN-INS-DEPOSIT-CONFUSION") && has(&found, "CN-INS-UNCERTAIN-BENEFIT"), "{found:?}");
    let found = probe(
        "insok",
        "x.txt",
        "青禾人寿鑫享年年年金保险（分红型），由青禾人寿承保，青禾银行代理销售。保险有风险，投保需谨慎。犹豫期15天，犹豫期后退保可能有损失。分红水平不确定，不保证每年分红。\n",
        &["product.category=insurance"],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn item12_the_wechat_post_endorsement_comparison_and_guarantee() {
    let found = fixture("wm_wechat_bad.md");
    for id in ["CN-AD-ENDORSEMENT", "CN-AD-COMPARISON", "CN-AD-GUARANTEE"] {
        assert!(has(&found, id), "{id} not in {found:?}");
    }
    assert_eq!(found.iter().filter(|f| *f == "CN-AD-GUARANTEE").count(), 3, "{found:?}");
    let pre = "青禾稳享2号，风险等级R2，业绩比较基准3.2%（不构成收益承诺）。";
    let post = "理财非存款、产品有风险、投资须谨慎。";
    for (line, id) in [
        ("人民银行备案产品，放心投资。", "CN-AD-ENDORSEMENT"),
        ("政府支持项目，值得信赖。", "CN-AD-ENDORSEMENT"),
        ("首席经济学家都在买。", "CN-AD-ENDORSEMENT"),
        ("收益比工行高出0.5个百分点。", "CN-AD-COMPARISON"),
        ("比四大行的理财收益都高。", "CN-AD-COMPARISON"),
        ("本行理财收益甩其他银行几条街。", "CN-AD-COMPARISON"),
        ("同样的钱放别的银行就是吃亏。", "CN-AD-COMPARISON"),
        ("某宝上的理财产品收益低还不安全。", "CN-AD-COMPARISON"),
        ("全市场收益数一数二的理财产品。", "CN-AD-ABSOLUTE"),
        ("本金不会有任何损失。", "CN-AD-GUARANTEE"),
        ("本产品不会出现亏损。", "CN-AD-GUARANTEE"),
        ("亏损风险可以忽略不计。", "CN-AD-GUARANTEE"),
        ("即使市场下跌，您的本金也不会受影响。", "CN-AD-GUARANTEE"),
        ("比定期存款收益高，同样安全。", "CN-AD-GUARANTEE"),
        ("到期一分不少还给您。", "CN-AD-GUARANTEE"),
    ] {
        let found =
            probe("wm", "x.txt", &format!("{pre}{line}{post}\n"), &["product.category=wealth-management"]);
        assert!(has(&found, id), "{line}: {id} not in {found:?}");
    }
    for line in [
        "本产品不保本，不保证收益，最不利情况下可能损失全部本金。",
        "本产品由青禾理财有限责任公司发行，受国家金融监督管理总局监管。",
        "本产品与银行存款不同，不受存款保险保障。",
        "本产品历史上曾出现过亏损，最近一年净值最低跌至0.985。",
        "本产品并不意味着不会出现亏损，请理性投资。",
    ] {
        let found =
            probe("wmok", "x.txt", &format!("{pre}{line}{post}\n"), &["product.category=wealth-management"]);
        assert!(found.is_empty(), "{line}: {found:?}");
    }
}
