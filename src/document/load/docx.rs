//! DOCX via zip + quick-xml: paragraphs of headers, the body (tables and
//! text boxes in place), footnotes, endnotes and footers, in that order.
//! Tracked deletions (`w:del`, `w:moveFrom`), hidden runs (`w:vanish`, set
//! directly or through a character or paragraph style), struck-out runs and
//! runs in the colour of what is behind them (their shading, paragraph,
//! table cell, text box or page), field instructions and the VML fallback
//! copies of text boxes are not copy. The source is the
//! extracted text with ONE PARAGRAPH PER LINE, so line = paragraph number.
//! Heading styles (Heading 1 / 标题 1 / outline levels) become Heading
//! blocks; comments (`word/comments.xml`) point at their paragraph's line.

use super::extract::Extract;
use super::{DocError, LoadOptions};
use crate::document::{BlockKind, Comment, Document, Format, Metadata};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Entries under this size are never refused for their compression ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;

struct Archive<'a> {
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// Uncompressed bytes still allowed for all entries together.
    budget: u64,
    ratio: u64,
}

fn corrupt(reason: impl ToString) -> DocError {
    DocError::Corrupt { what: "DOCX", reason: reason.to_string() }
}

impl Archive<'_> {
    fn names(&self) -> Vec<String> {
        self.zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
    }

    /// The text of an entry, or `None` if the archive has no such entry.
    /// Sizes are checked while inflating, so a lying header cannot blow up.
    fn read(&mut self, name: &str) -> Result<Option<String>, DocError> {
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.to_lowercase().contains("password") => {
                return Err(DocError::Encrypted("Word file"));
            }
            Err(e) => return Err(corrupt(format!("{name}: {e}"))),
        };
        if file.encrypted() {
            return Err(DocError::Encrypted("Word file"));
        }
        let by_ratio = file.compressed_size().max(1).saturating_mul(self.ratio).max(RATIO_FLOOR);
        let limit = by_ratio.min(self.budget);
        let mut buf = Vec::new();
        (&mut file).take(limit + 1).read_to_end(&mut buf).map_err(|e| corrupt(format!("{name}: {e}")))?;
        let got = buf.len() as u64;
        if got > limit {
            let reason = if limit == by_ratio {
                format!("inflates more than {}× its compressed size", self.ratio)
            } else {
                "inflates beyond the size limit (LoadOptions::max_bytes)".to_string()
            };
            return Err(DocError::Decompression { entry: name.to_string(), reason });
        }
        self.budget -= got;
        let text = String::from_utf8(buf).map_err(|e| corrupt(format!("{name} is not UTF-8 XML: {e}")))?;
        Ok(Some(text))
    }
}

/// The XML events of one part, refusing a part that is not a complete
/// document. quick-xml reports a mismatched end tag, but at the end of the
/// input it just stops, however many elements are still open: a
/// `word/document.xml` cut short (a truncated save, a hand edit) would lose
/// its remaining paragraphs silently. So the reader keeps where each open
/// element starts and makes such an end an error naming the part.
struct PartReader<'a> {
    part: &'a str,
    xml: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    /// Byte offsets just past the start tags of the open elements.
    open: Vec<usize>,
    /// Whether a root element was seen.
    root: bool,
}

impl<'a> PartReader<'a> {
    fn new(part: &'a str, xml: &'a str) -> PartReader<'a> {
        PartReader { part, xml, reader: quick_xml::Reader::from_str(xml), open: Vec::new(), root: false }
    }

    fn next(&mut self) -> Result<Event<'a>, DocError> {
        let ev = self.reader.read_event().map_err(|e| corrupt(format!("{}: {e}", self.part)))?;
        match &ev {
            Event::Start(_) => {
                self.root = true;
                self.open.push(usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX));
            }
            Event::Empty(_) => self.root = true,
            Event::End(_) => {
                self.open.pop();
            }
            Event::Eof => {
                if let Some(&end) = self.open.last() {
                    return Err(corrupt(format!(
                        "{}: the XML ends inside `<{}>` with {} element{} still open (a truncated or damaged file)",
                        self.part,
                        self.tag_name(end),
                        self.open.len(),
                        if self.open.len() == 1 { "" } else { "s" },
                    )));
                }
                if !self.root {
                    return Err(corrupt(format!("{}: no XML element (an empty or damaged part)", self.part)));
                }
            }
            _ => {}
        }
        Ok(ev)
    }

    /// The name of the start tag that ends at byte `end`.
    fn tag_name(&self, end: usize) -> &'a str {
        let head = self.xml.get(..end.min(self.xml.len())).unwrap_or("");
        let tag = head.rfind('<').map_or("", |i| &head[i + 1..]);
        tag.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next().unwrap_or("")
    }
}

/// Local name of an element, without its namespace prefix.
fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    comments: Vec<String>,
    /// The character style (`w:rStyle`) and direct properties of the run
    /// being read in this paragraph.
    run_style: Option<String>,
    run: RunProps,
    /// The paragraph's own shading (`w:pPr/w:shd`), a background for its text.
    fill: Option<String>,
    /// Byte ranges of `text` in fine print (runs under 8 pt).
    fine: Vec<std::ops::Range<usize>>,
}

/// The run properties that decide whether text is shown, and how: each
/// `None` where the run (or style) does not say.
#[derive(Debug, Default, Clone)]
struct RunProps {
    /// `w:vanish` (Font → Hidden).
    vanish: Option<bool>,
    /// `w:strike` or `w:dstrike`: struck-out text, not copy (QA pass 8 item 12).
    strike: Option<bool>,
    /// `w:color`, upper-case hex (`FFFFFF`); `None` for `auto`.
    color: Option<String>,
    /// `w:sz`, in half-points.
    size: Option<u32>,
    /// The run's background: `w:shd` fill or `w:highlight`, upper-case hex.
    fill: Option<String>,
}

/// Type under this size (half-points: 8 pt) is fine print: a risk warning
/// set in it is not prominent. Word's body text is 10–12 pt, its footnotes
/// 10 pt; 8 pt and under is the small print of a form.
const FINE_PRINT_HALF_POINTS: u32 = 16;

/// Word's font size when nothing sets one (10 pt).
const DEFAULT_HALF_POINTS: u32 = 20;

/// A colour value (`w:color`, `w:fill`) as upper-case hex, `None` for `auto`
/// or anything that is not six hex digits.
fn hex_color(v: Option<String>) -> Option<String> {
    let v = v?;
    (v.len() == 6 && v.chars().all(|c| c.is_ascii_hexdigit())).then(|| v.to_ascii_uppercase())
}

/// The colour of a `w:highlight` name (`none` is no highlight).
fn highlight_color(name: &str) -> Option<String> {
    let hex = match name {
        "black" => "000000",
        "blue" => "0000FF",
        "cyan" => "00FFFF",
        "green" => "00FF00",
        "magenta" => "FF00FF",
        "red" => "FF0000",
        "yellow" => "FFFF00",
        "white" => "FFFFFF",
        "darkBlue" => "000080",
        "darkCyan" => "008080",
        "darkGreen" => "008000",
        "darkMagenta" => "800080",
        "darkRed" => "800000",
        "darkYellow" => "808000",
        "darkGray" => "808080",
        "lightGray" => "C0C0C0",
        _ => return None,
    };
    Some(hex.to_string())
}

/// The background a `w:shd` element paints: its `w:fill`, or for a solid
/// pattern its `w:color`; `None` for `auto` or no shading.
fn shading(e: &BytesStart) -> Option<String> {
    if attr(e, "val").as_deref() == Some("solid") {
        return hex_color(attr(e, "color"));
    }
    hex_color(attr(e, "fill"))
}

impl RunProps {
    /// Sets the property `name` from element `e`, if it is one of these.
    fn read(&mut self, name: &str, e: &BytesStart) -> bool {
        match name {
            "vanish" => self.vanish = Some(is_on(e)),
            "strike" | "dstrike" => {
                // Either on strikes the text through; an explicit "off" of
                // one does not clear the other.
                let on = is_on(e);
                self.strike = Some(on || self.strike == Some(true));
            }
            "color" => self.color = hex_color(attr(e, "val")),
            "sz" => self.size = attr(e, "val").and_then(|v| v.parse().ok()),
            "shd" => self.fill = shading(e),
            "highlight" => self.fill = attr(e, "val").and_then(|v| highlight_color(&v)),
            _ => return false,
        }
        true
    }
}

/// Where a run stands, for its background: the table cells and text boxes
/// around it (innermost last), and the page colour.
struct Ground<'a> {
    layers: &'a [Layer],
    page: &'a str,
}

/// A table cell or text box around a run.
#[derive(Debug, Clone)]
enum Layer {
    /// A table cell: its own shading (`w:tcPr/w:shd`), and what its row,
    /// table and table style paint behind it otherwise.
    Cell { own: Option<String>, behind: Behind },
    /// A text box: its fill, or `None` if it has none or one not read (a
    /// gradient, a picture, a theme colour with tints): a transparent box
    /// shows what lies under it, which may be a picture (white words set
    /// over a photo are common), so its background is not known.
    TextBox(Option<String>),
}

impl Ground<'_> {
    /// The colour behind text that sets no shading of its own, its
    /// paragraph neither: that of the innermost cell or text box that
    /// paints one, else the page; `None` if not known.
    fn background(&self) -> Option<String> {
        for layer in self.layers.iter().rev() {
            match layer {
                Layer::Cell { own: Some(c), .. } | Layer::Cell { behind: Behind::Fill(c), .. } => {
                    return Some(c.clone());
                }
                Layer::Cell { behind: Behind::Unknown, .. } => return None,
                Layer::Cell { behind: Behind::Transparent, .. } => {}
                Layer::TextBox(fill) => return fill.clone(),
            }
        }
        Some(self.page.to_string())
    }
}

/// A paragraph as extracted: its text, heading level and fine print.
struct Line {
    text: String,
    heading: Option<u8>,
    comments: Vec<String>,
    fine: Vec<std::ops::Range<usize>>,
}

/// What `word/styles.xml` says that matters here: heading levels, which
/// styles hide their text (`<w:vanish/>` in a style's run properties), and
/// what table styles paint behind cells; with the theme's colours.
#[derive(Debug, Default)]
struct Styles {
    /// Style id → heading level.
    headings: HashMap<String, u8>,
    /// Style id → the style it is based on, its own run properties, and its
    /// paragraph shading.
    defs: HashMap<String, (Option<String>, RunProps, Option<String>)>,
    /// The styles used where a paragraph or run names none (`w:default="1"`).
    default_paragraph: Option<String>,
    default_character: Option<String>,
    /// The document's default run properties (`w:rPrDefault`).
    default_run: RunProps,
    /// Table style id → what it paints behind the cells.
    tables: HashMap<String, TableStyle>,
    /// The table style of a table that names none (`w:default="1"`).
    default_table: Option<String>,
    /// The theme's colours, which text box fills may name.
    theme: Theme,
}

/// What `word/theme/theme1.xml` says that matters here: its colour scheme
/// (`accent1` → `4472C4`), and whether a shape style's fill number 1 is
/// plainly the colour the shape names (a `solidFill` of `phClr`), as in
/// Word's own themes.
#[derive(Debug, Default)]
struct Theme {
    colors: HashMap<String, String>,
    plain_first_fill: bool,
}

impl Theme {
    /// The colour a DrawingML colour element names (`a:srgbClr`,
    /// `a:sysClr`, `a:schemeClr`, `a:prstClr`), as upper-case hex; `None`
    /// if it is not known.
    fn color(&self, name: &str, e: &BytesStart) -> Option<String> {
        match name {
            "srgbClr" => hex_color(attr(e, "val")),
            "sysClr" => hex_color(attr(e, "lastClr")),
            "schemeClr" => {
                let val = attr(e, "val")?;
                // Word's default mapping of a document's colours to the
                // theme's (`w:clrSchemeMapping`).
                let slot = match val.as_str() {
                    "bg1" => "lt1",
                    "tx1" => "dk1",
                    "bg2" => "lt2",
                    "tx2" => "dk2",
                    other => other,
                };
                self.colors.get(slot).cloned()
            }
            "prstClr" => match attr(e, "val")?.as_str() {
                "white" => Some("FFFFFF".into()),
                "black" => Some("000000".into()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Reads the theme; a theme that cannot be read names no colours, so a
/// text box filled with a theme colour has a background not known.
fn read_theme(xml: &str) -> Theme {
    let mut theme = Theme::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    // Children of `a:fillStyleLst` seen, and whether the first is a plain
    // `solidFill` of `phClr` so far.
    let mut fills = 0usize;
    let mut first_plain = false;
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(_)) => {
                path.pop();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        let name = local(&e);
        let parent = path.last().map(String::as_str);
        let grandparent = path.len().checked_sub(2).map(|i| path[i].as_str());
        if grandparent == Some("clrScheme")
            && let Some(slot) = parent
            && let Some(color) = theme.color(&name, &e)
            && empty
        {
            theme.colors.entry(slot.to_string()).or_insert(color);
        }
        if parent == Some("fillStyleLst") {
            fills += 1;
            if fills == 1 {
                first_plain = name == "solidFill" && !empty;
            }
        } else if fills == 1 && parent == Some("solidFill") && grandparent == Some("fillStyleLst") {
            // Its one child: `phClr` itself, without tints or shades.
            first_plain &= name == "schemeClr" && attr(&e, "val").as_deref() == Some("phClr") && empty;
        }
        if !empty {
            path.push(name);
        }
    }
    theme.plain_first_fill = first_plain;
    theme
}

/// What a table style paints behind the text of its cells.
#[derive(Debug, Default, Clone)]
struct TableStyle {
    based_on: Option<String>,
    /// Shading for the whole table (its table, cell, paragraph or run
    /// properties, or `wholeTable` formatting), the innermost kind winning.
    fill: Option<(u8, String)>,
    /// Shading set for some cells only (header row, banded rows, first
    /// column, …): which cells get it depends on the table's options and
    /// size, so the background of a cell is not known.
    conditional_fill: bool,
}

/// What lies behind a table cell's text when the cell sets no shading of
/// its own.
#[derive(Debug, Clone, PartialEq)]
enum Behind {
    /// A colour its table (or row, or table style) paints.
    Fill(String),
    /// Nothing: whatever is behind the table shows (the page, an enclosing
    /// cell or text box).
    Transparent,
    /// Not known (shading a table style sets for some cells only).
    Unknown,
}

impl Styles {
    /// A property of style `id`, following its `w:basedOn` chain: the
    /// nearest style that says wins; `None` if none says.
    fn inherited<T>(&self, id: &str, get: &impl Fn(&RunProps) -> Option<T>) -> Option<T> {
        let mut id = id;
        // A chain longer than this is a loop (`A` based on `B` based on `A`).
        for _ in 0..64 {
            let (based_on, props, _) = self.defs.get(id)?;
            if let Some(v) = get(props) {
                return Some(v);
            }
            id = based_on.as_deref()?;
        }
        None
    }

    /// A property of the run being read in `p`: its own, else its character
    /// style's, else its paragraph style's, else the document defaults'.
    fn run<T>(&self, p: &Para, get: impl Fn(&RunProps) -> Option<T>) -> Option<T> {
        get(&p.run)
            .or_else(|| {
                p.run_style
                    .as_deref()
                    .or(self.default_character.as_deref())
                    .and_then(|s| self.inherited(s, &get))
            })
            .or_else(|| {
                p.style.as_deref().or(self.default_paragraph.as_deref()).and_then(|s| self.inherited(s, &get))
            })
            .or_else(|| get(&self.default_run))
    }

    /// The shading of `p`: its own, else its paragraph style's.
    fn paragraph_fill(&self, p: &Para) -> Option<String> {
        if p.fill.is_some() {
            return p.fill.clone();
        }
        let mut id = p.style.as_deref().or(self.default_paragraph.as_deref())?;
        for _ in 0..64 {
            let (based_on, _, fill) = self.defs.get(id)?;
            if fill.is_some() {
                return fill.clone();
            }
            id = based_on.as_deref()?;
        }
        None
    }

    /// Whether the run being read in `p` is not shown: hidden (`w:vanish`),
    /// struck out, or in the colour of its background (white text on the
    /// white page, or on a fill of its own colour). The background is the
    /// run's shading or highlight, else its paragraph's, else that of the
    /// cells and text boxes around it ([`Ground::background`]): a cell's own
    /// shading, its row's or table's, its table style's; a cell that paints
    /// nothing shows what is behind the table (the page). Where that is not
    /// known (a table style that shades some cells only, such as a dark
    /// header row with white text; a text box without a plain fill), colour
    /// hides nothing.
    fn run_hidden(&self, p: &Para, ground: &Ground) -> bool {
        if self.run(p, |r| r.vanish).unwrap_or(false) || self.run(p, |r| r.strike).unwrap_or(false) {
            return true;
        }
        let Some(color) = self.run(p, |r| r.color.clone()) else { return false };
        let background = self
            .run(p, |r| r.fill.clone())
            .or_else(|| self.paragraph_fill(p))
            .or_else(|| ground.background());
        // A colour one step off the background (`FEFEFE` on white) is not
        // seen either (QA pass 15 item 16).
        background.is_some_and(|b| {
            b == color
                || matches!((super::hex_rgb(&b), super::hex_rgb(&color)), (Some(b), Some(c)) if super::indistinguishable(c, b))
        })
    }

    /// What the table style `style` (else the default table style, and the
    /// styles they are based on) paints behind cells. A style that is not
    /// defined paints nothing, as in Word.
    fn table_behind(&self, style: Option<&str>) -> Behind {
        let mut id = style.or(self.default_table.as_deref());
        let mut fill: Option<&str> = None;
        // A chain longer than this is a loop.
        for _ in 0..64 {
            let Some(t) = id.and_then(|i| self.tables.get(i)) else { break };
            if t.conditional_fill {
                return Behind::Unknown;
            }
            fill = fill.or(t.fill.as_ref().map(|(_, c)| c.as_str()));
            id = t.based_on.as_deref();
        }
        fill.map_or(Behind::Transparent, |c| Behind::Fill(c.to_string()))
    }

    /// Whether the run being read in `p` is set in fine print (under 8 pt).
    fn run_fine(&self, p: &Para) -> bool {
        self.run(p, |r| r.size).unwrap_or(DEFAULT_HALF_POINTS) < FINE_PRINT_HALF_POINTS
    }
}

/// A style being read: its id, heading level, `w:basedOn`, run properties
/// and paragraph shading.
type StyleRead = (String, Option<u8>, Option<String>, RunProps, Option<String>);

/// Reads `word/styles.xml`.
fn read_styles(xml: &str) -> Result<Styles, DocError> {
    let mut out = Styles::default();
    let mut reader = PartReader::new("word/styles.xml", xml);
    // The style being read.
    let mut current: Option<StyleRead> = None;
    // Inside a style's paragraph properties (`w:shd` there is its shading),
    // and inside run properties there (the paragraph mark's).
    let mut in_ppr = 0usize;
    let mut in_rpr = 0usize;
    let mut in_rpr_default = 0usize;
    // Inside a paragraph's properties (`w:vanish` there is the paragraph
    // mark's), a record of earlier properties (`w:rPrChange`) or a table
    // style's conditional formatting: not the style's run properties.
    let mut ignored = 0usize;
    // The table style being read (with its id), whether inside its
    // conditional formatting (`Some(true)`: `wholeTable`, which is not
    // conditional), inside its cell properties, and inside records of
    // earlier properties (which no longer apply).
    let mut table: Option<(String, TableStyle)> = None;
    let mut conditional: Option<bool> = None;
    let (mut in_tcpr, mut revision) = (0usize, 0usize);
    loop {
        let ev = reader.next()?;
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "style" => {
                        if let Some((id, level, based_on, props, fill)) = current.take() {
                            if let Some(level) = level {
                                out.headings.insert(id.clone(), level);
                            }
                            out.defs.insert(id, (based_on, props, fill));
                        }
                        if let Some((id, t)) = table.take() {
                            out.tables.insert(id, t);
                        }
                    }
                    "tcPr" => in_tcpr = in_tcpr.saturating_sub(1),
                    "tblPrChange" | "tcPrChange" | "trPrChange" | "rPrChange" | "pPrChange" => {
                        revision = revision.saturating_sub(1);
                    }
                    _ => {}
                }
                if e.local_name().as_ref() == "tblStylePr" {
                    conditional = None;
                }
                match e.local_name().as_ref() {
                    "rPrDefault" => in_rpr_default = in_rpr_default.saturating_sub(1),
                    "pPr" | "rPrChange" | "pPrChange" | "tblStylePr" => {
                        ignored = ignored.saturating_sub(1);
                        if e.local_name().as_ref() == "pPr" {
                            in_ppr = in_ppr.saturating_sub(1);
                        }
                    }
                    "rPr" => in_rpr = in_rpr.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = local(e);
        if table.is_some() && !empty {
            match name.as_str() {
                "tblStylePr" => conditional = Some(attr(e, "type").as_deref() == Some("wholeTable")),
                "tcPr" => in_tcpr += 1,
                "tblPrChange" | "tcPrChange" | "trPrChange" | "rPrChange" | "pPrChange" => revision += 1,
                _ => {}
            }
        }
        if name == "shd"
            && revision == 0
            && let Some((_, t)) = table.as_mut()
        {
            // A table style's shading, wherever in it, paints behind the
            // text of the cells it applies to: the innermost kind (run,
            // paragraph, cell, table) is on top.
            if let Some(color) = shading(e) {
                if conditional == Some(false) {
                    t.conditional_fill = true;
                } else {
                    let rank = if in_rpr > 0 {
                        3
                    } else if in_ppr > 0 {
                        2
                    } else if in_tcpr > 0 {
                        1
                    } else {
                        0
                    };
                    if t.fill.as_ref().is_none_or(|(r, _)| *r <= rank) {
                        t.fill = Some((rank, color));
                    }
                }
            }
            continue;
        }
        match name.as_str() {
            "style" if !empty => {
                let kind = attr(e, "type");
                current = attr(e, "styleId").map(|id| {
                    if attr(e, "default").is_some_and(|d| matches!(d.as_str(), "1" | "true" | "on")) {
                        match kind.as_deref() {
                            Some("paragraph") => out.default_paragraph = Some(id.clone()),
                            Some("character") => out.default_character = Some(id.clone()),
                            Some("table") => out.default_table = Some(id.clone()),
                            _ => {}
                        }
                    }
                    (id.clone(), style_level(&id), None, RunProps::default(), None)
                });
                if kind.as_deref() == Some("table") {
                    table = attr(e, "styleId").map(|id| (id, TableStyle::default()));
                }
            }
            "rPrDefault" if !empty => in_rpr_default += 1,
            "pPr" | "rPrChange" | "pPrChange" | "tblStylePr" if !empty => {
                ignored += 1;
                if name == "pPr" {
                    in_ppr += 1;
                }
            }
            "rPr" if !empty => in_rpr += 1,
            // A paragraph style's shading (only its own `w:pPr`, not the
            // paragraph mark's run properties or a table style's parts).
            "shd" if ignored == 1 && in_ppr == 1 && in_rpr == 0 => {
                if let Some((.., fill)) = current.as_mut() {
                    *fill = shading(e);
                }
            }
            "name" => {
                if let (Some((_, level, ..)), Some(name)) = (current.as_mut(), attr(e, "val")) {
                    *level = level.or(style_level(&name));
                }
            }
            "outlineLvl" => {
                if let (Some((_, level, ..)), Some(v)) = (current.as_mut(), attr(e, "val"))
                    && let Ok(n) = v.parse::<u8>()
                    && n <= 9
                {
                    // Level 9 is "body text": it stops a heading level
                    // inherited from the style this one is based on.
                    *level = level.or(Some(if n == 9 { 0 } else { n + 1 }));
                }
            }
            "basedOn" => {
                if let Some((_, _, based_on, ..)) = current.as_mut() {
                    *based_on = attr(e, "val");
                }
                if let Some((_, t)) = table.as_mut() {
                    t.based_on = attr(e, "val");
                }
            }
            other if ignored == 0 => match current.as_mut() {
                Some((_, _, _, props, _)) => {
                    props.read(other, e);
                }
                None if in_rpr_default > 0 => {
                    out.default_run.read(other, e);
                }
                None => {}
            },
            _ => {}
        }
    }
    out.inherit_heading_levels();
    Ok(out)
}

impl Styles {
    /// A style with no heading level of its own has that of the style it is
    /// based on (Word's "Heading 2 Blue", based on Heading 2, is a heading);
    /// a level of 0 (outline level "body text") is a style that says it is
    /// none, and is dropped here.
    fn inherit_heading_levels(&mut self) {
        let mut resolved = HashMap::new();
        for start in self.defs.keys() {
            let mut id = start.as_str();
            // A chain longer than this is a loop.
            for _ in 0..64 {
                if let Some(level) = self.headings.get(id) {
                    if *level > 0 {
                        resolved.insert(start.clone(), *level);
                    }
                    break;
                }
                match self.defs.get(id).and_then(|(based_on, ..)| based_on.as_deref()) {
                    Some(next) => id = next,
                    None => break,
                }
            }
        }
        self.headings = resolved;
    }
}

/// The heading level a style id or name implies: `Heading1`, `heading 1`,
/// `标题 1`, `Title`.
fn style_level(s: &str) -> Option<u8> {
    let lower = s.to_lowercase();
    if lower == "title" || lower == "标题" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    rest.trim().parse::<u8>().ok().filter(|n| (1..=9).contains(n))
}

/// The paragraphs of one part (document, header, footnotes, …).
fn paragraphs(
    part: &str,
    xml: &str,
    styles: &Styles,
    page: &str,
    out: &mut Vec<Line>,
) -> Result<(), DocError> {
    let mut reader = PartReader::new(part, xml);
    let mut stack: Vec<Para> = Vec::new();
    let mut deleted = 0usize;
    let mut fallback = 0usize;
    let mut skipped_note = 0usize;
    let mut in_t = false;
    // Hidden runs (`<w:vanish/>` in a run's properties, or in its character
    // or paragraph style) are not shown to the reader, so they are not copy:
    // a hidden risk warning must not satisfy a rule that requires one. (In a
    // paragraph's own properties, `vanish` hides only the paragraph mark.)
    let mut in_ppr = 0usize;
    // Inside a record of earlier formatting (`w:rPrChange`, `w:pPrChange`):
    // properties there no longer apply.
    let mut in_change = 0usize;
    let mut in_rpr = 0usize;
    // The tables, cells, shapes and text boxes around the text.
    let mut around = Surroundings::default();
    let hidden = |deleted: usize, fallback: usize, skipped: usize| deleted + fallback + skipped > 0;
    loop {
        let ev = reader.next()?;
        match &ev {
            Event::Start(e) => around.start(e, false, in_change > 0, styles),
            Event::Empty(e) => around.start(e, true, in_change > 0, styles),
            Event::End(e) => around.end(&local_end(e)),
            _ => {}
        }
        let ground = Ground { layers: &around.layers, page };
        let run_hidden = stack.last().is_some_and(|p| styles.run_hidden(p, &ground));
        let run_fine = stack.last().is_some_and(|p| styles.run_fine(p));
        // Whether a tab or break here is shown: not in a paragraph's
        // properties (`w:tabs` holds tab *stops*), nor in hidden text.
        let shown = in_ppr == 0 && !run_hidden && !hidden(deleted, fallback, skipped_note);
        match ev {
            Event::Start(e) => match local(&e).as_str() {
                "p" => stack.push(Para::default()),
                "r" => start_run(&mut stack),
                "pPr" => in_ppr += 1,
                "rPr" => in_rpr += 1,
                "rPrChange" | "pPrChange" | "tblPrChange" | "tcPrChange" | "trPrChange" | "tblPrExChange" => {
                    in_change += 1
                }
                "t" => in_t = true,
                "del" | "moveFrom" => deleted += 1,
                "Fallback" => fallback += 1,
                "footnote" | "endnote" if attr(&e, "type").is_some_and(|t| t != "normal") => {
                    skipped_note += 1;
                }
                "footnote" | "endnote" => {}
                "shd" if in_change == 0 && !around.shades_table() => shade(&e, &mut stack, in_ppr, in_rpr),
                other if in_change == 0 => run_property(other, &e, &mut stack, in_ppr, shown),
                _ => {}
            },
            Event::Empty(e) => {
                let name = local(&e);
                // An empty paragraph written `<w:p/>` (as Word writes one,
                // also the empty cell of a vertical merge) is a line like
                // `<w:p></w:p>`.
                if name == "p" && !hidden(deleted, fallback, skipped_note) {
                    out.push(Line {
                        text: String::new(),
                        heading: None,
                        comments: Vec::new(),
                        fine: Vec::new(),
                    });
                }
                if in_change == 0 && name == "shd" {
                    if !around.shades_table() {
                        shade(&e, &mut stack, in_ppr, in_rpr);
                    }
                } else if in_change == 0 {
                    run_property(&name, &e, &mut stack, in_ppr, shown);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    if let Some(p) = stack.pop()
                        && !hidden(deleted, fallback, skipped_note)
                    {
                        let heading = p
                            .outline
                            .or_else(|| p.style.as_ref().and_then(|s| styles.headings.get(s).copied()));
                        out.push(Line { text: p.text, heading, comments: p.comments, fine: p.fine });
                    }
                }
                "t" => in_t = false,
                "r" => start_run(&mut stack),
                "pPr" => in_ppr = in_ppr.saturating_sub(1),
                "rPr" => in_rpr = in_rpr.saturating_sub(1),
                "rPrChange" | "pPrChange" | "tblPrChange" | "tcPrChange" | "trPrChange" | "tblPrExChange" => {
                    in_change = in_change.saturating_sub(1)
                }
                "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                "Fallback" => fallback = fallback.saturating_sub(1),
                "footnote" | "endnote" => skipped_note = 0,
                _ => {}
            },
            Event::Text(t) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                if let Some(p) = stack.last_mut() {
                    push_text(p, &t.xml10_content().replace(['\n', '\r'], " "), run_fine);
                }
            }
            Event::CData(t) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                if let Some(p) = stack.last_mut() {
                    push_text(p, &t.xml10_content().replace(['\n', '\r'], " "), run_fine);
                }
            }
            Event::GeneralRef(r) if in_t && !run_hidden && !hidden(deleted, fallback, skipped_note) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                if let (Some(p), Some(c)) = (stack.last_mut(), c) {
                    let c = if c == '\n' || c == '\r' { ' ' } else { c };
                    push_text(p, c.encode_utf8(&mut [0; 4]), run_fine);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// Whether an on/off property (`<w:vanish/>`, `w:val="true"`) is on.
fn is_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Appends shown text to a paragraph, recording it as fine print if its
/// run is set small; fine print with only spaces between is one range.
fn push_text(p: &mut Para, text: &str, fine: bool) {
    let start = p.text.len();
    p.text.push_str(text);
    if !fine || text.is_empty() {
        return;
    }
    let end = p.text.len();
    match p.fine.last_mut() {
        Some(last) if p.text[last.end..start].trim().is_empty() => last.end = end,
        _ => p.fine.push(start..end),
    }
}

/// A run starts (or ends): its properties are not known yet.
fn start_run(stack: &mut [Para]) {
    if let Some(p) = stack.last_mut() {
        p.run_style = None;
        p.run = RunProps::default();
    }
}

/// `w:shd` outside table properties: the shading of a paragraph (in
/// `w:pPr`, not its mark's `w:rPr`) or of a run (in a run's `w:rPr`).
fn shade(e: &BytesStart, stack: &mut [Para], in_ppr: usize, in_rpr: usize) {
    if let Some(p) = stack.last_mut() {
        if in_ppr > 0 && in_rpr == 0 {
            p.fill = shading(e);
        } else if in_ppr == 0 {
            p.run.fill = shading(e);
        }
    }
}

/// The local name of an end tag.
fn local_end(e: &quick_xml::events::BytesEnd) -> String {
    e.local_name().as_ref().to_string()
}

/// The tables, cells, shapes and text boxes around the text being read,
/// for the colour behind it ([`Ground`]).
#[derive(Debug, Default)]
struct Surroundings {
    /// Local names of the open elements, innermost last.
    path: Vec<String>,
    /// Cells and text boxes around the text, innermost last.
    layers: Vec<Layer>,
    /// Tables open, innermost last.
    tables: Vec<TableRead>,
    /// Shapes open (which may hold a text box), innermost last.
    shapes: Vec<ShapeRead>,
    /// Whether the `w:shd` just started is a table's, a row's or a cell's
    /// (read here), not a paragraph's or run's.
    table_shading: bool,
}

/// A table being read: its style and the shading it and its current row set.
#[derive(Debug, Default)]
struct TableRead {
    style: Option<String>,
    fill: Option<String>,
    row_fill: Option<String>,
}

/// A shape being read: where it starts in the path, and the fill its own
/// properties and its style set (`Some(None)`: one that is not a plain
/// colour known here, or none).
#[derive(Debug, Default)]
struct ShapeRead {
    depth: usize,
    vml: bool,
    fill: Option<Option<String>>,
    style_fill: Option<Option<String>>,
}

/// VML shapes, which may hold a text box in Word's older form.
const VML_SHAPES: &[&str] = &["shape", "rect", "roundrect", "oval"];

impl Surroundings {
    /// An element starts (`empty`: and ends). `revision`: inside a record
    /// of earlier formatting, which no longer applies.
    fn start(&mut self, e: &BytesStart, empty: bool, revision: bool, styles: &Styles) {
        let name = local(e);
        let in_props = |path: &[String], props: &str| path.last().is_some_and(|p| p == props);
        self.table_shading = false;
        match name.as_str() {
            "tbl" if !empty => self.tables.push(TableRead::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row_fill = None;
                }
            }
            "tblStyle" if !revision && in_props(&self.path, "tblPr") => {
                if let Some(t) = self.tables.last_mut() {
                    t.style = attr(e, "val");
                }
            }
            "tc" if !empty => {
                let behind = match self.tables.last() {
                    Some(t) => match styles.table_behind(t.style.as_deref()) {
                        Behind::Unknown => Behind::Unknown,
                        from_style => {
                            t.row_fill.clone().or_else(|| t.fill.clone()).map_or(from_style, Behind::Fill)
                        }
                    },
                    None => Behind::Transparent,
                };
                self.layers.push(Layer::Cell { own: None, behind });
            }
            "shd" if !revision => {
                // Innermost first: a cell's, a row's exceptions, the table's.
                let fill = shading(e);
                if in_props(&self.path, "tcPr") {
                    self.table_shading = true;
                    if let Some(Layer::Cell { own, .. }) = self.layers.last_mut() {
                        *own = fill;
                    }
                } else if in_props(&self.path, "tblPrEx") {
                    self.table_shading = true;
                    if let Some(t) = self.tables.last_mut() {
                        t.row_fill = fill;
                    }
                } else if in_props(&self.path, "tblPr") {
                    self.table_shading = true;
                    if let Some(t) = self.tables.last_mut() {
                        t.fill = fill;
                    }
                }
            }
            "wsp" if !empty => self.shapes.push(ShapeRead { depth: self.path.len(), ..ShapeRead::default() }),
            "txbxContent" if !empty => {
                let fill = self.shapes.last().and_then(|s| s.fill.clone().or_else(|| s.style_fill.clone()));
                self.layers.push(Layer::TextBox(fill.flatten()));
            }
            _ if !empty && is_vml(e) && VML_SHAPES.contains(&name.as_str()) => {
                // VML's defaults (a white fill) are not assumed: only what
                // the shape says counts.
                let fill = if attr(e, "filled").is_some_and(|f| matches!(f.as_str(), "f" | "false")) {
                    Some(None)
                } else {
                    attr(e, "fillcolor").map(|c| vml_color(&c))
                };
                self.shapes.push(ShapeRead { depth: self.path.len(), vml: true, fill, style_fill: None });
            }
            _ => self.shape_fill(&name, e, empty, styles),
        }
        if !empty {
            self.path.push(name);
        }
    }

    /// A fill, or a colour in one, of the shape being read.
    fn shape_fill(&mut self, name: &str, e: &BytesStart, empty: bool, styles: &Styles) {
        let Some(shape) = self.shapes.last_mut() else { return };
        let at = |back: usize| self.path.len().checked_sub(back + 1).map(|i| self.path[i].as_str());
        // How deep under the shape element: 1 for its children (its
        // properties, its style), 2 for a fill, 3 for a fill's colour.
        let depth = self.path.len() - shape.depth;
        if shape.vml {
            if name == "fill" && depth == 1 {
                let off = attr(e, "on").is_some_and(|o| matches!(o.as_str(), "f" | "false"));
                let plain = attr(e, "type").is_none_or(|t| t == "solid");
                shape.fill = Some(match attr(e, "color") {
                    Some(c) if !off && plain => vml_color(&c),
                    _ if !off && plain => shape.fill.clone().flatten(),
                    _ => None,
                });
            }
            return;
        }
        match (depth, at(0), name) {
            (2, Some("spPr"), "noFill" | "gradFill" | "blipFill" | "pattFill" | "grpFill") => {
                shape.fill = Some(None)
            }
            // Its colour follows; until then, none known.
            (2, Some("spPr"), "solidFill") => shape.fill = Some(None),
            (3, Some("solidFill"), _) if at(1) == Some("spPr") => {
                // A colour with children has tints, shades or transparency:
                // not the plain colour.
                shape.fill = Some(if empty { styles.theme.color(name, e) } else { None });
            }
            (2, Some("style"), "fillRef") => {
                // Fill 0 is none; fill 1 in Word's themes is the colour named
                // here; the others are gradients and the like.
                shape.style_fill = Some(None);
                if attr(e, "idx").as_deref() == Some("1") && styles.theme.plain_first_fill && !empty {
                    shape.style_fill = None;
                }
            }
            (3, Some("fillRef"), _) if at(1) == Some("style") && shape.style_fill.is_none() => {
                shape.style_fill = Some(if empty { styles.theme.color(name, e) } else { None });
            }
            _ => {}
        }
    }

    /// An element ends.
    fn end(&mut self, name: &str) {
        self.table_shading = false;
        match name {
            "tbl" => {
                self.tables.pop();
            }
            "tc" => {
                if let Some(i) = self.layers.iter().rposition(|l| matches!(l, Layer::Cell { .. })) {
                    self.layers.truncate(i);
                }
            }
            "txbxContent" => {
                if let Some(i) = self.layers.iter().rposition(|l| matches!(l, Layer::TextBox(_))) {
                    self.layers.truncate(i);
                }
            }
            _ => {}
        }
        self.path.pop();
        if self.shapes.last().is_some_and(|s| s.depth == self.path.len())
            && (name == "wsp" || VML_SHAPES.contains(&name))
        {
            self.shapes.pop();
        }
    }

    /// Whether the `w:shd` just read was a table's, row's or cell's.
    fn shades_table(&self) -> bool {
        self.table_shading
    }
}

/// Whether an element is VML's (`v:shape`).
fn is_vml(e: &BytesStart) -> bool {
    e.name().prefix().is_some_and(|p| p.as_ref() == "v")
}

/// A VML colour (`#1F4E79`, `#fff`, `white`, `white [3201]`), as
/// upper-case hex; `None` for others.
fn vml_color(v: &str) -> Option<String> {
    let v = v.split_whitespace().next()?.to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        return match hex.len() {
            6 => hex_color(Some(hex.to_string())),
            3 => hex_color(Some(hex.chars().flat_map(|c| [c, c]).collect())),
            _ => None,
        };
    }
    match v.as_str() {
        "white" => Some("FFFFFF".into()),
        "black" => Some("000000".into()),
        _ => None,
    }
}

/// A run's properties that decide whether and how it is shown (`w:rStyle`,
/// `w:vanish`, `w:strike`, `w:color`, `w:sz`, …; those in a paragraph's
/// properties are the paragraph mark's), else [`empty_element`].
fn run_property(name: &str, e: &BytesStart, stack: &mut [Para], in_ppr: usize, shown: bool) {
    match (name, stack.last_mut()) {
        ("rStyle", Some(p)) if in_ppr == 0 => p.run_style = attr(e, "val"),
        ("vanish" | "strike" | "dstrike" | "color" | "sz" | "highlight", Some(p)) if in_ppr == 0 => {
            p.run.read(name, e);
        }
        _ => empty_element(name, e, stack, shown),
    }
}

/// Elements that matter whether written empty or not. `shown`: whether a
/// tab or break here is visible text.
fn empty_element(name: &str, e: &BytesStart, stack: &mut [Para], shown: bool) {
    let Some(p) = stack.last_mut() else { return };
    match name {
        "pStyle" => p.style = attr(e, "val"),
        "outlineLvl" => {
            p.outline = attr(e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|n| *n < 9).map(|n| n + 1)
        }
        "commentRangeStart" | "commentReference" => {
            if let Some(id) = attr(e, "id")
                && !p.comments.contains(&id)
            {
                p.comments.push(id);
            }
        }
        _ if !shown => {}
        // A tab (or an absolute-position tab) separates columns of text: it
        // stays a tab, so `保本<tab>零风险` is not read as one phrase and
        // the columns after it count it. A line break cannot be a new line
        // (a line is a paragraph), so it is a space.
        "tab" | "ptab" if !p.text.is_empty() => p.text.push('\t'),
        "br" | "cr" if !p.text.is_empty() => p.text.push(' '),
        "noBreakHyphen" => p.text.push('-'),
        _ => {}
    }
}

/// Comment id → comment text, from `word/comments.xml`.
fn comment_texts(xml: &str) -> Result<Vec<(String, String)>, DocError> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut reader = PartReader::new("word/comments.xml", xml);
    let mut in_t = false;
    loop {
        match reader.next()? {
            Event::Start(e) => match local(&e).as_str() {
                "comment" => out.push((attr(&e, "id").unwrap_or_default(), String::new())),
                "p" => {
                    if let Some((_, t)) = out.last_mut()
                        && !t.is_empty()
                    {
                        t.push('\n');
                    }
                }
                "t" => in_t = true,
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some((_, text)) = out.last_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Parts named `word/{prefix}N.xml`, in number order.
fn numbered(names: &[String], prefix: &str) -> Vec<String> {
    let mut parts: Vec<(u32, String)> = names
        .iter()
        .filter_map(|n| {
            let num = n.strip_prefix("word/")?.strip_prefix(prefix)?.strip_suffix(".xml")?;
            Some((num.parse().unwrap_or(0), n.clone()))
        })
        .collect();
    parts.sort();
    parts.into_iter().map(|(_, n)| n).collect()
}

pub fn load(name: &str, bytes: &[u8], metadata: Metadata, opts: &LoadOptions) -> Result<Document, DocError> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(DocError::Encrypted("Word file (or a legacy .doc saved as .docx)"));
    }
    if !bytes.starts_with(b"PK") {
        return Err(corrupt("not a ZIP archive"));
    }
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(corrupt)?;
    let mut archive = Archive { zip, budget: opts.max_bytes, ratio: opts.max_decompression_ratio.max(1) };
    let Some(body) = archive.read("word/document.xml")? else {
        return Err(corrupt("no word/document.xml: not a Word document"));
    };
    let mut styles = match archive.read("word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => Styles::default(),
    };
    let names = archive.names();
    if let Some(part) = numbered(&names, "theme/theme").first()
        && let Some(xml) = archive.read(part)?
    {
        styles.theme = read_theme(&xml);
    }
    let page = page_color(&body);
    let mut lines = Vec::new();
    for part in numbered(&names, "header") {
        if let Some(xml) = archive.read(&part)? {
            paragraphs(&part, &xml, &styles, &page, &mut lines)?;
        }
    }
    paragraphs("word/document.xml", &body, &styles, &page, &mut lines)?;
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = archive.read(part)? {
            let first = lines.len();
            paragraphs(part, &xml, &styles, &page, &mut lines)?;
            // A note is read at the foot of the page or the end of the
            // document, away from the copy it annotates, whatever its type
            // size (Word's Footnote Text is 10 pt): a risk warning only there
            // is buried, as in a Markdown footnote (QA pass 13 item 1).
            for line in &mut lines[first..] {
                line.fine = if line.text.is_empty() {
                    Vec::new()
                } else {
                    std::iter::once(0..line.text.len()).collect()
                };
            }
        }
    }
    for part in numbered(&names, "footer") {
        if let Some(xml) = archive.read(&part)? {
            paragraphs(&part, &xml, &styles, &page, &mut lines)?;
        }
    }
    let notes = match archive.read("word/comments.xml")? {
        Some(xml) => comment_texts(&xml)?,
        None => Vec::new(),
    };

    let mut source = String::new();
    let mut ranges = Vec::with_capacity(lines.len());
    for line in &lines {
        let start = source.len();
        source.push_str(&line.text);
        ranges.push(start..source.len());
        source.push('\n');
    }
    let comments = notes
        .into_iter()
        .map(|(id, text)| {
            let range =
                lines.iter().position(|l| l.comments.contains(&id)).map_or(0..0, |i| ranges[i].clone());
            Comment { text: text.trim().to_string(), range }
        })
        .collect();
    let mut x = Extract::new(&source, false);
    for (line, range) in lines.iter().zip(&ranges) {
        x.begin(line.heading.map_or(BlockKind::Paragraph, BlockKind::Heading));
        let fine: Vec<std::ops::Range<usize>> =
            line.fine.iter().map(|f| range.start + f.start..range.start + f.end).collect();
        x.verbatim_with_fine_print(range.clone(), &fine);
        x.end();
    }
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Docx, source, (text, map, blocks), metadata, comments);
    doc.fine_print = fine_print;
    Ok(doc)
}

/// The page colour: `w:background` of `word/document.xml` if it sets one
/// (Design → Page Color), else white. Text in it is not seen.
fn page_color(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "background" => return hex_color(attr(&e, "color")).unwrap_or_else(|| "FFFFFF".into()),
                "body" => break,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    "FFFFFF".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_runs_are_not_copy() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>
              <w:r><w:t>本产品</w:t></w:r>
              <w:r><w:rPr><w:vanish/></w:rPr><w:t>理财非存款、产品有风险、投资须谨慎</w:t></w:r>
              <w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>收益稳健</w:t></w:r>
            </w:p></w:body></w:document>"#;
        let mut lines = Vec::new();
        paragraphs("document.xml", xml, &Styles::default(), "FFFFFF", &mut lines).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "本产品收益稳健");
    }

    /// QA pass 8 items 6 and 12: struck-out runs and runs in the colour of
    /// their background are not copy, like hidden ones; runs under 8 pt are
    /// fine print. White text on a shaded cell, paragraph or run stays
    /// copy; in a cell that paints nothing it is on the page, white.
    #[test]
    fn struck_white_and_tiny_runs() {
        let styles = read_styles(
            r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="character" w:styleId="Small"><w:rPr><w:sz w:val="12"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Callout"><w:pPr><w:shd w:val="clear" w:fill="1F4E79"/></w:pPr><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>
            </w:styles>"#,
        )
        .unwrap();
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>本理财产品</w:t></w:r><w:r><w:rPr><w:strike/></w:rPr><w:t>不</w:t></w:r><w:r><w:t>保本，</w:t></w:r><w:r><w:rPr><w:dstrike w:val="1"/></w:rPr><w:t>并非</w:t></w:r><w:r><w:rPr><w:strike w:val="0"/></w:rPr><w:t>零风险</w:t></w:r></w:p>
            <w:p><w:r><w:t>收益稳健</w:t></w:r><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>理财非存款、产品有风险、投资须谨慎</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:color w:val="ffffff"/><w:shd w:val="clear" w:fill="000000"/></w:rPr><w:t>白字黑底</w:t></w:r><w:r><w:rPr><w:color w:val="FF0000"/><w:highlight w:val="red"/></w:rPr><w:t>红字红底</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Callout"/></w:pPr><w:r><w:t>蓝底白字</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tcPr><w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>白格白字</w:t></w:r></w:p></w:tc>
              <w:tc><w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>表头</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>正文</w:t></w:r><w:r><w:rPr><w:sz w:val="8"/></w:rPr><w:t>市场有风险，</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Small"/></w:rPr><w:t>投资需谨慎。</w:t></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>八磅</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let mut lines = Vec::new();
        paragraphs("word/document.xml", xml, &styles, "FFFFFF", &mut lines).unwrap();
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "本理财产品保本，零风险",
                "收益稳健",
                "白字黑底",
                "蓝底白字",
                "",
                "",
                "正文市场有风险，投资需谨慎。八磅"
            ]
        );
        let fine: Vec<&str> = lines[6].fine.iter().map(|r| &lines[6].text[r.clone()]).collect();
        assert_eq!(fine, ["市场有风险，投资需谨慎。"]);
        assert!(lines[..6].iter().all(|l| l.fine.is_empty()));
        // On a dark page, white text is seen, in a table that paints nothing too.
        let mut lines = Vec::new();
        paragraphs("word/document.xml", xml, &styles, "000000", &mut lines).unwrap();
        assert_eq!(lines[1].text, "收益稳健理财非存款、产品有风险、投资须谨慎");
        assert_eq!(lines[5].text, "表头");
        assert_eq!(
            page_color(r#"<w:document xmlns:w="w"><w:background w:color="0a0a0a"/><w:body/></w:document>"#),
            "0A0A0A"
        );
    }

    /// White text (`FFFFFF`) in a paragraph of its own, inside `around`
    /// (`{}` is where the paragraph goes), read with `styles`: whether it
    /// is copy.
    fn white_text_shown(styles: &Styles, around: &str) -> bool {
        let para = r#"<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>白字</w:t></w:r></w:p>"#;
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:wps="wps" xmlns:a="a" xmlns:v="v" xmlns:mc="mc"><w:body>{}</w:body></w:document>"#,
            around.replace("{}", para)
        );
        let mut lines = Vec::new();
        paragraphs("word/document.xml", &xml, styles, "FFFFFF", &mut lines).unwrap();
        lines.iter().any(|l| l.text == "白字")
    }

    /// A table around `{}` with `tbl_pr` in its properties and `tc_pr` in
    /// its cell's, one row (with `row` as its exceptions).
    fn table(tbl_pr: &str, row: &str, tc_pr: &str) -> String {
        format!(
            "<w:tbl><w:tblPr>{tbl_pr}</w:tblPr><w:tr>{row}<w:tc><w:tcPr>{tc_pr}</w:tcPr>{{}}</w:tc></w:tr></w:tbl>"
        )
    }

    /// A DrawingML text box around `{}`, with `sp_pr` in its shape
    /// properties and `style` as its shape style.
    fn text_box(sp_pr: &str, style: &str) -> String {
        format!(
            "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:cNvSpPr txBox=\"1\"/>\
<wps:spPr><a:prstGeom prst=\"rect\"/>{sp_pr}<a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"000000\"/></a:solidFill></a:ln></wps:spPr>{style}\
<wps:txbx><w:txbxContent>{{}}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></w:drawing></mc:Choice>\
<mc:Fallback><w:pict><v:shape fillcolor=\"#1F4E79\"><v:textbox><w:txbxContent>{{}}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>\
</mc:AlternateContent></w:r></w:p>"
        )
    }

    /// White text in a table cell or text box is hidden when what is behind
    /// it is white: the cell's own shading, else its row's, table's or table
    /// style's, else (a cell that paints nothing) what is behind the table,
    /// up to the page; a text box's fill. Where that is not known (a table
    /// style that shades some cells only, a text box without a plain fill),
    /// it stays copy.
    #[test]
    fn white_text_in_cells_and_text_boxes_is_judged_on_what_is_behind_it() {
        let mut styles = read_styles(
            r#"<w:styles xmlns:w="w">
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:tblPr><w:tblInd w:w="0" w:type="dxa"/></w:tblPr></w:style>
            <w:style w:type="table" w:styleId="TableGrid"><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders/></w:tblPr></w:style>
            <w:style w:type="table" w:styleId="GridTable4"><w:basedOn w:val="TableNormal"/><w:tblPr/>
              <w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="4472C4"/></w:tcPr></w:tblStylePr>
              <w:tblStylePr w:type="band1Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr></w:style>
            <w:style w:type="table" w:styleId="MyGrid"><w:basedOn w:val="GridTable4"/></w:style>
            <w:style w:type="table" w:styleId="Dark"><w:tcPr><w:shd w:val="clear" w:fill="1F4E79"/></w:tcPr></w:style>
            <w:style w:type="table" w:styleId="DarkWhole"><w:tblStylePr w:type="wholeTable"><w:tcPr><w:shd w:val="clear" w:fill="1F4E79"/></w:tcPr></w:tblStylePr></w:style>
            <w:style w:type="table" w:styleId="White"><w:basedOn w:val="TableGrid"/><w:tblPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tblPr><w:tcPr><w:tcPrChange w:id="1"><w:tcPr><w:shd w:val="clear" w:fill="000000"/></w:tcPr></w:tcPrChange></w:tcPr></w:style>
            </w:styles>"#,
        )
        .unwrap();
        styles.theme = read_theme(
            r#"<a:theme xmlns:a="a"><a:themeElements><a:clrScheme name="Office">
            <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
            <a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1>
            </a:clrScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>
            <a:gradFill><a:gsLst><a:gs pos="0"><a:schemeClr val="phClr"><a:lumMod val="110000"/></a:schemeClr></a:gs></a:gsLst></a:gradFill>
            </a:fillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#,
        );
        assert!(styles.theme.plain_first_fill);
        assert_eq!(styles.theme.colors.get("lt1").map(String::as_str), Some("FFFFFF"));
        let dark = r#"<w:shd w:val="clear" w:color="auto" w:fill="1F4E79"/>"#;
        let style = |id: &str| format!(r#"<w:tblStyle w:val="{id}"/>"#);
        let hidden = [
            // Nothing paints the cell: the page shows through.
            table("", "", ""),
            table(&style("TableGrid"), "", ""),
            table(&style("Undefined"), "", ""),
            table("", "", r#"<w:shd w:val="clear" w:fill="auto"/>"#),
            table("", "", r#"<w:shd w:val="clear" w:fill="FFFFFF"/>"#),
            table(&style("White"), "", ""),
            // The dark shading is a record of an earlier one.
            table("", "", &format!(r#"<w:tcPrChange w:id="2"><w:tcPr>{dark}</w:tcPr></w:tcPrChange>"#)),
            // A table in a cell that paints nothing, in a table that does neither.
            table("", "", "").replace("{}", &table("", "", "")),
            // A white cell on a dark table.
            table(dark, "", r#"<w:shd w:val="clear" w:fill="FFFFFF"/>"#),
            // Text boxes filled white: directly, by theme colour, by the shape style.
            text_box(r#"<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>"#, ""),
            text_box(r#"<a:solidFill><a:schemeClr val="lt1"/></a:solidFill>"#, ""),
            text_box(r#"<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>"#, ""),
            text_box("", r#"<wps:style><a:fillRef idx="1"><a:schemeClr val="lt1"/></a:fillRef></wps:style>"#),
            // A table in a white text box.
            text_box(r#"<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>"#, "").replace("{}", &table("", "", "")),
            // An old-style (VML) text box filled white.
            r#"<w:p><w:r><w:pict><v:shape fillcolor="white [3201]"><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#.to_string(),
        ];
        for around in &hidden {
            assert!(!white_text_shown(&styles, around), "shown, but white on white: {around}");
        }
        let shown = [
            table("", "", dark),
            table(dark, "", ""),
            table("", &format!("<w:tblPrEx>{dark}</w:tblPrEx>"), ""),
            table(&style("Dark"), "", ""),
            table(&style("DarkWhole"), "", ""),
            // Which cells a table style shades depends on the table: not known.
            table(&style("GridTable4"), "", ""),
            table(&style("MyGrid"), "", ""),
            table(&format!("{}{dark}", style("GridTable4")), "", ""),
            table("", "", dark).replace("{}", &table("", "", "")),
            // On a text box's own fill, whatever the cell or page behind it.
            text_box(r#"<a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill>"#, ""),
            table("", "", "").replace("{}", &text_box(r#"<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>"#, "")),
            text_box("", r#"<wps:style><a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef></wps:style>"#),
            // Text boxes whose background is not known: transparent (over
            // whatever lies under them), a tinted theme colour, a gradient,
            // a picture, a fill style that is not the plain colour.
            text_box("<a:noFill/>", ""),
            text_box("", ""),
            text_box(r#"<a:solidFill><a:schemeClr val="lt1"><a:lumMod val="50000"/></a:schemeClr></a:solidFill>"#, ""),
            text_box(r#"<a:gradFill><a:gsLst/></a:gradFill>"#, ""),
            text_box("", r#"<wps:style><a:fillRef idx="2"><a:schemeClr val="lt1"/></a:fillRef></wps:style>"#),
            text_box("", r#"<wps:style><a:fillRef idx="0"><a:schemeClr val="lt1"/></a:fillRef></wps:style>"#),
            table("", "", "").replace("{}", &text_box("<a:noFill/>", "")),
            r##"<w:p><w:r><w:pict><v:shape fillcolor="#1f4e79"><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"##.to_string(),
            r#"<w:p><w:r><w:pict><v:shape fillcolor="white" filled="f"><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#.to_string(),
            r#"<w:p><w:r><w:pict><v:shape><v:fill type="gradient" color="white"/><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#.to_string(),
        ];
        for around in &shown {
            assert!(white_text_shown(&styles, around), "hidden, but not white on white: {around}");
        }
        // Outside tables and text boxes the page decides, as before.
        assert!(!white_text_shown(&styles, "{}"));
        // A theme that says nothing names no colour.
        styles.theme = read_theme("<not a theme");
        assert!(white_text_shown(
            &styles,
            &text_box(r#"<a:solidFill><a:schemeClr val="lt1"/></a:solidFill>"#, "")
        ));
    }

    fn lines_of(xml: &str) -> Result<Vec<String>, DocError> {
        let mut lines = Vec::new();
        paragraphs("word/document.xml", xml, &Styles::default(), "FFFFFF", &mut lines)?;
        Ok(lines.into_iter().map(|l| l.text).collect())
    }

    #[test]
    fn a_part_that_ends_with_elements_open_is_an_error() {
        for (xml, inside, open) in [
            ("<w:document><w:body><w:p><w:r><w:t>保本", "w:t", "5 elements"),
            (
                r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>本产品保本保息</w:t></w:r></w:p><w:p><w:r><w:t>零风"#,
                "w:t",
                "5 elements",
            ),
            ("<w:document><w:body><w:p><w:r><w:t>保本</w:t></w:r></w:p>", "w:body", "2 elements"),
            ("<w:document xmlns:w=\"w\">", "w:document", "1 element "),
        ] {
            let e = lines_of(xml).unwrap_err().to_string();
            assert!(
                e.starts_with(&format!("corrupt DOCX: word/document.xml: the XML ends inside `<{inside}>`")),
                "{e}"
            );
            assert!(e.contains(open), "{e}");
        }
        for empty in ["", "<?xml version=\"1.0\"?>", "  \n"] {
            let e = lines_of(empty).unwrap_err().to_string();
            assert!(e.contains("word/document.xml: no XML element"), "{e}");
        }
        // Complete parts, including an empty root, are fine.
        assert_eq!(lines_of("<w:document/>").unwrap(), Vec::<String>::new());
        assert_eq!(
            lines_of("<w:document><w:body><w:p><w:r><w:t>保本</w:t></w:r></w:p></w:body></w:document>\n")
                .unwrap(),
            ["保本"]
        );
    }

    #[test]
    fn tabs_and_breaks_keep_text_apart() {
        let xml = r#"<w:document><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="2880"/></w:tabs></w:pPr>
              <w:r><w:t>第一段文字</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>本产品保本</w:t></w:r>
              <w:r><w:tab/></w:r><w:r><w:t>零风险</w:t></w:r><w:r><w:cr/><w:t>A</w:t><w:ptab w:alignment="right"/><w:t>B</w:t></w:r>
              <w:r><w:rPr><w:vanish/></w:rPr><w:tab/><w:t>隐藏</w:t></w:r><w:r><w:t>C</w:t></w:r>
            </w:p></w:body></w:document>"#;
        // Tab stops in the paragraph's properties are not tabs, hidden tabs are not shown.
        assert_eq!(lines_of(xml).unwrap(), ["第一段文字 本产品保本\t零风险 A\tBC"]);
    }

    #[test]
    fn self_closing_empty_paragraphs_are_lines() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>第1段</w:t></w:r></w:p><w:p/><w:p></w:p>
            <w:p w:rsidR="00A1"/><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:del><w:p/></w:del><w:p><w:r><w:t>第6段</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(lines_of(xml).unwrap(), ["第1段", "", "", "", "", "格", "第6段"]);
    }

    #[test]
    fn a_style_based_on_a_heading_is_a_heading() {
        let styles = read_styles(
            r#"<w:styles xmlns:w="w">
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="BlueSection"><w:name w:val="Blue Section"/><w:basedOn w:val="Heading2"/></w:style>
            <w:style w:type="paragraph" w:styleId="BlueSub"><w:name w:val="Blue Sub"/><w:basedOn w:val="BlueSection"/></w:style>
            <w:style w:type="paragraph" w:styleId="Lead"><w:name w:val="Lead"/><w:basedOn w:val="Heading2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Outline3"><w:name w:val="Outline three"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
            </w:styles>"#,
        )
        .unwrap();
        let level = |id: &str| styles.headings.get(id).copied();
        assert_eq!(level("Heading2"), Some(2));
        assert_eq!(level("BlueSection"), Some(2));
        assert_eq!(level("BlueSub"), Some(2));
        // Outline level 9 is body text: it stops the inherited level.
        assert_eq!(level("Lead"), None);
        assert_eq!(level("Outline3"), Some(3));
        assert_eq!((level("Normal"), level("Loop1")), (None, None));
    }

    #[test]
    fn text_hidden_by_a_style_is_not_copy() {
        let styles = r#"<w:styles xmlns:w="w">
            <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="character" w:styleId="Hid"><w:name w:val="Hid"/><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="HidToo"><w:basedOn w:val="Hid"/><w:rPr><w:b/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Shown"><w:basedOn w:val="Hid"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="HidPara"><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="HidHeading"><w:name w:val="heading 2"/><w:basedOn w:val="HidPara"/></w:style>
            <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
            <w:style w:type="character" w:styleId="Changed"><w:rPr><w:b/><w:rPrChange w:id="1"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr></w:style>
            </w:styles>"#;
        let styles = read_styles(styles).unwrap();
        assert_eq!(styles.headings.get("HidHeading"), Some(&2));
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Hid"/></w:rPr><w:t>保本保息</w:t></w:r><w:r><w:t>一</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:rStyle w:val="HidToo"/></w:rPr><w:t>稳赚</w:t><w:tab/></w:r><w:r><w:rPr><w:rStyle w:val="Shown"/></w:rPr><w:t>二</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:rStyle w:val="Hid"/><w:vanish w:val="0"/></w:rPr><w:t>三</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="HidPara"/></w:pPr><w:r><w:t>理财非存款、产品有风险、投资须谨慎</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>四</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="HidHeading"/></w:pPr><w:r><w:t>隐藏标题</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Loop1"/><w:rPr><w:rStyle w:val="Hid"/></w:rPr></w:pPr><w:r><w:rPr><w:rStyle w:val="Changed"/></w:rPr><w:t>五</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Normal"/><w:pPrChange w:id="2"><w:pPr><w:pStyle w:val="HidPara"/></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="3"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>六</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let mut lines = Vec::new();
        paragraphs("word/document.xml", xml, &styles, "FFFFFF", &mut lines).unwrap();
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(text, ["可见一", "二", "三", "四", "", "五", "六"]);
        // Hidden in the document defaults: everything not shown again.
        let defaults = read_styles(
            r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="character" w:styleId="Shown"><w:rPr><w:vanish w:val="0"/></w:rPr></w:style></w:styles>"#,
        )
        .unwrap();
        let mut lines = Vec::new();
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>一</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Shown"/></w:rPr><w:t>二</w:t></w:r></w:p></w:body></w:document>"#;
        paragraphs("word/document.xml", xml, &defaults, "FFFFFF", &mut lines).unwrap();
        assert_eq!(lines[0].text, "二");
    }

    #[test]
    fn style_levels() {
        assert_eq!(style_level("Heading1"), Some(1));
        assert_eq!(style_level("heading 2"), Some(2));
        assert_eq!(style_level("标题 3"), Some(3));
        assert_eq!(style_level("Title"), Some(1));
        assert_eq!(style_level("Normal"), None);
    }
}
