//! `--format json`: the shape documented in `spec/cli.md`, plus (additively)
//! each finding's `fingerprint`, the `suppressed` findings with their
//! reasons, and the baseline state.

use super::{FileReport, Summary};
use crate::finding::Finding;
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

/// One file's entry of the `files` array.
pub fn file_value(r: &FileReport) -> Value {
    // With a baseline, every reported finding is new by construction.
    let state: Vec<(&str, Value)> =
        if r.baseline.is_some() { vec![("baseline_state", json!("new"))] } else { Vec::new() };
    let findings: Vec<Value> = r
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| finding(f, r.fingerprints.get(i).map_or("", String::as_str), &state))
        .collect();
    let suppressed: Vec<Value> = r
        .suppressed
        .iter()
        .map(|s| finding(&s.finding, &s.fingerprint, &[("suppression", json!(s.suppression))]))
        .collect();
    json!({
        "path": r.path,
        "metadata": r.metadata.to_json(),
        "error": r.error,
        "findings": findings,
        "suppressed": suppressed,
        "baseline": r.baseline,
        "skipped": r.skipped.iter().map(|s| json!({
            "rule": s.rule,
            "missing": s.missing.iter().map(|f| f.path()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn indented(v: &Value, indent: &str) -> String {
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { l.to_string() } else { format!("{indent}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
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
        indented(&file_value(r), "    ")
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
