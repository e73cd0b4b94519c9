//! `--format json`: the shape documented in `spec/cli.md`, plus (additively)
//! each finding's `fingerprint`, the `suppressed` findings with their
//! reasons, and the baseline state.

use super::{FileReport, Summary};
use crate::finding::Finding;
use serde::{Serialize, Serializer, ser::SerializeMap, ser::SerializeSeq};
use serde_json::{Value, json};

/// A finding as JSON with its fingerprint (and more fields from `extra`).
fn finding(f: &Finding, fingerprint: &str, extra: &[(&str, Value)]) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("fingerprint".into(), json!(fingerprint));
        for (k, x) in extra {
            map.insert((*k).into(), x.clone());
        }
    }
    v
}

/// One file's entry of the `files` array, serialised field by field: its
/// findings become JSON one at a time as they are written, so a file with
/// 100,000 findings never holds them all as a `Value` tree (several KB each)
/// next to the text.
struct FileEntry<'a>(&'a FileReport);

/// A file's findings in force as a JSON array, built one element at a time.
struct Findings<'a>(&'a FileReport);

/// A file's suppressed findings as a JSON array, built one element at a time.
struct SuppressedFindings<'a>(&'a FileReport);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        // With a baseline, every reported finding is new by construction.
        let state: Vec<(&str, Value)> =
            if r.baseline.is_some() { vec![("baseline_state", json!("new"))] } else { Vec::new() };
        let mut seq = s.serialize_seq(Some(r.findings.len()))?;
        for (i, f) in r.findings.iter().enumerate() {
            seq.serialize_element(&finding(f, r.fingerprints.get(i).map_or("", String::as_str), &state))?;
        }
        seq.end()
    }
}

impl Serialize for SuppressedFindings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.suppressed.len()))?;
        for x in &self.0.suppressed {
            seq.serialize_element(&finding(
                &x.finding,
                &x.fingerprint,
                &[("suppression", json!(x.suppression))],
            ))?;
        }
        seq.end()
    }
}

impl Serialize for FileEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let skipped: Vec<Value> = r
            .skipped
            .iter()
            .map(|s| {
                json!({
                    "rule": s.rule,
                    "missing": s.missing.iter().map(|f| f.path()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("path", &r.path)?;
        map.serialize_entry("metadata", &r.metadata.to_json())?;
        map.serialize_entry("error", &r.error)?;
        map.serialize_entry("findings", &Findings(r))?;
        map.serialize_entry("suppressed", &SuppressedFindings(r))?;
        map.serialize_entry("baseline", &r.baseline)?;
        map.serialize_entry("skipped", &skipped)?;
        map.end()
    }
}

/// Writes through to `out`, putting `indent` after every line break, so
/// pretty JSON nests inside a document already indented that far.
struct Indenting<'a> {
    out: &'a mut Vec<u8>,
    indent: &'a [u8],
}

impl std::io::Write for Indenting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // A JSON string holds no raw line break, so every `\n` starts a
        // line of the structure.
        for piece in buf.split_inclusive(|b| *b == b'\n') {
            self.out.extend_from_slice(piece);
            if piece.ends_with(b"\n") {
                self.out.extend_from_slice(self.indent);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `v` as pretty JSON whose lines after the first are indented by `indent`.
pub(super) fn indented(v: &impl Serialize, indent: &str) -> String {
    let mut out = Vec::new();
    let writer = Indenting { out: &mut out, indent: indent.as_bytes() };
    let mut ser = serde_json::Serializer::pretty(writer);
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the JSON document file by file, so a run over thousands of files
/// never holds the whole output: `begin`, then `file` for each file in
/// order, then `end`. The text equals [`render`]'s.
pub struct Stream {
    files: usize,
}

impl Stream {
    pub fn begin() -> (Stream, String) {
        (Stream { files: 0 }, "{\n  \"version\": 1,\n  \"files\": [".to_string())
    }

    pub fn file(&mut self, r: &FileReport) -> String {
        self.push(&Stream::chunk(r))
    }

    /// A file's entry, rendered on its own (in a worker thread).
    pub fn chunk(r: &FileReport) -> String {
        indented(&FileEntry(r), "    ")
    }

    /// Places a rendered entry after the previous ones.
    pub fn push(&mut self, chunk: &str) -> String {
        let sep = if self.files == 0 { "\n    " } else { ",\n    " };
        self.files += 1;
        format!("{sep}{chunk}")
    }

    pub fn end(self, summary: &Summary) -> String {
        let by_severity: serde_json::Map<String, Value> =
            summary.by_severity.iter().map(|(s, n)| (s.as_str().to_string(), json!(n))).collect();
        let summary = json!({
            "files": summary.files,
            "findings": summary.findings,
            "by_severity": by_severity,
            "errors": summary.errors,
            "suppressed": summary.suppressed,
            "baseline": summary.baseline,
        });
        let close = if self.files == 0 { "]" } else { "\n  ]" };
        format!("{close},\n  \"summary\": {}\n}}\n", indented(&summary, "  "))
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let (mut stream, mut out) = Stream::begin();
    for r in reports {
        out.push_str(&stream.file(r));
    }
    out.push_str(&stream.end(&Summary::of(reports)));
    out
}
