//! QA pass 14, items 13–15 (engine): one claim is one finding, symbolic
//! links in a checked folder, and a rule file's errors all in one run
//! after a syntax error in a rule. The inputs are the QA's own
//! (`tests/fixtures/qa14`).

mod common;

use assert_cmd::Command;
use common::run;
use serde_json::Value;
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa14");

/// The binary, run in `sub` of the fixtures.
fn disclint(sub: &str) -> Command {
    let mut cmd = common::disclint();
    cmd.current_dir(Path::new(FIX).join(sub));
    cmd
}

/// A fresh scratch folder of this test file, `name`.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qa14").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `RULE line:column [merged rules]` of each finding of the first file.
fn findings(v: &Value) -> Vec<String> {
    v["files"][0]["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    let merged: Vec<&str> = f["merged"]
                        .as_array()
                        .map(|m| m.iter().filter_map(|m| m["rule"].as_str()).collect())
                        .unwrap_or_default();
                    format!(
                        "{} {}:{} [{}]",
                        f["rule"].as_str().unwrap_or("?"),
                        f["span"]["start"]["line"],
                        f["span"]["start"]["column"],
                        merged.join(",")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------- item 13

/// Two rules, one phrase, one category: one finding, which names the other
/// rule; the summary counts the claims.
#[test]
fn one_deposit_confusion_claim_in_insurance_copy_is_one_finding() {
    let (code, out, err) = run(disclint("dup").args([
        "check",
        "--format",
        "json",
        "--meta",
        "product.category=insurance",
        "insdup.txt",
    ]));
    assert_eq!(code, 1, "{out}{err}");
    let v = json(&out);
    assert_eq!(
        findings(&v),
        [
            "CN-AD-DEPOSIT-CONFUSION 1:12 [CN-INS-DEPOSIT-CONFUSION]",
            "CN-AD-GUARANTEE 1:19 []",
            "CN-AD-DEPOSIT-CONFUSION 1:27 [CN-INS-DEPOSIT-CONFUSION]",
        ]
    );
    assert_eq!(v["summary"]["findings"], 3);
    assert_eq!(v["summary"]["by_severity"]["error"], 3);
    let merged = &v["files"][0]["findings"][0]["merged"][0];
    assert_eq!(merged["matched"], "就是银行存款");
    assert_eq!(merged["severity"], "error");
    assert!(merged["fingerprint"].as_str().is_some_and(|f| f.len() == 16), "{merged}");
    // A finding nothing was merged into has no `merged` field (the shape of spec/cli.md).
    assert!(v["files"][0]["findings"][1].get("merged").is_none());
}

/// One rule's span inside the other's: the wider one is kept (same
/// severity), and output for people says where the other rule matched.
#[test]
fn a_nested_match_of_the_same_category_is_merged_into_the_wider_one() {
    let (code, out, err) = run(disclint("dup").args([
        "check",
        "--color",
        "never",
        "--meta",
        "product.category=fund",
        "endup.txt",
    ]));
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.matches("error[").count(), 1, "{out}");
    assert!(out.contains("error[EN-DEPOSIT-CONFUSION]"), "{out}");
    assert!(
        out.contains(
            "= note: also found by EN-DEPOSIT-WORDS at 1:47 “savings account” (the same claim of the same \
             category: one finding)"
        ),
        "{out}"
    );
    assert!(out.ends_with("1 file checked: 1 finding (1 error, 0 warning, 0 info)\n"), "{out}");
}

/// The script packs: `跟存款一样` in turn 3 is one finding.
#[test]
fn a_transcript_turn_is_one_finding_per_claim() {
    let (_, out, err) = run(disclint("dup").args(["check", "--format", "json", "ins_bad.script.txt"]));
    let v = json(&out);
    let at_3_17: Vec<String> = findings(&v).into_iter().filter(|f| f.contains(" 3:17 ")).collect();
    assert_eq!(at_3_17, ["CN-SCRIPT-DEPOSIT-CONFUSION 3:17 [CN-SCRIPT-INS-DEPOSIT]"], "{out}{err}");
}

/// Merging comes after rule selection and suppressions: a user who asks
/// for the rule that would be merged away sees it, and suppressing the
/// rule kept shows the other.
#[test]
fn selection_and_suppression_come_before_merging() {
    let (_, out, _) = run(disclint("dup").args([
        "check",
        "--format",
        "json",
        "--meta",
        "product.category=insurance",
        "--rule",
        "CN-INS-DEPOSIT-CONFUSION",
        "insdup.txt",
    ]));
    assert_eq!(
        findings(&json(&out)),
        ["CN-INS-DEPOSIT-CONFUSION 1:12 []", "CN-INS-DEPOSIT-CONFUSION 1:27 []"]
    );
    let dir = scratch("suppressed");
    std::fs::write(
        dir.join("supp.md"),
        "---\nproduct:\n  category: insurance\n---\n\n\
         <!-- disclint-disable-next-line CN-AD-DEPOSIT-CONFUSION -- reviewed -->\n\
         青禾人寿鑫享年金保险，就是银行存款。投保前请阅读条款，犹豫期15天。\n",
    )
    .expect("write");
    let mut cmd = common::disclint();
    let (_, out, _) = run(cmd.current_dir(&dir).args(["check", "--format", "json", "supp.md"]));
    let v = json(&out);
    assert_eq!(findings(&v), ["CN-INS-DEPOSIT-CONFUSION 7:12 []"], "{out}");
    assert_eq!(v["files"][0]["suppressed"][0]["rule"], "CN-AD-DEPOSIT-CONFUSION", "{out}");
}

/// A house rule repeating a built-in one (at a lower severity) is merged
/// into the built-in finding; on a phrase only it finds, it stands alone.
#[test]
fn a_house_rule_duplicating_a_built_in_one_is_merged() {
    let (_, out, err) = run(disclint("dup").args([
        "check",
        "--format",
        "json",
        "--rules",
        "house/deposit.rules",
        "--meta",
        "product.category=insurance",
        "--category",
        "prohibited.deposit-confusion",
        "insdup.txt",
    ]));
    assert_eq!(
        findings(&json(&out)),
        [
            "CN-AD-DEPOSIT-CONFUSION 1:12 [CN-INS-DEPOSIT-CONFUSION,HOUSE-INS-DEPOSIT]",
            "CN-AD-DEPOSIT-CONFUSION 1:27 [CN-INS-DEPOSIT-CONFUSION]",
        ],
        "{err}"
    );
}

/// SARIF: the merged finding's place is a related location, its rule a
/// property; the log still validates.
#[test]
fn sarif_names_the_merged_rules() {
    let (_, out, _) = run(disclint("dup").args([
        "check",
        "--format",
        "sarif",
        "--meta",
        "product.category=fund",
        "endup.txt",
    ]));
    let log = json(&out);
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 1, "{out}");
    assert_eq!(results[0]["properties"]["mergedRules"], serde_json::json!(["EN-DEPOSIT-WORDS"]));
    let region = &results[0]["relatedLocations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startColumn"].as_u64(), region["endColumn"].as_u64()), (Some(47), Some(62)));
    validate_sarif(&log);
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

/// A baseline recorded with only the rule that is now merged away (or by
/// an older version that reported both) still matches the finding kept.
#[test]
fn a_baseline_matches_a_finding_by_the_fingerprints_merged_into_it() {
    let dir = scratch("baseline");
    std::fs::copy(Path::new(FIX).join("dup/insdup.txt"), dir.join("insdup.txt")).expect("copy");
    let check = |args: &[&str]| {
        let mut cmd = common::disclint();
        cmd.current_dir(&dir)
            .args(["check", "--format", "json", "--meta", "product.category=insurance"])
            .args(args)
            .arg("insdup.txt");
        run(&mut cmd)
    };
    let (code, _, err) = check(&["--rule", "CN-INS-DEPOSIT-CONFUSION", "--write-baseline", "b.json"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = check(&["--baseline", "b.json"]);
    let v = json(&out);
    // Only the guarantee is new; both deposit-confusion claims were recorded.
    assert_eq!(findings(&v), ["CN-AD-GUARANTEE 1:19 []"], "{out}");
    assert_eq!(v["files"][0]["baseline"], serde_json::json!({ "unchanged": 2, "absent": 0 }));
}

// ---------------------------------------------------------------- item 15

/// `rules check` of one of the QA's files: exit code 2 and stderr.
fn rules_check(file: &str) -> String {
    let (code, out, err) = run(disclint("rules").args(["rules", "check", "--color", "never", file]));
    assert_eq!(code, 2, "{out}{err}");
    err
}

/// `=` for `==` in a rule's `when` is reported, then read as `==`: the
/// rule's later errors (an unknown placeholder, a bad `with` value) show in
/// the same run, and nothing else.
#[test]
fn a_single_equals_in_when_does_not_hide_the_rules_later_errors() {
    let err = rules_check("hide1.rules");
    assert_eq!(err.matches("error: ").count(), 4, "{err}");
    assert!(err.ends_with("error: 3 error(s) in rule files\n"), "{err}");
    // The same errors as once the `=` is mended, at the same places.
    let fixed = rules_check("hide1b.rules");
    for at in ["hide1.rules:7:23", "hide1.rules:8:48"] {
        assert!(err.contains(at), "{at}: {err}");
        assert!(fixed.contains(&at.replace("hide1.", "hide1b.")), "{at}: {fixed}");
    }
    insta::assert_snapshot!(err);
}

/// A regex flag is reported, then left out: the missing `}` at the end of
/// the file is reported in the same run, after the flag.
#[test]
fn a_regex_flag_does_not_hide_a_missing_closing_brace() {
    let err = rules_check("hide2.rules");
    assert_eq!(err.matches("error: ").count(), 3, "{err}");
    assert!(err.contains("regex flags are not supported, found `i`"), "{err}");
    assert!(err.contains("found end of file"), "{err}");
    assert!(err.contains("is a closing `}` missing?"), "{err}");
    insta::assert_snapshot!(err);
}

/// The files with the slip mended: only the later errors.
#[test]
fn the_mended_files_report_only_the_later_errors() {
    insta::assert_snapshot!("hide1b", rules_check("hide1b.rules"));
    insta::assert_snapshot!("hide2b", rules_check("hide2b.rules"));
}

/// The QA's file of many mistakes: with the `=` and the flag mended, the
/// later errors of those rules (the placeholder, `R7`, the missing `}`) show
/// too, each once.
#[test]
fn every_error_of_the_qas_typos_file_in_one_run() {
    let err = rules_check("typos.rules");
    for said in ["placeholder `{product.risk}`", "`R7`", "found `=`", "found `i`", "found end of file"] {
        assert_eq!(err.matches(said).count(), 1, "{said}: {err}");
    }
    insta::assert_snapshot!(err);
}

// ---------------------------------------------------------------- item 14

/// A copy of the QA's `links2/` (a site folder with a page linked in from
/// a shared folder) and `links/` (a link out of the folder, a link to
/// nothing, a link loop), made at run time.
#[cfg(unix)]
/// The linked folders, in a scratch folder of the test's own (`name`):
/// tests run in parallel, and one would remove another's folder.
fn linked_folders(name: &str) -> std::path::PathBuf {
    use std::os::unix::fs::symlink;
    let dir = scratch(name);
    let src = Path::new(FIX).join("links");
    for d in ["links2/site", "links2/shared", "links", "cn"] {
        std::fs::create_dir_all(dir.join(d)).expect("folder");
    }
    let copy = |from: &str, to: &str| std::fs::copy(src.join(from), dir.join(to)).map(|_| ()).expect("copy");
    copy("ok.md", "links2/site/ok.md");
    copy("promo.md", "links2/shared/promo.md");
    copy("ok.md", "links/a.md");
    copy("promo.md", "cn/wm_bad1.md");
    symlink("../shared/promo.md", dir.join("links2/site/promo.md")).expect("link");
    symlink("../cn/wm_bad1.md", dir.join("links/b.md")).expect("link");
    symlink("nonexistent.md", dir.join("links/dangling.md")).expect("link");
    symlink(".", dir.join("links/loop")).expect("link");
    dir
}

#[cfg(unix)]
fn check_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = common::disclint();
    run(cmd.current_dir(dir).arg("check").args(["--color", "never"]).args(args))
}

/// Without `--follow`, a link in a checked folder is not followed, and a
/// note on stderr says so (stdout stays the format's own).
#[cfg(unix)]
#[test]
fn links_not_followed_are_counted_on_stderr() {
    let dir = linked_folders("links1");
    let (code, out, err) = check_in(&dir, &["links2/site"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "1 file checked: 0 findings (0 error, 0 warning, 0 info)\n");
    assert_eq!(
        err,
        "note: links2/site: 1 symbolic link not followed (promo.md) not checked: pass -L/--follow to \
         check what links point to\n"
    );
    let (_, out, err) = check_in(&dir, &["--format", "json", "links"]);
    let v = json(&out);
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(
        err,
        "note: links: 3 symbolic links not followed (b.md, dangling.md (broken), loop/) not checked: pass \
         -L/--follow to check what links point to\n"
    );
}

/// With `--follow`, the linked page is checked under the link's path; a
/// file reached by a link and by its own path is checked once.
#[cfg(unix)]
#[test]
fn follow_checks_what_links_point_to_once() {
    let dir = linked_folders("links2");
    let (code, out, err) = check_in(&dir, &["-L", "--format", "json", "links2/site"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err, "");
    let v = json(&out);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .map(|fs| fs.iter().filter_map(|f| f["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(paths, ["links2/site/ok.md", "links2/site/promo.md"]);
    // The linked page gets what it gets when checked by its own path.
    let (_, direct, _) = check_in(&dir, &["--format", "json", "links2/shared/promo.md"]);
    let direct = json(&direct);
    assert!(direct["summary"]["by_severity"]["error"].as_u64().unwrap_or(0) >= 2, "{direct}");
    assert_eq!(v["summary"]["by_severity"]["error"], direct["summary"]["by_severity"]["error"], "{out}");
    // The whole tree: promo.md by its own path and by the link, checked once.
    let (_, out, err) = check_in(&dir, &["--follow", "--format", "json", "links2"]);
    let v = json(&out);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .map(|fs| fs.iter().filter_map(|f| f["path"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(paths, ["links2/shared/promo.md", "links2/site/ok.md"], "{err}");
}

/// With `--follow`, a link loop ends (with a note), and a link to nothing
/// is that file's error, naming where it points; the other files are checked.
#[cfg(unix)]
#[test]
fn follow_survives_loops_and_names_broken_links() {
    let dir = linked_folders("links3");
    let (code, out, err) = check_in(&dir, &["-L", "--format", "json", "links"]);
    assert_eq!(code, 2, "{out}{err}");
    let v = json(&out);
    let files = v["files"].as_array().cloned().unwrap_or_default();
    let entry = |name: &str| files.iter().find(|f| f["path"] == name).cloned().unwrap_or(Value::Null);
    assert_eq!(files.len(), 3, "{out}");
    assert_eq!(entry("links/a.md")["error"], Value::Null);
    assert!(entry("links/b.md")["findings"].as_array().is_some_and(|f| !f.is_empty()), "{out}");
    assert_eq!(
        entry("links/dangling.md")["error"],
        "a symbolic link to nonexistent.md, which does not exist"
    );
    assert!(err.contains("note: links/loop: a symbolic link loop"), "{err}");
}
