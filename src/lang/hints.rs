//! Help for syntax errors that come from how people type, not from not
//! knowing the grammar: what a Chinese input method puts in place of ASCII
//! punctuation (`，` `：` `（` `【` `％` `４`), invisible characters that
//! copying from Word, a web page or WeChat brings along (U+00A0, U+200B),
//! and plain-language guesses (`理财经理 says`, `within 4个字`, `//`, `=`,
//! `== [a, b]`, `"a", "b"`, `"a" or "b"`, an unquoted `cite`).
//!
//! The parser (`parser::pest_diag`) knows where parsing stopped and what it
//! expected there; this module looks at the text around that place and says
//! what to write instead. Each help shows the corrected text where it can
//! be built from the line, since the fix is then a copy.

/// What the parser expected where it stopped, as far as the hints care.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Expected {
    /// A pattern, or a matcher (after `forbid`, `require`, `near`, …).
    pub pattern: bool,
    /// A string (after `title`, `cite`, `message`, …).
    pub string: bool,
    /// A rule property (or a clause): the previous property is complete.
    pub property: bool,
    /// A comparison operator after a metadata field.
    pub comparison: bool,
    /// A value or field after a comparison operator.
    pub operand: bool,
    /// A severity (after `severity`).
    pub severity: bool,
}

/// The name of a character that shows as nothing or as a plain space but is
/// not one the rule language reads as white space.
pub(super) fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' => "no-break space",
        '\u{00AD}' => "soft hyphen",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{2000}'..='\u{200A}' => "typographic space",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' | '\u{200F}' => "text direction mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{202F}' => "narrow no-break space",
        '\u{205F}' => "medium mathematical space",
        '\u{2060}' => "word joiner",
        _ => return None,
    })
}

/// `U+200B (zero-width space)`.
pub(super) fn describe_invisible(c: char) -> Option<String> {
    invisible_name(c).map(|name| format!("U+{:04X} ({name})", c as u32))
}

/// The ASCII character a full-width or Chinese one stands for in rule
/// syntax (`，` → `,`, `４` → `4`, `【` → `[`).
fn ascii_for(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '【' | '〔' => Some('['),
        '】' | '〕' => Some(']'),
        '、' => Some(','),
        '。' => Some('.'),
        _ => None,
    }
}

/// The help for the error at byte `pos` of `source`, whose token ends at
/// `token_end`, or `None` when none of the known slips explains it.
pub(super) fn hint(source: &str, pos: usize, token_end: usize, expected: Expected) -> Option<String> {
    let rest = &source[pos..];
    let c = rest.chars().next()?;
    let word = &source[pos..token_end.max(pos)];
    let line_rest = line_rest(source, pos);
    if let Some(h) = invisible(source, pos, token_end, word) {
        return Some(h);
    }
    if ascii_for(c).is_some() {
        return Some(full_width(rest));
    }
    if rest.starts_with("//") {
        let comment = line_rest.trim_start_matches('/').trim();
        return Some(format!("comments start with `#`: `# {comment}`"));
    }
    if expected.comparison && rest.starts_with('=') && !rest.starts_with("==") {
        let line = line_of(source, pos);
        let fixed = format!("{}=={}", &source[line.0..pos], &source[pos + 1..line.1]);
        return Some(format!("compare with `==` (a single `=` is not an operator): `{}`", fixed.trim()));
    }
    if expected.severity
        && let Some(s) = severity_for(word)
    {
        return Some(format!("severities are written in English: `severity {s}`"));
    }
    if rest.starts_with("&&") || rest.starts_with("||") {
        let line = line_of(source, pos);
        let fixed = strip_comment(&source[line.0..line.1]).replace("&&", "and").replace("||", "or");
        let (op, word) = if rest.starts_with("&&") { ("&&", "and") } else { ("||", "or") };
        return Some(format!("conditions are joined with `{word}` (not `{op}`): `{}`", fixed.trim()));
    }
    if expected.operand && c == '[' {
        return equals_list(source, pos, line_rest);
    }
    if expected.pattern && word.chars().next().is_some_and(char::is_alphanumeric) {
        let after = source[token_end..].trim_start_matches([' ', '\t']);
        if let Some(said) = after.strip_prefix("says").filter(|s| s.starts_with([' ', '\t', '"', '['])) {
            return Some(speaker(said));
        }
    }
    if expected.property {
        if word == "says" {
            return Some(speaker(source.get(token_end..pos + line_rest.len()).unwrap_or("")));
        }
        if let Some(h) = unit_after_within(source, pos, word) {
            return Some(h);
        }
        let before = source[..pos].trim_end();
        // Only patterns are listed; a comma after any other property's
        // value (`severity error,`, as in YAML or JSON) is one too many.
        let line = line_of(source, pos);
        let property = source[line.0..pos].split_whitespace().next().unwrap_or("");
        let one_value = matches!(
            property,
            "title" | "category" | "severity" | "cite" | "description" | "message" | "draft" | "fix" | "when"
        );
        if c == ',' && one_value {
            let fixed = format!("{}{}", &source[line.0..pos], line_rest.get(1..).unwrap_or(""));
            return Some(format!(
                "properties are not separated by commas: delete the `,`: `{}`",
                fixed.trim()
            ));
        }
        if c == ',' {
            let list = previous_string(before)
                .map(|first| format!("{first}, {}", line_rest.get(1..).unwrap_or("").trim()))
                .unwrap_or_else(|| "\"保本\", \"保息\"".to_string());
            return Some(format!("several patterns are listed in brackets, as one pattern: `[{list}]`"));
        }
        if word == "or" {
            let list = previous_string(before)
                .map(|first| format!("{first}, {}", line_rest.get(2..).unwrap_or("").trim()))
                .unwrap_or_else(|| "\"保本\", \"保息\"".to_string());
            return Some(format!(
                "`or` joins conditions (`when`, `applies when`); for any of several patterns, list them in \
                 brackets: `[{list}]`"
            ));
        }
        if word == "and" {
            return Some(
                "`and` joins conditions (`when`, `applies when`); for two patterns together, say how close: \
                 `\"保本\" near \"保息\" within 10`, or `\"保本\" in same sentence as \"保息\"`"
                    .to_string(),
            );
        }
    }
    if expected.string && !expected.pattern && c != '"' && (c.is_alphanumeric() || c == '《') {
        let text = line_rest.split('}').next().unwrap_or(line_rest).trim_end();
        return Some(format!("text is quoted: `\"{text}\"`"));
    }
    None
}

/// The severity meant by a word in Chinese or a common scale
/// (`错误`, `警告`, `high`), for `severity 错误`.
fn severity_for(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "错误" | "错" | "严重" | "高" | "fatal" | "critical" | "high" | "err" => "error",
        "警告" | "警示" | "中" | "medium" | "warn" => "warning",
        "提示" | "信息" | "提醒" | "低" | "low" | "note" | "notice" => "info",
        _ => return None,
    })
}

/// An invisible character at the error or right after the word there
/// (`for\u{200B}bid` stops at `for`).
fn invisible(source: &str, pos: usize, token_end: usize, word: &str) -> Option<String> {
    let at = |i: usize| source.get(i..).and_then(|s| s.chars().next());
    if let Some(name) = at(pos).and_then(describe_invisible) {
        return Some(format!(
            "this is an invisible character, {name}, which copying from Word, a web page or WeChat can bring \
             along: delete it, or type an ordinary space"
        ));
    }
    let name = at(token_end).filter(|_| token_end > pos).and_then(describe_invisible)?;
    Some(format!(
        "`{word}` is followed by an invisible character, {name}, which copying from Word, a web page or WeChat \
         can bring along: delete it"
    ))
}

/// The help for full-width characters typed for ASCII ones: the run that
/// starts `rest`, converted.
fn full_width(rest: &str) -> String {
    let run: String = rest.chars().map_while(|c| ascii_for(c).map(|_| c)).collect();
    let ascii: String = run.chars().filter_map(ascii_for).collect();
    format!(
        "`{run}` is typed full-width, as a Chinese input method does; outside strings, rule files use ASCII: `{ascii}`"
    )
}

/// `理财经理 says "保本"` or `"理财经理" says "保本"`: the speaker is a role,
/// whatever the transcript's label (`said` is what follows `says`).
fn speaker(said: &str) -> String {
    let said = said.split('\n').next().unwrap_or("");
    let said = strip_comment(said).trim();
    format!(
        "the speaker is written `agent says …` or `customer says …`; a transcript's own labels (`理财经理：`, \
         `客户：`) are read as one of the two: `agent says {said}`"
    )
}

/// `within 4个字` or `within 4 characters`: the number is the distance.
fn unit_after_within(source: &str, pos: usize, word: &str) -> Option<String> {
    let before = source[..pos].trim_end();
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let number = &before[before.len() - digits..];
    let keyword = before[..before.len() - digits].trim_end();
    keyword.ends_with("within").then(|| {
        format!("`within` counts characters and takes the number alone, without `{word}`: `within {number}`")
    })
}

/// `product.category == [fund, private-fund]`: a list is tested with `in`.
fn equals_list(source: &str, pos: usize, line_rest: &str) -> Option<String> {
    let before = source[..pos].trim_end();
    let (op, head) = if let Some(h) = before.strip_suffix("==") {
        ("==", h)
    } else if let Some(h) = before.strip_suffix("!=") {
        ("!=", h)
    } else {
        return None;
    };
    let field = head.trim_end().rsplit([' ', '\t', '(', '\n']).next().unwrap_or("FIELD");
    let list = match line_rest.find(']') {
        Some(end) => &line_rest[..=end],
        None => line_rest.trim_end(),
    };
    Some(if op == "==" {
        format!("a field is tested against a list of values with `in`: `{field} in {list}`")
    } else {
        format!("a field is tested against a list of values with `in`: `not ({field} in {list})`")
    })
}

/// The string that `before` ends with, quotes included, if it ends with one
/// on its last line.
fn previous_string(before: &str) -> Option<&str> {
    let body = before.strip_suffix('"')?;
    let line_start = body.rfind('\n').map_or(0, |i| i + 1);
    let mut open = None;
    for (i, c) in body[line_start..].char_indices().rev() {
        let at = line_start + i;
        if c == '"' && !body[..at].ends_with('\\') {
            open = Some(at);
            break;
        }
    }
    open.map(|o| &before[o..])
}

/// The text from `pos` to the end of its line, without a `#` comment.
fn line_rest(source: &str, pos: usize) -> &str {
    let end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
    strip_comment(&source[pos..end]).trim_end_matches('\r')
}

/// The byte range of the line holding `pos`, without its line break.
fn line_of(source: &str, pos: usize) -> (usize, usize) {
    let start = source[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
    (start, end)
}

/// `text` up to a `#` comment outside strings.
fn strip_comment(text: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return &text[..i],
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_runs_are_converted_whole() {
        assert_eq!(ascii_for('，'), Some(','));
        assert_eq!(ascii_for('４'), Some('4'));
        assert_eq!(ascii_for('【'), Some('['));
        assert!(full_width("２０％ 以内").contains("`20%`"));
    }

    #[test]
    fn the_string_before_a_comma_is_found() {
        assert_eq!(previous_string("  forbid \"保本\""), Some("\"保本\""));
        assert_eq!(previous_string("  forbid \"a\\\"b\""), Some("\"a\\\"b\""));
        assert_eq!(previous_string("  forbid neg"), None);
    }

    /// Hints read the text around any error position: none may panic.
    #[test]
    fn every_position_of_odd_text_is_safe() {
        let all = Expected {
            pattern: true,
            string: true,
            property: true,
            comparison: true,
            operand: true,
            severity: true,
        };
        for text in [
            "forbid \"保本\", or says within 4个字 // x = [a] == [b",
            "\"\"\", ，４\u{200B}\u{00A0}or\r\nsays\"",
            "==[",
            "!=",
            "within",
            "or",
            "says",
            ",",
            "\"a\\\"",
            "",
        ] {
            for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
                for end in [pos, text[pos..].chars().next().map_or(pos, |c| pos + c.len_utf8())] {
                    let _ = hint(text, pos, end, all);
                }
            }
        }
    }

    #[test]
    fn comments_are_cut_outside_strings_only() {
        assert_eq!(strip_comment("\"a#b\" # c"), "\"a#b\" ");
    }
}
