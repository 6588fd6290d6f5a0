import io

import pytest

from corridor.messaging import demo, queries
from corridor.messaging.models import Conversation, Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_leaves_unread_messages(personas):
    users = {
        "member.a@corridor.demo": personas.alice,
        "member.b@corridor.demo": personas.bob,
        "professional@corridor.demo": UserFactory(email="professional@corridor.demo"),
    }
    demo.seed(users=users, stdout=io.StringIO())
    demo.seed(users=users, stdout=io.StringIO())
    assert Conversation.objects.count() == 2
    assert Message.objects.count() == 5
    assert all(m.body.startswith("(Fictional demo message)") for m in Message.objects.all())
    assert queries.unread_total(personas.alice) == 2  # Brian's last reply and Pendo's question
    assert queries.unread_total(personas.bob) == 0
