//! The rule ids and categories a `--rule`, `--category` or config entry may
//! name, and whether the rules they name would run: a name that selects no
//! rule, or only rules the config keeps from running, makes a run that finds
//! nothing and passes, so each is an error that says why.

use super::RuleArgs;
use super::setup::pack_name;
use disclint::compile::builtin::{self, Declared};
use disclint::compile::{CompiledRule, RuleSet};
use disclint::eval::{Options, category_in};
use disclint::gate::config::{ConfigError, Project};
use disclint::gate::suppress;
use std::collections::BTreeSet;

/// A built-in pack as its text declares it.
struct BuiltinPack {
    /// `cn/advertising`.
    name: &'static str,
    /// Whether the config (and the command line) load it. A short run may
    /// still leave it uncompiled, for documents it cannot apply to.
    configured: bool,
    rules: Vec<Declared<'static>>,
}

/// Every name a run knows, and where the built-in rules are.
pub struct Names {
    /// Loaded rules, built-in rules (a short run compiles only some packs)
    /// and the suppression findings' rules.
    ids: BTreeSet<String>,
    /// The contract's categories, those of loaded and built-in rules, and
    /// the suppression findings'. A local `other.*` category is a name only
    /// when a rule has it: `other.house-chanel` is a typo, not a category.
    categories: BTreeSet<String>,
    builtin: Vec<BuiltinPack>,
}

impl Names {
    /// `configured` lists the built-in packs the config loads (by name), whether
    /// or not this run compiled them.
    pub fn new(rules: &RuleSet, configured: &[String]) -> Names {
        let builtin: Vec<BuiltinPack> = builtin::files()
            .filter(|(p, _)| p.ends_with(".rules"))
            .map(|(p, text)| BuiltinPack {
                name: pack_name(p),
                configured: configured.iter().any(|c| c == pack_name(p)),
                rules: builtin::declared_rules(text),
            })
            .collect();
        let mut ids: BTreeSet<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
        ids.extend(builtin.iter().flat_map(|p| &p.rules).map(|r| r.id.to_string()));
        ids.extend(suppress::META_RULES.iter().map(|m| m.0.to_string()));
        let mut categories: BTreeSet<String> = rules.rules.iter().map(|r| r.category.clone()).collect();
        categories.extend(builtin.iter().flat_map(|p| &p.rules).map(|r| r.category.to_string()));
        categories.extend(disclint::category::names().map(str::to_string));
        categories.insert(suppress::CATEGORY.to_string());
        Names { ids, categories, builtin }
    }

    /// Whether a config's `disable` or `severity` entry names a rule or a category.
    pub fn is_rule_or_category(&self, name: &str) -> bool {
        self.ids.contains(name) || self.categories.contains(name)
    }

    /// The names a built-in pack file of the binary defines, for `rules.packs`.
    pub fn builtin_packs(&self) -> Vec<String> {
        self.builtin.iter().map(|p| p.name.to_string()).collect()
    }

    /// Checks the config's rule and pack names (`rules.disable`, `rules.severity`, `rules.packs`).
    pub fn validate_config(&self, project: &Project) -> Result<(), ConfigError> {
        project.validate_names(
            &|name| self.is_rule_or_category(name),
            &|name| self.suggest_rule_or_category(name),
            &self.builtin_packs(),
        )
    }

    /// Categories and their groups (`prohibited`), what `--category` accepts.
    fn category_selectors(&self) -> BTreeSet<&str> {
        let groups = self.categories.iter().filter_map(|c| c.split_once('.').map(|(g, _)| g));
        self.categories.iter().map(String::as_str).chain(groups).collect()
    }

    /// A typo's likely intended name among `candidates`: the same name in
    /// another case, else the closest one.
    fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
            return Some(c.to_string());
        }
        let lower: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
        let best = disclint::lang::closest(&word.to_lowercase(), lower.iter().map(String::as_str))?;
        lower.iter().position(|l| l == best).map(|i| candidates[i].to_string())
    }

    pub fn suggest_rule_or_category(&self, word: &str) -> Option<String> {
        Names::suggest(word, self.ids.iter().map(String::as_str).chain(self.category_selectors()))
    }

    pub fn suggest_rule(&self, word: &str) -> Option<String> {
        Names::suggest(word, self.ids.iter().map(String::as_str))
    }

    /// The built-in pack a rule id is in, and whether the config loads that pack.
    pub fn builtin_pack_of(&self, id: &str) -> Option<(&'static str, bool)> {
        self.builtin.iter().find(|p| p.rules.iter().any(|r| r.id == id)).map(|p| (p.name, p.configured))
    }

    /// `--rule` and `--category` must each choose a rule that runs: a typo
    /// selects no rule, and so does a rule the config switches off or a
    /// built-in pack it leaves out; a run of no rule finds nothing and passes.
    /// A built-in rule the config loads but this run did not compile (its
    /// pack is for another language or product) counts as running: it is
    /// not for these documents.
    pub fn check_selectors(
        &self,
        rules: &RuleSet,
        options: &Options,
        project: &Project,
        args: &RuleArgs,
    ) -> Result<(), String> {
        // What the config alone switches off, without the selectors.
        let config_only = Options { categories: Vec::new(), rules: Vec::new(), ..options.clone() };
        for id in &options.rules {
            if let Some(rule) = rules.rule(id) {
                if let Some((why, help)) =
                    switched_off(&config_only, project, &rule.id, &rule.category, rule.draft)
                {
                    return Err(format!(
                        "error: --rule {id}: the rule does not run here: {why}\nhelp: {help}, or drop --rule {id}"
                    ));
                }
                continue;
            }
            if let Some((pack, declared)) = self.builtin_declared(id) {
                if !pack.configured {
                    return Err(format!(
                        "error: --rule {id}: the rule is in the built-in pack {}, which is not loaded: {}\nhelp: {}",
                        pack.name,
                        left_out(project, args),
                        load_pack_help(pack.name, project, args)
                    ));
                }
                if let Some((why, help)) =
                    switched_off(&config_only, project, declared.id, declared.category, declared.draft)
                {
                    return Err(format!(
                        "error: --rule {id}: the rule does not run here: {why}\nhelp: {help}, or drop --rule {id}"
                    ));
                }
                continue;
            }
            if suppress::META_RULES.iter().any(|m| m.0 == id) {
                continue;
            }
            let hint = match self.suggest_rule(id) {
                Some(s) => format!("help: did you mean `{s}`?\n"),
                None => String::new(),
            };
            return Err(format!(
                "error: --rule {id}: no such rule\n{hint}help: `disclint rules list` shows every loaded rule"
            ));
        }
        let selectors = self.category_selectors();
        for c in &options.categories {
            if !selectors.contains(c.strip_suffix(".*").unwrap_or(c)) {
                let hint = match Names::suggest(c, selectors.iter().copied()) {
                    Some(s) => format!("help: did you mean `{s}`?\n"),
                    None => String::new(),
                };
                return Err(format!(
                    "error: --category {c}: no such category\n{hint}help: `disclint rules categories` lists \
                     them; a group such as `prohibited` selects all of its categories"
                ));
            }
            self.category_runs(c, rules, &config_only, project, args)?;
        }
        Ok(())
    }

    /// A built-in rule by id, with its pack.
    fn builtin_declared(&self, id: &str) -> Option<(&BuiltinPack, &Declared<'static>)> {
        self.builtin.iter().find_map(|p| p.rules.iter().find(|r| r.id == id).map(|r| (p, r)))
    }

    /// `Ok` when some rule of the category (or group) `selector` runs.
    fn category_runs(
        &self,
        selector: &str,
        rules: &RuleSet,
        config_only: &Options,
        project: &Project,
        args: &RuleArgs,
    ) -> Result<(), String> {
        // The suppression findings' rules always run.
        if category_in(suppress::CATEGORY, selector) {
            return Ok(());
        }
        let loaded: Vec<&CompiledRule> =
            rules.rules.iter().filter(|r| category_in(&r.category, selector)).collect();
        if loaded.iter().any(|r| config_only.selects(r)) {
            return Ok(());
        }
        // Built-in rules of this category the run did not compile.
        let mut off = Vec::new();
        let mut left_out_packs = BTreeSet::new();
        for pack in &self.builtin {
            for r in pack.rules.iter().filter(|r| category_in(r.category, selector)) {
                if rules.rule(r.id).is_some() {
                    continue;
                }
                if !pack.configured {
                    left_out_packs.insert(pack.name);
                } else if let Some((why, _)) = switched_off(config_only, project, r.id, r.category, r.draft) {
                    off.push(format!("{}: {why}", r.id));
                } else {
                    return Ok(());
                }
            }
        }
        off.extend(loaded.iter().filter_map(|r| {
            switched_off(config_only, project, &r.id, &r.category, r.draft)
                .map(|(why, _)| format!("{}: {why}", r.id))
        }));
        let mut why = Vec::new();
        const SHOWN: usize = 3;
        if !off.is_empty() {
            let more = off.len().saturating_sub(SHOWN);
            let mut listed: Vec<String> = off.into_iter().take(SHOWN).collect();
            if more > 0 {
                listed.push(format!("and {more} more"));
            }
            why.push(format!("its rules are switched off ({})", listed.join("; ")));
        }
        if !left_out_packs.is_empty() {
            let packs: Vec<&str> = left_out_packs.iter().copied().collect();
            why.push(format!(
                "its built-in rules are in {} {}, which {} not loaded: {}",
                if packs.len() == 1 { "pack" } else { "packs" },
                packs.join(", "),
                if packs.len() == 1 { "is" } else { "are" },
                left_out(project, args)
            ));
        }
        if why.is_empty() {
            why.push("no loaded rule has it".to_string());
        }
        Err(format!(
            "error: --category {selector}: no rule of it runs here: {}\n\
             help: `disclint rules list` shows the loaded rules and their categories",
            why.join("; ")
        ))
    }
}

/// Why the config keeps a rule from running, naming the entry to change,
/// and how to let it run.
pub fn switched_off(
    options: &Options,
    project: &Project,
    id: &str,
    category: &str,
    draft: bool,
) -> Option<(String, String)> {
    let cfg = &project.config.rules;
    let file = config_name(project);
    let at = |d: &disclint::gate::config::At<String>| {
        format!("{file}:{}:{}", d.referenced.line(), d.referenced.column())
    };
    if let Some(d) = cfg.disable.iter().find(|d| d.value == id) {
        return Some((
            format!("`rules.disable` in {} switches it off", at(d)),
            format!("remove {id} from `rules.disable`"),
        ));
    }
    if let Some(d) = cfg.disable.iter().find(|d| d.value == category) {
        return Some((
            format!("`rules.disable` in {} switches off its category {category}", at(d)),
            format!("remove {category} from `rules.disable`"),
        ));
    }
    if draft && options.skip_drafts {
        return Some((
            format!("it is a draft rule, and `rules.drafts: false` in {file} switches drafts off"),
            "set `rules.drafts: true`".to_string(),
        ));
    }
    None
}

fn config_name(project: &Project) -> String {
    project
        .file
        .as_deref()
        .map_or_else(|| disclint::gate::config::FILE_NAME.to_string(), |f| f.display().to_string())
}

/// Why the built-in packs left out are not loaded.
pub fn left_out(project: &Project, args: &RuleArgs) -> String {
    let cfg = &project.config.rules;
    if args.no_default_rules {
        "--no-default-rules switches the built-in packs off".to_string()
    } else if !cfg.builtin {
        format!("`rules.builtin: false` in {} switches the built-in packs off", config_name(project))
    } else {
        let listed: Vec<&str> = cfg.packs.iter().map(|p| p.value.as_str()).collect();
        format!(
            "`rules.packs` in {} loads only {} (and the packs they use)",
            config_name(project),
            listed.join(", ")
        )
    }
}

/// How to load a left-out built-in pack.
pub fn load_pack_help(pack: &str, project: &Project, args: &RuleArgs) -> String {
    if args.no_default_rules {
        "drop --no-default-rules to load the built-in packs".to_string()
    } else if !project.config.rules.builtin {
        format!("set `rules.builtin: true` and list {pack} under `rules.packs` to load it")
    } else {
        format!("add {pack} to `rules.packs` to load it")
    }
}
