//! The command line end to end: output formats, exit codes, stdin, and
//! rule-file errors, through the real binary.

use assert_cmd::Command;

const FIX: &str = "tests/fixtures/cli";

fn disclint() -> Command {
    let mut cmd = Command::cargo_bin("disclint").expect("binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn demo() -> Command {
    let mut cmd = disclint();
    cmd.args(["check", "--no-default-rules", "--rules", &format!("{FIX}/demo.rules")]);
    cmd
}

/// An empty folder of this test's own under the system's temporary folder.
fn scratch_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("disclint-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn human_output_points_at_the_characters() {
    let (code, out, _) = stdout(demo().arg(format!("{FIX}/brochure.md")));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn json_output_has_the_contract_shape() {
    let (code, out, _) = stdout(demo().args(["--format", "json", &format!("{FIX}/brochure.md")]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["files"][0]["metadata"]["product"]["risk_level"], "R2");
    insta::assert_json_snapshot!(v);
}

#[test]
fn clean_file_exits_zero() {
    let (code, out, _) = stdout(demo().arg(format!("{FIX}/clean.txt")));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 findings"), "{out}");
}

#[test]
fn fail_on_controls_the_exit_code() {
    // The only finding on this document is a warning (missing warning text).
    let doc = format!("{FIX}/clean.txt");
    let (code, _, _) = stdout(
        demo()
            .args(["--meta", "product.category=wealth-management", "--meta", "document.language=zh"])
            .arg(&doc),
    );
    assert_eq!(code, 0);
    let (code, _, _) = stdout(
        demo()
            .args(["--fail-on", "warning", "--meta", "product.category=wealth-management"])
            .arg(format!("{FIX}/call.script.txt")),
    );
    assert_eq!(code, 1);
    let (code, _, _) = stdout(demo().args(["--fail-on", "never"]).arg(format!("{FIX}/brochure.md")));
    assert_eq!(code, 0);
}

#[test]
fn stdin_is_checked_under_its_name() {
    let (code, out, _) =
        stdout(demo().args(["--stdin-name", "post.txt", "-"]).write_stdin("限时：保本理财！"));
    assert_eq!(code, 1);
    assert!(out.contains("post.txt:1:4"), "{out}");
}

/// Without `-` the piped text would never be read and the current folder
/// checked instead: in an empty folder, a clean pass.
#[test]
fn stdin_options_without_dash_are_a_usage_error() {
    let dir = scratch_dir("stdin-no-dash");
    let mut messages = String::new();
    for args in [&["--stdin-name", "post.txt"][..], &["--stdin-format", "markdown", "--format", "json"]] {
        let (code, out, err) =
            stdout(demo().current_dir(&dir).args(args).write_stdin("本产品保本保息，零风险。"));
        assert_eq!(code, 2, "{out}{err}");
        assert!(out.is_empty(), "{out}");
        messages.push_str(&err);
    }
    insta::assert_snapshot!(messages);
}

#[test]
fn only_agent_turns_earn_agent_findings_in_scripts() {
    let (code, out, _) = stdout(demo().args(["--format", "json", &format!("{FIX}/call.script.txt")]));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    // The guarantee rule has no speaker restriction: both turns match, but the
    // customer's question is negation-free, so both are reported; turn numbers tell them apart.
    let turns: Vec<_> = findings.iter().map(|f| f["turn"].clone()).collect();
    assert_eq!(turns, vec![serde_json::json!(1), serde_json::json!(2)]);
}

#[test]
fn bad_meta_value_is_a_usage_error() {
    let (code, _, err) =
        stdout(demo().args(["--meta", "product.risk_level=R7", &format!("{FIX}/clean.txt")]));
    assert_eq!(code, 2);
    assert!(err.contains("R1–R5"), "{err}");
}

#[test]
fn missing_file_is_exit_two() {
    let (code, out, _) = stdout(demo().arg("no/such/file.md"));
    assert_eq!(code, 2);
    assert!(out.contains("no/such/file.md: no such file or folder"), "{out}");
}

#[test]
fn unreadable_file_is_reported_and_others_still_checked() {
    let dir = scratch_dir("cli");
    let bad = dir.join("binary.txt");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x80]).unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "保本").unwrap();
    let (code, out, _) = stdout(demo().args(["--format", "json"]).arg(&dir));
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(files.iter().any(|f| f["error"].is_string()));
    assert!(files.iter().any(|f| f["findings"].as_array().is_some_and(|a| !a.is_empty())));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn rule_file_errors_are_all_reported_with_locations() {
    let (code, _, err) =
        stdout(disclint().args(["rules", "check", "--no-default-rules", &format!("{FIX}/broken.rules")]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(err);
}

#[test]
fn examples_that_misbehave_fail_rules_check_and_rules_test() {
    let file = format!("{FIX}/failing-example.rules");
    let (code, _, err) = stdout(disclint().args(["rules", "check", "--no-default-rules", &file]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(err);
    let (code, out, _) = stdout(disclint().args(["rules", "test", "--no-default-rules", &file]));
    assert_eq!(code, 1);
    assert!(out.contains("2 examples: 0 passed, 2 failed"), "{out}");
}

/// A `fail` example of a rule that reads speakers, written as a transcript
/// but not marked as one, says what it lacks.
#[test]
fn a_speaker_rule_s_example_that_is_not_a_transcript_says_so() {
    let file = format!("{FIX}/speaker-example.rules");
    let (code, out, _) = stdout(disclint().args(["rules", "test", "--no-default-rules", &file]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 examples: 2 passed, 1 failed"), "{out}");
    assert!(
        out.contains("speaker-example.rules:7:3: expected a finding, got none: the rule reads speakers"),
        "{out}"
    );
    assert!(out.contains("add `with { document.kind: script }`"), "{out}");
}

/// A pack's `applies when` counts where an example's metadata makes it
/// false; an example without the fields it tests still runs the rule.
#[test]
fn an_example_its_pack_does_not_apply_to_cannot_fail_as_expected() {
    let file = format!("{FIX}/pack-applies-example.rules");
    let (code, out, _) = stdout(disclint().args(["rules", "test", "--no-default-rules", &file]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("4 examples: 3 passed, 1 failed"), "{out}");
    assert!(
        out.contains(
            "pack-applies-example.rules:16:3: expected a finding, but pack `house.funds` does not apply to a \
             document with this metadata (document.language: zh, product.category: insurance; see its \
             `applies when`), so the rule never runs on it"
        ),
        "{out}"
    );
}

#[test]
fn rules_test_passes_on_the_builtin_packs() {
    let (code, out, err) = stdout(disclint().args(["rules", "test"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" 0 failed"), "{out}");
    // Every fail example of a product pack gives the metadata `check` needs to
    // run the pack: none passes only because the pack's condition is unknown.
    assert!(!err.contains("pass only because"), "{err}");
}

#[test]
fn rules_list_and_explain() {
    let (code, out, _) = stdout(disclint().args([
        "rules",
        "list",
        "--no-default-rules",
        "--rules",
        &format!("{FIX}/demo.rules"),
    ]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
    let (code, out, _) = stdout(disclint().args([
        "explain",
        "DEMO-GUARANTEE",
        "--no-default-rules",
        "--rules",
        &format!("{FIX}/demo.rules"),
    ]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
    let (code, _, err) = stdout(disclint().args([
        "explain",
        "DEMO-GUARANTE",
        "--no-default-rules",
        "--rules",
        &format!("{FIX}/demo.rules"),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `DEMO-GUARANTEE`"), "{err}");
    // A rule of a file not given: the help says how to give it.
    let (code, _, err) = stdout(disclint().args(["explain", "HOUSE-STEADY-HIGH-YIELD"]));
    assert_eq!(code, 2);
    assert!(err.contains("`disclint explain --rules FILE HOUSE-STEADY-HIGH-YIELD`"), "{err}");
    assert!(err.contains("rules: {paths: [...]}"), "{err}");
}

/// Columns are at least as wide as their headers.
#[test]
fn rules_list_columns_fit_their_headers() {
    let dir = scratch_dir("list-widths");
    let rules = dir.join("x.rules");
    std::fs::write(
        &rules,
        "rule X-1 {\n  title \"t\"\n  category other.x\n  severity error\n  forbid \"甲乙\"\n  \
         example fail \"甲乙\"\n  example pass \"丙\"\n}\n",
    )
    .unwrap();
    let (code, out, err) =
        stdout(disclint().args(["rules", "list", "--no-default-rules", "--rules"]).arg(&rules));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn config_transcript_labels_map_new_speakers() {
    let dir = scratch_dir("labels");
    std::fs::write(dir.join("disclint.yaml"), "transcript:\n  labels:\n    主播: agent\n").unwrap();
    std::fs::write(
        dir.join("r.rules"),
        "rule AG { title \"t\" category prohibited.guarantee severity error forbid agent says \"保本\" }",
    )
    .unwrap();
    std::fs::write(dir.join("call.script.txt"), "客户：保本吗？\n主播：这个保本。\n").unwrap();
    let out = disclint()
        .current_dir(&dir)
        .args(["check", "--no-default-rules", "--rules", "r.rules", "--format", "json", "call.script.txt"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["files"][0]["findings"].as_array().unwrap();
    // Only the agent's turn (label 主播, mapped by the config) earns the finding.
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["turn"], 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn config_pack_selection_brings_the_packs_it_uses() {
    let dir = scratch_dir("packs");
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  packs: [cn/advertising]\n").unwrap();
    std::fs::write(dir.join("a.txt"), "本产品保本保息，稳赚不赔。\n").unwrap();
    let out = disclint().current_dir(&dir).args(["check", "--format", "json", "a.txt"]).output().unwrap();
    // cn/advertising `use`s cn/common; selecting it alone must still load.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> =
        v["files"][0]["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.iter().all(|r| r.starts_with("CN-AD-")), "{rules:?}");
    assert!(!rules.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn short_runs_compile_only_the_packs_of_their_languages_but_accept_every_rule_name() {
    let dir = scratch_dir("lang");
    // Names an English rule while only a Chinese document is checked: still valid.
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  disable: [EN-PAST-PERFORMANCE]\n").unwrap();
    std::fs::write(dir.join("zh.txt"), "本产品保本保息。\n").unwrap();
    std::fs::write(dir.join("en.txt"), "Guaranteed returns of 9% a year, risk-free.\n").unwrap();
    let run = |files: &[&str]| {
        let out =
            disclint().current_dir(&dir).args(["check", "--format", "json"]).args(files).output().unwrap();
        assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                f["findings"].as_array().unwrap().iter().map(|x| x["category"].clone()).collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let zh = run(&["zh.txt"]);
    assert!(zh[0].contains(&serde_json::json!("prohibited.guarantee")), "{zh:?}");
    let both = run(&["zh.txt", "en.txt"]);
    assert!(both[0].contains(&serde_json::json!("prohibited.guarantee")), "{both:?}");
    assert!(both[1].contains(&serde_json::json!("prohibited.guarantee")), "{both:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn undefined_list_that_a_builtin_pack_defines_gets_a_use_hint() {
    let dir = scratch_dir("use");
    let file = dir.join("mine.rules");
    std::fs::write(
        &file,
        "rule MINE { title \"t\" category prohibited.guarantee severity error\n  forbid \"保本\" unless preceded by negation within 4 }\n",
    )
    .unwrap();
    let (code, _, err) = stdout(disclint().args(["rules", "check"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("add `use cn.common` to this file"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `rules patterns` prints what each pattern compiles to: literals
/// normalised and escaped (with the word boundaries of a Latin edge),
/// regexes folded, `\d` as `[0-9]`; ripgrep accepts every line.
#[test]
fn rules_patterns_prints_the_compiled_patterns() {
    let dir = scratch_dir("patterns");
    let file = dir.join("p.rules");
    std::fs::write(
        &file,
        r#"rule P-1 {
  title "t"
  category prohibited.guarantee
  severity error
  message "m"
  forbid ["保證收益", "Guaranteed", /收益\d+%/]
  example fail "保证收益"
  example pass "收益不确定"
}
"#,
    )
    .unwrap();
    let (code, out, err) = stdout(disclint().args([
        "rules",
        "patterns",
        "--no-default-rules",
        "--rules",
        file.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["保证收益", r"(?-u:\b)guaranteed(?-u:\b)", "收益[0-9]+%"]);
    for line in lines {
        assert!(regex::Regex::new(line).is_ok(), "{line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `args` with standard output a pipe whose reader is gone before the
/// command writes (what `| head -1` does to a long output).
fn closed_stdout(args: &[&str]) -> (i32, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_disclint"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("finishes");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_stdout_pipe_ends_every_command_quietly() {
    let brochure = format!("{FIX}/brochure.md");
    let demo_rules = format!("{FIX}/demo.rules");
    let demo = ["--no-default-rules", "--rules", demo_rules.as_str()];
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["explain", "CN-AD-GUARANTEE"], 0),
        (vec!["rules", "list"], 0),
        (vec!["rules", "patterns"], 0),
        (vec!["rules", "categories"], 0),
        (vec!["rules", "check", demo_rules.as_str()], 0),
        ([&["check"][..], &demo, &[brochure.as_str()]].concat(), 1),
        ([&["check", "--format", "json"][..], &demo, &[brochure.as_str()]].concat(), 1),
        ([&["check", "--format", "sarif"][..], &demo, &[brochure.as_str()]].concat(), 1),
        ([&["check", "--format", "junit"][..], &demo, &[brochure.as_str()]].concat(), 1),
        ([&["check", "--format", "github"][..], &demo, &[brochure.as_str()]].concat(), 1),
    ];
    for (args, want) in cases {
        let (code, err) = closed_stdout(&args);
        // The exit code is still the command's own: `check` goes on checking.
        assert_eq!(code, want, "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

#[test]
fn a_bad_regex_or_empty_string_is_reported_once() {
    let dir = scratch_dir("once");
    let file = dir.join("bad.rules");
    std::fs::write(
        &file,
        "rule A-1 {\n  title \"t\"\n  category prohibited.guarantee\n  severity error\n  forbid [/保(本|息/, \"\"]\n}\n",
    )
    .unwrap();
    let (code, _, err) = stdout(disclint().args(["rules", "check"]).arg(&file));
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.matches("bad.rules:5:11").count(), 1, "{err}");
    assert_eq!(err.matches("bad.rules:5:20").count(), 1, "{err}");
    assert!(err.contains("error: 2 error(s)"), "{err}");
}

#[test]
fn a_byte_order_mark_does_not_shift_line_one() {
    let dir = scratch_dir("bom");
    let file = dir.join("bom.rules");
    std::fs::write(
        &file,
        "\u{FEFF}rule B-1 {\r\n  title \"x\"\r\n  category other.x\r\n  severity eror\r\n}\r\nrule 9 {}\r\n",
    )
    .unwrap();
    let (code, _, err) = stdout(disclint().args(["rules", "check"]).arg(&file));
    assert_eq!(code, 2, "{err}");
    // `B-1` is the sixth character of line 1; the mark before `rule` is not a character.
    assert!(err.contains("bom.rules:1:6"), "{err}");
    assert!(err.contains("bom.rules:4:12"), "{err}");
}

#[test]
fn a_missing_path_is_that_files_error_and_the_others_are_still_checked() {
    let (code, out, _) =
        stdout(demo().args(["--format", "json", &format!("{FIX}/brochure.md"), "no/such/file.md"]));
    assert_eq!(code, 2, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("the JSON document is still written");
    assert_eq!(v["files"][0]["error"], serde_json::Value::Null);
    assert!(v["files"][0]["findings"].as_array().is_some_and(|f| !f.is_empty()), "{out}");
    assert_eq!(v["files"][1]["path"], "no/such/file.md");
    assert_eq!(v["files"][1]["error"], "no such file or folder");
}

#[test]
fn no_rules_at_all_is_an_error_not_a_pass() {
    let (code, _, err) =
        stdout(disclint().args(["check", "--no-default-rules", &format!("{FIX}/clean.txt")]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no rules loaded"), "{err}");
    let dir = scratch_dir("norules");
    let (code, _, err) =
        stdout(disclint().args(["rules", "list", "--no-default-rules", "--rules"]).arg(&dir));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no rule files (`*.rules`) in this folder"), "{err}");
}

#[test]
fn a_missing_rule_path_in_the_config_names_its_line() {
    let dir = scratch_dir("cfgpaths");
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  paths:\n    - house.rules\n").unwrap();
    std::fs::write(dir.join("a.txt"), "保本").unwrap();
    let (code, _, err) = stdout(disclint().current_dir(&dir).args(["check", "a.txt"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disclint.yaml:3:7: rules.paths: `house.rules`: no such file or folder"), "{err}");
}

/// The rule ids of the findings `check --format json` reports for `args`.
fn rules_found(args: &[&str]) -> Vec<String> {
    let (code, out, err) =
        stdout(demo().args(["--format", "json"]).args(args).arg(format!("{FIX}/brochure.md")));
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let mut ids: Vec<String> = v["files"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect();
    ids.dedup();
    ids
}

#[test]
fn rule_and_category_selectors_add_up_and_groups_select_their_categories() {
    assert_eq!(rules_found(&[]), ["DEMO-WARNING", "DEMO-GUARANTEE"]);
    assert_eq!(rules_found(&["--rule", "DEMO-GUARANTEE"]), ["DEMO-GUARANTEE"]);
    assert_eq!(rules_found(&["--category", "prohibited"]), ["DEMO-GUARANTEE"]);
    assert_eq!(rules_found(&["--category", "disclosure.*"]), ["DEMO-WARNING"]);
    // Either selector keeps a finding: not the (empty) intersection.
    assert_eq!(
        rules_found(&["--rule", "DEMO-GUARANTEE", "--category", "disclosure.risk-warning-missing"]),
        ["DEMO-WARNING", "DEMO-GUARANTEE"]
    );
    // A contract category no loaded rule has selects nothing: a run of no
    // rule would pass whatever the copy says (QA pass 9 item 6).
    let (code, _, err) =
        stdout(demo().args(["--category", "prohibited.absolute-term"]).arg(format!("{FIX}/brochure.md")));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("its built-in rules are in packs")
            && err.contains("--no-default-rules switches the built-in packs off"),
        "{err}"
    );
}

#[test]
fn an_unknown_rule_or_category_is_an_error_with_a_suggestion() {
    let brochure = format!("{FIX}/brochure.md");
    let (code, _, err) = stdout(demo().args(["--rule", "DEMO-GUARANTE", &brochure]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(err, @r"
    error: --rule DEMO-GUARANTE: no such rule
    help: did you mean `DEMO-GUARANTEE`?
    help: `disclint rules list` shows every loaded rule
    ");
    let (code, _, err) = stdout(demo().args(["--category", "prohibited.guarante", &brochure]));
    assert_eq!(code, 2);
    insta::assert_snapshot!(err, @r"
    error: --category prohibited.guarante: no such category
    help: did you mean `prohibited.guarantee`?
    help: `disclint rules categories` lists them; a group such as `prohibited` selects all of its categories
    ");
    let (code, _, err) = stdout(demo().args(["--category", "prohibited.guar", &brochure]));
    assert_eq!(code, 2, "a part of a category name is not a group: {err}");
    let dir = scratch_dir("cfgdisable");
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  disable: [DEMO-GUARANTE]\n").unwrap();
    let rules = std::env::current_dir().unwrap().join(FIX).join("demo.rules");
    std::fs::write(dir.join("a.txt"), "保本").unwrap();
    let (code, _, err) = stdout(
        disclint()
            .current_dir(&dir)
            .args(["check", "--no-default-rules", "--rules"])
            .arg(&rules)
            .arg("a.txt"),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disclint.yaml:2:13: rules.disable: `DEMO-GUARANTE` is neither a loaded rule id nor a category; did you mean `DEMO-GUARANTEE`?"), "{err}");
}

#[test]
fn rules_fmt_refuses_a_file_with_syntax_errors_and_leaves_it_alone() {
    let dir = scratch_dir("fmtbad");
    let file = dir.join("unclosed.rules");
    let text = "rule A-7 {\n  title \"测试\n  category prohibited.guarantee\n  severity error\n  forbid \"保本\"\n}\n";
    std::fs::write(&file, text).unwrap();
    for args in [&["rules", "fmt"][..], &["rules", "fmt", "--check"]] {
        let (code, out, err) = stdout(disclint().args(args).arg(&file));
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("unclosed.rules:2:9") && err.contains("unterminated string"), "{err}");
        assert!(!out.contains("formatted"), "{out}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    }
}

#[test]
fn rules_fmt_lays_out_one_line_items_and_is_then_clean() {
    let dir = scratch_dir("fmtugly");
    let file = dir.join("ugly.rules");
    std::fs::write(
        &file,
        "pack   my.pack{title \"x\"   language zh}\nterms   neg=[ \"不\",\"非\" ,]   # comment here\nrule U-1{title \"t\" category other.x severity info forbid \"甲\" unless preceded by neg within 2 example fail \"甲\" example pass \"不甲\"}\n",
    )
    .unwrap();
    let (code, out, _) = stdout(disclint().args(["rules", "fmt", "--check"]).arg(&file));
    assert_eq!(code, 1, "{out}");
    let (code, _, err) = stdout(disclint().args(["rules", "fmt"]).arg(&file));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(std::fs::read_to_string(&file).unwrap(), @r#"
    pack my.pack {
      title "x"
      language zh
    }

    terms neg = ["不", "非"]  # comment here

    rule U-1 {
      title    "t"
      category other.x
      severity info
      forbid   "甲" unless preceded by neg within 2
      example fail "甲"
      example pass "不甲"
    }
    "#);
    let (code, out, _) = stdout(disclint().args(["rules", "fmt", "--check"]).arg(&file));
    assert_eq!(code, 0, "{out}");
}

/// A term-list file the rules read is rule data: a folder walk leaves it
/// out (it would fail the run on the words it lists); named, it is checked.
#[test]
fn term_list_files_of_the_loaded_rules_are_not_walked_as_copy() {
    let dir = scratch_dir("listfiles");
    std::fs::create_dir_all(dir.join("rules/lists")).unwrap();
    std::fs::write(dir.join("rules/lists/hype.txt"), "稳赚不赔\n闭眼买\n").unwrap();
    std::fs::write(
        dir.join("rules/house.rules"),
        "terms hype = file \"lists/hype.txt\"\n\nrule HOUSE-HYPE {\n  title \"hype\"\n  category \
         prohibited.absolute-term\n  severity error\n  forbid hype\n  example fail \"闭眼买\"\n  example \
         pass \"看清再买\"\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  paths: [rules/]\n").unwrap();
    std::fs::write(dir.join("flyer.txt"), "这款闭眼买。").unwrap();
    let (code, out, err) =
        stdout(disclint().current_dir(&dir).args(["check", "--format", "json", "--rule", "HOUSE-HYPE"]));
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> =
        doc["files"].as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, ["flyer.txt"], "{out}");
    let (code, out, _) =
        stdout(disclint().current_dir(&dir).args(["check", "--rule", "HOUSE-HYPE", "rules/lists/hype.txt"]));
    assert_eq!(code, 1, "named on the command line, it is checked: {out}");
}

/// A rules folder with no rule file in it is a wrong path: an error, not a
/// run on the built-in packs alone that passes.
#[test]
fn a_rules_folder_without_rule_files_is_an_error() {
    let dir = scratch_dir("emptyrulesfolder");
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("a.txt"), "本产品保本保息").unwrap();
    for args in [&["rules", "test", "rules"][..], &["check", "--rules", "rules", "a.txt"]] {
        let (code, _, err) = stdout(disclint().current_dir(&dir).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("rules: no rule files (`*.rules`) in this folder"), "{err}");
    }
}

#[test]
fn commands_without_a_path_act_on_the_current_folder_or_the_configs_rule_paths() {
    let dir = scratch_dir("nopath");
    std::fs::write(dir.join("a.txt"), "本产品保本保息").unwrap();
    // `check` with no path checks the current folder, naming files without `./`.
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["check", "--format", "json"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("\"path\": \"a.txt\""), "{out}");
    // `rules fmt` with no path and no config says what to do.
    let (code, _, err) = stdout(disclint().current_dir(&dir).args(["rules", "fmt"]));
    assert_eq!(code, 2);
    assert!(err.contains("no rule files to format") && !err.contains("required arguments"), "{err}");
    // With `rules.paths` in the config, the rules commands work on those.
    let rules = std::fs::read_to_string(format!("{FIX}/demo.rules")).unwrap();
    std::fs::write(dir.join("house.rules"), &rules).unwrap();
    std::fs::write(dir.join("disclint.yaml"), "rules:\n  paths: [house.rules]\n").unwrap();
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["rules", "fmt", "--check"]));
    assert!(code == 0 || code == 1, "{err}");
    assert!(code == 0 || out.contains("house.rules"), "{out}");
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["rules", "check"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok: 2 rules in 1 file"), "{out}");
    let (code, out, _) = stdout(disclint().current_dir(&dir).args(["rules", "test"]));
    assert_eq!(code, 0);
    assert!(out.starts_with("2 rules,"), "{out}");
}

#[test]
fn rules_categories_lists_the_contract() {
    let (code, out, _) = stdout(disclint().args(["rules", "categories"]));
    assert_eq!(code, 0);
    for (category, _) in disclint::category::CATEGORIES {
        assert!(out.contains(category), "{category} missing:\n{out}");
    }
    assert!(out.contains("prohibited.guarantee") && out.contains("other.<name>"), "{out}");
}

const HOUSE: &str = "tests/fixtures/house-rules";

/// A copy of `tests/fixtures/house-rules` (rule file, fixtures, expectations) to change.
fn house_copy(tag: &str) -> std::path::PathBuf {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = scratch_dir(tag);
    let _ = std::fs::remove_dir_all(&dir);
    copy(std::path::Path::new(HOUSE), &dir);
    dir
}

#[test]
fn rules_test_checks_fixture_documents_end_to_end() {
    let file = format!("{HOUSE}/house.rules");
    // Alone, next to the built-in packs (whose rules do not run on the house
    // file's fixtures), and as a folder.
    for args in [vec!["--no-default-rules", file.as_str()], vec![file.as_str()], vec![HOUSE]] {
        let (code, out, err) = stdout(disclint().args(["rules", "test"]).args(&args));
        assert_eq!(code, 0, "{args:?}\n{out}{err}");
        assert!(out.ends_with("3 rules, 5 examples, 2 fixtures: 7 passed, 0 failed\n"), "{args:?}\n{out}");
    }
    // Without fixtures the summary line is as before.
    let (_, out, _) =
        stdout(disclint().args(["rules", "test", "--no-default-rules", &format!("{FIX}/demo.rules")]));
    assert!(out.ends_with("2 rules, 4 examples: 4 passed, 0 failed\n"), "{out}");
}

#[test]
fn a_fixture_whose_findings_differ_prints_the_difference_and_exits_one() {
    let dir = house_copy("fixture-diff");
    let expected = dir.join("house.fixtures/landing.md.expected");
    let text = std::fs::read_to_string(&expected).unwrap();
    // One expected finding moved, one forgotten, one that will never come.
    let text = text.replace("HOUSE-STEADY-HIGH-YIELD 6:8", "HOUSE-STEADY-HIGH-YIELD 9:8");
    let text = text.replace("HOUSE-HIGH-RISK-NOTICE -\n", "");
    std::fs::write(&expected, format!("{text}HOUSE-NOT-A-RULE -\n")).unwrap();
    let (code, out, _) =
        stdout(disclint().current_dir(&dir).args(["rules", "test", "--no-default-rules", "house.rules"]));
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_fixture_without_expectations_fails_and_bless_writes_them() {
    let dir = house_copy("fixture-bless");
    let landing = dir.join("house.fixtures/landing.md.expected");
    let notice = dir.join("house.fixtures/notice.txt.expected");
    let blessed = std::fs::read_to_string(&landing).unwrap();
    std::fs::remove_file(&landing).unwrap();
    std::fs::write(&notice, "# kept as it is\n").unwrap();
    let test = |bless: bool| {
        let mut cmd = disclint();
        cmd.current_dir(&dir).args(["rules", "test", "--no-default-rules", "house.rules"]);
        if bless {
            cmd.arg("--bless");
        }
        stdout(&mut cmd)
    };
    let (code, out, _) = test(false);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "FAILED fixture house.fixtures/landing.md: no landing.md.expected next to it; \
             `disclint rules test --bless` writes it from the 3 finding(s) below"
        ),
        "{out}"
    );
    assert!(
        out.contains("  found       HOUSE-HEADING-SUPERLATIVE  house.fixtures/landing.md:6:3  “最佳”"),
        "{out}"
    );
    assert!(out.ends_with("2 fixtures: 6 passed, 1 failed\n"), "{out}");
    // --bless writes the missing file, exactly as the repository's copy, and
    // leaves an up-to-date one (with its own comments) alone.
    let (code, out, _) = test(true);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("blessed house.fixtures/landing.md.expected: 3 finding(s)\n"), "{out}");
    assert!(!out.contains("notice.txt.expected"), "{out}");
    assert_eq!(std::fs::read_to_string(&landing).unwrap(), blessed);
    assert_eq!(std::fs::read_to_string(&notice).unwrap(), "# kept as it is\n");
    let (code, out, _) = test(false);
    assert_eq!(code, 0, "{out}");
    // A wrong expectation is rewritten by --bless.
    std::fs::write(&landing, "HOUSE-STEADY-HIGH-YIELD 1:1\n").unwrap();
    let (code, _, _) = test(true);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&landing).unwrap(), blessed);
}

#[test]
fn an_unreadable_fixture_or_a_bad_expectation_is_an_error_naming_the_file() {
    let dir = house_copy("fixture-broken");
    std::fs::write(dir.join("house.fixtures/broken.docx"), "not a zip archive").unwrap();
    std::fs::write(dir.join("house.fixtures/notice.txt.expected"), "# fine\nHOUSE-HIGH-RISK-NOTICE 3\n")
        .unwrap();
    let (code, out, err) =
        stdout(disclint().current_dir(&dir).args(["rules", "test", "--no-default-rules", "house.rules"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("error: cannot read fixture house.fixtures/broken.docx: "), "{err}");
    assert!(
        err.contains(
            "error: house.fixtures/notice.txt.expected:2: `3` is not a position: expected LINE:COLUMN (1-based, e.g. 3:5) or `-`"
        ),
        "{err}"
    );
    // The other fixture is still tested and everything is counted.
    assert!(out.ends_with("3 rules, 5 examples, 3 fixtures: 6 passed, 2 failed\n"), "{out}");
}

#[test]
fn a_fixtures_folder_in_a_rules_folder_tests_all_its_rule_files() {
    let dir = scratch_dir("fixture-folder");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules/fixtures")).unwrap();
    std::fs::copy(format!("{HOUSE}/house.rules"), dir.join("rules/house.rules")).unwrap();
    std::fs::copy(format!("{FIX}/demo.rules"), dir.join("rules/demo.rules")).unwrap();
    std::fs::write(dir.join("rules/fixtures/flyer.txt"), "稳健高收益，保本保息\n").unwrap();
    std::fs::write(
        dir.join("rules/fixtures/flyer.txt.expected"),
        "DEMO-GUARANTEE 1:7\nDEMO-GUARANTEE 1:9\nHOUSE-STEADY-HIGH-YIELD 1:1\n",
    )
    .unwrap();
    let (code, out, err) =
        stdout(disclint().current_dir(&dir).args(["rules", "test", "--no-default-rules", "rules"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("5 rules, 9 examples, 1 fixtures: 10 passed, 0 failed\n"), "{out}");
}

/// `rules list` and `explain` see the rules `check` would run here: the
/// config's `builtin: false` and `rules.paths`, its `disable` (listed,
/// marked) and its severity overrides.
#[test]
fn rules_list_and_explain_follow_the_config() {
    let dir = scratch_dir("list-config");
    std::fs::copy(format!("{FIX}/demo.rules"), dir.join("house.rules")).unwrap();
    std::fs::write(
        dir.join("disclint.yaml"),
        "rules:\n  builtin: false\n  paths: [house.rules]\n  disable: [DEMO-WARNING]\n  severity:\n    prohibited.guarantee: warning\n",
    )
    .unwrap();
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["rules", "list"]));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("CN-"), "built-ins are off: {out}");
    insta::assert_snapshot!(out);
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["explain", "DEMO-GUARANTEE"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("severity:  warning (set in disclint.yaml; the rule's own is error)"), "{out}");
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["explain", "DEMO-WARNING"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status:    disabled"), "{out}");
}

/// A file name that is not UTF-8 (GBK bytes) is never shown as U+FFFD: every
/// text format writes each such byte as `\xNN`, and SARIF percent-encodes
/// the raw bytes, so the location names the file that exists.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_are_escaped_in_every_format() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch_dir("nonutf8-names");
    let name = std::ffi::OsStr::from_bytes(b"gbk_\xb1\xa3\xb1\xbe.txt");
    std::fs::write(dir.join(name), "本产品保本保息，稳赚不赔。\n").unwrap();
    let run = |format: &str| {
        let (code, out, err) = stdout(
            disclint()
                .current_dir(&dir)
                .args(["check", "--no-default-rules", "--rules"])
                .arg(std::path::absolute(format!("{FIX}/demo.rules")).unwrap())
                .args(["--format", format, "."]),
        );
        assert_eq!(code, 1, "{out}{err}");
        assert!(!out.contains('\u{FFFD}'), "{format}: {out}");
        out
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "gbk_%B1%A3%B1%BE.txt");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["files"][0]["path"], r"./gbk_\xB1\xA3\xB1\xBE.txt");
    assert!(run("github").contains(r"file=gbk_\xB1\xA3\xB1\xBE.txt,"));
    assert!(run("human").contains(r"./gbk_\xB1\xA3\xB1\xBE.txt:1:"));
}

/// A run that checks no document fails (exit 2) and says why, for each
/// folder: a glob typo or a folder of old Word files must not turn a CI job
/// green with "0 files checked".
#[test]
fn a_run_that_checks_nothing_fails_and_says_why() {
    let project = std::fs::canonicalize(format!("{FIX}/nothing/project")).unwrap();
    let mut messages = String::new();
    // The config's include glob matches nothing: no path, then the folder named.
    for args in [&[][..], &["docs"]] {
        let (code, out, err) = stdout(disclint().current_dir(&project).arg("check").args(args));
        assert_eq!(code, 2, "{out}{err}");
        messages.push_str(&err.replace(&project.display().to_string(), "[project]"));
    }
    let (code, out, err) = stdout(disclint().args(["check", &format!("{FIX}/nothing/legacy")]));
    assert_eq!(code, 2, "{out}{err}");
    messages.push_str(&err);
    let empty = scratch_dir("nothing-empty");
    let (code, out, err) = stdout(disclint().current_dir(&empty).args(["check", "--config", "/dev/null"]));
    assert_eq!(code, 2, "{out}{err}");
    messages.push_str(&err);
    insta::assert_snapshot!(messages);
}

/// Another path that is checked keeps the run going; the folder that gave
/// nothing is still said. A file named alone and left out by the config
/// (pre-commit passing a draft) stays a note and a pass.
#[test]
fn a_folder_that_gives_nothing_beside_checked_files_is_a_warning() {
    let (code, out, err) =
        stdout(demo().args([&format!("{FIX}/nothing/legacy"), &format!("{FIX}/clean.txt")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 file checked"), "{out}");
    assert!(
        err.contains("warning: tests/fixtures/cli/nothing/legacy: no document to check: 2 with"),
        "{err}"
    );
    let project = format!("{FIX}/nothing/project");
    let (code, out, err) = stdout(disclint().current_dir(&project).args(["check", "docs/a.md"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("note: docs/a.md is not checked:"), "{err}");
}

/// One rule file reached by two paths (the config's `rules.paths` and
/// `--rules`, a folder and a file in it, `./x` and `x`) is loaded once.
#[test]
fn a_rule_file_reached_by_two_paths_is_loaded_once() {
    let dir = format!("{FIX}/same_rules");
    for args in [
        &["--rules", "rules/house.rules"][..],
        &["--config", "/dev/null", "--rules", "rules", "--rules", "./rules/house.rules"],
    ] {
        let (code, out, err) = stdout(disclint().current_dir(&dir).arg("check").args(args).arg("docs/a.txt"));
        assert_eq!(code, 1, "{out}{err}");
        assert!(!err.contains("defined twice"), "{err}");
        assert_eq!(out.matches("HOUSE-STEADY-HIGH-YIELD").count(), 1, "{out}");
    }
    let (code, out, err) =
        stdout(disclint().current_dir(&dir).args(["rules", "test", "rules", "./rules/house.rules"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 rules, 4 examples"), "{out}");
}

/// Rule, list, config and sidecar files saved in GBK (Notepad's "ANSI" on a
/// Chinese Windows) are refused at the first byte that is not UTF-8, with
/// the encoding they look like and what to do.
#[test]
fn files_that_must_be_utf8_name_the_first_bad_byte_and_the_encoding() {
    let dir = format!("{FIX}/gbk");
    let mut messages = String::new();
    for args in [
        &["rules", "check", "house_gbk.rules"][..],
        &["rules", "check", "list.rules"],
        &["rules", "fmt", "--check", "house_gbk.rules"],
        &["check", "--config", "cfg/disclint.yaml", "doc.txt"],
        &["check", "--config", "/dev/null", "doc.txt"],
    ] {
        let (code, out, err) = stdout(disclint().current_dir(&dir).args(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        // A document's own error (its sidecar) is in the report, on stdout.
        assert!(
            format!("{out}{err}").contains("must be UTF-8, but this file is not (it looks like GBK)"),
            "{err}"
        );
        messages.push_str(&format!("$ disclint {}\n{out}{err}", args.join(" ")));
    }
    insta::assert_snapshot!(messages);
}

/// `use cn.common` in a house pack run with `--no-default-rules` (the
/// documented "only my rules" run): one error, saying the pack is built in
/// and how to keep it, without the undefined lists that follow from it; and
/// the way it gives (`rules: {packs: [cn/common]}`) works.
#[test]
fn using_a_builtin_pack_that_is_switched_off_says_how_to_keep_it() {
    let dir = format!("{FIX}/use_builtin");
    let (code, out, err) = stdout(disclint().current_dir(&dir).args([
        "check",
        "--config",
        "/dev/null",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "a.txt",
    ]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(!err.contains("undefined term list"), "{err}");
    insta::assert_snapshot!(err);
    // disclint.yaml: `rules: {packs: [cn/common], paths: [house.rules]}`.
    let (code, out, err) = stdout(disclint().current_dir(&dir).args(["check", "a.txt"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("ACME-NO-GUARANTEE"), "{out}");
    assert!(out.contains("1 finding"), "{out}");
}
