//! QA pass 9b's reading problems and the loader gaps found with them: what
//! a reader sees in HTML (a collapsed `<details>`, `@media` rules, Han
//! characters across a source line break) and in Word (white text in table
//! cells and text boxes). Each is checked end to end with the built-in rules
//! where a rule shows it, else at the `Document` level.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A file of this test's own, written fresh.
fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("loaders_qa9");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Exit code, stdout and stderr of `disclint check ARGS...`.
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

/// Item 21: `<p>本产品保\n本保息</p>` shows `保本保息`, and the finding
/// says so (JSON, SARIF and JUnit messages quote `matched`), as the same
/// text in Markdown does; the span still covers the two source lines.
#[test]
fn han_characters_wrapped_in_html_source_are_matched_as_shown() {
    let html = tmp("wrapped.html", "<p>本产品保\n本保息</p>".as_bytes());
    let (code, out, err) = run(&["--format", "json", html.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("\"matched\": \"保本保息\""), "{out}");
    assert!(!out.contains("保 本"), "{out}");
    assert!(out.contains("\"line\": 1") && out.contains("\"line\": 2"), "{out}");
}
