"""Shared helpers for the browser journeys.

Playwright's sync API runs an event loop in the test thread, so Django refuses ORM calls there
(and forcing them with DJANGO_ALLOW_ASYNC_UNSAFE leaves a connection open in another context that
later blocks dropping the PostgreSQL test database). Journeys therefore create their data in a
fixture that runs before the browser starts, and read the database afterwards through
``in_fresh_thread``: a new thread whose connections are closed when it is done.
"""

from concurrent.futures import ThreadPoolExecutor


def in_fresh_thread(fn, *args, **kwargs):
    from django.db import connections

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
