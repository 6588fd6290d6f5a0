import io

import pytest

from corridor.news import demo
from corridor.news.models import Announcement, Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(personas):
    users = {
        "secretariat@corridor.demo": personas.secretariat,
        "member.a@corridor.demo": personas.alice,
        "member.b@corridor.demo": personas.bob,
        "professional@corridor.demo": UserFactory(email="professional@corridor.demo"),
    }
    demo.seed(users=users, stdout=io.StringIO())
    demo.seed(users=users, stdout=io.StringIO())
    assert sorted(Announcement.objects.values_list("language", flat=True)) == ["en", "ms", "sw"]
    assert all(a.is_live for a in Announcement.objects.all())
    assert Comment.objects.filter(status="visible").count() == 3
    assert "https://www.matrade.gov.my/" in Announcement.objects.get(language="en").body
