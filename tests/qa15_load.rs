//! QA pass 15, the loading items (7, 6, 8, 9, 16, 22, 18). The inputs are
//! the QA's own (`tests/fixtures/qa15_load`).

mod common;

use assert_cmd::Command;
use common::run;
use serde_json::Value;
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa15_load");

/// The binary, run in the fixtures.
fn disclint() -> Command {
    let mut cmd = common::disclint();
    cmd.current_dir(Path::new(FIX));
    cmd
}

/// `check --format json` of `args`: the exit code, (rule, line) of each
/// finding of the first file, and stderr.
fn findings(args: &[&str]) -> (i32, Vec<(String, u64)>, String) {
    let (code, out, err) = run(disclint().args(["check", "--format", "json"]).args(args));
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let found = json["files"][0]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or("").to_string(),
                        f["span"]["start"]["line"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (code, found, err)
}

fn rules(found: &[(String, u64)]) -> Vec<&str> {
    found.iter().map(|(r, _)| r.as_str()).collect()
}

/// Item 7: a label with the name glued on (`支行副行长李强：`) is the agent,
/// so the agent's 保本保息 is found, and no "not recognised" warning.
#[test]
fn a_label_with_a_glued_name_is_the_agent() {
    for file in ["two_agents.script.txt", "two_agents_ts.script.txt"] {
        let (code, found, err) = findings(&[file]);
        assert_eq!(code, 1, "{file}: {found:?} {err}");
        assert!(!err.contains("not recognised"), "{file}: {err}");
        let rules = rules(&found);
        assert!(rules.contains(&"CN-SCRIPT-GUARANTEE"), "{file}: {found:?}");
        assert!(found.iter().all(|(_, line)| *line == 3), "{file}: {found:?}");
    }
}

/// Item 7: `理财经理王敏：` on every agent line reads as `理财经理（王敏）：`
/// does: the same findings, none of them on the customer's order.
#[test]
fn a_crm_export_with_names_glued_on_reads_as_with_brackets() {
    let (code, glued, err) = findings(&["crm_export.script.txt"]);
    let (_, bracketed, _) = findings(&["crm_export_paren.script.txt"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(glued, bracketed);
    assert!(!rules(&glued).contains(&"CN-SCRIPT-ASSESSMENT-FIRST"), "{glued:?}");
    assert!(rules(&glued).contains(&"CN-SCRIPT-GUARANTEE"), "{glued:?}");
}

/// Item 6: a Chinese 理财 promotion with a longer English disclaimer is
/// Chinese, so the 理财 warning and benchmark caveat are asked for.
#[test]
fn a_chinese_promotion_with_an_english_disclaimer_is_chinese() {
    let (code, out, err) = run(disclint().args(["check", "--format", "json", "bilingual_promo.md"]));
    assert_eq!(code, 1, "{out}{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["files"][0]["metadata"]["document"]["language"], "zh");
    let (_, found, _) = findings(&["--meta", "product.category=wealth-management", "bilingual_promo.md"]);
    let rules = rules(&found);
    assert!(rules.contains(&"CN-WM-RISK-WARNING") && rules.contains(&"CN-WM-BENCHMARK-CAVEAT"), "{found:?}");
}

/// Item 6: `--explain-skips` says which pack the language left out.
#[test]
fn explain_skips_names_a_pack_left_out_for_the_language() {
    let (_, out, err) = run(disclint().args([
        "check",
        "--meta",
        "product.category=wealth-management",
        "--meta",
        "document.language=en",
        "--explain-skips",
        "bilingual_promo.md",
    ]));
    assert!(
        err.contains("bilingual_promo.md: skipped pack cn.wealth (written for language zh; the document's language is en, declared in its metadata): set `--meta document.language=zh`"),
        "{out}{err}"
    );
}

/// Item 8: an RTF file named on the command line is an error (exit 2), not
/// a clean pass of its control words.
#[test]
fn an_rtf_file_named_on_the_command_line_is_refused() {
    let (code, out, err) = run(disclint().args(["check", "--color", "never", "flyer.rtf"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(format!("{out}{err}").contains("an RTF document, a format disclint does not read"), "{out}{err}");
}

/// Item 9: white inline HTML in Markdown is not copy, as in an `.html` page.
#[test]
fn white_html_in_markdown_is_hidden() {
    for file in ["white_warning.md", "white_font.md"] {
        let (code, found, err) = findings(&[file]);
        assert_eq!(code, 1, "{file}: {err}");
        assert_eq!(rules(&found), ["CN-WM-RISK-WARNING"], "{file}");
    }
}

/// Item 16: near-black on black, near-white in Word, a warning only in the
/// `<title>` (there, but not prominent).
#[test]
fn near_background_colours_and_the_title_do_not_show_a_warning() {
    let wm = ["--meta", "product.category=wealth-management"];
    for file in ["dark_inline2.html", "white_fefefe.docx"] {
        let (_, found, err) = findings(&[&wm[..], &[file]].concat());
        assert!(rules(&found).contains(&"CN-WM-RISK-WARNING"), "{file}: {found:?} {err}");
    }
    let (_, found, err) = findings(&[&wm[..], &["title_only_warning.html"]].concat());
    assert!(rules(&found).contains(&"CN-AD-WARNING-PROMINENT"), "{found:?} {err}");
}

/// Item 22: lone CR line ends are line breaks.
#[test]
fn lone_carriage_returns_are_line_breaks() {
    let (_, found, _) = findings(&["wm_flyer_cr.txt"]);
    // Findings on the flyer's lines 3, 4 and 5, not all on line 1.
    let mut lines: Vec<u64> = found.iter().map(|(_, l)| *l).collect();
    lines.dedup();
    assert_eq!(lines, [3, 4, 5], "{found:?}");
}

/// Item 18: 40,000 unclosed `<div>` are read (the structure that made it
/// quadratic is gone: see `Stack` in src/document/load/html.rs); the
/// claim inside is found.
#[test]
fn deeply_nested_html_is_read() {
    let n = 40_000;
    let page = format!("<html><body>{}本产品保本保息{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
    let (code, out, err) = run(disclint()
        .args(["check", "--format", "json", "--stdin-name", "deep.html", "-"])
        .write_stdin(page));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("CN-AD-GUARANTEE"), "{out}");
}
