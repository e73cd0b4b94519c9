//! Name resolution and lowering: syntax trees of several files → one [`RuleSet`].

use super::fast_hash::FastMap;
use super::*;
use crate::category;
use crate::document::metadata::parse_value;
use crate::lang::ast::{Cond, Context, Operand, Pattern, Requirement, TermSource};
pub use crate::lang::edit_distance;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

struct Parsed {
    ast: ast::RuleFile,
    pack_name: String,
}

/// How a name resolves in one file: its own lists first, then the lists of the packs it `use`s.
struct Compiler<'a> {
    sources: Vec<RuleSource>,
    files: &'a [Parsed],
    /// Pack name → file index.
    pack_files: HashMap<String, usize>,
    patterns: PatternTable,
    sets: Vec<Vec<usize>>,
    set_ids: FastMap<Vec<usize>, SetId>,
    /// Resolved named lists: (file, name) → set.
    named: FastMap<(usize, String), SetId>,
    /// Lists being resolved, innermost last, for cycle detection and to
    /// name the cycle when one is found.
    resolving: Vec<(usize, String)>,
    /// Lists that failed to resolve. Their error was reported where it is
    /// (in the list, or at the reference that closes a cycle); every later
    /// use of the list fails quietly, so one mistake is reported once.
    failed: HashSet<(usize, String)>,
    /// Where each pattern was first written, to locate errors found at build time.
    pattern_origin: FastMap<usize, (usize, ast::Span)>,
    diags: Vec<Diagnostic>,
    /// Files that `use` a pack no loaded file defines: the lists they look
    /// up there are missing because of that one mistake, said at the `use`.
    unknown_use: HashSet<usize>,
}

pub(super) fn compile(
    sources: Vec<RuleSource>,
    wanted: Option<&dyn Fn(&Pack) -> bool>,
) -> Result<(RuleSet, Vec<Diagnostic>), LoadError> {
    let filtered = wanted.is_some();
    // Files parse independently: spread them over the cores (start-up time
    // of a one-page check is mostly this and the automata). A built-in pack
    // comes parsed by build.rs, and validated by a test (`compile::builtin`).
    let parsed: Vec<(Parsed, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|src| {
            let prebuilt = match src.origin {
                Origin::Builtin(path) => builtin::parsed(path, &src.text),
                _ => None,
            };
            let (ast, diags) = match prebuilt {
                Some(ast) => (ast, Vec::new()),
                // A file with syntax errors keeps what did parse, so that
                // its names are resolved too: every error of the file is
                // reported in one run. It never compiles into a rule set.
                None => match lang::parse_partial(&src.name, &src.text) {
                    Ok(ast) => {
                        let diags = lang::validate(&src.name, &ast);
                        (ast, diags)
                    }
                    Err(partial) => (partial.ast, partial.diagnostics),
                },
            };
            let pack_name =
                ast.pack.as_ref().map(|p| p.name.value.clone()).unwrap_or_else(|| file_stem(&src.name));
            (Parsed { ast, pack_name }, diags)
        })
        .collect();
    let mut diags = Vec::new();
    let mut files: Vec<Parsed> = Vec::new();
    for (file, d) in parsed {
        diags.extend(d);
        files.push(file);
    }
    let mut pack_files = HashMap::new();
    let mut duplicate_pack = false;
    // A `pack` header broken before its name leaves that file's pack name
    // unknown: a `use` of any name may mean it.
    let unknown_pack_name = files.iter().any(|f| f.ast.unread.pack_name);
    for (i, f) in files.iter().enumerate() {
        if f.ast.unread.pack_name {
            continue;
        }
        if let Some(prev) = pack_files.insert(f.pack_name.clone(), i) {
            duplicate_pack = true;
            diags.push(duplicate_pack_error(&sources, &files, i, prev, &f.pack_name));
        }
    }
    // Two packs of one name make every `use` of that name ambiguous: the
    // lists that the packs using it look up would resolve against one of
    // the two arbitrarily, and each failed lookup would be an error of its
    // own (over a hundred in the built-in packs, which the user cannot
    // edit). Stop here, with the errors that are not consequences: the
    // duplicate names and whatever parsing and validation found.
    if duplicate_pack {
        return Err(LoadError { diagnostics: diags, sources });
    }
    let mut c = Compiler {
        sources,
        files: &files,
        pack_files,
        patterns: PatternTable::default(),
        sets: Vec::new(),
        set_ids: FastMap::default(),
        named: FastMap::default(),
        resolving: Vec::new(),
        failed: HashSet::new(),
        pattern_origin: FastMap::default(),
        diags,
        unknown_use: HashSet::new(),
    };
    let mut packs = Vec::new();
    let mut rules = Vec::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        for u in &f.ast.uses {
            if !c.pack_files.contains_key(&u.value) {
                let name = c.sources[fi].name.clone();
                c.unknown_use.insert(fi);
                if unknown_pack_name {
                    continue;
                }
                let help = match builtin_pack_path(&u.value) {
                    // The documented "only my rules" run (`--no-default-rules`)
                    // drops the built-in packs, the shared lists of `cn.common`
                    // with them: say so, and how to keep the one needed.
                    Some(path) => format!(
                        "`{}` is a built-in pack, and this run does not load it: --no-default-rules and \
                         `rules.builtin: false` drop every built-in pack, and `rules.packs` keeps only those \
                         it lists; to keep it with your own rules, leave out --no-default-rules and put \
                         `rules: {{packs: [{path}]}}` in disclint.yaml",
                        u.value
                    ),
                    None => format!("loaded packs: {}", sorted_keys(&c.pack_files)),
                };
                c.diags.push(
                    Diagnostic::error(&name, u.span, format!("unknown pack `{}`", u.value))
                        .with_label("no loaded rule file defines this pack")
                        .with_help(help),
                );
            }
        }
        let pack_index = packs.len();
        let header = f.ast.pack.as_ref();
        // `lang::validate` reported a value that is not a language.
        let language = header
            .and_then(|h| h.language.as_ref())
            .and_then(|l| parse_value(Field::DocumentLanguage, &l.value).ok());
        let pack = Pack {
            name: f.pack_name.clone(),
            title: header.and_then(|h| h.title.as_ref().map(|s| s.value.clone())),
            jurisdiction: header.and_then(|h| h.jurisdiction.as_ref().map(|s| s.value.clone())),
            language: language.as_ref().map(|l| l.to_string()),
            version: header.and_then(|h| h.version.as_ref().map(|s| s.value.clone())),
            description: header.and_then(|h| h.description.as_ref().map(|s| s.value.clone())),
            applies: with_language(
                language,
                header.and_then(|h| h.applies.as_ref()).and_then(|cond| c.cond(fi, cond)),
            ),
            source: fi,
        };
        // A pack the run does not want keeps its place (others may `use` its
        // lists, resolved when they do) but compiles no rule.
        let wanted = wanted.is_none_or(|w| w(&pack));
        packs.push(pack);
        if !wanted {
            continue;
        }
        // Resolve every list so errors in unused lists are reported too
        // (not for a pack that is already known to be valid: the built-in
        // packs of a short run resolve the lists their rules use).
        if !(filtered && matches!(c.sources[fi].origin, Origin::Builtin(_))) {
            for t in &f.ast.terms {
                c.named_list(fi, &t.name.value, t.name.span);
            }
        }
        for rule in &f.ast.rules {
            if let Some(&prev) = seen_ids.get(&rule.id.value) {
                // Two rules of one file with the same id are reported by
                // `lang::validate`; only a clash across files is news here.
                if prev == fi {
                    continue;
                }
                let name = c.sources[fi].name.clone();
                let prev_name = c.sources[prev].name.clone();
                c.diags.push(
                    Diagnostic::error(&name, rule.id.span, format!("duplicate rule id `{}`", rule.id.value))
                        .with_help(format!("`{}` is already defined in {prev_name}", rule.id.value)),
                );
                continue;
            }
            seen_ids.insert(rule.id.value.clone(), fi);
            if let Some(r) = c.rule(fi, pack_index, rule) {
                rules.push(r);
            }
        }
    }
    match c.patterns.build() {
        Ok(()) => {
            for id in c.patterns.untriggered_patterns() {
                let Some(&(fi, span)) = c.pattern_origin.get(&id) else { continue };
                let name = c.file_name(fi);
                c.diags.push(
                    Diagnostic::warning(&name, span, "this regex is searched over every whole document")
                        .with_label("no literal that every match starts or ends with")
                        .with_help(
                            "start or end it with a word (`收益[^。]{0,8}\\d+%`) so that it is only searched \
                             next to that word",
                        ),
                );
            }
        }
        Err(patterns::BuildError::InvalidRegexes(bad)) => {
            for (id, reason) in bad {
                let (fi, span) = c.pattern_origin.get(&id).copied().unwrap_or((0, ast::Span::default()));
                let d = c.error(fi, span, "invalid regex").with_label(reason);
                c.push_unless_reported(d);
            }
        }
    }
    let has_error = c.diags.iter().any(|d| d.level == lang::diag::Level::Error);
    if has_error {
        return Err(LoadError { diagnostics: c.diags, sources: c.sources });
    }
    let warnings = std::mem::take(&mut c.diags);
    Ok((RuleSet { sources: c.sources, packs, rules, sets: c.sets, patterns: c.patterns }, warnings))
}

/// The error for a pack name that two loaded files give, at `i` (the later)
/// and `prev`.
fn duplicate_pack_error(
    sources: &[RuleSource],
    files: &[Parsed],
    i: usize,
    prev: usize,
    name: &str,
) -> Diagnostic {
    // Point at the user's file: a built-in pack cannot be edited.
    let is_builtin = |k: usize| matches!(sources[k].origin, Origin::Builtin(_));
    let (at, other) = if is_builtin(i) && !is_builtin(prev) { (prev, i) } else { (i, prev) };
    let ast = |k: usize| &files[k].ast;
    let header = |k: usize| ast(k).pack.as_ref();
    let at_name = &sources[at].name;
    let other_name = &sources[other].name;
    let Some(at_header) = header(at) else {
        // A file without a header is named after the file, which the user
        // may not know: say so where a header would go (the first item, not
        // a comment above it), and what header to write.
        let first_item = first_item_start(ast(at)).unwrap_or(0);
        let suggested = suggested_pack_name(at_name, name);
        let also = if is_builtin(other) {
            format!("the built-in pack {other_name} has this name")
        } else if header(other).is_some() {
            format!("{other_name} names its pack `{name}` in its header")
        } else {
            format!("{other_name} has no `pack` header either, so it is pack `{name}` too")
        };
        return Diagnostic::error(
            at_name,
            ast::Span { start: first_item, end: first_item },
            format!("pack `{name}` is defined twice: this file has no `pack` header, so it is pack `{name}`, named after the file"),
        )
        .with_label("a `pack` header would go here")
        .with_help(format!(
            "{also}; pack names must be unique among the loaded files: start this file with a header that \
             names its own pack, e.g. `pack {suggested} {{ title \"…\" }}`"
        ));
    };
    let help = if is_builtin(other) {
        format!(
            "a built-in pack has this name ({other_name}): rename yours, or turn the built-in packs off with \
             --no-default-rules or `rules.builtin: false` in disclint.yaml"
        )
    } else if same_file(&sources[at].origin, &sources[other].origin) {
        // Renaming a pack against itself cannot help.
        format!("{other_name} is loaded twice (through two paths to one file): give it once")
    } else if header(other).is_none() {
        format!(
            "{other_name} has no `pack` header, so it is pack `{name}`, named after the file: rename the pack \
             here, or give that file a header naming its own pack"
        )
    } else {
        format!("it is also defined in {other_name}: rename one of the two packs")
    };
    Diagnostic::error(at_name, at_header.name.span, format!("pack `{name}` is defined twice")).with_help(help)
}

/// Where the first item of a file starts (its first `use`, `terms` or `rule`).
fn first_item_start(ast: &ast::RuleFile) -> Option<usize> {
    let uses = ast.uses.iter().map(|u| u.span.start);
    let terms = ast.terms.iter().map(|t| t.span.start);
    let rules = ast.rules.iter().map(|r| r.span.start);
    uses.chain(terms).chain(rules).min()
}

/// A pack name for a header-less file: its folder's name before its own
/// (`private/house.rules` → `private.house`) when both are names the
/// language accepts, else the file's with a prefix.
fn suggested_pack_name(path: &str, stem: &str) -> String {
    let is_name = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let stem = if is_name(stem) { stem.to_string() } else { "rules".to_string() };
    let folder = path.rsplit(['/', '\\']).nth(1).filter(|f| is_name(f)).unwrap_or("house");
    format!("{folder}.{stem}")
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".rules").unwrap_or(base).to_string()
}

fn sorted_keys(map: &HashMap<String, usize>) -> String {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys.join(", ")
}

impl<'a> Compiler<'a> {
    fn file_name(&self, fi: usize) -> String {
        self.sources[fi].name.clone()
    }

    fn error(&mut self, fi: usize, span: ast::Span, message: impl Into<String>) -> Diagnostic {
        let name = self.file_name(fi);
        Diagnostic::error(&name, span, message)
    }

    /// Records an error unless validation already reported one at the same
    /// place: an empty string or a bad regex is caught by `lang::validate`
    /// first, and one mistake should be reported once.
    fn push_unless_reported(&mut self, d: Diagnostic) {
        let reported = self
            .diags
            .iter()
            .any(|x| x.level == lang::diag::Level::Error && x.file == d.file && x.span == d.span);
        if !reported {
            self.diags.push(d);
        }
    }

    fn intern_set(&mut self, mut ids: Vec<usize>) -> SetId {
        ids.sort_unstable();
        ids.dedup();
        if let Some(&id) = self.set_ids.get(&ids) {
            return id;
        }
        let id = self.sets.len();
        self.sets.push(ids.clone());
        self.set_ids.insert(ids, id);
        id
    }

    /// The set of a pattern as written in file `fi`.
    fn pattern(&mut self, fi: usize, p: &Pattern) -> Option<SetId> {
        let mut ids = Vec::new();
        let ok = self.collect(fi, p, &mut ids);
        ok.then(|| self.intern_set(ids))
    }

    fn collect(&mut self, fi: usize, p: &Pattern, out: &mut Vec<usize>) -> bool {
        match p {
            Pattern::Literal(s) => match self.patterns.literal(&s.value) {
                Ok(id) => {
                    out.push(id);
                    true
                }
                Err(e) => {
                    let d = self.error(fi, s.span, format!("invalid literal: {e}"));
                    self.push_unless_reported(d);
                    false
                }
            },
            Pattern::Regex(s) => match self.patterns.regex(&s.value) {
                Ok(id) => {
                    self.pattern_origin.entry(id).or_insert((fi, s.span));
                    out.push(id);
                    true
                }
                Err(e) => {
                    let d = self.error(fi, s.span, "invalid regex").with_label(e);
                    self.push_unless_reported(d);
                    false
                }
            },
            Pattern::Ref(name) => match self.named_list(fi, &name.value, name.span) {
                Some(set) => {
                    out.extend(self.sets[set].iter().copied());
                    true
                }
                None => false,
            },
            Pattern::List(items, _) => {
                let mut ok = true;
                for item in items {
                    ok &= self.collect(fi, item, out);
                }
                ok
            }
        }
    }

    /// Finds which file defines list `name` as seen from file `fi`.
    fn lookup(&self, fi: usize, name: &str) -> Result<(usize, &'a ast::TermList), Vec<String>> {
        let files: &'a [Parsed] = self.files;
        let file = &files[fi];
        if let Some(t) = file.ast.terms.iter().find(|t| t.name.value == name) {
            return Ok((fi, t));
        }
        let mut found = Vec::new();
        for u in &file.ast.uses {
            if let Some(&other) = self.pack_files.get(&u.value)
                && let Some(t) = files[other].ast.terms.iter().find(|t| t.name.value == name)
            {
                found.push((other, t, u.value.clone()));
            }
        }
        match found.len() {
            1 => Ok((found[0].0, found[0].1)),
            0 => Err(Vec::new()),
            _ => Err(found.into_iter().map(|(_, _, p)| p).collect()),
        }
    }

    fn named_list(&mut self, fi: usize, name: &str, at: ast::Span) -> Option<SetId> {
        let (def_file, list) = match self.lookup(fi, name) {
            Ok(found) => found,
            Err(ambiguous) if !ambiguous.is_empty() => {
                let d = self
                    .error(fi, at, format!("term list `{name}` is ambiguous"))
                    .with_help(format!("it is defined in several used packs: {}", ambiguous.join(", ")));
                self.diags.push(d);
                return None;
            }
            Err(_) if self.unknown_use.contains(&fi) || self.unread_may_define(fi, name) => return None,
            Err(_) => {
                let mut d = self
                    .error(fi, at, format!("undefined term list `{name}`"))
                    .with_label("not defined here");
                if let Some(s) = self.suggest_list(fi, name) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                } else if let Some(pack) = self.pack_defining(name) {
                    d = d.with_help(format!(
                        "the pack `{pack}` defines `{name}`: add `use {pack}` to this file"
                    ));
                } else {
                    d = d.with_help("define it with `terms NAME = [ … ]`, or `use` the pack that defines it");
                }
                self.diags.push(d);
                return None;
            }
        };
        let key = (def_file, name.to_string());
        if let Some(&set) = self.named.get(&key) {
            return Some(set);
        }
        if self.failed.contains(&key) {
            return None;
        }
        if let Some(pos) = self.resolving.iter().position(|k| *k == key) {
            let d = if pos + 1 == self.resolving.len() {
                self.error(fi, at, format!("term list `{name}` refers to itself"))
                    .with_label("this reference is inside the list's own definition")
                    .with_help(format!("remove `{name}` from its own list"))
            } else {
                let chain: Vec<String> =
                    self.resolving[pos..].iter().map(|(_, n)| format!("`{n}`")).collect();
                self.error(fi, at, format!("term lists form a cycle: {} → `{name}`", chain.join(" → ")))
                    .with_label(format!("`{name}` is referred to again here"))
                    .with_help(
                        "a term list cannot include itself, directly or through other lists; \
                         remove one of these references",
                    )
            };
            self.diags.push(d);
            // Every list of the cycle fails with this one error.
            self.failed.extend(self.resolving[pos..].iter().cloned());
            return None;
        }
        self.resolving.push(key.clone());
        let source = list.source.clone();
        let set = match source {
            TermSource::Inline(items) => {
                let mut ids = Vec::new();
                let mut ok = true;
                for item in &items {
                    ok &= self.collect(def_file, item, &mut ids);
                }
                ok.then(|| self.intern_set(ids))
            }
            TermSource::File(path) => self.list_file(def_file, &path),
        };
        self.resolving.pop();
        match set {
            Some(set) => {
                self.named.insert(key, set);
            }
            None => {
                self.failed.insert(key);
            }
        }
        set
    }

    /// Whether an item with a syntax error may give file `fi` a list
    /// `name`: a broken definition in it or in a pack it `use`s, or a
    /// broken `use` in it. Then `name` is not reported undefined, as a
    /// consequence of the syntax error reported already.
    fn unread_may_define(&self, fi: usize, name: &str) -> bool {
        let file = &self.files[fi].ast;
        let used = file.uses.iter().filter_map(|u| self.pack_files.get(&u.value));
        file.unread.any_use
            || std::iter::once(fi).chain(used.copied()).any(|i| self.files[i].ast.unread.may_define(name))
    }

    /// A loaded pack that defines a term list of this name (for a `use` hint).
    fn pack_defining(&self, name: &str) -> Option<String> {
        self.files
            .iter()
            .find(|f| f.ast.terms.iter().any(|t| t.name.value == name))
            .map(|f| f.pack_name.clone())
    }

    fn suggest_list(&self, fi: usize, name: &str) -> Option<String> {
        let file = &self.files[fi];
        // A list whose definition has a syntax error is still the name meant.
        file.ast
            .terms
            .iter()
            .map(|t| t.name.value.as_str())
            .chain(file.ast.unread.terms.iter().map(String::as_str))
            .map(|n| (edit_distance(n, name), n))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, n)| n.to_string())
    }

    /// Reads `terms X = file "…"`: one entry per line, `#` comments, `/…/` regexes.
    fn list_file(&mut self, fi: usize, path: &ast::Spanned<String>) -> Option<SetId> {
        let (name, text, origin) = match &self.sources[fi].origin {
            Origin::Path(p) => {
                let full = p.parent().unwrap_or(std::path::Path::new(".")).join(&path.value);
                let read = std::fs::read(&full)
                    .map_err(|e| format!("cannot read term list file `{}`: {e}", full.display()))
                    .and_then(|bytes| {
                        crate::document::load::utf8_text(bytes, "term list files")
                            .map_err(|e| format!("{}:{}:{}: {e}", full.display(), e.line, e.column))
                    });
                match read {
                    Ok(t) => (full.display().to_string(), t, Origin::ListFile(full)),
                    Err(e) => {
                        let d = self.error(fi, path.span, e);
                        self.diags.push(d);
                        return None;
                    }
                }
            }
            Origin::Builtin(own) => {
                let dir = own.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                let joined =
                    if dir.is_empty() { path.value.clone() } else { format!("{dir}/{}", path.value) };
                match builtin::file(&joined) {
                    Some(t) => (format!("builtin:{joined}"), t.to_string(), Origin::Inline),
                    None => {
                        let d = self.error(fi, path.span, format!("no built-in term list file `{joined}`"));
                        self.diags.push(d);
                        return None;
                    }
                }
            }
            Origin::Inline | Origin::ListFile(_) => {
                let d = self
                    .error(fi, path.span, "term list files can only be used from a rule file on disk")
                    .with_help("write the terms inline: terms NAME = [ … ]");
                self.diags.push(d);
                return None;
            }
        };
        // Notepad's "UTF-8 with BOM" puts U+FEFF before the first entry; kept,
        // it would turn a `/…/` line into a literal and a `#` line into an entry.
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let list_index = self.sources.len();
        self.sources.push(RuleSource { name: name.clone(), text: text.clone(), origin });
        let mut ids = Vec::new();
        let mut ok = true;
        for entry in list_entries(&text) {
            let span = entry.span;
            let result = match entry.regex {
                Some(re) => self.patterns.regex(re),
                None => self.patterns.literal(entry.text),
            };
            match result {
                Ok(id) => {
                    self.pattern_origin.entry(id).or_insert((list_index, span));
                    ids.push(id);
                }
                Err(e) => {
                    ok = false;
                    let d = self.error(list_index, span, format!("invalid entry: {e}"));
                    self.diags.push(d);
                }
            }
        }
        if ids.is_empty() && ok {
            let d = self.error(fi, path.span, format!("term list file `{name}` has no entries"));
            self.diags.push(d);
            return None;
        }
        ok.then(|| self.intern_set(ids))
    }

    fn matcher(&mut self, fi: usize, m: &ast::Matcher) -> Option<CMatcher> {
        let set = self.pattern(fi, &m.pattern);
        let mut clauses = Vec::new();
        let mut ok = set.is_some();
        for clause in &m.clauses {
            match clause {
                ast::Clause::Except(p, _) => match self.pattern(fi, p) {
                    Some(s) => clauses.push(CClause::Except(s)),
                    None => ok = false,
                },
                ast::Clause::Context { negated, context, .. } => {
                    let ctx = match context {
                        Context::Near { pattern, within } => {
                            self.pattern(fi, pattern).map(|s| CContext::Near(s, within.value))
                        }
                        Context::PrecededBy { pattern, within } => {
                            self.pattern(fi, pattern).map(|s| CContext::PrecededBy(s, within.value))
                        }
                        Context::FollowedBy { pattern, within } => {
                            self.pattern(fi, pattern).map(|s| CContext::FollowedBy(s, within.value))
                        }
                        Context::SameScope { scope, pattern } => {
                            self.pattern(fi, pattern).map(|s| CContext::SameScope(*scope, s))
                        }
                        Context::InHeading => Some(CContext::InHeading),
                        Context::InFinePrint => Some(CContext::InFinePrint),
                        Context::InReplyTo { pattern } => self.pattern(fi, pattern).map(CContext::InReplyTo),
                        Context::UnderHeading { pattern } => {
                            self.pattern(fi, pattern).map(CContext::UnderHeading)
                        }
                        Context::InFirstPercent(n) => Some(CContext::InFirstPercent(n.value)),
                    };
                    match ctx {
                        Some(context) => clauses.push(CClause::Context { negated: *negated, context }),
                        None => ok = false,
                    }
                }
            }
        }
        ok.then(|| CMatcher { speaker: m.speaker, set: set.unwrap_or_default(), clauses })
    }

    fn field(&mut self, fi: usize, f: &ast::Spanned<String>) -> Option<Field> {
        let field = Field::parse(&f.value);
        if field.is_none() {
            // `lang::validate` reports unknown fields with suggestions; this is a guard.
            let d = self.error(fi, f.span, format!("unknown metadata field `{}`", f.value));
            if !self.diags.contains(&d) && !self.diags.iter().any(|x| x.span == f.span && x.file == d.file) {
                self.diags.push(d);
            }
        }
        field
    }

    fn value(&mut self, fi: usize, field: Field, v: &ast::Spanned<String>) -> Option<Value> {
        match parse_value(field, &v.value) {
            Ok(val) => Some(val),
            Err(e) => {
                let d = self.error(fi, v.span, e.to_string());
                if !self.diags.iter().any(|x| x.span == v.span && x.file == d.file) {
                    self.diags.push(d);
                }
                None
            }
        }
    }

    fn cond(&mut self, fi: usize, cond: &Cond) -> Option<CCond> {
        Some(match cond {
            Cond::And(a, b) => {
                let (a, b) = (self.cond(fi, a), self.cond(fi, b));
                CCond::And(Box::new(a?), Box::new(b?))
            }
            Cond::Or(a, b) => {
                let (a, b) = (self.cond(fi, a), self.cond(fi, b));
                CCond::Or(Box::new(a?), Box::new(b?))
            }
            Cond::Not(a) => CCond::Not(Box::new(self.cond(fi, a)?)),
            Cond::Compare { field, op, rhs, .. } => {
                let f = self.field(fi, field)?;
                let rhs = match rhs {
                    Operand::Value(v) => CRhs::Value(self.value(fi, f, v)?),
                    Operand::Field(other) => CRhs::Field(self.field(fi, other)?),
                };
                CCond::Compare { field: f, op: *op, rhs }
            }
            Cond::In { field, values, .. } => {
                let f = self.field(fi, field)?;
                let vals: Vec<Option<Value>> = values.iter().map(|v| self.value(fi, f, v)).collect();
                CCond::In { field: f, values: vals.into_iter().collect::<Option<Vec<_>>>()? }
            }
            Cond::Contains { field, value, .. } => {
                let f = self.field(fi, field)?;
                // A rule's 老年人 is the document's 老年人: both read as `elderly`.
                let value = match f {
                    Field::AudienceSegments => crate::document::metadata::segment_alias(&value.value)
                        .map_or_else(|| value.value.to_lowercase(), str::to_string),
                    _ => value.value.to_lowercase(),
                };
                CCond::Contains { field: f, value }
            }
            Cond::Exists { field, .. } => CCond::Exists(self.field(fi, field)?),
            Cond::TextHas(m) => CCond::TextHas(self.matcher(fi, m)?),
        })
    }

    fn rule(&mut self, fi: usize, pack: usize, r: &ast::Rule) -> Option<CompiledRule> {
        // Resolved before the check, and not returned from on failure: the
        // check's names are resolved (and reported) whatever the condition has.
        let when = r.when.as_ref().map(|c| self.cond(fi, c));
        let check = self.check(fi, r.check.as_ref()?);
        let (when, check) = match when {
            Some(c) => (Some(c?), check?),
            None => (None, check?),
        };
        let category = r.category.as_ref()?.value.clone();

        if !category::is_valid(&category) {
            return None;
        }
        let examples = r
            .examples
            .iter()
            .map(|e| CExample {
                expect: e.expect,
                text: e.text.value.clone(),
                metadata: e
                    .metadata
                    .iter()
                    .map(|(k, v)| {
                        let raw = match &v.value {
                            ast::MetaValue::Scalar(s) => s.clone(),
                            ast::MetaValue::List(items) => format!("[{}]", items.join(", ")),
                        };
                        (k.value.clone(), raw)
                    })
                    .collect(),
                span: e.span,
            })
            .collect();
        let title = r.title.as_ref()?.value.clone();
        Some(CompiledRule {
            id: r.id.value.clone(),
            message: r.message.as_ref().map(|m| m.value.clone()).unwrap_or_else(|| title.clone()),
            title,
            category,
            severity: r.severity.as_ref()?.value,
            citation: r.cite.as_ref().map(|c| c.value.clone()),
            description: r.description.as_ref().map(|d| d.value.clone()),
            draft: r.draft,
            pack,
            when,
            check,
            fix: r.fix.as_ref().map(|f| f.value.clone()),
            examples,
            source: fi,
            span: r.id.span,
        })
    }
}

impl Compiler<'_> {
    fn check(&mut self, fi: usize, check: &ast::Check) -> Option<CCheck> {
        Some(match check {
            ast::Check::Forbid(m) => CCheck::Forbid(self.matcher(fi, m)?),
            ast::Check::Report(_) => CCheck::Report,
            ast::Check::Require(req) => CCheck::Require(match req {
                Requirement::Present(m) => CRequirement::Present(self.matcher(fi, m)?),
                Requirement::Before { first, then } => {
                    let (a, b) = (self.matcher(fi, first), self.matcher(fi, then));
                    CRequirement::Before { first: a?, then: b? }
                }
                Requirement::NearEach { required, each, within } => {
                    let (a, b) = (self.matcher(fi, required), self.matcher(fi, each));
                    CRequirement::NearEach { required: a?, each: b?, within: within.value }
                }
                Requirement::SameScopeEach { required, scope, each } => {
                    let (a, b) = (self.matcher(fi, required), self.matcher(fi, each));
                    CRequirement::SameScopeEach { required: a?, scope: *scope, each: b? }
                }
            }),
        })
    }
}

/// Whether two rule sources are one file on disk, reached by two paths.
fn same_file(a: &Origin, b: &Origin) -> bool {
    match (a, b) {
        (Origin::Path(a), Origin::Path(b)) => {
            a == b || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// The path under `rules/` without `.rules` (`cn/common`, what
/// `rules.packs` takes) of the built-in pack named `name` (`cn.common`).
fn builtin_pack_path(name: &str) -> Option<&'static str> {
    builtin::files()
        .filter(|(p, _)| p.ends_with(".rules"))
        .find(|(_, text)| builtin::declared_pack(text) == Some(name))
        .map(|(p, _)| p.strip_suffix(".rules").unwrap_or(p))
}

/// A pack's `applies when` with its header's `language`: a pack declared
/// `language zh` applies to Chinese documents only, as if its condition
/// began `document.language == zh and`. That is what the built-in packs
/// write out, and what lets `check` ask for a Chinese pack's required
/// warnings in Chinese documents only and still look for its prohibited
/// wording in a Chinese passage of an English one.
fn with_language(language: Option<Value>, applies: Option<CCond>) -> Option<CCond> {
    let Some(language) = language else { return applies };
    let is = CCond::Compare { field: Field::DocumentLanguage, op: CmpOp::Eq, rhs: CRhs::Value(language) };
    Some(match applies {
        Some(applies) => CCond::And(Box::new(is), Box::new(applies)),
        None => is,
    })
}

/// One entry of a term-list file.
#[derive(Debug, PartialEq)]
struct ListEntry<'a> {
    /// The entry as written (a regex with its slashes), without a comment.
    text: &'a str,
    /// The regex between the slashes, for a `/…/` entry.
    regex: Option<&'a str>,
    span: ast::Span,
}

/// The entries of a term-list file: one a line, blank lines and `#` comments
/// skipped. A comment may also follow an entry after white space (`稳赚  # 2025
/// 年通报`), as in a rule file: people annotate word lists, and a comment taken
/// into the entry would make it a phrase no document contains. A regex entry
/// keeps any ` #` between its slashes (`/No\. #1/`), so a term that needs one
/// is written as a regex.
fn list_entries(text: &str) -> impl Iterator<Item = ListEntry<'_>> {
    let mut pos = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = pos;
        pos += line.len();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') {
            return None;
        }
        let (entry, regex) = split_list_line(body);
        let at = start + lead;
        Some(ListEntry { text: entry, regex, span: ast::Span { start: at, end: at + entry.len() } })
    })
}

fn as_regex(entry: &str) -> Option<&str> {
    entry.strip_prefix('/').and_then(|r| r.strip_suffix('/')).filter(|r| !r.is_empty())
}

/// Splits a trimmed, non-comment line into its entry and, for a regex, the
/// regex between the slashes.
fn split_list_line(body: &str) -> (&str, Option<&str>) {
    // Every `#` that follows white space could start the comment.
    let comment_starts = body
        .char_indices()
        .filter(|&(i, c)| c == '#' && body[..i].chars().next_back().is_some_and(char::is_whitespace));
    if body.starts_with('/') {
        if let Some(re) = as_regex(body) {
            return (body, Some(re));
        }
        // The comment starts after the closing slash.
        for (i, _) in comment_starts {
            let entry = body[..i].trim_end();
            if let Some(re) = as_regex(entry) {
                return (entry, Some(re));
            }
        }
        return (body, None);
    }
    let entry = match comment_starts.map(|(i, _)| i).next() {
        Some(i) => body[..i].trim_end(),
        None => body,
    };
    (entry, None)
}

#[cfg(test)]
mod list_file_tests {
    use super::*;

    fn entries(text: &str) -> Vec<(&str, Option<&str>)> {
        list_entries(text).map(|e| (e.text, e.regex)).collect()
    }

    #[test]
    fn a_comment_after_an_entry_is_not_part_of_it() {
        let text = "# 清单\n稳赚          # 2025 年通报\n闭眼买\t# 社交媒体常见\n躺赚\nC#\n";
        assert_eq!(entries(text), [("稳赚", None), ("闭眼买", None), ("躺赚", None), ("C#", None)]);
    }

    #[test]
    fn a_regex_keeps_its_own_hash_and_may_have_a_comment() {
        let text = "/No\\. #1/\n/第一(名|品牌)/   # 2026 年\n/a #b/ # c\n";
        assert_eq!(
            entries(text),
            [
                ("/No\\. #1/", Some("No\\. #1")),
                ("/第一(名|品牌)/", Some("第一(名|品牌)")),
                ("/a #b/", Some("a #b"))
            ]
        );
    }

    #[test]
    fn spans_cover_the_entry_without_its_comment() {
        let text = "  稳赚  # x\n";
        let e = list_entries(text).next().expect("one entry");
        assert_eq!(&text[e.span.start..e.span.end], "稳赚");
    }
}
