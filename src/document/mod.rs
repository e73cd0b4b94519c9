//! Documents as the checker sees them: the copy text, its structure
//! (paragraphs, headings, transcript turns), its metadata, and the way back
//! to the source file for reporting.

pub mod load;
pub mod metadata;
pub mod transcript;

use crate::text::{LineIndex, OffsetMap};
pub use metadata::{Field, Level, Metadata, MetadataError, Value};
use std::ops::Range;

/// Who speaks a transcript turn.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    Agent,
    Customer,
    Other(String),
}

impl Role {
    pub fn parse(s: &str) -> Role {
        match s.to_ascii_lowercase().as_str() {
            "agent" => Role::Agent,
            "customer" => Role::Customer,
            other => Role::Other(other.to_string()),
        }
    }
}

/// What a block of copy text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A heading with its level (1 = top).
    Heading(u8),
    /// One turn of a sales-script transcript.
    Turn(Role),
}

/// A structural block: a range of [`Document::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

/// The source formats `spec/documents.md` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
    Transcript,
}

/// A loaded document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name findings are reported under (a path, or `--stdin-name`).
    pub path: String,
    pub format: Format,
    /// The decoded source, which line/column positions refer to.
    pub source: String,
    /// The copy text that rules check: visible text only, in reading order.
    pub text: String,
    /// Copy text → source offsets; `None` when the copy text is the source.
    pub text_map: Option<OffsetMap>,
    /// Blocks in reading order; ranges of `text`, not overlapping.
    pub blocks: Vec<Block>,
    pub metadata: Metadata,
    /// Source byte offsets where pages start (paginated formats only).
    pub pages: Vec<usize>,
    /// Comments of the source format (never copy): where inline
    /// suppressions (`disclint-disable-next-line RULE -- reason`) live.
    pub comments: Vec<Comment>,
    /// The text encoding the source was decoded from (`UTF-8`, `UTF-16LE`,
    /// `GBK`, …); `None` for extracted formats (DOCX, PDF) and in-memory text.
    pub encoding: Option<&'static str>,
    /// Ranges of `text` the source shows in fine print (`<small>`, `<sub>` in
    /// Markdown and HTML, or out of sight until clicked, in a collapsed
    /// `<details>`): a risk warning there is not prominent.
    pub fine_print: Vec<Range<usize>>,
    /// The other language (`zh` or `en`) when the copy text also has passages
    /// in it, set with the language by [`Document::detect_missing_language`]:
    /// prohibited wording is looked for in both.
    pub other_language: Option<&'static str>,
    /// Whether `document.language` was detected from the text rather than
    /// given by the metadata (for `--explain-skips`).
    pub language_detected: bool,
    /// What the user should know about how the document was read (a
    /// speaker label no map knows): printed on stderr, never a finding.
    pub warnings: Vec<DocWarning>,
}

/// A warning about how a document was read, for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocWarning {
    /// `file:line:column` of what it is about, when that is a place (a
    /// sidecar's value); `None`: the document as a whole.
    pub at: Option<String>,
    pub message: String,
}

/// A comment in the source: its text without the comment markers, and the
/// source byte range of the whole comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub range: Range<usize>,
}

impl Document {
    /// A plain-text document: the source is the copy text; paragraphs are
    /// separated by blank lines.
    pub fn from_text(path: impl Into<String>, source: String, metadata: Metadata) -> Document {
        let blocks = paragraphs(&source, 0..source.len());
        Document {
            path: path.into(),
            format: Format::Text,
            text: source.clone(),
            source,
            text_map: None,
            blocks,
            metadata,
            pages: Vec::new(),
            comments: Vec::new(),
            encoding: None,
            fine_print: Vec::new(),
            warnings: Vec::new(),
            other_language: None,
            language_detected: false,
        }
    }

    /// A document whose copy text was extracted from `source` (markup, a
    /// binary format, a transcript); `parts` is the copy text, its map back
    /// to the source and its blocks, as the extractors return them.
    pub fn extracted(
        path: &str,
        format: Format,
        source: String,
        parts: (String, OffsetMap, Vec<Block>),
        metadata: Metadata,
        comments: Vec<Comment>,
    ) -> Document {
        let (text, map, blocks) = parts;
        Document {
            path: path.to_string(),
            format,
            source,
            text,
            text_map: Some(map),
            blocks,
            metadata,
            pages: Vec::new(),
            comments,
            encoding: None,
            fine_print: Vec::new(),
            warnings: Vec::new(),
            other_language: None,
            language_detected: false,
        }
    }

    /// A transcript in the text label format (`销售：…` / `客户：…`).
    pub fn from_transcript_text(path: impl Into<String>, source: String, metadata: Metadata) -> Document {
        load::script_from_text(&path.into(), source, 0, metadata, &transcript::LabelMap::default())
    }

    /// Source offset of copy-text offset `offset` as the start of a span.
    pub fn source_start(&self, offset: usize) -> usize {
        self.text_map.as_ref().map_or(offset, |m| m.map_start(offset))
    }

    /// Source offset of copy-text offset `offset` as the end of a span.
    pub fn source_end(&self, offset: usize) -> usize {
        self.text_map.as_ref().map_or(offset, |m| m.map_end(offset))
    }

    /// The 1-based page of source offset `offset`, for paginated formats.
    pub fn page_of(&self, offset: usize) -> Option<usize> {
        if self.pages.is_empty() { None } else { Some(self.pages.partition_point(|&p| p <= offset).max(1)) }
    }

    /// The 1-based source line (of `lines`, this document's [`LineIndex`])
    /// on which the page holding source offset `offset` starts; 1 for
    /// formats without pages. Locations in a PDF count lines from the top of
    /// their page (`spec/documents.md`: "page (and line within it)"), so a
    /// line number is `line - page_first_line + 1`.
    pub fn page_first_line(&self, lines: &LineIndex, offset: usize) -> usize {
        match self.page_of(offset) {
            Some(page) => lines.line_col(&self.source, self.pages[page - 1]).0,
            None => 1,
        }
    }

    /// The language of the copy text: the metadata's, or detected.
    pub fn language(&self) -> &str {
        match self.metadata.get(Field::DocumentLanguage) {
            Some(Value::Text(l)) => l,
            _ => detect_language(&self.text),
        }
    }

    /// Fills `document.language` from the text when the metadata lacks it,
    /// and notes whether the text also has passages in the other language.
    pub fn detect_missing_language(&mut self) {
        if self.metadata.get(Field::DocumentLanguage).is_none() {
            let lang = detect_language(&self.text);
            self.metadata.insert(Field::DocumentLanguage, Value::Text(lang.to_string()));
            self.language_detected = true;
        }
        let primary = self.language().to_ascii_lowercase();
        self.other_language = other_language(&self.text, &primary);
    }

    /// The metadata as it reads for the document's other language, if it has one.
    pub fn other_language_metadata(&self) -> Option<Metadata> {
        self.other_language.map(|lang| {
            let mut metadata = self.metadata.clone();
            metadata.insert(Field::DocumentLanguage, Value::Text(lang.to_string()));
            metadata
        })
    }

    /// The source range of a transcript's preamble (text before the first
    /// speaker: a title, a pitch no one is named as saying), when it has words.
    pub fn preamble(&self) -> Option<Range<usize>> {
        let first = self.blocks.first()?;
        if !matches!(&first.kind, BlockKind::Turn(Role::Other(r)) if r == "preamble") {
            return None;
        }
        let range = self.source_start(first.range.start)..self.source_end(first.range.end);
        self.source.get(range.clone()).is_some_and(|t| !t.trim().is_empty()).then_some(range)
    }

    /// The metadata a transcript's preamble is checked with: the document's,
    /// read as a document rather than as a script (the document packs leave
    /// scripts to the script packs, whose rules read only what someone says).
    pub fn preamble_metadata(&self) -> Metadata {
        let mut metadata = self.metadata.clone();
        metadata.insert(Field::DocumentKind, Value::Text("other".to_string()));
        metadata
    }

    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.source)
    }
}

/// `zh` when Han characters make up a meaningful share of the letters, else
/// `en`. A document whose title (its first line with letters) is Chinese and
/// which has a Chinese passage of some length (at least [`CHINESE_BODY`] Han
/// characters) is Chinese too, however long an English disclaimer at its foot
/// (QA pass 15 item 6): the copy a customer reads is the Chinese, and the
/// English boilerplate is still checked for English prohibited wording.
pub fn detect_language(text: &str) -> &'static str {
    let (han, latin) = letters(text.chars().take(20_000));
    // A Chinese character carries about as much as a short English word.
    if han * 4 >= latin && han > 0 {
        return "zh";
    }
    let title = text.lines().find(|l| l.chars().any(|c| crate::text::is_cjk(c) || c.is_ascii_alphabetic()));
    let title_is_chinese = title.is_some_and(|t| {
        let (h, l) = letters(t.chars());
        h > 0 && h * 4 >= l
    });
    if title_is_chinese && han >= CHINESE_BODY { "zh" } else { "en" }
}

/// Han characters a document with a Chinese title needs to be Chinese
/// whatever the length of its English passages: a sentence or two of copy.
pub const CHINESE_BODY: usize = 20;

/// Han characters and ASCII letters in `chars`.
fn letters(chars: impl Iterator<Item = char>) -> (usize, usize) {
    let (mut han, mut latin) = (0, 0);
    for c in chars {
        if crate::text::is_cjk(c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    (han, latin)
}

/// The second language of a text whose main language is `primary`: `en` when
/// a Chinese text has a few English words in it, `zh` when an English text
/// has a few Chinese characters. The bar is low on purpose: only prohibited
/// wording is looked for in the second language (a required warning is
/// asked for in the main one), and it only matches whole claims written in it.
pub fn other_language(text: &str, primary: &str) -> Option<&'static str> {
    /// A short clause: 保本保息零风险 (7 characters), "returns are guaranteed" (3 words).
    const ENOUGH_HAN: usize = 4;
    const ENOUGH_WORDS: usize = 3;
    match primary {
        "zh" => {
            let (mut words, mut run, mut lower) = (0, 0, false);
            let bytes = text.as_bytes();
            let mut i = 0;
            while i <= bytes.len() {
                // Full-width letters (`ｇｕａｒａｎｔｅｅｄ`, typed with a Chinese
                // input method) are English too: the scan folds them to ASCII.
                // In UTF-8 they are EF BC A1–BA (Ａ–Ｚ) and EF BD 81–9A (ａ–ｚ).
                let (c, len) = match bytes.get(i..) {
                    None | Some([]) => (b' ', 1),
                    Some([0xEF, 0xBC, b @ 0xA1..=0xBA, ..]) => (b - 0xA1 + b'A', 3),
                    Some([0xEF, 0xBD, b @ 0x81..=0x9A, ..]) => (b - 0x81 + b'a', 3),
                    Some([b, ..]) => (*b, 1),
                };
                i += len;
                if c.is_ascii_alphabetic() {
                    run += 1;
                    lower |= c.is_ascii_lowercase();
                } else {
                    // Codes and abbreviations (ETF, QDII, R3) are not English prose.
                    if run >= 2 && lower {
                        words += 1;
                        if words >= ENOUGH_WORDS {
                            return Some("en");
                        }
                    }
                    run = 0;
                    lower = false;
                }
            }
            None
        }
        "en" => {
            let han = text.chars().filter(|&c| crate::text::is_cjk(c)).take(ENOUGH_HAN).count();
            (han >= ENOUGH_HAN).then_some("zh")
        }
        _ => None,
    }
}

/// Paragraph blocks of `text[range]`: runs of non-blank lines.
pub fn paragraphs(text: &str, range: Range<usize>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = range.start;
    let mut pos = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Block { kind: BlockKind::Paragraph, range: s..end });
            }
        } else {
            start.get_or_insert(pos);
            end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        blocks.push(Block { kind: BlockKind::Paragraph, range: s..end });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_language_needs_prose_not_codes() {
        assert_eq!(other_language("本基金代码ETF，QDII额度，风险等级R3。", "zh"), None);
        assert_eq!(other_language("本基金不保本。Returns are guaranteed.", "zh"), Some("en"));
        assert_eq!(
            other_language("本基金不保本。Ｏｕｒ　ｆｕｎｄ　ｉｓ　ｒｉｓｋ－ｆｒｅｅ。", "zh"),
            Some("en")
        );
        assert_eq!(other_language("本基金代码ＥＴＦ，ＱＤＩＩ额度。", "zh"), None);
        assert_eq!(other_language("Fund 稳盈 only.", "en"), None);
        assert_eq!(other_language("本产品保本 is what the flyer says.", "en"), Some("zh"));
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let t = "第一段\n续行\n\n  \n第二段\n";
        let b = paragraphs(t, 0..t.len());
        assert_eq!(b.len(), 2);
        assert_eq!(&t[b[0].range.clone()], "第一段\n续行");
        assert_eq!(&t[b[1].range.clone()], "第二段");
    }

    #[test]
    fn language_detection() {
        assert_eq!(detect_language("本产品不保本，投资须谨慎。"), "zh");
        assert_eq!(detect_language("Capital at risk. Past performance is not a reliable indicator."), "en");
        let disclaimer =
            "Important information: this material is issued for information purposes only. ".repeat(8);
        let promo = format!(
            "# 青禾稳享2号 · 限量发售\n业绩比较基准年化3.8%，风险等级R2，1万元起购，各网点均可购买。\n\n{disclaimer}\n"
        );
        assert_eq!(detect_language(&promo), "zh");
        // An English page with a Chinese paragraph stays English.
        let fact = format!(
            "# Harbour Global Fund\n{disclaimer}\n本基金由远航基金管理，风险等级R3，投资需谨慎，过往业绩不预示未来。\n"
        );
        assert_eq!(detect_language(&fact), "en");
        // A Chinese title with a line of Chinese under it is not enough… unless it is a sentence or two.
        assert_eq!(detect_language(&format!("青禾稳享\n{disclaimer}")), "en");
    }
}
