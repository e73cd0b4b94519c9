//! Building copy text out of pieces of a source, with the offset map back to
//! it: shared by the Markdown, HTML, DOCX and PDF loaders.
//!
//! Blocks are separated by `"\n\n"` (inserted, no source); whitespace at the
//! start of a block is dropped, whitespace at its end too, and whitespace
//! inside it is kept (or, with `collapse`, written as one space).

use crate::document::{Block, BlockKind};
use crate::text::{OffsetMap, OffsetMapBuilder};
use std::ops::Range;

/// A pending soft line break: shown as a line break or a space once the
/// character after it is known (never written as such).
const SOFT_BREAK: &str = "\n\u{0}soft";

/// Collapsed HTML whitespace holding a line break of the source: a space on
/// the page, except between two Han characters, where CSS (Text Level 3,
/// segment break transformation) removes it, since Chinese puts no space
/// there (QA pass 9b item 21: `保\n本保息` reads `保本保息`).
const SEGMENT_BREAK: &str = " \u{0}segment";

/// Whether white space is all of the kind HTML collapses (ASCII space, tab,
/// line feed, carriage return, form feed).
fn is_collapsible(ws: &str) -> bool {
    ws.bytes().all(|b| b.is_ascii_whitespace())
}

pub struct Extract<'a> {
    source: &'a str,
    pub text: String,
    map: OffsetMapBuilder,
    /// Source bytes described to the map so far.
    cursor: usize,
    blocks: Vec<Block>,
    /// Kind of the block being written.
    kind: BlockKind,
    /// Start in `text` of the block being written, once it has text.
    start: Option<usize>,
    /// Whitespace waiting to be written if more text follows in the block.
    pending: Option<(Range<usize>, &'static str)>,
    /// Collapse runs of whitespace to one space (HTML).
    collapse: bool,
    /// Closed fine-print ranges of `text`, and the start and nesting depth of an open one.
    fine_print: Vec<Range<usize>>,
    fine_open: Option<(usize, usize)>,
}

impl<'a> Extract<'a> {
    pub fn new(source: &'a str, collapse: bool) -> Extract<'a> {
        Extract {
            source,
            // The copy text is at most about the source's size: one allocation, no doubling.
            text: String::with_capacity(source.len()),
            map: OffsetMapBuilder::new(),
            cursor: 0,
            blocks: Vec::new(),
            kind: BlockKind::Paragraph,
            start: None,
            pending: None,
            collapse,
            fine_print: Vec::new(),
            fine_open: None,
        }
    }

    /// Text from here to the matching [`Extract::end_fine_print`] is fine print (nesting allowed).
    pub fn begin_fine_print(&mut self) {
        self.fine_open = match self.fine_open {
            Some((start, depth)) => Some((start, depth + 1)),
            None => Some((self.text.len(), 1)),
        };
    }

    pub fn end_fine_print(&mut self) {
        match self.fine_open {
            Some((start, 1)) => {
                // A block set in fine print opens with the break before it,
                // which is written with its first text: not fine print.
                let start = self.text.len() - self.text[start..].trim_start().len();
                if self.text.len() > start {
                    self.fine_print.push(start..self.text.len());
                }
                self.fine_open = None;
            }
            Some((start, depth)) => self.fine_open = Some((start, depth - 1)),
            None => {}
        }
    }

    /// The fine-print ranges; one left open runs to the end of the text.
    pub fn take_fine_print(&mut self) -> Vec<Range<usize>> {
        if let Some((start, _)) = self.fine_open.take()
            && self.text.len() > start
        {
            self.fine_print.push(start..self.text.len());
        }
        std::mem::take(&mut self.fine_print)
    }

    /// Starts a block of `kind` (ending the current one).
    pub fn begin(&mut self, kind: BlockKind) {
        self.end();
        self.kind = kind;
    }

    /// Ends the current block; later text starts a new paragraph.
    pub fn end(&mut self) {
        self.pending = None;
        if let Some(start) = self.start.take() {
            let kind = std::mem::replace(&mut self.kind, BlockKind::Paragraph);
            self.blocks.push(Block { kind, range: start..self.text.len() });
        } else {
            self.kind = BlockKind::Paragraph;
        }
    }

    /// A line break inside the block (`\n` in the copy text).
    /// A line break inside a paragraph. A soft one (a Markdown source line
    /// wrapped, not a `<br>`) renders as a space, so between two English
    /// words it becomes one in the copy text: phrases and sentences run on
    /// across it as on the page.
    pub fn soft_break(&mut self, range: Range<usize>, soft: bool) {
        if self.start.is_some() {
            self.pending = Some((range, if soft { SOFT_BREAK } else { "\n" }));
        }
    }

    /// Source bytes `range` shown verbatim.
    pub fn verbatim(&mut self, range: Range<usize>) {
        let Some(piece) = self.source.get(range.clone()) else { return };
        let mut pos = range.start;
        let mut rest = piece;
        while !rest.is_empty() {
            let ws_len = rest.len() - rest.trim_start().len();
            if ws_len > 0 {
                let ws = pos..pos + ws_len;
                if self.start.is_some() {
                    let run = &rest[..ws_len];
                    let keep_newline = !self.collapse && run.contains('\n');
                    // Only collapsible white space (not a no-break space)
                    // takes part in the segment break rule.
                    let segment = self.collapse && run.contains('\n') && is_collapsible(run);
                    let shown = match (keep_newline, segment) {
                        (true, _) => "\n",
                        (false, true) => SEGMENT_BREAK,
                        (false, false) => " ",
                    };
                    // Keep plain single spaces verbatim; collapse the rest.
                    match &mut self.pending {
                        Some((r, s)) if r.end == ws.start => {
                            let joined_collapsible =
                                self.source.get(r.clone()).is_some_and(is_collapsible) && is_collapsible(run);
                            r.end = ws.end;
                            if keep_newline {
                                *s = "\n";
                            } else if self.collapse && (segment || *s == SEGMENT_BREAK) {
                                *s = if joined_collapsible { SEGMENT_BREAK } else { " " };
                            }
                        }
                        // White space split by a tag (`保\n<b> 本`) is one
                        // run on the page: a line break in any part is the run's.
                        Some((r, s)) if *s == SEGMENT_BREAK && is_collapsible(run) => *r = ws,
                        _ => self.pending = Some((ws, shown)),
                    }
                }
                pos += ws_len;
                rest = &rest[ws_len..];
                continue;
            }
            let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.emit(pos..pos + word_len, None);
            pos += word_len;
            rest = &rest[word_len..];
        }
    }

    /// Source bytes `range` shown verbatim, the parts of it in `fine`
    /// (source ranges, sorted, not overlapping) as fine print: for loaders
    /// that know the type size of each piece of a line (DOCX runs, PDF
    /// strings) rather than an element around it.
    pub fn verbatim_with_fine_print(&mut self, range: Range<usize>, fine: &[Range<usize>]) {
        let mut at = range.start;
        for f in fine {
            let (start, end) = (f.start.max(at), f.end.min(range.end));
            if start >= end {
                continue;
            }
            self.verbatim(at..start);
            self.begin_fine_print();
            self.verbatim(start..end);
            self.end_fine_print();
            at = end;
        }
        self.verbatim(at..range.end);
    }

    /// Source bytes `range` shown as `shown` (an entity, an escape), as one unit.
    pub fn replaced(&mut self, range: Range<usize>, shown: &str) {
        if shown.chars().all(char::is_whitespace) {
            if self.start.is_some() && !shown.is_empty() {
                self.pending = Some((range, " "));
            }
            return;
        }
        self.emit(range, Some(shown));
    }

    /// `shown` is written where `range` of the source holds mostly the same
    /// characters (e.g. inline code whose line breaks became spaces): each
    /// character maps to its next occurrence in the range, or has no source.
    pub fn aligned(&mut self, range: Range<usize>, shown: &str) {
        let mut at = range.start.max(self.cursor);
        for c in shown.chars() {
            if c.is_whitespace() {
                // Any one source whitespace character stands for it.
                let next = self.source.get(at..range.end).and_then(|r| r.chars().next());
                let len = next.filter(|n| n.is_whitespace()).map_or(0, char::len_utf8);
                if self.start.is_some() {
                    self.pending = Some((at..at + len, " "));
                }
                at += len;
                continue;
            }
            let mut buf = [0u8; 4];
            let cs = c.encode_utf8(&mut buf);
            match self.source.get(at..range.end).and_then(|r| r.find(&*cs)).map(|p| at + p) {
                Some(p) => {
                    self.emit(p..p + cs.len(), None);
                    at = p + cs.len();
                }
                None => self.emit(at..at, Some(cs)),
            }
        }
    }

    /// Writes text: verbatim source (`shown` = None) or a replacement.
    fn emit(&mut self, range: Range<usize>, shown: Option<&str>) {
        if self.start.is_none() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
                self.map.insert(2);
            }
            self.start = Some(self.text.len());
        } else if let Some((ws, s)) = self.pending.take() {
            let next = shown.or_else(|| self.source.get(range.clone())).and_then(|t| t.chars().next());
            let before = self.text.chars().next_back();
            let wraps_cjk = (s == "\n" || s == SOFT_BREAK || s == SEGMENT_BREAK)
                && before.is_some_and(crate::text::is_cjk)
                && next.is_some_and(crate::text::is_cjk);
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
            let s = if s == SOFT_BREAK && latin(before) && latin(next) {
                " "
            } else if s == SOFT_BREAK {
                "\n"
            } else if s == SEGMENT_BREAK {
                " "
            } else {
                s
            };
            // A line break inside a paragraph between two Han characters is
            // layout (a wrapped PDF line, a Markdown soft break): Chinese has
            // no space there, so the copy text joins the lines.
            if !wraps_cjk {
                self.put(ws, Some(s));
            }
        }
        self.put(range, shown);
    }

    fn put(&mut self, range: Range<usize>, shown: Option<&str>) {
        let shown = match shown {
            Some(s) => s,
            None => match self.source.get(range.clone()) {
                Some(s) => s,
                None => return,
            },
        };
        if range.start < self.cursor || range.end > self.source.len() {
            // Out of order: no source position of its own.
            self.text.push_str(shown);
            self.map.insert(shown.len());
            return;
        }
        self.map.skip(range.start - self.cursor);
        if self.source.get(range.clone()) == Some(shown) {
            self.map.copy(shown.len());
        } else {
            self.map.replace(shown.len(), range.len());
        }
        self.text.push_str(shown);
        self.cursor = range.end;
    }

    /// The copy text, its map to the source, and the blocks.
    pub fn finish(mut self) -> (String, OffsetMap, Vec<Block>) {
        self.end();
        self.map.skip(self.source.len().saturating_sub(self.cursor));
        (self.text, self.map.finish(), self.blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_whitespace_and_map() {
        let src = "<h1> 标题 </h1>\n<p>保本 &amp; 保息 \t  稳赚</p>";
        let mut x = Extract::new(src, true);
        x.begin(BlockKind::Heading(1));
        x.verbatim(4..12);
        x.begin(BlockKind::Paragraph);
        let p = src.find("保本").unwrap();
        let amp = src.find("&amp;").unwrap();
        x.verbatim(p..amp);
        x.replaced(amp..amp + 5, "&");
        let end = src.find("</p>").unwrap();
        x.verbatim(amp + 5..end);
        let (text, map, blocks) = x.finish();
        assert_eq!(text, "标题\n\n保本 & 保息 稳赚");
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[1].range.clone()], "保本 & 保息 稳赚");
        let i = text.find('&').unwrap();
        assert_eq!(&src[map.map_start(i)..map.map_end(i + 1)], "&amp;");
        let w = text.find("稳赚").unwrap();
        assert_eq!(&src[map.map_start(w)..map.map_end(w + 6)], "稳赚");
    }
}
