"""Trade tables on pages: column headings by label, numbers in the viewer's language and unit."""

from django import template

from corridor.trade import presentation

register = template.Library()


@register.filter
def headings(table) -> list[str]:
    return [presentation.heading(c) for c in table.columns]


@register.filter
def display_rows(table) -> list[list[str]]:
    return [[presentation.cell(c, v) for c, v in zip(table.columns, row, strict=False)] for row in table.rows]


@register.filter
def percent(value) -> str:
    """A fraction as a percentage with one decimal (0.0914 → 9.1%)."""
    return presentation.cell("share", value)


@register.filter
def whole(value) -> str:
    """A whole amount grouped by thousands in the viewer's language (6443407861 → 6,443,407,861)."""
    return presentation.cell("value", float(value) if value is not None else None)


@register.filter
def rag_label(status) -> str:
    return str(presentation.RAG_LABELS.get(status, presentation.RAG_LABELS["no_data"]))


@register.filter
def rag_class(status) -> str:
    """The ``.rag`` colour class of a target status: ``"green"``, ``"amber"``, ``"red"`` as they
    are; ``"no_data"`` (no published figure after the baseline yet) → ``"grey"``."""
    return "grey" if status == "no_data" else f"{status}"
