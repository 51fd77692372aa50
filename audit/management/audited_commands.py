"""What the overridden management commands of Django, DRF and axes record.

Each command keeps its own behaviour; these helpers only add its audit event, in
the same transaction as the change where the command allows it.
"""

from django.contrib.auth import get_user_model

from audit.recorder import record


def command_origin(name: str) -> str:
    return f"manage.py {name}"


def record_new_users(*, command: str, after_pk: int) -> None:
    """Record every user whose id is above ``after_pk`` as created by ``command``."""
    for user in get_user_model().objects.filter(pk__gt=after_pk).order_by("pk"):
        record(
            action="user.created",
            subject=user,
            data={
                "changes": {
                    field: {"old": None, "new": getattr(user, field)}
                    for field in ("username", "email", "is_staff", "is_superuser")
                }
            },
            via=command_origin(command),
        )


def newest_user_pk() -> int:
    last = get_user_model().objects.order_by("-pk").values_list("pk", flat=True)
    return last.first() or 0


def record_axes_reset(*, command: str, scope: dict) -> None:
    """A reset of sign-in throttling: who may try again is a security change."""
    record(
        action="auth.lockouts_reset",
        data={key: value for key, value in scope.items() if value is not None},
        via=command_origin(command),
    )
