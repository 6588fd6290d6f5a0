"""Services: hosts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.audit import acting_as
from corridor.core.errors import fields_invalid
from corridor.core.runs import RunStatus
from corridor.orgs.enums import OrgKind

from .. import access
from ..enums import (
    HostOffer,
)
from ..models import (
    Cohort,
    HostPlace,
)
from ._common import _sectors

# ---- hosts ----


def join_cohort(
    *, by, cohort: Cohort, organisation, places: int, city: str = "", focus_sectors=(), offers=()
) -> HostPlace:
    """A tech hub (its admins, or the secretariat) offers places in a cohort."""
    if not access.can_act_for(by, organisation):
        raise access.NotFound
    errors = {}
    if organisation.kind != OrgKind.TECH_HUB:
        errors["organisation"] = _("Only tech hubs can host startups.")
    elif not access.has_conferred_rights(organisation, OrgKind.TECH_HUB):
        errors["organisation"] = _(
            "%(o)s is not verified by the secretariat yet, so it cannot host startups."
        ) % {"o": organisation.name}
    elif organisation.country_id not in cohort.programme.host_countries():
        errors["organisation"] = _("This programme places startups with hubs in %(c)s.") % {
            "c": ", ".join(sorted(cohort.programme.host_countries()))
        }
    if HostPlace.objects.filter(cohort=cohort, organisation=organisation).exists():
        errors["organisation"] = _("%(o)s already hosts in this cohort.") % {"o": organisation.name}
    if not isinstance(places, int) or places < 1:
        errors["places"] = _("Offer at least one place.")
    bad = [o for o in offers if o not in HostOffer.values]
    if bad:
        errors["offers"] = _("Unknown offer %(o)s.") % {"o": bad[0]}
    if cohort.runs.filter(status=RunStatus.DONE).exists():
        errors["cohort"] = _("Placement has already run for this cohort.")
    sectors = _sectors(focus_sectors)
    if errors:
        raise fields_invalid(errors)
    with transaction.atomic(), acting_as(by):
        host = HostPlace.objects.create(
            cohort=cohort,
            organisation=organisation,
            places=places,
            city=city or organisation.city,
            offers=list(offers),
        )
        host.focus_sectors.set(sectors)
    return host
