"""The desk's pages: dashboard, claims, the claim page, queues, reports, sources."""

from django.urls import path

from desk.views import (
    audit,
    claim,
    claims,
    dashboard,
    discussion,
    inbox,
    matches,
    publish,
    queues,
    reports,
    sources,
)

app_name = "desk"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/bulk/", claims.claim_bulk, name="claim_bulk"),
    path("claims/export.csv", claims.claim_export_csv, name="export_csv"),
    path("claims/searches/", claims.claim_search_save, name="claim_search_save"),
    path(
        "claims/searches/<int:pk>/delete/",
        claims.claim_search_delete,
        name="claim_search_delete",
    ),
    path("claims/<int:pk>/", claim.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", claim.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/action/", claim.claim_action, name="claim_action"),
    path("claims/<int:pk>/approve/", publish.approve_preview, name="approve_preview"),
    path(
        "claims/<int:pk>/evidence/",
        claim.claim_evidence_add,
        name="claim_evidence_add",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        claim.claim_evidence_remove,
        name="claim_evidence_remove",
    ),
    path("claims/<int:pk>/review/", claim.claim_review_submit, name="claim_review"),
    path(
        "claims/<int:pk>/reviews/<int:review_pk>/edit/",
        claim.claim_review_edit,
        name="claim_review_edit",
    ),
    path(
        "claims/<int:pk>/reviews/<int:review_pk>/withdraw/",
        claim.claim_review_withdraw,
        name="claim_review_withdraw",
    ),
    path(
        "claims/<int:pk>/matches/<int:match_pk>/resolve/",
        matches.claim_match_resolve_view,
        name="claim_match_resolve",
    ),
    path(
        "claims/<int:pk>/external-matches/<int:match_pk>/resolve/",
        matches.claim_external_match_resolve_view,
        name="claim_external_match_resolve",
    ),
    path("claims/<int:pk>/schedule/", claim.claim_schedule_view, name="claim_schedule"),
    path(
        "claims/<int:pk>/comments/",
        discussion.comment_add_view,
        name="claim_comment_add",
    ),
    path(
        "claims/<int:pk>/comments/<int:comment_pk>/edit/",
        discussion.comment_edit_view,
        name="claim_comment_edit",
    ),
    path(
        "claims/<int:pk>/comments/<int:comment_pk>/delete/",
        discussion.comment_delete_view,
        name="claim_comment_delete",
    ),
    path("queue/", queues.my_queue, name="my_queue"),
    path("review-queue/", queues.review_queue, name="review_queue"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.inbox_mark_read, name="inbox_mark_read"),
    path("inbox/preferences/", inbox.inbox_preferences, name="inbox_preferences"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/import/", reports.report_import, name="report_import"),
    path("reports/import/<int:pk>/", reports.import_job, name="import_job"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/original/", reports.report_original, name="report_original"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("audit/claims/<int:pk>/", audit.audit_claim, name="audit_claim"),
    path("audit/users/<str:username>/", audit.audit_user, name="audit_user"),
    path("sources/", sources.source_list_view, name="source_list"),
    path("sources/new/", sources.source_create_view, name="source_create"),
    path("sources/upload/", sources.source_upload_view, name="source_upload"),
    path("sources/<int:pk>/", sources.source_detail_view, name="source_detail"),
    path(
        "sources/<int:pk>/snapshots/<int:snapshot_pk>/",
        sources.snapshot_view,
        name="snapshot",
    ),
    path("sources/<int:pk>/edit/", sources.source_edit_view, name="source_edit"),
]
