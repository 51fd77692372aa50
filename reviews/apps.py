"""App configuration of reviews."""

from django.apps import AppConfig

from config.lazy_text import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from reviews import audit_actions
        from reviews.immutable import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self)
        audit_actions.register_actions()
