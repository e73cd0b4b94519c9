//! Document metadata (`spec/documents.md`): the fields rules may test, their
//! values, and the level scales R1–R5 / C1–C5.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A metadata field rules can name. Unknown names are an error, so a typo
/// never silently disables a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    DocumentKind,
    DocumentLanguage,
    ProductName,
    ProductCategory,
    ProductRiskLevel,
    ProductSalesMode,
    ProductIssuer,
    AudienceRiskTolerance,
    AudienceSegments,
    Channel,
}

/// What values a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One of a closed list of choices.
    Choice(&'static [&'static str]),
    /// Free text.
    Text,
    /// A level on the risk scale R1–R5.
    RiskLevel,
    /// A level on the tolerance scale C1–C5.
    Tolerance,
    /// A list of open-ended tags.
    Tags,
    /// One open-ended tag.
    Tag,
}

pub const DOCUMENT_KINDS: &[&str] =
    &["brochure", "webpage", "social-post", "poster", "factsheet", "contract", "email", "script", "other"];
pub const LANGUAGES: &[&str] = &["zh", "en"];

/// Common other names of a choice value (`cn` for `zh`): for a "did you
/// mean" that edit distance would get wrong (`cn` is one edit from `en`).
pub fn choice_alias(field: Field, raw: &str) -> Option<&'static str> {
    let raw = raw.trim().to_ascii_lowercase();
    match field {
        Field::DocumentLanguage => match raw.as_str() {
            "cn" | "chn" | "chs" | "cht" | "chi" | "zho" | "chinese" | "zh-cn" | "zh_cn" | "zh-hans"
            | "zh-hant" | "zh-tw" | "zh-hk" => Some("zh"),
            "eng" | "english" | "en-us" | "en_us" | "en-gb" | "en_gb" | "us" | "uk" | "gb" => Some("en"),
            _ => None,
        },
        _ => None,
    }
}
pub const PRODUCT_CATEGORIES: &[&str] = &[
    "wealth-management",
    "fund",
    "private-fund",
    "insurance",
    "deposit",
    "structured-deposit",
    "bond",
    "other",
];
pub const SALES_MODES: &[&str] = &["own", "agency"];
/// The usual tags of the open fields (documents.md lists them with "…"):
/// other values are allowed, these are what a near-miss is compared with.
pub const SEGMENTS: &[&str] =
    &["general", "elderly", "retirees", "students", "high-net-worth", "professional"];
pub const CHANNELS: &[&str] = &["branch", "online", "mobile-app", "phone", "social-media"];

/// An open tag as its aliases are listed: trimmed, lower case, `_` and
/// spaces read as `-`.
fn tag_key(raw: &str) -> String {
    raw.trim().to_lowercase().replace(['_', ' '], "-")
}

/// The usual `audience.segments` tag another common name stands for
/// (`老年人`, `seniors` → `elderly`): the field is open, so without this a
/// Chinese or singular value would be accepted and match no rule, silently
/// switching off the suitability checks. Case is ignored for English.
pub fn segment_alias(raw: &str) -> Option<&'static str> {
    let key = tag_key(raw);
    if let Some(canonical) = SEGMENTS.iter().find(|t| **t == key) {
        return Some(canonical);
    }
    Some(match key.as_str() {
        "老年人" | "老年客户" | "老年" | "老人" | "长者" | "银发" | "银发族" | "老年投资者" | "elder"
        | "elders" | "senior" | "seniors" | "senior-citizens" | "older-people" | "older-adults"
        | "elderly-people" => "elderly",
        "退休人员" | "退休" | "退休人士" | "退休客户" | "退休老人" | "retiree" | "retired" | "pensioner"
        | "pensioners" => "retirees",
        "学生" | "在校学生" | "大学生" | "学生群体" | "student" | "university-students" => {
            "students"
        }
        "高净值"
        | "高净值客户"
        | "高净值人群"
        | "高净值人士"
        | "hnw"
        | "hnwi"
        | "hnwis"
        | "high-net-worth-individuals" => "high-net-worth",
        "专业投资者"
        | "专业投资人"
        | "professionals"
        | "professional-investor"
        | "professional-investors"
        | "professional-clients" => "professional",
        "普通投资者" | "普通客户" | "大众" | "一般" | "普通" | "general-public" | "retail"
        | "retail-investors" => "general",
        _ => return None,
    })
}

/// The usual `channel` tag a platform or another common name stands for
/// (`wechat`, `朋友圈`, `抖音` → `social-media`; `手机银行` → `mobile-app`):
/// as with segments, a bank that tags its channels by platform would
/// otherwise switch off the rules for social media without a word.
pub fn channel_alias(raw: &str) -> Option<&'static str> {
    let key = tag_key(raw);
    if let Some(canonical) = CHANNELS.iter().find(|t| **t == key) {
        return Some(canonical);
    }
    Some(match key.as_str() {
        "wechat" | "weixin" | "微信" | "朋友圈" | "公众号" | "微信公众号" | "视频号" | "微信群" | "抖音"
        | "douyin" | "tiktok" | "微博" | "weibo" | "小红书" | "xiaohongshu" | "rednote" | "快手"
        | "kuaishou" | "bilibili" | "b站" | "哔哩哔哩" | "知乎" | "zhihu" | "社交媒体" | "自媒体"
        | "直播" | "直播间" | "网络直播" | "直播平台" | "短视频" | "短视频平台" | "视频平台" | "社群"
        | "论坛" | "贴吧" | "livestream" | "live-stream" | "live-streaming" | "short-video" | "x.com"
        | "reddit" | "social" | "facebook" | "instagram" | "twitter" | "linkedin" | "youtube"
        | "whatsapp" | "telegram" => "social-media",
        "网站" | "官网" | "网上银行" | "网银" | "website" | "web" | "internet" | "email" | "e-mail"
        | "邮件" => "online",
        "app" | "手机银行" | "手机app" | "手机银行app" | "mobile" | "mobile-banking" | "移动端" => {
            "mobile-app"
        }
        "网点" | "柜台" | "营业厅" | "营业网点" | "线下" | "in-branch" | "counter" => "branch",
        "电话" | "电话销售" | "电销" | "外呼" | "telephone" | "call" | "call-centre" | "call-center" => {
            "phone"
        }
        _ => return None,
    })
}

/// The usual tags of an open (`Tag`/`Tags`) field; empty for other fields.
pub fn usual_tags(field: Field) -> &'static [&'static str] {
    match field {
        Field::AudienceSegments => SEGMENTS,
        Field::Channel => CHANNELS,
        _ => &[],
    }
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::DocumentKind,
        Field::DocumentLanguage,
        Field::ProductName,
        Field::ProductCategory,
        Field::ProductRiskLevel,
        Field::ProductSalesMode,
        Field::ProductIssuer,
        Field::AudienceRiskTolerance,
        Field::AudienceSegments,
        Field::Channel,
    ];

    pub fn parse(path: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.path() == path)
    }

    pub fn path(self) -> &'static str {
        match self {
            Field::DocumentKind => "document.kind",
            Field::DocumentLanguage => "document.language",
            Field::ProductName => "product.name",
            Field::ProductCategory => "product.category",
            Field::ProductRiskLevel => "product.risk_level",
            Field::ProductSalesMode => "product.sales_mode",
            Field::ProductIssuer => "product.issuer",
            Field::AudienceRiskTolerance => "audience.risk_tolerance",
            Field::AudienceSegments => "audience.segments",
            Field::Channel => "channel",
        }
    }

    pub fn field_type(self) -> FieldType {
        match self {
            Field::DocumentKind => FieldType::Choice(DOCUMENT_KINDS),
            Field::DocumentLanguage => FieldType::Choice(LANGUAGES),
            Field::ProductName | Field::ProductIssuer => FieldType::Text,
            Field::ProductCategory => FieldType::Choice(PRODUCT_CATEGORIES),
            Field::ProductRiskLevel => FieldType::RiskLevel,
            Field::ProductSalesMode => FieldType::Choice(SALES_MODES),
            Field::AudienceRiskTolerance => FieldType::Tolerance,
            Field::AudienceSegments => FieldType::Tags,
            Field::Channel => FieldType::Tag,
        }
    }

    /// A human description of the accepted values, for error messages.
    pub fn expected(self) -> String {
        match self.field_type() {
            FieldType::Choice(c) => format!("one of {}", c.join(", ")),
            FieldType::Text => "text".into(),
            FieldType::RiskLevel => {
                "a risk level R1–R5 (also PR1–PR5, 1–5, 一级–五级, 低/中低/中/中高/高风险)".into()
            }
            FieldType::Tolerance => {
                "a risk tolerance C1–C5 (also 1–5, 保守型/谨慎型/稳健型/平衡型/成长型/进取型/激进型)".into()
            }
            FieldType::Tags => "a list of tags, e.g. [general, elderly]".into(),
            FieldType::Tag => "a tag, e.g. online".into(),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// A level on one of the two ordered five-step scales. Risk levels and
/// tolerances compare with each other by their number: R3 ≤ C3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Risk(u8),
    Tolerance(u8),
}

impl Level {
    pub fn rank(self) -> u8 {
        match self {
            Level::Risk(n) | Level::Tolerance(n) => n,
        }
    }

    /// Parses the canonical spellings `R1`…`R5` and `C1`…`C5`.
    pub fn parse_canonical(s: &str) -> Option<Level> {
        let (kind, digit) = s.split_at_checked(1)?;
        let n: u8 = digit.parse().ok().filter(|n| (1..=5).contains(n))?;
        match kind {
            "R" | "r" => Some(Level::Risk(n)),
            "C" | "c" => Some(Level::Tolerance(n)),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Risk(n) => write!(f, "R{n}"),
            Level::Tolerance(n) => write!(f, "C{n}"),
        }
    }
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

const CHINESE_DIGITS: [&str; 5] = ["一", "二", "三", "四", "五"];

fn bare_rank(s: &str) -> Option<u8> {
    if let Ok(n) = s.parse::<u8>() {
        return (1..=5).contains(&n).then_some(n);
    }
    let stem = s.strip_suffix("级").unwrap_or(s);
    CHINESE_DIGITS.iter().position(|d| *d == stem).map(|i| i as u8 + 1)
}

/// Normalises a product risk-level spelling to R1–R5.
pub fn parse_risk_level(s: &str) -> Option<Level> {
    let s = s.trim();
    let upper = s.to_ascii_uppercase();
    let n = if let Some(rest) = upper.strip_prefix("PR").or_else(|| upper.strip_prefix('R')) {
        bare_rank(rest)?
    } else if let Some(n) = bare_rank(s) {
        n
    } else {
        match s.trim_end_matches("风险").trim_end_matches('等').trim_end_matches("级") {
            "低" => 1,
            "中低" | "较低" => 2,
            "中" | "中等" => 3,
            "中高" | "较高" => 4,
            "高" => 5,
            _ => return None,
        }
    };
    Some(Level::Risk(n))
}

/// Normalises a customer risk-tolerance spelling to C1–C5.
///
/// The named types mean different steps on different firms' scales: banks
/// mostly use 保守/稳健/平衡/成长/进取 (稳健型 is C2), some 谨慎/稳健/平衡/
/// 进取/激进 (谨慎型 is C1, 进取型 C4), securities firms 保守/谨慎/稳健/积极/
/// 激进 (稳健型 is C3). A name is read as the lowest step any of them gives
/// it, so that a mismatch is never missed for want of knowing the scale:
/// 保守型/谨慎型 C1, 稳健型 C2, 平衡型 C3, 成长型/积极型/进取型 C4, 激进型 C5.
pub fn parse_tolerance(s: &str) -> Option<Level> {
    let s = s.trim();
    let upper = s.to_ascii_uppercase();
    let n = if let Some(rest) = upper.strip_prefix('C') {
        bare_rank(rest)?
    } else if let Some(n) = bare_rank(s) {
        n
    } else {
        match s {
            "保守型" | "保守" | "谨慎型" | "谨慎" => 1,
            "稳健型" | "稳健" => 2,
            "平衡型" | "平衡" => 3,
            "积极型" | "积极" | "成长型" | "成长" | "进取型" | "进取" => 4,
            "激进型" | "激进" => 5,
            _ => return None,
        }
    };
    Some(Level::Tolerance(n))
}

/// A metadata value after validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Level(Level),
    List(Vec<String>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(t) => f.write_str(t),
            Value::Level(l) => write!(f, "{l}"),
            Value::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

/// Why a metadata value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("unknown metadata field `{0}`; {hint}known fields: {known}", hint = field_hint(.0), known = Field::ALL.iter().map(|f| f.path()).collect::<Vec<_>>().join(", "))]
    UnknownField(String),
    #[error("invalid value `{value}` for `{field}`: expected {expected}")]
    InvalidValue { field: Field, value: String, expected: String },
}

/// "did you mean `product.risk_level`? " for a misspelt field, as a rule
/// file gets for the same typo.
fn field_hint(name: &str) -> String {
    crate::lang::closest(name, Field::ALL.iter().map(|f| f.path()))
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

/// Converts raw text into a validated value for `field`.
pub fn parse_value(field: Field, raw: &str) -> Result<Value, MetadataError> {
    let invalid =
        || MetadataError::InvalidValue { field, value: raw.to_string(), expected: field.expected() };
    let raw_trim = raw.trim();
    match field.field_type() {
        FieldType::Choice(choices) => choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(raw_trim))
            .map(|c| Value::Text(c.to_string()))
            .ok_or_else(invalid),
        FieldType::Text => Ok(Value::Text(raw_trim.to_string())),
        FieldType::Tag => {
            if raw_trim.is_empty() {
                Err(invalid())
            } else if field == Field::Channel {
                Ok(Value::Text(channel_alias(raw_trim).map_or_else(|| raw_trim.to_string(), str::to_string)))
            } else {
                Ok(Value::Text(raw_trim.to_string()))
            }
        }
        FieldType::RiskLevel => parse_risk_level(raw_trim).map(Value::Level).ok_or_else(invalid),
        FieldType::Tolerance => parse_tolerance(raw_trim).map(Value::Level).ok_or_else(invalid),
        FieldType::Tags => {
            let inner = raw_trim.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(raw_trim);
            let items: Vec<String> = inner
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| match field {
                    Field::AudienceSegments => segment_alias(s).map_or_else(|| s.to_string(), str::to_string),
                    _ => s.to_string(),
                })
                .collect();
            Ok(Value::List(items))
        }
    }
}

/// The validated metadata of one document. Absent fields are simply missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    values: BTreeMap<Field, Value>,
    /// Where each tag of a list field was written (`file:line:column`), for
    /// warnings about it; only metadata read from YAML has places.
    origins: BTreeMap<Field, Vec<(String, String)>>,
}

impl Metadata {
    pub fn new() -> Metadata {
        Metadata::default()
    }

    pub fn get(&self, field: Field) -> Option<&Value> {
        self.values.get(&field)
    }

    pub fn insert(&mut self, field: Field, value: Value) {
        self.values.insert(field, value);
    }

    /// Sets `path` (e.g. `product.risk_level`) from raw text, validating it.
    pub fn set(&mut self, path: &str, raw: &str) -> Result<(), MetadataError> {
        let field = Field::parse(path).ok_or_else(|| MetadataError::UnknownField(path.to_string()))?;
        let value = parse_value(field, raw)?;
        self.values.insert(field, value);
        Ok(())
    }

    /// Field-by-field overlay: every field of `over` replaces the one here.
    pub fn merge_from(&mut self, over: &Metadata) {
        for (f, v) in &over.values {
            self.values.insert(*f, v.clone());
            match over.origins.get(f) {
                Some(o) => self.origins.insert(*f, o.clone()),
                None => self.origins.remove(f),
            };
        }
    }

    /// Records that `value` of `field` is written at `at` (`file:line:column`).
    pub fn note_origin(&mut self, field: Field, value: &str, at: String) {
        self.origins.entry(field).or_default().push((value.to_string(), at));
    }

    /// Where `value` of `field` was written, if it was read from a file.
    pub fn origin(&self, field: Field, value: &str) -> Option<&str> {
        self.origins.get(&field)?.iter().find(|(v, _)| v == value).map(|(_, at)| at.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &Value)> {
        self.values.iter().map(|(f, v)| (*f, v))
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The nested JSON shape of `spec/cli.md` (`{"product": {"risk_level": "R4"}}`).
    pub fn to_json(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        for (field, value) in &self.values {
            let v = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
            match field.path().split_once('.') {
                Some((group, key)) => {
                    let entry = root
                        .entry(group.to_string())
                        .or_insert_with(|| serde_json::Value::Object(Default::default()));
                    if let serde_json::Value::Object(m) = entry {
                        m.insert(key.to_string(), v);
                    }
                }
                None => {
                    root.insert(field.path().to_string(), v);
                }
            }
        }
        serde_json::Value::Object(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_level_spellings_normalise() {
        for s in ["R4", "r4", "PR4", "4", "四级", "四", "中高风险"] {
            assert_eq!(parse_risk_level(s), Some(Level::Risk(4)), "{s}");
        }
        for s in ["R7", "R0", "", "六级", "high"] {
            assert_eq!(parse_risk_level(s), None, "{s}");
        }
    }

    /// QA pass 14 item 7: a platform is the channel it belongs to, in the
    /// document's metadata and in a rule's condition alike.
    #[test]
    fn channel_synonyms_normalise() {
        for (raw, tag) in [
            ("wechat", "social-media"),
            ("WeChat", "social-media"),
            ("朋友圈", "social-media"),
            ("公众号", "social-media"),
            ("抖音", "social-media"),
            ("social media", "social-media"),
            ("手机银行", "mobile-app"),
            ("网点", "branch"),
            ("电销", "phone"),
            ("Online", "online"),
        ] {
            assert_eq!(parse_value(Field::Channel, raw), Ok(Value::Text(tag.into())), "{raw}");
        }
        assert_eq!(parse_value(Field::Channel, "kiosk"), Ok(Value::Text("kiosk".into())));
    }

    #[test]
    fn segment_synonyms_normalise() {
        for (raw, tag) in [
            ("老年人", "elderly"),
            ("银发", "elderly"),
            ("Seniors", "elderly"),
            ("退休人员", "retirees"),
            ("pensioners", "retirees"),
            ("retiree", "retirees"),
            ("在校学生", "students"),
            ("student", "students"),
            ("高净值", "high-net-worth"),
            ("High Net Worth", "high-net-worth"),
            ("专业投资者", "professional"),
            ("Elderly", "elderly"),
        ] {
            assert_eq!(segment_alias(raw), Some(tag), "{raw}");
        }
        assert_eq!(segment_alias("宝妈"), None);
        let v = parse_value(Field::AudienceSegments, "[老年人, 宝妈、retiree]").unwrap();
        assert_eq!(v, Value::List(vec!["elderly".into(), "宝妈".into(), "retirees".into()]));
    }

    #[test]
    fn tolerance_spellings_normalise() {
        assert_eq!(parse_tolerance("C2"), Some(Level::Tolerance(2)));
        // Each name at the lowest step any common scale gives it.
        assert_eq!(parse_tolerance("谨慎型"), Some(Level::Tolerance(1)));
        assert_eq!(parse_tolerance("稳健型"), Some(Level::Tolerance(2)));
        assert_eq!(parse_tolerance("平衡"), Some(Level::Tolerance(3)));
        assert_eq!(parse_tolerance("进取型"), Some(Level::Tolerance(4)));
        assert_eq!(parse_tolerance("激进型"), Some(Level::Tolerance(5)));
        assert_eq!(parse_tolerance("C9"), None);
    }

    #[test]
    fn set_rejects_unknown_fields_and_bad_values() {
        let mut m = Metadata::new();
        assert!(matches!(m.set("product.risk", "R4"), Err(MetadataError::UnknownField(_))));
        let err = m.set("product.risk_level", "R7").unwrap_err();
        assert!(err.to_string().contains("R1–R5"), "{err}");
        m.set("audience.segments", "[general, elderly]").unwrap();
        assert_eq!(
            m.get(Field::AudienceSegments),
            Some(&Value::List(vec!["general".into(), "elderly".into()]))
        );
        assert_eq!(m.to_json()["audience"]["segments"][1], "elderly");
    }
}
