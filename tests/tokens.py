"""API tokens in tests: ``key_for(user)`` issues a real ``core.ApiToken`` (hashed, expiring) and
returns its key; ``token_client(user)`` is a Django test client that sends it."""

from django.test import Client

from corridor.core.tokens import issue_token


def key_for(user) -> str:
    return issue_token(by=user, name="test")[1]


def token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key_for(user)}")
