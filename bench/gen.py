#!/usr/bin/env python3
"""Deterministic corpus and rule-pack generator for the disclint benchmarks.

    gen.py corpus  OUT --mb 200 [--seed 1]    # ~100 files per MB (avg ~10 KB), mixed kinds
    gen.py large   OUT --mb 50 [--count 2]    # a few large files
    gen.py rules   OUT --rules 5000           # OUT.rules + OUT.patterns.txt (its literals)
    gen.py builtin-patterns RULES_DIR OUT     # literal patterns of the built-in packs, for rg -F -f

Everything is derived from --seed, so the same arguments give the same bytes.
Nothing here is committed: corpora go to bench/corpus/ (git-ignored).
"""
import argparse
import os
import random
import re
import sys

PRODUCTS = ["稳盈", "安鑫", "悦享", "添利", "金鼎", "恒丰", "睿远", "鑫益", "天天利", "周周盈",
            "季季红", "月月享", "惠民", "乐享", "安心", "聚宝", "长青", "嘉和", "瑞丰", "汇财"]
TYPES = ["固定收益类理财产品", "混合类理财产品", "债券型基金", "货币市场基金", "增额终身寿险",
         "分红型年金保险", "权益类理财产品", "现金管理类产品", "封闭式净值型产品", "养老理财产品"]
ASSETS = ["国债、地方政府债及政策性金融债", "高等级信用债", "同业存单和银行存款", "沪深300成分股",
          "货币市场工具", "资产支持证券", "优质蓝筹股票", "可转换债券", "非标准化债权资产"]
CHANNELS = ["手机银行", "网上银行", "网点柜台", "微信小程序", "客户经理"]
HEADINGS = ["产品概述", "投资范围", "收益说明", "风险揭示", "费用说明", "购买方式", "常见问题", "重要提示"]
EN_PRODUCTS = ["Horizon Income", "Blue Harbor Bond", "Evergreen Balanced", "Summit Growth", "Pioneer Money Market"]

CLEAN_ZH = [
    "{p}{n}号是一款{t}，投资期限{d}天，起购金额{m}万元。",
    "本产品主要投资于{a}，力争在控制风险的前提下实现资产的稳健增值。",
    "业绩比较基准为年化{r}%，业绩比较基准不构成对产品收益的承诺。",
    "理财非存款、产品有风险、投资须谨慎。",
    "产品风险等级为R{rl}，适合风险承受能力为C{rl}及以上的投资者。",
    "过往业绩不代表未来表现，投资者应仔细阅读产品说明书和风险揭示书。",
    "客户可通过{c}办理认购，认购期内资金按活期利率计息。",
    "本产品不保本，投资者可能损失部分或全部本金。",
    "第一条 本产品最低起购金额为{m}万元，追加金额为1000元的整数倍。",
    "认购费率最高不超过{f}%，管理费率为每年{f}%。",
    "产品成立后每个工作日开放申购赎回，赎回资金T+1日到账。",
    "市场有风险，投资需谨慎。",
    "管理人将根据市场情况对投资组合进行动态调整。",
    "投资者在购买前应完成风险承受能力评估，并确认评估结果仍在有效期内。",
    "如遇市场剧烈波动，产品净值可能出现较大回撤。",
    "托管人为{p}银行股份有限公司，负责资产保管与估值复核。",
    "本宣传材料不构成任何投资建议，具体以产品说明书为准。",
    "产品净值每日公布，投资者可通过{c}查询。",
]
VIOLATION_ZH = [
    "本产品保本保息，到期稳赚不赔！",
    "零风险，收益有保障，是您理财的首选。",
    "全市最佳理财产品，收益第一。",
    "业绩比较基准：年化{r}%，欢迎选购。",
    "保證收益，放心購買。",
    "绝 对 安 全，本 金 无 忧。",
    "我们承诺年化收益{r}%以上，只赚不赔。",
    "刚性兑付，比存款更安全。",
    "年化收益率{r}%！理财非存款、产品有风险、投资须谨慎。",
]
CLEAN_EN = [
    "The {ep} fund invests primarily in investment-grade bonds.",
    "Past performance is not a reliable indicator of future results.",
    "Capital at risk. The value of investments can go down as well as up.",
    "The target return of {r}% is not guaranteed and may not be achieved.",
    "Please read the prospectus and key information document before investing.",
    "Fees of {f}% per year are deducted from the fund's assets.",
]
VIOLATION_EN = [
    "Guaranteed returns of {r}% with zero risk!",
    "This is the best risk-free product on the market.",
    "Your capital is 100% safe, no risk at all.",
]
AGENT_CLEAN = [
    "您好，我是{p}银行的理财经理，今天给您介绍一款产品。",
    "您的风险测评结果是平衡型，仍在有效期内。",
    "这款产品风险等级是R{rl}，和您的风险承受能力匹配。",
    "业绩比较基准是{r}%，但这不代表实际收益。",
    "请您根据实际情况如实完成风险测评。",
    "产品有风险，过往业绩不代表未来表现。",
    "您可以再考虑一下，不着急做决定。",
]
AGENT_VIOLATION = [
    "这款产品很好，我帮您下单吧。",
    "测评随便填就行，不影响购买。",
    "测评的时候您就选激进一点，不然买不了。",
    "这个产品保本的，您放心。",
    "绝对没有风险，比存款划算多了。",
]
CUSTOMER = ["好的。", "这个产品安全吗？", "收益怎么样？", "我考虑一下。", "可以提前赎回吗？",
            "我今年六十五岁了，退休金想放着。", "风险大不大？", "那就买吧。", "我之前做过测评。"]


class Gen:
    def __init__(self, seed):
        self.rnd = random.Random(seed)

    def fill(self, tpl):
        r = self.rnd
        return tpl.format(
            p=r.choice(PRODUCTS), n=r.randint(1, 30), t=r.choice(TYPES), d=r.choice([30, 90, 180, 365, 730]),
            m=r.choice([1, 5, 10, 50]), a=r.choice(ASSETS), r=f"{r.uniform(1.5, 6.5):.2f}",
            rl=r.randint(1, 5), c=r.choice(CHANNELS), f=f"{r.uniform(0.1, 1.5):.2f}", ep=r.choice(EN_PRODUCTS))

    def pools(self):
        """Pre-filled sentence pools: sampling from them is fast and still varied."""
        self.zh = [self.fill(self.rnd.choice(CLEAN_ZH)) for _ in range(20000)]
        self.zh_bad = [self.fill(self.rnd.choice(VIOLATION_ZH)) for _ in range(2000)]
        self.en = [self.fill(self.rnd.choice(CLEAN_EN)) for _ in range(5000)]
        self.en_bad = [self.fill(self.rnd.choice(VIOLATION_EN)) for _ in range(500)]
        self.agent = [self.fill(self.rnd.choice(AGENT_CLEAN)) for _ in range(5000)]
        self.agent_bad = [self.fill(self.rnd.choice(AGENT_VIOLATION)) for _ in range(500)]

    def sentence(self, clean, bad, bad_rate=0.03):
        r = self.rnd
        return r.choice(bad) if r.random() < bad_rate else r.choice(clean)

    def marketing(self, target, english=False):
        r = self.rnd
        rl = r.randint(1, 5)
        cat = r.choice(["wealth-management", "fund", "insurance"])
        out = [f"---\nproduct:\n  name: {r.choice(PRODUCTS)}{r.randint(1, 30)}号\n  category: {cat}\n"
               f"  risk_level: R{rl}\naudience:\n  risk_tolerance: C{r.randint(1, 5)}\n---\n"]
        size = len(out[0].encode())
        clean, bad = (self.en, self.en_bad) if english else (self.zh, self.zh_bad)
        while size < target:
            h = "## " + r.choice(HEADINGS) + "\n\n"
            para = "".join(self.sentence(clean, bad) + ("" if not english else " ")
                           for _ in range(r.randint(3, 8)))
            if not english and r.random() < 0.15:
                para += " " + self.sentence(self.en, self.en_bad)
            chunk = (h if r.random() < 0.3 else "") + para + "\n\n"
            out.append(chunk)
            size += len(chunk.encode())
        return "".join(out)

    def transcript(self, target):
        r = self.rnd
        out = []
        size = 0
        t = 0
        while size < target:
            t += r.randint(2, 15)
            if r.random() < 0.55:
                line = f"[{t // 3600:02}:{t // 60 % 60:02}:{t % 60:02}] 理财经理：" + \
                    "".join(self.sentence(self.agent, self.agent_bad, 0.04) for _ in range(r.randint(1, 3)))
            else:
                line = f"[{t // 3600:02}:{t // 60 % 60:02}:{t % 60:02}] 客户：" + r.choice(CUSTOMER)
            line += "\n"
            out.append(line)
            size += len(line.encode())
        return "".join(out)

    def file_size(self):
        # Log-normal around 8 KB, clipped to 1–64 KB: mean about 10 KB.
        return int(min(65536, max(1024, self.rnd.lognormvariate(9.0, 0.6))))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def cmd_corpus(a):
    g = Gen(a.seed)
    g.pools()
    total = int(a.mb * 1_000_000)
    size = 0
    i = 0
    while size < total:
        kind = g.rnd.random()
        target = g.file_size()
        d = os.path.join(a.out, f"d{i // 200:03}")
        if kind < 0.6:
            name, text = f"m{i:05}.md", g.marketing(target)
        elif kind < 0.9:
            name, text = f"c{i:05}.script.txt", g.transcript(target)
        else:
            name, text = f"e{i:05}.md", g.marketing(target, english=True)
        write(os.path.join(d, name), text)
        size += len(text.encode())
        i += 1
    print(f"{a.out}: {i} files, {size / 1e6:.1f} MB", file=sys.stderr)


def cmd_large(a):
    g = Gen(a.seed + 1000)
    g.pools()
    target = int(a.mb * 1_000_000)
    for k in range(a.count):
        if k % 2 == 0:
            name, text = f"large{k}.md", g.marketing(target)
        else:
            name, text = f"large{k}.script.txt", g.transcript(target)
        write(os.path.join(a.out, name), text)
        print(f"{a.out}/{name}: {len(text.encode()) / 1e6:.1f} MB", file=sys.stderr)


# ----------------------------------------------------------------------------- rules

# Characters of the corpus vocabulary: synthetic words built from them look like
# the copy, and a few of them really occur.
VOCAB_CHARS = sorted(set(c for s in CLEAN_ZH + VIOLATION_ZH + AGENT_CLEAN + TYPES + ASSETS
                         for c in s if "\u4e00" <= c <= "\u9fff"))
# Words of the violating sentences (about 3% of the copy), used by the hitting rules.
REAL_WORDS = ["保本", "稳赚不赔", "零风险", "最佳", "首选", "刚性兑付", "只赚不赔", "帮您下单", "随便填", "放心购买"]
HITTING = 12
EN_WORDS = ["guaranteed", "risk-free", "zero risk"]


def cmd_rules(a):
    r = random.Random(a.seed + a.rules)
    used = set()

    # The first HITTING rules use words that really occur in the corpus; all
    # others use synthetic words that match rarely. So every pack finds about
    # as much, and 50 vs 5,000 rules compares the cost of the rules, not of
    # reporting more findings.
    state = {"rule": 0}

    def word():
        if state["rule"] < HITTING:
            return r.choice(REAL_WORDS + EN_WORDS)
        while True:
            w = "".join(r.choice(VOCAB_CHARS) for _ in range(r.randint(3, 5)))
            if w not in used:
                used.add(w)
                return w

    literals = set()

    def lits(k):
        ws = [word() for _ in range(k)]
        literals.update(ws)
        return "[" + ", ".join(f'"{w}"' for w in ws) + "]"

    out = [f'pack bench.synthetic{a.rules} {{\n  title "synthetic benchmark pack, {a.rules} rules"\n}}\n\n',
           'terms neg = ["不", "非", "并非", "不保证", "不承诺", "不代表"]\n\n']
    for i in range(a.rules):
        state["rule"] = i
        kind = i % 6
        w = word()
        literals.add(w)
        rid = f"BENCH-{a.rules}-{i:05}"
        head = (f'rule {rid} {{\n  title "synthetic rule {i}"\n  category other.bench\n'
                f'  severity {r.choice(["error", "warning", "info"])}\n  message "“{{match}}” (synthetic {i})"\n')
        ex_fail, ex_pass, meta = f"前文{w}后文", "无关的文本", ""
        if kind == 0:
            body = f"  forbid {lits(r.randint(2, 6))[:-1]}, \"{w}\"]\n"
        elif kind == 1:
            body = f"  forbid /{w}[^。]{{0,6}}\\d+(\\.\\d+)?%/\n"
            ex_fail = f"{w}为3.5%"
        elif kind == 2:
            ex = w + word()
            literals.add(ex)
            body = f'  forbid ["{w}"] unless preceded by neg within 6 except ["{ex}"]\n'
            ex_pass = f"并非{w}"
        elif kind == 3:
            other = word()
            literals.add(other)
            body = f'  forbid "{w}" near ["{other}"] within 10\n'
            ex_fail, ex_pass = f"{w}和{other}", f"{w}" + "无关" * 10 + other
        elif kind == 4:
            other = word()
            literals.add(other)
            body = f'  require ["{other}"] near each ["{w}"] within 50\n'
            ex_fail, ex_pass = f"只有{w}", f"{w}，{other}"
        else:
            cond, other = word(), word()
            literals.update([cond, other])
            body = (f'  when product.risk_level >= R3 and text has "{cond}"\n'
                    f'  forbid "{w}" in same sentence as "{other}"\n')
            ex_fail, ex_pass = f"{cond}。{w}{other}。", f"{cond}。{w}。{other}。"
            meta = " with { product.risk_level: R4 }"
        out.append(head + body + f'  example fail "{ex_fail}"{meta}\n  example pass "{ex_pass}"{meta}\n}}\n\n')
    write(a.out + ".rules", "".join(out))
    write(a.out + ".patterns.txt", "\n".join(sorted(literals)) + "\n")
    print(f"{a.out}.rules: {a.rules} rules, {len(literals)} literals", file=sys.stderr)


STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
PATTERN_LINE = re.compile(r"^\s*(terms|forbid|require|when|applies|\")")


def cmd_builtin_patterns(a):
    """The literal strings of term lists and checks of every *.rules below RULES_DIR
    (titles, messages, examples and metadata are not patterns)."""
    pats = set()
    for root, _, files in os.walk(a.rules_dir):
        for f in sorted(files):
            if not f.endswith(".rules"):
                continue
            in_terms = False
            for line in open(os.path.join(root, f), encoding="utf-8"):
                s = line.strip()
                if s.startswith("terms"):
                    in_terms = "[" in s and "]" not in s.split("=", 1)[1].rstrip()[-1:]
                elif in_terms:
                    if s.endswith("]"):
                        in_terms = False
                elif not PATTERN_LINE.match(line):
                    continue
                if s.startswith(("when", "applies")) and "text has" not in s:
                    continue
                for m in STRING.finditer(re.sub(r"/(?:[^/\\]|\\.)*/", "", line)):
                    if m.group(1):
                        pats.add(m.group(1))
    write(a.out, "\n".join(sorted(pats)) + "\n")
    print(f"{a.out}: {len(pats)} literal patterns", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("out")
    c.add_argument("--mb", type=float, default=200)
    c.add_argument("--seed", type=int, default=1)
    c.set_defaults(f=cmd_corpus)
    l = sub.add_parser("large")
    l.add_argument("out")
    l.add_argument("--mb", type=float, default=50)
    l.add_argument("--count", type=int, default=2)
    l.add_argument("--seed", type=int, default=1)
    l.set_defaults(f=cmd_large)
    r = sub.add_parser("rules")
    r.add_argument("out")
    r.add_argument("--rules", type=int, default=500)
    r.add_argument("--seed", type=int, default=1)
    r.set_defaults(f=cmd_rules)
    b = sub.add_parser("builtin-patterns")
    b.add_argument("rules_dir")
    b.add_argument("out")
    b.set_defaults(f=cmd_builtin_patterns)
    a = p.parse_args()
    a.f(a)


if __name__ == "__main__":
    main()
