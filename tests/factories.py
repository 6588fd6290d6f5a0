"""factory_boy factories shared by the suite."""

import datetime as dt

import factory
from django.utils import timezone

from corridor.core.models import Country, Sector, User
from corridor.orgs.enums import (
    TRUSTED_KINDS,
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    VerificationStatus,
)
from corridor.orgs.models import Membership, Organisation, Posting

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    country = factory.LazyFunction(lambda: Country.objects.get(code="MY"))
    kind = OrgKind.COMPANY
    status = OrgStatus.PUBLISHED
    description = "A test organisation."
    # Agencies, hubs, universities and investors made by tests are verified by the secretariat
    # (tests of unverified ones pass verification_status explicitly).
    verification_status = factory.LazyAttribute(
        lambda o: VerificationStatus.VERIFIED if o.kind in TRUSTED_KINDS else VerificationStatus.UNVERIFIED
    )

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.sectors.set(extracted or [Sector.objects.get(slug="fintech")])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.ADMIN


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    organisation = factory.SubFactory(OrganisationFactory)
    type = PostingType.OFFER
    kind = PostingKind.SERVICE
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="logistics"))
    title = factory.Sequence(lambda n: f"Posting {n}")
    description = "Cold-chain logistics between Mombasa and Port Klang."
    status = PostingStatus.PUBLISHED
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
