"""The desk's HTTP plumbing: access decorators, error mapping, safe redirects, params."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.roles import is_editor, is_staff_member


def _role_required(allowed, refusal: str):
    """A view decorator: signed in (else to the login page) and ``allowed`` (else
    403 with ``refusal``, translated per request)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied(_(refusal))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Signed in and on the desk (researchers and editors).
staff_required = _role_required(
    is_staff_member, gettext_noop("Only researchers and editors may use the desk.")
)
# Signed in and an editor.
editor_required = _role_required(
    is_editor, gettext_noop("Only editors may open this page.")
)


def int_param(params, name: str, default: int, *, low: int, high: int) -> int:
    """An integer query parameter clamped to [low, high]; the default if unreadable."""
    try:
        value = int(params.get(name, default))
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(value, low), high)


def error_text(exc: Exception) -> str:
    """A service's refusal as one line for a message."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def apply_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """Put a service's ValidationError on the form, field by field where it can."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def found_or_404(read, message: str, **kwargs):
    """What the selector ``read`` finds, or a 404 saying ``message``."""
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404(message) from exc


def safe_next(request, fallback: str) -> str:
    """The ``next`` the request names if it stays on this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
