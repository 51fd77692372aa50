"""The project's URLs plus routes that raise what escapes a view, for the error pages.

The claim pages catch their own workflow errors and show them in place; the
generic 400, 403, 409, 412 and 500 pages are shown when one escapes a view.
Browser tests that show those pages use ``@pytest.mark.urls("tests.e2e.urls")``.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.exceptions import StaleEdit, WorkflowConflict
from config.urls import urlpatterns as project_urlpatterns


def _raise(exc):
    def view(request):
        raise exc

    return view


urlpatterns = [
    path("boom/bad/", _raise(SuspiciousOperation("A malformed request."))),
    path(
        "boom/conflict/",
        _raise(WorkflowConflict("A claim that is published cannot be returned.")),
    ),
    path(
        "boom/stale/",
        _raise(
            StaleEdit(
                "This claim was changed by someone else (you saw version 3, it is "
                "now version 4).",
                current_version=4,
            )
        ),
    ),
    path("boom/denied/", _raise(PermissionDenied("Only editors may approve."))),
    path("boom/crash/", _raise(RuntimeError("A fault in the code."))),
    *project_urlpatterns,
]
handler400 = "config.error_views.bad_request"
handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
