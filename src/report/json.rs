//! `--format json`: the shape documented in `spec/cli.md`.

use super::{FileReport, Summary};
use serde_json::{Value, json};

pub fn render(reports: &[FileReport]) -> String {
    let summary = Summary::of(reports);
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            json!({
                "path": r.path,
                "metadata": r.metadata.to_json(),
                "error": r.error,
                "findings": r.findings,
                "skipped": r.skipped.iter().map(|s| json!({
                    "rule": s.rule,
                    "missing": s.missing.iter().map(|f| f.path()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let by_severity: serde_json::Map<String, Value> =
        summary.by_severity.iter().map(|(s, n)| (s.as_str().to_string(), json!(n))).collect();
    let doc = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": summary.files,
            "findings": summary.findings,
            "by_severity": by_severity,
            "errors": summary.errors,
        }
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
