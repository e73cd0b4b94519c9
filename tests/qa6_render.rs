//! QA round 6 (`/work/qa/repro6`), items 8, 16, 20 and 21: a Windows-1252
//! English file, findings on one very long line, hints for examples that
//! lack a heading or fine print, and messages of rules with no matched text.
//! Each is checked end to end with the fixtures in
//! `tests/fixtures/documents/qa6-render`.

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "tests/fixtures/documents/qa6-render";

/// Exit code, stdout and stderr of `disclint ARGS...`, fixture names
/// prefixed with [`DIR`] where they start with `@`.
fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> =
        args.iter().map(|a| a.strip_prefix('@').map_or(a.to_string(), |f| format!("{DIR}/{f}"))).collect();
    let out = Command::cargo_bin("disclint")
        .expect("binary is built")
        .env("NO_COLOR", "1")
        .args(&args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Item 8: `£` (byte A3), `–` (96) and `’` (92) in an English file are
/// windows-1252, not windows-1250's `Ł`, so a house rule on `£` finds it.
#[test]
fn english_windows_1252_file_keeps_its_pound_sign() {
    let (code, out, err) =
        run(&["check", "--no-default-rules", "--rules", "@cash_bonus.rules", "@isa_promo.txt"]);
    assert_eq!(code, 0, "a warning: {out}{err}");
    insta::assert_snapshot!(out);
}

/// Item 16: on a line thousands of characters long the snippet is a window
/// around the match, and the header still gives the line's own column (the
/// one JSON gives).
#[test]
fn findings_on_a_long_line_keep_their_columns() {
    let (_, json, _) = run(&["check", "--format", "json", "--rule", "CN-AD-ABSOLUTE", "@one_line.txt"]);
    let v: Value = serde_json::from_str(&json).expect("JSON output");
    let columns: Vec<u64> = v["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["span"]["start"]["column"].as_u64().expect("column"))
        .collect();
    assert_eq!(columns.len(), 6, "{json}");
    assert!(columns[5] > 2000, "{columns:?}");
    let (_, human, _) = run(&["check", "--rule", "CN-AD-ABSOLUTE", "@one_line.txt"]);
    let shown: Vec<u64> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(&format!("--> {DIR}/one_line.txt:1:")))
        .map(|c| c.parse().expect("a column"))
        .collect();
    assert_eq!(shown, columns, "{human}");
    // Cut on both sides, marked as before.
    let middle = human.split("\n\n").nth(2).expect("third finding");
    insta::assert_snapshot!(middle);
}

/// Item 21 (a): `{match}` in a bare `require A` is always empty: `rules
/// check` warns at the placeholder.
#[test]
fn match_placeholder_in_a_rule_without_matched_text_is_warned_about() {
    let (code, out, err) = run(&["rules", "check", "--no-default-rules", "@message.rules"]);
    assert_eq!(code, 0, "a warning, not an error: {out}{err}");
    insta::assert_snapshot!(format!("{out}{err}"));
}

/// Item 21 (b, c): an absent field renders in the message's language, and a
/// warning that is there but too late is not called missing.
#[test]
fn late_required_text_is_present_not_missing() {
    let (code, out, _) = run(&["check", "--no-default-rules", "--rules", "@message.rules", "@late.txt"]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(!out.contains("this is missing"), "{out}");
    insta::assert_snapshot!(out);
    let (_, junit, _) =
        run(&["check", "--format", "junit", "--no-default-rules", "--rules", "@message.rules", "@late.txt"]);
    assert!(
        junit.contains("(present, but not in the first 20% as the rule requires: first at line 4, column 1)"),
        "{junit}"
    );
}

/// Item 20: `fail` examples of heading and fine-print rules that cannot
/// have that structure say so, as speaker rules' examples already did.
#[test]
fn examples_without_heading_or_fine_print_get_a_hint() {
    let (code, out, err) =
        run(&["rules", "test", "--no-default-rules", "@examples.rules", "@heading_examples.rules"]);
    assert_eq!(code, 1, "{out}{err}");
    insta::assert_snapshot!(format!("{out}{err}"));
}
