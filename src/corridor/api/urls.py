from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from corridor.core.api import ApiTokenViewSet, CountryViewSet, ObtainEmailAuthToken, SectorViewSet, me
from corridor.council.api import IndicatorValueViewSet, IndicatorViewSet, ReviewViewSet
from corridor.exchange.api import (
    ApplicationViewSet as ExchangeApplicationViewSet,
)
from corridor.exchange.api import CohortViewSet, ProgrammeViewSet, RankingViewSet, ResultViewSet
from corridor.grants.api import AssignmentViewSet as GrantAssignmentViewSet
from corridor.grants.api import CallViewSet as GrantCallViewSet
from corridor.grants.api import ProposalViewSet as GrantProposalViewSet
from corridor.matchmaking.api import (
    AgendaViewSet,
    EventViewSet,
    MeetingRequestViewSet,
    OutcomeViewSet,
    RegistrationViewSet,
)
from corridor.orgs.api import OrganisationViewSet, PostingViewSet, RecommendationViewSet
from corridor.trade.api import ImportJobViewSet, TargetStatusViewSet, TradeReleaseViewSet, TradeTableViewSet

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("sectors", SectorViewSet, basename="sector")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("postings", PostingViewSet, basename="posting")
router.register("trade/releases", TradeReleaseViewSet, basename="trade-release")
router.register("trade/jobs", ImportJobViewSet, basename="trade-job")
router.register("trade/target", TargetStatusViewSet, basename="trade-target")
router.register("trade/tables", TradeTableViewSet, basename="trade-table")
router.register("council/indicators", IndicatorViewSet, basename="indicator")
router.register("council/values", IndicatorValueViewSet, basename="indicator-value")
router.register("council/reviews", ReviewViewSet, basename="review")
router.register("grants/calls", GrantCallViewSet, basename="grant-call")
router.register("grants/proposals", GrantProposalViewSet, basename="grant-proposal")
router.register("grants/assignments", GrantAssignmentViewSet, basename="grant-assignment")
router.register("exchange/programmes", ProgrammeViewSet, basename="exchange-programme")
router.register("exchange/cohorts", CohortViewSet, basename="exchange-cohort")
router.register("exchange/applications", ExchangeApplicationViewSet, basename="exchange-application")
router.register("exchange/rankings", RankingViewSet, basename="exchange-ranking")
router.register("exchange/results", ResultViewSet, basename="exchange-result")

recommendation_list = RecommendationViewSet.as_view({"get": "list"})
recommendation_feedback = RecommendationViewSet.as_view({"post": "feedback"})
router.register("matchmaking/events", EventViewSet, basename="event")
router.register("matchmaking/registrations", RegistrationViewSet, basename="event-registration")
router.register("matchmaking/meeting-requests", MeetingRequestViewSet, basename="meeting-request")
router.register("matchmaking/agenda", AgendaViewSet, basename="agenda")
router.register("matchmaking/outcomes", OutcomeViewSet, basename="outcome")

urlpatterns = [
    path(
        "organisations/<slug:organisation_slug>/recommendations/",
        recommendation_list,
        name="recommendation-list",
    ),
    path(
        "organisations/<slug:organisation_slug>/recommendations/feedback/",
        recommendation_feedback,
        name="recommendation-feedback",
    ),
    path("standards/", include("corridor.standards.api_urls")),
    path("datahub/", include("corridor.datahub.api_urls")),
    path("talent/", include("corridor.talent.api_urls")),
    path("ventures/", include("corridor.ventures.api_urls")),
    path("news/", include("corridor.news.api_urls")),
    path("messaging/", include("corridor.messaging.api_urls")),
    path("", include(router.urls)),
    path("me/", me, name="api-me"),
    path("auth/token/", ObtainEmailAuthToken.as_view(), name="api-token"),
    path("auth/tokens/", ApiTokenViewSet.as_view({"get": "list"}), name="api-tokens"),
    path("auth/tokens/<int:pk>/", ApiTokenViewSet.as_view({"delete": "destroy"}), name="api-token-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
