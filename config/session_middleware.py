"""Session timeouts: idle expiry renewed at most once a minute, and an absolute cap."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "claimtrail_signed_in_at"
SESSION_RENEWED_KEY = "claimtrail_renewed_at"


class SessionTimeoutMiddleware:
    """Keep a signed-in session alive while it is used, and end it when it is not.

    Idle timeout: the session's expiry (``SESSION_COOKIE_AGE``) is pushed forward
    whenever the last renewal is more than ``SESSION_RENEW_INTERVAL`` seconds old.
    Django's ``SESSION_SAVE_EVERY_REQUEST`` would do the same by writing the
    session row on every request, a write transaction per page view; renewing
    once a minute keeps the timeout to within that minute and leaves reads reads.

    Absolute timeout: the session ends ``SESSION_ABSOLUTE_TIMEOUT`` seconds after
    sign-in however busy it is. Sign-out goes through ``logout()``, so the audit
    trail records it like any other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request):
            started = request.session.get(SESSION_STARTED_KEY)
            if started is not None and (
                time.time() - float(started) > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                messages.info(
                    request, _("Your session has expired; please sign in again.")
                )
        response = self.get_response(request)
        # After the view, so that the sign-in response itself starts both clocks.
        if _signed_in(request):
            _stamp(request.session)
        return response


def stamp_signed_in_session(sender, request, user, **kwargs) -> None:
    """Start both clocks at sign-in (``user_logged_in``), in the sign-in response."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[SESSION_STARTED_KEY] = now
        session[SESSION_RENEWED_KEY] = now


def _stamp(session) -> None:
    now = time.time()
    if SESSION_STARTED_KEY not in session:
        session[SESSION_STARTED_KEY] = now
    renewed = session.get(SESSION_RENEWED_KEY)
    if renewed is None or now - float(renewed) >= settings.SESSION_RENEW_INTERVAL:
        # Setting a key marks the session modified: SessionMiddleware then saves
        # it with a fresh expiry and sends the cookie again.
        session[SESSION_RENEWED_KEY] = now


def _signed_in(request) -> bool:
    """Signed in through the session (an API token's requests have none to keep)."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    return bool(
        session is not None
        and SESSION_KEY in session
        and user is not None
        and user.is_authenticated
    )
