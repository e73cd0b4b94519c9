# Generates bad_kaimenhong_morning_meeting.docx (insurance 开门红 morning-meeting talk track).
from docx import Document
from docx.shared import Pt
from docx.oxml.ns import qn

doc = Document()
style = doc.styles["Normal"]
style.font.name = "SimSun"
style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
style.font.size = Pt(11)

doc.add_heading("恒泰人寿 江城中心支公司 2026 开门红 第三周早会 · 话术通关材料", level=1)
doc.add_paragraph("适用产品：恒泰鑫禧年年两全保险（分红型）　缴费期：3年交　保险期间：10年　主讲：营业三区 区经理 陶慧敏")
doc.add_paragraph("开门红活动期：2026年1月1日至3月31日（以总公司文件为准）。今天早会通关的是\u201c客户异议处理\u201d三段话术，下午两点前每人找搭档通关一次，主管录视频抽查。")

doc.add_heading("一、开场：怎么把话题引到产品上", level=2)
doc.add_paragraph("很多客户一听\u201c保险\u201d两个字就往后缩。大家开场别一上来就说保险，就说我们这边有个\u201c存三年、领十年\u201d的储蓄计划，钱放进来跟存定期一样，按年生息，到期连本带息一起拿回去。先把客户的兴趣勾起来，再慢慢讲细节。")
doc.add_paragraph("客户如果问\u201c这到底是存款还是保险\u201d，就说：您就把它当成一张三年期的存单，一样是按年算利息，区别就是多了一份保障，等于存钱顺便送了个保险。")

doc.add_heading("二、异议处理：客户担心分红不确定", level=2)
doc.add_paragraph("客户说\u201c分红是不是说说而已\u201d的时候，大家别绕，直接给底气：分红这块每年都是稳稳拿到手的，咱们公司实力在这摆着，少不了您的，您就当它是固定的利息来算。")
doc.add_paragraph("演示的时候只讲中档，低档那一栏不用主动翻给客户看，讲多了客户反而犹豫。")

doc.add_heading("三、必须讲到的合规点（总公司合规部要求，通关必查）", level=2)
doc.add_paragraph("1. 说明身份：我是恒泰人寿的保险代理人，执业证编号要报给客户。")
doc.add_paragraph("2. 犹豫期：客户签收保单之日起15日内为犹豫期，犹豫期内可以申请解除合同，公司退还全部保费（扣除不超过10元的工本费）。这一条要在签字前讲清楚，并让客户在投保提示书上签字。")
doc.add_paragraph("3. 退保损失：犹豫期过后退保，只能拿回保单现金价值，前几年现金价值低于已交保费，会有损失。")
doc.add_paragraph("4. 免责条款：合同第七条列明的责任免除情形，要逐条指给客户看。")
doc.add_paragraph("5. 双录：在银行网点办理的，必须在双录区完成录音录像。")

doc.add_heading("四、今日目标", level=2)
doc.add_paragraph("三区本周目标首期保费 180 万元，截至昨天完成 112 万元。今天每人至少约访 3 位老客户，晚上八点群里接龙报数。加油！")

doc.add_paragraph("（本材料仅供内部早会培训使用，禁止外传、禁止转发朋友圈。）")

doc.save("bad_kaimenhong_morning_meeting.docx")
