#!/usr/bin/env python3
"""Writes the two Word documents of the set:

  bad_zh_licai_counter_factsheet.docx  (metadata: bad_zh_licai_counter_factsheet.docx.meta.yaml)
  bad_en_sipp_transfer_letter.docx     (metadata: bad_en_sipp_transfer_letter.meta.yaml)

Requires python-docx.
"""
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _set_cjk_font(run, name="宋体"):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def para(doc, text, size=10.5, bold=False, align=None, cjk=True):
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.bold = bold
    if cjk:
        _set_cjk_font(r)
    if align:
        p.alignment = align
    return p


# --------------------------------------------------------------------------------------------
# 1. Chinese counter fact sheet for an agency-sold 理财 product (issuer never named in the copy)
# --------------------------------------------------------------------------------------------
ZH_BODY = [
    ("汇川银行财富管理部 · 网点柜面/客户经理专用", 9, False),
    ("“汇享·季季盈”182天持有期1号 理财产品要素速览", 16, True),
    ("（2026年3月版 · 适用于全辖网点 · 请勿自行修改）", 9, False),
    ("一、产品要素", 12, True),
    ("产品名称：汇享·季季盈182天持有期1号", 10.5, False),
    ("产品登记编码：Z7011926000184（可凭编码在理财产品登记信息查询平台查询）", 10.5, False),
    ("产品类型：固定收益类，非保本浮动收益型，公募，开放式（最短持有期型）", 10.5, False),
    ("风险等级：二级（中低风险）", 10.5, False),
    ("适合客户：经本行风险承受能力评估为稳健型（C2）及以上的个人投资者", 10.5, False),
    ("业绩比较基准：年化2.90%–3.50%", 14, True),
    ("最短持有期：182天。每笔份额持有满182天后的任一工作日可申请赎回，赎回资金T+1日到账。", 10.5, False),
    ("起购金额：1万元，以1元的整数倍递增；单户持有上限5000万元。", 10.5, False),
    ("费用：固定管理费0.20%/年，销售服务费0.30%/年，托管费0.02%/年；不收取认购费、申购费和赎回费。", 10.5, False),
    ("二、投资范围与策略", 12, True),
    ("本产品主要投资于国债、地方政府债、政策性金融债、高等级信用债、同业存单、存款、债券回购等固定收益类资产，"
     "固定收益类资产占比不低于80%；可适度参与国债期货以管理利率风险，不直接投资股票。", 10.5, False),
    ("组合以中短久期、高等级信用债为底仓，辅以适度的杠杆和骑乘策略，力争在控制回撤的前提下获取票息收益。", 10.5, False),
    ("三、产品亮点（供客户经理讲解参考）", 12, True),
    ("1. 182天一个持有周期，半年一“看”，兼顾收益与流动性；", 10.5, False),
    ("2. 投研团队平均从业年限超过10年，深耕固收市场；", 10.5, False),
    ("3. 底层资产以利率债和高等级信用债为主，信用下沉有限；", 10.5, False),
    ("4. 手机银行“财富—理财”频道、智能柜员机、柜面均可购买，支持预约赎回。", 10.5, False),
    ("四、常见问题", 12, True),
    ("问：持有不满182天能不能提前取出？答：最短持有期内不能赎回，请客户用三个月以上不用的闲置资金购买。", 10.5, False),
    ("问：净值会不会波动？答：产品按净值披露，每个工作日公布一次单位净值，净值会随市场波动。", 10.5, False),
    ("问：在哪里看净值和报告？答：手机银行“我的理财”页面、本行官网“理财信息披露”专栏。", 10.5, False),
    ("五、营销要点与联系方式", 12, True),
    ("建议面向到期定存客户、代发工资客户、理财到期客户进行交叉营销，销售过程须在销售专区录音录像。", 10.5, False),
    ("客户经理：________    联系电话：________    网点：________", 10.5, False),
    ("汇川银行客服热线：400-691-3380", 10.5, False),
]
ZH_FOOT = ("注：理财非存款、产品有风险、投资须谨慎。本资料仅供内部培训及客户参考，不构成要约，"
           "产品具体信息以产品说明书、风险揭示书、销售协议书为准。")


def build_zh() -> None:
    doc = Document()
    for text, size, bold in ZH_BODY:
        para(doc, text, size=size, bold=bold,
             align=WD_ALIGN_PARAGRAPH.CENTER if size >= 16 else None)
    para(doc, ZH_FOOT, size=6.5)
    out = HERE / "bad_zh_licai_counter_factsheet.docx"
    doc.save(out)
    print("wrote", out.name)


# --------------------------------------------------------------------------------------------
# 2. English UK SIPP transfer follow-up letter
# --------------------------------------------------------------------------------------------
EN_PARAS = [
    ("Harrowgate Wealth Ltd", 14, True),
    ("2 Tenter Yard, Leeds LS1 9QX  ·  020 7946 0321  ·  hello@harrowgate-wealth.example", 9, False),
    ("Mr Graham Oakes\n14 Birchfield Close\nOtley\nLS21 4PW", 11, False),
    ("18 February 2026", 11, False),
    ("Our ref: HW/SIPP/TR-20417", 11, False),
    ("Re: Moving your Northvale Life personal pension into the Harrowgate Flex SIPP", 11, True),
    ("Dear Mr Oakes,", 11, False),
    ("Thank you for your time on the phone last Tuesday. As promised, here is a summary of what a transfer "
     "would involve, together with the forms you need.", 11, False),
    ("Please remember that the value of your pension can go down as well as up, and you could get back less "
     "than the amount you transfer in. A SIPP is a long-term investment and you normally cannot take money "
     "out of it before age 57 (from April 2028).", 11, False),
    ("Why we think it's time to move", 11, True),
    ("To be blunt, Northvale is a dinosaur. Their funds have trailed just about every other pension provider "
     "out there for years, and their service is frankly the worst we come across. Leaving your savings with "
     "them is costing you money every single month.", 11, False),
    ("The Harrowgate Flex SIPP is the UK's number one SIPP for flexibility and value, and it's built for "
     "people like you who want to see exactly what they own.", 11, False),
    ("You can also rest easy: our SIPP is approved by HMRC and the FCA, which means the government is "
     "standing behind your retirement savings in a way Northvale simply can't match.", 11, False),
    ("How your money would be invested", 11, True),
    ("Unless you tell us otherwise, your transfer value would go into the Harrowgate Balanced Portfolio, "
     "which we rate 3 on our 1-to-5 risk scale (medium risk). It holds roughly 55% in global shares and 45% "
     "in bonds and cash, and is rebalanced quarterly. You can switch to another portfolio at any time "
     "without charge.", 11, False),
    ("Charges", 11, True),
    ("Our annual platform fee is 0.25% of your SIPP value, and the Balanced Portfolio's ongoing fund "
     "charge is 0.31% a year. There is no charge to transfer in. Northvale may apply an exit charge; please "
     "check your latest annual statement from them.", 11, False),
    ("Before you decide", 11, True),
    ("Your Northvale plan does not include any guaranteed annuity rate or other safeguarded benefit, "
     "according to the transfer pack you sent us; please tell us straight away if you think it does. "
     "Once we receive your signed application you will have 30 days to change your mind and cancel. "
     "Transfers usually take 4 to 6 weeks.", 11, False),
    ("To go ahead, sign the enclosed application and transfer authority and return them in the prepaid "
     "envelope, or upload them at harrowgate-wealth.example/transfer.", 11, False),
    ("Kind regards,", 11, False),
    ("Owen Pritchard\nPensions Consultant, Harrowgate Wealth Ltd", 11, False),
    ("Harrowgate Wealth Ltd is registered in England and Wales (No. 11873402). Registered office: "
     "2 Tenter Yard, Leeds LS1 9QX.", 8, False),
]


def build_en() -> None:
    doc = Document()
    for text, size, bold in EN_PARAS:
        para(doc, text, size=size, bold=bold, cjk=False)
    out = HERE / "bad_en_sipp_transfer_letter.docx"
    doc.save(out)
    print("wrote", out.name)


if __name__ == "__main__":
    build_zh()
    build_en()
