"""API of the talent module, mounted at /api/talent/."""

from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("skills", api.SkillViewSet, basename="talent-skill")
router.register("occupations", api.OccupationViewSet, basename="talent-occupation")
router.register("jobs", api.JobViewSet, basename="talent-job")
router.register("professionals", api.ProfessionalViewSet, basename="talent-professional")
router.register("applications", api.ApplicationViewSet, basename="talent-application")
router.register("eligibility-checks", api.EligibilityViewSet, basename="talent-eligibility")
router.register("equivalences", api.EquivalenceViewSet, basename="talent-equivalence")
router.register("pathways", api.PathwayViewSet, basename="talent-pathway")
router.register("credentials", api.CredentialViewSet, basename="talent-credential")
router.register("stats", api.StatsViewSet, basename="talent-stats")
urlpatterns = router.urls
