"""Award letters: the HTML letter page, rendered to PDF with WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Decision, Proposal


def letter_context(proposal: Proposal, decision: Decision) -> dict:
    return {"proposal": proposal, "decision": decision, "milestones": list(proposal.milestones.all())}


def render_letter_pdf(proposal: Proposal, decision: Decision) -> bytes:
    """The award letter (the same body as the letter page) as a print-ready A4 PDF."""
    from weasyprint import HTML

    html = render_to_string("grants/letter_pdf.html", letter_context(proposal, decision))
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")  # tagged (PDF/UA-1)


def letter_filename(decision: Decision) -> str:
    return f"award-letter-{decision.letter_reference or decision.proposal_id}.pdf"
