//! HTML via lol_html: visible text only (no script, style, template,
//! `hidden` elements or ones a style hides, text in the colour of what is
//! behind it, comments or attributes), entities decoded, block elements
//! separate paragraphs, h1–h6 become Heading blocks, tiny type and the
//! content of a collapsed `<details>` or a closed `<dialog>` fine print;
//! the document of an `<iframe srcdoc>` is read in place. Every piece of
//! copy text maps back to its bytes in the source.

use super::DocError;
use super::extract::Extract;
use crate::document::{BlockKind, Comment, Document, Format, Metadata};
use lol_html::html_content::TextType;
use lol_html::{HtmlRewriter, Settings, doc_comments, doc_text, element};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

#[derive(Debug)]
enum Ev {
    /// `fine`: set in tiny type by its style (fine print, like `<small>`);
    /// `collapsed`: a `<details>` without `open`, shut until clicked, or a
    /// `<dialog>` without `open`, shut until a script opens it; `paint`:
    /// the colours its style gives its text and what is behind it;
    /// `srcdoc`: where the value of an `<iframe>`'s `srcdoc` is.
    Start {
        name: String,
        hidden: bool,
        fine: bool,
        collapsed: bool,
        paint: Paint,
        srcdoc: Option<Range<usize>>,
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

/// Documents in `<iframe srcdoc>` may nest this deep (each level escapes the
/// one inside it again); deeper ones are not read.
const MAX_SRCDOC_DEPTH: usize = 4;

/// Elements whose text is struck out: shown crossed through, a retracted
/// word, so not copy (QA pass 8 item 12: `<del>不</del>保本` reads `保本`,
/// as the reader takes it). `<ins>` stays copy.
pub(super) const STRUCK: &[&str] = &["del", "s", "strike"];
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
    "dialog",
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

/// The events of a document, and the colour of the page behind them.
struct Parsed {
    events: Vec<Ev>,
    /// `None` when not known (a stylesheet not read may paint it).
    page: Option<Rgba>,
}

fn events(source: &str) -> Result<Parsed, DocError> {
    let evs = Rc::new(RefCell::new(Vec::new()));
    let (e1, e2, e3) = (evs.clone(), evs.clone(), evs.clone());
    let sheet = Stylesheet::of_page(source);
    let page = sheet.page_ground();
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |el| {
            let name = el.tag_name().to_ascii_lowercase();
            // Presentational attributes (`<font color>`, `bgcolor`) first:
            // any style rule overrides them. Then the page's own rules for
            // the element, then its inline style: the later declaration of
            // a property wins, as in the cascade (whose specificity is not
            // weighed).
            let mut style = presentational_hints(&name, |a| el.get_attribute(a));
            style.push_str(&sheet.declarations(&name, el.get_attribute("id"), el.get_attribute("class")));
            if let Some(inline) = el.get_attribute("style") {
                style.push(';');
                style.push_str(&inline);
            }
            let frame = name == "iframe";
            let hidden = el.has_attribute("hidden")
                || style_hides(&style)
                || style_strikes(&style)
                || (frame && frame_has_no_area(&style, |a| el.get_attribute(a)));
            let fine = style_is_tiny(&style);
            let collapsed = matches!(name.as_str(), "details" | "dialog") && !el.has_attribute("open");
            let paint = Paint::of(&style);
            let srcdoc = frame
                .then(|| el.attributes().iter().find(|a| a.name() == "srcdoc")?.value_source_location())
                .flatten()
                .map(|l| l.bytes());
            e1.borrow_mut().push(Ev::Start { name: name.clone(), hidden, fine, collapsed, paint, srcdoc });
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
    let events = std::mem::take(&mut *evs.borrow_mut());
    Ok(Parsed { events, page })
}

/// An `<iframe>` drawn with no area (`width="0"`, `height:0`), as tracking
/// frames are: its document is not seen.
fn frame_has_no_area(style: &str, attr: impl Fn(&str) -> Option<String>) -> bool {
    let [width, height] = final_values(style, &["width", "height"]);
    let zero = |v: Option<String>| v.as_deref().and_then(css_number).is_some_and(|n| n == 0.0);
    zero(attr("width")) || zero(attr("height")) || zero(width) || zero(height)
}

/// What the page's background is behind text that no element paints
/// behind: white, as a browser draws a page whose styles do not say
/// otherwise, or not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backdrop {
    /// An HTML page, or HTML in Markdown (read by the same rules, QA pass
    /// 15 item 9): white unless its own styles paint it, and not known when
    /// a stylesheet that is not read may.
    Page,
}

/// The page, and whether it shows any text outside its `<title>`.
pub fn load(name: &str, source: String, metadata: Metadata) -> Result<(Document, bool), DocError> {
    let mut x = Extract::new(&source, true);
    let mut comments = Vec::new();
    let whole = 0..source.len();
    let body_text =
        visible_text(&mut x, &source, std::slice::from_ref(&whole), Some(&mut comments), Backdrop::Page)?
            .body_text;
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Html, source, (text, map, blocks), metadata, comments);
    doc.fine_print = fine_print;
    Ok((doc, body_text))
}

/// HTML being read, made of pieces of the source: the whole of a page, the
/// lines of an HTML block in Markdown without their list or quote
/// prefixes, or the value of a `srcdoc` attribute with its character
/// references decoded (the document of an `<iframe>`).
struct View<'s> {
    html: Cow<'s, str>,
    parts: Vec<Part>,
}

/// A stretch of a [`View`]'s HTML and the source bytes it comes from:
/// copied from them (`verbatim`), or decoded from them (a character
/// reference in an attribute).
#[derive(Debug, Clone)]
struct Part {
    at: usize,
    len: usize,
    src: Range<usize>,
    verbatim: bool,
}

impl<'s> View<'s> {
    fn of_pieces(source: &'s str, pieces: &[Range<usize>]) -> View<'s> {
        let mut at = 0;
        let mut parts = Vec::with_capacity(pieces.len());
        for r in pieces {
            if source.get(r.clone()).is_some() && !r.is_empty() {
                parts.push(Part { at, len: r.len(), src: r.clone(), verbatim: true });
                at += r.len();
            }
        }
        let html = match parts.as_slice() {
            [one] => Cow::Borrowed(&source[one.src.clone()]),
            _ => Cow::Owned(parts.iter().map(|p| &source[p.src.clone()]).collect()),
        };
        View { html, parts }
    }

    /// The document of a `srcdoc` attribute whose raw value is `raw` of
    /// this view: its character references decoded, as the browser does
    /// before it reads the value as HTML.
    fn of_attribute(&self, raw: Range<usize>) -> View<'static> {
        let mut html = String::new();
        let mut parts = Vec::new();
        let Some(value) = self.html.get(raw.clone()) else { return View { html: Cow::Owned(html), parts } };
        let mut push = |html: &mut String, inner: Range<usize>, decoded: Option<&str>| {
            let range = raw.start + inner.start..raw.start + inner.end;
            match decoded {
                // One reference: its source is all of it, whatever parts of
                // this view it spans.
                Some(decoded) => {
                    if let Some(src) = self.source_span(range) {
                        parts.push(Part { at: html.len(), len: decoded.len(), src, verbatim: false });
                        html.push_str(decoded);
                    }
                }
                None => {
                    for (piece, src, verbatim) in self.to_source(range) {
                        let shown = &self.html[piece];
                        parts.push(Part { at: html.len(), len: shown.len(), src, verbatim });
                        html.push_str(shown);
                    }
                }
            }
        };
        let mut plain = 0;
        let mut pos = 0;
        while let Some(amp) = value[pos..].find('&') {
            let at = pos + amp;
            match entity(&value[at..]) {
                Some((len, decoded)) => {
                    if plain < at {
                        push(&mut html, plain..at, None);
                    }
                    push(&mut html, at..at + len, Some(&decoded));
                    pos = at + len;
                    plain = pos;
                }
                None => pos = at + 1,
            }
        }
        if plain < value.len() {
            push(&mut html, plain..value.len(), None);
        }
        View { html: Cow::Owned(html), parts }
    }

    /// The stretches of the view's HTML in `range`, each with the source
    /// bytes it comes from and whether it is copied from them. A decoded
    /// stretch is given whole with all of its source.
    fn to_source(&self, range: Range<usize>) -> Vec<(Range<usize>, Range<usize>, bool)> {
        let first = self.parts.partition_point(|p| p.at + p.len <= range.start);
        self.parts[first..]
            .iter()
            .take_while(|p| p.at < range.end)
            .filter_map(|p| {
                if !p.verbatim {
                    return Some((p.at..p.at + p.len, p.src.clone(), false));
                }
                let from = range.start.max(p.at);
                let to = range.end.min(p.at + p.len);
                (from < to).then(|| (from..to, p.src.start + (from - p.at)..p.src.start + (to - p.at), true))
            })
            .collect()
    }

    /// All the source bytes of `range` of the view, as one range.
    fn source_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        let pieces = self.to_source(range);
        Some(pieces.first()?.1.start..pieces.last()?.1.end)
    }

    /// Feeds `range` of the view to the extractor, as it is or with its
    /// character references decoded.
    fn feed(&self, x: &mut Extract, range: Range<usize>, decode: bool) {
        let Some(s) = self.html.get(range.clone()) else { return };
        let mut plain = 0;
        let mut pos = 0;
        while decode && let Some(amp) = s[pos..].find('&') {
            let at = pos + amp;
            match entity(&s[at..]) {
                Some((len, decoded)) => {
                    self.copy(x, range.start + plain..range.start + at);
                    if let Some(src) = self.source_span(range.start + at..range.start + at + len) {
                        x.replaced(src, &decoded);
                    }
                    pos = at + len;
                    plain = pos;
                }
                None => pos = at + 1,
            }
        }
        self.copy(x, range.start + plain..range.end);
    }

    /// `range` of the view shown as it is written.
    fn copy(&self, x: &mut Extract, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        for (piece, src, verbatim) in self.to_source(range) {
            if verbatim {
                x.verbatim(src);
            } else {
                x.replaced(src, &self.html[piece]);
            }
        }
    }
}

/// Feeds the visible text of the HTML made of `pieces` of `source`, read as
/// one (the whole of an HTML page, or the lines of an HTML block in Markdown
/// without their list or quote prefixes), to `x`, with positions in `source`:
/// block elements are paragraphs, `h1`–`h6` headings, `small`/`sub` and
/// the content of a collapsed `<details>` or closed `<dialog>` fine print;
/// hidden elements, text in the colour of what is behind it (against
/// `backdrop`), script, style and the like are skipped. Comments are added
/// to `comments` if given. Returns whether any text was shown outside a
/// `<title>` (a poster page whose only words are its title has nothing on
/// the page itself to check), and the collapsed `<details>` left open.
pub(super) fn visible_text(
    x: &mut Extract,
    source: &str,
    pieces: &[Range<usize>],
    comments: Option<&mut Vec<Comment>>,
    backdrop: Backdrop,
) -> Result<Shown, DocError> {
    let view = View::of_pieces(source, pieces);
    read(x, &view, comments, backdrop, 0)
}

/// [`visible_text`] of a view; `depth` counts the `<iframe srcdoc>`
/// documents it is inside.
fn read(
    x: &mut Extract,
    view: &View,
    mut comments: Option<&mut Vec<Comment>>,
    backdrop: Backdrop,
    depth: usize,
) -> Result<Shown, DocError> {
    let parsed = events(&view.html)?;
    // The page behind everything: a page's own styles may paint it; in
    // Markdown, the site showing it does.
    let page = match backdrop {
        Backdrop::Page => parsed.page,
    };
    let mut shades = Shades::new(page);
    // Open elements whose content is not shown, by name (innermost last).
    let mut skipping: Stack<()> = Stack::default();
    let mut pending_text: Option<(Range<usize>, bool)> = None;
    let mut in_title = 0usize;
    let mut body_text = false;
    let mut details = DetailsTracker::default();
    // Whether it wrote text: whitespace alone only waits in `x` for more.
    let flush = |x: &mut Extract, pending: &mut Option<(Range<usize>, bool)>| -> bool {
        let before = x.text.len();
        if let Some((range, decode)) = pending.take() {
            view.feed(x, range, decode);
        }
        x.text.len() > before
    };
    for ev in parsed.events {
        match ev {
            Ev::Text { range, decode } => {
                // Text in the colour of what is behind it is not seen.
                if !skipping.is_empty() || shades.unseen() {
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
            Ev::Start { name, hidden, fine, collapsed, paint, srcdoc } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
                // The title of a framed document is shown nowhere.
                let untitled = depth > 0 && name == "title";
                if hidden
                    || SKIPPED.contains(&name.as_str())
                    || STRUCK.contains(&name.as_str())
                    || untitled
                    || !skipping.is_empty()
                {
                    // The document an `<iframe srcdoc>` shows, in place (its
                    // own content is fallback text no browser shows).
                    if let Some(raw) = srcdoc.filter(|_| !hidden && skipping.is_empty())
                        && depth < MAX_SRCDOC_DEPTH
                    {
                        let inner = view.of_attribute(raw);
                        x.begin(BlockKind::Paragraph);
                        let shown = read(x, &inner, comments.as_deref_mut(), Backdrop::Page, depth + 1)?;
                        // What the framed document leaves open ends with it.
                        for _ in 0..shown.open_details {
                            x.end_fine_print();
                        }
                        x.end();
                        body_text |= shown.body_text;
                    }
                    // Void elements never end: only track those with content.
                    if !is_void(&name) {
                        skipping.push(name, ());
                    }
                    continue;
                }
                if name == "title" {
                    in_title += 1;
                    // The title is in the browser's tab, not on the page: a
                    // warning only there is not prominent (QA pass 15 item
                    // 16). Its words are still copy, for prohibited wording.
                    x.begin_fine_print();
                }
                shades.open(&name, &paint);
                details.start(&name, x);
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
                details.started(&name, collapsed, x);
            }
            Ev::End { name, fine } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
                if !skipping.is_empty() {
                    if let Some(i) = skipping.find(&name) {
                        skipping.truncate(i);
                    }
                    continue;
                }
                shades.close(&name);
                details.end(&name, x);
                if fine || matches!(name.as_str(), "small" | "sub") {
                    x.end_fine_print();
                }
                if heading_level(&name).is_some() || BLOCKS.contains(&name.as_str()) {
                    x.end();
                }
                details.ended(&name, x);
                if name == "title" && in_title > 0 {
                    in_title -= 1;
                    x.end_fine_print();
                }
            }
            Ev::Comment { range, text } => {
                body_text |= flush(x, &mut pending_text) && in_title == 0;
                if let Some(comments) = comments.as_deref_mut()
                    && let Some(range) = view.source_span(range)
                {
                    comments.push(Comment { text: text.trim().to_string(), range });
                }
            }
        }
    }
    body_text |= flush(x, &mut pending_text) && in_title == 0;
    Ok(Shown { body_text, open_details: details.still_open() })
}

/// What [`visible_text`] found besides the text.
pub(super) struct Shown {
    /// Whether any text was shown outside a `<title>`.
    pub body_text: bool,
    /// Collapsed `<details>` elements left open at the end, whose content
    /// [`Extract`] still takes as fine print: in Markdown, the text after
    /// an HTML block `<details><summary>…</summary>` is their content up to
    /// a later `</details>`.
    pub open_details: usize,
}

/// The open `<details>` elements of a page, so that the content of a
/// collapsed one (no `open` attribute) is fine print: the reader sees only
/// its label, the first `<summary>` in it, until clicking it, so a warning
/// inside is there but not prominent. Its content that is not the label
/// is fine print up to `</details>`, or to the end tag of an element around
/// it, which closes it too. A `<dialog>` without `open` is read the same
/// way, with no label: browsers do not draw it until a script opens it
/// (a pop-up), so a warning there is on the page but not prominent.
#[derive(Debug, Default)]
struct DetailsTracker {
    /// The names of the open (shown) elements, innermost last.
    open: Stack<()>,
    /// Open `<details>`, innermost last.
    details: Vec<Details>,
}

/// A `<details>` element being read.
#[derive(Debug)]
struct Details {
    /// Its place in [`DetailsTracker::open`].
    depth: usize,
    /// Shut (no `open` attribute): only the label shows until clicked.
    collapsed: bool,
    label: Label,
}

/// Open elements by name, innermost last, with a count of each name, so
/// that an end tag or an implied end looking for an element that is not
/// open answers at once instead of walking the whole stack: 40,000
/// unclosed `<div>` took time quadratic in their number (QA pass 15 item
/// 18). A search for an open element stops at the nearest one and cuts the
/// stack there, so each element is passed over once.
#[derive(Debug)]
struct Stack<T> {
    items: Vec<(String, T)>,
    counts: HashMap<String, usize>,
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Stack { items: Vec::new(), counts: HashMap::new() }
    }
}

impl<T> Stack<T> {
    fn push(&mut self, name: String, value: T) {
        *self.counts.entry(name.clone()).or_default() += 1;
        self.items.push((name, value));
    }

    fn is_open(&self, name: &str) -> bool {
        self.counts.get(name).is_some_and(|n| *n > 0)
    }

    /// Where the innermost open `name` is.
    fn find(&self, name: &str) -> Option<usize> {
        if !self.is_open(name) {
            return None;
        }
        self.items.iter().rposition(|(n, _)| n == name)
    }

    /// Closes the element at `at` and every one inside it.
    fn truncate(&mut self, at: usize) {
        for (name, _) in self.items.drain(at.min(self.items.len())..) {
            if let Some(n) = self.counts.get_mut(&name) {
                *n -= 1;
            }
        }
    }

    fn clear(&mut self) {
        self.items.clear();
        self.counts.clear();
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn last(&self) -> Option<&(String, T)> {
        self.items.last()
    }
}

/// Where a `<details>` element's label, its first `<summary>`, is.
#[derive(Debug, PartialEq)]
enum Label {
    NotSeen,
    Open,
    Done,
}

impl DetailsTracker {
    /// Before a shown element starts its block: the label of a collapsed
    /// `<details>` is not fine print.
    fn start(&mut self, name: &str, x: &mut Extract) {
        if name == "summary"
            && let Some(d) = self.details.last_mut()
            && d.label == Label::NotSeen
            && d.depth + 1 == self.open.len()
        {
            d.label = Label::Open;
            if d.collapsed {
                x.end_fine_print();
            }
        }
    }

    /// After a shown element started its block.
    fn started(&mut self, name: &str, collapsed: bool, x: &mut Extract) {
        if is_void(name) {
            return;
        }
        if matches!(name, "details" | "dialog") {
            // A dialog has no label: shut, all of it is out of sight.
            let label = if name == "dialog" { Label::Done } else { Label::NotSeen };
            self.details.push(Details { depth: self.open.len(), collapsed, label });
            if collapsed {
                x.begin_fine_print();
            }
        }
        self.open.push(name.to_string(), ());
    }

    /// Before a shown element's end tag closes its block: the `<details>`
    /// it closes (itself, or ones inside it left open) end.
    fn end(&mut self, name: &str, x: &mut Extract) {
        let Some(at) = self.open.find(name) else { return };
        self.open.truncate(at);
        while let Some(d) = self.details.pop_if(|d| d.depth >= at) {
            if d.collapsed && d.label != Label::Open {
                x.end_fine_print();
            }
        }
    }

    /// After a shown element's end tag: the content after a collapsed
    /// `<details>`' label is fine print again.
    fn ended(&mut self, name: &str, x: &mut Extract) {
        if name == "summary"
            && let Some(d) = self.details.last_mut()
            && d.label == Label::Open
            && d.depth + 1 == self.open.len()
        {
            d.label = Label::Done;
            if d.collapsed {
                x.begin_fine_print();
            }
        }
    }

    /// How many collapsed `<details>` are open with their content's fine
    /// print begun.
    fn still_open(&self) -> usize {
        self.details.iter().filter(|d| d.collapsed && d.label != Label::Open).count()
    }
}

/// The rules of a page's `<style>` elements, for simple selectors: `.legal`,
/// `p.note`, `#fine`, `small`, and the last part of a longer one (`footer
/// .legal` is read as `.legal`, its ancestors not checked). Selectors with
/// pseudo-classes or attributes, rules inside `@media` blocks for some
/// screens only or for print, and inside other block at-rules, are left
/// out: a rule that applies only on some screens, or on paper, must not hide
/// what the others show (`@media screen` and `@media all` hold on every
/// screen and are read). Stylesheets in other files, and `<style>` elements
/// for print only, are not read.
#[derive(Debug, Default)]
struct Stylesheet {
    rules: Vec<(Compound, String)>,
    /// A background may be painted by what is not read: a stylesheet in
    /// another file (`<link rel="stylesheet">`, `@import`), or a rule left
    /// out that sets one. The page's colours are then not known.
    paint_unknown: bool,
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
            let tag_start = at + open;
            let Some(body) = lower[tag_start..].find('>').map(|g| tag_start + g + 1) else { break };
            let end = lower[body..].find("</style").map_or(html.len(), |e| body + e);
            // `<style media="print">` is the print stylesheet: what it
            // hides is still on the screen.
            let media = super::markdown::attribute(&html[tag_start + "<style".len()..body], "media");
            if media.is_none_or(|m| media_on_every_screen(&m)) {
                sheet.add_css(&html[body..end]);
            }
            at = end;
        }
        let mut at = 0;
        while let Some(open) = lower[at..].find("<link") {
            let tag_start = at + open + "<link".len();
            let tag_end = lower[tag_start..].find('>').map_or(lower.len(), |e| tag_start + e);
            let rel = super::markdown::attribute(&lower[tag_start..tag_end], "rel");
            sheet.paint_unknown |= rel.is_some_and(|r| r.split_whitespace().any(|w| w == "stylesheet"));
            at = tag_end;
        }
        sheet
    }

    /// The colour of the page behind all its elements: white, as browsers
    /// draw it, unless rules for `html` or `body` paint it; `None` when that
    /// is not known.
    fn page_ground(&self) -> Option<Rgba> {
        if self.paint_unknown {
            return None;
        }
        let mut ground = Some(WHITE);
        for tag in ["html", "body"] {
            match Paint::of(&self.declarations(tag, None, None)).ground {
                Ground::Clear => {}
                Ground::Color(c) => ground = Some(c),
                Ground::Unknown => ground = None,
            }
        }
        ground
    }

    fn add_css(&mut self, css: &str) {
        let mut css = css.to_string();
        while let Some(start) = css.find("/*") {
            let end = css[start + 2..].find("*/").map_or(css.len(), |e| start + 2 + e + 2);
            css.replace_range(start..end, " ");
        }
        self.paint_unknown |= css.to_ascii_lowercase().contains("@import");
        self.add_rules(&css);
    }

    /// The rules of `css` (comments removed), and of the `@media` blocks in
    /// it that hold on every screen.
    fn add_rules(&mut self, css: &str) {
        let mut at = 0;
        while let Some(open) = css[at..].find('{').map(|o| at + o) {
            let head = css[at..open].trim();
            // A statement at-rule (`@import …;`) before the next rule.
            let head = match head.rfind(';') {
                Some(semi) if head.starts_with('@') => head[semi + 1..].trim(),
                _ => head,
            };
            if head.starts_with('@') {
                // A block at-rule: `@media` whose query every screen meets
                // (`screen`, `all`, `not print`) is read as if its rules
                // were at the top; `@media print`, one for some screens
                // only (`(max-width: 600px)`), and any other block at-rule
                // (`@supports`, `@layer`, `@font-face`) are skipped whole.
                let mut depth = 0usize;
                // Where the block's content ends, and after its `}`.
                let (mut inner_end, mut end) = (css.len(), css.len());
                for (i, c) in css[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                (inner_end, end) = (open + i, open + i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let lower = head.to_ascii_lowercase();
                if let Some(query) = lower.strip_prefix("@media")
                    && query.starts_with(|c: char| c.is_whitespace() || c == '(')
                    && media_on_every_screen(query)
                {
                    self.add_rules(&css[open + 1..inner_end]);
                } else if !lower.starts_with("@media print") && !lower.starts_with("@font-face") {
                    // A background for some screens (a dark theme) shows
                    // white text there.
                    self.paint_unknown |= paints_background(&css[open + 1..inner_end]);
                }
                at = end;
                continue;
            }
            let close = css[open..].find('}').map_or(css.len(), |c| open + c);
            let declarations = &css[open + 1..close];
            for selector in head.split(',') {
                match Compound::parse(selector.trim()) {
                    Some(compound) => self.rules.push((compound, declarations.to_string())),
                    // A background while hovered or focused, or of a
                    // `::before` box, is not what the text normally sits on.
                    None if transient(selector) => {}
                    None => self.paint_unknown |= paints_background(declarations),
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

/// Whether a media query list (`<style media>`, `@media`) holds on every
/// screen, whatever its size: then its rules hide or show text as rules at
/// the top of the stylesheet do. One query of the list suffices: with no
/// media type or `all`, `screen` (`only` allowed) and no condition but
/// `(min-width: 0)` or `(min-height: 0)`; or `not` a type that is no screen
/// (`not print`). Any other condition holds on some screens only (a narrow
/// one, a dark theme, a printout), and the text it hides is still seen on
/// the others, so it does not hide it; a query not understood neither.
fn media_on_every_screen(list: &str) -> bool {
    let list = list.trim().to_ascii_lowercase();
    if list.is_empty() {
        return true;
    }
    list.split(',').any(|query| {
        let mut words = query.split_whitespace().peekable();
        let negated = words.next_if_eq(&"not").is_some();
        if !negated {
            words.next_if_eq(&"only");
        }
        let rest: Vec<&str> = words.collect();
        let rest = rest.join(" ");
        let (media_type, conditions) = match rest.strip_prefix('(') {
            Some(_) => (None, rest.as_str()),
            None => {
                let (t, c) = rest.split_once(' ').unwrap_or((rest.as_str(), ""));
                let c = c.trim_start();
                let c = match c.strip_prefix("and") {
                    Some(after) if after.starts_with([' ', '(']) => after.trim_start(),
                    _ if c.is_empty() => c,
                    _ => return false,
                };
                (Some(t), c)
            }
        };
        if negated {
            return media_type.is_some_and(|t| matches!(t, "print" | "speech"));
        }
        media_type.is_none_or(|t| matches!(t, "all" | "screen")) && conditions_always_hold(conditions)
    })
}

/// Whether media conditions joined by `and` hold on every screen: only a
/// minimum width or height of zero does (an empty list holds).
fn conditions_always_hold(conditions: &str) -> bool {
    let conditions = conditions.trim();
    if conditions.is_empty() {
        return true;
    }
    conditions.split(" and ").all(|c| {
        let Some(inner) = c.trim().strip_prefix('(').and_then(|c| c.strip_suffix(')')) else { return false };
        let Some((name, value)) = inner.split_once(':') else { return false };
        matches!(name.trim(), "min-width" | "min-height" | "min-device-width" | "min-device-height")
            && css_number(value).is_some_and(|n| n == 0.0)
    })
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

/// Whether a style strikes its text through (`text-decoration` or
/// `text-decoration-line` with `line-through`), as `<del>` does: struck
/// text is not copy.
pub(super) fn style_strikes(style: &str) -> bool {
    let [decoration, line] = final_values(style, &["text-decoration", "text-decoration-line"]);
    [decoration, line].iter().flatten().any(|v| v.split_whitespace().any(|w| w == "line-through"))
}

/// The properties [`style_hides`] reads, in the order of its slots.
const HIDING_PROPS: [&str; 19] = [
    "display",
    "visibility",
    "font-size",
    "opacity",
    "color",
    "background",
    "background-color",
    "position",
    "left",
    "top",
    "height",
    "max-height",
    "overflow",
    "overflow-y",
    "transform",
    "clip",
    "clip-path",
    "text-indent",
    "-webkit-text-fill-color",
];

/// Whether a style hides its element from the reader, the last declaration
/// of each property winning unless an earlier one is `!important`. Text the
/// reader cannot see cannot satisfy a required warning, however it is
/// hidden, so the usual ways of hiding text in CSS all count (QA pass 8
/// item 6):
///
/// - `display: none`, `visibility: hidden` (or `collapse`);
/// - a zero size: `font-size: 0`, `transform: scale(0)`, `height: 0` or
///   `max-height: 0` with `overflow: hidden` (or `clip`);
/// - no ink: `opacity: 0`, a transparent `color`, or a `color` the same as
///   the element's own `background`/`background-color` (white on white);
/// - out of sight: `position: absolute` or `fixed` with `left` or `top` at
///   -1000px or less, `text-indent` at -1000px or less;
/// - clipped away: `clip: rect(…)` of no area (`rect(0 0 0 0)`,
///   `rect(1px, 1px, 1px, 1px)`), `clip-path: inset(50%)` or more, or a
///   `circle(0)`.
///
/// Only what one element's own declarations say is weighed: a colour equal
/// to a background set on an ancestor is not seen (the page's colours are
/// not computed), so such text stays copy.
pub(super) fn style_hides(style: &str) -> bool {
    let [
        display,
        visibility,
        font_size,
        opacity,
        color,
        background,
        background_color,
        position,
        left,
        top,
        height,
        max_height,
        overflow,
        overflow_y,
        transform,
        clip,
        clip_path,
        text_indent,
        fill,
    ] = final_values(style, &HIDING_PROPS);
    let zero = |v: &Option<String>| v.as_deref().and_then(css_number).is_some_and(|n| n == 0.0);
    // `opacity: 0.02` leaves nothing a reader sees (QA pass 15 item 16).
    let faint = |v: &Option<String>| {
        v.as_deref().is_some_and(|v| {
            let scale = if v.trim_end().ends_with('%') { 100.0 } else { 1.0 };
            css_number(v).is_some_and(|n| n / scale <= FAINT_OPACITY)
        })
    };
    let far_off = |v: &Option<String>| v.as_deref().and_then(css_px).is_some_and(|n| n <= -1000.0);
    let clipped_overflow = [&overflow, &overflow_y]
        .iter()
        .any(|o| o.as_deref().is_some_and(|o| o.split_whitespace().any(|w| matches!(w, "hidden" | "clip"))));
    // The text's colour: `-webkit-text-fill-color` paints over `color`.
    let ink = fill.as_deref().or(color.as_deref()).and_then(css_color);
    let ground = background_color
        .as_deref()
        .and_then(css_color)
        .or_else(|| background.as_deref().and_then(|b| css_words(b).into_iter().find_map(css_color)));
    display.as_deref() == Some("none")
        || matches!(visibility.as_deref(), Some("hidden" | "collapse"))
        || zero(&font_size)
        || faint(&opacity)
        || ink.is_some_and(|c| c[3] == 0)
        || matches!((ink, ground), (Some(c), Some(g)) if g[3] == 255 && unseen_on(c, g))
        || (matches!(position.as_deref(), Some("absolute" | "fixed")) && (far_off(&left) || far_off(&top)))
        || far_off(&text_indent)
        || ((zero(&height) || zero(&max_height)) && clipped_overflow)
        || transform.as_deref().is_some_and(scales_to_nothing)
        || clip.as_deref().is_some_and(clips_everything)
        || clip_path.as_deref().is_some_and(clip_path_hides)
}

/// An opacity at or under this leaves text unseen (`opacity: 0.02`); it is
/// a percentage when written with `%` (`opacity: 5%`).
const FAINT_OPACITY: f64 = 0.05;

/// Whether text of colour `ink` (its alpha laid over `ground`) cannot be
/// told from the opaque `ground`: the same colour, or one a step or two off
/// it (`#fefefe` on white, `#010101` on black, `#ffffffee` on white).
fn unseen_on(ink: Rgba, ground: Rgba) -> bool {
    let a = f64::from(ink[3]) / 255.0;
    let mix = |i: usize| (f64::from(ink[i]) * a + f64::from(ground[i]) * (1.0 - a)).round() as u8;
    ink == ground || super::indistinguishable([mix(0), mix(1), mix(2)], [ground[0], ground[1], ground[2]])
}

/// A colour as red, green, blue and alpha.
type Rgba = [u8; 4];

const WHITE: Rgba = [255, 255, 255, 255];

/// What is behind an element's text by its own style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Ground {
    /// Nothing painted: what is behind the element shows through.
    #[default]
    Clear,
    /// An opaque colour.
    Color(Rgba),
    /// A picture, a gradient, a colour that lets what is behind show
    /// through, one not understood (`var(--bg)`), or a box placed over
    /// whatever is there (`position: absolute`): not known.
    Unknown,
}

/// The colours an element's own style gives its text and what is behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Paint {
    /// The text's colour: `None` when the style does not set it (it is
    /// inherited), `Some(None)` when it is set to one not known.
    ink: Option<Option<Rgba>>,
    ground: Ground,
    /// A text shadow or stroke draws the letters in another colour too.
    outlined: bool,
}

/// The properties [`Paint::of`] reads, in the order of its slots.
const PAINT_PROPS: [&str; 8] = [
    "color",
    "-webkit-text-fill-color",
    "background",
    "background-color",
    "background-image",
    "position",
    "text-shadow",
    "-webkit-text-stroke",
];

impl Paint {
    fn of(style: &str) -> Paint {
        if style.is_empty() {
            return Paint::default();
        }
        let [color, fill, background, background_color, image, position, shadow, stroke] =
            final_values(style, &PAINT_PROPS);
        let ink = fill.or(color).and_then(|v| match v.as_str() {
            "inherit" | "unset" => None,
            // A colour that lets the background show through is compared
            // as laid over it ([`unseen_on`]); a transparent one hides the
            // text (`style_hides`).
            v => Some(css_color(v).filter(|c| c[3] > 0)),
        });
        let painted = |v: &str| match v {
            "none" | "transparent" | "inherit" | "initial" | "unset" => Ground::Clear,
            v => match css_color(v) {
                Some(c) if c[3] == 0 => Ground::Clear,
                Some(c) if c[3] == 255 => Ground::Color(c),
                _ => Ground::Unknown,
            },
        };
        let picture = |v: &str| v.contains("url(") || v.contains("gradient(") || v.contains("image(");
        let mut ground = match (&background_color, &background) {
            (Some(c), _) => painted(c),
            (None, Some(b)) => {
                let words = css_words(b);
                match words.iter().find(|w| css_color(w).is_some()) {
                    Some(w) => painted(w),
                    None if words.iter().all(|w| painted(w) == Ground::Clear) => Ground::Clear,
                    None => Ground::Unknown,
                }
            }
            (None, None) => Ground::Clear,
        };
        if background.as_deref().is_some_and(picture) || image.as_deref().is_some_and(|i| i != "none") {
            ground = Ground::Unknown;
        }
        if ground == Ground::Clear && matches!(position.as_deref(), Some("absolute" | "fixed" | "sticky")) {
            ground = Ground::Unknown;
        }
        let outlined = shadow.is_some_and(|v| v != "none")
            || stroke.is_some_and(|v| css_words(&v).first().and_then(|w| css_px(w)).is_some_and(|w| w > 0.0));
        Paint { ink, ground, outlined }
    }
}

/// The colours in effect inside an element, as inherited.
#[derive(Debug, Clone, Copy)]
struct Shade {
    /// `None`: not known.
    ink: Option<Rgba>,
    /// `None`: not known.
    ground: Option<Rgba>,
    outlined: bool,
}

/// The colours in effect in the shown elements open at a point of the page,
/// so that text in the colour of what is behind it is known to be unseen:
/// white text with nothing painted behind it on a white page (QA pass 13
/// item 2), where the element itself or any around it may paint. The
/// elements' end tags that HTML leaves out (`<p>` before a block, `<li>`
/// before the next) are supplied, so that a colour does not run on into
/// the elements after its own.
#[derive(Debug)]
struct Shades {
    page: Shade,
    open: Stack<Shade>,
}

/// Start tags that close an open `<p>`, as a browser's parser does.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

impl Shades {
    fn new(page: Option<Rgba>) -> Shades {
        Shades {
            page: Shade { ink: Some([0, 0, 0, 255]), ground: page, outlined: false },
            open: Stack::default(),
        }
    }

    fn current(&self) -> Shade {
        self.open.last().map_or(self.page, |(_, s)| *s)
    }

    /// Whether text here is in the colour of what is behind it.
    fn unseen(&self) -> bool {
        let s = self.current();
        !s.outlined && matches!((s.ink, s.ground), (Some(i), Some(g)) if unseen_on(i, g))
    }

    fn open(&mut self, name: &str, paint: &Paint) {
        // The element an end tag left out would end, and where to stop
        // looking for it.
        let implied: Option<(&[&str], &[&str])> = match name {
            n if CLOSES_P.contains(&n) => Some((&["p"], &["button", "table", "td", "th", "caption"])),
            "li" => Some((&["li"], &["ul", "ol", "menu", "table"])),
            "dt" | "dd" => Some((&["dt", "dd"], &["dl", "table"])),
            "tr" => Some((&["tr"], &["table", "tbody", "thead", "tfoot"])),
            "td" | "th" => Some((&["td", "th"], &["tr", "table"])),
            "tbody" | "thead" | "tfoot" => Some((&["tbody", "thead", "tfoot"], &["table"])),
            "option" => Some((&["option"], &["select", "datalist"])),
            _ => None,
        };
        if let Some((ends, stops)) = implied
            && ends.iter().any(|e| self.open.is_open(e))
            && let Some(at) = self
                .open
                .items
                .iter()
                .rposition(|(n, _)| ends.contains(&n.as_str()) || stops.contains(&n.as_str()))
            && ends.contains(&self.open.items[at].0.as_str())
        {
            self.open.truncate(at);
        }
        if is_void(name) {
            return;
        }
        let outer = self.current();
        let shade = Shade {
            ink: paint.ink.unwrap_or(outer.ink),
            ground: match paint.ground {
                Ground::Clear => outer.ground,
                Ground::Color(c) => Some(c),
                Ground::Unknown => None,
            },
            outlined: outer.outlined || paint.outlined,
        };
        self.open.push(name.to_string(), shade);
    }

    fn close(&mut self, name: &str) {
        if let Some(at) = self.open.find(name) {
            self.open.truncate(at);
        }
    }
}

/// The colours of inline HTML open in a Markdown paragraph, read as on a
/// page: white unless an element paints behind its text (QA pass 15 item 9:
/// `<span style="color:#fff">` and `<font color="white">` in Markdown are
/// unseen, as in an `.html` page).
#[derive(Debug)]
pub(super) struct InlineShades(Shades);

impl Default for InlineShades {
    fn default() -> Self {
        InlineShades(Shades::new(Some(WHITE)))
    }
}

impl InlineShades {
    /// Opens element `name` with its inline `style` (presentational hints
    /// included); whether its text is in the colour of what is behind it.
    pub(super) fn open(&mut self, name: &str, style: &str) -> bool {
        self.0.open(name, &Paint::of(style));
        self.0.unseen()
    }

    pub(super) fn close(&mut self, name: &str) {
        self.0.close(name);
    }

    /// Ends every element (the paragraph ended).
    pub(super) fn clear(&mut self) {
        self.0.open.clear();
    }
}

/// Whether CSS declarations paint a background.
fn paints_background(declarations: &str) -> bool {
    declarations.split(';').any(|d| {
        d.split_once(':').is_some_and(|(prop, value)| {
            prop.trim().to_ascii_lowercase().starts_with("background")
                && !matches!(
                    value.trim().to_ascii_lowercase().as_str(),
                    "none" | "transparent" | "inherit" | "initial" | "unset" | ""
                )
        })
    })
}

/// A selector for a passing state (`:hover`, `:focus`) or a generated box
/// (`::before`): what it paints is not behind the text as it is read.
fn transient(selector: &str) -> bool {
    let s = selector.to_ascii_lowercase();
    ["::", ":hover", ":focus", ":active", ":visited", ":before", ":after", ":target"]
        .iter()
        .any(|p| s.contains(p))
}

/// The style HTML's presentational attributes stand for, which any style
/// rule overrides: `<font color size>` and `<body text>`, `bgcolor` and
/// `background` on any element, and the colours browsers give links,
/// `<mark>` and form controls (QA pass 13 items 2 and 12: old CMS templates
/// and pages exported from WeChat or Word colour and size text this way).
pub(super) fn presentational_hints(name: &str, attr: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut put = |prop: &str, value: &str| {
        out.push_str(prop);
        out.push(':');
        out.push_str(value);
        out.push(';');
    };
    match name {
        "font" => {
            if let Some(color) = attr("color") {
                put("color", &legacy_color(&color));
            }
            if let Some(size) = attr("size").and_then(|s| font_size_keyword(&s)) {
                put("font-size", size);
            }
        }
        "body" => {
            if let Some(color) = attr("text") {
                put("color", &legacy_color(&color));
            }
        }
        // Not colours this reader knows: never the same as the background.
        "a" if attr("href").is_some() => put("color", "-ua-link"),
        "mark" => put("background-color", "yellow"),
        "button" | "input" | "select" | "textarea" => put("background-color", "-ua-field"),
        _ => {}
    }
    if let Some(color) = attr("bgcolor") {
        put("background-color", &legacy_color(&color));
    }
    if attr("background").is_some_and(|b| !b.trim().is_empty()) {
        put("background-image", "url(picture)");
    }
    out
}

/// A colour attribute as CSS: `white`, `#FFFFFF`, and `FFFFFF` without its
/// `#`, as old pages write it and browsers read it.
fn legacy_color(value: &str) -> String {
    let v = value.trim().to_ascii_lowercase();
    if css_color(&v).is_none() && matches!(v.len(), 3 | 6) && v.chars().all(|c| c.is_ascii_hexdigit()) {
        return format!("#{v}");
    }
    v
}

/// The CSS size of `<font size>`: 1–7 (`x-small` … `xxx-large`), or
/// relative to 3 (`-2` is 1), as browsers map it. `small` (2) is 13px and
/// not tiny; `x-small` (1) is fine print, like `font-size: x-small`.
fn font_size_keyword(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let (sign, digits) = match v.strip_prefix('+') {
        Some(rest) => (1, rest),
        None => match v.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (0, v),
        },
    };
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.get(..digits.len().min(3))?.parse().ok()?;
    let size = if sign == 0 { n } else { 3 + sign * n };
    Some(match size.clamp(1, 7) {
        1 => "x-small",
        2 => "small",
        3 => "medium",
        4 => "large",
        5 => "x-large",
        6 => "xx-large",
        _ => "xxx-large",
    })
}

/// The number a CSS value starts with (`0`, `-9999px`, `0.0em`, `50%`).
fn css_number(v: &str) -> Option<f64> {
    let v = v.trim();
    let end = v.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))).unwrap_or(v.len());
    v[..end].parse::<f64>().ok()
}

/// A CSS length in pixels, for the units that have one without layout
/// (`px`, `pt`, `pc`, `in`, `cm`, `mm`, and `em`/`rem` at 16px); `None`
/// for percentages, `auto` and the like.
fn css_px(v: &str) -> Option<f64> {
    let v = v.trim();
    let n = css_number(v)?;
    let unit = v.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    let scale = match unit.trim() {
        "px" => 1.0,
        "" if n == 0.0 => 1.0,
        "pt" => 4.0 / 3.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "em" | "rem" => 16.0,
        _ => return None,
    };
    Some(n * scale)
}

/// The words of a CSS value, a function call (`rgb(1, 2, 3)`) being one.
fn css_words(v: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, None);
    for (i, c) in v.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(&v[s..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(&v[s..]);
    }
    out
}

/// A CSS colour as RGBA (`#fff`, `#ffffffff`, `rgb(255 255 255)`,
/// `rgba(255,255,255,.5)`, a few names, `transparent`); `None` for others
/// (`hsl()`, `currentColor`, variables), which are then not compared.
fn css_color(v: &str) -> Option<Rgba> {
    let v = v.trim();
    if let Some(hex) = v.strip_prefix('#') {
        let digits: Vec<u8> =
            hex.chars().map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok())).collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] => Some([r * 17, g * 17, b * 17, 255]),
            [r, g, b, a] => Some([r * 17, g * 17, b * 17, a * 17]),
            [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2, 255]),
            [r1, r2, g1, g2, b1, b2, a1, a2] => {
                Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2, a1 * 16 + a2])
            }
            _ => None,
        };
    }
    if let Some(args) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")) {
        let args = args.strip_suffix(')')?;
        let parts: Vec<&str> = args
            .split(|c: char| c == ',' || c == '/' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        let channel = |p: &str| -> Option<u8> {
            let n = match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f64>().ok()? * 2.55,
                None => p.parse::<f64>().ok()?,
            };
            Some(n.round().clamp(0.0, 255.0) as u8)
        };
        let alpha = |p: &str| -> Option<u8> {
            let n = match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f64>().ok()? / 100.0,
                None => p.parse::<f64>().ok()?,
            };
            Some((n.clamp(0.0, 1.0) * 255.0).round() as u8)
        };
        return match parts.as_slice() {
            [r, g, b] => Some([channel(r)?, channel(g)?, channel(b)?, 255]),
            [r, g, b, a] => Some([channel(r)?, channel(g)?, channel(b)?, alpha(a)?]),
            _ => None,
        };
    }
    let named = match v {
        "transparent" => [0, 0, 0, 0],
        "white" => [255, 255, 255, 255],
        "black" => [0, 0, 0, 255],
        "red" => [255, 0, 0, 255],
        "green" => [0, 128, 0, 255],
        "blue" => [0, 0, 255, 255],
        "yellow" => [255, 255, 0, 255],
        "gray" | "grey" => [128, 128, 128, 255],
        "silver" => [192, 192, 192, 255],
        "whitesmoke" => [245, 245, 245, 255],
        _ => return None,
    };
    Some(named)
}

/// `transform: scale(0)`, `scale(0, 0)`, `scaleX(0)`, `scaleY(0)` (among
/// other functions): the element is drawn with no size.
fn scales_to_nothing(v: &str) -> bool {
    css_words(v).iter().any(|w| {
        let Some((name, args)) = w.split_once('(') else { return false };
        let args: Vec<f64> = args
            .trim_end_matches(')')
            .split([',', ' '])
            .filter(|a| !a.trim().is_empty())
            .filter_map(css_number)
            .collect();
        match name.trim() {
            "scale" | "scale3d" => {
                args.first().is_some_and(|&x| x == 0.0) || args.get(1).is_some_and(|&y| y == 0.0)
            }
            "scalex" | "scaley" => args.first().is_some_and(|&n| n == 0.0),
            _ => false,
        }
    })
}

/// `clip: rect(top, right, bottom, left)` that leaves no area: `rect(0 0 0
/// 0)`, or `rect(1px, 1px, 1px, 1px)` as "visually hidden" classes write it.
fn clips_everything(v: &str) -> bool {
    let Some(args) = v.trim().strip_prefix("rect(").and_then(|a| a.strip_suffix(')')) else { return false };
    let n: Vec<Option<f64>> = args.split([',', ' ']).filter(|a| !a.trim().is_empty()).map(css_px).collect();
    match n.as_slice() {
        [Some(top), Some(right), Some(bottom), Some(left)] => bottom <= top || right <= left,
        _ => false,
    }
}

/// `clip-path: inset(50%)` or more (the two insets meet), or a `circle(0)`.
fn clip_path_hides(v: &str) -> bool {
    let v = v.trim();
    if let Some(args) = v.strip_prefix("inset(").and_then(|a| a.strip_suffix(')')) {
        return args
            .split_whitespace()
            .next()
            .and_then(|first| first.strip_suffix('%'))
            .and_then(|p| p.parse::<f64>().ok())
            .is_some_and(|p| p >= 50.0);
    }
    if let Some(args) = v.strip_prefix("circle(") {
        return args.split([' ', ')']).next().and_then(css_number).is_some_and(|r| r == 0.0);
    }
    false
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

    /// QA pass 8 item 6: the other usual ways of hiding text with CSS hide
    /// it like `display:none`; text that is merely coloured, moved a little or
    /// shaded stays copy.
    #[test]
    fn every_usual_css_way_of_hiding_text_hides_it() {
        for style in [
            "opacity:0",
            "opacity: 0.0 !important",
            "color:#fff;background:#fff",
            "color:#FFFFFF;background-color:white",
            "color: rgb(255, 255, 255); background: #ffffff url(x.png) no-repeat",
            "color:transparent",
            "color:#0000",
            "position:absolute;left:-9999px",
            "position: fixed; top: -2000px",
            "height:0;overflow:hidden",
            "max-height:0px;overflow-y:hidden",
            "font-size:0",
            "transform:scale(0)",
            "transform: translateX(10px) scaleY(0)",
            "position:absolute;clip:rect(0 0 0 0)",
            "clip: rect(1px, 1px, 1px, 1px)",
            "clip-path: inset(50%)",
            "clip-path:circle(0)",
            "text-indent:-9999px",
            "-webkit-text-fill-color:#fff;background:#fff",
        ] {
            assert!(style_hides(style), "{style}");
        }
        for style in [
            "opacity:0.8",
            "color:#fff;background:#003366",
            "color:#fff",
            "background:#fff",
            "position:absolute;left:-20px",
            "position:relative;left:-9999px",
            "height:0",
            "overflow:hidden;max-height:200px",
            "transform:scale(1.2)",
            "clip:rect(0 100px 20px 0)",
            "clip-path:inset(10%)",
            "text-indent:-2em",
            "color:#fff;background:rgba(255,255,255,0.5)",
        ] {
            assert!(!style_hides(style), "{style}");
        }
        let src = "<p>Invest today.</p><p style=\"opacity:0\">Capital at risk.</p>\
<p style=\"color:#fff;background:#fff\">Capital at risk two.</p><div style=\"height:0;overflow:hidden\"><p>Three.</p></div>\
<p style=\"color:#fff;background:#036\">Shown.</p>";
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "Invest today.\n\nShown.");
    }

    /// QA pass 8 item 12: struck-out text is not copy (`<del>`, `<s>`,
    /// `<strike>`, `text-decoration: line-through`); the text around it
    /// joins as the reader sees it and maps back to the source.
    #[test]
    fn struck_out_text_is_not_copy() {
        let src = "<p>本理财产品<del>不</del>保本，<s>并非</s>零风险！<strike>旧</strike>\
<span style=\"text-decoration: line-through red\">不</span>稳赚<ins>新</ins></p>";
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "本理财产品保本，零风险！稳赚新");
        let i = d.text.find("保本").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "保本".len())], "保本");
        let i = d.text.find("产品保本").unwrap();
        let shown = &src[d.source_start(i)..d.source_end(i + "产品保本".len())];
        assert_eq!(shown, "产品<del>不</del>保本");
    }

    /// The page's own stylesheet counts like inline styles: a class that
    /// hides is not copy, a class in tiny type is fine print; rules inside
    /// `@media` for some screens only and selectors it cannot match exactly
    /// are left out.
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

    /// QA pass 9b item 21: a source line break between two Han characters
    /// is no space on the page (CSS removes such a segment break), so the
    /// copy text, and a finding's `matched`, join the lines; spaces written
    /// as such, a no-break space and breaks next to other characters stay a
    /// space. Positions still map to the source.
    #[test]
    fn han_characters_join_across_a_source_line_break() {
        let src = "<p>本产品保\n本保息，保\r\n  本</p><p>保 本，保&nbsp;\n本，保\u{a0}\n本\nsafe\n保\n<b>\n本</b>\n。</p>";
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "本产品保本保息，保本\n\n保 本，保 本，保 本 safe 保本 。");
        let i = d.text.find("保本保息").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "保本保息".len())], "保\n本保息");
        let i = d.text.rfind("保本").unwrap();
        assert_eq!(&src[d.source_start(i)..d.source_end(i + "保本".len())], "保\n<b>\n本");
    }

    /// QA pass 9b item 11: the content of a collapsed `<details>` (no
    /// `open`) is shown only once the reader clicks its label, so it is
    /// fine print: a warning there is present but not prominent. The label
    /// itself, and an open `<details>`, are shown; a `<details>` inside a
    /// collapsed one is fine print whole, label included.
    #[test]
    fn a_collapsed_details_is_fine_print_but_its_label_is_not() {
        let src = "<p>正文</p><details><summary>更多说明</summary><p>理财非存款、产品有风险、投资须谨慎。</p>\
尾注<details open><summary>内层</summary>内文</details></details>\
<details open><summary>展开</summary><p>市场有风险</p></details>\
<details>无标签的内容</details><DETAILS OPEN=''>大写</DETAILS><p>之后</p>";
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(
            d.text,
            "正文\n\n更多说明\n\n理财非存款、产品有风险、投资须谨慎。\n\n尾注\n\n内层\n\n内文\n\n展开\n\n市场有风险\n\n无标签的内容\n\n大写\n\n之后"
        );
        let fine: Vec<&str> = d.fine_print.iter().map(|r| &d.text[r.clone()]).collect();
        assert_eq!(fine, ["理财非存款、产品有风险、投资须谨慎。\n\n尾注\n\n内层\n\n内文", "无标签的内容"]);
        // Left open, it ends with the element around it, as in a browser;
        // a `<summary>` deeper inside is content, not the label.
        let src = "<div><details><summary>标签</summary><p>内容</div><p>之后</p>\
<details><div><summary>深处</summary></div></details>";
        let (d, _) = load("a.html", src.to_string(), Metadata::new()).unwrap();
        let fine: Vec<&str> = d.fine_print.iter().map(|r| &d.text[r.clone()]).collect();
        assert_eq!(fine, ["内容", "深处"]);
    }

    /// Rules inside `@media` count when every screen meets the query
    /// (`screen`, `all`, `not print`, `only screen and (min-width: 0)`),
    /// as rules at the top do, nested ones included; `@media print` neither
    /// hides nor shows screen text, and a query for some screens only (a
    /// width, a colour scheme) is left out, as is `@supports`. A `<style>`
    /// element for print only is not read.
    #[test]
    fn media_rules_count_when_every_screen_meets_them() {
        let src = "<html><head><style>.a{display:none} @media print{.b{display:none} .a{display:block}}\n\
@media screen{.c{display:none}} @media only screen and (min-width:0){.d{font-size:7px}}\n\
@media not print{.e{opacity:0}} @media (max-width:600px){.f{display:none}}\n\
@media screen and (prefers-color-scheme:dark){.g{display:none}} @media all{@media print{.h{display:none}} .i{display:none}}\n\
@supports (display:grid){.j{display:none}} @MEDIA SCREEN, PRINT{.n{display:none}}</style>\
<style media=\"print\">.k{display:none}</style><style media=screen>.l{display:none}</style>\
<style media='print, screen'>.m{display:none}</style></head><body>\
<p class=a>甲</p><p class=b>乙</p><p class=c>丙</p><p class=d>丁</p><p class=e>戊</p><p class=f>己</p>\
<p class=g>庚</p><p class=h>辛</p><p class=i>壬</p><p class=j>癸</p><p class=k>子</p><p class=l>丑</p>\
<p class=m>寅</p><p class=n>卯</p></body></html>";
        let (d, _) = load("m.html", src.to_string(), Metadata::new()).unwrap();
        assert_eq!(d.text, "乙\n\n丁\n\n己\n\n庚\n\n辛\n\n癸\n\n子");
        let fine: Vec<&str> = d.fine_print.iter().map(|r| &d.text[r.clone()]).collect();
        assert_eq!(fine, ["丁"]);
        for q in [
            "",
            "screen",
            "all",
            "only screen",
            "not print",
            "Screen and (min-width: 0px)",
            "print, screen",
            "not speech",
        ] {
            assert!(media_on_every_screen(q), "{q}");
        }
        for q in [
            "print",
            "not screen",
            "not all",
            "(max-width: 600px)",
            "screen and (min-width: 768px)",
            "screen and (orientation: landscape)",
            "(prefers-color-scheme: dark)",
            "not (min-width: 600px)",
            "tv",
            "screen or print",
        ] {
            assert!(!media_on_every_screen(q), "{q}");
        }
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
