"""Issue 16 item 5 in the council: reporting a half-year whose figure the other country already
validated warns and needs a reason; the reason is kept and shown in the value's history."""

import pytest
from django.core.exceptions import ValidationError

from corridor.council import services
from corridor.council.models import IndicatorValue
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


def _submit(p, indicator, who="focal_ke", value=5, **kw):
    return services.submit_value(
        by=getattr(p, who),
        indicator=indicator,
        period="2026-H1",
        value=value,
        unit=indicator.unit,
        country="KE",
        **kw,
    )


def test_replacing_a_validated_figure_needs_a_reason(personas, reported):
    v1 = _submit(personas, reported)
    # A second version before validation supersedes nothing validated: no reason asked.
    v2 = _submit(personas, reported, value=6)
    services.validate_value(by=personas.focal_my, value=v2)
    with pytest.raises(ValidationError) as exc:
        _submit(personas, reported, value=7, reason="   ")
    err = exc.value.error_dict["reason"][0]
    assert err.code == "reason_required" and "already validated" in err.message
    assert IndicatorValue.objects.count() == 2
    v3 = _submit(personas, reported, value=7, reason="Late customs returns.", note="Source: KRA.")
    assert v3.version == 3 and v3.note.startswith("Late customs returns.") and "Source: KRA." in v3.note
    assert v1.pk != v3.pk


def test_page_shows_the_reason_field_only_when_needed_and_the_history_shows_it(login, personas, reported):
    ke = login(personas.focal_ke)
    url = reported.get_absolute_url()
    data = {"period": "2026-H1", "country": "KE", "value": "5", "unit": reported.unit}
    assert 'name="reason"' not in ke.get(url).content.decode()
    assert ke.post(url, data).status_code == 302
    services.validate_value(by=personas.focal_my, value=IndicatorValue.objects.get())
    page = ke.post(url, data | {"value": "8"}).content.decode()
    assert 'name="reason"' in page and "already validated" in page and "Say why" in page
    assert IndicatorValue.objects.count() == 1
    assert ke.post(url, data | {"value": "8", "reason": "Revised after audit."}).status_code == 302
    history = ke.get(url).content.decode()
    assert "Revised after audit." in history and 'name="reason"' not in history


def test_api_answers_reason_required(login, personas, reported):
    from rest_framework.test import APIClient

    _submit(personas, reported)
    services.validate_value(by=personas.focal_my, value=IndicatorValue.objects.get())
    api = APIClient()
    api.force_authenticate(personas.focal_ke)
    payload = {
        "indicator": reported.code,
        "period": "2026-H1",
        "country": "KE",
        "value": "9",
        "unit": reported.unit,
    }
    r = api.post("/api/council/values/", payload, format="json")
    assert r.status_code == 400
    assert error_codes(r) == {"reason": ["reason_required"]}
    r = api.post("/api/council/values/", payload | {"reason": "Corrected."}, format="json")
    assert r.status_code == 201
