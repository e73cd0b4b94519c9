//! Plain text: the decoded source is the copy text, except front matter and
//! directive comment lines (`# disclint-…`), which are skipped.

use crate::document::{Comment, Document, Format, Metadata, paragraphs};
use crate::text::{OffsetMapBuilder, is_cjk};
use std::ops::Range;

/// The comment text of a directive line: trimmed content `#` + optional
/// spaces + `disclint-…`. Returns the text without the `#`.
pub fn directive(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('#')?.trim_start();
    rest.starts_with("disclint-").then_some(rest)
}

/// Lines of `source[from..]` with their byte range (including the line end).
pub fn lines_from(source: &str, from: usize) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut pos = from;
    source.get(from..).unwrap_or("").split_inclusive('\n').map(move |l| {
        let r = pos..pos + l.len();
        pos += l.len();
        (r, l)
    })
}

/// The shortest line (in bytes) taken for prose wrapped at a fixed width:
/// mail clients wrap at 66 to 78 columns, and a wrapped line ends within a
/// word or two of that.
const WRAPPED_LINE: usize = 50;

/// Where the line ending of `line` starts, when it only wraps an English
/// sentence that `next` goes on with: a word, figure or comma before it and
/// a lower-case letter after it (`fixed-rate` / `savings account`), or any
/// letter or digit after a long line of prose. A short line followed by a
/// capital or a digit (a heading, a list item, a table row) keeps its break,
/// as do lines of Chinese: a poster's lines are separate statements, and
/// `投保` / `本产品` is not `保本`.
fn latin_wrap(line: &str, next: &str) -> Option<usize> {
    let content = line.trim_end_matches(['\n', '\r']);
    if content.len() == line.len() {
        return None;
    }
    let before = *content.as_bytes().last()?;
    let after = *next.as_bytes().first()?;
    let joins = before.is_ascii_alphanumeric() || matches!(before, b',' | b'-' | b'%' | b')' | b'\'' | b'"');
    // A capital or a figure goes on a wrapped sentence too ("offer ends" /
    // "Friday"), when the line is as long as a wrapped line of prose is and
    // did not end its sentence; short lines are items, headings or rows.
    let prose = content.len() >= WRAPPED_LINE && content.bytes().filter(|&b| b == b' ').count() >= 6;
    let wraps = joins && (after.is_ascii_lowercase() || (prose && after.is_ascii_alphanumeric()));
    wraps.then_some(content.len())
}

/// The fewest characters a line of Chinese has when it was wrapped at a fixed
/// width (an e-mail client, a text export from a layout tool, a notice typed
/// with hard line ends): such lines run 30 to 40 characters; a poster's or a
/// list's lines, which are separate statements, are rarely over 20.
const WRAPPED_HAN_LINE: usize = 24;

/// Where the line ending of `line` starts, when it only wraps a Chinese
/// sentence that `next` goes on with: a long line that stops on a Han
/// character (no closing punctuation) followed by a Han character. Chinese
/// has no space there, so the two are joined with nothing between: `本产品保`
/// / `本保息` reads `保本保息`. Short lines keep their break (`投保` / `本产品`
/// is not `保本`).
fn han_wrap(line: &str, next: &str) -> Option<usize> {
    let content = line.trim_end_matches(['\n', '\r']);
    if content.len() == line.len() {
        return None;
    }
    let last = content.chars().next_back()?;
    let first = next.chars().next()?;
    let long = content.trim().chars().count() >= WRAPPED_HAN_LINE;
    (long && is_cjk(last) && is_cjk(first)).then_some(content.len())
}

pub fn load(name: &str, source: String, body: usize, metadata: Metadata) -> Document {
    let mut text = String::new();
    let mut map = OffsetMapBuilder::new();
    let mut comments = Vec::new();
    map.skip(body);
    let mut joined = false;
    let mut lines = lines_from(&source, body).peekable();
    while let Some((range, line)) = lines.next() {
        if let Some(c) = directive(line) {
            let content = line.trim_end_matches(['\n', '\r']);
            let lead = content.len() - content.trim_start().len();
            comments.push(Comment {
                text: c.trim_end().to_string(),
                range: range.start + lead..range.start + content.trim_end().len(),
            });
            map.skip(range.len());
        } else {
            let next = lines.peek().filter(|(_, l)| directive(l).is_none()).map(|(_, l)| *l);
            if let Some(content) = next.and_then(|next| han_wrap(line, next)) {
                text.push_str(&line[..content]);
                map.copy(content);
                map.skip(line.len() - content);
                joined = true;
                continue;
            }
            match next.and_then(|next| latin_wrap(line, next)) {
                Some(content) => {
                    // Read as the space it stands for; CRLF gives one space for two bytes.
                    text.push_str(&line[..content]);
                    text.push(' ');
                    map.copy(content);
                    map.replace(1, line.len() - content);
                    joined |= line.len() - content != 1;
                }
                None => {
                    text.push_str(line);
                    map.copy(range.len());
                }
            }
        }
    }
    drop(lines);
    let identity = body == 0 && comments.is_empty() && !joined;
    let blocks = paragraphs(&text, 0..text.len());
    Document {
        path: name.to_string(),
        format: Format::Text,
        text_map: if identity { None } else { Some(map.finish()) },
        text,
        source,
        blocks,
        metadata,
        pages: Vec::new(),
        comments,
        encoding: None,
        fine_print: Vec::new(),
        warnings: Vec::new(),
        other_language: None,
        language_detected: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_that_wraps_an_english_sentence_is_a_space() {
        let src = "It works just like a fixed-rate\r\nsavings account, and pays\nmore.\nCapital at risk\n2024: 5%\n理财\n产品\n";
        let d = load("a.txt", src.to_string(), 0, Metadata::new());
        assert_eq!(
            d.text,
            "It works just like a fixed-rate savings account, and pays more.\nCapital at risk\n2024: 5%\n理财\n产品\n"
        );
        for w in ["savings", "more.", "Capital", "产品"] {
            let at = d.text.find(w).unwrap();
            assert_eq!(&src[d.source_start(at)..d.source_end(at + w.len())], w);
        }
    }

    /// A notice typed with hard line ends wraps its sentences anywhere, even
    /// inside a word (`保` / `本`): a long line ending on a Han character
    /// goes on in the next. A poster's short lines, and a line that ends
    /// its sentence, keep their breaks.
    #[test]
    fn a_line_break_that_wraps_a_chinese_sentence_joins_the_lines() {
        let src = "尊敬的客户：本行代销的稳盈三号理财产品运作稳健，过往三年均实现了保\r\n本保息，欢迎您到网点咨询。本产品为非保本浮动收益型理财产品，请您\n仔细阅读产品说明书。\n投保\n本产品\n";
        let d = load("a.txt", src.to_string(), 0, Metadata::new());
        assert_eq!(
            d.text,
            "尊敬的客户：本行代销的稳盈三号理财产品运作稳健，过往三年均实现了保本保息，欢迎您到网点咨询。本产品为非保本浮动收益型理财产品，请您仔细阅读产品说明书。\n投保\n本产品\n"
        );
        let at = d.text.find("保本保息").unwrap();
        assert_eq!(&src[d.source_start(at)..d.source_end(at + "保本保息".len())], "保\r\n本保息");
        let at = d.text.find("本产品\n").unwrap();
        assert_eq!(&src[d.source_start(at)..d.source_end(at + "本产品".len())], "本产品");
    }

    #[test]
    fn directive_lines_are_comments_not_copy() {
        let src =
            "第一段保本\r\n  # disclint-disable-next-line CN-X -- 已审核\r\n稳赚不赔\r\n# 普通井号行\r\n";
        let d = load("a.txt", src.to_string(), 0, Metadata::new());
        assert_eq!(d.text, "第一段保本\r\n稳赚不赔\r\n# 普通井号行\r\n");
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].text, "disclint-disable-next-line CN-X -- 已审核");
        assert_eq!(&src[d.comments[0].range.clone()], "# disclint-disable-next-line CN-X -- 已审核");
        let i = d.text.find("稳赚").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + 6)], "稳赚");
    }
}
