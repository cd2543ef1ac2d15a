"""Fetching articles and feeds, against a real HTTP server on 127.0.0.1 only."""
import http.server
import threading

import pytest

from geo import fetch
from geo.batch import ingest_paths
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
    assert on.new == 1 and store.events()[0]["place"] == "Kharkiv"
