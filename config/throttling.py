"""API rate limits (DRF throttles) and the RateLimit headers that announce them.

Each request under /api/ counts against one policy: ``user`` (per signed-in
user) or ``anon`` (per client address); the rates are settings
(``API_RATE_USER``, ``API_RATE_ANON``). Every answer says where the client
stands, in the fields of the IETF draft "RateLimit header fields for HTTP":
``RateLimit-Policy: "user";q=600;w=60`` and ``RateLimit: "user";r=599;t=60``.
A refused request is a 429 problem with ``Retry-After``. The counts live in
Django's default cache: one process's memory unless ``CACHES`` is shared.
"""

import math

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _Announced:
    """Leaves the throttle's state on the request for RateLimitHeadersMiddleware."""

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if self.rate is None or not hasattr(self, "history"):
            return allowed  # not this policy's request (anon throttle, signed in)
        remaining = max(0, self.num_requests - len(self.history))
        if self.history:
            reset = self.duration - (self.now - self.history[-1])
        else:
            reset = self.duration
        request._request.rate_limit = (
            self.scope,
            self.num_requests,
            self.duration,
            remaining,
            max(0, math.ceil(reset)),
        )
        return allowed


class UserThrottle(_Announced, UserRateThrottle):
    def allow_request(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)


class AnonThrottle(_Announced, AnonRateThrottle):
    pass


class RateLimitHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            scope, limit, window, remaining, reset = state
            response["RateLimit-Policy"] = f'"{scope}";q={limit};w={window}'
            response["RateLimit"] = f'"{scope}";r={remaining};t={reset}'
        return response
