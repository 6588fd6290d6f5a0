from rest_framework import serializers

from .models import ApiToken, Country, Sector, User


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "alpha3", "numeric", "name", "currency_code", "time_zone", "is_partner"]


class SectorSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Sector
        fields = ["slug", "name", "description", "parent"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    # Not the model's choices: they list the regional zones only, and "UTC" (the default) is not one.
    time_zone = serializers.CharField(
        read_only=True, help_text="IANA time zone, e.g. Asia/Kuala_Lumpur or UTC"
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "country", "language", "time_zone", "email_verified_at", "roles"]

    def get_roles(self, user) -> list[str]:
        return sorted({f"{r.role}:{r.country_id}" if r.country_id else r.role for r in user.roles.all()})


class BackgroundRunSerializer(serializers.ModelSerializer):
    """One API shape for every background run; subclasses set ``Meta.model`` and may add fields:

    class Meta(BackgroundRunSerializer.Meta):
        model = ScheduleRun
        fields = [*BackgroundRunSerializer.Meta.fields, "placed"]
    """

    class Meta:
        model = None
        fields = ["id", "status", "progress", "message", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: send it as `Authorization: Token <key>`; shown once.")
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "current"]

    def get_current(self, token) -> bool:
        request = self.context.get("request")
        return getattr(getattr(request, "auth", None), "pk", None) == token.pk
