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
