//! What the CLI test files share: the binary under test, without colour,
//! its exit code and output as text, and the rule ids it reports.

// Each test binary compiles this module and uses a part of it.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The built `disclint`, with colour off so output compares as plain text.
pub fn disclint() -> Command {
    let mut cmd = Command::cargo_bin("disclint").expect("binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd`: its exit code (-1 when killed by a signal), stdout and stderr.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The rule ids `check` reports on `path` (with `--meta` pairs), in order.
pub fn ids(path: &Path, meta: &[&str]) -> Vec<String> {
    let mut cmd = disclint();
    cmd.args(["check", "--color", "never"]);
    for m in meta {
        cmd.args(["--meta", m]);
    }
    cmd.arg(path);
    let (_, out, err) = run(&mut cmd);
    assert!(!err.contains("error:"), "{err}");
    out.lines()
        .filter_map(|l| {
            let l = l
                .strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
                .or_else(|| l.strip_prefix("info["))?;
            Some(l[..l.find(']')?].to_string())
        })
        .collect()
}

/// Whether `id` is among the rule ids `found`.
pub fn has(found: &[String], id: &str) -> bool {
    found.iter().any(|f| f == id)
}

/// A scratch folder of this test binary's and this process's own: test
/// binaries and the tests in one binary run in parallel.
pub fn scratch(tag: &str) -> PathBuf {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("disclint-{binary}-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `name` in a scratch folder (see [`scratch`]) and
/// returns the rule ids `check` reports on it.
pub fn probe(tag: &str, name: &str, text: &str, meta: &[&str]) -> Vec<String> {
    let path = scratch(tag).join(name);
    std::fs::write(&path, text).unwrap();
    ids(&path, meta)
}
