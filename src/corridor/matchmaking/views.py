"""Matchmaking pages. Thin: parse input, call a service or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core.charts import bar_spec, to_svg
from corridor.core.forms import apply_service_errors as _apply_errors
from corridor.orgs.queries import organisations_of

from . import access, calendar, exports, ics, indicators, queries, scheduling, services
from .enums import EventFormat, EventStatus, MeetingStatus, OutcomeKind, RequestStatus
from .forms import (
    AcceptForm,
    AttendanceForm,
    BreakForm,
    CatalogueFilterForm,
    EventForm,
    OutcomeForm,
    RegistrationEditForm,
    RegistrationForm,
    RequestForm,
    ScheduleForm,
    SessionForm,
    TablesForm,
)
from .models import Registration

PAGE_SIZE = 20


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# ---- events ----


def event_list(request):
    fmt = request.GET.get("format", "")
    fmt = fmt if fmt in EventFormat.values else ""
    qs = queries.events_listed(request.user, fmt=fmt)
    context = {
        "page": _page(request, qs),
        "querystring": _querystring(request),
        "formats": EventFormat.choices,
        "format": fmt,
        "can_create": access.can_create_events(request.user),
    }
    return render(request, "matchmaking/event_list.html", context)


def _organiser_choices(user):
    return queries.organiser_choices(user)


def _event_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["organiser"] = data.get("organiser") or None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not access.can_create_events(request.user):
        raise access.NotFound
    form = EventForm(request.POST or None, organisers=_organiser_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(by=request.user, **_event_data(form))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The event is created. Add its sessions and tables."))
            return redirect("matchmaking:organise", slug=event.slug)
    return render(request, "matchmaking/event_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    initial = {f: getattr(event, f) for f in services.EVENT_FIELDS if f != "organiser"}
    initial["organiser"] = event.organiser.slug if event.organiser_id else ""
    for f in ("registration_opens_at", "registration_closes_at", "requests_close_at"):
        if initial[f]:
            initial[f] = timezone.localtime(initial[f])
    form = EventForm(request.POST or None, initial=initial, organisers=_organiser_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event=event, by=request.user, **_event_data(form))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("matchmaking:organise", slug=event.slug)
    return render(request, "matchmaking/event_form.html", {"form": form, "event": event})


def _overlaps(event):
    """KL–Nairobi working-day overlap for each day of the event."""
    days = sorted(
        {
            timezone.localtime(s.starts_at, calendar.ZoneInfo(event.time_zone)).date()
            for s in event.sessions.all()
        }
    )
    out = []
    for day in days:
        ov = calendar.working_day_overlap(day)
        if ov is not None:
            kl0, kl1 = ov.local(calendar.KUALA_LUMPUR)
            nb0, nb1 = ov.local(calendar.NAIROBI)
            mine0, mine1 = timezone.localtime(ov.starts_at), timezone.localtime(ov.ends_at)
            out.append(
                {
                    "day": day,
                    "kl": f"{kl0:%H:%M}–{kl1:%H:%M}",
                    "nairobi": f"{nb0:%H:%M}–{nb1:%H:%M}",
                    "mine": f"{mine0:%H:%M}–{mine1:%H:%M}",
                }
            )
    return out


def event_detail(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.registration_of(request.user, event)
    context = {
        "event": event,
        "sessions": event.sessions.prefetch_related("breaks"),
        "registration": mine,
        "can_organise": access.can_organise(request.user, event),
        "registration_problem": access.registration_problem(event),
        "requests_problem": access.requests_problem(event),
        "overlaps": _overlaps(event),
        **queries.event_counts(event),
    }
    return render(request, "matchmaking/event_detail.html", context)


# ---- organiser ----


@login_required
@require_http_methods(["GET", "POST"])
def organise(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    sessions = list(event.sessions.prefetch_related("breaks"))
    which = request.POST.get("form") if request.method == "POST" else None
    session_form = SessionForm(request.POST if which == "session" else None, prefix="session")
    break_form = BreakForm(request.POST if which == "break" else None, prefix="break", sessions=sessions)
    tables_form = TablesForm(request.POST if which == "tables" else None, prefix="tables")
    try:
        if which == "session" and session_form.is_valid():
            services.add_session(event=event, by=request.user, **session_form.cleaned_data)
            messages.success(request, _("Session added; slots regenerated."))
            return redirect("matchmaking:organise", slug=slug)
        if which == "break" and break_form.is_valid():
            session = next((s for s in sessions if s.pk == break_form.cleaned_data["session"]), None)
            if session is None:
                raise access.NotFound
            services.add_break(
                session=session,
                by=request.user,
                starts_at=break_form.cleaned_data["starts_at"],
                ends_at=break_form.cleaned_data["ends_at"],
            )
            messages.success(request, _("Break added; slots regenerated."))
            return redirect("matchmaking:organise", slug=slug)
        if which == "tables" and tables_form.is_valid():
            services.add_tables(event=event, by=request.user, **tables_form.cleaned_data)
            messages.success(request, _("Tables added."))
            return redirect("matchmaking:organise", slug=slug)
        if which == "publish":
            services.update_event(event=event, by=request.user, status=EventStatus.PUBLISHED)
            messages.success(request, _("The event is published: people can register."))
            return redirect("matchmaking:organise", slug=slug)
    except ValidationError as exc:
        form = {"session": session_form, "break": break_form, "tables": tables_form}.get(which)
        if form is not None:
            _apply_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
    context = {
        "event": event,
        "sessions": sessions,
        **queries.slots_and_tables(event),
        "session_form": session_form,
        "break_form": break_form,
        "tables_form": tables_form,
        **queries.event_counts(event),
    }
    return render(request, "matchmaking/organise.html", context)


@login_required
@require_POST
def session_delete(request, slug, pk):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    session = queries.get_session(event, pk)
    try:
        services.delete_session(session=session, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("matchmaking:organise", slug=slug)


@login_required
def organiser_registrations(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    country = request.GET.get("country", "")
    qs = queries.registrations_in_country(queries.registrations_of_event(event), country)
    context = {
        "event": event,
        "page": _page(request, qs),
        "querystring": _querystring(request),
        "country": country,
    }
    return render(request, "matchmaking/organiser_registrations.html", context)


@login_required
def organiser_requests(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    status = request.GET.get("status", "")
    status = status if status in RequestStatus.values else ""
    qs = queries.requests_with_status(queries.requests_of_event(event), status)
    context = {
        "event": event,
        "page": _page(request, qs),
        "querystring": _querystring(request),
        "status": status,
        "statuses": RequestStatus.choices,
    }
    return render(request, "matchmaking/organiser_requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = scheduling.run_schedule(event=event, by=request.user, mode=form.cleaned_data["mode"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect(reverse("matchmaking:schedule", args=[slug]) + f"?run={run.pk}")
    runs = queries.schedule_runs(event)
    run = runs[0] if runs else None
    unplaced = list(queries.unplaced_meetings(event))
    context = {
        "event": event,
        "form": form,
        "run": run,
        "runs": runs,
        "precheck": scheduling.unplaceable(event),
        "unplaced": unplaced,
        "n_scheduled": queries.scheduled_count(event),
        "reasons": dict(scheduling.UNPLACED_REASONS),
    }
    return render(request, "matchmaking/schedule.html", context)


@login_required
def run_progress(request, slug, pk):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    run = queries.get_schedule_run(event, pk)
    return render(request, "matchmaking/_run_progress.html", {"event": event, "run": run})


@login_required
def master(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    tables, rows = queries.master_grid(event)
    return render(request, "matchmaking/master.html", {"event": event, "tables": tables, "rows": rows})


@login_required
def master_csv(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    response = HttpResponse(exports.master_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-schedule.csv"'
    return response


@login_required
def master_xlsx(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    response = HttpResponse(
        exports.master_xlsx(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-schedule.xlsx"'
    return response


@login_required
def table_signs(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    tables, rows = queries.master_grid(event)
    signs = [
        {"table": t, "meetings": [(slot, cells[i]) for slot, cells in rows if cells[i] is not None]}
        for i, t in enumerate(tables)
    ]
    return render(request, "matchmaking/signs.html", {"event": event, "signs": signs})


@login_required
@require_POST
def attendance(request, slug, pk):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    meeting = access.get_meeting(request.user, pk=pk, event=event, for_organiser=True)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.mark_attendance(meeting=meeting, by=request.user, status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("matchmaking:master", slug=slug)


def _stats_tables(stats):
    rows = []
    for group, data in (("country_pair", stats["by_country_pair"]), ("sector", stats["by_sector"])):
        for key, row in data.items():
            rows.append(
                [group, key, row["meetings_held"], row["deals_reported"], f"{row['deal_value_usd']:.2f}"]
            )
    return ["group", "key", "meetings_held", "deals_reported", "deal_value_usd"], rows


@login_required
def stats(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    data = indicators.organiser_statistics(event)
    outcomes = [(OutcomeKind(k).label, n, data["follow_ups"][k]) for k, n in data["outcomes"].items()]
    return render(request, "matchmaking/stats.html", {"event": event, "stats": data, "outcomes": outcomes})


@login_required
def stats_csv(request, slug):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    header, rows = _stats_tables(indicators.organiser_statistics(event))
    response = HttpResponse(exports.table_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-statistics.csv"'
    return response


CHARTS = {"pairs", "sectors", "outcomes", "funnel"}


@login_required
def stats_chart(request, slug, chart):
    event = access.get_event(request.user, slug=slug, for_organiser=True)
    if chart not in CHARTS:
        raise access.NotFound
    data = indicators.organiser_statistics(event)
    if chart == "pairs":
        rows = [{"pair": k, "meetings": v["meetings_held"]} for k, v in data["by_country_pair"].items()]
        spec = bar_spec(
            rows,
            x="pair",
            y="meetings",
            title=_("Meetings held by country pair"),
            x_title=_("Country pair"),
            y_title=_("Meetings held"),
        )
    elif chart == "sectors":
        rows = [{"sector": k, "usd": float(v["deal_value_usd"])} for k, v in data["by_sector"].items()]
        spec = bar_spec(
            rows,
            x="sector",
            y="usd",
            horizontal=True,
            title=_("Deal value (USD) by sector"),
            x_title=_("Sector"),
            y_title=_("USD"),
        )
    elif chart == "outcomes":
        rows = [{"outcome": str(OutcomeKind(k).label), "n": n} for k, n in data["outcomes"].items()]
        spec = bar_spec(
            rows,
            x="outcome",
            y="n",
            title=_("Outcomes reported after the meetings"),
            x_title=_("Outcome"),
            y_title=_("Reports"),
        )
    else:
        rows = [
            {"stage": str(_("Requests")), "n": data["requests"]},
            {"stage": str(_("Accepted")), "n": data["accepted"]},
            {"stage": str(_("Scheduled")), "n": data["scheduled"] + data["held"] + data["no_show"]},
            {"stage": str(_("Held")), "n": data["held"]},
            {"stage": str(_("Deals")), "n": data["deals_reported"]},
        ]
        spec = bar_spec(
            rows, x="stage", y="n", title=_("From request to deal"), x_title="", y_title=_("Count")
        )
    return HttpResponse(to_svg(spec), content_type="image/svg+xml")


# ---- participants ----


@login_required
@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.registration_of(request.user, event)
    orgs = list(organisations_of(request.user))
    if mine is None and not orgs:
        messages.warning(request, _("Create or join an organisation first: you register on its behalf."))
        return redirect("orgs:create")
    if mine is not None:
        initial = {
            "wants_to_discuss": mine.wants_to_discuss,
            "time_zone": mine.time_zone,
            "subdivision": mine.subdivision,
            "observes_friday_prayer": mine.observes_friday_prayer,
            "attendance": mine.attendance,
            "availability": list(mine.availability.all()),
        }
        form = RegistrationEditForm(request.POST or None, event=event, initial=initial)
    else:
        preview = Registration(
            event=event, user=request.user, organisation=orgs[0], time_zone=request.user.time_zone
        )
        initial = {
            "organisation": orgs[0].pk,
            "time_zone": request.user.time_zone,
            "attendance": services.default_attendance(event),
            "availability": services.default_availability(preview),
        }
        form = RegistrationForm(request.POST or None, event=event, organisations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if mine is None:
                org = next((o for o in orgs if str(o.pk) == str(data.pop("organisation"))), None)
                services.register(event=event, by=request.user, organisation=org, **data)
                messages.success(request, _("You are registered. Now find people to meet."))
                return redirect("matchmaking:catalogue", slug=slug)
            services.update_registration(registration=mine, by=request.user, **data)
            messages.success(request, _("Your registration is saved."))
            return redirect("matchmaking:detail", slug=slug)
        except ValidationError as exc:
            _apply_errors(form, exc)
    context = {
        "event": event,
        "form": form,
        "registration": mine,
        "problem": access.registration_problem(event),
    }
    return render(request, "matchmaking/register.html", context)


@login_required
def catalogue(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.registration_of(request.user, event)
    form = CatalogueFilterForm(request.GET or None, event=event)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.catalogue(event=event, viewer=mine, **{k: v for k, v in filters.items() if v})
    page = _page(request, qs)
    context = {
        "event": event,
        "form": form,
        "page": page,
        "querystring": _querystring(request),
        "filtered": any(filters.values()),
        "registration": mine,
        "open_with": queries.open_request_partners(mine) if mine else {},
    }
    template = "matchmaking/catalogue.html#results" if request.htmx else "matchmaking/catalogue.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, slug, pk):
    event = access.get_event(request.user, slug=slug)
    receiver = queries.get_receiver(event, pk)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_request(event=event, by=request.user, receiver=receiver, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your request is sent to %(name)s.") % {"name": receiver.user})
            return redirect(reverse("matchmaking:requests", args=[slug]) + "?box=sent")
    return render(
        request, "matchmaking/request_form.html", {"event": event, "receiver": receiver, "form": form}
    )


@login_required
def my_requests(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.registration_of(request.user, event)
    if mine is None:
        messages.info(request, _("Register for the event first."))
        return redirect("matchmaking:register", slug=slug)
    box = "sent" if request.GET.get("box") == "sent" else "received"
    qs = queries.requests_of(mine, box)
    context = {
        "event": event,
        "box": box,
        "page": _page(request, qs),
        "querystring": _querystring(request),
        "accept_form": AcceptForm(),
    }
    return render(request, "matchmaking/requests.html", context)


@login_required
@require_POST
def request_action(request, slug, pk, action):
    event = access.get_event(request.user, slug=slug)
    req = access.get_request(request.user, pk=pk, event=event)
    try:
        if action == "accept":
            form = AcceptForm(request.POST)
            priority = form.cleaned_data["priority"] if form.is_valid() else 2
            meeting = services.accept_request(request=req, by=request.user, priority=priority)
            if meeting.status == MeetingStatus.SCHEDULED:
                messages.success(request, _("Accepted: the meeting is in your agenda."))
            else:
                messages.success(request, _("Accepted: the organiser will schedule the meeting."))
        elif action == "decline":
            services.decline_request(request=req, by=request.user)
            messages.success(request, _("Declined."))
        elif action == "cancel":
            services.cancel_request(request=req, by=request.user)
            messages.success(request, _("Cancelled."))
        else:
            raise access.NotFound
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    box = "sent" if req.requester.user_id == request.user.pk else "received"
    return redirect(reverse("matchmaking:requests", args=[slug]) + f"?box={box}")


@login_required
def agenda(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.registration_of(request.user, event)
    if mine is None:
        messages.info(request, _("Register for the event first."))
        return redirect("matchmaking:register", slug=slug)
    now = timezone.now()
    items = []
    for m in queries.agenda(mine):
        outcome = next((o for o in m.my_outcomes if not o.is_follow_up), None)
        follow = next((o for o in m.my_outcomes if o.is_follow_up), None)
        due = services.follow_up_due_at(m)
        items.append(
            {
                "meeting": m,
                "other": ics.other_side(m, mine),
                "started": m.slot is not None
                and m.slot.starts_at <= now
                and m.status != MeetingStatus.UNPLACED,
                "outcome": outcome,
                "follow_up_due": m.status == MeetingStatus.HELD
                and follow is None
                and due is not None
                and due <= now,
            }
        )
    feed = request.build_absolute_uri(reverse("matchmaking:calendar_feed", args=[mine.calendar_token]))
    context = {"event": event, "registration": mine, "items": items, "feed_url": feed, "now": now}
    return render(request, "matchmaking/agenda.html", context)


def _ics_response(registration, filename):
    body = ics.agenda_calendar(registration, queries.calendar_meetings(registration))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def agenda_ics(request, slug):
    event = access.get_event(request.user, slug=slug)
    mine = access.get_registration(request.user, event=event)
    return _ics_response(mine, f"{event.slug}-agenda.ics")


def calendar_feed(request, token):
    """Subscription URL: the secret token in the address is the only credential, so calendar
    programs can fetch it without a session."""
    reg = queries.registration_by_calendar_token(token)
    return _ics_response(reg, f"{reg.event.slug}.ics")


@login_required
@require_POST
def meeting_cancel(request, slug, pk):
    event = access.get_event(request.user, slug=slug)
    meeting = access.get_meeting(request.user, pk=pk, event=event)
    try:
        services.cancel_meeting(meeting=meeting, by=request.user)
        messages.success(request, _("The meeting is cancelled; the other side is told."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if access.can_organise(request.user, event) and request.POST.get("next") == "master":
        return redirect("matchmaking:master", slug=slug)
    return redirect("matchmaking:agenda", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, slug, pk):
    event = access.get_event(request.user, slug=slug)
    meeting = access.get_meeting(request.user, pk=pk, event=event)
    mine = access.registration_of(request.user, event)
    if mine is None or mine.pk not in (meeting.request.requester_id, meeting.request.receiver_id):
        raise access.NotFound
    follow_up = request.GET.get("follow_up") == "1" or request.POST.get("follow_up") == "1"
    existing = queries.outcome_of(meeting, mine, follow_up=follow_up)
    initial = (
        {
            "kind": existing.kind,
            "deal_value": existing.deal_value,
            "currency": existing.currency_id,
            "notes": existing.notes,
        }
        if existing
        else {
            "currency": "MYR"
            if mine.organisation.country_id == "MY"
            else "KES"
            if mine.organisation.country_id == "KE"
            else "USD"
        }
    )
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                meeting=meeting, by=request.user, is_follow_up=follow_up, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the outcome is recorded."))
            return redirect("matchmaking:agenda", slug=slug)
    context = {
        "event": event,
        "meeting": meeting,
        "other": ics.other_side(meeting, mine),
        "form": form,
        "follow_up": follow_up,
    }
    return render(request, "matchmaking/outcome.html", context)
