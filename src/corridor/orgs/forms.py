from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import WebsiteField
from corridor.core.models import Country, Sector

from .enums import (
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    SizeBand,
    VerificationStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"


def partner_first_countries():
    return Country.objects.order_by("-is_partner", "name")


class OrganisationForm(forms.Form):
    """Field shapes only; every rule is checked by the service, whose errors land on the fields."""

    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=partner_first_countries(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    registration_number = forms.CharField(
        label=_("National registration number"), max_length=60, required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size_band = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *SizeBand.choices], required=False)
    founded_year = forms.IntegerField(label=_("Founding year"), required=False, min_value=1800)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = WebsiteField(label=_("Website"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    logo = forms.FileField(
        label=_("Logo (PNG, JPEG, GIF or WebP, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    status = forms.ChoiceField(
        label=_("Visibility"),
        choices=OrgStatus.choices,
        initial=OrgStatus.PUBLISHED,
        help_text=_("Drafts are seen only by your members."),
    )
    # The profile's version when the form was opened (a stale save is refused, not overwritten).
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = partner_first_countries()
        self.fields["sectors"].queryset = Sector.objects.filter(is_active=True)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("logo"):
            data.pop("logo", None)
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(MemberRole.MEMBER, _("Member")), (MemberRole.ADMIN, _("Admin"))]
    )


class PostingForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Offer or request"), choices=PostingType.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PostingKind.choices)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.filter(is_active=True))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    target_country = forms.ModelChoiceField(
        label=_("Target country"), queryset=partner_first_countries(), to_field_name="code", required=False
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=PostingStatus.choices, initial=PostingStatus.PUBLISHED
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        self.fields["target_country"].queryset = partner_first_countries()
        self.fields["valid_until"].widget.attrs["min"] = timezone.localdate().isoformat()


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrgKind.choices], required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    posting_type = forms.ChoiceField(
        label=_("Has"),
        required=False,
        choices=[
            ("", _("Anything")),
            (PostingType.OFFER, _("Current offers")),
            (PostingType.REQUEST, _("Current requests")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name)
            for c in Country.objects.filter(organisations__status=OrgStatus.PUBLISHED)
            .distinct()
            .order_by("-is_partner", "name")
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.slug, s.name) for s in Sector.objects.filter(is_active=True)
        ]


class VerificationForm(forms.Form):
    """The secretariat's decision on an organisation's identity."""

    status = forms.ChoiceField(label=_("Verification"), choices=VerificationStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a dispute: what is contested and by whom."),
    )


class DisputeForm(forms.Form):
    """Anyone may contest an organisation's identity; the secretariat decides."""

    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: this registration number belongs to our organisation."),
    )
