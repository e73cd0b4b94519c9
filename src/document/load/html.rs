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
    /// `fine`: set in tiny type by its style (fine print, like `<small>`).
    Start {
        name: String,
        hidden: bool,
        fine: bool,
    },
    End {
        name: String,
        fine: bool,
    },
    Text {
        range: Range<usize>,
        decode: bool,
    },
    Comment {
        range: Range<usize>,
        text: String,
    },
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
    let sheet = Stylesheet::of_page(source);
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |el| {
            let name = el.tag_name().to_ascii_lowercase();
            // The page's own rules for the element, then its inline style: the
            // later declaration of a property wins, as in the cascade (whose
            // specificity is not weighed).
            let mut style = sheet.declarations(&name, el.get_attribute("id"), el.get_attribute("class"));
            if let Some(inline) = el.get_attribute("style") {
                style.push(';');
                style.push_str(&inline);
            }
            let hidden = el.has_attribute("hidden") || style_hides(&style);
            let fine = style_is_tiny(&style);
            e1.borrow_mut().push(Ev::Start { name: name.clone(), hidden, fine });
            if let Some(handlers) = el.end_tag_handlers() {
                let e = e1.clone();
                let handler: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    e.borrow_mut().push(Ev::End { name, fine });
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

/// The page, and whether it shows any text outside its `<title>`.
pub fn load(name: &str, source: String, metadata: Metadata) -> Result<(Document, bool), DocError> {
    let mut x = Extract::new(&source, true);
    let mut comments = Vec::new();
    let whole = 0..source.len();
    let body_text = visible_text(&mut x, &source, std::slice::from_ref(&whole), Some(&mut comments))?;
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Html, source, (text, map, blocks), metadata, comments);
    doc.fine_print = fine_print;
    Ok((doc, body_text))
}

/// Feeds the visible text of the HTML made of `pieces` of `source`, read as
/// one (the whole of an HTML page, or the lines of an HTML block in Markdown
/// without their list or quote prefixes), to `x`, with positions in `source`:
/// block elements are paragraphs, `h1`–`h6` headings, `small`/`sub` fine
/// print; hidden elements, script, style and the like are skipped. Comments
/// are added to `comments` if given. Returns whether any text was shown
/// outside a `<title>`: a poster page whose only words are its title has
/// nothing on the page itself to check.
pub(super) fn visible_text(
    x: &mut Extract,
    source: &str,
    pieces: &[Range<usize>],
    mut comments: Option<&mut Vec<Comment>>,
) -> Result<bool, DocError> {
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
    let mut in_title = 0usize;
    let mut body_text = false;
    // Whether it wrote text: whitespace alone only waits in `x` for more.
    let flush = |x: &mut Extract, pending: &mut Option<(Range<usize>, bool)>| -> bool {
        let before = x.text.len();
        if let Some((range, decode)) = pending.take() {
            for range in to_source(range) {
                if decode {
                    decode_into(x, source, range);
                } else {
                    x.verbatim(range);
                }
            }
        }
        x.text.len() > before
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
                        body_text |= flush(x, &mut pending_text) && in_title == 0;
                        pending_text = Some((range, decode));
                    }
                }
            }
            Ev::Start { name, hidden, fine } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
                if hidden || SKIPPED.contains(&name.as_str()) || !skipping.is_empty() {
                    // Void elements never end: only track those with content.
                    if !is_void(&name) {
                        skipping.push(name);
                    }
                    continue;
                }
                if name == "title" {
                    in_title += 1;
                }
                if let Some(level) = heading_level(&name) {
                    x.begin(BlockKind::Heading(level));
                } else if BLOCKS.contains(&name.as_str()) {
                    x.begin(BlockKind::Paragraph);
                }
                // Inside the block it opens, so the fine print is its text,
                // not the break before it.
                if fine || matches!(name.as_str(), "small" | "sub") {
                    x.begin_fine_print();
                }
            }
            Ev::End { name, fine } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
                if !skipping.is_empty() {
                    if let Some(i) = skipping.iter().rposition(|n| *n == name) {
                        skipping.truncate(i);
                    }
                    continue;
                }
                if fine || matches!(name.as_str(), "small" | "sub") {
                    x.end_fine_print();
                }
                if heading_level(&name).is_some() || BLOCKS.contains(&name.as_str()) {
                    x.end();
                }
                if name == "title" {
                    in_title = in_title.saturating_sub(1);
                }
            }
            Ev::Comment { range, text } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
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
    body_text |= flush(x, &mut pending_text) && in_title == 0;
    Ok(body_text)
}

/// The rules of a page's `<style>` elements, for simple selectors: `.legal`,
/// `p.note`, `#fine`, `small`, and the last part of a longer one (`footer
/// .legal` is read as `.legal`, its ancestors not checked). Selectors with
/// pseudo-classes or attributes, and rules inside `@media` and other block
/// at-rules, are left out: a rule that applies only on some screens must not
/// hide what the others show. Stylesheets in other files are not read.
#[derive(Debug, Default)]
struct Stylesheet {
    rules: Vec<(Compound, String)>,
}

/// One simple selector: a tag, an id and classes, each optional.
#[derive(Debug, Default, PartialEq)]
struct Compound {
    tag: Option<String>,
    id: Option<String>,
    classes: Vec<String>,
}

impl Compound {
    /// The last compound of `selector`, if it is a simple one.
    fn parse(selector: &str) -> Option<Compound> {
        let last = selector.rsplit(|c: char| c.is_whitespace() || matches!(c, '>' | '+' | '~')).next()?;
        if last.is_empty() || last.contains([':', '[', '*', '(', '\\']) {
            return None;
        }
        let mut out = Compound::default();
        let mut rest = last;
        let tag_end = rest.find(['.', '#']).unwrap_or(rest.len());
        if tag_end > 0 {
            out.tag = Some(rest[..tag_end].to_ascii_lowercase());
        }
        rest = &rest[tag_end..];
        while let Some(kind) = rest.chars().next() {
            let body = &rest[1..];
            let end = body.find(['.', '#']).unwrap_or(body.len());
            let name = &body[..end];
            if name.is_empty() {
                return None;
            }
            match kind {
                '.' => out.classes.push(name.to_string()),
                _ => out.id = Some(name.to_string()),
            }
            rest = &body[end..];
        }
        Some(out)
    }

    fn matches(&self, tag: &str, id: Option<&str>, classes: &[&str]) -> bool {
        self.tag.as_deref().is_none_or(|t| t == tag)
            && self.id.as_deref().is_none_or(|i| Some(i) == id)
            && self.classes.iter().all(|c| classes.contains(&c.as_str()))
    }
}

impl Stylesheet {
    fn of_page(html: &str) -> Stylesheet {
        let mut sheet = Stylesheet::default();
        let lower = html.to_ascii_lowercase();
        let mut at = 0;
        while let Some(open) = lower[at..].find("<style") {
            let Some(body) = lower[at + open..].find('>').map(|g| at + open + g + 1) else { break };
            let end = lower[body..].find("</style").map_or(html.len(), |e| body + e);
            sheet.add_css(&html[body..end]);
            at = end;
        }
        sheet
    }

    fn add_css(&mut self, css: &str) {
        let mut css = css.to_string();
        while let Some(start) = css.find("/*") {
            let end = css[start + 2..].find("*/").map_or(css.len(), |e| start + 2 + e + 2);
            css.replace_range(start..end, " ");
        }
        let mut at = 0;
        while let Some(open) = css[at..].find('{').map(|o| at + o) {
            let head = css[at..open].trim();
            // A statement at-rule (`@import …;`) before the next rule.
            let head = match head.rfind(';') {
                Some(semi) if head.starts_with('@') => head[semi + 1..].trim(),
                _ => head,
            };
            if head.starts_with('@') {
                // A block at-rule (`@media`, `@supports`): skipped whole.
                let mut depth = 0usize;
                let mut end = css.len();
                for (i, c) in css[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                at = end;
                continue;
            }
            let close = css[open..].find('}').map_or(css.len(), |c| open + c);
            let declarations = &css[open + 1..close];
            for selector in head.split(',') {
                if let Some(compound) = Compound::parse(selector.trim()) {
                    self.rules.push((compound, declarations.to_string()));
                }
            }
            at = (close + 1).min(css.len());
        }
    }

    /// The declarations of every rule matching the element, in source order.
    fn declarations(&self, tag: &str, id: Option<String>, class: Option<String>) -> String {
        let mut out = String::new();
        if self.rules.is_empty() {
            return out;
        }
        let class = class.unwrap_or_default();
        let classes: Vec<&str> = class.split_ascii_whitespace().collect();
        for (compound, declarations) in &self.rules {
            if compound.matches(tag, id.as_deref(), &classes) {
                out.push_str(declarations);
                out.push(';');
            }
        }
        out
    }
}

/// The value each property of `style` ends with: the last declaration,
/// unless an earlier one is `!important`.
fn final_values<const N: usize>(style: &str, props: &[&str; N]) -> [Option<String>; N] {
    let mut slots: [Option<(String, bool)>; N] = std::array::from_fn(|_| None);
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
        let Some(i) = props.iter().position(|p| *p == prop.trim().to_ascii_lowercase()) else { continue };
        if !matches!(slots[i], Some((_, true)) if !important) {
            slots[i] = Some((value, important));
        }
    }
    slots.map(|s| s.map(|(v, _)| v))
}

/// Whether a style sets its text in type too small to read as a warning:
/// at most 9px, 7pt, 0.6em/rem or 60 %, or `x-small` and below (a zero size
/// hides it, [`style_hides`]). The same as `<small>`: fine print.
pub(super) fn style_is_tiny(style: &str) -> bool {
    let [Some(size)] = final_values(style, &["font-size"]) else { return false };
    if matches!(size.as_str(), "x-small" | "xx-small" | "xxx-small") {
        return true;
    }
    let unit_at = size.find(|c: char| c.is_ascii_alphabetic() || c == '%').unwrap_or(size.len());
    let Ok(n) = size[..unit_at].trim().parse::<f64>() else { return false };
    let limit = match &size[unit_at..] {
        "px" => 9.0,
        "pt" => 7.0,
        "em" | "rem" => 0.6,
        "%" => 60.0,
        _ => return false,
    };
    n > 0.0 && n <= limit
}

/// Whether a style hides its element: `display: none`,
/// `visibility: hidden` (or `collapse`) or a zero `font-size`, the last
/// declaration of each property winning unless an earlier one is `!important`.
pub(super) fn style_hides(style: &str) -> bool {
    let [display, visibility, font_size] = final_values(style, &["display", "visibility", "font-size"]);
    display.as_deref() == Some("none")
        || matches!(visibility.as_deref(), Some("hidden" | "collapse"))
        || font_size.is_some_and(|v| {
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
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
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
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "欢迎\n\n一\n\n二\n\n三\n\n四");
        let i = d.text.find('四').unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + 3)], "四");
    }

    /// The page's own stylesheet counts like inline styles: a class that
    /// hides is not copy, a class in tiny type is fine print; rules inside
    /// `@media` and selectors it cannot match exactly are left out.
    #[test]
    fn a_pages_stylesheet_hides_and_shrinks_by_class() {
        let src = "<html><head><style>/* site */ @import url(x.css);\n\
body{font-size:17px} footer .legal, .note{font-size:7px; color:#c4c4c4}\n\
.gone{display:none} p.keep{display:none} p.keep{display:block} a:hover{display:none}\n\
@media (max-width:600px){ .desk{display:none} }</style></head><body>\
<p>正文</p><div class=\"gone\">保本保息</div><div class=\"desk\">稳赚不赔</div>\
<p class=\"keep\">零风险</p><a href=\"#\">链接</a>\
<footer><p class=\"x legal\">市场有风险，投资需谨慎。</p></footer></body></html>";
        let (doc, _) = load("t.html", src.to_string(), Metadata::new()).unwrap();
        assert!(!doc.text.contains("保本保息"), "{}", doc.text);
        for shown in ["稳赚不赔", "零风险", "链接", "正文"] {
            assert!(doc.text.contains(shown), "{shown}: {}", doc.text);
        }
        let fine: Vec<&str> = doc.fine_print.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(fine, ["市场有风险，投资需谨慎。"]);
        assert_eq!(
            Compound::parse("footer > p.legal.x"),
            Some(Compound { tag: Some("p".into()), id: None, classes: vec!["legal".into(), "x".into()] })
        );
        assert_eq!(Compound::parse("a:hover"), None);
    }

    #[test]
    fn tiny_type() {
        for s in ["font-size:7px", "font-size: 0.5em", "font-size:x-small", "font-size:6pt", "font-size:50%"]
        {
            assert!(style_is_tiny(s), "{s}");
        }
        for s in
            ["font-size:12px", "font-size:0", "font-size:1em", "color:red", "font-size:7px;font-size:14px"]
        {
            assert!(!style_is_tiny(s), "{s}");
        }
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

    #[test]
    fn a_title_alone_is_not_text_the_page_shows() {
        let page = |src: &str| load("p.html", src.to_string(), Metadata::new()).map(|(_, body)| body).ok();
        assert_eq!(
            page("<html><head><title>新春特惠</title></head><body><img src=a.png></body></html>"),
            Some(false)
        );
        assert_eq!(page(""), Some(false));
        assert_eq!(page("<title>保本</title><p>正文</p>"), Some(true));
        assert_eq!(page("正文<title>保本</title>"), Some(true));
    }
}
