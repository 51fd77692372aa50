"""Refuse requests that carry NUL bytes where a view would pass them to the database."""

from django.http import JsonResponse
from django.shortcuts import render

from config.api import error_body

_NUL = "\x00"
_API_PREFIX = "/api/"
MESSAGE = (
    "The request contains a NUL character (%00), which no address or field accepts."
)


def _carries_nul(request) -> bool:
    if _NUL in request.path_info:
        return True
    for key, values in request.GET.lists():
        if _NUL in key or any(_NUL in value for value in values):
            return True
    # Headers reach the database too: the session cookie, the API token.
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and _NUL in value:
            return True
    if any(_NUL in value for value in request.COOKIES.values()):
        return True
    if request.method == "POST" and request.content_type == (
        "application/x-www-form-urlencoded"
    ):
        for key, values in request.POST.lists():
            if _NUL in key or any(_NUL in value for value in values):
                return True
    return False


class NulByteGuardMiddleware:
    """A NUL byte in the path, query, headers, cookies or a form body is a 400.

    SQLite stores NUL in text, but PostgreSQL refuses it with an error the view
    does not expect: ``/audit/users/%00/`` was a 500 there. No legitimate input
    of ClaimTrail contains one, so the request is refused before any view runs
    (form fields refuse NUL too, with Django's own validator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            if request.path_info.startswith(_API_PREFIX):
                return JsonResponse(error_body("invalid", MESSAGE), status=400)
            return render(request, "400.html", {"message": MESSAGE}, status=400)
        return self.get_response(request)
