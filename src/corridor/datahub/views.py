"""Data hub pages. Thin: parse input, call a service or query, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from corridor.core.forms import apply_service_errors
from corridor.core.media import download_response
from corridor.core.pagination import page_of
from corridor.orgs import queries as orgs_queries
from corridor.orgs.access import acting_organisation_ids

from . import access, interop, queries, services
from .enums import LEGAL_SOURCES, FileFormat, VersionStatus
from .forms import (
    AccessRequestForm,
    AnonymityForm,
    CatalogueFilterForm,
    DatasetForm,
    DecisionForm,
    TokenForm,
    UploadForm,
    VersionForm,
)

PAGE_SIZE = 20


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _service_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
def catalogue(request):
    filters = CatalogueFilterForm(request.GET or None)
    params = {}
    if filters.is_valid():
        data = filters.cleaned_data
        params = {
            "q": data["q"],
            "theme": data["theme"],
            "country": data["country"].code if data["country"] else "",
            "licence": data["licence"],
            "access_level": data["access_level"],
            "fmt": data["fmt"],
        }
    page, querystring = page_of(request, queries.catalogue(request.user, **params), PAGE_SIZE)
    return render(
        request,
        "datahub/catalogue.html",
        {
            "filters": filters,
            "page": page,
            "querystring": querystring,
            "can_publish": bool(acting_organisation_ids(request.user)) or access.is_secretariat(request.user),
        },
    )


def _publishing_orgs(user):
    return orgs_queries.acting_organisations(user)


@login_required
@require_http_methods(["GET", "POST"])
def dataset_new(request):
    orgs = _publishing_orgs(request.user)
    form = DatasetForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            dataset = services.create_dataset(by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            version = services.new_version(by=request.user, dataset=dataset, notes=_("First version."))
            messages.success(request, _("Dataset created. Upload its files, then publish the version."))
            return redirect(version)
    return render(request, "datahub/dataset_form.html", {"form": form, "has_orgs": orgs.exists()})


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request, slug):
    dataset = queries.get_dataset(request.user, slug)
    access.require_manage(request.user, dataset)
    initial = {f: getattr(dataset, f) for f in services.DATASET_FIELDS}
    initial.update(sectors=list(dataset.sectors.all()), countries=list(dataset.countries.all()))
    form = DatasetForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_dataset(by=request.user, dataset=dataset, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dataset updated."))
            return redirect(dataset)
    return render(request, "datahub/dataset_form.html", {"form": form, "dataset": dataset, "has_orgs": True})


def _snippets(dataset, versions, base):
    if not versions:
        return None
    files = [f for f in versions[0].files.all() if f.is_tabular]
    if not files:
        return None
    f = files[0]
    url = interop.file_url(base, f)
    reader = {"csv": "read_csv", "parquet": "read_parquet", "jsonl": "read_json"}[f.format]
    pandas = f"import pandas as pd\ndf = pd.{reader}({url!r}{', lines=True' if f.format == 'jsonl' else ''})"
    duck_fn = {"csv": "read_csv_auto", "parquet": "read_parquet", "jsonl": "read_json_auto"}[f.format]
    duckdb = f"import duckdb\nduckdb.sql(\"SELECT * FROM {duck_fn}('{url}') LIMIT 10\").show()"  # noqa: S608 - a code sample shown to users
    hf_kind = {"csv": "csv", "parquet": "parquet", "jsonl": "json"}[f.format]
    hf = f'from datasets import load_dataset\nds = load_dataset("{hf_kind}", data_files="{url}")'
    croissant_url = base + versions[0].get_absolute_url() + "croissant.json"
    mlc = f'import mlcroissant as mlc\nds = mlc.Dataset("{croissant_url}")\nrecords = ds.records(record_set="records-{f.pk}")'
    if dataset.access_level != "open":
        token_note = _(
            "Restricted or registered files need a dataset token: add the header Authorization: Dataset <token> (pandas: storage_options={'Authorization': 'Dataset <token>'})."
        )
    else:
        token_note = ""
    return {"pandas": pandas, "duckdb": duckdb, "hf": hf, "croissant": mlc, "token_note": token_note}


@require_GET
def dataset(request, slug):
    ds = queries.get_dataset(request.user, slug)
    versions = queries.versions_for(request.user, ds)
    published = [v for v in versions if v.status == VersionStatus.PUBLISHED]
    manage = access.can_manage(request.user, ds)
    base = _base(request)
    latest = published[0] if published else None
    sample = next(iter(latest.files.all()), None) if latest else None
    can_download = bool(sample) and access.can_download(request.user, sample)
    user_request = queries.user_request_for(request.user, ds)
    request_form = None
    if ds.access_level == "restricted" and request.user.is_authenticated and not can_download:
        orgs = orgs_queries.member_organisations(request.user)
        request_form = AccessRequestForm(organisations=orgs)
    return render(
        request,
        "datahub/dataset.html",
        {
            "dataset": ds,
            "versions": versions,
            "latest": latest,
            "manage": manage,
            "can_download": can_download,
            "user_request": user_request,
            "agreement": queries.agreement_for(request.user, ds),
            "request_form": request_form,
            "jsonld": interop.schema_org_script(ds, published, base) if published else None,
            "snippets": _snippets(ds, published, base),
            "due": ds.freshness_due(latest.published_at if latest else None),
            "agreements": queries.agreements_of(ds) if manage else None,
            "version_form": VersionForm() if manage else None,
        },
    )


@login_required
@require_POST
def version_new(request, slug):
    ds = queries.get_dataset(request.user, slug)
    form = VersionForm(request.POST)
    try:
        version = services.new_version(by=request.user, dataset=ds, notes=form.data.get("notes", "")[:5000])
    except ValidationError as exc:
        _service_error(request, exc)
        return redirect(ds)
    messages.success(request, _("Version %(n)s started: upload its files.") % {"n": version.number})
    return redirect(version)


@require_http_methods(["GET", "POST"])
def version(request, slug, number):
    ds = queries.get_dataset(request.user, slug)
    v = queries.get_version(request.user, ds, number)
    manage = access.can_manage(request.user, ds)
    upload = None
    if manage and v.status == VersionStatus.DRAFT:
        upload = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload.is_valid():
            try:
                services.add_file(
                    by=request.user,
                    version=v,
                    upload=upload.cleaned_data["file"],
                    title=upload.cleaned_data["title"],
                    licence=upload.cleaned_data["licence"],
                )
            except ValidationError as exc:
                apply_service_errors(upload, exc)
            else:
                messages.success(request, _("File uploaded and validated."))
                return redirect(v)
    elif request.method == "POST":
        raise PermissionDenied
    columns = []
    for f in v.files.all():
        for field in (f.table_schema or {}).get("fields", []):
            if field["name"] not in columns:
                columns.append(field["name"])
    anonymity_form = None
    if manage and columns:
        anonymity_form = AnonymityForm(
            initial={
                "quasi_identifiers": ds.quasi_identifiers,
                "sensitive_attribute": ds.sensitive_attribute,
            },
            columns=columns,
        )
    return render(
        request,
        "datahub/version.html",
        {"dataset": ds, "version": v, "manage": manage, "upload": upload, "anonymity_form": anonymity_form},
    )


@login_required
@require_POST
def version_publish(request, slug, number):
    ds = queries.get_dataset(request.user, slug)
    v = queries.get_version(request.user, ds, number)
    try:
        services.publish_version(by=request.user, version=v)
    except ValidationError as exc:
        _service_error(request, exc)
        return redirect(v)
    messages.success(request, _("Version %(n)s published. It will never change.") % {"n": v.number})
    return redirect(ds)


@login_required
@require_POST
def version_anonymity(request, slug, number):
    ds = queries.get_dataset(request.user, slug)
    v = queries.get_version(request.user, ds, number)
    access.require_manage(request.user, ds)
    quasi = request.POST.getlist("quasi_identifiers")
    sensitive = request.POST.get("sensitive_attribute", "")
    try:
        services.set_quasi_identifiers(
            by=request.user, dataset=ds, quasi_identifiers=quasi, sensitive=sensitive
        )
        result = services.check_anonymity(by=request.user, version=v)
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        if result["passes"]:
            messages.success(request, _("k-anonymity check passed."))
        else:
            messages.error(
                request, _("Below the policy k: apply the suggested generalisations and upload a new file.")
            )
    return redirect(v)


@require_http_methods(["GET", "POST"])
def datafile(request, pk):
    f = queries.get_file(request.user, pk)
    ds = f.version.dataset
    manage = access.can_manage(request.user, ds)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        fields = [
            {
                "name": field["name"],
                "title": request.POST.get(f"title-{i}", ""),
                "description": request.POST.get(f"description-{i}", ""),
                "unit": request.POST.get(f"unit-{i}", ""),
            }
            for i, field in enumerate((f.table_schema or {}).get("fields", []))
        ]
        try:
            services.update_field_dictionary(by=request.user, datafile=f, fields=fields)
        except ValidationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("Field dictionary saved."))
        return redirect(f)
    return render(
        request,
        "datahub/file.html",
        {
            "file": f,
            "dataset": ds,
            "manage": manage,
            "editable": manage and f.version.status == VersionStatus.DRAFT,
            "run": queries.latest_profile(f),
            "can_download": access.can_download(request.user, f),
        },
    )


@require_GET
def datafile_profile(request, pk):
    f = queries.get_file(request.user, pk)
    return render(request, "datahub/_profile.html", {"file": f, "run": queries.latest_profile(f)})


@login_required
@require_POST
def datafile_reprofile(request, pk):
    f = queries.get_file(request.user, pk)
    access.require_manage(request.user, f.version.dataset)
    services.start_profile(by=request.user, datafile=f)
    return redirect(f)


def serve(fieldfile_handle, *, filename: str) -> FileResponse:
    return download_response(fieldfile_handle, filename=filename)


@require_GET
def download(request, pk):
    f = queries.get_file(request.user, pk)
    parquet = request.GET.get("format") == "parquet"
    if parquet and f.format != FileFormat.CSV:
        parquet = False
    if not access.can_download(request.user, f) and not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL}?next={request.path}")
    handle = services.open_download(by=request.user, datafile=f, parquet=parquet)
    name = f.parquet.name if parquet else f.file.name
    ext = name.rsplit(".", 1)[-1]
    return serve(handle, filename=f"{ds_slug(f)}-v{f.version.number}-{f.pk}.{ext}")


def ds_slug(f) -> str:
    return f.version.dataset.slug[:60]


@login_required
@require_POST
def request_access(request, slug):
    ds = queries.get_dataset(request.user, slug)
    orgs = orgs_queries.member_organisations(request.user)
    form = AccessRequestForm(request.POST, organisations=orgs)
    if form.is_valid():
        try:
            req = services.request_access(by=request.user, dataset=ds, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Request sent to the publisher."))
            return redirect(req)
    return render(request, "datahub/request_form.html", {"dataset": ds, "form": form}, status=400)


@login_required
@require_GET
def requests_inbox(request):
    status = request.GET.get("status", "pending")
    page = Paginator(
        queries.publisher_requests(request.user, status=status if status != "all" else ""), PAGE_SIZE
    )
    return render(
        request,
        "datahub/requests.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "mine": queries.my_requests(request.user)[:50],
            "status": status,
            "querystring": f"status={status}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def access_request(request, pk):
    req = services.get_request(by=request.user, pk=pk)
    manage = access.can_manage(request.user, req.dataset)
    form = DecisionForm(request.POST or None) if manage and req.status == "pending" else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            approve = request.POST.get("decision") == "approve"
            try:
                services.decide_request(by=request.user, request=req, approve=approve, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Request approved: agreement recorded.") if approve else _("Request declined.")
                )
                return redirect(req)
    return render(
        request,
        "datahub/request.html",
        {"req": req, "form": form, "manage": manage, "sources": LEGAL_SOURCES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, pk):
    a = services.get_agreement(by=request.user, pk=pk)
    manage = access.can_manage(request.user, a.dataset)
    if request.method == "POST":
        try:
            services.revoke_agreement(by=request.user, agreement=a)
        except ValidationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, _("Agreement revoked: access has ended."))
        return redirect(a)
    return render(request, "datahub/agreement.html", {"a": a, "manage": manage, "sources": LEGAL_SOURCES})


@login_required
@require_GET
def agreement_json(request, pk):
    a = services.get_agreement(by=request.user, pk=pk)
    return JsonResponse(agreement_document(a))


def agreement_document(a) -> dict:
    return {
        "identifier": a.identifier,
        "dataset": a.dataset.identifier,
        "provider": a.provider.name,
        "recipient": a.recipient.full_name,
        "recipientOrganisation": a.recipient_organisation.name if a.recipient_organisation else None,
        "purpose": a.purpose,
        "permittedUses": a.permitted_uses,
        "retentionDays": a.retention_days,
        "onwardTransferBanned": a.onward_transfer_banned,
        "legalBasis": {
            "MY": {
                "code": a.legal_basis_my,
                "label": str(a.get_legal_basis_my_display()),
                "source": LEGAL_SOURCES["MY"],
            },
            "KE": {
                "code": a.legal_basis_ke,
                "label": str(a.get_legal_basis_ke_display()),
                "source": LEGAL_SOURCES["KE"],
            },
        },
        "breachNotificationHours": a.breach_notification_hours,
        "startsAt": a.starts_at.isoformat(),
        "expiresAt": a.expires_at.isoformat(),
        "revokedAt": a.revoked_at.isoformat() if a.revoked_at else None,
        "valid": a.is_valid,
    }


@login_required
@require_GET
def downloads(request, slug):
    ds = queries.get_dataset(request.user, slug)
    page = Paginator(queries.downloads_of(request.user, ds), 50).get_page(request.GET.get("page"))
    return render(request, "datahub/downloads.html", {"dataset": ds, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None, datasets=queries.catalogue(request.user))
    raw = None
    if request.method == "POST" and "revoke" in request.POST:
        token = queries.token_of(request.user, request.POST.get("revoke"))
        if token is not None:
            services.revoke_token(by=request.user, token=token)
            messages.success(request, _("Token revoked."))
        return redirect("datahub:tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.create_token(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            form = TokenForm(datasets=queries.catalogue(request.user))
    return render(
        request, "datahub/tokens.html", {"form": form, "tokens": queries.tokens_of(request.user), "raw": raw}
    )


def _published_catalogue(user):
    out = []
    for ds in queries.catalogue(user):
        versions = queries.published_versions(ds)
        if versions:
            out.append((ds, versions))
    return out


@require_GET
def catalogue_dcat(request, fmt):
    graph = interop.catalogue_graph(_published_catalogue(request.user), _base(request))
    return _rdf(graph, fmt)


@require_GET
def dataset_dcat(request, slug, fmt):
    ds = queries.get_dataset(request.user, slug)
    versions = queries.published_versions(ds)
    if not versions:
        raise access.NotFound
    return _rdf(interop.dataset_graph(ds, versions, _base(request)), fmt)


def _rdf(graph, fmt):
    if fmt == "ttl":
        return HttpResponse(interop.serialise(graph, "turtle"), content_type="text/turtle; charset=utf-8")
    return HttpResponse(interop.serialise(graph, "json-ld"), content_type="application/ld+json")


@require_GET
def version_croissant(request, slug, number):
    ds = queries.get_dataset(request.user, slug)
    v = queries.get_version(request.user, ds, number)
    if v.status != VersionStatus.PUBLISHED:
        raise access.NotFound
    return JsonResponse(interop.croissant(ds, v, _base(request)), content_type="application/ld+json")
