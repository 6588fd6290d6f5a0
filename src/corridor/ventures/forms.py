"""Thin forms: shapes of input only; every rule lives in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import WebsiteField
from corridor.core.models import Country, Currency, Sector
from corridor.orgs.enums import OrgStatus
from corridor.orgs.fields import OrganisationChoiceField
from corridor.orgs.models import Organisation

from .enums import TRANSITIONS, FigureKind, Stage


class DateInput(forms.DateInput):
    input_type = "date"


def _currencies():
    return Currency.objects.filter(code__in=["MYR", "KES", "USD"]).order_by("code")


def _sectors():
    return Sector.objects.filter(is_active=True).order_by("position", "name")


class VentureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    organisation = OrganisationChoiceField(
        label=_("Your organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    partner = OrganisationChoiceField(
        label=_("Partner organisation (the other country)"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(s.value, s.label) for s in Stage if s != Stage.DISSOLVED]
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential (only the parties and council staff see it)"), required=False
    )
    expected_value = forms.DecimalField(
        label=_("Expected value"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    expected_currency = forms.ModelChoiceField(
        label=_("Currency of the expected value"), queryset=Currency.objects.none(), required=False
    )
    committed_value = forms.DecimalField(
        label=_("Committed value"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    committed_currency = forms.ModelChoiceField(
        label=_("Currency of the committed value"), queryset=Currency.objects.none(), required=False
    )
    committed_on = forms.DateField(label=_("Committed on"), required=False, widget=DateInput)
    # A plain text value shown as a select: the service, not the form, decides whether the chosen
    # record may be named (so a tampered value gets the service's error on this field).
    origin = forms.CharField(
        label=_("Started from"),
        required=False,
        max_length=40,
        widget=forms.Select(),
        help_text=_(
            "The matchmaking meeting, grant award, exchange placement or partner recommendation "
            "that started the venture, among those of your organisations."
        ),
    )

    def __init__(self, *args, acting_orgs=None, edit=False, origin_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].widget.choices = [("", _("None of these (other)"))] + list(origin_options)
        self.fields["sector"].queryset = _sectors()
        self.fields["expected_currency"].queryset = _currencies()
        self.fields["committed_currency"].queryset = _currencies()
        partners = Organisation.objects.filter(
            status=OrgStatus.PUBLISHED, country_id__in=settings.PARTNER_COUNTRIES
        ).order_by("name")
        self.fields["organisation"].queryset = acting_orgs if acting_orgs is not None else partners
        self.fields["partner"].queryset = partners
        if edit:
            for name in ("organisation", "partner", "started_on", "stage", "origin"):
                del self.fields[name]


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"))
    on = forms.DateField(label=_("Date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=_("I understand that dissolving a venture cannot be undone."), required=False
    )

    def __init__(self, *args, venture=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[venture.stage] if venture else set()
        self.fields["to_stage"].choices = [(s.value, s.label) for s in Stage if s in allowed]
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("to_stage") == Stage.DISSOLVED and not data.get("confirm"):
            self.add_error("confirm", _("Confirm that the venture is dissolved."))
        return data


class PledgeForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Pledging organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    target_country = forms.ModelChoiceField(label=_("Target country"), queryset=Country.objects.none())
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    amount = forms.DecimalField(label=_("Amount pledged"), max_digits=16, decimal_places=2, min_value=0)
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=Currency.objects.none())
    announced_on = forms.DateField(label=_("Announced on"), widget=DateInput)
    source_url = WebsiteField(label=_("Source (link to the announcement)"), max_length=500, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, acting_orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = acting_orgs
        self.fields["target_country"].queryset = Country.objects.filter(code__in=settings.PARTNER_COUNTRIES)
        self.fields["sector"].queryset = _sectors()
        self.fields["currency"].queryset = _currencies()


class DisbursementForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount disbursed"), max_digits=16, decimal_places=2, min_value=0)
    disbursed_on = forms.DateField(label=_("Disbursed on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VentureFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All"))] + list(Stage.choices)
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = _sectors()


class ContextFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Figure"), required=False, choices=[("", _("All"))] + list(FigureKind.choices)
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", _("All")), ("MY", _("Malaysia")), ("KE", _("Kenya"))],
    )
