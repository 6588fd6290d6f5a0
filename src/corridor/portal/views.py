"""The home page and the signed-in dashboard (URL names ``home`` and ``dashboard``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import queries


def home(request):
    return render(request, "portal/home.html", queries.home_figures())


@login_required
def dashboard(request):
    return render(
        request, "portal/dashboard.html", {"organisations": queries.dashboard_organisations(request.user)}
    )
