"""Grants API: calls (public), proposals (the same visibility as the pages), own assignments."""

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
        return queries.proposals_visible_to(user).prefetch_related("attachments")


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
