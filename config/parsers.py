"""The API's JSON parser: DRF's, with a nesting limit.

A module of its own because DRF imports the default parsers while it defines
``APIView``; config/api.py, which imports ``APIView``, cannot be that module.
"""

import json

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
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
