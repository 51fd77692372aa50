"""A timed sample counts its request's queries however many came before it."""

import pytest
from django.db import connection
from django.urls import reverse

from benchmarks.measure import _sample

pytestmark = pytest.mark.django_db


@pytest.mark.filterwarnings("ignore:Limit for query logging exceeded")
def test_a_sample_counts_its_queries_after_a_full_query_log(client, editor):
    client.force_login(editor)
    url = reverse("api:v1:claim-list")
    first = len(_sample(lambda: client.get(url))[2])

    def many_queries():
        with connection.cursor() as cursor:
            for _ in range(9_100):  # more than Django's query log keeps
                cursor.execute("SELECT 1")

    _sample(many_queries)
    wall, cpu, queries, response = _sample(lambda: client.get(url))
    assert response.status_code == 200
    assert first > 0
    assert len(queries) == first
