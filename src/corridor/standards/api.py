"""Standards API: the registry (public, read-only), conformance checks (signed-in users), statistics (secretariat)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.parsers import FileUploadParser, FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from corridor.core.errors import invalid

from . import access, queries, services
from .models import ConformanceCheck
from .serializers import (
    CheckRequestSerializer,
    ConformanceCheckSerializer,
    RecognitionAreaDetailSerializer,
    RecognitionAreaSerializer,
    ReportSerializer,
    StatisticsSerializer,
)


class RecognitionAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Domains with their Malaysian, Kenyan and international instruments and recognition status."""

    permission_classes = [AllowAny]
    lookup_field = "domain"
    filterset_fields = ["status"]

    def get_queryset(self):
        qs = queries.areas()
        if self.action == "retrieve":
            qs = qs.prefetch_related("changes")
        return qs

    def get_serializer_class(self):
        return RecognitionAreaDetailSerializer if self.action == "retrieve" else RecognitionAreaSerializer


class ConformanceCheckViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The record of the caller's own checks (the secretariat sees all)."""

    serializer_class = ConformanceCheckSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["document_kind", "valid"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ConformanceCheck.objects.none()
        user = self.request.user
        return queries.all_checks() if access.can_see_statistics(user) else queries.checks_of(user)


class _RawParser(FileUploadParser):
    media_type = "*/*"


class CheckView(APIView):
    """Check a document: multipart ``file`` or a raw XML/JSON body. ``?packs=EN,MY`` picks packs;
    ``?report=svrl`` answers the SVRL-style XML instead of JSON."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, _RawParser]

    @extend_schema(
        request={
            "multipart/form-data": CheckRequestSerializer,
            "application/xml": {"type": "string", "format": "binary"},
            "application/json": {"type": "object"},
        },
        parameters=[
            OpenApiParameter("packs", str, description="Comma-separated packs (EN, MY, KE, XB, CL)"),
            OpenApiParameter("report", str, enum=["json", "svrl"], description="Report format"),
        ],
        responses={
            200: ReportSerializer,
            400: OpenApiResponse(description="Unreadable document or bad pack: {errors: [...]}"),
        },
    )
    def post(self, request):
        upload = request.data.get("file") if hasattr(request.data, "get") else None
        if upload is None:
            raise invalid(
                "file", "Send the document as a multipart 'file' or as the request body.", code="required"
            )
        data = upload.read()
        try:
            packs = services.parse_packs(
                request.query_params.get("packs")
                or (request.data.get("packs") if hasattr(request.data, "get") else None)
            )
            report, _doc, _record = services.run_check(by=request.user, data=data, packs=packs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "document" in exc.error_dict:
                exc = ValidationError({"file": exc.error_dict["document"]})
            raise exc from None
        if request.query_params.get("report") == "svrl":
            return HttpResponse(report.to_svrl(), content_type="application/xml")
        return Response(report.as_dict())


class StatisticsView(APIView):
    """Checks run and the most frequent failing rules by country (secretariat only; others: not found)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=StatisticsSerializer)
    def get(self, request):
        access.require_statistics(request.user)
        return Response(StatisticsSerializer(queries.check_statistics()).data)
