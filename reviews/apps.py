"""App configuration of reviews."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from audit.registry import register_many
        from reviews.immutable import install_after_migrate
        from reviews.workflow import audit_messages

        post_migrate.connect(install_after_migrate, sender=self)
        register_many(
            {
                "review.submitted": "{actor} submitted a review (round {round})",
                "review.edited": "{actor} corrected their review (round {round})",
                "review.withdrawn": "{actor} withdrew their review (round {round})",
                "verdict.published": "{actor} published version {number} of the "
                "verdict on claim #{claim_id}",
                **audit_messages(),
            }
        )
