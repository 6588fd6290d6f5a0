"""Reads the portal's pages need."""

from __future__ import annotations

from django.db.models import Count

from corridor.news import queries as news_queries
from corridor.orgs import queries as org_queries
from corridor.orgs.models import Organisation
from corridor.orgs.recommendations import recommendations_for


def home_figures() -> dict:
    published = Organisation.objects.published()
    stats = {
        "organisations": published.count(),
        "offers": org_queries.current_postings().filter(type="offer").count(),
        "requests": org_queries.current_postings().filter(type="request").count(),
    }
    by_country = {
        row["country_id"]: row["n"]
        for row in published.order_by().values("country_id").annotate(n=Count("id"))
    }
    return {
        "stats": stats,
        "by_country": by_country,
        "latest_announcements": list(news_queries.latest_announcements(limit=3)),
    }


def dashboard_organisations(user) -> list:
    """The user's organisations, each with its five best partner recommendations."""
    orgs = list(org_queries.organisations_of(user))
    for org in orgs:
        org.top_partners = list(recommendations_for(organisation=org, user=user)[:5])
    return orgs
