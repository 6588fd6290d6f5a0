"""Formset rows list their model choices once (core.forms.SharedChoicesFormSet), and the
organisation and posting lists visible to a member need no DISTINCT (subqueries, not joins)."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.core.forms import SharedChoicesFormSet
from corridor.orgs.enums import OrgStatus, PostingStatus
from corridor.orgs.fields import OrganisationChoiceField, organisation_label
from corridor.orgs.models import Organisation
from corridor.orgs.queries import directory, postings_visible_to
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory

pytestmark = pytest.mark.django_db


class RowForm(forms.Form):
    organisation = OrganisationChoiceField(queryset=Organisation.objects.all())
    note = forms.CharField(required=False)


Rows = forms.formset_factory(RowForm, formset=SharedChoicesFormSet, extra=0)
PlainRows = forms.formset_factory(RowForm, extra=0)


def render_queries(formset_class, n_rows: int) -> int:
    formset = formset_class(initial=[{"note": str(i)} for i in range(n_rows)])
    with CaptureQueriesContext(connection) as ctx:
        html = formset.as_div() + formset.empty_form.as_div()
    assert html.count("<select") == n_rows + 1
    return len(ctx.captured_queries)


def test_rows_share_one_query_however_many_rows(personas):
    one, ten = render_queries(Rows, 1), render_queries(Rows, 10)
    assert one == ten == 1
    # the independent measure: without sharing, every row (and the empty row) queries
    assert render_queries(PlainRows, 10) == 11


def test_every_row_lists_every_organisation_with_its_label(personas):
    formset = Rows(initial=[{}, {}])
    for form in [*formset.forms, formset.empty_form]:
        html = str(form["organisation"])
        for org in Organisation.objects.all():
            assert f'value="{org.pk}"' in html
            assert organisation_label(org).split(" — ")[0] in html


def test_validation_still_uses_the_queryset(personas):
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-organisation": str(personas.org_a.pk),
        "form-1-organisation": "999999",
    }
    formset = Rows(data)
    assert not formset.is_valid()
    assert formset.forms[0].cleaned_data["organisation"] == personas.org_a
    assert "organisation" in formset.forms[1].errors


def test_label_names_the_kind_in_the_active_language(personas):
    from django.utils import translation

    with translation.override("en"):
        assert organisation_label(personas.org_a) == (
            f"{personas.org_a.name} — {personas.org_a.country.name} · {personas.org_a.get_kind_display()}"
        )
    with translation.override("ms"):
        assert organisation_label(personas.org_a).endswith(str(personas.org_a.get_kind_display()))


def test_member_sees_own_drafts_once_without_distinct(personas):
    draft = OrganisationFactory(
        name="Alpha Draft Arm", status=OrgStatus.DRAFT, country=personas.org_a.country
    )
    MembershipFactory(organisation=draft, user=personas.alice)
    PostingFactory(organisation=draft, status=PostingStatus.DRAFT, title="Draft arm request")
    orgs = Organisation.objects.visible_to(personas.alice)
    assert "DISTINCT" not in str(orgs.query)
    names = [o.name for o in orgs]
    assert sorted(names) == sorted({*names})
    assert "Alpha Draft Arm" in names
    assert "Alpha Draft Arm" not in [o.name for o in Organisation.objects.visible_to(personas.bob)]
    listed = list(directory(user=personas.alice))
    assert len(listed) == len({o.pk for o in listed})

    postings = postings_visible_to(personas.alice)
    assert "DISTINCT" not in str(postings.query)
    titles = [p.title for p in postings]
    assert len(titles) == len(set(titles))
    assert {"Draft arm request", personas.draft_a.title} <= set(titles)
    hidden = {p.title for p in postings_visible_to(personas.bob)}
    assert "Draft arm request" not in hidden and personas.draft_a.title not in hidden


def test_picker_options_are_the_labels_django_would_build(personas):
    from django.utils import translation

    for language in ("en", "ms"):
        with translation.override(language):
            field = OrganisationChoiceField(queryset=Organisation.objects.order_by("name"))
            ours = list(field.choices)[1:]
            # the independent build: one model instance per option, as Django's iterator does
            expected = [(o.pk, organisation_label(o)) for o in Organisation.objects.order_by("name")]
            assert [(int(str(v)), str(label)) for v, label in ours] == expected
            assert ours  # the demo personas' organisations are there


def test_picker_values_follow_to_field_name(personas):
    field = OrganisationChoiceField(queryset=Organisation.objects.order_by("slug"), to_field_name="slug")
    values = [v for v, _label in field.choices][1:]
    assert values == list(Organisation.objects.order_by("slug").values_list("slug", flat=True))
    html = str(forms.Select(choices=field.choices).render("org", personas.org_a.slug))
    assert f'value="{personas.org_a.slug}" selected' in html
    assert field.clean(personas.org_a.slug) == personas.org_a


def test_picker_choices_take_one_query(personas):
    field = OrganisationChoiceField(queryset=Organisation.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        options = list(iter(field.choices))
    assert len(ctx.captured_queries) == 1
    assert len(options) == Organisation.objects.count() + 1
