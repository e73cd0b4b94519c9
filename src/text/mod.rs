//! Text normalisation with an offset map, and the line index.
//!
//! Matching runs on a *normalised view* of a document's copy text so that
//! evasions (full-width letters, traditional characters, `保 本`, `零.风.险`)
//! still match, while every finding is reported at the exact original
//! characters. [`OffsetMap`] is the one mechanism for that: normalisation
//! builds one (normalised → copy text), and loaders build one (copy text →
//! source file) when they extract text from markup.

mod lines;
mod map;
mod normalize;

pub use lines::LineIndex;
pub use map::{OffsetMap, OffsetMapBuilder};
pub use normalize::{
    NormalizedText, char_count, fold_char, fold_char_single, is_cjk, normalize, normalize_pattern,
};
