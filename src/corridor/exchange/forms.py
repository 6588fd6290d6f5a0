from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import DateTimeInput
from corridor.core.models import Currency, Sector
from corridor.orgs.fields import OrganisationChoiceField

from .enums import Direction, HostOffer, StartupStage


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", _("Any")), *Direction.choices], required=False
    )


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Programme starts"), widget=DateInput)
    ends_on = forms.DateField(label=_("Programme ends"), widget=DateInput)
    applications_open = forms.DateTimeField(label=_("Applications open"), widget=DateTimeInput)
    applications_close = forms.DateTimeField(label=_("Applications close"), widget=DateTimeInput)
    match_date = forms.DateField(label=_("Match date"), widget=DateInput)
    stipend_amount = forms.DecimalField(label=_("Stipend"), min_value=0, initial=0)
    stipend_currency = forms.ModelChoiceField(
        label=_("Stipend currency"),
        queryset=Currency.objects.filter(code__in=["USD", "MYR", "KES"]),
        initial="USD",
    )
    eligible_stages = forms.MultipleChoiceField(
        label=_("Eligible stages"),
        choices=StartupStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_sectors = forms.ModelMultipleChoiceField(
        label=_("Eligible sectors (none = any)"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    founded_after = forms.IntegerField(label=_("Founded after (year)"), required=False, min_value=1900)
    max_ranked = forms.IntegerField(label=_("Hosts an applicant may rank"), min_value=1, initial=3)
    questions = forms.CharField(
        label=_("Questions (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class HostForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Hub"), queryset=None)
    places = forms.IntegerField(label=_("Places"), min_value=1, initial=2)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    focus_sectors = forms.ModelMultipleChoiceField(
        label=_("Focus sectors"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers = forms.MultipleChoiceField(
        label=_("What you offer"),
        choices=HostOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ApplicationForm(forms.Form):
    """One select per rank (1st choice, 2nd choice…); the service checks every ranking rule."""

    organisation = OrganisationChoiceField(label=_("Startup"), queryset=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=StartupStage.choices)
    pitch_deck = forms.FileField(
        label=_("Pitch deck (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, cohort, organisations, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        choices = [("", "—")] + [
            (str(h.pk), f"{h.organisation.name} ({h.organisation.country_id}, {h.city})") for h in hosts
        ]
        for i in range(1, cohort.max_ranked + 1):
            self.fields[f"choice_{i}"] = forms.ChoiceField(
                label=_("Choice %(n)s") % {"n": i}, choices=choices, required=i == 1
            )
        for i, q in enumerate(cohort.question_list(), start=1):
            self.fields[f"answer_{i}"] = forms.CharField(label=q, widget=forms.Textarea(attrs={"rows": 3}))
        self.rank_fields = [f"choice_{i}" for i in range(1, cohort.max_ranked + 1)]
        self.answer_fields = [f"answer_{i}" for i in range(1, len(cohort.question_list()) + 1)]

    def hosts(self) -> list[int]:
        return [int(self.cleaned_data[f]) for f in self.rank_fields if self.cleaned_data.get(f)]

    def answers(self) -> list[str]:
        return [self.cleaned_data[f] for f in self.answer_fields]


class CheckInForm(forms.Form):
    note = forms.CharField(label=_("Check-in note"), widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    customers_won = forms.IntegerField(label=_("Customers won in the host market"), min_value=0, initial=0)
    revenue = forms.DecimalField(label=_("Revenue in the host market"), min_value=0, initial=0)
    revenue_currency = forms.ChoiceField(
        label=_("Revenue currency"), choices=[(c, c) for c in ("USD", "MYR", "KES")]
    )
    funding_raised = forms.DecimalField(label=_("Funding raised"), min_value=0, initial=0)
    funding_currency = forms.ChoiceField(
        label=_("Funding currency"), choices=[(c, c) for c in ("USD", "MYR", "KES")]
    )
    jobs_created = forms.IntegerField(label=_("Jobs created"), min_value=0, initial=0)
    partners_met = forms.IntegerField(label=_("Partners met through matchmaking"), min_value=0, initial=0)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RunForm(forms.Form):
    """Run placement. Before the application deadline it asks for an explicit confirmation (the
    ``early`` box is only shown then); the service checks it again."""

    early = forms.BooleanField(
        label=_("Run before applications close (applications still coming in will not be placed)"),
        required=False,
    )

    def __init__(self, *args, cohort, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_deadline = (now or timezone.now()) < cohort.applications_close
        if not self.before_deadline:
            del self.fields["early"]


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the preview: tell every applicant and hub. This cannot be undone."),
        required=False,
    )
