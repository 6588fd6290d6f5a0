"""Forms: parse and present input; the rules live in ``services``."""

from __future__ import annotations

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import SharedChoicesFormSet, TimeZoneField, dt_field
from corridor.core.models import Country, Currency, Sector
from corridor.orgs.enums import MemberRole as OrgRole
from corridor.orgs.fields import OrganisationChoiceField, OrganisationMultipleChoiceField
from corridor.orgs.models import Organisation

from .enums import Outcome, PairRuleKind

ORCID_RE = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


class BudgetLineForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    orcid = forms.CharField(
        label=_("ORCID"), max_length=19, required=False, help_text=_("e.g. 0000-0002-1825-0097")
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_orcid(self):
        orcid = self.cleaned_data["orcid"].strip().upper()
        if orcid and not ORCID_RE.fullmatch(orcid):
            raise forms.ValidationError(_("The ORCID should look like 0000-0002-1825-0097."))
        return orcid


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_on = forms.DateField(label=_("Report due"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("Disbursement"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


BudgetFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=SharedChoicesFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
    max_num=100,
    validate_max=True,
)
TeamFormSet = forms.formset_factory(
    TeamMemberForm, formset=SharedChoicesFormSet, extra=1, can_delete=True, max_num=100, validate_max=True
)
MilestoneFormSet = forms.formset_factory(
    MilestoneForm, extra=1, can_delete=True, max_num=50, validate_max=True
)


def _rows(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class ProposalForm(forms.Form):
    """The proposal with its budget lines, team and milestones as formsets (rows added and
    removed on the page, each row's errors shown beside its fields)."""

    title = forms.CharField(label=_("Title"), max_length=250)
    lead = OrganisationChoiceField(label=_("Lead institution"), queryset=Organisation.objects.none())
    partners = OrganisationMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("At least one in the other country."),
    )
    abstract = forms.CharField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 6}))
    keywords = forms.CharField(label=_("Keywords"), required=False, help_text=_("Comma-separated."))
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.filter(is_active=True), required=False
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, user, call, instance=None, **kwargs):
        data = args[0] if args else kwargs.get("data")
        budget = team = milestones = None
        if instance is not None and not data:
            kwargs["initial"] = {
                "title": instance.title,
                "lead": instance.lead_id,
                "abstract": instance.abstract,
                "keywords": instance.keywords,
                "sector": instance.sector_id,
                "theme": instance.theme,
                "partners": [p.organisation_id for p in instance.partners.all() if p.role != "lead"],
            }
            budget = [
                {"organisation": b.organisation_id, "description": b.description, "amount": b.amount}
                for b in instance.budget_lines.all()
            ]
            team = [
                {"name": m.name, "email": m.email, "orcid": m.orcid, "organisation": m.organisation_id}
                for m in instance.team.all()
            ]
            milestones = [
                {"title": m.title, "due_on": m.due_on, "amount": m.amount} for m in instance.milestones.all()
            ]
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__role__in=(OrgRole.OWNER, OrgRole.ADMIN)
        ).select_related("country")
        published = Organisation.objects.published().select_related("country").order_by("name")
        self.fields["partners"].queryset = published
        self.fields["theme"].choices = [("", "—")] + [(t, t) for t in call.themes()]
        orgs = {"organisations": published}
        self.budget = BudgetFormSet(data, prefix="budget", initial=budget, form_kwargs=orgs)
        self.team = TeamFormSet(data, prefix="team", initial=team, form_kwargs=orgs)
        self.milestones = MilestoneFormSet(data, prefix="milestones", initial=milestones)
        for fs in (self.budget, self.team, self.milestones):
            if fs.initial:
                fs.extra = 0 if fs is self.budget else 1

    @property
    def formsets(self):
        return [
            (self.budget, _("Budget lines"), "amount"),
            (self.team, _("Team members"), ""),
            (self.milestones, _("Milestones"), "amount"),
        ]

    def is_valid(self) -> bool:
        results = [
            super().is_valid(),
            self.budget.is_valid(),
            self.team.is_valid(),
            self.milestones.is_valid(),
        ]
        return all(results)

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "lead": d["lead"],
            "partners": list(d["partners"]),
            "abstract": d["abstract"],
            "keywords": d["keywords"],
            "sector": d["sector"],
            "theme": d["theme"],
            "budget": [(r["organisation"], r["description"], r["amount"]) for r in _rows(self.budget)],
            "milestones": [
                (r["title"], r["due_on"], r["amount"] or Decimal(0)) for r in _rows(self.milestones)
            ],
            "team": [
                {
                    "name": r["name"],
                    "email": r["email"],
                    "orcid": r["orcid"],
                    "organisation": r["organisation"],
                }
                for r in _rows(self.team)
            ],
        }


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("PDF file"))

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(d, d) for d in call.document_list()]


class ReviewForm(forms.Form):
    comments_for_applicants = forms.CharField(
        label=_("Comments for the applicants"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    confidential_comments = forms.CharField(
        label=_("Confidential comments for the panel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, call, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(call.criteria.all())
        fields = {}
        for c in self.criteria:
            fields[f"criterion_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} (×{c.weight:g})",
                coerce=int,
                choices=[(i, str(i)) for i in range(1, call.score_scale + 1)],
                initial=(review.scores.get(str(c.pk)) if review else None),
            )
        self.fields = {**fields, **self.fields}
        if review:
            self.fields["comments_for_applicants"].initial = review.comments_for_applicants
            self.fields["confidential_comments"].initial = review.confidential_comments

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "scores": {str(c.pk): d[f"criterion_{c.pk}"] for c in self.criteria},
            "comments_for_applicants": d["comments_for_applicants"],
            "confidential_comments": d["confidential_comments"],
        }


class RunForm(forms.Form):
    fairness = forms.BooleanField(label=_("Raise the floor for the worst-served proposal"), required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewerProfileForm(forms.Form):
    expertise = forms.CharField(
        label=_("Expertise keywords"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Comma-separated; matched against proposals when reviewers are assigned."),
    )
    institution = OrganisationChoiceField(
        label=_("Institution"), queryset=Organisation.objects.none(), required=False
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    orcid = forms.CharField(
        label=_("ORCID"), max_length=19, required=False, help_text=_("For example 0000-0002-1825-0097.")
    )
    co_workers = forms.CharField(
        label=_("Recent co-workers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("E-mail addresses or ORCIDs, one per line: you will not be assigned their proposals."),
    )

    def __init__(self, *args, reviewer, **kwargs):
        if not (args and args[0]):
            kwargs["initial"] = {
                "expertise": reviewer.expertise,
                "institution": reviewer.institution_id,
                "country": reviewer.country_id,
                "orcid": reviewer.orcid,
                "co_workers": reviewer.co_workers,
            }
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.published().order_by("name")


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=120)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2, min_value=0, initial=1)


CriteriaFormSet = forms.formset_factory(
    CriterionForm, extra=2, can_delete=True, min_num=1, validate_min=True, max_num=20, validate_max=True
)


class CallForm(forms.Form):
    """Field shapes only; ``services.create_call`` checks every rule. Times are entered in the
    call's own time zone (chosen here). Review criteria are rows (name and weight)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Pillar sectors (themes)"), queryset=Sector.objects.filter(is_active=True), required=False
    )
    challenges = forms.CharField(
        label=_("Regional development challenges (themes)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    currency = forms.ModelChoiceField(
        label=_("Currency"), queryset=Currency.objects.all(), to_field_name="pk"
    )
    total_budget = forms.DecimalField(label=_("Total budget"), min_value=0, decimal_places=2)
    max_award = forms.DecimalField(label=_("Maximum award"), min_value=0, decimal_places=2)
    time_zone = TimeZoneField(label=_("Time zone of the call"), initial="Asia/Kuala_Lumpur")
    opens_at = dt_field(_("Opens (in the call's time zone)"))
    closes_at = dt_field(_("Closes (in the call's time zone)"))
    review_deadline = dt_field(_("Review deadline (in the call's time zone)"), required=False)
    score_scale = forms.IntegerField(label=_("Score scale (1 to)"), initial=5)
    reviews_per_proposal = forms.IntegerField(label=_("Reviews per proposal"), initial=3)
    min_load = forms.IntegerField(label=_("Minimum proposals per reviewer"), initial=0)
    max_load = forms.IntegerField(label=_("Maximum proposals per reviewer"), initial=8)
    required_documents = forms.CharField(
        label=_("Required documents (PDF)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line, e.g. “Project plan”."),
    )
    startup_required = forms.BooleanField(label=_("At least one startup in the team"), required=False)
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        tz_name = data.get("time_zone")
        if tz_name:
            zone = ZoneInfo(tz_name)
            for name in ("opens_at", "closes_at", "review_deadline"):
                value = data.get(name)
                if value is not None:
                    # The widget's wall-clock time is in the call's zone, not the viewer's.
                    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                    data[name] = timezone.make_aware(naive, zone)
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = CriteriaFormSet(self.data or None, prefix="criteria")

    @property
    def formsets(self):
        return [(self.criteria, _("Review criteria"), "")]

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.criteria.is_valid()])

    def service_data(self) -> dict:
        d = dict(self.cleaned_data)
        d["currency"] = d["currency"].pk
        d["sectors"] = list(d["sectors"])
        d["criteria"] = [(r["name"], r["weight"]) for r in _rows(self.criteria)]
        return d


class ReviewerInviteForm(forms.Form):
    """The secretariat invites a registered user to review for a call."""

    email = forms.EmailField(label=_("Reviewer's e-mail (their account)"))
    expertise = forms.CharField(
        label=_("Expertise keywords"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Comma-separated; matched against proposals when reviewers are assigned."),
    )
    institution = OrganisationChoiceField(
        label=_("Institution"), queryset=Organisation.objects.none(), required=False, to_field_name="slug"
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    orcid = forms.CharField(
        label=_("ORCID"), max_length=19, required=False, help_text=_("For example 0000-0002-1825-0097.")
    )
    co_workers = forms.CharField(
        label=_("Known co-workers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("E-mail addresses or ORCIDs, one per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Organisation.objects.published().order_by("name")

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses this e-mail; ask the reviewer to sign up first, then invite them.")
            )
        self.user = user
        return email

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "user": self.user,
            "expertise": d["expertise"],
            "institution": d["institution"],
            "country": d["country"],
            "orcid": d["orcid"],
            "co_workers": d["co_workers"],
        }


class PairRuleForm(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)
    kind = forms.ChoiceField(label=_("Rule"), choices=[*PairRuleKind.choices, ("clear", _("Clear rule"))])

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(r.pk, str(r)) for r in reviewers]


class DecisionSupportForm(forms.Form):
    lottery = forms.ChoiceField(
        label=_("Use a lottery at the funding line"),
        choices=[("on", _("Yes")), ("off", _("No"))],
        initial="on",
        required=False,
    )

    @property
    def use_lottery(self) -> bool:
        return not (self.is_valid() and self.cleaned_data.get("lottery") == "off")
