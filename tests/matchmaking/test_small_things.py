"""Issue 16 item 9 in matchmaking: after sending a request "My requests" opens on Sent; the
requests and agenda pages say when accepted meetings are scheduled; the schedule page explains
"Upper bound" and "First-come baseline"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from corridor.matchmaking import scheduling, services

pytestmark = pytest.mark.django_db


def url(name, event, *args):
    return reverse(f"matchmaking:{name}", args=[event.slug, *args])


def test_my_requests_opens_on_sent_right_after_sending(login, personas, regs, event):
    r = login(personas.alice).post(
        url("request_create", event, regs.bob.pk), {"message": "Hello", "priority": 2}, follow=True
    )
    page = r.content.decode()
    assert r.redirect_chain[-1][0].endswith("?box=sent")
    assert 'href="?box=sent" aria-current="page"' in page


def test_requests_and_agenda_say_when_meetings_are_scheduled(
    login, personas, regs, event, django_capture_on_commit_callbacks
):
    c = login(personas.alice)
    for name in ("requests", "agenda"):
        page = c.get(url(name, event)).content.decode()
        assert 'id="when-scheduled"' in page and "after meeting requests close on" in page, name
        assert "(Asia/Kuala_Lumpur)" in page, name
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.accept_request(request=req, by=personas.bob)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule(event=event, by=personas.secretariat)
    assert "The schedule last ran on" in c.get(url("agenda", event)).content.decode()


def test_schedule_page_explains_upper_bound_and_first_come_baseline(
    login, personas, regs, event, django_capture_on_commit_callbacks
):
    req = services.send_request(event=event, by=personas.alice, receiver=regs.bob)
    services.accept_request(request=req, by=personas.bob)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule(event=event, by=personas.secretariat)
    page = login(personas.secretariat).get(url("schedule", event)).content.decode()
    help_text = page.split('id="bound-help"')[1].split("</p>")[0]
    assert "Upper bound: no schedule can place more meetings" in help_text
    assert "First-come baseline:" in help_text
