"""The talent demo seeds the professional persona, jobs at the members' organisations, idempotently."""

from io import StringIO

from corridor.talent.demo import seed
from corridor.talent.models import Job, ProfessionalProfile
from tests.factories import UserFactory


def test_seed_is_idempotent_and_gives_the_professional_a_profile(personas, ke):
    pro = UserFactory(email="professional@corridor.demo", full_name="Pendo Professional")
    users = {
        "professional@corridor.demo": pro,
        "member.a@corridor.demo": personas.alice,
        "member.b@corridor.demo": personas.bob,
    }
    seed(users=users, stdout=StringIO())
    counts = (ProfessionalProfile.objects.count(), Job.objects.count())
    seed(users=users, stdout=StringIO())
    assert (ProfessionalProfile.objects.count(), Job.objects.count()) == counts
    profile = ProfessionalProfile.objects.get(user=pro)
    assert profile.is_fictional and profile.qualifications.get().framework == "KNQF"
    assert Job.objects.filter(organisation=personas.org_a).count() == 2
    assert Job.objects.filter(is_fictional=False).count() == 0
