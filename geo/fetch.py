"""Articles from the web, only when the user turns network use on: an article URL or an
RSS/Atom feed (`documents_from_url`).

Polite and guarded: http(s) only, every address the host resolves to must be public (no
loopback, private, link-local or reserved ranges, checked again after each redirect), a
timeout, a size limit, a descriptive User-Agent and at most one request a second per host.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterator

from .errors import GeoError
from .ingest import Document, Failure, read_bytes

USER_AGENT = "Newsmap/0.1 (offline-first news event mapper; fetches only what its user asks for)"
TIMEOUT_S = 15
MAX_BYTES = 10 * 1024 * 1024
MIN_INTERVAL_S = 1.0
_last_request: dict[str, float] = {}


class FetchError(GeoError, OSError):
    """A URL that may not or could not be fetched; the message says why."""


def check_url(url: str, *, allow_private: bool = False) -> str:
    """The URL if it may be fetched, else FetchError: scheme and every resolved address."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused {url!r}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"refused {url!r}: no host name")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc.strerror} (offline?)") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not allow_private and not address.is_global:
            raise FetchError(f"refused {url!r}: {address} is on a local or private network")
    return url


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """(body, content type, final URL) of one GET request, within the limits above."""
    check_url(url, allow_private=allow_private)
    host = urllib.parse.urlsplit(url).hostname or ""
    wait = _last_request.get(host, 0.0) + MIN_INTERVAL_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as resp:
            body = resp.read(max_bytes + 1)
            kind = resp.headers.get_content_type()
            final = resp.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        if isinstance(exc, FetchError):
            raise
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, FetchError):
            raise reason from None
        raise FetchError(f"{url}: {reason}") from exc
    finally:
        _last_request[host] = time.monotonic()
    if len(body) > max_bytes:
        raise FetchError(f"{url}: response over the {max_bytes:,}-byte limit")
    return body, kind, final


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
    import datetime as dt

    import feedparser

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
