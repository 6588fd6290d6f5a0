"""A bounded schemathesis run over the whole OpenAPI schema, as every persona: no request, however
odd, may make the API answer with a server error (5xx), and every answer must match the schema.

The schema is loaded from the running WSGI application. Every operation gets a few generated cases
in each mode (positive and negative data); every case is sent once as each permission persona of
``tests.matrix.PERSONAS``: anonymous (no credentials), alice (owner of organisation A), carol (a
plain member of A), bob (owner of B), the reviewer, the focal points of Malaysia and Kenya and the
secretariat, each with their own API token. Two checks: ``not_a_server_error`` and
``response_schema_conformance`` (the body of a documented status matches its schema).

The run is bounded by examples (``CORRIDOR_FUZZ_EXAMPLES`` per operation and mode, default 1,
derandomised), never by wall-clock time, so a busy machine makes it slower but not red.
``bench/bench_fuzz.py`` runs the same test with more examples and reads the counts it writes to
``CORRIDOR_FUZZ_REPORT``. Throttling is switched off for the run (it would turn later cases into
429s); when a case revokes a persona's token (``DELETE /api/auth/token/`` or
``/api/auth/tokens/{id}/``) that persona gets a fresh one so later cases stay authenticated.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup

from corridor.core.throttling import WindowMixin
from corridor.wsgi import application
from tests.matrix import PERSONAS
from tests.tokens import key_for

MAX_EXAMPLES = int(os.environ.get("CORRIDOR_FUZZ_EXAMPLES", "1"))
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose close_old_connections
    would close the connection holding the test transaction (PostgreSQL). Django's test client
    disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _failed(case, response, check, headers) -> str | None:
    try:
        case.validate_response(response, checks=[check], headers=headers)
    except FailureGroup as exc:
        return str(exc)
    return None


@pytest.mark.slow
@pytest.mark.django_db
def test_api_never_answers_5xx_and_matches_its_schema(personas, monkeypatch, keep_test_connection):
    """Fuzz every API operation as every persona (positive and negative data): no 5xx, no answer
    that contradicts the schema."""
    monkeypatch.setattr(WindowMixin, "allow_request", lambda self, request, view: True)
    users = {who: getattr(personas, who) for who in PERSONAS if who != "anonymous"}
    auth = {who: {"Authorization": f"Token {key_for(user)}"} for who, user in users.items()}
    auth["anonymous"] = {}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

    sent: dict[str, set[str]] = {}
    server_errors: list[str] = []
    schema_violations: list[str] = []
    unsatisfiable: list[str] = []
    operations = 0
    cases = 0
    requests = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:
            strategy = operation.as_strategy(generation_mode=mode)

            @hypothesis_settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case):
                nonlocal cases, requests
                cases += 1
                for who in PERSONAS:
                    requests += 1
                    sent.setdefault(operation.label, set()).add(who)
                    response = case.call(headers=auth[who])
                    if case.method == "DELETE" and "/api/auth/token" in case.path and who in users:
                        auth[who] = {"Authorization": f"Token {key_for(users[who])}"}
                    where = (
                        f"{case.method} {case.formatted_path} as {who} query={case.query} "
                        f"body={case.body!r}: {response.status_code}"
                    )
                    if error := _failed(case, response, not_a_server_error, auth[who]):
                        server_errors.append(f"{where}\n{error}")
                    elif error := _failed(case, response, response_schema_conformance, auth[who]):
                        schema_violations.append(f"{where}\n{error}")

            try:
                run()
            except Unsatisfiable:
                # e.g. negative data for a path parameter whose pattern cannot be violated in a URL
                unsatisfiable.append(f"{operation.label} ({mode.value})")

    report = {
        "operations": operations,
        "personas": len(PERSONAS),
        "cases": cases,
        "requests": requests,
        "server_errors": len(server_errors),
        "schema_violations": len(schema_violations),
        "unsatisfiable": unsatisfiable,
        "failures": server_errors + schema_violations,
    }
    if path := os.environ.get("CORRIDOR_FUZZ_REPORT"):
        with open(path, "w") as fh:
            json.dump(report, fh, indent=1)
    print(
        f"{operations} operations x {len(PERSONAS)} personas, {cases} cases, {requests} requests, "
        f"no data for: {unsatisfiable}"
    )
    assert operations >= 10, f"only {operations} operations in the schema"
    assert cases >= operations, (cases, operations)
    assert len(sent) == operations, f"operations never called: {operations - len(sent)}"
    assert all(who_ == set(PERSONAS) for who_ in sent.values()), "an operation missed a persona"
    assert len(unsatisfiable) <= operations // 2
    assert not server_errors, "server errors:\n\n" + "\n\n".join(server_errors[:10])
    assert not schema_violations, "schema violations:\n\n" + "\n\n".join(schema_violations[:10])
