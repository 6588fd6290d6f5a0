"""Loaded by pytest before Django (``-p tests.debug_env`` in pyproject): the suite runs with
``DEBUG=1`` in the environment, as ``make test`` sets it, so settings get their laptop defaults.

Settings fail closed (``DEBUG`` is off unless the environment says otherwise); a test that needs
production settings starts a subprocess with its own environment.
"""

import os

os.environ.setdefault("DEBUG", "1")
