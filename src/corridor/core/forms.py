from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import URLValidator
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .errors import normalise_url
from .models import TIME_ZONE_FORM_CHOICES, Country, User


class TimeZoneField(forms.ChoiceField):
    """A time-zone picker: Malaysia's and Kenya's zones first, then every zone, searchable."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", TIME_ZONE_FORM_CHOICES)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("data-picker", "time-zone")
        self.widget.attrs.setdefault("data-picker-placeholder", _("Type to search a city or region"))


class WebsiteField(forms.URLField):
    """The one field for a website or link: accepts ``example.com`` and adds ``https://``. A
    plain text input (``inputmode=url``), so the browser does not refuse an address without a
    scheme before the server can add it."""

    widget = forms.TextInput
    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "url")
        self.widget.attrs.setdefault("autocomplete", "url")
        self.widget.attrs.setdefault("placeholder", "example.com")

    def to_python(self, value):
        return super().to_python(normalise_url(value) if isinstance(value, str) else value)


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    time_zone = TimeZoneField(label=_("Time zone"), initial="Asia/Kuala_Lumpur")

    def clean_email(self):
        # A taken address is not refused here: the answer is the same as for a new one and the
        # owner gets a notice (core.services.sign_up), so the form does not reveal accounts.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))


class PreferencesForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = TimeZoneField(label=_("Time zone"))


def apply_service_errors(form, exc) -> None:
    """Put a service's ValidationError on the form: each named field inline, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; the value is read in the active time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def dt_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class _Evaluated(BaseChoiceIterator):
    """Choices already evaluated, kept as they are: a plain list would be normalised again (every
    pair visited) each time a row's field is given it."""

    def __init__(self, items: list):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


class SharedChoicesFormSet(forms.BaseFormSet):
    """A formset whose rows list their model choices once.

    Each row's ``ModelChoiceField`` would run its own query and build its own option labels: an
    organisation picker in ten rows (and the empty row the page keeps for "add a row") was ten
    queries and a few thousand labels. Here the first row's choices, evaluated once, serve every
    row. Validation still goes through each field's queryset; rows share their form class and
    form kwargs, so their querysets are the same.
    """

    def _share_choices(self, form):
        shared = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                if name not in shared:
                    # a loop, not list(): list() asks the iterator's len(), a COUNT query
                    shared[name] = _Evaluated([choice for choice in field.choices])  # noqa: C416
                field.choices = shared[name]
        return form

    def _construct_form(self, i, **kwargs):
        return self._share_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._share_choices(super().empty_form)
