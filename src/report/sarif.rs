//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//!
//! - `tool.driver.rules[]` has one entry per rule that ran, plus the
//!   suppression rules of [`crate::gate::suppress::META_RULES`];
//! - `run.columnKind` is `unicodeCodePoints`: columns count characters, as
//!   everywhere in disclint;
//! - artifact URIs are relative to the repository root, forward slashes,
//!   percent-encoded;
//! - a finding about absent text points at line 1;
//! - `partialFingerprints["disclint/v1"]` is the finding's fingerprint,
//!   which does not change when unrelated lines move;
//! - suppressed findings are present, with `suppressions[]` and their reasons;
//! - findings of other rules on the same claim, merged into a result
//!   (`gate::merge`), are its `relatedLocations` and `properties.mergedRules`;
//! - with a baseline, reported results carry `baselineState: "new"`.

use super::FileReport;
use crate::compile::{CompiledRule, RuleSet};
use crate::finding::{Finding, Fix, Severity};
use crate::gate::suppress::{self, Suppression};
use crate::lang::ast::FixSpec;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Where the tool is documented (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(r) if !r.is_empty() => r,
    _ => "https://github.com/disclint/disclint",
};

/// What SARIF says about a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub category: String,
    /// The severity it runs with (config overrides applied).
    pub severity: Severity,
    pub description: Option<String>,
    pub citation: Option<String>,
    pub fix: Option<String>,
}

impl RuleInfo {
    pub fn of(rule: &CompiledRule, severity: Severity) -> RuleInfo {
        let fix = rule.fix.as_ref().map(|f| {
            match f {
                FixSpec::Remove => Fix::Remove,
                FixSpec::Replace(t) => Fix::Replace { text: t.clone() },
                FixSpec::Insert(t) => Fix::Insert { text: t.clone() },
                FixSpec::Append(t) => Fix::Append { text: t.clone() },
            }
            .to_string()
        });
        RuleInfo {
            id: rule.id.clone(),
            title: rule.title.clone(),
            category: rule.category.clone(),
            severity,
            description: rule.description.clone(),
            citation: rule.citation.clone(),
            fix,
        }
    }

    /// The rules of `set` that `selected` keeps, with their effective
    /// severity, then the suppression rules.
    pub fn all(
        set: &RuleSet,
        selected: &dyn Fn(&CompiledRule) -> bool,
        severity: &dyn Fn(&str, &str, Severity) -> Severity,
    ) -> Vec<RuleInfo> {
        let mut out: Vec<RuleInfo> = set
            .rules
            .iter()
            .filter(|r| selected(r))
            .map(|r| RuleInfo::of(r, severity(&r.id, &r.category, r.severity)))
            .collect();
        out.extend(suppress::META_RULES.iter().map(|(id, sev, title, description)| RuleInfo {
            id: id.to_string(),
            title: title.to_string(),
            category: suppress::CATEGORY.to_string(),
            severity: severity(id, suppress::CATEGORY, *sev),
            description: Some(description.to_string()),
            citation: None,
            fix: None,
        }));
        out
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a relative path for a URI reference (keeps `/`).
/// A repository path as a URI reference: its raw bytes (a name that is not
/// UTF-8 is rendered with `\xNN` escapes, see [`super::names`]) percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in super::names::name_bytes(path) {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn descriptor(r: &RuleInfo) -> Value {
    let description = r.description.clone().unwrap_or_else(|| r.title.clone());
    let mut text = description.clone();
    let mut markdown = format!("**{}** (`{}`)\n\n{}", r.title, r.category, description);
    if let Some(c) = &r.citation {
        text.push_str(&format!("\n\nCitation: {c}"));
        markdown.push_str(&format!("\n\n**Citation:** {c}"));
    }
    if let Some(f) = &r.fix {
        text.push_str(&format!("\n\nFix: {f}"));
        markdown.push_str(&format!("\n\n**Fix:** {f}"));
    }
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": description },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": [r.category, "disclint"], "category": r.category },
    })
}

/// A span as a SARIF region.
fn region_of(s: &crate::finding::Span) -> Value {
    json!({
        "startLine": s.start.line,
        "startColumn": s.start.column,
        "endLine": s.end.line.max(s.start.line),
        "endColumn": if s.end.line > s.start.line { s.end.column } else { s.end.column.max(s.start.column) },
    })
}

fn result(
    r: &FileReport,
    f: &Finding,
    fingerprint: &str,
    index: &HashMap<&str, usize>,
    suppression: Option<&Suppression>,
) -> Value {
    let region = match &f.span {
        Some(s) => region_of(s),
        // Nothing to point at: the file's first line.
        None => json!({ "startLine": 1 }),
    };
    let mut v = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(r.uri_path()) },
                "region": region,
            }
        }],
        "partialFingerprints": { "disclint/v1": fingerprint },
        "properties": { "category": f.category },
    });
    let Value::Object(map) = &mut v else { return v };
    if let Some(i) = index.get(f.rule.as_str()) {
        map.insert("ruleIndex".into(), json!(i));
    }
    if let (Some(m), Some(Value::Object(p))) = (&f.matched, map.get_mut("properties")) {
        p.insert("matched".into(), json!(m));
    }
    // A PDF's lines count from the top of their page, which SARIF's region cannot say.
    if let (Some(page), Some(Value::Object(p))) = (f.page, map.get_mut("properties")) {
        p.insert("page".into(), json!(page));
    }
    // Other rules' findings on the same claim, merged into this one: their
    // places, and their rule ids as a property.
    if !f.merged.is_empty() {
        let related: Vec<Value> = f
            .merged
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut location = json!({
                    "id": i + 1,
                    "physicalLocation": { "artifactLocation": { "uri": uri(r.uri_path()) } },
                    "message": { "text": format!("also found by {}: {}", m.rule, m.message) },
                });
                if let (Some(s), Some(Value::Object(p))) = (m.span, location.get_mut("physicalLocation")) {
                    p.insert("region".into(), region_of(&s));
                }
                location
            })
            .collect();
        map.insert("relatedLocations".into(), json!(related));
        if let Some(Value::Object(p)) = map.get_mut("properties") {
            p.insert("mergedRules".into(), json!(f.merged.iter().map(|m| &m.rule).collect::<Vec<_>>()));
        }
    }
    if let Some(s) = suppression {
        map.insert(
            "suppressions".into(),
            json!([{
                "kind": "inSource",
                "status": "accepted",
                "justification": s.reason,
                "properties": { "form": s.kind.as_str(), "line": s.line },
            }]),
        );
    } else if r.baseline.is_some() {
        map.insert("baselineState".into(), json!("new"));
    }
    v
}

/// What a worker needs to render a file's results: each rule's index in
/// `tool.driver.rules`. Shared by the threads that check files.
pub struct Results {
    index: HashMap<String, usize>,
}

impl Results {
    pub fn new(rules: &[RuleInfo]) -> Results {
        Results { index: rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect() }
    }

    /// A file's results (findings in force, then suppressed ones), each an
    /// element of `runs[0].results` already indented, or an empty string
    /// for a file with none.
    pub fn chunk(&self, r: &FileReport) -> String {
        let index: HashMap<&str, usize> = self.index.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let mut out = String::new();
        let mut push = |v: Value| {
            if !out.is_empty() {
                out.push_str(",\n        ");
            }
            out.push_str(&super::json::indented(&v, "        "));
        };
        for (i, f) in r.findings.iter().enumerate() {
            push(result(r, f, r.fingerprints.get(i).map_or("", String::as_str), &index, None));
        }
        for s in &r.suppressed {
            push(result(r, &s.finding, &s.fingerprint, &index, Some(&s.suppression)));
        }
        out
    }
}

/// Writes the SARIF log file by file, like [`super::json::Stream`]: the
/// header with the rules, then each file's results as it is done, then the
/// invocation, whose notifications (files that could not be checked) are
/// the only thing kept until the end. So a run over thousands of files holds
/// no more than the files in flight, where one `Value` tree of the whole
/// log took about 10 KB per finding (100,000 findings: 1 GB).
pub struct Stream {
    results: usize,
    notifications: Vec<Value>,
}

impl Stream {
    /// The log up to the opening of `runs[0].results`.
    pub fn begin(rules: &[RuleInfo]) -> (Stream, String) {
        let tool = json!({
            "driver": {
                "name": "disclint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
            }
        });
        let head = format!(
            "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
            super::json::indented(&tool, "      ")
        );
        (Stream { results: 0, notifications: Vec::new() }, head)
    }

    /// Places a file's rendered results (from [`Results::chunk`]) after the
    /// previous ones, and remembers the file's error, if any.
    pub fn push(&mut self, r: &FileReport, chunk: &str) -> String {
        if let Some(e) = &r.error {
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {e}", r.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(r.uri_path()) } } }],
            }));
        }
        if chunk.is_empty() {
            return String::new();
        }
        let sep = if self.results == 0 { "\n        " } else { ",\n        " };
        self.results += 1;
        format!("{sep}{chunk}")
    }

    pub fn end(self) -> String {
        let close = if self.results == 0 { "]" } else { "\n      ]" };
        let invocations = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": self.notifications,
        }]);
        format!(
            "{close},\n      \"invocations\": {}\n    }}\n  ]\n}}\n",
            super::json::indented(&invocations, "      ")
        )
    }
}

/// Renders one SARIF log with one run (what [`Stream`] writes, at once).
pub fn render(reports: &[FileReport], rules: &[RuleInfo]) -> String {
    let results = Results::new(rules);
    let (mut stream, mut out) = Stream::begin(rules);
    for r in reports {
        out.push_str(&stream.push(r, &results.chunk(r)));
    }
    out.push_str(&stream.end());
    out
}
