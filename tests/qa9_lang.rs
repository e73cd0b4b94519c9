//! QA pass 9, rule-language items: term-list files (a byte-order mark, a
//! comment after an entry), a house pack's `language`, examples against a
//! pack's `applies when`, skips naming every missing field, and the help a
//! rule author gets for what a Chinese keyboard or plain English suggests.

mod common;

use common::{disclint, run};

/// An empty folder of this test's own under the system's temporary folder.
fn scratch_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("disclint-qa9-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A house rule file forbidding the list `file` reads, with examples that
/// pass whatever the list's first line becomes.
fn list_rule(file: &str) -> String {
    format!(
        "terms words = file \"{file}\"\n\nrule HX-WORDS {{\n  title \"禁用语\"\n  category \
         prohibited.absolute-term\n  severity error\n  forbid words\n  example fail \"躺赚\"\n  example pass \
         \"请理性投资\"\n}}\n"
    )
}

/// `(rule, matched)` of every finding of the first file in `check --format json` output.
fn matched(out: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(out).expect("valid JSON");
    v["files"][0]["findings"]
        .as_array()
        .map(|a| a.iter().map(|f| format!("{} {}", f["rule"].as_str().unwrap_or(""), f["matched"])).collect())
        .unwrap_or_default()
}

/// Notepad's "UTF-8 with BOM": the mark is not part of the first line, so a
/// first-line regex stays a regex and a first-line comment stays a comment.
#[test]
fn a_byte_order_mark_does_not_change_a_list_files_first_line() {
    let dir = scratch_dir("bom");
    std::fs::write(dir.join("words.txt"), "\u{FEFF}/第一(名|品牌)/\n躺赚\n").unwrap();
    std::fs::write(dir.join("commented.txt"), "\u{FEFF}# 本行极限用语清单\n躺赚\n").unwrap();
    std::fs::write(dir.join("house.rules"), list_rule("words.txt")).unwrap();
    std::fs::write(dir.join("commented.rules"), list_rule("commented.txt").replace("HX-WORDS", "HX-C"))
        .unwrap();
    std::fs::write(dir.join("poster.txt"), "华信银行，全国第一品牌理财。").unwrap();
    let (code, out, err) = run(disclint().current_dir(&dir).args([
        "check",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "--format",
        "json",
        "poster.txt",
    ]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(matched(&out), ["HX-WORDS \"第一品牌\""]);
    let (code, out, err) = run(disclint().current_dir(&dir).args([
        "rules",
        "patterns",
        "--no-default-rules",
        "--rules",
        "commented.rules",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "躺赚", "the comment is not a pattern");
}

/// `稳赚  # 2025 年通报` lists `稳赚`: white space then `#` starts a comment,
/// as in a rule file.
#[test]
fn a_comment_after_a_list_entry_is_not_part_of_the_entry() {
    let dir = scratch_dir("listcomment");
    std::fs::write(
        dir.join("hype.txt"),
        "# 本行禁用夸大用语\n稳赚          # 2025 年通报\n闭眼买\t# 社交媒体常见\n/躺.{0,1}赚/  # 躺着赚\n",
    )
    .unwrap();
    std::fs::write(dir.join("house.rules"), list_rule("hype.txt")).unwrap();
    std::fs::write(dir.join("post.txt"), "华信稳盈，稳赚！闭眼买！躺赚！").unwrap();
    let (code, out, err) = run(disclint().current_dir(&dir).args([
        "check",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "--format",
        "json",
        "post.txt",
    ]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(matched(&out), ["HX-WORDS \"稳赚\"", "HX-WORDS \"闭眼买\"", "HX-WORDS \"躺赚\""]);
}

/// A pack's `applies when` that its `text has` makes false for an example
/// (with the example's metadata) rules the example out as `check` would: a
/// `fail` example of it fails, where before it passed and `check` never
/// flagged such a document.
#[test]
fn a_fail_example_its_pack_s_text_has_rules_out_fails() {
    let dir = scratch_dir("appliestext");
    let rule = |applies: &str| {
        format!(
            "pack huaxin.wm {{\n  title \"理财\"\n  applies when {applies}\n}}\n\nrule HX-WM-HYPE {{\n  title \
             \"禁用语\"\n  category prohibited.guarantee\n  severity error\n  forbid [\"稳赚\", \"闭眼买\"]\n  \
             example fail \"本基金稳赚，闭眼买\" with {{ product.category: fund }}\n  example fail \"本理财稳赚\" \
             with {{ product.category: fund }}\n  example pass \"本产品不保本\"\n}}\n"
        )
    };
    for applies in [
        "product.category == wealth-management or text has \"理财\"",
        "text has \"理财\"",
        "product.category != fund or text has \"理财\"",
    ] {
        std::fs::write(dir.join("house.rules"), rule(applies)).unwrap();
        let (code, out, _) = run(disclint().current_dir(&dir).args(["rules", "test", "house.rules"]));
        assert_eq!(code, 1, "{applies}: {out}");
        assert!(out.contains("3 examples: 2 passed, 1 failed"), "{applies}: {out}");
        assert!(
            out.contains(
                "FAILED HX-WM-HYPE example fail at house.rules:11:3: expected a finding, but pack `huaxin.wm` does \
                 not apply to this example: its `applies when` is false for this metadata (document.language: zh, \
                 product.category: fund) with this text, so `check` never runs the rule on a document like it"
            ),
            "{applies}: {out}"
        );
        // And `check` indeed finds nothing in that text with that metadata.
        std::fs::write(dir.join("page.md"), "---\nproduct:\n  category: fund\n---\n本基金稳赚，闭眼买\n")
            .unwrap();
        let (code, out, _) = run(disclint().current_dir(&dir).args([
            "check",
            "--no-default-rules",
            "--rules",
            "house.rules",
            "page.md",
        ]));
        assert_eq!(code, 0, "{applies}: {out}");
    }
}

/// `language zh` / `language en` in a house pack's header: the English
/// pack's required warning is not asked of a Chinese brochure, and the
/// Chinese pack does not run on an English fact sheet with no Chinese in it.
#[test]
fn a_house_pack_s_language_chooses_the_documents_it_checks() {
    let dir = scratch_dir("packlanguage");
    std::fs::write(
        dir.join("house-zh.rules"),
        "pack huaxin.zh {\n  title \"中文\"\n  language zh\n}\n\nrule HX-ZH-WARNING {\n  title \"缺少投资须谨慎\"\n  \
         category disclosure.risk-warning-missing\n  severity error\n  require \"投资须谨慎\"\n}\n\nrule HX-ZH-HYPE \
         {\n  title \"禁用语\"\n  category prohibited.guarantee\n  severity error\n  forbid [\"稳赚\", \
         \"no-brainer\"]\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("house-en.rules"),
        "pack huaxin.en {\n  title \"English\"\n  language en\n}\n\nrule HX-EN-CAPITAL-AT-RISK {\n  title \"No \
         capital at risk\"\n  category disclosure.risk-warning-missing\n  severity error\n  require \"capital at \
         risk\"\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("brochure-zh.txt"), "华信稳盈1号理财产品，风险等级R2，欢迎到本行网点咨询。")
        .unwrap();
    std::fs::write(
        dir.join("factsheet-en.txt"),
        "Huaxin Global Fund: a diversified fund for long-term savers.\n\nIt is a no-brainer for anyone.",
    )
    .unwrap();
    let check = |file: &str| {
        let (_, out, err) = run(disclint().current_dir(&dir).args([
            "check",
            "--no-default-rules",
            "--rules",
            "house-zh.rules",
            "--rules",
            "house-en.rules",
            "--format",
            "json",
            file,
        ]));
        assert!(!err.contains("error"), "{err}");
        matched(&out)
    };
    assert_eq!(check("brochure-zh.txt"), ["HX-ZH-WARNING null"]);
    assert_eq!(check("factsheet-en.txt"), ["HX-EN-CAPITAL-AT-RISK null"]);
}

/// A header language that is no document language is an error, with the
/// code it most likely means.
#[test]
fn a_pack_language_that_is_not_zh_or_en_is_an_error() {
    let dir = scratch_dir("packlanguagecn");
    std::fs::write(dir.join("house.rules"), "pack huaxin.zh {\n  title \"中文\"\n  language cn\n}\n")
        .unwrap();
    let (code, _, err) = run(disclint().current_dir(&dir).args(["rules", "check", "house.rules"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("house.rules:3:12"), "{err}");
    assert!(err.contains("did you mean `zh`?"), "{err}");
}

/// A skip names every field the condition lacks: both sides of
/// `product.risk_level > audience.risk_tolerance`, in `--explain-skips`,
/// JSON `skipped[].missing` and `rules test` alike.
#[test]
fn a_skip_names_both_missing_sides_of_a_comparison() {
    let dir = scratch_dir("skips");
    std::fs::write(
        dir.join("house.rules"),
        "rule HX-MISMATCH {\n  title \"不匹配\"\n  category suitability.mismatch\n  severity error\n  when \
         product.risk_level > audience.risk_tolerance and not (audience.segments contains professional)\n  \
         report\n  example fail \"本产品\"\n  example pass \"本产品\" with { product.risk_level: R2, \
         audience.risk_tolerance: C3, audience.segments: [general] }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("untagged.txt"), "华信稳盈1号。").unwrap();
    let (_, out, err) = run(disclint().current_dir(&dir).args([
        "check",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "--explain-skips",
        "untagged.txt",
    ]));
    assert!(
        format!("{out}{err}").contains(
            "untagged.txt: skipped HX-MISMATCH (needs product.risk_level, audience.risk_tolerance, \
             audience.segments)"
        ),
        "{out}{err}"
    );
    let (_, out, _) = run(disclint().current_dir(&dir).args([
        "check",
        "--no-default-rules",
        "--rules",
        "house.rules",
        "--format",
        "json",
        "untagged.txt",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(
        v["files"][0]["skipped"][0]["missing"],
        serde_json::json!(["product.risk_level", "audience.risk_tolerance", "audience.segments"])
    );
    let (code, out, _) = run(disclint().current_dir(&dir).args(["rules", "test", "house.rules"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("skipped for lack of product.risk_level, audience.risk_tolerance, audience.segments"),
        "{out}"
    );
}

/// `in same turn as` reads turns as `agent says` reads speakers: an example
/// that is not a transcript gets the same hint, for a `fail` example that
/// finds nothing and for a `pass` example of `require … in same turn as
/// each …` that cannot help finding something.
#[test]
fn a_same_turn_example_that_is_not_a_transcript_says_so() {
    let dir = scratch_dir("sameturn");
    std::fs::write(
        dir.join("house.rules"),
        "rule HX-TURN-RETURN {\n  title \"收益与保证\"\n  category prohibited.guarantee\n  severity error\n  forbid \
         \"收益\" in same turn as \"保证\"\n  example fail \"理财经理：我保证收益不会少。\"\n  example fail \
         \"理财经理：我保证收益不会少。\" with { document.kind: script }\n  example pass \"理财经理：收益不确定。\"\n}\n\n\
         rule HX-TURN-RISK {\n  title \"收益须同轮提示风险\"\n  category disclosure.risk-warning-missing\n  severity \
         warning\n  require \"风险\" in same turn as each \"收益\"\n  example fail \"理财经理：收益很好。\" with { \
         document.kind: script }\n  example pass \"理财经理：收益有风险。\"\n}\n",
    )
    .unwrap();
    let (code, out, _) = run(disclint().current_dir(&dir).args(["rules", "test", "house.rules"]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("5 examples: 3 passed, 2 failed"), "{out}");
    assert!(
        out.contains(
            "FAILED HX-TURN-RETURN example fail at house.rules:6:3: expected a finding, got none: the rule reads \
             turns (`in same turn as`), and this example is not a transcript: add `with { document.kind: script }`"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "FAILED HX-TURN-RISK example pass at house.rules:17:3: expected no finding, got “收益”: the rule reads \
             turns (`in same turn as`), and this example is not a transcript: add `with { document.kind: script }`"
        ),
        "{out}"
    );
}

/// A canonical rule file checked out with CRLF is canonical, and formatting
/// a CRLF file leaves CRLF throughout, its `"""` description included.
#[test]
fn rules_fmt_keeps_a_crlf_file_s_line_endings() {
    let dir = scratch_dir("fmtcrlf");
    let rule = "rule HX-A { title \"t\" category other.house severity info description \"\"\"\n    第一行\n    \
                第二行\n    \"\"\" forbid \"稳赚\" example fail \"稳赚\" example pass \"稳健\" }\n";
    std::fs::write(dir.join("lf.rules"), rule).unwrap();
    let (code, out, err) = run(disclint().current_dir(&dir).args(["rules", "fmt", "lf.rules"]));
    assert_eq!(code, 0, "{out}{err}");
    let canonical = std::fs::read_to_string(dir.join("lf.rules")).unwrap();
    assert!(canonical.contains("description \"\"\"\n") && !canonical.contains('\r'), "{canonical}");
    std::fs::write(dir.join("crlf.rules"), canonical.replace('\n', "\r\n")).unwrap();
    let (code, out, err) = run(disclint().current_dir(&dir).args(["rules", "fmt", "--check", "crlf.rules"]));
    assert_eq!(code, 0, "{out}{err}");
    let messy = rule.replace('\n', "\r\n");
    std::fs::write(dir.join("messy.rules"), &messy).unwrap();
    let (code, out, err) = run(disclint().current_dir(&dir).args(["rules", "fmt", "messy.rules"]));
    assert_eq!(code, 0, "{out}{err}");
    let written = std::fs::read_to_string(dir.join("messy.rules")).unwrap();
    assert_eq!(written, canonical.replace('\n', "\r\n"));
}
