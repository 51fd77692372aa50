"""Record sign-ins (form and API token), sign-outs and failed sign-ins in the trail."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from audit.context import audit_context
from audit.middleware import client_ip
from audit.recorder import record
from config.signals import access_refused, token_issued, token_revoked


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(action="auth.logged_in", actor=user, subject=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(action="auth.logged_out", actor=user, subject=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    ip = client_ip(request) if request is not None else None
    with audit_context(ip=ip):
        record(
            action="auth.login_failed",
            data={"username": username},
            # The token endpoint names itself; other requests are the form's.
            via=getattr(request, "sign_in_channel", "sign-in form")
            if request is not None
            else "authenticate()",
        )


@receiver(token_issued)
def _token_issued(sender, user, token, **kwargs):
    record(
        action="auth.token_created",
        actor=user,
        subject=user,
        data={"token": token.token_key, "expiry": token.expiry},
    )


@receiver(token_revoked)
def _token_revoked(sender, user, token, actor, reason, **kwargs):
    record(
        action="auth.token_revoked",
        actor=actor,
        subject=user,
        data={"token": token.token_key, "reason": reason},
        via="" if actor is not None else "password change",
    )


@receiver(access_refused)
def _access_refused(sender, request, reason, **kwargs):
    """A page or endpoint refused the request before any service ran."""
    user = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    record(
        action="access.refused",
        actor=user if signed_in else None,
        data={
            "attempted": f"{request.method} {request.path}"[:300],
            "reason": reason[:1000],
        },
        via="" if signed_in else "anonymous request",
    )
