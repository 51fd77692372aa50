"""The claim page's "Same or similar claims" panel, a self-contained inclusion tag."""

from django import template

from claims.permissions import user_can_propose_match, user_can_resolve_match
from claims.selectors import (
    claim_external_matches,
    claim_matches,
)

register = template.Library()


@register.inclusion_tag("desk/_claim_matches.html", takes_context=True)
def claim_matches_panel(context, claim):
    user = context["request"].user
    matches = claim_matches(claim=claim)
    external = claim_external_matches(claim=claim)
    return {
        "claim": claim,
        "matches": matches,
        "external": external,
        "count": len(matches) + len(external),
        "can_resolve": user_can_resolve_match(user),
        "can_propose": user_can_propose_match(user),
        "csrf_token": context.get("csrf_token"),
    }
