from decimal import Decimal

from rest_framework import serializers

from .enums import OriginKind, PartyRole, Stage
from .models import ContextFigure, Disbursement, Pledge, StageTransition, Venture, VentureParty

STAGE_HELP = "idea, mou, term_sheet, signed, operating or dissolved"


class PartySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="organisation.country_id", read_only=True)
    role = serializers.CharField(read_only=True, help_text="lead, partner or investor")

    class Meta:
        model = VentureParty
        fields = ["organisation", "country", "role"]


class TransitionSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(read_only=True)
    to_stage = serializers.CharField(read_only=True)

    class Meta:
        model = StageTransition
        fields = ["id", "from_stage", "to_stage", "on", "note"]


class VentureSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    stage = serializers.CharField(read_only=True, help_text=STAGE_HELP)
    origin_kind = serializers.CharField(read_only=True)

    class Meta:
        model = Venture
        fields = [
            "id",
            "title",
            "summary",
            "sector",
            "stage",
            "stage_since",
            "started_on",
            "is_confidential",
            "expected_value",
            "expected_currency",
            "committed_value",
            "committed_currency",
            "committed_on",
            "origin_kind",
            "origin_meeting",
            "origin_award",
            "origin_placement",
            "origin_recommendation",
            "is_fictional",
            "parties",
        ]


class PartyWriteSerializer(serializers.Serializer):
    organisation = serializers.SlugField()
    role = serializers.CharField(
        max_length=10, default=PartyRole.PARTNER, help_text="lead, partner or investor"
    )


class VentureWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    sector = serializers.SlugField()
    parties = PartyWriteSerializer(many=True)
    started_on = serializers.DateField()
    stage = serializers.CharField(max_length=12, default=Stage.IDEA, help_text=STAGE_HELP)
    is_confidential = serializers.BooleanField(default=False)
    expected_value = serializers.CharField(required=False, allow_null=True, default=None)
    expected_currency = serializers.CharField(max_length=3, required=False, allow_null=True, default=None)
    committed_value = serializers.CharField(required=False, allow_null=True, default=None)
    committed_currency = serializers.CharField(max_length=3, required=False, allow_null=True, default=None)
    committed_on = serializers.DateField(required=False, allow_null=True, default=None)
    origin_kind = serializers.CharField(
        max_length=16,
        default=OriginKind.OTHER,
        help_text="meeting, grant, placement, recommendation or other",
    )
    origin_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class VentureUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    sector = serializers.SlugField()
    is_confidential = serializers.BooleanField(default=False)
    expected_value = serializers.CharField(required=False, allow_null=True, default=None)
    expected_currency = serializers.CharField(max_length=3, required=False, allow_null=True, default=None)
    committed_value = serializers.CharField(required=False, allow_null=True, default=None)
    committed_currency = serializers.CharField(max_length=3, required=False, allow_null=True, default=None)
    committed_on = serializers.DateField(required=False, allow_null=True, default=None)


class TransitionWriteSerializer(serializers.Serializer):
    to_stage = serializers.CharField(max_length=12, help_text=STAGE_HELP)
    on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "amount", "disbursed_on", "note"]


class DisbursementWriteSerializer(serializers.Serializer):
    amount = serializers.CharField(max_length=40)
    disbursed_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PledgeSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    disbursements = DisbursementSerializer(many=True, read_only=True)
    disbursed = serializers.SerializerMethodField()
    pledged_usd = serializers.SerializerMethodField()
    disbursed_usd = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = [
            "id",
            "title",
            "organisation",
            "target_country",
            "sector",
            "amount",
            "currency",
            "announced_on",
            "source_url",
            "note",
            "is_fictional",
            "disbursements",
            "disbursed",
            "pledged_usd",
            "disbursed_usd",
        ]

    def _totals(self, obj) -> dict:
        return self.context["totals"][obj.pk]

    def _money(self, value) -> str | None:
        return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))

    def get_disbursed(self, obj) -> str:
        return self._money(self._totals(obj)["disbursed"])

    def get_pledged_usd(self, obj) -> str | None:
        return self._money(self._totals(obj)["pledged_usd"])

    def get_disbursed_usd(self, obj) -> str | None:
        return self._money(self._totals(obj)["disbursed_usd"])


class PledgeWriteSerializer(serializers.Serializer):
    organisation = serializers.SlugField()
    title = serializers.CharField(max_length=200)
    target_country = serializers.CharField(max_length=2)
    sector = serializers.SlugField()
    amount = serializers.CharField(max_length=40)
    currency = serializers.CharField(max_length=3)
    announced_on = serializers.DateField()
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ConversionSerializer(serializers.Serializer):
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    from_label = serializers.CharField()
    to_label = serializers.CharField()
    reached = serializers.IntegerField()
    converted = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class StageCountSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SectorRowSerializer(serializers.Serializer):
    sector = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class PipelineSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_stage = StageCountSerializer(many=True)
    by_sector = SectorRowSerializer(many=True)
    conversion = ConversionSerializer(many=True)
    committed_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
    expected_usd = serializers.DecimalField(max_digits=20, decimal_places=2)


class ContextFigureSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ContextFigure
        fields = [
            "id",
            "kind",
            "kind_label",
            "country",
            "year",
            "value",
            "unit",
            "source_name",
            "source_url",
            "published_on",
            "is_preferred",
            "choice_note",
        ]
