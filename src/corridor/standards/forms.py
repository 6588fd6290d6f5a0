from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import WebsiteField
from corridor.engines.conformance import PACK_CODES

from .enums import RecognitionStatus, Side

PACK_CHOICES = [
    ("EN", _("EN — EN 16931 (UBL 2.1)")),
    ("MY", _("MY — MyInvois v1.1")),
    ("KE", _("KE — KRA eTIMS")),
    ("XB", _("XB — Malaysia–Kenya cross-border")),
    ("CL", _("CL — crosswalks with suggested fixes")),
]
assert [c for c, _l in PACK_CHOICES] == list(PACK_CODES)


class CheckForm(forms.Form):
    document = forms.FileField(
        label=_("Invoice"),
        help_text=_(
            "UBL 2.1 Invoice or CreditNote (XML), MyInvois JSON, or an eTIMS sales payload (JSON); at most 10 MB."
        ),
    )
    packs = forms.MultipleChoiceField(
        label=_("Rule packs"),
        choices=PACK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to run every pack that applies to the document."),
    )


class AreaForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    evidence = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )
    decisions = forms.CharField(
        label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=RecognitionStatus.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.CharField(
        label=_("Decision or evidence"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    confirm = forms.BooleanField(
        label=_("I confirm this change; it is kept in the dated history and cannot be undone."), required=True
    )


class InstrumentForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    citation = forms.CharField(label=_("Citation"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1800, max_value=2100)
    note = forms.CharField(
        label=_("What it provides"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    source_url = WebsiteField(label=_("Source"), max_length=500)
