"""Trade REST endpoints: the same queries, services and access rules as the pages."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from . import access, queries, services
from .enums import SourceFormat
from .forms import DashboardFilterForm
from .indicators import target_status
from .models import ImportJob, TradeRelease
from .serializers import (
    ImportJobSerializer,
    ImportUploadSerializer,
    TableSerializer,
    TargetStatusSerializer,
    TradeReleaseSerializer,
)


class TradeReleaseFilter(django_filters.FilterSet):
    source_format = django_filters.ChoiceFilter(field_name="format", choices=SourceFormat.choices)

    class Meta:
        model = TradeRelease
        fields = ["source_format", "dataset", "is_current"]


class TradeReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Trade releases: published ones for everybody, all of them for the secretariat."""

    serializer_class = TradeReleaseSerializer
    permission_classes = [AllowAny]
    filterset_class = TradeReleaseFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    queryset = TradeRelease.objects.none()

    def get_queryset(self):
        return queries.releases_visible_to(self.request.user)

    def get_object(self):
        return access.get_release(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses=TradeReleaseSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a release (secretariat)."""
        if not access.is_secretariat(request.user):
            raise access.NotFound
        release = services.publish_release(release=self.get_object(), by=request.user)
        return Response(TradeReleaseSerializer(release).data)


class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Import jobs with progress and the report of bad rows (secretariat only)."""

    serializer_class = ImportJobSerializer
    # The access helper decides: anybody but the secretariat gets the same 404 as a missing job.
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]
    queryset = ImportJob.objects.none()

    def get_queryset(self):
        if not access.is_secretariat(self.request.user):
            raise access.NotFound
        services.expire_stale_imports()
        return queries.import_jobs(self.request.user)

    def get_object(self):
        services.expire_stale_imports()
        return access.get_job(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        if not access.is_secretariat(request.user):
            raise access.NotFound
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        job = services.start_import(
            by=request.user, uploaded=payload.pop("file"), fmt=payload.pop("source_format"), **payload
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class TargetStatusViewSet(viewsets.ViewSet):
    """Where bilateral trade stands against the +30 % target (published setting and figures)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=TargetStatusSerializer)
    def list(self, request):
        return Response(target_status())


FILTER_PARAMS = [
    OpenApiParameter(
        "release", OpenApiTypes.INT, description="Release id (default: the newest visible flow release)"
    ),
    OpenApiParameter("year", OpenApiTypes.INT),
    OpenApiParameter("direction", OpenApiTypes.STR, enum=["my-ke", "ke-my"]),
    OpenApiParameter(
        "parent", OpenApiTypes.STR, description="HS section numeral, chapter or heading to drill into"
    ),
    OpenApiParameter(
        "cagr_from", OpenApiTypes.INT, description="First year of the chosen CAGR (growth table)"
    ),
    OpenApiParameter("cagr_to", OpenApiTypes.INT, description="Last year of the chosen CAGR (growth table)"),
]


class TradeTableViewSet(viewsets.ViewSet):
    """The dashboard's tables with their sources: target, headline, trend, mirror, composition,
    sector (by pillar sector), currency (totals in USD and the reporter's currency with the rate
    date), rca, intensity and complementarity (where world data is loaded), growth (YoY, CAGR,
    least-squares rate), top_products, new_products and product_summary (HHI, extensive margin)."""

    permission_classes = [AllowAny]
    lookup_field = "name"
    lookup_value_regex = (
        "target|headline|trend|mirror|composition|sector|currency|rca|intensity|complementarity"
        "|growth|top_products|new_products|product_summary"
    )

    @extend_schema(parameters=FILTER_PARAMS, responses=TableSerializer)
    def retrieve(self, request, name=None):
        form = DashboardFilterForm(request.query_params or None)
        if request.query_params and not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data if request.query_params else {}
        tables = queries.dashboard_tables(
            request.user,
            release_id=data.get("release"),
            year=data.get("year"),
            direction=data.get("direction") or None,
            parent=data.get("parent") or None,
            cagr_from=data.get("cagr_from"),
            cagr_to=data.get("cagr_to"),
        )
        table = tables.get(name)
        if table is None:
            raise access.NotFound
        return Response(TableSerializer(table).data)
