"""The log's rows write the times and links the template's filters and tags wrote."""

import copy
import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from audit.filters import AuditEventFilterSet
from audit.models import AuditEvent
from audit.rows import RowMaker
from audit.selectors import audit_events
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
# What templates/audit/event_list.html wrote before the rows were made in Python.
WAS = Template(
    "{% load l10n %}{{ at|date:'c' }}|{{ at|date:'j M Y' }}|{{ at|date:'H:i:s' }}"
)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", ["en-gb", "de", "fr"])
def test_times_are_written_as_the_date_filter_writes_them(settings, zone, language):
    settings.TIME_ZONE = zone
    with translation.override(language):
        maker = RowMaker()
        for at in TIMES:
            row = maker.row(AuditEvent(at=at))
            assert f"{row.at_iso}|{row.day}|{row.clock}" == WAS.render(
                Context({"at": at})
            ), at


def test_times_follow_the_time_zone_activated_for_the_request(settings):
    settings.TIME_ZONE = "UTC"
    at = TIMES[0]
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        row = RowMaker().row(AuditEvent(at=at))
        assert f"{row.at_iso}|{row.day}|{row.clock}" == WAS.render(Context({"at": at}))
    assert row.clock == "09:30:05"


@pytest.mark.parametrize(
    "username",
    ["editor", "u+1@x-y_z", "ravi.k", "é", "ev\"il<>&'%20 x", "a?b#c", "~:;=!$*"],
)
def test_user_links_are_those_reverse_writes(username):
    assert RowMaker().user_url(username) == reverse(
        "audit:user_events", args=[username]
    )


@pytest.mark.parametrize(
    "label", ["claims.claim", "claims.report", "sources.source", "auth.user", ""]
)
@pytest.mark.parametrize("pk", ["5", "007", "1234567890123", "12abc", "", "１２", "-1"])
def test_record_links_are_the_events_own(label, pk):
    event = AuditEvent(subject_type=label, subject_id=pk)
    assert RowMaker().detail_url(label, pk) == (event.subject_url or "")


@pytest.mark.parametrize(
    ("scope_type", "scope_id", "request_id"),
    [
        ("claims.claim", "5", "abc123"),
        ("x y&z", "q?=&#/é", 'a"b<c>'),
        ("claims.report", "1", "réq id/with space"),
    ],
)
def test_scope_and_request_links_are_those_the_template_wrote(
    scope_type, scope_id, request_id
):
    was = Template(
        "{% url 'audit:event_list' %}?scope={{ t|urlencode }}:{{ i|urlencode }}|"
        "{% url 'audit:event_list' %}?request_id={{ r|urlencode }}"
    ).render(Context({"t": scope_type, "i": scope_id, "r": request_id}))
    row = RowMaker().row(
        AuditEvent(
            at=TIMES[0],
            subject_type="auth.user",
            subject_id="1",
            scope_type=scope_type,
            scope_id=scope_id,
            request_id=request_id,
        )
    )
    shown = Template("{{ row.scope_url }}|{{ row.request_url }}").render(
        Context({"row": row})
    )
    assert shown == was


def test_an_event_filed_under_its_own_subject_names_no_scope():
    row = RowMaker().row(
        AuditEvent(
            at=TIMES[0], subject_type="claims.claim", subject_id="5",
            scope_type="claims.claim", scope_id="5",
        )
    )  # fmt: skip
    assert row.scope_url == ""
    assert row.request_url == ""


# One row of templates/audit/event_list.html before its markup moved to audit/rows.py.
TEMPLATE_ROW = Template(
    """{% with event=row.event %}
      <tr id="event-{{ event.seq }}">
        <td class="ct-nowrap"><time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"j M Y" }}<br>{{ event.at|date:"H:i:s" }}</time>
          <span class="ct-seq">#{{ event.seq }}</span></td>
        <td>{% if event.actor_id %}<a href="{% url 'audit:user_events' event.actor_label %}">{{ event.actor_label }}</a>{% else %}<span class="ct-muted">{{ event.actor_display }}</span>{% endif %}</td>
        <th scope="row" class="ct-what">
          <span class="ct-message">{{ event.message }}</span>
          <code class="ct-action">{{ event.action }}</code>
          {% if row.changes %}
          <ul class="ct-changes" aria-label="Changes">
            {% for change in row.changes %}<li><span class="ct-field-name">{{ change.field }}</span> {% if change.old == "—" %}<span class="ct-muted">set to</span>{% else %}<del>{{ change.old }}</del> <span aria-label="changed to">→</span>{% endif %} <ins>{{ change.new }}</ins></li>{% endfor %}
          </ul>
          {% endif %}
          {% if event.comment %}<blockquote class="ct-comment"><span class="ct-visually-hidden">Comment: </span>{{ event.comment }}</blockquote>{% endif %}
        </th>
        <td>{% if event.subject_type %}{% with url=event.subject_url %}{% if url %}<a href="{{ url }}">{{ event.subject_label|default:event.subject_type }}</a>{% else %}{{ event.subject_label|default:event.subject_type }}{% endif %}{% endwith %}
          <span class="ct-muted ct-small">{{ event.subject_type }}{% if event.subject_id %} #{{ event.subject_id }}{% endif %}</span>{% else %}—{% endif %}
          {% if event.scope_type and event.scope_type != event.subject_type or event.scope_id != event.subject_id %}{% if event.scope_type %}<span class="ct-small">in <a href="{% url 'audit:event_list' %}?scope={{ event.scope_type|urlencode }}:{{ event.scope_id|urlencode }}">{{ event.scope_type }} #{{ event.scope_id }}</a></span>{% endif %}{% endif %}
        </td>
        <td>{% if event.request_id %}<a href="{% url 'audit:event_list' %}?request_id={{ event.request_id|urlencode }}" class="ct-request"><code>{{ event.request_id|slice:":8" }}</code><span class="ct-visually-hidden"> (every event of request {{ event.request_id }})</span></a>{% else %}—{% endif %}</td>
      </tr>
      {% endwith %}"""
)
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
def test_rows_are_written_as_the_template_wrote_them(
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
        row = RowMaker().row(event)
        assert row.html == TEMPLATE_ROW.render(Context({"row": row}))


@pytest.mark.django_db
def test_the_filter_form_renders_as_with_django_widgets():
    UserFactory(username='ev"il<>&')
    data = {"actor": 'ev"il<>&', "action": "claim.changed", "since": "2026-01-02"}
    quick = AuditEventFilterSet(data, queryset=audit_events()).form
    plain = AuditEventFilterSet(data, queryset=audit_events()).form
    for field in plain.fields.values():
        # The same widget (choices, type, attributes) as Django's class renders it.
        field.widget = copy.deepcopy(field.widget)
        field.widget.__class__ = next(
            base
            for base in type(field.widget).__mro__
            if base.__module__ == "django.forms.widgets"
        )
    for name, field in quick.fields.items():
        assert type(field.widget).__module__ == "config.widgets", name
        assert str(quick[name]) == str(plain[name]), name
