"""The reviews app's audit actions (reviews, verdicts, the workflow's steps), and
the blind-review rule for the trail: a review's label waits like the review."""

from audit.registry import Field, register, register_many, register_subject
from config.lazy_text import gettext_lazy as _


def _hidden_reviews(viewer, ids: set[str]) -> set[str]:
    from reviews.selectors import hidden_review_ids

    return {str(pk) for pk in hidden_review_ids(user=viewer, review_ids=ids)}


def register_actions() -> None:
    from claims.audit_actions import claim_fields
    from claims.models import Verdict
    from reviews.models import Confidence
    from reviews.workflow import WORKFLOW

    fields = claim_fields()
    review_fields = {
        "rating": Field(_("rating"), choices=dict(Verdict.choices)),
        "confidence": Field(_("confidence"), choices=dict(Confidence.choices)),
    }
    register_many(
        {
            "review.submitted": (
                _("Review submitted"),
                _("{actor} submitted a review (round {round})"),
            ),
            "review.edited": (
                _("Review corrected"),
                _("{actor} corrected their review (round {round})"),
            ),
            "review.withdrawn": (
                _("Review withdrawn"),
                _("{actor} withdrew their review (round {round})"),
            ),
            "verdict.published": (
                _("Verdict published"),
                _(
                    "{actor} published version {number} of the verdict on claim "
                    "#{claim_id}"
                ),
            ),
        },
        fields={**fields, **review_fields},
    )
    for step in WORKFLOW.values():
        register(step.audit_action, step.message, label=step.label, fields=fields)
    register_subject(
        "reviews.review",
        hidden_from=_hidden_reviews,
        hidden_text=_("a review (hidden until you submit yours)"),
    )
