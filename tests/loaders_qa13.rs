//! QA pass 13's reading problems (`tests/fixtures/documents/qa13/README.md`):
//! a warning buried in a Word footnote, a closed `<dialog>` or `<font
//! size="1">`, white text on a white page, an `<iframe srcdoc>`, PDF form
//! fields, `/Rotate` pages and footers under columns, Markdown tables of
//! turns and time stamps with a date or after the label. Each is checked end
//! to end with the built-in rules where a rule shows it, else at the
//! `Document` level.

mod common;

use disclint::document::load::{self, LoadOptions};
use std::path::Path;

const QA: &str = "tests/fixtures/documents/qa13";

/// Exit code, stdout and stderr of `disclint check ARGS... QA/name`.
fn check(name: &str, args: &[&str]) -> (i32, String, String) {
    let path = format!("{QA}/{name}");
    common::run(common::disclint().arg("check").args(args).arg(path))
}

/// The copy text of a fixture, as the loader reads it.
fn document(name: &str) -> disclint::document::Document {
    load::load_path(&Path::new(QA).join(name), &LoadOptions::default()).expect("reads")
}

/// Item 1: a risk warning whose only place is a Word footnote is buried,
/// whatever its size, as in a Markdown footnote.
#[test]
fn a_warning_only_in_a_word_footnote_is_not_prominent() {
    let (code, out, err) = check("footnote_warning.docx", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[CN-AD-WARNING-PROMINENT]"), "{out}");
    assert!(!out.contains("CN-WM-RISK-WARNING"), "{out}");
    let doc = document("footnote_warning.docx");
    let fine: Vec<&str> = doc.fine_print.iter().map(|r| &doc.text[r.clone()]).collect();
    assert_eq!(fine, ["理财非存款、产品有风险、投资须谨慎。"]);
}

/// Item 2: white text on a page that paints no background, by a style or
/// by `<font color>`, or on an element an ancestor paints white, is not
/// seen: the warning is missing. On a dark background it is seen.
#[test]
fn white_text_on_a_white_page_is_not_the_warning() {
    for name in ["white_text.html", "font_white.html", "white_on_white_div.html"] {
        let (code, out, err) = check(name, &[]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.contains("error[CN-WM-RISK-WARNING]"), "{name}: {out}");
    }
    let (code, out, err) = check("white_on_dark.html", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("WARNING"), "{out}");
}

/// Item 3: the content of a `<dialog>` without `open` is not drawn until a
/// script opens it: there, but not prominent (fine print, as a collapsed
/// `<details>`).
#[test]
fn a_warning_only_in_a_closed_dialog_is_not_prominent() {
    let (code, out, err) = check("dialog.html", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[CN-AD-WARNING-PROMINENT]"), "{out}");
    assert!(!out.contains("CN-WM-RISK-WARNING"), "{out}");
}

/// Item 12: `<font size="1">` is `x-small`, fine print; `size="2"` is
/// `small` (13px), which is not.
#[test]
fn font_size_1_is_fine_print_and_size_2_is_not() {
    let (code, out, err) = check("font_size1.html", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("warning[CN-AD-WARNING-PROMINENT]"), "{out}");
    let (code, out, err) = check("font_size2.html", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("WARNING"), "{out}");
}

/// Item 13: the document of an `<iframe srcdoc>` is read in place, and a
/// finding in it points at the characters of the attribute.
#[test]
fn an_iframe_srcdoc_is_read_with_positions_in_the_attribute() {
    let (code, out, err) = check("srcdoc.html", &[]);
    assert_eq!(code, 1, "{out}{err}");
    insta::assert_snapshot!(out);
    let doc = document("srcdoc.html");
    let at = doc.text.find("保本保息").expect("the framed text is copy");
    assert_eq!(&doc.source[doc.source_start(at)..doc.source_end(at + "保本保息".len())], "保本保息");
    assert!(!doc.text.contains("font-size"), "{}", doc.text);
}

/// Item 4: a filled-in form field shows its value on the page through its
/// widget's appearance; the value is read where the field is.
#[test]
fn a_pdf_form_fields_value_is_read() {
    let (code, out, err) = check("form.pdf", &[]);
    assert_eq!(code, 1, "{out}{err}");
    insta::assert_snapshot!(out);
    let doc = document("form.pdf");
    assert!(doc.text.contains("产品卖点：guaranteed returns, risk-free"), "{}", doc.text);
}

/// Item 10: a page turned by `/Rotate 90`, its content drawn turned so it
/// reads upright: its four lines are four lines, from the shown top.
#[test]
fn a_rotated_page_reads_line_by_line_from_its_shown_top() {
    let doc = document("rotate90.pdf");
    let lines: Vec<&str> = doc.source.lines().collect();
    assert_eq!(
        lines,
        [
            "青禾理财 安盈进取3号 横版海报",
            "本产品风险等级R3，理财非存款、产品有风险、投资须谨慎。",
            "业绩比较基准年化3.5%，不构成收益承诺。",
            "限时抢购，欢迎选购。"
        ]
    );
    let (code, out, err) = check("rotate90.pdf", &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("rotate90.pdf (page 1):4:1"), "{out}");
}

/// Item 11: a short footer far below two columns comes after both, in its
/// place at the foot of the page.
#[test]
fn a_footer_below_two_columns_comes_after_both() {
    let doc = document("two_col_footer.pdf");
    let lines: Vec<&str> = doc.source.lines().collect();
    assert_eq!(lines.len(), 14, "{lines:?}");
    assert_eq!(lines[6], "年3月1日至3月7日。", "{lines:?}");
    assert_eq!(lines[7], "业绩比较基准：年化3.5%–4.2%", "{lines:?}");
    assert_eq!(lines[13], "理财非存款、产品有风险、投资须谨慎。", "{lines:?}");
}

/// Item 8: the rows of a Markdown table of turns are turns: the agent's
/// promise in a row after the customer's list-item turn is the agent's; a
/// row with the speaker's cell empty goes on with the turn before.
#[test]
fn markdown_table_rows_are_turns() {
    let (code, out, err) = check("table_turns.script.md", &["--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let findings = v["files"][0]["findings"].as_array().expect("findings");
    let guarantee: Vec<_> = findings.iter().filter(|f| f["rule"] == "CN-SCRIPT-GUARANTEE").collect();
    assert_eq!(guarantee.len(), 1, "{out}");
    assert_eq!(guarantee[0]["turn"], 5, "{out}");
    assert_eq!(guarantee[0]["span"]["start"]["line"], 13, "{out}");
    assert!(err.is_empty(), "{err}");
    let doc = document("table_turns.script.md");
    assert!(!doc.text.contains("说话人"), "the header row is not speech: {}", doc.text);
    assert!(!doc.text.contains('|'), "{}", doc.text);
    assert!(doc.text.contains("这个绝对稳赚不赔\n您放心"), "{}", doc.text);
    let (code, out, err) = check("table_only.script.md", &["--rule", "CN-SCRIPT-GUARANTEE"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("table_only.script.md (turn 3):7:"), "{out}");
}

/// A table whose rows name no known speaker is an error that says it found
/// a table, not a time stamp written `|`; rows with no speaker column and no
/// label in any cell are read into the turn before, with a warning.
#[test]
fn tables_without_known_speakers_are_explained() {
    let mut out = String::new();
    for name in ["table_unknown.script.md", "table_rows.script.txt"] {
        let (code, o, e) = check(name, &[]);
        assert_eq!(code, 2, "{name}: {o}{e}");
        assert!(!o.contains("time stamp"), "{o}");
        out.push_str(&o);
    }
    insta::assert_snapshot!(out);
    let (code, out, err) = check("table_no_speaker.script.md", &[]);
    assert!(code <= 1, "{out}{err}");
    insta::assert_snapshot!(err);
}

/// Item 9: a time stamp with a date before the label is read; one after the
/// label is an error that names it, not unknown labels `坐席（00`.
#[test]
fn dated_time_stamps_are_read_and_ones_after_the_label_are_named() {
    let (code, out, err) = check("dated_stamps.script.txt", &["--rule", "CN-SCRIPT-GUARANTEE"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("dated_stamps.script.txt (turn 3):3:30"), "{out}");
    let mut out = String::new();
    for name in ["stamp_after_label.script.txt", "stamp_after_label_spaced.script.txt"] {
        let (code, o, e) = check(name, &[]);
        assert_eq!(code, 2, "{name}: {o}{e}");
        out.push_str(&o);
    }
    insta::assert_snapshot!(out);
}
