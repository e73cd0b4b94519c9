//! CI gating: project config, inline suppressions, fingerprints and
//! baselines. The check command runs these between evaluation and reports.

pub mod baseline;
pub mod config;
pub mod fingerprint;
pub mod merge;
pub mod suppress;

use crate::compile::RuleSet;
use crate::document::metadata::{CHANNELS, SEGMENTS};
use crate::document::{DocWarning, Document, Field, Value};
use crate::eval::{self, Options};
use crate::finding::Finding;
use crate::report::{FileReport, SourceLine, Suppressed};
use baseline::BaselineIndex;
use std::collections::BTreeMap;

/// Checks documents and applies the gating steps, producing what the
/// report formats print: evaluation → inline suppressions (and findings
/// about them) → fingerprints → one finding per claim ([`merge`]) →
/// baseline.
pub struct Gate<'a> {
    pub rules: &'a RuleSet,
    pub options: &'a Options,
    pub baseline: Option<&'a BaselineIndex>,
}

impl suppress::RuleLookup for Gate<'_> {
    fn known(&self, rule: &str) -> bool {
        self.rules.rule(rule).is_some()
    }

    fn active(&self, rule: &str) -> bool {
        self.rules.rule(rule).is_some_and(|r| self.options.selects(r))
    }

    /// Among the loaded rules and the built-in ones (a short run compiles
    /// only the packs its documents need).
    fn suggest(&self, rule: &str) -> Option<String> {
        let builtin =
            crate::compile::builtin::files().flat_map(|(_, text)| crate::compile::builtin::rule_ids(text));
        let ids: Vec<&str> = self.rules.rules.iter().map(|r| r.id.as_str()).chain(builtin).collect();
        if let Some(same) = ids.iter().find(|id| id.eq_ignore_ascii_case(rule)) {
            return Some(same.to_string());
        }
        crate::lang::closest(&rule.to_uppercase(), ids.iter().copied()).map(str::to_string)
    }
}

impl Gate<'_> {
    /// Whether a finding about a suppression directive is wanted, given the
    /// `--rule`/`--category` filters and the config's `disable`; applies the
    /// config's severity overrides to it.
    fn keep_meta(&self, f: &mut Finding) -> bool {
        let o = self.options;
        if !o.chosen(&f.rule, &f.category) || o.disabled.contains(&f.rule) || o.disabled.contains(&f.category)
        {
            return false;
        }
        if let Some(s) = o.severity.get(&f.rule).or_else(|| o.severity.get(&f.category)) {
            f.severity = *s;
        }
        true
    }

    /// Warnings for tags of the open fields, `audience.segments` and
    /// `channel`, that are neither usual nor tested by a loaded rule
    /// (`老人家`, `pensionors`, `直播间`): the fields are open
    /// (`spec/documents.md` lists them with "…"), so such a tag is accepted,
    /// but no rule would ever see it (a private-fund post tagged with an
    /// unknown platform would silently miss the public-promotion rule). Said
    /// where the tag is written, with the tags the rules do test; not a finding.
    fn untested_tags(&self, doc: &Document) -> Vec<DocWarning> {
        let mut warnings = Vec::new();
        for (field, usual, what, synonyms) in [
            (
                Field::AudienceSegments,
                SEGMENTS,
                "segment",
                "synonyms such as 老年人 or seniors are read as those",
            ),
            (
                Field::Channel,
                CHANNELS,
                "channel",
                "platforms such as 朋友圈, 抖音 or wechat are read as those",
            ),
        ] {
            let tags: Vec<&String> = match doc.metadata.get(field) {
                Some(Value::List(tags)) => tags.iter().collect(),
                Some(Value::Text(tag)) => vec![tag],
                _ => continue,
            };
            // Rules compare tags without regard to case (`VIP` meets `contains vip`).
            let unusual: Vec<&String> =
                tags.into_iter().filter(|t| !usual.contains(&t.to_lowercase().as_str())).collect();
            if unusual.is_empty() {
                continue;
            }
            let tested = self.rules.tested_values(field);
            let tested_list = if tested.is_empty() {
                "none".to_string()
            } else {
                tested.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
            };
            for t in unusual.into_iter().filter(|t| !tested.contains(&t.to_lowercase())) {
                // As for a misspelt tag in a rule file (`lang::validate`): the nearest usual or tested tag.
                let candidates = usual.iter().copied().chain(tested.iter().map(String::as_str));
                let hint = crate::lang::closest(t, candidates)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                let rules = if field == Field::Channel { "rule on the channel" } else { "suitability rule" };
                warnings.push(DocWarning {
                    at: doc.metadata.origin(field, t).map(str::to_string),
                    message: format!(
                        "`{}` tag `{t}` is not a usual {what} and no loaded rule tests it, so no {rules} will \
                         see it; {hint}the loaded rules test: {tested_list} (usual tags: {}; {synonyms})",
                        field.path(),
                        usual.join(", ")
                    ),
                });
            }
        }
        warnings
    }

    /// Checks `doc`; `repo_path` is its path relative to the repository root.
    pub fn report(&self, doc: &Document, repo_path: &str) -> FileReport {
        let outcome = eval::check(self.rules, doc, self.options);
        let applied = suppress::apply(doc, outcome.findings, self);
        let findings: Vec<Finding> = applied
            .findings
            .into_iter()
            .filter_map(|mut f| {
                let meta = f.category == suppress::CATEGORY && f.rule.starts_with("disclint.");
                (!meta || self.keep_meta(&mut f)).then_some(f)
            })
            .collect();

        // Fingerprint everything in one position order, so a finding's
        // occurrence index does not depend on which others are suppressed.
        let mut all: Vec<(Finding, Option<suppress::Suppression>)> =
            findings.into_iter().map(|f| (f, None)).collect();
        all.extend(applied.suppressed.into_iter().map(|(f, s)| (f, Some(s))));
        all.sort_by(|(a, _), (b, _)| crate::finding::order(a, b));
        let prints = fingerprint::fingerprints(repo_path, &doc.source, all.iter().map(|(f, _)| f));

        let mut report = FileReport {
            path: doc.path.clone(),
            repo_path: repo_path.to_string(),
            metadata: doc.metadata.clone(),
            skipped: outcome.skipped,
            language_skips: outcome.language_skips,
            language_detected: doc.language_detected,
            warnings: doc
                .warnings
                .iter()
                .chain(&self.untested_tags(doc))
                .map(|w| format!("warning: {}: {}", w.at.as_deref().unwrap_or(&doc.path), w.message))
                .collect(),
            ..FileReport::default()
        };
        let mut active = Vec::new();
        for ((f, s), fp) in all.into_iter().zip(prints) {
            match s {
                Some(suppression) => {
                    report.suppressed.push(Suppressed { finding: f, suppression, fingerprint: fp })
                }
                None => active.push((f, fp)),
            }
        }
        // After the fingerprints, so a finding keeps the fingerprint it had
        // before another was merged into it.
        let mut active = merge::collapse(active);
        if let Some(index) = self.baseline {
            // A finding is in the baseline when it or one merged into it is
            // recorded: a baseline written before findings were merged, or
            // when another rule's finding was the one kept, still matches.
            let fps: Vec<Vec<&str>> = active
                .iter()
                .map(|(f, fp)| {
                    std::iter::once(fp.as_str())
                        .chain(f.merged.iter().map(|m| m.fingerprint.as_str()))
                        .collect()
                })
                .collect();
            let (is_new, state) = index.compare(repo_path, &fps);
            active = active.into_iter().zip(is_new).filter(|(_, new)| *new).map(|(a, _)| a).collect();
            report.baseline = Some(state);
        }
        let (findings, fingerprints): (Vec<Finding>, Vec<String>) = active.into_iter().unzip();
        report.findings = findings;
        report.fingerprints = fingerprints;
        report.lines = source_lines(doc, &report.findings);
        report
    }
}

/// The source lines `findings` point at, for snippets, by page and line as
/// reported. A PDF's lines count from the top of their page, so the line of
/// the source is found from the span's offset.
fn source_lines(doc: &Document, findings: &[Finding]) -> BTreeMap<(Option<usize>, usize), SourceLine> {
    let index = doc.line_index();
    let mut lines = BTreeMap::new();
    for f in findings {
        if let Some(span) = f.span {
            let shift = index.line_of(span.start.offset).saturating_sub(span.start.line);
            for line in span.start.line..=span.end.line {
                lines.entry((f.page, line)).or_insert_with(|| {
                    let range = index.line_range(&doc.source, line + shift);
                    SourceLine { start: range.start, text: doc.source[range].to_string() }
                });
            }
        }
    }
    lines
}

/// The repository root for `start`: the nearest folder upward holding
/// `.git`, else `start` itself.
pub fn repo_root(start: &std::path::Path) -> std::path::PathBuf {
    start.ancestors().find(|d| d.join(".git").exists()).unwrap_or(start).to_path_buf()
}
