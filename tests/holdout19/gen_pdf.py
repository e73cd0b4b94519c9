#!/usr/bin/env python3
"""Writes the two PDFs of the set (text layer, not images):

  ok_zh_bond_fund_q4_commentary.pdf   (metadata: ok_zh_bond_fund_q4_commentary.pdf.meta.yaml)
  bad_en_options_income_seminar.pdf   (metadata: bad_en_options_income_seminar.meta.yaml)

Chinese uses reportlab's built-in CID font STSong-Light. Requires reportlab.
"""
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.lib import colors

HERE = Path(__file__).resolve().parent
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


# --------------------------------------------------------------------------------------------
# 1. Chinese: bond fund Q4 2025 report, manager commentary section (compliant)
# --------------------------------------------------------------------------------------------
def zh_styles():
    base = dict(fontName="STSong-Light", wordWrap="CJK")
    return {
        "title": ParagraphStyle("t", fontSize=15, leading=22, alignment=TA_CENTER, **base),
        "sub": ParagraphStyle("s", fontSize=10, leading=15, alignment=TA_CENTER, **base),
        "h": ParagraphStyle("h", fontSize=12, leading=18, spaceBefore=8, spaceAfter=4, **base),
        "body": ParagraphStyle("b", fontSize=10.5, leading=17, firstLineIndent=21, spaceAfter=4, **base),
        "warn": ParagraphStyle("w", fontSize=10.5, leading=17, spaceAfter=3, **base),
        "cell": ParagraphStyle("c", fontSize=9.5, leading=13, **base),
    }


def build_zh() -> None:
    st = zh_styles()
    out = HERE / "ok_zh_bond_fund_q4_commentary.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title="砚湖安和纯债债券型证券投资基金2025年第4季度报告（节选）",
                            author="砚湖基金管理有限公司")
    s = []
    s.append(Paragraph("砚湖安和纯债债券型证券投资基金", st["title"]))
    s.append(Paragraph("2025年第4季度报告（节选：管理人报告及业绩表现）", st["sub"]))
    s.append(Paragraph("基金管理人：砚湖基金管理有限公司　　基金托管人：岚海银行股份有限公司", st["sub"]))
    s.append(Spacer(1, 6 * mm))

    s.append(Paragraph("§1 重要提示", st["h"]))
    for t in [
        "基金有风险，投资需谨慎。本基金为债券型基金，风险等级为R2（中低风险），适合风险承受能力为C2及以上的投资者。",
        "基金管理人承诺以诚实信用、勤勉尽责的原则管理和运用基金资产，但不保证基金一定盈利，也不保证最低收益。",
        "基金的过往业绩并不预示其未来表现。投资者在作出投资决策前应当仔细阅读本基金的基金合同、招募说明书和基金产品资料概要。",
        "本报告中财务资料未经审计。基金托管人已复核本报告中的财务指标、净值表现和投资组合报告等内容。",
    ]:
        s.append(Paragraph(t, st["warn"]))

    s.append(Paragraph("§2 基金净值表现（报告期：2025年10月1日至2025年12月31日）", st["h"]))
    data = [
        [Paragraph(x, st["cell"]) for x in ["阶段", "份额净值增长率①", "业绩比较基准收益率③", "①－③", "净值增长率标准差②"]],
        [Paragraph(x, st["cell"]) for x in ["过去三个月（A类）", "0.84%", "0.69%", "0.15%", "0.04%"]],
        [Paragraph(x, st["cell"]) for x in ["过去三个月（C类）", "0.74%", "0.69%", "0.05%", "0.04%"]],
        [Paragraph(x, st["cell"]) for x in ["过去一年（A类，2025年1月1日至12月31日）", "2.41%", "2.05%", "0.36%", "0.07%"]],
        [Paragraph(x, st["cell"]) for x in ["过去三年（A类，2023年1月1日至2025年12月31日）", "10.12%", "8.47%", "1.65%", "0.06%"]],
    ]
    tbl = Table(data, colWidths=[58 * mm, 30 * mm, 32 * mm, 20 * mm, 30 * mm])
    tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    s.append(tbl)
    s.append(Spacer(1, 2 * mm))
    s.append(Paragraph("注：本基金业绩比较基准为中债综合财富（总值）指数收益率×90%＋一年期定期存款利率（税后）×10%。"
                       "业绩比较基准不构成对基金收益的承诺。数据来源：砚湖基金，经基金托管人复核。"
                       "基金的过往业绩并不预示其未来表现。", st["warn"]))

    s.append(Paragraph("§3 报告期内基金的投资策略和运作分析", st["h"]))
    for t in [
        "四季度，债券市场先抑后扬。10月受权益市场情绪回暖影响，长端利率一度上行；11月中旬以后，随着资金面转松，"
        "收益率重新回落，10年期国债收益率全季下行约8个基点。信用债方面，等级利差整体收窄，但个别区域的城投平台出现"
        "非标逾期，市场对部分弱资质平台“刚性兑付”的预期进一步弱化，信用分化加剧。",
        "报告期内，本基金维持中性偏长的组合久期，主要配置政策性金融债和AAA级中短期信用债，未参与低评级信用债的下沉。"
        "10月中旬在利率阶段性上行时适度降低了杠杆，11月后逐步恢复。",
        "近期我们在投资者交流中多次被问到债券基金是否“稳赚不赔”。需要说明的是，债券基金不是存款，也不是保本产品，"
        "在利率上行、信用事件或大额赎回等情况下，基金净值可能下跌。以本基金为例，2025年2月至3月债市调整期间，"
        "A类份额最大回撤为-0.61%，约用时两个月才修复至前期高点。",
        "根据《证券投资基金法》，基金管理人不得“违规承诺收益或者承担损失”。我们在任何渠道均不对本基金的未来收益作出承诺，"
        "也请投资者警惕以“保本”“保收益”名义推介本基金的行为，可致电本公司客服核实。",
    ]:
        s.append(Paragraph(t, st["body"]))

    s.append(Paragraph("§4 报告期内基金的业绩表现", st["h"]))
    s.append(Paragraph("截至报告期末，本基金A类份额净值为1.0872元，本报告期内A类份额净值增长率为0.84%；C类份额净值为1.0791元，"
                       "本报告期内C类份额净值增长率为0.74%；同期业绩比较基准收益率为0.69%。上述数据为历史数据，"
                       "基金的过往业绩并不预示其未来表现。", st["body"]))

    s.append(Paragraph("§5 管理人对宏观经济、证券市场及行业走势的简要展望", st["h"]))
    for t in [
        "展望2026年第一季度，我们认为国内经济仍处于温和修复阶段，货币政策预计保持适度宽松，资金面总体平稳。"
        "我们判断10年期国债收益率大概率在1.6%–1.9%的区间内波动，但需关注政府债券供给节奏和权益市场风险偏好变化带来的扰动。",
        "上述判断仅为管理人基于当前信息的观点，可能随市场变化而调整，不构成对本基金未来业绩的预测或保证。"
        "我们将继续以高等级信用债和利率债为主要配置方向，保持对久期和杠杆的动态管理，力争在控制回撤的前提下为持有人获取与风险相匹配的回报。",
    ]:
        s.append(Paragraph(t, st["body"]))

    s.append(Paragraph("§6 其他", st["h"]))
    s.append(Paragraph("本报告期内本基金未出现连续二十个工作日基金份额持有人数量不满二百人或者基金资产净值低于五千万元的情形。"
                       "投资者可登录本公司网站 www.yanhu-fund.example 或拨打客户服务电话 400-735-8826 查阅或下载本基金的定期报告全文。",
                       st["body"]))
    s.append(Paragraph("砚湖基金管理有限公司　二〇二六年一月二十一日", st["sub"]))
    doc.build(s)
    print("wrote", out.name)


# --------------------------------------------------------------------------------------------
# 2. English: US broker-dealer options "income" seminar invitation flyer (non-compliant)
# --------------------------------------------------------------------------------------------
def build_en() -> None:
    out = HERE / "bad_en_options_income_seminar.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=LETTER, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title="The Retirement Paycheck Workshop", author="Calder & Pike Securities LLC")
    H = ParagraphStyle("H", fontName="Helvetica-Bold", fontSize=22, leading=27, alignment=TA_CENTER)
    S = ParagraphStyle("S", fontName="Helvetica", fontSize=13, leading=17, alignment=TA_CENTER)
    B = ParagraphStyle("B", fontName="Helvetica", fontSize=11.5, leading=16, spaceAfter=7)
    BB = ParagraphStyle("BB", parent=B, fontName="Helvetica-Bold")
    F = ParagraphStyle("F", fontName="Helvetica", fontSize=8, leading=10.5, spaceBefore=6)
    s = [
        Paragraph("You're Invited", S),
        Paragraph("The Retirement Paycheck Workshop", H),
        Paragraph("Turn the stocks you already own into a weekly income with options", S),
        Spacer(1, 6 * mm),
        Paragraph("Thursday, March 12, 2026 &middot; 10:00 a.m. to 12:00 p.m. &middot; lunch included", BB),
        Paragraph("Cedar Hollow Community Center, Room B, 418 Mapleridge Avenue, Dayton, OH", B),
        Spacer(1, 3 * mm),
        Paragraph("Retired, or retiring in the next few years? Is Social Security not stretching as far as it "
                  "used to? This workshop was put together for retirees who want their nest egg to pay them "
                  "every week, not just sit there.", B),
        Paragraph("In two hours, Senior Options Strategist Dale Hutchins will walk you through the covered-call "
                  "and cash-secured-put method our clients use to lock in a guaranteed stream of premium income "
                  "every single week, whether the market goes up, down or sideways. Once you see how it works, "
                  "you'll wonder why nobody showed you this sooner.", B),
        Paragraph("What you'll learn:", BB),
        Paragraph("&bull; How to pick the right strike so the premium lands in your account on Friday<br/>"
                  "&bull; The \"rolling\" technique that keeps the income coming<br/>"
                  "&bull; How to open an options-approved account with us in under 20 minutes", B),
        Paragraph("Options trading sits in our highest risk band: Risk Level 5 of 5. Options involve risk, you can lose "
                  "money, and they are not suitable for all investors. Before buying or selling an option you must receive a copy of "
                  "<i>Characteristics and Risks of Standardized Options</i>, which we will hand out at the workshop.", B),
        Paragraph("Only 14 seats remain and this session will not be repeated this year. Call Maureen today at "
                  "(937) 555-0148 or reserve at calderpike.example/income. Once it's full, it's full!", BB),
        Paragraph("There is no cost and no obligation to attend. Spouses welcome.", B),
        Spacer(1, 5 * mm),
        Paragraph("Calder &amp; Pike Securities LLC, Member FINRA/SIPC. 2200 Kettering Plaza, Suite 410, Dayton, OH. "
                  "SIPC protects customer securities and cash held at a member firm up to $500,000 (including "
                  "$250,000 for cash) if the firm fails; it does not protect against market losses. "
                  "Ref. CP-MKT-26-0031.", F),
    ]
    doc.build(s)
    print("wrote", out.name)


if __name__ == "__main__":
    build_zh()
    build_en()
