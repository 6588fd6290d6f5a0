"""REST endpoints of the talent module. Thin: the same services, queries and access helpers
as the pages, so the API enforces exactly the page permissions (hidden = not found)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from corridor.core.access import require_secretariat
from corridor.core.errors import invalid
from corridor.orgs.access import get_organisation

from . import access, credentials, eligibility, indicators, matching, queries, services
from .serializers import (
    TalentApplicationSerializer,
    TalentApplicationWriteSerializer,
    TalentCredentialSerializer,
    TalentEligibilityCheckSerializer,
    TalentEligibilityWriteSerializer,
    TalentEquivalenceRuleSerializer,
    TalentJobSerializer,
    TalentJobWriteSerializer,
    TalentMatchSerializer,
    TalentOccupationSerializer,
    TalentPathwaySerializer,
    TalentPathwayWriteSerializer,
    TalentProfileDetailSerializer,
    TalentProfileSerializer,
    TalentProfileWriteSerializer,
    TalentRetireSerializer,
    TalentRuleVersionWriteSerializer,
    TalentRuleWriteSerializer,
    TalentSkillSerializer,
    TalentStatsSerializer,
    TalentTransitionSerializer,
    TalentVerifyRequestSerializer,
    TalentVerifyResultSerializer,
)


def _contains_nul(value) -> bool:
    """True when any string in a (nested) request payload holds a NUL character, which PostgreSQL
    cannot store or compare in text (multipart bodies are not checked by the middleware)."""
    if isinstance(value, str):
        return "\x00" in value
    if hasattr(value, "lists"):
        return any(_contains_nul(k) or any(_contains_nul(v) for v in vs) for k, vs in value.lists())
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


class SkillViewSet(viewsets.ReadOnlyModelViewSet):
    """The one skills taxonomy."""

    serializer_class = TalentSkillSerializer
    permission_classes = [AllowAny]
    search_fields = ["name", "code"]

    def get_queryset(self):
        return queries.skills()


class OccupationViewSet(viewsets.ReadOnlyModelViewSet):
    """ISCO-08 unit groups (``is_digital`` marks the digital-occupation list)."""

    serializer_class = TalentOccupationSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["is_digital"]

    def get_queryset(self):
        return queries.occupations()


class JobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Open jobs (and your organisations' closed ones); those who act for the organisation
    post, change and close them."""

    serializer_class = TalentJobSerializer
    filterset_fields = ["work_mode", "country", "status"]
    search_fields = ["title", "description"]

    def get_queryset(self):
        return queries.jobs_visible_to(self.request.user)

    def get_object(self):
        return access.get_job(self.request.user, self.kwargs["pk"])

    @extend_schema(request=TalentJobWriteSerializer, responses={201: TalentJobSerializer})
    def create(self, request, *args, **kwargs):
        _refuse_nul(request)
        data = TalentJobWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        organisation = get_organisation(request.user, slug=v.pop("organisation"))
        v["country"] = queries.country_or_error(v["country"], field="country")
        v["currency"] = queries.currency_or_error(v["currency"], field="currency")
        v["skills"] = [(s["skill"], s["level"]) for s in v["skills"]]
        job = services.save_job(by=request.user, organisation=organisation, **v)
        return Response(TalentJobSerializer(queries.visible_job(request.user, job.pk)).data, status=201)

    @extend_schema(request=TalentJobWriteSerializer, responses={200: TalentJobSerializer})
    def update(self, request, *args, **kwargs):
        """Change a job (PUT: every field; PATCH: those given). Its organisation stays."""
        job = access.get_job(request.user, kwargs["pk"], for_admin=True)
        _refuse_nul(request)
        partial = kwargs.get("partial", False)
        data = TalentJobWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        org = v.pop("organisation", None)
        if org is not None and org != job.organisation.slug:
            raise invalid("organisation", _("A job cannot move to another organisation."), code="org_fixed")
        if "country" in v:
            v["country"] = queries.country_or_error(v["country"], field="country")
        if "currency" in v:
            v["currency"] = queries.currency_or_error(v["currency"], field="currency")
        if "skills" in v:
            v["skills"] = [(s["skill"], s["level"]) for s in v["skills"]]
        values = {**services.job_values(job), **v}
        services.save_job(by=request.user, organisation=job.organisation, job=job, **values)
        return Response(TalentJobSerializer(queries.visible_job(request.user, job.pk)).data)

    @extend_schema(request=TalentJobWriteSerializer, responses={200: TalentJobSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={200: TalentJobSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the job to new applications."""
        job = access.get_job(request.user, pk, for_admin=True)
        services.close_job(by=request.user, job=job)
        return Response(TalentJobSerializer(queries.visible_job(request.user, job.pk)).data)

    @extend_schema(responses={200: TalentMatchSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        """Professionals who fit this job, with reasons (those acting for its organisation)."""
        job = access.get_job(request.user, pk, for_admin=True)
        rows = matching.professionals_for(job, request.user, k=10)
        data = [{"id": p.pk, "title": p.headline, **fit} for p, fit in rows]
        return Response(TalentMatchSerializer(data, many=True).data)


class ProfessionalViewSet(viewsets.ReadOnlyModelViewSet):
    """Professional profiles you may see (public; employers-only for members of organisations)."""

    serializer_class = TalentProfileSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["country", "mobility"]
    search_fields = ["headline"]

    def get_queryset(self):
        return queries.profiles_visible_to(self.request.user)

    def get_serializer_class(self):
        return TalentProfileDetailSerializer if self.action in ("retrieve", "me") else TalentProfileSerializer

    def retrieve(self, request, *args, **kwargs):
        profile = access.get_profile(request.user, kwargs["pk"])
        return Response(TalentProfileDetailSerializer(queries.profile_detail(profile)).data)

    @extend_schema(request=TalentProfileWriteSerializer, responses={200: TalentProfileDetailSerializer})
    @action(detail=False, methods=["get", "put"], permission_classes=[IsAuthenticated])
    def me(self, request):
        """Your own profile: read it, or replace it (lists replace the stored ones)."""
        if request.method == "GET":
            profile = queries.own_profile(request.user)
            if profile is None:
                raise access.NotFound
            return Response(TalentProfileDetailSerializer(queries.profile_detail(profile)).data)
        data = TalentProfileWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["country"] = queries.country_or_error(v["country"], field="country")
        v["desired_country"] = queries.country_or_error(v.get("desired_country"), field="desired_country")
        v["expected_currency"] = queries.currency_or_error(
            v.get("expected_currency"), field="expected_currency"
        )
        if "skills" in v:
            v["skills"] = [(s["skill"], s["level"]) for s in v["skills"]]
        if "languages" in v:
            v["languages"] = [(s["language"], s["level"]) for s in v["languages"]]
        if "qualifications" in v:
            v["qualifications"] = [
                {**q, "country": queries.country_or_error(q.pop("country_id"), field="qualifications")}
                for q in v["qualifications"]
            ]
        profile = services.save_profile(by=request.user, **v)
        return Response(TalentProfileDetailSerializer(queries.profile_detail(profile)).data)

    @extend_schema(responses={200: TalentMatchSerializer(many=True)})
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsAuthenticated],
        url_path="me/matches",
        pagination_class=None,  # a short ranked list, not a page
    )
    def my_matches(self, request):
        """Jobs that fit your profile, with reasons."""
        profile = queries.own_profile(request.user)
        if profile is None:
            raise access.NotFound
        data = [{"id": j.pk, "title": j.title, **fit} for j, fit in matching.jobs_for(profile, request.user)]
        return Response(TalentMatchSerializer(data, many=True).data)


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your applications, and those to your organisations' jobs."""

    serializer_class = TalentApplicationSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]

    def get_queryset(self):
        return queries.applications_of(self.request.user)

    def get_object(self):
        return access.get_application(self.request.user, self.kwargs["pk"])

    @extend_schema(request=TalentApplicationWriteSerializer, responses={201: TalentApplicationSerializer})
    def create(self, request, *args, **kwargs):
        data = TalentApplicationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = access.get_job(request.user, data.validated_data["job"])
        app = services.apply_to_job(
            by=request.user, job=job, cover_note=data.validated_data.get("cover_note", "")
        )
        return Response(
            TalentApplicationSerializer(access.get_application(request.user, app.pk)).data, status=201
        )

    @extend_schema(request=TalentTransitionSerializer, responses={200: TalentApplicationSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        app = access.get_application(request.user, pk)
        data = TalentTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.transition(
            by=request.user,
            application=app,
            to_status=v["status"],
            note=v.get("note", ""),
            pathway=v.get("pathway"),
        )
        return Response(TalentApplicationSerializer(access.get_application(request.user, pk)).data)


class EligibilityViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Permit eligibility checks (recorded with the rules they used)."""

    serializer_class = TalentEligibilityCheckSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return access.get_check(self.request.user, self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=TalentEligibilityWriteSerializer, responses={201: TalentEligibilityCheckSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = TalentEligibilityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        profile = access.get_profile(request.user, v["profile"])
        job = access.get_job(request.user, v["job"]) if v.get("job") else None
        check = eligibility.check_eligibility(
            by=request.user,
            profile=profile,
            job=job,
            income=v.get("income"),
            currency=(v.get("currency") or "").upper() or None,
            as_of=v.get("as_of"),
        )
        return Response(TalentEligibilityCheckSerializer(check).data, status=status.HTTP_201_CREATED)


class EquivalenceViewSet(viewsets.ReadOnlyModelViewSet):
    """The MQF ↔ KNQF equivalence table in force today."""

    serializer_class = TalentEquivalenceRuleSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["mqf_level", "knqf_level", "status"]

    def get_queryset(self):
        return queries.equivalence_rules()


def _secretariat_write(request) -> None:
    """Writes to the permit data: the secretariat only (checked before reading the body)."""
    if not request.user.is_authenticated:
        raise NotAuthenticated
    require_secretariat(request.user, hide=False)
    _refuse_nul(request)


def _refuse_nul(request) -> None:
    if _contains_nul(request.data):
        raise invalid(None, _("Null characters are not allowed."), code="null_character")


class PathwayViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Permit pathways with their dated, sourced rules. The secretariat creates and corrects
    pathways, adds bands, replaces a band by a new dated version and retires a pathway."""

    serializer_class = TalentPathwaySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return queries.pathways()

    def get_object(self):
        return queries.pathway_detail(access.get_pathway(self.kwargs["pk"]).pk)

    def _write(self, request, pathway=None):
        _secretariat_write(request)
        data = TalentPathwayWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["country"] = queries.country_or_error(v["country"], field="country")
        return services.save_pathway(by=request.user, pathway=pathway, **v)

    @extend_schema(request=TalentPathwayWriteSerializer, responses={201: TalentPathwaySerializer})
    def create(self, request, *args, **kwargs):
        pathway = self._write(request)
        return Response(TalentPathwaySerializer(queries.pathway_detail(pathway.pk)).data, status=201)

    @extend_schema(request=TalentPathwayWriteSerializer, responses={200: TalentPathwaySerializer})
    def update(self, request, *args, **kwargs):
        pathway = self._write(request, access.get_pathway(kwargs["pk"]))
        return Response(TalentPathwaySerializer(queries.pathway_detail(pathway.pk)).data)

    @extend_schema(request=TalentRuleWriteSerializer, responses={201: TalentPathwaySerializer})
    @action(detail=True, methods=["post"])
    def rules(self, request, pk=None):
        """Add a band (version 1 of a dated rule)."""
        pathway = access.get_pathway(pk)
        _secretariat_write(request)
        data = TalentRuleWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v["currency"] = queries.currency_or_error(v["currency"], field="currency")
        services.add_rule(by=request.user, pathway=pathway, **v)
        return Response(TalentPathwaySerializer(queries.pathway_detail(pathway.pk)).data, status=201)

    @extend_schema(request=TalentRuleVersionWriteSerializer, responses={201: TalentPathwaySerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        """Replace a band from a date: the current version ends the day before."""
        pathway = access.get_pathway(pk)
        _secretariat_write(request)
        data = TalentRuleVersionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        rule = queries.rule_of(pathway, v.pop("rule"))
        if rule is None:
            raise invalid("rule", _("No such band version in this pathway."), code="unknown_rule")
        services.new_rule_version(by=request.user, rule=rule, **v)
        return Response(TalentPathwaySerializer(queries.pathway_detail(pathway.pk)).data, status=201)

    @extend_schema(request=TalentRetireSerializer, responses={200: TalentPathwaySerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        pathway = access.get_pathway(pk)
        _secretariat_write(request)
        data = TalentRetireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.retire_pathway(by=request.user, pathway=pathway, on=data.validated_data["on"])
        return Response(TalentPathwaySerializer(queries.pathway_detail(pathway.pk)).data)


class CredentialViewSet(viewsets.ReadOnlyModelViewSet):
    """Your credentials (all for the secretariat); anyone may verify one."""

    serializer_class = TalentCredentialSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return queries.credentials_of(self.request.user)

    def get_object(self):
        return access.get_credential(self.request.user, self.kwargs["pk"])

    @extend_schema(request=TalentVerifyRequestSerializer, responses={200: TalentVerifyResultSerializer})
    @action(detail=False, methods=["post"], permission_classes=[AllowAny])
    def verify(self, request):
        data = TalentVerifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = data.validated_data["credential"]
        if not isinstance(document, dict):
            ok, notes = False, ["A credential is a JSON object."]
        else:
            ok, notes = credentials.verify_credential(document)
        return Response({"valid": ok, "messages": notes})


class StatsViewSet(viewsets.ViewSet):
    """Council figures: applications by status, professionals moved by pathway and direction."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: TalentStatsSerializer},
        parameters=[OpenApiParameter("year", int, required=False, description="Calendar year of the moves")],
    )
    def list(self, request):
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        if not 1900 <= year <= 2200:
            raise invalid("year", _("Give a year between 1900 and 2200."), code="year_out_of_range")
        start, end = timezone.datetime(year, 1, 1).date(), timezone.datetime(year, 12, 31).date()
        return Response(
            {
                "applications_by_status": queries.applications_by_status(),
                "moved_by_pathway_and_direction": indicators.moved_by_pathway_and_direction(start, end),
            }
        )
