"""The fast <select> renderer produces byte-for-byte what Django's templates produce."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.core.form_renderer import FastSelectRenderer

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
choices = st.lists(st.tuples(text, text), max_size=6, unique_by=lambda c: c[0])
grouped = st.lists(st.tuples(text, choices), max_size=3)


def both(widget, name, value, attrs=None):
    ref = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    ours = widget.render(name, value, attrs=attrs, renderer=FastSelectRenderer())
    return ref, ours


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    choices,
    grouped,
    text,
    st.booleans(),
    st.booleans(),
    st.dictionaries(st.sampled_from(["class", "data-x", "title"]), text),
)
def test_same_markup_as_django(flat, groups, name, multiple, required, attrs):
    all_choices = flat + [(g, c) for g, c in groups if c]
    widget = (forms.SelectMultiple if multiple else forms.Select)(choices=all_choices, attrs=attrs)
    widget.is_required = required
    values = [c[0] for c in flat[:2]]
    ref, ours = both(
        widget,
        name,
        values if multiple else (values[0] if values else None),
        attrs={"id": "id_x", "required": required},
    )
    assert ours == ref


def test_safe_labels_and_boolean_attributes():
    widget = forms.Select(
        choices=[("a", mark_safe("<b>A</b>")), ("b", "<i>B</i>"), ("", "---")],
        attrs={"disabled": True, "hidden": False},
    )
    ref, ours = both(widget, "f", "b")
    assert ours == ref
    assert (
        "&lt;i&gt;B&lt;/i&gt;" in ours and "<b>A</b>" in ours and " disabled" in ours and "hidden" not in ours
    )


def test_custom_option_templates_fall_back_to_templates():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=[("a", "A")])
    ref, ours = both(widget, "f", "a")
    assert ours == ref
