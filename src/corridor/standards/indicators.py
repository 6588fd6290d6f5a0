"""Council indicators of the standards module."""

from __future__ import annotations

from corridor.council.registry import Provider, register


def _recognised(start, end):
    from .queries import status_counts

    counts = status_counts(end)
    return {None: float(counts["recognised"] + counts["equivalent"])}


def _negotiating(start, end):
    from .queries import status_counts

    return {None: float(status_counts(end)["negotiating"])}


def _checks(start, end):
    from django.db.models import Count

    from .queries import checks_between

    out: dict = {None: float(checks_between(start, end).count())}
    for row in (
        checks_between(start, end)
        .filter(country_id__in=["MY", "KE"])
        .values("country_id")
        .annotate(n=Count("id"))
    ):
        out[row["country_id"]] = float(row["n"])
    return out


def _valid_share(start, end):
    from .queries import checks_between

    out: dict = {}
    for key, qs in (
        (None, checks_between(start, end)),
        ("MY", checks_between(start, end).filter(country_id="MY")),
        ("KE", checks_between(start, end).filter(country_id="KE")),
    ):
        total = qs.count()
        if total:
            out[key] = round(100.0 * qs.filter(valid=True).count() / total, 1)
    return out


register(
    Provider(
        code="standards.domains_recognised",
        name="Domains recognised or equivalent",
        unit="domains",
        pillar="standards",
        definition="Domains of the standards registry whose status is 'recognised' or 'equivalent with conditions' at the end of the period.",
        compute=_recognised,
        module="standards",
    )
)
register(
    Provider(
        code="standards.domains_negotiating",
        name="Domains in negotiation",
        unit="domains",
        pillar="standards",
        definition="Domains of the standards registry in negotiation at the end of the period.",
        compute=_negotiating,
        module="standards",
    )
)
register(
    Provider(
        code="standards.checks_run",
        name="Invoice conformance checks run",
        unit="checks",
        pillar="standards",
        definition="Conformance checks run in the period, by the country of the checking organisation.",
        compute=_checks,
        module="standards",
        by_country=True,
    )
)
register(
    Provider(
        code="standards.checks_valid_share",
        name="Share of invoices passing all packs",
        unit="%",
        pillar="standards",
        definition="Share of checks in the period with no fatal finding, by the country of the checking organisation.",
        compute=_valid_share,
        module="standards",
        by_country=True,
    )
)
