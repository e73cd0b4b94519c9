//! QA pass 12, item 10: a rule file's errors all in one run. The inputs
//! are the QA's own (`tests/fixtures/qa12`).

mod common;

use assert_cmd::Command;
use common::run;
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/qa12");

/// The binary, run in `sub` of the fixtures.
fn disclint(sub: &str) -> Command {
    let mut cmd = common::disclint();
    cmd.current_dir(Path::new(FIX).join(sub));
    cmd
}

/// Item 10: one run reports the syntax errors, the errors of the rules
/// that parsed (the undefined list included), and those of the properties
/// before the syntax error in a broken rule (`prohibited.guarante`, `eror`,
/// `R7`); nothing after it, and no "has no check" for the broken rules.
#[test]
fn rules_check_reports_every_error_of_the_file_in_one_run() {
    let (code, out, err) = run(disclint("").args(["rules", "check", "--color", "never", "typos.rules"]));
    assert_eq!(code, 2, "{out}{err}");
    insta::assert_snapshot!(err);
}

/// A list whose definition has a syntax error is defined, as far as its
/// users are concerned: using it is no error (in the same file or through
/// `use`), and a misspelling of it gets it as the "did you mean". A bad
/// value in a rule's `when` does not hide an undefined list in its check.
#[test]
fn a_broken_list_definition_makes_no_undefined_list_errors() {
    let (code, out, err) =
        run(disclint("").args(["rules", "check", "--no-default-rules", "--color", "never", "broken-lists"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(!err.contains("`neg`") && !err.contains("undefined term list `hedges`"), "{err}");
    insta::assert_snapshot!(err);
}

/// Item 10, the config: a bad severity, a label's role and a metadata value,
/// and the unknown rule names, all in one run, in the order of the file's
/// checks (values, then names), each naming its line and column.
#[test]
fn a_config_with_several_errors_reports_them_all_in_one_run() {
    let (code, out, err) = run(disclint("config-many").args(["check", "--color", "never", "a.md"]));
    assert_eq!(code, 2, "{out}{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 5, "{err}");
    assert!(lines.iter().all(|l| l.starts_with("error: ") && l.contains("disclint.yaml:")), "{err}");
    for (line, says) in lines.iter().zip(["fatal", "seller", "R7", "CN-AD-NOPE", "CN-AD-GUARANTE"]) {
        assert!(line.contains(says), "{says} in {line}");
    }
    assert!(lines[4].contains("did you mean `CN-AD-GUARANTEE`?"), "{err}");
    // `rules list` loads the same config and says the same.
    let (code, _, list_err) = run(disclint("config-many").args(["rules", "list"]));
    assert_eq!((code, list_err.as_str()), (2, err.as_str()));
}

/// Item 11: a finding decided on the metadata is about the whole document,
/// and JUnit's details say so, as the human output does; nothing is
/// "missing from the document".
#[test]
fn junit_says_a_metadata_finding_is_about_the_whole_document() {
    let (code, out, err) = run(disclint("junit").args(["check", "--format", "junit", "elderly.md"]));
    assert_eq!(code, 1, "{out}{err}");
    let case = out.split("<testcase").find(|c| c.contains("CN-SUIT-VULNERABLE")).unwrap_or_default();
    assert!(case.contains("elderly.md (about the whole document, from its metadata"), "{out}");
    assert!(!case.contains("missing from the document"), "{case}");
    let (_, human, _) = run(disclint("junit").args(["check", "--color", "never", "elderly.md"]));
    assert!(human.contains("about the whole document, from its metadata"), "{human}");
}
