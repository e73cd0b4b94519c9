//! In-process benchmarks: rule compilation, normalisation, the single scan,
//! and whole evaluation, over deterministic synthetic text.
//!
//! `cargo bench --bench engine` (not part of `cargo test`). Whole-process
//! numbers, ripgrep for reference and peak memory come from `bench/run.sh`;
//! see docs/performance.md.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use disclint::compile::{RuleSet, RuleSource};
use disclint::document::load::{LoadOptions, from_text};
use disclint::document::{Format, Metadata};
use disclint::eval::{self, Options};
use disclint::text::normalize;
use std::hint::black_box;

/// A tiny deterministic generator (xorshift), so the bench needs no corpus on disk.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const CLEAN: &[&str] = &[
    "稳盈3号是一款固定收益类理财产品，投资期限180天，起购金额1万元。",
    "本产品主要投资于国债、地方政府债及政策性金融债，力争在控制风险的前提下实现资产的稳健增值。",
    "业绩比较基准为年化3.25%，业绩比较基准不构成对产品收益的承诺。",
    "理财非存款、产品有风险、投资须谨慎。",
    "产品风险等级为R3，适合风险承受能力为C3及以上的投资者。",
    "过往业绩不代表未来表现，投资者应仔细阅读产品说明书和风险揭示书。",
    "本产品不保本，投资者可能损失部分或全部本金。",
    "认购费率最高不超过0.80%，管理费率为每年0.30%。",
    "Past performance is not a reliable indicator of future results. ",
    "Capital at risk. The value of investments can go down as well as up. ",
];
const VIOLATIONS: &[&str] = &[
    "本产品保本保息，到期稳赚不赔！",
    "零风险，收益有保障，是您理财的首选。",
    "全市最佳理财产品，收益第一。",
    "业绩比较基准：年化4.20%，欢迎选购。",
    "保證收益，放心購買。",
    "Guaranteed returns of 5% with zero risk! ",
];

/// About `bytes` of marketing copy in paragraphs, ~3% violating sentences.
fn copy(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        for _ in 0..5 {
            let s = if rng.next() % 100 < 3 { rng.pick(VIOLATIONS) } else { rng.pick(CLEAN) };
            out.push_str(s);
        }
        out.push_str("\n\n");
    }
    out
}

/// `n` synthetic rules of mixed kinds. The first ten use words of the
/// violating sentences; the others use words of characters the text never
/// has, so every pack finds about the same and only the rule count varies.
fn synthetic_pack(n: usize) -> String {
    const REAL: &[&str] =
        &["保本", "稳赚不赔", "零风险", "最佳", "首选", "收益有保障", "第一", "放心", "保证", "欢迎选购"];
    const CHARS: &[char] =
        &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑', '寅', '卯', '辰'];
    let mut rng = Rng(0x5EED + n as u64);
    let mut word = |i: usize| -> String {
        if i < REAL.len() {
            return REAL[(rng.next() % REAL.len() as u64) as usize].to_string();
        }
        (0..3).map(|_| CHARS[(rng.next() % CHARS.len() as u64) as usize]).collect()
    };
    let mut out = format!(
        "pack bench.synthetic{n} {{ title \"synthetic\" }}\n\nterms neg = [\"不\", \"非\", \"并非\"]\n\n"
    );
    for i in 0..n {
        let (a, b, c) = (word(i), word(i), word(i));
        let check = match i % 5 {
            0 => format!("forbid [\"{a}\", \"{b}\", \"{c}\"]"),
            1 => format!("forbid /{a}[^。]{{0,6}}\\d+%/"),
            2 => format!("forbid [\"{a}\"] unless preceded by neg within 6 except [\"{a}{b}\"]"),
            3 => format!("forbid \"{a}\" near [\"{b}\"] within 10"),
            _ => format!("require [\"{b}\"] near each [\"{a}\"] within 50"),
        };
        out.push_str(&format!(
            "rule BENCH-{i} {{\n  title \"t\"\n  category other.bench\n  severity warning\n  {check}\n  \
             example fail \"{a}\"\n  example pass \"无关\"\n}}\n"
        ));
    }
    out
}

fn load(sources: Vec<RuleSource>) -> RuleSet {
    RuleSet::load(sources).expect("benchmark rules compile").0
}

fn doc(text: &str) -> disclint::document::Document {
    from_text("bench.md", text.to_string(), Format::Markdown, Metadata::new(), &LoadOptions::default())
        .expect("benchmark document loads")
}

fn compile(c: &mut Criterion) {
    c.bench_function("compile/builtin", |b| {
        b.iter(|| black_box(load(disclint::compile::builtin::sources())))
    });
}

fn normalise(c: &mut Criterion) {
    let mut g = c.benchmark_group("normalise");
    for kb in [10, 1000] {
        let text = copy(kb * 1000, 7);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(format!("{kb}KB")), &text, |b, t| {
            b.iter(|| black_box(normalize(t)))
        });
    }
    g.finish();
}

fn scan(c: &mut Criterion) {
    let text = copy(1_000_000, 11);
    let norm = normalize(&text).text;
    let mut g = c.benchmark_group("scan-1MB");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let builtin = load(disclint::compile::builtin::sources());
    g.bench_function("builtin", |b| b.iter(|| black_box(builtin.patterns.scan(&norm))));
    for n in [50, 500, 5000] {
        let set = load(vec![RuleSource::inline("synthetic.rules", &synthetic_pack(n))]);
        g.bench_function(BenchmarkId::new("synthetic", n), |b| {
            b.iter(|| black_box(set.patterns.scan(&norm)))
        });
    }
    g.finish();
}

fn evaluate(c: &mut Criterion) {
    let options = Options::default();
    let builtin = load(disclint::compile::builtin::sources());
    let mut g = c.benchmark_group("check");
    for kb in [10, 1000] {
        let d = doc(&copy(kb * 1000, 13));
        g.throughput(Throughput::Bytes(d.text.len() as u64));
        g.bench_function(BenchmarkId::new("builtin", format!("{kb}KB")), |b| {
            b.iter(|| black_box(eval::check(&builtin, &d, &options)))
        });
    }
    let d = doc(&copy(10_000, 17));
    g.throughput(Throughput::Bytes(d.text.len() as u64));
    for n in [50, 500, 5000] {
        let set = load(vec![RuleSource::inline("synthetic.rules", &synthetic_pack(n))]);
        g.bench_function(BenchmarkId::new("synthetic-10KB", n), |b| {
            b.iter(|| black_box(eval::check(&set, &d, &options)))
        });
    }
    g.finish();
}

/// `require … near each … within 1000000` ("anywhere in the document") over
/// 100 KB and 1 MB: the time per byte should stay flat (it was quadratic
/// before QA pass 9, item 18).
fn near_each_anywhere(c: &mut Criterion) {
    let options = Options::default();
    let set = load(vec![RuleSource::inline(
        "anywhere.rules",
        "rule A-1 {\n  title \"t\"\n  category disclosure.past-performance-caveat-missing\n  severity error\n  message \"m\"\n  \
         require \"过往业绩不代表未来表现\" near each \"年化\" within 1000000\n  example fail \"年化5%\"\n  \
         example pass \"年化5%，过往业绩不代表未来表现\"\n}\n",
    )]);
    let line = "华信稳盈1号，成立以来年化收益5.2%。业绩比较基准3.5%，不代表实际收益。风险等级R2。\n";
    let mut g = c.benchmark_group("near-each-anywhere");
    for lines in [1_000, 10_000] {
        let d = doc(&format!("{}过往业绩不代表未来表现", line.repeat(lines)));
        g.throughput(Throughput::Bytes(d.text.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(format!("{}KB", d.text.len() / 1000)), |b| {
            b.iter(|| black_box(eval::check(&set, &d, &options)))
        });
    }
    g.finish();
}

criterion_group!(benches, compile, normalise, scan, evaluate, near_each_anywhere);
criterion_main!(benches);
