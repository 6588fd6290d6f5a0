from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import SourceFormat


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UN Comtrade, CEPII BACI, headline series or WDI CSV.")
    )
    format = forms.ChoiceField(label=_("Format"), choices=SourceFormat.choices)
    dataset = forms.SlugField(
        label=_("Dataset"),
        required=False,
        max_length=80,
        help_text=_("A revised file of the same dataset replaces its release; the old one is kept."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    source_name = forms.CharField(label=_("Source"), required=False, max_length=200)
    source_url = forms.URLField(label=_("Source URL"), required=False, max_length=500, assume_scheme="https")
    expected_year = forms.IntegerField(
        label=_("Year of the release"),
        required=False,
        min_value=1962,
        max_value=2100,
        help_text=_("If given, rows of any other year are rejected."),
    )


class DashboardFilterForm(forms.Form):
    release = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False)
    direction = forms.ChoiceField(required=False, choices=[("my-ke", "MY → KE"), ("ke-my", "KE → MY")])
    parent = forms.RegexField(required=False, regex=r"^([IVXL]{1,5}|[0-9]{2}|[0-9]{4})$")
    cagr_from = forms.IntegerField(required=False, min_value=1962, max_value=2100)
    cagr_to = forms.IntegerField(required=False, min_value=1962, max_value=2100)
