"""Pages of the ventures module. Thin: forms shape input, services decide, queries read."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.core.charts import bar_spec, to_svg
from corridor.core.forms import apply_service_errors

from . import access, queries, services
from .chain import chain_of
from .context_data import GAPS as CONTEXT_GAPS
from .enums import OriginKind, PartyRole, Stage
from .forms import (
    ContextFilterForm,
    DisbursementForm,
    PledgeForm,
    TransitionForm,
    VentureFilterForm,
    VentureForm,
)
from .origins import (
    ORIGIN_FIELDS,
    meeting_by_id,
    origin_by_id,
    origin_org_ids,
    origin_value,
    parse_origin_value,
)

PAGE_SIZE = 20


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(
        svg or '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def pipeline(request):
    filters = VentureFilterForm(request.GET or None)
    stage = sector = None
    if filters.is_valid():
        stage = filters.cleaned_data["stage"] or None
        sector = filters.cleaned_data["sector"].slug if filters.cleaned_data["sector"] else None
    ventures = queries.ventures_visible_to(request.user, stage=stage, sector=sector)
    page = Paginator(ventures, PAGE_SIZE).get_page(request.GET.get("page"))
    stats = queries.pipeline_stats(queries.ventures_visible_to(request.user))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "ventures/pipeline.html",
        {
            "filters": filters,
            "page": page,
            "stats": stats,
            "stages": list(Stage),
            "querystring": querystring.urlencode(),
        },
    )


def pipeline_chart(request):
    stats = queries.pipeline_stats(queries.ventures_visible_to(request.user))
    rows = [{"stage": r["label"], "ventures": r["count"]} for r in stats["by_stage"]]
    return _svg(
        to_svg(
            bar_spec(
                rows,
                x="stage",
                y="ventures",
                title=_("Joint ventures by stage"),
                x_title=_("Stage"),
                y_title=_("Ventures"),
                width=480,
            )
        )
        if stats["total"]
        else ""
    )


def _sides(org_ids, acting):
    """Your organisation and a partner from the other country among an origin's organisations."""
    mine = next((o for o in acting if o.pk in org_ids), None)
    if mine is None:
        return None, None
    other = queries.partner_in(org_ids, other_than=mine)
    return mine, other


def _origin_prefill(request, acting):
    """Initial values when opened from a meeting outcome (``?meeting=``) or from an award,
    placement or recommendation (``?origin=grant|placement|recommendation&id=``): your side,
    the other side, the origin. Only for a record the user may see that involves an
    organisation they act for."""
    params = request.GET
    if params.get("meeting"):
        kind, record = OriginKind.MEETING, meeting_by_id(params.get("meeting"))
    else:
        kind = params.get("origin") or ""
        record = origin_by_id(kind, params.get("id"))
    if record is None or not access.can_see_origin(request.user, kind, record):
        return None, None, {}
    mine, other = _sides(origin_org_ids(kind, record), acting)
    if mine is None:
        return None, None, {}
    initial = {
        "organisation": mine.slug,
        "partner": other.slug if other else None,
        "origin": origin_value(kind, record),
        "stage": Stage.MOU if kind == OriginKind.MEETING else Stage.IDEA,
        "title": f"{mine.name} – {other.name}" if other else "",
    }
    if kind == OriginKind.MEETING:
        initial["started_on"] = record.slot.starts_at.date() if record.slot else None
    return kind, record, initial


def _picker(user, acting, kind, record):
    """The origin picker's options, with the pre-filled record first if the list left it out."""
    options = queries.origin_options(user, [o.pk for o in acting])
    if record is not None:
        value = origin_value(kind, record)
        if not any(value == v for _g, group in options for v, _l in group):
            options.insert(0, (str(OriginKind(kind).label), [(value, str(record))]))
    return options


def _origin_errors_on_picker(exc: ValidationError) -> ValidationError:
    """The service names the origin's own field (``origin_meeting``…); the form has one picker."""
    if not hasattr(exc, "error_dict"):
        return exc
    fields = set(ORIGIN_FIELDS.values()) | {"origin_kind", "origin_id"}
    merged: dict[str, list] = {}
    for field, errors in exc.error_dict.items():
        merged.setdefault("origin" if field in fields else field, []).extend(errors)
    return ValidationError(merged)


@login_required
def venture_new(request):
    acting = list(queries.acting_organisations(request.user))
    if not acting:
        raise PermissionDenied
    kind, origin, initial = _origin_prefill(request, acting)
    form = VentureForm(
        request.POST or None,
        initial=initial,
        acting_orgs=queries.acting_organisations(request.user),
        origin_options=_picker(request.user, acting, kind, origin),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            origin_kind, origin_record = parse_origin_value(d["origin"])
            venture = services.create_venture(
                by=request.user,
                title=d["title"],
                summary=d["summary"],
                sector=d["sector"],
                parties=[(d["organisation"], PartyRole.LEAD), (d["partner"], PartyRole.PARTNER)],
                started_on=d["started_on"],
                stage=d["stage"],
                is_confidential=d["is_confidential"],
                expected_value=d["expected_value"],
                expected_currency=d["expected_currency"],
                committed_value=d["committed_value"],
                committed_currency=d["committed_currency"],
                committed_on=d["committed_on"],
                origin_kind=origin_kind,
                origin=origin_record,
            )
        except ValidationError as exc:
            apply_service_errors(form, _origin_errors_on_picker(exc))
        else:
            messages.success(request, _("The joint venture is recorded."))
            return redirect(venture)
    meeting = origin if kind == OriginKind.MEETING else None
    return render(
        request,
        "ventures/venture_form.html",
        {
            "form": form,
            "meeting": meeting,
            "origin": origin,
            "origin_label": OriginKind(kind).label if kind else "",
        },
    )


def venture_detail(request, pk):
    venture = access.get_venture(request.user, pk)
    can_edit = access.can_edit_venture(request.user, venture)
    return render(
        request,
        "ventures/venture.html",
        {
            "venture": venture,
            "chain": chain_of(venture),
            "can_edit": can_edit,
            "transition_form": TransitionForm(venture=venture)
            if can_edit and venture.stage != Stage.DISSOLVED
            else None,
        },
    )


@login_required
def venture_edit(request, pk):
    venture = access.get_venture(request.user, pk)
    access.require_edit_venture(request.user, venture)
    initial = {
        "title": venture.title,
        "summary": venture.summary,
        "sector": venture.sector_id,
        "is_confidential": venture.is_confidential,
        "expected_value": venture.expected_value,
        "expected_currency": venture.expected_currency_id,
        "committed_value": venture.committed_value,
        "committed_currency": venture.committed_currency_id,
        "committed_on": venture.committed_on,
    }
    form = VentureForm(request.POST or None, initial=initial, edit=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_venture(by=request.user, venture=venture, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(venture)
    return render(request, "ventures/venture_form.html", {"form": form, "venture": venture})


@login_required
@require_POST
def venture_advance(request, pk):
    venture = access.get_venture(request.user, pk)
    access.require_edit_venture(request.user, venture)
    form = TransitionForm(request.POST, venture=venture)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.advance_venture(
                by=request.user, venture=venture, to_stage=d["to_stage"], on=d["on"], note=d["note"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The stage is updated."))
            return redirect(venture)
    return render(
        request,
        "ventures/venture.html",
        {"venture": venture, "chain": chain_of(venture), "can_edit": True, "transition_form": form},
        status=400,
    )


def pledge_list(request):
    country = request.GET.get("country") or None
    page = Paginator(queries.pledges(country=country), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.with_totals(page.object_list)
    summary = queries.pledge_summary(queries.pledges(country=country))
    can_add = request.user.is_authenticated and queries.acting_organisations(request.user).exists()
    return render(
        request,
        "ventures/pledges.html",
        {
            "page": page,
            "rows": rows,
            "summary": summary,
            "country": country,
            "can_add": can_add,
            "querystring": f"country={country}" if country else "",
        },
    )


def pledge_chart(request):
    """Pledged vs disbursed (USD) by target country, as an SVG bar chart."""
    summary = queries.pledge_summary(queries.pledges())
    names = {"MY": _("Malaysia"), "KE": _("Kenya")}
    rows = [
        {"country": names.get(code, code), "measure": label, "usd": float(values[key])}
        for code, values in sorted(summary["by_country"].items())
        for key, label in (("pledged_usd", _("Pledged")), ("disbursed_usd", _("Disbursed")))
    ]
    spec = bar_spec(
        rows,
        x="country",
        y="usd",
        color="measure",
        title=_("Pledged vs disbursed (USD)"),
        x_title=_("Target country"),
        y_title="USD",
        width=420,
    )
    return _svg(to_svg(spec) if rows else "")


@login_required
def pledge_new(request):
    acting = queries.acting_organisations(request.user)
    if not acting.exists():
        raise PermissionDenied
    form = PledgeForm(request.POST or None, acting_orgs=acting)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.create_pledge(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The pledge is recorded."))
            return redirect(pledge)
    return render(request, "ventures/pledge_form.html", {"form": form})


def pledge_detail(request, pk):
    pledge = access.get_pledge(pk)
    can_edit = access.can_edit_pledge(request.user, pledge)
    form = None
    status = 200
    if can_edit:
        form = DisbursementForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_disbursement(by=request.user, pledge=pledge, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The disbursement is recorded."))
                return redirect(pledge)
        if request.method == "POST":
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    ((_p, totals),) = queries.with_totals([pledge])
    return render(
        request, "ventures/pledge.html", {"pledge": pledge, "totals": totals, "form": form}, status=status
    )


def context_list(request):
    filters = ContextFilterForm(request.GET or None)
    kind = country = None
    if filters.is_valid():
        kind = filters.cleaned_data["kind"] or None
        country = filters.cleaned_data["country"] or None
    figures = queries.context_figures(kind=kind, country=country)
    return render(
        request,
        "ventures/context.html",
        {"filters": filters, "figures": figures, "gaps": [_(g) for g in CONTEXT_GAPS]},
    )


CSV_HEADER = [
    "figure",
    "country",
    "year",
    "value",
    "unit",
    "used_by_council",
    "source",
    "source_url",
    "published_on",
    "note",
]


def context_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="innovation-context.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for f in queries.context_figures():
        writer.writerow(
            [
                f.get_kind_display(),
                f.country_id,
                f.year,
                f.value.normalize(),
                f.unit,
                "yes" if f.is_preferred else "no",
                f.source_name,
                f.source_url,
                f.published_on.isoformat(),
                f.choice_note,
            ]
        )
    return response
