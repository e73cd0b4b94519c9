//! QA pass 8, engine items: spans that start in the previous turn, findings
//! decided by `text has`, `--stdin-name` choosing the format, hidden files
//! left out of a folder walk, sentence ends, `in reply to` across holding
//! lines, and `rules test` evaluating a pack's `applies when` as `check`.

mod common;

use common::{disclint, run};

const FIX: &str = "tests/fixtures/qa8";

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) =
        run(disclint().args(["check", "--format", "json", "--fail-on", "never"]).args(args));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

/// `(rule, line:column, turn, matched)` of every finding of the first file.
fn findings(v: &serde_json::Value) -> Vec<String> {
    v["files"][0]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    let at = match f["span"]["start"].as_object() {
                        Some(s) => format!("{}:{}", s["line"], s["column"]),
                        None => "-".to_string(),
                    };
                    format!("{} {at} turn={} {}", f["rule"].as_str().unwrap_or(""), f["turn"], f["matched"])
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_close_finding_starts_in_the_customers_turn_not_at_the_line_break_before_it() {
    let doc = format!("{FIX}/close_after_agent.script.txt");
    let (code, out, _) = run(disclint().args(["check", "--rule", "CN-SCRIPT-ASSESSMENT-FIRST", &doc]));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
    let (_, gh, _) =
        run(disclint().args(["check", "--format", "github", "--rule", "CN-SCRIPT-ASSESSMENT-FIRST", &doc]));
    assert!(gh.contains("line=2,endLine=2,col=6"), "{gh}");
    let ts = format!("{FIX}/close_time_stamped.script.txt");
    insta::assert_debug_snapshot!(findings(&json(&[doc.as_str()])));
    insta::assert_debug_snapshot!(findings(&json(&[ts.as_str()])));
}

#[test]
fn a_report_decided_by_text_has_points_at_the_text_and_says_so() {
    let doc = format!("{FIX}/vulnerable_by_text.md");
    let (code, out, _) = run(disclint().args(["check", "--rule", "CN-SUIT-VULNERABLE", &doc]));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
    let v = json(&["--rule", "CN-SUIT-VULNERABLE", &doc]);
    insta::assert_debug_snapshot!(findings(&v));
    // Decided by the metadata (the segment is tagged): about the whole
    // document, as before.
    let v = json(&["--rule", "CN-SUIT-VULNERABLE", "--meta", "audience.segments=elderly", &doc]);
    let f = &v["files"][0]["findings"][0];
    assert!(f["span"].is_null(), "{f}");
    let (_, out, _) = run(disclint().args([
        "check",
        "--rule",
        "CN-SUIT-VULNERABLE",
        "--meta",
        "audience.segments=elderly",
        &doc,
    ]));
    assert!(out.contains("about the whole document, from its metadata"), "{out}");
}

/// The rule ids of a JSON report's first file.
fn rules_of(v: &serde_json::Value) -> Vec<String> {
    v["files"][0]["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn piped(file: &str, args: &[&str]) -> serde_json::Value {
    let bytes = std::fs::read(format!("{FIX}/{file}")).expect("fixture");
    let (code, out, err) = run(disclint()
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .arg("-")
        .write_stdin(bytes));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

#[test]
fn the_stdin_name_extension_gives_the_format_unless_stdin_format_says_otherwise() {
    for file in ["piped_call.script.txt", "piped_page.html"] {
        let from_disk = rules_of(&json(&[format!("{FIX}/{file}").as_str()]));
        let from_stdin = piped(file, &["--stdin-name", file]);
        assert_eq!(rules_of(&from_stdin), from_disk, "{file}");
        assert_eq!(from_stdin["files"][0]["path"], file);
    }
    assert!(
        rules_of(&json(&[format!("{FIX}/piped_call.script.txt").as_str()]))
            .contains(&"CN-SCRIPT-ASSESSMENT-FIRST".to_string())
    );
    // `--stdin-format` wins: the transcript read as plain copy has no turns.
    let as_text =
        piped("piped_call.script.txt", &["--stdin-name", "piped_call.script.txt", "--stdin-format", "text"]);
    assert!(!rules_of(&as_text).iter().any(|r| r.starts_with("CN-SCRIPT-")), "{as_text}");
    // The markup of a page piped in under its name is not copy.
    let page = piped("piped_page.html", &["--stdin-name", "page.html"]);
    assert!(rules_of(&page).is_empty(), "{page}");
}

#[test]
fn hidden_documents_left_out_of_a_folder_are_counted_on_stderr() {
    let site = format!("{FIX}/hidden_site");
    let (code, out, err) = run(disclint().args(["check", &site]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 file checked"), "{out}");
    assert!(
        err.contains(&format!(
            "note: {site}: 2 hidden documents (in .campaign/, docs/.draft-poster.md) not checked: \
             hidden files and folders are left out (name one to check it)"
        )),
        "{err}"
    );
    // Named, a hidden folder is checked.
    let (code, out, err) = run(disclint().args(["check", &format!("{site}/.campaign")]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(!err.contains("hidden"), "{err}");
    // A folder with nothing but hidden documents says so in its error.
    let (code, _, err) =
        run(disclint().args(["check", &format!("{site}/docs"), "--rule", "CN-AD-GUARANTEE"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 hidden document (in .draft-poster.md)"), "{err}");
}

#[test]
fn a_folder_of_hidden_documents_only_fails_and_says_why() {
    let dir = std::env::temp_dir().join(format!("disclint-qa8-hidden-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".vitepress")).expect("temp dir");
    std::fs::write(dir.join(".vitepress/index.md"), "本产品保本保息。\n").expect("write");
    let (code, _, err) = run(disclint().arg("check").arg(&dir));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no document to check: 1 hidden document (in .vitepress/)"), "{err}");
    assert!(err.contains("help: hidden files and folders are left out"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn abbreviations_and_a_quoted_full_stop_do_not_split_a_sentence() {
    let (code, out, err) = run(disclint().args(["rules", "test", &format!("{FIX}/sentences.rules")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 rules, 9 examples: 9 passed, 0 failed"), "{out}");
}

#[test]
fn an_answer_replies_to_the_question_across_holding_lines_and_third_voices() {
    let (code, out, err) = run(disclint().args(["rules", "test", &format!("{FIX}/reply.rules")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 rules, 10 examples: 10 passed, 0 failed"), "{out}");
    for (file, rule) in [
        ("reply_after_holding.script.txt", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("reply_after_relative.script.txt", "CN-SCRIPT-GUARANTEE-AFFIRMED"),
        ("reply_after_holding_en.script.txt", "EN-SCRIPT-GUARANTEE-AFFIRMED"),
    ] {
        let v = json(&[format!("{FIX}/{file}").as_str()]);
        assert!(rules_of(&v).contains(&rule.to_string()), "{file}: {v}");
    }
}

#[test]
fn rules_test_warns_about_an_example_that_passes_only_because_its_pack_is_unknown() {
    let (code, out, err) = run(disclint().args(["rules", "test", &format!("{FIX}/applies/bank.rules")]));
    assert_eq!(code, 0, "{out}{err}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    insta::assert_snapshot!(warnings[0].replace('\\', "/"));
    // And `check` does skip the rule on such a document, as the warning says.
    let dir = std::env::temp_dir().join(format!("disclint-qa8-applies-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let call = dir.join("call.script.txt");
    std::fs::write(&call, "理财经理：这款产品不错。\n客户：那我买十万。\n").expect("write");
    let rules = format!("{FIX}/applies/bank.rules");
    let (code, out, err) = run(disclint()
        .args(["check", "--no-default-rules", "--rules", &rules, "--explain-skips"])
        .arg(&call));
    assert_eq!(code, 0, "{out}");
    assert!(format!("{out}{err}").contains("skipped ACME-SCRIPT-NO-RECORDING-NOTICE"), "{out}{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
