"""URLs of the reviews app's web pages."""

app_name = "reviews"
urlpatterns: list = []
