"""Polite, bounded HTTP fetching: one request at a time per host, robots.txt, caps, no cookies.

Redirects are followed here, hop by hop, so every hop's host is resolved and checked, and the
address actually connected to is checked again before the body is read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from bot.watch.netsafety import UnsafeAddress, address_problem, resolve_public, url_problem

BOT_NAME = "Briefbot"
USER_AGENT = f"{BOT_NAME}/0.1 (+https://github.com/briefbot/briefbot; news briefing bot)"
MAX_BODY_BYTES = 5_000_000
MAX_ROBOTS_BYTES = 500_000
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_TTL = 86400.0  # RFC 9309: a cached robots.txt is used for at most a day
MAX_CRAWL_DELAY = 60.0
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.1"
)


# The HTTP client of the session the current task runs in.
_CLIENT: ContextVar[httpx.AsyncClient | None] = ContextVar("briefbot_watch_client", default=None)


class FetchError(Exception):
    """A request that gave nothing usable; the message is short and says why."""

    def __init__(self, message: str, *, transient: bool = True, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient  # worth trying again later (timeouts, 5xx), unlike a 404
        self.status = status  # the HTTP status, when the server answered with an error


@dataclass(frozen=True)
class FetchPolicy:
    """How the watcher behaves on the web; tests shorten the delays and allow 127.0.0.1."""

    timeout: float = 20.0
    politeness: float = 5.0
    max_bytes: int = MAX_BODY_BYTES
    max_redirects: int = MAX_REDIRECTS
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """A response: 200 with its body, or 304 (not modified) with none."""

    url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server says nothing changed since the validators we sent."""
        return self.status == 304


@dataclass
class FetchStats:
    """Counts for reports and the benchmark."""

    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    bytes: int = 0


@dataclass
class _Host:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one robots.txt fetch
    last_request: float | None = None
    robots: RobotFileParser | None = None
    robots_at: float = 0.0


class Fetcher:
    """Fetches for the watcher; keeps per-host politeness and robots.txt across sessions."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.stats = FetchStats()
        self._hosts: dict[str, _Host] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[Fetcher]:
        """An HTTP client for a batch of requests; closed at the end."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # asyncio locks belong to one loop: a new run, new locks
            self._loop = loop
            for host in self._hosts.values():
                host.lock, host.robots_lock = asyncio.Lock(), asyncio.Lock()
        timeout = httpx.Timeout(self.policy.timeout)
        # A cookie policy that accepts no domain: nothing a site sets is kept or sent back.
        jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        async with httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: it would hide the real address
            cookies=jar,
            headers={"User-Agent": self.policy.user_agent, "Accept": ACCEPT},
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        ) as client:
            # Per task, not per Fetcher: the bot polls several sources at once, each in a
            # session of its own.
            token = _CLIENT.set(client)
            try:
                yield self
            finally:
                _CLIENT.reset(token)

    async def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url` (conditionally when validators are given), following redirects safely."""
        for _ in range(self.policy.max_redirects + 1):
            problem = url_problem(url)
            if problem:
                raise FetchError(problem, transient=False)
            await self._check_robots(url)
            result = await self._request(url, etag=etag, last_modified=last_modified)
            if isinstance(result, Fetched):
                return result
            url = result
        raise FetchError(f"more than {self.policy.max_redirects} redirects", transient=False)

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        return self._hosts.setdefault(key, _Host())

    async def _request(
        self, url: str, *, etag: str | None, last_modified: str | None, limit: int | None = None
    ) -> Fetched | str:
        """One request, its host's turn taken; a redirect gives the next URL to try."""
        client = _CLIENT.get()
        if client is None:
            raise RuntimeError("Fetcher.get outside a session")
        host = self._host(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with host.lock:
            await self._wait_turn(host)
            try:
                await resolve_public(
                    parts.hostname or "", port, allow_private=self.policy.allow_private
                )
                self.stats.requests += 1
                self.stats.conditional += bool(headers)
                # The whole exchange has a deadline: a server that trickles bytes keeps
                # resetting the read time-out, never this one.
                async with asyncio.timeout(self.policy.timeout * 3):
                    return await self._exchange(client, url, headers, limit)
            except UnsafeAddress as exc:
                raise FetchError(str(exc), transient=True) from exc
            except TimeoutError as exc:
                raise FetchError("timed out") from exc
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out ({type(exc).__name__})") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {exc or type(exc).__name__}"[:200]) from exc
            finally:
                host.last_request = time.monotonic()

    async def _exchange(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str], limit: int | None
    ) -> Fetched | str:
        async with client.stream("GET", url, headers=headers) as response:
            self._check_peer(response)
            client.cookies.clear()  # belt and braces: the jar refuses cookies already
            if response.status_code in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status_code} without a Location")
                return urljoin(url, str(location))
            if response.status_code == 304:
                self.stats.not_modified += 1
                return Fetched(
                    url,
                    304,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
            if response.status_code >= 400:
                status = response.status_code
                raise FetchError(
                    f"HTTP {status}", transient=status >= 500 or status == 429, status=status
                )
            body = await self._read_capped(response, limit or self.policy.max_bytes)
            return Fetched(
                str(response.url),
                response.status_code,
                body,
                content_type=response.headers.get("Content-Type"),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )

    def _check_peer(self, response: httpx.Response) -> None:
        """The address actually connected to must be allowed too (DNS may have changed)."""
        if self.policy.allow_private:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        problem = address_problem(str(peer[0])) if peer else None
        if problem:
            raise FetchError(f"connected to a forbidden address: {problem}", transient=False)

    async def _read_capped(self, response: httpx.Response, limit: int) -> bytes:
        """The body, streamed; stops and fails as soon as it passes `limit` bytes."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"body larger than {limit:,} bytes", transient=False)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"body larger than {limit:,} bytes", transient=False)
            chunks.append(chunk)
        self.stats.bytes += size
        return b"".join(chunks)

    async def _wait_turn(self, host: _Host) -> None:
        """The politeness delay (or the site's Crawl-delay) since this host's last request."""
        if host.last_request is None:
            return
        delay = self.policy.politeness
        if host.robots is not None:
            crawl_delay = host.robots.crawl_delay(BOT_NAME)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        wait = host.last_request + delay - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _check_robots(self, url: str) -> None:
        """Refuse a URL robots.txt disallows for Briefbot; fetch robots.txt once a day per host."""
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None or time.monotonic() - host.robots_at > ROBOTS_TTL:
                host.robots = await self._load_robots(url)
                host.robots_at = time.monotonic()
        if not host.robots.can_fetch(BOT_NAME, url):
            raise FetchError("robots.txt disallows this URL for Briefbot", transient=False)

    async def _load_robots(self, url: str) -> RobotFileParser:
        """The host's robots.txt; raises FetchError while it is unreachable (tried again later)."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        robots = RobotFileParser(robots_url)
        try:
            # Redirects of robots.txt are followed only on the same host (RFC 9309 allows 5).
            result: Fetched | str = robots_url
            for _ in range(MAX_REDIRECTS):
                next_url = result if isinstance(result, str) else ""
                if not next_url or urlsplit(next_url).netloc != parts.netloc:
                    break
                result = await self._request(
                    next_url, etag=None, last_modified=None, limit=MAX_ROBOTS_BYTES
                )
            if isinstance(result, Fetched):
                robots.parse(result.body.decode("utf-8", errors="replace").splitlines())
            else:
                robots.parse([])  # redirected elsewhere: treated as no robots.txt
        except FetchError as exc:
            if exc.status is None:
                raise  # the host itself cannot be reached: that is the error to show
            if exc.status >= 500:
                # RFC 9309: "unreachable" (5xx, network) means nothing is allowed for now.
                raise FetchError(f"robots.txt unreachable ({exc})") from exc
            robots.parse([])  # RFC 9309: "unavailable" (4xx) means everything is allowed
        return robots
