"""The organisation picker: one form field wherever an organisation is chosen.

Each option reads "Name — Country · kind" so two firms with similar names are told apart, and
the ``<select>`` carries ``data-picker``: ``static/corridor/app.js`` puts a search box above it
that filters the options as you type (without JavaScript it is a plain select).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import OrgKind

_KIND_LABELS = dict(OrgKind.choices)


def organisation_label(org) -> str:
    return _label(org.name, org.country.name, org.kind)


def _label(name: str, country: str, kind: str, kinds=_KIND_LABELS) -> str:
    # the kind's label by a dict look-up: ``get_kind_display()`` hashes every lazy choice label
    # on each call, which for a picker of a few hundred organisations was most of a page's time
    return f"{name} — {country} · {kinds.get(kind, kind)}"


class _OrganisationChoices(forms.models.ModelChoiceIterator):
    """The picker's options from four columns per organisation, without building a model instance
    (and its country) per option: a picker lists every organisation a person may choose, and two
    instances per option were most of a form page's time. Values are the field's
    ``to_field_name`` (the primary key by default), as with Django's iterator; validation still
    goes through the field's queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        kinds = {kind: str(label) for kind, label in _KIND_LABELS.items()}  # translated once
        key = self.field.to_field_name or "pk"  # the value Django's iterator would give
        rows = self.queryset.values_list(key, "name", "country__name", "kind")
        for pk, name, country, kind in rows:  # one fetch: a server-side cursor costs round trips
            yield (pk, _label(name, country, kind, kinds))


class _PickerMixin:
    iterator = _OrganisationChoices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("data-picker", "organisation")
        self.widget.attrs.setdefault("data-picker-placeholder", _("Type to search by name or country"))

    def label_from_instance(self, obj):
        return organisation_label(obj)

    def _set_queryset(self, queryset):
        # labels read the country: one query for the whole list, not one per option
        if queryset is not None and hasattr(queryset, "select_related"):
            queryset = queryset.select_related("country")
        forms.ModelChoiceField._set_queryset(self, queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class OrganisationChoiceField(_PickerMixin, forms.ModelChoiceField):
    pass


class OrganisationMultipleChoiceField(_PickerMixin, forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("size", "8")
