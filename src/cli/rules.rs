//! `disclint rules test|check|list` and `disclint explain`.

use super::out;
use super::setup::{Configured, configured_rules};
use super::{
    ConfigArg, EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, RuleArgs, Ui, print_load_error, rule_files,
    rule_sources,
};
use disclint::compile::{RuleSet, builtin, render_diagnostics};
use disclint::eval::run_examples;
use disclint::lang::Diagnostic;
use disclint::lang::ast::Expect;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Loads the defaults plus `paths`; returns the rule set and which source
/// indices are the ones under test (the given paths, or everything).
fn load_for_testing(ui: &Ui, paths: &[PathBuf], args: &RuleArgs) -> Option<(RuleSet, usize)> {
    let (sources, builtin_count) = match rule_sources(args, paths) {
        Ok(s) => s,
        Err(e) => {
            errln!("error: {e}");
            return None;
        }
    };
    let first_tested = if paths.is_empty() && args.extra.is_empty() { 0 } else { builtin_count };
    match RuleSet::load(sources) {
        Ok((set, warnings)) => {
            let own: Vec<Diagnostic> = warnings
                .into_iter()
                .filter(|d| set.sources.iter().position(|s| s.name == d.file) >= Some(first_tested))
                .collect();
            if !own.is_empty() {
                out::stderr_styled(&render_diagnostics(&own, &set.sources, ui.color));
            }
            Some((set, first_tested))
        }
        Err(e) => {
            print_load_error(ui, &e);
            None
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    (before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
}

pub fn test(ui: &Ui, paths: &[PathBuf], args: &RuleArgs, bless: bool) -> u8 {
    let Some((set, first)) = load_for_testing(ui, paths, args) else { return EXIT_FAILURE };
    let outcomes = run_examples(&set, &|r| r.source >= first);
    let mut failed = 0;
    for o in outcomes.iter().filter(|o| !o.passed) {
        failed += 1;
        let src = &set.sources[o.source];
        let (line, col) = line_col(&src.text, o.span.start);
        let kind = if o.expect == Expect::Fail { "fail" } else { "pass" };
        outln!("FAILED {} example {kind} at {}:{line}:{col}: {}", o.rule, src.name, o.detail);
    }
    // Examples that pass but would be skipped by `check` (the pack's
    // `applies when` unknown for them): green here, silent there.
    // Each is said in full for a user's own rule files; the built-in packs'
    // (which a user cannot edit) are counted on one line.
    let (mut builtin_ids, mut builtin_warnings) = (BTreeSet::new(), 0);
    for o in outcomes.iter().filter(|o| o.passed) {
        if let Some(w) = &o.warning {
            let src = &set.sources[o.source];
            if src.name.starts_with("builtin:") {
                builtin_ids.insert(o.rule.as_str());
                builtin_warnings += 1;
                continue;
            }
            let (line, col) = line_col(&src.text, o.span.start);
            outln!("warning: {} example fail at {}:{line}:{col} {w}", o.rule, src.name);
        }
    }
    if !builtin_ids.is_empty() {
        outln!(
            "warning: {builtin_warnings} fail example(s) of built-in rules pass only because their pack's `applies when` is \
             unknown for them, so `check` would skip the rule on a document like them: {}",
            builtin_ids.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    let rules_tested = set.rules.iter().filter(|r| r.source >= first).count();
    let untested: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| r.source >= first && r.examples.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    if !untested.is_empty() {
        outln!("warning: {} rule(s) have no examples: {}", untested.len(), untested.join(", "));
    }
    let roots: Vec<PathBuf> = args.extra.iter().chain(paths).cloned().collect();
    let groups = super::fixtures::discover(&set, first, &roots);
    let fixtures = super::fixtures::run(&set, &groups, bless);
    // Without fixtures the line is as it always was (scripts read it).
    let fixture_count =
        if groups.is_empty() { String::new() } else { format!(", {} fixtures", fixtures.total) };
    let total = outcomes.len() + fixtures.total;
    let failed = failed + fixtures.failed;
    outln!(
        "{} rules, {} examples{fixture_count}: {} passed, {} failed",
        rules_tested,
        outcomes.len(),
        total - failed,
        failed
    );
    if fixtures.broken {
        EXIT_FAILURE
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

pub fn check(ui: &Ui, paths: &[PathBuf], args: &RuleArgs) -> u8 {
    let Some((set, first)) = load_for_testing(ui, paths, args) else { return EXIT_FAILURE };
    let failures: Vec<Diagnostic> = run_examples(&set, &|r| r.source >= first)
        .into_iter()
        .filter(|o| !o.passed)
        .map(|o| {
            let kind = if o.expect == Expect::Fail { "fail" } else { "pass" };
            Diagnostic::error(
                &set.sources[o.source].name,
                o.span,
                format!("example {kind} of {} does not behave as declared", o.rule),
            )
            .with_label(o.detail)
        })
        .collect();
    if !failures.is_empty() {
        out::stderr_styled(&render_diagnostics(&failures, &set.sources, ui.color));
        errln!("error: {} example(s) do not behave as declared", failures.len());
        return EXIT_FAILURE;
    }
    let files =
        set.sources.iter().enumerate().filter(|(i, s)| *i >= first && s.name.ends_with(".rules")).count();
    let rules = set.rules.iter().filter(|r| r.source >= first).count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    outln!("ok: {rules} rule{} in {files} file{}", plural(rules), plural(files));
    EXIT_CLEAN
}

/// `disclint rules list`: the rules `check` would load here (the config's
/// built-ins and `rules.paths` included), at their effective severity; the
/// ones the config switches off are listed, marked `[disabled]`.
pub fn list(ui: &Ui, args: &RuleArgs, config: &ConfigArg) -> u8 {
    let Some(Configured { rules: set, options, .. }) = configured_rules(ui, args, config.config.as_deref())
    else {
        return EXIT_FAILURE;
    };
    // At least as wide as the header, or a short value shifts the next
    // column left of its name.
    let width = |header: &str, values: &mut dyn Iterator<Item = &str>| {
        values.map(|v| v.chars().count()).chain([header.len()]).max().unwrap_or(header.len())
    };
    let id_w = width("ID", &mut set.rules.iter().map(|r| r.id.as_str()));
    let cat_w = width("CATEGORY", &mut set.rules.iter().map(|r| r.category.as_str()));
    outln!("{:id_w$}  {:cat_w$}  {:8}  TITLE", "ID", "CATEGORY", "SEVERITY");
    for r in &set.rules {
        let draft = if r.draft { " [draft]" } else { "" };
        let disabled = if options.selects(r) { "" } else { " [disabled]" };
        let severity = options.severity_of(r);
        outln!(
            "{:id_w$}  {:cat_w$}  {:8}  {}{draft}{disabled}",
            r.id,
            r.category,
            severity.as_str(),
            r.title
        );
    }
    EXIT_CLEAN
}

/// The compiled patterns, one a line, as a regex each (`rg -f` reads them):
/// what a rule author's literal became after normalisation, and the text
/// the benchmark gives ripgrep to search for the same things. The rules are
/// those `check` loads here (the config's packs and paths), so a pre-filter
/// built from them searches for what the check would.
pub fn patterns(ui: &Ui, args: &RuleArgs, config: &ConfigArg) -> u8 {
    use disclint::compile::PatternKind;
    let Some(Configured { rules: set, .. }) = configured_rules(ui, args, config.config.as_deref()) else {
        return EXIT_FAILURE;
    };
    let mut out = String::new();
    for kind in &set.patterns.kinds {
        match kind {
            PatternKind::Literal { text, latin_start, latin_end } => {
                // The word boundaries the engine puts at a Latin edge.
                let edge = |on: bool| if on { r"(?-u:\b)" } else { "" };
                out.push_str(edge(*latin_start));
                out.push_str(&regex_syntax::escape(text));
                out.push_str(edge(*latin_end));
            }
            PatternKind::Regex { source } => out.push_str(source),
        }
        out.push('\n');
    }
    super::out::stdout(&out);
    EXIT_CLEAN
}

/// `disclint rules categories`: the contract's categories with their meaning.
pub fn categories() -> u8 {
    let local = ("other.<name>", "a local rule that fits none of the above (rule packs of your own)");
    let width = disclint::category::CATEGORIES.iter().map(|(c, _)| c.len()).max().unwrap_or(8);
    let mut text = format!("{:width$}  MEANING\n", "CATEGORY");
    for (category, meaning) in disclint::category::CATEGORIES.iter().chain([&local]) {
        text.push_str(&format!("{category:width$}  {meaning}\n"));
    }
    out::stdout(&text);
    EXIT_CLEAN
}

pub fn explain(ui: &Ui, id: &str, args: &RuleArgs, config: &ConfigArg) -> u8 {
    let Some(configured) = configured_rules(ui, args, config.config.as_deref()) else { return EXIT_FAILURE };
    let Configured { rules: set, options, names, project } = &configured;
    let find = |set: &'_ RuleSet| -> Option<usize> {
        set.rules
            .iter()
            .position(|r| r.id == id)
            .or_else(|| set.rules.iter().position(|r| r.id.eq_ignore_ascii_case(id)))
    };
    // A built-in rule of a pack the config leaves out is explained from
    // that pack, with why it does not run here: the user asked about the
    // rule, and "no rule is loaded" would send them looking for a file.
    let mut left_out = None;
    let pack_set: Option<RuleSet>;
    let (set, index) = match find(set) {
        Some(i) => (set, i),
        None => {
            let builtin = names.builtin_pack_of(id).or_else(|| {
                names
                    .suggest_rule(id)
                    .filter(|s| s.eq_ignore_ascii_case(id))
                    .and_then(|s| names.builtin_pack_of(&s))
            });
            pack_set = builtin.filter(|(_, configured)| !configured).and_then(|(pack, _)| {
                left_out = Some(pack);
                load_builtin_pack(ui, pack)
            });
            match pack_set.as_ref().and_then(|p| find(p).map(|i| (p, i))) {
                Some(found) => found,
                None => {
                    no_such_rule(id, set);
                    return EXIT_FAILURE;
                }
            }
        }
    };
    let rule = &set.rules[index];
    let pack = set.pack_of(rule);
    let src = &set.sources[rule.source];
    let (line, _) = line_col(&src.text, rule.span.start);
    outln!("{}  {}", rule.id, rule.title);
    outln!();
    outln!("category:  {}", rule.category);
    let severity = options.severity_of(rule);
    if severity == rule.severity {
        outln!("severity:  {severity}");
    } else {
        outln!("severity:  {severity} (set in disclint.yaml; the rule's own is {})", rule.severity);
    }
    if let Some(pack) = left_out {
        outln!("status:    not loaded here: its pack is left out: {}", super::names::left_out(project, args));
        outln!("           ({})", super::names::load_pack_help(pack, project, args));
    } else if let Some((why, help)) =
        super::names::switched_off(options, project, &rule.id, &rule.category, rule.draft)
    {
        outln!("status:    disabled: {why} ({help} to run it)");
    }
    outln!("pack:      {}{}", pack.name, pack.title.as_ref().map(|t| format!(" ({t})")).unwrap_or_default());
    if let Some(c) = &rule.citation {
        outln!("citation:  {c}");
    }
    if rule.draft {
        outln!("draft:     yes (from a draft regulation; configs may switch drafts off)");
    }
    outln!("defined:   {}:{line}", src.name);
    outln!("message:   {}", rule.message);
    if let Some(fix) = &rule.fix {
        let fix = match fix {
            disclint::lang::ast::FixSpec::Remove => "remove the matched text".to_string(),
            disclint::lang::ast::FixSpec::Replace(t) => format!("replace with “{t}”"),
            disclint::lang::ast::FixSpec::Insert(t) => format!("insert “{t}”"),
            disclint::lang::ast::FixSpec::Append(t) => format!("append “{t}”"),
        };
        outln!("fix:       {fix}");
    }
    if let Some(d) = &rule.description {
        outln!();
        outln!("{}", d.trim());
    }
    if !rule.examples.is_empty() {
        outln!();
        outln!("examples:");
        for ex in &rule.examples {
            let kind = if ex.expect == Expect::Fail { "fail" } else { "pass" };
            let meta = if ex.metadata.is_empty() {
                String::new()
            } else {
                format!(
                    "  [{}]",
                    ex.metadata.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
                )
            };
            outln!("  {kind}  {}{meta}", ex.text.replace('\n', "⏎"));
        }
    }
    EXIT_CLEAN
}

/// Says that no rule `id` is loaded, with the likeliest causes.
fn no_such_rule(id: &str, set: &RuleSet) {
    errln!("error: no rule `{id}` is loaded");
    let mut close: Vec<(usize, &str)> = set
        .rules
        .iter()
        .map(|r| (disclint::compile::edit_distance(&r.id.to_lowercase(), &id.to_lowercase()), r.id.as_str()))
        .collect();
    close.sort();
    if let Some((d, best)) = close.first()
        && *d <= 4
    {
        errln!("help: did you mean `{best}`?");
    }
    // The likeliest cause: a rule file just written and not given here.
    errln!(
        "help: a rule in your own rule file is loaded only when the file is given: `disclint explain \
         --rules FILE {id}`, or list it under `rules: {{paths: [...]}}` in disclint.yaml"
    );
    errln!("help: `disclint rules list` shows every loaded rule");
}

/// The built-in pack `pack`, compiled on its own: the other packs give
/// only the term lists it uses.
fn load_builtin_pack(ui: &Ui, pack: &str) -> Option<RuleSet> {
    let sources = builtin::sources();
    let name = format!("builtin:{pack}.rules");
    let index = sources.iter().position(|s| s.name == name)?;
    match RuleSet::load_for(sources, &|p| p.source == index) {
        Ok((set, _)) => Some(set),
        Err(e) => {
            print_load_error(ui, &e);
            None
        }
    }
}

/// `disclint rules fmt`. A file that does not parse is never rewritten: its
/// errors are reported (exit 2) and the other files are still formatted.
pub fn fmt(color: bool, paths: &[PathBuf], check_only: bool) -> u8 {
    let mut unformatted = 0;
    let mut failed = false;
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let files = match rule_files(path) {
            Ok(f) => f,
            Err(e) => {
                errln!("error: {e}");
                failed = true;
                continue;
            }
        };
        for file in files {
            // A file reached by two paths is formatted (and counted) once.
            if !seen.insert(super::same_file_key(&file)) {
                continue;
            }
            let name = file.display().to_string();
            let raw = match std::fs::read(&file) {
                Ok(bytes) => match disclint::document::load::utf8_text(bytes, "rule files") {
                    Ok(t) => t,
                    Err(e) => {
                        errln!("error: {name}:{}:{}: {e}", e.line, e.column);
                        failed = true;
                        continue;
                    }
                },
                Err(e) => {
                    errln!("error: cannot read {name}: {e}");
                    failed = true;
                    continue;
                }
            };
            // A byte-order mark is kept as it was; the formatter sees the text after it.
            let (bom, text) = match raw.strip_prefix('\u{FEFF}') {
                Some(rest) => ("\u{FEFF}", rest),
                None => ("", raw.as_str()),
            };
            let formatted = match disclint::lang::fmt::format(&name, text) {
                Ok(f) => f,
                Err(diags) => {
                    out::stderr_styled(&disclint::lang::render(&diags, &|_| Some(text), color));
                    errln!("error: {name} not formatted: it has the errors above; left unchanged");
                    failed = true;
                    continue;
                }
            };
            if formatted == text {
                continue;
            }
            unformatted += 1;
            if check_only {
                outln!("would reformat {name}");
            } else if let Err(e) = std::fs::write(&file, format!("{bom}{formatted}")) {
                errln!("error: cannot write {name}: {e}");
                failed = true;
            } else {
                outln!("formatted {name}");
            }
        }
    }
    if failed {
        EXIT_FAILURE
    } else if check_only && unformatted > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
