"""Fetching articles and feeds, against a real HTTP server on 127.0.0.1 only."""
import http.server
import ipaddress
import socket
import threading
import time

import pytest

from geo.intake import fetch
from geo.intake.batch import ingest_paths
from geo.store import Store

ARTICLE = (b"<html><head><title>Kharkiv shelled</title><script>alert(1)</script></head><body>"
           b"<article><h1>Kharkiv shelled</h1><p>Shelling hit Kharkiv on Friday, killing 3 civilians, "
           b"officials said. The strikes continued overnight across the city.</p><p>Residents sheltered "
           b"in the metro as sirens sounded again.</p></article></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        port = self.server.server_address[1]
        routes = {
            "/a.html": (200, "text/html", ARTICLE),
            "/feed.xml": (200, "application/rss+xml", (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>'
                f'<item><title>Kharkiv shelled</title><link>http://127.0.0.1:{port}/a.html</link>'
                f'<pubDate>Sat, 26 Feb 2022 08:00:00 GMT</pubDate></item></channel></rss>').encode()),
            "/huge": (200, "text/plain", b"x" * 5000),
        }
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        code, kind, body = routes.get(self.path, (404, "text/plain", b"nope"))
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body)
        self.server.seen_agents.append(self.headers.get("User-Agent"))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.seen_agents = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", srv
    srv.shutdown()


def test_local_and_non_http_addresses_are_refused():
    for url in ("http://127.0.0.1/a", "http://10.1.2.3/", "http://[::1]/", "file:///etc/passwd",
                "ftp://example.org/x"):
        with pytest.raises(fetch.FetchError, match="refused"):
            fetch.check_url(url)


def test_article_and_feed_are_fetched_politely(server, monkeypatch):
    base, srv = server
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    (doc,) = list(fetch.documents_from_url(f"{base}/a.html", allow_private=True))
    assert doc.title == "Kharkiv shelled" and "Shelling hit Kharkiv" in doc.text and "alert" not in doc.text
    (item,) = list(fetch.documents_from_url(f"{base}/feed.xml", allow_private=True))
    assert item.published.isoformat() == "2022-02-26" and item.source == "Local wire"
    assert all(a == fetch.USER_AGENT for a in srv.seen_agents)


def test_limits_redirects_and_errors(server, monkeypatch):
    base, _ = server
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    with pytest.raises(fetch.FetchError, match="limit"):
        fetch.fetch(f"{base}/huge", allow_private=True, max_bytes=1000)
    with pytest.raises(fetch.FetchError, match="only http|is not allowed"):
        fetch.fetch(f"{base}/to-file", allow_private=True)
    (fail,) = list(fetch.documents_from_url(f"{base}/missing", allow_private=True))
    assert "HTTP 404" in fail.reason


def test_urls_need_network_turned_on(server, tmp_path, monkeypatch):
    base, _ = server
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    store = Store(tmp_path / "n.db")
    off = ingest_paths([f"{base}/a.html"], store, workers=1)
    assert "network use is off" in off.failed[0][1] and off.new == 0
    on = ingest_paths([f"{base}/feed.xml"], store, workers=1, network=True, allow_private=True,
                      published=None)
    assert on.new == 1 and store.events()[0].place == "Kharkiv"


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Answers at one byte every 0.3 s: each read succeeds, the whole never comes in time."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(100):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.3)

    def log_message(self, *args):
        pass


def test_the_deadline_is_for_the_whole_request_not_each_read(monkeypatch):
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        began = time.monotonic()
        with pytest.raises(fetch.FetchError, match="deadline"):
            fetch.fetch(f"http://127.0.0.1:{srv.server_address[1]}/slow", allow_private=True, timeout=1.5)
        assert time.monotonic() - began < 5  # a per-read timeout would wait for all 30 s
    finally:
        srv.shutdown()


def test_the_connection_goes_to_the_address_that_was_checked(server, monkeypatch):
    """DNS rebinding: a name that answers a checked address first and another one after. The
    fetcher asks once and connects there (the second answer, a closed port, is never used)."""
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    answers = ["127.0.0.1", "127.0.0.2"]
    asked = []

    def getaddrinfo(host, port_, *args, **kwargs):
        if host not in answers:  # an address literal (socket.create_connection asks too) is itself
            asked.append(host)
        address = host if host in answers else answers[min(len(asked), 2) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port_))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    body, _, _ = fetch.fetch(f"http://news.example:{port}/a.html", allow_private=True)
    assert b"Kharkiv shelled" in body and asked == ["news.example"]


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::c0a8:1",  # NAT64 of 127.0.0.1, 10.0.0.1, 192.168.0.1
    "2002:7f00:1::", "2002:c0a8:101::1",                      # 6to4 of 127.0.0.1, 192.168.1.1
    "::127.0.0.1", "::10.0.0.1",                               # IPv4-compatible
    "::ffff:127.0.0.1", "::ffff:169.254.169.254",              # IPv4-mapped
    "2001:0:4136:e378:8000:63bf:80ff:fffe",                    # Teredo, client 127.0.0.1
    "::1", "fe80::1", "fc00::1",
])
def test_ipv6_forms_of_inside_addresses_are_refused(address):
    with pytest.raises(fetch.FetchError, match="local or private network"):
        fetch.check_url(f"http://[{address}]/")


def test_public_ipv6_forms_are_not_refused_as_private():
    for address in ("64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"):
        assert fetch._is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/", "http://127.0.0.1:-1/",
                                 "http://[::1]x/", "http://exa mple.com:80:80/"])
def test_malformed_urls_are_one_line_refusals(url):
    with pytest.raises(fetch.FetchError) as err:
        fetch.fetch(url, allow_private=True)
    assert "\n" not in str(err.value)


def test_a_feed_with_malformed_links_stores_its_good_entries(server, tmp_path, monkeypatch):
    base, srv = server
    monkeypatch.setattr(fetch, "MIN_INTERVAL_S", 0.0)
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f'<item><title>bad</title><link>http://[::1</link></item>'
            f'<item><title>port</title><link>http://127.0.0.1:99999/x</link></item>'
            f'<item><title>good</title><link>{base}/a.html</link></item></channel></rss>').encode()
    monkeypatch.setattr(fetch, "fetch", _with_feed(fetch.fetch, f"{base}/wire.xml", feed))
    summary = ingest_paths([f"{base}/wire.xml"], Store(tmp_path / "f.db"), workers=1, network=True,
                           allow_private=True)
    assert summary.new == 1 and len(summary.failed) == 2
    assert all("malformed URL" in reason for _, reason in summary.failed)


def _with_feed(real_fetch, feed_url, feed):
    def fetch_(url, **kwargs):
        if url == feed_url:
            return feed, "application/rss+xml", url
        return real_fetch(url, **kwargs)
    return fetch_
