from django import forms
from django.utils.translation import gettext_lazy as _

from corridor.core.forms import dt_field

from .enums import Language, ModerationAction, PostStatus


class FilterForm(forms.Form):
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=50)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any"))] + Language.choices
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(
        label=_("Body"), max_length=40000, widget=forms.Textarea(attrs={"rows": 14}), help_text=_("Markdown.")
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Separated by commas.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PostStatus.choices)
    publish_at = dt_field(_("Publish at"), required=False)
    image = forms.ImageField(label=_("Image"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ModerationAction.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this announcement and its comments. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )
