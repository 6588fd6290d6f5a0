from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.core.enums import Pillar

from .enums import CommitmentStatus


class ValueForm(forms.Form):
    period = forms.CharField(label=_("Half-year"), max_length=7, help_text=_("For example 2026-H1."))
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", "—"), ("MY", "Malaysia"), ("KE", "Kenya")]
    )
    value = forms.CharField(label=_("Value"), max_length=30)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Source documents, links and method."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    draft = forms.BooleanField(label=_("Save as a draft (not yet submitted for validation)"), required=False)
    reason = forms.CharField(
        label=_("Why replace the validated figure?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Shown in the value's history beside the new version."),
    )

    def __init__(self, *args, ask_reason: bool = False, **kwargs):
        """The reason is asked only when the half-year's figure is already validated."""
        super().__init__(*args, **kwargs)
        if not ask_reason:
            del self.fields["reason"]


class ValidationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Validate")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(forms.Form):
    period = forms.CharField(label=_("Half-year"), max_length=7, help_text=_("For example 2026-H1."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class NarrativeForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    text = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 5}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(label=_("Link"), max_length=200, required=False)


class CommitmentFilterForm(forms.Form):
    pillar = forms.ChoiceField(
        label=_("Pillar"), choices=[("", _("All pillars")), *Pillar.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CommitmentStatus.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
