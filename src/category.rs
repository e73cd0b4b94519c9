//! The finding categories of `spec/categories.md`, compiled in.
//!
//! Categories are the stable public vocabulary: a rule must declare one of
//! these, or a local category starting with `other.`.

/// Every category of the contract, with the one-line meaning shown by `rules categories`.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("disclosure.risk-warning-missing", "required general risk warning absent"),
    ("disclosure.risk-warning-not-prominent", "risk warning present but buried"),
    ("disclosure.past-performance-caveat-missing", "past returns quoted without caveat"),
    ("disclosure.benchmark-caveat-missing", "benchmark or yield quoted without caveat"),
    ("disclosure.risk-level-missing", "product risk rating not stated"),
    ("disclosure.agency-issuer-missing", "agency sale without issuer or agency statement"),
    ("prohibited.guarantee", "principal or return guarantee, no-risk claims"),
    ("prohibited.expected-return", "expected-return wording or return forecasts"),
    ("prohibited.absolute-term", "superlatives and absolute terms"),
    ("prohibited.deposit-confusion", "non-deposit presented as a deposit"),
    ("prohibited.official-endorsement", "government, regulator or expert endorsement"),
    ("prohibited.pressure-selling", "urgency and pressure"),
    ("prohibited.unfair-comparison", "disparaging or unsubstantiated comparisons"),
    ("suitability.mismatch", "product risk exceeds the targeted investors"),
    ("suitability.assessment-missing", "sale before the risk assessment is confirmed"),
    ("suitability.assessment-manipulation", "risk assessment coached, altered or waived"),
    ("script.risk-disclosure-missing", "script never states risk level and warning"),
    ("script.cooling-off-missing", "script omits cooling-off / hesitation period"),
];

/// Whether `name` may be used as a rule's category.
pub fn is_valid(name: &str) -> bool {
    CATEGORIES.iter().any(|(c, _)| *c == name)
        || name.strip_prefix("other.").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        })
}

/// The names of all contract categories.
pub fn names() -> impl Iterator<Item = &'static str> {
    CATEGORIES.iter().map(|(c, _)| *c)
}
