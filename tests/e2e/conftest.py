"""Browser journeys share the live server; on PostgreSQL a request thread still finishing (a chart
image, say) can hold a session open after the test, which later blocks dropping the test
database. After each journey we end such stray sessions of this worker's test database."""

import time

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _end_stray_postgres_sessions():
    yield
    if connection.vendor != "postgresql":
        return
    time.sleep(0.3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
