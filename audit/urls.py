"""URLs of the audit app's web pages."""

app_name = "audit"
urlpatterns: list = []
