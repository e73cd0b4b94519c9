//! Accuracy of the built-in packs on the labelled corpus (`tests/corpus/`).
//!
//! Precision and recall are computed at the (document, category) level: a
//! document counts once per category however many findings of that category
//! it has. The test prints the per-category table and fails if overall
//! precision or recall is below 0.95. With `DISCLINT_WRITE_ACCURACY=1` it also
//! rewrites `docs/accuracy.md` from the same numbers, including a section for
//! the held-out set (`tests/holdout/`), whose own test fails below 0.85.

use disclint::category::CATEGORIES;
use disclint::compile::RuleSet;
use disclint::document::Document;
use disclint::document::load::{LoadOptions, load_path};
use disclint::document::metadata::Metadata;
use disclint::eval::{Options, check};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

const THRESHOLD: f64 = 0.95;
/// Regression guard for the held-out set: it measures generalisation, so the bar is lower.
const HOLDOUT_THRESHOLD: f64 = 0.85;
/// Guards for the third paraphrase banks, below what they measure now
/// (0.444 / 0.456 caught; 0.419 each when first measured): they are
/// estimates, not targets.
const ZH3_BAR: f64 = 0.40;
const EN3_BAR: f64 = 0.40;

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 1.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
}

struct Run {
    per_category: BTreeMap<&'static str, Counts>,
    total: Counts,
    documents: usize,
    /// (document, category, "FP" | "FN") for every error.
    errors: Vec<(String, String, &'static str)>,
}

fn run(dir: &str) -> Run {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let labels_text = std::fs::read_to_string(root.join("labels.yaml")).expect("labels.yaml");
    let labels: BTreeMap<String, Vec<String>> =
        serde_saphyr::from_str(&labels_text).expect("labels.yaml parses");
    let (rules, _) = RuleSet::builtin().expect("built-in packs compile");
    let options = Options::default();
    let known: BTreeSet<&str> = CATEGORIES.iter().map(|(c, _)| *c).collect();

    let mut per_category: BTreeMap<&'static str, Counts> =
        CATEGORIES.iter().map(|(c, _)| (*c, Counts::default())).collect();
    let mut total = Counts::default();
    let mut errors = Vec::new();
    for (file, expected) in &labels {
        let doc = load_path(&root.join(file), &LoadOptions::default())
            .unwrap_or_else(|e| panic!("{file}: cannot load: {e}"));
        let outcome = check(&rules, &doc, &options);
        let found: BTreeSet<&str> =
            outcome.findings.iter().map(|f| f.category.as_str()).filter(|c| known.contains(c)).collect();
        let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        if let Some(c) = expected.iter().find(|c| !known.contains(*c)) {
            panic!("{file}: unknown category `{c}` in labels.yaml");
        }
        for (cat, counts) in per_category.iter_mut() {
            match (found.contains(cat), expected.contains(cat)) {
                (true, true) => counts.tp += 1,
                (true, false) => {
                    counts.fp += 1;
                    errors.push((file.clone(), cat.to_string(), "FP"));
                }
                (false, true) => {
                    counts.fn_ += 1;
                    errors.push((file.clone(), cat.to_string(), "FN"));
                }
                (false, false) => {}
            }
        }
    }
    for c in per_category.values() {
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
    }
    Run { per_category, total, documents: labels.len(), errors }
}

fn table(run: &Run) -> String {
    let mut out = String::new();
    writeln!(out, "| category | TP | FP | FN | precision | recall |").unwrap();
    writeln!(out, "|---|---:|---:|---:|---:|---:|").unwrap();
    for (cat, c) in &run.per_category {
        writeln!(
            out,
            "| `{cat}` | {} | {} | {} | {:.3} | {:.3} |",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        )
        .unwrap();
    }
    let t = run.total;
    writeln!(
        out,
        "| **overall** | {} | {} | {} | **{:.3}** | **{:.3}** |",
        t.tp,
        t.fp,
        t.fn_,
        t.precision(),
        t.recall()
    )
    .unwrap();
    out
}

fn errors(run: &Run, heading: &str) -> String {
    let mut out = String::new();
    if run.errors.is_empty() {
        out.push_str("No false positives or false negatives.\n");
    } else {
        writeln!(out, "{heading}\n\n| document | category | kind |\n|---|---|---|").unwrap();
        for (doc, cat, kind) in &run.errors {
            writeln!(out, "| `{doc}` | `{cat}` | {kind} |").unwrap();
        }
    }
    out
}

/// One passage of the paraphrase bank (`tests/paraphrases/`): labelled for
/// one category, `fail` when a reviewer would flag it for that category.
#[derive(serde::Deserialize)]
struct BankItem {
    id: String,
    category: String,
    expect: String,
    #[serde(default)]
    metadata: BTreeMap<String, serde_json::Value>,
    text: String,
}

/// Per category: passages flagged of those that should be (recall) and of
/// those that should not (false alarms).
#[derive(Default)]
struct BankRun {
    per_category: BTreeMap<String, BankCounts>,
    misses: Vec<(String, &'static str)>,
}

#[derive(Default, Clone, Copy)]
struct BankCounts {
    caught: usize,
    violations: usize,
    false_alarms: usize,
    compliant: usize,
}

impl BankCounts {
    fn add(&mut self, o: &BankCounts) {
        self.caught += o.caught;
        self.violations += o.violations;
        self.false_alarms += o.false_alarms;
        self.compliant += o.compliant;
    }
    fn recall(&self) -> f64 {
        self.caught as f64 / self.violations.max(1) as f64
    }
    fn false_alarm_rate(&self) -> f64 {
        self.false_alarms as f64 / self.compliant.max(1) as f64
    }
}

impl BankRun {
    fn total(&self) -> BankCounts {
        let mut t = BankCounts::default();
        self.per_category.values().for_each(|c| t.add(c));
        t
    }
}

/// Which passages of a bank to run: the first banks are split by id parity
/// (odd ids were generalised against, even ids never looked at).
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Odd,
    Even,
    All,
}

/// Runs a part of a paraphrase bank (`tests/paraphrases/{file}.yaml`).
fn bank(file: &str, part: Part) -> BankRun {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/paraphrases/{file}.yaml"));
    let text = std::fs::read_to_string(&path).expect("paraphrase bank");
    let items: Vec<BankItem> = serde_saphyr::from_str(&text).expect("paraphrase bank parses");
    let (rules, _) = RuleSet::builtin().expect("built-in packs compile");
    let mut run = BankRun::default();
    for item in &items {
        let number: usize =
            item.id.rsplit('-').next().and_then(|n| n.parse().ok()).expect("ids end in a number");
        let wanted = match part {
            Part::Odd => !number.is_multiple_of(2),
            Part::Even => number.is_multiple_of(2),
            Part::All => true,
        };
        if !wanted {
            continue;
        }
        let mut meta = Metadata::new();
        for (key, value) in &item.metadata {
            let raw = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => format!(
                    "[{}]",
                    items.iter().map(|v| v.as_str().unwrap_or_default()).collect::<Vec<_>>().join(", ")
                ),
                other => other.to_string(),
            };
            meta.set(key, &raw).unwrap_or_else(|e| panic!("{}: {e}", item.id));
        }
        let script = item.metadata.get("document.kind").and_then(|v| v.as_str()) == Some("script");
        let mut doc = if script {
            Document::from_transcript_text(item.id.clone(), item.text.clone(), meta)
        } else {
            Document::from_text(item.id.clone(), item.text.clone(), meta)
        };
        doc.detect_missing_language();
        let flagged =
            check(&rules, &doc, &Options::default()).findings.iter().any(|f| f.category == item.category);
        let counts = run.per_category.entry(item.category.clone()).or_default();
        if item.expect == "fail" {
            counts.violations += 1;
            if flagged {
                counts.caught += 1;
            } else {
                run.misses.push((item.id.clone(), "missed"));
            }
        } else {
            counts.compliant += 1;
            if flagged {
                counts.false_alarms += 1;
                run.misses.push((item.id.clone(), "false alarm"));
            }
        }
    }
    run
}

fn bank_table(runs: &[(&str, &BankRun)]) -> String {
    let mut out = String::from("| category |");
    for (name, _) in runs {
        write!(out, " {name}: caught | {name}: false alarms |").unwrap();
    }
    out.push_str("\n|---|");
    for _ in runs {
        out.push_str("---:|---:|");
    }
    out.push('\n');
    let cats: BTreeSet<&String> = runs.iter().flat_map(|(_, r)| r.per_category.keys()).collect();
    let cell = |c: &BankCounts| {
        format!(" {}/{} ({:.2}) | {}/{} |", c.caught, c.violations, c.recall(), c.false_alarms, c.compliant)
    };
    for cat in cats {
        write!(out, "| `{cat}` |").unwrap();
        for (_, r) in runs {
            out.push_str(&cell(&r.per_category.get(cat).copied().unwrap_or_default()));
        }
        out.push('\n');
    }
    out.push_str("| **all** |");
    for (_, r) in runs {
        out.push_str(&cell(&r.total()));
    }
    out.push('\n');
    out
}

fn measure_bank(file: &str, part: Part, recall_bar: f64) {
    let run = bank(file, part);
    println!("{}", bank_table(&[(file, &run)]));
    for (id, kind) in &run.misses {
        println!("{kind}: {id}");
    }
    let t = run.total();
    let which = match part {
        Part::Odd => "odd ids",
        Part::Even => "even ids",
        Part::All => "all",
    };
    assert!(
        t.recall() >= recall_bar && t.false_alarm_rate() <= 0.10,
        "{file} ({which}) paraphrases: caught {:.3} (bar {recall_bar}), false alarms {:.3} (bar 0.10)",
        t.recall(),
        t.false_alarm_rate()
    );
}

/// Every paraphrase bank run, for the accuracy page.
struct Banks {
    zh_odd: BankRun,
    zh_even: BankRun,
    en_odd: BankRun,
    en_even: BankRun,
    zh2: BankRun,
    en2: BankRun,
    zh3: BankRun,
    en3: BankRun,
    zh4: BankRun,
    en4: BankRun,
}

fn accuracy_doc(
    run: &Run,
    holdout: &Run,
    second: &Run,
    third: &Run,
    later: &[Run; 16],
    banks: &Banks,
) -> String {
    let mut out = String::new();
    out.push_str("# Accuracy of the built-in rule packs\n\n");
    out.push_str(
        "Measured by `tests/corpus_accuracy.rs` on the labelled corpus in `tests/corpus/` \
         (labels: `tests/corpus/labels.yaml`, see its README). A (document, category) pair is a \
         true positive when the built-in packs report at least one finding of that category on \
         the document and the label lists it. The test fails when overall precision or recall \
         drops below 0.95.\n\n",
    );
    out.push_str(
        "Regenerate this page with `DISCLINT_WRITE_ACCURACY=1 cargo test --test corpus_accuracy`.\n\n",
    );
    out.push_str(
        "Caveats: the corpus was available while the packs were tuned (the rules were written from the \
         regulations first, then corrected where they missed or over-fired, always by widening or narrowing \
         the regulation's wording rather than by adding corpus strings), so accuracy on documents never seen \
         will be lower than shown here. HTML pages need the HTML loader (visible text only): with a loader \
         that passes `<script>`/`<style>` content through as copy, the six HTML pages produce false positives.\n\n",
    );
    writeln!(out, "Documents: {}.\n", run.documents).unwrap();
    out.push_str(&table(run));
    out.push('\n');
    out.push_str(&errors(run, "## Remaining errors"));
    out.push_str("\n## Held-out set\n\n");
    out.push_str(
        "`tests/holdout/` (labels: `tests/holdout/labels.yaml`, see its README) was written by a reviewer who \
         had not seen the rules, the corpus or this page, so it measures how the packs generalise to new \
         wording. When first measured the packs scored precision 0.794 and recall 0.900 on it. The rules were \
         then corrected for its misses (always by widening or narrowing the regulation's wording, never by \
         adding its strings), so the set is now partly seen and the numbers below overstate accuracy on new \
         documents; a fresh held-out set is needed for an unbiased figure. The test fails when overall \
         precision or recall drops below 0.85 (a regression guard).\n\n",
    );
    writeln!(out, "Documents: {}.\n", holdout.documents).unwrap();
    out.push_str(&table(holdout));
    out.push('\n');
    out.push_str(&errors(holdout, "### Remaining held-out errors"));
    out.push_str("\n## Second held-out set\n\n");
    out.push_str(
        "`tests/holdout2/` (24 short documents, 9 compliant) was written later by another reviewer who had not \
         seen the rules, the corpus or the first held-out set. **First measurement, before any change: precision \
         0.917, recall 0.733** (1 false positive: a product series name `Strategy No. 1` read as a `#1` claim; 4 \
         misses: a deposit comparison with words in between, pressure with a spelled-out number, belittling rivals \
         as `陪跑`, past performance praised without a figure). That is the most honest figure here for documents \
         nobody has seen. The misses were then fixed by generalising the rules (new examples in the rules, none of \
         the set's sentences), so this set is now seen as well. Its test fails below 0.85.\n\n",
    );
    writeln!(out, "Documents: {}.\n", second.documents).unwrap();
    out.push_str(&table(second));
    out.push('\n');
    out.push_str(&errors(second, "### Remaining errors of the second set"));
    out.push_str("\n## Third held-out set\n\n");
    out.push_str(
        "`tests/holdout3/` (16 short documents, 6 compliant), written last the same way. **First measurement, \
         before any change: precision 0.857, recall 0.600** (misses: an English disparaging comparison, English \
         pressure without stock phrases, praise by the central bank as endorsement, a forecast in `个点`; the one \
         false positive was a C1 customer coached into an R4 sale, relabelled as also a mismatch, as in the first \
         set). Recall on fresh paraphrases is the weak side: expect new wording to be missed more often than \
         compliant copy is flagged. The misses were then generalised away, so this set is seen too.\n\n",
    );
    writeln!(out, "Documents: {}.\n", third.documents).unwrap();
    out.push_str(&table(third));
    out.push('\n');
    out.push_str(&errors(third, "### Remaining errors of the third set"));
    out.push_str("\n## Fourth and fifth held-out sets\n\n");
    out.push_str(
        "Two more sets were written by reviewers who saw only the category list, the document formats and the \
         regulations, and who were asked to avoid the textbook keywords: colloquial promises (`本金是一分都跑不掉的`), \
         figures in words (`两成`, `百分之十八`, `四个一`, \"eight, nine percent\"), traditional characters, quoted \
         slogans in consumer-education copy.\n\n\
         | set | documents | first measurement (unseen) | after the fourth set's fixes (still unseen) | now (seen) |\n\
         |---|---:|---|---|---|\n\
         | `tests/holdout4/` | 24 | precision 0.846, **recall 0.423** | | see below |\n\
         | `tests/holdout5/` | 20 | precision 0.789, **recall 0.577** | precision 0.750, **recall 0.577** | see below |\n\n\
         The fifth set was measured again after the fourth set's misses had been generalised (new vocabulary \
         and patterns, with rule examples in other words): **recall did not move**, and one fix (a benchmark's own \
         caveat no longer counts as a past-performance caveat) exposed a false positive elsewhere. The honest \
         reading: on wording nobody has seen, expect roughly half to three quarters of violations to be found, \
         with few false alarms; each set's fixes help the next set little, because paraphrase is open-ended. \
         Both sets were then generalised in the same way and are seen now. The fourth set's two remaining misses, risk \
         warnings present only in `<small>`/`<sub>` fine print of Markdown pages, showed a real defect: the \
         loaders dropped the markup, so the rules' fine-print condition only ever saw it in plain text. Loaders \
         now record fine-print ranges and rules say `unless in fine print`. Two sales calls closed in words the \
         script rules did not know (`先买五万吧`, `签好了`), so their missing risk disclosure and 犹豫期 went \
         unreported; the closing vocabulary was widened. What remains missed is listed below: an annuity \
         rider described as protection (\"down markets, you sit it out\") and an adviser who never asks for the \
         risk profile.\n\n",
    );
    out.push_str(
        "**The sixth set** (`tests/holdout6/`, 16 documents, 6 compliant) was first measured at \
         **precision 0.560, recall 0.700** (0.609 / 0.700 after two generic fixes). Its misses and false \
         alarms were then generalised like the others': forecasts with the figure before the return word \
         (`未来两年每年拿到一成以上的回报`, `大概率是一成起步`), principal waved through (`本金一分没少过`, \
         `本金这块不用担心`), a questionnaire dictated answer by answer (`那题您就勾…`), a deadline named by \
         weekday, income promised whatever the market (\"count on a check every single month\"), a cashback \
         that \"disappears in 48 hours\"; a money-fund warning is required only where a money fund is \
         promoted, not where one is a portfolio sleeve; a claim reported and corrected (`说的“稳赚不赔”是不对的`) \
         is not made; and an English publisher that says it sells no financial product is education copy, \
         while English warnings in the same paragraph as a quoted claim excuse it, as the Chinese ones \
         already did. So it is seen now.\n\n",
    );
    out.push_str(
        "**The seventh set** (`tests/holdout7/`, 16 documents, 6 compliant) was first measured at \
         **precision 0.688, recall 0.550**, the same after the sixth set's fixes, and 0.706 / 0.600 after \
         the paraphrase banks' round below. It was then generalised like the others (a principal returned \
         `原封不动`, `打包票`, regulators who `把过关` a list, answers steered by their effect on the score, \
         losses that come \"out of the growth, never out of the money you put in\", forecasts in words over \
         \"the next twelve months\", `第一大重仓` as a neutral ranking, and a bare \"go ahead\" or \"go on \
         then\" no longer taken for a sale's close, which had made an earlier set pass by accident).\n\n",
    );
    out.push_str(
        "**The eighth set** (`tests/holdout8/`, 16 documents, 6 compliant, written by a reviewer who saw only \
         the spec and the regulations) is the current estimate for new text, and is **not** generalised \
         against. First measurement: **precision 0.769, recall 0.500**; the rules as they stood before the \
         paraphrase banks' round scored 0.750 / 0.450 on it, and the seventh set's fixes changed nothing. \
         After the second paraphrase banks' round (below), still unseen, it scored 0.733 / 0.550, and \
         after the fourth's **0.714 / 0.500**. On copy nobody has seen, expect about half of the \
         violations to be found and about one finding in four to be a false alarm. Its test guards this \
         level (0.45), not the 0.85 of the seen sets. (The twelfth QA pass, which made the English \
         suitability rules check sales calls as the Chinese ones do, also finds the mismatch of its \
         retiree call: a side effect, not a fix made for it.)\n\n",
    );
    out.push_str(
        "**The ninth set** (`tests/holdout9/`, 18 documents, 6 compliant, 11 Chinese and 7 English, written \
         by another reviewer who saw only the spec and the regulations, each bad document with two \
         violations of different categories, every category used) was first measured, unseen, at \
         **precision 0.786, recall 0.917** (22 of 24 violations, 6 false alarms). It was then generalised \
         against, by shape: an estimate is a return claim only with its figure (`按当前收益率测算` is how a \
         benchmark was set), `最好是…闲钱` is advice, not a superlative; a rival put `不在一个档次` with \
         `跟我们比`; \"nobody … does it better\"; deposit words about the customer's own maturing deposit \
         (\"your fixed-term deposit … matures\", \"paid into your instant-access account\") are not the \
         product's; \"sat on their hands\" runs rivals down only when said of rivals. One false alarm is left \
         (below): a signature for the risk assessment read as the sale's close.\n\n",
    );
    out.push_str(
        "**The tenth set** (`tests/holdout10/`, 20 documents, 7 compliant, 12 Chinese and 8 English, by \
         another reviewer who saw only the spec and the regulations; every category once) was first \
         measured, unseen and after the ninth set's round, at **precision 0.800, recall 0.667** (12 of 18 \
         violations, 3 false alarms): the best first measurement of a set so far (the eighth, left untuned, \
         scores 0.733 / 0.550). It was then generalised against, by shape: a benchmark figure set above its \
         label (`3.00%~3.60%` / `业绩比较基准（年化）`) and its caveat in a note below the table (within 250 \
         characters), a 保本 said of the past (`保本型理财已退出市场`, `“保本理财”去哪了`), insurance and \
         deposits said to be `不同的东西`, an expert speaking of `我们的这只产品`, stock others `拿走一大半` and \
         a window that `一关就没了`, rivals' funds that \"barely kept their heads above inflation\" or make \
         you \"pay for the logo\", an order read back with \"Do you want to go ahead?\" as a sale's close; and \
         a promotion that calls itself `仅为投资者教育及产品介绍` while its metadata names the product is \
         not exempt as investor education any more (the self-label switched every Chinese pack off). The \
         last miss, a risk warning set in 7px type by a stylesheet class, is caught since the HTML loader \
         reads the page's own `<style>` rules (tiny type is fine print) and a warning that is only ever \
         in fine print is not prominent even without a return figure.\n\n",
    );
    out.push_str(
        "**The eleventh set** (`tests/holdout11/`, 16 documents, 5 compliant, 10 Chinese and 6 English, by \
         another reviewer who saw only the spec and the regulations: app pushes, a live-stream script, an \
         insurance agent's WeChat messages, a private-fund roadshow, UK and US pages and calls) was first \
         measured, unseen and after the tenth set's round, at **precision 0.625, recall 0.667** (10 of 15 \
         violations, 6 false alarms; two of those came from the tenth round's \"are you happy to go ahead\", \
         asked of the call itself, which is no longer a close). It was then generalised against: a launch \
         as a scramble (`今晚8点准时开抢`, `20分钟就被抢光`, `手慢真的没有了`), a sales rule stated as fact \
         (`额度售罄即停止销售`) not pressure, the state as the one who screened the product \
         (`国家层层筛过`, `国家帮咱们把过关`), insurance and deposits `性质不一样`, \"Do you confirm?\" / \
         \"that's gone through\" as a close, and the customer's own savings account. Left: a benchmark \
         whose basis (测算依据) is given without saying it is no promise, which the rule accepts as the \
         regulation words it (a reviewer may ask for both), and a real Cash ISA described as a savings \
         account beside the fund the page promotes.\n\n",
    );
    out.push_str(
        "**The twelfth set** (`tests/holdout12/`, 18 documents, 6 compliant, 11 Chinese and 7 English, by \
         another reviewer who saw only the spec and the regulations, in genres no earlier set used: a short-video \
         script, 朋友圈 group messages, a branch roll-up banner, a 分红险 illustration in Word, a 定投 guide, a \
         private-fund sale in a JSON transcript, a UK pension-transfer letter, a US bond-ladder newsletter, a \
         paid-creator script, a UK investment-trust factsheet in UTF-16, a robo-adviser onboarding page, a \
         variable-annuity brochure, an IRA rollover call) was first measured, unseen and after the eleventh set's \
         round, at **precision 0.789, recall 0.652** (15 of 23 violations, 4 false alarms). It was then \
         generalised against: deposit insurance stated of real CDs and the legend's \"not a bank deposit or FDIC \
         insured\", \"question number one\", a historic dividend yield (a yield, not a return), a factsheet's one \
         past-performance warning covering its page (1,200 characters, was 600), a forecast with `有望做到`, a \
         deposit left behind (`比存单多拿近一倍`, `利息还不到它的一半`), rivals that \"charge you five times what \
         Fernleaf does\", colleagues who \"have already completed their transfers\" and \"after that I can't \
         promise\", face value back \"no matter what rates or markets do\" (the state backing of Treasuries \
         now exempts only its own sentence, not a whole bond document). Left: a warning shown only on a video's \
         end card in small type for a second, a factsheet whose only warning closes the page, and an English \
         factsheet with no risk rating (the English packs ask for none: FINRA does not require one).\n\n",
    );
    out.push_str(
        "**The thirteenth set** (`tests/holdout13/`, 14 documents, 5 compliant, 9 Chinese and 5 English, by \
         another reviewer who saw only the spec and the regulations: a mobile-banking product page, a WeChat \
         one-to-one chat, gold and foreign-currency promotions, a trust one-pager, a post-sale review call in \
         JSON, a branch morning-meeting script sheet, a UK ISA transfer page, a US annuity seminar letter, a \
         structured-note call, a robo-adviser notice) was measured unseen after the twelfth set's round and the \
         fourth QA pass, at **precision 0.789, recall 0.833** (15 of 18 violations, 4 false alarms), and is kept \
         unseen like the eighth: the rules were not changed for it. Its errors are the estimate of what to \
         expect on new documents: the customer's own instant-access account read as deposit wording, a past \
         gold price move with its source read as a forecast, a warning only in a 10px grey footer (fine \
         print is 9px or less), an annuity letter whose surrender-charge footer stands in for a risk warning, \
         and `跟着央行配黄金` as an endorsement.\n\n",
    );
    out.push_str(
        "**The fourteenth set** (`tests/holdout14/`, 16 documents, 6 compliant, 10 Chinese and 6 English, by \
         another reviewer who saw only the spec and the regulations: a mobile-banking push and landing page, a \
         fund short-video script, a live-stream sale in a YAML transcript, a 分红险 illustration, a private-fund \
         roadshow and signing, 朋友圈 copy, an outbound call in GBK, a US broker's social post, a robo-adviser \
         screen, a UK structured-deposit leaflet, a 养老理财 poster, a structured-deposit note in GBK, a 定投 \
         article, a UK cash-or-stocks-and-shares ISA email, an annuity call in JSON, a fund factsheet) was \
         measured unseen after the fifth QA pass, at **precision 0.917, recall 0.957** (22 of 23 violations, 2 \
         false alarms): the best first measurement so far. It was then generalised against: `收益是有保障的` \
         and a dividend that `都会稳稳到账` are guarantees; \"Potential return of 18% over five years\" is not \
         past performance; and deposit words under a heading that names a real deposit set beside the \
         investment (\"Thornbury Easy Access Cash ISA\") describe that deposit, for which the rule language \
         gained `under heading P`.\n\n",
    );
    out.push_str(
        "**The fifteenth set** (`tests/holdout15/`, 16 documents, 6 compliant, 10 Chinese and 6 English, by \
         another reviewer who saw only the spec and the regulations: a branch LED ticker playlist in GBK, a \
         小红书 note aimed at students, a 企业微信 group with a 接龙 order list, an SMS and H5 page whose \
         warning is a 9px grey footer, an insurance agent's training script, a private-fund call in YAML, \
         视频号 live-stream subtitles, a UK ISA transfer leaflet, a US covered-call promo, a US broker's call \
         in JSON, a USD wealth factsheet in GBK, an annuity plan summary, a private fund's 双录 transcript, US \
         brokerage pushes, an annuity seminar invitation, a UK gilt-ladder email) was measured unseen after \
         the seventh QA pass, at **precision 0.769, recall 0.800** (20 of 25 violations, 6 false alarms). It \
         was then generalised against: \"not affiliated with or endorsed by\" is a negation; guaranteed \
         income from pensions and Social Security is the customer's, not the product's; \"Is a ladder the \
         best choice for you?\" asks, it does not claim; a hearsay question (`听朋友说…最高能到5%，是真的吗？`) \
         is not a claim; \"not a forecast of what you'll earn\" disclaims; a real 大额存单's `20万元起存` is \
         not deposit wording, while `就跟存了个三个月定期一样` is; an exchange-rate board's `仅供参考` is not \
         a benchmark caveat; `净值涨了38.6%` and `成立四年多累计涨了107%` are past performance; an \
         insurance close in other words (`就按这个来`, `帮您把投保单填好`, `保费从您卡上扣`); a surrender \
         loss said plainly (`前几年现金价值会低于已交保费`) is a risk warning; an American close (`I'd put \
         $150,000 to work here`, `I'll enter the order now`); and rivals said to be `charging you more for \
         less` or to have `trailed ours`. Left: the private-fund call in which the agent tells a C3 customer \
         that C3 cannot buy the R5 fund and then coaches the questionnaire is also reported as a mismatch, \
         which a reviewer may accept (the customer's tolerance is C3).\n\n",
    );
    out.push_str(
        "**The sixteenth set** (`tests/holdout16/`, 14 documents, 5 compliant, 9 Chinese and 5 English, by \
         another reviewer who saw only the spec and the regulations: a relationship manager's WeChat chat, a \
         banking-app pop-up, a 定投 poster, a bancassurance counter script in YAML, a private-fund roadshow in \
         GBK, a pension-seminar invitation, a UK pension cold call in JSON, a US robo-adviser onboarding email, \
         a crypto-ETF social thread, an agency wealth call, a private fund's signing with its cooling-off \
         period, an agency fund page, a UK ISA FAQ, a US robo review call with a retiree) was measured once, \
         unseen, after the eighth QA pass and the fifteenth set's round, at **precision 0.842, recall 0.800** \
         (16 of 20 violations, 3 false alarms). It was then generalised against: a quoted list is one phrase \
         for `preceded by` (`不得向您承诺“保本”“无风险”“稳赚不赔”` puts every item under the one `不得`); an \
         FAQ question denied in its answer (\"A forum called this the safest tracker. Is it?\" / \"We don't call \
         any investment safe\", \"Do I need to act now?\" / \"No.\") is not a claim; a robo forecast of the \
         reader's own portfolio (\"you can expect your portfolio to grow about 9% a year\", \"that's roughly \
         $152,000 by 2041\"); a named rival run down (\"asleep at the wheel\", \"their default fund's a \
         dinosaur\"); e-signing on the call closes it; and a waived or put-off assessment (`问卷的事不急，回头再弄`) \
         before the close still leaves the assessment unconfirmed, so the close is reported as well as the \
         waiver.\n\n",
    );
    out.push_str(
        "**The seventeenth set** (`tests/holdout17/`, 16 documents, 6 compliant, 10 Chinese and 6 English, by \
         another reviewer who saw only the spec and the regulations: a 养老理财 short-video script, a fund \
         live-stream transcript in GBK with CRLF, a private-fund phone pitch, a week of a relationship \
         manager's 朋友圈 posts, an insurance surrender-retention call in JSON, a branch 双录 sale to a retiree \
         in Markdown, a USD wealth prospectus as DOCX, a Hong Kong-style app FAQ, a US options app's push \
         campaign aimed at students, a UK SIPP drawdown review in YAML, an agency wealth sales file as PDF, a \
         fund comment section with the official account's replies, a bancassurance annuity 双录, a UK \
         structured deposit brochure as PDF, an anti-fraud investor alert, an ISA fund call) was measured \
         unseen after the sixteenth set's round, at **precision 0.679, recall 0.826** (19 of 23 violations, 9 \
         false alarms), and then generalised against: a quoted word then denied (`“同类第一”不是我司发布的信息`); \
         `自称` as the context of an impersonation; a commenter's handle in quotes; `不存在任何…推荐`; \
         `国家点名`, `监管一家一家挑出来`, `国家在后面给您撑着腰`; `今天不买也完全可以` takes the pressure back; \
         a benchmark in the next table row is not a past result; \"licensed by the Securities and Futures \
         Commission\" is a firm's status; \"will never call you to say … 'guaranteed to pay 10%'\" quotes a \
         scam; derivatives' own risk warnings (\"entails significant risk\", \"can lose the entire amount you \
         invest\"); questionnaire answers dictated (`第八题“投资经验”，您选“三到五年”`, \"just go with 'hold and \
         wait', that's what most people in your position tick\"); and past returns quoted on a call without the \
         warning, for which two script rules were added (CN-SCRIPT-PAST-PERFORMANCE, EN-SCRIPT-PAST-PERFORMANCE). \
         Left: a customer's own comment in the comment section (`闭眼买就对了`) is read as the page's copy: \
         nothing in the HTML says whose words a comment is.\n\n",
    );
    out.push_str(
        "**The eighteenth set** (`tests/holdout18/`, 14 documents, 5 compliant, 9 Chinese and 5 English, by \
         another reviewer who saw only the spec and the regulations: a 个人养老金 outbound call, a broker's \
         margin-trading push page aimed at students, a 周年庆 H5 page, an insurance 开门红 morning-meeting script \
         as DOCX, a private-fund roadshow minute as PDF, a family-trust WeChat chat in JSON, a US crypto-staking \
         FAQ, a UK Lifetime ISA short-video script, a US 529 mailer as DOCX, a gold live-stream with viewers' \
         comments in YAML, a community branch's 银发课堂 handout in GBK, a private fund's return-visit call, a UK \
         investment trust's AGM notice as PDF, a newsletter for Chinese-speaking families in the UK) was \
         written last and measured once, unseen, at **precision 0.613, recall 0.864** (19 of 22 violations, 12 \
         false alarms); the binary this session started from scores the same on it. It is kept unseen like the \
         eighth and the thirteenth: the rules were not changed for it, and its errors are the estimate of what \
         to expect on new documents. Most of its false alarms are on compliant education material (a 银发课堂 \
         handout and an expat newsletter that quote what not to believe) and on a return-visit call after a \
         sale, read as a sale.\n\n",
    );
    out.push_str(
        "**The nineteenth set** (`tests/holdout19/`, 14 documents, 5 compliant, 9 Chinese and 5 English, by \
         another reviewer who saw only the spec and the regulations, asked for genres no earlier set had: a \
         branch's queue-ticket slip and LED screen copy in GBK, a relationship manager's WeChat Moments post, \
         an agency 理财 counter fact sheet as DOCX, an insurance agent's Douyin live stream, a redemption-retention \
         call in JSON, a 养老理财 community lecture, a robo-adviser's onboarding e-mails, an options-income \
         seminar invitation for retirees as PDF, a UK SIPP transfer letter as DOCX; compliant: a 同业存单 index \
         fund's app page, a bond fund's quarterly commentary as PDF, a recorded bancassurance counter sale, an \
         ESG fund factsheet, an ISA switch helpline call) was written at the start of the third 28 November \
         session and measured once, unseen, at **precision 0.815, recall 0.815** (22 of 27 violations, 5 \
         false alarms). It is kept unseen: the rules were not changed for it.\n\n",
    );
    for (name, run) in [
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ]
    .iter()
    .zip(later)
    {
        writeln!(out, "### The {name} set\n\nDocuments: {}.\n", run.documents).unwrap();
        out.push_str(&table(run));
        out.push('\n');
        out.push_str(&errors(run, &format!("#### Remaining errors of the {name} set")));
        out.push('\n');
    }
    out.push_str("## Paraphrase banks\n\n");
    out.push_str(
        "Whole documents mix easy and hard sentences. `tests/paraphrases/` isolates the hard part: short \
         passages written by reviewers who saw only the spec and the regulations, never the rules, asked for \
         the many ways marketers, influencers and agents really imply each prohibited claim while avoiding \
         the textbook keywords, plus compliant near misses. Each passage is labelled for one of eight \
         categories; it counts as caught when the built-in packs report its category, as a false alarm \
         when they report it on a near miss. Four banks in each language:\n\n\
         - **First banks** (`zh.yaml`, `en.yaml`; 25 violations and 15 near misses per category and \
         language). The rules were generalised against the **odd** ids only, mostly by adding the new \
         vocabulary. The even ids went from 0.32 / 0.25 caught (Chinese / English) to 0.33 / 0.26: \
         vocabulary learnt from one sample hardly transferred to the next.\n\
         - **Second banks** (`zh2.yaml`, `en2.yaml`, same sizes). First measured unseen at 0.45 / 0.24 \
         caught, with 4 % / 2 % false alarms. The rules were then generalised against all of them, this \
         time by shape rather than by phrase: a claim's parts composed with room between them (a deadline \
         *and* an order to act; a rival *and* a put-down; a figure *and* “no problem”; \
         deposit words for a product whose metadata says it is not a deposit), new rule kinds where a \
         category had none (assessment coaching outside calls, superlatives and comparisons in English \
         calls), and negations that a gap used to skip over (`跟存款不是一回事`). That moved the untouched \
         even ids of the first banks from 0.33 / 0.26 to **0.48 / 0.44**, with false alarms at 1 / 64 and \
         5 / 64, and the eighth held-out set from 0.769 / 0.500 to 0.733 / 0.550 (precision / recall): \
         shapes transfer where phrases did not.\n\
         - **Third banks** (`zh3.yaml`, `en3.yaml`; 20 violations and 12 near misses per category), \
         written after that round and never looked at. First measured at 0.42 caught in each language, \
         3 % false alarms (the rules from before the second round catch 0.33 / 0.26 of them).\n\
         - **Fourth banks** (`zh4.yaml`, `en4.yaml`; 25 violations and 10 near misses per category, \
         each category imagined as 25 different marketers). First measured unseen at 0.49 / 0.32 \
         caught, 4 % / 3 % false alarms, then generalised against by shape as in the second round, \
         with three generic precision fixes (an A-not-A question, 会不会亏, is not a claim; 没办法保证 \
         negates; a script about a real deposit may call it one). On the parts nobody looked at this \
         moved the third banks from 0.42 / 0.42 to **0.44 / 0.46** and the even ids from 0.48 / 0.44 \
         to **0.50 / 0.47**, false alarms unchanged; the eighth held-out set went from 0.733 / 0.550 \
         to 0.714 / 0.500 (one true positive lost, not investigated so that the set stays unseen). \
         Each round now helps the next by two to four points: the shapes generalise, slowly.\n\n\
         **On wording nobody has seen, expect between four and five violations in ten to be caught, \
         with about 3 % false alarms on near misses.** Treat a clean run as “no known pattern found”, \
         never as clearance.\n\n",
    );
    out.push_str("Unseen: the third banks and the even ids of the first.\n\n");
    out.push_str(&bank_table(&[
        ("zh3", &banks.zh3),
        ("en3", &banks.en3),
        ("zh, even ids", &banks.zh_even),
        ("en, even ids", &banks.en_even),
    ]));
    out.push_str("\nSeen: what the rules were generalised against.\n\n");
    out.push_str(&bank_table(&[
        ("zh4", &banks.zh4),
        ("en4", &banks.en4),
        ("zh2", &banks.zh2),
        ("en2", &banks.en2),
    ]));
    out.push('\n');
    out.push_str(&bank_table(&[("zh, odd ids", &banks.zh_odd), ("en, odd ids", &banks.en_odd)]));
    out.push('\n');
    out
}

/// Measures one labelled set, prints its table and errors, and fails below `bar`.
fn measure(dir: &str, bar: f64) -> Run {
    let run = run(dir);
    println!("{}", table(&run));
    for (doc, cat, kind) in &run.errors {
        println!("{kind} {doc} {cat}");
    }
    let t = run.total;
    assert!(
        t.precision() >= bar && t.recall() >= bar,
        "{dir}: overall precision {:.3} / recall {:.3} below {bar}",
        t.precision(),
        t.recall()
    );
    run
}

#[test]
fn built_in_packs_meet_the_accuracy_bar_on_the_corpus() {
    let corpus = measure("tests/corpus", THRESHOLD);
    if std::env::var_os("DISCLINT_WRITE_ACCURACY").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/accuracy.md");
        let (holdout, second, third) = (run("tests/holdout"), run("tests/holdout2"), run("tests/holdout3"));
        let later = [
            run("tests/holdout4"),
            run("tests/holdout5"),
            run("tests/holdout6"),
            run("tests/holdout7"),
            run("tests/holdout8"),
            run("tests/holdout9"),
            run("tests/holdout10"),
            run("tests/holdout11"),
            run("tests/holdout12"),
            run("tests/holdout13"),
            run("tests/holdout14"),
            run("tests/holdout15"),
            run("tests/holdout16"),
            run("tests/holdout17"),
            run("tests/holdout18"),
            run("tests/holdout19"),
        ];
        let banks = Banks {
            zh_odd: bank("zh", Part::Odd),
            zh_even: bank("zh", Part::Even),
            en_odd: bank("en", Part::Odd),
            en_even: bank("en", Part::Even),
            zh2: bank("zh2", Part::All),
            en2: bank("en2", Part::All),
            zh3: bank("zh3", Part::All),
            en3: bank("en3", Part::All),
            zh4: bank("zh4", Part::All),
            en4: bank("en4", Part::All),
        };
        std::fs::write(&path, accuracy_doc(&corpus, &holdout, &second, &third, &later, &banks))
            .expect("write docs/accuracy.md");
    }
}

/// The first held-out set (first measured at 0.794 / 0.900, then generalised against).
#[test]
fn held_out_documents() {
    measure("tests/holdout", HOLDOUT_THRESHOLD);
}

/// A second independently written set (first measured at 0.917 / 0.733).
#[test]
fn second_held_out_set() {
    measure("tests/holdout2", HOLDOUT_THRESHOLD);
}

/// A third independently written set (first measured at 0.857 / 0.600).
#[test]
fn third_held_out_set() {
    measure("tests/holdout3", HOLDOUT_THRESHOLD);
}

/// A fourth set written to avoid textbook keywords (first measured at 0.846 / 0.423).
#[test]
fn fourth_held_out_set() {
    measure("tests/holdout4", HOLDOUT_THRESHOLD);
}

/// A fifth set, measured before and after the fourth set's fixes (0.789 / 0.577, then 0.750 / 0.577).
#[test]
fn fifth_held_out_set() {
    measure("tests/holdout5", HOLDOUT_THRESHOLD);
}

/// A sixth set (first measured at 0.560 / 0.700; 0.609 / 0.700 after two
/// generic fixes), since generalised against like the others.
#[test]
fn sixth_held_out_set() {
    measure("tests/holdout6", HOLDOUT_THRESHOLD);
}

/// A seventh set (first measured at 0.688 / 0.550; 0.706 / 0.600 after the
/// paraphrase banks' round), since generalised against like the others.
#[test]
fn seventh_held_out_set() {
    measure("tests/holdout7", HOLDOUT_THRESHOLD);
}

/// An eighth set, written after all the fixes above and not generalised
/// against (first measured at 0.769 / 0.500; 0.750 / 0.450 with the rules
/// before the paraphrase banks; 0.733 / 0.550 after the second banks' round,
/// 0.714 / 0.500 after the fourth's). Its guard is its own level, so that it stays
/// an honest estimate: a regression guard, not a target.
#[test]
fn eighth_held_out_set() {
    measure("tests/holdout8", 0.45);
}

/// A ninth set (first measured unseen at 0.786 / 0.917), since generalised
/// against.
#[test]
fn ninth_held_out_set() {
    measure("tests/holdout9", HOLDOUT_THRESHOLD);
}

/// A tenth set (first measured unseen at 0.800 / 0.667, after the ninth
/// set's round), since generalised against.
#[test]
fn tenth_held_out_set() {
    measure("tests/holdout10", HOLDOUT_THRESHOLD);
}

/// An eleventh set (first measured unseen at 0.625 / 0.667, after the tenth
/// set's round), since generalised against.
#[test]
fn eleventh_held_out_set() {
    measure("tests/holdout11", HOLDOUT_THRESHOLD);
}

/// A twelfth set (first measured unseen at 0.789 / 0.652, after the eleventh
/// set's round), since generalised against.
#[test]
fn twelfth_held_out_set() {
    measure("tests/holdout12", HOLDOUT_THRESHOLD);
}

/// A thirteenth set, written after the twelfth set's round and the fourth
/// QA pass, and not generalised against (first measured unseen at 0.789 /
/// 0.833): like the eighth, an honest estimate kept as a regression guard at
/// its own level, not a target.
#[test]
fn thirteenth_held_out_set() {
    measure("tests/holdout13", 0.75);
}

/// A fourteenth set (first measured unseen at 0.917 / 0.957, after the
/// fifth QA pass), since generalised against.
#[test]
fn fourteenth_held_out_set() {
    measure("tests/holdout14", HOLDOUT_THRESHOLD);
}

/// A fifteenth set (first measured unseen at 0.769 / 0.800, after the
/// seventh QA pass), since generalised against.
#[test]
fn fifteenth_held_out_set() {
    measure("tests/holdout15", HOLDOUT_THRESHOLD);
}

/// A sixteenth set (first measured unseen at 0.842 / 0.800, after the
/// eighth QA pass), since generalised against.
#[test]
fn sixteenth_held_out_set() {
    measure("tests/holdout16", HOLDOUT_THRESHOLD);
}

/// A seventeenth set (first measured unseen at 0.679 / 0.826, after the
/// sixteenth set's round), since generalised against.
#[test]
fn seventeenth_held_out_set() {
    measure("tests/holdout17", HOLDOUT_THRESHOLD);
}

/// An eighteenth set, written after the seventeenth set's round and not
/// generalised against (first measured unseen at 0.613 / 0.864): like the
/// eighth and thirteenth, an honest estimate kept as a regression guard at
/// its own level, not a target.
#[test]
fn eighteenth_held_out_set() {
    measure("tests/holdout18", 0.55);
}

/// A nineteenth set, written at the start of the next session and not
/// generalised against (first measured unseen at 0.815 / 0.815): the
/// current estimate for new documents, guarded at its own level.
#[test]
fn nineteenth_held_out_set() {
    measure("tests/holdout19", 0.70);
}

/// What the rules were generalised against: the odd ids of the first banks
/// and all of the second and fourth.
#[test]
fn paraphrase_banks_seen() {
    measure_bank("zh", Part::Odd, HOLDOUT_THRESHOLD);
    measure_bank("en", Part::Odd, HOLDOUT_THRESHOLD);
    measure_bank("zh2", Part::All, HOLDOUT_THRESHOLD);
    measure_bank("en2", Part::All, HOLDOUT_THRESHOLD);
    measure_bank("zh4", Part::All, HOLDOUT_THRESHOLD);
    measure_bank("en4", Part::All, HOLDOUT_THRESHOLD);
}

/// The even ids of the first banks, never looked at: 0.323 / 0.250 caught at
/// first, 0.333 / 0.260 after the odd ids' round, 0.479 / 0.438 after the
/// second banks' round, 0.500 / 0.469 after the fourth's. Guarded at its own
/// level, not a target.
#[test]
fn paraphrase_banks_unseen_even_ids() {
    measure_bank("zh", Part::Even, 0.46);
    measure_bank("en", Part::Even, 0.43);
}

/// The third banks, written after the second banks' round and never looked
/// at (also not during the fourth banks' round): the current estimate for
/// new wording. Guarded at its own level.
#[test]
fn paraphrase_banks_unseen_third() {
    measure_bank("zh3", Part::All, ZH3_BAR);
    measure_bank("en3", Part::All, EN3_BAR);
}
