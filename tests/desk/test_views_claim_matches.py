"""The claim page's "Same or similar claims" panel and its resolve form."""

import pytest
from django.urls import reverse

from claims.models import ClaimMatch
from claims.services.matching import claims_match
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(editor):
    old = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    new = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March, 2025.")
    AppearanceFactory(claim=new)
    (match,) = claims_match(actor=editor, claims=[new]).suggested
    return old, new, match


def test_the_panel_names_the_other_claim_and_offers_resolution(client, editor, pair):
    old, new, _match = pair
    client.force_login(editor)
    html = client.get(reverse("desk:claim_detail", args=[new.pk])).content.decode()
    assert "Same or similar claims (1)" in html
    assert f"Claim #{old.pk}" in html
    assert "Distinct claims" in html


def test_an_editor_merges_from_the_page(client, editor, pair):
    old, new, match = pair
    client.force_login(editor)
    response = client.post(
        reverse("desk:claim_match_resolve", args=[new.pk, match.pk]),
        {"status": "same", "note": "Same figure.", "version": new.version},
        follow=True,
    )
    html = response.content.decode()
    assert "The match is resolved." in html
    assert f'Merged into <a href="/claims/{old.pk}/">claim #{old.pk}</a>' in html


def test_a_researcher_proposes(client, researcher, pair):
    _old, new, match = pair
    client.force_login(researcher)
    client.post(
        reverse("desk:claim_match_resolve", args=[new.pk, match.pk]),
        {"status": "distinct", "note": "Different plant."},
    )
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("suggested", "distinct")


def test_the_list_filters_claims_with_open_matches(client, editor, pair):
    _old, new, _match = pair
    lonely = ClaimFactory(text="Rainfall in Guangdong was 20% above average.")
    client.force_login(editor)
    html = client.get(
        reverse("desk:claim_list"), {"has_open_matches": "true"}
    ).content.decode()
    assert f"/claims/{new.pk}/" in html
    assert f"/claims/{lonely.pk}/" not in html
    dashboard = client.get(reverse("desk:dashboard")).content.decode()
    assert "1 suggested match to resolve" in dashboard
    assert ClaimMatch.objects.count() == 1


def test_the_report_page_lists_claims_matching_published_verdicts(client, editor):
    from django.utils import timezone

    published = ClaimFactory(
        text="The Shenzhen plant produced 4,000 chips in March 2025.",
        status="published",
        verdict="false",
        first_published_at=timezone.now(),
        published_at=timezone.now(),
    )
    client.force_login(editor)
    response = client.post(
        reverse("desk:report_import"),
        {"text": "# R\n\nThe Shenzhen plant produced 4,000 chips in March, 2025.\n"},
        follow=True,
    )
    html = response.content.decode()
    assert "1 claim matches a published verdict: see" in html
    assert "Claims matching published verdicts (1)" in html
    assert f'href="/claims/{published.pk}/"' in html
    # The reader marks the restatement on its chip.
    assert f"matches published verdict #{published.pk}</span>" in html


@pytest.fixture
def external(editor):
    from claims.models import ExternalMatch
    from claims.services.external import external_factchecks_import

    claim = ClaimFactory(text="The Shenzhen plant produced 4,000 chips in March 2025.")
    data = (
        b'{"@type": "ClaimReview", "url": "https://checks.example.org/shenzhen",'
        b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
        b' "author": {"name": "Example Checker"},'
        b' "reviewRating": {"alternateName": "Mostly false", "ratingValue": 2}}'
    )
    external_factchecks_import(actor=editor, data=data, filename="x.json")
    return claim, ExternalMatch.objects.get(claim=claim)


def test_the_panel_shows_external_fact_checks(client, editor, external):
    claim, match = external
    client.force_login(editor)
    html = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "Same or similar claims (1)" in html
    assert "Example Checker" in html
    assert "Mostly false" in html
    assert "https://checks.example.org/shenzhen" in html
    response = client.post(
        reverse("desk:claim_external_match_resolve", args=[claim.pk, match.pk]),
        {"status": "distinct", "note": "Another plant."},
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == "distinct"


def _external_post(client, claim, match, **form):
    return client.post(
        reverse("desk:claim_external_match_resolve", args=[claim.pk, match.pk]),
        form,
        follow=True,
    )


def test_a_researcher_proposes_on_an_external_match_and_an_editor_confirms(
    client, researcher, other_researcher, editor, external
):
    claim, match = external
    page = reverse("desk:claim_detail", args=[claim.pk])
    client.force_login(researcher)
    html = client.get(page).content.decode()
    assert "this fact-check reviewed it" not in html
    assert f'id="external-note-{match.pk}"' in html
    html = _external_post(
        client, claim, match, status="same", note="Same plant.", version=claim.version
    ).content.decode()
    assert "Your proposal is recorded for an editor." in html
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("suggested", "same")

    client.force_login(other_researcher)
    assert "Rosa proposes: same claim" in client.get(page).content.decode()

    client.force_login(editor)
    html = client.get(page).content.decode()
    assert "Rosa proposes: same claim" in html
    assert "Same claim: this fact-check reviewed it" in html
    html = _external_post(
        client, claim, match, status="same", note="Agreed.", version=claim.version
    ).content.decode()
    assert "The match is resolved." in html
    assert "Same claim by Edith" in html
    match.refresh_from_db()
    assert (match.status, match.resolved_by) == ("same", editor)


def test_a_resolved_or_stale_external_match_takes_no_proposal(
    client, researcher, editor, external
):
    claim, match = external
    client.force_login(researcher)
    html = _external_post(
        client, claim, match, status="same", note="x", version=claim.version + 1
    ).content.decode()
    assert "was changed by someone else" in html
    match.refresh_from_db()
    assert match.proposed_status == ""
    client.force_login(editor)
    _external_post(client, claim, match, status="distinct", note="No.")
    client.force_login(researcher)
    html = _external_post(client, claim, match, status="same", note="x")
    assert "already resolved as distinct claims" in html.content.decode()
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("distinct", "")


def test_anyone_off_the_desk_is_refused_and_logged(client, external):
    from audit.models import AuditEvent
    from tests.factories import UserFactory

    claim, match = external
    url = reverse("desk:claim_external_match_resolve", args=[claim.pk, match.pk])
    anonymous = client.post(url, {"status": "same", "note": "x"})
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    client.force_login(UserFactory(username="reader"))
    assert client.post(url, {"status": "same", "note": "x"}).status_code == 403
    refused = AuditEvent.objects.get(action="access.refused")
    assert refused.data["attempted"] == f"POST {url}"
    match.refresh_from_db()
    assert (match.status, match.proposed_status) == ("suggested", "")


def test_the_reader_marks_claims_fact_checked_elsewhere(client, editor):
    from claims.services.external import external_factchecks_import

    external_factchecks_import(
        actor=editor,
        data=b'{"@type": "ClaimReview", "url": "https://checks.example.org/s",'
        b' "claimReviewed": "The Shenzhen plant made 4,000 chips in March 2025.",'
        b' "author": {"name": "Example Checker"},'
        b' "reviewRating": {"alternateName": "Mostly false"}}',
    )
    client.force_login(editor)
    html = client.post(
        reverse("desk:report_import"),
        {
            "text": "# R\n\nThe Shenzhen plant produced 4,000 chips in March 2025.\n\n"
            "Rainfall in Lisbon doubled in 2024.\n"
        },
        follow=True,
    ).content.decode()
    assert html.count('class="checked-elsewhere"') == 1
    assert "fact-checked by Example Checker</span>" in html


def _claim_with_matches(count: int, editor, researcher):
    """A claim with ``count`` matches with claims of other reports and ``count``
    external fact-checks, suggested, proposed and resolved mixed."""
    from claims.models import ExternalFactCheck, ExternalMatch

    claim = ClaimFactory()
    AppearanceFactory(claim=claim)
    mix = [("suggested", "", None), ("suggested", "same", None)]
    mix += [("distinct", "distinct", editor)]
    for n in range(count):
        status, proposed, resolver = mix[n % len(mix)]
        people = {
            "status": status,
            "proposed_status": proposed,
            "proposed_by": researcher if proposed else None,
            "resolved_by": resolver,
        }
        other = AppearanceFactory().claim
        ClaimMatch.objects.create(
            claim=claim, other=other, score=90 - n, source="other_report", **people
        )
        url = f"https://checks.example.org/{claim.pk}/{n}"
        fact_check = ExternalFactCheck.objects.create(
            key=ExternalFactCheck.key_for(url, other.text),
            publisher=f"Checker {n}",
            url=url,
            claim_reviewed=other.text,
            rating="False",
        )
        ExternalMatch.objects.create(
            claim=claim, fact_check=fact_check, score=80 - n, **people
        )
    return claim


def test_the_panel_reads_as_many_queries_for_ten_matches_as_for_two(
    client, editor, researcher
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = _claim_with_matches(2, editor, researcher)
    many = _claim_with_matches(10, editor, researcher)
    client.force_login(editor)
    client.get(reverse("desk:claim_detail", args=[few.pk]))  # the session, warm
    counted = {}
    for claim in (few, many):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("desk:claim_detail", args=[claim.pk]))
        counted[claim.pk] = len(queries)
        assert html.content.decode().count('class="match match-') == 2 * (
            2 if claim is few else 10
        )
    assert "Rosa proposes: same claim" in html.content.decode()
    assert counted[many.pk] == counted[few.pk]


def test_after_a_merge_the_desk_sees_the_suggestions_on_the_kept_claim(
    client, editor, pair
):
    """The merged claim's other suggestions (with a claim and with an external
    fact-check) wait on the kept claim; the merged one shows them closed."""
    from claims.models import ExternalFactCheck, ExternalMatch

    old, new, match = pair
    third = ClaimFactory(text="Shenzhen's plant made 4,000 chips in March 2025.")
    ClaimMatch.objects.create(claim=new, other=third, score=72, source="other_report")
    url = "https://checks.example.org/s"
    fact_check = ExternalFactCheck.objects.create(
        key=ExternalFactCheck.key_for(url, old.text),
        publisher="Example Checker",
        url=url,
        claim_reviewed=old.text,
        rating="False",
    )
    ExternalMatch.objects.create(claim=new, fact_check=fact_check, score=80)
    client.force_login(editor)
    assert (
        "3 suggested matches to resolve"
        in client.get(reverse("desk:dashboard")).content.decode()
    )
    client.post(
        reverse("desk:claim_match_resolve", args=[new.pk, match.pk]),
        {"status": "same", "note": "Same figure.", "version": new.version},
    )
    dashboard = client.get(reverse("desk:dashboard")).content.decode()
    assert "2 suggested matches to resolve" in dashboard
    listed = client.get(
        reverse("desk:claim_list"), {"has_open_matches": "true"}
    ).content.decode()
    assert f"/claims/{old.pk}/" in listed
    assert f"/claims/{new.pk}/" not in listed
    kept = client.get(reverse("desk:claim_detail", args=[old.pk])).content.decode()
    assert f"Claim #{third.pk}</a>" in kept
    assert "Example Checker</a>" in kept
    merged = client.get(reverse("desk:claim_detail", args=[new.pk])).content.decode()
    assert "Closed (claim merged) by" in merged
    timeline = client.get(reverse("desk:audit_claim", args=[new.pk])).content.decode()
    assert "Match closed by merge" in timeline
    assert f"restates claim #{third.pk}: it was merged into claim #{old.pk}" in (
        timeline
    )


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "1 claim matches a published verdict: see"),
        (2, "2 claims match published verdicts: see"),
    ],
)
def test_the_import_message_counts_verdict_matches_in_singular_or_plural(
    rf, count, said
):
    from types import SimpleNamespace

    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from desk.views.reports import import_result_announce
    from tests.factories import ReportFactory

    request = rf.post("/reports/import/")
    request.session = {}
    request._messages = FallbackStorage(request)
    import_result_announce(
        request,
        SimpleNamespace(
            report=ReportFactory(),
            created=True,
            claims_created=count,
            appearances_added=count,
            matches_suggested=0,
            verdict_matches=tuple(range(count)),
        ),
    )
    warnings = [str(m) for m in get_messages(request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith(said)
