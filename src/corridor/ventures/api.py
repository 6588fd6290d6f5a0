"""REST endpoints for ventures, transitions, pledges, disbursements, pipeline statistics and the
innovation context. Thin: the pages' services, queries and access rules."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from corridor.core.errors import invalid

from . import access, queries, services
from .money import RateBook, pledge_totals
from .serializers import (
    ContextFigureSerializer,
    DisbursementSerializer,
    DisbursementWriteSerializer,
    PipelineSerializer,
    PledgeSerializer,
    PledgeWriteSerializer,
    TransitionSerializer,
    TransitionWriteSerializer,
    VentureSerializer,
    VentureUpdateSerializer,
    VentureWriteSerializer,
)


def _money_fields(v: dict) -> dict:
    return {
        "expected_value": v["expected_value"],
        "expected_currency": queries.resolve(
            "core.Currency", "expected_currency", v["expected_currency"], lookup="code"
        ),
        "committed_value": v["committed_value"],
        "committed_currency": queries.resolve(
            "core.Currency", "committed_currency", v["committed_currency"], lookup="code"
        ),
        "committed_on": v["committed_on"],
    }


class VentureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Joint ventures the caller may see (public once past the idea stage unless confidential)."""

    serializer_class = VentureSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_fields = ["stage", "origin_kind"]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        return queries.ventures_visible_to(self.request.user).order_by("-stage_since", "-id")

    def get_object(self):
        return access.get_venture(self.request.user, self.kwargs["pk"])

    @extend_schema(request=VentureWriteSerializer, responses={201: VentureSerializer})
    def create(self, request, *args, **kwargs):
        data = VentureWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        parties = [
            (queries.resolve("orgs.Organisation", "parties", p["organisation"], lookup="slug"), p["role"])
            for p in v["parties"]
        ]
        origin = None
        if v["origin_kind"] in queries.ORIGIN_MODELS:
            origin = queries.resolve(queries.ORIGIN_MODELS[v["origin_kind"]], "origin_id", v["origin_id"])
        venture = services.create_venture(
            by=request.user,
            title=v["title"],
            summary=v["summary"],
            sector=queries.resolve("core.Sector", "sector", v["sector"], lookup="slug")
            or _required("sector"),
            parties=parties,
            started_on=v["started_on"],
            stage=v["stage"],
            is_confidential=v["is_confidential"],
            origin_kind=v["origin_kind"],
            origin=origin,
            **_money_fields(v),
        )
        return Response(VentureSerializer(access.get_venture(request.user, venture.pk)).data, status=201)

    @extend_schema(request=VentureUpdateSerializer, responses={200: VentureSerializer})
    def update(self, request, *args, **kwargs):
        venture = self.get_object()
        data = VentureUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.update_venture(
            by=request.user,
            venture=venture,
            title=v["title"],
            summary=v["summary"],
            sector=queries.resolve("core.Sector", "sector", v["sector"], lookup="slug")
            or _required("sector"),
            is_confidential=v["is_confidential"],
            **_money_fields(v),
        )
        return Response(VentureSerializer(access.get_venture(request.user, venture.pk)).data)

    @extend_schema(
        request=TransitionWriteSerializer,
        responses={200: TransitionSerializer(many=True), 201: TransitionSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def transitions(self, request, pk=None):
        """The venture's dated stage transitions; POST records a new one."""
        venture = self.get_object()
        if request.method == "GET":
            return Response(TransitionSerializer(queries.venture_transitions(venture), many=True).data)
        data = TransitionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        t = services.advance_venture(by=request.user, venture=venture, **data.validated_data)
        return Response(TransitionSerializer(t).data, status=status.HTTP_201_CREATED)


def _required(field):
    raise invalid(field, "This field is required.", code="required")


class PledgeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Investment pledges (public) with pledged vs disbursed in the original currency and USD."""

    serializer_class = PledgeSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_fields = ["target_country", "currency"]

    def get_queryset(self):
        return queries.pledges().order_by("-announced_on", "-id")

    def get_object(self):
        return access.get_pledge(self.kwargs["pk"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "totals": getattr(self, "_totals", {})}

    def _with_totals(self, pledges):
        book = RateBook()
        self._totals = {p.pk: pledge_totals(p, book) for p in pledges}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._with_totals(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        pledge = self.get_object()
        self._with_totals([pledge])
        return Response(self.get_serializer(pledge).data)

    @extend_schema(request=PledgeWriteSerializer, responses={201: PledgeSerializer})
    def create(self, request, *args, **kwargs):
        data = PledgeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        pledge = services.create_pledge(
            by=request.user,
            organisation=queries.resolve(
                "orgs.Organisation", "organisation", v["organisation"], lookup="slug"
            ),
            title=v["title"],
            target_country=queries.resolve(
                "core.Country", "target_country", v["target_country"], lookup="code"
            ),
            sector=queries.resolve("core.Sector", "sector", v["sector"], lookup="slug"),
            amount=v["amount"],
            currency=queries.resolve("core.Currency", "currency", v["currency"], lookup="code"),
            announced_on=v["announced_on"],
            source_url=v["source_url"],
            note=v["note"],
        )
        pledge = access.get_pledge(pledge.pk)
        self._with_totals([pledge])
        return Response(self.get_serializer(pledge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DisbursementWriteSerializer,
        responses={200: DisbursementSerializer(many=True), 201: DisbursementSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def disbursements(self, request, pk=None):
        """The pledge's disbursements; POST records one (pledging organisation or secretariat)."""
        pledge = self.get_object()
        if request.method == "GET":
            return Response(DisbursementSerializer(pledge.disbursements.all(), many=True).data)
        data = DisbursementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = services.add_disbursement(by=request.user, pledge=pledge, **data.validated_data)
        return Response(DisbursementSerializer(d).data, status=status.HTTP_201_CREATED)


class PipelineView(APIView):
    """Pipeline statistics over the ventures the caller may see."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=PipelineSerializer,
        parameters=[OpenApiParameter("sector", str, description="Sector slug")],
    )
    def get(self, request):
        stats = queries.pipeline_stats(
            queries.ventures_visible_to(request.user, sector=request.query_params.get("sector") or None)
        )
        return Response(PipelineSerializer(stats).data)


class ContextFigureViewSet(viewsets.ReadOnlyModelViewSet):
    """Innovation context figures, each with its source and publication date (read-only)."""

    serializer_class = ContextFigureSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["kind", "country", "year", "is_preferred"]

    def get_queryset(self):
        return queries.context_figures()
