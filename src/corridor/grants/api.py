"""Grants API: calls (public), proposals (the same visibility as the pages), own assignments."""

from django.db.models import Q
from rest_framework import viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated

from corridor.core.filters import LIST_FILTER_BACKENDS

from . import access, queries
from .filters import AssignmentFilter, CallFilter, ProposalFilter
from .models import Assignment, Proposal
from .serializers import AssignmentSerializer, CallSerializer, ProposalSerializer


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CallSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = CallFilter

    def get_queryset(self):
        return (
            access.visible_calls(self.request.user).prefetch_related("sectors").order_by("-closes_at", "-id")
        )


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Applicants see their own proposals, reviewers their assigned ones, the secretariat all."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = ProposalFilter

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        qs = Proposal.objects.select_related("call", "lead").order_by("-created_at", "-id")
        if access.is_secretariat(user):
            return qs
        orgs = access.member_org_ids(user)
        reviewer = access.reviewer_of(user)
        visible = Q(created_by=user) | Q(lead_id__in=orgs) | Q(partners__organisation_id__in=orgs)
        if reviewer is not None:
            visible |= Q(assignments__reviewer=reviewer) & ~Q(conflicts__reviewer=reviewer)
        return qs.filter(visible).distinct()


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in reviewer's assignments."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = AssignmentFilter

    def get_queryset(self):
        reviewer = access.reviewer_of(self.request.user)
        if reviewer is None:
            return Assignment.objects.none()
        return queries.assignments_for(reviewer).select_related("proposal__call", "proposal__lead")
