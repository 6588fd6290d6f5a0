"""The platform's URLs plus one trivial view, ``/_bench/trivial``, for the load benchmark's
ceiling (``bench/bench_web.py``): it goes through every middleware and returns two bytes."""

from django.http import HttpResponse
from django.urls import path

from corridor.urls import *  # noqa: F403
from corridor.urls import urlpatterns as _platform


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/trivial", trivial, name="bench-trivial"), *_platform]
