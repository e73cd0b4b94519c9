//! Sales-script transcripts in the text label format of `spec/documents.md`:
//! one turn per line, `[timestamp] label: text` with a half- or full-width
//! colon; lines without a label continue the previous turn.

use super::Role;
use std::borrow::Cow;
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
    // Bank staff who join the call: a supervisor's 保本 is the bank's promise.
    "主管",
    "销售主管",
    "团队长",
    "行长",
    "支行行长",
    "副行长",
    "理财师",
    "财富顾问",
    "supervisor",
    "team leader",
    "financial planner",
    "planner",
    // Job titles on Chinese bank and broker calls and at UK/US firms (QA
    // pass 16 item 7): an opening pitch by `销售专员` or `Investment
    // Adviser` is the firm's.
    "销售专员",
    "销售代表",
    "财富经理",
    "业务经理",
    "客户专员",
    "理财规划师",
    "私人银行家",
    "保险顾问",
    "investment adviser",
    "investment advisor",
    "investment consultant",
    "financial consultant",
    "wealth adviser",
    "wealth advisor",
    "private banker",
    "account manager",
    "account executive",
    "sales",
    "sales agent",
    "sales associate",
    "sales representative",
    "sales adviser",
    "sales advisor",
    "broker",
    "registered representative",
    "financial representative",
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
        if let Some(role) = undecorated(&key).and_then(|base| self.labels.get(base)) {
            return Some(role);
        }
        self.named(label.trim())
    }

    /// The role of a label that names the speaker around a known label
    /// (QA pass 15 item 7): a Chinese name glued on (`理财经理王敏`,
    /// `客户张阿姨`, `理财经理小王`), a branch or bank before the role
    /// (`支行副行长李强`, `城东支行理财经理`), a name with the role in
    /// brackets (`王敏（理财经理）`, `Tom (Advisor)`), or an English role
    /// followed by a capitalised name (`Advisor Tom`). What follows or
    /// precedes the role must look like a person's name, so `客户须知`,
    /// `销售金额`, `Customer Service` are not labels.
    fn named(&self, label: &str) -> Option<&Role> {
        // Longer than [`speaker_like`] allows: `Jane Smith (Financial Adviser)`.
        let clause = label.contains(['，', '。', ',', '！', '？', '!', '?', '、']);
        if label.is_empty() || clause || label.chars().count() > 32 {
            return None;
        }
        // `name（role）`, `Name (Role)`.
        if let Some(outside) = strip_bracketed(label) {
            let close = label.chars().next_back().map_or(0, char::len_utf8);
            let open = label[outside.len()..].chars().next().map_or(0, char::len_utf8);
            let inner = label.get(outside.len() + open..label.len() - close).unwrap_or("").trim();
            let outside = outside.trim();
            let role = self.labels.get(&inner.to_lowercase()).or_else(|| self.qualified(inner));
            let person = chinese_name(outside) || english_name(outside, 3) || speaker_name_like(outside);
            return role.filter(|_| person);
        }
        if label.chars().all(crate::text::is_cjk) {
            return self.qualified(label);
        }
        // `Advisor Tom`, `Financial Adviser Jane Smith`: the longest known
        // label as the first words, and a name of one or two words after it.
        let words: Vec<&str> = label.split_whitespace().collect();
        (1..words.len()).rev().find_map(|k| {
            let role = self.labels.get(&words[..k].join(" ").to_lowercase())?;
            english_name(&words[k..].join(" "), 2).then_some(role)
        })
    }

    /// The role of an all-Chinese label made of a known label, with an
    /// organisation before it (`支行`, `青禾银行`) and/or a person's name
    /// after it (`王敏`, `小王`, `张阿姨`); the longest known label wins.
    fn qualified(&self, label: &str) -> Option<&Role> {
        let mut best: Option<(usize, &Role)> = None;
        for (key, role) in &self.labels {
            if key.is_empty() || !key.chars().all(crate::text::is_cjk) {
                continue;
            }
            for (at, _) in label.match_indices(key.as_str()) {
                let prefix = &label[..at];
                let suffix = &label[at + key.len()..];
                if prefix.is_empty() && suffix.is_empty() {
                    continue;
                }
                let prefix_ok = prefix.is_empty() || organisation(prefix);
                let suffix_ok = suffix.is_empty() || chinese_name(suffix);
                if prefix_ok && suffix_ok && best.is_none_or(|(len, _)| key.len() > len) {
                    best = Some((key.len(), role));
                }
            }
        }
        best.map(|(_, role)| role)
    }
}

/// Common Chinese surnames (single characters), for names glued to a label.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
/// Compound surnames.
const COMPOUND_SURNAMES: &[&str] =
    &["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯"];
/// Words after a surname that make a form of address (`张阿姨`, `李总`).
const HONORIFICS: &[&str] = &[
    "阿姨", "先生", "女士", "小姐", "总", "经理", "老师", "姐", "哥", "叔", "伯", "大爷", "大妈", "奶奶",
    "爷爷", "师傅", "行长", "主管",
];
/// Two-character words that start with a surname's character but are not
/// names: `销售金额：`, `客户信息：`, `理财经理简介：` are headings.
const NOT_NAMES: &[&str] = &[
    "金额", "方式", "方法", "方案", "方面", "范围", "简介", "信息", "时间", "时候", "高端", "黄金", "明细",
    "名单", "文件", "文档", "安全", "安排", "关系", "关注", "管理", "成本", "成交", "成功", "成绩", "资料",
    "资格", "资金", "和解", "向导", "全部", "全体", "全称", "应当", "应该", "常见", "常识", "商品", "沙龙",
    "经营", "单位", "单据", "包括", "包装", "路演", "路径", "任务", "任职", "党员", "程序", "程度", "周期",
    "周年", "宁可", "游戏", "季度", "易懂", "华南", "华北", "华东", "车险", "史上", "万元", "钱款", "严禁",
    "于是", "申请", "申报", "申购", "费用", "费率", "时限", "毛利", "江湖", "龙头", "宫格", "柏林", "明确",
    "明天", "明年", "左右", "冷静", "温馨", "温度", "康养", "施工", "文字", "文案", "付款", "付费", "白皮",
    "白银", "孟夏", "秦岭", "武汉", "章程", "鲁班", "詹姆", "关于", "兰州", "焦点", "左侧", "包含", "尚未",
    "符合", "舒适", "纪律", "纪要", "梅花", "毕业", "单笔", "季末", "涂改", "成员", "谷歌", "盛典", "曲线",
    "路线", "辛苦", "管家", "蒙受", "华夏", "房产", "房贷", "屈指", "解释", "解读", "解答", "艾滋", "时长",
    "时段", "穆斯", "司机", "卓越", "古典", "吉祥", "简单", "简要", "车辆", "项目", "连续", "麦克", "景气",
    "党建", "宫廷", "费城", "卜卦", "冷门", "席位", "卫生", "米兰", "宗旨", "全额", "全年", "应答", "应急",
    "边界", "师资", "和谐", "商户", "商业", "沙盘", "荣誉", "桑拿", "仲裁", "明示", "查询", "查看", "池子",
    "苑区", "迟到", "高低", "高级", "林业", "任意", "于此", "陈述", "明白", "关心", "全名", "高兴", "万一",
    "成立", "安心", "常规", "常用", "温馨", "向您", "和您", "跟您", "给您", "于您",
];

/// Whether `s` looks like a Chinese personal name or form of address:
/// a surname and one or two characters (`王敏`, `李晓明`, `欧阳娜`),
/// `小`/`老`/`阿` and a surname (`小王`), or a surname and an honorific
/// (`张阿姨`, `李总`).
fn chinese_name(s: &str) -> bool {
    let s = s.trim();
    let chars: Vec<char> = s.chars().collect();
    if !(2..=4).contains(&chars.len()) || !chars.iter().all(|c| crate::text::is_cjk(*c)) {
        return false;
    }
    let (surname_len, rest) = match COMPOUND_SURNAMES.iter().find(|c| s.starts_with(**c)) {
        Some(c) => (2, &s[c.len()..]),
        None if SURNAMES.contains(chars[0]) => (1, &s[chars[0].len_utf8()..]),
        None => {
            // 小王, 老李, 阿强 (阿 + any one character is a nickname).
            return chars.len() == 2
                && (matches!(chars[0], '小' | '老') && SURNAMES.contains(chars[1]) || chars[0] == '阿');
        }
    };
    if HONORIFICS.contains(&rest) {
        return true;
    }
    let given = chars.len() - surname_len;
    (1..=2).contains(&given) && !NOT_NAMES.contains(&s) && !NOT_NAMES.iter().any(|w| s.starts_with(w))
}

/// Whether `s` is an organisation written before a role (`支行`, `城东支行`,
/// `青禾银行`, `营业部`): up to eight Chinese characters ending in a word
/// for a bank, branch or firm.
fn organisation(s: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "银行",
        "支行",
        "分行",
        "总行",
        "网点",
        "营业部",
        "营业厅",
        "公司",
        "中心",
        "本行",
        "我行",
        "分公司",
        "证券",
        "基金",
        "保险",
        "理财",
    ];
    (2..=8).contains(&s.chars().count())
        && s.chars().all(crate::text::is_cjk)
        && ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Capitalised English words that follow a role without naming a person
/// (`Customer Service`, `Client Money`, `Agent Notes`).
const NOT_ENGLISH_NAMES: &[&str] = &[
    "service",
    "services",
    "support",
    "care",
    "team",
    "notes",
    "note",
    "details",
    "name",
    "number",
    "id",
    "ref",
    "reference",
    "relations",
    "information",
    "info",
    "agreement",
    "declaration",
    "statement",
    "portal",
    "account",
    "accounts",
    "money",
    "update",
    "feedback",
    "summary",
    "guide",
    "only",
    "says",
    "said",
    "asks",
    "asked",
    "type",
    "category",
    "profile",
    "funds",
    "fund",
    "charter",
    "rights",
    "duty",
    "duties",
    "obligations",
    "checklist",
    "script",
    "guidance",
    "terms",
    "risk",
    "risks",
    "warning",
    "warnings",
    "disclosure",
    "declaration",
    "consent",
    "signature",
    "response",
    "responses",
    "code",
    "login",
    "desk",
    "line",
    "centre",
    "center",
    "office",
    "role",
    "status",
    "first",
    "confirmation",
    "review",
];

/// Whether `s` is a person's name in English: one to `max` capitalised
/// words (`Tom`, `Jane Smith`, `O'Neil`), none a common heading word.
fn english_name(s: &str, max: usize) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=max).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '\'' | '-'))
                && !NOT_ENGLISH_NAMES.contains(&w.to_ascii_lowercase().as_str())
                && !ENGLISH_HEADINGS.contains(&w.to_ascii_lowercase().as_str())
        })
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
    /// The label as written; empty for the preamble.
    pub label: String,
    /// Whether the label is one the [`LabelMap`] knows. A turn of an
    /// unknown speaker (`见证人：…`) has role `other` and `known == false`.
    pub known: bool,
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
    parse_lines(source, from, labels, Markup::Plain)
}

/// How a text transcript is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// `.script.txt`: every character of a turn's line is its text.
    Plain,
    /// `.script.md`: Markdown block markers (`- `, `> `, `## `) and
    /// emphasis around a label (`**理财经理**：`) are not part of the label
    /// or the text, code blocks and HTML comments are not copy, and
    /// [`markdown_inline_markup`] is left out of each line's text.
    Markdown,
}

/// [`parse_text_from`] for a transcript written as `markup`.
pub fn parse_lines(source: &str, from: usize, labels: &LabelMap, markup: Markup) -> Vec<Turn> {
    parse_transcript(source, from, labels, markup).turns
}

/// A transcript's turns, and what was read with doubt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub turns: Vec<Turn>,
    /// Where the rows of a Markdown table start that name no known speaker
    /// in any cell (with no speaker column either): their words were added
    /// to the turn before, which the user is told.
    pub unlabelled_rows: Vec<usize>,
}

/// The titles of a Markdown table's column of speakers (`| 时间 | 说话人 | 内容 |`).
const SPEAKER_COLUMNS: &[&str] = &[
    "说话人",
    "发言人",
    "讲话人",
    "说话方",
    "发言方",
    "发言者",
    "说话者",
    "角色",
    "身份",
    "speaker",
    "role",
    "who",
];

/// A Markdown table being read: which of its columns names the speaker,
/// when its header says.
#[derive(Debug, Clone, Copy, Default)]
struct Table {
    speaker: Option<usize>,
}

/// [`parse_lines`], with what was read with doubt.
pub fn parse_transcript(source: &str, from: usize, labels: &LabelMap, markup: Markup) -> Parsed {
    let markdown = markup == Markup::Markdown;
    let mut in_code = false;
    let mut turns: Vec<Turn> = Vec::new();
    let mut unlabelled_rows = Vec::new();
    let mut table: Option<Table> = None;
    let mut pos = from;
    let raw_lines: Vec<&str> = source.get(from..).unwrap_or("").split_inclusive('\n').collect();
    for (k, raw) in raw_lines.iter().enumerate() {
        let line_start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut content_start = line_start + (line.len() - line.trim_start().len());
        let trimmed = line.trim();
        if !trimmed.starts_with('|') {
            table = None;
        }
        if trimmed.is_empty() || super::load::directive(trimmed).is_some() {
            continue;
        }
        if markdown {
            // Code is not copy in Markdown (docs/formats.md), nor are
            // comments (where `<!-- disclint-… -->` lives) or rules (`---`).
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_code = !in_code;
                continue;
            }
            let rule = trimmed.len() >= 3
                && ["-", "*", "_"]
                    .iter()
                    .any(|m| trimmed.replace(' ', "").chars().all(|c| c.to_string() == *m));
            if in_code || rule || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
                continue;
            }
            content_start += markdown_block_prefix(&source[content_start..line_start + line.len()]);
            // A table of turns, as quality-control systems export them
            // (`| 00:01:10 | 坐席 | … |`): a row is a turn (QA pass 13 item 8).
            if trimmed.starts_with('|') {
                let next_is_delimiter = raw_lines.get(k + 1).is_some_and(|l| delimiter_row(l.trim()));
                let row = Row { source, start: line_start, line: line.trim_end() };
                match row.read(labels, next_is_delimiter, &mut table) {
                    RowTurn::Skip => {}
                    RowTurn::Turn(turn) => turns.push(turn),
                    RowTurn::More(lines, unlabelled) => {
                        if unlabelled {
                            unlabelled_rows.push(line_start);
                        }
                        match turns.last_mut() {
                            Some(t) => t.lines.extend(lines),
                            None if !lines.is_empty() => turns.push(Turn {
                                role: Role::Other("preamble".into()),
                                label: String::new(),
                                known: false,
                                lines,
                            }),
                            None => {}
                        }
                    }
                }
                continue;
            }
        }
        let line_end = (line_start + line.trim_end().len()).max(content_start);
        let after_stamp = strip_timestamp(&source[content_start..line_end]);
        let stamp_len = (line_end - content_start) - after_stamp.len();
        let split = if markdown {
            markdown_label(after_stamp).or_else(|| split_label(after_stamp))
        } else {
            split_label(after_stamp)
        };
        let labelled = split.map(|(label, rest_offset)| {
            let text_start = content_start + stamp_len + rest_offset;
            let rest = &source[text_start..line_end];
            let lead = rest.len() - rest.trim_start().len();
            // A label with nothing after it is an empty turn.
            (label.trim(), (text_start + lead).min(line_end)..line_end)
        });
        if let Some((label, range)) = labelled.clone()
            && let Some(role) = labels.role(label)
        {
            turns.push(Turn {
                role: role.clone(),
                label: label.to_string(),
                known: true,
                lines: vec![range],
            });
            continue;
        }
        // Someone the map does not know is speaking: a turn of role `other`
        // (the label is kept), so no `agent says` rule reads the words as the
        // agent's and they are not added to the turn before. A time stamp
        // says the line is a turn, so any short label will do; without one,
        // `注意：…` or `Note: …` inside a turn is text, so the label must
        // look like a speaker (a role or a person, [`speaker_name_like`])
        // and a known speaker must have spoken already (a title line
        // `通话记录：2024-05-01` stays preamble).
        // Before any known speaker, a line whose label names a role
        // (`销售专员：…`, `Investment Adviser: …`) is someone speaking too,
        // not a title (QA pass 16 item 7): read as preamble, its words were
        // no one's and its label drew no warning.
        let after_known = turns.iter().any(|t| t.known);
        let speaker = if after_known { speaker_name_like } else { opening_speaker_like };
        if let Some((label, range)) = labelled
            && ((stamp_len > 0 && speaker_like(label)) || speaker(label))
        {
            turns.push(Turn {
                role: Role::Other(label.to_string()),
                label: label.to_string(),
                known: false,
                lines: vec![range],
            });
            continue;
        }
        let range = content_start..line_end;
        match turns.last_mut() {
            Some(t) => t.lines.push(range),
            None => turns.push(Turn {
                role: Role::Other("preamble".into()),
                label: String::new(),
                known: false,
                lines: vec![range],
            }),
        }
    }
    Parsed { turns, unlabelled_rows }
}

/// Whether a line is a Markdown table's delimiter row (`|---|:---:|`).
fn delimiter_row(line: &str) -> bool {
    let cells = table_cells(line);
    line.starts_with('|')
        && !cells.is_empty()
        && cells.iter().all(|c| {
            let c = line[c.clone()].trim();
            c.contains('-') && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
        })
}

/// The cells of a Markdown table row, as ranges of `line` (each trimmed):
/// between its unescaped pipes, the ones at its ends not making cells.
fn table_cells(line: &str) -> Vec<Range<usize>> {
    let mut bars = Vec::new();
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if c == '|' && !escaped {
            bars.push(i);
        }
        escaped = c == '\\' && !escaped;
    }
    let lead = line.len() - line.trim_start().len();
    let end = lead + line.trim().len();
    let starts_bar = bars.first() == Some(&lead);
    let ends_bar = bars.last().is_some_and(|b| b + 1 == end) && !(starts_bar && bars.len() == 1);
    let mut from = if starts_bar { lead + 1 } else { lead };
    let last = if ends_bar { end - 1 } else { end };
    let inner: Vec<usize> = bars.into_iter().filter(|b| *b >= from && *b < last).collect();
    let mut cells = Vec::new();
    for b in inner.into_iter().chain(std::iter::once(last)) {
        let cell = &line[from..b];
        let l = cell.len() - cell.trim_start().len();
        cells.push(from + l..from + l + cell.trim().len());
        from = b + 1;
    }
    cells
}

/// A cell's words without emphasis or code markers around them
/// (`**坐席**`), and without a colon after a label (`坐席：`).
fn cell_word(cell: &str) -> &str {
    cell.trim().trim_matches(['*', '_', '`']).trim().trim_end_matches([':', '：']).trim()
}

/// A row of a Markdown table in a transcript.
struct Row<'s> {
    source: &'s str,
    /// Where the line starts in `source`.
    start: usize,
    line: &'s str,
}

/// What a table row adds to the transcript.
enum RowTurn {
    /// Nothing: the header row (the columns' titles) or the delimiter row.
    Skip,
    Turn(Turn),
    /// More lines of the turn before (the speaker cell left empty); `true`
    /// when no cell could say who speaks.
    More(Vec<Range<usize>>, bool),
}

impl Row<'_> {
    fn read(&self, labels: &LabelMap, header: bool, table: &mut Option<Table>) -> RowTurn {
        let cells: Vec<Range<usize>> =
            table_cells(self.line).into_iter().map(|c| self.start + c.start..self.start + c.end).collect();
        let word = |c: &Range<usize>| cell_word(&self.source[c.clone()]);
        if delimiter_row(self.line.trim()) {
            return RowTurn::Skip;
        }
        if header {
            let speaker =
                cells.iter().position(|c| SPEAKER_COLUMNS.contains(&word(c).to_lowercase().as_str()));
            *table = Some(Table { speaker });
            return RowTurn::Skip;
        }
        let layout = *table.get_or_insert_with(Table::default);
        // The words after the cell that names the speaker (time stamps
        // and sequence numbers stand before it).
        let after = |at: usize| -> Vec<Range<usize>> {
            cells[at + 1..].iter().filter(|c| !c.is_empty()).cloned().collect()
        };
        let turn = |role: Role, label: &str, known: bool, at: usize| {
            let mut lines = after(at);
            if lines.is_empty() {
                lines.push(cells[at].end..cells[at].end);
            }
            RowTurn::Turn(Turn { role, label: label.to_string(), known, lines })
        };
        if let Some(at) = cells.iter().position(|c| labels.role(word(c)).is_some())
            && let Some(role) = labels.role(word(&cells[at]))
        {
            return turn(role.clone(), word(&cells[at]), true, at);
        }
        // `| 00:00:05 | 坐席：您好 |`: a labelled line in one cell.
        for c in &cells {
            let text = &self.source[c.clone()];
            if let Some((label, rest)) = split_label(text)
                && let Some(role) = labels.role(label.trim())
            {
                let body = &text[rest..];
                let lead = body.len() - body.trim_start().len();
                let range = c.start + rest + lead..c.end;
                return RowTurn::Turn(Turn {
                    role: role.clone(),
                    label: label.trim().to_string(),
                    known: true,
                    lines: vec![range],
                });
            }
        }
        if let Some(at) = layout.speaker
            && let Some(cell) = cells.get(at)
        {
            return match word(cell) {
                "" => RowTurn::More(after(at), false),
                label => turn(Role::Other(label.to_string()), label, false, at),
            };
        }
        // Nobody named: the words go on the turn before, and the user is
        // told. Time stamps and row numbers are no words.
        let index = |w: &str| w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
        let words: Vec<Range<usize>> = cells
            .iter()
            .filter(|c| !c.is_empty() && !is_stamp(word(c)) && !index(word(c)))
            .cloned()
            .collect();
        RowTurn::More(words, true)
    }
}

/// A time stamp on its own (a table's time column): a clock, a range, or a
/// date with a clock.
fn is_stamp(s: &str) -> bool {
    is_clock_or_range(s) || dated_clock_len(s) == Some(s.len())
}

/// Bytes of Markdown block markers at the start of `s`: quotes (`> `),
/// list items (`- `, `* `, `+ `, `1. `, `1) `) and headings (`## `), nested
/// (`> - `), with the spaces after them.
fn markdown_block_prefix(s: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &s[at..];
        let t = rest.trim_start();
        let lead = rest.len() - t.len();
        let spaced = |n: usize| t[n..].starts_with([' ', '\t']).then_some(n);
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let marker = if t.starts_with('>') {
            Some(1)
        } else if t.starts_with(['-', '*', '+']) {
            spaced(1)
        } else if (1..=6).contains(&hashes) {
            spaced(hashes)
        } else if (1..=9).contains(&digits) && t[digits..].starts_with(['.', ')']) {
            spaced(digits + 1)
        } else {
            None
        };
        match marker {
            Some(n) => at += lead + n,
            None => return at + lead,
        }
    }
}

/// A label in Markdown emphasis or code: `**理财经理**：`, `**理财经理：**`,
/// `*Agent*:`, `__客户__：`, `***客户***：`, `` `理财经理`： ``, a link
/// `[理财经理](…)：`, or emphasis over the whole turn
/// (`**理财经理：保本**`). The offset is that of the text after the colon
/// and any closing marker right after it; the markers left in the text are
/// dropped with the rest of the inline markup.
fn markdown_label(s: &str) -> Option<(&str, usize)> {
    // A label as a link: `[理财经理](https://…)：`.
    if let Some(inner) = s.strip_prefix('[')
        && let Some(close) = inner.find("](")
        && let Some(end) = inner[close..].find(')')
    {
        let after = &inner[close + end + 1..];
        let label = &inner[..close];
        if let Some(c) = after.chars().next().filter(|c| matches!(c, ':' | '：'))
            && label.chars().count() <= MAX_LABEL_CHARS
        {
            return Some((label, 1 + close + end + 1 + c.len_utf8()));
        }
    }
    let m = ["***", "___", "**", "__", "*", "_", "`"].into_iter().find(|m| s.starts_with(m))?;
    let inner = &s[m.len()..];
    if let Some(j) = inner.find(m).filter(|j| inner[..*j].chars().count() <= MAX_LABEL_CHARS) {
        let candidate = &inner[..j];
        let after = &inner[j + m.len()..];
        if let Some(label) = candidate.strip_suffix([':', '：']) {
            return Some((label, m.len() + j + m.len()));
        }
        if let Some(c) = after.chars().next().filter(|c| matches!(c, ':' | '：')) {
            return Some((candidate, m.len() + j + m.len() + c.len_utf8()));
        }
    }
    let (label, offset) = split_label(inner)?;
    Some((label, m.len() + offset))
}

/// Byte ranges of `s` (a line's text in a Markdown transcript) that are
/// markup, not words: emphasis markers (`**`, `__`, a `*` against a word),
/// struck-out words with their `~~` markers, code backticks, a link's brackets and target
/// (`[说明书](https://…/保本说明.pdf)` keeps `说明书`), a whole image
/// (`![alt](src)`: alt text is not copy, as in `.md`), and HTML tags and
/// autolinks (`<br>`, `<https://…>`).
pub fn markdown_inline_markup(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    // `](target)` closing a link or image that opens at byte `open`.
    let target = |open: usize| -> Option<(usize, usize)> {
        let close = open + s[open..].find(']')?;
        if b.get(close + 1) != Some(&b'(') {
            return None;
        }
        let end = close + 1 + s[close + 1..].find(')')?;
        Some((close, end + 1))
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            // Struck-out words are retracted, not said (`~~不~~保本` reads
            // `保本`), as in a Markdown document: the markers and the words
            // between them. An unclosed `~~` is only a marker.
            b'~' if b.get(i + 1) == Some(&b'~') && s[i + 2..].contains("~~") => {
                let end = i + 2 + s[i + 2..].find("~~").map_or(0, |e| e + 2);
                out.push(i..end);
                i = end;
            }
            b'*' | b'_' | b'~' if b.get(i + 1) == Some(&b[i]) => {
                out.push(i..i + 2);
                i += 2;
            }
            b'*' if i + 1 == b.len()
                || !b[i + 1].is_ascii_whitespace()
                || i > 0 && !b[i - 1].is_ascii_whitespace() =>
            {
                out.push(i..i + 1);
                i += 1;
            }
            b'`' => {
                out.push(i..i + 1);
                i += 1;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => match target(i + 1) {
                Some((_, end)) => {
                    out.push(i..end);
                    i = end;
                }
                None => i += 1,
            },
            b'[' => {
                if let Some((close, end)) = target(i) {
                    out.push(i..i + 1);
                    out.push(close..end);
                }
                i += 1;
            }
            b'<' => {
                let tag = s[i + 1..].find('>').map(|e| i + 1 + e).filter(|&e| {
                    let inner = &s[i + 1..e];
                    inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
                        && !inner.contains('<')
                });
                match tag {
                    Some(e) => {
                        out.push(i..e + 1);
                        i = e + 1;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    // Ranges are pushed in order but a link's target may lie past later
    // markers inside its text (`[**保本**](…)`): sort, and merge overlaps.
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether what precedes a colon can be a speaker's name: short, and not a
/// clause of a sentence.
fn speaker_like(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.chars().count() <= 12
        && !label.contains(['，', '。', ',', '！', '？', '!', '?', '、'])
}

/// Endings of Chinese words for a person or a role (主管, 客户家属,
/// 说话人, 王阿姨, 李总): a line `主管：…` inside a transcript is someone
/// speaking. Words for a topic (注意, 风险提示, 收益率) end otherwise.
const PERSON_ENDINGS: &[&str] = &[
    "人",
    "员",
    "主管",
    "经理",
    "家属",
    "亲属",
    "老师",
    "师傅",
    "先生",
    "女士",
    "小姐",
    "阿姨",
    "叔叔",
    "大爷",
    "大妈",
    "奶奶",
    "爷爷",
    "姐",
    "哥",
    "总",
    "行长",
    "科长",
    "组长",
    "部长",
    "处长",
    "店长",
    "董事长",
    "主任",
    "助理",
    "顾问",
    "专家",
    "代表",
    "同事",
    "朋友",
    "儿子",
    "女儿",
    "丈夫",
    "妻子",
    "老公",
    "老婆",
    "配偶",
    "子女",
    "孩子",
    "母亲",
    "父亲",
    "爸爸",
    "妈妈",
    "用户",
    "主播",
    "嘉宾",
    "律师",
    "督导",
    "领导",
    "老板",
];

/// Words that end like a person (`[PERSON_ENDINGS]`) but head a passage of
/// text: `联系人：…`, `受益人：…` in a turn are what the agent says.
const PERSON_LIKE_TEXT: &[&str] = &["联系人", "受益人", "收款人", "投保人须知", "个人", "本人签字", "法人"];

/// Capitalised English words that head a passage of text rather than name a
/// speaker (`Note: …`, `Important: …`).
const ENGLISH_HEADINGS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "n.b.",
    "warning",
    "warnings",
    "important",
    "disclaimer",
    "example",
    "examples",
    "tip",
    "ps",
    "p.s.",
    "re",
    "subject",
    "date",
    "time",
    "address",
    "phone",
    "tel",
    "email",
    "e-mail",
    "fax",
    "source",
    "reminder",
    "summary",
    "answer",
    "question",
    "q",
    "a",
    "caution",
    "attention",
    "update",
    "result",
    "results",
    "total",
    "step",
    "fees",
    "charges",
    "returns",
    "performance",
    "target",
    "objective",
    "why",
    "how",
    "what",
    "when",
    "where",
    "who",
    "remember",
    "key",
    "title",
    "ref",
    "reference",
    "http",
    "https",
    "www",
    "risk",
    "risks",
    "yes",
    "no",
    "ok",
    "okay",
    "so",
    "but",
    "and",
    "also",
    "here",
    "there",
    "now",
    "then",
    "first",
    "second",
    "third",
    "finally",
    "next",
    "eg",
    "e.g.",
    "ie",
    "i.e.",
    "fact",
    "facts",
    "capital",
    "income",
    "product",
    "fund",
    "benefits",
    "features",
    "terms",
    "conditions",
    "please",
    "hint",
    "well",
    "look",
    "listen",
    "honestly",
    "basically",
    "remember this",
    "bottom line",
    "in short",
    "in summary",
];

/// Whether a label no map knows looks like a speaker's name, for a line
/// without a time stamp: a Chinese word for a person or a role
/// ([`PERSON_ENDINGS`], 2–8 characters, optionally numbered or with a
/// bracketed name as for known labels: `说话人1`, `主管（李）`), or one to
/// three capitalised English words that are not a heading (`Supervisor`,
/// `Jane Smith`, but not `Note` or `Risk warning`). A bare Chinese name
/// (`张三：`) is not recognised: it cannot be told from a topic word.
pub fn speaker_name_like(label: &str) -> bool {
    let label = label.trim();
    if !speaker_like(label) {
        return false;
    }
    let base = undecorated(label).unwrap_or(label).trim();
    let chars = base.chars().count();
    if base.chars().all(crate::text::is_cjk) {
        return (2..=8).contains(&chars)
            && PERSON_ENDINGS.iter().any(|e| base.ends_with(e))
            && !PERSON_LIKE_TEXT.iter().any(|t| base.ends_with(t));
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    let word_ok = |w: &&str| {
        w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && w.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '\'' | '-'))
    };
    (1..=3).contains(&words.len())
        && words.iter().all(word_ok)
        && !ENGLISH_HEADINGS.contains(&base.to_ascii_lowercase().as_str())
        && !ENGLISH_HEADINGS.contains(&words[0].to_ascii_lowercase().as_str())
}

/// English words that end the name of a role or a person speaking on a
/// call (`Investment Adviser`, `Speaker 2`, `Witness`).
const ENGLISH_ROLE_NOUNS: &[&str] = &[
    "adviser",
    "advisor",
    "agent",
    "manager",
    "rep",
    "representative",
    "consultant",
    "planner",
    "banker",
    "broker",
    "specialist",
    "officer",
    "executive",
    "associate",
    "sales",
    "salesperson",
    "seller",
    "caller",
    "witness",
    "speaker",
    "supervisor",
    "director",
    "assistant",
    "teller",
    "operator",
    "customer",
    "client",
    "investor",
    "relative",
    "son",
    "daughter",
    "wife",
    "husband",
    "guardian",
    "interpreter",
];

/// [`speaker_name_like`] for a label before any known speaker has spoken,
/// where a title line (`Call Transcript: 2026-03-02`, `通话记录：…`) is as
/// likely: a Chinese word for a person or role as there, or English words
/// the last of which names a role ([`ENGLISH_ROLE_NOUNS`]).
fn opening_speaker_like(label: &str) -> bool {
    if !speaker_name_like(label) {
        return false;
    }
    let label = label.trim();
    let base = undecorated(label).unwrap_or(label).trim();
    if base.chars().all(crate::text::is_cjk) {
        return true;
    }
    base.split_whitespace()
        .next_back()
        .is_some_and(|w| ENGLISH_ROLE_NOUNS.contains(&w.to_ascii_lowercase().as_str()))
}

/// What a transcript with no known label has before its colons, for the
/// error: labels to map, and line openings that are time stamps in a form
/// [`strip_timestamp`] does not read (`<00:00:31>`), which no label mapping
/// can fix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownLabels {
    pub labels: Vec<String>,
    pub stamps: Vec<String>,
    /// Lines are rows of a Markdown table (`| 00:00:01 | 坐席 | … |`).
    pub table: bool,
}

/// What precedes the colon of lines that look like `label：text` but whose
/// label is not known (at most `max`, each once, in order): shown when a
/// transcript has no known label at all, so the user sees what to map.
/// A colon inside a clock (`(00:00:31` before it) is reported as a time
/// stamp not recognised, with the line's first word, not as a label.
pub fn unknown_labels(
    source: &str,
    from: usize,
    labels: &LabelMap,
    max: usize,
    markup: Markup,
) -> UnknownLabels {
    let mut out = UnknownLabels::default();
    let lines: Vec<&str> = source.get(from..).unwrap_or("").lines().collect();
    let mut speaker_column = None;
    for (k, raw) in lines.iter().enumerate() {
        let trimmed = raw.trim();
        // A table's pipes are not a time stamp's brackets (QA pass 13 item
        // 8): in a Markdown transcript, the speaker is a cell.
        if trimmed.starts_with('|') {
            out.table = true;
            if markup == Markup::Plain || delimiter_row(trimmed) {
                continue;
            }
            let cells = table_cells(trimmed);
            let word = |c: &Range<usize>| cell_word(&trimmed[c.clone()]);
            if lines.get(k + 1).is_some_and(|l| delimiter_row(l.trim())) {
                speaker_column =
                    cells.iter().position(|c| SPEAKER_COLUMNS.contains(&word(c).to_lowercase().as_str()));
                continue;
            }
            let named = match speaker_column {
                Some(at) => cells.get(at),
                None => cells.iter().take(cells.len().saturating_sub(1)).find(|c| !is_stamp(word(c))),
            };
            if let Some(label) = named.map(word)
                && !label.is_empty()
                && speaker_like(label)
                && out.labels.len() < max
                && !out.labels.iter().any(|l| l == label)
            {
                out.labels.push(label.to_string());
            }
            continue;
        }
        let line = strip_timestamp(trimmed);
        let Some((label, after)) = split_label(line) else { continue };
        let label = label.trim();
        let clock_colon =
            line[..after].ends_with(':') && line[after..].starts_with(|c: char| c.is_ascii_digit());
        if clock_colon && (looks_like_clock_start(label) || ends_with_clock_hours(label)) {
            // The stamp as written, to the end of its clock and a closing
            // bracket (`<00:00:31>`, `2026年3月2日 14:05:01`).
            let rest = &line[after..];
            let clock = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
                .unwrap_or(rest.len());
            let close =
                rest[clock..].chars().next().filter(|c| matches!(c, '>' | ']' | ')' | '）' | '】' | '」'));
            let end = after + clock + close.map_or(0, char::len_utf8);
            let stamp = line[..end].trim().to_string();
            // One example of each shape: `<00:00:01>` and `<00:00:09>` are one form.
            let shape = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "0");
            if out.stamps.len() < max && !out.stamps.iter().any(|s| shape(s) == shape(&stamp)) {
                out.stamps.push(stamp);
            }
            continue;
        }
        if !speaker_like(label) || labels.role(label).is_some() {
            continue;
        }
        if out.labels.len() < max && !out.labels.iter().any(|l| l == label) {
            out.labels.push(label.to_string());
        }
    }
    out
}

/// `… 14`, `…日 14`: text ending in the hours of a clock, set apart from
/// what precedes them (a date written in a form not read).
fn ends_with_clock_hours(label: &str) -> bool {
    let digits = label.chars().rev().take_while(char::is_ascii_digit).count();
    let before = label.chars().rev().nth(digits);
    (1..=2).contains(&digits)
        && before.is_some_and(|c| c.is_whitespace() || matches!(c, '[' | '(' | '（' | '【' | '<' | 'T'))
}

/// `(00`, `<00`, `00`, `[1`: the hours of a time stamp cut at its first colon.
fn looks_like_clock_start(label: &str) -> bool {
    let digits = label.trim_start_matches(|c: char| !c.is_alphanumeric() && !crate::text::is_cjk(c));
    !digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit())
}

/// Brackets a time stamp may be written in: `[…]`, `(…)`, `（…）`, `【…】`.
const STAMP_BRACKETS: &[(char, char)] = &[('[', ']'), ('(', ')'), ('（', '）'), ('【', '】')];

/// Whether `s` is a clock reading: digits and colons with at least one
/// colon, optionally milliseconds after `.` or `,` (SRT writes
/// `00:00:31,250`): `00:31`, `00:00:31`, `00:00:31.250`, `0:00:31,250`.
fn is_clock(s: &str) -> bool {
    let (clock, fraction) = match s.rsplit_once(['.', ',']) {
        Some((c, f)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => (c, Some(f)),
        _ => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    (2..=3).contains(&parts.len())
        && fraction.is_none_or(|f| f.len() <= 3)
        && parts.iter().all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

/// A clock, or a range of two (`00:00:01 --> 00:00:03`, as subtitles
/// write them; also `-`, `–` or `~` between them).
fn is_clock_or_range(s: &str) -> bool {
    is_clock(s)
        || ["-->", "-", "–", "~"]
            .iter()
            .any(|sep| s.split_once(sep).is_some_and(|(a, b)| is_clock(a.trim()) && is_clock(b.trim())))
}

/// The length of a date at the start of `s`, as call-recording and QA
/// systems write it: `2026-03-02`, `2026/3/2`, `2026.03.02`.
fn date_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let month = b[5..].iter().take_while(|c| c.is_ascii_digit()).count();
    let at = 5 + month;
    if !(1..=2).contains(&month) || b.get(at) != Some(&sep) {
        return None;
    }
    let day = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&day).then_some(at + 1 + day)
}

/// The length of the clock in `s` from byte `at`.
fn clock_len(s: &str, at: usize) -> usize {
    let rest = s.get(at..).unwrap_or("");
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ','))).unwrap_or(rest.len());
    // A colon after the clock is the label's (`客户 00:00:09:`).
    rest[..end].trim_end_matches(['.', ',', ':']).len()
}

/// Where the clock starts after a date at the start of `s`, a space or a
/// `T` between them (`2026-03-02 14:05:01`, `2026-03-02T14:05:01`).
fn dated_clock_start(s: &str) -> Option<usize> {
    let date = date_len(s)?;
    let after = &s[date..];
    let gap =
        if after.starts_with('T') { 1 } else { after.len() - after.trim_start_matches([' ', '\t']).len() };
    if gap == 0 {
        return None;
    }
    let clock = date + gap;
    is_clock(&s[clock..clock + clock_len(s, clock)]).then_some(clock)
}

/// The length of a date and a clock at the start of `s` ([`dated_clock_start`]).
fn dated_clock_len(s: &str) -> Option<usize> {
    let clock = dated_clock_start(s)?;
    Some(clock + clock_len(s, clock))
}

/// A time stamp written after a known speaker label, before its colon
/// (`坐席（00:00:01）：`, `坐席 00:00:01：`), as the line has it up to that
/// colon. The transcript format puts time stamps before the label, and
/// read as a label this one would be cut at the clock's first colon (a
/// label `坐席 00` and the words `00:01：您好`), so it is reported instead
/// (QA pass 13 item 9).
pub fn stamp_after_label<'s>(line: &'s str, labels: &LabelMap) -> Option<&'s str> {
    for (i, c) in line.char_indices().take(MAX_LABEL_CHARS + 4) {
        if !c.is_ascii_digit() {
            continue;
        }
        let (label_end, close) = match line[..i].chars().next_back() {
            Some(open @ ('(' | '（' | '[' | '【')) => {
                let close = STAMP_BRACKETS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c);
                (i - open.len_utf8(), close)
            }
            Some(' ' | '\t' | '　') => (i, None),
            _ => continue,
        };
        let len = clock_len(line, i);
        if !is_clock(&line[i..i + len]) {
            continue;
        }
        let mut rest = &line[i + len..];
        if let Some(close) = close {
            match rest.strip_prefix(close) {
                Some(after) => rest = after,
                None => continue,
            }
        }
        let after = rest.trim_start();
        let label = line[..label_end].trim();
        if after.starts_with([':', '：']) && !label.is_empty() && labels.role(label).is_some() {
            let colon = line.len() - after.len() + after.chars().next().map_or(0, char::len_utf8);
            return Some(&line[..colon]);
        }
        // Only the first clock of the line can stand for a label's.
        return None;
    }
    None
}

/// The first line of a transcript with a time stamp after its label
/// ([`stamp_after_label`]): its number and the label and stamp as written.
pub fn first_stamp_after_label(
    source: &str,
    from: usize,
    labels: &LabelMap,
    markup: Markup,
) -> Option<(usize, String)> {
    let text = source.get(from..).unwrap_or("");
    let first_line = source[..from.min(source.len())].matches('\n').count() + 1;
    text.lines().enumerate().find_map(|(n, raw)| {
        let line = raw.trim();
        let line: Cow<str> = match markup {
            // Emphasis around the label (`**坐席（00:00:01）**：`) is markup.
            Markup::Markdown => line[markdown_block_prefix(line)..].replace(['*', '_', '`'], "").into(),
            Markup::Plain => line.into(),
        };
        let line = strip_timestamp(&line);
        stamp_after_label(line, labels).map(|s| (first_line + n, s.to_string()))
    })
}

/// A time stamp at the start of a line, and a separator after it:
/// `[00:01:23] `, `(00:01:23) `, `【00:01:23】`, `[00:00:31,250] `,
/// `00:01:23 `, `00:00:31,250 `, each optionally followed by ` - `, ` – `,
/// ` — ` or ` | ` before the label (`00:00:01 - 理财经理：…`, a common
/// export). Returns the rest of the line, or `s` when there is no stamp.
fn strip_timestamp(s: &str) -> &str {
    let t = s.trim_start();
    let mut rest = None;
    for (open, close) in STAMP_BRACKETS {
        if let Some(inner) = t.strip_prefix(*open)
            && let Some(end) = inner.find(*close)
            && is_stamp(inner[..end].trim())
        {
            rest = Some(&inner[end + close.len_utf8()..]);
            break;
        }
    }
    if rest.is_none() {
        // The date call-recording systems put first (`2026-03-02 14:05:01`).
        let date = dated_clock_start(t).unwrap_or(0);
        let stamp = &t[..date + clock_len(t, date)];
        if is_clock(&stamp[date..])
            && (t[stamp.len()..].is_empty() || t[stamp.len()..].starts_with([' ', '\t', '-', '|']))
        {
            rest = Some(&t[stamp.len()..]);
        }
    }
    let Some(rest) = rest else { return s };
    let mut rest = rest.trim_start();
    // A range written without brackets, as subtitle exports do:
    // `00:01:23,250 --> 00:01:25,000 理财经理：…`.
    if let Some(after) = ["-->", "->", "→"].iter().find_map(|arrow| rest.strip_prefix(arrow)) {
        let after = after.trim_start();
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
            .unwrap_or(after.len());
        let second = after[..end].trim_end_matches(['.', ',']);
        if is_clock(second) {
            rest = after[second.len()..].trim_start();
        }
    }
    // A separator between stamp and label must be followed by a space or
    // the label itself: `- 理财经理：` and `-理财经理：` both occur.
    match rest.strip_prefix(['-', '–', '—', '|', '｜']) {
        Some(after) => after.trim_start(),
        None => rest,
    }
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
        let src = "[00:00:01] 理财经理：您好。\n注意：本产品不保本。\n[00:00:09] 客户：好。\n[00:00:12] 见证人：保本保息的。\n";
        let turns = parse_text(src, &LabelMap::default());
        let roles: Vec<Role> = turns.iter().map(|t| t.role.clone()).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer, Role::Other("见证人".into())]);
        assert_eq!(turns[0].lines.len(), 2, "the unstamped `注意：` line continues the agent's turn");
        assert_eq!(&src[turns[2].lines[0].clone()], "保本保息的。");
    }

    /// Time stamps as exports and subtitle files write them, with or without
    /// a separator before the label.
    #[test]
    fn time_stamp_forms_are_read() {
        for stamp in [
            "[00:00:31]",
            "(00:00:31)",
            "（00:00:31）",
            "【00:00:31】",
            "[00:00:31,250]",
            "[00:00:31.250]",
            "[00:00:31 --> 00:00:33]",
            "00:00:31",
            "00:00:31,250",
            "00:31",
            "00:00:01 -",
            "00:00:01 —",
            "[00:00:01] |",
            "2026-03-02 14:05:01",
            "2026-03-02  14:05:01.250 -",
            "2026/3/2 14:05",
            "2026.03.02T14:05:01",
            "[2026-03-02 14:05:01]",
            "【2026/03/02 14:05:01】",
        ] {
            let src = format!("{stamp} 理财经理：保本\n{stamp} 客户：好\n");
            let turns = parse_text(&src, &LabelMap::default());
            let roles: Vec<&Role> = turns.iter().map(|t| &t.role).collect();
            assert_eq!(roles, [&Role::Agent, &Role::Customer], "{stamp}");
            assert_eq!(&src[turns[0].lines[0].clone()], "保本", "{stamp}");
        }
        // Not clocks: a year, a ratio in words, a bracketed note, a date
        // alone.
        for text in
            ["2024 客户：好", "[注] 客户：好", "(1) 客户：好", "2026-03-02 客户：好", "2026-03-0214:05 客户"]
        {
            assert_eq!(strip_timestamp(text), text);
        }
    }

    /// Without a time stamp, a line whose label no map knows is someone
    /// speaking only when the label names a person or role, after a known
    /// speaker; topic words and English headings stay text of the turn.
    /// Subtitle-style ranges without brackets are time stamps too.
    #[test]
    fn an_unbracketed_range_is_a_time_stamp() {
        let src = "00:01:23,250 --> 00:01:25,000 理财经理：这款保本保息。\n00:01:26,000 --> 00:01:27,500 客户：好。\n";
        let turns = parse_text(src, &LabelMap::default());
        let roles: Vec<Role> = turns.iter().map(|t| t.role.clone()).collect();
        assert_eq!(roles, [Role::Agent, Role::Customer]);
        assert_eq!(&src[turns[0].lines[0].clone()], "这款保本保息。");
    }

    /// Before any known speaker, a label naming a role is someone speaking
    /// (QA pass 16 item 7); a title stays preamble.
    #[test]
    fn a_role_on_the_first_line_is_someone_speaking() {
        let roles = |src: &str| -> Vec<Role> {
            parse_text(src, &LabelMap::default()).into_iter().map(|t| t.role).collect()
        };
        let preamble = Role::Other("preamble".into());
        assert_eq!(
            roles("产品专员：保本的。\n理财经理：您好。\n"),
            [Role::Other("产品专员".into()), Role::Agent]
        );
        assert_eq!(
            roles("Bank Officer: It is guaranteed.\nAdvisor: Hello.\n"),
            [Role::Other("Bank Officer".into()), Role::Agent]
        );
        assert_eq!(
            roles("销售专员：保本的。\nInvestment Adviser: Hi.\nSales: Hi.\n"),
            [Role::Agent, Role::Agent, Role::Agent]
        );
        assert_eq!(roles("通话记录：2024年5月1日\n理财经理：您好。\n"), [preamble.clone(), Role::Agent]);
        assert_eq!(roles("Call Transcript: 2026-03-02\nAdvisor: Hello.\n"), [preamble.clone(), Role::Agent]);
        assert_eq!(roles("Keystone Bond Fund: guaranteed\nAdvisor: Hello.\n"), [preamble, Role::Agent]);
    }

    #[test]
    fn an_unknown_speaker_after_known_ones_is_a_turn_of_its_own() {
        let src = "通话记录：2024年5月1日\n理财经理：您好。\n注意：本产品不保本。\n风险提示：投资有风险。\n客户：好。\n见证人：阿姨放心，保本的。\n客户家属：稳赚不赔吗？\n说话人3：嗯。\n";
        let turns = parse_text(src, &LabelMap::default());
        let roles: Vec<Role> = turns.iter().map(|t| t.role.clone()).collect();
        assert_eq!(
            roles,
            [
                Role::Other("preamble".into()),
                Role::Agent,
                Role::Customer,
                Role::Other("见证人".into()),
                Role::Other("客户家属".into()),
                Role::Other("说话人3".into())
            ]
        );
        assert_eq!(turns[1].lines.len(), 3, "`注意：` and `风险提示：` continue the agent's turn");
        assert!(!turns[3].known && turns[1].known);
        for label in [
            "主管",
            "客户家属",
            "说话人1",
            "王阿姨",
            "李总",
            "主管（李）",
            "Supervisor",
            "Jane Smith",
            "Mr. Lee",
        ] {
            assert!(speaker_name_like(label), "{label}");
        }
        for label in [
            "注意",
            "风险提示",
            "收益率",
            "产品",
            "张三",
            "联系人",
            "Note",
            "Important",
            "Risk warning",
            "Please note",
            "https",
            "the bottom line",
            "Past performance is",
            "温馨提示：请",
        ] {
            assert!(!speaker_name_like(label), "{label}");
        }
    }

    #[test]
    fn markdown_labels_as_links_code_and_strong_emphasis() {
        for (line, label, rest) in [
            ("[理财经理](https://x.example/a)：保证收益", "理财经理", "保证收益"),
            ("`理财经理`：稳赚不赔", "理财经理", "稳赚不赔"),
            ("***客户***：好", "客户", "好"),
        ] {
            let (got, at) = markdown_label(line).expect(line);
            assert_eq!(got, label, "{line}");
            assert_eq!(&line[at..], rest, "{line}");
        }
    }

    #[test]
    fn markdown_labels_and_markup() {
        let src = "# 记录\n\n**理财经理**：保本\n- 客户：好\n> *Agent*: [note](http://x/保本.pdf) ok\n1. **客户：** 嗯\n```\n理财经理：代码\n```\n---\n";
        let turns = parse_lines(src, 0, &LabelMap::default(), Markup::Markdown);
        let roles: Vec<&Role> = turns.iter().map(|t| &t.role).collect();
        let preamble = Role::Other("preamble".into());
        assert_eq!(roles, [&preamble, &Role::Agent, &Role::Customer, &Role::Agent, &Role::Customer]);
        assert_eq!(&src[turns[0].lines[0].clone()], "记录");
        assert_eq!(&src[turns[3].lines[0].clone()], "[note](http://x/保本.pdf) ok");
        assert_eq!(turns[4].lines.len(), 1, "code blocks and rules are not copy");
        // What is left of a line once its markup is taken out.
        let kept = |line: &str| {
            let mut out = String::new();
            let mut at = 0;
            for r in markdown_inline_markup(line) {
                out.push_str(&line[at..r.start]);
                at = r.end;
            }
            out + &line[at..]
        };
        assert_eq!(
            kept("详见[说明书](https://x/保本.pdf)，**不保本**，![图](a.png)`码`<br>"),
            "详见说明书，不保本，码"
        );
        // Struck-out words go with their markers; an unclosed `~~` is a marker.
        assert_eq!(kept("本产品~~不~~保本，~~并非~~零风险"), "本产品保本，零风险");
        assert_eq!(kept("约~~3%"), "约3%");
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
    fn labels_with_a_glued_or_leading_name_are_known() {
        let map = LabelMap::default();
        for (label, role) in [
            ("理财经理王敏", Role::Agent),
            ("理财经理小王", Role::Agent),
            ("客户经理张三", Role::Agent),
            ("支行副行长李强", Role::Agent),
            ("城东支行理财经理", Role::Agent),
            ("青禾银行客户经理欧阳娜", Role::Agent),
            ("客户张阿姨", Role::Customer),
            ("客户王女士", Role::Customer),
            ("王敏（理财经理）", Role::Agent),
            ("李强(支行副行长)", Role::Agent),
            ("Tom (Advisor)", Role::Agent),
            ("Jane Smith (Financial Adviser)", Role::Agent),
            ("Mrs Green (Customer)", Role::Customer),
            ("Advisor Tom", Role::Agent),
            ("Financial Adviser Jane Smith", Role::Agent),
            ("Customer Jones", Role::Customer),
        ] {
            assert_eq!(map.role(label), Some(&role), "{label}");
        }
        for label in [
            "销售金额",
            "销售方式",
            "客户信息",
            "理财经理简介",
            "客户经理陈述",
            "客户经理温馨提示",
            "客户范围",
            "风险提示（客户）",
            "Customer Service",
            "Client Money",
            "Advisor Notes",
            "Agent says",
            "Tom (Note)",
            "大客户经理",
            "客户经理说这个保本",
        ] {
            assert_eq!(map.role(label), None, "{label}");
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
        assert_eq!(
            unknown_labels(src, 0, &LabelMap::default(), 3, Markup::Plain).labels,
            ["无标签的第一行", "主持人"]
        );
        // A clock cut at its first colon is a time stamp not read, not a label.
        let src = "<00:00:01> 理财经理：保本\n<00:00:09> 客户：好\n";
        let found = unknown_labels(src, 0, &LabelMap::default(), 3, Markup::Plain);
        assert_eq!((found.labels.len(), found.stamps), (0, vec!["<00:00:01>".to_string()]));
        // A date in a form not read is part of the time stamp named.
        let src = "2026年3月2日 14:05:01 理财经理：保本
";
        let found = unknown_labels(src, 0, &LabelMap::default(), 3, Markup::Plain);
        assert_eq!((found.labels.len(), found.stamps), (0, vec!["2026年3月2日 14:05:01".to_string()]));
        // A table's pipes are no time stamp: in Markdown its speaker cells
        // are the labels, the header's titles not.
        let src = "| 时间 | 说话人 | 内容 |\n|---|---|---|\n| 00:00:01 | 说话人1 | 您好 |\n| 00:00:03 | 说话人2 | 好 |\n";
        let found = unknown_labels(src, 0, &LabelMap::default(), 3, Markup::Markdown);
        assert_eq!(
            (found.labels, found.stamps.len(), found.table),
            (vec!["说话人1".into(), "说话人2".into()], 0, true)
        );
        let found = unknown_labels(src, 0, &LabelMap::default(), 3, Markup::Plain);
        assert_eq!((found.labels.len(), found.stamps.len(), found.table), (0, 0, true));
    }

    /// QA pass 13 item 8: the rows of a Markdown table are turns when a cell
    /// holds a known label (time and number cells before it), or when the
    /// header names the speaker column; a row whose speaker cell is empty
    /// goes on with the turn before; header and delimiter rows are not
    /// copy; a row that names nobody is noted.
    #[test]
    fn markdown_table_rows_are_turns() {
        let src = "- 客户：我想买理财\n\n| 时间 | 说话人 | 内容 |\n| :-- | --- | --- |\n\
| 00:01:10 | **坐席** | 保本 |\n| 00:01:12 |  | 稳赚 |\n| 00:01:15 | 见证人 | 我在 |\n| 2 | 客户 | 好 \\| 行 |\n\n\
| 序号 | 内容 |\n|---|---|\n| 1 | 坐席：您好 |\n| 2 | 零风险 |\n";
        let parsed = parse_transcript(src, 0, &LabelMap::default(), Markup::Markdown);
        let turns: Vec<(String, Vec<&str>)> = parsed
            .turns
            .iter()
            .map(|t| (t.label.clone(), t.lines.iter().map(|r| &src[r.clone()]).collect()))
            .collect();
        assert_eq!(
            turns,
            [
                ("客户".to_string(), vec!["我想买理财"]),
                ("坐席".to_string(), vec!["保本", "稳赚"]),
                ("见证人".to_string(), vec!["我在"]),
                ("客户".to_string(), vec!["好 \\| 行"]),
                ("坐席".to_string(), vec!["您好", "零风险"]),
            ]
        );
        assert_eq!(parsed.turns[2].role, Role::Other("见证人".into()));
        assert_eq!(parsed.unlabelled_rows, [src.find("| 2 | 零风险").unwrap()]);
        assert_eq!(table_cells("|a| b |"), [1..2, 4..5]);
        assert_eq!(table_cells("a | b"), [0..1, 4..5]);
        assert_eq!(table_cells("|"), std::iter::once(1..1).collect::<Vec<_>>());
        assert!(delimiter_row("|---|:-:|") && !delimiter_row("| - | x |"));
    }

    /// QA pass 13 item 9: a time stamp after the label, in brackets or not,
    /// is found with the label as written; a label's number or name in
    /// brackets is not a time stamp.
    #[test]
    fn a_time_stamp_after_the_label_is_found() {
        let labels = LabelMap::default();
        assert_eq!(stamp_after_label("坐席（00:00:01）：您好", &labels), Some("坐席（00:00:01）："));
        assert_eq!(stamp_after_label("客户 00:00:09.5: 好", &labels), Some("客户 00:00:09.5:"));
        assert_eq!(stamp_after_label("Agent [00:01]: Hi", &labels), Some("Agent [00:01]:"));
        for line in [
            "坐席1：您好",
            "客户（张三）：好",
            "客户：我 10:30：到",
            "备注 00:00:01：无",
            "坐席：00:00:01 开始",
        ] {
            assert_eq!(stamp_after_label(line, &labels), None, "{line}");
        }
        let src = "---\nx: 1\n---\n- **坐席（00:00:01）**：您好\n";
        assert_eq!(
            first_stamp_after_label(src, 12, &labels, Markup::Markdown),
            Some((4, "坐席（00:00:01）：".to_string()))
        );
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
