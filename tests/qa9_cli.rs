//! QA pass 9, command-line items: names in disclint.yaml and on the command
//! line that select nothing, rule commands that follow the config (and take
//! `--config`), `explain` of a built-in rule the config leaves out, where
//! config and suppression typos are reported, the folder walk, sidecars and
//! standard input.

mod common;

use assert_cmd::Command;
use common::run;
use std::path::{Path, PathBuf};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa9-cli");

fn disclint(dir: &Path) -> Command {
    let mut cmd = common::disclint();
    cmd.current_dir(dir);
    cmd
}

fn fixture(sub: &str) -> PathBuf {
    Path::new(FIX).join(sub)
}

/// Messages with the fixture folder written as `[FIX]`.
fn tidy(text: &str) -> String {
    text.replace(FIX, "[FIX]")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qa9-cli").join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Item 15: a misspelt metadata field in the config is reported at the key,
/// with the field it was probably meant to be, as in a rule file.
#[test]
fn a_misspelt_metadata_field_in_the_config_points_at_the_key() {
    let (code, _, err) = run(disclint(&fixture("meta-typo")).args(["check", "funds"]));
    assert_eq!(code, 2);
    assert!(
        tidy(&err).starts_with(
            "error: [FIX]/meta-typo/disclint.yaml:4:7: unknown metadata field `product.risk_lvl`; did you mean `product.risk_level`?"
        ),
        "{err}"
    );
    // Front matter and --meta say the same.
    let dir = scratch("meta-typo-front-matter");
    std::fs::write(dir.join("fm.md"), "---\nproduct:\n  risk_lvl: R4\n---\n本基金风险等级R4。\n").unwrap();
    let (_, out, _) = run(disclint(&dir).args(["check", "fm.md"]));
    assert!(
        out.contains(
            "fm.md:3:3: unknown metadata field `product.risk_lvl`; did you mean `product.risk_level`?"
        ),
        "{out}"
    );
    let (code, _, err) = run(disclint(&dir).args(["check", "fm.md", "--meta", "product.risk_lvl=R4"]));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `product.risk_level`?"), "{err}");
}

/// Item 16: a suppression naming a misspelt rule id suggests the id.
#[test]
fn a_suppression_of_a_misspelt_rule_suggests_the_rule() {
    let (code, out, err) = run(disclint(Path::new(FIX)).args([
        "check",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "notice.md",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(
            "suppression names HX-HPYE, which is not a loaded rule (did you mean HX-HYPE?); it suppresses nothing"
        ),
        "{out}"
    );
}
/// Item 5: a local category is a name only when a rule has it, so a
/// misspelt `other.*` in `disable` or `severity` is the error a misspelt
/// contract category is, at the entry, in `check` and in `rules list`.
#[test]
fn a_misspelt_local_category_in_the_config_is_an_error() {
    let dir = fixture("config-typo");
    let (code, out, err) = run(disclint(&dir).args(["check", "pf-post.md"]));
    assert_eq!(code, 2, "{out}{err}");
    // Both entries with the typo, in one run.
    insta::assert_snapshot!(tidy(&err), @r"
    error: [FIX]/config-typo/disclint.yaml:4:13: rules.disable: `other.house-chanel` is neither a loaded rule id nor a category; did you mean `other.house-channel`?
    error: [FIX]/config-typo/disclint.yaml:6:5: rules.severity: `other.house-chanel` is neither a loaded rule id nor a category; did you mean `other.house-channel`?
    ");
    let (code, _, list_err) = run(disclint(&dir).args(["rules", "list"]));
    assert_eq!(code, 2);
    assert_eq!(list_err, err);
    // The severity entry's error points at its key, where the typo is.
    let scratch = scratch("severity-key");
    std::fs::write(
        scratch.join("disclint.yaml"),
        format!(
            "rules:\n  builtin: false\n  paths: [{}]\n  severity:\n    other.house-chanel: info\n",
            fixture("house.rules").display()
        ),
    )
    .unwrap();
    let (code, _, err) = run(disclint(&scratch).args(["rules", "list"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("disclint.yaml:5:5: rules.severity: `other.house-chanel` is neither a loaded rule id nor a category; did you mean `other.house-channel`?"),
        "{err}"
    );
    // A built-in pack's own local category is a name, loaded or not.
    std::fs::write(
        scratch.join("disclint.yaml"),
        "rules:\n  packs: [cn/wealth]\n  disable: [other.private-fund-public-promotion]\n",
    )
    .unwrap();
    let (code, _, err) = run(disclint(&scratch).args(["rules", "list"]));
    assert_eq!(code, 0, "{err}");
}

/// Item 6: `--rule` and `--category` that choose only rules the config
/// keeps from running fail as a typo does, saying which entry to change.
#[test]
fn selecting_only_rules_that_do_not_run_is_an_error() {
    let dir = fixture("disabled");
    let mut messages = String::new();
    for args in [
        &["--rule", "HX-RANK"][..],
        &["--rule", "HX-DRAFT-HOT"],
        &["--category", "other.house-draft"],
        &["--rule", "HX-HYPE", "--rule", "HX-RANK"],
    ] {
        let (code, out, err) = run(disclint(&dir).arg("check").arg("poster.txt").args(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        messages.push_str(&format!("$ check poster.txt {}\n{}\n", args.join(" "), tidy(&err)));
    }
    // A selection with a rule that runs is a run.
    let (code, out, err) = run(disclint(&dir).args(["check", "poster.txt", "--category", "prohibited"]));
    assert_eq!(code, 0, "HX-RANK is off, but the group is not empty of rules that run: {out}{err}");
    // Built-in rules of packs `rules.packs` leaves out.
    let dir = fixture("packs");
    for args in [&["--rule", "CN-AD-ABSOLUTE"][..], &["--category", "prohibited.deposit-confusion"]] {
        let (code, out, err) = run(disclint(&dir).arg("check").arg("poster.txt").args(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        messages.push_str(&format!("$ check poster.txt {}\n{}\n", args.join(" "), tidy(&err)));
    }
    insta::assert_snapshot!(messages);
    // The house rule of the category runs, so the category is fine.
    let (code, out, err) =
        run(disclint(&dir).args(["check", "poster.txt", "--category", "prohibited.absolute-term"]));
    assert_eq!(code, 0, "{out}{err}");
    // A built-in pack the config loads but this short run did not compile
    // (another language) is not a pack left out.
    let (code, out, err) = run(disclint(&fixture("disabled")).args([
        "check",
        "poster.txt",
        "--no-default-rules",
        "--rule",
        "EN-GUARANTEE",
    ]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--no-default-rules switches the built-in packs off"), "{err}");
    let scratch = scratch("other-language");
    std::fs::write(scratch.join("poster.txt"), "全国销量冠军理财！\n").unwrap();
    let (code, out, err) = run(disclint(&scratch).args(["check", "poster.txt", "--rule", "EN-GUARANTEE"]));
    assert_eq!(code, 0, "{out}{err}");
}

/// Item 10: `explain` of a built-in rule whose pack the config leaves out
/// explains it, with why it does not run here and how to load it.
#[test]
fn explain_of_a_builtin_rule_the_config_leaves_out() {
    let (code, out, err) = run(disclint(&fixture("packs")).args(["explain", "CN-AD-ABSOLUTE"]));
    assert_eq!(code, 0, "{err}");
    let status: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("status:")).take(2).collect();
    insta::assert_snapshot!(tidy(&status.join("\n")), @r"
    status:    not loaded here: its pack is left out: `rules.packs` in [FIX]/packs/disclint.yaml loads only cn/common (and the packs they use)
               (add cn/advertising to `rules.packs` to load it)
    ");
    assert!(out.contains("pack:      cn.advertising"), "{out}");
    // A rule the config disables says which entry does it.
    let (code, out, _) = run(disclint(&fixture("disabled")).args(["explain", "HX-RANK"]));
    assert_eq!(code, 0);
    assert!(
        tidy(&out).contains(
            "status:    disabled: `rules.disable` in [FIX]/disabled/disclint.yaml:4:13 switches it off (remove HX-RANK from `rules.disable` to run it)"
        ),
        "{out}"
    );
    // An id no pack has is still "not loaded", with the usual help.
    let (code, _, err) = run(disclint(&fixture("packs")).args(["explain", "CN-NO-SUCH-RULE"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: no rule `CN-NO-SUCH-RULE` is loaded"), "{err}");
}

/// Item 9: `rules patterns` prints what `check` here searches for: the
/// config's rule files, not the built-in packs it leaves out.
#[test]
fn rules_patterns_follows_the_config() {
    let (code, out, err) = run(disclint(&fixture("packs")).args(["rules", "patterns"]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"闭眼买") && lines.contains(&"爆款"), "the house rules: {out}");
    assert!(lines.len() < 20, "no built-in rules' patterns (cn/common has lists, no rules): {out}");
}

/// Item 20 (c): the rule commands take `--config`, as `check` does, so a CI
/// job with its config elsewhere can list what its check runs.
#[test]
fn rule_commands_take_the_config_check_takes() {
    let elsewhere = scratch("config-elsewhere");
    let config = fixture("disabled").join("disclint.yaml");
    let config = config.to_str().expect("UTF-8 path");
    let (code, out, err) = run(disclint(&elsewhere).args(["rules", "list", "--config", config]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("无出处的排名用语 [disabled]") && !out.contains("CN-"), "{out}");
    let (code, out, err) = run(disclint(&elsewhere).args(["explain", "--config", config, "HX-RANK"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status:    disabled"), "{out}");
    let (code, out, err) = run(disclint(&elsewhere).args(["rules", "patterns", "--config", config]));
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l == "爆款"), "{out}");
    let (code, out, err) = run(disclint(&elsewhere).args(["rules", "test", "--config", config]));
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("4 rules, 8 examples: 8 passed, 0 failed\n"), "{out}");
}

/// 9b item 17: `.gitignore` is respected in a folder that is not in a git
/// work tree too (a CI artifact, a tarball, a checkout without `.git`).
#[test]
fn gitignore_is_respected_outside_a_git_work_tree() {
    // Under the system's temporary folder, which no git work tree holds.
    let dir = std::env::temp_dir().join(format!("disclint-qa9-gitignore-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("site/build")).unwrap();
    std::fs::write(dir.join("site/.gitignore"), "build/\n").unwrap();
    std::fs::write(dir.join("site/index.md"), "# 稳盈1号\n\n理财非存款、产品有风险、投资须谨慎。\n").unwrap();
    std::fs::write(dir.join("site/build/old_export.md"), "闭眼买！\n").unwrap();
    let (code, out, err) = run(disclint(&dir).args([
        "check",
        "--no-default-rules",
        "--rules",
        &format!("{FIX}/house.rules"),
        "site",
    ]));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("1 file checked: 0 findings (0 error, 0 warning, 0 info)\n"), "{out}");
}

/// 9b item 19: a document with two sidecar files (`leaflet.md.meta.yaml`
/// and `leaflet.meta.yaml`) is an error naming both, not one of them
/// silently ignored.
#[test]
fn two_sidecars_of_one_document_are_an_error_naming_both() {
    let dir = scratch("two-sidecars");
    std::fs::write(dir.join("leaflet.md"), "本基金净值会波动，基金有风险，投资需谨慎。\n").unwrap();
    std::fs::write(dir.join("leaflet.md.meta.yaml"), "product:\n  category: fund\n  risk_level: R3\n")
        .unwrap();
    std::fs::write(
        dir.join("leaflet.meta.yaml"),
        "product:\n  risk_level: R5\naudience:\n  risk_tolerance: C1\n",
    )
    .unwrap();
    std::fs::write(dir.join("other.md"), "理财非存款、产品有风险、投资须谨慎。\n").unwrap();
    let (code, out, err) = run(disclint(&dir).args(["check", "--format", "json", "leaflet.md", "other.md"]));
    assert_eq!(code, 2, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    insta::assert_snapshot!(v["files"][0]["error"].as_str().unwrap_or_default(), @"leaflet.md.meta.yaml and leaflet.meta.yaml are each a sidecar metadata file of this document, which reads only one: keep one (move the other's fields into it)");
    assert!(v["files"][1]["error"].is_null(), "the other file is still checked: {out}");
    // A `.meta.yml` is read as a sidecar too (a folder walk already takes it for one).
    std::fs::remove_file(dir.join("leaflet.meta.yaml")).unwrap();
    std::fs::remove_file(dir.join("leaflet.md.meta.yaml")).unwrap();
    std::fs::write(dir.join("leaflet.md.meta.yml"), "product:\n  category: fund\n  risk_level: R3\n")
        .unwrap();
    let (_, out, _) =
        run(disclint(&dir).args(["check", "--format", "json", "--fail-on", "never", "leaflet.md"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["files"][0]["metadata"]["product"]["risk_level"], "R3", "{out}");
}

/// 9b item 18: the shipped pre-commit hook passes every document a folder
/// walk reads (YAML and JSON transcripts, `.xhtml`, `.docm`, `.dotx`), and
/// sidecars, which `check` turns into their documents.
#[test]
fn the_pre_commit_hook_passes_every_document_disclint_reads() {
    let hooks = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml"))
        .expect("hook file");
    let parsed: serde_json::Value = serde_saphyr::from_str(&hooks).expect("the hook file is YAML");
    let files = parsed[0]["files"].as_str().expect("a files regex");
    let files = regex::Regex::new(files).expect("the regex compiles");
    for name in [
        "brochure.md",
        "brochure.markdown",
        "post.txt",
        "page.html",
        "page.htm",
        "page.xhtml",
        "brochure.docx",
        "brochure.docm",
        "template.dotx",
        "template.dotm",
        "factsheet.pdf",
        "FACTSHEET.PDF",
        "call.script.txt",
        "call.script.md",
        "call.script.yaml",
        "call.script.yml",
        "call.script.json",
    ] {
        assert!(disclint::document::load::is_document(Path::new(name)), "{name}");
        assert!(files.is_match(name), "the hook leaves out {name}");
    }
    for name in ["leaflet.md.meta.yaml", "leaflet.meta.yml"] {
        assert!(files.is_match(name), "the hook leaves out the sidecar {name}");
    }
    for name in ["logo.png", "disclint.yaml", "data.json", "notes.yaml", "house.rules", "brochure.doc"] {
        assert!(!files.is_match(name), "the hook passes {name}, which is not a document");
    }
}

/// 9b item 18: a sidecar named on the command line (pre-commit passes a
/// changed one alone) checks the documents that read it.
#[test]
fn a_named_sidecar_checks_its_documents() {
    let dir = scratch("named-sidecar");
    std::fs::write(dir.join("leaflet.md"), "本基金净值会波动，基金有风险，投资需谨慎。\n").unwrap();
    std::fs::write(
        dir.join("leaflet.md.meta.yaml"),
        "product:\n  category: fund\n  risk_level: R5\naudience:\n  risk_tolerance: C1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("poster.meta.yaml"),
        "product:\n  risk_level: R5\naudience:\n  risk_tolerance: C1\n",
    )
    .unwrap();
    std::fs::write(dir.join("poster.txt"), "稳盈1号，欢迎了解。\n").unwrap();
    std::fs::write(dir.join("poster.html"), "<p>稳盈1号，欢迎了解。</p>\n").unwrap();
    let (code, out, err) = run(disclint(&dir).args(["check", "--format", "json", "leaflet.md.meta.yaml"]));
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["files"][0]["path"], "leaflet.md");
    assert_eq!(v["files"][0]["metadata"]["product"]["risk_level"], "R5");
    let (_, out, err) =
        run(disclint(&dir).args(["check", "--format", "json", "--fail-on", "never", "poster.meta.yaml"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let paths: Vec<&str> =
        v["files"].as_array().into_iter().flatten().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths, ["poster.html", "poster.txt"]);
    std::fs::write(dir.join("orphan.meta.yaml"), "product:\n  risk_level: R2\n").unwrap();
    let (code, _, err) = run(disclint(&dir).args(["check", "orphan.meta.yaml", "leaflet.md"]));
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "note: orphan.meta.yaml is a sidecar metadata file, and no document next to it reads it"
        ),
        "{err}"
    );
}

/// 9b item 20 (a, b): `-` given twice reads standard input once, and a file
/// that could not be read is not counted as checked.
#[test]
fn stdin_is_read_once_and_unreadable_files_are_not_checked_files() {
    let dir = scratch("stdin-twice");
    let (_, out, err) =
        run(disclint(&dir).args(["check", "--format", "json", "-", "-"]).write_stdin("本产品保本"));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(v["summary"]["files"], 1, "{out}");
    std::fs::write(dir.join("scan.pdf"), "%PDF-1.4 broken").unwrap();
    let (code, out, _) = run(disclint(&dir).args(["check", "scan.pdf"]));
    assert_eq!(code, 2);
    assert!(
        out.ends_with("0 files checked: 0 findings (0 error, 0 warning, 0 info); 1 file could not be read\n"),
        "{out}"
    );
}
