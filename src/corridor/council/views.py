"""Council pages. Thin: parse, call a service or a report function, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.enums import Pillar
from corridor.core.forms import apply_service_errors as _errors_to_form
from corridor.engines.results import HalfYear

from . import access, queries, report, services
from .forms import (
    CommentForm,
    CommitmentFilterForm,
    CommitmentStatusForm,
    EvidenceForm,
    NarrativeForm,
    ReviewForm,
    ValidationForm,
    ValueForm,
)


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(
        svg or '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def overview(request):
    access.require_council_staff(request.user)
    return render(
        request,
        "council/overview.html",
        {
            "members": queries.active_members(),
            "meetings": queries.recent_meetings(),
            "overdue": queries.overdue_commitments()[:10],
            "reviews": access.reviews_visible_to(request.user)[:5],
            "queue_count": queries.validation_queue(request.user).count(),
        },
    )


@login_required
def commitments(request):
    access.require_council_staff(request.user)
    form = CommitmentFilterForm(request.GET or None)
    if form.is_valid():
        qs = queries.commitments(
            pillar=form.cleaned_data["pillar"],
            status=form.cleaned_data["status"],
            overdue_ids=queries.overdue_commitments().values("pk") if form.cleaned_data["overdue"] else None,
        )
    else:
        qs = queries.commitments()
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "council/commitments.html", {"form": form, "page": page, "querystring": query.urlencode()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_detail(request, code):
    access.require_council_staff(request.user)
    commitment = queries.get_commitment(code)
    can_update = access.can_update_commitment(request.user, commitment)
    status_form = CommitmentStatusForm(initial={"status": commitment.status})
    evidence_form = EvidenceForm()
    if request.method == "POST":
        if not can_update:
            raise access.NotFound
        try:
            if "status" in request.POST:
                status_form = CommitmentStatusForm(request.POST)
                if status_form.is_valid():
                    services.update_commitment_status(
                        commitment=commitment, by=request.user, **status_form.cleaned_data
                    )
                    messages.success(request, _("Status updated."))
                    return redirect(commitment)
            else:
                evidence_form = EvidenceForm(request.POST)
                if evidence_form.is_valid():
                    services.add_evidence(
                        commitment=commitment, by=request.user, **evidence_form.cleaned_data
                    )
                    messages.success(request, _("Evidence added."))
                    return redirect(commitment)
        except ValidationError as exc:
            _errors_to_form(evidence_form if "status" not in request.POST else status_form, exc)
    return render(
        request,
        "council/commitment.html",
        {
            "c": commitment,
            "can_update": can_update,
            "status_form": status_form,
            "evidence_form": evidence_form,
            "evidence": queries.evidence_of(commitment),
        },
    )


def indicators(request):
    """The indicator registry: definitions are public; values appear on the public dashboard once published."""
    return render(
        request,
        "council/indicators.html",
        {
            "indicators": queries.indicators_for(request.user),
            "pillars": dict(Pillar.choices),
        },
    )


def _has_code(exc: ValidationError, code: str) -> bool:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return any(e.code == code for errs in errors for e in errs)


@require_http_methods(["GET", "POST"])
def indicator_detail(request, code):
    indicator = queries.get_indicator(request.user, code)
    staff = access.is_council_staff(request.user)
    form = None
    if staff:
        countries = sorted(access.focal_countries(request.user))
        initial = {
            "period": str(HalfYear.containing(timezone.localdate()).previous()),
            "unit": indicator.unit,
            "country": countries[0] if countries else "",
        }
        form = ValueForm(request.POST or None, initial=initial, ask_reason="reason" in request.POST)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_value(by=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as exc:
                if "reason" not in form.fields and _has_code(exc, "reason_required"):
                    # Replacing a validated figure: show the reason field, with the warning on it.
                    form = ValueForm(request.POST, initial=initial, ask_reason=True)
                    form.is_valid()
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your figure is recorded. The other country's focal point or the secretariat validates it."
                    ),
                )
                return redirect(indicator)
    elif request.method == "POST":
        raise access.NotFound
    values = []
    if staff:
        values = queries.values_visible_to(request.user, indicator)
    live = None
    if staff and indicator.provider_code:
        live = report.indicator_entry(indicator, HalfYear.containing(timezone.localdate()))
    return render(
        request,
        "council/indicator.html",
        {
            "indicator": indicator,
            "form": form,
            "values": values,
            "staff": staff,
            "live": live,
            "published": queries.published_series(indicator.code),
        },
    )


def indicator_chart(request, code):
    rows = [
        {"period": r["period"], "value": r["value"]}
        for r in queries.published_series(code)
        if r["value"] is not None
    ]
    indicator = queries.get_public_indicator(code)
    from corridor.core.charts import line_spec, to_svg

    if not rows:
        return _svg("")
    return _svg(
        to_svg(
            line_spec(
                rows,
                x="period",
                y="value",
                title=indicator.name,
                x_title=_("Half-year"),
                y_title=indicator.unit,
            )
        )
    )


@login_required
def validation_queue(request):
    access.require_council_staff(request.user)
    return render(
        request,
        "council/queue.html",
        {"values": queries.validation_queue(request.user), "form": ValidationForm()},
    )


@login_required
@require_http_methods(["POST"])
def validate(request, pk):
    value = queries.get_value(request.user, pk)
    form = ValidationForm(request.POST)
    if form.is_valid():
        try:
            services.validate_value(
                by=request.user,
                value=value,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Choose validate or reject."))
    return redirect("council:queue")


def reviews(request):
    return render(
        request,
        "council/reviews.html",
        {
            "reviews": access.reviews_visible_to(request.user),
            "can_open": access.is_secretariat(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    access.require_secretariat(request.user)
    form = ReviewForm(
        request.POST or None, initial={"period": str(HalfYear.containing(timezone.localdate()).previous())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.open_review(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return redirect(review)
    return render(request, "council/review_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    review = access.get_review(request.user, pk)
    narrative_form = comment_form = None
    if not review.is_published and access.is_council_staff(request.user):
        narrative_form = (
            NarrativeForm(request.POST if "pillar" in request.POST else None)
            if access.is_secretariat(request.user)
            else None
        )
        comment_form = CommentForm(
            request.POST if "text" in request.POST and "pillar" not in request.POST else None
        )
        if request.method == "POST":
            try:
                if "publish" in request.POST:
                    services.publish_review(by=request.user, review=review)
                    messages.success(request, _("The review is published and frozen."))
                    return redirect(review)
                if narrative_form is not None and narrative_form.is_bound and narrative_form.is_valid():
                    services.write_narrative(by=request.user, review=review, **narrative_form.cleaned_data)
                    return redirect(review)
                if comment_form.is_bound and comment_form.is_valid():
                    services.comment_on_review(by=request.user, review=review, **comment_form.cleaned_data)
                    return redirect(review)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
    elif request.method == "POST":
        messages.error(request, _("This review is published; it can no longer change."))
        return redirect(review)
    data = report.snapshot_of(review)
    others = queries.other_published_reviews(request.user, review)
    return render(
        request,
        "council/review.html",
        {
            "review": review,
            "data": data,
            "narrative_form": narrative_form,
            "comment_form": comment_form,
            "pillars": Pillar.choices,
            "others": others,
            "can_publish": access.is_secretariat(request.user) and not review.is_published,
            **(_draft_pdf_context(request, review, data) if not review.is_published else {}),
        },
    )


def review_chart(request, pk, code=None):
    review = access.get_review(request.user, pk)
    data = report.snapshot_of(review)
    if code is None:
        return _svg(report.progress_chart_svg(data))
    entry = next((i for i in data["indicators"] if i["code"] == code), None)
    if entry is None:
        raise access.NotFound
    return _svg(report.trend_chart_svg(entry))


def review_pdf(request, pk):
    """A published review's stored PDF; an open review's PDF drawn in the background, served while
    it still shows the current figures (otherwise back to the review to prepare it)."""
    review = access.get_review(request.user, pk)
    if review.is_published:
        if not (review.pdf and review.pdf.storage.exists(review.pdf.name)):
            report.render_pdf(review)  # the snapshot is frozen, so re-rendering gives the same report
        return FileResponse(
            review.pdf.open("rb"),
            content_type="application/pdf",
            filename=f"corridor-review-{review.period}.pdf",
        )
    pdf = queries.draft_pdf_bytes(review, translation.get_language())
    if pdf is None:
        messages.info(
            request,
            _(
                "A draft's figures change until it is published, so its PDF is drawn when you ask for it: prepare it below."
            ),
        )
        return redirect(review.get_absolute_url() + "#draft-pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="corridor-review-{review.period}-draft.pdf"'
    return response


def _draft_pdf_context(request, review, data=None) -> dict:
    """What the draft-PDF block shows: the latest run in the viewer's language, and whether its
    PDF still shows the review's figures."""
    language = translation.get_language()
    run = queries.draft_pdf_run(review, language)
    current = False
    if run is not None and run.is_done:
        current = run.fingerprint == report.current_fingerprint(review, language, data)
    return {"review": review, "pdf_run": run, "pdf_current": current}


@login_required
@require_POST
def review_pdf_prepare(request, pk):
    review = access.get_review(request.user, pk)
    try:
        services.request_draft_pdf(by=request.user, review=review)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(review.get_absolute_url() + "#draft-pdf")


@login_required
@require_GET
def review_pdf_status(request, pk):
    review = access.get_review(request.user, pk)
    if review.is_published:
        raise access.NotFound
    return render(request, "council/_draft_pdf.html", _draft_pdf_context(request, review))


def review_csv(request, pk):
    review = access.get_review(request.user, pk)
    data = report.snapshot_of(review)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="corridor-review-{review.period}.csv"'
    writer = csv.writer(response)
    writer.writerow(["code", "name", "unit", "value", "MY", "KE", "expected", "status", "baseline", "target"])
    for i in data["indicators"]:
        writer.writerow(
            [
                i["code"],
                i["name"],
                i["unit"],
                i["value"],
                i["values"].get("MY"),
                i["values"].get("KE"),
                i["expected"],
                i["status"],
                i["baseline_value"],
                i["target_value"],
            ]
        )
    return response


def review_compare(request):
    a = access.get_review(request.user, request.GET.get("a", ""))
    b = access.get_review(request.user, request.GET.get("b", ""))
    if a.period > b.period:
        a, b = b, a
    rows = report.compare(report.snapshot_of(a), report.snapshot_of(b))
    return render(request, "council/compare.html", {"a": a, "b": b, "rows": rows})


def dashboard(request):
    """The public dashboard: indicators as published in the latest published review, with trends."""
    return render(request, "council/dashboard.html", queries.public_dashboard())
