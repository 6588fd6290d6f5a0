"""REST endpoints for the exchange. Thin: the same services, queries and access helpers as the
pages, so the API enforces exactly the page permissions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from corridor.core.filters import LIST_FILTER_BACKENDS
from corridor.orgs import queries as orgs_queries

from . import access, queries, services
from .filters import ApplicationFilter, CohortFilter, EvaluationFilter, ProgrammeFilter
from .models import Evaluation
from .serializers import (
    ApplicationSerializer,
    ApplicationWriteSerializer,
    CohortSerializer,
    EvaluationSerializer,
    ProgrammeSerializer,
    RankingWriteSerializer,
    ResultSerializer,
)


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Exchange programmes (public)."""

    serializer_class = ProgrammeSerializer
    permission_classes = [AllowAny]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        return queries.programmes()


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    """Cohorts with their host hubs (public)."""

    serializer_class = CohortSerializer
    permission_classes = [AllowAny]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = CohortFilter

    def get_queryset(self):
        return queries.cohorts().prefetch_related("hosts__organisation__country", "hosts__focus_sectors")


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your own startups' applications (all for the secretariat)."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return queries.applications_visible_to(self.request.user)

    @extend_schema(request=ApplicationWriteSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        data = ApplicationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        cohort = queries.get_cohort(v["cohort"])
        org = orgs_queries.organisation_by_slug(v["organisation"])
        app = services.submit_application(
            by=request.user,
            cohort=cohort,
            organisation=org,
            hosts=v["hosts"],
            stage=v["stage"],
            answers=v.get("answers"),
        )
        app = queries.visible_application(request.user, app.pk)
        return Response(ApplicationSerializer(app).data, status=status.HTTP_201_CREATED)


class RankingViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The hub's ranked list of applications that ranked it (hub staff only)."""

    serializer_class = EvaluationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = EvaluationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Evaluation.objects.none()
        return queries.rankings_of_member(self.request.user)

    @extend_schema(request=RankingWriteSerializer, responses={201: EvaluationSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        data = RankingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        host = access.get_host(request.user, data.validated_data["host"], for_staff=True)
        evals = services.set_hub_ranking(
            by=request.user, host=host, applications=data.validated_data["applications"]
        )
        return Response(EvaluationSerializer(evals, many=True).data, status=status.HTTP_201_CREATED)


class ResultViewSet(viewsets.GenericViewSet):
    """Published placement results of a cohort: the latest run's checker figures and the placements."""

    serializer_class = ResultSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return queries.cohorts()

    def retrieve(self, request, pk=None):
        cohort = queries.get_cohort(pk)
        payload = {
            "cohort": cohort.pk,
            "run": queries.latest_run(cohort),
            "placements": list(queries.live_placements(cohort).order_by("pk")),
        }
        return Response(ResultSerializer(payload).data)
