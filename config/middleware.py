"""Turn the workflow's uncaught errors into friendly pages for people using the web UI."""

import logging

from django.shortcuts import render

from config.exceptions import StaleEdit, WorkflowConflict

logger = logging.getLogger("claimtrail.errors")

# The API maps these exceptions itself (DRF exception handler), as JSON.
_API_PREFIX = "/api/"


class WorkflowErrorMiddleware:
    """A WorkflowConflict becomes the 409 page and a StaleEdit the 412 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path_info.startswith(_API_PREFIX):
            return None
        if isinstance(exception, StaleEdit):
            template, status = "412.html", 412
        elif isinstance(exception, WorkflowConflict):
            template, status = "409.html", 409
        else:
            return None
        logger.info(
            "%s on %s %s for %s: %s",
            type(exception).__name__,
            request.method,
            request.path,
            getattr(request.user, "get_username", lambda: "anonymous")(),
            exception,
        )
        return render(
            request,
            template,
            {
                "message": str(exception),
                "request_id": getattr(request, "request_id", ""),
                "back_url": _same_site_referer(request),
            },
            status=status,
        )


def _same_site_referer(request) -> str:
    """The page the user came from, only if it is on this site (no open redirect)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path if request.method == "GET" else ""
