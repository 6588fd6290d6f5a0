"""Standards pages. Thin: parse, call a service or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.forms import apply_service_errors
from corridor.engines.conformance import versions
from corridor.engines.conformance.convert import conversions

from . import access, queries, services
from .enums import RecognitionStatus, Side
from .forms import AreaForm, CheckForm, InstrumentForm, StatusForm


def index(request):
    areas = queries.areas()
    counts = queries.status_counts()
    return render(
        request,
        "standards/index.html",
        {
            "areas": areas,
            "counts": [(s, s.label, counts[s.value]) for s in RecognitionStatus],
            "can_edit": access.can_edit_registry(request.user),
            "can_stats": access.can_see_statistics(request.user),
        },
    )


def area(request, domain: str):
    obj = queries.area(domain)
    instruments = list(obj.instruments.all())
    sides = [(s, s.label, [i for i in instruments if i.side == s.value]) for s in Side]
    return render(
        request,
        "standards/area.html",
        {
            "area": obj,
            "sides": sides,
            "changes": obj.changes.all(),
            "can_edit": access.can_edit_registry(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request, domain: str):
    access.require_registry_editor(request.user)
    obj = queries.area(domain)
    if request.method == "POST":
        form = AreaForm(request.POST)
        if form.is_valid():
            try:
                services.update_area(by=request.user, area=obj, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Domain updated."))
                return redirect(obj.get_absolute_url())
    else:
        form = AreaForm(
            initial={"summary": obj.summary, "evidence": obj.evidence, "decisions": obj.decisions}
        )
    return render(
        request,
        "standards/area_form.html",
        {"area": obj, "form": form, "title": _("Edit domain")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_status(request, domain: str):
    access.require_registry_editor(request.user)
    obj = queries.area(domain)
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                services.change_status(
                    by=request.user,
                    area=obj,
                    to_status=form.cleaned_data["to_status"],
                    decision=form.cleaned_data["decision"],
                    date=form.cleaned_data["date"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Recognition status changed."))
                return redirect(obj.get_absolute_url())
    else:
        form = StatusForm(initial={"date": timezone.localdate()})
    return render(
        request,
        "standards/area_form.html",
        {"area": obj, "form": form, "title": _("Change recognition status")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request, domain: str, pk: int | None = None):
    access.require_registry_editor(request.user)
    obj = queries.area(domain)
    instance = queries.instrument(pk) if pk else None
    if instance is not None and instance.area_id != obj.pk:
        raise access.NotFound
    if request.method == "POST":
        form = InstrumentForm(request.POST)
        if form.is_valid():
            try:
                services.save_instrument(by=request.user, area=obj, instance=instance, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Instrument saved."))
                return redirect(obj.get_absolute_url())
    else:
        initial = (
            {f: getattr(instance, f) for f in ("side", "name", "citation", "year", "note", "source_url")}
            if instance
            else {}
        )
        form = InstrumentForm(initial=initial)
    title = _("Edit instrument") if instance else _("Add instrument")
    return render(
        request,
        "standards/area_form.html",
        {"area": obj, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request):
    """Upload an invoice: the answer is the report and the conversion view, in one page (nothing is kept)."""
    access.require_authenticated(request.user)
    if request.method == "POST":
        form = CheckForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                data = _read_upload(upload)
                packs = services.parse_packs(form.cleaned_data["packs"])
                report, doc, record = services.run_check(by=request.user, data=data, packs=packs)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return render(
                    request,
                    "standards/report.html",
                    {
                        "report": report,
                        "groups": report.grouped(),
                        "record": record,
                        "kind": doc.kind,
                        "conversions": conversions(doc),
                        "svrl": report.to_svrl().decode("utf-8"),
                        "report_json": _pretty(report.as_dict()),
                    },
                )
    else:
        form = CheckForm()
    return render(
        request,
        "standards/check.html",
        {"form": form, "versions": versions()},
        status=400 if form.errors else 200,
    )


def _read_upload(upload) -> bytes:
    from corridor.core.uploads import document_upload
    from corridor.engines.conformance import MAX_BYTES

    sniffed, upload = document_upload(upload, field="document", allowed={"xml", "json"}, max_bytes=MAX_BYTES)
    upload.seek(0)
    return upload.read()


def _pretty(data) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False)


@login_required
def my_checks(request):
    page = Paginator(queries.checks_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "standards/checks.html", {"page": page})


@login_required
def statistics(request):
    access.require_statistics(request.user)
    stats = queries.check_statistics()
    return render(request, "standards/statistics.html", {"stats": stats, "checks": queries.all_checks()[:20]})


@login_required
def statistics_chart(request):
    access.require_statistics(request.user)
    from django.http import HttpResponse

    from corridor.core.charts import bar_spec, to_svg

    rows = queries.checks_by_month()
    svg = (
        to_svg(
            bar_spec(
                rows,
                x="month",
                y="checks",
                color="country",
                title=_("Checks per month"),
                x_title=_("Month"),
                y_title=_("Checks"),
            )
        )
        if rows
        else '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
