"""The submit button stays disabled, with the reason beside it, while the checklist fails."""

import re

import pytest
from django.urls import reverse

from corridor.grants import services

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _button(html: str) -> str:
    return re.search(r'<button id="submit-proposal"[^>]*>', html).group(0)


def test_submit_disabled_until_the_checklist_passes(personas, login, draft):
    c = login(personas.alice)
    html = c.get(draft.get_absolute_url()).content.decode()
    button = _button(html)
    assert "disabled" in button and 'aria-describedby="submit-blockers"' in button
    assert 'id="submit-blockers"' in html and "Missing required document: Project plan." in html
    # the server refuses too: a forced POST leaves it a draft
    c.post(reverse("grants:proposal_action", args=[draft.pk, "submit"]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    services.add_attachment(by=personas.alice, proposal=draft, kind="Project plan", file=pdf())
    assert "disabled" not in _button(c.get(draft.get_absolute_url()).content.decode())
