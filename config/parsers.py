"""The API's parsers: DRF's JSON parser with a nesting limit, its multipart parser
refusing a body with no readable part.

A module of its own because DRF imports the default parsers while it defines
``APIView``; config/api.py, which imports ``APIView``, cannot be that module.
"""

import json

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.utils.json import strict_constant


class GuardedJSONParser(JSONParser):
    """DRF's JSON parser, with a nesting limit.

    ``[[[…`` 100 KB deep made ``json.load`` raise RecursionError: a 500 on the
    unauthenticated token endpoint and on every JSON write. No request of this
    API nests more than a few levels. The size is capped before parsing: DRF
    reads a JSON body through ``request.body``, which refuses more than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (config/api.py answers that with a 413);
    reports are uploaded as files, not JSON.
    """

    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(
                f"The body is not valid {encoding} text."
            ) from None
        try:
            data = json.loads(
                text, parse_constant=strict_constant if self.strict else None
            )
        except RecursionError:
            raise exceptions.ParseError(self._too_deep()) from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if _depth_exceeds(data, self.max_depth):
            raise exceptions.ParseError(self._too_deep())
        return data

    def _too_deep(self) -> str:
        return f"JSON nested more than {self.max_depth} levels deep is not accepted."


def _depth_exceeds(data, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class GuardedMultiPartParser(MultiPartParser):
    """DRF's multipart parser, refusing a body that holds no readable part.

    Django's parser skips a part that has no headers, so junk between two
    boundaries read as an empty form and the request went on as if nothing had
    been sent: Schemathesis posted a number as multipart to a workflow action and
    got the If-Match check's 412 instead of a 400. An empty form (the closing
    boundary alone) is still an empty form.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if parsed.data or parsed.files:
            return parsed
        request = (parser_context or {}).get("request")
        length = int((request.META.get("CONTENT_LENGTH") or 0) if request else 0)
        boundary = (media_type or "").partition("boundary=")[2].strip().strip('"')
        # "--<boundary>--" and a line end: what an empty form is sent as.
        if length > len(boundary) + 8:
            raise exceptions.ParseError(
                "The multipart body holds no part that could be read."
            )
        return parsed
