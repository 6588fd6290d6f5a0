"""Trade pages. Thin: parse input, call a query or service, render.

Charts are SVG images rendered on the server (strict CSP: no inline scripts); each chart's numbers
are downloadable as CSV and XLSX from the same table, with its source line.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from . import access, presentation, queries, services
from .forms import DashboardFilterForm, UploadForm

TABLES = (
    "target",
    "headline",
    "trend",
    "mirror",
    "composition",
    "sector",
    "currency",
    "rca",
    "intensity",
    "complementarity",
    "growth",
    "top_products",
    "new_products",
    "product_summary",
)


def _filters(request) -> dict:
    form = DashboardFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        raise access.NotFound
    data = form.cleaned_data if request.GET else {}
    return {
        "release_id": data.get("release"),
        "year": data.get("year"),
        "direction": data.get("direction") or None,
        "parent": data.get("parent") or None,
        "cagr_from": data.get("cagr_from"),
        "cagr_to": data.get("cagr_to"),
    }


def dashboard(request):
    filters = _filters(request)
    data = queries.dashboard_tables(request.user, **filters)
    query = request.GET.copy()
    query.pop("parent", None)
    context = {
        **data,
        "filters": filters,
        "is_staff": access.is_secretariat(request.user),
        "base_query": query.urlencode(),
        "query": request.GET.urlencode(),
        "jobs": queries.recent_jobs(request.user, 5),
    }
    return render(request, "trade/dashboard.html", context)


def _table(request, name):
    if name not in TABLES:
        raise access.NotFound
    data = queries.dashboard_tables(request.user, **_filters(request))
    table = data.get(name)
    if table is None:
        raise access.NotFound
    return table, data


@cache_control(private=True, max_age=60)
def chart(request, name):
    svg = queries.dashboard_chart_svg(request.user, name, **_filters(request))
    if svg is None:
        raise access.NotFound
    return HttpResponse(svg, content_type="image/svg+xml")


def download(request, name, fmt):
    """A table's numbers: CSV (the header row first, a label beside every code), XLSX (sheet
    "About" with title, source and licence, then the data) or the JSON sidecar of a CSV."""
    table, data = _table(request, name)
    filename = f"corridor-trade-{name}"
    release = data.get("release")
    if name in ("rca", "intensity", "complementarity") and data.get("world_release") is not None:
        release = data["world_release"]  # the world measures come from the world release
    about = presentation.about(table, release=release, query=request.GET.urlencode())
    columns, rows = presentation.download_table(table, queries.country_names())
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows(rows)
        resp = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Link"] = f'<{request.path.removesuffix(".csv")}.json>; rel="describedby"'
    elif fmt == "json":
        sidecar = {**about, "csv": f"{filename}.csv", "columns": columns}
        resp = JsonResponse(sidecar, json_dumps_params={"ensure_ascii": False, "indent": 2})
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        info = wb.active
        info.title = "About"
        for label, key in (
            (_("Title"), "title"),
            (_("Source"), "source"),
            (_("Licence"), "licence"),
            (_("Release"), "release"),
            (_("Filters"), "filters"),
        ):
            info.append([label, about[key]])
        if about["illustrative"]:
            info.append([_("Note"), _("Illustrative demo data, not official statistics.")])
        ws = wb.create_sheet(name[:31])
        ws.append(columns)
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        resp = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise access.NotFound
    resp["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return resp


def releases(request):
    return render(
        request,
        "trade/releases.html",
        {
            "releases": queries.releases_visible_to(request.user),
            "is_staff": access.is_secretariat(request.user),
        },
    )


def release_detail(request, pk):
    release = access.get_release(request.user, pk)
    comparison = None
    previous = release.supersedes
    if (
        release.is_flow_release
        and previous is not None
        and (previous.is_published or access.is_secretariat(request.user))
    ):
        new = {r[0]: r[3] for r in queries.trend_table(release).rows}
        old = {r[0]: r[3] for r in queries.trend_table(previous).rows}
        comparison = [(y, old.get(y), new.get(y)) for y in sorted(set(new) | set(old))]
    elif (
        release.format == "headline"
        and previous is not None
        and (previous.is_published or access.is_secretariat(request.user))
    ):
        comparison = queries.headline_comparison(previous, release)
    return render(
        request,
        "trade/release.html",
        {
            "release": release,
            "previous": previous,
            "comparison": comparison,
            "is_staff": access.is_secretariat(request.user),
            "figures": release.headline_figures.select_related("reporter", "partner")
            if release.format == "headline"
            else [],
        },
    )


@login_required
@require_http_methods(["POST"])
def release_publish(request, pk):
    if not access.is_secretariat(request.user):
        raise access.NotFound
    release = access.get_release(request.user, pk)
    if request.POST.get("action") == "unpublish":
        services.unpublish_release(release=release, by=request.user)
        messages.success(request, _("The release is withdrawn from the public pages."))
    else:
        services.publish_release(release=release, by=request.user)
        messages.success(request, _("The release is published."))
    return redirect(release)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if not access.is_secretariat(request.user):
        raise access.NotFound
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("file")
        try:
            job = services.start_import(by=request.user, uploaded=uploaded, fmt=data.pop("format"), **data)
        except ValidationError as exc:
            for fld, errs in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                form.add_error(fld if fld in form.fields else None, errs)
        except PermissionDenied as exc:
            raise access.NotFound from exc
        else:
            return redirect("trade:job", pk=job.pk)
    return render(request, "trade/upload.html", {"form": form, "jobs": queries.recent_jobs(request.user)})


@login_required
def job_detail(request, pk):
    job = access.get_job(request.user, pk)
    services.expire_stale_imports()
    job.refresh_from_db()
    return render(request, "trade/job.html", {"job": job})


@login_required
def job_progress(request, pk):
    job = access.get_job(request.user, pk)
    services.expire_stale_imports()
    job.refresh_from_db()
    return render(request, "trade/job.html#progress", {"job": job})
