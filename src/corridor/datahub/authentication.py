"""``Authorization: Dataset <key>``: a dataset token, accepted by the data hub's API only."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import services

KEYWORD = "Dataset"


class DatasetTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid dataset token header.")
        token = services.authenticate_token(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked dataset token.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD


class DatasetTokenScheme(OpenApiAuthenticationExtension):
    target_class = DatasetTokenAuthentication
    name = "datasetToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Dataset token, prefixed with 'Dataset ' (created on /data/tokens/).",
        }
