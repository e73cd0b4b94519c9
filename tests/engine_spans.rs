//! Property: every finding's span, read from the original text, normalises
//! to exactly what the rule matched — whatever evasions, widths, scripts and
//! markup surround it.

use disclint::compile::{RuleSet, RuleSource};
use disclint::document::load::{self, LoadOptions};
use disclint::document::{Document, Format, Metadata};
use disclint::eval::{self, Options};
use disclint::text::normalize;
use proptest::prelude::*;
use std::sync::OnceLock;

const TERMS: &[&str] = &["保本", "零风险", "稳赚不赔", "risk-free", "guaranteed returns"];

fn rule_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        let list = TERMS.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ");
        let src = format!(
            "terms g = [{list}]\nrule P {{ title \"t\" category prohibited.guarantee severity error forbid g }}\n\
             rule Q {{ title \"t\" category prohibited.expected-return severity error forbid /预期.{{0,3}}收益/ }}"
        );
        RuleSet::load(vec![RuleSource::inline("p.rules", &src)]).expect("rules load").0
    })
}

/// Fragments that stress the normaliser: evasions, traditional and
/// full-width forms, zero-width characters, CJK punctuation, line breaks.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("保本".to_string()),
        Just("保 本".to_string()),
        Just("保-本".to_string()),
        Just("零.風.險".to_string()),
        Just("稳\u{200B}赚不赔".to_string()),
        Just("不保本".to_string()),
        Just("ＲＩＳＫ－ＦＲＥＥ".to_string()),
        Just("Guaranteed  Returns".to_string()),
        Just("预期年化收益".to_string()),
        Just("預期收益".to_string()),
        Just("，".to_string()),
        Just("。".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("４．５％".to_string()),
        Just("㍿".to_string()),
        "[a-zA-Z ]{0,6}",
        "[\u{4e00}-\u{4e20}]{0,4}",
    ]
}

fn check_doc(doc: &Document) -> Result<(), TestCaseError> {
    for f in eval::check(rule_set(), doc, &Options::default()).findings {
        let span = f.span.expect("forbid findings have spans");
        let matched = f.matched.expect("forbid findings carry the matched text");
        let folded = normalize(&matched).text;
        let ok = match f.rule.as_str() {
            "P" => TERMS
                .iter()
                .any(|t| normalize(t).text.replace(['-', ' '], "") == folded.replace(['-', ' '], "")),
            _ => folded.starts_with("预期") && folded.ends_with("收益"),
        };
        prop_assert!(ok, "finding {} matched {:?} (folded {:?})", f.rule, matched, folded);
        let source = &doc.source[span.start.offset..span.end.offset];
        prop_assert_eq!(normalize(source).text.replace(['\n', ' '], ""), folded.replace(['\n', ' '], ""));
        prop_assert!(span.start.line >= 1 && span.start.column >= 1);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn plain_text_spans_map_back(parts in prop::collection::vec(fragment(), 0..24)) {
        let text: String = parts.concat();
        let doc = Document::from_text("p.txt", text, Metadata::new());
        check_doc(&doc)?;
    }

    #[test]
    fn transcript_spans_map_back(turns in prop::collection::vec((any::<bool>(), prop::collection::vec(fragment(), 0..6)), 0..8)) {
        let mut text = String::new();
        for (agent, parts) in turns {
            let body = parts.concat().replace('\n', " ");
            text.push_str(if agent { "理财经理：" } else { "客户: " });
            text.push_str(&body);
            text.push('\n');
        }
        let doc = Document::from_transcript_text("c.script.txt", text, Metadata::new());
        check_doc(&doc)?;
    }

    /// HTML collapses white space and joins Han characters across a source
    /// line break (`保\n本`): the copy text differs from the source there,
    /// and spans must still land on the source characters.
    #[test]
    fn html_spans_map_back(paras in prop::collection::vec(prop::collection::vec(fragment(), 0..8), 1..4)) {
        let body: String = paras.iter().map(|p| format!("<p>{}</p>\n", p.concat())).collect();
        let text = format!("<html><body>\n{body}</body></html>");
        if let Ok(doc) = load::from_text("p.html", text, Format::Html, Metadata::new(), &LoadOptions::default()) {
            check_doc(&doc)?;
        }
    }
}
