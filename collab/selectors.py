"""Reads of collab: a person's inbox and unread count."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from collab.markdown import mentioned_names, render_comment
from collab.models import (
    DEFAULT_CHANNELS,
    Comment,
    DigestSubscription,
    Notification,
    NotificationKind,
    NotificationPreference,
    SavedSearch,
)
from collab.permissions import (
    user_can_comment,
    user_can_have_notifications,
    user_can_save_search,
)

_UNREAD = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())


def inbox(*, user) -> QuerySet[Notification]:
    """The user's own notifications, unread first, newest first within each."""
    if not user_can_have_notifications(user):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("claim")
        # Sorted by an annotation, not an expression, so that it pages by keyset.
        .annotate(unread=_UNREAD)
        .order_by("-unread", "-created_at", "-id")
    )


def unread_count(*, user) -> int:
    if not user_can_have_notifications(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preferences_of(*, user) -> dict[str, str]:
    """Each kind's channel for the user: their choice, else the default."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
    )
    return {
        kind: chosen.get(kind, DEFAULT_CHANNELS[kind])
        for kind in NotificationKind.values
    }


def wants_digest(*, user) -> bool:
    return DigestSubscription.objects.filter(user=user).exists()


def discussion(*, user, claim) -> list[Comment]:
    """The claim's comments, oldest first, each with ``html`` (safe Markdown).

    Internal: only people on the desk see them (nothing public reads this).
    """
    from django.contrib.auth import get_user_model

    if not user_can_comment(user, claim):
        return []
    comments = list(
        Comment.objects.filter(claim=claim).select_related("author", "deleted_by")
    )
    names = {n.lower() for c in comments for n in mentioned_names(c.body)}
    known = set()
    if names:
        known = {
            u.lower()
            for u in get_user_model()
            .objects.filter(is_active=True)
            .values_list("username", flat=True)
            if u.lower() in names
        }
    for comment in comments:
        comment.html = (
            ""
            if comment.is_deleted
            else render_comment(comment.body, known_names=known)
        )
    return comments


def saved_searches_for(*, user, list_name: str = "claims", limit: int = 20) -> list:
    """The user's own saved searches of this list, then those shared with the desk."""
    if not user_can_save_search(user):
        return []
    rows = (
        SavedSearch.objects.filter(list=list_name)
        .filter(Q(owner=user) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "id")
    )
    found = list(rows[:limit])
    return sorted(found, key=lambda s: (s.owner_id != user.pk, s.name.lower(), s.pk))
