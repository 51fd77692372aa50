"""Handlers for the 400, 403, 404 and 500 pages (set in config/urls.py)."""

import logging

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.defaults import bad_request as django_bad_request

from config.api import is_api_path, problem_response
from config.signals import announce_refusal

logger = logging.getLogger("claimtrail.errors")


def _username(request) -> str:
    user = getattr(request, "user", None)
    return (
        user.get_username() if getattr(user, "is_authenticated", False) else "anonymous"
    )


def permission_denied(request, exception=None):
    # Services record their own refusals (records_refusal marks the exception);
    # page-level checks (decorators, views) are recorded here.
    announce_refusal(request, exception)
    logger.warning(
        "Access refused: %s %s for %s (request %s): %s",
        request.method,
        request.path,
        _username(request),
        getattr(request, "request_id", "-"),
        exception or "",
    )
    if is_api_path(request):
        return problem_response(
            request, 403, "permission_denied", str(exception or _("Not allowed."))
        )
    return render(
        request,
        "403.html",
        {
            "reason": str(exception or ""),
            "request_id": getattr(request, "request_id", ""),
        },
        status=403,
    )


def bad_request(request, exception=None):
    if is_api_path(request):
        return problem_response(request, 400, "invalid", _("The request is not valid."))
    return django_bad_request(request, exception)


def csrf_failure(request, reason=""):
    """A forged or stale form: refused like any 403, and recorded like one."""
    announce_refusal(request, f"CSRF check failed: {reason}")
    return django_csrf_failure(request, reason=reason)


def _slash_hint(request) -> str:
    """The address with a slash added, if that one exists (no redirect for POST)."""
    path = request.path_info
    if path.endswith("/"):
        return ""
    try:
        resolve(path + "/")
    except Resolver404:
        return ""
    return request.path + "/"


def api_not_found(request):
    """The problem for an address under /api/ that names no endpoint."""
    with_slash = _slash_hint(request)
    detail = _("There is no API endpoint at this address.")
    if with_slash:
        detail = _(
            "There is no API endpoint at this address. Did you mean %(address)s? "
            "API addresses end with a slash."
        ) % {"address": with_slash}
    return problem_response(request, 404, "not_found", detail)


class ApiNotFoundMiddleware:
    """With DEBUG on, Django answers an unmatched address with its HTML debug page
    instead of handler404; under /api/ that becomes the problem too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and is_api_path(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return api_not_found(request)
        return response


def page_not_found(request, exception=None):
    if is_api_path(request):
        return api_not_found(request)
    try:
        return render(request, "404.html", {"request_path": request.path}, status=404)
    except Exception:  # a broken layout must not turn a 404 into a 500
        logger.exception("The 404 page could not be rendered")
        return HttpResponseNotFound(_("Not found"), content_type="text/plain")


def server_error(request):
    # Rendered without the request context: whatever broke may be in it.
    request_id = getattr(request, "request_id", "")
    if is_api_path(request):
        return problem_response(
            request,
            500,
            "server_error",
            _("Server error. Please try again later."),
            request_id=request_id,
        )
    try:
        body = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        body = _("Server error. Please try again later.")
        return HttpResponseServerError(body, content_type="text/plain")
    return HttpResponseServerError(body)
