"""Field errors and help texts are announced: every ``aria-describedby`` names an element on the page."""

from __future__ import annotations

import re

import pytest


def _dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    missing = []
    for value in re.findall(r'aria-describedby="([^"]*)"', html):
        missing += [ref for ref in value.split() if ref not in ids]
    return missing


@pytest.mark.django_db
def test_signup_errors_are_linked_to_their_inputs(client):
    r = client.post(
        "/account/signup/",
        {"email": "not-an-address", "name": "", "password": "123", "time_zone": "Africa/Nairobi"},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="[^"]*id_email_error', html)
    assert 'id="id_email_error"' in html
    assert _dangling_describedby(html) == []


@pytest.mark.django_db
def test_help_texts_are_linked(client):
    html = client.get("/account/signup/").content.decode()
    assert _dangling_describedby(html) == []
