"""Conditional GET for the API (RFC 9110 §13): an ETag on every read, and 304.

Every 200 answer to a GET or HEAD under ``/api/`` carries an ETag. A view may
set its own: a claim's or a source's (strong, ``config.api.record_etag``, the tag
If-Match compares) or the verdict search's. Otherwise this middleware sets a
weak one, ``W/"<digest of the body>"``, after the view rendered it: a page of a
list costs one hash, and the tag changes whenever the body does, whatever made
it change (the API, the web pages, the admin, a related record).

Then, in RFC 9110 §13.2.2's order: If-None-Match (a list compared weakly, or
``*``) naming the answer's tag is a 304 with the answer's headers and no body; a
malformed one is a 400 before the view runs. If-Modified-Since is read only
without If-None-Match, and only against a Last-Modified the view sent (the
verdict search's): no record's updated time covers its representation (a
claim's evidence and reviews, a source's claim_count), so records send none.

Weak because the tag names the content, not the bytes on the wire: gzip
(``config.compression``, outside this middleware) would weaken a strong tag
anyway. Unlike Django's ConditionalGetMiddleware, a ``no-store`` answer (any
signed-in client's) gets a tag too: a poller keeps it itself.
"""

import hashlib

from django.http import HttpResponseNotModified
from django.utils.http import parse_http_date_safe
from rest_framework.exceptions import ValidationError

from config.api import parse_entity_tags, problem_response

# Metadata of the body that a 304 (which has none) does not repeat (§15.4.5).
_BODY_HEADERS = frozenset(
    {"content-type", "content-length", "content-language", "content-disposition"}
)


def weak_etag(content: bytes) -> str:
    return f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(response):
    """The 304 for a 200 ``response``: its headers and cookies, no body."""
    answer = HttpResponseNotModified()
    for name, value in response.items():
        if name.lower() not in _BODY_HEADERS:
            answer[name] = value
    answer.cookies = response.cookies
    return answer


class ConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path_info.startswith(
            "/api/"
        ):
            return self.get_response(request)
        none_match = request.headers.get("If-None-Match")
        tags = None
        if none_match is not None:
            try:
                tags = parse_entity_tags(none_match, "If-None-Match")
            except ValidationError as error:
                return problem_response(
                    request,
                    400,
                    "invalid",
                    "Some fields are not valid.",
                    errors={k: [str(m) for m in v] for k, v in error.detail.items()},
                )
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = weak_etag(response.content)
        if none_match is not None:
            current = _opaque(response["ETag"])
            # Weak comparison (§8.8.3.2): W/"x" and "x" name the same content.
            if tags is None or any(f'"{tag}"' == current for _, tag in tags):
                return not_modified(response)
            return response
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        changed = parse_http_date_safe(response.get("Last-Modified", ""))
        if since is not None and changed is not None and changed <= since:
            return not_modified(response)
        return response
