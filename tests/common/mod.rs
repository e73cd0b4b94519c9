//! What the CLI test files share: the binary under test, without colour,
//! and its exit code and output as text.

use assert_cmd::Command;

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
