"""Role names, labels and links shared by the ClaimTrail templates."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from claims.models import ClaimStatus, Verdict
from config import roles
from config.lazy_text import gettext_lazy, pgettext_once

register = template.Library()

_STATUS_LABELS = dict(ClaimStatus.choices)
_VERDICT_LABELS = dict(Verdict.choices)
# config.roles names roles in English for the API; pages show them translated.
_ROLE_LABELS = {
    "Administrator": gettext_lazy("Administrator"),
    "Editor": gettext_lazy("Editor"),
    "Researcher": gettext_lazy("Researcher"),
}


@register.filter
def role_names(user) -> str:
    names = [str(_ROLE_LABELS.get(name, name)) for name in roles.role_names(user)]
    return ", ".join(names) or _("No role")


@register.filter
def is_editor(user) -> bool:
    return roles.is_editor(user)


@register.filter
def is_staff_member(user) -> bool:
    return roles.is_staff_member(user)


@register.simple_tag
def verdict_label(verdict: str) -> str:
    return _VERDICT_LABELS.get(verdict, verdict)


@register.simple_tag
def status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status)


@register.simple_tag
def detail_url(route: str, pk) -> str:
    """The URL of a page another app may not have built yet (empty if missing)."""
    try:
        return reverse(route, args=[pk])
    except NoReverseMatch:
        return ""


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def display_user(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.filter(is_safe=True)
def clip(value, length: int) -> str:
    """``truncatechars`` with a quick path for text that already fits.

    Django's filter looks up the translated ellipsis on every call (twice when it
    cuts), which on a list of fifty claims cost more than the rest of each row; the
    result is the same.
    """
    text = unicodedata.normalize("NFC", str(value))
    if len(text) <= int(length):
        return text
    # Django's own ellipsis text, looked up once per language.
    ellipsis = pgettext_once(
        "String to return when truncating text", "%(truncated_text)s…"
    )
    return Truncator(text).chars(int(length), truncate=ellipsis)


_HUNDREDTH = Decimal("0.01")


@register.filter(is_safe=True)
def score(value) -> str:
    """A check-worthiness with two decimals, as ``floatformat:2`` writes it in English.

    Half-way values round up, as there; without the locale machinery that made
    ``floatformat`` the dearest filter of a claims row.
    """
    try:
        rounded = Decimal(str(value)).quantize(_HUNDREDTH, ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return f"{abs(rounded) if rounded.is_zero() else rounded:f}"


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of the user's notifications are unread (for the navigation)."""
    from collab.selectors import unread_count

    return unread_count(user=user)
