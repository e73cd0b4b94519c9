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
];
const CUSTOMER_LABELS: &[&str] = &["客户", "customer", "client", "investor", "caller", "顾客", "投资者"];

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

    pub fn role(&self, label: &str) -> Option<&Role> {
        self.labels.get(&label.trim().to_lowercase())
    }
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

/// Splits `label: rest` (half- or full-width colon); the label is at most 12 characters.
fn split_label(s: &str) -> Option<(&str, usize)> {
    let (idx, colon) = s.char_indices().take(13).find(|(_, c)| *c == ':' || *c == '：')?;
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

    #[test]
    fn british_and_branch_labels_are_known() {
        let src = "Adviser: It can't lose.\nClient: Sure?\n理财顾问：保本\n投资者：好\n";
        let roles: Vec<Role> = parse_text(src, &LabelMap::default()).into_iter().map(|t| t.role).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::Agent, Role::Customer]);
    }

    #[test]
    fn colon_far_into_a_line_is_not_a_label() {
        let src = "销售：请看第三条规定如下：保本\n";
        let turns = parse_text(src, &LabelMap::default());
        assert_eq!(turns.len(), 1);
        assert_eq!(&src[turns[0].lines[0].clone()], "请看第三条规定如下：保本");
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
