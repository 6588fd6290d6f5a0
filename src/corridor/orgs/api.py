"""REST endpoints for organisations and postings. Thin: the same services and access helpers
as the pages, so the API enforces exactly the page permissions."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from . import access, queries, services
from .enums import FeedbackKind, OrgKind, PostingKind, PostingStatus, PostingType
from .models import Organisation, Posting
from .serializers import (
    DisputeSerializer,
    InvitationSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    PostingSerializer,
    PostingWriteSerializer,
    VerificationSerializer,
)


class OrganisationFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__code", lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices)
    sector = django_filters.CharFilter(field_name="sectors__slug", distinct=True)

    class Meta:
        model = Organisation
        fields = ["country", "kind", "sector", "status"]


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: the public directory (published), plus your own drafts when signed in."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    filterset_class = OrganisationFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at", "founded_year"]
    ordering = ["name"]
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return queries.visible_organisations(self.request.user)

    def get_object(self):
        return access.get_organisation(self.request.user, slug=self.kwargs["slug"])

    @extend_schema(request=OrganisationWriteSerializer, responses={201: OrganisationSerializer})
    def create(self, request, *args, **kwargs):
        data = OrganisationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        publish = payload.pop("status", "published") == "published"
        if not payload.get("logo"):
            payload.pop("logo", None)
        org = services.create_organisation(by=request.user, publish=publish, **payload)
        return Response(
            OrganisationSerializer(org, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=OrganisationWriteSerializer, responses=OrganisationSerializer)
    def partial_update(self, request, *args, **kwargs):
        org = access.get_organisation(request.user, slug=kwargs["slug"], for_admin=True)
        data = OrganisationWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        payload["expected_version"] = payload.pop("version", None)
        org = services.update_organisation(organisation=org, by=request.user, **payload)
        return Response(OrganisationSerializer(org, context={"request": request}).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(responses=PostingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def postings(self, request, slug=None):
        """The organisation's postings: current ones, plus drafts and expired for its members."""
        org = self.get_object()
        qs = queries.postings_for_profile(organisation=org, user=request.user).select_related("organisation")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PostingSerializer(page, many=True).data)

    @extend_schema(request=VerificationSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, slug=None):
        """The secretariat verifies, disputes or un-verifies an organisation (rights of agencies,
        hubs, universities and investors follow verification)."""
        org = self.get_object()
        data = VerificationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.set_verification(organisation=org, by=request.user, **data.validated_data)
        return Response(OrganisationSerializer(org, context={"request": request}).data)

    @extend_schema(request=DisputeSerializer, responses={202: None})
    @action(detail=True, methods=["post"])
    def dispute(self, request, slug=None):
        """Contest an organisation's identity or registration number; the secretariat decides."""
        org = self.get_object()
        data = DisputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_dispute(organisation=org, by=request.user, **data.validated_data)
        return Response(status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=InvitationSerializer, responses={201: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def invite(self, request, slug=None):
        """Invite a colleague by e-mail (organisation admins)."""
        org = access.get_organisation(request.user, slug=slug, for_admin=True)
        data = InvitationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inv = services.invite_member(organisation=org, by=request.user, **data.validated_data)
        return Response({"email": inv.email, "role": inv.role}, status=status.HTTP_201_CREATED)


class PostingFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=PostingType.choices)
    kind = django_filters.ChoiceFilter(choices=PostingKind.choices)
    sector = django_filters.CharFilter(field_name="sector__slug")
    country = django_filters.CharFilter(
        field_name="organisation__country__code", lookup_expr="iexact", label="Country of the organisation"
    )
    target_country = django_filters.CharFilter(field_name="target_country__code", lookup_expr="iexact")
    organisation = django_filters.CharFilter(field_name="organisation__slug")
    status = django_filters.ChoiceFilter(choices=PostingStatus.choices)

    class Meta:
        model = Posting
        fields = ["type", "kind", "sector", "country", "target_country", "organisation", "status"]


class PostingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Offers and requests. Lists current published ones (and your own organisations' drafts)."""

    serializer_class = PostingSerializer
    filterset_class = PostingFilter
    search_fields = ["title", "description", "organisation__name"]
    ordering_fields = ["created_at", "valid_until", "title"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return queries.postings_visible_to(self.request.user).order_by("-created_at", "-id")

    def get_object(self):
        return access.get_posting(self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=PostingWriteSerializer, responses={201: PostingSerializer})
    def create(self, request, *args, **kwargs):
        data = PostingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        slug = payload.pop("organisation", None)
        if not slug:
            from rest_framework.exceptions import ValidationError as DRFValidationError

            raise DRFValidationError({"organisation": ["This field is required."]})
        org = access.get_organisation(request.user, slug=slug, for_admin=True)
        posting = services.create_posting(organisation=org, by=request.user, **payload)
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostingWriteSerializer, responses=PostingSerializer)
    def partial_update(self, request, *args, **kwargs):
        posting = access.get_posting(request.user, pk=kwargs["pk"], for_admin=True)
        data = PostingWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        payload.pop("organisation", None)
        posting = services.update_posting(posting=posting, by=request.user, **payload)
        return Response(PostingSerializer(posting).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class RecommendationSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    partner = serializers.SlugField(source="partner.slug")
    partner_name = serializers.CharField(source="partner.name")
    partner_country = serializers.CharField(source="partner.country_id")
    partner_kind = serializers.CharField(source="partner.kind")
    reasons = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class FeedbackSerializer(serializers.Serializer):
    partner = serializers.SlugField()
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)


class RecommendationViewSet(viewsets.ViewSet):
    """Suggested partners of an organisation (its members and the secretariat only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RecommendationSerializer(many=True))
    def list(self, request, organisation_slug=None):
        from .recommendations import recommendations_for

        org = access.get_organisation(request.user, slug=organisation_slug)
        return Response(
            RecommendationSerializer(recommendations_for(organisation=org, user=request.user), many=True).data
        )

    @extend_schema(request=FeedbackSerializer, responses={201: FeedbackSerializer})
    @action(detail=False, methods=["post"])
    def feedback(self, request, organisation_slug=None):
        """Say a suggested partner is not relevant, or that you contacted them."""
        from .recommendations import give_feedback

        org = access.get_organisation(request.user, slug=organisation_slug)
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = access.get_organisation(request.user, slug=data.validated_data["partner"])
        give_feedback(organisation=org, partner=partner, kind=data.validated_data["kind"], by=request.user)
        return Response(data.validated_data, status=status.HTTP_201_CREATED)
