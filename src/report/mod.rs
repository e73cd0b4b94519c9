//! Findings → output. One file per format; none of them re-reads documents:
//! everything they print is in [`FileReport`].

pub mod human;
pub mod json;

use crate::document::Metadata;
use crate::eval::Skip;
use crate::finding::{Finding, Severity};
use std::collections::BTreeMap;

/// Everything reported about one input file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    /// The effective metadata the file was checked with.
    pub metadata: Metadata,
    /// Why the file could not be read; no findings then.
    pub error: Option<String>,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skip>,
    /// The source lines findings point at (1-based line → text), for snippets.
    pub lines: BTreeMap<usize, String>,
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub by_severity: BTreeMap<Severity, usize>,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary { files: reports.len(), ..Summary::default() };
        for r in reports {
            if r.error.is_some() {
                s.errors += 1;
            }
            for f in &r.findings {
                s.findings += 1;
                *s.by_severity.entry(f.severity).or_default() += 1;
            }
        }
        s
    }
}
