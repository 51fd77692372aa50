"""Absolute session lifetime: sign the user out once the session is older than the cap."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

SESSION_STARTED_KEY = "claimtrail_signed_in_at"


class AbsoluteSessionTimeoutMiddleware:
    """End a signed-in session ``SESSION_ABSOLUTE_TIMEOUT`` seconds after sign-in.

    The idle timeout (``SESSION_COOKIE_AGE`` renewed on every request) alone would
    let a session that is used now and then live for ever; this caps it. Sign-out
    goes through ``logout()``, so the audit trail records it like any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request):
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = time.time()
            elif time.time() - float(started) > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(
                    request, "Your session has expired; please sign in again."
                )
        response = self.get_response(request)
        # Stamp the session in the response of the sign-in itself, not a request later.
        if _signed_in(request) and SESSION_STARTED_KEY not in request.session:
            request.session[SESSION_STARTED_KEY] = time.time()
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None and user.is_authenticated and hasattr(request, "session")
    )
