"""URLs of the public verdict pages, the ClaimReview feed and the exports."""

from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.verdict_list, name="verdict_list"),
    path("<int:pk>/", views.verdict_detail, name="verdict_detail"),
    path(
        "<int:pk>/archive/<int:snapshot_pk>/",
        views.verdict_archived_copy,
        name="archived_copy",
    ),
    path("feed.json", views.verdict_feed, name="feed"),
    path("export.csv", views.verdict_export_csv, name="export_csv"),
    path("export.json", views.verdict_export_json, name="export_json"),
]
