//! The project config, `disclint.yaml`: found upward from the working
//! folder, or named with `--config`. The schema is strict: an unknown key is
//! an error that names the file, line and column.

use crate::document::Metadata;
use crate::finding::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The file name looked for upward from the working folder.
pub const FILE_NAME: &str = "disclint.yaml";

/// A value and where it was written.
pub type At<T> = Spanned<T>;

/// `disclint.yaml`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Which rules run and how.
    #[serde(default)]
    pub rules: RulesConfig,
    /// Only files matching one of these globs are checked (empty: all documents).
    #[serde(default)]
    pub include: Vec<At<String>>,
    /// Files matching one of these globs are never checked.
    #[serde(default)]
    pub exclude: Vec<At<String>>,
    /// Metadata defaults by glob; later entries win; front matter, sidecars and `--meta` win over them.
    #[serde(default)]
    pub metadata: Vec<MetadataDefaults>,
    #[serde(default)]
    pub transcript: TranscriptConfig,
    #[serde(default)]
    pub limits: Limits,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// Load the built-in packs (default true).
    #[serde(default = "yes")]
    pub builtin: bool,
    /// Only these built-in packs (names as in `rules/`, without `.rules`; empty: all).
    #[serde(default)]
    pub packs: Vec<At<String>>,
    /// Extra rule files or folders, relative to the config file.
    #[serde(default)]
    pub paths: Vec<At<String>>,
    /// Rule ids or categories switched off.
    #[serde(default)]
    pub disable: Vec<At<String>>,
    /// Severity by rule id or category.
    #[serde(default)]
    pub severity: BTreeMap<String, At<String>>,
    /// Whether rules marked `draft` run (default true).
    #[serde(default = "yes")]
    pub drafts: bool,
}

fn yes() -> bool {
    true
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            builtin: true,
            packs: Vec::new(),
            paths: Vec::new(),
            disable: Vec::new(),
            severity: BTreeMap::new(),
            drafts: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataDefaults {
    /// A glob, relative to the config file's folder.
    pub files: At<String>,
    /// Field → value, e.g. `product.category: fund`.
    pub set: BTreeMap<String, At<serde_json::Value>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TranscriptConfig {
    /// Extra speaker labels: label → `agent` or `customer`.
    #[serde(default)]
    pub labels: BTreeMap<String, At<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest document accepted, in bytes (default 64 MiB).
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {file}: {source}")]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{file}:{line}:{column}: {message}")]
    At { file: PathBuf, line: u64, column: u64, message: String },
}

/// A loaded config: its contents, where it is, and its globs compiled.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    /// The config file, if there is one.
    pub file: Option<PathBuf>,
    /// The folder paths in the config are relative to.
    pub root: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
    metadata: Vec<(GlobSet, Metadata)>,
}

/// `disclint.yaml` in `start` or the nearest folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

fn error_at<T>(file: &Path, at: &At<T>, message: String) -> ConfigError {
    ConfigError::At {
        file: file.to_path_buf(),
        line: at.referenced.line(),
        column: at.referenced.column(),
        message,
    }
}

fn glob(file: &Path, g: &At<String>) -> Result<Glob, ConfigError> {
    Glob::new(&g.value).map_err(|e| error_at(file, g, format!("invalid glob `{}`: {}", g.value, e.kind())))
}

fn globset(file: &Path, globs: &[At<String>]) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(glob(file, g)?);
    }
    b.build().map_err(|e| ConfigError::At {
        file: file.to_path_buf(),
        line: 1,
        column: 1,
        message: e.to_string(),
    })
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| i.as_str().map_or(i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

impl Project {
    /// No config file: every default, paths relative to `root`.
    pub fn none(root: &Path) -> Project {
        Project {
            config: Config::default(),
            file: None,
            root: root.to_path_buf(),
            include: None,
            exclude: GlobSet::empty(),
            metadata: Vec::new(),
        }
    }

    /// Reads and validates `file`.
    pub fn load(file: &Path) -> Result<Project, ConfigError> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| ConfigError::Read { file: file.to_path_buf(), source: e })?;
        Project::parse(file, &text)
    }

    /// Parses config text; `file` names it in errors and anchors relative paths.
    pub fn parse(file: &Path, text: &str) -> Result<Project, ConfigError> {
        let config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            serde_saphyr::from_str(text).map_err(|e| {
                let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                let message = crate::document::load::yaml_error_message(&e);
                ConfigError::At { file: file.to_path_buf(), line, column, message }
            })?
        };
        for (key, value) in &config.rules.severity {
            if Severity::parse(&value.value).is_none() {
                return Err(error_at(
                    file,
                    value,
                    format!("severity of `{key}` must be error, warning or info, not `{}`", value.value),
                ));
            }
        }
        for (label, role) in &config.transcript.labels {
            if !matches!(role.value.as_str(), "agent" | "customer") {
                return Err(error_at(
                    file,
                    role,
                    format!("label `{label}` must map to agent or customer, not `{}`", role.value),
                ));
            }
        }
        let include = if config.include.is_empty() { None } else { Some(globset(file, &config.include)?) };
        let exclude = globset(file, &config.exclude)?;
        let mut metadata = Vec::new();
        for m in &config.metadata {
            let set = globset(file, std::slice::from_ref(&m.files))?;
            let mut meta = Metadata::new();
            for (key, value) in &m.set {
                meta.set(key, &scalar(&value.value))
                    .map_err(|e| error_at(file, value, format!("metadata `{key}`: {e}")))?;
            }
            metadata.push((set, meta));
        }
        let root = file.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
        Ok(Project { config, file: Some(file.to_path_buf()), root, include, exclude, metadata })
    }

    /// `path` relative to the config's folder, with forward slashes, for glob matching.
    fn relative(&self, path: &Path) -> String {
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (p, r) = (abs(path), abs(&self.root));
        crate::report::relative_path(&p, &r)
    }

    /// Whether the include/exclude globs let `path` be checked.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.include.as_ref().is_none_or(|i| i.is_match(&rel)) && !self.exclude.is_match(&rel)
    }

    /// The metadata defaults for `path`: every matching entry, later ones winning.
    pub fn metadata_for(&self, path: &Path) -> Metadata {
        let rel = self.relative(path);
        let mut meta = Metadata::new();
        for (set, m) in &self.metadata {
            if set.is_match(&rel) {
                meta.merge_from(m);
            }
        }
        meta
    }

    /// Extra rule paths, resolved against the config's folder. One that does
    /// not exist is an error at its entry in the config, which is where the
    /// typo is to be fixed.
    pub fn rule_paths(&self) -> Result<Vec<PathBuf>, ConfigError> {
        let mut out = Vec::new();
        for p in &self.config.rules.paths {
            let path = self.root.join(&p.value);
            if !path.exists() {
                let file = self.file.as_deref().unwrap_or(Path::new(FILE_NAME));
                return Err(error_at(
                    file,
                    p,
                    format!("rules.paths: `{}`: no such file or folder ({})", p.value, path.display()),
                ));
            }
            out.push(path);
        }
        Ok(out)
    }

    /// Severity overrides, parsed.
    pub fn severities(&self) -> HashMap<String, Severity> {
        self.config
            .rules
            .severity
            .iter()
            .filter_map(|(k, v)| Severity::parse(&v.value).map(|s| (k.clone(), s)))
            .collect()
    }

    /// Checks names against the loaded rules: every `disable` and `severity`
    /// entry must be a rule id or a category, every pack a built-in pack.
    /// `suggest` gives the name a misspelt one was probably meant to be.
    pub fn validate_names(
        &self,
        is_rule_or_category: &dyn Fn(&str) -> bool,
        suggest: &dyn Fn(&str) -> Option<String>,
        builtin_packs: &[String],
    ) -> Result<(), ConfigError> {
        let Some(file) = &self.file else { return Ok(()) };
        let hint = |name: &str| suggest(name).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        for d in &self.config.rules.disable {
            if !is_rule_or_category(&d.value) {
                return Err(error_at(
                    file,
                    d,
                    format!(
                        "rules.disable: `{}` is neither a loaded rule id nor a category{}",
                        d.value,
                        hint(&d.value)
                    ),
                ));
            }
        }
        for (k, v) in &self.config.rules.severity {
            if !is_rule_or_category(k) {
                return Err(error_at(
                    file,
                    v,
                    format!("rules.severity: `{k}` is neither a loaded rule id nor a category{}", hint(k)),
                ));
            }
        }
        for p in &self.config.rules.packs {
            if !builtin_packs.contains(&p.value) {
                let known =
                    if builtin_packs.is_empty() { "none".to_string() } else { builtin_packs.join(", ") };
                let close = crate::lang::closest(&p.value, builtin_packs.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                return Err(error_at(
                    file,
                    p,
                    format!("rules.packs: no built-in pack `{}` ({close}built-in packs: {known})", p.value),
                ));
            }
        }
        Ok(())
    }
}

/// What `disclint init` writes: every key, commented, with its default.
pub const STARTER: &str = r#"# disclint project config. Paths and globs are relative to this file's folder.
# Unknown keys are errors. Docs: docs/ci.md.

rules:
  # Load the built-in rule packs (disclint rules list shows them).
  builtin: true
  # Only these built-in packs (names as in `rules/`, without .rules); empty = all.
  packs: []
  # Extra rule files or folders (*.rules).
  paths: []
  # Rule ids or categories switched off, e.g. [prohibited.absolute-term].
  disable: []
  # Severity by rule id or category: error, warning or info.
  severity: {}
    # prohibited.pressure-selling: warning
  # Run rules marked `draft`.
  drafts: true

# Only check files matching these globs (empty = every document found).
include: []
# Never check files matching these globs (also applied to files named on the command line).
exclude:
  - "target/**"
  - "node_modules/**"

# Metadata defaults by glob; later entries win; front matter, sidecar files and --meta win over these.
metadata: []
  # - files: "funds/**"
  #   set:
  #     product.category: fund

transcript:
  # Extra speaker labels of sales-script transcripts: label -> agent or customer.
  labels: {}
    # 主播: agent

limits:
  # Largest document accepted, in bytes (default 64 MiB).
  max_file_bytes: 67108864
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project, String> {
        Project::parse(Path::new("proj/disclint.yaml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn starter_parses() {
        let p = parse(STARTER);
        assert!(p.is_ok(), "{p:?}");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = parse("rules:\n  builtin: true\n  disabel: [X]\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:3:3: "), "{err}");
        assert!(err.contains("disabel"), "{err}");
        let err = parse("includes: []\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:1:1: "), "{err}");
    }

    #[test]
    fn yaml_errors_say_their_place_once_and_in_plain_words() {
        let err = parse("rules:\n  disabel: [X]\n").err().unwrap_or_default();
        insta::assert_snapshot!(err, @"proj/disclint.yaml:2:3: unknown field `disabel`, expected one of builtin, packs, paths, disable, severity, drafts");
        let err = parse("rules:\n  builtin: true\n  builtin: false\n").err().unwrap_or_default();
        insta::assert_snapshot!(err, @"proj/disclint.yaml:3:3: duplicate key `builtin`");
    }

    #[test]
    fn bad_values_name_their_place() {
        let err = parse("rules:\n  severity:\n    R1: fatal\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:3:9: ") && err.contains("fatal"), "{err}");
        let err = parse("metadata:\n  - files: \"funds/**\"\n    set:\n      product.colour: red\n")
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:4:23: ") && err.contains("product.colour"), "{err}");
        let err = parse("exclude: [\"a/[\"]\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:1:"), "{err}");
    }

    #[test]
    fn a_missing_rule_path_is_an_error_at_its_entry() {
        let Ok(p) = parse("rules:\n  paths:\n    - house.rules\n") else { panic!() };
        let err = p.rule_paths().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:3:7: rules.paths: `house.rules`: no such file"), "{err}");
    }

    #[test]
    fn globs_and_metadata_defaults() {
        let p = parse(
            "exclude: [\"drafts/**\"]\nmetadata:\n  - files: \"funds/**\"\n    set:\n      product.category: fund\n",
        );
        let Ok(p) = p else { panic!("{p:?}") };
        assert!(p.selects(Path::new("proj/funds/a.md")));
        assert!(!p.selects(Path::new("proj/drafts/a.md")));
        let m = p.metadata_for(Path::new("proj/funds/x/a.md"));
        assert_eq!(m.to_json()["product"]["category"], "fund");
        assert!(p.metadata_for(Path::new("proj/other/a.md")).is_empty());
    }
}
