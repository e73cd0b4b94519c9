//! Runs the examples embedded in rules (`example fail "…"` / `example pass "…"`).

use super::{MatchIndex, Outcome, Truth, run_rule};
use crate::compile::{CCheck, CClause, CCond, CContext, CMatcher, CRequirement, CompiledRule, RuleSet};
use crate::document::load::{self, LoadOptions};
use crate::document::{BlockKind, Document, Field, Format, Metadata, Value};
use crate::lang::ast::{Expect, Scope, Span};
use std::collections::BTreeSet;

/// The result of one example.
#[derive(Debug, Clone)]
pub struct ExampleOutcome {
    pub rule: String,
    pub expect: Expect,
    pub passed: bool,
    /// Why it failed, in words.
    pub detail: String,
    /// Where the example is written: index into `RuleSet::sources`, and span.
    pub source: usize,
    pub span: Span,
    /// Why an example that passed would not pass the same way in `check`,
    /// in words: a `fail` example whose pack's `applies when` is unknown for
    /// it (`check` skips the rule on such a document).
    pub warning: Option<String>,
}

fn example_document(rule: &CompiledRule, text: &str, pairs: &[(String, String)]) -> Result<Document, String> {
    let mut meta = Metadata::new();
    for (k, v) in pairs {
        meta.set(k, v).map_err(|e| e.to_string())?;
    }
    let script = matches!(meta.get(Field::DocumentKind), Some(Value::Text(k)) if k == "script");
    let name = format!("example of {}", rule.id);
    let mut doc = if script {
        Document::from_transcript_text(name, text.to_string(), meta)
    } else if has_markdown_heading(text) {
        // Headings exist only in markup: an example with a `## …` line is
        // read as Markdown, so that `in heading` and `under heading` can
        // have examples. Other examples stay plain text, where `*` and `#1`
        // are copy.
        load::from_text(&name, text.to_string(), Format::Markdown, meta, &LoadOptions::default())
            .map_err(|e| e.to_string())?
    } else {
        Document::from_text(name, text.to_string(), meta)
    };
    doc.detect_missing_language();
    Ok(doc)
}

/// Whether a line of `text` is a Markdown heading: ATX (`# ` to `###### `),
/// setext (a line of `===` or `---` under text) or an HTML `<h1>`–`<h6>`.
fn has_markdown_heading(text: &str) -> bool {
    let mut previous = "";
    text.lines().any(|line| {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let atx = (1..=6).contains(&hashes) && line[hashes..].starts_with(' ');
        // `标题\n===` (setext) or an HTML heading tag, which Markdown reads too.
        let setext = !previous.trim().is_empty()
            && line.len() >= 2
            && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'));
        let html = line
            .to_ascii_lowercase()
            .match_indices("<h")
            .any(|(at, _)| matches!(line.as_bytes().get(at + 2), Some(b'1'..=b'6')));
        previous = line;
        atx || setext || html
    })
}

/// Runs every example of every rule (or of the rules `select` keeps). The
/// rule's own `when` applies. Its pack's `applies when` is evaluated as
/// `check` evaluates it (its `text has` on the example's copy text), and
/// counts where it is false: an example needs only the metadata the rule
/// itself tests, but one whose metadata or text rules the pack out describes
/// a document the rule never sees, and a `fail` example of it fails. Where it
/// is unknown, the rule runs and a `fail` example that passes gets a warning.
pub fn run_examples(rules: &RuleSet, select: &dyn Fn(&CompiledRule) -> bool) -> Vec<ExampleOutcome> {
    let mut out = Vec::new();
    for rule in rules.rules.iter().filter(|r| select(r)) {
        let pack = rules.pack_of(rule);
        for ex in &rule.examples {
            let mut warning = None;
            let (passed, detail) = match example_document(rule, &ex.text, &ex.metadata) {
                Err(e) => (false, format!("invalid example metadata: {e}")),
                Ok(doc) => {
                    let index = MatchIndex::new(rules, &doc);
                    let mut missing = BTreeSet::new();
                    let applies = match &pack.applies {
                        Some(c) => super::eval_cond(&index, &doc.metadata, c, &mut missing),
                        None => Truth::True,
                    };
                    if applies == Truth::False {
                        match ex.expect {
                            Expect::Pass => (true, String::new()),
                            Expect::Fail => {
                                (false, pack_rules_it_out(&pack.name, pack.applies.as_ref(), &doc))
                            }
                        }
                    } else {
                        let mut outcome = Outcome::default();
                        run_rule(&index, rule, rule.severity, &mut outcome);
                        let found: Vec<String> = outcome
                            .findings
                            .iter()
                            .map(|f| {
                                f.matched.clone().map_or_else(|| "(absent)".to_string(), |m| format!("“{m}”"))
                            })
                            .collect();
                        if ex.expect == Expect::Fail && !found.is_empty() && applies == Truth::Unknown {
                            warning = Some(unknown_pack(&pack.name, &missing));
                        }
                        match ex.expect {
                            Expect::Fail if !found.is_empty() => (true, String::new()),
                            Expect::Fail => match outcome.skipped.first() {
                                Some(skip) => (
                                    false,
                                    format!(
                                        "expected a finding, but the rule was skipped for lack of {}",
                                        skip.missing.iter().map(|f| f.path()).collect::<Vec<_>>().join(", ")
                                    ),
                                ),
                                None => match missing_structure(&rule.check, &doc) {
                                    Some(hint) => (false, format!("expected a finding, got none: {hint}")),
                                    None => (false, "expected a finding, got none".to_string()),
                                },
                            },
                            Expect::Pass if found.is_empty() => (true, String::new()),
                            Expect::Pass => {
                                let hint = missing_turns(&rule.check, &doc)
                                    .map_or_else(String::new, |h| format!(": {h}"));
                                (false, format!("expected no finding, got {}{hint}", found.join(", ")))
                            }
                        }
                    }
                }
            };
            out.push(ExampleOutcome {
                rule: rule.id.clone(),
                expect: ex.expect,
                passed,
                detail,
                source: rule.source,
                span: ex.span,
                warning,
            });
        }
    }
    out
}

/// Why a `fail` example whose pack's `applies when` is false for it cannot
/// fail: said by the metadata alone when that decides it, else by its text.
fn pack_rules_it_out(pack: &str, applies: Option<&CCond>, doc: &Document) -> String {
    if applies.is_some_and(|c| super::false_by_metadata(c, &doc.metadata)) {
        format!(
            "expected a finding, but pack `{pack}` does not apply to a document with this metadata ({}; see its \
             `applies when`), so the rule never runs on it",
            describe(&doc.metadata)
        )
    } else {
        format!(
            "expected a finding, but pack `{pack}` does not apply to this example: its `applies when` is false \
             for this metadata ({}) with this text, so `check` never runs the rule on a document like it",
            describe(&doc.metadata)
        )
    }
}

/// The warning for a `fail` example that passes while its pack's `applies
/// when` is unknown for it (evaluated as `check` evaluates it, speaker
/// labels not being text): it passes only because examples need just the
/// metadata their rule tests, while `check` would skip the rule on a
/// document like it.
fn unknown_pack(pack: &str, missing: &BTreeSet<Field>) -> String {
    let fields: Vec<&str> = missing.iter().map(|f| f.path()).collect();
    let example = fields.first().map_or_else(String::new, |f| format!(" (`with {{ {f}: … }}`)"));
    format!(
        "passes only because an example needs just the metadata its rule tests: pack `{pack}`'s `applies when` \
         is unknown for it (it needs {}), so `check` would skip the rule on a document like this one; give \
         the field{example}, or text its `text has` finds (speaker labels are not text)",
        fields.join(", ")
    )
}

/// The example's metadata as `key: value` pairs, for a message.
fn describe(metadata: &Metadata) -> String {
    let pairs: Vec<String> = metadata.iter().map(|(f, v)| format!("{}: {v}", f.path())).collect();
    if pairs.is_empty() { "no metadata".to_string() } else { pairs.join(", ") }
}

/// Plain copy has no turns, so `in same turn as` never holds in it.
const TURNS_HINT: &str = "the rule reads turns (`in same turn as`), and this example is not a transcript: add \
                          `with { document.kind: script }`";

/// Why a `pass` example that gave a finding could not help giving it: the
/// rule requires something in the same turn (`require A in same turn as
/// each B`, or `unless in same turn as`), and plain copy has no turns.
fn missing_turns(check: &CCheck, doc: &Document) -> Option<&'static str> {
    if doc.blocks.iter().any(|b| matches!(b.kind, BlockKind::Turn(_))) {
        return None;
    }
    let unless_same_turn = |m: &CMatcher| {
        m.clauses.iter().any(|c| {
            matches!(c, CClause::Context { context: CContext::SameScope(Scope::Turn, _), negated: true })
        })
    };
    let reads_turns = match check {
        CCheck::Require(CRequirement::SameScopeEach { scope: Scope::Turn, .. }) => true,
        CCheck::Forbid(m)
        | CCheck::Require(CRequirement::Before { then: m, .. })
        | CCheck::Require(CRequirement::NearEach { each: m, .. })
        | CCheck::Require(CRequirement::SameScopeEach { each: m, .. }) => unless_same_turn(m),
        CCheck::Require(CRequirement::Present(_)) | CCheck::Report => false,
    };
    reads_turns.then_some(TURNS_HINT)
}

/// Why a `fail` example that gave no finding could not give one: the
/// check fires only on structure (speakers, headings, fine print) that
/// this example's document does not have. `None` when it has it, or the
/// check needs none.
fn missing_structure(check: &CCheck, doc: &Document) -> Option<&'static str> {
    // The matcher a finding is made at: `require A` fires when A is absent,
    // wherever A would have to be, so it never needs the structure.
    let m = match check {
        CCheck::Forbid(m)
        | CCheck::Require(CRequirement::Before { first: _, then: m })
        | CCheck::Require(CRequirement::NearEach { each: m, .. })
        | CCheck::Require(CRequirement::SameScopeEach { each: m, .. }) => m,
        CCheck::Require(CRequirement::Present(_)) | CCheck::Report => return None,
    };
    let needs = |wanted: fn(&CContext) -> bool| {
        m.clauses.iter().any(|c| matches!(c, CClause::Context { context, negated: false } if wanted(context)))
    };
    let has_block = |wanted: fn(&BlockKind) -> bool| doc.blocks.iter().any(|b| wanted(&b.kind));
    let transcript = has_block(|k| matches!(k, BlockKind::Turn(_)));
    if (m.speaker.is_some() || needs(|c| matches!(c, CContext::InReplyTo(_)))) && !transcript {
        return Some(
            "the rule reads speakers (`agent says`, `in reply to`), and this example is not a transcript: \
             add `with { document.kind: script }`",
        );
    }
    if needs(|c| matches!(c, CContext::SameScope(Scope::Turn, _))) && !transcript {
        return Some(TURNS_HINT);
    }
    if needs(|c| matches!(c, CContext::InHeading | CContext::UnderHeading(_)))
        && !has_block(|k| matches!(k, BlockKind::Heading(_)))
    {
        return Some(
            "the rule reads headings (`in heading`, `under heading`), and this example has none: start the \
             heading's line with `## ` (an example with a Markdown heading line is read as Markdown), or write \
             a fixture test (docs/rule-language.md, \"Fixture tests\")",
        );
    }
    if needs(|c| matches!(c, CContext::InFinePrint)) && doc.fine_print.is_empty() {
        return Some(
            "the rule reads fine print (`<small>` or `<sub>` in Markdown or HTML), and this example has none \
             (an inline example without a `## ` heading line is plain text, where `<small>` is not markup): \
             write a fixture test (docs/rule-language.md, \"Fixture tests\")",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::has_markdown_heading;

    #[test]
    fn headings_that_make_an_example_markdown() {
        for yes in [
            "## 常见问题\n\n问",
            "常见问题\n===\n\n问",
            "常见问题\n---",
            "<h2>常见问题</h2>问",
            "<H3 class=x>Q</H3>",
        ] {
            assert!(has_markdown_heading(yes), "{yes:?}");
        }
        for no in ["#1 fund", "保本\n\n---", "<hr>", "<html>", "a -- b", "##no space"] {
            assert!(!has_markdown_heading(no), "{no:?}");
        }
    }
}
