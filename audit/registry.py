"""The registry of audit actions: namespaced names and human-readable messages."""

import re
import string
from collections.abc import Mapping

_NAME = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_MESSAGES: dict[str, str] = {}


def register(name: str, message: str) -> None:
    if not _NAME.match(name):
        raise ValueError(
            f"Audit action {name!r} must be namespaced, like 'claim.approved'."
        )
    existing = _MESSAGES.get(name)
    if existing is not None and existing != message:
        raise ValueError(f"Audit action {name!r} is already registered differently.")
    _MESSAGES[name] = message


def register_many(messages: Mapping[str, str]) -> None:
    for name, message in messages.items():
        register(name, message)


def is_registered(name: str) -> bool:
    return name in _MESSAGES


def registered_actions() -> list[str]:
    return sorted(_MESSAGES)


class _Lenient(dict):
    """Missing keys render as an ellipsis so that old events never break a page."""

    def __missing__(self, key: str) -> str:
        return "…"


_FORMATTER = string.Formatter()


def render_message(name: str, values: Mapping[str, object]) -> str:
    template = _MESSAGES.get(name)
    if template is None:
        return f"{values.get('actor', 'system')}: {name}"
    try:
        return _FORMATTER.vformat(template, (), _Lenient(values))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        return f"{values.get('actor', 'system')}: {name}"
