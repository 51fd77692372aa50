"""App configuration of reviews."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        from audit.registry import register_many

        register_many(
            {"review.submitted": "{actor} submitted a review (round {round})"}
        )
