//! PDF via lopdf: the text layer, page by page. The source is the extracted
//! text (one text line per line, pages in order, their starts in
//! `Document::pages`), so findings point at page and line. Lines are formed
//! here, not by lopdf's extraction (which joins lines moved with `Td` inside
//! one text object and keeps drawing order): each shown string is placed by
//! the text and graphics state, grouped into lines by baseline, lines from
//! the top of the page, strings from the left ([`page_text`]). A PDF without
//! extractable text (a scanned image) is an error, not an empty pass.

use super::DocError;
use super::extract::Extract;
use crate::document::{BlockKind, Document, Format, Metadata};
use std::ops::Range;

/// Content streams of one page may not inflate beyond this.
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

fn corrupt(reason: impl ToString) -> DocError {
    DocError::Corrupt { what: "PDF", reason: reason.to_string() }
}

/// A PDF whose last object is not followed by `%%EOF` was cut short: the
/// cross-reference table and trailer are written last, and every complete
/// revision ends with `%%EOF`. lopdf still reads such a file, rebuilding the
/// table by scanning for objects, and silently leaves out what the cut took
/// (pages, a content stream): the one outcome a checker must not have.
fn truncated(bytes: &[u8]) -> bool {
    let last = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
    match (last(b"%%EOF"), last(b"endobj")) {
        (None, _) => true,
        (Some(eof), Some(obj)) => obj > eof,
        (Some(_), None) => false,
    }
}

/// Whether the catalog says a reader must draw the pages from the XFA form
/// (`/NeedsRendering true`): the pages themselves then hold only a
/// placeholder ("Please wait…"), and reading them would pass the form's
/// text unchecked.
fn dynamic_xfa(doc: &lopdf::Document) -> bool {
    doc.catalog()
        .ok()
        .and_then(|c| c.get(b"NeedsRendering").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_bool().ok())
        .unwrap_or(false)
}

/// The number of pages the page tree's root says the document has (`/Count`).
fn declared_pages(doc: &lopdf::Document) -> Option<u64> {
    let root = doc.catalog().ok()?.get(b"Pages").ok()?.as_reference().ok()?;
    let count = doc.get_dictionary(root).ok()?.get(b"Count").ok()?.as_i64().ok()?;
    u64::try_from(count).ok()
}

fn damaged(reason: String) -> DocError {
    corrupt(format!("{reason} (a truncated or damaged file: re-export it)"))
}

/// The text of each page. Any sign that part of the text was not read — a
/// cut-off end, pages or content streams the page tree names but the file
/// lacks, a page whose text lopdf cannot extract — is an error for the file:
/// a partial read would pass the part that was lost.
fn page_texts(bytes: &[u8]) -> Result<Vec<PageText>, DocError> {
    if !bytes.get(..1024).unwrap_or(bytes).windows(5).any(|w| w == b"%PDF-") {
        return Err(corrupt("no %PDF- header"));
    }
    if truncated(bytes) {
        return Err(damaged("the file does not end with %%EOF after its last object".into()));
    }
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => DocError::Encrypted("PDF"),
        other => corrupt(other),
    })?;
    if doc.is_encrypted() {
        return Err(DocError::Encrypted("PDF"));
    }
    if dynamic_xfa(&doc) {
        return Err(DocError::Invalid(
            "PDF is a dynamic XFA form: a PDF reader draws its pages from the form's XML, and the \
             pages in the file hold only a placeholder, so its text cannot be read: save it as a \
             static PDF (print it to PDF) and check that"
                .into(),
        ));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("no pages"));
    }
    if let Some(declared) = declared_pages(&doc)
        && declared > pages.len() as u64
    {
        return Err(damaged(format!(
            "the page tree lists {declared} pages but only {} could be read",
            pages.len()
        )));
    }
    let mut out = Vec::with_capacity(pages.len());
    for (&number, &id) in &pages {
        if let Some(font) = doc.get_page_fonts(id).ok().and_then(|fonts| unmapped_font(&doc, &fonts)) {
            return Err(DocError::UnmappedFont { page: number, font });
        }
        let missing = doc.get_page_contents(id).into_iter().any(|c| doc.get_object(c).is_err());
        if missing {
            return Err(damaged(format!("page {number}: its content stream is missing")));
        }
        let text = page_text(&doc, id).map_err(|e| match e {
            Failure::Unmapped(font) => DocError::UnmappedFont { page: number, font },
            Failure::Text(e) => corrupt(format!("page {number}: its text cannot be extracted: {e}")),
        })?;
        out.push(text);
    }
    Ok(out)
}

/// A PDF transformation matrix `[a b c d e f]` (ISO 32000-1, 8.3.3): the
/// point `(x, y)` goes to `(a x + c y + e, b x + d y + f)`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// The six numbers of an operator such as `cm` or `Tm`.
    fn of(operands: &[lopdf::Object]) -> Option<Matrix> {
        let mut m = [0.0; 6];
        if operands.len() != 6 {
            return None;
        }
        for (v, o) in m.iter_mut().zip(operands) {
            *v = number(o)?;
        }
        Some(Matrix(m))
    }

    /// `self`, then `next` (the product `self × next` of the PDF reference).
    fn then(self, next: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [na, nb, nc, nd, ne, nf] = next.0;
        Matrix([
            a * na + b * nc,
            a * nb + b * nd,
            c * na + d * nc,
            c * nb + d * nd,
            e * na + f * nc + ne,
            e * nb + f * nd + nf,
        ])
    }

    /// Where the origin goes.
    fn origin(self) -> (f64, f64) {
        (self.0[4], self.0[5])
    }

    /// How long a unit upright in the source becomes (the font size factor).
    fn vertical_scale(self) -> f64 {
        self.0[2].hypot(self.0[3])
    }
}

fn number(o: &lopdf::Object) -> Option<f64> {
    o.as_float().ok().map(f64::from).filter(|v| v.is_finite())
}

/// How far a font's glyphs advance, in thousandths of the font size.
enum Widths {
    /// A simple font's `/Widths` from `/FirstChar`; `/MissingWidth` for the rest.
    Simple { first: i64, widths: Vec<f64>, missing: Option<f64> },
    /// A composite font with two-byte `Identity` codes (the code is the CID):
    /// its `/W` as ranges keyed by their first CID, and `/DW`.
    Cid { ranges: std::collections::BTreeMap<u32, (u32, f64)>, default: f64 },
    /// No widths the codes can be looked up in: estimated from the characters.
    Estimated,
}

/// A font of the page: its encoding (as lopdf decodes text) and widths.
struct Font<'a> {
    encoding: lopdf::Encoding<'a>,
    widths: Widths,
    /// Glyph space to text space (1/1000, or a Type 3 font's `/FontMatrix`).
    scale: f64,
    /// A one-byte font: word spacing applies to code 32.
    simple: bool,
}

impl<'a> Font<'a> {
    fn new(doc: &'a lopdf::Document, dict: &'a lopdf::Dictionary) -> lopdf::Result<Font<'a>> {
        let encoding = dict.get_font_encoding_with_limit(doc, MAX_PAGE_CONTENT)?;
        let deref = |o: &'a lopdf::Object| doc.dereference(o).map(|(_, o)| o).ok();
        let get = |d: &'a lopdf::Dictionary, key: &[u8]| d.get(key).ok().and_then(deref);
        let subtype = dict.get(b"Subtype").and_then(lopdf::Object::as_name).unwrap_or(b"");
        let simple = subtype != b"Type0";
        let widths = if simple {
            let first = get(dict, b"FirstChar").and_then(|o| o.as_i64().ok());
            let widths = get(dict, b"Widths").and_then(|o| o.as_array().ok());
            let missing = get(dict, b"FontDescriptor")
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| get(d, b"MissingWidth"))
                .and_then(number);
            match (first, widths) {
                (Some(first), Some(widths)) => Widths::Simple {
                    first,
                    widths: widths.iter().map(|w| deref(w).and_then(number).unwrap_or(0.0)).collect(),
                    missing,
                },
                _ => Widths::Estimated,
            }
        } else {
            let identity = get(dict, b"Encoding")
                .and_then(|o| o.as_name().ok())
                .is_some_and(|n| n == b"Identity-H" || n == b"Identity-V");
            let descendant = get(dict, b"DescendantFonts")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(deref)
                .and_then(|o| o.as_dict().ok());
            match descendant {
                Some(cid) if identity => {
                    let default = get(cid, b"DW").and_then(number).unwrap_or(1000.0);
                    let w = get(cid, b"W").and_then(|o| o.as_array().ok()).map_or(&[][..], Vec::as_slice);
                    Widths::Cid { ranges: cid_widths(w, deref), default }
                }
                _ => Widths::Estimated,
            }
        };
        let scale = if subtype == b"Type3" {
            get(dict, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .and_then(|m| m.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        Ok(Font { encoding, widths, scale, simple })
    }

    /// How far showing `bytes` (decoded as `text`) moves the text position,
    /// in unscaled text space: glyph widths at the font size, character and
    /// word spacing (ISO 32000-1, 9.4.4).
    fn advance(&self, bytes: &[u8], text: &str, state: &TextState) -> f64 {
        let (width, glyphs, spaces) = match &self.widths {
            Widths::Simple { first, widths, missing } => {
                let width: f64 = bytes
                    .iter()
                    .map(|&b| {
                        usize::try_from(i64::from(b) - first)
                            .ok()
                            .and_then(|i| widths.get(i).copied())
                            .or(*missing)
                            .unwrap_or(if b == b' ' { 250.0 } else { 500.0 })
                    })
                    .sum();
                (width, bytes.len(), bytes.iter().filter(|&&b| b == b' ').count())
            }
            Widths::Cid { ranges, default } => {
                let width: f64 = bytes
                    .chunks_exact(2)
                    .map(|c| {
                        let cid = u32::from(c[0]) << 8 | u32::from(c[1]);
                        match ranges.range(..=cid).next_back() {
                            Some((_, &(last, w))) if cid <= last => w,
                            _ => *default,
                        }
                    })
                    .sum();
                (width, bytes.len() / 2, 0)
            }
            Widths::Estimated => {
                let width: f64 = text.chars().map(estimated_width).sum();
                let spaces = if self.simple { text.chars().filter(|&c| c == ' ').count() } else { 0 };
                (width, text.chars().count(), spaces)
            }
        };
        (width * self.scale * state.size
            + glyphs as f64 * state.char_spacing
            + spaces as f64 * state.word_spacing)
            * state.h_scale
    }
}

/// A guess at a glyph's width (thousandths of the font size) when the font
/// gives none (the standard fonts, predefined CMaps).
fn estimated_width(c: char) -> f64 {
    if c == ' ' {
        250.0
    } else if wide(c) {
        1000.0
    } else {
        500.0
    }
}

/// A composite font's `/W` array: `c [w1 w2 …]` gives CIDs `c`, `c+1`, …
/// their widths; `first last w` gives all of `first..=last` one width.
fn cid_widths<'a>(
    w: &'a [lopdf::Object],
    deref: impl Fn(&'a lopdf::Object) -> Option<&'a lopdf::Object>,
) -> std::collections::BTreeMap<u32, (u32, f64)> {
    let cid = |o: Option<&'a lopdf::Object>| {
        o.and_then(&deref).and_then(|o| o.as_i64().ok()).and_then(|c| u32::try_from(c).ok())
    };
    let mut ranges = std::collections::BTreeMap::new();
    let mut i = 0;
    while let Some(first) = cid(w.get(i)) {
        match w.get(i + 1).and_then(&deref) {
            Some(lopdf::Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let (Ok(k), Some(width)) = (u32::try_from(k), deref(width).and_then(number))
                        && let Some(c) = first.checked_add(k)
                    {
                        ranges.insert(c, (c, width));
                    }
                }
                i += 2;
            }
            _ => {
                let (Some(last), Some(width)) =
                    (cid(w.get(i + 1)), w.get(i + 2).and_then(&deref).and_then(number))
                else {
                    break;
                };
                ranges.insert(first, (last, width));
                i += 3;
            }
        }
    }
    ranges
}

/// Han ideographs, kana, CJK punctuation and full-width forms: text set
/// without spaces between words, so pieces of it are joined without one.
fn wide(c: char) -> bool {
    crate::text::is_cjk(c) || matches!(c as u32, 0x3000..=0x30FF | 0xFF00..=0xFFEF)
}

/// The graphics state the text needs (ISO 32000-1, 8.4 and 9.3): saved by
/// `q`, restored by `Q`.
#[derive(Clone)]
struct TextState {
    ctm: Matrix,
    font: Option<Vec<u8>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
}

/// A string shown on the page: where its baseline starts and ends (x) in
/// page space, its font size there, and its place in the content stream.
#[derive(Debug)]
struct Piece {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    order: usize,
    text: String,
}

/// How much two pieces' baselines may differ (× the larger font size) and
/// still be one line: superscripts and a line's mixed sizes stay on it, the
/// next line (at least about one font size lower) does not.
const LINE_TOLERANCE: f64 = 0.5;

/// A gap wider than this (× the font size) between two pieces on one line is
/// a word space. Kerning in `TJ` arrays stays under about 0.12; TeX's
/// narrowest justified word space is about 0.22.
const WORD_GAP: f64 = 0.2;

/// At most this many `q` are remembered (a content stream may nest them
/// without end); deeper ones are counted so that `Q` still balances.
const MAX_SAVED_STATES: usize = 4096;

/// Form XObjects may nest this deep (a form drawing a form drawing …); a
/// deeper one is an error for the file, as is a form that draws itself.
const MAX_FORM_DEPTH: usize = 12;

/// Why a page's text cannot be read: a composite font without a Unicode map
/// (as `F1 (BaseFont)`, with the form it is in), or anything else.
#[derive(Debug)]
enum Failure {
    Unmapped(String),
    Text(String),
}

impl From<String> for Failure {
    fn from(e: String) -> Failure {
        Failure::Text(e)
    }
}

impl From<&str> for Failure {
    fn from(e: &str) -> Failure {
        Failure::Text(e.into())
    }
}

type Fonts<'a> = std::collections::BTreeMap<Vec<u8>, Font<'a>>;

/// The fonts of a resource list (the first dictionary naming a font wins),
/// each decoded: as lopdf's own extraction, a font whose encoding cannot be
/// read is an error even if no text uses it.
fn fonts<'a>(
    doc: &'a lopdf::Document,
    dicts: std::collections::BTreeMap<Vec<u8>, &'a lopdf::Dictionary>,
) -> Result<Fonts<'a>, String> {
    let mut fonts = Fonts::new();
    for (name, dict) in dicts {
        fonts.insert(name, Font::new(doc, dict).map_err(|e| e.to_string())?);
    }
    Ok(fonts)
}

/// The font dictionaries a `/Resources` dictionary names.
fn resource_fonts<'a>(
    doc: &'a lopdf::Document,
    resources: &'a lopdf::Dictionary,
) -> std::collections::BTreeMap<Vec<u8>, &'a lopdf::Dictionary> {
    let deref = |o: &'a lopdf::Object| doc.dereference(o).map(|(_, o)| o).ok();
    let mut out = std::collections::BTreeMap::new();
    if let Some(fonts) = resources.get(b"Font").ok().and_then(deref).and_then(|o| o.as_dict().ok()) {
        for (name, font) in fonts {
            if let Some(font) = deref(font).and_then(|o| o.as_dict().ok()) {
                out.insert(name.clone(), font);
            }
        }
    }
    out
}

/// The page's resource dictionaries, nearest first (a page inherits its
/// ancestors' `/Resources`), as lopdf looks fonts up in them.
fn page_resources(doc: &lopdf::Document, page: lopdf::ObjectId) -> Result<Vec<&lopdf::Dictionary>, String> {
    let (direct, ids) = doc.get_page_resources(page).map_err(|e| e.to_string())?;
    Ok(direct.into_iter().chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok())).collect())
}

/// A form XObject read for drawing: its operations, their decoded size, its
/// `/Matrix`, and its own resources and fonts (`None`: it has none and uses
/// those of the content that draws it).
struct Form<'a> {
    ops: Vec<lopdf::content::Operation>,
    size: usize,
    matrix: Matrix,
    own: Option<(Vec<&'a lopdf::Dictionary>, Fonts<'a>)>,
}

/// Walks a page's content and the form XObjects it draws, collecting the
/// shown strings of all of them.
struct Walker<'a> {
    doc: &'a lopdf::Document,
    /// How many more bytes of decoded content the page may have (each form
    /// counted every time it is drawn).
    budget: usize,
    pieces: Vec<Piece>,
    /// The forms being drawn, outermost first (`None`: a stream written
    /// into its resources): a form on it that is drawn again draws itself.
    drawing: Vec<Option<lopdf::ObjectId>>,
    /// Forms already read on this page, by object.
    forms: std::collections::HashMap<lopdf::ObjectId, std::rc::Rc<Form<'a>>>,
}

/// The text of one page, a line per text line from the top: each string the
/// content stream (and the form XObjects it draws) shows is placed by the
/// text and graphics state, strings are grouped into lines by their
/// baseline, lines ordered from the top of the page and strings within a
/// line from the left.
fn page_text(doc: &lopdf::Document, page: lopdf::ObjectId) -> Result<PageText, Failure> {
    let fonts = fonts(doc, doc.get_page_fonts(page).map_err(|e| e.to_string())?)?;
    let resources = page_resources(doc, page)?;
    let data = doc.get_page_content_with_limit(page, MAX_PAGE_CONTENT).map_err(|e| e.to_string())?;
    // Strict: the lenient decoder stops at the first thing it cannot parse and
    // drops the rest of the page without an error.
    let content = lopdf::content::Content::decode_strict(&data)
        .map_err(|e| format!("its content stream does not parse ({e})"))?;
    let mut walker = Walker {
        doc,
        budget: MAX_PAGE_CONTENT.saturating_sub(data.len()),
        pieces: Vec::new(),
        drawing: Vec::new(),
        forms: std::collections::HashMap::new(),
    };
    // Placed as the page is shown: a page turned by `/Rotate` (a landscape
    // poster whose content is drawn turned) reads from its shown top.
    let shown = rotation(page_rotation(doc, page));
    let mut state = TextState::new();
    state.ctm = shown;
    walker.walk(&content.operations, &fonts, &resources, state)?;
    walker.annotations(page, &fonts, &resources, shown)?;
    Ok(lay_out(walker.pieces))
}

/// The page's `/Rotate` (its own or inherited from the page tree), in
/// degrees clockwise: 0, 90, 180 or 270.
fn page_rotation(doc: &lopdf::Document, page: lopdf::ObjectId) -> i64 {
    let mut node = doc.get_dictionary(page).ok();
    // The page tree is not trusted to end: a parent loop stops here.
    for _ in 0..64 {
        let Some(dict) = node else { break };
        if let Some(degrees) =
            dict.get(b"Rotate").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_i64().ok())
        {
            return degrees.rem_euclid(360) / 90 * 90;
        }
        node = dict
            .get(b"Parent")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|id| doc.get_dictionary(id).ok());
    }
    0
}

/// Page space to the page as shown, turned `degrees` clockwise (ISO
/// 32000-1, 7.7.3.3: `/Rotate`). Only the directions matter for reading
/// order, so the page is not moved back into view.
fn rotation(degrees: i64) -> Matrix {
    match degrees {
        90 => Matrix([0.0, -1.0, 1.0, 0.0, 0.0, 0.0]),
        180 => Matrix([-1.0, 0.0, 0.0, -1.0, 0.0, 0.0]),
        270 => Matrix([0.0, 1.0, -1.0, 0.0, 0.0, 0.0]),
        _ => Matrix::IDENTITY,
    }
}

/// Annotation flags (ISO 32000-1, 12.5.3) under which a viewer does not
/// show an annotation: Hidden (2) and NoView (32).
const UNSHOWN_ANNOTATION: i64 = 2 | 32;

impl TextState {
    fn new() -> TextState {
        TextState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
        }
    }
}

impl<'a> Walker<'a> {
    /// Places every string the operations show (ISO 32000-1, 9.4), starting
    /// from `state`; `Do` draws a form XObject of `resources` in place.
    fn walk(
        &mut self,
        ops: &[lopdf::content::Operation],
        fonts: &Fonts<'a>,
        resources: &[&'a lopdf::Dictionary],
        mut state: TextState,
    ) -> Result<(), Failure> {
        let mut saved = Vec::new();
        let mut unsaved = 0usize;
        let (mut tm, mut tlm) = (Matrix::IDENTITY, Matrix::IDENTITY);
        for op in ops {
            let num = |i: usize| op.operands.get(i).and_then(number);
            match op.operator.as_str() {
                "q" if saved.len() < MAX_SAVED_STATES => saved.push(state.clone()),
                "q" => unsaved += 1,
                "Q" if unsaved > 0 => unsaved -= 1,
                "Q" => {
                    if let Some(s) = saved.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::of(&op.operands) {
                        state.ctm = m.then(state.ctm);
                    }
                }
                "BT" => (tm, tlm) = (Matrix::IDENTITY, Matrix::IDENTITY),
                "Tm" => {
                    if let Some(m) = Matrix::of(&op.operands) {
                        (tm, tlm) = (m, m);
                    }
                }
                "Td" | "TD" => {
                    if let (Some(tx), Some(ty)) = (num(0), num(1)) {
                        if op.operator == "TD" {
                            state.leading = -ty;
                        }
                        tlm = Matrix::translate(tx, ty).then(tlm);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                    tm = tlm;
                }
                "TL" => state.leading = num(0).unwrap_or(state.leading),
                "Tc" => state.char_spacing = num(0).unwrap_or(state.char_spacing),
                "Tw" => state.word_spacing = num(0).unwrap_or(state.word_spacing),
                "Tz" => state.h_scale = num(0).map_or(state.h_scale, |s| s / 100.0),
                "Tf" => {
                    let font = op.operands.first().ok_or("missing font operand")?;
                    state.font = Some(font.as_name().map_err(|e| e.to_string())?.to_vec());
                    state.size = num(1).unwrap_or(state.size);
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let shown = match op.operator.as_str() {
                        "'" | "\"" => {
                            if op.operator == "\"" {
                                state.word_spacing = num(0).unwrap_or(state.word_spacing);
                                state.char_spacing = num(1).unwrap_or(state.char_spacing);
                            }
                            tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                            tm = tlm;
                            op.operands.last().map(std::slice::from_ref).unwrap_or_default()
                        }
                        _ => &op.operands[..],
                    };
                    show(shown, &mut tm, &state, fonts, &mut self.pieces)?;
                }
                "Do" => {
                    let name = op.operands.first().ok_or("missing XObject operand")?;
                    let name = name.as_name().map_err(|e| e.to_string())?;
                    self.draw(name, fonts, resources, &state)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `/name Do`: a form XObject's content is walked in place, with the
    /// current state (its `/Matrix` applied) as if inside `q … Q`; an image
    /// (or any other XObject) shows no text.
    fn draw(
        &mut self,
        name: &[u8],
        fonts: &Fonts<'a>,
        resources: &[&'a lopdf::Dictionary],
        state: &TextState,
    ) -> Result<(), Failure> {
        let doc = self.doc;
        let shown = String::from_utf8_lossy(name).into_owned();
        let deref = |o: &'a lopdf::Object| doc.dereference(o);
        let entry = resources.iter().find_map(|r| {
            let xobjects = r.get(b"XObject").ok().and_then(|o| deref(o).ok())?.1.as_dict().ok()?;
            xobjects.get(name).ok()
        });
        let Some(entry) = entry else {
            return Err(format!("it draws XObject {shown}, which the page does not have").into());
        };
        let (id, object) = deref(entry).map_err(|e| format!("its XObject {shown} cannot be read ({e})"))?;
        // Not a stream, or not a form (an image, a PostScript XObject): no text.
        let Ok(stream) = object.as_stream() else { return Ok(()) };
        if !stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name).is_ok_and(|s| s == b"Form") {
            return Ok(());
        }
        self.draw_form(id, stream, &shown, fonts, resources, state)
    }

    /// Walks form XObject `stream` (object `id`, named `shown` in messages)
    /// in place, with `state` (its `/Matrix` applied).
    fn draw_form(
        &mut self,
        id: Option<lopdf::ObjectId>,
        stream: &'a lopdf::Stream,
        shown: &str,
        fonts: &Fonts<'a>,
        resources: &[&'a lopdf::Dictionary],
        state: &TextState,
    ) -> Result<(), Failure> {
        let shown = shown.to_string();
        if id.is_some() && self.drawing.contains(&id) {
            return Err(format!("form XObject {shown} draws itself").into());
        }
        if self.drawing.len() >= MAX_FORM_DEPTH {
            return Err(format!("form XObjects nested more than {MAX_FORM_DEPTH} deep (at {shown})").into());
        }
        let form = match id.and_then(|id| self.forms.get(&id)) {
            Some(form) => form.clone(),
            None => {
                let form = std::rc::Rc::new(self.read_form(stream, &shown)?);
                if let Some(id) = id {
                    self.forms.insert(id, form.clone());
                }
                form
            }
        };
        // Counted every time it is drawn: the work of a page is bounded even
        // when forms draw forms many times over.
        self.budget = self.budget.checked_sub(form.size).ok_or_else(|| {
            format!("its content with the forms it draws inflates beyond {} MiB", MAX_PAGE_CONTENT >> 20)
        })?;
        let mut inner = state.clone();
        inner.ctm = form.matrix.then(state.ctm);
        let (resources, fonts) = match &form.own {
            Some((resources, fonts)) => (&resources[..], fonts),
            None => (resources, fonts),
        };
        self.drawing.push(id);
        let walked = self.walk(&form.ops, fonts, resources, inner);
        self.drawing.pop();
        walked.map_err(|e| match e {
            Failure::Text(e) => Failure::Text(format!("in form XObject {shown}: {e}")),
            unmapped => unmapped,
        })
    }

    /// Decodes and parses a form's content, and reads its matrix and fonts.
    fn read_form(&self, stream: &'a lopdf::Stream, shown: &str) -> Result<Form<'a>, Failure> {
        let doc = self.doc;
        let data = stream.get_plain_content_with_limit(self.budget).map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                format!("its content with the forms it draws inflates beyond {} MiB", MAX_PAGE_CONTENT >> 20)
            }
            e => format!("the content of form XObject {shown} cannot be decoded ({e})"),
        })?;
        let content = lopdf::content::Content::decode_strict(&data)
            .map_err(|e| format!("the content stream of form XObject {shown} does not parse ({e})"))?;
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .and_then(|a| {
                let numbers: Vec<lopdf::Object> =
                    a.iter().filter_map(|o| doc.dereference(o).ok()).map(|(_, o)| o.clone()).collect();
                Matrix::of(&numbers)
            })
            .unwrap_or(Matrix::IDENTITY);
        let own = match stream.dict.get(b"Resources").ok().and_then(|o| doc.dereference(o).ok()) {
            Some((_, lopdf::Object::Dictionary(resources))) => {
                let dicts = resource_fonts(doc, resources);
                if let Some(font) = unmapped_font(doc, &dicts) {
                    return Err(Failure::Unmapped(format!("{font} in form XObject {shown}")));
                }
                let fonts = fonts(doc, dicts).map_err(|e| format!("in form XObject {shown}: {e}"))?;
                Some((vec![resources], fonts))
            }
            _ => None,
        };
        Ok(Form { ops: content.operations, size: data.len(), matrix, own })
    }
}

impl<'a> Walker<'a> {
    /// The text the page's annotations show over it (QA pass 13 item 4): a
    /// filled-in form field shows its value through its widget's appearance
    /// stream, a form drawn by the annotation, not by the page's content; a
    /// free-text note and a stamp the same way. Each is drawn where the
    /// annotation's `/Rect` puts it, unless the annotation is hidden. A
    /// field's value (`/V`) is read instead when there is no appearance or
    /// the form asks the viewer to draw the values anew (`/NeedAppearances`).
    fn annotations(
        &mut self,
        page: lopdf::ObjectId,
        fonts: &Fonts<'a>,
        resources: &[&'a lopdf::Dictionary],
        shown: Matrix,
    ) -> Result<(), Failure> {
        let doc = self.doc;
        let deref = |o: &'a lopdf::Object| doc.dereference(o).ok();
        let Some(annots) = doc
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .and_then(deref)
            .and_then(|(_, o)| o.as_array().ok())
        else {
            return Ok(());
        };
        let redraw = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"AcroForm").ok())
            .and_then(deref)
            .and_then(|(_, o)| o.as_dict().ok())
            .and_then(|f| f.get(b"NeedAppearances").ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false);
        for (n, annot) in annots.iter().enumerate() {
            let Some(annot) = deref(annot).and_then(|(_, o)| o.as_dict().ok()) else { continue };
            let subtype = annot.get(b"Subtype").and_then(lopdf::Object::as_name).unwrap_or(b"");
            let flags = annot.get(b"F").ok().and_then(deref).and_then(|(_, o)| o.as_i64().ok()).unwrap_or(0);
            // A pop-up shows another annotation's note, not page text.
            if subtype == b"Popup" || flags & UNSHOWN_ANNOTATION != 0 {
                continue;
            }
            let Some(rect) = annot.get(b"Rect").ok().and_then(deref).and_then(|(_, o)| rectangle(doc, o))
            else {
                continue;
            };
            let field = (subtype == b"Widget").then(|| field_value(doc, annot)).flatten();
            let name = field_name(doc, annot).map_or_else(
                || format!("the appearance of annotation {}", n + 1),
                |f| format!("the appearance of form field `{f}`"),
            );
            match (appearance(doc, annot), field) {
                (Some((id, stream)), field) if !(redraw && field.is_some()) => {
                    let matrix = stream
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(deref)
                        .and_then(|(_, o)| o.as_array().ok())
                        .and_then(|a| {
                            let numbers: Vec<lopdf::Object> =
                                a.iter().filter_map(deref).map(|(_, o)| o.clone()).collect();
                            Matrix::of(&numbers)
                        })
                        .unwrap_or(Matrix::IDENTITY);
                    let bbox =
                        stream.dict.get(b"BBox").ok().and_then(deref).and_then(|(_, o)| rectangle(doc, o));
                    let mut state = TextState::new();
                    state.ctm = fit(bbox.map(|b| transformed(b, matrix)), rect).then(shown);
                    self.draw_form(id, stream, &name, fonts, resources, &state)?;
                }
                (_, Some(value)) => self.place_value(&value, rect, font_size(doc, annot), shown),
                _ => {}
            }
        }
        Ok(())
    }

    /// A field's value written in its rectangle, a line per line of the
    /// value, as a viewer draws it when the field has no appearance.
    fn place_value(&mut self, value: &str, rect: [f64; 4], size: Option<f64>, shown: Matrix) {
        let [x0, y0, x1, y1] = rect;
        let size = size.unwrap_or_else(|| ((y1 - y0) * 0.6).clamp(4.0, 12.0));
        for (k, line) in value.split(['\r', '\n']).filter(|l| !l.trim().is_empty()).enumerate() {
            let text: String = line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            let width: f64 = text.chars().map(estimated_width).sum::<f64>() / 1000.0 * size;
            let y = y1 - size * 1.2 * (k as f64 + 1.0);
            let at = Matrix::translate(x0.min(x1) + 2.0, y).then(shown);
            let end = Matrix::translate(x0.min(x1) + 2.0 + width, y).then(shown);
            let (x, y) = at.origin();
            let size = size * shown.vertical_scale();
            self.pieces.push(Piece { x, y, end: end.origin().0, size, order: self.pieces.len(), text });
        }
    }
}

/// The four numbers of a rectangle (`/Rect`, `/BBox`), ordered as
/// lower-left and upper-right corners.
fn rectangle(doc: &lopdf::Document, o: &lopdf::Object) -> Option<[f64; 4]> {
    let a = o.as_array().ok()?;
    let n: Vec<f64> = a.iter().filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| number(o))).collect();
    match n.as_slice() {
        [x0, y0, x1, y1] => Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)]),
        _ => None,
    }
}

/// The box `rect` becomes under `m`.
fn transformed(rect: [f64; 4], m: Matrix) -> [f64; 4] {
    let [x0, y0, x1, y1] = rect;
    let corners =
        [(x0, y0), (x0, y1), (x1, y0), (x1, y1)].map(|(x, y)| Matrix::translate(x, y).then(m).origin());
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

/// The matrix that fits an appearance's box into the annotation's
/// rectangle (ISO 32000-1, 12.5.5: the box as transformed by `/Matrix`,
/// scaled and moved onto `/Rect`).
fn fit(bbox: Option<[f64; 4]>, rect: [f64; 4]) -> Matrix {
    let Some([bx0, by0, bx1, by1]) = bbox else { return Matrix::translate(rect[0], rect[1]) };
    let scale = |r: f64, b: f64| if b.abs() > f64::EPSILON { r / b } else { 1.0 };
    let sx = scale(rect[2] - rect[0], bx1 - bx0);
    let sy = scale(rect[3] - rect[1], by1 - by0);
    Matrix([sx, 0.0, 0.0, sy, rect[0] - sx * bx0, rect[1] - sy * by0])
}

/// An annotation's normal appearance: `/AP /N`, a form, or for a check box
/// or radio button the form of its state (`/AS`).
fn appearance<'a>(
    doc: &'a lopdf::Document,
    annot: &'a lopdf::Dictionary,
) -> Option<(Option<lopdf::ObjectId>, &'a lopdf::Stream)> {
    let deref = |o: &'a lopdf::Object| doc.dereference(o).ok();
    let ap = annot.get(b"AP").ok().and_then(deref)?.1.as_dict().ok()?;
    let (id, normal) = deref(ap.get(b"N").ok()?)?;
    match normal {
        lopdf::Object::Stream(stream) => Some((id, stream)),
        lopdf::Object::Dictionary(states) => {
            let state = annot.get(b"AS").ok().and_then(|o| o.as_name().ok())?;
            let (id, form) = deref(states.get(state).ok()?)?;
            Some((id, form.as_stream().ok()?))
        }
        _ => None,
    }
}

/// A form field's entry `key`: the widget's own, or inherited from the
/// field above it (a widget is often the child of its field).
fn field_entry<'a>(
    doc: &'a lopdf::Document,
    annot: &'a lopdf::Dictionary,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut node = Some(annot);
    for _ in 0..32 {
        let dict = node?;
        if let Ok(v) = dict.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        node = dict
            .get(b"Parent")
            .ok()
            .and_then(|p| doc.dereference(p).ok())
            .and_then(|(_, o)| o.as_dict().ok());
    }
    None
}

/// The text a text or choice field holds (`/V`; a list of choices is a
/// line each). Check boxes and buttons hold a state, not text.
fn field_value(doc: &lopdf::Document, annot: &lopdf::Dictionary) -> Option<String> {
    let kind = field_entry(doc, annot, b"FT").and_then(|o| o.as_name().ok())?;
    if kind != b"Tx" && kind != b"Ch" {
        return None;
    }
    let value = match field_entry(doc, annot, b"V")? {
        lopdf::Object::Array(items) => items
            .iter()
            .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| lopdf::decode_text_string(o).ok()))
            .collect::<Vec<_>>()
            .join("\n"),
        v => lopdf::decode_text_string(v).ok()?,
    };
    (!value.trim().is_empty()).then_some(value)
}

/// A field's name (`/T`), for messages.
fn field_name(doc: &lopdf::Document, annot: &lopdf::Dictionary) -> Option<String> {
    field_entry(doc, annot, b"T").and_then(|o| lopdf::decode_text_string(o).ok())
}

/// The font size a field's default appearance (`/DA`, `/Helv 10 Tf`) sets;
/// `None` for 0 (fit to the box) or none.
fn font_size(doc: &lopdf::Document, annot: &lopdf::Dictionary) -> Option<f64> {
    let da = field_entry(doc, annot, b"DA").and_then(|o| o.as_str().ok())?;
    let da = String::from_utf8_lossy(da);
    let words: Vec<&str> = da.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "Tf")?;
    words.get(at.checked_sub(1)?)?.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0)
}

/// Places the strings of a show operator's operands (`TJ` arrays: their
/// numbers move the position back by thousandths of the font size).
fn show(
    operands: &[lopdf::Object],
    tm: &mut Matrix,
    state: &TextState,
    fonts: &std::collections::BTreeMap<Vec<u8>, Font>,
    pieces: &mut Vec<Piece>,
) -> Result<(), String> {
    for operand in operands {
        match operand {
            lopdf::Object::String(bytes, _) => {
                let font = match &state.font {
                    Some(name) => fonts.get(name).ok_or_else(|| {
                        format!(
                            "text in font {}, which the page does not have",
                            String::from_utf8_lossy(name)
                        )
                    })?,
                    None => return Err("text shown before a font is chosen".into()),
                };
                let text = font.encoding.bytes_to_string(bytes).map_err(|e| e.to_string())?;
                let at = tm.then(state.ctm);
                *tm = Matrix::translate(font.advance(bytes, &text, state), 0.0).then(*tm);
                let (x, y) = at.origin();
                let end = tm.then(state.ctm).origin().0;
                let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                if !text.is_empty() {
                    let size = (state.size * at.vertical_scale()).abs();
                    pieces.push(Piece { x, y, end, size, order: pieces.len(), text });
                }
            }
            lopdf::Object::Array(inner) => show(inner, tm, state, fonts, pieces)?,
            other => {
                if let Some(n) = number(other) {
                    *tm = Matrix::translate(-n / 1000.0 * state.size * state.h_scale, 0.0).then(*tm);
                }
            }
        }
    }
    Ok(())
}

/// The text of one page, and where each shown string landed in it with its
/// font size (for fine print, which is judged against the whole document's
/// body size).
#[derive(Debug, Default)]
struct PageText {
    text: String,
    sizes: Vec<(Range<usize>, f64)>,
}

/// Type below this size (points on the page) is fine print whatever the
/// body size: under 6 pt is small print by any standard.
const FINE_PRINT_PT: f64 = 6.0;

/// Type at most this fraction of the body size is fine print (a 5-pt
/// warning under 11-pt copy; a 7-pt footnote under 12-pt copy).
const FINE_PRINT_RATIO: f64 = 0.6;

/// The body size of a document: the font size of the median character of
/// its text (the size most of the copy is set in; headings and footnotes
/// are too few characters to move it).
fn body_size(pages: &[PageText]) -> f64 {
    let mut sized: Vec<(f64, usize)> = pages
        .iter()
        .flat_map(|p| {
            p.sizes.iter().map(|(r, size)| (*size, p.text.get(r.clone()).map_or(0, |t| t.chars().count())))
        })
        .filter(|(size, n)| size.is_finite() && *n > 0)
        .collect();
    sized.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = sized.iter().map(|(_, n)| n).sum();
    let mut seen = 0;
    for (size, n) in sized {
        seen += n;
        if seen * 2 >= total {
            return size;
        }
    }
    0.0
}

/// The ranges of a page's text set in fine print: strings under
/// [`FINE_PRINT_PT`] or at most [`FINE_PRINT_RATIO`] of the body size,
/// consecutive ones (with only spaces or line breaks between them) joined,
/// so a warning wrapped over two small lines is one piece of fine print.
fn fine_print(page: &PageText, body: f64) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut small: Vec<Range<usize>> = page
        .sizes
        .iter()
        .filter(|(_, size)| *size < FINE_PRINT_PT || *size <= FINE_PRINT_RATIO * body)
        .map(|(r, _)| r.clone())
        .collect();
    small.sort_by_key(|r| r.start);
    for r in small {
        match out.last_mut() {
            Some(last)
                if last.end <= r.start
                    && page.text.get(last.end..r.start).is_some_and(|gap| gap.trim().is_empty()) =>
            {
                last.end = r.end
            }
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The pieces as lines from the top of the page (larger y first), each
/// from the left, with a space where two pieces of a line are a word gap
/// apart — unless the text on either side is CJK, set without spaces, and
/// the right one was drawn after the left one (drawn before it, it is
/// separate text placed there, such as another column).
///
/// Where consecutive lines share a gutter (columns set side by side), the
/// run of lines is read column by column instead: the left column's lines
/// top to bottom, then the right column's ([`Gutter`]). Read across, a
/// sentence wrapped within the left column would be broken by the right
/// column's text (`本产品保` … `本保息` on the next line is never `保本保息`),
/// and the two columns' lines would join into phrases nobody wrote.
fn lay_out(mut pieces: Vec<Piece>) -> PageText {
    pieces.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.order.cmp(&b.order)));
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    for p in pieces {
        match lines.last_mut() {
            Some(line) if line[0].y - p.y <= LINE_TOLERANCE * line[0].size.max(p.size) => line.push(p),
            _ => lines.push(vec![p]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.order.cmp(&b.order)));
    }
    let mut out = PageText::default();
    read_lines(lines, &mut out);
    out
}

/// Writes lines (each sorted from the left) from the top; a run of lines
/// that a gutter splits is written as its left column and then its right
/// one, each read the same way (so a third column is the right one's own).
fn read_lines(mut lines: Vec<Vec<Piece>>, out: &mut PageText) {
    // Lines before `written` are in `out`; a run of columns found at `i`
    // may reach back over lines not yet written.
    let (mut written, mut i) = (0, 0);
    while i < lines.len() {
        let Some((gutter, count)) = Gutter::below(&lines[i..]) else {
            i += 1;
            continue;
        };
        // A column that starts higher than the other: its first lines,
        // text on one side only, belong to the run, unless set apart from
        // it (a header at the top of the page).
        let pitch = line_pitch(&lines[i..i + count]);
        let mut start = i;
        while start > written
            && gutter.through(&lines[start - 1]).is_some_and(|(_, both)| both.is_none())
            && !set_apart(&lines[start - 1], &lines[start], pitch)
        {
            start -= 1;
        }
        for line in &lines[written..start] {
            write_line(line, out);
        }
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for line in &mut lines[start..i + count] {
            let (l, r): (Vec<Piece>, Vec<Piece>) =
                std::mem::take(line).into_iter().partition(|p| gutter.side(p) == Side::Left);
            left.extend((!l.is_empty()).then_some(l));
            right.extend((!r.is_empty()).then_some(r));
        }
        read_lines(left, out);
        read_lines(right, out);
        i += count;
        written = i;
    }
    for line in &lines[written..] {
        write_line(line, out);
    }
}

fn write_line(line: &[Piece], page: &mut PageText) {
    let mut end = f64::NEG_INFINITY;
    let mut prev: Option<&Piece> = None;
    let out = &mut page.text;
    for p in line {
        if let (Some(prev), Some(a), Some(b)) = (prev, out.chars().next_back(), p.text.chars().next()) {
            let gap = p.x - end > WORD_GAP * prev.size.max(p.size);
            let joined = wide(a) || wide(b);
            if gap && !a.is_whitespace() && !b.is_whitespace() && (!joined || p.order < prev.order) {
                out.push(' ');
            }
        }
        let start = out.len();
        out.push_str(&p.text);
        page.sizes.push((start..out.len(), p.size));
        end = end.max(p.end);
        prev = Some(p);
    }
    out.push('\n');
}

/// A gap this wide (× the font size) between two pieces of a line may be a
/// gutter between columns: wider than any word space (a loose justified
/// line stays under about 0.6), as narrow as gutters get (about 1 em).
const GUTTER_GAP: f64 = 0.9;

/// A run of lines is read as two columns only when at least this many of
/// its lines have text on both sides of the gutter: one line with a wide
/// gap is a label and its value, or a heading and a page number.
const GUTTER_LINES: usize = 3;

/// Each column of a run read as columns must be at least this wide (× the
/// font size) on average over its two-sided lines: a table's narrow cells
/// (`风险等级` … `R2`) are read row by row, as a reader reads a table.
const COLUMN_WIDTH: f64 = 8.0;

/// In a run read as columns, the median left-hand line must be at least
/// this share of the longest: column text fills its column, table labels
/// do not.
const FULL_COLUMN: f64 = 0.75;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Side {
    Left,
    Right,
}

/// An empty vertical band between two columns, from `left` (where the left
/// column's text ends at the latest) to `right` (where the right column's
/// starts at the earliest).
#[derive(Clone, Copy, Debug)]
struct Gutter {
    left: f64,
    right: f64,
}

impl Gutter {
    /// Which column a piece of a line the gutter ran through is in.
    fn side(&self, p: &Piece) -> Side {
        if p.x < self.left { Side::Left } else { Side::Right }
    }

    /// The gutter of the columns starting at `lines[0]`, and how many lines
    /// they run for: the band that the first line's wide gaps leave, narrowed
    /// by each following line that leaves it open (text on one side only, or
    /// on both with its own gap there), until a line crosses it (a heading
    /// across the page) or it closes.
    fn below(lines: &[Vec<Piece>]) -> Option<(Gutter, usize)> {
        let first = lines.first()?;
        first.windows(2).find_map(|pair| {
            let size = pair[0].size.max(pair[1].size);
            let start_end =
                first.iter().take_while(|p| p.x <= pair[0].x).map(|p| p.end).fold(f64::MIN, f64::max);
            if pair[1].x - start_end <= GUTTER_GAP * size {
                return None;
            }
            let mut gutter = Gutter { left: start_end, right: pair[1].x };
            let mut count = 0;
            let mut rows: Vec<Row> = Vec::new();
            for line in lines {
                let Some((narrowed, row)) = gutter.through(line) else { break };
                // A line set far below the columns (a footer at the foot of
                // the page, however short) ends them and stays in its place.
                if count >= 2 && set_apart(&lines[count - 1], line, line_pitch(&lines[..count])) {
                    break;
                }
                gutter = narrowed;
                count += 1;
                rows.extend(row);
            }
            let both = rows.len();
            if both < GUTTER_LINES {
                return None;
            }
            let wide = |total: f64| total / both as f64 >= COLUMN_WIDTH * size;
            // Text set in a column fills it: most left-hand lines reach the
            // gutter. A table's labels (`风险等级：`, `业绩比较基准（年化）：`)
            // are as long as they happen to be, and mostly end in a colon.
            // Justified text stretches every word gap of a line alike, so on
            // most lines its "gutter" is no wider than the gaps before it.
            // (A column's odd heading ending in `：` or tab-stop line is
            // outvoted, not a break in the column.)
            let mut lefts: Vec<f64> = rows.iter().map(|r| r.left_width).collect();
            lefts.sort_by(f64::total_cmp);
            let full = lefts[both / 2] >= FULL_COLUMN * lefts[both - 1];
            let labels = rows.iter().filter(|r| r.label).count();
            let spaced = rows.iter().filter(|r| r.spaced).count();
            let columns = wide(lefts.iter().sum())
                && wide(rows.iter().map(|r| r.right_width).sum())
                && full
                && labels * 2 < both
                && spaced * 2 < both;
            columns.then_some((gutter, count))
        })
    }

    /// The gutter narrowed to stay clear of `line`, and what the line is
    /// like on each side when it has text on both; `None` when the line
    /// crosses the gutter or leaves less than a gutter's width of it.
    fn through(&self, line: &[Piece]) -> Option<(Gutter, Option<Row>)> {
        let size = line.iter().map(|p| p.size).fold(0.0, f64::max);
        let mut narrowed = *self;
        let (mut left, mut right) = (None::<(f64, f64)>, None::<(f64, f64)>);
        // The widest gap between pieces left of the gutter (right of it, a
        // wide gap may be the next gutter: three columns).
        let mut inner_gap: f64 = 0.0;
        for p in line {
            let side = if p.x < self.left && p.end <= self.right {
                narrowed.left = narrowed.left.max(p.end);
                if let Some((_, end)) = left {
                    inner_gap = inner_gap.max(p.x - end);
                }
                &mut left
            } else if p.x >= self.left && p.end > self.right {
                narrowed.right = narrowed.right.min(p.x);
                &mut right
            } else {
                return None;
            };
            *side = Some(side.map_or((p.x, p.end), |(a, b)| (a.min(p.x), b.max(p.end))));
        }
        if narrowed.right - narrowed.left <= GUTTER_GAP * size {
            return None;
        }
        let row = match (left, right) {
            (Some(l), Some(r)) => Some(Row {
                left_width: l.1 - l.0,
                right_width: r.1 - r.0,
                label: line
                    .iter()
                    .rfind(|p| p.x < self.left)
                    .is_some_and(|p| p.text.trim_end().ends_with([':', '：'])),
                spaced: inner_gap * 2.0 > r.0 - l.1,
            }),
            _ => None,
        };
        Some((narrowed, row))
    }
}

/// A line this many line pitches or more below the line before it is set
/// apart from it: a paragraph break, even with a blank line, is under
/// three; a footer at the foot of the page is dozens.
const SET_APART_PITCHES: f64 = 4.0;

/// The usual distance between the baselines of consecutive lines (their
/// median), or 0 for fewer than two lines.
fn line_pitch(lines: &[Vec<Piece>]) -> f64 {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .filter_map(|w| Some(w[0].first()?.y - w[1].first()?.y))
        .filter(|g| g.is_finite() && *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(0.0)
}

/// Whether `lower` is set far below `upper` for lines `pitch` apart (and at
/// least a few font sizes: a pitch is never taken as under one size).
fn set_apart(upper: &[Piece], lower: &[Piece], pitch: f64) -> bool {
    let (Some(u), Some(l)) = (upper.first(), lower.first()) else { return false };
    let size = upper.iter().chain(lower).map(|p| p.size).fold(0.0, f64::max);
    pitch > 0.0 && u.y - l.y > SET_APART_PITCHES * pitch.max(size)
}

/// A line with text on both sides of a gutter, as [`Gutter::below`] weighs it.
struct Row {
    left_width: f64,
    right_width: f64,
    /// The left-hand text ends in a colon: a label, its value on the right.
    label: bool,
    /// The gap at the gutter is at most twice as wide as a gap before it.
    spaced: bool,
}

/// A composite (`Type0`, two-byte) font of the page whose codes lopdf has
/// no Unicode map for, as `F1 (BaseFont)`. Without a `ToUnicode` map it can
/// parse (or a predefined Unicode CMap), lopdf falls back to a one-byte
/// standard encoding and returns other characters than the page shows,
/// without an error: `保本` would not be found, and the page would pass.
fn unmapped_font(
    doc: &lopdf::Document,
    fonts: &std::collections::BTreeMap<Vec<u8>, &lopdf::Dictionary>,
) -> Option<String> {
    fonts.iter().find_map(|(name, font)| {
        let composite = font.get(b"Subtype").and_then(lopdf::Object::as_name).is_ok_and(|s| s == b"Type0");
        let mapped = match font.get_font_encoding_with_limit(doc, MAX_PAGE_CONTENT) {
            Ok(lopdf::Encoding::UnicodeMapEncoding(_)) => true,
            // Predefined CMaps: the UCS-2 ones decode, the others fail
            // loudly when the text is extracted.
            Ok(lopdf::Encoding::SimpleEncoding(_)) => true,
            _ => false,
        };
        (composite && !mapped).then(|| {
            let base = font.get(b"BaseFont").and_then(lopdf::Object::as_name).ok();
            let name = String::from_utf8_lossy(name);
            match base {
                Some(base) => format!("{name} ({})", String::from_utf8_lossy(base)),
                None => name.into_owned(),
            }
        })
    })
}

pub fn load(name: &str, bytes: &[u8], metadata: Metadata) -> Result<Document, DocError> {
    // lopdf is a large parser of untrusted input: a panic in it becomes a
    // per-file error instead of taking the whole run down.
    let texts = std::panic::catch_unwind(|| page_texts(bytes))
        .map_err(|_| corrupt("the PDF parser failed on this file"))??;
    if texts.iter().all(|t| t.text.trim().is_empty()) {
        return Err(DocError::NoTextLayer);
    }
    // Type well below the body size is fine print (QA pass 8 item 6): a
    // risk warning set in it is not prominent, as in HTML `<small>`.
    let body = body_size(&texts);
    let mut source = String::new();
    let mut pages = Vec::with_capacity(texts.len());
    // Per page, the fine print in `source`.
    let mut fine: Vec<Vec<Range<usize>>> = Vec::with_capacity(texts.len());
    for page in &texts {
        pages.push(source.len());
        let small = fine_print(page, body);
        let mut page_fine: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        for line in page.text.split_inclusive('\n') {
            let shown = line.trim_end();
            let line_range = at..at + shown.len();
            at += line.len();
            if shown.is_empty() {
                continue;
            }
            let start = source.len();
            source.push_str(shown);
            source.push('\n');
            for r in small.iter().filter(|r| r.start < line_range.end && r.end > line_range.start) {
                let from = start + r.start.max(line_range.start) - line_range.start;
                // Fine print going on past the line takes its line break along,
                // so the two lines' pieces join into one range.
                let to = if r.end > line_range.end { source.len() } else { start + r.end - line_range.start };
                match page_fine.last_mut() {
                    Some(last) if last.end == from => last.end = to,
                    _ => page_fine.push(from..to),
                }
            }
        }
        fine.push(page_fine);
    }
    // Each page is a block; within it, blank lines separate paragraphs and
    // line breaks are soft.
    let mut x = Extract::new(&source, false);
    for (i, &start) in pages.iter().enumerate() {
        let end = pages.get(i + 1).copied().unwrap_or(source.len());
        x.begin(BlockKind::Paragraph);
        x.verbatim_with_fine_print(start..end, fine.get(i).map_or(&[][..], Vec::as_slice));
        x.end();
    }
    let fine_print = x.take_fine_print();
    let (text, map, blocks) = x.finish();
    let mut doc = Document::extracted(name, Format::Pdf, source, (text, map, blocks), metadata, Vec::new());
    doc.pages = pages;
    doc.fine_print = fine_print;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF with one Helvetica text page per entry of `pages` (`None`: a
    /// page whose content stream is missing), its page tree claiming `count`
    /// pages, with a correct cross-reference table and trailer.
    fn pdf(pages: &[Option<&str>], count: usize) -> Vec<u8> {
        let shown: Vec<Option<String>> = pages.iter().map(|p| p.map(|t| format!("({t})"))).collect();
        let shown: Vec<Option<&str>> = shown.iter().map(Option::as_deref).collect();
        pdf_in(HELVETICA, None, &shown, count)
    }

    const HELVETICA: &str =
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

    /// [`pdf`] with font `F1` (object 3) given, an optional stream as object
    /// 4 (for the font to refer to), and each page's `Tj` operand as written.
    fn pdf_in(font: &str, stream_4: Option<&str>, pages: &[Option<&str>], count: usize) -> Vec<u8> {
        let streams: Vec<Option<String>> =
            pages.iter().map(|p| p.map(|t| format!("BT /F1 12 Tf 72 800 Td {t} Tj ET"))).collect();
        let streams: Vec<Option<&str>> = streams.iter().map(Option::as_deref).collect();
        pdf_of(font, stream_4, &streams, count)
    }

    /// [`pdf_in`] with each page's whole content stream given.
    fn pdf_of(font: &str, stream_4: Option<&str>, pages: &[Option<&str>], count: usize) -> Vec<u8> {
        let objects: Vec<String> = stream_4.map(|s| stream("", s)).into_iter().collect();
        pdf_with(font, &objects, "", pages, count)
    }

    /// A stream object with `dict`'s entries and its `/Length`.
    fn stream(dict: &str, content: &str) -> String {
        format!("<< {dict} /Length {} >>\nstream\n{content}\nendstream", content.len())
    }

    /// A form XObject showing `content`, with `extra` entries (`/Matrix`,
    /// `/Resources`).
    fn form(extra: &str, content: &str) -> String {
        stream(&format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {extra}"), content)
    }

    /// [`pdf_of`] with `objects` as objects 4, 5, … and `xobjects` (such as
    /// `/Fm1 4 0 R`) as each page's `/XObject` resources.
    fn pdf_with(
        font: &str,
        objects: &[String],
        xobjects: &str,
        pages: &[Option<&str>],
        count: usize,
    ) -> Vec<u8> {
        pdf_full(font, objects, xobjects, ["", "", ""], pages, count)
    }

    /// [`pdf_with`] with entries added to each page's dictionary, to the
    /// page tree's root and to the catalog (`extra`, in that order).
    fn pdf_full(
        font: &str,
        objects: &[String],
        xobjects: &str,
        extra: [&str; 3],
        pages: &[Option<&str>],
        count: usize,
    ) -> Vec<u8> {
        let [page_extra, tree_extra, catalog_extra] = extra;
        let mut objects: Vec<String> =
            [String::new(), String::new(), font.into()].into_iter().chain(objects.iter().cloned()).collect();
        let mut kids = Vec::new();
        for text in pages {
            let content = objects.len() + 1;
            match text {
                Some(stream) => {
                    objects.push(format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()));
                }
                None => objects.push("<< /Type /Placeholder >>".into()),
            }
            kids.push(objects.len() + 1);
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >> /Contents {} 0 R {page_extra} >>",
                if text.is_some() { content } else { 99 }
            ));
        }
        objects[0] = format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>");
        let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
        objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {count} {tree_extra} >>", kids.join(" "));
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
        }
        let xref = out.len();
        out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
        for o in offsets {
            out.push_str(&format!("{o:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        ));
        out.into_bytes()
    }

    fn error(bytes: &[u8]) -> String {
        load("t.pdf", bytes, Metadata::new()).unwrap_err().to_string()
    }

    #[test]
    fn complete_pdfs_are_read_page_by_page() {
        let doc =
            load("t.pdf", &pdf(&[Some("Invest today."), Some("Risk-free!")], 2), Metadata::new()).unwrap();
        assert_eq!(doc.source, "Invest today.\nRisk-free!\n");
        assert_eq!(doc.pages, [0, 14]);
        // Bytes after %%EOF that hold no object (a trailing newline, padding) are fine.
        let mut padded = pdf(&[Some("Invest today.")], 1);
        padded.extend_from_slice(b"\r\n\0\0");
        assert!(load("t.pdf", &padded, Metadata::new()).is_ok());
    }

    #[test]
    fn a_pdf_cut_short_is_an_error() {
        let whole = pdf(&[Some("Invest today."), Some("Guaranteed returns, risk-free!")], 2);
        let text = String::from_utf8(whole.clone()).unwrap();
        // Before the second page's objects, inside its content, after the last
        // object (cross-reference table lost), and inside the trailer.
        for cut in [
            text.find("4 0 obj").unwrap(),
            text.find("(Guaranteed").unwrap(),
            text.find("xref").unwrap(),
            text.find("startxref").unwrap(),
        ] {
            let e = error(&whole[..cut]);
            assert!(
                e.starts_with("corrupt PDF: the file does not end with %%EOF after its last object"),
                "{cut}: {e}"
            );
        }
        // An update appended after %%EOF and cut before its own %%EOF.
        let mut updated = whole.clone();
        updated.extend_from_slice(b"7 0 obj\n<< /Type /Page >>\nendobj\n");
        assert!(error(&updated).contains("does not end with %%EOF"));
    }

    #[test]
    fn pages_or_content_the_file_lacks_are_an_error() {
        let e = error(&pdf(&[Some("Invest today."), Some("Risk-free!")], 3));
        assert_eq!(
            e,
            "corrupt PDF: the page tree lists 3 pages but only 2 could be read (a truncated or damaged file: re-export it)"
        );
        let e = error(&pdf(&[Some("Invest today."), None], 2));
        assert!(e.starts_with("corrupt PDF: page 2: its content stream is missing"), "{e}");
    }

    #[test]
    fn text_that_cannot_be_extracted_is_an_error_not_an_empty_page() {
        // A predefined CMap lopdf does not decode (same length, so the
        // cross-reference offsets still hold): the page's text would be lost.
        let bytes = String::from_utf8(pdf(&[Some("Invest today."), Some("Risk-free!")], 2))
            .unwrap()
            .replace("/WinAnsiEncoding", "/GBK-EUC-H      ");
        let e = error(bytes.as_bytes());
        assert!(e.starts_with("corrupt PDF: page 1: its text cannot be extracted: "), "{e}");
    }

    /// A composite font lopdf has no Unicode map for: lopdf would decode its
    /// two-byte codes one byte at a time, as a standard encoding, and return
    /// garbage without an error; the page would pass unchecked.
    #[test]
    fn a_composite_font_without_a_unicode_map_is_an_error() {
        let type0 = |to_unicode: &str| {
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H{to_unicode} \
                 /DescendantFonts [] >>"
            )
        };
        let page = [Some("<4FDD672C>")];
        let e = error(&pdf_in(&type0(""), None, &page, 1));
        assert_eq!(
            e,
            "PDF page 1: font F1 (SimSun) has no ToUnicode map, so its text cannot be read (it would \
             come out as other characters and pass unchecked): export the PDF again with its fonts' \
             Unicode maps (PDF/A, or text kept as text)"
        );
        // The same font with its map reads as the text it shows.
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
                    /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
                    1 begincodespacerange <0000> <FFFF> endcodespacerange \
                    1 beginbfrange <0000> <FFFF> <0000> endbfrange \
                    endcmap CMapName currentdict /CMap defineresource pop end end";
        let doc = load("t.pdf", &pdf_in(&type0(" /ToUnicode 4 0 R"), Some(cmap), &page, 1), Metadata::new())
            .unwrap();
        assert_eq!(doc.source, "保本\n");
    }

    /// The source of a one-page PDF with `content` as its content stream.
    fn source_of(font: &str, content: &str) -> String {
        load("t.pdf", &pdf_of(font, None, &[Some(content)], 1), Metadata::new()).unwrap().source
    }

    /// Helvetica with every glyph 500 units wide, so positions are exact.
    const EVEN: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding \
                        /FirstChar 32 /LastChar 126 /Widths [95 * 500] >>";

    fn even_font() -> String {
        EVEN.replace("95 * 500", &["500"; 95].join(" "))
    }

    /// A two-byte font whose codes are their Unicode values, 1000 units wide.
    fn cjk_font() -> (String, &'static str) {
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /ToUnicode 4 0 R \
                    /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 >>] >>";
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
                    /CMapName /Adobe-Identity-UCS def /CMapType 2 def \
                    1 begincodespacerange <0000> <FFFF> endcodespacerange \
                    1 beginbfrange <0000> <FFFF> <0000> endbfrange \
                    endcmap CMapName currentdict /CMap defineresource pop end end";
        (font.into(), cmap)
    }

    fn cjk_source(content: &str) -> String {
        let (font, cmap) = cjk_font();
        load("t.pdf", &pdf_of(&font, Some(cmap), &[Some(content)], 1), Metadata::new()).unwrap().source
    }

    /// QA pass 8 item 6: type well below the body size (here 5 pt under
    /// 11 pt, at most 60 % of it, or under 6 pt) is fine print, joined over
    /// its wrapped lines; the body and a 9-pt note are not.
    #[test]
    fn small_type_is_fine_print() {
        let content = "BT /F1 11 Tf 72 800 Td (Our fund aims for growth over five years or more.) Tj \
                       0 -14 Td (Past performance is not a guide to future returns.) Tj \
                       0 -14 Td (Invest in the fund through our app in minutes today.) Tj \
                       /F1 9 Tf 0 -14 Td (Fees apply, see the key information document.) Tj \
                       /F1 5 Tf 0 -8 Td (Capital at risk. The value of investments can) Tj \
                       0 -6 Td (fall as well as rise.) Tj ET";
        let doc = load("t.pdf", &pdf_of(HELVETICA, None, &[Some(content)], 1), Metadata::new()).unwrap();
        let fine: Vec<&str> = doc.fine_print.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(fine, ["Capital at risk. The value of investments can\nfall as well as rise."]);
        // One size throughout: nothing is fine print, however small.
        let plain = "BT /F1 7 Tf 72 800 Td (Capital at risk.) Tj 0 -9 Td (All of it in 7 pt.) Tj ET";
        let doc = load("t.pdf", &pdf_of(HELVETICA, None, &[Some(plain)], 1), Metadata::new()).unwrap();
        assert!(doc.fine_print.is_empty(), "{:?}", doc.fine_print);
    }

    /// LaTeX, ReportLab and many generators move to the next line with `Td`,
    /// `TD` or `Tm` inside one text object: each is a line of its own (lopdf
    /// joined them: `guaranteedreturns`, and every finding on line 1).
    #[test]
    fn lines_moved_inside_one_text_object_are_separate_lines() {
        let content = "BT /F1 12 Tf 72 800 Td (Our fund offers guaranteed) Tj 0 -14 Td (returns to every investor.) Tj \
                       0 -14 TD (Capital) Tj ( at risk.) Tj T* (Line four) Tj 1 0 0 1 72 744 Tm (Line five) Tj \
                       (Line six) ' 1 0 (Line seven) \" ET";
        let source = source_of(HELVETICA, content);
        assert_eq!(
            source,
            "Our fund offers guaranteed\nreturns to every investor.\nCapital at risk.\nLine four\nLine five\n\
             Line six\nLine seven\n"
        );
        // Chinese lines stay apart too, so the line numbers are right.
        let zh = cjk_source(
            "BT /F1 12 Tf 72 800 Td <7B2C4E8C9875> Tj 0 -18 Td <4EA754C1727970B9> Tj 0 -18 Td <672C4EA754C14FDD672C> Tj ET",
        );
        assert_eq!(zh, "第二页\n产品特点\n本产品保本\n");
        // A font size set by the text matrix (1 Tf, 12 0 0 12 Tm) is the same.
        let scaled = source_of(HELVETICA, "BT /F1 1 Tf 12 0 0 12 72 800 Tm (One) Tj 0 -1.2 Td (Two) Tj ET");
        assert_eq!(scaled, "One\nTwo\n");
    }

    /// Lines come from the top of the page down, whatever order the content
    /// stream draws them in; pieces of a line from the left.
    #[test]
    fn lines_are_ordered_from_the_top_and_pieces_from_the_left() {
        let content = "BT /F1 12 Tf 72 600 Td (Bottom line) Tj ET BT 72 800 Td (Top line) Tj ET \
                       q 1 0 0 1 0 -100 cm BT 200 800 Td (right) Tj -128 0 Td (Middle, left) Tj ET Q";
        assert_eq!(source_of(HELVETICA, content), "Top line\nMiddle, left right\nBottom line\n");
        // A superscript is on its line (the tolerance is half the font size).
        let sup = source_of(&even_font(), "BT /F1 12 Tf 72 800 Td (Fund) Tj /F1 7 Tf 24 4 Td (1) Tj ET");
        assert_eq!(sup, "Fund1\n");
    }

    /// Two pieces on one line a word gap apart get one space in English and
    /// none in Chinese; pieces that meet get none.
    #[test]
    fn a_gap_between_pieces_is_a_space_except_in_chinese() {
        let even = even_font();
        // `guar` is 4 × 6 pt wide: `anteed` at 96 meets it.
        let meet = "BT /F1 12 Tf 72 800 Td (guar) Tj 24 0 Td (anteed) Tj ET";
        assert_eq!(source_of(&even, meet), "guaranteed\n");
        // 3 pt (a quarter of the font size) further on is a word gap.
        let gap = "BT /F1 12 Tf 72 800 Td (guaranteed) Tj ET BT /F1 12 Tf 135 800 Td (returns) Tj ET";
        assert_eq!(source_of(&even, gap), "guaranteed returns\n");
        // No second space when a piece already ends with one.
        let spaced = "BT /F1 12 Tf 72 800 Td (guaranteed ) Tj ET BT /F1 12 Tf 141 800 Td (returns) Tj ET";
        assert_eq!(source_of(&even, spaced), "guaranteed returns\n");
        // Chinese: 保 at 72 (12 pt wide) and 本 at 100, a wide gap: no space.
        assert_eq!(cjk_source("BT /F1 12 Tf 72 800 Td <4FDD> Tj 28 0 Td <672C> Tj ET"), "保本\n");
        // Nor between Chinese and a Latin piece.
        assert_eq!(cjk_source("BT /F1 12 Tf 72 800 Td <4FDD672C> Tj 40 0 Td <00520032> Tj ET"), "保本R2\n");
        // Unless the right piece was drawn first: separate text placed there.
        assert_eq!(cjk_source("BT /F1 12 Tf 100 800 Td <672C> Tj -28 0 Td <4FDD> Tj ET"), "保 本\n");
    }

    /// Kerning numbers in a `TJ` array move glyphs by a fraction of a space:
    /// no space inside the word; a word-sized move is a space.
    #[test]
    fn tj_kerning_does_not_split_words() {
        let content =
            "BT /F1 12 Tf 72 800 Td [(Gu) 30 (ar) -50 (an) 120 (teed) -333 (returns) -80 (.)] TJ ET";
        assert_eq!(source_of(HELVETICA, content), "Guaranteed returns.\n");
        assert_eq!(source_of(&even_font(), content), "Guaranteed returns.\n");
        // Chinese justified with a wide move: still no space.
        assert_eq!(cjk_source("BT /F1 12 Tf 72 800 Td [<4FDD> -300 <672C> -20 <4FDD>] TJ ET"), "保本保\n");
    }

    /// `<hex>` for a two-byte string of the [`cjk_font`]: its UTF-16 codes.
    fn hex(text: &str) -> String {
        let codes: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        format!("<{codes}>")
    }

    /// Lines at `x`, from `y` down, 18 pt apart, in the 12 pt CJK font.
    fn column(x: u32, y: u32, lines: &[&str]) -> String {
        let shown: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("1 0 0 1 {x} {} Tm {} Tj", y - 18 * i as u32, hex(l)))
            .collect();
        format!("BT /F1 12 Tf {} ET ", shown.join(" "))
    }

    /// Two columns side by side are read column by column, so a phrase
    /// wrapped within a column is found whole and the columns' lines never
    /// join; a heading or footer across the page stays where it is.
    #[test]
    fn columns_are_read_one_after_the_other() {
        let heading = column(72, 820, &["本产品说明书的标题横跨两栏排版文字"]);
        let left =
            column(72, 800, &["第一栏第一行文字本产品", "保本保息到期兑付本金和", "收益第一栏第三行文字"]);
        let right = column(
            216,
            800,
            &["第二栏第一行的文字内容", "第二栏第二行的文字内容", "第二栏第三行", "第二栏第四行的文字内容"],
        );
        let footer = column(72, 700, &["页脚横跨两栏的风险提示文字内容"]);
        let page = cjk_source(&format!("{heading}{left}{right}{footer}"));
        assert_eq!(
            page,
            "本产品说明书的标题横跨两栏排版文字\n第一栏第一行文字本产品\n保本保息到期兑付本金和\n收益第一栏第三行文字\n\
             第二栏第一行的文字内容\n第二栏第二行的文字内容\n第二栏第三行\n第二栏第四行的文字内容\n\
             页脚横跨两栏的风险提示文字内容\n"
        );
        // Whatever order the file draws them in.
        assert_eq!(cjk_source(&format!("{footer}{right}{left}{heading}")), page);
        // A heading ending in a colon inside a column does not end the columns.
        let with_heading = column(
            72,
            800,
            &[
                "第一栏第一行文字本产品",
                "产品特点如下所述：",
                "保本保息到期兑付本金和",
                "收益第一栏第四行文字",
            ],
        );
        let right4 = column(
            216,
            800,
            &[
                "第二栏第一行的文字内容",
                "第二栏第二行的文字内容",
                "第二栏第三行的文字内容",
                "第二栏第四行的文字内容",
            ],
        );
        let page_colon = cjk_source(&format!("{with_heading}{right4}"));
        assert!(
            page_colon.starts_with("第一栏第一行文字本产品\n产品特点如下所述：\n保本保息"),
            "{page_colon}"
        );
        // The left column starting lower than the right: still left, then right.
        let lower_left =
            column(72, 782, &["第一栏第一行文字本产品", "保本保息到期兑付本金和", "收益第一栏第三行文字"]);
        let page_lower = cjk_source(&format!("{lower_left}{right}"));
        assert!(page_lower.starts_with("第一栏第一行文字本产品\n保本保息"), "{page_lower}");
        assert!(page_lower.ends_with("第二栏第四行的文字内容\n"), "{page_lower}");
        // Three columns: the right part of the first split has its own gutter.
        let third =
            column(360, 800, &["第三栏第一行的文字内容", "第三栏第二行的文字内容", "第三栏第三行的文字内容"]);
        let page = cjk_source(&format!("{left}{right}{third}"));
        let order: Vec<&str> = page.lines().map(|l| &l[..9]).collect();
        assert_eq!(
            order,
            [
                "第一栏",
                "保本保",
                "收益第",
                "第二栏",
                "第二栏",
                "第二栏",
                "第二栏",
                "第三栏",
                "第三栏",
                "第三栏"
            ]
        );
        assert!(page.contains("第二栏第四行的文字内容\n第三栏第一行"));
    }

    /// QA pass 13 item 11: a line far below the columns (a footer at the
    /// foot of the page), however short, ends them and is read after both;
    /// one far above a column (a header) is read before them. A column's
    /// lines a paragraph break lower stay in it.
    #[test]
    fn a_line_set_far_from_the_columns_is_not_column_text() {
        let left =
            column(72, 700, &["第一栏第一行文字本产品", "保本保息到期兑付本金和", "收益第一栏第三行文字"]);
        let right = column(
            216,
            700,
            &["第二栏第一行的文字内容", "第二栏第二行的文字内容", "第二栏第三行", "第二栏第四行的文字内容"],
        );
        let footer = column(72, 100, &["页脚风险提示"]);
        let header = column(216, 820, &["页眉日期"]);
        let page = cjk_source(&format!("{footer}{left}{header}{right}"));
        let order: Vec<&str> = page.lines().collect();
        assert_eq!(order.first(), Some(&"页眉日期"), "{page}");
        assert_eq!(order.last(), Some(&"页脚风险提示"), "{page}");
        assert_eq!(order[3], "收益第一栏第三行文字", "{page}");
        // Three line pitches lower (a blank line and more) is still the column.
        let later = column(72, 700 - 18 * 5, &["第一栏的最后一行文字"]);
        let page = cjk_source(&format!("{left}{right}{later}"));
        let order: Vec<&str> = page.lines().collect();
        assert_eq!(order[3], "第一栏的最后一行文字", "{page}");
    }

    /// QA pass 13 item 10: a page turned by `/Rotate` (its own or the page
    /// tree's) is read from the top it is shown with: content drawn turned
    /// a quarter counter-clockwise on a page turned 90° clockwise reads as
    /// lines, top first.
    #[test]
    fn a_rotated_page_is_read_as_shown() {
        let content = "q 0 1 -1 0 0 0 cm BT /F1 12 Tf 60 -60 Td (First line of the poster) Tj \
                       0 -24 Td (Second line) Tj 0 -24 Td (Third line) Tj ET Q";
        for extra in [["/Rotate 90", "", ""], ["", "/Rotate 450", ""]] {
            let bytes = pdf_full(HELVETICA, &[], "", extra, &[Some(content)], 1);
            let doc = load("t.pdf", &bytes, Metadata::new()).unwrap();
            assert_eq!(doc.source, "First line of the poster\nSecond line\nThird line\n", "{extra:?}");
        }
        // Upright content on a page turned 180°: the last line drawn is on top.
        let content = "BT /F1 12 Tf 72 800 Td (Upside) Tj 0 -24 Td (Down) Tj ET";
        let bytes = pdf_full(HELVETICA, &[], "", ["/Rotate 180", "", ""], &[Some(content)], 1);
        assert_eq!(load("t.pdf", &bytes, Metadata::new()).unwrap().source, "Down\nUpside\n");
    }

    /// QA pass 13 item 4: what annotations show over the page is read where
    /// they are: a form field's appearance, or its value (`/V`) when it has
    /// none or the form asks for appearances to be drawn anew; not a hidden
    /// one or a pop-up.
    #[test]
    fn form_fields_and_annotations_show_their_text() {
        let content = "BT /F1 12 Tf 72 800 Td (Order form) Tj ET";
        let widget = |extra: &str| {
            format!(
                "<< /Type /Annot /Subtype /Widget /FT /Tx /T (slogan) /V (guaranteed returns) \
                 /DA (/Helv 10 Tf 0 g) /Rect [72 760 400 780] {extra} >>"
            )
        };
        let appearance = form(
            "/BBox [0 0 328 20] /Resources << /Font << /F1 3 0 R >> >>",
            "BT /F1 10 Tf 2 6 Td (risk-free income) Tj ET",
        );
        let read = |objects: &[String], annots: &str, catalog: &str| {
            let page = format!("/Annots [{annots}]");
            let bytes = pdf_full(HELVETICA, objects, "", [&page, "", catalog], &[Some(content)], 1);
            load("t.pdf", &bytes, Metadata::new()).unwrap().source
        };
        assert_eq!(read(&[widget("")], "4 0 R", ""), "Order form\nguaranteed returns\n");
        assert_eq!(read(&[widget("/F 2")], "4 0 R", ""), "Order form\n");
        let with_ap = [widget("/AP << /N 5 0 R >>"), appearance.clone()];
        assert_eq!(read(&with_ap, "4 0 R", ""), "Order form\nrisk-free income\n");
        let redraw = "/AcroForm << /Fields [4 0 R] /NeedAppearances true >>";
        assert_eq!(read(&with_ap, "4 0 R", redraw), "Order form\nguaranteed returns\n");
        // A dynamic XFA form's pages are a placeholder: an error, not a pass.
        let bytes = pdf_full(HELVETICA, &[], "", ["", "", "/NeedsRendering true"], &[Some(content)], 1);
        assert!(error(&bytes).contains("dynamic XFA form"), "{}", error(&bytes));
        // A field whose value is kept by its parent field, and a free-text note.
        let objects = [
            "<< /Type /Annot /Subtype /Widget /Parent 5 0 R /Rect [72 760 400 780] >>".to_string(),
            "<< /FT /Tx /T (parent) /V <FEFF4FDD672C> /Kids [4 0 R] >>".to_string(),
            "<< /Type /Annot /Subtype /FreeText /Rect [72 700 400 720] /AP << /N 7 0 R >> >>".to_string(),
            appearance,
            "<< /Type /Annot /Subtype /Popup /Rect [72 600 400 620] >>".to_string(),
        ];
        assert_eq!(read(&objects, "4 0 R 6 0 R 8 0 R", ""), "Order form\n保本\nrisk-free income\n");
    }

    /// A table's narrow cells, and a single line with a wide gap, are read
    /// across as before: they are rows, not columns.
    #[test]
    fn tables_and_single_wide_gaps_are_read_across() {
        let labels = column(72, 800, &["风险等级", "产品期限", "业绩基准"]);
        let values = column(216, 800, &["R2", "365天", "3.0%"]);
        assert_eq!(cjk_source(&format!("{labels}{values}")), "风险等级R2\n产品期限365天\n业绩基准3.0%\n");
        // Labels ending in a colon are a table even when they are long.
        let labels = column(
            72,
            800,
            &["业绩比较基准（年化）：", "产品风险等级（本行评级）：", "认购起点金额（人民币）："],
        );
        let values =
            column(240, 800, &["4.2%，按季度公布净值", "R2（中低风险）适合C2", "1万元起，1千元递增"]);
        let rows = cjk_source(&format!("{labels}{values}"));
        assert!(rows.starts_with("业绩比较基准（年化）：4.2%"), "{rows}");
        // Justified English: wide word gaps at the same place on three lines are not a gutter.
        let justified: String = (0..3)
            .map(|i| {
                let y = 800 - 14 * i;
                format!(
                    "BT /F1 12 Tf 72 {y} Td (will) Tj 40 0 Td (like) Tj 40 0 Td (this) Tj 40 0 Td (plan) Tj \
                     40 0 Td (it) Tj 40 0 Td (pays) Tj 40 0 Td (well) Tj 40 0 Td (over) Tj 40 0 Td (many) Tj \
                     40 0 Td (year) Tj ET "
                )
            })
            .collect();
        let text = source_of(&even_font(), &justified);
        assert_eq!(text.lines().next(), Some("will like this plan it pays well over many year"), "{text}");
        let one =
            column(72, 800, &["第一栏第一行文字本产品"]) + &column(216, 800, &["第二栏第一行的文字内容"]);
        assert_eq!(cjk_source(&one), "第一栏第一行文字本产品第二栏第一行的文字内容\n");
    }

    /// Text that cannot be placed or decoded is an error, never left out.
    #[test]
    fn text_in_an_unknown_font_or_an_unparsable_stream_is_an_error() {
        let one = |content: &str| error(&pdf_of(HELVETICA, None, &[Some(content)], 1));
        let e = one("BT /F9 12 Tf 72 800 Td (Risk-free!) Tj ET");
        assert_eq!(
            e,
            "corrupt PDF: page 1: its text cannot be extracted: text in font F9, which the page does not have"
        );
        let e = one("BT 72 800 Td (Risk-free!) Tj ET");
        assert_eq!(
            e,
            "corrupt PDF: page 1: its text cannot be extracted: text shown before a font is chosen"
        );
        // lopdf's own parser stops at what it cannot read and drops the rest.
        let e = one("BT /F1 12 Tf 72 800 Td (Invest today.) Tj ET ) BT 72 700 Td (Risk-free!) Tj ET");
        assert!(
            e.starts_with(
                "corrupt PDF: page 1: its text cannot be extracted: its content stream does not parse"
            ),
            "{e}"
        );
    }

    /// The source of a one-page PDF drawing `content`, with form XObjects
    /// (objects 4, 5, …) named by `xobjects` in the page's resources.
    fn form_source(objects: &[String], xobjects: &str, content: &str) -> String {
        let bytes = pdf_with(&even_font(), objects, xobjects, &[Some(content)], 1);
        load("t.pdf", &bytes, Metadata::new()).unwrap().source
    }

    fn form_error(objects: &[String], xobjects: &str, content: &str) -> String {
        error(&pdf_with(&even_font(), objects, xobjects, &[Some(content)], 1))
    }

    const OWN_FONT: &str = "/Resources << /Font << /F1 3 0 R >> >>";

    /// Text a page draws through a form XObject (a brochure's boxed text, a
    /// repeated footer) is read where the form puts it: its `/Matrix` and
    /// the `cm` before `Do`, on the page's lines.
    #[test]
    fn text_inside_a_form_xobject_is_read_at_its_place() {
        // Drawn at 850 in the form, moved down 50 by its matrix and 100 by
        // the page's cm: the line at 700, between the page's own lines.
        let fm1 = form(
            &format!("/Matrix [1 0 0 1 0 -50] {OWN_FONT}"),
            "BT /F1 12 Tf 72 850 Td (Middle, from a form) Tj ET BT 200 900 Td (risk-free!) Tj ET",
        );
        let content = "BT /F1 12 Tf 72 800 Td (Top line) Tj ET BT 72 600 Td (Bottom line) Tj ET \
                       q 1 0 0 1 0 -100 cm /Fm1 Do Q BT 72 750 Td (Capital) Tj ET";
        assert_eq!(
            form_source(&[fm1], "/Fm1 4 0 R", content),
            "Top line\nCapital risk-free!\nMiddle, from a form\nBottom line\n"
        );
        // The form's state ends with it (as inside q … Q): its closing cm
        // does not move the page's `Body` below the footer. A form without
        // `/Resources` uses the page's fonts, and one drawn twice is read
        // twice.
        let footer = form("", "BT /F1 8 Tf 72 40 Td (Past performance is no guide.) Tj ET 1 0 0 1 0 -380 cm");
        let content = "q 1 0 0 1 0 700 cm /Ft Do Q /Ft Do BT /F1 12 Tf 72 400 Td (Body) Tj ET";
        assert_eq!(
            form_source(&[footer], "/Ft 4 0 R", content),
            "Past performance is no guide.\nBody\nPast performance is no guide.\n"
        );
        // Scaled: a form drawn at half size shows 24 pt text as 12 pt, and
        // its two lines 14 pt apart in the form stay apart.
        let scaled = form(
            &format!("/Matrix [0.5 0 0 0.5 0 0] {OWN_FONT}"),
            "BT /F1 24 Tf 144 1400 Td (One) Tj 0 -28 Td (Two) Tj ET",
        );
        assert_eq!(form_source(&[scaled], "/S 4 0 R", "/S Do"), "One\nTwo\n");
    }

    /// Forms drawing forms: each matrix applies on top of the one before,
    /// and a nested form without resources uses those of the form drawing it.
    #[test]
    fn nested_form_xobjects_are_read() {
        let outer = form(
            "/Matrix [1 0 0 1 0 -100] /Resources << /Font << /F1 3 0 R >> /XObject << /In 5 0 R >> >>",
            "BT /F1 12 Tf 72 900 Td (Outer) Tj ET q 1 0 0 1 100 0 cm /In Do Q /In Do",
        );
        // 850 in the inner form is 800 in the outer one and 700 on the page.
        let inner = form("/Matrix [1 0 0 1 0 -50]", "BT /F1 12 Tf 72 850 Td (guaranteed) Tj ET");
        let content = "BT /F1 12 Tf 72 750 Td (Page) Tj ET /Out Do";
        assert_eq!(
            form_source(&[outer, inner], "/Out 4 0 R", content),
            "Outer\nPage\nguaranteed guaranteed\n"
        );
    }

    /// A form that draws itself (directly or through another) or forms
    /// nested without end are an error for the file, not a hang.
    #[test]
    fn form_xobjects_drawing_themselves_or_nested_too_deep_are_an_error() {
        let own = |xobjects: &str, content: &str| {
            form(&format!("/Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >>"), content)
        };
        let itself = own("/Fm1 4 0 R", "BT /F1 12 Tf 72 800 Td (Loop) Tj ET /Fm1 Do");
        assert_eq!(
            form_error(&[itself], "/Fm1 4 0 R", "/Fm1 Do"),
            "corrupt PDF: page 1: its text cannot be extracted: in form XObject Fm1: form XObject Fm1 draws itself"
        );
        let a = own("/B 5 0 R", "/B Do");
        let b = own("/A 4 0 R", "/A Do");
        let e = form_error(&[a, b], "/A 4 0 R", "/A Do");
        assert!(e.ends_with("in form XObject A: in form XObject B: form XObject A draws itself"), "{e}");
        // A chain of 14 distinct forms, each drawing the next.
        let chain: Vec<String> = (0..14)
            .map(|i| own(&format!("/N {} 0 R", i + 5), "BT /F1 12 Tf 72 800 Td (Deep) Tj ET /N Do"))
            .collect();
        let e = form_error(&chain, "/N 4 0 R", "/N Do");
        assert!(e.contains("form XObjects nested more than 12 deep"), "{e}");
        // Forms drawing forms many times over: the page's content limit
        // counts each drawing, so it stops instead of running for ever.
        let padding = format!("%{}\n", "x".repeat(64 * 1024));
        let laughs: Vec<String> = (0..8)
            .map(|i| own(&format!("/N {} 0 R", i + 5), &format!("{padding}{}", "/N Do ".repeat(16))))
            .chain([own("", "BT /F1 12 Tf 72 800 Td (Laugh) Tj ET")])
            .collect();
        let e = form_error(&laughs, "/N 4 0 R", "/N Do");
        assert!(e.ends_with("its content with the forms it draws inflates beyond 64 MiB"), "{e}");
    }

    /// Images show no text: drawing one changes nothing.
    #[test]
    fn image_xobjects_are_ignored() {
        let image = stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            "0",
        );
        let content = "q 100 0 0 100 72 650 cm /Im1 Do Q BT /F1 12 Tf 72 800 Td (Risk-free!) Tj ET";
        assert_eq!(form_source(&[image], "/Im1 4 0 R", content), "Risk-free!\n");
    }

    /// What is an error on the page is an error inside a form: its text
    /// would otherwise be lost without a word.
    #[test]
    fn text_that_cannot_be_read_inside_a_form_is_an_error() {
        let prefix = "corrupt PDF: page 1: its text cannot be extracted: ";
        let e = form_error(
            &[form(OWN_FONT, "BT /F9 12 Tf 72 800 Td (Risk-free!) Tj ET")],
            "/Fm1 4 0 R",
            "/Fm1 Do",
        );
        assert_eq!(e, format!("{prefix}in form XObject Fm1: text in font F9, which the page does not have"));
        let broken = form(OWN_FONT, "BT /F1 12 Tf 72 800 Td (Invest.) Tj ET ) BT (Risk-free!) Tj ET");
        let e = form_error(&[broken], "/Fm1 4 0 R", "/Fm1 Do");
        assert!(
            e.starts_with(&format!("{prefix}the content stream of form XObject Fm1 does not parse")),
            "{e}"
        );
        // A name the resources do not define.
        let e = form_error(&[], "", "BT /F1 12 Tf 72 800 Td (Invest.) Tj ET /Fm9 Do");
        assert_eq!(e, format!("{prefix}it draws XObject Fm9, which the page does not have"));
        // A form's own font with an encoding lopdf cannot decode.
        let gbk = form(
            "/Resources << /Font << /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
             /Encoding /GBK-EUC-H >> >> >>",
            "BT /F2 12 Tf 72 800 Td (Risk-free!) Tj ET",
        );
        let e = form_error(&[gbk], "/Fm1 4 0 R", "/Fm1 Do");
        assert!(e.starts_with(&format!("{prefix}in form XObject Fm1: ")), "{e}");
        // A form's composite font without a Unicode map.
        let simsun = form(
            "/Resources << /Font << /F2 << /Type /Font /Subtype /Type0 /BaseFont /SimSun \
             /Encoding /Identity-H /DescendantFonts [] >> >> >>",
            "BT /F2 12 Tf 72 800 Td <4FDD672C> Tj ET",
        );
        let e = form_error(&[simsun], "/Fm1 4 0 R", "/Fm1 Do");
        assert!(
            e.starts_with("PDF page 1: font F2 (SimSun) in form XObject Fm1 has no ToUnicode map"),
            "{e}"
        );
    }
}
