"""System checks of ClaimTrail's own settings, run by ``manage.py check --deploy``."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# The public identity's defaults: fine on a developer's machine, wrong in public.
IDENTITY_DEFAULTS = {
    "CLAIMTRAIL_SITE_URL": "http://127.0.0.1:8000",
    "CLAIMTRAIL_ORGANISATION": "ClaimTrail Fact Check",
    "CLAIMTRAIL_ORGANISATION_URL": "https://example.org/",
    "CLAIMTRAIL_ORGANISATION_LOGO": "",
}
_WHAT = {
    "CLAIMTRAIL_SITE_URL": (
        "the public address of the verdict pages: canonical links, ClaimReview, "
        "the feed and the exports point there"
    ),
    "CLAIMTRAIL_ORGANISATION": "the publisher's name in every ClaimReview",
    "CLAIMTRAIL_ORGANISATION_URL": "the publisher's address in every ClaimReview",
    "CLAIMTRAIL_ORGANISATION_LOGO": (
        "the address of the publisher's logo (search engines show it)"
    ),
}


@register(Tags.security, deploy=True)
def check_public_identity(app_configs=None, **kwargs):
    """Warn while the public identity is still the defaults (see docs/operations.md)."""
    warnings = []
    for number, (name, default) in enumerate(IDENTITY_DEFAULTS.items(), start=1):
        if getattr(settings, name, default) == default:
            warnings.append(
                Warning(
                    f"{name} is {'not set' if not default else repr(default)}: "
                    f"set it to {_WHAT[name]}.",
                    hint=f"Set the environment variable {name} (docs/operations.md).",
                    id=f"claimtrail.W00{number}",
                )
            )
    site = getattr(settings, "CLAIMTRAIL_SITE_URL", "")
    if (
        site
        and not site.startswith("https://")
        and site != IDENTITY_DEFAULTS["CLAIMTRAIL_SITE_URL"]
    ):
        warnings.append(
            Warning(
                f"CLAIMTRAIL_SITE_URL ({site}) is not an https address.",
                hint="Public pages and their canonical links should use https.",
                id="claimtrail.W005",
            )
        )
    return warnings
