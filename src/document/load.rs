//! Reading documents from disk or stdin: format detection, decoding, front
//! matter, sidecar metadata and overrides.

use super::{Document, Field, Format, Metadata, MetadataError};
use std::path::{Path, PathBuf};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not valid UTF-8 text (byte {0}); binary file?")]
    NotText(usize),
    #[error("{file}:{line}:{column}: {message}")]
    Metadata { file: String, line: usize, column: usize, message: String },
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
}

/// How to read documents.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Metadata every document starts from (config defaults).
    pub defaults: Metadata,
    /// `--meta key=value`, applied last.
    pub overrides: Metadata,
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { defaults: Metadata::new(), overrides: Metadata::new(), max_bytes: 64 * 1024 * 1024 }
    }
}

/// The format a path's name implies.
pub fn format_of(path: &Path) -> Format {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.contains(".script.") {
        return Format::Transcript;
    }
    match path.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm") => Format::Html,
        Some("docx") => Format::Docx,
        Some("pdf") => Format::Pdf,
        _ => Format::Text,
    }
}

/// Whether a folder walk should pick this file up as a document.
pub fn is_document(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.ends_with(".meta.yaml") || name.ends_with(".meta.yml") {
        return false;
    }
    matches!(
        path.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref(),
        Some("txt" | "md" | "markdown" | "html" | "htm" | "docx" | "pdf")
    )
}

fn decode(bytes: &[u8]) -> Result<String, DocError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(DocError::NotText(e.valid_up_to())),
    }
}

/// Splits YAML front matter (`---` … `---` at the very top) from the body.
/// Returns the YAML and the byte offset where it starts, and the body offset.
pub fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Some((&text[yaml_start..pos], yaml_start, pos + line.len()));
        }
        pos += line.len();
    }
    None
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses metadata YAML (front matter or sidecar). `base` is the byte offset
/// of `yaml` inside `whole`, so errors name the line of the real file.
pub fn parse_metadata_yaml(file: &str, whole: &str, yaml: &str, base: usize) -> Result<Metadata, DocError> {
    let err = |offset: usize, message: String| {
        let (line, column) = line_col(whole, base + offset);
        DocError::Metadata { file: file.to_string(), line, column, message }
    };
    let value: serde_json::Value =
        serde_saphyr::from_str(yaml).map_err(|e| err(0, format!("invalid YAML: {e}")))?;
    let mut meta = Metadata::new();
    let locate = |key: &str| yaml.find(&format!("{key}:")).unwrap_or(0);
    let mut set = |path: &str, raw: String| -> Result<(), DocError> {
        let leaf = path.rsplit('.').next().unwrap_or(path);
        meta.set(path, &raw).map_err(|e| {
            let message = match &e {
                MetadataError::UnknownField(_) => e.to_string(),
                MetadataError::InvalidValue { .. } => e.to_string(),
            };
            err(locate(leaf), message)
        })
    };
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| i.as_str().map_or(i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => other.to_string(),
    };
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::Object(inner) => {
                        for (k2, v2) in inner {
                            set(&format!("{k}.{k2}"), scalar(&v2))?;
                        }
                    }
                    other => set(&k, scalar(&other))?,
                }
            }
        }
        _ => return Err(err(0, "metadata must be a mapping of fields".into())),
    }
    Ok(meta)
}

fn sidecar_of(path: &Path) -> Option<PathBuf> {
    let full = PathBuf::from(format!("{}.meta.yaml", path.display()));
    if full.is_file() {
        return Some(full);
    }
    let stem = path.with_extension("meta.yaml");
    stem.is_file().then_some(stem)
}

/// Builds a document from decoded text of a known format.
pub fn from_text(
    name: &str,
    text: String,
    format: Format,
    mut meta: Metadata,
    opts: &LoadOptions,
) -> Result<Document, DocError> {
    let mut body_range = None;
    if matches!(format, Format::Markdown | Format::Text | Format::Transcript)
        && let Some((yaml, start, body)) = split_front_matter(&text)
    {
        meta.merge_from(&parse_metadata_yaml(name, &text, yaml, start)?);
        body_range = Some(body);
    }
    meta.merge_from(&opts.overrides);
    let script = matches!(meta.get(Field::DocumentKind), Some(super::Value::Text(k)) if k == "script");
    let mut doc = if format == Format::Transcript || script {
        Document::from_transcript_text(name, text, meta)
    } else {
        let mut d = Document::from_text(name, text, meta);
        d.format = format;
        d
    };
    if let Some(body) = body_range
        && doc.format != Format::Transcript
    {
        // Front matter is metadata, not copy: blank it out of the checked text.
        let blank: String = doc.text[..body].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
        doc.text.replace_range(..body, &blank);
        doc.blocks = super::paragraphs(&doc.text, 0..doc.text.len());
        doc.text_map = Some(identity_with_padding(&doc.source, &doc.text));
    }
    doc.detect_missing_language();
    Ok(doc)
}

/// The blanked copy text has different byte lengths where multi-byte
/// characters became spaces; map it back character by character.
fn identity_with_padding(source: &str, text: &str) -> crate::text::OffsetMap {
    let mut b = crate::text::OffsetMapBuilder::new();
    for (s, t) in source.chars().zip(text.chars()) {
        if s.len_utf8() == t.len_utf8() {
            b.copy(s.len_utf8());
        } else {
            b.replace(t.len_utf8(), s.len_utf8());
        }
    }
    b.finish()
}

/// Reads one document from disk.
pub fn load_path(path: &Path, opts: &LoadOptions) -> Result<Document, DocError> {
    let size = std::fs::metadata(path)?.len();
    if size > opts.max_bytes {
        return Err(DocError::TooLarge { size, limit: opts.max_bytes });
    }
    let bytes = std::fs::read(path)?;
    let name = path.display().to_string();
    let format = format_of(path);
    let mut meta = opts.defaults.clone();
    if let Some(sidecar) = sidecar_of(path) {
        let text = std::fs::read_to_string(&sidecar)?;
        meta.merge_from(&parse_metadata_yaml(&sidecar.display().to_string(), &text, &text, 0)?);
    }
    let text = decode(&bytes)?;
    from_text(&name, text, format, meta, opts)
}
