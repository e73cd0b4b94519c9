//! HTML via lol_html: visible text only (no script, style, template,
//! `hidden` elements or ones an inline style hides, comments or
//! attributes), entities decoded, block
//! elements separate paragraphs, h1–h6 become Heading blocks; every piece of
//! copy text maps back to its bytes in the source.

use super::DocError;
use super::extract::Extract;
use crate::document::{BlockKind, Comment, Document, Format, Metadata};
use lol_html::html_content::TextType;
use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, element};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

#[derive(Debug)]
enum Ev {
    Start { name: String, hidden: bool },
    End { name: String },
    Text { range: Range<usize>, decode: bool },
    Comment { range: Range<usize>, text: String },
}

const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "iframe", "object", "head-meta"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "br",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "legend",
    "address",
    "title",
    "caption",
    "details",
    "summary",
    "option",
    "body",
    "html",
    "center",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "label",
    "tbody",
    "thead",
    "tfoot",
];

fn events(source: &str) -> Result<Vec<Ev>, DocError> {
    let evs = Rc::new(RefCell::new(Vec::new()));
    let (e1, e2, e3) = (evs.clone(), evs.clone(), evs.clone());
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |el| {
            let name = el.tag_name().to_ascii_lowercase();
            let hidden =
                el.has_attribute("hidden") || el.get_attribute("style").is_some_and(|s| style_hides(&s));
            e1.borrow_mut().push(Ev::Start { name: name.clone(), hidden });
            if let Some(handlers) = el.end_tag_handlers() {
                let e = e1.clone();
                let handler: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    e.borrow_mut().push(Ev::End { name });
                    Ok(())
                });
                handlers.push(handler);
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |t| {
            let range = t.source_location().bytes();
            if !range.is_empty() {
                let decode = match t.text_type() {
                    TextType::Data | TextType::RCData => Some(true),
                    TextType::PlainText | TextType::CDataSection => Some(false),
                    TextType::RawText | TextType::ScriptData => None,
                };
                if let Some(decode) = decode {
                    e2.borrow_mut().push(Ev::Text { range, decode });
                }
            }
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(move |c| {
            e3.borrow_mut().push(Ev::Comment { range: c.source_location().bytes(), text: c.text() });
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let fail =
        |e: lol_html::errors::RewritingError| DocError::Corrupt { what: "HTML", reason: e.to_string() };
    rewriter.write(source.as_bytes()).map_err(fail)?;
    rewriter.end().map_err(fail)?;
    let out = std::mem::take(&mut *evs.borrow_mut());
    Ok(out)
}

pub fn load(name: &str, source: String, metadata: Metadata) -> Result<Document, DocError> {
    let mut x = Extract::new(&source, true);
    let mut comments = Vec::new();
    let whole = 0..source.len();
    visible_text(&mut x, &source, std::slice::from_ref(&whole), Some(&mut comments))?;
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Html, source, (text, map, blocks), metadata, comments);
    doc.fine_print = fine_print;
    Ok(doc)
}

/// Feeds the visible text of the HTML made of `pieces` of `source`, read as
/// one (the whole of an HTML page, or the lines of an HTML block in Markdown
/// without their list or quote prefixes), to `x`, with positions in `source`:
/// block elements are paragraphs, `h1`–`h6` headings, `small`/`sub` fine
/// print; hidden elements, script, style and the like are skipped. Comments
/// are added to `comments` if given.
pub(super) fn visible_text(
    x: &mut Extract,
    source: &str,
    pieces: &[Range<usize>],
    mut comments: Option<&mut Vec<Comment>>,
) -> Result<(), DocError> {
    // Each piece: where it starts in the joined HTML, and its source range.
    let mut at = 0;
    let mut parts: Vec<(usize, Range<usize>)> = Vec::with_capacity(pieces.len());
    for r in pieces {
        if source.get(r.clone()).is_some() && !r.is_empty() {
            parts.push((at, r.clone()));
            at += r.len();
        }
    }
    let joined: Cow<str> = match parts.as_slice() {
        [(_, one)] => Cow::Borrowed(&source[one.clone()]),
        _ => Cow::Owned(parts.iter().map(|(_, r)| &source[r.clone()]).collect()),
    };
    // The source ranges a range of the joined HTML covers.
    let to_source = |r: Range<usize>| -> Vec<Range<usize>> {
        parts
            .iter()
            .filter_map(|(start, src)| {
                let from = r.start.max(*start);
                let to = r.end.min(start + src.len());
                (from < to).then(|| src.start + (from - start)..src.start + (to - start))
            })
            .collect()
    };
    let evs = events(&joined)?;
    // Open elements whose content is not shown, by name (innermost last).
    let mut skipping: Vec<String> = Vec::new();
    let mut pending_text: Option<(Range<usize>, bool)> = None;
    let flush = |x: &mut Extract, pending: &mut Option<(Range<usize>, bool)>| {
        if let Some((range, decode)) = pending.take() {
            for range in to_source(range) {
                if decode {
                    decode_into(x, source, range);
                } else {
                    x.verbatim(range);
                }
            }
        }
    };
    for ev in evs {
        match ev {
            Ev::Text { range, decode } => {
                if !skipping.is_empty() {
                    continue;
                }
                match &mut pending_text {
                    Some((r, d)) if r.end == range.start && *d == decode => r.end = range.end,
                    _ => {
                        flush(x, &mut pending_text);
                        pending_text = Some((range, decode));
                    }
                }
            }
            Ev::Start { name, hidden } => {
                flush(x, &mut pending_text);
                if hidden || SKIPPED.contains(&name.as_str()) || !skipping.is_empty() {
                    // Void elements never end: only track those with content.
                    if !is_void(&name) {
                        skipping.push(name);
                    }
                    continue;
                }
                if matches!(name.as_str(), "small" | "sub") {
                    x.begin_fine_print();
                }
                if let Some(level) = heading_level(&name) {
                    x.begin(BlockKind::Heading(level));
                } else if BLOCKS.contains(&name.as_str()) {
                    x.begin(BlockKind::Paragraph);
                }
            }
            Ev::End { name } => {
                flush(x, &mut pending_text);
                if !skipping.is_empty() {
                    if let Some(i) = skipping.iter().rposition(|n| *n == name) {
                        skipping.truncate(i);
                    }
                    continue;
                }
                if heading_level(&name).is_some() || BLOCKS.contains(&name.as_str()) {
                    x.end();
                }
                if matches!(name.as_str(), "small" | "sub") {
                    x.end_fine_print();
                }
            }
            Ev::Comment { range, text } => {
                flush(x, &mut pending_text);
                if let Some(comments) = comments.as_deref_mut() {
                    let src = to_source(range);
                    if let (Some(first), Some(last)) = (src.first(), src.last()) {
                        comments
                            .push(Comment { text: text.trim().to_string(), range: first.start..last.end });
                    }
                }
            }
        }
    }
    flush(x, &mut pending_text);
    Ok(())
}

/// Whether an inline `style` hides its element: `display: none`,
/// `visibility: hidden` (or `collapse`) or a zero `font-size`, the last
/// declaration of each property winning unless an earlier one is `!important`.
/// (Stylesheets and classes are not read.)
pub(super) fn style_hides(style: &str) -> bool {
    let mut display: Option<(String, bool)> = None;
    let mut visibility: Option<(String, bool)> = None;
    let mut font_size: Option<(String, bool)> = None;
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else { continue };
        let mut value = value.trim().to_ascii_lowercase();
        let important = match value.rfind('!') {
            Some(bang) if value[bang + 1..].trim() == "important" => {
                value.truncate(bang);
                true
            }
            _ => false,
        };
        let value = value.trim().to_string();
        let slot = match prop.trim().to_ascii_lowercase().as_str() {
            "display" => &mut display,
            "visibility" => &mut visibility,
            "font-size" => &mut font_size,
            _ => continue,
        };
        if !matches!(slot, Some((_, true)) if !important) {
            *slot = Some((value, important));
        }
    }
    let is =
        |slot: &Option<(String, bool)>, f: &dyn Fn(&str) -> bool| slot.as_ref().is_some_and(|(v, _)| f(v));
    is(&display, &|v| v == "none")
        || is(&visibility, &|v| v == "hidden" || v == "collapse")
        || is(&font_size, &|v| {
            let number = v.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
            number.parse::<f64>().is_ok_and(|n| n == 0.0)
        })
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

fn heading_level(name: &str) -> Option<u8> {
    let n = name.strip_prefix('h')?;
    n.parse::<u8>().ok().filter(|n| (1..=6).contains(n))
}

/// Feeds `source[range]` to the extractor, decoding character references.
fn decode_into(x: &mut Extract, source: &str, range: Range<usize>) {
    let Some(s) = source.get(range.clone()) else { return };
    let mut plain_start = 0;
    let mut pos = 0;
    while let Some(amp) = s[pos..].find('&') {
        let at = pos + amp;
        match entity(&s[at..]) {
            Some((len, decoded)) => {
                if plain_start < at {
                    x.verbatim(range.start + plain_start..range.start + at);
                }
                x.replaced(range.start + at..range.start + at + len, &decoded);
                pos = at + len;
                plain_start = pos;
            }
            None => pos = at + 1,
        }
    }
    if plain_start < s.len() {
        x.verbatim(range.start + plain_start..range.end);
    }
}

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("zwnj", "\u{200c}"),
    ("zwj", "\u{200d}"),
    ("shy", "\u{ad}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("sbquo", "‚"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("bull", "•"),
    ("yen", "¥"),
    ("euro", "€"),
    ("pound", "£"),
    ("cent", "¢"),
    ("times", "×"),
    ("divide", "÷"),
    ("plusmn", "±"),
    ("deg", "°"),
    ("permil", "‰"),
    ("percnt", "%"),
    ("sect", "§"),
    ("para", "¶"),
    ("micro", "µ"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("asymp", "≈"),
    ("minus", "−"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("star", "☆"),
    ("starf", "★"),
    ("check", "✓"),
    ("hearts", "♥"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
];

/// A character reference at the start of `s`: its length and its text.
fn entity(s: &str) -> Option<(usize, String)> {
    let rest = s.strip_prefix('&')?;
    let end = rest.char_indices().take(33).find(|(_, c)| *c == ';').map(|(i, _)| i)?;
    let body = &rest[..end];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = match code {
            0 => '\u{fffd}',
            c => char::from_u32(c).unwrap_or('\u{fffd}'),
        };
        c.to_string()
    } else {
        NAMED.iter().find(|(n, _)| *n == body)?.1.to_string()
    };
    Some((end + 2, decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_blocks_and_entities() {
        let src = "<!DOCTYPE html><html><head><title>稳盈</title><style>p{color:red}</style>\
<script>var a='保本';</script></head><body><h2 class=\"x\">产品&nbsp;介绍</h2>\n<p>本产品<b>保本</b>保息&#65292;稳赚&amp;不赔<br>第二行</p>\
<!-- disclint-disable-next-line CN-X --><div hidden>隐藏保本</div><ul><li>一</li><li>二</li></ul></body></html>";
        let d = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "稳盈\n\n产品 介绍\n\n本产品保本保息，稳赚&不赔\n\n第二行\n\n一\n\n二");
        assert_eq!(d.blocks[1].kind, BlockKind::Heading(2));
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].text, "disclint-disable-next-line CN-X");
        let i = d.text.find("保本").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + 6)], "保本");
        let i = d.text.find("保息，稳赚").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "保息，稳赚".len())], "保息&#65292;稳赚");
    }

    #[test]
    fn inline_styles_that_hide_are_not_copy() {
        let src = "<p>欢迎</p><div style=\"display:none\">保本保息</div>\
<div style=\"color: red; DISPLAY : None !important\">稳赚不赔</div>\
<div style=\"visibility:hidden\"><p>零风险</p></div>\
<span style=\"font-size:0px\">刚性兑付</span><img style=\"display:none\">\
<div style=\"display:none;display:block\">一</div><div style=\"display:none!important;display:block\">保证收益</div>\
<div style=\"font-size:0.5em;visibility:visible\">二</div><div aria-hidden=\"true\">三</div><p>四</p>";
        let d = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "欢迎\n\n一\n\n二\n\n三\n\n四");
        let i = d.text.find('四').unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + 3)], "四");
    }

    #[test]
    fn style_values() {
        for s in [
            "display:none",
            "display: none !important",
            "visibility:collapse",
            "font-size:0",
            "font-size: 0.0pt;",
        ] {
            assert!(style_hides(s), "{s}");
        }
        for s in
            ["", "display", "display:block", "font-size:10px", "font-size:0.5em", "content:'display:none'x"]
        {
            assert!(!style_hides(s), "{s}");
        }
    }

    #[test]
    fn entities() {
        assert_eq!(entity("&amp;x"), Some((5, "&".into())));
        assert_eq!(entity("&#x4FDD;"), Some((8, "保".into())));
        assert_eq!(entity("&#99999999999;"), None);
        assert_eq!(entity("&unknown;"), None);
        assert_eq!(entity("& no"), None);
    }
}
