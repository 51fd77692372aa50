"""The audit log's rows, written in Python: the same HTML, a fraction of the time.

A page shows fifty events. Through the template engine each row reversed three
URLs, formatted its time three times with the localised ``date`` filter and
rendered some thirty nodes; that, more than the database, was the page's time.
Here each route is reversed once per page and filled in per row, the time is
converted to the current time zone once and written by hand, and the row's
markup is one format string. ``tests/audit/test_rows.py`` checks the output
against ``reverse()``, the ``date`` filter and the template the rows came from.
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
from django.utils.html import conditional_escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

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

    @property
    def html(self) -> SafeString:
        """The table row; every value in it is escaped here."""
        return mark_safe(_row_html(self))  # noqa: S308


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
        # The str converter takes any non-empty text without "/", quoted as here;
        # anything else goes to reverse(), which refuses it as {% url %} did.
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


# The row's markup, to the whitespace, as templates/audit/event_list.html wrote it
# before (tests/audit/test_rows.py keeps that template to compare with).
_ROW = """
      <tr id="event-{seq}">
        <td class="ct-nowrap"><time datetime="{at_iso}">{day}<br>{clock}</time>
          <span class="ct-seq">#{seq}</span></td>
        <td>{actor}</td>
        <th scope="row" class="ct-what">
          <span class="ct-message">{message}</span>
          <code class="ct-action">{action}</code>
          {changes}
          {comment}
        </th>
        <td>{subject}
          {scope}
        </td>
        <td>{request}</td>
      </tr>
      """
_CHANGES = """
          <ul class="ct-changes" aria-label="Changes">
            {items}
          </ul>
          """


def _row_html(row: Row) -> str:
    esc = conditional_escape
    event = row.event
    items = []
    for change in row.changes:
        was = (
            '<span class="ct-muted">set to</span>'
            if change.old == "—"
            else f'<del>{esc(change.old)}</del> <span aria-label="changed to">→</span>'
        )
        items.append(
            f'<li><span class="ct-field-name">{esc(change.field)}</span> {was} '
            f"<ins>{esc(change.new)}</ins></li>"
        )
    if row.actor_url:
        actor = f'<a href="{esc(row.actor_url)}">{esc(event.actor_label)}</a>'
    else:
        actor = f'<span class="ct-muted">{esc(event.actor_display)}</span>'
    if not event.subject_type:
        subject = "—"
    else:
        subject = (
            f'<a href="{esc(row.subject_url)}">{esc(row.subject_text)}</a>'
            if row.subject_url
            else esc(row.subject_text)
        )
        number = f" #{esc(event.subject_id)}" if event.subject_id else ""
        subject += (
            f'\n          <span class="ct-muted ct-small">'
            f"{esc(event.subject_type)}{number}</span>"
        )
    rid = event.request_id
    return _ROW.format(
        seq=event.seq,
        at_iso=esc(row.at_iso),
        day=esc(row.day),
        clock=esc(row.clock),
        actor=actor,
        message=esc(event.message),
        action=esc(event.action),
        changes=_CHANGES.format(items="".join(items)) if items else "",
        comment=(
            '<blockquote class="ct-comment"><span class="ct-visually-hidden">'
            f"Comment: </span>{esc(event.comment)}</blockquote>"
            if event.comment
            else ""
        ),
        subject=subject,
        scope=(
            f'<span class="ct-small">in <a href="{esc(row.scope_url)}">'
            f"{esc(event.scope_type)} #{esc(event.scope_id)}</a></span>"
            if row.scope_url
            else ""
        ),
        request=(
            f'<a href="{esc(row.request_url)}" class="ct-request"><code>'
            f'{esc(rid[:8])}</code><span class="ct-visually-hidden"> '
            f"(every event of request {esc(rid)})</span></a>"
            if rid
            else "—"
        ),
    )
