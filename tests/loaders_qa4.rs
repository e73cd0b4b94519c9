//! The fourth QA pass's reading problems (`tests/fixtures/documents/qa4/README.md`):
//! transcripts whose speakers or time stamps were misread, Markdown
//! transcripts, JSON escapes, paths given twice, metadata values and
//! messages. Each is checked end to end with the built-in rules.

use assert_cmd::Command;

const QA: &str = "tests/fixtures/documents/qa4";

/// Exit code, stdout and stderr of `disclint check ARGS...` (paths as given).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("disclint")
        .expect("binary is built")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run`] on one fixture of this folder.
fn check(name: &str, args: &[&str]) -> (i32, String, String) {
    let path = format!("{QA}/{name}");
    let mut all: Vec<&str> = args.to_vec();
    all.push(&path);
    run(&all)
}

/// `00:00:01 - 理财经理：…` is the agent speaking: the dash between time
/// stamp and label is a separator, as exports write it.
#[test]
fn a_dash_after_the_time_stamp_separates_it_from_the_label() {
    let (code, out, _) = check("dash_stamps.script.txt", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("dash_stamps.script.txt (turn 1):1:27"), "{out}");
    assert_eq!(out.matches("CN-SCRIPT-GUARANTEE").count(), 3, "{out}");
}

/// Time-stamped lines whose labels no map knows (`说话人1`, ASR's default)
/// are no known speaker: an error for the file, not a clean pass.
#[test]
fn time_stamped_unknown_labels_alone_are_an_error() {
    let (code, out, _) = check("asr_speakers.script.txt", &[]);
    assert_eq!(code, 2, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn bracketed_and_subtitle_time_stamps_are_read() {
    let (code, out, _) = check("stamp_forms.script.txt", &["--rule", "CN-SCRIPT-GUARANTEE"]);
    assert_eq!(code, 1, "{out}");
    for at in ["(turn 3):3:23", "(turn 5):5:19"] {
        assert!(out.contains(at), "{at} in {out}");
    }
}

/// A time stamp in a form not read makes the file fail with a message
/// about the time stamp, not "unknown labels: `<00`".
#[test]
fn an_unread_time_stamp_form_is_blamed_as_such() {
    let (code, out, _) = check("angle_stamps.script.txt", &[]);
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("unknown labels"), "{out}");
    insta::assert_snapshot!(out);
}

/// A third party's or a relative's words are their own turn (role `other`),
/// neither the customer's nor the agent's, and stderr names the label and
/// how to map it. (A 主管, the bank's own supervisor, is the agent by default.) `风险提示：` inside the agent's turn stays the agent's.
#[test]
fn an_unmapped_speaker_is_a_turn_of_its_own_with_a_warning() {
    let (code, out, err) = check("supervisor.script.txt", &[]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!(err);
    let (code, out, err) = check("relative.script.txt", &[]);
    assert_eq!(code, 0, "the relative's 稳赚不赔 is not the agent's: {out}");
    assert!(err.contains("`客户家属` (line 2)"), "{err}");
    assert_eq!(err.lines().count(), 1, "one warning per file: {err}");
    // Mapped, the partner's staff member is the agent: the promise is reported, no warning.
    let dir = std::env::temp_dir().join(format!("disclint-qa4-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("disclint.yaml");
    std::fs::write(&config, "transcript:\n  labels:\n    合作方专员: agent\n").expect("write config");
    let cfg = config.to_string_lossy().into_owned();
    let (code, out, err) = check("supervisor.script.txt", &["--config", &cfg]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("(turn 3):4:"), "{out}");
    assert!(!err.contains("warning"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    // The bank's supervisor needs no mapping.
    let supervisor = dir.with_extension("script.txt");
    let text = std::fs::read_to_string(format!("{QA}/supervisor.script.txt")).expect("fixture");
    std::fs::write(&supervisor, text.replace("合作方专员：", "主管：")).expect("write");
    let (code, out, err) = run(&[&supervisor.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("(turn 3):4:"), "{out}");
    assert!(!err.contains("warning"), "{err}");
    let _ = std::fs::remove_file(&supervisor);
}

/// A title line before the first label is not a turn: the agent's first
/// line is turn 1.
#[test]
fn a_title_before_the_first_label_is_not_counted_as_a_turn() {
    let (code, out, _) = check("titled.script.txt", &["--rule", "CN-SCRIPT-GUARANTEE"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("titled.script.txt (turn 1):2:"), "{out}");
}

/// A `.script.md` transcript is read as Markdown: a label in emphasis or
/// a list item is a label, a link's target is not speech, a heading and a
/// quote before the first label are the preamble, and `<!-- disclint-… -->`
/// suppresses as in `.md`.
#[test]
fn a_markdown_transcript_reads_labels_through_markup() {
    let (code, out, _) = check("markdown_call.script.md", &["--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let file = &v["files"][0];
    let found: Vec<String> = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let at = &f["span"]["start"];
            format!("{} {}:{} {}", f["rule"].as_str().unwrap_or(""), at["line"], at["column"], f["matched"])
        })
        .collect();
    insta::assert_snapshot!(found.join("\n"), @r#"
    CN-SCRIPT-GUARANTEE 7:14 "保本保息"
    CN-SCRIPT-GUARANTEE 7:19 "稳赚不赔"
    CN-SCRIPT-ASSESSMENT-FIRST 13:13 "我买"
    "#);
    assert!(!out.contains("保本说明.pdf\""), "the link target is not copy: {out}");
    assert_eq!(file["suppressed"].as_array().map(Vec::len), Some(1), "{out}");
}

/// `\uXXXX` escapes in a JSON transcript: the finding's span covers the
/// escapes that spell the claim, in JSON and SARIF, never an empty range.
#[test]
fn a_claim_written_in_json_escapes_is_pointed_at() {
    let (code, out, _) = check("escaped.script.json", &["--format", "json", "--rule", "CN-SCRIPT-GUARANTEE"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["matched"], "保本保息");
    let (start, end) = (&f["span"]["start"], &f["span"]["end"]);
    assert_eq!((start["line"].as_u64(), start["column"].as_u64()), (Some(3), Some(75)), "{f}");
    assert_eq!((end["line"].as_u64(), end["column"].as_u64()), (Some(3), Some(99)), "{f}");
    let source = std::fs::read_to_string(format!("{QA}/escaped.script.json")).expect("fixture");
    let (s, e) =
        (start["offset"].as_u64().unwrap_or(0) as usize, end["offset"].as_u64().unwrap_or(0) as usize);
    assert_eq!(&source[s..e], r"\u4fdd\u672c\u4fdd\u606f");
    let (_, out, _) = check("escaped.script.json", &["--format", "sarif", "--rule", "CN-SCRIPT-GUARANTEE"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("sarif");
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(75), Some(99)),
        "{region}"
    );
}

/// A file reached through overlapping paths (a folder and a file in it, the
/// same file spelt two ways) is checked and reported once, under the first
/// path, in the summary and in SARIF.
#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = std::env::temp_dir().join(format!("disclint-qa4-twice-{}", std::process::id()));
    let spring = dir.join("copy/spring");
    std::fs::create_dir_all(&spring).expect("temp dir");
    std::fs::write(spring.join("poster.txt"), "本产品保本保息。\n").expect("write");
    let cmd = |format: &str| {
        let out = Command::cargo_bin("disclint")
            .expect("binary is built")
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args([
                "check",
                "--format",
                format,
                "copy/spring/poster.txt",
                "copy",
                "copy/spring/",
                "./copy/spring/poster.txt",
            ])
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let out = cmd("human");
    assert!(out.ends_with("1 file checked: 1 finding (1 error, 0 warning, 0 info)\n"), "{out}");
    assert!(out.contains("--> copy/spring/poster.txt:1:4"), "{out}");
    let sarif: serde_json::Value = serde_json::from_str(&cmd("sarif")).expect("sarif");
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `audience.segments` synonyms (老年人, pensioners) are read as the usual
/// tags the suitability rules test; a tag neither usual nor tested gets a
/// warning where it is written (front matter or sidecar), on stderr.
#[test]
fn segment_synonyms_are_understood_and_untested_tags_are_warned_about() {
    let (code, out, err) = check("segments.md", &["--rule", "CN-SUIT-VULNERABLE"]);
    assert_eq!(code, 1, "老年人 is elderly: {out}");
    let (code, out, err2) =
        check("sidecar_segments.md", &["--rule", "CN-SUIT-VULNERABLE", "--meta", "product.risk_level=R5"]);
    assert_eq!(code, 1, "pensioners is retirees: {out}");
    insta::assert_snapshot!(format!("{err}{err2}"));
}

/// A rule's condition reads segment tags as documents do: a house rule
/// written `contains 老年人` meets a document tagged 老年人 or elderly, and
/// a tag differing from a tested one only in case (`VIP`, `vip`) is not
/// warned about.
#[test]
fn rule_conditions_read_segment_tags_as_documents_do() {
    let dir = std::env::temp_dir().join(format!("disclint-qa4-seg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let rules = dir.join("house.rules");
    std::fs::write(
        &rules,
        "rule HOUSE-OLD {\n  title \"面向老年人的宣传须经合规复核\"\n  category suitability.mismatch\n  severity error\n  \
         when audience.segments contains 老年人\n  report\n}\n\
         rule HOUSE-VIP {\n  title \"VIP\"\n  category suitability.mismatch\n  severity error\n  \
         when audience.segments contains vip\n  report\n}\n",
    )
    .expect("write rules");
    let rules = rules.to_string_lossy().into_owned();
    for tag in ["老年人", "elderly", "VIP"] {
        let doc = dir.join(format!("poster-{}.md", tag.len()));
        std::fs::write(&doc, format!("---\naudience:\n  segments: [{tag}]\n---\n\n欢迎了解本行产品。\n"))
            .expect("write doc");
        let (code, out, err) = run(&["--no-default-rules", "--rules", &rules, &doc.to_string_lossy()]);
        assert_eq!(code, 1, "{tag}: {out}");
        assert!(out.contains(if tag == "VIP" { "HOUSE-VIP" } else { "HOUSE-OLD" }), "{tag}: {out}");
        assert!(!err.contains("no loaded rule tests"), "{tag}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A tag set for every file by `disclint.yaml` is warned about where it is
/// written, in the config, and once for the run, not once a file.
#[test]
fn a_segment_tag_from_the_config_is_warned_about_at_the_config_once() {
    let dir = std::env::temp_dir().join(format!("disclint-qa4-cfgseg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("disclint.yaml"),
        "metadata:\n  - files: \"**/*.md\"\n    set:\n      audience.segments: [老人家]\n",
    )
    .expect("write config");
    for name in ["a.md", "b.md"] {
        std::fs::write(dir.join(name), "# 海报\n\n欢迎了解本行产品。\n").expect("write doc");
    }
    let out = Command::cargo_bin("disclint")
        .expect("binary is built")
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .args(["check", "."])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("老人家")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("disclint.yaml:4:26"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A suitability mismatch decided on metadata is not "missing": the note
/// says what it was decided on; "An R5 product"; the `-->` of a finding
/// without a place lines up with the notes under it.
#[test]
fn a_metadata_mismatch_says_what_it_comes_from() {
    let (code, en, _) = check("en_mismatch.md", &["--rule", "EN-SUIT-TOLERANCE"]);
    assert_eq!(code, 1, "{en}");
    let (code, cn, _) = check("cn_mismatch.md", &["--rule", "CN-SUIT-VULNERABLE"]);
    assert_eq!(code, 1, "{cn}");
    let out = format!("{en}{cn}");
    assert!(!out.contains("this is missing"), "{out}");
    insta::assert_snapshot!(out);
}

/// The GitHub summary line counts in singular and plural, and says when a
/// file could not be read (its error is not among the findings' counts).
#[test]
fn the_github_summary_counts_in_words_and_names_unreadable_files() {
    let missing = format!("{QA}/no-such-file.md");
    let poster = format!("{QA}/escaped.script.json");
    let (code, out, _) = run(&["--format", "github", "--rule", "CN-SCRIPT-GUARANTEE", &poster, &missing]);
    assert_eq!(code, 2, "{out}");
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "disclint: 2 files, 1 finding (1 error, 0 warnings, 0 info), 0 suppressed, 1 file could not be read"
    );
}
