//! Metadata YAML (sidecar files, front matter, the metadata keys of YAML/JSON
//! transcripts), validated strictly: every error names the file, the line
//! and column of the offending key or value, and what is accepted.

use super::DocError;
use super::yaml::{self, Node};
use crate::document::{Field, Metadata, MetadataError};
use serde_saphyr::{Location, Spanned};

/// Splits YAML front matter (`---` … `---` at the very top) from the body.
/// Returns the YAML, the byte offset where it starts, and the body offset.
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

/// The YAML front matter of `text` (see [`split_front_matter`]), refusing
/// what would otherwise be read as copy with its metadata silently dropped: a
/// `---` first line with no closing `---`/`...` line, and TOML front matter
/// (`+++`), which disclint does not read.
pub fn front_matter<'t>(file: &str, text: &'t str) -> Result<Option<(&'t str, usize, usize)>, DocError> {
    if let Some(found) = split_front_matter(text) {
        return Ok(Some(found));
    }
    let first = text.split('\n').next().unwrap_or("").trim_end();
    let message = match first {
        "---" if text.contains('\n') => {
            "front matter opened at line 1 is not closed: end the metadata with a `---` line \
             (if the `---` is a horizontal rule, put an empty line before it)"
        }
        "+++" => {
            "TOML front matter (`+++`) is not supported: write the metadata as YAML front matter \
             between `---` lines, or in a sidecar file NAME.meta.yaml"
        }
        _ => return Ok(None),
    };
    Err(DocError::Metadata { file: file.to_string(), line: 1, column: 1, message: message.to_string() })
}

/// 1-based line and character column of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where errors in a piece of YAML are reported: the file, its whole text,
/// and the byte offset of the YAML inside it.
pub struct Origin<'a> {
    pub file: &'a str,
    pub whole: &'a str,
    pub yaml: &'a str,
    pub base: usize,
    /// What the user wrote, for syntax errors: "YAML", or "JSON" for a
    /// `.script.json` (parsed by the YAML parser, JSON being YAML).
    pub notation: &'static str,
}

impl Origin<'_> {
    pub fn error_at(&self, yaml_offset: usize, message: String) -> DocError {
        let (line, column) = line_col(self.whole, self.base + yaml_offset);
        DocError::Metadata { file: self.file.to_string(), line, column, message }
    }

    /// `file:line:column` of `loc`, for warnings.
    pub fn place(&self, loc: &Location) -> String {
        let (line, column) = line_col(self.whole, self.base + yaml::offset(loc, self.yaml).unwrap_or(0));
        format!("{}:{line}:{column}", self.file)
    }

    pub fn error(&self, loc: &Location, message: String) -> DocError {
        self.error_at(yaml::offset(loc, self.yaml).unwrap_or(0), message)
    }

    pub fn parse(&self) -> Result<Spanned<Node>, DocError> {
        yaml::parse(self.yaml).map_err(|e| {
            let at = e.location().and_then(|l| yaml::offset(&l, self.yaml)).unwrap_or(0);
            self.error_at(at, format!("invalid {}: {}", self.notation, yaml::error_message(&e)))
        })
    }
}

/// Parses metadata YAML (front matter or sidecar). `base` is the byte offset
/// of `yaml` inside `whole`, so errors name the line of the real file.
pub fn parse_metadata_yaml(file: &str, whole: &str, yaml: &str, base: usize) -> Result<Metadata, DocError> {
    if yaml.trim().is_empty() {
        return Ok(Metadata::new());
    }
    let origin = Origin { file, whole, yaml, base, notation: "YAML" };
    let root = origin.parse()?;
    metadata_from_node(&origin, &root, &[])
}

const GROUPS: &[&str] = &["document", "product", "audience"];

/// The metadata fields of a mapping, ignoring the top-level keys `skip`.
pub fn metadata_from_node(
    origin: &Origin,
    root: &Spanned<Node>,
    skip: &[&str],
) -> Result<Metadata, DocError> {
    let mut meta = Metadata::new();
    let entries = match &root.value {
        Node::Null => return Ok(meta),
        Node::Map(entries) => entries,
        other => {
            return Err(origin.error(
                &root.referenced,
                format!("metadata must be a mapping of fields, found {}", other.kind()),
            ));
        }
    };
    for (key, value) in entries {
        let k = key.value.as_str();
        if skip.contains(&k) {
            continue;
        }
        if GROUPS.contains(&k) {
            match &value.value {
                Node::Null => {}
                Node::Map(inner) => {
                    for (k2, v2) in inner {
                        set(origin, &mut meta, &format!("{k}.{}", k2.value), k2, v2)?;
                    }
                }
                other => {
                    let fields: Vec<&str> = Field::ALL
                        .iter()
                        .map(|f| f.path())
                        .filter(|p| p.starts_with(&format!("{k}.")))
                        .collect();
                    return Err(origin.error(
                        &value.referenced,
                        format!(
                            "`{k}` must be a mapping of fields ({}), found {}",
                            fields.join(", "),
                            other.kind()
                        ),
                    ));
                }
            }
        } else {
            set(origin, &mut meta, k, key, value)?;
        }
    }
    Ok(meta)
}

fn set(
    origin: &Origin,
    meta: &mut Metadata,
    path: &str,
    key: &Spanned<String>,
    value: &Spanned<Node>,
) -> Result<(), DocError> {
    let Some(field) = Field::parse(path) else {
        return Err(origin.error(&key.referenced, MetadataError::UnknownField(path.to_string()).to_string()));
    };
    // Where each tag is written, for a warning about a tag no rule tests.
    let mut places: Vec<(String, String)> = Vec::new();
    let raw = match &value.value {
        Node::Null => return Ok(()),
        // `risk_level: 3` is a documented form: numbers are taken as their text.
        Node::Scalar(s) | Node::Typed(s, _) => s.clone(),
        Node::Seq(items) if field == Field::AudienceSegments => {
            let mut tags = Vec::new();
            for item in items {
                match &item.value {
                    Node::Scalar(s) | Node::Typed(s, _) => {
                        tags.push(s.clone());
                        places.push((s.clone(), origin.place(&item.referenced)));
                    }
                    other => {
                        return Err(origin.error(
                            &item.referenced,
                            format!("invalid value for `{path}`: expected a tag, found {}", other.kind()),
                        ));
                    }
                }
            }
            format!("[{}]", tags.join(", "))
        }
        other => {
            return Err(origin.error(
                &value.referenced,
                format!("invalid value for `{path}`: expected {}, found {}", field.expected(), other.kind()),
            ));
        }
    };
    meta.set(path, &raw).map_err(|e| origin.error(&value.referenced, e.to_string()))?;
    if field == Field::AudienceSegments {
        if places.is_empty() {
            // One scalar (`segments: elderly`, `segments: "[a, b]"`): its tags share its place.
            let at = origin.place(&value.referenced);
            let tags = crate::document::metadata::parse_value(field, &raw).ok();
            if let Some(crate::document::Value::List(tags)) = tags {
                places = tags.into_iter().map(|t| (t, at.clone())).collect();
            }
        }
        for (tag, at) in places {
            // Noted under the value the metadata holds (a synonym's canonical tag).
            let stored =
                crate::document::metadata::segment_alias(&tag).map_or(tag.trim().to_string(), str::to_string);
            meta.note_origin(field, &stored, at);
        }
    }
    if field == Field::Channel
        && let Some(crate::document::Value::Text(channel)) = meta.get(field).cloned()
    {
        meta.note_origin(field, &channel, origin.place(&value.referenced));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(whole: &str, yaml: &str, base: usize) -> String {
        parse_metadata_yaml("f.md", whole, yaml, base).unwrap_err().to_string()
    }

    #[test]
    fn invalid_value_names_line_column_and_choices() {
        let yaml = "product:\n  name: 稳盈\n  risk_level: R7\n";
        let e = err(yaml, yaml, 0);
        assert!(e.starts_with("f.md:3:15: "), "{e}");
        assert!(e.contains("R1–R5"), "{e}");
    }

    #[test]
    fn unknown_field_in_front_matter() {
        let whole = "---\nproduct:\n  risk: R3\n---\n正文\n";
        let (yaml, start, _) = split_front_matter(whole).unwrap();
        let e = err(whole, yaml, start);
        assert!(e.starts_with("f.md:3:3: unknown metadata field `product.risk`"), "{e}");
        assert!(e.contains("product.risk_level"), "{e}");
    }

    #[test]
    fn choices_lists_and_levels() {
        let yaml = "document: {kind: brochure}\nproduct:\n  risk_level: 中高风险\naudience:\n  segments:\n    - elderly\n    - general\nchannel: online\n";
        let m = parse_metadata_yaml("f", yaml, yaml, 0).unwrap();
        assert_eq!(m.to_json()["product"]["risk_level"], "R4");
        assert_eq!(m.to_json()["audience"]["segments"][0], "elderly");
        assert_eq!(m.to_json()["document"]["kind"], "brochure");
        let e = err("document:\n  kind: flyer\n", "document:\n  kind: flyer\n", 0);
        assert!(
            e.contains("2:9") && e.contains("brochure | webpage") || e.contains("one of brochure"),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = err("product:\n  name: [unclosed\n", "product:\n  name: [unclosed\n", 0);
        assert!(e.starts_with("f.md:"), "{e}");
        assert!(e.contains("invalid YAML"), "{e}");
        assert!(!e.contains("line 2 column"), "the place is said once, by the prefix: {e}");
    }

    #[test]
    fn unclosed_and_toml_front_matter_are_errors() {
        for text in ["---\nproduct:\n  name: 稳盈\n\n正文保本\n", "---\r\nproduct:\r\n  name: 稳盈\r\n"]
        {
            let e = front_matter("f.md", text).unwrap_err().to_string();
            assert!(e.starts_with("f.md:1:1: front matter opened at line 1 is not closed"), "{e}");
        }
        let e = front_matter("f.md", "+++\ntitle = \"稳盈\"\n+++\n正文\n").unwrap_err().to_string();
        assert!(e.starts_with("f.md:1:1: TOML front matter (`+++`) is not supported"), "{e}");
        assert!(e.contains("YAML front matter") && e.contains(".meta.yaml"), "{e}");
        // Closed front matter, no front matter, a rule further down: as before.
        assert_eq!(front_matter("f.md", "---\na: b\n...\nx\n").unwrap(), Some(("a: b\n", 4, 13)));
        for text in ["正文\n---\n", "# 标题\n\n---\n\n正文\n", "---", "", "+++ 正文\n"] {
            assert_eq!(front_matter("f.md", text).unwrap(), None, "{text:?}");
        }
    }

    #[test]
    fn duplicate_keys_are_named_plainly() {
        let yaml = "product:\n  name: a\n  name: b\n";
        let e = err(yaml, yaml, 0);
        insta::assert_snapshot!(e, @"f.md:3:3: invalid YAML: duplicate key `name`");
    }
}
