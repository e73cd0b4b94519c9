//! Fixture tests for `disclint rules test`: the documents of `NAME.fixtures/`
//! next to `NAME.rules` (or of `fixtures/` in a rules folder given as a
//! path), checked end to end and compared with their `.expected` files.

use disclint::compile::{Origin, RuleSet};
use disclint::document::load::{self, LoadOptions};
use disclint::eval::Options;
use disclint::eval::fixtures::{self, Expected};
use disclint::finding::Finding;
use disclint::gate::Gate;
use std::path::{Path, PathBuf};

/// A folder of fixtures and the rule sources (indices into
/// `RuleSet::sources`) whose rules its documents are checked with.
#[derive(Debug)]
pub struct Group {
    pub dir: PathBuf,
    pub owners: Vec<usize>,
}

/// The fixture folders of the sources under test (`first..`): `house.fixtures/`
/// for `house.rules`, and `fixtures/` in each rule folder of `roots`
/// (checked with every rule file below that folder).
pub fn discover(set: &RuleSet, first: usize, roots: &[PathBuf]) -> Vec<Group> {
    let tested: Vec<(usize, &Path)> = set
        .sources
        .iter()
        .enumerate()
        .skip(first)
        .filter_map(|(i, s)| match &s.origin {
            Origin::Path(p) => Some((i, p.as_path())),
            _ => None,
        })
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    for root in roots.iter().filter(|r| r.is_dir()) {
        let dir = root.join("fixtures");
        if dir.is_dir() {
            let owners = tested.iter().filter(|(_, p)| p.starts_with(root)).map(|(i, _)| *i).collect();
            groups.push(Group { dir, owners });
        }
    }
    for &(i, path) in &tested {
        let dir = path.with_extension("fixtures");
        if path.extension().is_some_and(|e| e == "rules") && dir.is_dir() {
            match groups.iter_mut().find(|g| g.dir == dir) {
                Some(g) if !g.owners.contains(&i) => g.owners.push(i),
                Some(_) => {}
                None => groups.push(Group { dir, owners: vec![i] }),
            }
        }
    }
    groups
}

/// What running the fixtures came to.
#[derive(Debug, Default)]
pub struct Tally {
    /// Fixture documents found.
    pub total: usize,
    /// Fixtures whose findings differ from their `.expected` file, or that have none.
    pub failed: usize,
    /// A fixture or `.expected` file could not be read: the run failed (exit 2).
    pub broken: bool,
}

fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for entry in super::walk(dir).build() {
        let entry = entry.map_err(|e| format!("cannot list fixtures in {}: {e}", dir.display()))?;
        if entry.file_type().is_some_and(|t| t.is_file()) && load::is_document(entry.path()) {
            out.push(entry.path().to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}

fn located(path: &str, f: &Finding) -> String {
    let at = Expected::of(f).position();
    let at = if at == "-" { format!("{path} (no position)") } else { format!("{path}:{at}") };
    match &f.matched {
        Some(m) => format!("{at}  “{}”", m.replace(['\r', '\n'], "⏎")),
        None => at,
    }
}

/// Checks every fixture of `groups`, printing failures; with `bless`, writes
/// each `.expected` file that is missing or out of date instead.
pub fn run(set: &RuleSet, groups: &[Group], bless: bool) -> Tally {
    let mut tally = Tally::default();
    for group in groups {
        let docs = match documents(&group.dir) {
            Ok(d) => d,
            Err(e) => {
                errln!("error: {e}");
                tally.broken = true;
                continue;
            }
        };
        let ids: Vec<String> =
            set.rules.iter().filter(|r| group.owners.contains(&r.source)).map(|r| r.id.clone()).collect();
        // Only the rules of the fixture's own file(s): an empty list would select every rule.
        let options = Options { rules: ids.clone(), ..Options::default() };
        let gate = Gate { rules: set, options: &options, baseline: None };
        for path in docs {
            tally.total += 1;
            let name = path.display().to_string();
            let doc = match load::load_path(&path, &LoadOptions::default()) {
                Ok(d) => d,
                Err(e) => {
                    errln!("error: cannot read fixture {name}: {e}");
                    tally.failed += 1;
                    tally.broken = true;
                    continue;
                }
            };
            // A fixture tests rules: a finding merged into another's on the
            // same claim (one finding in `check`) still counts as its rule's.
            let found: Vec<Finding> = if ids.is_empty() {
                Vec::new()
            } else {
                let mut found: Vec<Finding> =
                    gate.report(&doc, &name).findings.into_iter().flat_map(Finding::unmerged).collect();
                disclint::finding::sort_findings(&mut found);
                found
            };
            let exp_path = PathBuf::from(format!("{name}.expected"));
            let exp_name = exp_path.display().to_string();
            let expected = match std::fs::read_to_string(&exp_path) {
                Ok(text) => match fixtures::parse(&text) {
                    Ok(e) => Some(e),
                    Err(_) if bless => None,
                    Err(e) => {
                        errln!("error: {exp_name}:{}: {}", e.line, e.message);
                        tally.failed += 1;
                        tally.broken = true;
                        continue;
                    }
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    errln!("error: cannot read {exp_name}: {e}");
                    tally.failed += 1;
                    tally.broken = true;
                    continue;
                }
            };
            let diff = expected.as_ref().map(|e| fixtures::compare(e, &found));
            if diff.as_ref().is_some_and(|d| d.is_empty()) {
                continue;
            }
            if bless {
                let file_name =
                    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                match std::fs::write(&exp_path, fixtures::render(&file_name, &found)) {
                    Ok(()) => outln!("blessed {exp_name}: {} finding(s)", found.len()),
                    Err(e) => {
                        errln!("error: cannot write {exp_name}: {e}");
                        tally.failed += 1;
                        tally.broken = true;
                    }
                }
                continue;
            }
            tally.failed += 1;
            match diff {
                None => {
                    let file_name = exp_path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                    outln!(
                        "FAILED fixture {name}: no {file_name} next to it; `disclint rules test --bless` writes it \
                         from the {} finding(s) below",
                        found.len()
                    );
                    for f in &found {
                        outln!("  found       {}  {}", f.rule, located(&name, f));
                    }
                }
                Some(diff) => {
                    outln!(
                        "FAILED fixture {name}: {} expected finding(s) missing, {} unexpected (expected in {exp_name})",
                        diff.missing.len(),
                        diff.unexpected.len()
                    );
                    for m in &diff.missing {
                        let at = match m.at {
                            Some((l, c)) => format!("{name}:{l}:{c}"),
                            None => format!("{name} (no position)"),
                        };
                        let stray =
                            if ids.contains(&m.rule) { "" } else { "  (no such rule runs on this fixture)" };
                        outln!("  missing     {}  {at}{stray}", m.rule);
                    }
                    for f in &diff.unexpected {
                        outln!("  unexpected  {}  {}", f.rule, located(&name, f));
                    }
                }
            }
        }
    }
    tally
}
