"""Every request runs above the frame that reserves its frame-stack chunk."""

import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from config import datastack
from config.urls import urlpatterns as project_urlpatterns

CALLERS: list[list[str]] = []


def _callers(request):
    frame, names = sys._getframe(), []
    while frame is not None:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    CALLERS.append(names)
    return HttpResponse("ok")


urlpatterns = [path("stack/", _callers), *project_urlpatterns]


def test_the_reserve_is_the_outermost_middleware():
    assert settings.MIDDLEWARE[0] == "config.datastack.DataStackReserveMiddleware"


def test_the_reserving_frame_holds_the_empty_slots():
    code = datastack._call_on_reserved_chunk.__code__
    assert code.co_nlocals == 2 + datastack.RESERVED_SLOTS
    assert code.co_varnames[:2] == ("get_response", "request")


@pytest.mark.urls(__name__)
@pytest.mark.skipif(not datastack.NEEDED, reason="CPython keeps a spare chunk")
def test_a_view_runs_above_the_reserving_frame(db):
    CALLERS.clear()
    response = Client().get("/stack/")
    assert response.status_code == 200
    assert response.content == b"ok"
    (names,) = CALLERS
    below_view = names[names.index("_callers") + 1 :]
    assert "_call_on_reserved_chunk" in below_view
    # Every middleware of the project is above it.
    assert below_view.index("_call_on_reserved_chunk") > below_view.index("__call__")
