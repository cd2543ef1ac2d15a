"""Shared fixtures: a tiny in-memory gazetteer for fast unit tests, the full one for e2e."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from geo.benchmarks import pgserver
from geo.gazetteer import index as gazetteer
from geo.gazetteer.sources import Row

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _city(gid, name, cc, admin1, lat, lon, pop, *aliases):
    return Row(f"gn:{gid}", name, tuple(aliases), "city", cc, admin1, lat, lon, pop, 0.0, gid, "fixture")


FIXTURE_ROWS = [
    Row("gn:690791", "Ukraine", ("Ukrainia",), "country", "UA", "", 49.0, 32.0, 44_000_000, 1.0, 690791),
    Row("gn:798544", "Poland", (), "country", "PL", "", 52.0, 20.0, 38_000_000, 1.0, 798544),
    Row("gn:6252001", "United States", ("US", "U.S.", "America"), "country", "US", "", 38.0, -97.0,
        330_000_000, 1.0, 6252001),
    Row("gn:703446", "Kyiv Oblast", ("Kyiv region", "Kiev Oblast"), "admin1", "UA", "Kyiv Oblast",
        50.05, 30.77, 1_800_000, 0.8, 703446),
    Row("gn:4331987", "Louisiana", ("La.",), "admin1", "US", "Louisiana", 31.0, -92.0, 4_600_000, 0.8,
        4331987),
    _city(703448, "Kyiv", "UA", "Kyiv City", 50.45466, 30.5238, 2_952_301, "Kiev", "Kyjiw"),
    _city(706483, "Kharkiv", "UA", "Kharkiv Oblast", 49.98081, 36.25272, 1_430_885, "Kharkov"),
    _city(711350, "Bucha", "UA", "Kyiv Oblast", 50.54741, 30.20879, 42_279),
    _city(2942819, "Bucha", "DE", "Thuringia", 50.88203, 11.50933, 1_211),
    _city(4314550, "Alexandria", "US", "Louisiana", 31.3113, -92.4451, 47_723),
    _city(361058, "Alexandria", "EG", "Alexandria", 31.20176, 29.91582, 3_811_516),
    _city(2988507, "Paris", "FR", "Ile-de-France", 48.85341, 2.3488, 2_138_551),
    _city(4717560, "Paris", "US", "Texas", 33.66094, -95.55551, 24_171),
    _city(3088848, "Police", "PL", "West Pomerania", 53.55214, 14.57182, 33_719),
    _city(741100, "Of", "TR", "Trabzon", 40.94528, 40.26444, 22_000),
    _city(4076598, "Mobile", "US", "Alabama", 30.69436, -88.04305, 187_041),
    _city(4696233, "Henry", "US", "Illinois", 41.11142, -89.35648, 2_464),
    _city(694423, "Sevastopol", "UA", "Sevastopol", 44.58883, 33.5224, 547_820, "Sebastopol"),
    Row("cur:river-dnieper", "Dnieper", ("Dnieper River", "Dnipro River"), "river", "UA", "", 49.0, 33.5,
        0, 0.9, None, "fixture",
        ((55.9, 33.5), (54.8, 30.7), (51.6, 30.6), (50.45, 30.55), (49.4, 32.1), (48.45, 35.05),
         (47.8, 35.15), (46.6, 32.6), (46.5, 31.9))),
    Row("cur:npp-chernobyl", "Chernobyl Nuclear Power Plant", ("Chernobyl NPP", "Chornobyl NPP"), "npp",
        "UA", "Kyiv Oblast", 51.3894, 30.0989, 0, 0.8, None, "fixture"),
]


@pytest.fixture(scope="session")
def small_gaz():
    """A 20-entry gazetteer compiled in memory (no cache, well under a second)."""
    return gazetteer.from_rows(FIXTURE_ROWS)


@pytest.fixture(scope="session")
def full_gaz():
    """The real gazetteer (built on first use into gazetteer/cache/, then loaded in ~1 s)."""
    return gazetteer.load()


@pytest.fixture(scope="session")
def sample_text():
    return (DATA / "samples" / "millennium-post-2022-02-25.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _own_store(tmp_path_factory):
    """Tests (and the app they start) write to a store of their own, never data/newsmap.db."""
    os.environ["NEWSMAP_DB"] = str(tmp_path_factory.mktemp("store") / "newsmap.db")
    yield


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL (+ PostGIS when installed) server on 127.0.0.1 for the session:
    skips with the install command where there is none (fails in CI, which installs it)."""
    reason = pgserver.missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    server = pgserver.PostgresServer.start()
    yield server
    server.stop()


def _new_database(server, *, postgis: bool = True) -> str:
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}", postgis=postgis)


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database (with PostGIS where installed) on the session's server."""
    return _new_database(pg_server)


@pytest.fixture
def pg_url_without_postgis(pg_server) -> str:
    return _new_database(pg_server, postgis=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new store's address on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return _new_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def no_network(monkeypatch):
    """Any socket opened while the test runs fails it: loading shipped models is offline."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened: nothing may need the network here")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
