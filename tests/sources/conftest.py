"""The local web server the snapshot tests fetch from, on a port of this branch's range."""

import errno
import os

import pytest

from tests.sources.webserver import WebServer

# One port per pytest-xdist process, so that parallel runs never collide.
_BASE_PORT = int(os.environ.get("SOURCE_TEST_PORT", "8150"))


def _port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return _BASE_PORT + (int(worker) if worker.isdigit() else 0)


@pytest.fixture
def web(settings):
    settings.SOURCE_FETCH_ALLOW_PRIVATE = True
    settings.SOURCE_FETCH_TIMEOUT_SECONDS = 5.0
    for attempt in range(3):
        try:
            server = WebServer(_port() + 4 * attempt)
            break
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or attempt == 2:
                raise
    with server:
        yield server
