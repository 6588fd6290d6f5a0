"""A bounded schemathesis run over the ventures endpoints only: no request, however odd, may make
them answer with a server error (5xx). Sent as alice (owner of a party) with a venture and a
pledge in the database, so detail and action endpoints reach the services."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup

from corridor.wsgi import application

MAX_EXAMPLES = 8


@pytest.fixture
def keep_test_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
def test_ventures_api_never_answers_5xx(personas, settings, keep_test_connection, make_venture, rates):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    make_venture(stage="mou")
    token, _ = Token.objects.get_or_create(user=personas.alice)
    auth = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/ventures/"):
            continue
        operations += 1
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @hypothesis_settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(headers=auth)
                try:
                    case.validate_response(response, checks=[not_a_server_error], headers=auth)
                except FailureGroup as exc:
                    failures.append(
                        f"{case.method} {case.formatted_path} body={case.body!r}: {response.status_code}\n{exc}"
                    )

            try:
                run()
            except Unsatisfiable:
                pass
    assert operations >= 8
    assert not failures, "server errors:\n\n" + "\n\n".join(failures[:5])
