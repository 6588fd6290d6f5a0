import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from . import queries
from .models import Country
from .serializers import CountrySerializer, MeSerializer, SectorSerializer


class CountryFilter(django_filters.FilterSet):
    is_partner = django_filters.BooleanFilter()

    class Meta:
        model = Country
        fields = ["is_partner"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166-1 countries; Malaysia and Kenya are flagged as the partners."""

    queryset = queries.countries()
    serializer_class = CountrySerializer
    permission_classes = [AllowAny]
    filterset_class = CountryFilter
    search_fields = ["name", "code", "alpha3"]
    lookup_value_regex = "[A-Za-z]{2}"


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared sector taxonomy."""

    queryset = queries.active_sectors()
    serializer_class = SectorSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    search_fields = ["name", "slug"]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    """The signed-in person, with their roles."""
    return Response(MeSerializer(request.user).data)


from drf_spectacular.utils import OpenApiResponse  # noqa: E402
from rest_framework import mixins, status  # noqa: E402
from rest_framework.authtoken.serializers import AuthTokenSerializer  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from . import tokens  # noqa: E402
from .errors import invalid  # noqa: E402
from .serializers import ApiTokenSerializer, IssuedTokenSerializer  # noqa: E402
from .throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle  # noqa: E402


class EmailAuthTokenSerializer(AuthTokenSerializer):
    """Accept {"email", "password"} as well as DRF's {"username", "password"}; ``name`` labels
    the token in the owner's list."""

    name = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)

    def to_internal_value(self, data):
        if "username" not in data and "email" in data:
            data = data.copy()
            data["username"] = data["email"]
        return super().to_internal_value(data)


class ObtainEmailAuthToken(APIView):
    """POST e-mail and password for a new token (``{"token": …}``, shown once; it expires after
    ``API_TOKEN_TTL_DAYS`` days). DELETE revokes the token the request is authenticated with."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "auth-token"

    @extend_schema(request=EmailAuthTokenSerializer, responses=IssuedTokenSerializer)
    def post(self, request):
        serializer = EmailAuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, key = tokens.issue_token(
            by=serializer.validated_data["user"], name=serializer.validated_data.get("name", "")
        )
        return Response(
            IssuedTokenSerializer({"token": key, "id": token.pk, "expires_at": token.expires_at}).data
        )

    @extend_schema(request=None, responses={204: OpenApiResponse(description="The token is revoked.")})
    def delete(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if not isinstance(request.auth, tokens.ApiToken):
            raise invalid(None, _("Sign in with the token you want to revoke."), code="not_token_auth")
        tokens.revoke_token(by=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The signed-in person's live API tokens (never their keys); DELETE revokes one."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return tokens.tokens_of(self.request.user)

    def perform_destroy(self, instance):
        tokens.revoke_token(by=self.request.user, token_id=instance.pk)
