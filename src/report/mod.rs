//! Findings → output. One file per format; none of them re-reads documents:
//! everything they print is in [`FileReport`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod names;
pub mod sarif;

use crate::document::Metadata;
use crate::eval::Skip;
use crate::finding::{Finding, Severity};
use crate::gate::baseline::FileBaseline;
use crate::gate::suppress::Suppression;
pub use names::display_path;
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// Everything reported about one input file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    /// The effective metadata the file was checked with.
    pub metadata: Metadata,
    /// Why the file could not be read; no findings then.
    pub error: Option<String>,
    /// The findings in force: not suppressed inline and not in the baseline.
    /// Only these decide the exit code.
    pub findings: Vec<Finding>,
    /// The stable fingerprint of each of `findings`, in the same order
    /// (see [`crate::gate::fingerprint`]).
    pub fingerprints: Vec<String>,
    /// Findings switched off by an inline suppression, kept for auditors.
    pub suppressed: Vec<Suppressed>,
    /// How the file compares with `--baseline` (`None`: no baseline given).
    pub baseline: Option<FileBaseline>,
    /// The path relative to the repository root, with forward slashes
    /// (SARIF artifact URIs, GitHub annotations, fingerprints).
    pub repo_path: String,
    pub skipped: Vec<Skip>,
    /// Packs left out because the document is read in another language.
    pub language_skips: Vec<crate::eval::LanguageSkip>,
    /// Whether the document's language was detected rather than declared.
    pub language_detected: bool,
    /// The source lines findings point at, for snippets: (page, 1-based
    /// line as reported) → text. The page is `None` except in paginated
    /// formats, whose lines count from the top of each page.
    pub lines: BTreeMap<(Option<usize>, usize), SourceLine>,
    /// The worst severity in force, kept when a streamed run drops `findings`
    /// after printing them.
    pub worst: Option<Severity>,
    /// Warnings about how the file was read (`warning: …` lines for stderr,
    /// not findings: they do not change the exit code).
    pub warnings: Vec<String>,
}

/// A source line a finding points at, and where it starts in the decoded
/// source: spans carry byte offsets, so the renderer finds a match in a
/// line of megabytes without counting characters up to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLine {
    /// Byte offset of the line's first character in the decoded source.
    pub start: usize,
    /// The line, without its terminator.
    pub text: String,
}

/// A finding an inline suppression switched off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    pub suppression: Suppression,
    pub fingerprint: String,
}

impl FileReport {
    /// The repository-relative path, or `path` when none was set.
    pub fn uri_path(&self) -> &str {
        if self.repo_path.is_empty() { &self.path } else { &self.repo_path }
    }
}

/// `path` relative to `base` with forward slashes (`..` where it lies
/// outside). Both should be absolute, or both relative to one folder.
///
/// `.` and `..` are resolved first, by the names alone (as git does, not
/// following symbolic links): `ci/docs/../funds/f.md` is `ci/funds/f.md`, so
/// a file named from a sibling folder gets the same config globs, baseline
/// entries and SARIF URI as from the root.
pub fn relative_path(path: &Path, base: &Path) -> String {
    let p = lexically_normal(path);
    let b = lexically_normal(base);
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(p[common..].iter().map(|c| names::os_text(c.as_os_str())));
    parts.join("/")
}

/// The components of `path` with `.` dropped and each `..` taking away the
/// name before it (a `..` at the root stays at the root; leading ones of a
/// relative path are kept).
fn lexically_normal(path: &Path) -> Vec<Component<'_>> {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    /// Findings switched off by inline suppressions.
    pub suppressed: usize,
    /// Summed over files, when a baseline was given.
    pub baseline: Option<FileBaseline>,
}

impl FileReport {
    /// The worst severity of the findings in force.
    pub fn worst_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max().or(self.worst)
    }
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Counts one more file (for output streamed file by file).
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        if r.error.is_some() {
            self.errors += 1;
        }
        for f in &r.findings {
            self.findings += 1;
            *self.by_severity.entry(f.severity).or_default() += 1;
        }
        self.suppressed += r.suppressed.len();
        if let Some(b) = r.baseline {
            let total = self.baseline.get_or_insert_default();
            total.unchanged += b.unchanged;
            total.absent += b.absent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path(Path::new("/r/a/b.md"), Path::new("/r")), "a/b.md");
        assert_eq!(relative_path(Path::new("./a/b.md"), Path::new(".")), "a/b.md");
        assert_eq!(relative_path(Path::new("/x/b.md"), Path::new("/r/s")), "../../x/b.md");
        // `.` and `..` are resolved before comparing, in either path.
        assert_eq!(relative_path(Path::new("/r/docs/../funds/f.md"), Path::new("/r")), "funds/f.md");
        assert_eq!(relative_path(Path::new("/r/funds/./f.md"), Path::new("/r/docs/..")), "funds/f.md");
        assert_eq!(relative_path(Path::new("/../r/f.md"), Path::new("/r")), "f.md");
        assert_eq!(relative_path(Path::new("../a/f.md"), Path::new(".")), "../a/f.md");
    }
}
