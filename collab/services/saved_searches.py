"""Writes of saved searches: a list's filters under a name, shared or not."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

import audit
from audit.recorder import records_refusal
from collab.models import SavedList, SavedSearch
from collab.permissions import user_can_delete_saved_search, user_can_save_search
from config.pagination import PAGING_PARAMS

MAX_PER_USER = 50


def clean_query(query: str) -> str:
    """The query string without paging (where one was in the list and how long
    its pages were, not what one searched for), its parameters in a stable order."""
    params = QueryDict(query.lstrip("?"), mutable=True)
    for name in PAGING_PARAMS:
        params.pop(name, None)
    return "&".join(sorted(part for part in params.urlencode().split("&") if part))


@records_refusal("saved_search.create", subject_kwarg="")
@transaction.atomic
def saved_search_create(
    *, actor, name: str, query: str, shared: bool = False, list_name: str = "claims"
) -> SavedSearch:
    if not user_can_save_search(actor):
        raise PermissionDenied(_("Only researchers and editors may save searches."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("At most 100 characters.")})
    if list_name not in SavedList.values:
        raise ValidationError(
            {"list": _("Unknown list %(list)r.") % {"list": list_name}}
        )
    query = clean_query(query or "")
    if len(query) > 2000:
        raise ValidationError({"query": _("These filters are too long to save.")})
    mine = SavedSearch.objects.filter(owner=actor, list=list_name)
    if mine.filter(name=name).exists():
        raise ValidationError(
            {"name": _("You already have a search named %(name)r.") % {"name": name}}
        )
    if mine.count() >= MAX_PER_USER:
        raise ValidationError(
            {
                "name": _("At most %(count)d saved searches; delete one first.")
                % {"count": MAX_PER_USER}
            }
        )
    saved = SavedSearch.objects.create(
        owner=actor, name=name, list=list_name, query=query, shared=bool(shared)
    )
    audit.record(
        action="saved_search.created",
        actor=actor,
        subject=saved,
        data={
            "name": name,
            "list": list_name,
            "query": query,
            "shared": saved.shared,
        },
    )
    return saved


@records_refusal("saved_search.delete", subject_kwarg="saved")
@transaction.atomic
def saved_search_delete(*, saved: SavedSearch, actor) -> None:
    if not user_can_delete_saved_search(actor, saved):
        raise PermissionDenied(_("Only its owner may delete this saved search."))
    audit.record(
        action="saved_search.deleted",
        actor=actor,
        subject=saved,
        data={
            "name": saved.name,
            "list": saved.list,
            "query": saved.query,
            "owner_id": saved.owner_id,
        },
    )
    saved.delete()
