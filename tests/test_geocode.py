"""The online geocoding fallback against a fake Nominatim server on 127.0.0.1 (never the internet)."""
import http.server
import json
import threading
import time
import urllib.parse

import pytest

from geo.intake.geocode import USER_AGENT, OnlineGeocoder
from geo.pipeline import parse
from geo.store import Store


class _Nominatim(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.server.requests.append((time.monotonic(), q.get("q", [""])[0], self.headers.get("User-Agent"),
                                     q.get("countrycodes", [""])[0]))
        name = q.get("q", [""])[0]
        body = [] if name == "Nowhereville" else [{
            "lat": "50.5453", "lon": "30.1500", "display_name": f"{name}, Bucha Raion, Ukraine",
            "osm_type": "node", "osm_id": 42, "address": {"country_code": "ua"}}]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    srv.requests = []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()


def test_unknown_names_are_geocoded_once_politely_and_cached(nominatim, tmp_path, small_gaz):
    store = Store(tmp_path / "g.db")
    gc = OnlineGeocoder(store, domain=f"127.0.0.1:{nominatim.server_address[1]}", scheme="http")
    text = "Shelling hit Kyiv. Troops were seen in Vorzelville and later in Nowhereville on Friday."
    art = parse(text, "2022-02-26", gazetteer=small_gaz, geocoder=gc)
    place = next(p for p in art.places if p.text == "Vorzelville")
    assert (place.kind, place.country, round(place.lat, 2), place.id) == ("geocoded", "UA", 50.55, "node:42")
    assert [u.text for u in art.unresolved] == ["Nowhereville"]  # asked, not found, still unresolved
    parse(text, "2022-02-26", gazetteer=small_gaz, geocoder=gc)  # the cache answers the second time
    asked = [r[1] for r in nominatim.requests]
    assert sorted(asked) == ["Nowhereville", "Vorzelville"]
    assert all(r[2] == USER_AGENT and r[3] == "ua" for r in nominatim.requests)  # biased to Ukraine
    gap = nominatim.requests[1][0] - nominatim.requests[0][0]
    assert gap >= 0.9, f"requests {gap:.2f} s apart: the limit is one a second"


def test_offline_geocoder_says_so_and_leaves_names_unresolved(tmp_path, small_gaz, caplog):
    store = Store(tmp_path / "g.db")
    gc = OnlineGeocoder(store, domain="127.0.0.1:9", scheme="http", timeout_s=2)  # nothing listens
    art = parse("Troops were seen in Vorzelville.", gazetteer=small_gaz, geocoder=gc)
    assert art.places == () and art.unresolved[0].text == "Vorzelville"
    assert "online geocoding unavailable" in caplog.text
