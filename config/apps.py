"""The project's own app: wiring that belongs to no domain app."""

from django.apps import AppConfig


class ClaimTrailConfig(AppConfig):
    name = "config"
    label = "claimtrail"
    verbose_name = "ClaimTrail"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config import checks  # noqa: F401 - registers the system checks
        from config.session_middleware import stamp_signed_in_session

        user_logged_in.connect(stamp_signed_in_session, dispatch_uid="session-stamp")

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save, pre_save

        from config import tokens

        user_model = get_user_model()
        pre_save.connect(
            tokens.note_password_change, sender=user_model, dispatch_uid="token-pw"
        )
        post_save.connect(
            tokens.revoke_on_password_change,
            sender=user_model,
            dispatch_uid="token-revoke",
        )
