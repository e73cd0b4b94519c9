//! Argument parsing and wiring: the commands of `spec/cli.md`.

/// `println!` that does not panic when standard output is a closed pipe (see [`out`]).
macro_rules! outln {
    () => {
        $crate::cli::out::stdout("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::out::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that does not panic when standard error is closed.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::out::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod check;
mod fixtures;
mod names;
mod out;
mod rules;
mod setup;

use clap::{Args, Parser, Subcommand, ValueEnum};
use disclint::compile::{LoadError, RuleSource, builtin};
use disclint::lang::Diagnostic;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "disclint",
    version,
    about = "Checks financial-product marketing documents and sales scripts for consumer-protection problems"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files and folders (folders recursively, .gitignore respected); '-' reads stdin.
    Check(check::CheckArgs),
    /// Work with rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Write a commented starter project config (disclint.yaml) in the current folder.
    Init {
        /// Overwrite an existing disclint.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Show a rule's full description, citation, examples and fix.
    Explain {
        /// The rule id, e.g. CN-WM-GUARANTEE.
        rule_id: String,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Run every rule's embedded examples and fixture tests (`NAME.fixtures/` next to `NAME.rules`).
    Test {
        /// Rule files or folders to test (default: the config's `rules.paths`, else the built-in packs).
        paths: Vec<PathBuf>,
        /// Write (or rewrite) each fixture's `.expected` file from its current findings.
        #[arg(long)]
        bless: bool,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Parse and validate rule files (examples included), no documents.
    Check {
        /// Rule files or folders (default: the config's `rules.paths`, else the built-in packs).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Canonical formatting of rule files (rewrites them; --check only reports).
    Fmt {
        /// Report files that are not formatted and exit 1, without writing.
        #[arg(long)]
        check: bool,
        /// Rule files or folders (default: the config's `rules.paths`).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List the finding categories (spec/categories.md) and what each means.
    Categories,
    /// List the loaded rules: id, category, severity, title.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Print every pattern the loaded rules search for, as compiled: literals
    /// normalised (保證 → 保证, ＡＢＣ → abc) and regex-escaped, regexes folded;
    /// one a line, usable as `rg -f`.
    Patterns {
        #[command(flatten)]
        rules: RuleArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// Which rules to load.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Add rule files or folders (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub extra: Vec<PathBuf>,
    /// Do not load the built-in rule packs.
    #[arg(long)]
    pub no_default_rules: bool,
}

/// Which project config a command reads.
#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArg {
    /// Project config (YAML); default: disclint.yaml found upward from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Exit codes of the contract.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

pub struct Ui {
    pub color: bool,
}

impl Ui {
    fn new(choice: ColorChoice) -> Ui {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        };
        Ui { color }
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui::new(cli.color);
    let code = match cli.command {
        Command::Check(args) => check::run(&ui, args),
        Command::Rules(RulesCommand::Test { paths, bless, rules, config }) => {
            match default_rule_paths(paths, &rules, &config) {
                Ok(paths) => rules::test(&ui, &paths, &rules, bless),
                Err(code) => code,
            }
        }
        Command::Rules(RulesCommand::Check { paths, rules, config }) => {
            match default_rule_paths(paths, &rules, &config) {
                Ok(paths) => rules::check(&ui, &paths, &rules),
                Err(code) => code,
            }
        }
        Command::Rules(RulesCommand::Categories) => rules::categories(),
        Command::Rules(RulesCommand::List { rules, config }) => rules::list(&ui, &rules, &config),
        Command::Rules(RulesCommand::Patterns { rules, config }) => rules::patterns(&ui, &rules, &config),
        Command::Rules(RulesCommand::Fmt { check, paths, config }) => {
            match default_rule_paths(paths, &RuleArgs::default(), &config) {
                Ok(paths) if paths.is_empty() => {
                    errln!(
                        "error: no rule files to format: name files or folders (`disclint rules fmt house.rules`), \
                         or list them under `rules.paths` in disclint.yaml"
                    );
                    EXIT_FAILURE
                }
                Ok(paths) => rules::fmt(ui.color, &paths, check),
                Err(code) => code,
            }
        }
        Command::Explain { rule_id, rules, config } => rules::explain(&ui, &rule_id, &rules, &config),
        Command::Init { force } => init(force),
    };
    if let Some(e) = out::take_error() {
        errln!("error: cannot write to standard output: {e}");
        return ExitCode::from(EXIT_FAILURE);
    }
    ExitCode::from(code)
}

/// `disclint init`: writes the starter config, never over an existing one unless `force`.
fn init(force: bool) -> u8 {
    use disclint::gate::config::{FILE_NAME, STARTER};
    let path = Path::new(FILE_NAME);
    if path.exists() && !force {
        errln!("error: {FILE_NAME} already exists (use --force to overwrite)");
        return EXIT_FAILURE;
    }
    match std::fs::write(path, STARTER) {
        Ok(()) => {
            errln!("wrote {FILE_NAME}");
            EXIT_CLEAN
        }
        Err(e) => {
            errln!("error: cannot write {FILE_NAME}: {e}");
            EXIT_FAILURE
        }
    }
}

/// The rule files a `rules` command works on when it is given no path and
/// no `--rules`: the project's own, `rules.paths` of the `disclint.yaml`
/// given with `--config`, else found upward from the current folder. Empty
/// when there are none (the command then falls back to what it does without
/// them). `Err` is the exit code after a config error was printed.
fn default_rule_paths(paths: Vec<PathBuf>, args: &RuleArgs, config: &ConfigArg) -> Result<Vec<PathBuf>, u8> {
    if !paths.is_empty() || !args.extra.is_empty() {
        return Ok(paths);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = config.config.clone().or_else(|| disclint::gate::config::find(&cwd));
    let Some(file) = found else { return Ok(paths) };
    let project = disclint::gate::config::Project::load(&file).and_then(|p| {
        let paths = p.rule_paths()?;
        p.value_errors().map(|()| paths)
    });
    project.map_err(|e| {
        errln!("error: {e}");
        EXIT_FAILURE
    })
}

/// A walk of the folder `path` that leaves out what `.gitignore` files
/// (and `.ignore`, and the global git excludes) ignore, whether or not the
/// folder is in a git work tree: a CI job on an artifact, a tarball or a
/// checkout without `.git` must check what a developer's machine checks.
pub fn walk(path: &Path) -> ignore::WalkBuilder {
    let mut walk = ignore::WalkBuilder::new(path);
    walk.require_git(false);
    walk
}

/// Rule files under `path` (a file, or every `*.rules` below a folder).
pub fn rule_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_dir() {
        let mut out = Vec::new();
        for entry in walk(path).build() {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.path().extension().is_some_and(|e| e == "rules") {
                out.push(entry.path().to_path_buf());
            }
        }
        out.sort();
        // A folder given for rules with none in it is a wrong path, not an
        // empty rule set: running on without it would test or check less
        // than the user asked for, and pass.
        if out.is_empty() {
            return Err(format!("{}: no rule files (`*.rules`) in this folder", path.display()));
        }
        Ok(out)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(format!("{}: no such file or folder", path.display()))
    }
}

/// What tells two paths of one file apart from two files: the canonical
/// path (symbolic links resolved), else the absolute one.
pub fn same_file_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// Rule sources: the built-ins (unless switched off) and the given paths.
/// Returns the sources and how many of them (from the start) are built-in.
pub fn rule_sources(args: &RuleArgs, more: &[PathBuf]) -> Result<(Vec<RuleSource>, usize), String> {
    let mut sources = if args.no_default_rules { Vec::new() } else { builtin::sources() };
    let builtin_count = sources.len();
    // One file reached by two paths (`rules.paths` and `--rules`, a folder
    // and a file in it, `./x` and `x`) is loaded once, as documents are:
    // loaded twice, its pack would clash with itself.
    let mut seen = std::collections::HashSet::new();
    for path in args.extra.iter().chain(more) {
        for file in rule_files(path)? {
            if !seen.insert(same_file_key(&file)) {
                continue;
            }
            let source = RuleSource::read(&file).map_err(|e| e.to_string())?;
            sources.push(source);
        }
    }
    if sources.is_empty() {
        // Zero rules find nothing, and exit 0: a CI job that lost its rules
        // must not pass silently.
        return Err(if args.extra.is_empty() && more.is_empty() {
            "no rules loaded: the built-in packs are switched off (--no-default-rules or \
             `rules.builtin: false`) and no rule files are given (--rules PATH or `rules.paths`)"
                .to_string()
        } else {
            "no rules loaded: the built-in packs are switched off and the given rule folders hold no \
             .rules files"
                .to_string()
        });
    }
    Ok((sources, builtin_count))
}

/// Warnings about the user's rule files (a rule without examples, a regex
/// with no literal to trigger it) are for whoever maintains them: a `check`
/// run, which a CI job repeats on every commit, counts them in one line and
/// leaves the details to `disclint rules check`.
pub fn note_warnings(warnings: &[Diagnostic]) {
    let own = warnings.iter().filter(|d| !d.file.starts_with("builtin:")).count();
    if own > 0 {
        errln!("note: {own} warning(s) in the rule files; `disclint rules check` shows them");
    }
}

pub fn print_load_error(ui: &Ui, e: &LoadError) {
    out::stderr_styled(&e.render(ui.color));
    errln!("error: {e}");
}
