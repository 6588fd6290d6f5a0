from rest_framework import serializers

from .models import Conversation, Message, Report

MAX_ID = 2**63 - 1


class MessagingPartySerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    organisation = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()

    def get_kind(self, party) -> str:
        return "organisation" if party.organisation_id else "person"

    def get_organisation(self, party) -> str | None:
        return party.organisation.slug if party.organisation_id else None

    def get_country(self, party) -> str | None:
        return party.organisation.country_id if party.organisation_id else None


class MessagingConversationSerializer(serializers.ModelSerializer):
    """A conversation as one side sees it: ``me`` is the side the caller writes for."""

    me = serializers.SerializerMethodField()
    other = serializers.SerializerMethodField()
    unread = serializers.IntegerField(read_only=True, default=0)
    blocked = serializers.SerializerMethodField(help_text="none, by_me or by_other")
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    origin = serializers.CharField(read_only=True, help_text="profile, recommendation, meeting, job or event")

    class Meta:
        model = Conversation
        fields = [
            "id",
            "me",
            "other",
            "origin",
            "origin_label",
            "unread",
            "blocked",
            "last_message_at",
            "url",
        ]
        read_only_fields = fields

    def _sides(self, conversation):
        mine = self.context["party_of"](conversation)
        other = next(p for p in conversation.parties.all() if p.pk != mine.pk)
        return mine, other

    def get_me(self, conversation) -> dict:
        return MessagingPartySerializer(self._sides(conversation)[0]).data

    def get_other(self, conversation) -> dict:
        return MessagingPartySerializer(self._sides(conversation)[1]).data

    def get_blocked(self, conversation) -> str:
        mine, other = self._sides(conversation)
        if mine.blocked_at:
            return "by_me"
        return "by_other" if other.blocked_at else "none"


class MessagingMessageSerializer(serializers.ModelSerializer):
    mine = serializers.SerializerMethodField()
    sender = serializers.CharField(source="sender_party.name", read_only=True)
    author_name = serializers.SerializerMethodField()
    origin = serializers.CharField(read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation",
            "mine",
            "sender",
            "author_name",
            "body",
            "origin",
            "origin_label",
            "created_at",
        ]
        read_only_fields = fields

    def get_mine(self, message) -> bool:
        return message.sender_party_id == self.context["party"].pk

    def get_author_name(self, message) -> str:
        return message.author.full_name if message.author_id else ""


class MessagingStartSerializer(serializers.Serializer):
    to = serializers.CharField(
        max_length=120, required=False, allow_blank=True, help_text="org:<slug> or user:<id> (with event)"
    )
    about = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="profile, recommendation, meeting, job or event",
    )
    about_id = serializers.IntegerField(
        max_value=MAX_ID, required=False, allow_null=True, min_value=1, help_text="job or meeting request id"
    )
    event = serializers.SlugField(required=False, allow_blank=True)
    sender = serializers.CharField(
        max_length=120, required=False, allow_blank=True, help_text="me or org:<slug>"
    )
    body = serializers.CharField(max_length=5000)


class MessagingSendSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class MessagingMarkReadSerializer(serializers.Serializer):
    upto = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_ID)


class MessagingMarkReadResultSerializer(serializers.Serializer):
    read_upto = serializers.IntegerField()
    unread_total = serializers.IntegerField()


class MessagingUnreadSerializer(serializers.Serializer):
    unread_total = serializers.IntegerField()


class MessagingBlockSerializer(serializers.Serializer):
    on = serializers.BooleanField(default=True)


class MessagingReportWriteSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    message = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)


class MessagingReportSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open or resolved")

    class Meta:
        model = Report
        fields = [
            "id",
            "conversation",
            "reported_party_name",
            "quoted",
            "reason",
            "status",
            "resolution",
            "created_at",
        ]
        read_only_fields = fields


class MessagingResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=500)
