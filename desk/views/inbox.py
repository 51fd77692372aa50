"""The inbox: a person's notifications, marking them read, and how to be told."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collab import selectors
from collab.services.notifications import (
    notification_preferences_set,
    notifications_mark_read,
)
from desk.forms.inbox import MarkReadForm, PreferencesForm
from desk.http import safe_next, staff_required
from desk.paging import paginate_counted


@require_GET
@staff_required
def inbox(request):
    page, count = paginate_counted(selectors.inbox(user=request.user), request.GET)
    return render(
        request,
        "desk/inbox.html",
        {"page": page, "count": count, "notifications": page.object_list},
    )


@require_POST
@staff_required
def inbox_mark_read(request):
    form = MarkReadForm(request.POST)
    one = form.cleaned_data.get("notification") if form.is_valid() else None
    marked = notifications_mark_read(
        actor=request.user, ids=[one] if one is not None else None
    )
    if one is None:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                marked,
            )
            % {"count": marked},
        )
    return redirect(safe_next(request, "desk:inbox"))


@require_http_methods(["GET", "POST"])
@staff_required
def inbox_preferences(request):
    current = {
        "channels": selectors.preferences_of(user=request.user),
        "digest": selectors.wants_digest(user=request.user),
    }
    form = PreferencesForm(request.POST or None, **current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(
            actor=request.user,
            channels=form.channels(),
            digest=form.cleaned_data["digest"],
        )
        messages.success(request, _("Your notification settings were saved."))
        return redirect("desk:inbox_preferences")
    status = 400 if form.is_bound else 200
    return render(request, "desk/inbox_preferences.html", {"form": form}, status=status)
