# Generates bad_529_mailer.docx (US 529 college-savings direct-mail piece from an advisory firm).
from docx import Document
from docx.shared import Pt

doc = Document()
doc.styles["Normal"].font.name = "Georgia"
doc.styles["Normal"].font.size = Pt(11)

doc.add_heading("Congratulations on your new arrival!", level=1)
doc.add_paragraph("Dear Parent,")
doc.add_paragraph(
    "Investments in 529 plans are not FDIC insured, are not bank guaranteed and may lose value, "
    "including the principal you invest. Portfolio risk level: 3 (moderate) on a 1-5 scale.")
doc.add_paragraph(
    "Between diapers and 2 a.m. feedings, college probably feels a lifetime away. But the earlier you start, "
    "the more time your savings have to work. That's why Harborline Wealth Partners is inviting new parents "
    "in Fairfax and Loudoun counties to open a CollegeBound Growth Portfolio 529 account.")

doc.add_heading("What $250 a month can become", level=2)
doc.add_paragraph(
    "Start with $250 a month today and your child's account is on track to reach about $107,000 by freshman year, "
    "based on the portfolio's 7% expected annual return. Bump it to $400 a month and you're looking at more than "
    "$170,000 waiting for them on move-in day.")

doc.add_heading("Why a 529?", level=2)
doc.add_paragraph("Earnings grow free of federal income tax, and withdrawals are tax-free when used for qualified "
                  "education expenses such as tuition, fees, books and room and board.")
doc.add_paragraph("Grandparents and friends can contribute directly through a gift link.")
doc.add_paragraph("Non-qualified withdrawals: the earnings portion is subject to income tax and a 10% federal penalty.")
doc.add_paragraph(
    "Before investing, consider whether your or the beneficiary's home state offers a 529 plan that provides its "
    "taxpayers with state tax or other benefits, such as financial aid, scholarship funds and protection from creditors.")

doc.add_heading("Next step", level=2)
doc.add_paragraph(
    "Call your Harborline advisor, Dana Whitcombe, at (703) 555-0148, or visit harborlinewealth.example/529. "
    "Please read the Plan Disclosure Document carefully before you invest; it contains the investment objectives, "
    "risks, charges and expenses.")

doc.add_paragraph(
    "Harborline Wealth Partners, LLC, member FINRA/SIPC (fictitious). 8200 Greensboro Dr, McLean, VA 22102.")

doc.save("bad_529_mailer.docx")
