"""Drafts never go public: marker strings in every draft field of a reopened claim.

A published verdict is reopened; the researcher rewrites everything (wording,
topic, short claim, claimant, language, a new review's rationale, new evidence
from a new source) and the editor's internal reason carries a marker too. No
public surface (the verdict list and page with its JSON-LD, the feed, both
exports, and the API's published fields) shows any marker until the new verdict
is approved; then every approved marker is public and the internal reason still
is not.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from claims.services.claims import claim_update
from claims.services.evidence import evidence_add
from reviews.services import (
    claim_approve,
    claim_reopen,
)
from sources.services import source_create
from tests.factories import AppearanceFactory, ClaimFactory, ReportFactory
from tests.reviews.publishing import publish, review_and_submit

pytestmark = pytest.mark.django_db

MARKERS = {
    "text": "MARKER-WORDING The market grew by 9% in 2025.",
    "topic": "MARKER-TOPIC",
    "short_claim": "MARKER-SHORT market grew 9%",
    "claimant": "MARKER-CLAIMANT Ministry",
    "language": "zh-Hans",
    "rationale": "MARKER-RATIONALE The bureau's table gives 9.1%.",
    "evidence_title": "MARKER-EVIDENCE-TITLE Bulletin",
    "evidence_excerpt": "MARKER-EVIDENCE-EXCERPT table 4",
    "evidence_url": "https://stats.example.org/marker-evidence-url",
}
REASON = "MARKER-INTERNAL-REASON Rosa misread table 3"


@pytest.fixture
def reopened(researcher, editor):
    """A published verdict, reopened, with a draft in every field."""
    report = ReportFactory(url="https://reports.example.org/market")
    claim = ClaimFactory(text="The market grew by 12% in 2025.", topic="Markets")
    AppearanceFactory(claim=claim, report=report)
    claim = publish(claim, researcher=researcher, editor=editor, rating="true")
    claim = claim_reopen(claim=claim, actor=editor, reason=REASON)
    claim = claim_update(
        claim=claim,
        actor=researcher,
        expected_version=claim.version,
        changes={
            name: MARKERS[name]
            for name in ("text", "topic", "short_claim", "claimant", "language")
        },
    )
    source = source_create(
        actor=researcher,
        url=MARKERS["evidence_url"],
        title=MARKERS["evidence_title"],
        publisher="Bureau",
        kind="official_statistics",
    )
    evidence = evidence_add(
        claim=claim,
        actor=researcher,
        source=source,
        stance="refutes",
        excerpt=MARKERS["evidence_excerpt"],
    )
    return review_and_submit(
        claim,
        researcher=researcher,
        rating="mostly_false",
        rationale=MARKERS["rationale"],
        evidence=evidence,
    )


def public_surfaces(client, api_client, claim) -> dict[str, str]:
    """Every public surface's text, by name."""
    csv_body = b"".join(client.get(reverse("reviews:export_csv")).streaming_content)
    api = api_client.get(f"/api/v1/claims/{claim.pk}/").json()
    versions = api_client.get(f"/api/v1/claims/{claim.pk}/versions/").json()
    return {
        "verdict list": client.get(reverse("reviews:verdict_list")).content.decode(),
        "verdict page": client.get(
            reverse("reviews:verdict_detail", args=[claim.pk])
        ).content.decode(),
        "feed": json.dumps(client.get(reverse("reviews:feed")).json()),
        "CSV export": csv_body.decode(),
        "JSON export": json.dumps(client.get(reverse("reviews:export_json")).json()),
        "API published_version": json.dumps(api["published_version"]),
        "API versions": json.dumps(versions),
    }


# Which approved fields each surface shows (the list shows only the wording, the
# feed a ClaimReview: short claim, claimant, language, rationale).
SHOWN = {
    "verdict list": {"text"},
    "verdict page": set(MARKERS),
    "feed": {"short_claim", "claimant", "language", "rationale"},
    "CSV export": set(MARKERS) - {"evidence_title", "evidence_excerpt"},
    "JSON export": set(MARKERS) - {"evidence_title", "evidence_excerpt"},
    "API published_version": set(MARKERS),
    "API versions": set(MARKERS),
}


def _found(text: str, marker: str) -> bool:
    # HTML escapes the apostrophe of the rationale; compare the marker's token.
    return marker.split(" ")[0] in text


@pytest.fixture
def api_client(editor):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_no_draft_field_reaches_a_public_surface_until_approval(
    client, api_client, reopened, editor
):
    for surface, text in public_surfaces(client, api_client, reopened).items():
        leaked = [
            name
            for name, marker in MARKERS.items()
            if name != "language" and _found(text, marker)
        ]
        assert not leaked, f"{surface} shows the draft's {leaked}"
        assert "zh-Hans" not in text, f"{surface} shows the draft's language"
        assert "MARKER-INTERNAL-REASON" not in text, f"{surface} shows the reason"

    claim_approve(claim=reopened, actor=editor)

    surfaces = public_surfaces(client, api_client, reopened)
    for surface, text in surfaces.items():
        missing = [name for name in SHOWN[surface] if not _found(text, MARKERS[name])]
        assert not missing, f"{surface} lacks the approved {missing}"
        assert "MARKER-INTERNAL-REASON" not in text, f"{surface} shows the reason"
    rows = list(csv.DictReader(io.StringIO(surfaces["CSV export"])))
    assert rows[0]["version"] == "2" and rows[0]["verdict"] == "mostly_false"
