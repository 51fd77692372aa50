"""Web pages of sources: list, detail, add and edit (writes through the services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.exceptions import StaleEdit
from desk.forms.sources import (
    SourceEditForm,
    SourceForm,
    SourceUploadForm,
    rebase_on_current,
)
from desk.lists import is_filtered, parameter_problems, sort_headers
from desk.paging import paginate_counted
from sources.archive import archived_copy_response
from sources.filters import SourceFilterSet
from sources.models import Snapshot, Source
from sources.permissions import (
    user_can_add_source,
    user_can_edit_source,
    user_can_view_sources,
)
from sources.selectors import source_citations, source_list
from sources.services import EDITABLE_FIELDS, source_create, source_update
from sources.snapshots import source_from_upload

# Sortable column headers: the column, its first sort when clicked, the other way.
SORTABLE_COLUMNS = {"title": ("title", "-title"), "citing": ("-citing", "citing")}


def _claim_url(pk: int) -> str | None:
    # The claim page belongs to the claims app; the link appears once it is routed.
    try:
        return reverse("desk:claim_detail", args=[pk])
    except NoReverseMatch:
        return None


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@login_required
@require_http_methods(["GET", "HEAD"])
def source_list_view(request: HttpRequest) -> HttpResponse:
    _require(user_can_view_sources(request.user), _("Only desk staff may see sources."))
    # An invalid filter (an unknown kind, sort) is ignored and named, as on the
    # claims list.
    filterset = SourceFilterSet(request.GET, queryset=source_list())
    page, count = paginate_counted(filterset.qs, request.GET)
    return render(
        request,
        "desk/source_list.html",
        {
            "filter": filterset,
            "page": page,
            "count": count,
            "sources": page.object_list,
            "filtered": is_filtered(request.GET),
            "sort_headers": sort_headers(request.GET, filterset, SORTABLE_COLUMNS),
            "problems": parameter_problems(request.GET, filterset),
            "can_add": user_can_add_source(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def source_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(user_can_view_sources(request.user), _("Only desk staff may see sources."))
    source = get_object_or_404(Source.objects.select_related("added_by"), pk=pk)
    citations = [
        (evidence, _claim_url(evidence.claim_id))
        for evidence in source_citations(source)
    ]
    return render(
        request,
        "desk/source_detail.html",
        {
            "source": source,
            "citations": citations,
            "can_edit": user_can_edit_source(request.user, source),
            "snapshots": source.snapshots.all()[:50],
            "history_url": reverse("desk:audit_log")
            + f"?scope=sources.source:{source.pk}",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_create_view(request: HttpRequest) -> HttpResponse:
    _require(user_can_add_source(request.user), _("Only desk staff may add sources."))
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = source_create(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Source “%(title)s” added.") % {"title": source.title}
            )
            return redirect("desk:source_detail", pk=source.pk)
    return render(
        request,
        "desk/source_form.html",
        {"form": form, "source": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def snapshot_view(request: HttpRequest, pk: int, snapshot_pk: int) -> HttpResponse:
    """The archived copy, sandboxed (sources.archive): never runs in the app."""
    _require(user_can_view_sources(request.user), _("Only desk staff may see sources."))
    snapshot = get_object_or_404(Snapshot, pk=snapshot_pk, source_id=pk)
    return archived_copy_response(snapshot)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_upload_view(request: HttpRequest) -> HttpResponse:
    _require(user_can_add_source(request.user), _("Only desk staff may add sources."))
    form = SourceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source, created = source_from_upload(
                actor=request.user,
                data=form.cleaned_data["content"],
                file_name=upload.name,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(
                    request, _("Document “%(title)s” added.") % {"title": source.title}
                )
            else:
                messages.info(request, _("This file is already a source; here it is."))
            return redirect("desk:source_detail", pk=source.pk)
    return render(
        request,
        "desk/source_upload.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(
        user_can_view_sources(request.user), _("Only desk staff may edit sources.")
    )
    source = get_object_or_404(Source, pk=pk)
    _require(
        user_can_edit_source(request.user, source),
        _("Only desk staff may edit sources."),
    )
    form = SourceEditForm(request.POST or None, source=source)
    conflict = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect("desk:source_detail", pk=source.pk)
            try:
                source_update(
                    source=source,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                )
            except StaleEdit:
                current = Source.objects.select_related("added_by").get(pk=source.pk)
                conflict = _conflict_rows(form, current)
                form = rebase_on_current(form, current)
                source, status = current, 412
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Source saved."))
                return redirect("desk:source_detail", pk=source.pk)
    return render(
        request,
        "desk/source_form.html",
        {"form": form, "source": source, "conflict": conflict},
        status=status,
    )


def _conflict_rows(form: SourceEditForm, current: Source) -> list[dict]:
    """Per field: the current (other person's) value and what this user typed."""
    rows = []
    for field in EDITABLE_FIELDS:
        label = form.fields[field].label
        theirs = getattr(current, field)
        if field == "kind":
            theirs = current.get_kind_display()
        mine = form.cleaned_data.get(field)
        if field == "kind":
            mine = dict(form.fields["kind"].choices).get(mine, mine)
        rows.append(
            {
                "label": label,
                "theirs": theirs,
                "mine": mine,
                "yours_changed": field in form.changed_data,
                "differs": _text(theirs) != _text(mine),
            }
        )
    return rows


def _text(value) -> str:
    return "" if value is None else str(value)
