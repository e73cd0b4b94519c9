//! QA pass 16, the engine's items, end to end through the built binary:
//! item 7 (a transcript's first line with a speaker label no map knows, and
//! the preamble before the first speaker, which document rules check),
//! item 11 (a figure with thousands separators is one number), item 15 (one
//! answer is one finding of a rule that reads answers) and item 16 (help
//! for rule-file slips). The transcripts are the QA's own or written like
//! them (`tests/fixtures/qa17_engine`); one-line probes go to a scratch folder.

mod common;

use common::{disclint, has, ids, run, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa17_engine");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIX).join(name)
}

/// `check --format json` on `path`: the findings of its one file, and stderr.
fn findings(path: &Path, meta: &[&str]) -> (Vec<Value>, String) {
    let mut cmd = disclint();
    cmd.args(["check", "--format", "json"]);
    for m in meta {
        cmd.args(["--meta", m]);
    }
    cmd.arg(path);
    let (_, out, err) = run(&mut cmd);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (v["files"][0]["findings"].as_array().cloned().unwrap_or_default(), err)
}

fn of_rule<'a>(found: &'a [Value], rule: &str) -> Vec<&'a Value> {
    found.iter().filter(|f| f["rule"] == rule).collect()
}

// ---------------------------------------------------------------- item 7

#[test]
fn an_opening_pitch_by_a_common_agent_title_is_the_agents() {
    let found = ids(&fixture("cn_unknown_first_label.script.txt"), &["product.category=fund"]);
    assert!(has(&found, "CN-SCRIPT-GUARANTEE"), "{found:?}");
    let found = ids(&fixture("en_unknown_first_label.script.txt"), &["product.category=fund"]);
    assert!(has(&found, "EN-SCRIPT-GUARANTEE"), "{found:?}");
    // `Sales`, `Relationship Manager` and `销售代表` are the agent too.
    let dir = scratch("titles");
    for (name, text, rule) in [
        (
            "a.script.txt",
            "Customer: Hello?\nSales: Your capital is guaranteed.\nCustomer: Great.\n",
            "EN-SCRIPT-GUARANTEE",
        ),
        (
            "b.script.txt",
            "Account Manager: Your capital is guaranteed.\nClient: Great.\n",
            "EN-SCRIPT-GUARANTEE",
        ),
        ("c.script.txt", "销售代表：这款产品保本保息。\n客户：好。\n", "CN-SCRIPT-GUARANTEE"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let (found, err) = findings(&path, &["product.category=fund"]);
        assert!(!of_rule(&found, rule).is_empty(), "{text}: {found:?}");
        assert!(!err.contains("not recognised"), "{err}");
    }
}

#[test]
fn an_unknown_speaker_on_the_first_line_is_warned_about_as_on_later_lines() {
    for (name, label) in
        [("cn_unknown_opener.script.txt", "产品专员"), ("en_unknown_opener.script.txt", "Bank Officer")]
    {
        let (found, err) = findings(&fixture(name), &["product.category=fund"]);
        assert!(err.contains(&format!("speaker label not recognised: `{label}` (line 1)")), "{name}: {err}");
        // A turn of role `other`: numbered, and not the agent's words.
        assert!(found.iter().all(|f| !f["rule"].as_str().unwrap_or("").contains("GUARANTEE")), "{found:?}");
    }
}

#[test]
fn the_preamble_is_checked_by_document_rules() {
    let (found, _) = findings(&fixture("cn_preamble.script.txt"), &["product.category=wealth-management"]);
    let guarantee = of_rule(&found, "CN-AD-GUARANTEE");
    assert_eq!(guarantee.len(), 2, "{found:?}");
    assert_eq!(guarantee[0]["matched"], "保本保息");
    assert_eq!(guarantee[0]["span"]["start"]["line"], 1);
    // The preamble is no one's turn.
    assert!(guarantee[0].get("turn").is_none(), "{:?}", guarantee[0]);
    // Its turns are still counted from the first speaker.
    assert!(of_rule(&found, "CN-SCRIPT-RISK-WARNING").iter().all(|f| f["turn"] == 2), "{found:?}");

    let (found, _) = findings(&fixture("en_preamble.script.txt"), &["product.category=fund"]);
    assert!(!of_rule(&found, "EN-GUARANTEE").is_empty(), "{found:?}");
    // Only what a document rule forbids: a missing warning is the script
    // rules' business.
    assert!(of_rule(&found, "EN-RISK-WARNING").is_empty(), "{found:?}");
}

#[test]
fn a_title_line_stays_a_quiet_preamble() {
    let (found, err) = findings(&fixture("en_title.script.txt"), &["product.category=fund"]);
    assert!(!err.contains("not recognised"), "{err}");
    assert!(found.iter().all(|f| f["span"]["start"]["line"] != 1), "{found:?}");
}

// ---------------------------------------------------------------- item 11

#[test]
fn a_figure_with_thousands_separators_is_quoted_whole() {
    let (found, _) = findings(&fixture("worth.txt"), &[]);
    let forecast = of_rule(&found, "EN-EXPECTED-RETURN");
    assert_eq!(forecast.len(), 1, "{found:?}");
    assert_eq!(forecast[0]["matched"], "could be worth £26,500");

    let path = scratch("grow").join("y.txt");
    std::fs::write(&path, "A $250,000 investment could grow to $1,250,000 by 2045. Capital at risk.\n")
        .unwrap();
    let (found, _) = findings(&path, &[]);
    let forecast = of_rule(&found, "EN-EXPECTED-RETURN");
    assert_eq!(forecast.len(), 1, "{found:?}");
    assert_eq!(forecast[0]["matched"], "could grow to $1,250,000");
}

#[test]
fn a_chinese_amount_with_separators_is_the_same_number() {
    let dir = scratch("sep");
    for (i, amount) in ["12600", "12,600", "12，600"].iter().enumerate() {
        let path = dir.join(format!("x{i}.txt"));
        let text = format!(
            "投资10万元，三年后预计可以拿到{amount}元收益。理财非存款、产品有风险、投资须谨慎。本产品风险等级R2。\n"
        );
        std::fs::write(&path, text).unwrap();
        let (found, _) = findings(&path, &["product.category=wealth-management"]);
        let forecast = of_rule(&found, "CN-AD-EXPECTED-RETURN");
        assert_eq!(forecast.len(), 1, "{amount}: {found:?}");
        assert!(
            forecast[0]["matched"].as_str().unwrap_or("").ends_with(&format!("{amount}元")),
            "{forecast:?}"
        );
    }
}

// ---------------------------------------------------------------- item 15

#[test]
fn one_answer_is_one_finding_of_the_rule_that_reads_it() {
    let (found, _) = findings(&fixture("en_yeah.script.txt"), &["product.category=fund"]);
    let yes = of_rule(&found, "EN-SCRIPT-GUARANTEE-AFFIRMED");
    assert_eq!(yes.len(), 1, "{found:?}");
    assert_eq!(yes[0]["matched"], "Basically");
    let merged = yes[0]["merged"].as_array().cloned().unwrap_or_default();
    assert!(
        merged.iter().any(|m| m["rule"] == "EN-SCRIPT-GUARANTEE-AFFIRMED" && m["matched"] == "yeah"),
        "{merged:?}"
    );

    let (found, _) =
        findings(&fixture("cn_baoben_fangxin.script.txt"), &["product.category=wealth-management"]);
    assert_eq!(of_rule(&found, "CN-SCRIPT-GUARANTEE-AFFIRMED").len(), 1, "{found:?}");

    // People see it said once, with the other word noted.
    let (code, out, _) = run(disclint().args([
        "check",
        "--color",
        "never",
        "--meta",
        "product.category=fund",
        fixture("en_yeah.script.txt").to_str().unwrap(),
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 finding (1 error"), "{out}");
    assert!(out.contains("also found by EN-SCRIPT-GUARANTEE-AFFIRMED at 2:21 “yeah”"), "{out}");
}

#[test]
fn two_answers_are_two_findings() {
    let path = scratch("two").join("t.script.txt");
    std::fs::write(
        &path,
        "Client: Is my money guaranteed?\nAdvisor: Basically, yeah.\nClient: And is it risk-free?\nAdvisor: Yeah.\n",
    )
    .unwrap();
    let (found, _) = findings(&path, &["product.category=fund"]);
    assert_eq!(of_rule(&found, "EN-SCRIPT-GUARANTEE-AFFIRMED").len(), 2, "{found:?}");
}

// ---------------------------------------------------------------- item 16

fn rules_check(name: &str) -> String {
    let (_, out, err) = run(disclint().current_dir(FIX).args(["rules", "check", "--color", "never", name]));
    format!("{out}{err}")
}

#[test]
fn a_comma_after_a_property_is_to_be_deleted() {
    insta::assert_snapshot!(rules_check("comma.rules"));
}

#[test]
fn and_and_or_are_written_as_words() {
    insta::assert_snapshot!(rules_check("ampersand.rules"));
}

#[test]
fn a_severity_in_chinese_gets_the_english_word() {
    insta::assert_snapshot!(rules_check("severity_zh.rules"));
}

#[test]
fn segments_are_tested_with_contains() {
    insta::assert_snapshot!(rules_check("segments.rules"));
}

#[test]
fn one_file_is_one_file() {
    let out = rules_check("one.rules");
    assert_eq!(out.lines().next(), Some("ok: 1 rule in 1 file"), "{out}");
}
