"""The API's pagination: bounded page sizes everywhere, cursors for the audit log."""

from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages with a bounded page size (``?page_size=``, at most the cap)."""

    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.LIST_MAX_PAGE_SIZE


class AuditCursorPagination(pagination.CursorPagination):
    """Stable pages over an append-only log, newest first."""

    ordering = "-seq"
    page_size = settings.LIST_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.LIST_MAX_PAGE_SIZE
