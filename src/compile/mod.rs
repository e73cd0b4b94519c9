//! Rule files → one compiled [`RuleSet`].
//!
//! Compilation resolves term-list names across files (`use`), flattens every
//! pattern into an interned *pattern set*, and puts every literal of every
//! loaded rule into one Aho-Corasick automaton and every regex into one
//! multi-pattern regex, so a document is scanned once however many rules
//! are loaded. Rule logic is kept as small trees over pattern-set ids that
//! [`crate::eval`] runs over the scan's match index.

pub mod builtin;
mod byte_strings;
mod fast_hash;
mod patterns;
mod prepared;
mod resolve;
mod suffix_table;
pub use resolve::edit_distance;

use crate::document::{Field, Value};
use crate::finding::Severity;
use crate::lang::ast::{self, CmpOp, Expect, FixSpec, Scope, Speaker};
use crate::lang::{self, Diagnostic};
pub use patterns::{Occ, PatternKind, PatternTable};
use std::path::PathBuf;

/// Index of an interned pattern set (a flattened term list or inline pattern).
pub type SetId = usize;

/// Where a rule file came from; decides how `file "…"` list paths resolve.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file on disk; list files resolve relative to its folder.
    Path(PathBuf),
    /// A pack compiled into the binary; list files resolve among the built-ins.
    Builtin(&'static str),
    /// Text with nowhere to find list files (stdin, tests).
    Inline,
    /// A term-list file on disk, read for a rule file's `file "…"` list.
    ListFile(PathBuf),
}

/// A rule file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read rule file {file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}:{}:{}: {source}", source.line, source.column)]
    NotUtf8 { file: String, source: crate::document::load::NotUtf8 },
}

/// A rule file's text and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// The name diagnostics use: the path as given, or `builtin:cn/wealth.rules`.
    pub name: String,
    pub text: String,
    pub origin: Origin,
}

impl RuleSource {
    pub fn inline(name: &str, text: &str) -> RuleSource {
        RuleSource { name: name.to_string(), text: text.to_string(), origin: Origin::Inline }
    }

    /// Reads a rule file. A UTF-8 byte-order mark (Windows editors write one)
    /// is dropped: it is not text, and kept it would count as a character of
    /// line 1, putting every column reported there one to the right.
    pub fn read(path: &std::path::Path) -> Result<RuleSource, ReadError> {
        let file = || path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ReadError::Io { file: file(), source })?;
        let text = crate::document::load::utf8_text(bytes, "rule files")
            .map_err(|source| ReadError::NotUtf8 { file: file(), source })?;
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        Ok(RuleSource { name: path.display().to_string(), text, origin: Origin::Path(path.to_path_buf()) })
    }
}

/// A pack header after compilation. Files without a header form a pack named
/// after the file.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub title: Option<String>,
    pub jurisdiction: Option<String>,
    pub language: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub applies: Option<CCond>,
    /// Index into [`RuleSet::sources`].
    pub source: usize,
}

/// A matcher: a pattern set, optionally restricted to a speaker, filtered by clauses.
#[derive(Debug, Clone)]
pub struct CMatcher {
    pub speaker: Option<Speaker>,
    pub set: SetId,
    pub clauses: Vec<CClause>,
}

#[derive(Debug, Clone)]
pub enum CClause {
    Context { negated: bool, context: CContext },
    Except(SetId),
}

#[derive(Debug, Clone)]
pub enum CContext {
    Near(SetId, u32),
    PrecededBy(SetId, u32),
    FollowedBy(SetId, u32),
    SameScope(Scope, SetId),
    InHeading,
    InFinePrint,
    InReplyTo(SetId),
    UnderHeading(SetId),
    InFirstPercent(u32),
}

#[derive(Debug, Clone)]
pub enum CRequirement {
    Present(CMatcher),
    Before { first: CMatcher, then: CMatcher },
    NearEach { required: CMatcher, each: CMatcher, within: u32 },
    SameScopeEach { required: CMatcher, scope: Scope, each: CMatcher },
}

#[derive(Debug, Clone)]
pub enum CCheck {
    Forbid(CMatcher),
    Require(CRequirement),
    Report,
}

#[derive(Debug, Clone)]
pub enum CRhs {
    Value(Value),
    Field(Field),
}

/// A compiled condition; metadata values are already validated and canonical.
#[derive(Debug, Clone)]
pub enum CCond {
    And(Box<CCond>, Box<CCond>),
    Or(Box<CCond>, Box<CCond>),
    Not(Box<CCond>),
    Compare { field: Field, op: CmpOp, rhs: CRhs },
    In { field: Field, values: Vec<Value> },
    Contains { field: Field, value: String },
    Exists(Field),
    TextHas(CMatcher),
}

/// An embedded example of a rule, run by `disclint rules test`.
#[derive(Debug, Clone)]
pub struct CExample {
    pub expect: Expect,
    pub text: String,
    /// Raw `key: value` pairs, validated at compile time.
    pub metadata: Vec<(String, String)>,
    pub span: ast::Span,
}

/// A rule ready to evaluate.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub citation: Option<String>,
    pub description: Option<String>,
    pub message: String,
    pub draft: bool,
    /// Index into [`RuleSet::packs`].
    pub pack: usize,
    pub when: Option<CCond>,
    pub check: CCheck,
    pub fix: Option<FixSpec>,
    pub examples: Vec<CExample>,
    /// Index into [`RuleSet::sources`] and the rule's span there.
    pub source: usize,
    pub span: ast::Span,
}

/// Every loaded rule, compiled together.
#[derive(Debug)]
pub struct RuleSet {
    pub sources: Vec<RuleSource>,
    pub packs: Vec<Pack>,
    pub rules: Vec<CompiledRule>,
    /// Pattern sets: each a sorted list of pattern ids.
    pub sets: Vec<Vec<usize>>,
    pub patterns: PatternTable,
}

/// Rule files that failed to load: every diagnostic, and the sources to render them.
#[derive(Debug, thiserror::Error)]
#[error("{} error(s) in rule files", .diagnostics.iter().filter(|d| d.level == lang::diag::Level::Error).count())]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<RuleSource>,
}

impl LoadError {
    /// Renders every diagnostic like a compiler.
    pub fn render(&self, color: bool) -> String {
        render_diagnostics(&self.diagnostics, &self.sources, color)
    }
}

/// Renders diagnostics against the sources they point into.
pub fn render_diagnostics(diags: &[Diagnostic], sources: &[RuleSource], color: bool) -> String {
    let lookup = |name: &str| sources.iter().find(|s| s.name == name).map(|s| s.text.as_str());
    lang::render(diags, &lookup, color)
}

impl RuleSet {
    /// The values of `field` the loaded rules and packs test (`audience.segments
    /// contains elderly`, `channel in [online]`), sorted: what a document's
    /// tag must be for a rule to see it.
    pub fn tested_values(&self, field: Field) -> std::collections::BTreeSet<String> {
        fn walk(c: &CCond, field: Field, out: &mut std::collections::BTreeSet<String>) {
            match c {
                CCond::And(a, b) | CCond::Or(a, b) => {
                    walk(a, field, out);
                    walk(b, field, out);
                }
                CCond::Not(a) => walk(a, field, out),
                CCond::Contains { field: f, value } if *f == field => {
                    out.insert(value.clone());
                }
                CCond::In { field: f, values } if *f == field => {
                    for v in values {
                        match v {
                            Value::List(items) => out.extend(items.iter().cloned()),
                            other => {
                                out.insert(other.to_string());
                            }
                        }
                    }
                }
                CCond::Compare { field: f, rhs: CRhs::Value(v), .. } if *f == field => {
                    out.insert(v.to_string());
                }
                _ => {}
            }
        }
        let mut out = std::collections::BTreeSet::new();
        let conds = self
            .rules
            .iter()
            .filter_map(|r| r.when.as_ref())
            .chain(self.packs.iter().filter_map(|p| p.applies.as_ref()));
        for c in conds {
            walk(c, field, &mut out);
        }
        out
    }

    /// Parses, validates and compiles `sources` together. Warnings come back
    /// with the rule set; any error fails the whole load.
    pub fn load(sources: Vec<RuleSource>) -> Result<(RuleSet, Vec<Diagnostic>), LoadError> {
        resolve::compile(sources, None)
    }

    /// [`RuleSet::load`] compiling the rules of only the packs `wanted`
    /// accepts (given each pack's header, with its `applies when` resolved).
    /// The others keep their place and their term lists for packs that
    /// `use` them. For runs whose documents are known in advance: a pack
    /// that cannot apply to any of them is not worth compiling. Built-in
    /// packs (known to be valid) then resolve only the term lists their
    /// compiled rules use.
    pub fn load_for(
        sources: Vec<RuleSource>,
        wanted: &dyn Fn(&Pack) -> bool,
    ) -> Result<(RuleSet, Vec<Diagnostic>), LoadError> {
        resolve::compile(sources, Some(wanted))
    }

    /// The built-in packs.
    pub fn builtin() -> Result<(RuleSet, Vec<Diagnostic>), LoadError> {
        RuleSet::load(builtin::sources())
    }

    pub fn rule(&self, id: &str) -> Option<&CompiledRule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn pack_of(&self, rule: &CompiledRule) -> &Pack {
        &self.packs[rule.pack]
    }

    /// The term-list files on disk that the rule files read (`file "…"`).
    pub fn list_files(&self) -> impl Iterator<Item = &std::path::Path> {
        self.sources.iter().filter_map(|s| match &s.origin {
            Origin::ListFile(p) => Some(p.as_path()),
            _ => None,
        })
    }
}
