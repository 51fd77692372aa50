"""The workflow's error types, shared by every app and mapped to HTTP by the views."""


class WorkflowConflict(Exception):
    """The record is not in a state that allows the action (HTTP 409)."""


class StaleEdit(Exception):
    """The edit was based on an old version of the record (HTTP 412)."""

    def __init__(self, message: str, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version
