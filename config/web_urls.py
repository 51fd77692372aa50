"""The desk's pages under one namespace, ``claims``, from the claims and reviews apps.

They live here rather than in claims/urls.py so that claims never imports reviews:
the claim page and the review queue are views of the reviews app.
"""

from django.urls import path

from claims import views as claim_views
from reviews import views as review_views

app_name = "claims"
urlpatterns = [
    path("", review_views.dashboard, name="dashboard"),
    path("claims/", claim_views.claim_list, name="claim_list"),
    path("claims/bulk/", claim_views.claim_bulk, name="claim_bulk"),
    path("claims/export.csv", claim_views.claim_export_csv, name="export_csv"),
    path("claims/<int:pk>/", review_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", review_views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/action/", review_views.claim_action, name="claim_action"),
    path(
        "claims/<int:pk>/evidence/",
        review_views.claim_evidence_add,
        name="claim_evidence_add",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        review_views.claim_evidence_remove,
        name="claim_evidence_remove",
    ),
    path(
        "claims/<int:pk>/review/",
        review_views.claim_review_submit,
        name="claim_review",
    ),
    path("queue/", claim_views.my_queue, name="my_queue"),
    path("review-queue/", review_views.review_queue, name="review_queue"),
    path("reports/", claim_views.report_list, name="report_list"),
    path("reports/import/", claim_views.report_import, name="report_import"),
    path("reports/<int:pk>/", claim_views.report_detail, name="report_detail"),
]
