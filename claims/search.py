"""Full-text search over claim text and topic."""

from django.db.models import Q, QuerySet


def search_claims(queryset: QuerySet, query: str) -> QuerySet:
    """Claims whose text or topic contains every word of the query (case-insensitive).

    A plain substring match; the database's full-text index replaces it for scale.
    """
    words = [word for word in (query or "").split() if word]
    for word in words[:20]:
        queryset = queryset.filter(Q(text__icontains=word) | Q(topic__icontains=word))
    return queryset
