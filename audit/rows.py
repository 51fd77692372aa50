"""The audit log's rows as its table shows them, every text and link made once.

A page shows fifty events. Written in the template, each row reversed three URLs
and formatted its time three times through the localised ``date`` filter; that,
more than the database, was the page's time. Here each route is reversed once
per page and filled in per row, and the time is converted to the current time
zone once and written by hand. The output is what the template wrote before
(``tests/audit/test_rows.py`` compares it with ``reverse()`` and ``date``).
"""

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.http import RFC3986_SUBDELIMS

from audit.models import DETAIL_ROUTES, AuditEvent

# What reverse() leaves unquoted in a path argument (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# A path argument no converter changes: every built-in one accepts digits as they are.
_PLACEHOLDER = "9081726354"
_DIGITS = re.compile(r"[0-9]+\Z")


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    changes: list[Change]
    at_iso: str  # the local time as the date filter's "c" writes it
    day: str  # "j M Y"
    clock: str  # "H:i:s"
    actor_url: str  # empty for the system
    subject_text: str
    subject_url: str  # empty when the record has no page
    scope_url: str  # empty when the event is filed under its own subject
    request_url: str  # empty without a request id


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def change_rows(event: AuditEvent) -> list[Change]:
    """The event's state change and field changes, as old → new text pairs."""
    rows = []
    data = event.data if isinstance(event.data, dict) else {}
    changes = event.changes
    # Transitions record the state both as from/to and, often, as a status change.
    if ("from" in data or "to" in data) and "status" not in changes:
        rows.append(Change("status", _shown(data.get("from")), _shown(data.get("to"))))
    for field, change in sorted(changes.items()):
        if isinstance(change, dict):
            old, new = _shown(change.get("old")), _shown(change.get("new"))
            if old != new:  # e.g. None -> "" on creation says nothing to a reader
                rows.append(Change(field, old, new))
    return rows


def _split(route: str) -> tuple[str, str] | None:
    """The route's URL before and after its one argument, or None if it has none."""
    try:
        url = reverse(route, args=[_PLACEHOLDER])
    except NoReverseMatch:
        return None
    before, found, after = url.partition(_PLACEHOLDER)
    return (before, after) if found and _PLACEHOLDER not in after else None


class RowMaker:
    """Makes the rows of one page: routes reversed and month names looked up once."""

    def __init__(self) -> None:
        self.log_url = reverse("audit:event_list")
        self._user = _split("audit:user_events")
        self._details = {label: _split(route) for label, route in DETAIL_ROUTES.items()}
        self._months: dict[int, str] = {}

    def row(self, event: AuditEvent) -> Row:
        at = event.at
        if settings.USE_TZ and timezone.is_aware(at):
            at = timezone.localtime(at)
        month = self._months.get(at.month)
        if month is None:
            month = self._months[at.month] = str(MONTHS_3[at.month]).title()
        show_scope = event.scope_type and (
            event.scope_type != event.subject_type or event.scope_id != event.subject_id
        )
        return Row(
            event=event,
            changes=change_rows(event),
            at_iso=at.isoformat(),
            day=f"{at.day} {month} {at.year:04d}",
            clock=f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}",
            actor_url=self.user_url(event.actor_label) if event.actor_id else "",
            subject_text=event.subject_label or event.subject_type,
            subject_url=self.detail_url(event.subject_type, event.subject_id),
            scope_url=(
                f"{self.log_url}?scope={quote(event.scope_type)}:"
                f"{quote(event.scope_id)}"
                if show_scope
                else ""
            ),
            request_url=(
                f"{self.log_url}?request_id={quote(event.request_id)}"
                if event.request_id
                else ""
            ),
        )

    def user_url(self, username: str) -> str:
        # The str converter takes any non-empty text without "/"; reverse() quotes it.
        if self._user is None or not username or "/" in username:
            return reverse("audit:user_events", args=[username])
        return self._user[0] + quote(username, safe=_PATH_SAFE) + self._user[1]

    def detail_url(self, label: str, pk: str) -> str:
        """The record's page, as ``AuditEvent.subject_url`` finds it ("" if none)."""
        split = self._details.get(label)
        if split is not None and _DIGITS.match(pk):
            return split[0] + pk + split[1]
        if label not in DETAIL_ROUTES or not pk:
            return ""
        try:
            return reverse(DETAIL_ROUTES[label], args=[pk])
        except NoReverseMatch:
            return ""
