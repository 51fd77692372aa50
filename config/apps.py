"""The project's own app: wiring that belongs to no domain app."""

from django.apps import AppConfig


class ClaimTrailConfig(AppConfig):
    name = "config"
    label = "claimtrail"
    verbose_name = "ClaimTrail"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.session_middleware import stamp_signed_in_session

        user_logged_in.connect(stamp_signed_in_session, dispatch_uid="session-stamp")
