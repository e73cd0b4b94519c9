//! Baselines: the findings a repository already had when it adopted the
//! tool. `--write-baseline FILE` records them by fingerprint;
//! `--baseline FILE` then reports only findings whose fingerprint is not in
//! the file. Fingerprints carry an occurrence index, so matching is
//! count-aware: two recorded identical claims and three present ones leave
//! one new finding.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Format version of the baseline file.
pub const VERSION: u32 = 1;

/// One recorded finding. `rule`, `path` and `matched` are there for people
/// reading the file; only `fingerprint` is matched on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
}

/// The baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {file}: {source}")]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{file}:{line}:{column}: invalid baseline: {message}")]
    Parse { file: PathBuf, line: usize, column: usize, message: String },
    #[error("{file}: baseline version {found} is not supported (expected {VERSION})")]
    Version { file: PathBuf, found: u32 },
    #[error("cannot write baseline {file}: {source}")]
    Write { file: PathBuf, source: std::io::Error },
}

impl Baseline {
    pub fn from_entries(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        Baseline { version: VERSION, findings }
    }

    pub fn parse(file: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| BaselineError::Parse {
            file: file.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if b.version != VERSION {
            return Err(BaselineError::Version { file: file.to_path_buf(), found: b.version });
        }
        Ok(b)
    }

    pub fn read(file: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| BaselineError::Read { file: file.to_path_buf(), source: e })?;
        Baseline::parse(file, &text)
    }

    /// Pretty JSON, one entry per finding, sorted, so diffs of the file are readable.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn write(&self, file: &Path) -> Result<(), BaselineError> {
        std::fs::write(file, self.to_json())
            .map_err(|e| BaselineError::Write { file: file.to_path_buf(), source: e })
    }

    /// The fingerprints recorded per path, for matching.
    pub fn index(&self) -> BaselineIndex {
        let mut by_path: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        for e in &self.findings {
            by_path.entry(e.path.clone()).or_default().insert(e.fingerprint.clone());
        }
        BaselineIndex { by_path }
    }
}

/// Recorded fingerprints by path.
#[derive(Debug, Clone, Default)]
pub struct BaselineIndex {
    by_path: BTreeMap<String, HashSet<String>>,
}

/// How one file compares with the baseline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileBaseline {
    /// Findings found in the baseline and left out of the report.
    pub unchanged: usize,
    /// Baseline entries of this file no longer found (fixed or changed):
    /// regenerate the baseline to drop them.
    pub absent: usize,
}

impl BaselineIndex {
    /// Splits the findings of `path`, each given as its fingerprint and
    /// those of the findings merged into it, into new ones (`true`: none of
    /// its fingerprints is recorded) and recorded ones (`false`), and
    /// counts the recorded fingerprints no finding has any more.
    pub fn compare<S: AsRef<str>>(&self, path: &str, findings: &[Vec<S>]) -> (Vec<bool>, FileBaseline) {
        let recorded = self.by_path.get(path);
        let is_new: Vec<bool> = findings
            .iter()
            .map(|fps| !recorded.is_some_and(|r| fps.iter().any(|f| r.contains(f.as_ref()))))
            .collect();
        let unchanged = is_new.iter().filter(|n| !**n).count();
        let present: HashSet<&str> = findings.iter().flatten().map(AsRef::as_ref).collect();
        let absent = recorded.map_or(0, |r| r.iter().filter(|f| !present.contains(f.as_str())).count());
        (is_new, FileBaseline { unchanged, absent })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, fp: &str) -> Entry {
        Entry { path: path.into(), rule: "R".into(), fingerprint: fp.into(), matched: None }
    }

    #[test]
    fn count_aware_matching() {
        // Occurrences 0 and 1 of one claim recorded; the file now has 0, 1 and 2.
        let b = Baseline::from_entries(vec![entry("a.md", "f0"), entry("a.md", "f1")]);
        let (new, state) = b.index().compare("a.md", &[vec!["f0"], vec!["f1"], vec!["f2"]]);
        assert_eq!(new, [false, false, true]);
        assert_eq!(state, FileBaseline { unchanged: 2, absent: 0 });
        let (new, state) = b.index().compare("a.md", &[vec!["f0"]]);
        assert_eq!(new, [false]);
        assert_eq!(state, FileBaseline { unchanged: 1, absent: 1 });
        let (new, _) = b.index().compare("b.md", &[vec!["f0"]]);
        assert_eq!(new, [true]);
    }

    #[test]
    fn a_finding_matches_by_any_fingerprint_merged_into_it() {
        // Recorded before two rules' findings on one claim were merged: both.
        let b = Baseline::from_entries(vec![entry("a.md", "ad"), entry("a.md", "ins")]);
        let (new, state) = b.index().compare("a.md", &[vec!["ad", "ins"]]);
        assert_eq!(new, [false]);
        assert_eq!(state, FileBaseline { unchanged: 1, absent: 0 });
        // Recorded with the other rule's finding kept.
        let b = Baseline::from_entries(vec![entry("a.md", "ins")]);
        let (new, state) = b.index().compare("a.md", &[vec!["ad", "ins"]]);
        assert_eq!(new, [false]);
        assert_eq!(state, FileBaseline { unchanged: 1, absent: 0 });
    }

    #[test]
    fn round_trip_and_errors() {
        let b = Baseline::from_entries(vec![entry("b.md", "2"), entry("a.md", "1")]);
        let text = b.to_json();
        let back = Baseline::parse(Path::new("x.json"), &text).map_err(|e| e.to_string());
        assert_eq!(back, Ok(b));
        let err = Baseline::parse(
            Path::new("x.json"),
            "{\n  \"version\": 1,\n  \"findings\": [ {\"oops\": 1} ]\n}",
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
        assert!(matches!(&err, Err(m) if m.starts_with("x.json:3:")), "{err:?}");
        let err = Baseline::parse(Path::new("x.json"), "{\"version\": 9, \"findings\": []}")
            .map_err(|e| e.to_string());
        assert!(matches!(&err, Err(m) if m.contains("version 9")), "{err:?}");
    }
}
