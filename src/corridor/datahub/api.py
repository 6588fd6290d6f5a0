"""REST endpoints of the data hub. Thin: the same queries, access rules and services as the pages.

Authentication: the session, the platform's API token, or a dataset token
(``Authorization: Dataset <key>``) which limits the caller to the token's datasets.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from corridor.core.access import NotFound
from corridor.core.tokens import ApiTokenAuthentication

from . import queries, services
from .authentication import DatasetTokenAuthentication
from .enums import FileFormat
from .filters import DatasetFilter
from .models import DatasetToken
from .serializers import DataFileSerializer, DatasetDetailSerializer, DatasetSerializer, ProfileRunSerializer
from .views import serve

AUTH = [DatasetTokenAuthentication, SessionAuthentication, ApiTokenAuthentication]


def _token(request):
    return request.auth if isinstance(request.auth, DatasetToken) else None


class DatasetViewSet(viewsets.ReadOnlyModelViewSet):
    """Datasets you may see (a dataset token: only its datasets), with versions and files."""

    authentication_classes = AUTH
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_class = DatasetFilter
    search_fields = None
    ordering_fields = ["updated_at", "title"]

    def get_queryset(self):
        return queries.catalogue(self.request.user, token=_token(self.request))

    def get_serializer_class(self):
        return DatasetDetailSerializer if self.action == "retrieve" else DatasetSerializer

    def get_object(self):
        dataset = queries.get_dataset(self.request.user, self.kwargs["slug"], token=_token(self.request))
        self._versions = queries.versions_for(self.request.user, dataset)
        return dataset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["versions"] = getattr(self, "_versions", [])
        return context


class DataFileViewSet(viewsets.GenericViewSet):
    """File metadata, profile and download (every download is logged)."""

    authentication_classes = AUTH
    permission_classes = [AllowAny]
    serializer_class = DataFileSerializer
    filter_backends: list = []
    pagination_class = None

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError):
            raise NotFound from None  # a non-numeric id is simply not found
        return queries.get_file(self.request.user, pk, token=_token(self.request))

    def get_queryset(self):  # for schema generation only; objects come from get_object
        return queries.no_files()

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses=ProfileRunSerializer)
    @action(detail=True)
    def profile(self, request, pk=None):
        run = queries.latest_profile(self.get_object())
        if run is None:
            raise NotFound
        return Response(ProfileRunSerializer(run).data)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["parquet"], required=False)],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True)
    def download(self, request, pk=None):
        datafile = self.get_object()
        parquet = request.query_params.get("format") == "parquet" and datafile.format == FileFormat.CSV
        try:
            handle = services.open_download(
                by=request.user, datafile=datafile, token=_token(request), via="api", parquet=parquet
            )
        except PermissionDenied:
            if not request.user.is_authenticated:
                raise NotAuthenticated from None
            raise
        name = (datafile.parquet if parquet else datafile.file).name
        return serve(
            handle,
            filename=f"{datafile.version.dataset.slug[:60]}-v{datafile.version.number}-{datafile.pk}.{name.rsplit('.', 1)[-1]}",
        )
