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

pub fn render(reports: &[FileReport]) -> String {
    let summary = Summary::of(reports);
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
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
            "suppressed": summary.suppressed,
            "baseline": summary.baseline,
        }
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
