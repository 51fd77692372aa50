"""Normalisation of source URLs, so that one page is one source."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

# Query parameters that only track the click; dropping them merges the same page.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = {"fbclid", "gclid", "mc_cid", "mc_eid", "ref_src"}
_validate = URLValidator(schemes=["http", "https"])


def normalise_url(raw: str) -> str:
    """Return the canonical form of an http(s) URL or raise ValidationError."""
    url = (raw or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        raise ValidationError(
            _("Enter a valid web address."), code="url_invalid"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise ValidationError(
            _("Only http and https addresses are accepted."), code="url_scheme"
        )
    try:
        _validate(url)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid web address."), code="url_invalid"
        ) from None
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(
            _("The port number is out of range."), code="url_port"
        ) from None
    if port and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        raise ValidationError(_("Addresses with a user name or password are refused."))
    path = parts.path or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.startswith(_TRACKING_PREFIXES) and k not in _TRACKING_NAMES
        )
    )
    return urlunsplit((scheme, host, path, query, ""))
