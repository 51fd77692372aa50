"""URLs of the sources app's web pages."""

app_name = "sources"
urlpatterns: list = []
