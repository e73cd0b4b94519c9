//! QA pass 14, the rule items (3, 4, 5, 6, 9, 11 and the second half of 12):
//! the QA's own probes and documents (`tests/fixtures/qa14_rules`, copied from
//! the report's folder), checked with the built binary and the built-in packs.

mod common;

use common::run;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa14_rules");

/// The rule ids found on `text`, read from stdin as `name`, with `meta`.
fn rules_on(name: &str, text: &str, meta: &[&str]) -> Vec<String> {
    let mut cmd = common::disclint();
    cmd.args(["check", "--format", "json", "--fail-on", "never", "--stdin-name", name]);
    for m in meta {
        cmd.args(["--meta", m]);
    }
    cmd.arg("-").write_stdin(text.to_string());
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    ids(&out)
}

/// The rule ids found in the fixture `file`.
fn rules_in(file: &str) -> Vec<String> {
    let (code, out, err) = run(common::disclint().args([
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        &format!("{FIX}/{file}"),
    ]));
    assert_eq!(code, 0, "{out}{err}");
    ids(&out)
}

/// The matched text of each finding of `rule` in the fixture `file`.
fn matches_in(file: &str, rule: &str) -> Vec<String> {
    let (_, out, _) =
        run(common::disclint().args(["check", "--format", "json", "--rule", rule, &format!("{FIX}/{file}")]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v["files"][0]["findings"]
        .as_array()
        .map(|a| a.iter().map(|f| f["matched"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

fn ids(out: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(out).expect("json");
    v["files"][0]["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn has(found: &[String], rule: &str) -> bool {
    found.iter().any(|r| r == rule)
}

/// Item 3: the QA's loop, one phrase inside a compliant 理财 sentence.
#[test]
fn everyday_guarantee_and_deposit_wording_in_chinese_copy_is_caught() {
    for (phrase, rule) in [
        ("钱放这里比放存款踏实。", "CN-AD-DEPOSIT-CONFUSION"),
        ("到期本息一起回到您的账户，省心省力。", "CN-AD-GUARANTEE"),
        ("金价涨跌都能赚。", "CN-AD-GUARANTEE"),
        ("跌下来的都会涨回去，拿得住就能赚。", "CN-AD-GUARANTEE"),
        ("买了三年，从来没见它亏过。", "CN-AD-GUARANTEE"),
        ("闲钱放心存，随用随取不耽误。", "CN-AD-DEPOSIT-CONFUSION"),
        ("这么多年没听说谁亏过。", "CN-AD-GUARANTEE"),
        ("青禾稳享1号——您的“第二张存折”。", "CN-AD-DEPOSIT-CONFUSION"),
    ] {
        let text = format!(
            "青禾稳享1号理财产品，风险等级R2，欢迎认购。{phrase}理财非存款、产品有风险、投资须谨慎。业绩比较基准不构成收益承诺。\n"
        );
        let found = rules_on("x.txt", &text, &["product.category=wealth-management"]);
        assert!(!found.is_empty() && found.iter().all(|r| r == rule), "{phrase}: {found:?}");
    }
    // Near misses stay clean.
    for phrase in [
        "到期后3个工作日内将投资者应得本金及收益（如有）划转至投资者账户。",
        "定期存款可以放心存，理财产品则有风险，二者不同。",
        "不管涨跌，本产品都可能亏损本金。",
        "认购时请携带身份证和银行卡或存折。",
    ] {
        let text = format!(
            "青禾稳享1号理财产品，风险等级R2，欢迎认购。{phrase}理财非存款、产品有风险、投资须谨慎。业绩比较基准不构成收益承诺。\n"
        );
        assert_eq!(
            rules_on("x.txt", &text, &["product.category=wealth-management"]),
            Vec::<String>::new(),
            "{phrase}"
        );
    }
}

/// Item 3, the QA's documents.
#[test]
fn the_qa_documents_get_their_guarantee_and_deposit_findings() {
    let wm = matches_in("wm_bad1.md", "CN-AD-GUARANTEE");
    assert_eq!(wm, ["从没让客户失望过", "本息一起回到您的账户"]);
    assert_eq!(matches_in("wm_bad1.md", "CN-AD-DEPOSIT-CONFUSION"), ["比放存款踏实"]);
    assert_eq!(matches_in("wm_bad1.md", "CN-WM-PAST-PERFORMANCE"), ["每个持有期都按基准上限兑付"]);
    assert!(matches_in("sd_bad.md", "CN-SD-GUARANTEE").contains(&"涨跌都能赚".to_string()));
    assert_eq!(matches_in("sd_bad.md", "CN-SD-DEPOSIT-CONFUSION"), ["就是收益更高的定期存款"]);
    assert_eq!(matches_in("fund_bad1.md", "CN-AD-GUARANTEE"), ["跌下来的都会涨回", "拿得住就能赚"]);
    assert_eq!(matches_in("wm_bad.docx", "CN-AD-DEPOSIT-CONFUSION"), ["第二张存折", "随存随取"]);
}

/// Item 4: the manager's no-guarantee statement is asked of every fund promotion, as the fund risk warning is,
/// and compliant fund pieces stay clean.
#[test]
fn a_fund_promotion_without_a_sales_word_is_asked_for_the_no_guarantee_statement() {
    assert!(has(&rules_in("fund_bad1.md"), "CN-FUND-NO-GUARANTEE-STATEMENT"));
    let text = "# 跑赢通胀的秘密武器\n\n王青管理的青禾价值精选，近三年累计赚了41%（数据来源：定期报告，过往业绩不预示未来表现）。买它就相当于请了一位资深基金经理替您打工。\n\n本基金风险等级R3。\n";
    let found = rules_on("fund_nowarn.md", text, &["product.category=fund"]);
    assert!(
        has(&found, "CN-FUND-NO-GUARANTEE-STATEMENT") && has(&found, "CN-FUND-RISK-WARNING"),
        "{found:?}"
    );
    for text in [
        "本基金风险等级R3。基金有风险，投资需谨慎。",
        "本基金投资于优质蓝筹股，适合长期持有。基金有风险，投资需谨慎。",
    ] {
        let found = rules_on("x.txt", text, &["product.category=fund"]);
        assert_eq!(found, ["CN-FUND-NO-GUARANTEE-STATEMENT"], "{text}");
    }
    assert_eq!(rules_in("fund_ok.md"), Vec::<String>::new());
    assert_eq!(rules_in("agency_ok.md"), Vec::<String>::new());
}

/// Item 5: forecast slogans, a model's forecast and a target without its caveat.
#[test]
fn forecast_slogans_and_targets_are_caught() {
    let found =
        rules_on("x2.txt", "这只私募年化做到两位数不是梦，欢迎认购。\n", &["product.category=private-fund"]);
    assert!(has(&found, "CN-AD-EXPECTED-RETURN"), "{found:?}");
    let found = rules_on("x.txt", "这只私募，明年翻倍不是梦。\n", &["product.category=private-fund"]);
    assert!(has(&found, "CN-AD-EXPECTED-RETURN"), "{found:?}");
    assert_eq!(matches_in("wechat_pf.txt", "CN-AD-EXPECTED-RETURN"), ["年化做到两位数不是梦"]);
    let en = |t: &str| {
        rules_on(
            "e.txt",
            &format!(
                "Harbour Growth Fund. {t} Capital at risk: the value of investments can fall and you may get back less than you invest.\n"
            ),
            &["product.category=fund"],
        )
    };
    assert_eq!(en("Based on our models, you could be looking at 9% a year."), ["EN-EXPECTED-RETURN"]);
    assert_eq!(en("Our target is 7% a year."), ["EN-YIELD-CAVEAT"]);
    assert_eq!(
        en("Our target is 7% a year; it is a target only and may not be achieved."),
        Vec::<String>::new()
    );
}

/// Item 6: a record of payouts is past performance; "in good hands … sleep easy" and "never have to worry
/// about the market again" imply no risk.
#[test]
fn english_payout_records_and_no_worry_promises_are_caught() {
    let en = |t: &str| {
        rules_on(
            "e.txt",
            &format!(
                "{t} Capital at risk: the value of investments can fall and you may get back less than you invest.\n"
            ),
            &["product.category=fund"],
        )
    };
    assert_eq!(
        en("The Keystone Income Builder portfolio has paid a steady 6% every single year since 2015."),
        ["EN-PAST-PERFORMANCE"]
    );
    assert_eq!(en("Our income fund has paid 6% a year for the past ten years."), ["EN-PAST-PERFORMANCE"]);
    assert_eq!(en("Your nest egg is in good hands with us, so you can sleep easy."), ["EN-GUARANTEE"]);
    assert_eq!(en("You will never have to worry about the market again."), ["EN-GUARANTEE"]);
    assert_eq!(en("The ongoing charge has been 0.45% since 2019, set by the group."), Vec::<String>::new());
    let us = rules_in("us_email.txt");
    assert!(has(&us, "EN-PAST-PERFORMANCE"), "{us:?}");
    assert_eq!(
        matches_in("us_email.txt", "EN-GUARANTEE"),
        ["never have to worry about the market", "principal is protected"]
    );
    assert_eq!(
        matches_in("uk_bad.md", "EN-GUARANTEE"),
        ["sleep easy knowing your nest egg is in good hands"]
    );
}

/// Item 9: an assessment read back from the questionnaire with its result establishes the risk profile;
/// "the questionnaire is just a formality" does not.
#[test]
fn a_questionnaire_read_back_with_its_result_is_an_assessment() {
    for a in [
        "Your questionnaire from March says balanced, level 3, still valid.",
        "I can see your suitability questionnaire from March: balanced. Still current.",
        "Our records show you completed the questionnaire in March and came out as balanced.",
        "Your risk profile is balanced, level 3, assessed in March and still valid.",
    ] {
        let text = format!(
            "Agent: {a} The Harbour Income Fund is rated 3 out of 7. Your capital is at risk and you may get back less than you invest.\nCustomer: OK, put me down for ten thousand.\n"
        );
        assert_eq!(rules_on("r.script.txt", &text, &[]), Vec::<String>::new(), "{a}");
    }
    let text = "Agent: The risk questionnaire is just a formality. The Harbour Income Fund is rated 3 out of 7. Your capital is at risk and you may get back less than you invest.\nCustomer: OK, put me down for ten thousand.\n";
    let found = rules_on("r.script.txt", text, &[]);
    assert!(has(&found, "EN-SCRIPT-ASSESSMENT-FIRST") && has(&found, "EN-SCRIPT-MANIPULATION"), "{found:?}");
    assert_eq!(rules_in("confirm_ok_en.script.txt"), Vec::<String>::new());
}

/// Item 11: a cooling-off or hesitation period stated below the minimum is not telling the customer of it,
/// and coaching the 回访 is not coaching the risk assessment.
#[test]
fn a_cooling_off_period_below_the_minimum_does_not_count() {
    assert_eq!(rules_in("pf_12h.script.txt"), ["CN-SCRIPT-PF-COOLING-OFF"]);
    assert_eq!(rules_in("pf_ok.script.txt"), Vec::<String>::new());
    let half = std::fs::read_to_string(format!("{FIX}/pf_12h.script.txt"))
        .expect("fixture")
        .replace("签合同后有12小时冷静期，冷静期后会有回访。", "冷静期是半天，之后我们同事给您打回访电话。");
    assert_eq!(rules_on("half.script.txt", &half, &[]), ["CN-SCRIPT-PF-COOLING-OFF"]);
    // Two claims since QA pass 16: the period made light of (冷静期就是走个形式) and the 回访 coached.
    assert_eq!(
        rules_in("pf_coach.script.txt"),
        ["CN-SCRIPT-COOLING-OFF-UNDERMINED", "CN-SCRIPT-COOLING-OFF-UNDERMINED"]
    );
    let ins = rules_on(
        "i.script.txt",
        "理财经理：这款年金险风险等级R1，您的测评结果是稳健型C2，在有效期内。退保可能有损失。签收保单后有7天犹豫期。\n客户：好，我投保。\n",
        &["product.category=insurance"],
    );
    assert_eq!(ins, ["CN-SCRIPT-INS-HESITATION"]);
    let seven = rules_in("en_ins_7day.script.txt");
    assert_eq!(seven, ["EN-SCRIPT-COOLING-OFF"]);
    assert_eq!(rules_in("en_ins_30day.script.txt"), Vec::<String>::new());
}

/// Item 12, second half: procedural "the safest way to <verb>" is not a superlative; the safest investment is.
#[test]
fn the_safest_way_to_transfer_is_not_a_superlative() {
    let found = rules_on(
        "isa.txt",
        "The safest way to transfer an ISA is to use the transfer service rather than withdrawing cash. Capital at risk.\n",
        &[],
    );
    assert_eq!(found, Vec::<String>::new());
    for t in [
        "The safest investment for your ISA. Capital at risk.",
        "The safest fund on the market. Capital at risk.",
    ] {
        assert!(has(&rules_on("isa.txt", &format!("{t}\n"), &[]), "EN-ABSOLUTE"), "{t}");
    }
}
