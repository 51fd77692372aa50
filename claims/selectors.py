"""Reads of reports and claims, scoped to what the user may see."""

from collections.abc import Iterator

from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.models import (
    DESK_STATUSES,
    Appearance,
    Claim,
    ClaimMatch,
    ClaimStatus,
    ClaimTally,
    Evidence,
    ExternalMatch,
    ImportJob,
    MatchSource,
    MatchStatus,
    Report,
    TriageModel,
)
from claims.permissions import user_can_import_report, user_can_view_claims
from claims.text import SECTION_SEPARATOR
from claims.triage.model import Reason, Scorer, base_scorer
from config.counting import ResultCount, count_rows
from config.pagination import keyset_chunks, ordering_of
from sources.models import Source
from sources.selectors import sources_added_lately, sources_by_id


def claim_list(*, user) -> QuerySet[Claim]:
    """Claims visible to the user (staff see all; others none: the public reads verdicts)."""
    if not user_can_view_claims(user):
        return Claim.objects.none()
    return Claim.objects.select_related("assignee").order_by("id")


def claim_detail(*, user, pk: int) -> Claim:
    """One claim with its current evidence prefetched; its appearances, which may
    be thousands, are read a page at a time (``claim_appearances``)."""
    return (
        claim_list(user=user)
        .select_related("triage_model")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(removed_at__isnull=True)
                .select_related("source", "added_by")
                .order_by("added_at", "id"),
                to_attr="current_evidence",
            ),
        )
        .get(pk=pk)
    )


def claim_appearances(claim: Claim) -> QuerySet[Appearance]:
    """A claim's appearances in the order of the reports and their text, to page.

    The report (its title) comes with each row, without its text: a page of 50
    appearances in a 5 MB report must not carry the report 50 times.
    """
    return (
        Appearance.objects.filter(claim=claim)
        .select_related("report")
        .defer("report__text", "report__html")
        .order_by("report_id", "start", "id")
    )


# The evidence form's menu of known sources: at most this many, of which the
# sources of the claim's reports take up to REPORT_SOURCES (room either group
# leaves goes to the other).
SOURCE_MENU_SIZE = 30
REPORT_SOURCES = 20
# A user's latest evidence read for their recent sources: a bounded read however
# long their history.
RECENT_EVIDENCE_READ = 200


def evidence_source_suggestions(
    *, claim: Claim, user, size: int = SOURCE_MENU_SIZE
) -> tuple[list[Source], list[Source]]:
    """The sources a researcher most likely cites next on a claim, each once: those
    cited on the claims of the claim's reports (this one's included), most lately
    cited first, and those the user cited or added lately, latest first."""
    reports = list(
        Appearance.objects.filter(claim=claim).values_list("report_id", flat=True)
    )
    # A claim is among its reports' claims; one that appears in no report (merged
    # away) has only its own. Not both with OR: PostgreSQL then reads every
    # evidence row (27 ms at 100,000 claims, against 4 ms for the reports alone).
    cited_on = (
        Q(
            claim_id__in=Appearance.objects.filter(
                report_id__in=reports, claim__isnull=False
            ).values("claim_id")
        )
        if reports
        else Q(claim=claim)
    )
    cited = list(
        Evidence.objects.filter(cited_on, removed_at__isnull=True)
        .values("source_id")
        .annotate(latest=Max("id"))
        .order_by("-latest")
        .values_list("source_id", flat=True)[:size]
    )
    # Adding a source to the library is using it too: the one just uploaded is
    # the one about to be cited.
    used = Evidence.objects.filter(added_by=user, removed_at__isnull=True).order_by(
        "-id"
    )
    latest = sorted(
        [
            *used.values_list("source_id", "added_at")[:RECENT_EVIDENCE_READ],
            *sources_added_lately(user=user, limit=size),
        ],
        key=lambda row: row[1],
        reverse=True,
    )
    recent = list(dict.fromkeys(row[0] for row in latest))
    report_share = cited[:REPORT_SOURCES]
    recent = [pk for pk in recent if pk not in report_share]
    recent = recent[: size - len(report_share)]
    room = size - len(report_share) - len(recent)
    report_share += [pk for pk in cited[REPORT_SOURCES:] if pk not in recent][:room]
    sources = sources_by_id(report_share + recent)
    return (
        [sources[pk] for pk in report_share if pk in sources],
        [sources[pk] for pk in recent if pk in sources],
    )


def report_texts(report_ids) -> dict[int, str]:
    """The text of each report, read once however many appearances it has."""
    return dict(Report.objects.filter(pk__in=set(report_ids)).values_list("pk", "text"))


def report_list(*, user) -> QuerySet[Report]:
    if not user_can_view_claims(user):
        return Report.objects.none()
    return Report.objects.select_related("imported_by").defer("text", "html")


# --- the web pages' reads ------------------------------------------------------

# The matches a report's reader and its "Claims matching published verdicts" show:
# not those found distinct, nor those closed by a merge (taken over by the kept claim).
MARKED_MATCHES = (MatchStatus.SUGGESTED, MatchStatus.SAME)

OPEN_WORK_STATUSES = (ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW)


def claim_rows(*, user) -> QuerySet[Claim]:
    """The claim list's rows: only the columns a list shows, no report texts."""
    return claim_list(user=user).only(
        "id",
        "text",
        "topic",
        "kind",
        "checkworthiness",
        "status",
        "verdict",
        "version",
        "updated_at",
        "due_on",
        "priority",
        "assignee__id",
        "assignee__username",
        "assignee__first_name",
        "assignee__last_name",
    )


# --- the CSV export -------------------------------------------------------------

EXPORT_CHUNK = 2000
EXPORT_FIELDS = (
    "id",
    "text",
    "kind",
    "topic",
    "status",
    "verdict",
    "checkworthiness",
    "assignee__username",
    "created_at",
    "updated_at",
)


def claim_export_rows(
    claims: QuerySet[Claim], *, chunk_size: int | None = None
) -> Iterator[dict]:
    """Every claim of a (filtered, sorted) claim list as a dict, in the list's order.

    Besides ``EXPORT_FIELDS``: ``reports`` (titles of the reports it appears in),
    ``sections`` (the sections, as ``Appearance.section``) and ``evidence_count``
    (evidence not removed). Claims are read ``EXPORT_CHUNK`` per query by keyset,
    with one more query per chunk for each of appearances and evidence, so memory
    holds one chunk and the queries grow with the chunks, not with the claims.
    """
    # A sort by an annotation (status in workflow order) seeks by its value too.
    sorted_by = [
        name for name, _ in ordering_of(claims) if name in claims.query.annotations
    ]
    rows = claims.values(*EXPORT_FIELDS, *sorted_by)
    for chunk in keyset_chunks(rows, size=chunk_size or EXPORT_CHUNK):
        ids = [row["id"] for row in chunk]
        places = _places_of(ids)
        evidence = dict(
            Evidence.objects.filter(claim_id__in=ids, removed_at__isnull=True)
            .order_by()
            .values("claim_id")
            .annotate(n=Count("id"))
            .values_list("claim_id", "n")
        )
        for row in chunk:
            reports, sections = places.get(row["id"], ({}, {}))
            yield {
                **row,
                "reports": list(reports.values()),
                "sections": list(sections),
                "evidence_count": evidence.get(row["id"], 0),
            }


def _places_of(claim_ids: list[int]) -> dict[int, tuple[dict, dict]]:
    """Per claim: its reports (id -> title) and sections, each once, in text order."""
    places: dict[int, tuple[dict, dict]] = {}
    appearances = (
        Appearance.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "report_id", "start")
        .values_list("claim_id", "report_id", "report__title", "section")
    )
    for claim_id, report_id, title, section in appearances:
        reports, sections = places.setdefault(claim_id, ({}, {}))
        reports.setdefault(report_id, title)
        if section:
            sections.setdefault(section, None)
    return places


def claim_counts_by_status(*, user) -> dict[str, int]:
    """The desk's claims per status, from the stored tallies (merged claims left
    out: each lives on in the claim it joined)."""
    counts = _desk_tally(user=user, dimension=ClaimTally.Dimension.STATUS)
    return {s: n for s, n in counts.items() if s in DESK_STATUSES}


def claim_counts_by_verdict(*, user) -> dict[str, int]:
    """Verdicts on the record: published ones and those under correction."""
    return _desk_tally(user=user, dimension=ClaimTally.Dimension.VERDICT)


def claim_desk_counts(*, user) -> tuple[dict[str, int], dict[str, int]]:
    """The desk's claims per status and per verdict, from the tallies in one query."""
    if not user_can_view_claims(user):
        return {}, {}
    counts: dict[str, dict[str, int]] = {
        ClaimTally.Dimension.STATUS: {},
        ClaimTally.Dimension.VERDICT: {},
    }
    rows = ClaimTally.objects.filter(report__isnull=True)
    for dimension, value, n in rows.values_list("dimension", "value", "claims"):
        counts.setdefault(dimension, {})[value] = n
    return counts[ClaimTally.Dimension.STATUS], counts[ClaimTally.Dimension.VERDICT]


def _desk_tally(*, user, dimension: str) -> dict[str, int]:
    if not user_can_view_claims(user):
        return {}
    rows = ClaimTally.objects.filter(report__isnull=True, dimension=dimension)
    return dict(rows.values_list("value", "claims"))


def recent_reports(*, user, limit: int) -> list[Report]:
    """The most recently imported reports, newest first, without their texts."""
    if not user_can_view_claims(user):
        return []
    return list(
        Report.objects.order_by("-imported_at", "-id").only("id", "title")[:limit]
    )


def report_status_counts(*, user, reports: list[Report]) -> list[dict]:
    """Per report: how many distinct claims it makes, in each status."""
    if not user_can_view_claims(user) or not reports:
        return []
    titles = {report.pk: report.title for report in reports}
    rows = ClaimTally.objects.filter(
        report_id__in=titles, section_key="", dimension=ClaimTally.Dimension.STATUS
    ).values_list("report_id", "value", "claims")
    pivot = _pivot(
        ((report_id, titles[report_id]), status, n) for report_id, status, n in rows
    )
    order = {pk: position for position, pk in enumerate(titles)}
    pivot.sort(key=lambda row: order[row["report_id"]])
    return pivot


def section_status_counts(
    *, user, reports: list[Report], limit: int = 60
) -> list[dict]:
    """Per section of these reports: how many distinct claims appear there, in each
    status; the busiest ``limit`` sections first."""
    if not user_can_view_claims(user) or not reports:
        return []
    titles = {report.pk: report.title for report in reports}
    in_sections = ClaimTally.objects.filter(
        report_id__in=titles, dimension=ClaimTally.Dimension.STATUS
    ).exclude(section_key="")
    busiest = (
        in_sections.order_by()
        .values_list("report_id", "section_key")
        .annotate(total=Sum("claims"))
        .order_by("-total", "report_id", "section_key")[:limit]
    )
    wanted = {(report_id, key) for report_id, key, _total in busiest}
    if not wanted:
        return []
    # Two IN lists are quicker for the ORM to build than one OR per section; the
    # few rows of a wanted heading in another wanted report are dropped below.
    rows = in_sections.filter(
        report_id__in={report_id for report_id, _key in wanted},
        section_key__in={key for _report_id, key in wanted},
    ).values_list("report_id", "section_key", "section", "value", "claims")
    pivot = _pivot(
        ((report_id, titles[report_id], section), status, n)
        for report_id, key, section, status, n in rows
        if (report_id, key) in wanted
    )
    pivot.sort(key=lambda row: (-row["total"], row["report_id"], row["section"]))
    for row in pivot:
        # The report's own title heads most section paths, and is the whole path of
        # the claims under it before the first subheading (the report's opening,
        # label ""); the page names the report once, above its sections.
        title, section = row["report__title"], row["section"]
        row["label"] = (
            "" if section == title else section.removeprefix(title + SECTION_SEPARATOR)
        )
    return pivot


_PIVOT_KEYS = ("report_id", "report__title", "section")


def _pivot(rows) -> list[dict]:
    """(key, status, n) rows as one dict per key, with a cell per status."""
    table: dict[tuple, dict] = {}
    for ident, status, n in rows:
        if status not in DESK_STATUSES:
            continue
        entry = table.setdefault(
            ident,
            {
                **dict(zip(_PIVOT_KEYS, ident, strict=False)),
                "by_status": {},
                "total": 0,
            },
        )
        entry["by_status"][status] = n
        entry["total"] += n
    statuses = DESK_STATUSES
    for entry in table.values():
        entry["cells"] = [entry["by_status"].get(s, 0) for s in statuses]
    return list(table.values())


def claims_assigned_open(*, user) -> QuerySet[Claim]:
    """Work on my desk: claims assigned to me that are not yet decided."""
    return (
        claim_rows(user=user)
        .filter(assignee=user, status__in=OPEN_WORK_STATUSES)
        .order_by(F("due_on").asc(nulls_last=True), "-checkworthiness", "id")
    )


def claims_overdue(*, user) -> QuerySet[Claim]:
    """Open claims past their due date, the latest first."""
    return (
        claim_rows(user=user)
        .filter(due_on__lt=timezone.localdate(), status__in=OPEN_WORK_STATUSES)
        .order_by("due_on", "id")
    )


def queue_assigned(*, user) -> QuerySet[Claim]:
    """My queue: claims assigned to me that are new or being researched."""
    return (
        claim_rows(user=user)
        .filter(assignee=user, status__in=[ClaimStatus.NEW, ClaimStatus.RESEARCHING])
        .order_by(F("due_on").asc(nulls_last=True), "-checkworthiness", "id")
    )


def queue_available(*, user) -> QuerySet[Claim]:
    """New claims nobody has taken, the most check-worthy first."""
    return (
        claim_rows(user=user)
        .filter(status=ClaimStatus.NEW, assignee__isnull=True)
        .order_by("-checkworthiness", "id")
    )


def report_with_claim_counts(*, user) -> QuerySet[Report]:
    """Reports with ``claim_count``: the distinct claims each makes (its tallies)."""
    claims = (
        ClaimTally.objects.filter(
            report=OuterRef("pk"), section_key="", dimension=ClaimTally.Dimension.STATUS
        )
        .order_by()
        .values("report")
        .annotate(n=Sum("claims"))
        .values("n")
    )
    return report_list(user=user).annotate(claim_count=Coalesce(Subquery(claims), 0))


def import_jobs_for(*, user) -> QuerySet[ImportJob]:
    """Background imports: every one for an editor, their own for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    jobs = ImportJob.objects.select_related("report", "created_by")
    if not user_can_import_report(user):
        jobs = jobs.filter(created_by=user)
    return jobs.order_by("-created_at", "-id")


def import_job_for(*, user, pk: int) -> ImportJob:
    """One background import, as ``import_jobs_for`` shows it."""
    return import_jobs_for(user=user).get(pk=pk)


def report_appearances(
    *, report: Report, span: tuple[int, int] | None = None
) -> list[Appearance]:
    """A report's claims' appearances (and the claims), in the order of the text,
    for its reader. Its passages that are not claims (headings, bylines, lead-ins,
    questions) come in the same query, as ``report.not_claims``. ``span``: only
    those that start in that range of the text (a part of a long report)."""
    rows = Appearance.objects.filter(report=report)
    if span is not None:
        rows = rows.filter(start__gte=span[0], start__lt=span[1])
    rows = (
        rows.select_related("claim")
        .only(
            "id",
            "start",
            "end",
            "quote",
            "line",
            "page",
            "section",
            "report_id",
            "not_a_claim",
            "claim__id",
            "claim__text",
            "claim__status",
            "claim__verdict",
        )
        # The reader's marker of a claim an external fact-check matches, in the
        # same query (the page's query budget).
        .annotate(
            checked_by=Subquery(
                ExternalMatch.objects.filter(
                    claim=OuterRef("claim_id"), status__in=MARKED_MATCHES
                )
                .order_by("-score", "id")
                .values("fact_check__publisher")[:1]
            )
        )
        .order_by("start", "id")
    )
    appearances, report.not_claims = [], []
    for row in rows:
        (appearances if row.claim_id is not None else report.not_claims).append(row)
    return appearances


def report_claim_count(*, report: Report) -> int:
    """The distinct claims a report makes, from its tallies (no scan of its rows)."""
    return (
        ClaimTally.objects.filter(
            report=report, section_key="", dimension=ClaimTally.Dimension.STATUS
        ).aggregate(n=Sum("claims"))["n"]
        or 0
    )


def report_for_reader(*, user, pk: int) -> Report:
    """A report, for a user who may read the desk (without its appearances)."""
    if not user_can_view_claims(user):
        raise Report.DoesNotExist
    return Report.objects.select_related("imported_by").get(pk=pk)


# --- tallies ---------------------------------------------------------------------


def tallies_recounted(
    *, claim_model=Claim, appearance_model=Appearance
) -> list[ClaimTally]:
    """The tallies as they should be, counted from the claims (unsaved rows)."""
    status, verdict = ClaimTally.Dimension.STATUS, ClaimTally.Dimension.VERDICT
    claims = claim_model.objects.order_by()
    by_status = dict(claims.values_list("status").annotate(Count("id")))
    by_verdict = claims.exclude(verdict="").values_list("verdict").annotate(Count("id"))
    rows = [
        ClaimTally(dimension=status, value=value, claims=by_status.get(value, 0))
        for value in ClaimStatus.values
    ] + [
        ClaimTally(dimension=verdict, value=value, claims=n) for value, n in by_verdict
    ]
    per_place: dict[tuple[int, str | None], dict[str, int]] = {}
    appearances = appearance_model.objects.filter(claim__isnull=False).order_by()
    in_sections = appearances.values_list("report_id", "section", "claim__status")
    for report_id, section, claim_status, n in in_sections.annotate(
        Count("claim_id", distinct=True)
    ):
        per_place.setdefault((report_id, section), {})[claim_status] = n
    in_reports = appearances.values_list("report_id", "claim__status")
    for report_id, claim_status, n in in_reports.annotate(
        Count("claim_id", distinct=True)
    ):
        per_place.setdefault((report_id, None), {})[claim_status] = n
    for (report_id, section), counts in per_place.items():
        rows += ClaimTally.status_rows(report_id, section, counts)
    return rows


def tallies_drift() -> list[str]:
    """Where the stored tallies differ from a recount (empty when they agree)."""

    def key(row):
        return (row.report_id, row.section_key, row.dimension, row.value)

    stored = {key(row): row for row in ClaimTally.objects.all()}
    drift = []
    for row in tallies_recounted():
        kept = stored.pop(key(row), None)
        if (kept.claims if kept else 0) != row.claims:
            drift.append(f"{row}: stored {kept.claims if kept else 'nothing'}")
    drift += [f"{row}: not in a recount" for row in stored.values() if row.claims]
    return drift


def claim_matches(*, claim: Claim) -> list:
    """The claim's suggested and resolved matches, best first, each with
    ``counterpart`` (the other claim) and ``counterpart_report`` (where it was
    first made, or None)."""
    matches = list(
        ClaimMatch.objects.filter(Q(claim=claim) | Q(other=claim))
        .select_related("claim", "other", "proposed_by", "resolved_by")
        .order_by("status", "-score", "id")[:50]
    )
    others = [m.other if m.claim_id == claim.pk else m.claim for m in matches]
    first_report = {}
    for appearance in (
        Appearance.objects.filter(claim__in=others)
        .select_related("report")
        .only("claim_id", "report__id", "report__title")
        .order_by("claim_id", "report_id", "start")
    ):
        first_report.setdefault(appearance.claim_id, appearance.report)
    for match, other in zip(matches, others, strict=True):
        match.counterpart = other
        match.counterpart_report = first_report.get(other.pk)
    return matches


def claim_external_matches(*, claim: Claim) -> list[ExternalMatch]:
    """The external fact-checks suggested for (or confirmed of) the claim."""
    return list(
        ExternalMatch.objects.filter(claim=claim)
        .select_related("fact_check", "proposed_by", "resolved_by")
        .order_by("status", "-score", "id")[:50]
    )


def claims_with_open_matches() -> QuerySet[Claim]:
    """Claims in at least one suggested (unresolved) match, with another claim or
    with an external fact-check."""
    open_matches = ClaimMatch.objects.filter(status=MatchStatus.SUGGESTED)
    open_external = ExternalMatch.objects.filter(status=MatchStatus.SUGGESTED)
    return Claim.objects.filter(
        Q(pk__in=open_matches.values("claim_id"))
        | Q(pk__in=open_matches.values("other_id"))
        | Q(pk__in=open_external.values("claim_id"))
    )


def open_match_count() -> int:
    """Suggested matches waiting for an editor (the dashboard's count), external
    fact-checks included."""
    # One query: the page budget counts queries.
    return (
        ClaimMatch.objects.filter(status=MatchStatus.SUGGESTED)
        .order_by()
        .values_list("id")
        .union(
            ExternalMatch.objects.filter(status=MatchStatus.SUGGESTED)
            .order_by()
            .values_list("id"),
            all=True,
        )
        .count()
    )


def report_verdict_matches(*, report: Report) -> list[ClaimMatch]:
    """Suggested or confirmed matches of the report's claims with published
    verdicts, each with ``here`` (the report's claim) and ``published`` (the other)."""
    here = Appearance.objects.filter(report=report, claim__isnull=False).values(
        "claim_id"
    )
    matches = list(
        ClaimMatch.objects.filter(
            source=MatchSource.PUBLISHED_VERDICT, status__in=MARKED_MATCHES
        )
        .filter(Q(claim__in=here) | Q(other__in=here))
        .select_related("claim", "other")
        .order_by("-score", "id")[:200]
    )
    ids = {row["claim_id"] for row in here}
    for match in matches:
        in_report = match.claim_id in ids and not match.claim.first_published_at
        match.here, match.published = (
            (match.claim, match.other) if in_report else (match.other, match.claim)
        )
    return matches


# --- triage ----------------------------------------------------------------------

# The statuses that record a desk decision about a claim's check-worthiness: marked
# not checkable (no), or taken into research, review or publication (yes).
TAKEN_STATUSES = (ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED)


def checked_elsewhere(
    appearances: list[Appearance], verdict_matches: list[ClaimMatch]
) -> dict[int, str]:
    """The report reader's marker of each claim matching a published verdict or
    an external fact-check (``report_reader``'s ``checked_by``)."""
    marks: dict[int, str] = {}
    for match in verdict_matches:
        marks.setdefault(
            match.here.pk,
            _("matches published verdict #%(number)s") % {"number": match.published.pk},
        )
    for appearance in appearances:
        if publisher := getattr(appearance, "checked_by", None):
            marks.setdefault(
                appearance.claim_id,
                _("fact-checked by %(publisher)s") % {"publisher": publisher},
            )
    return marks


def triage_model_current() -> TriageModel | None:
    """The model new imports are scored with: the newest not rolled back."""
    return (
        TriageModel.objects.filter(rolled_back_at__isnull=True)
        .order_by("-version")
        .first()
    )


def triage_scorer() -> Scorer:
    """The current model's scorer; the shipped base model's before any is stored."""
    model = triage_model_current()
    return model.scorer() if model is not None else base_scorer()


def triage_decisions() -> list[tuple[str, bool]]:
    """Every claim the desk has decided on: (text, taken into research)."""
    rows = (
        Claim.objects.filter(status__in=[ClaimStatus.NOT_CHECKABLE, *TAKEN_STATUSES])
        .order_by("id")
        .values_list("text", "status")
    )
    return [(text, status != ClaimStatus.NOT_CHECKABLE) for text, status in rows]


def claim_triage_reasons(claim: Claim, *, limit: int = 3) -> list[Reason]:
    """What moved the claim's score most, by the model that scored it."""
    model = claim.triage_model
    if model is None:
        return []
    return model.scorer().reasons(claim.triage_features or [], limit=limit)


# The claim list's filters whose count the stored tallies already hold.
_TALLIED_FILTERS = frozenset({"status", "report", "verdict", "sort"})


def claim_list_count(*, user, filterset) -> ResultCount:
    """How many claims the claim list's filters match.

    Read from the tallies when the list is filtered by status, by verdict or by
    report and status only (a few rows, however many claims); else counted, or
    estimated by PostgreSQL when that is a large number (``count_rows``).
    """
    if not user_can_view_claims(user):
        return ResultCount(0)
    data = {}
    if filterset.is_bound:
        filterset.is_valid()  # an invalid filter is left out, as the list does
        data = filterset.form.cleaned_data
    used = {name for name, value in data.items() if value not in (None, "", [])}
    if used <= _TALLIED_FILTERS and not (
        data.get("verdict") and used - {"verdict", "sort"}
    ):
        if data.get("verdict"):
            rows = ClaimTally.objects.filter(
                report__isnull=True,
                dimension=ClaimTally.Dimension.VERDICT,
                value__in=data["verdict"],
            )
        else:
            report = data.get("report")
            rows = ClaimTally.objects.filter(
                Q(report=report, section_key="") if report else Q(report__isnull=True),
                dimension=ClaimTally.Dimension.STATUS,
            )
            if data.get("status"):
                rows = rows.filter(value__in=data["status"])
        if data.get("sort") != "due":  # the due sort leaves out claims with no date
            return ResultCount(rows.aggregate(n=Sum("claims"))["n"] or 0)
    return count_rows(filterset.qs)
