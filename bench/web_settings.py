"""Settings for the web load benchmark (``bench/bench_web.py``) only: the production settings
(``DEBUG=0``, secrets from the environment, manifest static files, Redis cache) with the
documented changes a loopback load test needs.

* A trivial view (``bench/web_urls.py``) measures the ceiling of the stack: the same gunicorn,
  middleware and database connection settings as every page, and no work.
* Session and CSRF cookies are not marked ``Secure``: the load generator talks plain HTTP on
  loopback (no TLS terminator), and a cookie jar never sends ``Secure`` cookies over HTTP.
* API throttle rates are raised: every simulated client shares one loopback address, so the
  anonymous budget (120/min per address) would answer 429 to most of the load. Throttling stays
  switched on (its cache look-ups are part of every API request); only the budget is larger.
* The per-person message budget is raised: the load's writes include replies at a fixed pace.
* Logging goes to stderr at ``WARNING`` (the default), so server errors show in the bench log.
"""

from corridor.settings import *  # noqa: F403
from corridor.settings import REST_FRAMEWORK

ROOT_URLCONF = "web_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min", "auth-token": "1000/min"},
}
MESSAGING_RATE_COUNT = 1_000_000
