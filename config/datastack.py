"""Each request runs on one reserved chunk of CPython's frame stack (3.11–3.13).

Since 3.11, CPython keeps the frames of Python functions on a per-thread stack
made of 16 KiB chunks. When a call needs a new chunk it maps one, and when that
call returns the chunk is unmapped at once (CPython gh-142183, fixed in 3.14 and
in late 3.13 releases by keeping one spare chunk). Django's template engine
renders by deep recursion that goes up and down by dozens of frames; when the
request's depth puts a chunk boundary inside that range, every crossing maps and
unmaps memory. Measured on the claims list (make bench's data, 1,000 claims):
21–48 ms of CPU per request depending only on how deep the server calls the
view, against 19–20 ms at every depth with this middleware.

The middleware calls the rest of the stack from a function whose frame holds
``RESERVED_SLOTS`` empty local slots. That frame does not fit in the chunk in
use, so CPython maps a fresh chunk twice its size: the big frame takes half and
the whole request runs in the other half, with room for about 300 frames. The
chunk is mapped once per request instead of once per crossing.
"""

import sys

# 8,192 slots: a 64 KiB frame on a 128 KiB chunk; a page of the desk goes about
# 150 frames deep (middleware, view, nested templates), well inside the rest.
RESERVED_SLOTS = 8192
NEEDED = sys.version_info < (3, 14)


def _call_on_reserved_chunk(get_response, request):
    return get_response(request)


_code = _call_on_reserved_chunk.__code__
_names = _code.co_varnames + tuple(f"_slot{i}" for i in range(RESERVED_SLOTS))
_call_on_reserved_chunk.__code__ = _code.replace(
    co_varnames=_names, co_nlocals=len(_names)
)


class DataStackReserveMiddleware:
    """Outermost: runs everything after it on one reserved frame-stack chunk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not NEEDED:
            return self.get_response(request)
        return _call_on_reserved_chunk(self.get_response, request)
