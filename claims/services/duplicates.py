"""Near-duplicate flagging: alike claims are recorded for an editor, never merged."""

from django.conf import settings

import audit
from claims.duplicates import near_duplicate_pairs
from claims.models import Claim, NearDuplicate


def near_duplicates_flag(*, actor, new_claims: list[Claim]) -> int:
    """Record each pair of alike claims for an editor; nothing is merged here.

    Runs in the transaction that created ``new_claims``; returns the pairs flagged.
    """
    if not new_claims:
        return 0
    new_ids = {claim.pk for claim in new_claims}
    existing = (
        (pk, text)
        for pk, text in Claim.objects.values_list("pk", "text").iterator()
        if pk not in new_ids
    )
    pairs = near_duplicate_pairs(
        ((claim.pk, claim.text) for claim in new_claims),
        existing,
        threshold=settings.NEAR_DUPLICATE_THRESHOLD,
    )
    by_id = {claim.pk: claim for claim in new_claims}
    flagged = 0
    for low, high, score in pairs:
        pair, created = NearDuplicate.objects.get_or_create(
            claim_id=low, other_id=high, defaults={"score": score}
        )
        if not created:
            continue
        flagged += 1
        subject = by_id.get(high) or by_id[low]
        audit.record(
            action="claim.near_duplicate_flagged",
            actor=actor,
            subject=subject,
            data={
                "near_duplicate_id": pair.pk,
                "claim_id": low,
                "other_id": high,
                "score": score,
                "threshold": settings.NEAR_DUPLICATE_THRESHOLD,
            },
        )
    return flagged
