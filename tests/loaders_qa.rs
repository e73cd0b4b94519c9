//! Inputs a QA pass found read wrongly, most of them passing silently
//! (`tests/fixtures/documents/qa/README.md`): each is now read right or
//! refused with a reason, checked end to end with the built-in rules.

use assert_cmd::Command;

const QA: &str = "tests/fixtures/documents/qa";

/// Exit code and stdout of `disclint check` on one QA fixture.
fn check(name: &str, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("disclint")
        .expect("binary is built")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .arg(format!("{QA}/{name}"))
        .output()
        .expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn labels_with_a_name_or_a_number_are_speakers() {
    let (code, out) = check("paren_label.script.txt", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("CN-SCRIPT-GUARANTEE"), "{out}");
    insta::assert_snapshot!(out);
    let (code, out) = check("num.script.txt", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("(turn 1):1:17"), "{out}");
}

#[test]
fn a_transcript_without_known_labels_is_an_error() {
    let (code, out) = check("nolabel.script.txt", &[]);
    assert_eq!(code, 2, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_turn_text_that_is_a_number_is_an_error_with_its_position() {
    let (code, out) = check("number_text.script.yaml", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("number_text.script.yaml:6:11: `text` must be text, found a number `5`"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_word_part_that_ends_with_elements_open_is_an_error() {
    let mut out = String::new();
    for name in ["badxml.docx", "trunc_ns.docx"] {
        let (code, o) = check(name, &[]);
        assert_eq!(code, 2, "{o}");
        assert!(o.contains("word/document.xml: the XML ends inside `<w:t>`"), "{o}");
        out.push_str(&o);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn word_tabs_keep_columns_apart() {
    let (code, out) = check("breaks.docx", &[]);
    assert_eq!(code, 1, "{out}");
    // `本产品保本<tab>零风险`: the tab is the 12th character of the paragraph.
    assert!(out.contains("breaks.docx:1:13"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn two_characters_of_gbk_are_read_as_gbk() {
    let (code, out) = check("gbk_short.txt", &[]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_truncated_pdf_is_an_error() {
    let mut out = String::new();
    for name in ["cut_before_page2.pdf", "truncated.pdf"] {
        let (code, o) = check(name, &[]);
        assert_eq!(code, 2, "{o}");
        out.push_str(&o);
    }
    insta::assert_snapshot!(out);
}
