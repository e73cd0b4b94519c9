# Generates bad_private_fund_roadshow.pdf (私募 路演纪要, forwarded to a client group).
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=6)
h1 = ParagraphStyle("h1", parent=body, fontSize=16, leading=22, spaceAfter=10)
h2 = ParagraphStyle("h2", parent=body, fontSize=12.5, leading=18, spaceBefore=8)
box = ParagraphStyle("box", parent=body, borderColor="#aa0000", borderWidth=0.8, borderPadding=6, spaceBefore=6, spaceAfter=12)

P = lambda t, s=body: Paragraph(t, s)
story = [
    P("澄岳资产 · 2026年春季客户路演纪要", h1),
    P("时间：2026年4月18日（周六）14:00-16:30　地点：杭州 钱塘江畔 某酒店三楼会议厅　整理：客户服务部 / 客户经理 邵一帆"),
    P("【风险提示】私募基金有风险，投资需谨慎。澄岳价值成长3号私募证券投资基金风险等级为R4（中高风险），仅向风险承受能力C4及以上、且符合《私募投资基金监督管理暂行办法》规定的合格投资者推介。管理人不承诺保本，也不承诺最低收益。本纪要仅供已完成合格投资者确认的客户内部参考。", box),
    P("一、开场：基金经理 贺临川 谈市场", h2),
    P("贺总开场就讲了一个判断：过去三年是\u201c杀估值\u201d，接下来是\u201c杀业绩之后的修复\u201d。他认为当前A股整体估值处于近十年的低位区间，港股互联网龙头的自由现金流收益率已经接近历史高点，\u201c现在就是近十年最佳的上车窗口\u201d。"),
    P("贺总也坦言，2022年产品净值最大回撤达到19.7%，当时是按纪律减仓而不是硬扛；团队这两年在风控上加了行业集中度上限（单一行业不超过30%）。"),
    P("二、产品业绩回顾", h2),
    P("澄岳价值成长3号自2019年7月成立以来，年化收益23.6%，累计净值3.41；2024年全年收益41.2%，2025年收益18.9%。同期沪深300指数2024年涨幅14.7%（指数数据来源：中证指数有限公司官网公开数据；产品数据来源：管理人估值表，已扣除管理费及业绩报酬）。"),
    P("三、团队", h2),
    P("投研团队共11人，核心成员平均从业12年，贺总此前在头部公募做了8年消费行业研究。说句不谦虚的话，这是业内顶级的投研配置，我们也一直以这个标准要求自己。"),
    P("四、对2026-2027年的展望", h2),
    P("贺总给大家交了个底：按他们的测算，这轮修复行情如果走完，产品明年有望做到25%以上的收益，就算市场不配合，保守看也有15%左右。他同时强调，这是团队的判断，市场不会按剧本走，仓位纪律和止损线会严格执行。"),
    P("五、认购安排", h2),
    P("3号产品本轮开放日为2026年5月8日，认购起点100万元，认购费1%，管理费1.5%/年，业绩报酬为超过6%年化部分的20%（高水位法）。认购前须完成合格投资者认定、风险测评及双录，签约后有24小时冷静期，冷静期后由公司客服人员进行回访确认。"),
    P("有意向的客户请私信客户经理预约，我们会一对一发送产品合同、风险揭示书与募集说明书。"),
    P("——本纪要由客服部根据现场录音整理，如与基金合同不一致，以基金合同为准。"),
]
SimpleDocTemplate("bad_private_fund_roadshow.pdf", pagesize=A4, title="澄岳资产 路演纪要",
                  leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50).build(story)
