#!/usr/bin/env python3
"""Regenerate the binary documents of this set (DOCX and PDF).

    python3 make_docs.py

Needs python-docx and reportlab.  Chinese PDF text uses reportlab's built-in
CID font STSong-Light (no font file needed); the PDF text layer is Unicode.
The sidecar .meta.yaml files are hand-written and are not touched here.
"""
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.oxml.ns import qn

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle, KeepTogether)

HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------
# 1. bad_waibi_licai_shuomingshu.docx  (zh, USD wealth product, own sale)
# ---------------------------------------------------------------------------
def _zh_run(par, text, size=10.5, bold=False, color=None):
    run = par.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = "SimSun"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if color is not None:
        run.font.color.rgb = RGBColor(*color)
    return run


def make_waibi_docx():
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _zh_run(title, "澄源理财环球美元优选182天理财产品（第8期）产品说明书", size=16, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _zh_run(sub, "文件编号：CY-SMS-2025-0408　　版本：2025年4月版", size=9)

    hl = doc.add_paragraph()
    hl.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _zh_run(hl, "美元闲钱好去处　半年一期　预期年化收益率 4.20%", size=20, bold=True,
            color=(0xB8, 0x86, 0x0B))

    body = [
        ("h", "一、产品概述"),
        ("p", "1. 产品名称：澄源理财环球美元优选182天理财产品（第8期）（以下简称“本产品”）。"),
        ("p", "2. 产品代码：CYMY18208；全国银行业理财信息登记系统登记编码：Z7009925000876。投资者可依据该编码在中国理财网（www.chinawealth.com.cn）查询产品信息。"),
        ("p", "3. 产品发行机构及管理人：澄源理财有限责任公司。"),
        ("p", "4. 产品类型：固定收益类、非保本浮动收益型，公募，封闭式。"),
        ("p", "5. 投资及收益币种：美元。"),
        ("p", "6. 产品风险评级：R2（中低风险）。本评级为澄源理财有限责任公司内部评级结果。"),
        ("p", "7. 适合投资者：经风险承受能力评估为谨慎型（C2）及以上的个人投资者。"),
        ("p", "8. 预期年化收益率：4.20%（本期）。"),
        ("p", "9. 认购起点：最低认购金额 5,000 美元，超出部分以 100 美元的整数倍递增。"),
        ("p", "10. 认购期：2025年4月7日9:00至2025年4月13日17:00。认购期内认购资金按活期美元存款利率计息，认购期利息不计入认购本金。"),
        ("p", "11. 产品期限：182天，起始日2025年4月15日，到期日2025年10月14日（遇节假日顺延）。"),
        ("p", "12. 托管机构：兴和银行股份有限公司。"),
        ("h", "二、收益说明"),
        ("p", "1. 本产品本期预期年化收益率为 4.20%。按当前美元利率环境及拟投资资产的收益水平测算，本期产品到期预计可实现年化收益 4.00%—4.40%。预期年化收益率不代表实际收益，不构成对产品收益的承诺。"),
        ("p", "2. 收益计算示例：若某投资者认购 10,000 美元，按预期年化收益率 4.20% 计算，到期收益 = 10,000 × 4.20% × 182 ÷ 365 = 209.42 美元。本示例仅为说明收益计算方法之用。"),
        ("p", "3. 产品到期后，管理人将在到期日后 3 个工作日内将投资者应得本金及收益（如有）划转至投资者指定的美元账户。"),
        ("h", "三、投资范围与投资策略"),
        ("p", "1. 投资范围：本产品主要投资于以美元计价的银行存单、同业存款、高等级美元债券（含中资美元债）、货币市场工具及其他符合监管要求的固定收益类资产，其中固定收益类资产投资比例不低于80%。"),
        ("p", "2. 投资策略：以持有到期策略为主，管理人将根据美元利率走势及信用利差变化，精选期限与产品期限匹配的资产，控制久期与信用风险。"),
        ("p", "3. 投资比例在产品成立后 10 个工作日内调整至上述范围；因市场变化导致投资比例超出上述范围的，管理人将在流动性受限资产可出售、可转让或者恢复交易的 15 个交易日内调整至符合要求。"),
        ("h", "四、费用"),
        ("p", "1. 销售服务费：0.20%/年；托管费：0.02%/年；固定管理费：0.15%/年，均按日计提。"),
        ("p", "2. 超额业绩报酬：产品到期实际年化收益率超过预期年化收益率 4.20% 的部分，管理人收取其中的 30% 作为超额业绩报酬。"),
        ("p", "3. 本产品不收取认购费、赎回费。"),
        ("h", "五、认购与提前终止"),
        ("p", "1. 投资者可通过澄源理财官方 APP、澄源理财直销柜台认购本产品。认购期内投资者可撤销认购申请。"),
        ("p", "2. 本产品存续期内投资者不得提前赎回。"),
        ("p", "3. 如遇国家金融政策重大调整、市场发生重大变化等情形，管理人有权提前终止本产品，并将于提前终止日前 2 个工作日予以公告。"),
        ("h", "六、信息披露"),
        ("p", "管理人将在产品成立后 5 个工作日内披露产品成立公告，每季度结束之日起 15 日内披露季度报告，产品到期后 5 个工作日内披露到期公告。信息披露渠道为澄源理财官方网站及官方 APP。"),
        ("h", "七、税收"),
        ("p", "本产品运营过程中发生的增值税应税行为，由管理人申报缴纳，并从产品财产中列支；投资者取得收益应缴纳的税款，由投资者自行申报及缴纳。"),
        ("h", "八、其他事项"),
        ("p", "1. 本说明书与《理财产品销售协议书》《投资者权益须知》共同构成本产品完整的销售文件。"),
        ("p", "2. 本说明书由澄源理财有限责任公司负责解释。客户服务热线：400-800-6xx8。"),
    ]
    for kind, text in body:
        p = doc.add_paragraph()
        if kind == "h":
            _zh_run(p, text, size=12, bold=True)
        else:
            _zh_run(p, text, size=10.5)

    doc.add_paragraph()
    note = doc.add_paragraph()
    _zh_run(note, "附注：理财非存款、产品有风险、投资须谨慎。本产品不保证本金和收益，在最不利情况下投资者可能损失部分或全部本金。本产品以美元计价，投资者将人民币兑换为美元投资的，须自行承担汇率波动风险；产品到期后美元兑人民币汇率可能低于投资时汇率，折算为人民币后可能发生损失。其他风险详见《风险揭示书》。",
            size=6.5, color=(0x99, 0x99, 0x99))

    out = HERE / "bad_waibi_licai_shuomingshu.docx"
    doc.save(out)
    print("wrote", out.name)


# ---------------------------------------------------------------------------
# PDF helpers
# ---------------------------------------------------------------------------
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

ZH = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=15,
                    wordWrap="CJK")
ZH_H = ParagraphStyle("zh_h", parent=ZH, fontSize=12.5, leading=19, spaceBefore=6,
                      spaceAfter=3)
ZH_T = ParagraphStyle("zh_t", parent=ZH, fontSize=16, leading=24, alignment=TA_CENTER)
ZH_BOX = ParagraphStyle("zh_box", parent=ZH, fontSize=12, leading=18)

EN = ParagraphStyle("en", fontName="Helvetica", fontSize=10, leading=14)
EN_B = ParagraphStyle("en_b", parent=EN, fontName="Helvetica-Bold")
EN_H = ParagraphStyle("en_h", parent=EN, fontName="Helvetica-Bold", fontSize=13,
                      leading=18, spaceBefore=8, spaceAfter=4)
EN_T = ParagraphStyle("en_t", parent=EN, fontName="Helvetica-Bold", fontSize=20,
                      leading=26)


def boxed(paragraphs, width, bg="#FFF4E5", border="#C0392B"):
    t = Table([[p] for p in paragraphs], colWidths=[width])
    t.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(border)),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(bg)),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


# ---------------------------------------------------------------------------
# 2. ok_licai_xiaoshou_wenjian.pdf  (zh, agency-sold wealth product)
# ---------------------------------------------------------------------------
def make_licai_pdf():
    out = HERE / "ok_licai_xiaoshou_wenjian.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=18 * mm,
                            rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
                            title="恒禾理财稳享固收增强一年定开3号 产品销售文件（摘要版）",
                            author="鹭江银行股份有限公司")
    W = A4[0] - 36 * mm
    s = []
    s.append(Paragraph("恒禾理财稳享固收增强一年定开3号理财产品", ZH_T))
    s.append(Paragraph("产品销售文件（摘要版）　代销机构：鹭江银行股份有限公司", ParagraphStyle("c", parent=ZH, alignment=TA_CENTER)))
    s.append(Spacer(1, 6))
    s.append(boxed([
        Paragraph("<b>理财非存款、产品有风险、投资须谨慎。</b>", ZH_BOX),
        Paragraph("本产品由<b>恒禾理财有限责任公司</b>发行并管理，<b>鹭江银行股份有限公司</b>接受委托代理销售。鹭江银行不承担产品的投资、兑付和风险管理责任。", ZH_BOX),
        Paragraph("本产品为非保本浮动收益型理财产品，不保证本金和收益，投资者可能损失部分乃至全部本金。本产品不是银行存款，不纳入存款保险保障范围。", ZH_BOX),
        Paragraph("产品风险等级：<b>R2（中低风险）</b>，适合经风险承受能力评估为谨慎型（C2）、稳健型（C3）、进取型（C4）、激进型（C5）的个人投资者。本评级为恒禾理财内部评级；鹭江银行作为代销机构的评级亦为R2，如二者不一致，以代销机构评级为准。", ZH_BOX),
    ], W))
    s.append(Spacer(1, 8))

    s.append(Paragraph("第一部分　产品要素", ZH_H))
    rows = [
        ["产品名称", "恒禾理财稳享固收增强一年定开3号理财产品"],
        ["登记编码", "Z7001825000123（可在中国理财网查询）"],
        ["产品类型", "固定收益类、非保本浮动收益型、公募、定期开放式"],
        ["募集期", "2025年3月3日至2025年3月9日"],
        ["最低起购金额", "1万元，以1元的整数倍递增"],
        ["封闭期", "每个封闭期约一年，首个封闭期自成立日至2026年3月11日"],
        ["业绩比较基准", "年化2.80%—3.60%（详见下文说明）"],
        ["托管机构", "兴和银行股份有限公司"],
    ]
    t = Table([[Paragraph(a, ZH), Paragraph(b, ZH)] for a, b in rows],
              colWidths=[32 * mm, W - 32 * mm])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                           ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2"))]))
    s.append(t)
    s.append(Spacer(1, 4))
    s.append(Paragraph("业绩比较基准说明：本产品业绩比较基准为年化2.80%—3.60%，由管理人依据产品投资范围、投资策略及资产配置计划（固定收益类资产配置比例80%—100%，含权类资产0%—20%），参考同期中债综合财富指数及沪深300指数历史收益水平，并考虑产品费用后测算得出。<b>业绩比较基准不是预期收益率，不代表产品的未来表现和实际收益，不构成对产品收益的承诺。</b>", ZH))

    s.append(Paragraph("第二部分　过往业绩", ZH_H))
    s.append(Paragraph("本系列此前各期产品的完整运作期业绩如下（数据来源：恒禾理财有限责任公司，已经托管机构复核）：", ZH))
    prow = [["产品", "运作期间", "年化收益率", "同期业绩比较基准"],
            ["稳享固收增强一年定开1号", "2023年3月15日至2024年3月14日", "3.12%", "3.00%—3.80%"],
            ["稳享固收增强一年定开2号", "2024年3月13日至2025年3月12日", "2.74%", "2.90%—3.70%"],
            ["两期平均", "—", "2.93%", "—"]]
    pt = Table([[Paragraph(c, ZH) for c in r] for r in prow],
               colWidths=[48 * mm, 58 * mm, 24 * mm, W - 130 * mm])
    pt.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2"))]))
    s.append(pt)
    s.append(Spacer(1, 3))
    s.append(Paragraph("<b>理财产品过往业绩不代表其未来表现，不等于理财产品实际收益，投资须谨慎。</b>其中2号产品年化收益率低于同期业绩比较基准下限，系2024年四季度债券市场调整所致。", ZH))

    s.append(Paragraph("第三部分　投资范围与风险揭示", ZH_H))
    s.append(Paragraph("本产品主要投资于国债、地方政府债、政策性金融债、高等级信用债、同业存单、货币市场工具等固定收益类资产，并可通过公募基金适度配置权益类资产。", ZH))
    for line in [
        "1. 本金及收益风险：本产品不保本，不保证收益。在最不利情况下，投资者可能损失全部本金。",
        "2. 市场风险：债券价格受利率变动影响，利率上升时产品净值可能下跌；权益类资产价格波动较大。",
        "3. 流动性风险：封闭期内投资者不能赎回，仅可在开放期内申请赎回。",
        "4. 信用风险：所投债券发行人可能违约，导致产品净值下降。",
        "5. 最大回撤说明：本系列产品运作以来单期最大回撤为-0.86%（2号，2024年11月），该指标仅反映历史波动情况，不代表未来可能的最大损失。",
        "6. 政策风险：国家宏观政策、金融监管政策变化可能影响产品运作。",
    ]:
        s.append(Paragraph(line, ZH))

    s.append(Paragraph("第四部分　费用", ZH_H))
    s.append(Paragraph("固定管理费0.20%/年；销售服务费0.25%/年（由代销机构鹭江银行收取）；托管费0.02%/年。本产品不收取超额业绩报酬。除上述费用外，产品运作中发生的交易费用、审计费等从产品财产中列支，单项费用最高不超过产品规模的0.05%/年。", ZH))

    s.append(Paragraph("第五部分　投资者须知", ZH_H))
    for line in [
        "第一条　购买本产品前，投资者须在鹭江银行完成风险承受能力评估，且评估结果在有效期内。首次购买理财产品的个人投资者应在营业网点进行风险承受能力评估。",
        "第二条　鹭江银行在营业网点销售本产品时，将在销售专区对销售过程同步录音录像。",
        "第三条　本产品已在全国银行业理财信息登记系统登记。登记不代表监管部门对本产品的风险和收益作出任何实质性判断或保证。恒禾理财有限责任公司及鹭江银行股份有限公司均受国家金融监督管理总局监管。",
        "第四条　请警惕以本产品名义进行的非法集资、私下转让或“保本高息”宣传。鹭江银行工作人员不会通过个人账户收取投资款项，也不会私下承诺保本保收益。如有疑问，请拨打鹭江银行客服热线 95xxx 或恒禾理财客服热线 400-600-1xx9。",
        "第五条　本摘要仅供参考，不构成要约。投资决策请以《产品说明书》《风险揭示书》《理财产品销售协议书》《投资者权益须知》全文为准。",
    ]:
        s.append(Paragraph(line, ZH))
    s.append(Spacer(1, 10))
    s.append(Paragraph("本页内容由鹭江银行股份有限公司代销理财业务部制作，宣传材料审批编号：LJ-YX-2025-0217。", ParagraphStyle("f", parent=ZH, fontSize=9)))
    doc.build(s)
    print("wrote", out.name)


# ---------------------------------------------------------------------------
# 3. ok_uk_structured_deposit_brochure.pdf  (en, UK structured deposit)
# ---------------------------------------------------------------------------
def make_uk_sd_pdf():
    out = HERE / "ok_uk_structured_deposit_brochure.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=18 * mm,
                            rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
                            title="Kestrel Bank FTSE 100 Growth Deposit - Issue 7",
                            author="Kestrel Bank plc")
    W = A4[0] - 36 * mm
    s = []
    s.append(Paragraph("Kestrel Bank FTSE 100 Growth Deposit - Issue 7", EN_T))
    s.append(Paragraph("A six-year structured deposit linked to the FTSE 100 Index. Offer period: 3 March 2025 to 28 March 2025 (the offer may close earlier if it is fully subscribed; we will say so on our website).", EN))
    s.append(Spacer(1, 6))
    s.append(Paragraph("How it works", EN_H))
    s.append(Paragraph("On each anniversary of the start date (the first on 4 April 2026), we compare the closing level of the FTSE 100 with its level on 4 April 2025. If it is at or above that starting level, the deposit ends early and we pay back your deposit plus interest of 5.25% for each year the deposit has run (5.25% after year one, 10.50% after year two, and so on up to 31.50% after year six). This is a simple, not compound, rate.", EN))
    s.append(boxed([
        Paragraph("<b>The interest is not guaranteed.</b> If the FTSE 100 closes below its starting level on every anniversary, the deposit runs the full six years and you get back your deposit with <b>no interest at all</b>.", EN),
        Paragraph("<b>Inflation risk:</b> even though your deposit is repaid, its real value can fall. Over six years with no interest, rising prices could mean your money buys noticeably less than it does today.", EN),
        Paragraph("<b>No access:</b> you cannot withdraw any money before the deposit ends, except in the case of death or serious hardship.", EN),
        Paragraph("<b>Bank risk:</b> your deposit is repaid by Kestrel Bank plc. If Kestrel Bank fails, eligible deposits are protected by the Financial Services Compensation Scheme (FSCS) up to a total of GBP 85,000 per person across all your Kestrel Bank accounts. Amounts above that limit could be lost.", EN),
        Paragraph("<b>Product risk level: R2 (lower-medium)</b> on Kestrel Bank's 1-5 product risk scale (R1 lowest, R5 highest).", EN),
    ], W))
    s.append(Spacer(1, 6))
    s.append(Paragraph("Key facts", EN_H))
    facts = [
        ["Deposit taker", "Kestrel Bank plc, 40 Wren Street, Leeds LS1 9QX (authorised by the PRA, regulated by the FCA and the PRA; FRN 700xxx)"],
        ["Minimum deposit", "GBP 3,000"],
        ["Maximum deposit", "GBP 1,000,000 per person (FSCS protection is limited to GBP 85,000 - see above)"],
        ["Term", "Up to six years; may end early on an anniversary (see How it works)"],
        ["Capital", "100% of your deposit is repaid when the deposit ends, subject to Kestrel Bank being able to pay (see Bank risk)"],
        ["Cooling-off", "You may cancel within 14 days of receiving your confirmation and get back all your money without charge"],
        ["Tax", "Interest is paid gross and may be taxable; tax treatment depends on your circumstances and may change"],
    ]
    ft = Table([[Paragraph(a, EN_B), Paragraph(b, EN)] for a, b in facts],
               colWidths=[36 * mm, W - 36 * mm])
    ft.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                            ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    s.append(ft)

    s.append(PageBreak())
    s.append(Paragraph("How would this have worked in the past?", EN_H))
    s.append(Paragraph("The table below applies the Issue 7 terms to the FTSE 100 over every six-year period starting on a business day from 1 January 1995 to 31 March 2019 (6,152 simulated deposits). Source: Kestrel Bank calculations using FTSE Russell closing levels.", EN))
    sim = [["Outcome (simulated)", "Share of periods"],
           ["Ended at year 1 with 5.25%", "63.1%"],
           ["Ended at years 2-6 with 10.50%-31.50%", "27.4%"],
           ["Ran six years, no interest", "9.5%"]]
    st = Table([[Paragraph(a, EN), Paragraph(b, EN)] for a, b in sim], colWidths=[W * 0.6, W * 0.4])
    st.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]))
    s.append(st)
    s.append(Spacer(1, 3))
    s.append(Paragraph("<b>These figures refer to simulated past performance. Past performance is not a reliable indicator of future results.</b> The FTSE 100 fell by more than 30% during 2008 and again in early 2020; a similar fall after 4 April 2025 could mean you receive no interest.", EN))

    s.append(Paragraph("How does it compare with a fixed-rate savings account?", EN_H))
    s.append(Paragraph("A fixed-rate savings account pays a known rate of interest. This deposit does not: you could earn more, the same, or nothing. Kestrel Bank's own 5-year Fixed Rate Saver paid 3.95% AER on 1 March 2025 (source: kestrelbank.co.uk/savings, rate at that date). If you need a certain return, or might need the money within six years, a structured deposit is unlikely to suit you.", EN))

    s.append(Paragraph("Is this right for you?", EN_H))
    s.append(Paragraph("We do not give advice on this product. It may suit you if you have a lump sum you will not need for six years, you accept that you may get no interest, and you have other savings you can access. If you are unsure, please speak to a financial adviser. There may be a charge for advice.", EN))

    s.append(Paragraph("Watch out for scams", EN_H))
    s.append(Paragraph("Kestrel Bank will never call you to say a deposit is \"guaranteed to pay 10%\" or ask you to move money to a \"safe account\". If someone does, hang up and call us on 0800 0xx 4411.", EN))
    s.append(Spacer(1, 8))
    s.append(Paragraph("Kestrel Bank plc. Registered in England and Wales No. 0xxxxxx7. This brochure must be read with the Issue 7 Terms and Conditions and the Key Information Document.", ParagraphStyle("f", parent=EN, fontSize=9)))
    doc.build(s)
    print("wrote", out.name)


if __name__ == "__main__":
    make_waibi_docx()
    make_licai_pdf()
    make_uk_sd_pdf()
