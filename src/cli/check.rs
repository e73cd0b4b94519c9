//! `disclint check`.

use super::names::Names;
use super::out;
use super::setup::{LoadedRules, load_rules, project};
use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, RuleArgs, Ui};
use clap::{Args, ValueEnum};
use disclint::compile::RuleSet;
use disclint::document::load::{self, LoadOptions, Syntax};
use disclint::document::{Document, Metadata};
use disclint::eval::Options;
use disclint::finding::Severity;
use disclint::gate::baseline::{Baseline, Entry};
use disclint::gate::{Gate, repo_root};
use disclint::report::{self, FileReport, Summary, relative_path, sarif::RuleInfo};
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StdinFormat {
    Text,
    Markdown,
    Html,
    Script,
    /// A transcript written in Markdown, as a `.script.md` file.
    ScriptMarkdown,
    ScriptYaml,
    ScriptJson,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check; '-' reads standard input (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Project config (YAML); default: disclint.yaml found upward from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Metadata override, e.g. --meta product.risk_level=R4 (repeatable).
    #[arg(long = "meta", value_name = "KEY=VALUE")]
    pub meta: Vec<String>,
    /// Only rules of this category (repeatable).
    #[arg(long)]
    pub category: Vec<String>,
    /// Only this rule (repeatable).
    #[arg(long)]
    pub rule: Vec<String>,
    /// Name reported for standard input (with the path `-` only).
    #[arg(long, value_name = "NAME")]
    pub stdin_name: Option<String>,
    /// Format of standard input (with the path `-` only; default: the one the
    /// --stdin-name extension gives a file, else text).
    #[arg(long, value_enum, value_name = "FMT")]
    pub stdin_format: Option<StdinFormat>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0 unless the run fails).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// List, per file, the rules skipped for lack of a metadata field.
    #[arg(long)]
    pub explain_skips: bool,
    /// Files checked in parallel (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Follow symbolic links inside folders (by default, as in ripgrep, they
    /// are not followed and are counted in a note). A file reached by a link
    /// and by its own path is checked once; a link loop is not followed
    /// round; a link to nothing is an error naming it.
    #[arg(long, short = 'L')]
    pub follow: bool,
}

/// A document as read: display name, repository path, and the document or why it could not be read.
type Loaded = (String, String, Result<Document, String>);

enum Input {
    Stdin,
    File(PathBuf),
    /// A path that cannot even be listed (missing, or a folder entry the
    /// walker could not read), with the reason: reported as that file's
    /// error while the other files are still checked (spec/documents.md).
    Unreadable(PathBuf, String),
}

/// Leaves out of a folder walk the term-list files the loaded rule files
/// read (`terms hype = file "lists/hype.txt"`): they are rule data kept next
/// to the rules, and checked as copy they would fail the run on the very
/// words they list. A list file named on the command line is still checked.
fn skip_list_files(
    inputs: Vec<Input>,
    preloaded: Option<Vec<Loaded>>,
    rules: &RuleSet,
    named: &[PathBuf],
) -> (Vec<Input>, Option<Vec<Loaded>>) {
    let lists: Vec<PathBuf> = rules.list_files().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    if lists.is_empty() {
        return (inputs, preloaded);
    }
    let is_list = |input: &Input| match input {
        Input::File(p) => {
            // Only a file of a list file's name is worth resolving.
            lists.iter().any(|l| l.file_name() == p.file_name())
                && !named.iter().any(|n| n == p)
                && std::fs::canonicalize(p).is_ok_and(|c| lists.contains(&c))
        }
        Input::Stdin | Input::Unreadable(..) => false,
    };
    let keep: Vec<bool> = inputs.iter().map(|i| !is_list(i)).collect();
    let mut flags = keep.iter();
    let preloaded = preloaded.map(|mut docs| {
        docs.retain(|_| *flags.next().unwrap_or(&true));
        docs
    });
    let mut flags = keep.iter();
    let mut inputs = inputs;
    inputs.retain(|_| *flags.next().unwrap_or(&true));
    (inputs, preloaded)
}

/// What the walk of one folder given to `check` found, so that a folder
/// that ends up with nothing to check can say why.
struct Folder {
    /// As given (`.` for the default).
    path: PathBuf,
    /// The documents the walk found (before include/exclude).
    documents: Vec<PathBuf>,
    /// Files disclint does not read, by extension (`.doc`; `` for none).
    others: std::collections::BTreeMap<String, usize>,
    /// Documents the config's include/exclude leaves out.
    left_out: usize,
    /// Entries the walk could not read (each reported as an error).
    unreadable: usize,
    /// Documents in hidden files or folders, left out like ripgrep leaves
    /// them out: how many, and the outermost hidden entry of each (`.campaign/`).
    hidden: usize,
    hidden_places: std::collections::BTreeSet<String>,
    /// Symbolic links the walk did not follow (without `--follow`) to a
    /// document, to a folder or to nothing: how many, and each one's place
    /// (`promo.md`, `shared/`, `dead.md (broken)`).
    links: usize,
    link_places: std::collections::BTreeSet<String>,
}

impl Folder {
    /// Why the folder gives nothing to check, e.g. `1 left out by
    /// include/exclude (disclint.yaml), 2 with an extension disclint does not
    /// read (.doc, .wps)`.
    fn why_nothing(&self, config: &str) -> String {
        let mut parts = Vec::new();
        if self.left_out > 0 {
            parts.push(format!("{} left out by include/exclude in {config}", self.left_out));
        }
        let other: usize = self.others.values().sum();
        if other > 0 {
            let exts: Vec<&str> =
                self.others.keys().map(|e| if e.is_empty() { "no extension" } else { e.as_str() }).collect();
            parts.push(format!("{other} with an extension disclint does not read ({})", exts.join(", ")));
        }
        if self.hidden > 0 {
            parts.push(self.hidden_note());
        }
        if self.links > 0 {
            parts.push(self.links_note());
        }
        if parts.is_empty() {
            // Git-ignored files are not walked, so not counted.
            parts.push("it holds no file (hidden and .gitignored files are not looked at)".to_string());
        }
        parts.join(", ")
    }

    /// `2 hidden documents (in .campaign/, docs/.draft-poster.md)`.
    fn hidden_note(&self) -> String {
        const SHOWN: usize = 3;
        let mut places: Vec<&str> = self.hidden_places.iter().map(String::as_str).take(SHOWN).collect();
        if self.hidden_places.len() > SHOWN {
            places.push("…");
        }
        format!(
            "{} hidden document{} (in {})",
            self.hidden,
            if self.hidden == 1 { "" } else { "s" },
            places.join(", ")
        )
    }

    /// `2 symbolic links not followed (promo.md, shared/)`.
    fn links_note(&self) -> String {
        const SHOWN: usize = 3;
        let mut places: Vec<&str> = self.link_places.iter().map(String::as_str).take(SHOWN).collect();
        if self.link_places.len() > SHOWN {
            places.push("…");
        }
        format!(
            "{} symbolic link{} not followed ({})",
            self.links,
            if self.links == 1 { "" } else { "s" },
            places.join(", ")
        )
    }

    fn name(&self) -> String {
        if self.path.as_os_str() == "." {
            "the current folder".to_string()
        } else {
            self.path.display().to_string()
        }
    }
}

fn collect_inputs(paths: &[PathBuf], follow: bool) -> (Vec<Input>, Vec<Folder>) {
    if paths.is_empty() {
        // Like ripgrep: no path means the current folder, and its files are
        // named as `a.md`, not `./a.md`.
        let (mut out, mut folders) = collect_inputs(&[PathBuf::from(".")], follow);
        let strip = |p: &mut PathBuf| {
            if let Ok(rest) = p.strip_prefix(".")
                && !rest.as_os_str().is_empty()
            {
                *p = rest.to_path_buf();
            }
        };
        for input in &mut out {
            if let Input::File(p) | Input::Unreadable(p, _) = input {
                strip(p);
            }
        }
        for folder in &mut folders {
            folder.documents.iter_mut().for_each(strip);
        }
        return (out, folders);
    }
    let mut out = Vec::new();
    let mut folders = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let mut others = std::collections::BTreeMap::new();
            let (mut hidden, mut hidden_places) = (0, std::collections::BTreeSet::new());
            let (mut links, mut link_places) = (0, std::collections::BTreeSet::new());
            // Hidden files and folders are left out, as ripgrep leaves them
            // out, but walked (version-control folders excepted) so that the
            // documents in them can be counted: a page under `.vitepress/`
            // that is silently not checked would let a CI job pass.
            // Symbolic links are not followed unless asked (as ripgrep), but
            // counted: a page linked into a site's folder that is silently
            // not checked would let a CI job pass.
            let walk = super::walk(p)
                .hidden(false)
                .follow_links(follow)
                .filter_entry(|e| !(e.depth() > 0 && is_vcs_folder(e.file_name())))
                .build();
            for entry in walk {
                match entry {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                        if let Some(place) = hidden_part(p, entry.path()) {
                            if load::is_document(entry.path()) && !is_sidecar(entry.path()) {
                                hidden += 1;
                                hidden_places.insert(place);
                            }
                        } else if load::is_document(entry.path()) {
                            files.push(Input::File(entry.path().to_path_buf()));
                        } else if !is_sidecar(entry.path())
                            && entry.file_name() != disclint::gate::config::FILE_NAME
                        {
                            let ext = entry
                                .path()
                                .extension()
                                .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                                .unwrap_or_default();
                            *others.entry(ext).or_insert(0) += 1;
                        }
                    }
                    Ok(entry) if entry.path_is_symlink() && entry.depth() > 0 && !follow => {
                        if hidden_part(p, entry.path()).is_some() {
                            continue;
                        }
                        let place = |suffix: &str| {
                            let rest = entry.path().strip_prefix(p).unwrap_or(entry.path());
                            format!("{}{suffix}", rest.to_string_lossy().replace('\\', "/"))
                        };
                        let place = match std::fs::metadata(entry.path()) {
                            Ok(m) if m.is_dir() => place("/"),
                            Ok(_) if load::is_document(entry.path()) && !is_sidecar(entry.path()) => {
                                place("")
                            }
                            // A link to a file disclint does not read says nothing.
                            Ok(_) => continue,
                            Err(_) => place(" (broken)"),
                        };
                        links += 1;
                        link_places.insert(place);
                    }
                    Ok(_) => {}
                    // Following links: a loop leads back to a folder already
                    // walked, whose files are checked from there.
                    Err(e) if follow && is_loop(&e) => {
                        let child = walk_error_path(&e, p);
                        errln!(
                            "note: {}: a symbolic link loop (back to a folder above it), not followed round",
                            child.display()
                        );
                    }
                    Err(e) => {
                        let path = walk_error_path(&e, p);
                        let reason = match std::fs::read_link(&path) {
                            // A link to nothing: say where it points.
                            Ok(target) if std::fs::metadata(&path).is_err() => {
                                format!("a symbolic link to {}, which does not exist", target.display())
                            }
                            _ => e.to_string(),
                        };
                        files.push(Input::Unreadable(path, reason));
                    }
                }
            }
            files.sort_by(|a, b| a.path().cmp(&b.path()));
            let documents = files
                .iter()
                .filter_map(|f| if let Input::File(p) = f { Some(p.clone()) } else { None })
                .collect();
            let unreadable = files.iter().filter(|f| matches!(f, Input::Unreadable(..))).count();
            folders.push(Folder {
                path: p.clone(),
                documents,
                others,
                left_out: 0,
                unreadable,
                hidden,
                hidden_places,
                links,
                link_places,
            });
            out.extend(files);
        } else if p.is_file() && is_sidecar(p) {
            // A changed sidecar changes its documents' findings: pre-commit
            // passes it alone, and checking the YAML as copy would say nothing.
            let documents = load::documents_of_sidecar(p);
            if documents.is_empty() {
                errln!(
                    "note: {} is a sidecar metadata file, and no document next to it reads it",
                    p.display()
                );
            }
            out.extend(documents.into_iter().map(Input::File));
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            out.push(Input::Unreadable(p.clone(), "no such file or folder".to_string()));
        }
    }
    (out, folders)
}

/// A version-control folder: hidden, never copy, and too large to walk
/// just to count what is in it.
fn is_vcs_folder(name: &std::ffi::OsStr) -> bool {
    [".git", ".hg", ".svn", ".jj", ".bzr"].iter().any(|v| name == *v)
}

/// The outermost hidden part of `path` below the walked folder `root`
/// (`.campaign/` for `site/.campaign/poster.md`, `docs/.draft.md` for
/// `site/docs/.draft.md`), or `None` when no part below it is hidden. The
/// folder given is not looked at: one named on the command line is checked
/// even when it is hidden.
fn hidden_part(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let mut shown = PathBuf::new();
    let parts: Vec<_> = rest.components().collect();
    for (i, c) in parts.iter().enumerate() {
        let std::path::Component::Normal(name) = c else { continue };
        shown.push(name);
        if name.to_string_lossy().starts_with('.') {
            let mut s = shown.to_string_lossy().replace('\\', "/");
            if i + 1 < parts.len() {
                s.push('/');
            }
            return Some(s);
        }
    }
    None
}

/// A sidecar metadata file: read with its document, not a document itself.
fn is_sidecar(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    name.ends_with(".meta.yaml") || name.ends_with(".meta.yml")
}

/// `inputs` with every file once: `check dir dir/a.md` or `check a.md
/// ./a.md` reach one file by two paths, and checking it twice would count
/// it twice in the summary and give code scanning duplicate results. The
/// first path a file is reached by is the one reported; a file is the same
/// when its canonical path is (symbolic links resolved). One path given
/// cannot repeat a file (a walk that does not follow links visits each
/// once), so nothing is resolved; with `--follow`, `paths_given` is
/// `usize::MAX`.
fn once_each(inputs: Vec<Input>, paths_given: usize) -> Vec<Input> {
    if paths_given < 2 {
        return inputs;
    }
    let mut seen = std::collections::HashSet::new();
    let mut stdin_seen = false;
    inputs
        .into_iter()
        .filter(|input| match input {
            Input::File(p) | Input::Unreadable(p, _) => {
                let key = std::fs::canonicalize(p)
                    .or_else(|_| std::path::absolute(p))
                    .unwrap_or_else(|_| p.clone());
                seen.insert(key)
            }
            // Standard input can be read once: a second `-` would check it
            // as an empty, clean document and count a file that is not there.
            Input::Stdin => !std::mem::replace(&mut stdin_seen, true),
        })
        .collect()
}

impl Input {
    fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(p) | Input::Unreadable(p, _) => Some(p),
        }
    }
}

/// Whether a walker error is a symbolic link loop.
fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// The path a walker error is about (the folder walked when it does not say).
fn walk_error_path(e: &ignore::Error, root: &Path) -> PathBuf {
    match e {
        ignore::Error::WithPath { path, .. } => path.clone(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err, root)
        }
        ignore::Error::Loop { child, .. } => child.clone(),
        _ => root.to_path_buf(),
    }
}

fn read_stdin(args: &CheckArgs, opts: &LoadOptions) -> Result<Document, String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    let name = args.stdin_name.clone().unwrap_or_else(|| "<stdin>".to_string());
    // Without `--stdin-format`, the format is the one the name's extension
    // gives a file (`call.script.txt`, `page.html`): editor and pre-commit
    // integrations pass the file's name, and the same text should get the
    // same findings whether it was read from disk or piped in.
    let Some(format) = args.stdin_format else {
        let syntax = args.stdin_name.as_deref().map_or(Syntax::Text, |n| Syntax::of(Path::new(n)));
        return load::load_owned(&name, bytes, syntax, opts.defaults.clone(), opts)
            .map_err(|e| e.to_string());
    };
    let syntax = match format {
        StdinFormat::Text => Syntax::Text,
        StdinFormat::Markdown => Syntax::Markdown,
        StdinFormat::Html => Syntax::Html,
        StdinFormat::Script => Syntax::ScriptText,
        StdinFormat::ScriptMarkdown => Syntax::ScriptMarkdown,
        StdinFormat::ScriptYaml => Syntax::ScriptYaml,
        StdinFormat::ScriptJson => Syntax::ScriptJson,
    };
    load::load_owned(&name, bytes, syntax, opts.defaults.clone(), opts).map_err(|e| e.to_string())
}

fn fail(message: impl std::fmt::Display) -> u8 {
    errln!("error: {message}");
    EXIT_FAILURE
}

/// `--stdin-name` and `--stdin-format` describe `-`: without it standard
/// input is never read and the run checks the current folder instead (in an
/// editor hook or a CI step, a forgotten `-` would pass silently).
fn check_stdin_options(args: &CheckArgs) -> Result<(), String> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(());
    }
    let given: Vec<&str> = [
        args.stdin_name.as_ref().map(|_| "--stdin-name"),
        args.stdin_format.as_ref().map(|_| "--stdin-format"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} applies to standard input, which is read only when `-` is one of the paths\n\
         help: add `-` to read standard input, e.g. `disclint check {} -`",
        given.join(" and "),
        if args.stdin_name.is_some() { "--stdin-name post.txt" } else { "--stdin-format markdown" }
    ))
}

pub fn run(ui: &Ui, args: CheckArgs) -> u8 {
    if let Err(e) = check_stdin_options(&args) {
        return fail(e);
    }
    // First: rule compilation already uses the pool, which can be sized only once.
    if !set_threads(args.threads) {
        return EXIT_FAILURE;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let project = match project(args.config.as_deref(), &cwd) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let mut overrides = Metadata::new();
    for kv in &args.meta {
        let Some((k, v)) = kv.split_once('=') else {
            return fail(format!("--meta {kv}: expected KEY=VALUE, e.g. --meta product.risk_level=R4"));
        };
        if let Err(e) = overrides.set(k.trim(), v) {
            return fail(format!("--meta {kv}: {e}"));
        }
    }
    let baseline = match &args.baseline {
        Some(f) => match Baseline::read(f) {
            Ok(b) => Some(b.index()),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let (walked, mut folders) = collect_inputs(&args.paths, args.follow);
    let config_name =
        project.file.as_deref().map_or_else(|| "the config".into(), |f| f.display().to_string());
    // Following links, one folder's walk can reach a file twice.
    let inputs: Vec<Input> = once_each(walked, if args.follow { usize::MAX } else { args.paths.len() })
        .into_iter()
        .filter(|i| match i {
            Input::File(p) => {
                let selected = project.selects(p);
                // A file the user named and the config leaves out is said, not
                // dropped silently ("0 files checked" would read as a pass).
                if !selected && args.paths.iter().any(|n| n == p) {
                    errln!(
                        "note: {} is not checked: {config_name} leaves it out (include/exclude)",
                        p.display()
                    );
                }
                selected
            }
            Input::Stdin | Input::Unreadable(..) => true,
        })
        .collect();
    for folder in &mut folders {
        folder.left_out = folder.documents.iter().filter(|p| !project.selects(p)).count();
    }
    // Hidden documents are left out without a word otherwise; a folder that
    // gives nothing at all says so in its warning below instead.
    for folder in folders.iter().filter(|f| f.hidden > 0 && f.documents.len() > f.left_out) {
        errln!(
            "note: {}: {} not checked: hidden files and folders are left out (name one to check it)",
            folder.name(),
            folder.hidden_note()
        );
    }
    // So are symbolic links, which are not followed without `--follow`.
    for folder in folders.iter().filter(|f| f.links > 0 && f.documents.len() > f.left_out) {
        errln!(
            "note: {}: {} not checked: pass -L/--follow to check what links point to",
            folder.name(),
            folder.links_note()
        );
    }
    let root = std::path::absolute(repo_root(&cwd)).unwrap_or_else(|_| cwd.clone());
    let repo_path =
        |p: &Path| relative_path(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()), &root);

    let mut opts = LoadOptions { overrides, ..LoadOptions::default() };
    opts.labels = opts.labels.with(
        project
            .config
            .transcript
            .labels
            .iter()
            .map(|(label, role)| (label.value.clone(), role.value.clone())),
    );
    if let Some(max) = project.config.limits.max_file_bytes {
        opts.max_bytes = max;
    }
    let load_input = |input: &Input| -> Loaded {
        match input {
            Input::Stdin => {
                let name = args.stdin_name.clone().unwrap_or_else(|| "<stdin>".into());
                let mut stdin_opts = opts.clone();
                stdin_opts.defaults = project.metadata_for(Path::new(&name));
                (name.clone(), name, read_stdin(&args, &stdin_opts))
            }
            Input::File(p) => {
                let mut file_opts = opts.clone();
                file_opts.defaults = project.metadata_for(p);
                (
                    disclint::report::display_path(p),
                    repo_path(p),
                    load::load_path(p, &file_opts).map_err(|e| e.to_string()),
                )
            }
            Input::Unreadable(p, reason) => {
                (disclint::report::display_path(p), repo_path(p), Err(reason.clone()))
            }
        }
    };
    // A short run (a page or two, a pre-commit hook) reads its documents
    // before compiling the rules, so built-in packs for languages none of
    // them is in are not compiled at all: most of a one-page check's time is
    // rule compilation.
    let preloaded: Option<Vec<Loaded>> =
        is_short_run(&inputs).then(|| inputs.iter().map(load_input).collect());
    // A document with passages in its other language is checked for that
    // language's prohibited wording too, and a transcript's preamble by the
    // packs for documents: their packs are wanted as well.
    let views: Option<Vec<Metadata>> = preloaded.as_ref().map(|docs| {
        docs.iter()
            .filter_map(|(_, _, d)| d.as_ref().ok())
            .flat_map(|d| {
                let preamble = d.preamble().map(|_| d.preamble_metadata());
                std::iter::once(d.metadata.clone()).chain(d.other_language_metadata()).chain(preamble)
            })
            .collect()
    });
    let metadata: Option<Vec<&Metadata>> = views.as_ref().map(|v| v.iter().collect());
    let rules = load_rules(ui, &args.rules, &project, metadata.as_deref());
    drop(metadata);
    drop(views);
    let (inputs, preloaded) = match &rules {
        Ok(loaded) => skip_list_files(inputs, preloaded, &loaded.rules, &args.paths),
        Err(_) => (inputs, preloaded),
    };
    let preloaded = std::sync::Mutex::new(preloaded.map(|v| v.into_iter().map(Some).collect::<Vec<_>>()));
    let (rules, packs) = match rules {
        // The process ends after this run: freeing every automaton and
        // pattern at exit would add a millisecond to a one-page check.
        Ok(LoadedRules { rules, packs }) => (std::mem::ManuallyDrop::new(rules), packs),
        Err(Some(e)) => return fail(e),
        Err(None) => return EXIT_FAILURE,
    };
    let names = Names::new(&rules, &packs);
    let config_failed = names.validate_config(&project).map_err(|e| errln!("error: {e}")).is_err();
    // After the config's own mistakes, which come first whether or not
    // there is anything to check: a folder that gives nothing to check is a
    // wrong path or glob far more
    // often than an intended no-op, and "0 files checked" exits 0: a run
    // that checks nothing at all fails (exit 2, as a bad input does), and a
    // run that checks other files says which folder gave nothing. Files
    // named one by one and left out by the config (pre-commit passing a
    // draft) stay a note: that exclusion is deliberate.
    let empty: Vec<&Folder> =
        folders.iter().filter(|f| f.documents.len() == f.left_out && f.unreadable == 0).collect();
    if !empty.is_empty() {
        let level = if inputs.is_empty() { "error" } else { "warning" };
        for folder in &empty {
            errln!("{level}: {}: no document to check: {}", folder.name(), folder.why_nothing(&config_name));
        }
        if inputs.is_empty() {
            if empty.iter().any(|f| f.left_out > 0) {
                errln!("help: check the `include`/`exclude` globs in {config_name} (relative to its folder)");
            }
            let old_word = [".doc", ".wps", ".dot", ".rtf"];
            if empty.iter().any(|f| f.others.keys().any(|e| old_word.contains(&e.as_str()))) {
                errln!("help: save Word 97–2003 (.doc) and WPS (.wps) files as .docx to check them");
            }
            if empty.iter().any(|f| f.links > 0) {
                errln!("help: symbolic links in folders are not followed: pass -L/--follow to follow them");
            }
            if empty.iter().any(|f| f.hidden > 0) {
                errln!(
                    "help: hidden files and folders are left out of a folder's walk: name one to check it"
                );
            }
            errln!("help: disclint reads {}", load::READABLE);
            return EXIT_FAILURE;
        }
    }
    if config_failed {
        return EXIT_FAILURE;
    }
    let options = Options {
        categories: args.category.clone(),
        rules: args.rule.clone(),
        disabled: project.config.rules.disable.iter().map(|d| d.value.clone()).collect(),
        skip_drafts: !project.config.rules.drafts,
        severity: project.severities(),
    };
    if let Err(e) = names.check_selectors(&rules, &options, &project, &args.rules) {
        errln!("{e}");
        return EXIT_FAILURE;
    }
    let gate = Gate { rules: &rules, options: &options, baseline: baseline.as_ref() };
    let progress = progress_bar(inputs.len(), args.format);
    let check_one = |index: usize, input: &Input| -> FileReport {
        let taken = preloaded.lock().ok().and_then(|mut p| p.as_mut().and_then(|v| v[index].take()));
        let (name, rel, doc) = taken.unwrap_or_else(|| load_input(input));
        let report = match doc {
            Ok(doc) => gate.report(&doc, &rel),
            Err(error) => {
                FileReport { path: name, repo_path: rel, error: Some(error), ..FileReport::default() }
            }
        };
        progress.inc(1);
        report
    };
    let reports: Vec<FileReport> = match args.format {
        OutputFormat::Human | OutputFormat::Github | OutputFormat::Json | OutputFormat::Sarif => {
            let sarif_rules = (args.format == OutputFormat::Sarif).then(|| {
                let severity = |id: &str, category: &str, default: Severity| {
                    options
                        .severity
                        .get(id)
                        .or_else(|| options.severity.get(category))
                        .copied()
                        .unwrap_or(default)
                };
                RuleInfo::all(&rules, &|r| options.selects(r), &severity)
            });
            let format =
                Rendering { format: args.format, color: ui.color, sarif_rules: sarif_rules.as_deref() };
            stream_output(&inputs, &check_one, &format, args.write_baseline.is_some())
        }
        OutputFormat::Junit => {
            let reports: Vec<FileReport> =
                inputs.par_iter().enumerate().map(|(i, input)| check_one(i, input)).collect();
            progress.finish_and_clear();
            // A warning about the config (a tag set for every file) is said once.
            let mut said = std::collections::HashSet::new();
            reports
                .iter()
                .flat_map(|r| &r.warnings)
                .filter(|w| said.insert(w.to_string()))
                .for_each(|w| errln!("{w}"));
            super::out::stdout(&report::junit::render(&reports, args.fail_on.threshold()));
            reports
        }
    };
    progress.finish_and_clear();
    if args.explain_skips {
        for r in &reports {
            for s in &r.language_skips {
                let how =
                    if r.language_detected { "detected from the text" } else { "declared in its metadata" };
                errln!(
                    "{}: skipped pack {} (written for language {}; the document's language is {}, {how}): \
                     set `--meta document.language={}` to check it with this pack (docs/formats.md, Language)",
                    r.path,
                    s.pack,
                    s.language,
                    s.document,
                    s.language
                );
            }
            for s in &r.skipped {
                let fields: Vec<&str> = s.missing.iter().map(|f| f.path()).collect();
                errln!("{}: skipped {} (needs {})", r.path, s.rule, fields.join(", "));
            }
        }
    }
    if reports.iter().any(|r| r.error.is_some()) {
        return EXIT_FAILURE;
    }
    if let Some(file) = &args.write_baseline {
        let entries = reports
            .iter()
            .flat_map(|r| {
                r.findings.iter().zip(&r.fingerprints).map(|(f, fp)| Entry {
                    path: r.uri_path().to_string(),
                    rule: f.rule.clone(),
                    fingerprint: fp.clone(),
                    matched: f.matched.clone(),
                })
            })
            .collect();
        let baseline = Baseline::from_entries(entries);
        if let Err(e) = baseline.write(file) {
            return fail(e);
        }
        errln!("wrote {} finding(s) to the baseline {}", baseline.findings.len(), file.display());
        return EXIT_CLEAN;
    }
    // Only findings in force count: suppressed and baselined ones are not in `findings`.
    let failing = args
        .fail_on
        .threshold()
        .is_some_and(|t| reports.iter().filter_map(FileReport::worst_severity).any(|s| s >= t));
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// Sizes the pool that checks files: `--threads N`, or one thread per core
/// (rayon's default). Returns false after printing an error.
fn set_threads(threads: Option<usize>) -> bool {
    let Some(n) = threads else { return true };
    if n == 0 {
        errln!("error: --threads must be at least 1");
        return false;
    }
    // Only fails when the global pool already exists (never in the CLI).
    let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    true
}

/// A progress bar on stderr for runs over many files, only when stderr is a
/// terminal and the output is for people; otherwise a hidden bar (no-op).
fn progress_bar(files: usize, format: OutputFormat) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    const MANY_FILES: usize = 50;
    if files < MANY_FILES || format != OutputFormat::Human || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(files as u64),
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files  {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// How a streamed run renders each file.
struct Rendering<'a> {
    format: OutputFormat,
    color: bool,
    /// For SARIF: the rules of `tool.driver.rules`, whose order gives each
    /// result's `ruleIndex`.
    sarif_rules: Option<&'a [RuleInfo]>,
}

/// Checks files in parallel and writes each file's output as soon as it and
/// every file before it are done, in input order: memory holds only the
/// files finished out of order, not the whole run's output, and rendering
/// happens in the workers. Returns the reports without their source lines
/// and, unless `keep_findings` (for `--write-baseline`), without their
/// findings: what the exit code and `--explain-skips` need.
fn stream_output(
    inputs: &[Input],
    check_one: &(dyn Fn(usize, &Input) -> FileReport + Sync),
    rendering: &Rendering,
    keep_findings: bool,
) -> Vec<FileReport> {
    use std::io::Write;
    let format = rendering.format;
    let sarif_results = rendering.sarif_rules.map(report::sarif::Results::new);
    let render = |r: &FileReport| match (format, &sarif_results) {
        (OutputFormat::Human, _) => report::human::render_file(r, rendering.color),
        (OutputFormat::Github, _) => report::github::render_file(r),
        (OutputFormat::Sarif, Some(results)) => results.chunk(r),
        _ => report::json::Stream::chunk(r),
    };
    let stdout = std::io::stdout();
    let mut buffered = std::io::BufWriter::new(stdout.lock());
    let mut write = |text: &str| {
        if !out::stdout_gone() {
            out::note(buffered.write_all(text.as_bytes()));
        }
    };
    let mut json = None;
    let mut sarif = None;
    if format == OutputFormat::Json {
        let (stream, head) = report::json::Stream::begin();
        write(&head);
        json = Some(stream);
    }
    if let (OutputFormat::Sarif, Some(rules)) = (format, rendering.sarif_rules) {
        let (stream, head) = report::sarif::Stream::begin(rules);
        write(&head);
        sarif = Some(stream);
    }
    let mut summary = Summary::default();
    let mut kept = Vec::with_capacity(inputs.len());
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, FileReport, String)>(256);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // `par_bridge` hands files to the workers in input order, so only
            // the few in flight can finish out of order (a split `par_iter`
            // would start the second half at once and buffer its output).
            inputs.iter().enumerate().par_bridge().for_each_with(tx, |tx, (i, input)| {
                let report = check_one(i, input);
                // Nobody reads the output once the pipe is closed; the
                // checking goes on for the exit code.
                let chunk = if out::stdout_gone() { String::new() } else { render(&report) };
                let _ = tx.send((i, report, chunk));
            });
        });
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0;
        // A warning about the config (a tag set for every file) is said once.
        let mut said = std::collections::HashSet::new();
        for (i, report, chunk) in rx {
            pending.insert(i, (report, chunk));
            while let Some((mut report, chunk)) = pending.remove(&next) {
                // On stderr in input order, next to the file's output.
                for w in std::mem::take(&mut report.warnings) {
                    if said.insert(w.to_string()) {
                        errln!("{w}");
                    }
                }
                let text = match (&mut json, &mut sarif) {
                    (Some(stream), _) => stream.push(&chunk),
                    (_, Some(stream)) => stream.push(&report, &chunk),
                    _ => chunk,
                };
                write(&text);
                summary.add(&report);
                report.lines.clear();
                if !keep_findings {
                    // Printed already; only the worst severity matters from here
                    // on (the exit code), so a large run keeps almost nothing.
                    let worst = report.findings.iter().map(|f| f.severity).max();
                    report.findings.clear();
                    report.findings.shrink_to_fit();
                    report.suppressed = Vec::new();
                    report.fingerprints = Vec::new();
                    report.worst = worst;
                }
                kept.push(report);
                next += 1;
            }
        }
    });
    let tail = match (format, json, sarif) {
        (OutputFormat::Json, Some(stream), _) => stream.end(&summary),
        (OutputFormat::Sarif, _, Some(stream)) => stream.end(),
        (OutputFormat::Github, ..) => report::github::render_summary(&summary),
        _ => report::human::render_summary(&summary),
    };
    write(&tail);
    if !out::stdout_gone() {
        out::note(buffered.flush());
    }
    kept
}

/// Few and small enough inputs to read before compiling the rules.
fn is_short_run(inputs: &[Input]) -> bool {
    const FILES: usize = 16;
    const BYTES: u64 = 2 << 20;
    inputs.len() <= FILES
        && inputs
            .iter()
            .map(|i| match i {
                Input::Stdin => 0,
                Input::File(p) => std::fs::metadata(p).map_or(u64::MAX / 32, |m| m.len()),
                Input::Unreadable(..) => 0,
            })
            .sum::<u64>()
            <= BYTES
}
