//! Sales-script transcripts in the text label format of `spec/documents.md`:
//! one turn per line, `[timestamp] label: text` with a half- or full-width
//! colon; lines without a label continue the previous turn.

use super::Role;
use std::collections::HashMap;
use std::ops::Range;

/// Speaker labels and the role each stands for.
#[derive(Debug, Clone)]
pub struct LabelMap {
    labels: HashMap<String, Role>,
}

// The spec's labels first, then common variants a transcript may use
// (British `adviser`, 理财顾问 at a branch, 代理人 for insurance).
const AGENT_LABELS: &[&str] = &[
    "销售",
    "客户经理",
    "理财经理",
    "坐席",
    "业务员",
    "柜员",
    "agent",
    "advisor",
    "rep",
    "adviser",
    "financial adviser",
    "financial advisor",
    "representative",
    "sales rep",
    "salesperson",
    "理财顾问",
    "投资顾问",
    "投顾",
    "客服",
    "销售人员",
    "代理人",
    "保险代理人",
    "营销员",
    "理专",
    "理财专员",
    "大堂经理",
    "销售经理",
    "经理",
    "客户代表",
    "wealth manager",
    "relationship manager",
    "banker",
];
const CUSTOMER_LABELS: &[&str] =
    &["客户", "customer", "client", "investor", "caller", "顾客", "投资者", "储户", "投保人", "prospect"];

impl Default for LabelMap {
    fn default() -> Self {
        let mut labels = HashMap::new();
        for l in AGENT_LABELS {
            labels.insert(l.to_string(), Role::Agent);
        }
        for l in CUSTOMER_LABELS {
            labels.insert(l.to_string(), Role::Customer);
        }
        LabelMap { labels }
    }
}

impl LabelMap {
    /// Adds or replaces a label (case-insensitive for ASCII).
    pub fn insert(&mut self, label: &str, role: Role) {
        self.labels.insert(label.to_lowercase(), role);
    }

    /// Labels → roles from config (`{"投顾": "agent"}`), on top of the defaults.
    pub fn with(mut self, extra: impl IntoIterator<Item = (String, String)>) -> LabelMap {
        for (label, role) in extra {
            self.insert(&label, Role::parse(&role));
        }
        self
    }

    /// The role of a speaker label: a known label as written, or a known
    /// label that names one of several speakers of that role — followed by a
    /// name in brackets (`理财经理（小王）`, `Agent (Jane)`), a number or ID
    /// (`坐席1`, `客户A`, `Agent 2`, `客户甲`) or a name after a dash or dot
    /// (`理财经理-张三`, `理财经理·张三`). A known label followed by anything
    /// else (`客户须知`, `销售说明`) is not a label: such lines are copy.
    pub fn role(&self, label: &str) -> Option<&Role> {
        let key = label.trim().to_lowercase();
        if let Some(role) = self.labels.get(&key) {
            return Some(role);
        }
        self.labels.get(undecorated(&key)?)
    }
}

/// Longest name accepted in brackets or after a dash, in characters.
const MAX_NAME_CHARS: usize = 20;

/// `label` without the speaker's name or number after it, if it has one of
/// the shapes [`LabelMap::role`] accepts; `None` otherwise.
fn undecorated(label: &str) -> Option<&str> {
    let mut base = label.trim_end();
    let mut decorated = false;
    if let Some(rest) = strip_bracketed(base) {
        base = rest.trim_end();
        decorated = true;
    }
    if let Some(rest) = strip_id(base) {
        base = rest;
        decorated = true;
    } else if !decorated && let Some(rest) = strip_dashed_name(base) {
        base = rest;
        decorated = true;
    }
    let base = base.trim_end();
    (decorated && !base.is_empty()).then_some(base)
}

/// `base（name）`, `base (name)`, `base【name】`, `base[name]` → `base`.
fn strip_bracketed(s: &str) -> Option<&str> {
    let close = s.chars().next_back()?;
    let opens: &[char] = match close {
        ')' | '）' => &['(', '（'],
        '】' => &['【'],
        ']' => &['['],
        _ => return None,
    };
    let inner_end = s.len() - close.len_utf8();
    let open = s[..inner_end].rfind(opens)?;
    let open_len = s[open..].chars().next().map_or(1, char::len_utf8);
    let name = s[open + open_len..inner_end].trim();
    let plain = |c: char| !"()（）【】[]:：".contains(c);
    let fits = !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS && name.chars().all(plain);
    fits.then_some(&s[..open])
}

/// Chinese ordinal names used for anonymised speakers (`客户甲`, `客户乙`).
const ORDINALS: &[char] = &['甲', '乙', '丙', '丁'];

/// `base1`, `base 2`, `base-07`, `base#3`, `baseA`, `base B2`, `base甲` → `base`.
/// A letter ID after a Latin label needs a separator (`Agent A`), so that
/// `agents` or `clients` are not read as `agent` + `s`.
fn strip_id(s: &str) -> Option<&str> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_letter = |c: char| c.is_ascii_alphabetic() || ('ａ'..='ｚ').contains(&c);
    let digits = s.chars().rev().take_while(|c| is_digit(*c)).count();
    let before_digits = s.chars().rev().nth(digits);
    // `B2` is a letter ID, but in `agent2` only the digits are.
    let letter_id = before_digits.filter(|c| is_letter(*c)).and_then(|_| cut_id(s, digits + 1, true));
    let ordinal = (digits == 0).then_some(()).and(before_digits).filter(|c| ORDINALS.contains(c));
    letter_id
        .or_else(|| ordinal.and_then(|_| cut_id(s, 1, false)))
        .or_else(|| (digits > 0).then(|| cut_id(s, digits, false)).flatten())
}

/// `s` without its last `id_chars` characters (an ID) and the separator
/// before them, if what remains can be a label.
fn cut_id(s: &str, id_chars: usize, letter: bool) -> Option<&str> {
    if id_chars > 6 {
        return None;
    }
    let cut = s.char_indices().rev().nth(id_chars - 1).map_or(0, |(i, _)| i);
    let before = &s[..cut];
    let sep = before.chars().next_back()?;
    let separated = matches!(sep, ' ' | '-' | '_' | '#' | '－' | '＃' | '＿' | '·' | '.' | '　');
    let base = if separated { &before[..before.len() - sep.len_utf8()] } else { before };
    let glued_to_latin = !separated && base.chars().next_back().is_some_and(|c| c.is_ascii_alphabetic());
    (!(letter && glued_to_latin)).then_some(base)
}

/// `base-张三`, `base－张三`, `base—张三`, `base·张三`, `base - Jane` → `base`.
fn strip_dashed_name(s: &str) -> Option<&str> {
    let at = s.rfind(['-', '－', '—', '–', '·', '・'])?;
    let sep_len = s[at..].chars().next().map_or(1, char::len_utf8);
    let name = s[at + sep_len..].trim();
    let plain = |c: char| !"()（）【】[]:：-－—–·・".contains(c);
    let fits = !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS && name.chars().all(plain);
    fits.then_some(&s[..at])
}

/// One parsed turn: its role, and the byte ranges of its text lines in the
/// source (labels and timestamps excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub role: Role,
    pub label: String,
    pub lines: Vec<Range<usize>>,
}

/// Splits `source` into turns. Text before the first labelled line is dropped
/// as preamble only if it is blank; otherwise it becomes a turn of role `other`.
pub fn parse_text(source: &str, labels: &LabelMap) -> Vec<Turn> {
    parse_text_from(source, 0, labels)
}

/// [`parse_text`] of `source[from..]` (after front matter), with ranges in
/// `source`. Directive comment lines (`# disclint-…`) are not turn text.
pub fn parse_text_from(source: &str, from: usize, labels: &LabelMap) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut pos = from;
    for raw in source.get(from..).unwrap_or("").split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let content_start = line_start + (line.len() - line.trim_start().len());
        let trimmed = line.trim();
        if trimmed.is_empty() || super::load::directive(trimmed).is_some() {
            continue;
        }
        let after_stamp = strip_timestamp(&source[content_start..line_start + line.len()]);
        let stamp_len = (line_start + line.len() - content_start) - after_stamp.len();
        if let Some((label, rest_offset)) = split_label(after_stamp)
            && let Some(role) = labels.role(label)
        {
            let text_start = content_start + stamp_len + rest_offset;
            let rest = &source[text_start..line_start + line.len()];
            let lead = rest.len() - rest.trim_start().len();
            // A label with nothing after it is an empty turn.
            let end = (line_start + line.trim_end().len()).max(text_start);
            let range = (text_start + lead).min(end)..end;
            turns.push(Turn { role: role.clone(), label: label.trim().to_string(), lines: vec![range] });
            continue;
        }
        // A time stamp starts a turn: `[00:03:10] 主管：…` with a label the
        // map does not know is someone else speaking (role `other`, so no
        // `agent says` rule reads it as the agent), not more of the
        // previous speaker's turn. Without a stamp such a line may be text
        // (`注意：…`), and stays a continuation.
        if stamp_len > 0
            && let Some((label, rest_offset)) = split_label(after_stamp)
            && speaker_like(label)
        {
            let text_start = content_start + stamp_len + rest_offset;
            let end = (line_start + line.trim_end().len()).max(text_start);
            let rest = &source[text_start..end];
            let lead = rest.len() - rest.trim_start().len();
            let label = label.trim().to_string();
            let range = (text_start + lead).min(end)..end;
            turns.push(Turn { role: Role::Other(label.clone()), label, lines: vec![range] });
            continue;
        }
        let range = content_start..line_start + line.trim_end().len();
        match turns.last_mut() {
            Some(t) => t.lines.push(range),
            None => turns.push(Turn {
                role: Role::Other("preamble".into()),
                label: String::new(),
                lines: vec![range],
            }),
        }
    }
    turns
}

/// Whether what precedes a colon can be a speaker's name: short, and not a
/// clause of a sentence.
fn speaker_like(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.chars().count() <= 12
        && !label.contains(['，', '。', ',', '！', '？', '!', '?', '、'])
}

/// What precedes the colon of lines that look like `label：text` but whose
/// label is not known (at most `max`, each once, in order): shown when a
/// transcript has no known label at all, so the user sees what to map.
pub fn unknown_labels(source: &str, from: usize, labels: &LabelMap, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in source.get(from..).unwrap_or("").lines() {
        let line = strip_timestamp(raw.trim());
        let Some((label, _)) = split_label(line) else { continue };
        let label = label.trim();
        if !speaker_like(label) || labels.role(label).is_some() {
            continue;
        }
        if !out.iter().any(|l| l == label) {
            out.push(label.to_string());
            if out.len() == max {
                break;
            }
        }
    }
    out
}

/// `[00:01:23] ` or `00:01:23 ` at the start of a line.
fn strip_timestamp(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && rest[..end].chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.')
    {
        return rest[end + 1..].trim_start();
    }
    let stamp: String = t.chars().take_while(|c| c.is_ascii_digit() || *c == ':' || *c == '.').collect();
    if stamp.contains(':') && t[stamp.len()..].starts_with([' ', '\t']) {
        return t[stamp.len()..].trim_start();
    }
    s
}

/// Longest speaker label, in characters: room for a known label and a
/// bracketed name (`Financial Adviser (Jane Smith)`). Only the first colon
/// counts, and [`LabelMap::role`] decides whether what precedes it is a label.
const MAX_LABEL_CHARS: usize = 40;

/// Splits `label: rest` (half- or full-width colon) at the first colon
/// within [`MAX_LABEL_CHARS`] characters.
fn split_label(s: &str) -> Option<(&str, usize)> {
    let (idx, colon) = s.char_indices().take(MAX_LABEL_CHARS + 1).find(|(_, c)| *c == ':' || *c == '：')?;
    let label = &s[..idx];
    if label.trim().is_empty() {
        return None;
    }
    Some((label, idx + colon.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_timestamps_and_continuations() {
        let src = "[00:00:01] 理财经理：您好，我是理财经理小王。\n客户: 你好\n继续说\nAgent: Fine.\n";
        let turns = parse_text(src, &LabelMap::default());
        assert_eq!(turns.len(), 3);
        assert_eq!(turns[0].role, Role::Agent);
        assert_eq!(&src[turns[0].lines[0].clone()], "您好，我是理财经理小王。");
        assert_eq!(turns[1].role, Role::Customer);
        assert_eq!(turns[1].lines.len(), 2);
        assert_eq!(&src[turns[1].lines[1].clone()], "继续说");
        assert_eq!(turns[2].role, Role::Agent);
    }

    /// A time stamp starts a turn even when its label is unknown: the
    /// supervisor's line is not the customer's, and is nobody's known role.
    /// Without a stamp, `注意：` stays part of the agent's turn.
    #[test]
    fn a_stamped_line_with_an_unknown_label_is_its_own_turn() {
        let src = "[00:00:01] 理财经理：您好。\n注意：本产品不保本。\n[00:00:09] 客户：好。\n[00:00:12] 主管：保本保息的。\n";
        let turns = parse_text(src, &LabelMap::default());
        let roles: Vec<Role> = turns.iter().map(|t| t.role.clone()).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::Other("主管".into())]);
        assert_eq!(turns[0].lines.len(), 2, "the unstamped `注意：` line continues the agent's turn");
        assert_eq!(&src[turns[2].lines[0].clone()], "保本保息的。");
    }

    #[test]
    fn british_and_branch_labels_are_known() {
        let src = "Adviser: It can't lose.\nClient: Sure?\n理财顾问：保本\n投资者：好\n";
        let roles: Vec<Role> = parse_text(src, &LabelMap::default()).into_iter().map(|t| t.role).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::Agent, Role::Customer]);
        let src = "理专：保本\n储户：好\n大堂经理：稳赚\nRelationship Manager: Sure.\n";
        let roles: Vec<Role> = parse_text(src, &LabelMap::default()).into_iter().map(|t| t.role).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::Agent, Role::Agent]);
    }

    #[test]
    fn colon_far_into_a_line_is_not_a_label() {
        let src = "销售：请看第三条规定如下：保本\n";
        let turns = parse_text(src, &LabelMap::default());
        assert_eq!(turns.len(), 1);
        assert_eq!(&src[turns[0].lines[0].clone()], "请看第三条规定如下：保本");
    }

    #[test]
    fn labels_with_a_name_or_number_are_known() {
        let map = LabelMap::default();
        for (label, role) in [
            ("理财经理（小王）", Role::Agent),
            ("理财经理(小王)", Role::Agent),
            ("理财经理 （小王）", Role::Agent),
            ("客户（张阿姨）", Role::Customer),
            ("客户【张阿姨】", Role::Customer),
            ("Agent (Jane Smith)", Role::Agent),
            ("Financial Adviser (Jane Smith)", Role::Agent),
            ("坐席1", Role::Agent),
            ("坐席１", Role::Agent),
            ("坐席-007", Role::Agent),
            ("坐席#3", Role::Agent),
            ("坐席1（小王）", Role::Agent),
            ("客户A", Role::Customer),
            ("客户 B2", Role::Customer),
            ("客户甲", Role::Customer),
            ("Agent 2", Role::Agent),
            ("agent2", Role::Agent),
            ("Customer A", Role::Customer),
            ("理财经理-张三", Role::Agent),
            ("理财经理·张三", Role::Agent),
            ("Agent - Jane", Role::Agent),
        ] {
            assert_eq!(map.role(label), Some(&role), "{label}");
        }
    }

    #[test]
    fn a_known_word_followed_by_other_words_is_not_a_label() {
        let map = LabelMap::default();
        for label in [
            "客户须知",
            "销售说明",
            "客户表示",
            "Agents",
            "Clients",
            "Reports",
            "客户（",
            "客户（）",
            "（小王）",
            "坐席1234567",
            "客户A说",
            "理财经理（小王）说",
            "客户-",
            "123",
        ] {
            assert_eq!(map.role(label), None, "{label}");
        }
    }

    #[test]
    fn ordinary_sentences_with_a_colon_stay_copy() {
        let src =
            "理财经理（小王）：这款产品保本保息。\n客户须知：投资有风险\n注意：本产品不保本\n客户A：好的\n";
        let turns = parse_text(src, &LabelMap::default());
        let roles: Vec<&Role> = turns.iter().map(|t| &t.role).collect();
        assert_eq!(roles, [&Role::Agent, &Role::Customer]);
        assert_eq!(turns[0].label, "理财经理（小王）");
        assert_eq!(&src[turns[0].lines[0].clone()], "这款产品保本保息。");
        assert_eq!(&src[turns[0].lines[1].clone()], "客户须知：投资有风险");
        assert_eq!(&src[turns[0].lines[2].clone()], "注意：本产品不保本");
    }

    #[test]
    fn unknown_labels_are_listed_once() {
        let src =
            "无标签的第一行：保本\n主持人：保证收益\n主持人：稳赚\n这是一句话，里面有冒号：不算\n客户：好\n";
        assert_eq!(unknown_labels(src, 0, &LabelMap::default(), 3), ["无标签的第一行", "主持人"]);
    }

    #[test]
    fn extra_labels_and_directives() {
        let labels = LabelMap::default().with([("财富顾问".to_string(), "agent".to_string())]);
        let src = "财富顾问：保本\n# disclint-disable-next-line X\n客户：好\n";
        let turns = parse_text(src, &labels);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].role, Role::Agent);
        assert_eq!(turns[0].lines.len(), 1);
    }
}
