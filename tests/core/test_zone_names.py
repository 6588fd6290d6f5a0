"""Issue 16 item 9: due dates and times show a time zone's name, never an offset like "+08"."""

import datetime as dt

from django.template import Context, Template


def test_zoned_filter_names_the_zone():
    when = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    tpl = Template(
        '{% load corridor_format tz %}{% timezone "Asia/Kuala_Lumpur" %}{{ when|zoned }}{% endtimezone %}'
    )
    assert tpl.render(Context({"when": when})) == "5 Dec 2026 17:00 (Asia/Kuala_Lumpur)"
    tpl = Template(
        '{% load corridor_format tz %}{% timezone "Africa/Nairobi" %}{{ when|zoned }}{% endtimezone %}'
    )
    assert tpl.render(Context({"when": when})) == "5 Dec 2026 12:00 (Africa/Nairobi)"
    assert Template("{% load corridor_format %}{{ none|zoned }}").render(Context({"none": None})) == ""
