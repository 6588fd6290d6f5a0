"""A NUL character anywhere in a JSON body answers 400 before it can reach PostgreSQL."""

import json

import pytest


@pytest.mark.django_db
def test_nul_in_json_body_is_400(client):
    r = client.post(
        "/api/talent/jobs/",
        data=json.dumps({"skills": [{"skill": "\u0000x"}]}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "null_character"
    r = client.post("/api/talent/jobs/", data=json.dumps({"title": "ok"}), content_type="application/json")
    assert r.status_code in (401, 403)
