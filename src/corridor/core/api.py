import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from .models import Country, Sector
from .serializers import CountrySerializer, MeSerializer, SectorSerializer


class CountryFilter(django_filters.FilterSet):
    is_partner = django_filters.BooleanFilter()

    class Meta:
        model = Country
        fields = ["is_partner"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """ISO 3166-1 countries; Malaysia and Kenya are flagged as the partners."""

    queryset = Country.objects.all().order_by("-is_partner", "name")
    serializer_class = CountrySerializer
    permission_classes = [AllowAny]
    filterset_class = CountryFilter
    search_fields = ["name", "code", "alpha3"]
    lookup_value_regex = "[A-Za-z]{2}"


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared sector taxonomy."""

    queryset = Sector.objects.filter(is_active=True).select_related("parent").order_by("position", "name")
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


from rest_framework.authtoken.serializers import AuthTokenSerializer  # noqa: E402
from rest_framework.authtoken.views import ObtainAuthToken  # noqa: E402


class EmailAuthTokenSerializer(AuthTokenSerializer):
    """Accept {"email", "password"} as well as DRF's {"username", "password"}."""

    def to_internal_value(self, data):
        if "username" not in data and "email" in data:
            data = data.copy()
            data["username"] = data["email"]
        return super().to_internal_value(data)


class ObtainEmailAuthToken(ObtainAuthToken):
    serializer_class = EmailAuthTokenSerializer
