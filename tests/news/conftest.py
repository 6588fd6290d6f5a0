from datetime import timedelta

import pytest
from django.utils import timezone

from corridor.news import services
from corridor.news.enums import CommentStatus, PostStatus
from corridor.news.models import Comment


@pytest.fixture
def make_post(personas):
    def _make(title="Framework agreement signed", **kwargs):
        data = {
            "title": title,
            "summary": "Malaysia and Kenya sign a digital trade framework.",
            "body": "Read **more** at [the source](https://www.miti.gov.my/).",
            "status": PostStatus.PUBLISHED,
            "tags": "trade, agreements",
        }
        data.update(kwargs)
        return services.create_announcement(by=personas.secretariat, **data)

    return _make


@pytest.fixture
def post(make_post):
    return make_post()


@pytest.fixture
def trusted(personas, post):
    """Carol, an old account with an approved comment: post-moderated."""
    carol = personas.carol
    carol.date_joined = timezone.now() - timedelta(days=30)
    carol.save(update_fields=["date_joined"])
    Comment.objects.create(
        announcement=post, author=carol, body="Earlier comment", status=CommentStatus.VISIBLE
    )
    return carol
