"""Every registered action reads the same on every surface: the claim timeline, the
audit log page, its CSV, the API and the admin (ids as names, codes as labels)."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import get_language

import audit
import audit.registry
from audit.models import AuditEvent
from audit.registry import format_event, registered_actions
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<[^>]+>")


def _text(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", markup)).split())


def _segments(markup: str, start: str) -> dict[int, str]:
    """The text of each event's part of a page, by seq (``start`` opens one)."""
    parts = {}
    for chunk in markup.split(start)[1:]:
        seq = re.search(r"#(\d+)", _text(chunk))
        if seq:
            parts[int(seq.group(1))] = _text(chunk)
    return parts


def _expected(event: AuditEvent) -> list[str]:
    shown = format_event(event)
    return [shown.label, shown.message, *shown.changes_text.split("; ")]


def _surfaces(client, claim, admin) -> dict[str, dict[int, str]]:
    client.force_login(admin)
    log = client.get(reverse("desk:audit_claim", args=[claim.pk]), {"size": 200})
    assert log.status_code == 200
    export = client.get(reverse("desk:audit_export"), {"claim": claim.pk})
    body = b"".join(export.streaming_content).decode()
    csv_rows = {
        int(row["seq"]): " ".join(
            [row["label"], row["message"], row["details"].replace("; ", " ")]
        )
        for row in csv.DictReader(io.StringIO(body))
    }
    api = client.get(
        "/api/v1/audit/events/",
        {"scope_type": "claims.claim", "scope_id": claim.pk, "page_size": 200},
    ).json()
    api_rows = {
        row["seq"]: " ".join([row["label"], row["message"], *row["details"]])
        for row in api["results"]
    }
    admin_page = client.get(
        reverse("admin:audit_auditevent_changelist"), {"scope_id": claim.pk}
    ).content.decode()
    admin_rows = {}
    for chunk in admin_page.split("<tr")[1:]:
        seq = re.search(r'<th class="field-seq"><a [^>]*>(\d+)</a>', chunk)
        if seq:
            admin_rows[int(seq.group(1))] = _text(chunk)
    timeline_page = client.get(
        reverse("desk:claim_detail", args=[claim.pk])
    ).content.decode()
    timeline = timeline_page.split('id="timeline"')[1]
    timeline_rows = {}
    events = list(
        AuditEvent.objects.for_scope("claims.claim", claim.pk).order_by("seq")
    )
    for event, chunk in zip(
        events, timeline.split('<li class="event">')[1:], strict=True
    ):
        timeline_rows[event.seq] = _text(chunk)
    return {
        "audit log": _segments(log.content.decode(), '<tr id="event-'),
        "csv": csv_rows,
        "api": api_rows,
        "admin": admin_rows,
        "timeline": timeline_rows,
    }


def _check(events, surfaces):
    for event in events:
        words = _expected(event)
        for surface, rows in surfaces.items():
            assert event.seq in rows, (surface, event.action)
            for word in words:
                # The pages show "field: old → new" as a term and its definition.
                for part in (
                    re.split(": | → ", word)
                    if surface in {"audit log", "timeline"}
                    else [word]
                ):
                    assert part in rows[event.seq], (surface, event.action, part)


def test_every_registered_action_reads_the_same_everywhere(client, admin, researcher):
    claim = ClaimFactory()
    events = []
    for action in registered_actions():
        events.append(
            audit.record(
                action=action,
                actor=admin,
                subject=claim,
                data={
                    "changes": {
                        "assignee_id": {"old": None, "new": researcher.pk},
                        "verdict": {"old": "true", "new": "misleading"},
                        "zz_unknown": {"old": None, "new": "raw-value"},
                    }
                },
            )
        )
    for event in events:
        shown = format_event(event)
        text = shown.changes_text
        action = audit.registry._ACTIONS[event.action]
        if "assignee_id" in action.fields:
            assert "assignee: Rosa" in text, event.action
            assert "assignee_id" not in text
        if "verdict" in action.fields:
            assert "verdict: True → Misleading" in text, event.action
        # A field nobody registered shows its raw name and value.
        assert "zz unknown: raw-value" in text, event.action
        assert shown.label != event.action, event.action
    # Claim and workflow actions name people and verdicts in words.
    claim_changed = next(e for e in events if e.action == "claim.changed")
    assert "assignee: Rosa" in format_event(claim_changed).changes_text
    assert "verdict: True → Misleading" in format_event(claim_changed).changes_text

    _check(events, _surfaces(client, claim, admin))


def test_an_unknown_action_and_field_still_render_everywhere(client, admin, researcher):
    claim = ClaimFactory()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(audit.registry, "_ACTIONS", dict(audit.registry._ACTIONS))
        audit.registry.register("legacy.retired_step", "{actor} did a retired thing")
        event = audit.record(
            action="legacy.retired_step",
            actor=admin,
            subject=claim,
            data={"changes": {"old_field": {"old": 7, "new": {"odd": [1]}}}},
        )
    # The action is no longer registered: the raw name and values are shown.
    shown = format_event(event)
    assert shown.label == "legacy.retired_step"
    assert shown.message == "admin: legacy.retired_step"
    assert shown.changes_text == 'old field: 7 → {"odd": [1]}'
    _check([event], _surfaces(client, claim, admin))


def test_the_filter_menu_lists_action_labels(client, researcher):
    client.force_login(researcher)
    page = client.get(reverse("desk:audit_log")).content.decode()
    assert '<option value="claim.changed">Claim edited</option>' in page
    assert '<option value="review.submitted">Review submitted</option>' in page


def test_the_admin_filters_by_action_label(client, admin, researcher):
    audit.record(action="claim.changed", actor=researcher, subject=ClaimFactory())
    audit.record(action="user.changed", actor=researcher, subject=researcher)
    client.force_login(admin)
    changelist = reverse("admin:audit_auditevent_changelist")
    page = client.get(changelist).content.decode()
    assert "Claim edited</a>" in page and "User changed</a>" in page
    filtered = client.get(changelist, {"action": "claim.changed"})
    assert filtered.status_code == 200
    assert list(
        filtered.context["cl"].result_list.values_list("action", flat=True)
    ) == ["claim.changed"]


def test_labels_messages_and_values_read_in_the_active_language(researcher):
    claim = ClaimFactory()
    event = audit.record(
        action="claim.changed",
        actor=researcher,
        subject=claim,
        data={"changes": {"status": {"old": "new", "new": "researching"}}},
    )
    with translation.override("zh-hans"):
        shown = format_event(event)
        choices = dict(audit.registry.action_choices())
    assert shown.label == "声明已编辑"
    assert shown.message == f"researcher 编辑了声明 {claim}"
    assert shown.changes_text == "状态: 新建 → 研究中"
    assert choices["claim.changed"] == "声明已编辑"
    with translation.override("de"):
        assert format_event(event).label == "Behauptung bearbeitet"
    assert format_event(event).label == "Claim edited"


def test_days_and_times_in_changes_read_as_the_event_s_own_time(researcher):
    claim = ClaimFactory()
    event = audit.record(
        action="claim.scheduled",
        actor=researcher,
        subject=claim,
        data={
            "changes": {
                "due_on": {"old": None, "new": "2026-12-20"},
                "published_at": {"old": None, "new": "2026-12-01T09:30:05+00:00"},
            }
        },
    )
    shown = format_event(event)
    assert shown.changes_text == (
        "due on: 20 Dec 2026; published at: 1 Dec 2026 09:30:05"
    )
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d", shown.at_text)
    with translation.override("de"):
        shown = format_event(event)
        assert shown.changes_text == (
            "fällig am: 20. Dezember 2026; veröffentlicht am: 1. Dezember 2026 09:30:05"
        )
        assert re.fullmatch(r"\d{1,2}\. \w+ \d{4} \d\d:\d\d:\d\d", shown.at_text)


def test_a_translation_that_breaks_its_placeholders_falls_back_to_english(admin):
    # A translator's typo ("{actor" unclosed) must not turn the message into the
    # bare action name, nor raise.
    message = lazy(
        lambda: (
            "{actor hat etwas getan" if get_language() == "de" else "{actor} did it"
        ),
        str,
    )()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(audit.registry, "_ACTIONS", dict(audit.registry._ACTIONS))
        audit.registry.register("legacy.translated_step", message, label="Did it")
        event = audit.record(action="legacy.translated_step", actor=admin)
        with translation.override("de"):
            assert format_event(event).message == "admin did it"
        assert format_event(event).message == "admin did it"


@pytest.mark.parametrize(
    ("count", "english", "german"),
    [
        (1, "marked 1 notification read", "hat 1 Benachrichtigung als gelesen"),
        (3, "marked 3 notifications read", "hat 3 Benachrichtigungen als gelesen"),
        # An event without its number still reads, in the plural.
        (None, "marked … notifications read", "Benachrichtigungen als gelesen"),
    ],
)
def test_a_counted_message_is_worded_by_its_number(researcher, count, english, german):
    event = audit.record(
        action="notification.read",
        actor=researcher,
        data={} if count is None else {"count": count},
    )
    assert format_event(event).message == f"researcher {english}"
    with translation.override("de"):
        assert german in format_event(event).message
