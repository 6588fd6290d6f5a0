"""Django's JSON serializer, but times keep their microseconds.

``dumpdata --format json`` cuts times to milliseconds (``DjangoJSONEncoder``), so a backup would
restore ``08:28:04.000400`` as ``08:28:04``. ``corridor backup`` writes with this format
(registered as ``exact-json`` in ``SERIALIZATION_MODULES``); the standard JSON deserializer reads
it back, microseconds included.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer
