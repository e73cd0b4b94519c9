//! QA pass 15: items 17 (an unknown `channel` is warned about; livestream
//! platforms are social media) and 21 (a value of the wrong type in
//! `disclint.yaml` does not hide the file's other errors). The inputs are
//! the QA's own (`tests/fixtures/qa15`).

mod common;

use assert_cmd::Command;
use common::run;
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa15");

fn disclint(sub: &str) -> Command {
    let mut cmd = common::disclint();
    cmd.current_dir(Path::new(FIX).join(sub));
    cmd
}

/// Item 17: a livestream room, a short-video platform, `livestream` are the
/// social-media channel, so a private fund promoted there gets the
/// public-promotion rule.
#[test]
fn livestream_and_short_video_channels_are_social_media() {
    for channel in ["直播间", "网络直播", "短视频", "livestream", "Live Stream", "x.com", "social-media"]
    {
        let (code, out, err) = run(disclint("").args([
            "check",
            "--color",
            "never",
            "--meta",
            &format!("channel={channel}"),
            "--meta",
            "product.category=private-fund",
            "--rule",
            "CN-PF-PUBLIC-PROMOTION",
            "pf.txt",
        ]));
        assert_eq!(code, 1, "{channel}: {out}{err}");
        assert!(out.contains("error[CN-PF-PUBLIC-PROMOTION]"), "{channel}: {out}");
        assert!(!err.contains("warning"), "{channel}: {err}");
    }
}

/// Item 17: a channel that is neither usual nor tested by a rule is warned
/// about where it is written (front matter) or for the file (`--meta`).
#[test]
fn an_unknown_channel_is_warned_about_where_it_is_written() {
    let (code, out, err) = run(disclint("").args(["check", "--color", "never", "pf_unknown_channel.md"]));
    assert_eq!(code, 1, "{out}{err}");
    let line = err.lines().find(|l| l.contains("`channel` tag `地推`")).unwrap_or_default();
    assert!(line.starts_with("warning: pf_unknown_channel.md:4:10: "), "{err}");
    assert!(line.contains("the loaded rules test: online, social-media"), "{line}");
    let (_, out, err) =
        run(disclint("").args(["check", "--color", "never", "--meta", "channel=foo", "pf.txt"]));
    assert!(err.contains("warning: pf.txt: `channel` tag `foo` is not a usual channel"), "{out}{err}");
    // A usual channel, or a platform read as one, is not warned about.
    let (_, _, err) =
        run(disclint("").args(["check", "--color", "never", "--meta", "channel=朋友圈", "pf.txt"]));
    assert!(!err.contains("warning"), "{err}");
}

/// Item 21: the QA's config with five mistakes, one of them a value of the
/// wrong type (`max_file_bytes: 64MB`), reports all five in one run.
#[test]
fn a_type_error_in_the_config_does_not_hide_the_others() {
    let (code, out, err) = run(disclint("cfg2").args(["check", "--color", "never"]));
    assert_eq!(code, 2, "{out}{err}");
    for (place, what) in [
        ("disclint.yaml:12:19: ", "limits.max_file_bytes: expected a whole number of bytes"),
        ("disclint.yaml:4:34: ", "not `warn`"),
        ("disclint.yaml:10:17: ", "not `host`"),
        ("disclint.yaml:8:27: ", "`R6`"),
        ("disclint.yaml:2:13: ", "did you mean `CN-AD-PRESSURE`?"),
    ] {
        assert!(
            err.lines().any(|l| l.starts_with("error: ") && l.contains(place) && l.contains(what)),
            "{place}{what} in:\n{err}"
        );
    }
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 5, "{err}");
}

/// Item 17: a channel (and segments) set by the config's metadata is
/// warned about at its place in `disclint.yaml`.
#[test]
fn an_unknown_channel_in_the_config_is_warned_about_there() {
    let (_, out, err) = run(disclint("cfgch").args(["check", "--color", "never", "pf.txt"]));
    let channel = err.lines().find(|l| l.contains("`channel` tag `地推`")).unwrap_or_default();
    assert!(channel.contains("disclint.yaml:5:16: "), "{out}{err}");
    let segment = err.lines().find(|l| l.contains("`audience.segments` tag `宝妈`")).unwrap_or_default();
    assert!(segment.contains("disclint.yaml:6:26: "), "{out}{err}");
}

/// The config's mistakes come first, and are not lost, when the folder to
/// check gives nothing: the user fixes both in one round.
#[test]
fn config_mistakes_are_reported_before_an_empty_folder() {
    let scratch = std::env::temp_dir().join(format!("disclint-qa15-empty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("drafts")).unwrap();
    std::fs::copy(Path::new(FIX).join("cfg2/disclint.yaml"), scratch.join("disclint.yaml")).unwrap();
    let mut cmd = common::disclint();
    cmd.current_dir(&scratch).args(["check", "--color", "never", "drafts"]);
    let (code, out, err) = run(&mut cmd);
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!(code, 2, "{out}{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 6, "{err}");
    assert!(errors[..5].iter().all(|l| l.contains("disclint.yaml:")), "{err}");
    assert!(errors[5].starts_with("error: drafts: no document to check"), "{err}");
}
