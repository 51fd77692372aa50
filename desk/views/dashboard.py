"""The desk's front page: counts, reports and sections, my work, waiting reviews."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import selectors
from claims.models import DESK_STATUSES, ClaimStatus, Verdict
from desk.http import staff_required
from desk.views.claims import saved_search_rows
from reviews.selectors import current_round_summaries
from reviews.selectors import review_queue as review_queue_claims

# The dashboard counts the most recent reports; all of them are on the reports page.
DASHBOARD_REPORTS = 20


def _by_report(sections: list[dict], reports) -> list[dict]:
    """The busiest sections under their report (newest report first), so that the
    page names each report once; within a report, the busiest first."""
    order = {report.pk: index for index, report in enumerate(reports)}
    return sorted(sections, key=lambda row: order.get(row["report_id"], len(order)))


@require_GET
@staff_required
def dashboard(request):
    user = request.user
    # Both tallies in one query: the saved searches' panel costs one more.
    by_status, by_verdict = selectors.claim_desk_counts(user=user)
    newest = selectors.recent_reports(user=user, limit=DASHBOARD_REPORTS + 1)
    reports = newest[:DASHBOARD_REPORTS]
    my_work = list(selectors.claims_assigned_open(user=user)[:10])
    overdue = list(selectors.claims_overdue(user=user)[:11])
    waiting = list(review_queue_claims(user=user)[:10])
    summaries = current_round_summaries(waiting, user=user)
    for claim in waiting:
        claim.round_summary = summaries[claim.pk]
    return render(
        request,
        "desk/dashboard.html",
        {
            "statuses": [
                (s, label, by_status.get(s, 0))
                for s, label in ClaimStatus.choices
                if s in DESK_STATUSES
            ],
            "total": sum(by_status.values()),
            "verdicts": [
                (v, label, by_verdict.get(v, 0)) for v, label in Verdict.choices
            ],
            "status_choices": [c for c in ClaimStatus.choices if c[0] in DESK_STATUSES],
            "reports": selectors.report_status_counts(user=user, reports=reports),
            "more_reports": len(newest) > DASHBOARD_REPORTS,
            "sections": _by_report(
                selectors.section_status_counts(user=user, reports=reports), reports
            ),
            "my_work": my_work,
            "waiting": waiting,
            "open_matches": selectors.open_match_count(),
            "saved_searches": saved_search_rows(user),
            "overdue": overdue[:10],
            "more_overdue": len(overdue) > 10,
        },
    )
