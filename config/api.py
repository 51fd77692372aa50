"""Shared API plumbing: problem details (RFC 9457), ETags, roles and shared fields."""

import hashlib
import json
import re
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, mixins, permissions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.serializers import as_serializer_error
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import exception_handler as drf_exception_handler

from config.exceptions import StaleEdit, WorkflowConflict
from config.roles import is_staff_member
from config.signals import announce_refusal

# --- errors --------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is not in a state that allows this action."
    default_code = "conflict"


class Duplicate(exceptions.APIException):
    """The record exists already; ``existing`` is its address (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record exists already."
    default_code = "duplicate"

    def __init__(self, detail=None, *, existing: str):
        super().__init__(detail)
        self.extra = {"existing": existing}


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


PROBLEM_CONTENT_TYPE = "application/problem+json"
# Problem types are URNs: stable names, listed in docs/api.md, not addresses.
PROBLEM_TYPE_PREFIX = "urn:claimtrail:problem:"
# One title per problem type (RFC 9457: the title does not change between
# occurrences); a code not listed here takes its HTTP status's phrase.
PROBLEM_TITLES = {
    "invalid": "The request is not valid",
    "parse_error": "The request body could not be parsed",
    "not_authenticated": "Authentication required",
    "authentication_failed": "Authentication failed",
    "permission_denied": "Not allowed",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "not_acceptable": "Not acceptable",
    "unsupported_media_type": "Unsupported media type",
    "too_large": "Request body too large",
    "conflict": "Conflict with the record's state",
    "duplicate": "The record exists already",
    "stale": "The record changed since you read it",
    "precondition_required": "If-Match required",
    "locked_out": "Too many failed sign-ins",
    "throttled": "Too many requests",
    "idempotency_key_reused": "Idempotency-Key reused with another request",
    "server_error": "Server error",
}


def problem(
    status_code: int, code: str, detail: str, *, instance: str = "", **extra
) -> dict:
    """An RFC 9457 problem details object, with our stable ``code``."""
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        phrase = "Error"
    body = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": PROBLEM_TITLES.get(code, phrase),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(
    request, status_code: int, code: str, detail: str, **extra
) -> JsonResponse:
    """A problem+json answer made outside DRF (middleware, error handlers, pages)."""
    return JsonResponse(
        problem(status_code, code, detail, instance=request.path, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def is_api_path(request) -> bool:
    return request.path_info.startswith("/api/")


def public_json_read(view):
    """A public JSON endpoint: GET and HEAD, anything else 405 as problem details.

    No CSRF check: the view changes nothing, and a POST must learn that the
    method is wrong (405), not that a form token is missing (403).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = problem_response(
                request,
                405,
                "method_not_allowed",
                f'Method "{request.method}" not allowed.',
            )
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def api_exception_handler(exc, context):
    """Every error answers an RFC 9457 problem (application/problem+json)."""
    request = context.get("request")
    if isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
        announce_refusal(getattr(request, "_request", request), exc)
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    extra: dict = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_messages(exc.detail)
        general = fields.pop("non_field_errors", [])
        code = "invalid"
        detail = " ".join(general) if general else "Some fields are not valid."
        if fields:
            extra["errors"] = fields
    else:
        raw = getattr(exc, "detail", "")
        code = getattr(raw, "code", None) or getattr(exc, "default_code", "error")
        detail = str(raw)
    if isinstance(exc, PreconditionFailed) and exc.current_version is not None:
        extra["current_version"] = exc.current_version
    extra.update(getattr(exc, "extra", {}))
    response.data = problem(
        response.status_code,
        code,
        detail,
        instance=request.path if request is not None else "",
        **extra,
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    if request is not None:
        # Errors are JSON whatever the client asked for (406 included).
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = "application/json"
    return response


class ProblemNegotiation(DefaultContentNegotiation):
    """Content negotiation that takes ``application/problem+json`` as JSON.

    A client that accepts only problem details (RFC 9457) is served: errors come
    as problem+json, successes as application/json.
    """

    def get_accept_list(self, request):
        accepted = []
        for item in super().get_accept_list(request):
            media, _, params = item.partition(";")
            if media.strip().lower() == PROBLEM_CONTENT_TYPE:
                item = "application/json" + (f";{params}" if params else "")
            accepted.append(item)
        return accepted


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="The problem type, urn:claimtrail:problem:<code>."
    )
    title = serializers.CharField(help_text="A short summary of the problem type.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    instance = serializers.CharField(
        required=False, help_text="The path of the request."
    )
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per invalid field (validation errors only).",
    )
    current_version = serializers.IntegerField(
        required=False, help_text="The record's version now (stale edits only)."
    )
    existing = serializers.CharField(
        required=False, help_text="The address of the record that exists already."
    )


_ERROR_EXAMPLES = {
    400: ("invalid", "Some fields are not valid.", {"note": ["A note is required."]}),
    401: ("not_authenticated", "Authentication credentials were not provided.", None),
    403: ("permission_denied", "You may not approve this claim.", None),
    404: ("not_found", "Not found.", None),
    405: ("method_not_allowed", 'Method "PUT" not allowed.', None),
    406: ("not_acceptable", "Could not satisfy the request Accept header.", None),
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
    413: ("too_large", "The request body is too large.", None),
    415: ("unsupported_media_type", 'Unsupported media type "text/plain".', None),
    422: (
        "idempotency_key_reused",
        "This Idempotency-Key was used with another request.",
        None,
    ),
    428: ("precondition_required", PreconditionRequired.default_detail, None),
    429: ("throttled", "Request was throttled. Expected available in 7 seconds.", None),
    500: ("server_error", "Server error. Please try again later.", None),
}
_ERROR_DESCRIPTIONS = {
    400: "The request is not valid.",
    401: "No valid token or session.",
    403: "The user may not do this.",
    404: "No such record, or not visible to this user.",
    405: "The method is not allowed here.",
    406: "No acceptable representation (JSON and problem+json are).",
    409: "The record's state does not allow this action.",
    412: "If-Match names an old version: re-read and retry.",
    413: "The request body is too large.",
    415: "The request body's media type is not accepted.",
    422: "The Idempotency-Key was used with another request body.",
    428: "If-Match is required for this edit.",
    429: "Too many requests (or failed sign-ins): wait Retry-After seconds.",
    500: "A server error (a bug): the problem names the request.",
}


def problem_example(code: int) -> dict:
    error_code, message, fields = _ERROR_EXAMPLES[code]
    body = problem(code, error_code, message, instance="/api/v1/claims/7/")
    if fields:
        body["errors"] = fields
    if code == 412:
        body["current_version"] = 4
    return body


def error_responses(*codes: int) -> dict:
    """OpenAPI responses (problem+json, an example each) for these error statuses."""
    responses = {}
    for code in codes:
        responses[(code, PROBLEM_CONTENT_TYPE)] = OpenApiResponse(
            ProblemSerializer,
            description=_ERROR_DESCRIPTIONS[code],
            examples=[
                OpenApiExample(
                    _ERROR_EXAMPLES[code][0],
                    value=problem_example(code),
                    response_only=True,
                    status_codes=[str(code)],
                )
            ],
        )
    return responses


# What If-Match and If-None-Match may hold (RFC 9110): "*" or a list of entity
# tags, spaces or tabs around them (what parse_entity_tags reads).
ENTITY_TAGS_SCHEMA = {
    "type": "string",
    "pattern": r'^[ \t]*(\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)[ \t]*$',
    "example": '"3"',
}

# Printable ASCII, not only spaces: what the schema says and the middleware
# (config.idempotency) checks.
IDEMPOTENCY_KEY_PATTERN = "^[ -~]*[!-~][ -~]*$"
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": IDEMPOTENCY_KEY_PATTERN,
    },
    "description": (
        "Any unique string (a UUID). A retry with the same key gets the first "
        "answer again for 24 hours (Idempotent-Replayed: true); the same key "
        "with another body is a 422."
    ),
}


# OpenAPI links (for clients and Schemathesis' stateful phase): what a create or
# read answers leads to. (source path, method, status) -> [(target path, method,
# parameters)]; paths without the /api/v1 prefix.
_ID = "$response.body#/id"
_ETAG = "$response.header.ETag"
_LINKS = {
    ("/sources/", "post", "201"): [
        ("/sources/{id}/", "get", {"path.id": _ID}),
        ("/sources/{id}/", "patch", {"path.id": _ID, "header.If-Match": _ETAG}),
    ],
    ("/sources/{id}/", "get", "200"): [
        ("/sources/{id}/", "patch", {"path.id": _ID, "header.If-Match": _ETAG}),
    ],
    ("/evidence/", "post", "201"): [
        ("/evidence/{id}/", "get", {"path.id": _ID}),
        ("/evidence/{id}/remove/", "post", {"path.id": _ID}),
    ],
    ("/reports/", "post", "201"): [
        ("/reports/{id}/", "get", {"path.id": "$response.body#/report/id"}),
    ],
    ("/claims/", "get", "200"): [
        ("/claims/{id}/", "get", {"path.id": "$response.body#/results/0/id"}),
    ],
    ("/claims/{id}/", "get", "200"): [
        ("/claims/{id}/", "patch", {"path.id": _ID, "header.If-Match": _ETAG}),
        ("/claims/{id}/assign/", "post", {"path.id": _ID, "header.If-Match": _ETAG}),
        # Every workflow step (declared in reviews.workflow, which config may not
        # import): a target ending in "*" stands for each path under it.
        ("/claims/{id}/actions/*", "post", {"path.id": _ID, "header.If-Match": _ETAG}),
        ("/claims/{id}/approval-preview/", "get", {"path.id": _ID}),
        ("/claims/{id}/reviews/", "get", {"path.id": _ID}),
        ("/claims/{id}/reviews/", "post", {"path.id": _ID}),
        ("/claims/{id}/versions/", "get", {"path.id": _ID}),
        ("/claims/{id}/matches/", "get", {"path.id": _ID}),
        ("/evidence/", "get", {"query.claim": _ID}),
    ],
    ("/claims/{id}/reviews/", "post", "201"): [
        ("/claims/{id}/reviews/", "get", {"path.id": "$request.path.id"}),
        ("/claims/{id}/", "get", {"path.id": "$request.path.id"}),
        *(
            (
                "/claims/{id}/reviews/{review_id}/",
                method,
                {"path.id": "$request.path.id", "path.review_id": _ID},
            )
            for method in ("patch", "delete")
        ),
    ],
    ("/claims/{id}/matches/", "get", "200"): [
        (
            f"/claims/{{id}}/{kind}/{{match_pk}}/resolve/",
            "post",
            {"path.id": "$request.path.id", "path.match_pk": "$response.body#/0/id"},
        )
        for kind in ("matches", "external-matches")
    ],
    ("/audit/events/", "get", "200"): [
        ("/audit/events/{seq}/", "get", {"path.seq": "$response.body#/results/0/seq"}),
    ],
    ("/notifications/", "get", "200"): [
        ("/notifications/{id}/", "get", {"path.id": "$response.body#/results/0/id"}),
        (
            "/notifications/{id}/read/",
            "post",
            {"path.id": "$response.body#/results/0/id"},
        ),
    ],
    ("/auth/token/", "post", "200"): [
        ("/auth/tokens/{token_id}/", "delete", {"path.token_id": _ID}),
    ],
    ("/reports/", "post", "202"): [
        ("/import-jobs/{id}/", "get", {"path.id": _ID}),
    ],
}


def _add_links(paths: dict, prefix: str) -> None:
    for (path, method, status_code), targets in _LINKS.items():
        operation = paths.get(prefix + path, {}).get(method)
        if operation is None or status_code not in operation["responses"]:
            continue
        links = operation["responses"][status_code].setdefault("links", {})
        for target_path, target_method, parameters in targets:
            if target_path.endswith("*"):
                under = prefix + target_path[:-1]
                matched = [p for p in paths if p.startswith(under)]
            else:
                matched = [prefix + target_path]
            for path_name in matched:
                target = paths.get(path_name, {}).get(target_method)
                if target is None:
                    continue
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": parameters,
                }


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": ENTITY_TAGS_SCHEMA,
    "description": (
        "ETags from earlier reads (compared weakly), or *: 304 Not Modified "
        "while the answer still has one of them."
    ),
}
_ETAG_RESPONSE_HEADER = {
    "schema": {"type": "string"},
    "description": "A digest of this answer; send it in If-None-Match to re-read.",
}


def _document_conditional_get(operation: dict, responses: dict) -> None:
    """Every read answers an ETag and 304 to If-None-Match (config.conditional)."""
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == "If-None-Match" for p in parameters):
        parameters.append(IF_NONE_MATCH)
    if "200" in responses:
        responses["200"].setdefault("headers", {}).setdefault(
            "ETag", _ETAG_RESPONSE_HEADER
        )
    responses.setdefault("304", {}).update(
        description="Not Modified: If-None-Match names the answer's current ETag "
        "(no body; the ETag is repeated).",
        headers={"ETag": {"schema": {"type": "string"}}},
    )


def document_problems(result, generator, request, public):
    """Spectacular hook: the errors any operation may answer, on every operation.

    Views list the errors of their own logic; these come from the plumbing
    around every view (input guard, negotiation, throttles, the parsers).
    """
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = [400, 406, 429, 500]
            if "{" in path:
                codes.append(404)
            if operation.get("security") != [{}] and operation.get("security"):
                codes += [401, 403]
            if "requestBody" in operation:
                codes += [413, 415]
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "header" and parameter["name"] in (
                    "If-Match",
                    "If-None-Match",
                ):
                    parameter["schema"] = ENTITY_TAGS_SCHEMA
            if method == "post":
                codes += [409, 422]
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            responses = operation.setdefault("responses", {})
            if method == "get" and path.startswith("/api/"):
                _document_conditional_get(operation, responses)
            for code in codes:
                entry = responses.setdefault(
                    str(code), {"description": _ERROR_DESCRIPTIONS[code]}
                )
                content = entry.setdefault("content", {})
                content.setdefault(
                    PROBLEM_CONTENT_TYPE,
                    {
                        "schema": problem_ref,
                        "examples": {
                            _ERROR_EXAMPLES[code][0]: {"value": problem_example(code)}
                        },
                    },
                )
    _add_links(result.get("paths", {}), "/api/v1")
    return result


# Statuses any authenticated endpoint may answer.
READ_ERRORS = (401, 403)


def read_schemas(
    serializer,
    *,
    list_summary: str,
    retrieve_summary: str,
    detail=None,
    list_errors: tuple[int, ...] = (400,),
    list_parameters=(),
    retrieve_parameters=(),
) -> dict:
    """The list and retrieve operations of an endpoint, for ``extend_schema_view``:
    pages of ``serializer``, one ``detail`` (the same serializer by default), and
    the errors of a read (a list's own first: a filter it cannot read is a 400)."""
    return {
        "list": extend_schema(
            summary=list_summary,
            parameters=list(list_parameters) or None,
            responses={
                200: serializer(many=True),
                **error_responses(*list_errors, *READ_ERRORS, 404),
            },
        ),
        "retrieve": extend_schema(
            summary=retrieve_summary,
            parameters=list(retrieve_parameters) or None,
            responses={
                200: detail or serializer,
                **error_responses(*READ_ERRORS, 404),
            },
        ),
    }


# --- ETags -----------------------------------------------------------------------
#
# One rule: an answer's ETag is a digest of its representation, so it changes
# whenever the body does (a claim's evidence, reviews, actions; a source's
# claim_count), not only when the record's own fields do. If-None-Match compares
# it weakly (config.conditional answers 304); If-Match, for an edit, strongly.
# A claim's or a source's tag is strong and starts with the record's version
# ("7-<digest>"): the version the edit expects is read from the tag that matched.
# Every other read gets a weak tag over its body from config.conditional.

# What a record's tag looks like: config.compression never compresses an answer
# carrying one (gzip would weaken it, and a weak tag never matches an edit).
RECORD_ETAG = re.compile(r'"([0-9]+)-[0-9a-f]{20}"')


def record_etag(version: int, data) -> str:
    """The strong ETag of a record's representation ``data`` (serializer output)."""
    canonical = json.dumps(
        data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return f'"{version}-{hashlib.sha256(canonical.encode()).hexdigest()[:20]}"'


IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The ETag from your last read of this record (a list of tags, or * for "
        "any, also). Without it: 428; stale or weak: 412; malformed: 400."
    ),
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional ETag from your last read of this claim, a list, or *; stale "
        "or weak: 412; malformed: 400."
    ),
)


# An entity tag (RFC 9110 §8.8.3): optional W/, then a quoted string (which may
# hold a comma: the list is scanned, not split).
_ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e]*)"')
_LIST_ITEM = re.compile(r'[ \t]*(W/)?"([\x21\x23-\x7e]*)"[ \t]*(,|$)')


def parse_entity_tags(raw: str, header: str) -> list[tuple[bool, str]] | None:
    """``If-Match``/``If-None-Match``: None for ``*``, else (weak, tag) pairs.

    Anything that is not a comma-separated list of entity tags is a 400.
    """
    raw = raw.strip(" \t")
    if raw == "*":
        return None
    if not raw:
        raise exceptions.ValidationError(
            {header: [f'{header} is empty: send "*" or entity tags such as "3".']}
        )
    tags, position = [], 0
    while position < len(raw):
        match = _LIST_ITEM.match(raw, position)
        if match is None or (match.group(3) == "," and match.end() == len(raw)):
            raise exceptions.ValidationError(
                {header: [f'{header} must be "*" or entity tags such as "3".']}
            )
        tags.append((bool(match.group(1)), match.group(2)))
        position = match.end()
    return tags


def if_match_version(request, *, required: bool, etag: Callable[[], str]) -> int | None:
    """Check If-Match against the record's current ETag (RFC 9110 §13.1.1).

    ``etag`` makes the current tag (it serializes the record: called only when a
    tag is to be compared). Any tag of a list may match; ``*`` matches any
    version; a weak tag never matches (writes compare strongly). Returns the
    version the service must still find under its lock, or None when nothing
    was asked.
    """
    raw = request.headers.get("If-Match")
    if raw is None:
        if required:
            raise PreconditionRequired()
        return None
    tags = parse_entity_tags(raw, "If-Match")
    if tags is None:
        return None
    current = etag()
    version = int(RECORD_ETAG.fullmatch(current).group(1))
    if any(not weak and f'"{tag}"' == current for weak, tag in tags):
        return version
    if all(weak for weak, _ in tags):
        detail = (
            "A weak entity tag (W/...) never matches for an edit; send the ETag "
            "as you read it."
        )
    else:
        detail = (
            "The record changed since you read it: If-Match names none of its "
            f"current ETag (version {version}). Read it again and retry."
        )
    raise PreconditionFailed(detail, current_version=version)


class PatchEditMixin(mixins.UpdateModelMixin):
    """An edit is a PATCH of the changed fields with a required If-Match; no PUT.

    The body is checked first: a request invalid on its face is a 400 whatever
    If-Match says (else a stale tag hid the error behind a 412). A view names its
    ``edit_serializer_class`` and defines ``edit_record()`` (what is changed),
    ``current_etag(record)`` (the ETag a read of it answers now, for If-Match),
    ``edit(record, *, actor, expected_version, changes)`` (its service) and
    ``edited_response(record)``.
    """

    edit_serializer_class: type[serializers.Serializer]

    def partial_update(self, request, *args, **kwargs):
        record = self.edit_record()
        form = self.edit_serializer_class(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        expected = if_match_version(
            request, required=True, etag=lambda: self.current_etag(record)
        )
        self.edit(
            record,
            actor=request.user,
            expected_version=expected,
            changes=dict(form.validated_data),
        )
        return self.edited_response(record)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.partial_update(request, *args, **kwargs)


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
