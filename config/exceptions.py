"""The workflow's error types, shared by every app and mapped to HTTP by the views."""

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowConflict(Exception):
    """The record is not in a state that allows the action (HTTP 409)."""


class StaleEdit(Exception):
    """The edit was based on an old version of the record (HTTP 412)."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


# A service's refusals that an interface shows as a message rather than a page.
SERVICE_ERRORS = (StaleEdit, ValidationError, PermissionDenied, WorkflowConflict)
