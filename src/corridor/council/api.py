"""Council API: indicators (public), values (council staff), reviews (published for everyone)."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from . import access, report, services
from .enums import ValueStatus
from .models import Indicator, IndicatorValue
from .serializers import (
    IndicatorSerializer,
    IndicatorValueSerializer,
    ReviewSerializer,
    ValidateSerializer,
    ValueSubmitSerializer,
)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared indicator registry."""

    serializer_class = IndicatorSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    filterset_fields = ["pillar", "source"]
    search_fields = ["code", "name"]

    def get_queryset(self):
        qs = Indicator.objects.all()
        return qs if access.is_council_staff(self.request.user) else qs.filter(is_public=True)


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reported values (council staff): drafts stay with their own country until submitted."""

    serializer_class = IndicatorValueSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["period", "status", "country"]

    def get_queryset(self):
        user = self.request.user
        qs = IndicatorValue.objects.select_related(
            "indicator", "country", "submitted_by", "validated_by"
        ).order_by("indicator__code", "period", "country_id", "-version")
        if access.is_secretariat(user):
            return qs
        countries = access.focal_countries(user)
        if not countries:
            return qs.none()
        return qs.filter(~Q(status=ValueStatus.DRAFT) | Q(country_id__in=countries))

    @extend_schema(request=ValueSubmitSerializer, responses={201: IndicatorValueSerializer})
    def create(self, request):
        data = ValueSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        indicator = Indicator.objects.filter(code=payload.pop("indicator")).first()
        if indicator is None:
            raise access.NotFound
        value = services.submit_value(by=request.user, indicator=indicator, **payload)
        return Response(IndicatorValueSerializer(value).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ValidateSerializer, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None):
        """Validate or reject (four eyes: not your own submission, not your own country)."""
        value = self.get_object()
        data = ValidateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = services.validate_value(by=request.user, value=value, **data.validated_data)
        return Response(IndicatorValueSerializer(value).data)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Biannual reviews: published ones for everyone (their frozen snapshot); open ones for council staff."""

    serializer_class = ReviewSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return access.reviews_visible_to(self.request.user)

    def retrieve(self, request, pk=None):
        review = access.get_review(request.user, pk)
        data = ReviewSerializer(review).data
        data["snapshot"] = report.snapshot_of(review)
        return Response(data)
