//! Markdown via pulldown-cmark's offset iterator: headings become Heading
//! blocks, paragraphs/list items/table cells/quotes Paragraph blocks; code
//! blocks, HTML tags and link targets are not copy; HTML comments are
//! comments. The visible text of an HTML block (`<div>…</div>` on lines of
//! its own) is copy, read by the HTML loader's rules.

use super::DocError;
use super::extract::Extract;
use super::html;
use crate::document::{BlockKind, Comment, Document, Format, Metadata};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub fn load(name: &str, source: String, body: usize, metadata: Metadata) -> Result<Document, DocError> {
    let mut x = Extract::new(&source, false);
    let mut html: Vec<Range<usize>> = Vec::new();
    // The lines of the HTML block being read (without list or quote prefixes).
    let mut html_block: Option<Vec<Range<usize>>> = None;
    let mut code_depth = 0usize;
    let mut image_depth = 0usize;
    // Inside `~~struck-out~~` text: shown crossed through, so not copy (QA
    // pass 8 item 12: `本理财产品~~不~~保本` reads `本理财产品保本`).
    let mut struck = 0usize;
    // Collapsed `<details>` opened in an HTML block and not yet closed: the
    // fine print of their content is open in `x`.
    let mut open_details = 0usize;
    // Inline HTML elements open in the current block (`<span …>` … `</span>`).
    let mut inline = InlineHtml::default();
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST;
    let body_text = source.get(body..).unwrap_or("");
    for (event, r) in Parser::new_ext(body_text, opts).into_offset_iter() {
        let range = r.start + body..r.end + body;
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => x.begin(BlockKind::Heading(level as u8)),
                Tag::Paragraph
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => x.begin(BlockKind::Paragraph),
                // A footnote renders at the foot of the page in small type:
                // fine print, as a DOCX footnote is.
                Tag::FootnoteDefinition(_) => {
                    x.begin(BlockKind::Paragraph);
                    x.begin_fine_print();
                }
                Tag::CodeBlock(_) => {
                    x.end();
                    code_depth += 1;
                }
                Tag::HtmlBlock => {
                    x.end();
                    html_block = Some(Vec::new());
                }
                Tag::Image { .. } => image_depth += 1,
                Tag::Strikethrough => struck += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => {
                    inline.close_all(&mut x);
                    x.end()
                }
                TagEnd::FootnoteDefinition => {
                    inline.close_all(&mut x);
                    x.end_fine_print();
                    x.end()
                }
                TagEnd::HtmlBlock => {
                    if let Some(lines) = html_block.take() {
                        // `</details>` on a line of its own closes a
                        // collapsed `<details>` opened in an earlier HTML
                        // block (GitHub's collapsible section: HTML,
                        // Markdown in it, HTML): the Markdown between was
                        // its content, fine print.
                        let first = lines.first().and_then(|l| source.get(l.clone())).unwrap_or("");
                        let first = first.trim_start().to_ascii_lowercase();
                        if open_details > 0
                            && (first.starts_with("</details") || first.starts_with("</dialog"))
                        {
                            x.end_fine_print();
                            open_details -= 1;
                        }
                        open_details +=
                            html::visible_text(&mut x, &source, &lines, None, html::Backdrop::Page)?
                                .open_details;
                    }
                    x.end();
                }
                TagEnd::CodeBlock => {
                    code_depth = code_depth.saturating_sub(1);
                    x.end();
                }
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::Strikethrough => struck = struck.saturating_sub(1),
                _ => {}
            },
            Event::Text(_) | Event::Code(_) if inline.hidden > 0 || struck > 0 => {}
            Event::Text(t) if code_depth == 0 && image_depth == 0 => {
                if source.get(range.clone()) == Some(&*t) {
                    x.verbatim(range);
                } else {
                    x.replaced(range, &t);
                }
            }
            Event::Code(t) if image_depth == 0 => {
                let inner = source.get(range.clone()).and_then(|s| s.find(&*t)).map(|p| range.start + p);
                match inner {
                    Some(p) => x.verbatim(p..p + t.len()),
                    None => x.aligned(range, &t),
                }
            }
            Event::SoftBreak => x.soft_break(range, true),
            Event::HardBreak => x.soft_break(range, false),
            Event::Html(t) | Event::InlineHtml(t) => {
                match html_block.as_mut() {
                    // Read whole at the block's end (fine print included).
                    Some(lines) => lines.push(range.clone()),
                    None => {
                        // `<br>` is a line break, as on the page: `risk<br>free`
                        // is two lines, not `riskfree`.
                        if is_line_break_tag(&t) {
                            x.soft_break(range.start..range.start, false);
                        }
                        inline.tag(&t, &mut x)
                    }
                }
                match html.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => html.push(range),
                }
            }
            _ => {}
        }
    }
    let comments = html.iter().flat_map(|r| html_comments(&source, r.clone())).collect();
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc =
        Document::extracted(name, Format::Markdown, source, (text, map, blocks), metadata, comments);
    doc.fine_print = fine_print;
    Ok(doc)
}

/// Inline HTML elements open in a Markdown paragraph, with what they do to
/// the text inside: `<small>`, `<sub>` and tiny type (by inline style) are
/// fine print; the `hidden` attribute or a hiding inline style take the text
/// out of the copy, as in an HTML page. Whatever is still open at the end of
/// the paragraph ends there (inline HTML cannot span blocks), so a missing
/// `</span>` hides nothing past its paragraph.
#[derive(Debug, Default)]
struct InlineHtml {
    open: Vec<(String, bool, bool)>,
    hidden: usize,
    shades: html::InlineShades,
}

impl InlineHtml {
    fn tag(&mut self, html: &str, x: &mut Extract) {
        let t = html.trim();
        let lower = t.to_ascii_lowercase();
        let (closing, rest) = match lower.strip_prefix("</") {
            Some(rest) => (true, rest),
            None => match lower.strip_prefix('<') {
                Some(rest) => (false, rest),
                None => return,
            },
        };
        let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let name = &rest[..name_end];
        // `<small>text</small>` in one event opens and closes: nothing to
        // track; comments, declarations and self-closing tags neither.
        if name.is_empty() || rest.contains("</") || t.ends_with("/>") {
            return;
        }
        if closing {
            self.shades.close(name);
            if let Some(at) = self.open.iter().rposition(|(n, ..)| n == name) {
                for (_, fine, hidden) in self.open.drain(at..).rev().collect::<Vec<_>>() {
                    self.end(fine, hidden, x);
                }
            }
            return;
        }
        if is_void(name) {
            return;
        }
        // The attributes, from the original text (styles are case-insensitive
        // in what is compared, but values are kept as written).
        let attributes = &t[1 + name_end..];
        // `<font size="1">` is tiny type as in a page, and text in the
        // colour of what is behind it (white on the white page, as an HTML
        // page is read) is not seen.
        let mut style = html::presentational_hints(name, |a| attribute(attributes, a));
        style.push(';');
        style.push_str(&attribute(attributes, "style").unwrap_or_default());
        let fine = matches!(name, "small" | "sub") || html::style_is_tiny(&style);
        // Struck-out elements (`<del>`, `<s>`, `<strike>`, line-through) are
        // not copy either, like `~~…~~`.
        let unseen = self.shades.open(name, &style);
        let hidden = has_attribute(attributes, "hidden")
            || unseen
            || html::style_hides(&style)
            || html::style_strikes(&style)
            || html::STRUCK.contains(&name);
        if fine {
            x.begin_fine_print();
        }
        if hidden {
            self.hidden += 1;
        }
        self.open.push((name.to_string(), fine, hidden));
    }

    fn end(&mut self, fine: bool, hidden: bool, x: &mut Extract) {
        if fine {
            x.end_fine_print();
        }
        if hidden {
            self.hidden -= 1;
        }
    }

    fn close_all(&mut self, x: &mut Extract) {
        self.shades.clear();
        for (_, fine, hidden) in std::mem::take(&mut self.open).into_iter().rev() {
            self.end(fine, hidden, x);
        }
    }
}

/// Whether inline HTML is a `<br>` (`<br>`, `<br/>`, `<BR />`).
fn is_line_break_tag(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    t.strip_prefix("<br").is_some_and(|rest| rest.trim_start_matches([' ', '/']) == ">")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "input" | "wbr" | "meta" | "link" | "source" | "area" | "col" | "embed"
    )
}

/// The value of attribute `name` in a tag's attribute text (`style="a:b"`,
/// single, double or no quotes).
pub(super) fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name).map(|a| from + a) {
        from = at + name.len();
        let before_ok = at == 0 || lower[..at].ends_with(|c: char| c.is_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = attributes.len() - rest.len() + 1;
        let value = attributes[value_at..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string(),
        });
    }
    None
}

/// Whether a tag's attribute text has the boolean attribute `name`.
fn has_attribute(attributes: &str, name: &str) -> bool {
    attributes
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .any(|a| a.eq_ignore_ascii_case(name) || a.to_ascii_lowercase().starts_with(&format!("{name}=")))
}

/// `<!-- … -->` comments inside `source[range]`.
pub fn html_comments(source: &str, range: Range<usize>) -> Vec<Comment> {
    let mut out = Vec::new();
    let Some(s) = source.get(range.clone()) else { return out };
    let mut pos = 0;
    while let Some(open) = s[pos..].find("<!--") {
        let start = pos + open;
        let body = start + 4;
        let (inner_end, end) = match s[body..].find("-->") {
            Some(e) => (body + e, body + e + 3),
            None => (s.len(), s.len()),
        };
        out.push(Comment {
            text: s[body..inner_end].trim().to_string(),
            range: range.start + start..range.start + end,
        });
        pos = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_br_is_a_line_break() {
        let d = load("a.md", "risk<br>free and risk<BR />free\n".to_string(), 0, Metadata::new()).unwrap();
        assert_eq!(d.text, "risk\nfree and risk\nfree");
    }

    /// GitHub's collapsible section (QA pass 9b item 11): the Markdown
    /// between an HTML block `<details><summary>…</summary>` and a later
    /// `</details>` is its content, fine print while it is collapsed; the
    /// label and what follows are not.
    #[test]
    fn a_collapsible_section_is_fine_print() {
        let src = "业绩比较基准3%。\n\n<details>\n<summary>更多说明</summary>\n\n理财非存款、产品有风险、投资须谨慎。\n\n</details>\n\n之后\n\n\
<details open>\n<summary>展开</summary>\n\n展开的内容\n\n</details>\n\n最后\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        let fine: Vec<&str> = d.fine_print.iter().map(|r| &d.text[r.clone()]).collect();
        assert_eq!(fine, ["理财非存款、产品有风险、投资须谨慎。"], "{:?}", d.text);
        for shown in ["更多说明", "之后", "展开的内容", "最后"] {
            assert!(d.text.contains(shown), "{shown}: {:?}", d.text);
        }
    }

    #[test]
    fn a_footnote_is_fine_print() {
        let src = "业绩比较基准3.5%[^1]。\n\n[^1]: 理财非存款、产品有风险、投资须谨慎。\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        let fine: Vec<&str> = d.fine_print.iter().map(|r| &d.text[r.clone()]).collect();
        assert_eq!(fine, ["理财非存款、产品有风险、投资须谨慎。"]);
    }

    #[test]
    fn a_soft_break_between_english_words_is_a_space() {
        let src = "It works just like a fixed-rate\nsavings account.\nCapital at risk.  \nNext line.\n\n理财\n产品\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        // Soft breaks read as spaces; the hard break (two trailing spaces)
        // stays a break; between Han characters the lines join.
        assert_eq!(
            d.text,
            "It works just like a fixed-rate savings account. Capital at risk.\nNext line.\n\n理财产品"
        );
        let at = d.text.find("savings").unwrap();
        assert_eq!(&src[d.source_start(at)..d.source_end(at + 7)], "savings");
    }

    #[test]
    fn headings_code_and_comments() {
        let src = "# 稳盈1号\n\n本产品**保本保息**，\n稳赚不赔。\n\n<!-- disclint-disable-next-line CN-X -- ok -->\n```\n保本代码\n```\n\n- 列表&amp;项\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        assert_eq!(d.text, "稳盈1号\n\n本产品保本保息，\n稳赚不赔。\n\n列表&项");
        assert_eq!(d.blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(d.blocks.len(), 3);
        assert_eq!(d.comments.len(), 1);
        assert_eq!(d.comments[0].text, "disclint-disable-next-line CN-X -- ok");
        for w in ["保本保息", "稳赚不赔", "列表"] {
            let i = d.text.find(w).unwrap();
            assert_eq!(&src[d.source_start(i)..d.source_end(i + w.len())], w);
        }
        let amp = d.text.find('&').unwrap();
        assert_eq!(&src[d.source_start(amp)..d.source_end(amp + 1)], "&amp;");
    }

    /// Inline HTML inside a paragraph: a hiding style or `hidden` takes its
    /// text out of the copy, tiny type is fine print, and an element left
    /// open ends with its paragraph.
    #[test]
    fn inline_html_hides_and_shrinks_like_a_page() {
        let src = "文字<span style=\"display: none\">保本保息</span>继续<span hidden>零风险</span>。\n\n\
收益可观<span style='font-size:7px'>市场有风险</span>。\n\n\
开头<span style=\"display:none\">隐藏\n\n下一段可见。\n";
        let doc = load("t.md", src.to_string(), 0, Metadata::new()).unwrap();
        for hidden in ["保本保息", "零风险", "隐藏"] {
            assert!(!doc.text.contains(hidden), "{hidden}: {}", doc.text);
        }
        for shown in ["文字", "继续", "收益可观", "开头", "下一段可见"] {
            assert!(doc.text.contains(shown), "{shown}: {}", doc.text);
        }
        let fine: Vec<&str> = doc.fine_print.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(fine, ["市场有风险"]);
        assert_eq!(attribute(" class=a style='color: red' x", "style").as_deref(), Some("color: red"));
        assert_eq!(attribute(" data-style=\"x\"", "style"), None);
    }

    /// QA pass 8 item 12: `~~…~~` and inline `<del>`/`<s>`/`<strike>` take
    /// their text out of the copy; the rest joins and maps back.
    #[test]
    fn struck_out_text_is_not_copy() {
        let src = "本理财产品~~不~~保本，~~并非~~零风险！\n\n收益<del>不</del>稳定，<s>不</s>亏<strike>旧</strike>。\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        assert_eq!(d.text, "本理财产品保本，零风险！\n\n收益稳定，亏。");
        let i = d.text.find("产品保本").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "产品保本".len())], "产品~~不~~保本");
        let i = d.text.find("零风险").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "零风险".len())], "零风险");
    }

    #[test]
    fn html_blocks_are_copy() {
        let src = "# 标题\n\n<div class=\"banner\">\n本产品保本&amp;保息，稳赚不赔。\n</div>\n\n<p>零风险高收益</p>\n\
<section style=\"color:red\"><p>刚性</p><p>兑付</p><script>var a='保证收益';</script><style>p{}</style>\n\
<template>模板保本</template><div hidden>隐藏一</div><div style=\"display:none\">隐藏二</div><!-- 注释保本 --></section>\n\n\
> <div>\n> 引用<b>保本</b>\n> </div>\n\n<p><small>注：投资有风险</small></p>\n\n文字<span>保证收益</span>继续。\n";
        let d = load("a.md", src.to_string(), 0, Metadata::new()).unwrap();
        assert_eq!(
            d.text,
            "标题\n\n本产品保本&保息，稳赚不赔。\n\n零风险高收益\n\n刚性\n\n兑付\n\n引用保本\n\n注：投资有风险\n\n文字保证收益继续。"
        );
        for w in ["稳赚不赔", "零风险高收益", "刚性", "兑付", "引用保本", "注：投资有风险", "保证收益"]
        {
            let i = d.text.find(w).unwrap();
            let shown = &src[d.source_start(i)..d.source_end(i + w.len())];
            assert_eq!(shown.replace("<b>", "").replace("</b>", ""), w);
        }
        let i = d.text.find("保本&保息").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "保本&保息".len())], "保本&amp;保息");
        // Lines and fine print as written.
        let i = d.source_start(d.text.find("引用").unwrap());
        assert_eq!(src[..i].matches('\n').count() + 1, 12);
        assert_eq!(d.fine_print.len(), 1);
        assert_eq!(d.text[d.fine_print[0].clone()].trim(), "注：投资有风险");
        assert_eq!(d.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).count(), 7);
        assert_eq!(d.comments.len(), 1, "the HTML comment is a comment once");
    }
}
