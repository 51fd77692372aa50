"""A local web server for the snapshot tests: threaded http.server, routes set per test."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    drip_seconds: float = 0.0  # pause between each 100 bytes of the body


class WebServer:
    """Serves ``routes[path]``; ``requested`` lists the paths asked for."""

    def __init__(self, port: int):
        self.routes: dict[str, Route] = {}
        self.requested: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.requested.append(self.path)
                route = server.routes.get(self.path, Route(404, b"not found"))
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    if not route.drip_seconds:
                        self.wfile.write(route.body)
                        return
                    for start in range(0, len(route.body), 100):
                        self.wfile.write(route.body[start : start + 100])
                        self.wfile.flush()
                        time.sleep(route.drip_seconds)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client cut the body, as it should

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
