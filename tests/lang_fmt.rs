//! `rules fmt` only changes whitespace outside strings and comments, is
//! idempotent, and keeps every built-in pack parseable.

use disclint::lang::{fmt::format, parse};
use proptest::prelude::*;

fn non_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("rule A {".to_string()),
        Just("}".to_string()),
        Just("title \"标 题\"".to_string()),
        Just("category prohibited.guarantee".to_string()),
        Just("severity error".to_string()),
        Just("forbid [\"保本\",".to_string()),
        Just("\"保息\"]".to_string()),
        Just("description \"\"\"\n  多行 {\n \"\"\"".to_string()),
        Just("# 注释 { [".to_string()),
        Just("/正则[}]/".to_string()),
        Just("example pass \"不 保本\"".to_string()),
        "[ \t]{0,3}",
        Just("\n".to_string()),
        Just("\n\n\n".to_string()),
    ]
}

proptest! {
    #[test]
    fn formatting_keeps_the_tokens_and_is_idempotent(parts in prop::collection::vec(token(), 0..30)) {
        let src = parts.join(" ");
        let once = format(&src);
        prop_assert_eq!(non_ws(&once), non_ws(&src));
        prop_assert_eq!(format(&once), once.clone());
        prop_assert_eq!(parse("a.rules", &src).is_ok(), parse("a.rules", &once).is_ok());
    }
}

#[test]
fn builtin_packs_format_to_parseable_files() {
    for (path, text) in disclint::compile::builtin::files().filter(|(p, _)| p.ends_with(".rules")) {
        let formatted = format(text);
        assert_eq!(non_ws(&formatted), non_ws(text), "{path}");
        assert!(parse(path, &formatted).is_ok(), "{path} no longer parses after formatting");
    }
}
