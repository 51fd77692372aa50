"""URLs of the sources app's web pages."""

from django.urls import path

from sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list_view, name="source_list"),
    path("new/", views.source_create_view, name="source_create"),
    path("<int:pk>/", views.source_detail_view, name="source_detail"),
    path("<int:pk>/edit/", views.source_edit_view, name="source_edit"),
]
