# Generates ok_investment_trust_agm.pdf (UK investment trust AGM invitation with performance summary).
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import colors
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle

body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=15, spaceAfter=7)
bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
h1 = ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=21, spaceAfter=10)
h2 = ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=16, spaceBefore=8)
riskbox = ParagraphStyle("risk", parent=body, borderColor="#222222", borderWidth=0.8, borderPadding=6, spaceBefore=4, spaceAfter=12)

P = Paragraph
story = [
    P("Calderbrook Global Investment Trust plc", h1),
    P("Notice of Annual General Meeting and Shareholder Update, 2026", bold),
    P("Capital at risk. The value of your shares and the income from them can fall as well as rise, and you may get back "
      "less than you invested. The Company uses borrowing (gearing), which magnifies losses as well as gains, and its shares "
      "may trade at a discount to net asset value. Calderbrook rates the Company 4 (medium-high) on its 1-5 risk scale.", riskbox),
    P("Dear Shareholder,", body),
    P("I am pleased to invite you to the Company's Annual General Meeting, to be held at 11.00 am on Thursday 18 June 2026 "
      "in the First Floor Suite, Merchant Hall, 14 Castle Wynd, Edinburgh EH1 2XX. Shareholders who cannot attend in person "
      "may follow the meeting online and submit questions in advance.", body),
    P("Performance over the past five years", h2),
]
data = [
    ["12 months to 31 March", "2022", "2023", "2024", "2025", "2026"],
    ["NAV total return (%)", "6.8", "-9.4", "14.1", "5.2", "8.7"],
    ["Share price total return (%)", "4.9", "-12.6", "16.3", "3.8", "10.2"],
    ["Benchmark: MSCI ACWI (GBP) (%)", "12.4", "-1.4", "21.0", "5.3", "7.9"],
]
t = Table(data, hAlign="LEFT")
t.setStyle(TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9.5),
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
]))
story += [
    t, Spacer(1, 6),
    P("Past performance is not a reliable indicator of future results. Figures are in sterling, net of ongoing charges, "
      "with dividends reinvested. Source: Calderbrook Capital Management Ltd and MSCI, data to 31 March 2026.", body),
    P("The Company paid total dividends of 7.2p per share for the year, a historic yield of 3.1% on the year-end share price. "
      "Dividends are not guaranteed, and the yield shown is not a promise of future income.", body),
    P("Business of the meeting", h2),
    P("Resolution 1 is to receive the Annual Report. Resolutions 2 to 9 concern the re-election of directors, the "
      "re-appointment of the auditor and the dividend policy. Resolution 10 renews the authority to buy back up to 14.99% of "
      "the Company's shares; Resolution 11 permits general meetings on 14 clear days' notice.", body),
    P("The Board considers that all resolutions are in the best interests of shareholders as a whole and unanimously "
      "recommends that you vote in favour, as the directors intend to do in respect of their own holdings. This is a "
      "recommendation on how to vote, not a recommendation to buy or sell shares.", body),
    P("Voting", h2),
    P("Please submit your proxy vote online at calderbrook-agm.example/vote or return the enclosed Form of Proxy so that it "
      "arrives no later than 11.00 am on Tuesday 16 June 2026, 48 hours before the meeting.", body),
    P("Beware of share fraud", h2),
    P("Fraudsters sometimes contact shareholders offering to buy their shares at a premium, or promising 'guaranteed' or "
      "'risk-free' returns. Calderbrook will never cold-call you with an investment offer. Check any firm on the FCA "
      "Register and report suspicious approaches to the FCA.", body),
    P("The Company is not a bank deposit and an investment in its shares is not covered by the Financial Services "
      "Compensation Scheme. If you are unsure what action to take, consult an independent financial adviser authorised "
      "under the Financial Services and Markets Act 2000.", body),
    P("Yours faithfully,<br/>Morag Lindsay, Chair", body),
    P("Calderbrook Global Investment Trust plc (fictitious). Registered in Scotland no. SC000000. Managed by Calderbrook "
      "Capital Management Ltd, authorised and regulated by the Financial Conduct Authority.", body),
]
SimpleDocTemplate("ok_investment_trust_agm.pdf", pagesize=A4, title="Calderbrook AGM 2026",
                  leftMargin=50, rightMargin=50, topMargin=45, bottomMargin=45).build(story)
