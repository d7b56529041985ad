"""A real HTTP server on 127.0.0.1 that plays news outlets: feeds, pages, and their faults."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOLD_CEILING = 10.0  # a held response is released at the latest after this, so nothing hangs


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a time-out or the size cap) is expected; anything else is not."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # answer only once this is set (a slow server)
    declare_length: bool = True


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class Site:
    """Routes by path; every request is recorded; 404 for anything unknown."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: the tests read `requests` instead

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        """The absolute URL of a path on this site."""
        return f"{self.base}{path}"

    def add(self, path: str, route: Route) -> str:
        """Serve `route` on `path`; returns its URL."""
        self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        """Requests made for one path."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    async def wait_for(self, path: str, count: int = 1, timeout: float = 10.0) -> None:
        """Wait (yielding to the event loop) until `path` has been requested `count` times."""
        deadline = time.monotonic() + timeout
        while len(self.hits(path)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} requested {len(self.hits(path))}×, not {count}×")
            await asyncio.sleep(0.02)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(Request(handler.path, headers, time.monotonic()))
        route = self.routes.get(handler.path)
        if route is None:
            route = Route(b"not here", status=404, content_type="text/plain")
        if route.hold is not None:
            route.hold.wait(HOLD_CEILING)
        etag_match = route.etag is not None and headers.get("if-none-match") == route.etag
        date_match = (
            route.last_modified is not None
            and headers.get("if-modified-since") == route.last_modified
        )
        status = 304 if etag_match or date_match else route.status
        try:
            handler.send_response(status)
            if route.location:
                handler.send_header("Location", route.location)
            if route.etag:
                handler.send_header("ETag", route.etag)
            if route.last_modified:
                handler.send_header("Last-Modified", route.last_modified)
            for name, value in route.headers.items():
                handler.send_header(name, value)
            body = b"" if status == 304 else route.body
            if status != 304:
                handler.send_header("Content-Type", route.content_type)
            if route.declare_length or status == 304:
                handler.send_header("Content-Length", str(len(body)))
            else:
                handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a time-out or the size cap): that is the point

    def release(self) -> None:
        """Let every held response go."""
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()


@contextmanager
def serving() -> Iterator[Site]:
    """A started Site, shut down afterwards (held responses released first)."""
    site = Site()
    site._thread.start()
    try:
        yield site
    finally:
        site.release()
        site.server.shutdown()
        site.server.server_close()
