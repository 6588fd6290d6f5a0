"""Talent forms. Lists (skills, languages, qualifications, required skills) are formsets,
one row per entry."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import SharedChoicesFormSet, WebsiteField
from corridor.core.models import Country, Currency

from .enums import (
    ApplicationStatus,
    EquivalenceStatus,
    Framework,
    LanguageLevel,
    Mobility,
    PermitKind,
    Proficiency,
    SalaryPeriod,
    Visibility,
    WorkMode,
)
from .models import LANGUAGE_CHOICES, Occupation, PermitPathway, Skill


class DateInput(forms.DateInput):
    input_type = "date"


def _currencies():
    return Currency.objects.filter(code__in=["MYR", "KES", "USD"])


def _countries():
    return Country.objects.order_by("-is_partner", "name")


class ProfileForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    occupation = forms.ModelChoiceField(
        label=_("Occupation (ISCO-08)"), queryset=Occupation.objects.all(), required=False
    )
    experience_years = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=60, initial=0
    )
    country = forms.ModelChoiceField(label=_("Country of residence"), queryset=_countries())
    desired_country = forms.ModelChoiceField(
        label=_("Desired country"), queryset=_countries(), required=False
    )
    mobility = forms.ChoiceField(label=_("Remote or relocation"), choices=Mobility.choices)
    expected_salary = forms.DecimalField(
        label=_("Expected monthly salary"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    expected_currency = forms.ModelChoiceField(label=_("Currency"), queryset=_currencies(), required=False)
    visibility = forms.ChoiceField(label=_("Who can see the profile"), choices=Visibility.choices)


class SkillRowForm(forms.Form):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all())
    level = forms.TypedChoiceField(
        label=_("Level"), choices=Proficiency.choices, coerce=int, initial=Proficiency.INTERMEDIATE
    )


class LanguageRowForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=LanguageLevel.choices, coerce=int, initial=LanguageLevel.WORKING
    )


class QualificationRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=_countries())
    framework = forms.ChoiceField(label=_("Framework"), choices=Framework.choices)
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=10)
    credits = forms.IntegerField(label=_("Credits"), min_value=0, max_value=2000, required=False)
    year = forms.IntegerField(label=_("Year awarded"), min_value=1950, max_value=2100, required=False)


class _UniqueFormSet(SharedChoicesFormSet):
    key = "skill"

    def clean(self):
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self.can_delete and self._should_delete_form(form):
                continue
            value = form.cleaned_data.get(self.key)
            if value in seen:
                raise ValidationError(_("Each entry may appear only once."), code="duplicate")
            seen.add(value)

    def rows(self):
        """Rows holding data, unchanged pre-filled rows included (an edit that leaves a row
        alone keeps it); empty extra rows and rows ticked for deletion are left out."""
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not (self.can_delete and f.cleaned_data.get("DELETE"))
        ]


class _LanguageFormSet(_UniqueFormSet):
    key = "language"


class _QualFormSet(SharedChoicesFormSet):
    def rows(self):
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


SkillFormSet = forms.formset_factory(
    SkillRowForm, formset=_UniqueFormSet, extra=2, can_delete=True, max_num=40
)
LanguageFormSet = forms.formset_factory(
    LanguageRowForm, formset=_LanguageFormSet, extra=1, can_delete=True, max_num=10
)
QualificationFormSet = forms.formset_factory(
    QualificationRowForm, formset=_QualFormSet, extra=1, can_delete=True, max_num=20
)


class JobForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    occupation = forms.ModelChoiceField(label=_("Occupation (ISCO-08)"), queryset=Occupation.objects.all())
    qualification_framework = forms.ChoiceField(label=_("Qualification framework"), choices=Framework.choices)
    qualification_level = forms.IntegerField(
        label=_("Minimum qualification level"), min_value=1, max_value=10, required=False
    )
    min_experience_years = forms.IntegerField(
        label=_("Minimum years of experience"), min_value=0, max_value=40, initial=0
    )
    language = forms.ChoiceField(label=_("Working language"), choices=LANGUAGE_CHOICES)
    salary_min = forms.DecimalField(
        label=_("Monthly salary from"), max_digits=12, decimal_places=2, min_value=0
    )
    salary_max = forms.DecimalField(
        label=_("Monthly salary to"), max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=_currencies())
    country = forms.ModelChoiceField(label=_("Country of work"), queryset=_countries())
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    work_mode = forms.ChoiceField(label=_("Remote or on-site"), choices=WorkMode.choices)
    sponsors_permit = forms.BooleanField(label=_("We sponsor the work permit"), required=False)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)


JobSkillFormSet = forms.formset_factory(
    SkillRowForm, formset=_UniqueFormSet, extra=3, can_delete=True, max_num=30
)


class JobFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    occupation = forms.ModelChoiceField(
        label=_("Occupation"), queryset=Occupation.objects.all(), required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.filter(is_partner=True), required=False
    )
    work_mode = forms.ChoiceField(
        label=_("Remote or on-site"), choices=[("", _("Any")), *WorkMode.choices], required=False
    )
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(), required=False)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    occupation = forms.ModelChoiceField(
        label=_("Occupation"), queryset=Occupation.objects.all(), required=False
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.filter(is_partner=True), required=False
    )
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(), required=False)


class ApplyForm(forms.Form):
    cover_note = forms.CharField(
        label=_("Cover note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    pathway = forms.ModelChoiceField(
        label=_("Permit pathway"), queryset=PermitPathway.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=_("I confirm (declining and recording a move cannot be undone)"), required=False
    )

    FINAL = {ApplicationStatus.DECLINED, ApplicationStatus.MOVED, ApplicationStatus.WITHDRAWN}

    def __init__(self, *args, country=None, **kwargs):
        super().__init__(*args, **kwargs)
        if country is not None:  # the pathways of the job's country only
            self.fields["pathway"].queryset = PermitPathway.objects.filter(country=country)

    def clean(self):
        data = super().clean()
        if data.get("status") in self.FINAL and not data.get("confirm"):
            self.add_error("confirm", _("Tick to confirm this step."))
        return data


class EligibilityForm(forms.Form):
    income = forms.DecimalField(
        label=_("Monthly income to test (empty: the job's lowest salary)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=_currencies(), required=False)
    as_of = forms.DateField(label=_("Rules as of"), widget=DateInput, required=False)


class CompareForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Framework"), choices=[(Framework.MQF, "MQF"), (Framework.KNQF, "KNQF")]
    )
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=10)
    credits = forms.IntegerField(label=_("Credits (optional)"), min_value=0, max_value=2000, required=False)


class EquivalenceRuleForm(forms.Form):
    mqf_level = forms.IntegerField(label=_("MQF level"), min_value=1, max_value=8)
    knqf_level = forms.IntegerField(label=_("KNQF level"), min_value=1, max_value=10)
    typical_award = forms.CharField(label=_("Typical award"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=EquivalenceStatus.choices)
    source_url = WebsiteField(label=_("Source"), max_length=200)
    read_on = forms.DateField(label=_("Source read on"), widget=DateInput)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    confirm = forms.BooleanField(label=_("I confirm: revocation cannot be undone"))


class RuleVersionForm(forms.Form):
    valid_from = forms.DateField(label=_("New version valid from"), widget=DateInput)
    min_income = forms.DecimalField(
        label=_("Minimum income"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    max_income = forms.DecimalField(
        label=_("Maximum income"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    source_url = WebsiteField(label=_("Source"), max_length=200)
    read_on = forms.DateField(label=_("Source read on"), widget=DateInput)


class DocumentRowForm(forms.Form):
    document = forms.CharField(label=_("Document"), max_length=300)


DocumentFormSet = forms.formset_factory(DocumentRowForm, extra=2, can_delete=True, max_num=20)


class PathwayForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Cannot change once saved."))
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.filter(is_partner=True))
    kind = forms.ChoiceField(label=_("Kind"), choices=PermitKind.choices)
    authority = forms.CharField(label=_("Authority"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_url = WebsiteField(label=_("Source"), max_length=200)
    read_on = forms.DateField(label=_("Source read on"), widget=DateInput)


class RuleForm(forms.Form):
    label = forms.CharField(label=_("Band"), max_length=80)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput, required=False)
    min_income = forms.DecimalField(
        label=_("Minimum income"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    max_income = forms.DecimalField(
        label=_("Maximum income"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=_currencies())
    period = forms.ChoiceField(label=_("Income period"), choices=SalaryPeriod.choices)
    occupation_prefixes = forms.CharField(
        label=_("ISCO-08 codes or prefixes (comma-separated; empty: any occupation)"),
        max_length=200,
        required=False,
    )
    requires_employer = forms.BooleanField(
        label=_("Needs a sponsoring employer in the country"), required=False, initial=True
    )
    source_url = WebsiteField(label=_("Source"), max_length=200)
    read_on = forms.DateField(label=_("Source read on"), widget=DateInput)

    def clean_occupation_prefixes(self):
        return [p.strip() for p in self.cleaned_data["occupation_prefixes"].split(",") if p.strip()]


class RetireForm(forms.Form):
    on = forms.DateField(label=_("Retired from"), widget=DateInput)
    confirm = forms.BooleanField(label=_("I confirm: the pathway's rules end the day before"))
