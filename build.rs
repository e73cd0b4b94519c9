//! Embeds the built-in rule packs (`rules/**`) into the binary, so
//! `disclint check file.md` works with no set-up, and parses them here, at
//! build time, with the crate's own parser: a one-page check then reads the
//! packs' syntax trees (JSON, about 0.1 ms a pack) instead of parsing them
//! (about 1 ms a pack), which was a quarter of its time.
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
    let mut code = String::from("pub static FILES: &[(&str, &str, Option<&str>)] = &[\n");
    for (i, (rel, path)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", path.display());
        let mut tree = None;
        if rel.ends_with(".rules") {
            let text = fs::read_to_string(path).expect("rule files are UTF-8");
            if let Ok(ast) = lang::parser::parse(rel, &text) {
                let json = serde_json::to_string(&ast).expect("a syntax tree serialises");
                let file = out_dir.join(format!("pack{i}.json"));
                fs::write(&file, json).expect("OUT_DIR is writable");
                tree = Some(format!("Some(include_str!({:?}))", file.display().to_string()));
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
}
