"""Articles from the web, only when the user turns network use on: an article URL or an
RSS/Atom feed (`documents_from_url`).

Polite and guarded: http(s) only; the host is resolved once, every address it resolves to must
be public (no loopback, private, link-local or reserved ranges, nor an IPv6 form that embeds
such an IPv4 address: IPv4-mapped and -compatible, NAT64, 6to4, Teredo), and the connection goes
to the very address that was checked, so a second DNS answer cannot steer it inside (checked
again after each redirect); one deadline for the whole request, however slowly the server
trickles; a size limit, a descriptive User-Agent and at most one request a second per host.
"""
from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
from typing import Iterator

from geo.errors import GeoError
from geo.intake.ingest import Document, Failure, read_bytes

USER_AGENT = "Newsmap/0.1 (offline-first news event mapper; fetches only what its user asks for)"
TIMEOUT_S = 15          # the whole request, redirects included: not per read
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
MIN_INTERVAL_S = 1.0
_last_request: dict[str, float] = {}
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(GeoError, OSError):
    """A URL that may not or could not be fetched; the message says why."""


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, by every standard embedding."""
    out = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        out.extend(address.teredo)  # (server, client)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in net for net in _NAT64) or (address in _IPV4_COMPATIBLE and int(address) > 1):
        out.append(low32)
    return out


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        return all(inner.is_global for inner in _embedded_ipv4(address))
    return True


def _target(url: str, allow_private: bool) -> tuple[urllib.parse.SplitResult, str, int]:
    """(parts, the one address to connect to, port) for a URL that may be fetched, else a
    FetchError saying why in one line."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:  # 'http://[::1', ':99999'
        raise FetchError(f"refused {url[:200]!r}: malformed URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused {url[:200]!r}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"refused {url[:200]!r}: no host name")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise FetchError(f"cannot resolve {parts.hostname}: {reason} (offline?)") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not allow_private and not _is_public(address):
            raise FetchError(f"refused {url[:200]!r}: {address} is on a local or private network")
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}: no address")
    return parts, str(addresses[0]), port


def check_url(url: str, *, allow_private: bool = False) -> str:
    """The URL if it may be fetched, else FetchError: form, scheme and every resolved address."""
    _target(url, allow_private)
    return url


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to one checked address, whatever the host name resolves to now."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = self.pinned = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to one checked address; the certificate is still checked against the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        self.pinned = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(self.pinned, server_hostname=self.host)


def _cut(conn: _PinnedHTTP | _PinnedHTTPS) -> None:
    """At the deadline: end the connection, which wakes a read blocked on a trickling server
    (conn.sock is gone by then when the server said it closes after the answer)."""
    sock = getattr(conn, "pinned", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _get(url: str, allow_private: bool, deadline: float, max_bytes: int):
    """(status, headers, body) of one GET to the checked address, ended at `deadline`."""
    parts, address, port = _target(url, allow_private)
    assert parts.hostname is not None  # _target refuses a URL without one
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    conn = kind(parts.hostname, address, port, timeout=max(0.01, deadline - time.monotonic()))
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, (conn,))
    timer.start()
    try:
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
        resp = conn.getresponse()
        body = bytearray()
        while len(body) <= max_bytes:
            chunk = resp.read1(65536)
            if not chunk:
                break
            body += chunk
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if time.monotonic() < deadline:
            raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from None
    finally:
        timer.cancel()
        conn.close()
    if time.monotonic() >= deadline:  # the connection was cut, or ended just as it was due
        raise FetchError(f"{url}: no complete answer before the request's deadline "
                         f"({TIMEOUT_S} s by default): the server is too slow")
    return resp.status, resp.headers, bytes(body)


def _host(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return ""  # refused with its reason by _target


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of one GET request, within the limits above: `timeout`
    seconds for the whole of it, redirects (checked like the first URL) included."""
    deadline = time.monotonic() + timeout
    host = _host(url)
    wait = _last_request.get(host, 0.0) + MIN_INTERVAL_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)
        deadline += wait
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, headers, body = _get(url, allow_private, deadline, max_bytes)
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                url = urllib.parse.urljoin(url, headers["Location"])
                continue
            break
        else:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    finally:
        _last_request[host] = time.monotonic()
    if status >= 400:
        raise FetchError(f"{url}: HTTP {status}")
    if len(body) > max_bytes:
        raise FetchError(f"{url}: response over the {max_bytes:,}-byte limit")
    return body, headers.get_content_type(), url


def _is_feed(kind: str, body: bytes) -> bool:
    if kind in ("application/rss+xml", "application/atom+xml"):
        return True
    head = body[:512].lstrip().lower()
    return kind.endswith("xml") and (b"<rss" in head or b"<feed" in head)


def documents_from_url(url: str, *, allow_private: bool = False,
                       max_entries: int = 50) -> Iterator[Document | Failure]:
    """The article at `url`, or the articles an RSS/Atom feed at `url` links to."""
    try:
        body, kind, final = fetch(url, allow_private=allow_private)
    except FetchError as exc:
        yield Failure(url, str(exc))
        return
    if _is_feed(kind, body):
        yield from _feed_documents(body, url, allow_private, max_entries)
        return
    suffix = ".pdf" if kind == "application/pdf" else ".html" if "html" in kind else ".txt"
    for item in read_bytes(body, f"{final}#{suffix}"):
        yield item if isinstance(item, Failure) else Document(
            item.text, final, item.title, item.url or final, item.published, item.source)


def _feed_documents(body: bytes, url: str, allow_private: bool, max_entries: int):
    import feedparser  # lazy: feeds only: most runs fetch none

    feed = feedparser.parse(body)
    if not feed.entries:
        yield Failure(url, "a feed with no entries")
        return
    for entry in feed.entries[:max_entries]:
        link = entry.get("link")
        published = None
        if entry.get("published_parsed"):
            published = dt.date(*entry.published_parsed[:3])
        if not link:
            yield Failure(url, f"feed entry {entry.get('title', '?')!r} has no link")
            continue
        for item in documents_from_url(link, allow_private=allow_private, max_entries=0):
            if isinstance(item, Document):
                item = Document(item.text, item.name, item.title or entry.get("title"), item.url,
                                item.published or published, item.source or feed.feed.get("title"))
            yield item
