"""gzip for the API's and the public feed's JSON, and nothing that holds a secret.

BREACH reads a secret out of compressed answers that also reflect the
attacker's input. So only JSON is compressed (no page carries a CSRF token),
never an answer that sets a cookie, and never the token endpoint's answer (it
holds the new token).

Nor an answer whose ETag is a record's version (``config.api.etag_for``: a claim
or a source), which a client sends back in If-Match: compressing weakens the tag
(``W/"3"``), and a weak tag never matches for an edit, so a client that asked
for gzip could not edit at all.
"""

import re

from django.middleware.gzip import GZipMiddleware

_COMPRESSED_PATHS = ("/api/", "/verdicts/feed.json", "/verdicts/export.")
_NEVER = ("/api/v1/auth/token/",)
_TYPES = (
    "application/json",
    "application/ld+json",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "application/vnd.oai.openapi+json",
)
_VERSION_TAG = re.compile(r'"[0-9]+"')


class ScopedGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        path = request.path_info
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if (
            not path.startswith(_COMPRESSED_PATHS)
            or path.startswith(_NEVER)
            or response.cookies
            or _VERSION_TAG.fullmatch(response.get("ETag", ""))
            or content_type not in (*_TYPES, "text/csv")
        ):
            return response
        return super().process_response(request, response)
