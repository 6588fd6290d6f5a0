from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from corridor.core.models import Sector

from .enums import (
    MemberRole,
    OrgKind,
    OrgStatus,
    PostingKind,
    PostingStatus,
    PostingType,
    SizeBand,
    VerificationStatus,
)
from .models import Organisation, Posting


class PostingSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target_country = serializers.CharField(source="target_country_id", read_only=True, allow_null=True)
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "organisation",
            "type",
            "kind",
            "sector",
            "title",
            "description",
            "target_country",
            "valid_until",
            "status",
            "is_expired",
            "created_at",
            "updated_at",
        ]


class PostingWriteSerializer(serializers.Serializer):
    """Input shape for creating/updating a posting; rules live in the service."""

    organisation = serializers.SlugField(
        required=False, help_text=_("Slug of your organisation (on create).")
    )
    type = serializers.ChoiceField(choices=PostingType.choices, required=False)
    kind = serializers.ChoiceField(choices=PostingKind.choices, required=False)
    sector = serializers.CharField(required=False, help_text=_("Sector slug."))
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    target_country = serializers.CharField(max_length=2, required=False, allow_blank=True, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=PostingStatus.choices, required=False)


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    logo = serializers.ImageField(read_only=True, use_url=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "country",
            "kind",
            "registration_number",
            "sectors",
            "size_band",
            "founded_year",
            "city",
            "website",
            "description",
            "logo",
            "status",
            "is_fictional",
            "verification_status",
            "verified_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["verification_status", "verified_at", "version"]


class OrganisationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    country = serializers.CharField(max_length=2, required=False, help_text=_("ISO 3166-1 alpha-2 code."))
    kind = serializers.ChoiceField(choices=OrgKind.choices, required=False)
    registration_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    sectors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("Sector slugs.")
    )
    size_band = serializers.ChoiceField(choices=SizeBand.choices, required=False, allow_blank=True)
    founded_year = serializers.IntegerField(required=False, allow_null=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    logo = serializers.FileField(required=False)
    status = serializers.ChoiceField(choices=OrgStatus.choices, required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version you read; if someone saved since, the answer is 409 and nothing changes."),
    )


class VerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VerificationStatus.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DisputeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=[MemberRole.ADMIN, MemberRole.MEMBER], default=MemberRole.MEMBER)


class SectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Sector
        fields = ["slug", "name", "description", "parent"]
