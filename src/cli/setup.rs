//! Loading a run's project config and rules, shared by `check`, `rules
//! list` and `explain` so that they see the same rules.

use super::names::Names;
use super::{RuleArgs, Ui, note_warnings, print_load_error, rule_sources};
use disclint::compile::{Pack, RuleSet, RuleSource, builtin};
use disclint::document::{Field, Metadata, Value};
use disclint::eval::{self, Options};
use disclint::gate::config::{self, Project};
use std::collections::BTreeSet;
use std::path::Path;

/// The project config: `--config`, else `disclint.yaml` upward from `cwd`.
pub fn project(config_file: Option<&Path>, cwd: &Path) -> Result<Project, String> {
    let file = match config_file {
        Some(f) => Some(f.to_path_buf()),
        None => config::find(cwd),
    };
    match file {
        Some(f) => Project::load(&f).map_err(|e| e.to_string()),
        None => Ok(Project::none(cwd)),
    }
}

/// The name of a built-in pack: its path under `rules/` without `.rules`.
pub fn pack_name(path: &str) -> &str {
    path.strip_suffix(".rules").unwrap_or(path)
}

/// The rules a run loads, and the built-in packs (by name) the config and
/// the command line load, whether or not this run compiled them.
pub struct LoadedRules {
    pub rules: RuleSet,
    pub packs: Vec<String>,
}

/// Marks, among the built-in `sources` (the first `builtin_count`), every
/// pack a kept source `use`s, transitively: `packs: [cn/wealth]` must not
/// fail for want of `cn/common`.
fn keep_used(sources: &[RuleSource], builtin_count: usize, keep: &mut [bool]) {
    loop {
        let wanted: Vec<String> = sources
            .iter()
            .zip(keep.iter())
            .filter(|(_, k)| **k)
            .flat_map(|(s, _)| builtin::uses(&s.text).into_iter().map(str::to_string))
            .collect();
        let mut changed = false;
        for (i, s) in sources.iter().enumerate().take(builtin_count) {
            if !keep[i] && builtin::declared_pack(&s.text).is_some_and(|n| wanted.iter().any(|w| w == n)) {
                keep[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Loads the rules the command line and the config ask for.
pub fn load_rules(
    ui: &Ui,
    args: &RuleArgs,
    project: &Project,
    docs: Option<&[&Metadata]>,
) -> Result<LoadedRules, Option<String>> {
    let languages: Option<BTreeSet<&str>> = docs.map(|docs| {
        docs.iter()
            .filter_map(|m| match m.get(Field::DocumentLanguage) {
                Some(Value::Text(l)) => Some(l.as_str()),
                _ => None,
            })
            .collect()
    });
    let cfg = &project.config.rules;
    let rule_args =
        RuleArgs { extra: args.extra.clone(), no_default_rules: args.no_default_rules || !cfg.builtin };
    let config_paths = project.rule_paths().map_err(|e| Some(e.to_string()))?;
    let (mut sources, builtin_count) = rule_sources(&rule_args, &config_paths).map_err(Some)?;
    let by_language = |text: &str| match (&languages, builtin::declared_language(text)) {
        (Some(langs), Some(lang)) if !langs.is_empty() => langs.contains(lang),
        _ => true,
    };
    let configured_pack = |s: &RuleSource| {
        s.name
            .strip_prefix("builtin:")
            .is_some_and(|p| cfg.packs.is_empty() || cfg.packs.iter().any(|k| k.value == pack_name(p)))
    };
    // The packs the config loads, before this run leaves any out for its documents.
    let mut configured: Vec<bool> =
        sources.iter().enumerate().map(|(i, s)| i >= builtin_count || configured_pack(s)).collect();
    keep_used(&sources, builtin_count, &mut configured);
    let packs: Vec<String> = sources
        .iter()
        .zip(&configured)
        .filter(|(_, k)| **k)
        .filter_map(|(s, _)| s.name.strip_prefix("builtin:").map(|p| pack_name(p).to_string()))
        .collect();
    if !cfg.packs.is_empty() || languages.is_some() {
        // The chosen packs (those of the documents' languages, on a short
        // run), and every built-in pack they `use`.
        let mut keep: Vec<bool> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| i >= builtin_count || (configured_pack(s) && by_language(&s.text)))
            .collect();
        keep_used(&sources, builtin_count, &mut keep);
        let mut flags = keep.into_iter();
        sources.retain(|_| flags.next().unwrap_or(false));
    }
    // On a short run the documents are known: a built-in pack whose
    // `applies when` is false for all of them by their metadata (`cn.fund`
    // for a page whose `product.category` is wealth-management, `cn.scripts`
    // for a brochure) is not compiled. Rule files of the user's always are.
    let builtin_source: Vec<bool> = sources.iter().map(|s| s.name.starts_with("builtin:")).collect();
    let wanted = |pack: &Pack| match (docs, &pack.applies) {
        (Some(docs), Some(applies)) if builtin_source.get(pack.source).copied().unwrap_or(false) => {
            !docs.iter().all(|m| eval::false_by_metadata(applies, m))
        }
        _ => true,
    };
    match RuleSet::load_for(sources, &wanted) {
        Ok((rules, warnings)) => {
            note_warnings(&warnings);
            Ok(LoadedRules { rules, packs })
        }
        Err(e) => {
            print_load_error(ui, &e);
            Err(None)
        }
    }
}

/// What a `check` here would run with, for `rules list`, `rules patterns`
/// and `explain`.
pub struct Configured {
    pub project: Project,
    pub rules: RuleSet,
    pub options: Options,
    pub names: Names,
}

/// The rules and options a `check` in the current folder would run with:
/// the config (`--config`, else the one found upward from here: built-ins
/// or not, `rules.packs`, `rules.paths`, `disable`, `drafts`, `severity`),
/// with its rule and pack names checked as `check` checks them. `None`
/// means an error was printed (exit 2).
pub fn configured_rules(ui: &Ui, args: &RuleArgs, config_file: Option<&Path>) -> Option<Configured> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let project = match project(config_file, &cwd) {
        Ok(p) => p,
        Err(e) => {
            errln!("error: {e}");
            return None;
        }
    };
    let LoadedRules { rules, packs } = match load_rules(ui, args, &project, None) {
        Ok(r) => r,
        Err(e) => {
            if let Some(e) = e {
                errln!("error: {e}");
            }
            return None;
        }
    };
    let names = Names::new(&rules, &packs);
    if let Err(e) = names.validate_config(&project) {
        errln!("error: {e}");
        return None;
    }
    let options = Options {
        disabled: project.config.rules.disable.iter().map(|d| d.value.clone()).collect(),
        skip_drafts: !project.config.rules.drafts,
        severity: project.severities(),
        ..Options::default()
    };
    Some(Configured { project, rules, options, names })
}
