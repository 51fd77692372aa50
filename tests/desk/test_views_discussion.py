"""The discussion on the claim page, and the return note at its top."""

import pytest
from django.urls import reverse

from collab.models import Comment
from collab.services.comments import comment_add
from reviews.services import claim_return_for_research
from tests.factories import ClaimFactory
from tests.reviews.publishing import publish
from tests.states import in_review_claim

pytestmark = pytest.mark.django_db


def test_posting_a_comment_shows_it_rendered_in_the_thread(client, researcher, editor):
    claim = ClaimFactory()
    client.force_login(researcher)
    response = client.post(
        reverse("desk:claim_comment_add", args=[claim.pk]),
        {"body": "@editor the **2024** figure is <b>odd</b>"},
    )
    comment = Comment.objects.get()
    assert response.url.endswith(f"#comment-{comment.pk}")
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert '<span class="mention">@editor</span>' in page
    assert "<strong>2024</strong>" in page
    assert "&lt;b&gt;odd&lt;/b&gt;" in page


def test_a_deleted_comment_leaves_a_tombstone(client, researcher):
    claim = ClaimFactory()
    comment = comment_add(claim=claim, actor=researcher, body="Wrong claim, sorry.")
    client.force_login(researcher)
    client.post(reverse("desk:claim_comment_delete", args=[claim.pk, comment.pk]))
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    assert "Wrong claim, sorry." not in page
    assert "Comment deleted by" in page


def test_editing_is_offered_to_the_author_only(client, researcher, other_researcher):
    claim = ClaimFactory()
    comment = comment_add(claim=claim, actor=researcher, body="My note.")
    client.force_login(other_researcher)
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    edit_url = reverse("desk:claim_comment_edit", args=[claim.pk, comment.pk])
    assert edit_url not in page
    client.post(edit_url, {"body": "Their note."})
    comment.refresh_from_db()
    assert comment.body == "My note."
    client.force_login(researcher)
    client.post(edit_url, {"body": "My better note."})
    comment.refresh_from_db()
    assert comment.body == "My better note." and comment.edited_at


def test_comments_never_reach_the_public_verdict_page(client, researcher, editor):
    claim = publish(ClaimFactory(), researcher=researcher, editor=editor)
    comment_add(claim=claim, actor=researcher, body="Internal: source is shaky.")
    page = client.get(reverse("reviews:verdict_detail", args=[claim.pk]))
    assert page.status_code == 200
    assert "source is shaky" not in page.content.decode()


def test_the_return_note_is_at_the_top_of_the_claim(client, researcher, editor):
    claim = in_review_claim(researcher)
    claim_return_for_research(claim=claim, actor=editor, note="Cite the 2025 edition.")
    client.force_login(researcher)
    page = client.get(reverse("desk:claim_detail", args=[claim.pk])).content.decode()
    top = page.index('class="notice notice-warning returned-note"')
    assert top < page.index('id="appearances"')
    assert "Cite the 2025 edition." in page[top : page.index('id="appearances"')]
    assert "— to you" in page
