"""Conversations between two parties (an organisation or a person each), their messages, read
marks, e-mail preferences and reports to the secretariat."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import EmailMode, Origin, ReportStatus


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Conversation(Timestamped):
    """One thread per pair of parties: writing again from another page continues the same
    thread, each message keeping where it was written from."""

    pair_key = models.CharField(_("pair"), max_length=60, unique=True, editable=False)
    event = models.ForeignKey(
        "matchmaking.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("event"),
    )
    origin = models.CharField(_("started from"), max_length=20, choices=Origin.choices)
    origin_label = models.CharField(_("about"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:thread", args=[self.pk])


class Party(Timestamped):
    """One side of a conversation: an organisation (its owners and admins read and write) or a
    person."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("conversation")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    blocked_at = models.DateTimeField(_("blocked the other side"), null=True, blank=True)

    class Meta:
        ordering = ["conversation", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(user__isnull=True))
                | (Q(organisation__isnull=True) & Q(user__isnull=False)),
                name="messaging_party_is_org_or_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.user.full_name or self.user.email


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    sender_party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="sent", verbose_name=_("from")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("message"), max_length=5000)
    origin = models.CharField(_("written from"), max_length=20, choices=Origin.choices)
    origin_label = models.CharField(_("about"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")

    def __str__(self) -> str:
        return f"message {self.pk}"


class ReadMark(models.Model):
    """The last message a person has read in a conversation (ids grow, so "unread" is every
    message of the other side with a larger id)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["conversation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="messaging_one_mark_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.conversation_id} up to {self.last_read_id}"


class Preference(Timestamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messaging_preference"
    )
    email_mode = models.CharField(
        _("e-mail me about new messages"), max_length=10, choices=EmailMode.choices, default=EmailMode.EACH
    )
    digest_upto_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["user"]
        verbose_name = _("messaging preference")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_mode}"


class Report(Timestamped):
    """A participant reports a conversation (or one message of the other side) to the
    secretariat, which sees the quoted message, not the rest of the conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="reports", verbose_name=_("conversation")
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("message")
    )
    quoted = models.TextField(_("reported text"), blank=True)
    reported_party_name = models.CharField(_("reported"), max_length=200)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reporter")
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")

    def __str__(self) -> str:
        return f"report {self.pk} on {self.conversation_id}"

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN
