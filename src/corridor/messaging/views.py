"""Messaging pages. Thin: parse input, call a service or query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core.forms import apply_service_errors
from corridor.orgs.access import acting_organisation_ids

from . import access, origins, queries, services
from .enums import ReportStatus
from .forms import MessageForm, PreferenceForm, ReportForm, ResolveForm, StartForm

PAGE_SIZE = 20


def _retention():
    return services.retention_months()


@login_required
def inbox(request):
    page = Paginator(queries.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    acting_ids = acting_organisation_ids(request.user)
    for conversation in page.object_list:
        party = access.own_party(request.user, conversation, acting_ids=acting_ids)
        rows.append((conversation, access.other_party(conversation, party) if party else None))
    return render(
        request,
        "messaging/inbox.html",
        {"page": page, "rows": rows, "retention_months": _retention(), "querystring": ""},
    )


def _start_params(request):
    src = request.POST if request.method == "POST" else request.GET
    return {
        "to": src.get("to", ""),
        "about": src.get("about", ""),
        "about_id": src.get("about_id") or None,
        "event": src.get("event", ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    params = _start_params(request)
    try:
        target = origins.resolve(request.user, sender=request.GET.get("sender", ""), **params)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("messaging:inbox")
    form = StartForm(request.POST or None, senders=target.senders, initial={"sender": target.default_sender})
    if request.method == "POST" and form.is_valid():
        try:
            message = services.start_conversation(
                by=request.user, body=form.cleaned_data["body"], sender=form.cleaned_data["sender"], **params
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(message.conversation.get_absolute_url() + f"#m{message.pk}")
    return render(
        request,
        "messaging/start.html",
        {"form": form, "target": target, "params": params, "retention_months": _retention()},
        status=400 if request.method == "POST" else 200,
    )


def _thread_context(request, conversation, party, form=None):
    other = access.other_party(conversation, party)
    read_before = queries.read_upto(request.user, conversation)
    items = list(queries.messages_of(conversation))
    return {
        "conversation": conversation,
        "party": party,
        "other": other,
        "items": items,
        "read_before": read_before,
        "blocker": access.blocked(conversation),
        "form": form or MessageForm(),
        "report_form": ReportForm(),
        "retention_months": _retention(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    conversation, party = access.get_conversation(request.user, pk)
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message = services.send_message(
                    conversation=conversation, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(conversation.get_absolute_url() + f"#m{message.pk}")
        context = _thread_context(request, conversation, party, form)
        return render(request, "messaging/thread.html", context, status=400)
    context = _thread_context(request, conversation, party)
    services.mark_read(conversation=conversation, by=request.user)
    return render(request, "messaging/thread.html", context)


@login_required
@require_POST
def block(request, pk):
    conversation, _party = access.get_conversation(request.user, pk)
    on = request.POST.get("on", "1") == "1"
    try:
        services.set_blocked(conversation=conversation, by=request.user, on=on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The conversation is blocked.") if on else _("The conversation is open again.")
        )
    return redirect(conversation)


@login_required
@require_POST
def report(request, pk):
    conversation, _party = access.get_conversation(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report(
                conversation=conversation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                message_id=request.POST.get("message") or None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. The secretariat will look at this report."))
    else:
        messages.error(request, _("Say why you report this conversation."))
    return redirect(conversation)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    pref = queries.preference_of(request.user)
    form = PreferenceForm(request.POST or None, initial={"email_mode": pref.email_mode if pref else "each"})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_email_mode(by=request.user, email_mode=form.cleaned_data["email_mode"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your message e-mail preference is saved."))
            return redirect("messaging:inbox")
    return render(request, "messaging/preferences.html", {"form": form, "retention_months": _retention()})


@login_required
def reports(request):
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in ReportStatus.values:
        status = ReportStatus.OPEN
    page = Paginator(queries.reports(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/reports.html",
        {"page": page, "status": status, "form": ResolveForm(), "querystring": f"status={status}"},
    )


@login_required
@require_POST
def resolve_report(request, pk):
    item = queries.get_report(request.user, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_report(report=item, by=request.user, resolution=form.cleaned_data["resolution"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is resolved."))
    else:
        messages.error(request, _("Say what was done."))
    return redirect("messaging:reports")
