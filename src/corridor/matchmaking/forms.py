from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import TimeZoneField, WebsiteField, dt_field
from corridor.core.models import Country, Currency, Sector
from corridor.orgs.enums import OrgKind, PostingType

from .calendar import malaysian_states
from .enums import Attendance, EventFormat, EventStatus, MeetingStatus, OutcomeKind, Priority, RunMode


class EventForm(forms.Form):
    """Field shapes only; the service checks every rule. Times are entered in the viewer's time
    zone (the page says which)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    time_zone = TimeZoneField(label=_("Event time zone"), initial="Asia/Kuala_Lumpur")
    organiser = forms.ChoiceField(label=_("Organising agency"), required=False)
    location = forms.CharField(label=_("Venue"), max_length=200, required=False)
    registration_opens_at = dt_field(_("Registration opens"))
    registration_closes_at = dt_field(_("Registration closes"))
    requests_close_at = dt_field(_("Meeting requests close"), required=False)
    max_requests_per_participant = forms.IntegerField(
        label=_("Requests per participant"), min_value=1, initial=20
    )
    slot_minutes = forms.IntegerField(
        label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=20
    )
    follow_up_months = forms.IntegerField(
        label=_("Ask about deals again after (months)"), min_value=1, max_value=36, initial=6
    )
    room_link_base = WebsiteField(label=_("Video room link base (virtual)"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices, initial=EventStatus.DRAFT)

    def __init__(self, *args, organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [("", _("— the secretariat —"))] + [
            (o.slug, o.name) for o in organisers
        ]


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Session name"), max_length=120)
    starts_at = dt_field(_("Starts"))
    ends_at = dt_field(_("Ends"))


class BreakForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    starts_at = dt_field(_("Break starts"))
    ends_at = dt_field(_("Break ends"))

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [(s.pk, s.name) for s in sessions]


class TablesForm(forms.Form):
    count = forms.IntegerField(label=_("How many tables or rooms"), min_value=1, max_value=500, initial=10)
    prefix = forms.CharField(label=_("Name prefix"), max_length=40, required=False)


class SlotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, slot):
        start = timezone.localtime(slot.starts_at)
        end = timezone.localtime(slot.ends_at)
        return f"{start:%a %d %b %H:%M}–{end:%H:%M}"


class RegistrationForm(forms.Form):
    organisation = forms.ChoiceField(label=_("On behalf of"))
    wants_to_discuss = forms.CharField(
        label=_("What I want to discuss"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attendance = forms.ChoiceField(
        label=_("I attend"),
        choices=Attendance.choices,
        help_text=_("Online meetings take place in a video room."),
    )
    time_zone = TimeZoneField(label=_("My time zone"))
    subdivision = forms.ChoiceField(label=_("State (Malaysia, for public holidays)"), required=False)
    observes_friday_prayer = forms.BooleanField(
        label=_("Keep Friday prayer time (12:15–14:45) free"), required=False
    )
    availability = SlotChoiceField(
        label=_("Slots I am available for"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Shown in your time zone. Ticked by default: your working hours, without public holidays."
        ),
    )

    def __init__(self, *args, event, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        slots = event.slots.order_by("index")
        self.fields["availability"].queryset = slots
        # Grouped by day (in the viewer's zone); the page adds "All" / "None" per day.
        days: dict = {}
        field = self.fields["availability"]
        for slot in slots:
            day = timezone.localtime(slot.starts_at).date()
            days.setdefault(day, []).append((slot.pk, field.label_from_instance(slot)))
        field.widget.choices = [(formats.date_format(day, "l j F Y"), opts) for day, opts in days.items()]
        field.widget.attrs["class"] = "slot-days"
        if event.format != EventFormat.HYBRID:
            del self.fields["attendance"]  # in person or online follows from the event
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["subdivision"].choices = [("", "—")] + malaysian_states()


class RegistrationEditForm(RegistrationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organisation"]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrgKind.choices], required=False
    )
    has = forms.ChoiceField(
        label=_("Has"),
        required=False,
        choices=[
            ("", _("Anything")),
            (PostingType.OFFER, _("Current offers")),
            (PostingType.REQUEST, _("Current requests")),
        ],
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name)
            for c in Country.objects.filter(organisations__event_registrations__event=event)
            .distinct()
            .order_by("name")
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.slug, s.name) for s in Sector.objects.filter(is_active=True)
        ]


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=1000
    )
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int, initial=2)


class AcceptForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Your priority"), choices=Priority.choices, coerce=int, initial=2
    )


class ScheduleForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Mode"), choices=RunMode.choices, initial=RunMode.INCREMENTAL, widget=forms.RadioSelect
    )


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(MeetingStatus.HELD, _("Held")), (MeetingStatus.NO_SHOW, _("No-show"))]
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What came of it"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )
    deal_value = forms.DecimalField(label=_("Deal value"), required=False, min_value=0, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = ["MYR", "KES", "USD"]
        self.fields["currency"].choices = (
            [("", "—")]
            + [(c, c) for c in first]
            + [(c.code, f"{c.code} {c.name}") for c in Currency.objects.exclude(code__in=first)]
        )
