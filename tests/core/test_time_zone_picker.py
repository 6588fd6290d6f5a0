"""The time-zone picker offers Malaysia's and Kenya's zones first and keeps every other zone."""

from __future__ import annotations

import pytest

from corridor.core.forms import SignupForm
from corridor.core.models import TIME_ZONE_CHOICES


def test_partner_zones_come_first_and_nothing_is_lost():
    field = SignupForm().fields["time_zone"]
    (first_label, first), (_all_label, rest) = field.choices
    assert [tz for tz, _ in first] == ["Asia/Kuala_Lumpur", "Asia/Kuching", "Africa/Nairobi"]
    offered = [tz for tz, _ in first] + [tz for tz, _ in rest]
    assert sorted(offered) == sorted(tz for tz, _ in TIME_ZONE_CHOICES)
    assert len(offered) == len(set(offered))
    assert field.widget.attrs["data-picker"] == "time-zone"


@pytest.mark.django_db
def test_signup_page_groups_the_zones(client):
    html = client.get("/account/signup/").content.decode()
    kl = html.index('value="Asia/Kuala_Lumpur"')
    assert kl < html.index('value="Africa/Abidjan"')
    assert "Kuala Lumpur (Malaysia)" in html and "<optgroup" in html
    assert SignupForm(
        {"full_name": "A", "email": "a@b.org", "password": "x", "time_zone": "Not/AZone"}
    ).errors["time_zone"]
