//! Reading documents from disk or stdin: format detection, decoding, front
//! matter, sidecar metadata and overrides, and one extractor per format
//! (`spec/documents.md`).
//!
//! Every loader returns a [`DocError`] rather than panicking, whatever the
//! bytes: each has a property test over arbitrary input.

mod docx;
mod encoding;
mod extract;
mod html;
mod markdown;
mod meta;
mod pdf;
mod plain;
mod script;
mod yaml;

pub(crate) use yaml::error_message as yaml_error_message;

pub use encoding::{NotUtf8, decode, utf8_text};
pub use meta::{parse_metadata_yaml, split_front_matter};
pub use plain::directive;
pub(crate) use script::from_text as script_from_text;

use super::transcript::{LabelMap, Markup};
use super::{Document, Field, Format, Metadata, Value};
use std::path::{Path, PathBuf};

/// Why a document could not be read. The messages do not repeat the
/// document's name (reports print it next to the error), except metadata
/// errors, which name the metadata file (possibly a sidecar) with line and column.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a text document: {0}")]
    Binary(String),
    #[error("cannot decode the text: {0}")]
    Undecodable(String),
    #[error("{file}:{line}:{column}: {message}")]
    Metadata { file: String, line: usize, column: usize, message: String },
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("archive entry `{entry}` {reason} (possible zip bomb)")]
    Decompression { entry: String, reason: String },
    #[error("encrypted {0}: cannot read its text")]
    Encrypted(&'static str),
    #[error("corrupt {what}: {reason}")]
    Corrupt { what: &'static str, reason: String },
    #[error("PDF has no extractable text (a scanned image?): nothing to check")]
    NoTextLayer,
    /// A Word document or web page whose extraction leaves no text at all
    /// (a poster that is one image): nothing was checked, so it cannot pass.
    #[error(
        "{0} has no text to check (only images?): nothing was checked; check the text it shows some other way"
    )]
    NoText(&'static str),
    /// A transcript with no turn at all (an empty file, `turns: []`): a
    /// recorded sale with nothing in it was not checked, so it cannot pass,
    /// as one whose speakers are all unknown cannot.
    #[error(
        "the transcript has no turns: nothing was checked; expected turns such as `理财经理：…` and `客户：…` \
         (or `turns: [{{speaker, text}}]`)"
    )]
    EmptyTranscript,
    #[error(
        "PDF page {page}: font {font} has no ToUnicode map, so its text cannot be read (it would \
         come out as other characters and pass unchecked): export the PDF again with its fonts' \
         Unicode maps (PDF/A, or text kept as text)"
    )]
    UnmappedFont { page: u32, font: String },
    #[error(
        "no speaker labels recognised{}: expected turns such as `理财经理：…` and `客户：…` \
         (the known labels are listed in docs/formats.md, Sales scripts; map others in \
         disclint.yaml under `transcript: labels:`)",
        found_labels(.found)
    )]
    NoSpeakerLabels {
        /// What stood before the colon of label-like lines (a few, for the message).
        found: Vec<String>,
    },
    /// Lines that open with a time stamp in a form the reader does not know
    /// (`<00:00:31>`): its first colon is not a label's, and no label
    /// mapping can help, so the message blames the time stamp.
    #[error(
        "no speaker labels recognised: the lines start with a time stamp written {}, a form that is \
         not recognised; write it as `[00:00:31]`, `(00:00:31)`, `【00:00:31】`, `[00:00:31,250]` or \
         `00:00:31` before the label (docs/formats.md, Sales scripts)",
        quoted(.stamps)
    )]
    UnrecognisedTimestamps {
        /// The first word of such lines (a few, for the message).
        stamps: Vec<String>,
    },
    /// A time stamp between a speaker's label and its colon
    /// (`坐席（00:00:01）：`): the format puts it before the label, and no
    /// label mapping can read it.
    #[error(
        "line {line}: the time stamp stands after the speaker label (`{written}`), a form that is \
         not read; write it before the label, as `[00:00:01] 坐席：…` (docs/formats.md, Sales scripts)"
    )]
    TimestampAfterLabel { line: usize, written: String },
    /// The lines are rows of a Markdown table and no row names a known
    /// speaker: `markdown` says whether the file is read as Markdown (a
    /// `.script.md`), where such rows are turns.
    #[error("no speaker labels recognised: {}", table_message(*.markdown, .found))]
    TableWithoutLabels { markdown: bool, found: Vec<String> },
    #[error(
        "no turn is the agent's or the customer's (speakers: {}): use `speaker: agent` or \
         `customer`, a known label (docs/formats.md, Sales scripts), or map yours in disclint.yaml \
         under `transcript: labels:`",
        .speakers.join(", ")
    )]
    NoKnownSpeakers {
        /// The distinct speakers of the transcript, as written (a few, for the message).
        speakers: Vec<String>,
    },
    /// More than one sidecar name exists next to the document: reading one
    /// and ignoring the other would drop metadata without a word.
    #[error(
        "{} are each a sidecar metadata file of this document, which reads only one: keep one \
         (move the other's fields into it)",
        join_and(.files)
    )]
    Sidecars { files: Vec<String> },
    #[error("{0}")]
    Invalid(String),
}

/// `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn table_message(markdown: bool, found: &[String]) -> String {
    if markdown {
        format!(
            "the turns are rows of a Markdown table, and no cell of them is a known speaker label{}: \
             a row is a turn when a cell of its own holds the speaker's label (`| 00:00:01 | 坐席 | 您好 |`) \
             (the known labels are listed in docs/formats.md, Sales scripts; map others in \
             disclint.yaml under `transcript: labels:`)",
            found_labels(found)
        )
    } else {
        "the lines are rows of a Markdown table (`| 00:00:01 | 坐席 | 您好 |`), which a text transcript \
         does not read as turns: name the file `.script.md`, where each row is a turn, or write the \
         turns as `[00:00:01] 坐席：您好`"
            .to_string()
    }
}

fn found_labels(found: &[String]) -> String {
    if found.is_empty() { String::new() } else { format!(" (unknown labels: {})", quoted(found)) }
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
}

/// How to read documents.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Metadata every document starts from (config defaults).
    pub defaults: Metadata,
    /// `--meta key=value`, applied last.
    pub overrides: Metadata,
    /// Largest input accepted, in bytes (also the largest uncompressed size
    /// of all entries of a DOCX archive together).
    pub max_bytes: u64,
    /// Largest accepted ratio of uncompressed to compressed size for an
    /// archive entry (DOCX) once it is over 1 MiB: a defence against zip bombs.
    pub max_decompression_ratio: u64,
    /// Speaker labels of text transcripts (extendable from config).
    pub labels: LabelMap,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            defaults: Metadata::new(),
            overrides: Metadata::new(),
            max_bytes: 64 * 1024 * 1024,
            max_decompression_ratio: 100,
            labels: LabelMap::default(),
        }
    }
}

/// The syntax a document is read with; finer than [`Format`] (a transcript
/// may be written as labelled text, YAML or JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
    /// Text label format (`销售：…`).
    ScriptText,
    /// Text label format written in Markdown (`.script.md`: `**理财经理**：…`,
    /// `- 客户：…`, links): markup is not label or copy.
    ScriptMarkdown,
    /// `turns: [{speaker, text}]` in YAML.
    ScriptYaml,
    /// `{"turns": [{"speaker", "text"}]}` in JSON.
    ScriptJson,
}

impl Syntax {
    /// Whether documents of this syntax are text to decode (not an archive or a PDF).
    pub fn is_text(self) -> bool {
        !matches!(self, Syntax::Docx | Syntax::Pdf)
    }

    pub fn format(self) -> Format {
        match self {
            Syntax::Text => Format::Text,
            Syntax::Markdown => Format::Markdown,
            Syntax::Html => Format::Html,
            Syntax::Docx => Format::Docx,
            Syntax::Pdf => Format::Pdf,
            Syntax::ScriptText | Syntax::ScriptMarkdown | Syntax::ScriptYaml | Syntax::ScriptJson => {
                Format::Transcript
            }
        }
    }

    /// The syntax a path's name implies.
    pub fn of(path: &Path) -> Syntax {
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if name.contains(".script.") {
            return match ext.as_deref() {
                Some("yaml" | "yml") => Syntax::ScriptYaml,
                Some("json") => Syntax::ScriptJson,
                Some("md" | "markdown") => Syntax::ScriptMarkdown,
                _ => Syntax::ScriptText,
            };
        }
        match ext.as_deref() {
            Some("md" | "markdown") => Syntax::Markdown,
            Some("html" | "htm" | "xhtml") => Syntax::Html,
            // Macro-enabled documents and templates hold the same
            // WordprocessingML as `.docx` (macros are not copy).
            Some("docx" | "docm" | "dotx" | "dotm") => Syntax::Docx,
            Some("pdf") => Syntax::Pdf,
            _ => Syntax::Text,
        }
    }

    fn from_format(format: Format) -> Syntax {
        match format {
            Format::Text => Syntax::Text,
            Format::Markdown => Syntax::Markdown,
            Format::Html => Syntax::Html,
            Format::Docx => Syntax::Docx,
            Format::Pdf => Syntax::Pdf,
            Format::Transcript => Syntax::ScriptText,
        }
    }
}

/// The format a path's name implies.
pub fn format_of(path: &Path) -> Format {
    Syntax::of(path).format()
}

/// The documents [`is_document`] accepts, for messages.
pub const READABLE: &str = ".txt, .md, .markdown, .html, .htm, .xhtml, .docx, .docm, .dotx, .dotm, .pdf, \
                            and transcripts as .script.yaml, .script.yml or .script.json";

/// Whether a folder walk should pick this file up as a document.
pub fn is_document(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.ends_with(".meta.yaml") || name.ends_with(".meta.yml") {
        return false;
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some(
            "txt" | "md" | "markdown" | "html" | "htm" | "xhtml" | "docx" | "docm" | "dotx" | "dotm" | "pdf",
        ) => true,
        Some("yaml" | "yml" | "json") => name.contains(".script."),
        _ => false,
    }
}

/// The names a sidecar metadata file of `path` may have: `NAME.meta.yaml`,
/// the name without its extension plus `.meta.yaml`, and both with `.yml`
/// (a folder walk already takes those for sidecars, not documents).
fn sidecar_names(path: &Path) -> Vec<PathBuf> {
    let mut names = Vec::new();
    for ext in ["meta.yaml", "meta.yml"] {
        let mut full = path.as_os_str().to_owned();
        full.push(".");
        full.push(ext);
        names.push(PathBuf::from(full));
        let stem = path.with_extension(ext);
        if stem != path {
            names.push(stem);
        }
    }
    names.dedup();
    names
}

/// The sidecar metadata file of `path`, if it has one. Two (`leaflet.md.meta.yaml`
/// and `leaflet.meta.yaml`) are an error naming both: which one wins is
/// nowhere said, and the other's fields would be dropped silently.
pub fn sidecar_of(path: &Path) -> Result<Option<PathBuf>, DocError> {
    let mut found: Vec<PathBuf> = sidecar_names(path).into_iter().filter(|p| p.is_file()).collect();
    match found.len() {
        0 | 1 => Ok(found.pop()),
        _ => Err(DocError::Sidecars { files: found.iter().map(|p| p.display().to_string()).collect() }),
    }
}

/// The documents next to `sidecar` that would read it as their sidecar
/// metadata file: what to check when a sidecar is named on the command line
/// (pre-commit passes a changed sidecar alone).
pub fn documents_of_sidecar(sidecar: &Path) -> Vec<PathBuf> {
    let Some(name) = sidecar.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let lower = name.to_lowercase();
    let Some(cut) =
        [".meta.yaml", ".meta.yml"].iter().find_map(|e| lower.ends_with(e).then(|| name.len() - e.len()))
    else {
        return Vec::new();
    };
    let base = &name[..cut];
    let dir = sidecar.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let full = dir.join(base);
    if full.is_file() && is_document(&full) {
        out.push(full);
    }
    // `brochure.meta.yaml` is the sidecar of every `brochure.EXT` document.
    let listing = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    if let Ok(entries) = std::fs::read_dir(listing) {
        let mut more: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| dir.join(e.file_name()))
            .filter(|p| {
                p.file_stem().is_some_and(|s| s.to_string_lossy() == base)
                    && p.extension().is_some()
                    && p.is_file()
                    && is_document(p)
                    && !out.contains(p)
            })
            .collect();
        more.sort();
        out.extend(more);
    }
    out
}

/// Builds a document from decoded text of a known format (text, Markdown,
/// HTML or a text transcript; DOCX and PDF need [`load_bytes`]).
/// `meta` holds the metadata so far (defaults, sidecar); front matter and
/// `opts.overrides` are applied on top.
pub fn from_text(
    name: &str,
    text: String,
    format: Format,
    meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    from_source(name, text, Syntax::from_format(format), meta, opts)
}

/// Builds a document from raw bytes of a known syntax: detects the text
/// encoding, extracts DOCX/PDF text, applies front matter and overrides.
pub fn load_bytes(
    name: &str,
    bytes: &[u8],
    syntax: Syntax,
    meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    // Refused before the copy a text format would make.
    if bytes.len() as u64 > opts.max_bytes {
        return Err(DocError::TooLarge { size: bytes.len() as u64, limit: opts.max_bytes });
    }
    if syntax.is_text() {
        return load_owned(name, bytes.to_vec(), syntax, meta, opts);
    }
    load_binary(name, bytes, syntax, meta, opts)
}

/// [`load_bytes`] for bytes the caller owns: text formats decode them in place.
pub fn load_owned(
    name: &str,
    bytes: Vec<u8>,
    syntax: Syntax,
    meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    if !syntax.is_text() {
        return load_binary(name, &bytes, syntax, meta, opts);
    }
    if bytes.len() as u64 > opts.max_bytes {
        return Err(DocError::TooLarge { size: bytes.len() as u64, limit: opts.max_bytes });
    }
    let (text, enc) = encoding::decode_owned(bytes)?;
    let mut doc = from_source(name, text, syntax, meta, opts)?;
    doc.encoding = Some(enc);
    Ok(doc)
}

/// `text` with each carriage return that no line feed follows made a line
/// feed: classic Mac OS and some "Save as text" exports end lines with a
/// lone CR, which editors show as a line break (QA pass 15 item 22). Both
/// are one byte, so positions are unchanged; CRLF is left as it is.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn load_binary(
    name: &str,
    bytes: &[u8],
    syntax: Syntax,
    meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(DocError::TooLarge { size: bytes.len() as u64, limit: opts.max_bytes });
    }
    let mut doc = match syntax {
        Syntax::Docx => {
            let mut meta = meta;
            meta.merge_from(&opts.overrides);
            let doc = docx::load(name, bytes, meta, opts)?;
            if doc.text.trim().is_empty() {
                return Err(DocError::NoText("the Word document"));
            }
            doc
        }
        Syntax::Pdf => {
            let mut meta = meta;
            meta.merge_from(&opts.overrides);
            pdf::load(name, bytes, meta)?
        }
        _ => return load_owned(name, bytes.to_vec(), syntax, meta, opts),
    };
    doc.detect_missing_language();
    Ok(doc)
}

fn is_script(meta: &Metadata) -> bool {
    matches!(meta.get(Field::DocumentKind), Some(Value::Text(k)) if k == "script")
}

fn from_source(
    name: &str,
    text: String,
    syntax: Syntax,
    mut meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    let text = lone_cr_to_lf(text);
    let mut doc = match syntax {
        Syntax::Text | Syntax::Markdown | Syntax::ScriptText | Syntax::ScriptMarkdown => {
            let mut body = 0;
            if let Some((yaml, start, body_start)) = meta::front_matter(name, &text)? {
                meta.merge_from(&parse_metadata_yaml(name, &text, yaml, start)?);
                body = body_start;
            }
            meta.merge_from(&opts.overrides);
            if matches!(syntax, Syntax::ScriptText | Syntax::ScriptMarkdown) || is_script(&meta) {
                // A Markdown file marked `document.kind: script` is a
                // Markdown transcript too.
                let markup = if matches!(syntax, Syntax::Markdown | Syntax::ScriptMarkdown) {
                    Markup::Markdown
                } else {
                    Markup::Plain
                };
                script::from_text_checked(name, text, body, meta, &opts.labels, markup)?
            } else if syntax == Syntax::Markdown {
                markdown::load(name, text, body, meta)?
            } else {
                plain::load(name, text, body, meta)
            }
        }
        Syntax::Html => {
            meta.merge_from(&opts.overrides);
            let (doc, body_text) = html::load(name, text, meta)?;
            // A poster page (images, perhaps a `<title>`) or an empty file
            // shows nothing to check, so it cannot pass: nearly every page
            // has a title, and it is not what the page shows. The title is
            // still checked as copy when there is text besides it.
            if !body_text {
                return Err(DocError::NoText("the web page"));
            }
            doc
        }
        Syntax::ScriptYaml => script::from_structured(name, text, meta, opts, "YAML")?,
        Syntax::ScriptJson => script::from_structured(name, text, meta, opts, "JSON")?,
        Syntax::Docx | Syntax::Pdf => {
            return Err(DocError::Invalid(format!("{name}: a {syntax:?} document needs its raw bytes")));
        }
    };
    doc.detect_missing_language();
    Ok(doc)
}

/// Reads one document from disk.
pub fn load_path(path: &Path, opts: &LoadOptions) -> Result<Document, DocError> {
    let size = std::fs::metadata(path)?.len();
    if size > opts.max_bytes {
        return Err(DocError::TooLarge { size, limit: opts.max_bytes });
    }
    let bytes = std::fs::read(path)?;
    // A name that is not UTF-8 is escaped (`\xB1`), never made U+FFFD.
    let name = crate::report::display_path(path);
    let mut meta = opts.defaults.clone();
    if let Some(sidecar) = sidecar_of(path)? {
        let raw = std::fs::read(&sidecar)?;
        let sidecar_name = sidecar.display().to_string();
        let text = encoding::utf8_text(raw, "metadata files").map_err(|e| DocError::Metadata {
            file: sidecar_name.clone(),
            line: e.line,
            column: e.column,
            message: e.to_string(),
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        meta.merge_from(&parse_metadata_yaml(&sidecar_name, text, text, 0)?);
    }
    load_owned(&name, bytes, Syntax::of(path), meta, opts)
}

/// Text with less contrast than this against what is behind it is not seen
/// (`#fefefe` or `#f8f8f8` on white, `#010101` on black: QA pass 15 item
/// 16). WCAG asks 4.5 for body text; 1.1 is far below anything legible
/// (light grey `#cccccc` on white is 1.6, `#eeeeee` 1.16).
pub(crate) const UNSEEN_CONTRAST: f64 = 1.1;

/// Whether text in colour `ink` cannot be told from `ground` (red, green,
/// blue): their WCAG contrast ratio is under [`UNSEEN_CONTRAST`].
pub(crate) fn indistinguishable(ink: [u8; 3], ground: [u8; 3]) -> bool {
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
    let (a, b) = (luminance(ink), luminance(ground));
    let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
    ratio < UNSEEN_CONTRAST
}

/// A colour written as six hex digits (`FEFEFE`, as Word writes them).
pub(crate) fn hex_rgb(s: &str) -> Option<[u8; 3]> {
    let s = s.trim().trim_start_matches('#');
    if s.len() != 6 || !s.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod contrast_tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_is_a_line_break() {
        assert_eq!(lone_cr_to_lf("一\r二\r\n三\r".into()), "一\n二\r\n三\n");
        assert_eq!(lone_cr_to_lf("保本".into()), "保本");
    }

    #[test]
    fn near_colours_are_unseen_and_faint_ones_are_not() {
        let white = [255, 255, 255];
        let black = [0, 0, 0];
        assert!(indistinguishable([254, 254, 254], white));
        assert!(indistinguishable([248, 248, 248], white));
        assert!(indistinguishable([1, 1, 1], black));
        assert!(indistinguishable(white, white));
        assert!(!indistinguishable([204, 204, 204], white));
        assert!(!indistinguishable([230, 230, 230], white));
        assert!(!indistinguishable([34, 34, 34], black));
        assert!(!indistinguishable(black, white));
        assert_eq!(hex_rgb("FEFEFE"), Some([254, 254, 254]));
        assert_eq!(hex_rgb("auto"), None);
    }
}
