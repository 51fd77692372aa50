"""Django's CommonMiddleware without redirects of unsafe methods."""

from django.middleware.common import CommonMiddleware


class SafeCommonMiddleware(CommonMiddleware):
    """APPEND_SLASH redirects GET and HEAD only.

    A client that follows a redirect of POST drops its body (and with DEBUG on
    Django raises instead); without the slash an unsafe request is a 404, whose
    problem details name the address with the slash.
    """

    def should_redirect_with_slash(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        return super().should_redirect_with_slash(request)
