"""PostgreSQL plans the app's queries for SSD storage unless told otherwise."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting"),
]


def test_each_connection_prices_a_random_read_as_on_ssd(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        (cost,) = cursor.fetchone()
    assert float(cost) == 1.1
    assert "random_page_cost=1.1" in settings.DATABASES["default"]["OPTIONS"]["options"]
