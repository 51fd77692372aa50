"""Tallies: the stored claim counts of the dashboard, kept in step with every write."""

from collections import Counter

from django.db.models import Case, Count, F, Q, Value, When

from claims.models import Appearance, Claim, ClaimStatus, ClaimTally, Report
from claims.selectors import tallies_recounted


def tally_report_imported(*, report: Report, new_claims: int) -> None:
    """Count a new report's distinct claims per status, as a whole and per section
    (the database counts them from the appearances the import wrote: nothing per
    claim is held in memory); and the claims it adds to the desk."""
    appearances = Appearance.objects.filter(report=report, claim__isnull=False)
    appearances = appearances.order_by()
    distinct = Count("claim_id", distinct=True)
    in_report = dict(appearances.values_list("claim__status").annotate(distinct))
    rows = ClaimTally.status_rows(report.pk, None, in_report)
    in_section: dict[str, dict[str, int]] = {}
    for section, status, n in appearances.values_list(
        "section", "claim__status"
    ).annotate(distinct):
        in_section.setdefault(section, {})[status] = n
    for section, counts in in_section.items():
        rows += ClaimTally.status_rows(report.pk, section, counts)
    ClaimTally.objects.bulk_create(rows, batch_size=1_000)
    if new_claims:
        _tally_add(
            Counter({(ClaimTally.Dimension.STATUS, ClaimStatus.NEW): new_claims})
        )


def tally_claim_moved(*, claim: Claim, status: str, verdict: str) -> None:
    """Move one claim's counts from its former status and verdict to its current ones.

    Runs in the transaction that changed the claim.
    """
    deltas: Counter = Counter()
    if status != claim.status:
        deltas[(ClaimTally.Dimension.STATUS, status)] -= 1
        deltas[(ClaimTally.Dimension.STATUS, claim.status)] += 1
    if verdict != claim.verdict:
        if verdict:
            deltas[(ClaimTally.Dimension.VERDICT, verdict)] -= 1
        if claim.verdict:
            deltas[(ClaimTally.Dimension.VERDICT, claim.verdict)] += 1
    if not deltas:
        return
    places = Q()
    if status != claim.status:
        in_reports = set(
            Appearance.objects.filter(claim_id=claim.pk)
            .order_by()
            .values_list("report_id", "section")
        )
        for report_id in {report_id for report_id, _ in in_reports}:
            places |= Q(report_id=report_id, section_key="")
        for report_id, section in in_reports:
            places |= Q(report_id=report_id, section_key=ClaimTally.key_for(section))
        places &= Q(dimension=ClaimTally.Dimension.STATUS)
    _tally_add(deltas, places=places)


def _tally_add(deltas: Counter, *, places: Q | None = None) -> None:
    """Add ``deltas`` ((dimension, value) → n) to the desk's rows and to the rows of
    the report and section ``places`` that have those values."""
    values = Q()
    for dimension, value in deltas:
        values |= Q(dimension=dimension, value=value)
    rows = ClaimTally.objects.filter(values).filter(
        Q(report__isnull=True) | (places or Q())
    )
    # Locked in primary-key order, so that two transitions touching the same rows
    # in opposite directions queue instead of deadlocking.
    locked = rows.order_by("pk").select_for_update()
    found = list(locked.values_list("pk", "report_id", "dimension", "value"))
    on_desk = {
        (dimension, value) for _pk, report, dimension, value in found if not report
    }
    if len(on_desk) < len(deltas):
        # The migration makes the desk's rows; a flushed database gets them back.
        ClaimTally.objects.bulk_create(
            [
                ClaimTally(report=None, dimension=dimension, value=value)
                for dimension, value in deltas
                if (dimension, value) not in on_desk
            ],
            ignore_conflicts=True,
        )
        found = list(locked.values_list("pk", "report_id", "dimension", "value"))
    change = Case(
        *(
            When(dimension=dimension, value=value, then=Value(delta))
            for (dimension, value), delta in deltas.items()
        ),
        default=Value(0),
    )
    ClaimTally.objects.filter(pk__in=[row[0] for row in found]).update(
        claims=F("claims") + change
    )


def claim_tallies_rebuild(
    *, tally_model=ClaimTally, claim_model=Claim, appearance_model=Appearance
) -> int:
    """Recount every tally from the claims and their appearances; returns the rows.

    The models are parameters so that the migration that introduced the tallies
    can run this over its historical models.
    """
    tally_model.objects.all().delete()
    rows = [
        tally_model(
            report_id=row.report_id,
            section=row.section,
            section_key=row.section_key,
            dimension=row.dimension,
            value=row.value,
            claims=row.claims,
        )
        for row in tallies_recounted(
            claim_model=claim_model, appearance_model=appearance_model
        )
    ]
    tally_model.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)
