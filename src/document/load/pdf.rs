//! PDF via lopdf: the text layer, page by page. The source is the extracted
//! text (one text line per line, pages in order, their starts in
//! `Document::pages`), so findings point at page and line. A PDF without
//! extractable text (a scanned image) is an error, not an empty pass.

use super::DocError;
use super::extract::Extract;
use crate::document::{BlockKind, Document, Format, Metadata};

/// Content streams of one page may not inflate beyond this.
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

fn corrupt(reason: impl ToString) -> DocError {
    DocError::Corrupt { what: "PDF", reason: reason.to_string() }
}

/// The text of each page.
fn page_texts(bytes: &[u8]) -> Result<Vec<String>, DocError> {
    if !bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-") {
        return Err(corrupt("no %PDF- header"));
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => DocError::Encrypted("PDF"),
        other => corrupt(other),
    })?;
    if doc.is_encrypted() {
        return Err(DocError::Encrypted("PDF"));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("no pages"));
    }
    let mut out = Vec::with_capacity(pages.len());
    for number in pages.keys() {
        let text = doc.extract_text_with_limit(&[*number], MAX_PAGE_CONTENT).unwrap_or_default();
        out.push(text);
    }
    Ok(out)
}

pub fn load(name: &str, bytes: &[u8], metadata: Metadata) -> Result<Document, DocError> {
    // lopdf is a large parser of untrusted input: a panic in it becomes a
    // per-file error instead of taking the whole run down.
    let texts = std::panic::catch_unwind(|| page_texts(bytes))
        .map_err(|_| corrupt("the PDF parser failed on this file"))??;
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Err(DocError::NoTextLayer);
    }
    let mut source = String::new();
    let mut pages = Vec::with_capacity(texts.len());
    for t in &texts {
        pages.push(source.len());
        for line in t.lines() {
            let line = line.trim_end();
            if !line.is_empty() {
                source.push_str(line);
                source.push('\n');
            }
        }
    }
    // Each page is a block; within it, blank lines separate paragraphs and
    // line breaks are soft.
    let mut x = Extract::new(&source, false);
    for (i, &start) in pages.iter().enumerate() {
        let end = pages.get(i + 1).copied().unwrap_or(source.len());
        x.begin(BlockKind::Paragraph);
        x.verbatim(start..end);
        x.end();
    }
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Pdf, source, (text, map, blocks), metadata, Vec::new());
    doc.pages = pages;
    Ok(doc)
}
