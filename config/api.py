"""Shared API plumbing: the JSON error body, ETags, roles and shared fields."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_field,
)
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_staff_member
from config.signals import announce_refusal

# --- errors --------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is not in a state that allows this action."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it."
    default_code = "stale"

    def __init__(self, detail=None, *, current_version: int | None = None):
        super().__init__(detail)
        self.current_version = current_version


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send the ETag you read in an If-Match header, so that an edit based on "
        "an old version is refused rather than overwriting someone else's."
    )
    default_code = "precondition_required"


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Too many failed sign-ins; try again later."
    default_code = "locked_out"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _translate(exc):
    """Map the project's and Django's exceptions onto DRF's, keeping their message."""
    if isinstance(exc, WorkflowConflict):
        return Conflict(str(exc))
    if isinstance(exc, StaleEdit):
        return PreconditionFailed(str(exc), current_version=exc.current_version)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(
            f"A request body may be at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} "
            "bytes; send reports as a file upload."
        )
    return exc


def _field_messages(detail) -> dict[str, list[str]]:
    """Flatten DRF's nested validation detail into {"field": ["message", ...]}."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict | list):
                    walk(f"{prefix}.{index}", item)
                else:
                    out.setdefault(prefix or "non_field_errors", []).append(str(item))
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return out


def error_body(code: str, message: str, **extra) -> dict:
    """The API's error body, for answers made outside DRF's exception handler."""
    return {"error": {"code": code, "message": message, **extra}}


def api_exception_handler(exc, context):
    """Every error answers ``{"error": {"code", "message", ...}}`` with its status."""
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        request = context.get("request")
        announce_refusal(getattr(request, "_request", request), exc)
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error: dict = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_messages(exc.detail)
        general = fields.pop("non_field_errors", [])
        error["code"] = "invalid"
        error["message"] = (
            " ".join(general) if general else "Some fields are not valid."
        )
        if fields:
            error["fields"] = fields
    else:
        detail = getattr(exc, "detail", "")
        error["code"] = getattr(detail, "code", None) or getattr(
            exc, "default_code", "error"
        )
        error["message"] = str(detail)
    if isinstance(exc, PreconditionFailed) and exc.current_version is not None:
        error["current_version"] = exc.current_version
        response["ETag"] = etag_for(exc.current_version)
    response.data = {"error": error}
    return response


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(help_text="What went wrong, for a person.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per invalid field (validation errors only).",
    )
    current_version = serializers.IntegerField(
        required=False, help_text="The record's version now (stale edits only)."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_EXAMPLES = {
    400: ("invalid", "Some fields are not valid.", {"note": ["A note is required."]}),
    401: ("not_authenticated", "Authentication credentials were not provided.", None),
    403: ("permission_denied", "You may not approve this claim.", None),
    404: ("not_found", "Not found.", None),
    409: (
        "conflict",
        "A claim that is published cannot be given 'submit for review'.",
        None,
    ),
    412: (
        "stale",
        "This claim was changed by someone else (you saw version 3, it is now "
        "version 4).",
        None,
    ),
    428: ("precondition_required", PreconditionRequired.default_detail, None),
    429: ("locked_out", LockedOut.default_detail, None),
}
_ERROR_DESCRIPTIONS = {
    400: "The request is not valid.",
    401: "No valid token or session.",
    403: "The user may not do this.",
    404: "No such record, or not visible to this user.",
    409: "The record's state does not allow this action.",
    412: "If-Match names an old version: re-read and retry.",
    428: "If-Match is required for this edit.",
    429: "Too many failed sign-ins.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses, with an example each, for the given error statuses."""
    responses = {}
    for code in codes:
        error_code, message, fields = _ERROR_EXAMPLES[code]
        body: dict = {"code": error_code, "message": message}
        if fields:
            body["fields"] = fields
        if code == 412:
            body["current_version"] = 4
        responses[code] = OpenApiResponse(
            ErrorSerializer,
            description=_ERROR_DESCRIPTIONS[code],
            examples=[
                OpenApiExample(
                    error_code,
                    value={"error": body},
                    response_only=True,
                    status_codes=[str(code)],
                )
            ],
        )
    return responses


# Statuses any authenticated endpoint may answer.
READ_ERRORS = (401, 403)


# --- ETags -----------------------------------------------------------------------


def etag_for(version: int) -> str:
    return f'"{version}"'


IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from your last read, e.g. "3". Without it: 428; stale: 412.',
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description='Optional ETag from your last read, e.g. "3"; if stale: 412.',
)


def if_match_version(request, *, required: bool) -> int | None:
    """The version named by If-Match; 0 (matches nothing) if it is not one of ours."""
    raw = (request.headers.get("If-Match") or "").strip()
    if not raw or raw == "*":
        if required:
            raise PreconditionRequired()
        return None
    first = raw.split(",")[0].strip()
    if first.startswith("W/"):
        first = first[2:]
    value = first.strip('"')
    return int(value) if value.isdigit() and len(value) < 10 else 0


# --- permissions --------------------------------------------------------------------


class IsStaffMember(permissions.BasePermission):
    """Researchers, editors and administrators: the people on the desk."""

    message = "Only researchers and editors may use this part of the API."

    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


class UserRefSerializer(serializers.Serializer):
    """A user as other records mention them."""

    id = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(source="get_username", read_only=True)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "uri"},
            {"type": "string", "enum": [""]},
        ],
        "description": "An http(s) address, or empty if there is none.",
    }
)
class OptionalURLField(serializers.CharField):
    """A URL that may be empty (the model field is blank=True)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
