//! CI gating end to end through the binary, on the fixture repository
//! `tests/fixtures/ci-repo` (a config, rules, a suppression and a baseline),
//! copied into a scratch repository for each test.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ci-repo");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create scratch folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// A fresh copy of the fixture as a repository root (it has `.git`).
fn repo(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-gate").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(FIXTURE), &dir);
    std::fs::create_dir_all(dir.join(".git")).expect("mark repository root");
    dir
}

fn disclint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("disclint").expect("binary");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// Runs `check` with `args` (on `.` unless paths follow a `--`); returns
/// the exit code, stdout and stderr.
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = disclint(dir);
    cmd.arg("check");
    if !args.contains(&"--") {
        cmd.arg(".");
    }
    let out = cmd.args(args).output().expect("run disclint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

fn file<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["files"].as_array().and_then(|fs| fs.iter().find(|f| f["path"] == path)).unwrap_or(&Value::Null)
}

fn rules_of(f: &Value, key: &str) -> Vec<String> {
    f[key]
        .as_array()
        .map(|a| a.iter().map(|x| x["rule"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn config_shapes_the_run() {
    let dir = repo("config");
    let (code, out, err) = check(&dir, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    // exclude: drafts/** is not checked.
    assert!(file(&doc, "./drafts/wip.md").is_null());
    // metadata by glob: funds/** are funds, so the fund warning rule runs there only.
    let growth = file(&doc, "./funds/growth.md");
    assert_eq!(growth["metadata"]["product"]["category"], "fund");
    assert!(rules_of(growth, "findings").contains(&"FX-FUND-WARNING".to_string()));
    assert!(!rules_of(file(&doc, "./notes.txt"), "findings").contains(&"FX-FUND-WARNING".to_string()));
    // severity override: FX-BEST is a warning here.
    let best = &file(&doc, "./notes.txt")["findings"][0];
    assert_eq!((best["rule"].as_str(), best["severity"].as_str()), (Some("FX-BEST"), Some("warning")));
    // --fail-on never → 0; warnings only with --rule FX-BEST and --fail-on error → 0, warning → 1.
    assert_eq!(check(&dir, &["--fail-on", "never"]).0, 0);
    assert_eq!(check(&dir, &["--rule", "FX-BEST"]).0, 0);
    assert_eq!(check(&dir, &["--rule", "FX-BEST", "--fail-on", "warning"]).0, 1);
}

/// A file named with `..` from a sub-folder gets what it gets from the
/// root: the config's metadata defaults and excludes, its baseline entries
/// and the same repository-relative SARIF URI.
#[test]
fn paths_through_a_sibling_folder_are_the_same_files() {
    let dir = repo("dotdot");
    let funds = dir.join("funds");
    let (_, out, err) = check(&funds, &["--format", "json", "--", "../funds/growth.md"]);
    let growth = &json(&out)["files"][0];
    assert_eq!(growth["metadata"]["product"]["category"], "fund", "{err}");
    assert!(rules_of(growth, "findings").contains(&"FX-FUND-WARNING".to_string()));
    let (code, out, err) = check(&funds, &["--format", "json", "--", "../drafts/wip.md"]);
    assert_eq!((code, json(&out)["files"].as_array().map(Vec::len)), (0, Some(0)), "drafts/** is excluded");
    assert!(err.contains("note: ../drafts/wip.md is not checked:"), "a named file left out is said: {err}");
    let (code, _, err) = check(&funds, &["--baseline", "../baseline.json", "--", ".."]);
    assert_eq!(code, 0, "the baseline covers every finding:\n{err}");
    let (_, out, _) = check(&funds, &["--format", "sarif", "--", "../funds/growth.md"]);
    let log = json(&out);
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(!uris.is_empty() && uris.iter().all(|u| *u == "funds/growth.md"), "{uris:?}");
}

#[test]
fn suppression_in_a_comment() {
    let dir = repo("suppress");
    let (_, out, _) = check(&dir, &["--format", "json"]);
    let doc = json(&out);
    let growth = file(&doc, "./funds/growth.md");
    assert_eq!(rules_of(growth, "suppressed"), ["FX-BEST"]);
    assert_eq!(growth["suppressed"][0]["suppression"]["reason"], "引用第三方评奖原文，合规部 2026-11 批准");
    assert!(!rules_of(growth, "findings").contains(&"FX-BEST".to_string()));
    // Only FX-BEST left would pass: the suppressed one does not fail the run.
    assert_eq!(check(&dir, &["--rule", "FX-BEST", "--fail-on", "info", "--", "funds/growth.md"]).0, 0);
    // A suppression without a reason is an error and suppresses nothing.
    std::fs::write(dir.join("notes.txt"), "# disclint-disable-file FX-BEST\n内部培训材料：不要说最佳。\n")
        .expect("write");
    let (code, out, _) = check(
        &dir,
        &["--format", "json", "--rule", "FX-BEST", "--rule", "disclint.suppression-without-reason"],
    );
    assert_eq!(code, 1);
    let notes = file(&json(&out), "./notes.txt").clone();
    assert_eq!(rules_of(&notes, "findings"), ["disclint.suppression-without-reason", "FX-BEST"]);
}

#[test]
fn baseline_gates_only_new_findings() {
    let dir = repo("baseline");
    // The committed baseline covers everything the fixture has.
    let (code, out, err) = check(&dir, &["--format", "json", "--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{err}\n{out}");
    let doc = json(&out);
    assert_eq!(doc["summary"]["findings"], 0);
    assert!(doc["summary"]["baseline"]["unchanged"].as_u64().unwrap_or(0) >= 4);

    // Moving a paragraph does not make an old finding new.
    let growth = dir.join("funds/growth.md");
    let text = std::fs::read_to_string(&growth).expect("read");
    let moved = text.replace("本基金历史业绩优秀，零风险。\n\n", "") + "\n本基金历史业绩优秀，零风险。\n";
    assert_ne!(moved, text);
    std::fs::write(&growth, moved).expect("write");
    assert_eq!(check(&dir, &["--baseline", "baseline.json"]).0, 0);

    // Count-aware: the baseline has "本基金保本。" once; a second copy is new.
    let income = dir.join("funds/income.md");
    let text = std::fs::read_to_string(&income).expect("read");
    std::fs::write(&income, format!("{text}\n本基金保本。\n")).expect("write");
    let (code, out, _) = check(&dir, &["--format", "json", "--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let doc = json(&out);
    assert_eq!(doc["summary"]["findings"], 1, "{out}");
    let new = &file(&doc, "./funds/income.md")["findings"][0];
    assert_eq!((new["rule"].as_str(), new["baseline_state"].as_str()), (Some("FX-GUARANTEE"), Some("new")));
    assert_eq!(new["span"]["start"]["line"], 7);

    // The same run in the CI formats.
    let (code, out, _) = check(&dir, &["--format", "github", "--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error file=funds/income.md,line=7,endLine=7,col=4,endColumn=5,title=FX-GUARANTEE (prohibited.guarantee)::"), "{out}");
    let (_, out, _) = check(&dir, &["--format", "junit", "--baseline", "baseline.json"]);
    assert_eq!(out.matches("<failure ").count(), 1, "{out}");
    let (_, out, _) = check(&dir, &["--format", "sarif", "--baseline", "baseline.json"]);
    let log = json(&out);
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    let new: Vec<&Value> = results.iter().filter(|r| r["baselineState"] == "new").collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "funds/income.md");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    assert_eq!(rules[new[0]["ruleIndex"].as_u64().unwrap_or(99) as usize]["id"], "FX-GUARANTEE");
    validate_sarif(&log);

    // Re-recording the baseline accepts the new one (and exits 0).
    assert_eq!(check(&dir, &["--write-baseline", "baseline.json"]).0, 0);
    assert_eq!(check(&dir, &["--baseline", "baseline.json"]).0, 0);
}

fn validate_sarif(log: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("note: {} not found; skipping SARIF schema validation", path.display());
        return;
    };
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn baseline_output_snapshot() {
    let dir = repo("snapshot");
    std::fs::write(
        dir.join("funds/income.md"),
        "# 收益基金\n\n基金有风险，投资需谨慎。\n\n本基金保本。\n\n零风险！\n",
    )
    .expect("write");
    let (code, out, _) =
        check(&dir, &["--format", "json", "--baseline", "baseline.json", "--", "funds/income.md"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn bad_config_and_baseline_exit_2_with_a_location() {
    let dir = repo("bad-config");
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  builtin: false\n  disabel: [FX-BEST]\n")
        .expect("write");
    let (code, _, err) = check(&dir, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("disclint.yaml:3:3: ") && err.contains("disabel"), "{err}");
    // Found upward from a subfolder too.
    let out = disclint(&dir.join("funds")).args(["check", "."]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));

    let dir = repo("bad-name");
    std::fs::write(
        dir.join("disclint.yaml"),
        "rules:\n  builtin: false\n  paths: [rules/]\n  disable: [FX-BSET]\n",
    )
    .expect("write");
    let (code, _, err) = check(&dir, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("disclint.yaml:4:13: ") && err.contains("FX-BSET"), "{err}");

    let dir = repo("bad-baseline");
    std::fs::write(dir.join("b.json"), "{\"version\": 1,\n \"findings\": [}").expect("write");
    let (code, _, err) = check(&dir, &["--baseline", "b.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("b.json:2:"), "{err}");
    let (code, _, err) = check(&dir, &["--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn init_writes_a_starter_that_loads() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-gate").join("init");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    disclint(&dir).arg("init").assert().success();
    let text = std::fs::read_to_string(dir.join("disclint.yaml")).expect("written");
    assert!(text.starts_with("# disclint project config"));
    disclint(&dir).arg("init").assert().code(2);
    disclint(&dir).args(["init", "--force"]).assert().success();
    std::fs::write(dir.join("a.md"), "本产品业绩比较基准 3%。\n").expect("write");
    let out = disclint(&dir).args(["check", ".", "--format", "json"]).output().expect("run");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
}

/// SARIF is written file by file like JSON: every finding and suppression of
/// the JSON run is a result, in the same order, and a file that cannot be
/// read is a notification that marks the run unsuccessful.
#[test]
fn sarif_streamed_over_a_folder_matches_json() {
    let dir = repo("sarif-stream");
    std::fs::create_dir_all(dir.join("more")).expect("mkdir");
    for i in 0..40 {
        std::fs::write(
            dir.join(format!("more/p{i:02}.md")),
            format!("# 第{i}期\n\n本产品保本保收益，零风险！\n"),
        )
        .expect("write");
    }
    std::fs::write(dir.join("more/broken.md"), "---\nrisk_level: R9\n---\n# 坏的元数据\n").expect("write");
    let (code, out, _) = check(&dir, &["--format", "json"]);
    assert_eq!(code, 2, "{out}");
    let doc = json(&out);
    let expected: Vec<(String, String)> = doc["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap_or("").trim_start_matches("./").to_string();
            let mut rules: Vec<(String, String)> =
                rules_of(f, "findings").into_iter().map(|r| (path.clone(), r)).collect();
            rules.extend(rules_of(f, "suppressed").into_iter().map(|r| (path.clone(), r)));
            rules
        })
        .collect();
    assert!(expected.len() > 80, "{out}");

    let (code, out, _) = check(&dir, &["--format", "sarif"]);
    assert_eq!(code, 2);
    let log = json(&out);
    let run = &log["runs"][0];
    let got: Vec<(String, String)> = run["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("");
            (uri.to_string(), r["ruleId"].as_str().unwrap_or("").to_string())
        })
        .collect();
    assert_eq!(got, expected);
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 1, "{invocation}");
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "more/broken.md");
    validate_sarif(&log);
}
