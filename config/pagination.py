"""The API's pagination: bounded page sizes everywhere, cursors for the audit log."""

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class _StrictPageSize:
    """``page_size`` that is not a whole number is a 400; out of range, the default."""

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "").strip()
        if raw and not raw.lstrip("-").isdigit():
            raise ValidationError(
                {self.page_size_query_param: ["A whole number is expected."]}
            )
        return super().get_page_size(request)


class PageNumberPagination(_StrictPageSize, pagination.PageNumberPagination):
    """Numbered pages with a bounded page size (``?page_size=``, at most the cap)."""

    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.LIST_MAX_PAGE_SIZE


class AuditCursorPagination(_StrictPageSize, pagination.CursorPagination):
    """Stable pages over an append-only log, newest first."""

    ordering = "-seq"
    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.LIST_MAX_PAGE_SIZE
