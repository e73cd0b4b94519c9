//! QA pass 15 items 5 and 15: a table of yearly returns (Markdown, HTML,
//! Word; Chinese and English) without the past-performance caveat, and a
//! gain reported as made ("The fund is up 18% this year", "今年涨了18%"),
//! which is past performance and not a forecast. The documents are the QA's
//! own (`tests/fixtures/qa16`, the two HTML pages ours); the one-line probes
//! are written to a scratch folder.

mod common;

use common::{has, ids, probe};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa16");

fn fixture(name: &str, meta: &[&str]) -> Vec<String> {
    ids(&Path::new(FIX).join(name), meta)
}

fn past(found: &[String]) -> bool {
    found.iter().any(|f| f.ends_with("PAST-PERFORMANCE"))
}

fn expected(found: &[String]) -> bool {
    found.iter().any(|f| f.ends_with("EXPECTED-RETURN"))
}

const CN_WARN: &str = "基金有风险，投资需谨慎。基金管理人不保证基金一定盈利，也不保证最低收益。风险等级R3。";
const EN_WARN: &str =
    "Capital at risk: the value of investments can fall and you may get back less than you invest.";

#[test]
fn item5_return_tables_without_the_caveat_are_past_performance() {
    for (name, id) in [
        ("fund_table_nocaveat.md", "CN-FUND-PAST-PERFORMANCE"),
        ("fund_table_nocaveat_h.md", "CN-FUND-PAST-PERFORMANCE"),
        ("fund_table_nocaveat.html", "CN-FUND-PAST-PERFORMANCE"),
        ("uk_table_nocaveat.md", "EN-PAST-PERFORMANCE"),
        ("uk_table_nocaveat_h.md", "EN-PAST-PERFORMANCE"),
        ("uk_table_nocaveat.html", "EN-PAST-PERFORMANCE"),
        ("uk_factsheet_table.docx", "EN-PAST-PERFORMANCE"),
    ] {
        let found = fixture(name, &["product.category=fund"]);
        assert!(has(&found, id), "{name}: {id} not in {found:?}");
    }
    // Other table shapes: period rows, a year-and-fund header, the table turned round, a PDF-like row, 理财 and 私募.
    for (body, category, id) in [
        (
            "| 期间 | 本基金 | 同类平均 |\n|---|---|---|\n| 近一年 | 8.2% | 5.1% |",
            "fund",
            "CN-FUND-PAST-PERFORMANCE",
        ),
        (
            "| 年份 | 本基金 | 沪深300 |\n|---|---|---|\n| 2025 | 8.2% | 5.1% |",
            "fund",
            "CN-FUND-PAST-PERFORMANCE",
        ),
        (
            "| | 2024 | 2025 |\n|---|---|---|\n| 净值增长率 | 15.47% | 24.35% |",
            "fund",
            "CN-FUND-PAST-PERFORMANCE",
        ),
        (
            "| 年份 | 年化收益率 |\n|---|---|\n| 2024年 | 3.6% |",
            "wealth-management",
            "CN-WM-PAST-PERFORMANCE",
        ),
        (
            "| 年度 | 收益率 | 沪深300 |\n|---|---|---|\n| 2025 | 32.5% | 14.7% |",
            "private-fund",
            "CN-PF-PAST-PERFORMANCE",
        ),
    ] {
        let text = format!(
            "# 青禾产品\n\n{CN_WARN}私募基金投资有风险。理财非存款、产品有风险、投资须谨慎。\n\n{body}\n"
        );
        let found = probe("cntable", "t.md", &text, &[&format!("product.category={category}")]);
        assert!(has(&found, id), "{body}: {id} not in {found:?}");
    }
    for body in [
        "| Period | Fund | Benchmark |\n|---|---|---|\n| 1 year | 8.0% | 7.1% |\n| 5 years | 31.0% | 28.4% |",
        "| Year | Portfolio | Inflation |\n|---|---|---|\n| 2024 | 6.0% | 3.0% |",
        "| | 2024 | 2025 |\n|---|---|---|\n| Fund | 11.4% | 14.2% |",
        "Discrete performance\n\n2024 6.2% 5.1%\n\n2025 12.8% 9.9%",
    ] {
        let text = format!("# Harbour Income\n\n{EN_WARN}\n\n{body}\n");
        let found = probe("entable", "t.md", &text, &["product.category=fund"]);
        assert!(has(&found, "EN-PAST-PERFORMANCE"), "{body}: {found:?}");
    }
}

#[test]
fn item5_caveated_tables_and_tables_of_charges_or_terms_stay_clean() {
    let found = fixture("fund_ok.md", &[]);
    assert!(!past(&found), "{found:?}");
    for body in [
        "| 年度 | 托管费率 | 管理费率 |\n|---|---|---|\n| 2025 | 0.2% | 1.2% |",
        "| 持有期限 | 赎回费率 |\n|---|---|\n| 7天以内 | 1.5% |\n| 1年以上 | 0% |",
        "| 项目 | 内容 |\n|---|---|\n| 成立日期 | 2023年5月 |\n| 申购费率 | 1.5% |",
        "| 期间 | 最大回撤 | 年化波动率 |\n|---|---|---|\n| 近一年 | 8.2% | 12.1% |\n| 2024 | 6.1% | 10.0% |",
        "| 期间 | 本基金收益率 |\n|---|---|\n| 近一年 | 8.2% |\n\n基金的过往业绩并不预示其未来表现。",
    ] {
        let text = format!("# 青禾成长混合\n\n{CN_WARN}\n\n{body}\n");
        let found = probe("cnclean", "t.md", &text, &["product.category=fund"]);
        assert!(!past(&found), "{body}: {found:?}");
    }
    for body in [
        "| Year | Annual management charge |\n|---|---|\n| 2025 | 0.75% |",
        "| Year | Fund charge | Platform fee |\n|---|---|---|\n| 2025 | 0.75% | 0.25% |",
        "| Year | Dividend per share | Dividend yield |\n|---|---|---|\n| 2024 | 4.1p | 3.9% |",
        "| Key facts | |\n|---|---|\n| Launch date | 2019 |\n| Ongoing charge | 0.45% |",
        "| Period | Fund |\n|---|---|\n| 1 year | 8.0% |\n\nPast performance is not a reliable indicator of future results.",
    ] {
        let text = format!("# Harbour Income\n\n{EN_WARN}\n\n{body}\n");
        let found = probe("enclean", "t.md", &text, &["product.category=fund"]);
        assert!(!past(&found), "{body}: {found:?}");
    }
    let text = format!(
        "# Harbour Fixed Rate Bond\n\n{EN_WARN}\n\n| Year | Fixed rate |\n|---|---|\n| 2026 | 5.1% |\n"
    );
    let found = probe("enbond", "t.md", &text, &["product.category=bond"]);
    assert!(!past(&found), "{found:?}");
}

#[test]
fn item15_en_a_gain_reported_as_made_is_past_performance_not_a_forecast() {
    let found = fixture("up_this_year.txt", &["product.category=fund"]);
    assert!(has(&found, "EN-PAST-PERFORMANCE") && !expected(&found), "{found:?}");
    for line in [
        "The fund is up 18% this year.",
        "The fund has risen 18% this year.",
        "The fund rose 18% this year.",
        "The fund is up 18% so far this year.",
        "It's up about 7% this year, ahead of its peers.",
        "The trust has climbed 11.5% so far this year.",
    ] {
        let text = format!("Harbour Global Technology Fund. {line} {EN_WARN}\n");
        let found = probe("enpp", "x.txt", &text, &["product.category=fund"]);
        assert!(has(&found, "EN-PAST-PERFORMANCE") && !expected(&found), "{line}: {found:?}");
        let call = format!("Agent: {line}\nCustomer: OK.\n");
        let found = probe("enppcall", "c.script.txt", &call, &[]);
        assert!(has(&found, "EN-SCRIPT-PAST-PERFORMANCE") && !expected(&found), "{line}: {found:?}");
    }
    for line in [
        "The fund will return 18% this year.",
        "We expect the fund to be up 18% this year.",
        "Our analysts think it will gain 9% this year.",
    ] {
        let text = format!("Harbour Global Technology Fund. {line} {EN_WARN}\n");
        let found = probe("enfc", "x.txt", &text, &["product.category=fund"]);
        assert!(has(&found, "EN-EXPECTED-RETURN") && !past(&found), "{line}: {found:?}");
        let call = format!("Agent: {line}\nCustomer: OK.\n");
        let found = probe("enfccall", "c.script.txt", &call, &[]);
        assert!(has(&found, "EN-SCRIPT-EXPECTED-RETURN") && !past(&found), "{line}: {found:?}");
    }
    // Rates and prices that rose are no return.
    let text = format!("Harbour Cash Fund. Interest rates have risen 0.5% this year. {EN_WARN}\n");
    let found = probe("enrate", "x.txt", &text, &["product.category=fund"]);
    assert!(!past(&found), "{found:?}");
}

#[test]
fn item15_cn_a_gain_reported_as_made_is_past_performance_not_a_forecast() {
    for line in ["今年涨了18%，跑赢大盘。", "这只基金今年已经涨了12.5%。", "今年到现在赚了9%。"]
    {
        let text = format!("青禾鑫远混合，{line}{CN_WARN}\n");
        let found = probe("cnpp", "x.txt", &text, &["product.category=fund"]);
        assert!(has(&found, "CN-FUND-PAST-PERFORMANCE") && !expected(&found), "{line}: {found:?}");
        let call = format!("理财经理：我们这款青禾鑫远混合{line}\n客户：哦。\n");
        let found = probe("cnppcall", "c.script.txt", &call, &[]);
        assert!(has(&found, "CN-SCRIPT-PAST-PERFORMANCE") && !expected(&found), "{line}: {found:?}");
    }
    for line in ["预计今年涨18%。", "今年有望上涨18%。"] {
        let text = format!("青禾鑫远混合，{line}{CN_WARN}\n");
        let found = probe("cnfc", "x.txt", &text, &["product.category=fund"]);
        assert!(expected(&found) && !past(&found), "{line}: {found:?}");
        let call = format!("理财经理：我们这款青禾鑫远混合{line}\n客户：哦。\n");
        let found = probe("cnfccall", "c.script.txt", &call, &[]);
        assert!(has(&found, "CN-SCRIPT-EXPECTED-RETURN") && !past(&found), "{line}: {found:?}");
    }
}
