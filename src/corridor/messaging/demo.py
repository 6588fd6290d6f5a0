"""Messaging demo data: two conversations between the demo accounts, marked as fictional.

Aisyah (Klang Valley Cold Chain, MY) writes to Nairobi AgriPay (KE) from her suggested partners
and Brian answers; Pendo (a Kenyan professional) writes to Klang Valley Cold Chain from its
profile, not yet answered. Brian's last message is left unread so the nav shows a count.
"""

from __future__ import annotations

from corridor.orgs.access import acting_organisation_ids
from corridor.orgs.models import Organisation

from . import services
from .enums import Origin
from .models import Conversation

TAG = "(Fictional demo message) "


def _org_of(user):
    ids = sorted(acting_organisation_ids(user))
    return Organisation.objects.filter(pk__in=ids).order_by("name").first() if ids else None


def seed(*, users, stdout) -> None:
    a = users.get("member.a@corridor.demo")
    b = users.get("member.b@corridor.demo")
    pro = users.get("professional@corridor.demo")
    if a is None or b is None:
        return
    org_a, org_b = _org_of(a), _org_of(b)
    if org_a is None or org_b is None:
        return
    if Conversation.objects.filter(started_by__in=[a, b]).exists():
        stdout.write("messaging: demo conversations already there")
        return
    first = services.start_conversation(
        by=a,
        to=f"org:{org_b.slug}",
        about=Origin.RECOMMENDATION,
        sender=f"org:{org_a.slug}",
        body=TAG + "Hello from Port Klang! We run cold-chain trucking and saw you handle merchant payments "
        "for produce exporters. Could we talk about payment on delivery for avocado shipments?",
    )
    conversation = first.conversation
    services.send_message(
        conversation=conversation,
        by=b,
        body=TAG + "Karibu! Yes, our collection API settles in KES and USD. Would a call on Thursday, "
        "14:00 Kuala Lumpur time (09:00 Nairobi), work for you?",
    )
    services.send_message(
        conversation=conversation, by=a, body=TAG + "Thursday works. I will send our volumes beforehand."
    )
    services.mark_read(conversation=conversation, by=b)
    services.send_message(conversation=conversation, by=b, body=TAG + "Great, talk on Thursday.")
    count = 1
    if pro is not None:
        services.start_conversation(
            by=pro,
            to=f"org:{org_a.slug}",
            about=Origin.PROFILE,
            body=TAG + "Habari! I am a logistics data analyst in Nairobi. Do you hire remote analysts for "
            "your Kenya routes?",
        )
        count += 1
    stdout.write(f"messaging: {count} demo conversations")
