"""Forms: parse and present input; the rules live in ``services``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.core.models import Country, Sector
from corridor.orgs.models import Organisation

from .enums import Outcome


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    lead = forms.ModelChoiceField(label=_("Lead institution"), queryset=Organisation.objects.none())
    partners = forms.ModelMultipleChoiceField(
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
    budget = forms.CharField(
        label=_("Budget lines"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: organisation slug; description; amount."),
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: title; due date (YYYY-MM-DD); disbursement."),
    )

    def __init__(self, *args, user, call, instance=None, **kwargs):
        if instance is not None and not args[0]:
            kwargs["initial"] = {
                "title": instance.title,
                "lead": instance.lead_id,
                "abstract": instance.abstract,
                "keywords": instance.keywords,
                "sector": instance.sector_id,
                "theme": instance.theme,
                "partners": [p.organisation_id for p in instance.partners.all() if p.role != "lead"],
                "budget": "\n".join(
                    f"{b.organisation.slug}; {b.description}; {b.amount}"
                    for b in instance.budget_lines.select_related("organisation")
                ),
                "milestones": "\n".join(
                    f"{m.title}; {m.due_on:%Y-%m-%d}; {m.amount}" for m in instance.milestones.all()
                ),
            }
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organisation.objects.filter(memberships__user=user).select_related(
            "country"
        )
        self.fields["partners"].queryset = Organisation.objects.published().select_related("country")
        self.fields["theme"].choices = [("", "—")] + [(t, t) for t in call.themes()]

    def _lines(self, name, n_parts):
        out = []
        for i, line in enumerate(self.cleaned_data.get(name, "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != n_parts:
                raise forms.ValidationError(
                    _("Line %(n)s: expected %(k)s parts separated by ';'.") % {"n": i, "k": n_parts}
                )
            out.append((i, parts))
        return out

    def clean_budget(self):
        lines = []
        for i, (slug, desc, amount) in self._lines("budget", 3):
            org = Organisation.objects.filter(slug=slug).first()
            if org is None:
                raise forms.ValidationError(
                    _("Line %(n)s: unknown organisation %(s)s.") % {"n": i, "s": slug}
                )
            try:
                lines.append((org, desc, Decimal(amount)))
            except InvalidOperation as exc:
                raise forms.ValidationError(_("Line %(n)s: the amount is not a number.") % {"n": i}) from exc
        return lines

    def clean_milestones(self):
        out = []
        for i, (title, due, amount) in self._lines("milestones", 3):
            try:
                out.append((title, dt.date.fromisoformat(due), Decimal(amount)))
            except (ValueError, InvalidOperation) as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: date or amount not understood.") % {"n": i}
                ) from exc
        return out

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
            "budget": d["budget"],
            "milestones": d["milestones"],
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
    institution = forms.ModelChoiceField(
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
