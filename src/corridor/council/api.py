"""Council API: indicators (public), values (council staff), reviews (published for everyone)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from corridor.core.filters import LIST_FILTER_BACKENDS

from . import access, queries, report, services
from .filters import IndicatorFilter, IndicatorValueFilter, ReviewFilter
from .serializers import (
    CommentSerializer,
    DraftPdfRequestSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    IndicatorWriteSerializer,
    NarrativeSerializer,
    ReviewOpenSerializer,
    ReviewPdfRunSerializer,
    ReviewSerializer,
    ValidateSerializer,
    ValueSubmitSerializer,
)

_LANGUAGE = OpenApiParameter(
    "language",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    required=False,
    description="Default: the request's language.",
)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared indicator registry (read for everyone; the secretariat defines and edits)."""

    serializer_class = IndicatorSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return queries.indicators_for(self.request.user)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request):
        access.require_secretariat(request.user)
        data = IndicatorWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = services.save_indicator(by=request.user, **data.validated_data)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorWriteSerializer, responses=IndicatorSerializer)
    def partial_update(self, request, code=None):
        access.require_secretariat(request.user)
        indicator = queries.indicator_by_code(code)
        data = IndicatorWriteSerializer(indicator, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        indicator = services.save_indicator(by=request.user, instance=indicator, **data.validated_data)
        return Response(IndicatorSerializer(indicator).data)


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reported values (council staff): drafts stay with their own country until submitted."""

    serializer_class = IndicatorValueSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = IndicatorValueFilter

    def get_queryset(self):
        return queries.values_for_api(self.request.user)

    @extend_schema(request=ValueSubmitSerializer, responses={201: IndicatorValueSerializer})
    def create(self, request):
        data = ValueSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        indicator = queries.indicator_by_code(payload.pop("indicator"))
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

    @extend_schema(request=None, responses=IndicatorValueSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft for validation."""
        value = services.submit_draft(by=request.user, value=self.get_object())
        return Response(IndicatorValueSerializer(value).data)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Biannual reviews: published ones for everyone (their frozen snapshot); open ones for council staff."""

    serializer_class = ReviewSerializer
    permission_classes = [AllowAny]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = ReviewFilter

    def get_queryset(self):
        return access.reviews_visible_to(self.request.user)

    def retrieve(self, request, pk=None):
        review = access.get_review(request.user, pk)
        data = ReviewSerializer(review).data
        data["snapshot"] = report.snapshot_of(review)
        return Response(data)

    @extend_schema(request=ReviewOpenSerializer, responses={201: ReviewSerializer})
    def create(self, request):
        """Open a review for a half-year (secretariat)."""
        data = ReviewOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.open_review(by=request.user, **data.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NarrativeSerializer, responses=NarrativeSerializer)
    @action(detail=True, methods=["post"])
    def narrative(self, request, pk=None):
        """Write a pillar's narrative (secretariat, open reviews only)."""
        review = access.get_review(request.user, pk)
        data = NarrativeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.write_narrative(by=request.user, review=review, **data.validated_data)
        return Response(data.validated_data)

    @extend_schema(request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        """Comment on an open review (focal points and the secretariat)."""
        review = access.get_review(request.user, pk)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.comment_on_review(by=request.user, review=review, **data.validated_data)
        return Response(data.validated_data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish: freeze the figures and render the PDF (secretariat)."""
        review = services.publish_review(by=request.user, review=access.get_review(request.user, pk))
        return Response(ReviewSerializer(review).data)

    def _draft(self, request, pk, language: str):
        review = access.get_review(request.user, pk)
        return review, services.check_draft_pdf(by=request.user, review=review, language=language)

    @extend_schema(
        methods=["GET"],
        parameters=[_LANGUAGE],
        responses=ReviewPdfRunSerializer,
        description="The latest drawing of an open review's PDF in a language (404: none asked for yet).",
    )
    @extend_schema(
        methods=["POST"],
        request=DraftPdfRequestSerializer,
        responses={200: ReviewPdfRunSerializer, 202: ReviewPdfRunSerializer},
        description="Ask for an open review's PDF (council staff): 202 while it is drawn in the "
        "background, 200 when a PDF of the current figures is ready.",
    )
    @action(detail=True, methods=["get", "post"])
    def pdf(self, request, pk=None):
        """An open review's PDF, drawn in the background (published reviews: ``pdf_url``)."""
        if request.method == "POST":
            data = DraftPdfRequestSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            review, language = self._draft(request, pk, data.validated_data.get("language", ""))
            run = services.request_draft_pdf(by=request.user, review=review, language=language)
        else:
            review, language = self._draft(request, pk, request.query_params.get("language", ""))
            run = queries.draft_pdf_run(review, language)
            if run is None:
                raise NotFound(_("No PDF has been asked for in this language: POST to prepare it."))
        current = run.is_done and run.fingerprint == report.current_fingerprint(review, language)
        return Response(
            ReviewPdfRunSerializer(run, context={"current": current}).data,
            status=status.HTTP_202_ACCEPTED if run.is_active else status.HTTP_200_OK,
        )

    @extend_schema(parameters=[_LANGUAGE], responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="pdf/download", url_name="pdf-download")
    def pdf_download(self, request, pk=None):
        """The drawn PDF of an open review, while it still shows the review's figures."""
        review, language = self._draft(request, pk, request.query_params.get("language", ""))
        pdf = queries.draft_pdf_bytes(review, language)
        if pdf is None:
            raise NotFound(_("No PDF of the current figures: POST to the review's pdf/ to prepare it."))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="corridor-review-{review.period}-draft.pdf"'
        return response
