//! The syntax tree of a rule file, as the parser produces it and before any
//! validation. Every node that a semantic error can point at keeps its
//! [`Span`] (byte offsets into the rule file).

use crate::finding::Severity;
use serde::{Deserialize, Serialize};

/// A byte range of the rule file.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A value with the place it was written.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One `.rules` file.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct RuleFile {
    pub pack: Option<PackHeader>,
    /// `use other.pack`: term lists of another pack brought into scope.
    pub uses: Vec<Spanned<String>>,
    pub terms: Vec<TermList>,
    pub rules: Vec<Rule>,
    /// What the items with syntax errors may define: empty for a file that
    /// parses. (Always serialised: the built-in trees are postcard, which
    /// has no field names and cannot skip one.)
    pub unread: Unread,
}

/// What a file's items with syntax errors may define, which the parser
/// could not read. A name one of them may define is not reported undefined
/// where it is used: that error would be a consequence of the syntax error,
/// reported already, and would be wrong once it is fixed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Unread {
    /// Term lists whose definitions have a syntax error after their name.
    pub terms: Vec<String>,
    /// An item that may define a term list of any name: a `terms` without
    /// a readable name, text that is no item but says `terms`.
    pub any_terms: bool,
    /// A `use` with a syntax error (or text that is no item but says
    /// `use`): the file may bring in term lists of any name.
    pub any_use: bool,
    /// The `pack` header has a syntax error before the pack's name is read:
    /// the file's pack name is unknown.
    pub pack_name: bool,
}

impl Unread {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && !self.any_terms && !self.any_use && !self.pack_name
    }

    /// Whether the unread items may define a term list called `name`.
    pub fn may_define(&self, name: &str) -> bool {
        self.any_terms || self.terms.iter().any(|t| t == name)
    }
}

/// `pack NAME { title … jurisdiction … language … version … applies when … }`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PackHeader {
    pub name: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub jurisdiction: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// Which documents the pack applies to; absent = all.
    pub applies: Option<Cond>,
    pub span: Span,
}

/// `terms NAME = [ … ]` or `terms NAME = file "list.txt"`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TermList {
    pub name: Spanned<String>,
    pub source: TermSource,
    pub span: Span,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum TermSource {
    Inline(Vec<Pattern>),
    /// A list file next to the rule file: one entry per line, `#` comments,
    /// `/…/` lines are regexes.
    File(Spanned<String>),
}

/// Something to look for in the text.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `"保本"`: matched on the normalised view.
    Literal(Spanned<String>),
    /// `/保证.{0,4}收益/`: regex source as written, without the slashes.
    Regex(Spanned<String>),
    /// A term list by name.
    Ref(Spanned<String>),
    /// `[ … ]`: an inline alternation.
    List(Vec<Pattern>, Span),
}

impl Pattern {
    pub fn span(&self) -> Span {
        match self {
            Pattern::Literal(s) | Pattern::Regex(s) | Pattern::Ref(s) => s.span,
            Pattern::List(_, span) => *span,
        }
    }
}

/// Transcript speaker restriction: `agent says P`, `customer says P`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Speaker {
    Agent,
    Customer,
}

/// A pattern with its speaker restriction and context clauses: what
/// `forbid`, `require` and `text has` take.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Matcher {
    pub speaker: Option<Speaker>,
    pub pattern: Pattern,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// A clause that filters occurrences of a matcher's pattern.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Clause {
    /// `C` keeps an occurrence when context C holds; `unless C` drops it.
    Context { negated: bool, context: Context, span: Span },
    /// `except P`: drops an occurrence that lies inside an occurrence of P
    /// (`最低起购金额` is not the absolute term `最低`).
    Except(Pattern, Span),
}

/// A context an occurrence may be in.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Context {
    /// `near P within N`: P occurs within N characters before or after.
    Near { pattern: Pattern, within: Spanned<u32> },
    /// `preceded by P within N`: P ends at most N characters before the
    /// occurrence, in the same sentence.
    PrecededBy { pattern: Pattern, within: Spanned<u32> },
    /// `followed by P within N`: P starts at most N characters after, same sentence.
    FollowedBy { pattern: Pattern, within: Spanned<u32> },
    /// `in same sentence as P` / `paragraph` / `turn`.
    SameScope { scope: Scope, pattern: Pattern },
    /// `in heading`.
    InHeading,
    /// `in fine print`: inside `<small>` / `<sub>` of a Markdown or HTML document.
    InFinePrint,
    /// `in reply to P`: in the first sentence of a turn that answers another
    /// speaker's turn containing P (`对，您放心` after `这个保本吧？`).
    InReplyTo { pattern: Pattern },
    /// `under heading P`: in a section whose heading, or the heading of a
    /// section enclosing it, contains P (a heading is under itself).
    UnderHeading { pattern: Pattern },
    /// `in first N%` of the copy text.
    InFirstPercent(Spanned<u32>),
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Sentence,
    Paragraph,
    Turn,
}

/// What a rule checks.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Check {
    /// `forbid M`: a finding per occurrence of M.
    Forbid(Matcher),
    /// `require …`: a finding when the requirement is not met.
    Require(Requirement),
    /// `report`: one finding (span null) whenever the rule's `when` holds.
    Report(Span),
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Requirement {
    /// `require M`: some occurrence of M; else one finding with span null.
    Present(Matcher),
    /// `require A before B`: when B occurs, A occurs before B's first
    /// occurrence; else a finding at B's first occurrence.
    Before { first: Matcher, then: Matcher },
    /// `require A near each B within N`: a finding at every B without an A
    /// within N characters.
    NearEach { required: Matcher, each: Matcher, within: Spanned<u32> },
    /// `require A in same sentence as each B` (or paragraph / turn).
    SameScopeEach { required: Matcher, scope: Scope, each: Matcher },
}

/// A condition over metadata and text, with `and` / `or` / `not`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Cond {
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
    /// `product.risk_level >= R4`, `product.risk_level > audience.risk_tolerance`.
    Compare {
        field: Spanned<String>,
        op: CmpOp,
        rhs: Operand,
        span: Span,
    },
    /// `product.category in [fund, private-fund]`.
    In {
        field: Spanned<String>,
        values: Vec<Spanned<String>>,
        span: Span,
    },
    /// `audience.segments contains elderly`.
    Contains {
        field: Spanned<String>,
        value: Spanned<String>,
        span: Span,
    },
    /// `product.risk_level exists`.
    Exists {
        field: Spanned<String>,
        span: Span,
    },
    /// `text has M`, and `agent says P` / `customer says P` (a matcher with a speaker).
    TextHas(Matcher),
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum Operand {
    /// A bare word or quoted string: `R4`, `wealth-management`, `"稳盈1号"`.
    Value(Spanned<String>),
    /// Another metadata field: `audience.risk_tolerance`.
    Field(Spanned<String>),
}

/// `fix …`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum FixSpec {
    Remove,
    Replace(String),
    Insert(String),
    Append(String),
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Fail,
    Pass,
}

/// `example fail "…" with { product.risk_level: R4, audience.segments: [elderly] }`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Example {
    pub expect: Expect,
    pub text: Spanned<String>,
    pub metadata: Vec<(Spanned<String>, Spanned<MetaValue>)>,
    pub span: Span,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum MetaValue {
    Scalar(String),
    List(Vec<String>),
}

/// `rule ID { … }`. Properties may come in any order; which are required is
/// checked by validation, not by the grammar.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    pub severity: Option<Spanned<Severity>>,
    pub cite: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub message: Option<Spanned<String>>,
    /// From a draft regulation (征求意见稿): configs can switch drafts off.
    pub draft: bool,
    pub when: Option<Cond>,
    pub check: Option<Check>,
    /// Spans the text's string for `replace`, `insert` and `append` (where
    /// its placeholders are checked), the `remove` keyword otherwise.
    pub fix: Option<Spanned<FixSpec>>,
    pub examples: Vec<Example>,
    pub span: Span,
    /// Cut short by a syntax error: holds only the properties before it,
    /// so what the rule lacks is not known (parser.rs `partial`).
    pub partial: bool,
}
