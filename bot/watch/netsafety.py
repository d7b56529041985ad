"""Which addresses the watcher may contact: public http(s) hosts only, unless allowed otherwise."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


class UnsafeAddress(Exception):
    """A URL or address the watcher must not contact; the message says why."""


def url_problem(url: str) -> str | None:
    """Why `url` is not a usable http(s) URL, or None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return f"not a valid URL: {url[:100]!r}"
    if parts.scheme.lower() not in SCHEMES:
        return f"only http and https URLs can be watched, not {parts.scheme or 'a bare path'!r}"
    if not parts.hostname:
        return f"the URL has no host: {url[:100]!r}"
    if parts.username or parts.password:
        return "a URL with a user name or password cannot be watched"
    return None


def address_problem(address: str) -> str | None:
    """Why an IP address is off limits (loopback, private, link-local, …), or None if public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return f"{address} is a loopback address"
    if ip.is_link_local:
        return f"{address} is a link-local address"
    if ip.is_private or not ip.is_global or ip.is_multicast or ip.is_reserved:
        return f"{address} is a private or reserved address"
    return None


async def resolve_public(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Resolve `host`; raise UnsafeAddress if it fails or any address it has is off limits."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeAddress(f"cannot resolve {host} (DNS: {exc})") from exc
    addresses = sorted({str(info[4][0]) for info in infos})
    if not allow_private:
        for address in addresses:
            problem = address_problem(address)
            if problem:
                raise UnsafeAddress(f"{host}: {problem}")
    return addresses
