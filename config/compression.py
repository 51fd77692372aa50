"""gzip for the API's and the public feed's JSON, and nothing that holds a secret.

BREACH reads a secret out of compressed answers that also reflect the
attacker's input. So only JSON is compressed (no page carries a CSRF token),
never an answer that sets a cookie, and never the token endpoint's answer (it
holds the new token).

Nor an answer carrying a record's ETag (``config.api.RECORD_ETAG``: a claim or
a source), which a client sends back in If-Match: compressing weakens the tag
(``W/"3-…"``), and a weak tag never matches for an edit, so a client that asked
for gzip could not edit at all. The other tags are weak already
(``config.conditional``), or serve only If-None-Match, which compares weakly.
"""

from django.middleware.gzip import GZipMiddleware

from config.api import RECORD_ETAG

_COMPRESSED_PATHS = ("/api/", "/verdicts/feed.json", "/verdicts/export.")
_NEVER = ("/api/v1/auth/token/",)
_TYPES = (
    "application/json",
    "application/ld+json",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "application/vnd.oai.openapi+json",
)


class ScopedGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        path = request.path_info
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if (
            not path.startswith(_COMPRESSED_PATHS)
            or path.startswith(_NEVER)
            or response.cookies
            or RECORD_ETAG.fullmatch(response.get("ETag", ""))
            or content_type not in (*_TYPES, "text/csv")
        ):
            return response
        return super().process_response(request, response)
