//! Canonical formatting of rule files (`disclint rules fmt`).
//!
//! Formatting only ever changes whitespace outside strings, regexes and
//! comments: indentation by nesting depth (two spaces per `{` or `[`),
//! property keywords padded so values line up, trailing spaces removed, runs
//! of blank lines collapsed, one final newline. Comments and the text of
//! every string survive untouched, which is why this works on lines and
//! tokens rather than by printing the syntax tree (that would lose comments).

/// Properties whose values are aligned in a column after the keyword.
const ALIGNED: &[&str] = &[
    "title",
    "category",
    "severity",
    "cite",
    "description",
    "message",
    "when",
    "forbid",
    "require",
    "report",
    "fix",
    "jurisdiction",
    "language",
    "version",
    "applies",
];
const COLUMN: usize = 9;

/// Per-line lexical state carried across lines.
#[derive(Default)]
struct Lexer {
    in_triple: bool,
    depth: i32,
}

impl Lexer {
    /// Scans one line; returns the depth change and whether it opened or
    /// stayed inside a triple-quoted string.
    fn scan(&mut self, line: &str) -> i32 {
        let b = line.as_bytes();
        let mut i = 0;
        let mut delta = 0;
        while i < b.len() {
            if self.in_triple {
                if b[i..].starts_with(b"\"\"\"") {
                    self.in_triple = false;
                    i += 3;
                } else {
                    i += 1;
                }
                continue;
            }
            match b[i] {
                b'#' => break,
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    self.in_triple = true;
                    i += 3;
                }
                b'"' | b'/' => {
                    let quote = b[i];
                    i += 1;
                    while i < b.len() && b[i] != quote {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'{' | b'[' | b'(' => {
                    delta += 1;
                    i += 1;
                }
                b'}' | b']' | b')' => {
                    delta -= 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        delta
    }
}

/// Pads `keyword value` so the value starts at [`COLUMN`].
fn align(content: &str) -> String {
    let word_end = content.find(char::is_whitespace).unwrap_or(content.len());
    let word = &content[..word_end];
    let rest = content[word_end..].trim_start();
    if !ALIGNED.contains(&word) || rest.is_empty() {
        return content.to_string();
    }
    format!("{word:<width$}{rest}", width = COLUMN.max(word.len() + 1))
}

/// The canonical form of a rule file.
pub fn format(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lex = Lexer::default();
    let mut blank_run = 0;
    for raw in source.lines() {
        if lex.in_triple {
            // Inside a multi-line string: the text is content, keep it as is.
            lex.scan(raw);
            out.push_str(raw);
            out.push('\n');
            continue;
        }
        let content = raw.trim();
        if content.is_empty() {
            blank_run += 1;
            if blank_run == 1 && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        blank_run = 0;
        let closes_first = content.starts_with(['}', ']', ')']);
        let indent = (lex.depth - i32::from(closes_first)).max(0) as usize;
        let delta = lex.scan(content);
        let line = if lex.depth == 1 || indent == 1 { align(content) } else { content.to_string() };
        out.push_str(&"  ".repeat(indent));
        // Trailing spaces inside a triple string that opens here are content.
        out.push_str(if lex.in_triple { line.as_str() } else { line.trim_end() });
        out.push('\n');
        lex.depth += delta;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_and_aligns() {
        let src = "rule A {\ntitle \"t\"\n      category   prohibited.guarantee\nforbid [\"保本\",\n\"保息\"]   # 注释 { 不计\n}\n\n\n\nrule B { title \"x\" }\n";
        let want = "rule A {\n  title    \"t\"\n  category prohibited.guarantee\n  forbid   [\"保本\",\n    \"保息\"]   # 注释 { 不计\n}\n\nrule B { title \"x\" }\n";
        assert_eq!(format(src), want);
        assert_eq!(format(want), want);
    }

    #[test]
    fn strings_and_triple_strings_are_untouched() {
        let src = "rule A {\n  description \"\"\"\n    第一行  \n  }  not a brace\n  \"\"\"\n  message \"a   {match}  b\"\n}\n";
        let out = format(src);
        assert!(out.contains("    第一行  \n  }  not a brace\n"), "{out}");
        assert!(out.contains("\"a   {match}  b\""), "{out}");
    }
}
