"""Keep what a signed-in user sees out of shared and browser caches."""

PRIVATE = "private, no-store"


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in user.

    Pages of the desk show unpublished claims, reviews and the audit trail; with
    no Cache-Control a proxy or the browser's history could keep them. A view
    that sets its own Cache-Control (the public verdict pages, exports) keeps it,
    and static files never reach this middleware (whitenoise serves them first).
    Token clients of the API count as signed in: DRF sets ``request.user``.

    A public page that carries a form (the language switcher, with its CSRF
    token, whose cookie Django sends with it) is the visitor's own: "public"
    becomes "private", so that no shared cache hands one visitor's token, cookie
    and language to the next; the browser still keeps it for max-age.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            # The page holds a CSRF token (and Django sends its cookie with it).
            if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                response["Cache-Control"] = response["Cache-Control"].replace(
                    "public", "private"
                )
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = PRIVATE
        return response
