from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Sector
from corridor.orgs.fields import OrganisationChoiceField
from corridor.orgs.models import Organisation

from .enums import (
    AccessLevel,
    FileFormat,
    LegalBasisKE,
    LegalBasisMY,
    Licence,
    Purpose,
    Theme,
    UpdateFrequency,
)


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("Any"))] + Theme.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.filter(is_partner=True),
        to_field_name="code",
    )
    licence = forms.ChoiceField(
        label=_("Licence"), required=False, choices=[("", _("Any"))] + Licence.choices
    )
    access_level = forms.ChoiceField(
        label=_("Access"), required=False, choices=[("", _("Any"))] + AccessLevel.choices
    )
    fmt = forms.ChoiceField(label=_("Format"), required=False, choices=[("", _("Any"))] + FileFormat.choices)


class DatasetForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Publisher"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.filter(is_active=True), required=False
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries covered"),
        queryset=Country.objects.filter(is_partner=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    temporal_start = forms.DateField(
        label=_("Coverage from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    temporal_end = forms.DateField(
        label=_("Coverage to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    update_frequency = forms.ChoiceField(label=_("Update frequency"), choices=UpdateFrequency.choices)
    next_update = forms.DateField(
        label=_("Next update"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    methodology = forms.CharField(
        label=_("Methodology"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    caveats = forms.CharField(
        label=_("Caveats"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    personal_data = forms.BooleanField(label=_("Contains personal data"), required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis for processing (required with personal data)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    access_level = forms.ChoiceField(label=_("Access level"), choices=AccessLevel.choices)
    policy_k = forms.IntegerField(label=_("Minimum k for k-anonymity"), min_value=2, max_value=100, initial=5)

    def __init__(self, *args, organisations=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = (
                organisations if organisations is not None else Organisation.objects.none()
            )


class VersionForm(forms.Form):
    notes = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, Parquet, JSON lines, JSON, PDF, ZIP…)"))
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)


class AnonymityForm(forms.Form):
    quasi_identifiers = forms.MultipleChoiceField(
        label=_("Quasi-identifiers"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    sensitive_attribute = forms.ChoiceField(label=_("Sensitive attribute"), required=False, choices=())

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.fields["quasi_identifiers"].choices = choices
        self.fields["sensitive_attribute"].choices = [("", _("None"))] + choices


class AccessRequestForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    purpose_detail = forms.CharField(
        label=_("Describe the purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    duration_days = forms.IntegerField(label=_("Access for (days)"), min_value=1, max_value=1098, initial=180)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )


class DecisionForm(forms.Form):
    permitted_uses = forms.CharField(
        label=_("Permitted uses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        initial=_("The stated purpose only; no re-identification of any person; no onward transfer."),
    )
    retention_days = forms.IntegerField(
        label=_("Keep for (days after expiry)"), min_value=0, max_value=3660, initial=0
    )
    legal_basis_my = forms.ChoiceField(
        label=_("Legal basis of the transfer under Malaysia's PDPA"), choices=LegalBasisMY.choices
    )
    legal_basis_ke = forms.ChoiceField(
        label=_("Legal basis of the transfer under Kenya's DPA 2019"), choices=LegalBasisKE.choices
    )
    note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    datasets = forms.ModelMultipleChoiceField(
        label=_("Datasets"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def __init__(self, *args, datasets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datasets"].queryset = datasets
