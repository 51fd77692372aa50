"""The reports: list, reader with every claim highlighted, and import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from claims import selectors
from claims.filters import ReportFilterSet
from claims.importer import human_size
from claims.models import (
    DESK_STATUSES,
    ClaimStatus,
    ImportJob,
    ReportFormat,
    Verdict,
)
from claims.permissions import user_can_import_report
from claims.reader import StoredHtml, reader_parts, render_report
from claims.tasks import report_import_submit
from desk.forms.reports import ReportImportForm
from desk.http import apply_errors, found_or_404, int_param, staff_required
from desk.lists import parameter_problems, sort_headers
from desk.paging import paginate_counted

# Sortable column headers: the column, its first sort when clicked, the other way.
SORTABLE_COLUMNS = {
    "title": ("title", "-title"),
    "claims": ("-claims", "claims"),
    "imported": ("-imported", "imported"),
}


@require_GET
@staff_required
def report_list(request):
    filterset = ReportFilterSet(
        request.GET, queryset=selectors.report_with_claim_counts(user=request.user)
    )
    page, count = paginate_counted(filterset.qs, request.GET)
    return render(
        request,
        "desk/report_list.html",
        {
            "count": count,
            "sort_headers": sort_headers(request.GET, filterset, SORTABLE_COLUMNS),
            "problems": parameter_problems(request.GET, filterset),
            "page": page,
            "reports": page.object_list,
            "can_import": user_can_import_report(request.user),
        },
    )


@require_GET
@staff_required
def report_detail(request, pk: int):
    """The reader. A long report (more than ``PART_CHARS`` characters) is read a
    part at a time (``?part=N``): each page renders one part with its claims, so
    the first page of a 5 MB report costs what a short report does."""
    report = found_or_404(
        selectors.report_for_reader, "No such report.", user=request.user, pk=pk
    )
    verdict_matches = selectors.report_verdict_matches(report=report)
    parts = reader_parts(report.text)
    number = int_param(request.GET, "part", 1, low=1, high=len(parts))
    start, end = parts[number - 1]
    appearances = selectors.report_appearances(
        report=report, span=None if len(parts) == 1 else (start, end)
    )
    if len(parts) == 1:
        text, stored = report.text, StoredHtml(key=report.html_key, html=report.html)
    else:
        # The part's own text, with its appearances' offsets into it.
        text, stored = report.text[start:end], None
        for appearance in (*appearances, *report.not_claims):
            appearance.start -= start
            appearance.end -= start
    rendered = render_report(
        text,
        appearances,
        claim_url=lambda claim_id: reverse("desk:claim_detail", args=[claim_id]),
        stored=stored,
        checked_elsewhere=selectors.checked_elsewhere(appearances, verdict_matches),
    )
    shown = {a.claim.status for a in appearances}
    verdicts = {
        a.claim.verdict
        for a in appearances
        if a.claim.status == ClaimStatus.PUBLISHED and a.claim.verdict
    }
    if len(parts) == 1:
        appearance_count = len(appearances)
        claim_count = len({a.claim_id for a in appearances})
    else:
        appearance_count = report.appearances.filter(claim__isnull=False).count()
        claim_count = selectors.report_claim_count(report=report)
    return render(
        request,
        "desk/report_detail.html",
        {
            "report": report,
            "rendered": rendered,
            "verdict_matches": verdict_matches,
            "not_claims": report.not_claims,
            "appearance_count": appearance_count,
            "claim_count": claim_count,
            "part": {
                "number": number,
                "count": len(parts),
                "previous": number - 1 if number > 1 else None,
                "next": number + 1 if number < len(parts) else None,
            }
            if len(parts) > 1
            else None,
            "legend_statuses": [
                (s, label)
                for s, label in ClaimStatus.choices
                if s != ClaimStatus.PUBLISHED and s in DESK_STATUSES
            ],
            "legend_verdicts": Verdict.choices,
            "statuses_shown": shown,
            "verdicts_shown": verdicts,
        },
    )


# How each stored original is served: a PDF opens in the browser (so that
# "#page=4" works); the rest are downloads, never rendered as pages of this site.
_ORIGINAL_TYPES = {
    ReportFormat.PDF: ("application/pdf", "inline", "pdf"),
    ReportFormat.HTML: ("text/html; charset=utf-8", "attachment", "html"),
    ReportFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "attachment",
        "docx",
    ),
    ReportFormat.MARKDOWN: ("text/markdown; charset=utf-8", "attachment", "md"),
}


@require_GET
@staff_required
def report_original(request, pk: int):
    """The file the report was imported from, as it was uploaded."""
    report = found_or_404(
        selectors.report_for_reader, "No such report.", user=request.user, pk=pk
    )
    if not report.original:
        raise Http404("This report was imported before originals were kept.")
    try:
        stored = report.original.open("rb")
    except OSError as exc:
        raise Http404("The original file is missing from the storage.") from exc
    content_type, disposition, extension = _ORIGINAL_TYPES.get(
        report.format, ("application/octet-stream", "attachment", "bin")
    )
    response = FileResponse(
        stored,
        content_type=content_type,
        as_attachment=disposition == "attachment",
        filename=f"report-{report.pk}.{extension}",
    )
    # Nothing in the file may run or load anything; a PDF viewer needs no sandbox
    # flag (a sandboxed document cannot show a PDF), the other types get one.
    policy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    if disposition == "attachment":
        policy += "; sandbox"
    response["Content-Security-Policy"] = policy
    response["X-Content-Type-Options"] = "nosniff"
    return response


def import_job_queued(request, job: ImportJob):
    """Where an import that became a background job sends its uploader (the web
    form and the admin): the job's page, which shows how far it is."""
    # A large file is imported by the task worker: the request never waits.
    messages.info(
        request,
        _(
            "The file is large (%(size)s): it is being imported in the "
            "background. This page shows how far it is."
        )
        % {"size": human_size(job.size)},
    )
    return redirect("desk:import_job", pk=job.pk)


def import_result_announce(request, result) -> None:
    """What an import created, said to its uploader (the web form and the admin)."""
    report = result.report
    if result.created:
        # Each count is a phrase of its own: a message has only one plural.
        claims = result.claims_created
        appearances = result.appearances_added
        matches = result.matches_suggested
        messages.success(
            request,
            _("Imported “%(report)s”: %(claims)s, %(appearances)s, %(matches)s.")
            % {
                "report": report,
                "claims": ngettext(
                    "%(count)d new claim", "%(count)d new claims", claims
                )
                % {"count": claims},
                "appearances": ngettext(
                    "%(count)d appearance", "%(count)d appearances", appearances
                )
                % {"count": appearances},
                "matches": ngettext(
                    "%(count)d match suggested", "%(count)d matches suggested", matches
                )
                % {"count": matches},
            },
        )
        if result.verdict_matches:
            # The links are on the report's page, under this heading.
            count = len(result.verdict_matches)
            messages.warning(
                request,
                ngettext(
                    "%(count)d claim matches a published verdict: see "
                    "“Claims matching published verdicts” below.",
                    "%(count)d claims match published verdicts: see "
                    "“Claims matching published verdicts” below.",
                    count,
                )
                % {"count": count},
            )
    else:
        messages.info(
            request,
            _("“%(report)s” was imported before; nothing new was created.")
            % {"report": report},
        )


@require_http_methods(["GET", "POST"])
@login_required
def report_import(request):
    if not user_can_import_report(request.user):
        raise PermissionDenied(_("Only editors may import reports."))
    form = ReportImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result, job = report_import_submit(
                actor=request.user,
                content=data["content"],
                **form.report_details(),
            )
        except ValidationError as exc:  # ReportImportError is a ValidationError
            apply_errors(form, exc)
            messages.error(request, _("The report was not imported."))
        else:
            if job is not None:
                return import_job_queued(request, job)
            import_result_announce(request, result)
            return redirect("desk:report_detail", pk=result.report.pk)
    elif request.method == "POST":
        messages.error(request, _("The report was not imported: correct the form."))
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/report_import.html", {"form": form}, status=status)


# While a job is queued or running, its page follows it this often (seconds):
# desk.js updates the progress in place, a browser without script reloads.
JOB_REFRESH_SECONDS = 2
# ``?reload=off``: the reader stopped the updates (WCAG 2.2.1 and 2.2.2).
RELOAD_OFF = "off"


@require_GET
@login_required
def import_job(request, pk: int):
    """A background import: its progress bar while it runs, its result or error."""
    job = found_or_404(
        selectors.import_job_for, "No such import.", user=request.user, pk=pk
    )
    paused = request.GET.get("reload") == RELOAD_OFF
    return render(
        request,
        "desk/import_job.html",
        {
            "job": job,
            "refresh": None if job.finished or paused else JOB_REFRESH_SECONDS,
            "paused": paused and not job.finished,
            "reload_off": RELOAD_OFF,
        },
    )
