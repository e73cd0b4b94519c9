//! DOCX via zip + quick-xml: paragraphs of headers, the body (tables and
//! text boxes in place), footnotes, endnotes and footers, in that order.
//! Tracked deletions (`w:del`, `w:moveFrom`), hidden runs (`w:vanish`),
//! field instructions and the VML fallback copies of text boxes are not copy. The source is the
//! extracted text with ONE PARAGRAPH PER LINE, so line = paragraph number.
//! Heading styles (Heading 1 / 标题 1 / outline levels) become Heading
//! blocks; comments (`word/comments.xml`) point at their paragraph's line.

use super::extract::Extract;
use super::{DocError, LoadOptions};
use crate::document::{BlockKind, Comment, Document, Format, Metadata};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Entries under this size are never refused for their compression ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;

struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// Uncompressed bytes still allowed for all entries together.
    budget: u64,
    ratio: u64,
}

fn corrupt(reason: impl ToString) -> DocError {
    DocError::Corrupt { what: "DOCX", reason: reason.to_string() }
}

impl Archive<'_> {
    fn names(&self) -> Vec<String> {
        self.zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
    }

    /// The text of an entry, or `None` if the archive has no such entry.
    /// Sizes are checked while inflating, so a lying header cannot blow up.
    fn read(&mut self, name: &str) -> Result<Option<String>, DocError> {
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.to_lowercase().contains("password") => {
                return Err(DocError::Encrypted("Word file"));
            }
            Err(e) => return Err(corrupt(format!("{name}: {e}"))),
        };
        if file.encrypted() {
            return Err(DocError::Encrypted("Word file"));
        }
        let by_ratio = file.compressed_size().max(1).saturating_mul(self.ratio).max(RATIO_FLOOR);
        let limit = by_ratio.min(self.budget);
        let mut buf = Vec::new();
        (&mut file).take(limit + 1).read_to_end(&mut buf).map_err(|e| corrupt(format!("{name}: {e}")))?;
        let got = buf.len() as u64;
        if got > limit {
            let reason = if limit == by_ratio {
                format!("inflates more than {}× its compressed size", self.ratio)
            } else {
                "inflates beyond the size limit (LoadOptions::max_bytes)".to_string()
            };
            return Err(DocError::Decompression { entry: name.to_string(), reason });
        }
        self.budget -= got;
        let text = String::from_utf8(buf).map_err(|e| corrupt(format!("{name} is not UTF-8 XML: {e}")))?;
        Ok(Some(text))
    }
}

/// The XML events of one part, refusing a part that is not a complete
/// document. quick-xml reports a mismatched end tag, but at the end of the
/// input it just stops, however many elements are still open: a
/// `word/document.xml` cut short (a truncated save, a hand edit) would lose
/// its remaining paragraphs silently. So the reader keeps where each open
/// element starts and makes such an end an error naming the part.
struct PartReader<'a> {
    part: &'a str,
    xml: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    /// Byte offsets just past the start tags of the open elements.
    open: Vec<usize>,
    /// Whether a root element was seen.
    root: bool,
}

impl<'a> PartReader<'a> {
    fn new(part: &'a str, xml: &'a str) -> PartReader<'a> {
        PartReader { part, xml, reader: quick_xml::Reader::from_str(xml), open: Vec::new(), root: false }
    }

    fn next(&mut self) -> Result<Event<'a>, DocError> {
        let ev = self.reader.read_event().map_err(|e| corrupt(format!("{}: {e}", self.part)))?;
        match &ev {
            Event::Start(_) => {
                self.root = true;
                self.open.push(usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX));
            }
            Event::Empty(_) => self.root = true,
            Event::End(_) => {
                self.open.pop();
            }
            Event::Eof => {
                if let Some(&end) = self.open.last() {
                    return Err(corrupt(format!(
                        "{}: the XML ends inside `<{}>` with {} element{} still open (a truncated or damaged file)",
                        self.part,
                        self.tag_name(end),
                        self.open.len(),
                        if self.open.len() == 1 { "" } else { "s" },
                    )));
                }
                if !self.root {
                    return Err(corrupt(format!("{}: no XML element (an empty or damaged part)", self.part)));
                }
            }
            _ => {}
        }
        Ok(ev)
    }

    /// The name of the start tag that ends at byte `end`.
    fn tag_name(&self, end: usize) -> &'a str {
        let head = self.xml.get(..end.min(self.xml.len())).unwrap_or("");
        let tag = head.rfind('<').map_or("", |i| &head[i + 1..]);
        tag.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next().unwrap_or("")
    }
}

/// Local name of an element, without its namespace prefix.
fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    comments: Vec<String>,
}

/// A paragraph as extracted: its text and heading level.
struct Line {
    text: String,
    heading: Option<u8>,
    comments: Vec<String>,
}

/// Style id → heading level, from `word/styles.xml`.
fn heading_styles(xml: &str) -> Result<HashMap<String, u8>, DocError> {
    let mut out = HashMap::new();
    let mut reader = PartReader::new("word/styles.xml", xml);
    let mut current: Option<(String, Option<u8>)> = None;
    loop {
        let ev = reader.next()?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "style" => {
                    if let Some(id) = attr(&e, "styleId") {
                        let level = style_level(&id);
                        current = Some((id, level));
                    }
                }
                "name" => {
                    if let (Some((_, level)), Some(name)) = (current.as_mut(), attr(&e, "val")) {
                        *level = level.or(style_level(&name));
                    }
                }
                "outlineLvl" => {
                    if let (Some((_, level)), Some(v)) = (current.as_mut(), attr(&e, "val"))
                        && let Ok(n) = v.parse::<u8>()
                        && n < 9
                    {
                        *level = level.or(Some(n + 1));
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, Some(level))) = current.take() {
                    out.insert(id, level);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The heading level a style id or name implies: `Heading1`, `heading 1`,
/// `标题 1`, `Title`.
fn style_level(s: &str) -> Option<u8> {
    let lower = s.to_lowercase();
    if lower == "title" || lower == "标题" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    rest.trim().parse::<u8>().ok().filter(|n| (1..=9).contains(n))
}

/// The paragraphs of one part (document, header, footnotes, …).
fn paragraphs(
    part: &str,
    xml: &str,
    styles: &HashMap<String, u8>,
    out: &mut Vec<Line>,
) -> Result<(), DocError> {
    let mut reader = PartReader::new(part, xml);
    let mut stack: Vec<Para> = Vec::new();
    let mut deleted = 0usize;
    let mut fallback = 0usize;
    let mut skipped_note = 0usize;
    let mut in_t = false;
    // Hidden runs (`<w:vanish/>` in a run's properties) are not shown to
    // the reader, so they are not copy: a hidden risk warning must not
    // satisfy a rule that requires one. (In a paragraph's own properties,
    // `vanish` hides only the paragraph mark.)
    let mut in_ppr = 0usize;
    let mut run_hidden = false;
    let hidden = |deleted: usize, fallback: usize, skipped: usize| deleted + fallback + skipped > 0;
    loop {
        let ev = reader.next()?;
        // Whether a tab or break here is shown: not in a paragraph's
        // properties (`w:tabs` holds tab *stops*), nor in hidden text.
        let shown = in_ppr == 0 && !run_hidden && !hidden(deleted, fallback, skipped_note);
        match ev {
            Event::Start(e) => match local(&e).as_str() {
                "p" => stack.push(Para::default()),
                "r" => run_hidden = false,
                "pPr" => in_ppr += 1,
                "vanish" if in_ppr == 0 => run_hidden = is_on(&e),
                "t" => in_t = true,
                "del" | "moveFrom" => deleted += 1,
                "Fallback" => fallback += 1,
                "footnote" | "endnote" => {
                    if attr(&e, "type").is_some_and(|t| t != "normal") {
                        skipped_note += 1;
                    }
                }
                other => empty_element(other, &e, &mut stack, shown),
            },
            Event::Empty(e) => {
                let name = local(&e);
                // An empty paragraph written `<w:p/>` (as Word writes one,
                // also the empty cell of a vertical merge) is a line like
                // `<w:p></w:p>`.
                if name == "p" && !hidden(deleted, fallback, skipped_note) {
                    out.push(Line { text: String::new(), heading: None, comments: Vec::new() });
                }
                if name == "vanish" && in_ppr == 0 {
                    run_hidden = is_on(&e);
                }
                empty_element(&name, &e, &mut stack, shown);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    if let Some(p) = stack.pop()
                        && !hidden(deleted, fallback, skipped_note)
                    {
                        let heading =
                            p.outline.or_else(|| p.style.as_ref().and_then(|s| styles.get(s).copied()));
                        out.push(Line { text: p.text, heading, comments: p.comments });
                    }
                }
                "t" => in_t = false,
                "r" => run_hidden = false,
                "pPr" => in_ppr = in_ppr.saturating_sub(1),
                "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                "Fallback" => fallback = fallback.saturating_sub(1),
                "footnote" | "endnote" => skipped_note = 0,
                _ => {}
            },
            Event::Text(t) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&t.xml10_content().replace(['\n', '\r'], " "));
                }
            }
            Event::CData(t) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                if let Some(p) = stack.last_mut() {
                    p.text.push_str(&t.xml10_content().replace(['\n', '\r'], " "));
                }
            }
            Event::GeneralRef(r) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                if let (Some(p), Some(c)) = (stack.last_mut(), c) {
                    p.text.push(if c == '\n' || c == '\r' { ' ' } else { c });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// Whether an on/off property (`<w:vanish/>`, `w:val="true"`) is on.
fn is_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Elements that matter whether written empty or not. `shown`: whether a
/// tab or break here is visible text.
fn empty_element(name: &str, e: &BytesStart, stack: &mut [Para], shown: bool) {
    let Some(p) = stack.last_mut() else { return };
    match name {
        "pStyle" => p.style = attr(e, "val"),
        "outlineLvl" => {
            p.outline = attr(e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|n| *n < 9).map(|n| n + 1)
        }
        "commentRangeStart" | "commentReference" => {
            if let Some(id) = attr(e, "id")
                && !p.comments.contains(&id)
            {
                p.comments.push(id);
            }
        }
        _ if !shown => {}
        // A tab (or an absolute-position tab) separates columns of text: it
        // stays a tab, so `保本<tab>零风险` is not read as one phrase and
        // the columns after it count it. A line break cannot be a new line
        // (a line is a paragraph), so it is a space.
        "tab" | "ptab" if !p.text.is_empty() => p.text.push('\t'),
        "br" | "cr" if !p.text.is_empty() => p.text.push(' '),
        "noBreakHyphen" => p.text.push('-'),
        _ => {}
    }
}

/// Comment id → comment text, from `word/comments.xml`.
fn comment_texts(xml: &str) -> Result<Vec<(String, String)>, DocError> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut reader = PartReader::new("word/comments.xml", xml);
    let mut in_t = false;
    loop {
        match reader.next()? {
            Event::Start(e) => match local(&e).as_str() {
                "comment" => out.push((attr(&e, "id").unwrap_or_default(), String::new())),
                "p" => {
                    if let Some((_, t)) = out.last_mut()
                        && !t.is_empty()
                    {
                        t.push('\n');
                    }
                }
                "t" => in_t = true,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some((_, text)) = out.last_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Parts named `word/{prefix}N.xml`, in number order.
fn numbered(names: &[String], prefix: &str) -> Vec<String> {
    let mut parts: Vec<(u32, String)> = names
        .iter()
        .filter_map(|n| {
            let num = n.strip_prefix("word/")?.strip_prefix(prefix)?.strip_suffix(".xml")?;
            Some((num.parse().unwrap_or(0), n.clone()))
        })
        .collect();
    parts.sort();
    parts.into_iter().map(|(_, n)| n).collect()
}

pub fn load(name: &str, bytes: &[u8], metadata: Metadata, opts: &LoadOptions) -> Result<Document, DocError> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(DocError::Encrypted("Word file (or a legacy .doc saved as .docx)"));
    }
    if !bytes.starts_with(b"PK") {
        return Err(corrupt("not a ZIP archive"));
    }
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(corrupt)?;
    let mut archive = Archive { zip, budget: opts.max_bytes, ratio: opts.max_decompression_ratio.max(1) };
    let Some(body) = archive.read("word/document.xml")? else {
        return Err(corrupt("no word/document.xml: not a Word document"));
    };
    let styles = match archive.read("word/styles.xml")? {
        Some(xml) => heading_styles(&xml)?,
        None => HashMap::new(),
    };
    let names = archive.names();
    let mut lines = Vec::new();
    for part in numbered(&names, "header") {
        if let Some(xml) = archive.read(&part)? {
            paragraphs(&part, &xml, &styles, &mut lines)?;
        }
    }
    paragraphs("word/document.xml", &body, &styles, &mut lines)?;
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = archive.read(part)? {
            paragraphs(part, &xml, &styles, &mut lines)?;
        }
    }
    for part in numbered(&names, "footer") {
        if let Some(xml) = archive.read(&part)? {
            paragraphs(&part, &xml, &styles, &mut lines)?;
        }
    }
    let notes = match archive.read("word/comments.xml")? {
        Some(xml) => comment_texts(&xml)?,
        None => Vec::new(),
    };

    let mut source = String::new();
    let mut ranges = Vec::with_capacity(lines.len());
    for line in &lines {
        let start = source.len();
        source.push_str(&line.text);
        ranges.push(start..source.len());
        source.push('\n');
    }
    let comments = notes
        .into_iter()
        .map(|(id, text)| {
            let range =
                lines.iter().position(|l| l.comments.contains(&id)).map_or(0..0, |i| ranges[i].clone());
            Comment { text: text.trim().to_string(), range }
        })
        .collect();
    let mut x = Extract::new(&source, false);
    for (line, range) in lines.iter().zip(&ranges) {
        x.begin(line.heading.map_or(BlockKind::Paragraph, BlockKind::Heading));
        x.verbatim(range.clone());
        x.end();
    }
    let (text, map, blocks) = x.finish();
    Ok(Document::extracted(name, Format::Docx, source, (text, map, blocks), metadata, comments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_runs_are_not_copy() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>
              <w:r><w:t>本产品</w:t></w:r>
              <w:r><w:rPr><w:vanish/></w:rPr><w:t>理财非存款、产品有风险、投资须谨慎</w:t></w:r>
              <w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>收益稳健</w:t></w:r>
            </w:p></w:body></w:document>"#;
        let mut lines = Vec::new();
        paragraphs("document.xml", xml, &HashMap::new(), &mut lines).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "本产品收益稳健");
    }

    fn lines_of(xml: &str) -> Result<Vec<String>, DocError> {
        let mut lines = Vec::new();
        paragraphs("word/document.xml", xml, &HashMap::new(), &mut lines)?;
        Ok(lines.into_iter().map(|l| l.text).collect())
    }

    #[test]
    fn a_part_that_ends_with_elements_open_is_an_error() {
        for (xml, inside, open) in [
            ("<w:document><w:body><w:p><w:r><w:t>保本", "w:t", "5 elements"),
            (
                r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>本产品保本保息</w:t></w:r></w:p><w:p><w:r><w:t>零风"#,
                "w:t",
                "5 elements",
            ),
            ("<w:document><w:body><w:p><w:r><w:t>保本</w:t></w:r></w:p>", "w:body", "2 elements"),
            ("<w:document xmlns:w=\"w\">", "w:document", "1 element "),
        ] {
            let e = lines_of(xml).unwrap_err().to_string();
            assert!(
                e.starts_with(&format!("corrupt DOCX: word/document.xml: the XML ends inside `<{inside}>`")),
                "{e}"
            );
            assert!(e.contains(open), "{e}");
        }
        for empty in ["", "<?xml version=\"1.0\"?>", "  \n"] {
            let e = lines_of(empty).unwrap_err().to_string();
            assert!(e.contains("word/document.xml: no XML element"), "{e}");
        }
        // Complete parts, including an empty root, are fine.
        assert_eq!(lines_of("<w:document/>").unwrap(), Vec::<String>::new());
        assert_eq!(
            lines_of("<w:document><w:body><w:p><w:r><w:t>保本</w:t></w:r></w:p></w:body></w:document>\n")
                .unwrap(),
            ["保本"]
        );
    }

    #[test]
    fn tabs_and_breaks_keep_text_apart() {
        let xml = r#"<w:document><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="2880"/></w:tabs></w:pPr>
              <w:r><w:t>第一段文字</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>本产品保本</w:t></w:r>
              <w:r><w:tab/></w:r><w:r><w:t>零风险</w:t></w:r><w:r><w:cr/><w:t>A</w:t><w:ptab w:alignment="right"/><w:t>B</w:t></w:r>
              <w:r><w:rPr><w:vanish/></w:rPr><w:tab/><w:t>隐藏</w:t></w:r><w:r><w:t>C</w:t></w:r>
            </w:p></w:body></w:document>"#;
        // Tab stops in the paragraph's properties are not tabs, hidden tabs are not shown.
        assert_eq!(lines_of(xml).unwrap(), ["第一段文字 本产品保本\t零风险 A\tBC"]);
    }

    #[test]
    fn self_closing_empty_paragraphs_are_lines() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>第1段</w:t></w:r></w:p><w:p/><w:p></w:p>
            <w:p w:rsidR="00A1"/><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:del><w:p/></w:del><w:p><w:r><w:t>第6段</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(lines_of(xml).unwrap(), ["第1段", "", "", "", "", "格", "第6段"]);
    }

    #[test]
    fn style_levels() {
        assert_eq!(style_level("Heading1"), Some(1));
        assert_eq!(style_level("heading 2"), Some(2));
        assert_eq!(style_level("标题 3"), Some(3));
        assert_eq!(style_level("Title"), Some(1));
        assert_eq!(style_level("Normal"), None);
    }
}
