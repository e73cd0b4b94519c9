//! The CI report formats on hand-built reports: insta snapshots of every
//! format, SARIF schema validation, and the GitHub escaping rules.

use disclint::document::Metadata;
use disclint::finding::{Finding, Fix, Position, Severity, Span};
use disclint::gate::baseline::FileBaseline;
use disclint::gate::suppress::{self, Kind, Suppression};
use disclint::report::sarif::RuleInfo;
use disclint::report::{FileReport, Suppressed, github, json, junit, sarif};
use std::path::Path;

fn span(line: usize, col: usize, end_line: usize, end_col: usize, offset: usize, len: usize) -> Option<Span> {
    Some(Span {
        start: Position { line, column: col, offset },
        end: Position { line: end_line, column: end_col, offset: offset + len },
    })
}

fn guarantee(span: Option<Span>, matched: &str) -> Finding {
    Finding {
        rule: "CN-WM-GUARANTEE".into(),
        category: "prohibited.guarantee".into(),
        severity: Severity::Error,
        message: format!("承诺保本保收益: “{matched}”"),
        span,
        matched: Some(matched.into()),
        citation: Some("商业银行理财业务监督管理办法 第五十三条".into()),
        fix: Some(Fix::Remove),
        turn: None,
        page: None,
        basis: None,
        merged: Vec::new(),
        claim: None,
    }
}

fn missing_warning() -> Finding {
    Finding {
        rule: "CN-WM-RISK-WARNING".into(),
        category: "disclosure.risk-warning-missing".into(),
        severity: Severity::Warning,
        message: "缺少风险提示: 100% of copy, no warning\nsecond line".into(),
        span: None,
        matched: None,
        citation: None,
        fix: Some(Fix::Append { text: "理财非存款、产品有风险、投资须谨慎".into() }),
        turn: None,
        page: None,
        basis: None,
        merged: Vec::new(),
        claim: None,
    }
}

fn rules() -> Vec<RuleInfo> {
    let mut v = vec![
        RuleInfo {
            id: "CN-WM-GUARANTEE".into(),
            title: "保本保收益承诺".into(),
            category: "prohibited.guarantee".into(),
            severity: Severity::Error,
            description: Some("理财产品宣传不得承诺保本保收益。".into()),
            citation: Some("商业银行理财业务监督管理办法 第五十三条".into()),
            fix: Some("remove".into()),
        },
        RuleInfo {
            id: "CN-WM-RISK-WARNING".into(),
            title: "风险提示缺失".into(),
            category: "disclosure.risk-warning-missing".into(),
            severity: Severity::Warning,
            description: None,
            citation: None,
            fix: Some("append “理财非存款、产品有风险、投资须谨慎”".into()),
        },
    ];
    v.extend(suppress::META_RULES.iter().map(|(id, sev, title, d)| RuleInfo {
        id: id.to_string(),
        title: title.to_string(),
        category: suppress::CATEGORY.into(),
        severity: *sev,
        description: Some(d.to_string()),
        citation: None,
        fix: None,
    }));
    v
}

/// Two files: one with a finding in force, an absent-text finding, a
/// suppressed finding and a reasonless suppression, checked against a
/// baseline; one that could not be read; one clean.
fn reports() -> Vec<FileReport> {
    let mut meta = Metadata::new();
    let _ = meta.set("product.risk_level", "R4");
    let reasonless = Finding {
        rule: suppress::WITHOUT_REASON.into(),
        category: suppress::CATEGORY.into(),
        severity: Severity::Error,
        message: "suppression of CN-WM-GUARANTEE has no reason, so it suppresses nothing".into(),
        span: span(7, 1, 7, 45, 80, 44),
        matched: Some("<!-- disclint-disable-next-line CN-WM-GUARANTEE -->".into()),
        citation: None,
        fix: None,
        turn: None,
        page: None,
        basis: None,
        merged: Vec::new(),
        claim: None,
    };
    vec![
        FileReport {
            path: "funds/产品 brochure.md".into(),
            repo_path: "funds/产品 brochure.md".into(),
            metadata: meta,
            findings: vec![missing_warning(), guarantee(span(3, 5, 3, 7, 41, 6), "保本"), reasonless],
            fingerprints: vec![
                "00000000000000a1".into(),
                "00000000000000a2".into(),
                "00000000000000a3".into(),
            ],
            suppressed: vec![Suppressed {
                finding: guarantee(span(5, 1, 6, 3, 60, 9), "保收益"),
                suppression: Suppression {
                    kind: Kind::NextLine,
                    reason: "quoted from the regulator's notice".into(),
                    line: 4,
                },
                fingerprint: "00000000000000b1".into(),
            }],
            baseline: Some(FileBaseline { unchanged: 2, absent: 1 }),
            ..FileReport::default()
        },
        FileReport {
            path: "broken.md".into(),
            repo_path: "broken.md".into(),
            error: Some("not valid UTF-8 text (byte 3); binary file?".into()),
            ..FileReport::default()
        },
        FileReport { path: "clean.txt".into(), repo_path: "clean.txt".into(), ..FileReport::default() },
    ]
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&format!("\"{}\"", env!("CARGO_PKG_VERSION")), "\"[VERSION]\"");
    s
}

#[test]
fn json_snapshot() {
    settings().bind(|| insta::assert_snapshot!(json::render(&reports())));
}

#[test]
fn sarif_snapshot() {
    settings().bind(|| insta::assert_snapshot!(sarif::render(&reports(), &rules())));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(github::render(&reports()));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(junit::render(&reports(), Some(Severity::Error)));
}

#[test]
fn junit_fail_on_never_has_no_failures() {
    let xml = junit::render(&reports(), None);
    assert!(!xml.contains("<failure"));
    assert!(xml.contains(
        "<skipped message=\"suppressed (next-line at line 4): quoted from the regulator&apos;s notice\"/>"
    ));
    assert!(xml.contains("<error type=\"read\""));
}

#[test]
fn github_escaping() {
    assert_eq!(github::escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
    assert_eq!(github::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    let out = github::render(&reports());
    for line in out.lines().filter(|l| l.starts_with("::")) {
        // Properties never hold a raw separator of the command syntax.
        let props = line.split("::").nth(1).unwrap_or_default();
        let (_, props) = props.split_once(' ').unwrap_or_default();
        for p in props.split(',') {
            assert_eq!(p.matches('=').count(), 1, "{line}");
        }
    }
    assert!(out.contains("::warning file=funds/产品 brochure.md,line=1,title=CN-WM-RISK-WARNING (disclosure.risk-warning-missing)::缺少风险提示: 100%25 of copy, no warning%0Asecond line"));
    assert!(out.contains(",line=3,endLine=3,col=5,endColumn=6,"), "inclusive end column:\n{out}");
}

#[test]
fn sarif_shape_for_code_scanning() {
    let log: serde_json::Value =
        serde_json::from_str(&sarif::render(&reports(), &rules())).unwrap_or_default();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "disclint");
    assert!(driver["informationUri"].as_str().is_some_and(|u| u.starts_with("https://")));
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 4);
    for r in &results {
        let idx = r["ruleIndex"].as_u64().unwrap_or(999) as usize;
        assert_eq!(driver["rules"][idx]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "funds/%E4%BA%A7%E5%93%81%20brochure.md");
        assert!(loc["region"]["startLine"].as_u64().is_some());
        assert!(r["partialFingerprints"]["disclint/v1"].is_string());
    }
    // Absent text → line 1; suppressed → suppressions[] with the reason.
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"], serde_json::json!({"startLine": 1}));
    let suppressed: Vec<&serde_json::Value> =
        results.iter().filter(|r| r["suppressions"].is_array()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["suppressions"][0]["justification"], "quoted from the regulator's notice");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert!(results.iter().filter(|r| !r["suppressions"].is_array()).all(|r| r["baselineState"] == "new"));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

/// Validates against `../shared/schemas/sarif-schema-2.1.0.json` when it is
/// there (never vendored into this repository); skips with a note otherwise.
#[test]
fn sarif_validates_against_the_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("note: {} not found; skipping SARIF schema validation", path.display());
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let empty = sarif::render(&[], &[]);
    for log in [sarif::render(&reports(), &rules()), empty] {
        let instance: serde_json::Value = serde_json::from_str(&log).expect("SARIF output is JSON");
        let errors: Vec<String> =
            validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "SARIF schema errors:\n{}", errors.join("\n"));
    }
    // The validator does catch mistakes: a bad level is rejected.
    let mut bad: serde_json::Value =
        serde_json::from_str(&sarif::render(&reports(), &rules())).unwrap_or_default();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad));
}
