"""Badges of statuses, verdicts and stances, for the desk and the public pages."""

from django import template

from claims.models import ClaimStatus, EvidenceStance, Verdict
from config.lazy_text import gettext_lazy

register = template.Library()

_STATUS_LABELS = dict(ClaimStatus.choices)
_VERDICT_LABELS = dict(Verdict.choices)
_STANCE_LABELS = dict(EvidenceStance.choices)
# Looked up once per language (config.lazy_text), not once per badge.
_STATUS_PREFIX = gettext_lazy("Status: ")
_NO_VERDICT = gettext_lazy("No verdict")


# One badge markup (templates/_badge.html) for statuses, verdicts and stances; the
# colour comes from the class and is never the only cue.
@register.inclusion_tag("_badge.html")
def status_badge(status: str) -> dict:
    label = _STATUS_LABELS.get(status, status or "—")
    return {"css": f"status-{status}", "hidden": _STATUS_PREFIX, "label": label}


@register.inclusion_tag("_badge.html")
def verdict_badge(
    verdict: str, prefix: str = gettext_lazy("Verdict: "), label: str = ""
) -> dict:
    """A verdict; ``label`` is the words published with it (a public page)."""
    if not verdict:
        return {"css": "badge-none", "label": _NO_VERDICT}
    label = label or _VERDICT_LABELS.get(verdict, verdict)
    return {"css": f"verdict-{verdict}", "hidden": prefix, "label": label}


@register.inclusion_tag("_badge.html")
def stance_badge(stance: str) -> dict:
    return {"css": f"stance-{stance}", "label": _STANCE_LABELS.get(stance, stance)}
