"""``Idempotency-Key`` on API POSTs: the first answer is stored and replayed.

A client that retries a POST (a timeout, a dropped connection) with the same
key gets the first answer again, marked ``Idempotent-Replayed: true``, and
nothing is done twice. The same key with another body (or address) is a 422;
while the first request still runs, a 409. Answers are kept for
``IDEMPOTENCY_TTL_HOURS`` (24) per user and key; server errors and 429s are not
kept, so a retry runs again. ``manage.py prune_idempotency_keys`` deletes the
expired ones.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.request import Request

from config.api import IDEMPOTENCY_KEY_PATTERN, is_api_path, problem_response
from config.authentication import TokenAuthentication
from config.models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def expired_before():
    return timezone.now() - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)


def prune_expired() -> int:
    deleted, _ = IdempotentRequest.objects.filter(
        created_at__lt=expired_before()
    ).delete()
    return deleted


def _user(request):
    """The signed-in user by session or token (the middleware runs before DRF)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    try:
        found = TokenAuthentication().authenticate(Request(request))
    except Exception:  # a bad token: DRF's own authentication answers it
        return None
    return found[0] if found else None


def _too_large_to_hold(request) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return limit is not None and length > limit


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.headers.get("Content-Type", "").encode() + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type
    )
    if stored.location:
        response["Location"] = stored.location
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not is_api_path(request):
            return self.get_response(request)
        if len(key) > MAX_KEY_LENGTH or not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
            return problem_response(
                request,
                400,
                "invalid",
                f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.",
                errors={HEADER: ["Not a valid key."]},
            )
        user = _user(request)
        if user is None or _too_large_to_hold(request):
            # Anonymous (the token request): nothing to key it by. A file upload
            # larger than the in-memory limit is not read twice; importing the
            # same report again creates nothing anyway.
            return self.get_response(request)
        fingerprint = _fingerprint(request)
        IdempotentRequest.objects.filter(
            user=user, key=key, created_at__lt=expired_before()
        ).delete()
        try:
            with transaction.atomic():
                claimed = IdempotentRequest.objects.create(
                    user=user, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            stored = IdempotentRequest.objects.filter(user=user, key=key).first()
            if stored is None:  # pruned meanwhile: run it
                return self.get_response(request)
            if stored.fingerprint != fingerprint:
                return problem_response(
                    request,
                    422,
                    "idempotency_key_reused",
                    f"This {HEADER} was used with another request; use a new key "
                    "for a new request.",
                )
            if stored.status is None:
                return problem_response(
                    request,
                    409,
                    "conflict",
                    f"A request with this {HEADER} is still running; retry later.",
                )
            return _replay(stored)
        response = self.get_response(request)
        if (
            response.status_code >= 500
            or response.status_code == 429
            or (response.streaming)
        ):
            claimed.delete()
            return response
        claimed.status = response.status_code
        claimed.content_type = response.get("Content-Type", "")
        claimed.location = response.get("Location", "")
        claimed.body = response.content
        claimed.save(update_fields=["status", "content_type", "location", "body"])
        return response
