"""config.lazy_text: a label is looked up once per language, and still follows it."""

from django.utils import translation

from claims.models import ClaimStatus
from tests.states import in_review_claim


def test_a_lazy_label_follows_the_active_language_after_being_cached():
    label = ClaimStatus.IN_REVIEW.label
    assert str(label) == "In review"
    with translation.override("de"):
        assert str(label) == "In Prüfung"
        assert str(label) == "In Prüfung"  # from the cache
    with translation.override("zh-hans"):
        assert str(label) == "审核中"
    assert str(label) == "In review"


def test_a_page_in_german_after_one_in_english_shows_german_labels(client, editor):
    claim = in_review_claim(editor)
    client.force_login(editor)
    assert "In review" in client.get(f"/claims/{claim.pk}/").content.decode()
    german = client.get(f"/claims/{claim.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    assert "In Prüfung" in german.content.decode()
