//! `disclint check`.

use super::{EXIT_CLEAN, EXIT_FAILURE, EXIT_FINDINGS, RuleArgs, Ui, load_rules};
use clap::{Args, ValueEnum};
use disclint::compile::RuleSet;
use disclint::document::load::{self, LoadOptions};
use disclint::document::{Document, Format, Metadata};
use disclint::eval::{self, Options};
use disclint::finding::Severity;
use disclint::report::{self, FileReport};
use rayon::prelude::*;
use std::io::Read;
use std::path::PathBuf;

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
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check; '-' reads standard input.
    #[arg(required = true)]
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
    /// Name reported for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_name: Option<String>,
    /// Format of standard input.
    #[arg(long, value_enum, default_value_t = StdinFormat::Text)]
    pub stdin_format: StdinFormat,
    /// List, per file, the rules skipped for lack of a metadata field.
    #[arg(long)]
    pub explain_skips: bool,
    /// Files checked in parallel (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

enum Input {
    Stdin,
    File(PathBuf),
}

fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            for entry in ignore::WalkBuilder::new(p).build() {
                let entry = entry.map_err(|e| e.to_string())?;
                if entry.file_type().is_some_and(|t| t.is_file()) && load::is_document(entry.path()) {
                    files.push(entry.path().to_path_buf());
                }
            }
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    Ok(out)
}

fn read_stdin(args: &CheckArgs, opts: &LoadOptions) -> Result<Document, String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("standard input is not UTF-8 text: {e}"))?;
    let name = args.stdin_name.clone().unwrap_or_else(|| "<stdin>".to_string());
    let format = match args.stdin_format {
        StdinFormat::Text => Format::Text,
        StdinFormat::Markdown => Format::Markdown,
        StdinFormat::Html => Format::Html,
        StdinFormat::Script => Format::Transcript,
    };
    load::from_text(&name, text, format, opts.defaults.clone(), opts).map_err(|e| e.to_string())
}

fn check_document(rules: &RuleSet, doc: &Document, options: &Options) -> FileReport {
    let outcome = eval::check(rules, doc, options);
    let index = doc.line_index();
    let mut lines = std::collections::BTreeMap::new();
    for f in &outcome.findings {
        if let Some(span) = f.span {
            for line in span.start.line..=span.end.line {
                lines
                    .entry(line)
                    .or_insert_with(|| doc.source[index.line_range(&doc.source, line)].to_string());
            }
        }
    }
    FileReport {
        path: doc.path.clone(),
        metadata: doc.metadata.clone(),
        error: None,
        findings: outcome.findings,
        skipped: outcome.skipped,
        lines,
    }
}

pub fn run(ui: &Ui, args: CheckArgs) -> u8 {
    if matches!(args.format, OutputFormat::Sarif | OutputFormat::Github | OutputFormat::Junit) {
        eprintln!("error: --format {:?} is not available in this build yet", args.format);
        return EXIT_FAILURE;
    }
    if let Some(config) = &args.config {
        eprintln!("error: --config {}: project configuration files are not supported yet", config.display());
        return EXIT_FAILURE;
    }
    let mut overrides = Metadata::new();
    for kv in &args.meta {
        let Some((k, v)) = kv.split_once('=') else {
            eprintln!("error: --meta {kv}: expected KEY=VALUE, e.g. --meta product.risk_level=R4");
            return EXIT_FAILURE;
        };
        if let Err(e) = overrides.set(k.trim(), v) {
            eprintln!("error: --meta {kv}: {e}");
            return EXIT_FAILURE;
        }
    }
    let Some(rules) = load_rules(ui, &args.rules, &[]) else { return EXIT_FAILURE };
    let inputs = match collect_inputs(&args.paths) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILURE;
        }
    };
    let opts = LoadOptions { overrides, ..LoadOptions::default() };
    let options =
        Options { categories: args.category.clone(), rules: args.rule.clone(), ..Options::default() };
    if !set_threads(args.threads) {
        return EXIT_FAILURE;
    }
    let progress = progress_bar(inputs.len(), args.format);
    let reports: Vec<FileReport> = inputs
        .par_iter()
        .map(|input| {
            let (name, doc) = match input {
                Input::Stdin => {
                    (args.stdin_name.clone().unwrap_or_else(|| "<stdin>".into()), read_stdin(&args, &opts))
                }
                Input::File(p) => {
                    (p.display().to_string(), load::load_path(p, &opts).map_err(|e| e.to_string()))
                }
            };
            let report = match doc {
                Ok(doc) => check_document(&rules, &doc, &options),
                Err(error) => FileReport { path: name, error: Some(error), ..FileReport::default() },
            };
            progress.inc(1);
            report
        })
        .collect();
    progress.finish_and_clear();
    let out = match args.format {
        OutputFormat::Json => report::json::render(&reports),
        _ => report::human::render(&reports, ui.color),
    };
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
    }
    if args.explain_skips {
        for r in &reports {
            for s in &r.skipped {
                let fields: Vec<&str> = s.missing.iter().map(|f| f.path()).collect();
                eprintln!("{}: skipped {} (needs {})", r.path, s.rule, fields.join(", "));
            }
        }
    }
    if reports.iter().any(|r| r.error.is_some()) {
        return EXIT_FAILURE;
    }
    let failing = args
        .fail_on
        .threshold()
        .is_some_and(|t| reports.iter().flat_map(|r| &r.findings).any(|f| f.severity >= t));
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// Sizes the pool that checks files: `--threads N`, or one thread per core
/// (rayon's default). Returns false after printing an error.
fn set_threads(threads: Option<usize>) -> bool {
    let Some(n) = threads else { return true };
    if n == 0 {
        eprintln!("error: --threads must be at least 1");
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
