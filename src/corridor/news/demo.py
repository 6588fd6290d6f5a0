"""News demo data: three announcements about the partnership's real events, with a few comments.

Facts restate the summit press release of 15 May 2025 ("Malaysia and Kenya Strengthen Digital
Trade Ties at Bilateral Innovation Summit"), cited in each body with the organisers' public sites.
Comments are written by demo accounts and marked as fictional.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .enums import CommentStatus, ModerationAction, PostStatus
from .models import Announcement, Comment

SOURCE = (
    "\n\n---\n\nSource: press release *Malaysia and Kenya Strengthen Digital Trade Ties at Bilateral "
    "Innovation Summit*, 15 May 2025; organisers: [MATRADE](https://www.matrade.gov.my/) and Kenya's "
    "[Ministry of ICT and Digital Economy](https://ict.go.ke/); [MDEC](https://mdec.my/)."
)

POSTS = [
    {
        "slug": "malaysia-and-kenya-sign-digital-trade-framework",
        "title": "Malaysia and Kenya sign a digital trade framework agreement",
        "summary": "Signed in Kuala Lumpur on 14 May 2025 at the Malaysia–Kenya Innovation & Digital Trade Summit.",
        "body": (
            "On **14 May 2025**, at the Malaysia–Kenya Innovation & Digital Trade Summit 2025 held at the "
            "Kuala Lumpur Convention Centre, Malaysia and Kenya signed a bilateral framework agreement to "
            "deepen collaboration in digital trade, innovation and entrepreneurship.\n\n"
            "The partnership rests on five pillars:\n\n"
            "- mutual recognition of digital standards to simplify cross-border e-commerce;\n"
            "- startup exchange programmes between Malaysian and Kenyan tech hubs;\n"
            "- joint ventures in fintech and logistics;\n"
            "- talent mobility agreements for skilled tech professionals;\n"
            "- shared data infrastructure to support AI and machine learning."
        ),
        "language": "en",
        "tags": "agreement, summit",
        "published": dt.datetime(2025, 5, 15, 9, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "majlis-perdagangan-digital-malaysia-kenya",
        "title": "Komunike bersama: Majlis Perdagangan Digital Malaysia–Kenya",
        "summary": "Sidang kemuncak 2025 berakhir dengan komitmen untuk menubuhkan majlis dan kajian dua kali setahun.",
        "body": (
            "Sidang kemuncak di Kuala Lumpur berakhir dengan komunike bersama yang komited kepada:\n\n"
            "- penubuhan **Majlis Perdagangan Digital Malaysia–Kenya** untuk memantau pelaksanaan;\n"
            "- kajian dua kali setahun dan metrik inovasi bersama;\n"
            "- geran penyelidikan bersama untuk syarikat pemula yang menangani cabaran pembangunan serantau."
        ),
        "language": "ms",
        "tags": "council, summit",
        "published": dt.datetime(2025, 5, 16, 9, 0, tzinfo=dt.UTC),
    },
    {
        "slug": "fursa-za-biashara-kenya-malaysia",
        "title": "Fursa za biashara na uwekezaji kati ya Kenya na Malaysia",
        "summary": "Mkutano wa 2025 ulionyesha fursa katika kilimo bora, benki kwa simu, elimu mtandaoni na usafirishaji.",
        "body": (
            "Mkutano wa kilele wa 2025 ulionyesha fursa za uwekezaji kwa kampuni za Malaysia katika sekta ya "
            "teknolojia ya Kenya, ikiwemo **kilimo bora**, **benki kwa simu**, **elimu mtandaoni** na "
            "**usafirishaji wa kijani**, huku kampuni changa za Kenya zikialikwa kutumia Malaysia kama lango "
            "la kuingia ASEAN."
        ),
        "language": "sw",
        "tags": "investment, summit",
        "published": dt.datetime(2025, 5, 17, 9, 0, tzinfo=dt.UTC),
    },
]

COMMENTS = [
    (
        0,
        "member.a@corridor.demo",
        "(Fictional demo comment) Looking forward to the standards work on e-invoices.",
    ),
    (
        0,
        "member.b@corridor.demo",
        "(Fictional demo comment) Which tech hubs join the startup exchange first?",
    ),
    (
        2,
        "professional@corridor.demo",
        "(Fictional demo comment) Asante! Is there a call for logistics partners?",
    ),
]


def seed(*, users, stdout) -> None:
    secretariat = users.get("secretariat@corridor.demo")
    if secretariat is None:
        return
    if Announcement.objects.filter(slug=POSTS[0]["slug"]).exists():
        stdout.write("news: demo announcements already there")
        return
    posts = []
    for item in POSTS:
        post = services.create_announcement(
            by=secretariat,
            title=item["title"],
            summary=item["summary"],
            body=item["body"] + SOURCE,
            language=item["language"],
            tags=item["tags"],
            status=PostStatus.PUBLISHED,
            publish_at=item["published"],
        )
        if post.slug != item["slug"]:
            Announcement.objects.filter(pk=post.pk).update(slug=item["slug"])
            post.slug = item["slug"]
        posts.append(post)
    for index, email, body in COMMENTS:
        user = users.get(email)
        if user is None:
            continue
        comment = Comment.objects.create(
            announcement=posts[index], author=user, body=body, status=CommentStatus.PENDING
        )
        services.moderate(comment=comment, by=secretariat, action=ModerationAction.APPROVE)
        posts[index].followers.add(user)
    stdout.write(
        f"news: {len(posts)} announcements, {Comment.objects.count()} comments ({timezone.now():%Y-%m-%d})"
    )
