"""Middleware that gives every request an id and client address for its audit events."""

import re

from django.conf import settings

from audit.context import audit_context, new_request_id

_REQUEST_ID = re.compile(r"^[A-Za-z0-9\-_.]{8,64}$")


def client_ip(request) -> str | None:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else new_request_id()
        request.request_id = request_id
        with audit_context(request_id=request_id, ip=client_ip(request), via=""):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
