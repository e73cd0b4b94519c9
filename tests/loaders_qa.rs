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

/// A poster that is one image: nothing to check, so an error like a
/// scanned PDF's, never a clean pass.
#[test]
fn a_word_document_or_page_of_images_only_is_an_error() {
    for (name, what) in [
        ("image_only.docx", "the Word document"),
        ("image_only.html", "the web page"),
        // Nearly every page has a title; it is not what the page shows.
        ("image_only_titled.html", "the web page"),
        ("empty.html", "the web page"),
    ] {
        let (code, out) = check(name, &[]);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains(&format!("cannot check {QA}/{name}: {what} has no text to check (only images?)")),
            "{out}"
        );
    }
}

/// The body's text decides whether a page has text; the title is still copy.
#[test]
fn a_page_title_is_checked_when_the_page_shows_text() {
    let (code, out) = check("titled_with_body.html", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("titled_with_body.html:1:"), "{out}");
}

#[test]
fn two_characters_of_gbk_are_read_as_gbk() {
    let (code, out) = check("gbk_short.txt", &[]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn pdf_lines_count_from_the_top_of_their_page() {
    let (code, out) = check("en_two_pages.pdf", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("en_two_pages.pdf (page 2):2:1"), "{out}");
    insta::assert_snapshot!(out);
    let (_, json) = check("en_two_pages.pdf", &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["page"], 2, "{f}");
    assert_eq!(f["span"]["start"]["line"], 2, "{f}");
    // The offset stays a byte offset into the whole extracted text: page 1
    // is "Acme Growth Fund\nInvest today.\n" and page 2 "Capital at risk.\n".
    assert_eq!(f["span"]["start"]["offset"], 48, "{f}");
    // Fingerprints hash the text around the match on its line of the source,
    // found from the offset: the same as when lines counted from the top of
    // the document (the value the release before this change gave), so
    // baselines keep matching.
    assert_eq!(f["fingerprint"], "fe8ff343b8f8a268", "{f}");
    let (_, junit) = check("en_two_pages.pdf", &["--format", "junit"]);
    assert!(junit.contains("name=\"EN-GUARANTEE at page 2, 2:1\""), "{junit}");
    let (_, sarif) = check("en_two_pages.pdf", &["--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let result = &v["runs"][0]["results"][0];
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2, "{result}");
    assert_eq!(result["properties"]["page"], 2, "{result}");
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

/// A PDF of one Helvetica line per page.
fn one_line_pages(lines: &[&str]) -> Vec<u8> {
    let mut objects = vec![String::new(), String::new()];
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into());
    let mut kids = Vec::new();
    for line in lines {
        let stream = format!("BT /F1 12 Tf 72 800 Td ({line}) Tj ET");
        objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
        kids.push(format!("{} 0 R", objects.len() + 1));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            objects.len()
        ));
    }
    objects[0] = "<< /Type /Catalog /Pages 2 0 R >>".into();
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), lines.len());
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[test]
fn pdf_snippets_show_the_line_of_their_own_page() {
    // Both findings are on line 1, of pages 1 and 2.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("loaders_qa");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two_first_lines.pdf");
    std::fs::write(&path, one_line_pages(&["Guaranteed returns on page one.", "Page two is risk-free."]))
        .unwrap();
    let out = Command::cargo_bin("disclint")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["check", "--rule", "EN-GUARANTEE"])
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("(page 1):1:1\n  |\n1 | Guaranteed returns on page one."), "{out}");
    assert!(out.contains("(page 2):1:13\n  |\n1 | Page two is risk-free."), "{out}");
}

#[test]
fn a_warning_hidden_by_an_inline_style_is_not_the_warning() {
    let (code, out) = check("display_none_warning.html", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("CN-WM-RISK-WARNING"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn word_empty_paragraphs_written_self_closing_count_as_lines() {
    // Three `<w:p/>` before the fifth paragraph.
    let (code, out) = check("selfclosing_paragraphs.docx", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("selfclosing_paragraphs.docx:5:8"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn word_text_hidden_by_a_style_is_not_copy() {
    // A risk warning in a paragraph style with `w:vanish` is not the warning.
    let (code, out) = check("vanish_style_warning.docx", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("CN-WM-RISK-WARNING"), "{out}");
    insta::assert_snapshot!(out);
    // `保本保息` in a character style with `w:vanish` is not a claim.
    let (code, out) = check("vanish_char_style.docx", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 findings"), "{out}");
}

#[test]
fn markdown_html_blocks_are_copy() {
    // `<div>…</div>` and `<p>…</p>` on lines of their own, as WeChat editors write them.
    let (code, out) = check("html_block.md", &[]);
    assert_eq!(code, 1, "{out}");
    for at in ["html_block.md:4:4", "html_block.md:4:9", "html_block.md:7:4", "html_block.md:9:9"] {
        assert!(out.contains(at), "{at}: {out}");
    }
    insta::assert_snapshot!(out);
}
