//! Loaders at the `Document` level: one fixture per format, snapshots of what
//! each extracts, and exact offsets back to the source for known words.

use disclint::document::load::{self, DocError, LoadOptions, Syntax};
use disclint::document::{BlockKind, Document, Format, Metadata};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents").join(name)
}

/// Copies of the example documents as they were when the snapshots were
/// taken (with suppression comments the examples no longer carry), so the
/// examples can change without moving the loader snapshots.
fn example(name: &str) -> PathBuf {
    fixture(name)
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("loaders_formats");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn bytes_doc(name: &str, bytes: &[u8], syntax: Syntax) -> Document {
    load::load_bytes(name, bytes, syntax, Metadata::new(), &LoadOptions::default()).unwrap()
}

/// Where `word` (its first occurrence in the copy text) lands in the source:
/// the source text of the span, and its 1-based line and column.
fn locate(doc: &Document, word: &str) -> (String, usize, usize) {
    let i = doc.text.find(word).unwrap_or_else(|| panic!("{word:?} not in {:?}", doc.text));
    let s = doc.source_start(i);
    let e = doc.source_end(i + word.len());
    let (line, col) = doc.line_index().line_col(&doc.source, s);
    (doc.source[s..e].to_string(), line, col)
}

fn assert_maps(doc: &Document, word: &str) -> (usize, usize) {
    let (src, line, col) = locate(doc, word);
    assert_eq!(src, word, "{word} maps to {src:?}");
    (line, col)
}

/// A readable summary of a loaded document, for snapshots.
fn render(doc: &Document) -> String {
    let index = doc.line_index();
    let mut out = format!("format: {:?}\n", doc.format);
    if let Some(e) = doc.encoding {
        out.push_str(&format!("encoding: {e}\n"));
    }
    if !doc.pages.is_empty() {
        out.push_str(&format!("pages: {:?}\n", doc.pages));
    }
    out.push_str(&format!("metadata: {}\n", doc.metadata.to_json()));
    out.push_str("blocks:\n");
    for b in &doc.blocks {
        let s = doc.source_start(b.range.start);
        let e = doc.source_end(b.range.end);
        let (l1, c1) = index.line_col(&doc.source, s);
        let (l2, c2) = index.line_col(&doc.source, e);
        let kind = match &b.kind {
            BlockKind::Paragraph => "p".to_string(),
            BlockKind::Heading(n) => format!("h{n}"),
            BlockKind::Turn(r) => format!("turn {r:?}"),
        };
        let page = doc.page_of(s).map(|p| format!(" page {p}")).unwrap_or_default();
        out.push_str(&format!("  {kind} {l1}:{c1}-{l2}:{c2}{page} {:?}\n", &doc.text[b.range.clone()]));
    }
    if !doc.comments.is_empty() {
        out.push_str("comments:\n");
        for c in &doc.comments {
            let (l, col) = index.line_col(&doc.source, c.range.start);
            out.push_str(&format!("  {l}:{col} {:?}\n", c.text));
        }
    }
    out
}

#[test]
fn docx_paragraphs_tables_header_footer_footnote_comment() {
    let doc = load::load_path(&fixture("brochure.docx"), &LoadOptions::default()).unwrap();
    assert_eq!(doc.format, Format::Docx);
    assert!(!doc.text.contains("绝对安全"), "tracked deletion is not copy");
    // One paragraph per source line: the header is line 1, the title line 2.
    assert_eq!(assert_maps(&doc, "保本保息"), (3, 4));
    assert_eq!(doc.source.lines().next(), Some("稳盈1号理财产品宣传页（页眉）"));
    assert_eq!(doc.blocks[1].kind, BlockKind::Heading(1));
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::Heading(2)));
    assert_maps(&doc, "R2（中低风险）");
    assert_maps(&doc, "过往业绩不代表未来表现");
    assert_maps(&doc, "版权所有");
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(&doc.source[doc.comments[0].range.clone()], "欢迎老年客户踊跃购买，零风险。");
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn pdf_pages_and_lines() {
    let doc = load::load_path(&fixture("factsheet.pdf"), &LoadOptions::default()).unwrap();
    assert_eq!(doc.format, Format::Pdf);
    assert_eq!(doc.pages.len(), 2);
    let i = doc.text.find("零风险").unwrap();
    assert_eq!(doc.page_of(doc.source_start(i)), Some(2));
    let (line, _) = assert_maps(&doc, "保本保息");
    assert_eq!(doc.page_of(doc.source_start(doc.text.find("保本保息").unwrap())), Some(1));
    assert_eq!(line, 2);
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn pdf_without_text_layer_is_an_error() {
    let err = load::load_path(&fixture("scanned.pdf"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, DocError::NoTextLayer), "{err}");
    assert!(err.to_string().contains("scanned image"), "{err}");
}

#[test]
fn gbk_text_is_detected_and_decoded() {
    let doc = load::load_path(&example("gbk-flyer.txt"), &LoadOptions::default()).unwrap();
    assert!(matches!(doc.encoding, Some("GBK" | "gb18030")), "{:?}", doc.encoding);
    assert!(doc.source.contains("保本保息"));
    let (line, col) = assert_maps(&doc, "稳赚不赔");
    assert!(line >= 1 && col >= 1);
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn utf16_bom_and_crlf() {
    let text = "第一行\r\n本产品保本保息。\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let doc = bytes_doc("u16.txt", &bytes, Syntax::Text);
    assert_eq!(doc.encoding, Some("UTF-16LE"));
    // Columns count characters of the decoded text.
    assert_eq!(assert_maps(&doc, "保本保息"), (2, 4));
    let doc = bytes_doc("bom.txt", "\u{feff}稳赚不赔\r\n".as_bytes(), Syntax::Text);
    assert_eq!(assert_maps(&doc, "稳赚不赔"), (1, 1));
}

#[test]
fn text_directive_comments_are_not_copy() {
    let doc = load::load_path(&example("flyer.txt"), &LoadOptions::default()).unwrap();
    assert!(doc.comments.iter().all(|c| c.text.starts_with("disclint-")));
    assert!(!doc.text.contains("disclint-"));
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn markdown_front_matter_headings_code_comments() {
    let doc = load::load_path(&example("landing.md"), &LoadOptions::default()).unwrap();
    assert_eq!(doc.metadata.to_json()["product"]["risk_level"], "R3");
    assert!(!doc.text.contains("risk_level"), "front matter is not copy");
    assert!(!doc.text.contains("不计入"), "code blocks are not copy");
    assert!(doc.blocks.iter().any(|b| matches!(b.kind, BlockKind::Heading(_))));
    assert_maps(&doc, "保本保息");
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn html_visible_text_entities_and_positions() {
    let doc = load::load_path(&example("webpage.html"), &LoadOptions::default()).unwrap();
    assert!(!doc.text.contains("function"), "script is not copy");
    assert!(!doc.text.contains("color"), "style is not copy");
    assert!(!doc.text.contains("data-"), "attributes are not copy");
    assert_maps(&doc, "稳赚不赔");
    // An entity maps to the whole reference in the source.
    let (src, _, _) = locate(&doc, "保本&保息");
    assert_eq!(src, "保本&amp;保息");
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::Heading(1)));
    insta::assert_snapshot!(render(&doc));
}

#[test]
fn transcripts_text_yaml_json() {
    let doc = load::load_path(&example("call.script.txt"), &LoadOptions::default()).unwrap();
    assert_eq!(doc.format, Format::Transcript);
    assert_maps(&doc, "保证收益");
    insta::assert_snapshot!("script_text", render(&doc));

    let doc = load::load_path(&example("call.script.yaml"), &LoadOptions::default()).unwrap();
    assert_eq!(doc.format, Format::Transcript);
    assert_maps(&doc, "稳赚不赔");
    assert_eq!(doc.metadata.to_json()["audience"]["segments"][0], "elderly");
    insta::assert_snapshot!("script_yaml", render(&doc));

    let json = r#"{"channel": "phone", "turns": [
  {"speaker": "agent", "text": "这款产品保本保息。"},
  {"speaker": "customer", "text": "有风险吗？"},
  {"speaker": "agent", "text": "\u96f6\u98ce\u9669，稳赚不赔"}
]}"#;
    let doc = bytes_doc("call.script.json", json.as_bytes(), Syntax::ScriptJson);
    assert_eq!(assert_maps(&doc, "保本保息"), (2, 37));
    assert_maps(&doc, "稳赚不赔");
    insta::assert_snapshot!("script_json", render(&doc));
}

#[test]
fn extra_transcript_labels_from_options() {
    let mut opts = LoadOptions::default();
    opts.labels = opts.labels.clone().with([("财富顾问".to_string(), "agent".to_string())]);
    let doc = load::load_bytes(
        "x.script.txt",
        "财富顾问：保本\n客户：好\n".as_bytes(),
        Syntax::ScriptText,
        Metadata::new(),
        &opts,
    )
    .unwrap();
    assert_eq!(doc.blocks.len(), 2);
    assert_eq!(doc.blocks[0].kind, BlockKind::Turn(disclint::document::Role::Agent));
}

#[test]
fn metadata_precedence_field_by_field() {
    let doc_path = tmp("prec.md", "---\nproduct:\n  risk_level: R4\n---\n正文\n".as_bytes());
    tmp("prec.md.meta.yaml", "product:\n  risk_level: R2\n  name: 侧车\nchannel: branch\n".as_bytes());
    let mut opts = LoadOptions::default();
    opts.defaults.set("product.category", "fund").unwrap();
    opts.defaults.set("channel", "online").unwrap();
    opts.overrides.set("channel", "mobile-app").unwrap();
    let doc = load::load_path(&doc_path, &opts).unwrap();
    let m = doc.metadata.to_json();
    assert_eq!(m["product"]["category"], "fund"); // default
    assert_eq!(m["product"]["name"], "侧车"); // sidecar
    assert_eq!(m["product"]["risk_level"], "R4"); // front matter over sidecar
    assert_eq!(m["channel"], "mobile-app"); // --meta over all
}

#[test]
fn stem_sidecar_is_accepted_for_docx() {
    let bytes = std::fs::read(fixture("brochure.docx")).unwrap();
    let p = tmp("stem.docx", &bytes);
    tmp("stem.meta.yaml", "product:\n  risk_level: 五级\n".as_bytes());
    let doc = load::load_path(&p, &LoadOptions::default()).unwrap();
    assert_eq!(doc.metadata.to_json()["product"]["risk_level"], "R5");
}

#[test]
fn metadata_errors_name_file_line_column_and_choices() {
    let p = tmp("bad.txt", "保本\n".as_bytes());
    tmp("bad.txt.meta.yaml", "document:\n  kind: brochure\nproduct:\n  risk_level: R7\n".as_bytes());
    let err = load::load_path(&p, &LoadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("bad.txt.meta.yaml:4:15:"), "{err}");
    assert!(err.contains("R1–R5"), "{err}");

    let p = tmp("unknown.md", "---\nproduct:\n  risk_levle: R3\n---\n正文\n".as_bytes());
    let err = load::load_path(&p, &LoadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("unknown.md:3:3: unknown metadata field `product.risk_levle`"), "{err}");
    assert!(err.contains("product.risk_level"), "{err}");
}

#[test]
fn every_example_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut formats = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if load::is_document(&p) {
            let doc = load::load_path(&p, &LoadOptions::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(!doc.text.trim().is_empty(), "{}", p.display());
            formats.push(doc.format);
        }
    }
    for f in [Format::Text, Format::Markdown, Format::Html, Format::Docx, Format::Pdf, Format::Transcript] {
        assert!(formats.contains(&f), "no example of {f:?}");
    }
}

#[test]
fn macro_enabled_documents_and_templates_are_word_documents() {
    let bytes = std::fs::read(fixture("brochure.docx")).unwrap();
    for ext in ["docm", "dotx", "dotm", "DOCM"] {
        let p = tmp(&format!("brochure.{ext}"), &bytes);
        assert_eq!(load::format_of(&p), Format::Docx, "{ext}");
        assert!(load::is_document(&p), "a folder walk picks up .{ext}");
        let doc = load::load_path(&p, &LoadOptions::default()).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(doc.format, Format::Docx);
        assert_eq!(assert_maps(&doc, "保本保息"), (3, 4));
    }
}

#[test]
fn unclosed_or_toml_front_matter_is_an_error_not_copy() {
    let load = |name: &str, text: &str, syntax| {
        load::load_bytes(name, text.as_bytes(), syntax, Metadata::new(), &LoadOptions::default())
    };
    let unclosed = "---\nproduct:\n  name: 稳盈1号\n  risk_level: R3\n\n# 稳盈1号\n\n本产品保本保息。\n";
    for (name, syntax) in
        [("u.md", Syntax::Markdown), ("u.txt", Syntax::Text), ("u.script.txt", Syntax::ScriptText)]
    {
        let err = load(name, unclosed, syntax).unwrap_err();
        assert!(matches!(err, DocError::Metadata { line: 1, .. }), "{err:?}");
        let err = err.to_string();
        assert!(
            err.starts_with(&format!("{name}:1:1: front matter opened at line 1 is not closed")),
            "{err}"
        );
    }
    let err = load(
        "t.md",
        "+++\ntitle = \"稳盈1号\"\ndescription = \"保本保息的理财\"\n+++\n# 稳盈1号\n",
        Syntax::Markdown,
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("t.md:1:1: TOML front matter (`+++`) is not supported"), "{err}");
    // With a BOM, CRLF or a `...` end, and a rule later in the file, as before.
    for text in [
        "\u{feff}---\r\nproduct:\r\n  risk_level: R3\r\n---\r\n正文\r\n",
        "---\nproduct:\n  risk_level: R3\n...\n正文\n",
    ] {
        let doc = load("ok.md", text, Syntax::Markdown).unwrap();
        assert_eq!(doc.metadata.to_json()["product"]["risk_level"], "R3");
        assert_eq!(doc.text, "正文");
    }
    let doc = load("hr.md", "# 标题\n\n---\n\n正文\n", Syntax::Markdown).unwrap();
    assert_eq!(doc.text, "标题\n\n正文");
}
