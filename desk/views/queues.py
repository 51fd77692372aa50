"""The researcher's queue and the editors' review queue."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims import selectors
from desk.http import editor_required, staff_required
from desk.lists import parameter_problems, sort_headers
from desk.paging import paginate_counted
from reviews.filters import ReviewQueueFilterSet
from reviews.selectors import current_round_summaries
from reviews.selectors import review_queue as review_queue_claims


@require_GET
@staff_required
def my_queue(request):
    available = selectors.queue_available(user=request.user)
    page, count = paginate_counted(available, request.GET)
    return render(
        request,
        "desk/my_queue.html",
        {
            "count": count,
            "assigned": list(selectors.queue_assigned(user=request.user)[:200]),
            "page": page,
            "available": page.object_list,
        },
    )


# --- reports -------------------------------------------------------------------------


# --- the review queue ----------------------------------------------------------

# Sortable column headers: the column, its first sort when clicked, the other way.
SORTABLE_COLUMNS = {
    "id": ("id", "-id"),
    "submitted": ("waiting", "-waiting"),
    "due": ("due", None),
}


@require_GET
@editor_required
def review_queue(request):
    filterset = ReviewQueueFilterSet(
        request.GET, queryset=review_queue_claims(user=request.user)
    )
    page, count = paginate_counted(filterset.qs, request.GET)
    summaries = current_round_summaries(page.object_list, user=request.user)
    for claim in page.object_list:
        claim.round_summary = summaries[claim.pk]
    return render(
        request,
        "desk/review_queue.html",
        {
            "page": page,
            "claims": page.object_list,
            "count": count,
            "sort_headers": sort_headers(request.GET, filterset, SORTABLE_COLUMNS),
            "problems": parameter_problems(request.GET, filterset),
        },
    )
