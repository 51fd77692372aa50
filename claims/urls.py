"""URLs of the desk's web pages: dashboard, claims, queues and reports."""

from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/bulk/", views.claim_bulk, name="claim_bulk"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/action/", views.claim_action, name="claim_action"),
    path(
        "claims/<int:pk>/evidence/",
        views.claim_evidence_add,
        name="claim_evidence_add",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.claim_evidence_remove,
        name="claim_evidence_remove",
    ),
    path("claims/<int:pk>/review/", views.claim_review_submit, name="claim_review"),
    path("queue/", views.my_queue, name="my_queue"),
    path("review-queue/", views.review_queue, name="review_queue"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/import/", views.report_import, name="report_import"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
]
