//! Bad input: every unreadable file is a typed error with a reason, never a
//! panic; property tests feed arbitrary and mutated bytes to every loader.

use disclint::document::Document;
use disclint::document::Metadata;
use disclint::document::load::{self, DocError, LoadOptions, Syntax};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

const SYNTAXES: [Syntax; 8] = [
    Syntax::Text,
    Syntax::Markdown,
    Syntax::Html,
    Syntax::Docx,
    Syntax::Pdf,
    Syntax::ScriptText,
    Syntax::ScriptYaml,
    Syntax::ScriptJson,
];

fn load(bytes: &[u8], syntax: Syntax) -> Result<Document, DocError> {
    load::load_bytes("input", bytes, syntax, Metadata::new(), &LoadOptions::default())
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents").join(name)).unwrap()
}

/// Ranges and maps stay inside the texts and on character boundaries.
fn check_invariants(doc: &Document) {
    for b in &doc.blocks {
        assert!(b.range.start <= b.range.end && b.range.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(b.range.start) && doc.text.is_char_boundary(b.range.end));
    }
    for c in &doc.comments {
        assert!(c.range.end <= doc.source.len());
    }
    let mut offsets: Vec<usize> = doc.text.char_indices().map(|(i, _)| i).collect();
    offsets.push(doc.text.len());
    for &i in offsets.iter().step_by(7) {
        let s = doc.source_start(i);
        let e = doc.source_end(i);
        assert!(s <= doc.source.len() && e <= doc.source.len(), "{i} -> {s}..{e} of {}", doc.source.len());
        assert!(doc.source.is_char_boundary(s) && doc.source.is_char_boundary(e), "{i} -> {s}..{e}");
    }
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn corrupt_and_encrypted_docx() {
    assert!(matches!(load(b"PK\x03\x04 garbage", Syntax::Docx), Err(DocError::Corrupt { .. })));
    assert!(matches!(load(b"hello", Syntax::Docx), Err(DocError::Corrupt { .. })));
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 encrypted package";
    let err = load(ole, Syntax::Docx).unwrap_err();
    assert!(matches!(err, DocError::Encrypted(_)), "{err}");
    let docx = fixture("brochure.docx");
    let err = load(&docx[..docx.len() / 2], Syntax::Docx).unwrap_err();
    assert!(matches!(err, DocError::Corrupt { .. }), "{err}");
    let not_word = zip_with(&[("hello.txt", b"hi")]);
    assert!(load(&not_word, Syntax::Docx).unwrap_err().to_string().contains("word/document.xml"));
}

#[test]
fn zip_bomb_is_refused_before_inflating_fully() {
    let huge = vec![b' '; 32 * 1024 * 1024];
    let bomb = zip_with(&[("word/document.xml", &huge)]);
    assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
    let err = load(&bomb, Syntax::Docx).unwrap_err();
    assert!(matches!(err, DocError::Decompression { .. }), "{err}");
    assert!(err.to_string().contains("zip bomb"), "{err}");
    // A lower total budget is enforced as well.
    let doc = b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>";
    let small = zip_with(&[("word/document.xml", doc)]);
    let opts = LoadOptions { max_bytes: 40, ..LoadOptions::default() };
    let err = load::load_bytes("x.docx", &small, Syntax::Docx, Metadata::new(), &opts).unwrap_err();
    assert!(matches!(err, DocError::TooLarge { .. } | DocError::Decompression { .. }), "{err}");
}

#[test]
fn corrupt_pdf() {
    assert!(matches!(load(b"%PDF-1.7\n garbage", Syntax::Pdf), Err(DocError::Corrupt { .. })));
    assert!(matches!(load(b"not a pdf", Syntax::Pdf), Err(DocError::Corrupt { .. })));
    let pdf = fixture("factsheet.pdf");
    // Truncated: an error or (lopdf repairs xref) a document, never a panic.
    let _ = load(&pdf[..pdf.len() * 2 / 3], Syntax::Pdf);
}

#[test]
fn binary_undecodable_and_oversized_text() {
    let err = load(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Syntax::Text).unwrap_err();
    assert!(matches!(err, DocError::Binary(_)), "{err}");
    let err = load(&[0x80, 0x81, 0xFE, 0xFF, 0x00, 0x01, 0x02, 0x03], Syntax::Markdown).unwrap_err();
    assert!(matches!(err, DocError::Binary(_) | DocError::Undecodable(_)), "{err}");
    let opts = LoadOptions { max_bytes: 10, ..LoadOptions::default() };
    let err =
        load::load_bytes("big.txt", "保本保息稳赚不赔".as_bytes(), Syntax::Text, Metadata::new(), &opts)
            .unwrap_err();
    assert!(matches!(err, DocError::TooLarge { .. }), "{err}");
    // Other files of the same run are unaffected: loading is per file.
    assert!(load("保本".as_bytes(), Syntax::Text).is_ok());
}

#[test]
fn unreadable_path_is_an_io_error() {
    let err = load::load_path(Path::new("/nonexistent/brochure.docx"), &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, DocError::Io(_)), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_loader_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for syntax in SYNTAXES {
            if let Ok(doc) = load(&bytes, syntax) {
                check_invariants(&doc);
            }
        }
    }

    #[test]
    fn no_loader_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        for syntax in SYNTAXES {
            if let Ok(doc) = load(text.as_bytes(), syntax) {
                check_invariants(&doc);
            }
        }
    }

    #[test]
    fn markup_like_text_keeps_offsets_exact(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("保本"), Just("<p>"), Just("</p>"), Just("&amp;"), Just("&#x4FDD;"), Just("<!-- c -->"),
                Just("# "), Just("\n"), Just("\n\n"), Just("**"), Just("`"), Just("销售："), Just("客户:"),
                Just("- "), Just("---\n"), Just("<h2>"), Just("</h2>"), Just("<script>"), Just(" "), Just("稳赚"),
                Just("# disclint-x\n"), Just("\r\n"), Just("|a|b|\n|-|-|\n"), Just("```\n"), Just("turns:\n"),
                Just("  - speaker: agent\n    text: "), Just("\""),
            ],
            0..40,
        )
    ) {
        let text: String = parts.concat();
        for syntax in [Syntax::Text, Syntax::Markdown, Syntax::Html, Syntax::ScriptText, Syntax::ScriptYaml] {
            if let Ok(doc) = load(text.as_bytes(), syntax) {
                check_invariants(&doc);
                // Every occurrence of a word in the copy text maps to the same word in the source.
                for (i, _) in doc.text.match_indices("稳赚") {
                    let s = doc.source_start(i);
                    let e = doc.source_end(i + "稳赚".len());
                    prop_assert_eq!(&doc.source[s..e], "稳赚", "{:?} {:?}", syntax, text);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_docx_and_pdf_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        for (name, syntax) in [("brochure.docx", Syntax::Docx), ("factsheet.pdf", Syntax::Pdf)] {
            let mut bytes = fixture(name);
            for (at, b) in &flips {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            if let Ok(doc) = load(&bytes, syntax) {
                check_invariants(&doc);
            }
        }
    }
}
