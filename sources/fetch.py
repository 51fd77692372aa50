"""Fetching a source's address: redirects followed by hand, each hop checked.

No database: ``retrieve`` returns what happened, the snapshot service records it.
Every hop goes through config.outbound's guard (public addresses only, unless
SOURCE_FETCH_ALLOW_PRIVATE), so a redirect to a private address is refused.
"""

import http.client
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings

from config import outbound

ARCHIVED = "archived"
HTTP_ERROR = "http_error"
UNREACHABLE = "unreachable"
REFUSED = "refused"
TOO_LARGE = "too_large"
TOO_SLOW = "too_slow"
TOO_MANY_REDIRECTS = "too_many_redirects"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Retrieval:
    outcome: str
    requested_url: str
    final_url: str = ""
    hops: list[dict] = field(default_factory=list)
    status: int | None = None
    declared_type: str = ""
    body: bytes = b""  # only for an archived answer
    size: int = 0  # bytes read, also when cut
    error: str = ""


def retrieve(url: str) -> Retrieval:
    """GET ``url``, following up to SOURCE_FETCH_MAX_REDIRECTS redirects, within
    SOURCE_FETCH_TIMEOUT_SECONDS in all and SOURCE_FETCH_MAX_BYTES of body."""
    result = Retrieval(outcome=UNREACHABLE, requested_url=url)
    deadline = time.monotonic() + settings.SOURCE_FETCH_TIMEOUT_SECONDS
    current = url
    for _hop in range(settings.SOURCE_FETCH_MAX_REDIRECTS + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return _failed(result, TOO_SLOW, "The time limit ran out.")
        try:
            response = outbound.get(
                current,
                timeout=remaining,
                max_bytes=settings.SOURCE_FETCH_MAX_BYTES,
                headers={
                    "User-Agent": settings.SOURCE_FETCH_USER_AGENT,
                    "Accept": "text/html,application/pdf,text/*;q=0.9,*/*;q=0.5",
                },
                allow_private=settings.SOURCE_FETCH_ALLOW_PRIVATE,
            )
        except outbound.RefusedAddress as exc:
            result.hops.append({"url": current, "status": None, "refused": True})
            return _failed(result, REFUSED, str(exc))
        except TimeoutError:
            result.hops.append({"url": current, "status": None})
            return _failed(result, TOO_SLOW, "The server did not answer in time.")
        except (OSError, http.client.HTTPException, ssl.SSLError, ValueError) as exc:
            result.hops.append({"url": current, "status": None})
            return _failed(result, UNREACHABLE, f"{type(exc).__name__}: {exc}")
        result.hops.append({"url": current, "status": response.status})
        result.status = response.status
        result.final_url = current
        location = response.header("location")
        if response.status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        result.declared_type = response.header("content-type")[:100]
        result.size = len(response.body)
        if response.too_large:
            result.size = settings.SOURCE_FETCH_MAX_BYTES + 1
            return _failed(
                result,
                TOO_LARGE,
                f"The body is larger than {settings.SOURCE_FETCH_MAX_BYTES} bytes.",
            )
        if response.too_slow:
            return _failed(result, TOO_SLOW, "The body did not arrive in time.")
        if response.status >= 400:
            return _failed(result, HTTP_ERROR, f"HTTP {response.status}.")
        result.outcome = ARCHIVED
        result.body = response.body
        return result
    return _failed(
        result,
        TOO_MANY_REDIRECTS,
        f"More than {settings.SOURCE_FETCH_MAX_REDIRECTS} redirects.",
    )


def _failed(result: Retrieval, outcome: str, error: str) -> Retrieval:
    result.outcome = outcome
    result.error = error[:500]
    result.body = b""
    return result
