//! The project config, `disclint.yaml`: found upward from the working
//! folder, or named with `--config`. The schema is strict: an unknown key is
//! an error that names the file, line and column.

use crate::document::Metadata;
use crate::finding::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file name looked for upward from the working folder.
pub const FILE_NAME: &str = "disclint.yaml";

/// A value and where it was written.
pub type At<T> = Spanned<T>;

/// A YAML mapping in the order it is written, each key with where it was
/// written: an error about a key (a misspelt metadata field or rule id)
/// points at the key, not at its value.
#[derive(Debug)]
pub struct Keyed<V>(Vec<(At<String>, V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V> Keyed<V> {
    pub fn iter(&self) -> impl Iterator<Item = (&At<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Keyed<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = Keyed<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keyed<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<At<String>, V>()? {
                    out.push(entry);
                }
                Ok(Keyed(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// `disclint.yaml`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Which rules run and how.
    #[serde(default, deserialize_with = "null_as_default")]
    pub rules: RulesConfig,
    /// Only files matching one of these globs are checked (empty: all documents).
    #[serde(default, deserialize_with = "null_as_default")]
    pub include: Vec<At<String>>,
    /// Files matching one of these globs are never checked.
    #[serde(default, deserialize_with = "null_as_default")]
    pub exclude: Vec<At<String>>,
    /// Metadata defaults by glob; later entries win; front matter, sidecars and `--meta` win over them.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Vec<MetadataDefaults>,
    #[serde(default, deserialize_with = "null_as_default")]
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
    #[serde(default, deserialize_with = "null_as_default")]
    pub packs: Vec<At<String>>,
    /// Extra rule files or folders, relative to the config file.
    #[serde(default, deserialize_with = "null_as_default")]
    pub paths: Vec<At<String>>,
    /// Rule ids or categories switched off.
    #[serde(default, deserialize_with = "null_as_default")]
    pub disable: Vec<At<String>>,
    /// Severity by rule id or category.
    #[serde(default, deserialize_with = "null_as_default")]
    pub severity: Keyed<At<String>>,
    /// Whether rules marked `draft` run (default true).
    #[serde(default = "yes")]
    pub drafts: bool,
}

/// A key written with no value (`severity:` with its examples commented
/// out below it, as `disclint init` writes them) means the default.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
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
            severity: Keyed::default(),
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
    pub set: Keyed<At<serde_json::Value>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TranscriptConfig {
    /// Extra speaker labels: label → `agent` or `customer`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: Keyed<At<String>>,
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
    /// Every error found in one pass over the file, so a user fixes them all
    /// in one round. Shown one per line, each line but the first prefixed
    /// `error: ` as the CLI prefixes the first.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nerror: "))]
    Several(Vec<ConfigError>),
}

impl ConfigError {
    /// A copy for reporting (`std::io::Error` is not `Clone`: a read error
    /// keeps its message).
    fn clone_shown(&self) -> ConfigError {
        match self {
            ConfigError::Read { file, source } => ConfigError::Read {
                file: file.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            ConfigError::At { file, line, column, message } => {
                ConfigError::At { file: file.clone(), line: *line, column: *column, message: message.clone() }
            }
            ConfigError::Several(all) => {
                ConfigError::Several(all.iter().map(ConfigError::clone_shown).collect())
            }
        }
    }

    /// `Ok` for no errors, the one error, or all of them.
    fn all(mut errors: Vec<ConfigError>) -> Result<(), ConfigError> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(ConfigError::Several(errors)),
        }
    }
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
    /// Bad values found while parsing (a severity, a label's role, a glob,
    /// a metadata value). They do not stop the rules from loading, so they
    /// are reported together with the errors in rule and pack names, which
    /// only the loaded rules can tell: one run shows every error of the file.
    value_errors: Vec<ConfigError>,
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

/// What a key of the config takes, for errors whose YAML wording ("invalid
/// u64") says neither which key nor what it wants.
fn expected_for(path: &str) -> Option<&'static str> {
    Some(match path {
        "rules.builtin" | "rules.drafts" => "true or false",
        "limits.max_file_bytes" => "a whole number of bytes, e.g. 67108864 (64 MiB)",
        "metadata.files" => {
            "one glob in quotes, e.g. \"funds/**\" (for several globs, write one entry per glob)"
        }
        "metadata.set" => "field: value lines with dotted fields, e.g. product.risk_level: R4",
        "metadata" => "a list of entries, each with `files` and `set`",
        // Each key's own kind of string: a glob would mislead where an id or a pack is wanted.
        "include" | "exclude" => "a list of strings, e.g. [\"drafts/**\"]",
        "rules.disable" => {
            "a list of rule ids or categories, e.g. [CN-AD-GUARANTEE, prohibited.pressure-selling]"
        }
        "rules.packs" => "a list of built-in pack names, e.g. [cn/common, cn/wealth]",
        "rules.paths" => "a list of rule files or folders, e.g. [rules/]",
        "rules.severity" => "rule id or category: error, warning or info",
        "transcript.labels" => "label: agent or customer",
        "rules" | "transcript" | "limits" => "a map of keys",
        _ => return None,
    })
}

/// The dotted key path (`limits.max_file_bytes`) of the value at `line`,
/// `column` (1-based) of the config text, found from the keys on that line
/// and, for block mappings, the less indented keys above it.
fn key_path(text: &str, line: u64, column: u64) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let this = *lines.get(index)?;
    let col = usize::try_from(column).ok()?.saturating_sub(1);
    let prefix: String = this.chars().take(col).collect();
    // `key:` openings before the error on its own line (flow maps nest them).
    let mut keys: Vec<String> = Vec::new();
    for part in prefix.split(['{', ',']) {
        let part = part.trim_start().trim_start_matches("- ").trim();
        if let Some((k, rest)) = part.split_once(':')
            && !k.trim().is_empty()
            && !k.contains(' ')
            && rest.trim().is_empty()
        {
            keys.push(k.trim().trim_matches('"').to_string());
        }
    }
    if keys.is_empty() {
        return None;
    }
    let indent_of = |l: &str| {
        let trimmed = l.trim_start();
        let item = trimmed.strip_prefix("- ").map_or(0, |_| 2);
        l.len() - trimmed.len() + item
    };
    let mut indent = indent_of(this);
    for l in lines[..index].iter().rev() {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') || indent == 0 {
            continue;
        }
        let i = indent_of(l);
        if i < indent {
            let key = t.trim_start_matches("- ").split(':').next().unwrap_or("").trim();
            if !key.is_empty() && t.contains(':') {
                keys.insert(0, key.trim_matches('"').to_string());
            }
            indent = i;
        }
    }
    Some(keys.join("."))
}

/// `text` with the scalar at `line`, `column` (1-based) replaced by `~`
/// (null: an optional value left unset), the line count and every other
/// position unchanged; `None` when there is nothing there to blank.
fn blank_scalar(text: &str, line: u64, column: u64) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i != index {
            out.push_str(l);
            continue;
        }
        let start = l.char_indices().nth(col).map(|(b, _)| b)?;
        let rest = &l[start..];
        let end = match rest.chars().next() {
            // A flow list or map where a scalar belongs: up to its closing bracket.
            Some(open @ ('[' | '{')) => {
                let close = if open == '[' { ']' } else { '}' };
                let mut depth = 0usize;
                let mut end = None;
                for (i, c) in rest.char_indices() {
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                }
                end?
            }
            _ => {
                let end = rest.find([',', '}', ']', '\n', '\r']).unwrap_or(rest.len());
                rest[..end].find(" #").unwrap_or(end)
            }
        };
        let scalar = rest[..end].trim_end();
        if scalar.is_empty() || scalar == "~" {
            return None;
        }
        out.push_str(&l[..start]);
        out.push('~');
        out.push_str(&rest[scalar.len()..]);
        done = true;
    }
    done.then_some(out)
}

/// Puts the key and what it takes into a YAML type error: `invalid u64` at
/// `max_file_bytes: 64MB` becomes "limits.max_file_bytes: expected a whole
/// number of bytes, …, found `64MB`". Other errors are kept as they are.
fn explain_type_error(text: &str, line: u64, column: u64, message: String) -> String {
    let is_type_error = message.starts_with("invalid ") || message.starts_with("expected ");
    let Some(path) = is_type_error.then(|| key_path(text, line, column)).flatten() else { return message };
    let found: String = text
        .lines()
        .nth(usize::try_from(line).unwrap_or(1).saturating_sub(1))
        .map(|l| l.chars().skip(usize::try_from(column).unwrap_or(1).saturating_sub(1)).collect::<String>())
        .map(|v| v.split(" #").next().unwrap_or("").trim().trim_end_matches([',', '}']).trim().to_string())
        .unwrap_or_default();
    let found = if found.is_empty() || found.chars().count() > 40 {
        String::new()
    } else {
        format!(", found `{found}`")
    };
    match expected_for(&path) {
        Some(expected) => format!("{path}: expected {expected}{found}"),
        None => format!("{path}: {message}{found}"),
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
            value_errors: Vec::new(),
        }
    }

    /// Reads and validates `file`.
    pub fn load(file: &Path) -> Result<Project, ConfigError> {
        let bytes =
            std::fs::read(file).map_err(|e| ConfigError::Read { file: file.to_path_buf(), source: e })?;
        let text = crate::document::load::utf8_text(bytes, "disclint.yaml").map_err(|e| ConfigError::At {
            file: file.to_path_buf(),
            line: e.line as u64,
            column: e.column as u64,
            message: e.to_string(),
        })?;
        Project::parse(file, &text)
    }

    /// Parses config text; `file` names it in errors and anchors relative paths.
    pub fn parse(file: &Path, text: &str) -> Result<Project, ConfigError> {
        // A value of the wrong type (`max_file_bytes: 64MB`) stops the
        // typed read; it is blanked out and the file read again, so that the
        // other mistakes are reported in the same run. A syntax error, or a
        // type error that blanking does not clear, ends the reading.
        let mut type_errors = Vec::new();
        let mut patched = std::borrow::Cow::Borrowed(text);
        let config: Config = loop {
            if patched.trim().is_empty() {
                break Config::default();
            }
            let e = match serde_saphyr::from_str(&patched) {
                Ok(config) => break config,
                Err(e) => e,
            };
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let raw = crate::document::load::yaml_error_message(&e);
            let is_type_error = raw.starts_with("invalid ") || raw.starts_with("expected ");
            let message = explain_type_error(text, line, column, raw);
            let error = ConfigError::At { file: file.to_path_buf(), line, column, message };
            let blanked = (is_type_error && e.location().is_some() && type_errors.len() < 50)
                .then(|| blank_scalar(&patched, line, column))
                .flatten();
            match blanked {
                Some(next) => {
                    type_errors.push(error);
                    patched = std::borrow::Cow::Owned(next);
                }
                // After a blanked value, a later failure may be of the
                // blanking's making: the errors found so far are the report.
                None if type_errors.len() == 1 => return Err(type_errors.remove(0)),
                None if !type_errors.is_empty() => return Err(ConfigError::Several(type_errors)),
                None => return Err(error),
            }
        };
        let mut errors = type_errors;
        for (key, value) in config.rules.severity.iter() {
            let key = &key.value;
            if Severity::parse(&value.value).is_none() {
                errors.push(error_at(
                    file,
                    value,
                    format!("severity of `{key}` must be error, warning or info, not `{}`", value.value),
                ));
            }
        }
        for (label, role) in config.transcript.labels.iter() {
            let label = &label.value;
            if !matches!(role.value.as_str(), "agent" | "customer") {
                errors.push(error_at(
                    file,
                    role,
                    format!("label `{label}` must map to agent or customer, not `{}`", role.value),
                ));
            }
        }
        let mut compiled = |globs: &[At<String>]| {
            globset(file, globs).unwrap_or_else(|e| {
                errors.push(e);
                GlobSet::empty()
            })
        };
        let include = if config.include.is_empty() { None } else { Some(compiled(&config.include)) };
        let exclude = compiled(&config.exclude);
        let mut metadata = Vec::new();
        for m in &config.metadata {
            let set = compiled(std::slice::from_ref(&m.files));
            metadata.push((set, Metadata::new()));
        }
        for (m, (_, meta)) in config.metadata.iter().zip(metadata.iter_mut()) {
            for (key_at, value) in m.set.iter() {
                let key = key_at.value.as_str();
                if let serde_json::Value::Object(inner) = &value.value {
                    let example = inner
                        .iter()
                        .next()
                        .map(|(k, v)| format!("`{key}.{k}: {}`", scalar(v)))
                        .unwrap_or_else(|| format!("`{key}.FIELD: VALUE`"));
                    errors.push(error_at(
                        file,
                        key_at,
                        format!(
                            "metadata `{key}`: fields are not nested under their group; write them with dots, \
                             e.g. {example}"
                        ),
                    ));
                    continue;
                }
                // A misspelt field is the key's fault, a bad value the value's:
                // the error points at the one to fix.
                if let Err(e) = meta.set(key, &scalar(&value.value)) {
                    errors.push(match e {
                        crate::document::MetadataError::UnknownField(_) => {
                            error_at(file, key_at, e.to_string())
                        }
                        _ => error_at(file, value, e.to_string()),
                    });
                    continue;
                }
                // A segment or channel tag no rule tests is warned about where it is written: here.
                use crate::document::{Field, Value};
                if let Some(field @ (Field::AudienceSegments | Field::Channel)) = Field::parse(key) {
                    let at = format!(
                        "{}:{}:{}",
                        file.display(),
                        value.referenced.line(),
                        value.referenced.column()
                    );
                    let tags = match meta.get(field) {
                        Some(Value::List(tags)) => tags.clone(),
                        Some(Value::Text(tag)) => vec![tag.clone()],
                        _ => Vec::new(),
                    };
                    for tag in &tags {
                        meta.note_origin(field, tag, at.clone());
                    }
                }
            }
        }
        let root = file.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
        Ok(Project {
            config,
            file: Some(file.to_path_buf()),
            root,
            include,
            exclude,
            metadata,
            value_errors: errors,
        })
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
        let mut errors = Vec::new();
        for p in &self.config.rules.paths {
            let path = self.root.join(&p.value);
            if !path.exists() {
                let file = self.file.as_deref().unwrap_or(Path::new(FILE_NAME));
                errors.push(error_at(
                    file,
                    p,
                    format!("rules.paths: `{}`: no such file or folder ({})", p.value, path.display()),
                ));
                continue;
            }
            out.push(path);
        }
        // Without every rule file, names cannot be checked: the bad values
        // found so far are reported with the missing paths.
        if !errors.is_empty() {
            return ConfigError::all(
                self.value_errors.iter().map(ConfigError::clone_shown).chain(errors).collect(),
            )
            .map(|()| out);
        }
        Ok(out)
    }

    /// The bad values found while parsing, for a command that checks no
    /// rule names (`rules check`, `rules test`).
    pub fn value_errors(&self) -> Result<(), ConfigError> {
        ConfigError::all(self.value_errors.iter().map(ConfigError::clone_shown).collect())
    }

    /// Severity overrides, parsed.
    pub fn severities(&self) -> HashMap<String, Severity> {
        self.config
            .rules
            .severity
            .iter()
            .filter_map(|(k, v)| Severity::parse(&v.value).map(|s| (k.value.clone(), s)))
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
        let mut errors: Vec<ConfigError> = self.value_errors.iter().map(ConfigError::clone_shown).collect();
        let hint = |name: &str| suggest(name).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        for d in &self.config.rules.disable {
            if !is_rule_or_category(&d.value) {
                errors.push(error_at(
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
        for (k, _) in self.config.rules.severity.iter() {
            if !is_rule_or_category(&k.value) {
                errors.push(error_at(
                    file,
                    k,
                    format!(
                        "rules.severity: `{}` is neither a loaded rule id nor a category{}",
                        k.value,
                        hint(&k.value)
                    ),
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
                errors.push(error_at(
                    file,
                    p,
                    format!("rules.packs: no built-in pack `{}` ({close}built-in packs: {known})", p.value),
                ));
            }
        }
        ConfigError::all(errors)
    }
}

/// What `disclint init` writes: every key, commented, with its default.
pub const STARTER: &str = r#"# disclint project config. Paths and globs are relative to this file's folder.
# Unknown keys are errors. Docs: docs/ci.md.
# A key with nothing after it (and its examples commented out below it) is
# empty; uncomment an example's lines to use it.

rules:
  # Load the built-in rule packs (disclint rules list shows them).
  builtin: true
  # Only these built-in packs (names as in `rules/`, without .rules); none = all.
  packs:
    # - cn/wealth
  # Extra rule files or folders (*.rules).
  paths:
    # - rules/
  # Rule ids or categories switched off.
  disable:
    # - prohibited.absolute-term
  # Severity by rule id or category: error, warning or info.
  severity:
    # prohibited.pressure-selling: warning
  # Run rules marked `draft`.
  drafts: true

# Only check files matching these globs (none = every document found).
include:
  # - "docs/**"
# Never check files matching these globs (also applied to files named on the command line).
exclude:
  - "target/**"
  - "node_modules/**"

# Metadata defaults by glob; later entries win; front matter, sidecar files and --meta win over these.
# Fields are written with dots: product.risk_level, not product: {risk_level: …}.
metadata:
  # - files: "funds/**"
  #   set:
  #     product.category: fund
  #     product.risk_level: R4

transcript:
  # Extra speaker labels of sales-script transcripts: label -> agent or customer.
  labels:
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

    /// Parses, and fails on a bad value too, as a command that checks no
    /// names does.
    fn parse_values(text: &str) -> Result<Project, String> {
        let project = parse(text)?;
        project.value_errors().map_err(|e| e.to_string())?;
        Ok(project)
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
        let err = parse_values("rules:\n  severity:\n    R1: fatal\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:3:9: ") && err.contains("fatal"), "{err}");
        let err = parse_values("metadata:\n  - files: \"funds/**\"\n    set:\n      product.colour: red\n")
            .err()
            .unwrap_or_default();
        // A misspelt field is the key's fault: the error is at the key.
        assert!(err.starts_with("proj/disclint.yaml:4:7: ") && err.contains("product.colour"), "{err}");
        // A bad value is the value's.
        let err =
            parse_values("metadata:\n  - files: \"funds/**\"\n    set:\n      product.risk_level: R7\n")
                .err()
                .unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:4:27: ") && err.contains("R7"), "{err}");
        let err = parse_values("rules:\n  severity:\n    a: error\n    a: info\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:4:5: ") && err.contains("duplicate"), "{err}");
        let err = parse_values("exclude: [\"a/[\"]\n").err().unwrap_or_default();
        assert!(err.starts_with("proj/disclint.yaml:1:"), "{err}");
    }

    /// QA pass 12 item 10: every bad value of the file in one run, one per
    /// line, in the order of the file.
    #[test]
    fn every_bad_value_is_reported_at_once() {
        let text = "exclude: [\"a/[\"]\nrules:\n  severity:\n    R1: fatal\ntranscript:\n  labels:\n    坐席: seller\n\
                    metadata:\n  - files: \"**\"\n    set:\n      product.risk_level: R7\n      product.colour: red\n";
        let project = parse(text).map_err(|e| e.to_string());
        let Ok(project) = project else { panic!("bad values are kept for the names check: {project:?}") };
        let err = project.value_errors().err().map(|e| e.to_string()).unwrap_or_default();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 5, "{err}");
        assert!(lines[0].starts_with("proj/disclint.yaml:4:9: ") && lines[0].contains("fatal"), "{err}");
        assert!(lines[1].starts_with("error: proj/disclint.yaml:7:") && lines[1].contains("seller"), "{err}");
        assert!(lines[2].starts_with("error: proj/disclint.yaml:1:"), "{err}");
        assert!(lines[3].contains(":11:") && lines[3].contains("R7"), "{err}");
        assert!(lines[4].contains(":12:") && lines[4].contains("product.colour"), "{err}");
        // The names check reports them too, before its own.
        let names = project.validate_names(&|n| n == "R1", &|_| None, &[]).err().map(|e| e.to_string());
        assert_eq!(names.as_deref(), Some(err.as_str()));
    }

    /// serde's "invalid u64" says neither which key nor what it takes.
    #[test]
    fn type_errors_name_the_key_and_what_it_takes() {
        let err = parse_values("limits:\n  max_file_bytes: 64MB\n").err().unwrap_or_default();
        insta::assert_snapshot!(err, @"proj/disclint.yaml:2:19: limits.max_file_bytes: expected a whole number of bytes, e.g. 67108864 (64 MiB), found `64MB`");
        let err = parse_values("rules:\n  builtin: true\n  drafts: maybe\n").err().unwrap_or_default();
        insta::assert_snapshot!(err, @"proj/disclint.yaml:3:11: rules.drafts: expected true or false, found `maybe`");
        let err = parse_values("metadata:\n  - files: [\"**/*.txt\"]\n    set: { product.risk_level: R5 }\n")
            .err()
            .unwrap_or_default();
        insta::assert_snapshot!(err, @r#"proj/disclint.yaml:2:12: metadata.files: expected one glob in quotes, e.g. "funds/**" (for several globs, write one entry per glob), found `["**/*.txt"]`"#);
        let err = parse_values("limits: {max_file_bytes: 1k}\n").err().unwrap_or_default();
        assert!(err.contains("limits.max_file_bytes: expected a whole number"), "{err}");
        // `disable` takes rule ids or categories, not globs.
        let err = parse_values("rules:\n  disable: CN-AD-GUARANTEE\n").err().unwrap_or_default();
        assert!(
            err.contains("rules.disable: expected a list of rule ids or categories, e.g. [CN-AD-GUARANTEE"),
            "{err}"
        );
    }

    /// QA pass 15 item 21: a value of the wrong type no longer hides the
    /// file's other mistakes.
    #[test]
    fn a_type_error_does_not_hide_the_other_errors() {
        let text = "rules:\n  disable: [CN-AD-PRESURE]\n  severity:\n    prohibited.pressure-selling: warn\n\
                    metadata:\n  - files: \"docs/**\"\n    set:\n      product.risk_level: R6\n\
                    transcript:\n  labels: { 主播: host }\nlimits:\n  max_file_bytes: 64MB\n";
        let project = parse(text).expect("type errors are reported with the values");
        let err = project.value_errors().err().map(|e| e.to_string()).unwrap_or_default();
        for (place, what) in [
            ("proj/disclint.yaml:12:19: ", "limits.max_file_bytes: expected a whole number of bytes"),
            ("proj/disclint.yaml:4:34: ", "`warn`"),
            ("proj/disclint.yaml:8:27: ", "R6"),
            ("proj/disclint.yaml:10:17: ", "`host`"),
        ] {
            assert!(err.lines().any(|l| l.contains(place) && l.contains(what)), "{place}{what} in:\n{err}");
        }
        // Each type error once, at its own place.
        assert_eq!(err.matches("max_file_bytes").count(), 1, "{err}");
        // A type error after which nothing more can be read is still the report.
        let err = parse_values("limits: {max_file_bytes: 1k}\nrules: [\n").err().unwrap_or_default();
        assert!(err.contains("max_file_bytes") || err.contains("rules"), "{err}");
    }

    #[test]
    fn nested_metadata_says_to_use_dotted_keys() {
        let err = parse_values("metadata:\n  - files: \"**\"\n    set: {product: {risk_level: R5}}\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("write them with dots, e.g. `product.risk_level: R5`"), "{err}");
    }

    /// The template's examples sit, commented, under a key with no value:
    /// uncommenting every one of them must give a valid config.
    #[test]
    fn starter_with_every_example_uncommented_parses() {
        let lines: Vec<&str> = STARTER.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let mut out = Vec::new();
        let mut example_indent: Option<usize> = None;
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if let (Some(rest), Some(min)) = (trimmed.strip_prefix("# "), example_indent)
                && indent(line) >= min
            {
                out.push(format!("{}{rest}", &line[..indent(line)]));
                continue;
            }
            // Examples follow a key that has no value and no real children
            // (the next uncommented line is not indented below it).
            let next =
                lines[i + 1..].iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            let host = !trimmed.starts_with('#')
                && trimmed.ends_with(':')
                && next.is_none_or(|n| indent(n) <= indent(line));
            example_indent = host.then_some(indent(line) + 1);
            out.push(line.to_string());
        }
        let uncommented = out.join("\n");
        assert!(uncommented.contains("\n    prohibited.pressure-selling: warning"), "{uncommented}");
        assert!(uncommented.contains("\n  - files: \"funds/**\""), "{uncommented}");
        let p = parse(&uncommented);
        let Ok(p) = p else { panic!("{p:?}\n{uncommented}") };
        assert_eq!(p.config.rules.severity.len(), 1);
        assert_eq!(p.config.transcript.labels.len(), 1);
        assert!(!p.metadata_for(Path::new("proj/funds/a.md")).is_empty());
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
