from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingStatus(models.TextChoices):
    UNPLACED = "unplaced", _("Awaiting a slot")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class OutcomeKind(models.TextChoices):
    NO_FIT = "no_fit", _("No fit")
    FOLLOW_UP = "follow_up", _("Follow-up planned")
    MOU = "mou", _("MoU signed")
    DEAL_SIGNED = "deal_signed", _("Deal signed")
    JV_PROPOSED = "jv_proposed", _("Joint venture proposed")


class RunMode(models.TextChoices):
    INCREMENTAL = "incremental", _("Incremental (confirmed meetings stay where they are)")
    FULL = "full", _("Full re-run (confirmed meetings may move)")


class Priority(models.IntegerChoices):
    LOW = 1, _("Nice to meet")
    NORMAL = 2, _("Want to meet")
    HIGH = 3, _("Must meet")


#: Why an accepted request has no place, as the engine names it.
UNPLACED_REASONS = {
    "no_common_slot": _("The two participants share no available slot."),
    "participant_full": _("One side is already fully booked in every common slot."),
    "tables_full": _("Every table is taken in the slots where both are free."),
    "org_pair_duplicate": _("The two organisations already meet in another meeting."),
    "no_suitable_room": _(
        "No table or room suits both: a video room is needed when either attends online, "
        "a table when both attend in person."
    ),
    "not_selected": _("Not placed yet: run the scheduler."),
}
