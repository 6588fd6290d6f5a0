from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EmailMode


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000})
    )


class StartForm(MessageForm):
    sender = forms.ChoiceField(label=_("Write as"))

    def __init__(self, *args, senders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].choices = list(senders)
        self.order_fields(["sender", "body"])


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Why do you report this conversation?"), max_length=500)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("What was done"), max_length=500)


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mail me about new messages"), choices=EmailMode.choices, widget=forms.RadioSelect
    )
