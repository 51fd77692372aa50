"""The public list of signed checkpoints: /audit/checkpoints.json."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from audit.checkpoints.services import as_json
from audit.checkpoints.signing import (
    STATEMENT_PREFIX,
    has_signing_key,
    key_id,
    public_key_b64,
    signing_key,
)
from audit.models import AuditCheckpoint
from config.ids import parse_id

PAGE_SIZE = 500


@require_safe
@cache_control(public=True, max_age=60)
def checkpoint_list(request):
    """Every checkpoint, oldest first, 500 a page (``?after=<id>`` for the next).

    Public on purpose, like a transparency log's signed heads: anyone may keep
    copies, and a copy kept elsewhere is what shows a later truncation.
    """
    after = parse_id(request.GET.get("after", "")) or 0
    rows = list(
        AuditCheckpoint.objects.filter(pk__gt=after).order_by("pk")[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if has_signing_key():
        public_key = public_key_b64(signing_key())
    else:
        newest = AuditCheckpoint.objects.order_by("-pk").first()
        public_key = newest.public_key if newest else None
    path = reverse("audit:checkpoint_list")
    return JsonResponse(
        {
            "log": settings.CLAIMTRAIL_SITE_URL.rstrip("/") + path,
            "algorithm": "Ed25519",
            "public_key": public_key,
            "key_id": key_id(public_key) if public_key else None,
            "statement": (
                f"{STATEMENT_PREFIX.decode().strip()} + newline + the JSON object "
                '{"at","event_count","head_hash","head_seq"}, keys sorted, '
                "no spaces; signature and public key in base64"
            ),
            "checkpoints": [as_json(row) for row in rows],
            "next": f"{path}?after={rows[-1].pk}" if more else None,
        },
        json_dumps_params={"indent": 1},
    )
