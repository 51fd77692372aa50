"""API clients authenticated by token as each persona."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient


def read_etag(client, url: str) -> str:
    """The ETag a GET of ``url`` answers ``client`` now: what an edit's If-Match sends."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def token_client(user) -> APIClient:
    client = APIClient()
    _, secret = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def api():
    """A client with no credentials."""
    return APIClient()


@pytest.fixture
def as_researcher(researcher):
    return token_client(researcher)


@pytest.fixture
def as_other_researcher(other_researcher):
    return token_client(other_researcher)


@pytest.fixture
def as_editor(editor):
    return token_client(editor)


@pytest.fixture
def as_other_editor(other_editor):
    return token_client(other_editor)
