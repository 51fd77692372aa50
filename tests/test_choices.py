"""config.choices: get_FOO_display from labels cached per language."""

from django.utils import translation

from claims.models import Claim
from tests.states import in_review_claim


def test_a_display_follows_the_active_language_after_being_cached(editor):
    claim = in_review_claim(editor)
    assert claim.get_status_display() == "In review"
    with translation.override("de"):
        assert claim.get_status_display() == "In Prüfung"
    with translation.override("zh-hans"):
        assert claim.get_status_display() == "审核中"
    assert claim.get_status_display() == "In review"


def test_a_value_outside_the_choices_is_shown_as_stored(editor):
    claim = Claim(status="gone-status", kind="statistic")
    assert claim.get_status_display() == "gone-status"
    assert claim.get_kind_display() == "Statistic"


def test_a_claim_still_refreshes_its_protected_status_from_the_database(editor):
    # The mixin must not put Model's refresh_from_db before django-fsm's.
    claim = in_review_claim(editor)
    Claim.objects.filter(pk=claim.pk).update(status="researching")
    claim.refresh_from_db()
    assert claim.get_status_display() == "Researching"
