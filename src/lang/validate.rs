//! Single-file semantic checks: what the grammar accepts but a rule must
//! not say. Term-list references are resolved later, across files, by the
//! compiler.

use super::ast::*;
use super::diag::Diagnostic;
use super::suggest::closest;
use crate::category;
use crate::document::metadata::{Field, FieldType, choice_alias, parse_value, usual_tags};
use std::collections::HashMap;

/// Checks one parsed file; returns errors and warnings.
pub fn validate(file: &str, ast: &RuleFile) -> Vec<Diagnostic> {
    let mut v = Validator { file, diags: Vec::new() };
    if let Some(pack) = &ast.pack {
        // `language zh` restricts the pack to documents in that language, as
        // `document.language == zh` would: only a value that field takes can.
        if let Some(lang) = &pack.language {
            v.value(Field::DocumentLanguage, lang);
        }
        if let Some(c) = &pack.applies {
            v.cond(c);
        }
    }

    let mut term_names: HashMap<&str, Span> = HashMap::new();
    for t in &ast.terms {
        if term_names.contains_key(t.name.value.as_str()) {
            v.push(
                Diagnostic::error(file, t.name.span, format!("duplicate term list `{}`", t.name.value))
                    .with_label("defined again here")
                    .with_help(format!(
                        "`{}` is already defined above; rename or merge the two lists",
                        t.name.value
                    )),
            );
        } else {
            term_names.insert(&t.name.value, t.name.span);
        }
        match &t.source {
            TermSource::Inline(items) => {
                if items.is_empty() {
                    v.push(
                        Diagnostic::error(file, t.span, "empty term list")
                            .with_label("this list has no terms"),
                    );
                }
                for p in items {
                    v.pattern(p);
                }
            }
            TermSource::File(path) => {
                if path.value.trim().is_empty() {
                    v.push(
                        Diagnostic::error(file, path.span, "empty file name").with_label("name a list file"),
                    );
                }
            }
        }
    }

    let mut rule_ids: HashMap<&str, Span> = HashMap::new();
    for r in &ast.rules {
        if rule_ids.contains_key(r.id.value.as_str()) {
            v.push(
                Diagnostic::error(file, r.id.span, format!("duplicate rule id `{}`", r.id.value))
                    .with_label("a rule with this id is defined above")
                    .with_help("rule ids must be unique; rename one of them"),
            );
        } else {
            rule_ids.insert(&r.id.value, r.id.span);
        }
        v.rule(r);
    }
    v.diags
}

struct Validator<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
}

fn field_list() -> String {
    Field::ALL.iter().map(|f| f.path()).collect::<Vec<_>>().join(", ")
}

fn is_level(f: Field) -> bool {
    matches!(f.field_type(), FieldType::RiskLevel | FieldType::Tolerance)
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn rule(&mut self, r: &Rule) {
        if r.partial {
            // Cut short by a syntax error: what the rule lacks may come
            // after the error, so only the properties read are checked.
            self.properties(r, None);
            return;
        }
        let id = &r.id;
        let missing = |what: &str, help: &str| {
            Diagnostic::error(self.file, id.span, format!("rule `{}` has no {what}", id.value))
                .with_label(format!("missing {what}"))
                .with_help(help.to_string())
        };
        let mut found = Vec::new();
        if r.title.is_none() {
            found.push(missing("title", "add e.g. `title \"承诺保本保收益\"`"));
        }
        if r.category.is_none() {
            found.push(missing("category", "add e.g. `category prohibited.guarantee`"));
        }
        if r.severity.is_none() {
            found.push(missing("severity", "add `severity error`, `severity warning` or `severity info`"));
        }
        if r.check.is_none() {
            found.push(missing("check", "add `forbid …`, `require …` or `report`"));
        }
        self.diags.extend(found);
        if let Some(Check::Report(span)) = &r.check
            && r.when.is_none()
        {
            self.push(
                Diagnostic::error(self.file, *span, "`report` without `when`")
                    .with_label("this rule would fire on every document")
                    .with_help("say when the rule fires, e.g. `when product.risk_level >= R4`"),
            );
        }
        // A bare `require A` fires when A is absent and `report` on the
        // document as a whole: neither finding has matched text.
        let matchless = match &r.check {
            Some(Check::Report(_)) => Some("`report` rule"),
            Some(Check::Require(Requirement::Present(_))) => Some("`require A` rule"),
            _ => None,
        };
        self.properties(r, matchless);
        let has = |e: Expect| r.examples.iter().any(|x| x.expect == e);
        if !has(Expect::Fail) && !has(Expect::Pass) {
            self.push(
                Diagnostic::warning(self.file, id.span, "rule has no examples; `disclint rules test` cannot check it")
                    .with_label("no `example fail` or `example pass`")
                    .with_help("add `example fail \"…\"` (text the rule must flag) and `example pass \"…\"` (text it must accept)"),
            );
        } else if !has(Expect::Fail) {
            self.push(
                Diagnostic::warning(
                    self.file,
                    id.span,
                    "rule has no failing example; `disclint rules test` cannot check it",
                )
                .with_label("no `example fail`")
                .with_help("add `example fail \"…\"` with text the rule must flag"),
            );
        } else if !has(Expect::Pass) {
            self.push(
                Diagnostic::warning(
                    self.file,
                    id.span,
                    "rule has no passing example; `disclint rules test` cannot check it",
                )
                .with_label("no `example pass`")
                .with_help("add `example pass \"…\"` with text the rule must accept"),
            );
        }
    }

    /// Checks each property of a rule on its own: category, condition,
    /// check, message, fix and examples. `matchless` as in [`Self::placeholders`].
    fn properties(&mut self, r: &Rule, matchless: Option<&str>) {
        if let Some(c) = &r.category
            && !category::is_valid(&c.value)
        {
            let mut d = Diagnostic::error(self.file, c.span, format!("unknown category `{}`", c.value))
                .with_label("not a known category");
            let help = match closest(&c.value, category::names()) {
                Some(s) => format!("did you mean `{s}`? A local category must start with `other.`"),
                None => format!(
                    "known categories: {}; a local category must start with `other.` (e.g. `other.{}`)",
                    category::names().collect::<Vec<_>>().join(", "),
                    c.value.rsplit('.').next().unwrap_or("mine")
                ),
            };
            d = d.with_help(help);
            self.push(d);
        }

        if let Some(w) = &r.when {
            self.cond(w);
        }
        match &r.check {
            Some(Check::Forbid(m)) => self.matcher(m),
            Some(Check::Require(req)) => match req {
                Requirement::Present(m) => self.matcher(m),
                Requirement::Before { first, then } => {
                    self.matcher(first);
                    self.matcher(then);
                }
                Requirement::NearEach { required, each, within } => {
                    self.matcher(required);
                    self.matcher(each);
                    self.within(within);
                }
                Requirement::SameScopeEach { required, each, .. } => {
                    self.matcher(required);
                    self.matcher(each);
                }
            },
            Some(Check::Report(_)) | None => {}
        }
        if let Some(m) = &r.message {
            self.placeholders(m, matchless);
        }
        // A fix's text is filled like the message: `{product.name}` left
        // as it is would go into the customer's copy.
        if let Some(fix) = &r.fix
            && let FixSpec::Replace(t) | FixSpec::Insert(t) | FixSpec::Append(t) = &fix.value
        {
            self.placeholders(&Spanned::new(t.clone(), fix.span), matchless);
        }
        for ex in &r.examples {
            self.example(ex);
        }
    }

    /// Checks the `{…}` of a message or a fix's text. `matchless` names the kind of rule
    /// when its findings have no matched text, so `{match}` would be empty.
    fn placeholders(&mut self, m: &Spanned<String>, matchless: Option<&str>) {
        // Offsets inside the decoded string only match the source when no
        // escapes precede them; otherwise point at the whole message.
        let raw_matches = m.span.end.saturating_sub(m.span.start) == m.value.len() + 2;
        let mut rest = m.value.as_str();
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            let span = if raw_matches {
                let s = m.span.start + 1 + offset + open;
                Span { start: s, end: s + close + 1 }
            } else {
                m.span
            };
            if let (Some(kind), "match") = (matchless, name) {
                self.push(
                    Diagnostic::warning(
                        self.file,
                        span,
                        format!("`{{match}}` in a {kind}: its finding has no matched text, so this is empty"),
                    )
                    .with_label("always empty here")
                    .with_help(
                        "a finding of this rule is about something absent (or about the whole document); \
                         say what is missing in words, or use a metadata field such as `{product.name}`",
                    ),
                );
            }
            if name != "match" && Field::parse(name).is_none() {
                let mut help = format!("placeholders are {{match}} and metadata fields: {}", field_list());
                if let Some(s) =
                    closest(name, std::iter::once("match").chain(Field::ALL.iter().map(|f| f.path())))
                {
                    help = format!("did you mean `{{{s}}}`? {help}");
                }
                self.push(
                    Diagnostic::error(self.file, span, format!("unknown placeholder `{{{name}}}`"))
                        .with_label("not {match} or a metadata field")
                        .with_help(help),
                );
            }
            offset += open + close + 1;
            rest = &rest[open + close + 1..];
        }
    }

    fn field(&mut self, f: &Spanned<String>) -> Option<Field> {
        let field = Field::parse(&f.value);
        if field.is_none() {
            let mut help = format!("known fields: {}", field_list());
            if let Some(s) = closest(&f.value, Field::ALL.iter().map(|f| f.path())) {
                help = format!("did you mean `{s}`? {help}");
            }
            self.push(
                Diagnostic::error(self.file, f.span, format!("unknown metadata field `{}`", f.value))
                    .with_label("not a metadata field")
                    .with_help(help),
            );
        }
        field
    }

    fn value(&mut self, field: Field, v: &Spanned<String>) {
        if let Err(e) = parse_value(field, &v.value) {
            let mut d = Diagnostic::error(self.file, v.span, e.to_string()).with_label("invalid value");
            if let FieldType::Choice(choices) = field.field_type()
                && let Some(s) =
                    choice_alias(field, &v.value).or_else(|| closest(&v.value, choices.iter().copied()))
            {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.push(d);
            return;
        }
        // Open fields take any tag, so a misspelt usual one (`eldery`) is
        // valid and would silently never match a document tagged `elderly`.
        let tags = usual_tags(field);
        let value = v.value.trim();
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(value))
            && let Some(s) = closest(value, tags.iter().copied())
        {
            self.push(
                Diagnostic::warning(
                    self.file,
                    v.span,
                    format!("`{value}` is not one of the usual `{}` tags", field.path()),
                )
                .with_label("a document tagged with the usual spelling will not match this")
                .with_help(format!("did you mean `{s}`? (the field is open: other tags are allowed)")),
            );
        }
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::And(a, b) | Cond::Or(a, b) => {
                self.cond(a);
                self.cond(b);
            }
            Cond::Not(a) => self.cond(a),
            Cond::TextHas(m) => self.matcher(m),
            Cond::Exists { field, .. } => {
                self.field(field);
            }
            Cond::In { field, values, span } => {
                let f = self.field(field);
                if values.is_empty() {
                    self.push(
                        Diagnostic::error(self.file, *span, "empty list")
                            .with_label("`in []` is never true")
                            .with_help("list at least one value"),
                    );
                }
                if let Some(f) = f {
                    for v in values {
                        self.value(f, v);
                    }
                }
            }
            Cond::Contains { field, value, .. } => {
                if let Some(f) = self.field(field) {
                    if f == Field::AudienceSegments {
                        self.value(f, value);
                    } else {
                        self.push(
                            Diagnostic::error(self.file, field.span, format!("`contains` does not apply to `{f}`"))
                                .with_label("not a list field")
                                .with_help(format!(
                                    "`contains` only applies to `audience.segments`; use `{f} == …` or `{f} in […]`"
                                )),
                        );
                    }
                }
            }
            Cond::Compare { field, op, rhs, .. } => {
                let lf = self.field(field);
                let ordering = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
                let rf = match rhs {
                    Operand::Field(r) => self.field(r),
                    Operand::Value(v) => {
                        if let Some(f) = lf {
                            self.value(f, v);
                        }
                        None
                    }
                };
                if ordering {
                    for (f, s) in [(lf, field.span), (rf, rhs_span(rhs))] {
                        if let Some(f) = f
                            && !is_level(f)
                        {
                            // A list of tags is tested with `contains`, as the docs give it.
                            let help = if f == Field::AudienceSegments {
                                "ordering comparisons apply only to `product.risk_level` and `audience.risk_tolerance`; \
                                 `audience.segments` is a list of tags, tested with `contains`: \
                                 `audience.segments contains elderly`"
                            } else {
                                "ordering comparisons apply only to `product.risk_level` and `audience.risk_tolerance`; use `==`, `!=` or `in`"
                            };
                            self.push(
                                Diagnostic::error(
                                    self.file,
                                    s,
                                    format!("`{f}` cannot be compared with < <= > >="),
                                )
                                .with_label("not a level field")
                                .with_help(help),
                            );
                        }
                    }
                }
            }
        }
    }

    fn matcher(&mut self, m: &Matcher) {
        self.pattern(&m.pattern);
        for c in &m.clauses {
            match c {
                Clause::Except(p, _) => self.pattern(p),
                Clause::Context { context, .. } => match context {
                    Context::Near { pattern, within }
                    | Context::PrecededBy { pattern, within }
                    | Context::FollowedBy { pattern, within } => {
                        self.pattern(pattern);
                        self.within(within);
                    }
                    Context::SameScope { pattern, .. }
                    | Context::InReplyTo { pattern }
                    | Context::UnderHeading { pattern } => self.pattern(pattern),
                    Context::InHeading | Context::InFinePrint => {}
                    Context::InFirstPercent(n) => {
                        if !(1..=100).contains(&n.value) {
                            self.push(
                                Diagnostic::error(
                                    self.file,
                                    n.span,
                                    format!("`in first {}%` is out of range", n.value),
                                )
                                .with_label("must be 1 to 100")
                                .with_help("give a percentage from 1 to 100, e.g. `in first 20%`"),
                            );
                        }
                    }
                },
            }
        }
    }

    fn within(&mut self, n: &Spanned<u32>) {
        if n.value == 0 {
            self.push(
                Diagnostic::error(self.file, n.span, "`within 0` can never match")
                    .with_label("distance must be at least 1")
                    .with_help("give the distance in characters, e.g. `within 4`"),
            );
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        match p {
            Pattern::Literal(s) => {
                if s.value.is_empty() {
                    self.push(
                        Diagnostic::error(self.file, s.span, "empty string pattern")
                            .with_label("matches nothing useful")
                            .with_help("remove it or write the text to look for"),
                    );
                }
            }
            Pattern::Regex(s) => {
                if s.value.is_empty() {
                    self.push(
                        Diagnostic::error(self.file, s.span, "empty regex").with_label("matches everywhere"),
                    );
                } else if let Err(e) = regex_syntax::ast::parse::Parser::new().parse(&s.value) {
                    // Syntax only: the compiler translates each regex once more
                    // anyway (and reports what only translation finds, such as
                    // an unknown Unicode class), so parsing twice here would
                    // double the start-up cost of every run.
                    let kind = e.kind().to_string();
                    self.push(
                        Diagnostic::error(self.file, s.span, format!("invalid regex: {kind}"))
                            .with_label(kind)
                            .with_help("regexes use Rust `regex` syntax; escape `/` as `\\/`"),
                    );
                }
            }
            Pattern::Ref(_) => {}
            Pattern::List(items, span) => {
                if items.is_empty() {
                    self.push(
                        Diagnostic::error(self.file, *span, "empty list")
                            .with_label("`[]` matches nothing")
                            .with_help("list at least one pattern"),
                    );
                }
                for i in items {
                    self.pattern(i);
                }
            }
        }
    }

    fn example(&mut self, ex: &Example) {
        if ex.text.value.is_empty() {
            self.push(
                Diagnostic::warning(self.file, ex.text.span, "empty example text")
                    .with_label("nothing to check"),
            );
        }
        for (f, v) in &ex.metadata {
            let Some(field) = self.field(f) else { continue };
            match &v.value {
                MetaValue::Scalar(s) => self.value(field, &Spanned::new(s.clone(), v.span)),
                MetaValue::List(_) => {
                    if field.field_type() == FieldType::Tags {
                        continue;
                    }
                    self.push(
                        Diagnostic::error(
                            self.file,
                            v.span,
                            format!("`{field}` takes a single value, not a list"),
                        )
                        .with_label("a list")
                        .with_help(format!("expected {}", field.expected())),
                    );
                }
            }
        }
    }
}

fn rhs_span(o: &Operand) -> Span {
    match o {
        Operand::Value(s) | Operand::Field(s) => s.span,
    }
}
