"""The registry of audit actions and subjects, and the one formatter of events.

Each app registers, in its ``audit_actions.py`` (loaded by its ``AppConfig.ready``),
its actions (name, label, message, how to show the fields of their changes) and
the subjects it owns (the route of their page, who may see their label). Every
surface (claim timeline, audit log, CSV, API, admin) shows an event through
``format_events``, so the same event reads the same everywhere; the audit app
itself names no app above it.
"""

import functools
import json
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import is_aware, localtime
from django.utils.translation import get_language, override

from config.lazy_text import gettext_lazy as _

_NAME = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
EMPTY = "—"
# Data of an event whose subject the viewer may not read yet that stays hidden.
HIDDEN_DATA = frozenset({"changes", "rating", "rationale", "confidence"})


@dataclass(frozen=True)
class Field:
    """How one field of a change is shown: its name, and its values as words.

    ``choices`` maps codes to labels; ``lookup`` names a registered lookup that
    turns ids into names (one query per page); ``time`` and ``date`` show ISO
    times and days as the event's own time is written (``moment_text``,
    ``day_text``), in the reader's language.
    """

    label: str
    choices: Mapping[Any, str] | None = None
    lookup: str = ""
    time: bool = False
    date: bool = False


@dataclass(frozen=True)
class Plural:
    """A message worded by a number in the event's data: ``text`` is
    ``ngettext_lazy(singular, plural, count)`` and ``count`` names the data key."""

    text: Any
    count: str

    def wordings(self, values: Mapping[str, object]):
        """The message in the active language; then, only if that one fails to
        format, in English."""
        number = values.get(self.count)
        # An old or odd event without a number reads in the plural.
        counted = {self.count: number if type(number) is int else 2}
        yield self.text % counted
        with override(None):
            yield self.text % counted

    def __str__(self) -> str:
        with override(None):
            return self.text % {self.count: 2}


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    message: str
    fields: Mapping[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class Subject:
    """A model whose records events name: its page, and who may read its label.

    ``hidden_from(viewer, ids)`` returns the ids whose label (and the data that
    would reveal it) the viewer may not see yet, e.g. a blind review.
    """

    label: str
    route: str = ""
    hidden_from: Callable[[Any, set[str]], set[str]] | None = None
    hidden_text: str = _("(hidden)")


_ACTIONS: dict[str, Action] = {}
_SUBJECTS: dict[str, Subject] = {}
_LOOKUPS: dict[str, Callable[[set], Mapping]] = {}
_DERIVED: dict[str, Callable[[], object]] = {}


def _english(text) -> str:
    """The untranslated text of a (lazily) translated string."""
    with override(None):
        return str(text)


def _default_label(name: str) -> str:
    return name.replace(".", " ").replace("_", " ").capitalize()


def register(
    name: str,
    message: str,
    *,
    label: str = "",
    fields: Mapping[str, Field] | None = None,
) -> None:
    if not _NAME.match(name):
        raise ValueError(
            f"Audit action {name!r} must be namespaced, like 'claim.approved'."
        )
    action = Action(name, label or _default_label(name), message, dict(fields or {}))
    existing = _ACTIONS.get(name)
    # Labels and messages may be lazy translations: compare their English.
    if existing is not None and _english(existing.message) != _english(message):
        raise ValueError(f"Audit action {name!r} is already registered differently.")
    _ACTIONS[name] = action


def register_many(
    messages: Mapping[str, str | tuple[str, str]],
    *,
    fields: Mapping[str, Field] | None = None,
) -> None:
    """Register actions as {name: message} or {name: (label, message)}."""
    for name, value in messages.items():
        label, message = value if isinstance(value, tuple) else ("", value)
        register(name, message, label=label, fields=fields)


def register_subject(
    model_label: str,
    *,
    route: str = "",
    hidden_from: Callable[[Any, set[str]], set[str]] | None = None,
    hidden_text: str = "",
) -> None:
    existing = _SUBJECTS.get(model_label)
    _SUBJECTS[model_label] = Subject(
        model_label,
        route=route or (existing.route if existing else ""),
        hidden_from=hidden_from or (existing.hidden_from if existing else None),
        hidden_text=hidden_text
        or (existing.hidden_text if existing else _("(hidden)")),
    )


def register_derived(model_label: str, rebuild: Callable[[], object]) -> None:
    """A model whose rows are counted from others: backups skip it and a restore
    calls ``rebuild()`` inside its transaction (e.g. the dashboard's tallies)."""
    _DERIVED[model_label] = rebuild


def derived_models() -> dict[str, Callable[[], object]]:
    return dict(_DERIVED)


def register_lookup(name: str, resolve: Callable[[set], Mapping]) -> None:
    """``resolve(ids)`` returns {id: name} for the ids it knows."""
    _LOOKUPS[name] = resolve


def is_registered(name: str) -> bool:
    return name in _ACTIONS


def registered_actions() -> list[str]:
    return sorted(_ACTIONS)


def action_label(name: str) -> str:
    action = _ACTIONS.get(name)
    return str(action.label) if action else name


def action_choices() -> list[tuple[str, str]]:
    """(name, label) of every action, by label: the filter menus."""
    return sorted(
        ((a.name, str(a.label)) for a in _ACTIONS.values()), key=lambda c: c[1]
    )


def subject_url(model_label: str, pk: str) -> str | None:
    subject = _SUBJECTS.get(model_label)
    if subject is None or not subject.route or not pk:
        return None
    try:
        return reverse(subject.route, args=[pk])
    except NoReverseMatch:
        return None


class _Lenient(dict):
    """Missing keys render as an ellipsis so that old events never break a page."""

    def __missing__(self, key: str) -> str:
        return "…"


_FORMATTER = string.Formatter()


def _translated_then_english(message):
    """The message in the active language; then, only if that one fails to
    format, in English (a page formats fifty events)."""
    yield str(message)
    yield _english(message)


def render_message(name: str, values: Mapping[str, object]) -> str:
    action = _ACTIONS.get(name)
    if action is None:
        return f"{values.get('actor', 'system')}: {name}"
    # A translation with a broken placeholder falls back to the English message.
    if isinstance(action.message, Plural):
        wordings = action.message.wordings(values)
    else:
        wordings = _translated_then_english(action.message)
    for message in wordings:
        try:
            return _FORMATTER.vformat(message, (), _Lenient(values))
        except (ValueError, IndexError, KeyError, AttributeError, TypeError):
            continue
    return f"{values.get('actor', 'system')}: {name}"


# --- formatting -------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str

    @property
    def text(self) -> str:
        if self.old == EMPTY:
            return f"{self.field}: {self.new}"
        return f"{self.field}: {self.old} → {self.new}"


@functools.lru_cache(maxsize=4096)
def _day_text(language: str | None, day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def day_text(day) -> str:
    """A day as every audit surface writes it: the language's DATE_FORMAT (worked
    out once per language and day: a page of events falls on a few days)."""
    if isinstance(day, datetime):
        day = day.date()
    return _day_text(get_language(), day)


def moment_text(moment) -> str:
    """A moment as every audit surface writes it: its local day, then the time to
    the second (events of one request differ by seconds)."""
    local = localtime(moment) if is_aware(moment) else moment
    return f"{day_text(local)} {local:%H:%M:%S}"


@dataclass
class Shown:
    """An event as a viewer may read it: the same words on every surface."""

    event: Any
    label: str
    message: str
    subject_text: str
    subject_url: str | None
    other_scope: bool  # filed under another record (a claim's evidence, reviews)
    changes: list[Change]
    hidden: bool = False

    @property
    def changes_text(self) -> str:
        return "; ".join(change.text for change in self.changes)

    @property
    def at_text(self) -> str:
        return moment_text(self.event.at)


def _raw(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _time(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return _raw(value) if moment is None else moment_text(moment)


def _day(value: Any) -> str:
    day = parse_date(value) if isinstance(value, str) else None
    return _raw(value) if day is None else day_text(day)


def _raw_changes(event) -> list[tuple[str, Any, Any]]:
    """The event's state change and field changes, as (field, old, new)."""
    data = event.data if isinstance(event.data, dict) else {}
    changes = data.get("changes")
    changes = changes if isinstance(changes, dict) else {}
    rows = []
    # Transitions record the state as from/to and, often, as a status change too.
    if ("from" in data or "to" in data) and "status" not in changes:
        rows.append(("status", data.get("from"), data.get("to")))
    for name, change in sorted(changes.items()):
        if isinstance(change, dict):
            rows.append((name, change.get("old"), change.get("new")))
    return rows


def _hidden_ids(viewer, events) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for event in events:
        subject = _SUBJECTS.get(event.subject_type)
        if subject is not None and subject.hidden_from and event.subject_id:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    return {
        label: set(_SUBJECTS[label].hidden_from(viewer, ids))
        for label, ids in wanted.items()
    }


def format_events(events: Iterable, *, viewer=None) -> list[Shown]:
    """Show events to ``viewer`` (None: nobody in particular, so hide what is blind).

    Never raises on old events: an unknown action shows its raw name, an unknown
    field its raw name and values.
    """
    events = list(events)
    hidden = _hidden_ids(viewer, events)
    parsed = []
    keys: dict[str, set] = {}
    for event in events:
        action = _ACTIONS.get(event.action)
        fields = action.fields if action else {}
        rows = _raw_changes(event)
        for name, old, new in rows:
            spec = fields.get(name)
            if spec is not None and spec.lookup:
                keys.setdefault(spec.lookup, set()).update(
                    v for v in (old, new) if v not in (None, "")
                )
        parsed.append((event, action, fields, rows))
    names = {
        lookup: dict(_LOOKUPS[lookup](ids)) if lookup in _LOOKUPS else {}
        for lookup, ids in keys.items()
    }
    return [
        _shown(event, action, fields, rows, names, hidden)
        for event, action, fields, rows in parsed
    ]


def format_event(event, *, viewer=None) -> Shown:
    return format_events([event], viewer=viewer)[0]


def _value(spec: Field | None, value: Any, names: Mapping[str, Mapping]) -> str:
    if spec is None or value is None or value == "":
        return _raw(value)
    try:
        if spec.lookup:
            return _raw(names.get(spec.lookup, {}).get(value, value))
        if spec.choices is not None:
            return _raw(spec.choices.get(value, value))
        if spec.time:
            return _time(value)
        if spec.date:
            return _day(value)
    except (TypeError, ValueError):
        pass
    return _raw(value)


def _shown(event, action, fields, rows, names, hidden) -> Shown:
    is_hidden = event.subject_id in hidden.get(event.subject_type, ())
    subject = _SUBJECTS.get(event.subject_type)
    subject_text = event.subject_label or event.subject_type
    if is_hidden:
        subject_text = str(subject.hidden_text)
    values: dict[str, object] = {}
    if isinstance(event.data, dict):
        # Top-level scalar data feeds the messages ("{round}", "{source}"); what
        # a hidden record would reveal stays out.
        values.update(
            {
                k: v
                for k, v in event.data.items()
                if not isinstance(v, dict) and not (is_hidden and k in HIDDEN_DATA)
            }
        )
    values.update(actor=event.actor_display, subject=subject_text)
    changes = []
    if not is_hidden:
        for name, old, new in rows:
            spec = fields.get(name)
            old_text, new_text = _value(spec, old, names), _value(spec, new, names)
            if old_text != new_text:  # None -> "" on creation says nothing to a reader
                label = str(spec.label) if spec else name.replace("_", " ")
                changes.append(Change(label, old_text, new_text))
    other_scope = bool(event.scope_type) and (
        event.scope_type != event.subject_type or event.scope_id != event.subject_id
    )
    return Shown(
        event=event,
        label=str(action.label) if action else event.action,
        message=render_message(event.action, values),
        subject_text=subject_text,
        subject_url=subject_url(event.subject_type, event.subject_id),
        other_scope=other_scope,
        changes=changes,
        hidden=is_hidden,
    )
