"""URLs of the claims app's web pages."""

app_name = "claims"
urlpatterns: list = []
