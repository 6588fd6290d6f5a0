"""Form rendering: Django's templates, except the ``<select>`` widget, built in Python.

Django renders every ``<option>`` through its own ``{% include %}``; a time-zone picker (about 600
zones) or a skills formset with a few hundred skills per row then costs 0.2–1 s of template work
per page. ``FastSelectRenderer`` produces the same markup as ``django/forms/widgets/select.html``
with ``select_option.html`` (attributes, option groups, escaping) directly, and falls back to the
templates for any widget that uses its own option template.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {escape(name)}")
        else:
            out.append(f' {escape(name)}="{escape(str(value))}"')
    return "".join(out)


def render_select(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(str(group_name))}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            widget = context["widget"]
            if all(o.get("template_name") == OPTION for _g, opts, _i in widget["optgroups"] for o in opts):
                # every value inside is escaped by render_select
                return mark_safe(render_select(widget))  # noqa: S308
        return super().render(template_name, context, request=request)
