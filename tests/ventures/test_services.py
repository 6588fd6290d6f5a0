"""Venture and pledge services: validation with stable codes, origins, and pledged vs disbursed
arithmetic in several currencies (checked against core.services.to_usd)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.core.models import Country, Currency
from corridor.core.services import to_usd
from corridor.orgs.enums import MemberRole
from corridor.ventures import queries, services
from corridor.ventures.enums import OriginKind, PartyRole
from corridor.ventures.models import Pledge, Venture
from corridor.ventures.money import RateBook, pledge_totals
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import START

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_a_venture_needs_both_countries(personas, fintech):
    other_my = OrganisationFactory(name="Gamma", slug="gamma", country=personas.org_a.country)
    with pytest.raises(ValidationError) as info:
        services.create_venture(
            by=personas.alice,
            title="Two Malaysians",
            sector=fintech,
            parties=[(personas.org_a, PartyRole.LEAD), (other_my, PartyRole.PARTNER)],
            started_on=START,
        )
    assert codes(info.value) == {"parties": ["needs_both_countries"]}
    assert not Venture.objects.exists()


def test_only_those_acting_for_a_party_open_a_venture(personas, make_venture):
    for user in (personas.carol, personas.reviewer, personas.focal_my):
        with pytest.raises(PermissionDenied):
            make_venture(by=user)
    assert make_venture(by=personas.secretariat).parties.count() == 2


def test_amounts_are_checked_against_the_field(make_venture, myr):
    with pytest.raises(ValidationError) as info:
        make_venture(expected_value="1e30", expected_currency=myr)
    assert codes(info.value) == {"expected_value": ["out_of_range"]}
    with pytest.raises(ValidationError) as info:
        make_venture(committed_value="10.001", committed_currency=myr)
    assert codes(info.value) == {"committed_value": ["too_precise"]}
    with pytest.raises(ValidationError) as info:
        make_venture(committed_value="100")
    assert codes(info.value) == {"committed_currency": ["currency_missing"]}
    with pytest.raises(ValidationError) as info:
        make_venture(title="x" * 201)
    assert codes(info.value) == {"title": ["too_long"]}
    assert not Venture.objects.exists()


def _meeting_between(org_x, org_y):
    """A minimal matchmaking meeting between two organisations (read-only for ventures)."""
    import datetime as _dt

    from django.utils import timezone

    from corridor.matchmaking.models import Event, Meeting, MeetingRequest, Registration
    from tests.factories import UserFactory

    now = timezone.now()
    event = Event.objects.create(
        title="B2B test",
        slug=f"b2b-{org_x.slug}-{org_y.slug}",
        time_zone="Asia/Kuala_Lumpur",
        registration_opens_at=now - _dt.timedelta(days=3),
        registration_closes_at=now - _dt.timedelta(days=2),
        requests_close_at=now - _dt.timedelta(days=1),
        status="closed",
    )
    regs = [
        Registration.objects.create(event=event, user=UserFactory(), organisation=org)
        for org in (org_x, org_y)
    ]
    request = MeetingRequest.objects.create(
        event=event, requester=regs[0], receiver=regs[1], status="accepted"
    )
    return Meeting.objects.create(event=event, request=request, status="held")


def test_the_origin_must_involve_one_of_the_organisations(personas, make_venture):
    outsider_my = OrganisationFactory(name="Outsider MY", slug="outsider-my", country=personas.org_a.country)
    outsider_ke = OrganisationFactory(name="Outsider KE", slug="outsider-ke", country=personas.org_b.country)
    unrelated = _meeting_between(outsider_my, outsider_ke)
    with pytest.raises(ValidationError) as info:  # the secretariat sees it: it is unrelated
        make_venture(by=personas.secretariat, origin_kind=OriginKind.MEETING, origin=unrelated)
    assert codes(info.value) == {"origin_meeting": ["origin_unrelated"]}
    with pytest.raises(ValidationError) as info:  # Alice is in neither organisation: not hers to name
        make_venture(origin_kind=OriginKind.MEETING, origin=unrelated)
    assert codes(info.value) == {"origin_meeting": ["origin_not_visible"]}
    with pytest.raises(ValidationError) as info:
        make_venture(origin_kind=OriginKind.MEETING, origin=None)
    assert codes(info.value) == {"origin_meeting": ["origin_missing"]}
    ours = _meeting_between(personas.org_a, personas.org_b)
    venture = make_venture(origin_kind=OriginKind.MEETING, origin=ours)
    assert venture.origin_meeting == ours


def _pledge(personas, currency, amount, *, fintech, target="KE", on=dt.date(2025, 2, 1)):
    return services.create_pledge(
        by=personas.alice,
        organisation=personas.org_a,
        title=f"Pledge in {currency}",
        target_country=Country.objects.get(code=target),
        sector=fintech,
        amount=amount,
        currency=Currency.objects.get(code=currency),
        announced_on=on,
        source_url="https://example.org/announcement",
    )


@pytest.mark.parametrize(
    ("currency", "amount", "parts"),
    [
        ("MYR", "900000.00", [("2025-03-01", "450000.00"), ("2025-08-01", "212500.50")]),
        ("KES", "13000000", [("2025-02-15", "1300000"), ("2025-07-02", "2580000")]),
        ("USD", "250000", [("2025-05-05", "100000"), ("2025-09-09", "0.01")]),
        ("EUR", "90000", [("2025-04-01", "45000")]),
    ],
)
def test_pledged_vs_disbursed_in_several_currencies(personas, rates, fintech, currency, amount, parts):
    pledge = _pledge(personas, currency, amount, fintech=fintech)
    for day, value in parts:
        services.add_disbursement(
            by=personas.alice, pledge=pledge, amount=value, disbursed_on=dt.date.fromisoformat(day)
        )
    pledge = Pledge.objects.prefetch_related("disbursements").get(pk=pledge.pk)
    totals = pledge_totals(pledge, RateBook())
    disbursed = sum(Decimal(v) for _d, v in parts)
    assert totals["pledged"] == Decimal(amount)
    assert totals["disbursed"] == disbursed
    assert totals["remaining"] == Decimal(amount) - disbursed
    # independent check: the core's one-query-per-amount conversion, each at its own date
    assert totals["pledged_usd"] == to_usd(Decimal(amount), currency, dt.date(2025, 2, 1))
    expected = sum(to_usd(Decimal(v), currency, dt.date.fromisoformat(d)) for d, v in parts)
    assert totals["disbursed_usd"] == expected


def test_known_figures_by_hand(personas, rates, fintech):
    pledge = _pledge(personas, "MYR", "450000", fintech=fintech)
    services.add_disbursement(
        by=personas.alice, pledge=pledge, amount="45000", disbursed_on=dt.date(2025, 3, 1)
    )
    services.add_disbursement(
        by=personas.alice, pledge=pledge, amount="42500", disbursed_on=dt.date(2025, 7, 1)
    )
    ((_p, t),) = queries.with_totals(queries.pledges())
    assert t["pledged_usd"] == Decimal(100000)  # 450,000 / 4.50
    assert t["disbursed_usd"] == Decimal(20000)  # 45,000 / 4.50 + 42,500 / 4.25
    assert t["share_disbursed"] == Decimal("19.44444444444444444444444444")


def test_missing_rate_is_shown_as_unknown_not_zero(personas, fintech):
    pledge = _pledge(personas, "MYR", "1000", fintech=fintech)
    t = pledge_totals(pledge, RateBook())
    assert t["pledged_usd"] is None


def test_disbursement_rules(personas, rates, fintech):
    pledge = _pledge(personas, "KES", "1000", fintech=fintech)
    bad = [
        ({"amount": "0", "disbursed_on": dt.date(2025, 3, 1)}, {"amount": ["amount_not_positive"]}),
        ({"amount": "1001", "disbursed_on": dt.date(2025, 3, 1)}, {"amount": ["exceeds_pledge"]}),
        ({"amount": "abc", "disbursed_on": dt.date(2025, 3, 1)}, {"amount": ["not_a_number"]}),
        ({"amount": "10", "disbursed_on": dt.date(2025, 1, 1)}, {"disbursed_on": ["before_pledge"]}),
        (
            {"amount": "10", "disbursed_on": dt.date.today() + dt.timedelta(days=2)},
            {"disbursed_on": ["date_in_future"]},
        ),
    ]
    for kwargs, expected in bad:
        with pytest.raises(ValidationError) as info:
            services.add_disbursement(by=personas.alice, pledge=pledge, **kwargs)
        assert codes(info.value) == expected
    assert not pledge.disbursements.exists()
    for user in (personas.bob, personas.carol, personas.focal_ke):
        with pytest.raises(PermissionDenied):
            services.add_disbursement(by=user, pledge=pledge, amount="1", disbursed_on=dt.date(2025, 3, 1))


def test_an_admin_member_acts_for_the_pledging_organisation(personas, fintech):
    from tests.factories import UserFactory

    admin = UserFactory()
    MembershipFactory(organisation=personas.org_a, user=admin, role=MemberRole.ADMIN)
    pledge = _pledge(personas, "MYR", "10", fintech=fintech)
    services.add_disbursement(by=admin, pledge=pledge, amount="5", disbursed_on=dt.date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        services.create_pledge(
            by=personas.carol,
            organisation=personas.org_a,
            title="x",
            target_country=Country.objects.get(code="KE"),
            sector=fintech,
            amount="1",
            currency=Currency.objects.get(code="MYR"),
            announced_on=dt.date(2025, 1, 1),
        )
