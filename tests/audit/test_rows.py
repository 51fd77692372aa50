"""The log's rows (templates/desk/audit/_rows.html): times, links and escaping."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from audit.registry import format_event
from audit.selectors import audit_events
from desk.forms.audit import DeskAuditFilterSet
from desk.views.audit import log_rows
from tests.factories import UserFactory

UTC = datetime.UTC
TIMES = [
    datetime.datetime(2026, 1, 1, 0, 30, 5, tzinfo=UTC),
    datetime.datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime.datetime(2024, 2, 29, 12, 0, 0, 120000, tzinfo=UTC),
    datetime.datetime(2026, 3, 29, 1, 15, 0, tzinfo=UTC),  # DST starts in Europe
    datetime.datetime(2026, 10, 25, 0, 45, 0, tzinfo=UTC),  # and ends
    datetime.datetime(987, 7, 4, 9, 5, 3, tzinfo=UTC),  # a year of three digits
]
ZONES = ["UTC", "Europe/London", "Asia/Kathmandu", "America/St_Johns"]
# The day in the language's DATE_FORMAT, as on the claim's timeline.
WAS = Template("{{ at|date:'c' }}|{{ at|date:'DATE_FORMAT' }}|{{ at|date:'H:i:s' }}")
TIME = re.compile(r'<time datetime="([^"]*)">([^<]*)<br>([^<]*)</time>')


def _row(event: AuditEvent, viewer=None) -> str:
    shown = format_event(event, viewer=viewer)
    return render_to_string("desk/audit/_rows.html", {"rows": log_rows([shown])})


def _time(row: str) -> str:
    return "|".join(TIME.search(row).groups())


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", ["en-gb", "de", "fr"])
def test_times_are_written_as_the_date_filter_writes_them(settings, zone, language):
    settings.TIME_ZONE = zone
    with translation.override(language):
        for at in TIMES:
            assert _time(_row(AuditEvent(at=at))) == WAS.render(Context({"at": at})), at


def test_times_follow_the_time_zone_activated_for_the_request(settings):
    settings.TIME_ZONE = "UTC"
    at = TIMES[0]
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        written = _time(_row(AuditEvent(at=at)))
        assert written == WAS.render(Context({"at": at}))
    assert written.endswith("|09:30:05")


@pytest.mark.parametrize(
    "username",
    ["editor", "u+1@x-y_z", "ravi.k", "é", "ev\"il<>&'%20 x", "a?b#c", "~:;=!$*"],
)
def test_user_links_are_those_reverse_writes(username):
    row = _row(AuditEvent(at=TIMES[0], actor_id=1, actor_label=username))
    url = reverse("desk:audit_user", args=[username])
    assert f'<a href="{html.escape(url, quote=True)}">' in row.replace(
        "&#x27;", "&#x27;"
    )


@pytest.mark.parametrize(
    "label", ["claims.claim", "claims.report", "sources.source", "auth.user", ""]
)
@pytest.mark.parametrize("pk", ["5", "007", "1234567890123", "12abc", "", "１２", "-1"])
def test_record_links_are_the_events_own(label, pk):
    event = AuditEvent(at=TIMES[0], subject_type=label, subject_id=pk)
    row = _row(event)
    if event.subject_url:
        assert f'<a href="{event.subject_url}">' in row
    else:
        assert "<a href" not in row.split("<td>")[-2]


@pytest.mark.parametrize(
    ("scope_type", "scope_id", "request_id"),
    [
        ("claims.claim", "5", "abc123"),
        ("x y&z", "q?=&#/é", 'a"b<c>'),
        ("claims.report", "1", "réq id/with space"),
    ],
)
def test_scope_and_request_links_are_urlencoded(scope_type, scope_id, request_id):
    was = Template(
        "{% url 'desk:audit_log' %}?scope={{ t|urlencode }}:{{ i|urlencode }}|"
        "{% url 'desk:audit_log' %}?request_id={{ r|urlencode }}"
    ).render(Context({"t": scope_type, "i": scope_id, "r": request_id}))
    scope_url, request_url = was.split("|")
    row = _row(
        AuditEvent(
            at=TIMES[0],
            subject_type="auth.user",
            subject_id="1",
            scope_type=scope_type,
            scope_id=scope_id,
            request_id=request_id,
        )
    )
    assert f'href="{scope_url}"' in row
    assert f'href="{request_url}"' in row


def test_an_event_filed_under_its_own_subject_names_no_scope():
    row = _row(
        AuditEvent(
            at=TIMES[0], subject_type="claims.claim", subject_id="5",
            scope_type="claims.claim", scope_id="5",
        )
    )  # fmt: skip
    assert "?scope=" not in row
    assert "?request_id=" not in row


EVIL = '"><img src=x onerror="window.__xss=1"> <script>alert(1)</script> & \' é'
DATA = [
    {},
    {
        "changes": {
            "topic": {"old": "T<1>", "new": EVIL},
            "n": {"old": None, "new": [1]},
        }
    },
    {"from": "new", "to": "researching", "rating": EVIL},
    {"changes": {"status": {"old": "a", "new": "b"}}, "from": "a", "to": "b"},
    {"via": EVIL, "changes": {"x": {"old": {"k": EVIL}, "new": ""}}},
]
RECORDS = [
    ("claims.claim", "5", "", "claims.claim", "5"),
    ("claims.report", "1", EVIL, "", ""),
    ("sources.source", "3", "Label <i>ok</i>", "claims.claim", "5"),
    ("", "", "", "", ""),
    ("weird type&<x>", "a&b c/d", "plain", "x y&z", "q?=&#/é"),
    ("claims.claim", "12abc", EVIL, "claims.claim", "6"),
    ("claims.claim", "５", "", "claims.claim", ""),
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("record", RECORDS)
@pytest.mark.parametrize(
    ("actor_id", "actor_label", "comment", "request_id"),
    [
        (3, "ev\"il<>&'é.user", EVIL, EVIL[:64]),
        (None, "", "", ""),
        (4, "u+1@x-y_z", "Comment <b>bold</b> & more", "0123456789abcdef" * 2),
    ],
)
def test_hostile_values_are_escaped_byte_for_byte(
    settings, data, record, actor_id, actor_label, comment, request_id
):
    settings.TIME_ZONE = "Asia/Kathmandu"
    subject_type, subject_id, subject_label, scope_type, scope_id = record
    for action in ["claim.changed", "review.submitted", "unregistered.thing"]:
        event = AuditEvent(
            seq=1234567,
            at=TIMES[1],
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_label=subject_label,
            scope_type=scope_type,
            scope_id=scope_id,
            data=data,
            comment=comment,
            request_id=request_id,
        )
        row = _row(event)
        # Nothing a user typed becomes markup: the only tags are the template's.
        for tag in ("<script", "<img", "<i>", "<b>", "<x>", "<1>"):
            assert tag not in row, (action, tag)
        assert 'onerror="' not in row
        if comment:
            assert html.escape(comment, quote=True) in row
        if subject_label and event.subject_type:
            assert html.escape(subject_label, quote=True) in row
        assert f'<tr id="event-{event.seq}">' in row


@pytest.mark.django_db
def test_the_filter_form_renders_through_djangos_widget_templates():
    UserFactory(username='ev"il<>&')
    data = {"actor": 'ev"il<>&', "action": "claim.changed", "since": "2026-01-02"}
    form = DeskAuditFilterSet(data, queryset=audit_events()).form
    for name, field in form.fields.items():
        assert type(field.widget).__module__ == "django.forms.widgets", name
    actor = str(form["actor"])
    assert '<option value="ev&quot;il&lt;&gt;&amp;" selected>' in actor
    assert "ev&quot;il&lt;&gt;&amp;</option>" in actor
    action = str(form["action"])
    assert '<option value="claim.changed" selected>Claim edited</option>' in action
    assert 'type="date"' in str(form["since"])
    assert 'value="2026-01-02"' in str(form["since"])
