"""URLs of the audit app's web pages."""

from django.urls import path

from audit import views
from audit.checkpoints.views import checkpoint_list

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.event_export, name="event_export"),
    path("claims/<int:pk>/", views.claim_events, name="claim_events"),
    path("users/<str:username>/", views.user_events, name="user_events"),
    path("checkpoints.json", checkpoint_list, name="checkpoint_list"),
]
