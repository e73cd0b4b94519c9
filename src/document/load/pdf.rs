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

/// A PDF whose last object is not followed by `%%EOF` was cut short: the
/// cross-reference table and trailer are written last, and every complete
/// revision ends with `%%EOF`. lopdf still reads such a file, rebuilding the
/// table by scanning for objects, and silently leaves out what the cut took
/// (pages, a content stream): the one outcome a checker must not have.
fn truncated(bytes: &[u8]) -> bool {
    let last = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
    match (last(b"%%EOF"), last(b"endobj")) {
        (None, _) => true,
        (Some(eof), Some(obj)) => obj > eof,
        (Some(_), None) => false,
    }
}

/// The number of pages the page tree's root says the document has (`/Count`).
fn declared_pages(doc: &lopdf::Document) -> Option<u64> {
    let root = doc.catalog().ok()?.get(b"Pages").ok()?.as_reference().ok()?;
    let count = doc.get_dictionary(root).ok()?.get(b"Count").ok()?.as_i64().ok()?;
    u64::try_from(count).ok()
}

fn damaged(reason: String) -> DocError {
    corrupt(format!("{reason} (a truncated or damaged file: re-export it)"))
}

/// The text of each page. Any sign that part of the text was not read — a
/// cut-off end, pages or content streams the page tree names but the file
/// lacks, a page whose text lopdf cannot extract — is an error for the file:
/// a partial read would pass the part that was lost.
fn page_texts(bytes: &[u8]) -> Result<Vec<String>, DocError> {
    if !bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-") {
        return Err(corrupt("no %PDF- header"));
    }
    if truncated(bytes) {
        return Err(damaged("the file does not end with %%EOF after its last object".into()));
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
    if let Some(declared) = declared_pages(&doc)
        && declared > pages.len() as u64
    {
        return Err(damaged(format!(
            "the page tree lists {declared} pages but only {} could be read",
            pages.len()
        )));
    }
    let mut out = Vec::with_capacity(pages.len());
    for (&number, &id) in &pages {
        if let Some(font) = unmapped_font(&doc, id) {
            return Err(DocError::UnmappedFont { page: number, font });
        }
        let missing = doc.get_page_contents(id).into_iter().any(|c| doc.get_object(c).is_err());
        if missing {
            return Err(damaged(format!("page {number}: its content stream is missing")));
        }
        let mut text = String::new();
        for chunk in doc.extract_text_chunks_with_limit(&[number], MAX_PAGE_CONTENT) {
            match chunk {
                Ok(t) => text.push_str(&t),
                // Text in a font lopdf cannot decode, a content stream over
                // the limit or that does not parse: this page's text, or
                // part of it, would be missing.
                Err(e) => return Err(corrupt(format!("page {number}: its text cannot be extracted: {e}"))),
            }
        }
        out.push(text);
    }
    Ok(out)
}

/// A composite (`Type0`, two-byte) font of the page whose codes lopdf has
/// no Unicode map for, as `F1 (BaseFont)`. Without a `ToUnicode` map it can
/// parse (or a predefined Unicode CMap), lopdf falls back to a one-byte
/// standard encoding and returns other characters than the page shows,
/// without an error: `保本` would not be found, and the page would pass.
fn unmapped_font(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<String> {
    let fonts = doc.get_page_fonts(page).ok()?;
    fonts.into_iter().find_map(|(name, font)| {
        let composite = font.get(b"Subtype").and_then(lopdf::Object::as_name).is_ok_and(|s| s == b"Type0");
        let mapped = match font.get_font_encoding_with_limit(doc, MAX_PAGE_CONTENT) {
            Ok(lopdf::Encoding::UnicodeMapEncoding(_)) => true,
            // Predefined CMaps: the UCS-2 ones decode, the others fail
            // loudly when the text is extracted.
            Ok(lopdf::Encoding::SimpleEncoding(_)) => true,
            _ => false,
        };
        (composite && !mapped).then(|| {
            let base = font.get(b"BaseFont").and_then(lopdf::Object::as_name).ok();
            let name = String::from_utf8_lossy(&name);
            match base {
                Some(base) => format!("{name} ({})", String::from_utf8_lossy(base)),
                None => name.into_owned(),
            }
        })
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF with one Helvetica text page per entry of `pages` (`None`: a
    /// page whose content stream is missing), its page tree claiming `count`
    /// pages, with a correct cross-reference table and trailer.
    fn pdf(pages: &[Option<&str>], count: usize) -> Vec<u8> {
        let shown: Vec<Option<String>> = pages.iter().map(|p| p.map(|t| format!("({t})"))).collect();
        let shown: Vec<Option<&str>> = shown.iter().map(Option::as_deref).collect();
        pdf_in(HELVETICA, None, &shown, count)
    }

    const HELVETICA: &str =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

    /// [`pdf`] with font `F1` (object 3) given, an optional stream as object
    /// 4 (for the font to refer to), and each page's `Tj` operand as written.
    fn pdf_in(font: &str, stream_4: Option<&str>, pages: &[Option<&str>], count: usize) -> Vec<u8> {
        let mut objects: Vec<String> = vec![String::new(), String::new()];
        objects.push(font.into());
        if let Some(stream) = stream_4 {
            objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
        }
        let mut kids = Vec::new();
        for text in pages {
            let content = objects.len() + 1;
            match text {
                Some(t) => {
                    let stream = format!("BT /F1 12 Tf 72 800 Td {t} Tj ET");
                    objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
                }
                None => objects.push("<< /Type /Placeholder >>".into()),
            }
            kids.push(objects.len() + 1);
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                if text.is_some() { content } else { 99 }
            ));
        }
        objects[0] = "<< /Type /Catalog /Pages 2 0 R >>".into();
        let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
        objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {count} >>", kids.join(" "));
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

    fn error(bytes: &[u8]) -> String {
        load("t.pdf", bytes, Metadata::new()).unwrap_err().to_string()
    }

    #[test]
    fn complete_pdfs_are_read_page_by_page() {
        let doc =
            load("t.pdf", &pdf(&[Some("Invest today."), Some("Risk-free!")], 2), Metadata::new()).unwrap();
        assert_eq!(doc.source, "Invest today.\nRisk-free!\n");
        assert_eq!(doc.pages, [0, 14]);
        // Bytes after %%EOF that hold no object (a trailing newline, padding) are fine.
        let mut padded = pdf(&[Some("Invest today.")], 1);
        padded.extend_from_slice(b"\r\n\0\0");
        assert!(load("t.pdf", &padded, Metadata::new()).is_ok());
    }

    #[test]
    fn a_pdf_cut_short_is_an_error() {
        let whole = pdf(&[Some("Invest today."), Some("Guaranteed returns, risk-free!")], 2);
        let text = String::from_utf8(whole.clone()).unwrap();
        // Before the second page's objects, inside its content, after the last
        // object (cross-reference table lost), and inside the trailer.
        for cut in [
            text.find("4 0 obj").unwrap(),
            text.find("(Guaranteed").unwrap(),
            text.find("xref").unwrap(),
            text.find("startxref").unwrap(),
        ] {
            let e = error(&whole[..cut]);
            assert!(
                e.starts_with("corrupt PDF: the file does not end with %%EOF after its last object"),
                "{cut}: {e}"
            );
        }
        // An update appended after %%EOF and cut before its own %%EOF.
        let mut updated = whole.clone();
        updated.extend_from_slice(b"7 0 obj\n<< /Type /Page >>\nendobj\n");
        assert!(error(&updated).contains("does not end with %%EOF"));
    }

    #[test]
    fn pages_or_content_the_file_lacks_are_an_error() {
        let e = error(&pdf(&[Some("Invest today."), Some("Risk-free!")], 3));
        assert_eq!(
            e,
            "corrupt PDF: the page tree lists 3 pages but only 2 could be read (a truncated or damaged file: re-export it)"
        );
        let e = error(&pdf(&[Some("Invest today."), None], 2));
        assert!(e.starts_with("corrupt PDF: page 2: its content stream is missing"), "{e}");
    }

    #[test]
    fn text_that_cannot_be_extracted_is_an_error_not_an_empty_page() {
        // A predefined CMap lopdf does not decode (same length, so the
        // cross-reference offsets still hold): the page's text would be lost.
        let bytes = String::from_utf8(pdf(&[Some("Invest today."), Some("Risk-free!")], 2))
            .unwrap()
            .replace("/WinAnsiEncoding", "/GBK-EUC-H      ");
        let e = error(bytes.as_bytes());
        assert!(e.starts_with("corrupt PDF: page 1: its text cannot be extracted: "), "{e}");
    }

    /// A composite font lopdf has no Unicode map for: lopdf would decode its
    /// two-byte codes one byte at a time, as a standard encoding, and return
    /// garbage without an error; the page would pass unchecked.
    #[test]
    fn a_composite_font_without_a_unicode_map_is_an_error() {
        let type0 = |to_unicode: &str| {
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H{to_unicode} \
                 /DescendantFonts [] >>"
            )
        };
        let page = [Some("<4FDD672C>")];
        let e = error(&pdf_in(&type0(""), None, &page, 1));
        assert_eq!(
            e,
            "PDF page 1: font F1 (SimSun) has no ToUnicode map, so its text cannot be read (it would \
             come out as other characters and pass unchecked): export the PDF again with its fonts' \
             Unicode maps (PDF/A, or text kept as text)"
        );
        // The same font with its map reads as the text it shows.
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
                    /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
                    1 begincodespacerange <0000> <FFFF> endcodespacerange \
                    1 beginbfrange <0000> <FFFF> <0000> endbfrange \
                    endcmap CMapName currentdict /CMap defineresource pop end end";
        let doc = load("t.pdf", &pdf_in(&type0(" /ToUnicode 4 0 R"), Some(cmap), &page, 1), Metadata::new())
            .unwrap();
        assert_eq!(doc.source, "保本\n");
    }
}
