"""Refuse input that would break a view: NUL bytes, numbers too large to handle."""

import re

from django.shortcuts import render

from config.api import problem_response
from config.lazy_text import gettext_lazy as _

_NUL = "\x00"
_API_PREFIX = "/api/"
NUL_MESSAGE = _(
    "The request contains a NUL character (%00), which no address or field accepts."
)
TOO_LARGE_MESSAGE = _("A number in the request is too large.")
SELECTION_MESSAGE = _("The selected records could not be read; reload the list.")
# Django's admin filters its list by the posted ids of an action without checking
# them: ``_selected_action=true`` is a ValueError deep inside the action.
_ADMIN_ACTION_FIELD = "_selected_action"
# The admin's date hierarchy (?at__year=…) builds a date from these and the year
# after it, outside any check: a year of 9999 or 2**64 is a 500 in Django 5.2.
_DATE_PART = re.compile(r"__(year|month|day)$")
_DATE_RANGE = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def _has_nul(pairs) -> bool:
    return any(_NUL in key or any(_NUL in v for v in values) for key, values in pairs)


def _carries_nul(request) -> bool:
    if _NUL in request.path_info or _has_nul(request.GET.lists()):
        return True
    # Headers reach the database too: the session cookie, the API token.
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and _NUL in value:
            return True
    if any(_NUL in value for value in request.COOKIES.values()):
        return True
    return request.method == "POST" and (
        request.content_type == "application/x-www-form-urlencoded"
        and _has_nul(request.POST.lists())
    )


def _date_part_out_of_range(request) -> bool:
    for key, values in request.GET.lists():
        match = _DATE_PART.search(key)
        if not match:
            continue
        low, high = _DATE_RANGE[match.group(1)]
        for value in values:
            if not (value.isascii() and value.isdigit() and len(value) < 6):
                return True
            if not low <= int(value) <= high:
                return True
    return False


class InputGuardMiddleware:
    """Input that no view can use is a 400 with a message, never a 500.

    - A NUL byte in the path, query, headers, cookies or a form body. SQLite
      stores NUL in text, but PostgreSQL refuses it with an error no view
      expects: ``/audit/users/%00/`` was a 500 there. No legitimate input of
      ClaimTrail contains one (form fields refuse it too, Django's validator).
    - A date-hierarchy part out of range (the admin's lists, third-party ones
      included, crash on it).
    - An admin action posted with ids that are not ids (a ``ValueError`` from
      Django's admin, which does not check them).
    - An ``OverflowError`` from a view: a number too large for the database
      driver or the C library. Our own forms and serializers refuse ids beyond
      64 bits (config/ids.py) with a message of their own; this is the net under
      code that is not ours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return _bad_request(request, NUL_MESSAGE)
        if _date_part_out_of_range(request):
            return _bad_request(request, _("That date is outside the calendar."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            return _bad_request(request, TOO_LARGE_MESSAGE)
        if isinstance(exception, ValueError) and _is_admin_action(request):
            return _bad_request(request, SELECTION_MESSAGE)
        return None


def _is_admin_action(request) -> bool:
    return (
        request.method == "POST"
        and request.path_info.startswith("/admin/")
        and _ADMIN_ACTION_FIELD in request.POST
    )


def _bad_request(request, message: str):
    message = str(message)
    if request.path_info.startswith(_API_PREFIX):
        return problem_response(request, 400, "invalid", message)
    return render(request, "400.html", {"message": message}, status=400)
