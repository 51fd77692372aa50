"""Middleware that gives every request an id and client address for its audit events."""

import ipaddress
import re

from django.conf import settings

from audit.context import audit_context, new_request_id

# A client's own correlation id, kept in the events' data if it looks like one.
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-_.:/+=@]{1,128}$")


def normalise_ip(value: str | None) -> str | None:
    """The canonical form of an IP address, or None if it is not one.

    PostgreSQL's ``inet`` rewrites ``2001:0db8::0001`` as ``2001:db8::1``; hashing
    another spelling would make the stored event fail verification, and a
    malformed address would make the insert itself fail.
    """
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address; behind trusted proxies, the one the nearest proxy saw.

    Only the entries that our own proxies appended to X-Forwarded-For are trusted
    (TRUSTED_PROXY_COUNT of them, counted from the right); the client controls the
    rest. Anything that is not an IP address is ignored.
    """
    remote = normalise_ip(request.META.get("REMOTE_ADDR"))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h]
        if len(hops) >= proxies:
            return normalise_ip(hops[-proxies]) or remote
    return remote


class AuditContextMiddleware:
    """Every request gets an id made by the server, whatever the client sends.

    The request id groups the events of one request in the trail; a client that
    could choose it could file its events under another request's. A client's
    ``X-Request-ID`` is kept only as ``client_request_id`` in the events' data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id()
        request.request_id = request_id
        incoming = request.headers.get("X-Request-ID", "")
        with audit_context(
            request_id=request_id,
            ip=client_ip(request),
            via="",
            client_request_id=incoming if _CLIENT_REQUEST_ID.match(incoming) else "",
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
