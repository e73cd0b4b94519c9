//! QA pass 9, command-line items: names in disclint.yaml and on the command
//! line that select nothing, rule commands that follow the config (and take
//! `--config`), `explain` of a built-in rule the config leaves out, where
//! config and suppression typos are reported, the folder walk, sidecars and
//! standard input.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa9-cli");

fn disclint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("disclint").expect("binary is built");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
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
