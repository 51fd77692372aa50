"""App configuration of reviews."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        from audit.registry import register_many
        from reviews.workflow import audit_messages

        register_many(
            {
                "review.submitted": "{actor} submitted a review (round {round})",
                **audit_messages(),
            }
        )
