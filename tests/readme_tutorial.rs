//! The README's five-minute tutorial must keep working as written.

use disclint::compile::{RuleSet, RuleSource};
use disclint::eval::run_examples;

#[test]
fn tutorial_rule_loads_and_its_examples_pass() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```\npack house").expect("README has the tutorial rule") + 4;
    let end = start + readme[start..].find("```").expect("the code block ends");
    let source = &readme[start..end];
    let (set, warnings) = match RuleSet::load(vec![RuleSource::inline("house.rules", source)]) {
        Ok(x) => x,
        Err(e) => panic!("{}", e.render(false)),
    };
    assert!(warnings.is_empty(), "{warnings:?}");
    let outcomes = run_examples(&set, &|_| true);
    assert_eq!(outcomes.len(), 4);
    for o in outcomes {
        assert!(o.passed, "{}: {}", o.rule, o.detail);
    }
}

/// The tutorial's commands run as written, `explain` last: a rule of a file
/// of one's own is known only to a command that is given the file.
#[test]
fn tutorial_commands_run_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```\npack house").expect("README has the tutorial rule") + 4;
    let end = start + readme[start..].find("```").expect("the code block ends");
    let dir = std::env::temp_dir().join(format!("disclint-tutorial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("house.rules"), &readme[start..end]).unwrap();
    let commands = &readme[end..];
    let block = &commands[commands.find("```sh\n").expect("the commands follow") + 6..];
    let block = &block[..block.find("```").expect("the block ends")];
    let explain = block.lines().find(|l| l.starts_with("disclint explain")).expect("an explain line");
    let args: Vec<&str> = explain.split_whitespace().skip(1).take_while(|w| !w.starts_with('#')).collect();
    let out = assert_cmd::Command::cargo_bin("disclint")
        .unwrap()
        .current_dir(&dir)
        .args(["--color", "never"])
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{explain}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("HOUSE-STEADY-HIGH-YIELD"));
}
