"""The real URLconf plus one page and one API view that fail, to see the 500 answers."""

from django.urls import path

from corridor.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/boom/", _boom), path("boom/", _boom), *urlpatterns]
