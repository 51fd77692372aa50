"""URLs of the REST API (v1), its schema and Swagger UI."""

urlpatterns: list = []
