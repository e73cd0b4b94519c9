//! Embeds the built-in rule packs (`rules/**`) into the binary, so
//! `disclint check file.md` works with no set-up, and parses them here, at
//! build time, with the crate's own parser: a one-page check then reads the
//! packs' syntax trees instead of parsing them (about 1 ms a pack), which
//! was a quarter of its time. The trees are written with postcard, a
//! compact binary serde format: as JSON, reading them was still a seventh
//! of a one-page check's instructions.
//!
//! A pack that does not parse gets no tree, and is parsed at run time
//! instead, so its errors are reported like those of any rule file.

use std::fs;
use std::path::{Path, PathBuf};

// The parser and the syntax tree, compiled from the crate's sources: the
// trees written here are the ones `lang::parse` builds, by construction.
#[path = "src/severity.rs"]
mod severity;
mod finding {
    pub use crate::severity::Severity;
}
#[path = "src/lang"]
#[allow(dead_code, unused_imports)]
mod lang {
    pub mod ast;
    pub mod diag;
    pub mod hints;
    pub mod parser;
    pub mod suggest;
    /// The parser validates a file that has syntax errors, for a fuller
    /// report; here only whether it parsed matters.
    pub mod validate {
        pub fn validate(_: &str, _: &super::ast::RuleFile) -> Vec<super::diag::Diagnostic> {
            Vec::new()
        }
    }
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !rel.ends_with(".md") {
                out.push((rel, path.clone()));
            }
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static FILES: &[(&str, &str, Option<&[u8]>)] = &[\n");
    for (i, (rel, path)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", path.display());
        let mut tree = None;
        if rel.ends_with(".rules") {
            let text = fs::read_to_string(path).expect("rule files are UTF-8");
            if let Ok(ast) = lang::parser::parse(rel, &text) {
                let bytes = postcard::to_allocvec(&ast).expect("a syntax tree serialises");
                let file = out_dir.join(format!("pack{i}.tree"));
                fs::write(&file, bytes).expect("OUT_DIR is writable");
                tree = Some(format!("Some(include_bytes!({:?}))", file.display().to_string()));
            }
        }
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?}), {}),\n",
            path.display().to_string(),
            tree.as_deref().unwrap_or("None")
        ));
    }
    code.push_str("];\n");
    fs::write(out_dir.join("builtin_rules.rs"), code).expect("OUT_DIR is writable");
    prepare_triggers(&out_dir);
}

/// Turns `src/compile/prepared.txt` (hex, one line a regex, written by a
/// test so that changes are reviewable) into the table the binary reads:
/// sorted by regex source for a binary search, literals as raw bytes. At
/// start the text form cost a sixth of a one-page check (splitting 700 KB
/// into lines, hashing every source, decoding the hex); this costs a few
/// comparisons per built-in regex. The layout is documented in
/// `src/compile/prepared.rs`, which reads it.
fn prepare_triggers(out_dir: &Path) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compile/prepared.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("prepared.txt is UTF-8");
    let mut entries: Vec<(&str, Vec<u8>)> = text
        .lines()
        .filter_map(|line| {
            let (source, rest) = line.split_once('\t')?;
            Some((source, encode_prepared(rest)?))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut index = Vec::new();
    let mut blob = Vec::new();
    for (source, record) in &entries {
        index.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        index.extend_from_slice(&(source.len() as u32).to_le_bytes());
        blob.extend_from_slice(source.as_bytes());
        blob.extend_from_slice(record);
        // Only a literal-led regex runs on its forward automaton alone.
        let nfa = if matches!(record.first(), Some(1 | 2)) { compiled_nfa(source) } else { None };
        let nfa = nfa.unwrap_or_default();
        blob.extend_from_slice(&(nfa.len() as u32).to_le_bytes());
        blob.extend_from_slice(&nfa);
    }
    let mut out = (entries.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&index);
    out.extend_from_slice(&blob);
    fs::write(out_dir.join("prepared.bin"), out).expect("OUT_DIR is writable");
}

/// The forward Thompson NFA of a built-in regex, compiled here as the
/// matcher would compile it at run time (no capture states, the same size
/// limit), written state by state (layout in `src/compile/prepared.rs`).
/// Parsing and compiling the regexes a one-page check triggers was two
/// fifths of its instructions; replaying the states is a small part of
/// that. `None` for a regex that does not compile or has a state the
/// format does not hold: it is then compiled at run time.
fn compiled_nfa(source: &str) -> Option<Vec<u8>> {
    use regex_automata::nfa::thompson::{self, State, WhichCaptures};
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    let config =
        thompson::Config::new().which_captures(WhichCaptures::None).nfa_size_limit(Some(32 * (1 << 20)));
    let nfa = thompson::Compiler::new().configure(config).build_from_hir(&hir).ok()?;
    if nfa.pattern_len() != 1 {
        return None;
    }
    let mut out = Vec::new();
    let put = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    put(&mut out, nfa.start_anchored().as_usize());
    put(&mut out, nfa.start_unanchored().as_usize());
    put(&mut out, nfa.start_pattern(regex_automata::PatternID::ZERO)?.as_usize());
    put(&mut out, nfa.states().len());
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                out.extend_from_slice(&[0, trans.start, trans.end]);
                put(&mut out, trans.next.as_usize());
            }
            State::Sparse(sparse) => {
                out.push(1);
                put(&mut out, sparse.transitions.len());
                for t in sparse.transitions.iter() {
                    out.extend_from_slice(&[t.start, t.end]);
                    put(&mut out, t.next.as_usize());
                }
            }
            State::Look { look, next } => {
                out.push(2);
                put(&mut out, look.as_repr() as usize);
                put(&mut out, next.as_usize());
            }
            State::Union { alternates } => {
                out.push(3);
                put(&mut out, alternates.len());
                for id in alternates.iter() {
                    put(&mut out, id.as_usize());
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                out.push(4);
                put(&mut out, alt1.as_usize());
                put(&mut out, alt2.as_usize());
            }
            State::Fail => out.push(5),
            State::Match { .. } => out.push(6),
            State::Dense(_) | State::Capture { .. } => return None,
        }
    }
    Some(out)
}

/// One regex's record: the anchor (tag byte, two u32), then heads and tails,
/// each as a count, the byte length, the end of each literal and the bytes.
/// `None` for a line that is not well formed: the regex is then worked out
/// at run time, as for a regex the file does not have.
fn encode_prepared(rest: &str) -> Option<Vec<u8>> {
    const NONE: u32 = u32::MAX;
    let mut fields = rest.split('\t');
    let number = |s: &str| if s == "*" { Some(NONE) } else { s.parse::<u32>().ok().filter(|&n| n != NONE) };
    let (tag, a, b) = match fields.next()? {
        "n" => (0u8, 0, 0),
        "p" => (1, 0, 0),
        a if a.starts_with('p') => {
            let (min, max) = a[1..].split_once('-')?;
            (2, min.parse::<u32>().ok()?, number(max)?)
        }
        a if a.starts_with('s') => (3, number(&a[1..])?, 0),
        _ => return None,
    };
    let mut out = vec![tag];
    out.extend_from_slice(&a.to_le_bytes());
    out.extend_from_slice(&b.to_le_bytes());
    for _ in 0..2 {
        let field = fields.next()?;
        let mut ends = Vec::new();
        let mut bytes = Vec::new();
        let literals = if field.is_empty() { None } else { Some(field.split(',')) };
        for hex in literals.into_iter().flatten() {
            if hex.len() % 2 != 0 {
                return None;
            }
            for i in (0..hex.len()).step_by(2) {
                bytes.push(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?);
            }
            ends.push(bytes.len() as u32);
        }
        out.extend_from_slice(&(ends.len() as u32).to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        for end in ends {
            out.extend_from_slice(&end.to_le_bytes());
        }
        out.extend_from_slice(&bytes);
    }
    if fields.next().is_some() {
        return None;
    }
    Some(out)
}
