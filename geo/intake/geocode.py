"""Online geocoding fallback (opt-in): names the offline gazetteer lacks, looked up through
geopy — Nominatim by default, any geopy geocoder by name — at most one request a second,
with a descriptive user agent and every answer (found or not) cached in the store, so that
each name is asked once.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from geo.errors import ConfigurationError
from geo.records import Candidate
from geo.store import Store, geocode_cache

log = logging.getLogger(__name__)
USER_AGENT = "Newsmap/0.1 (offline-first news event mapper; geocodes names its gazetteer lacks)"


class OnlineGeocoder:
    """`lookup(name, country)` -> Candidate or None, cached in `store`.

    >>> gc = OnlineGeocoder(store, service="nominatim")    # doctest: +SKIP
    >>> gc.lookup("Vorzel", "UA").lat                       # doctest: +SKIP
    50.54
    """

    def __init__(self, store: Store, *, service: str = "nominatim", domain: str | None = None,
                 scheme: str = "https", min_delay_s: float = 1.0, timeout_s: float = 10.0) -> None:
        from geopy.extra.rate_limiter import RateLimiter  # lazy: opt-in online geocoding only
        from geopy.geocoders import get_geocoder_for_service

        try:
            cls = get_geocoder_for_service(service)
        except Exception as exc:  # geopy raises its own GeocoderNotFound
            raise ConfigurationError(f"unknown geocoder {service!r}: use a geopy service name "
                                     f"such as nominatim, photon or arcgis") from exc
        kwargs = {"user_agent": USER_AGENT, "timeout": timeout_s, "scheme": scheme}
        if domain:
            kwargs["domain"] = domain
        self.service = service
        self.store = store
        self.geocoder = cls(**kwargs)
        self._geocode = RateLimiter(self.geocoder.geocode, min_delay_seconds=min_delay_s,
                                    max_retries=1, error_wait_seconds=2.0, swallow_exceptions=False)
        self.offline = False

    def lookup(self, name: str, country: str | None = None) -> Candidate | None:
        query = f"{name}|{country or ''}|{self.service}"
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(geocode_cache).where(geocode_cache.c.query == query)).first()
        if row is not None:
            return self._candidate(row.name, row.lat, row.lon, row.country, row.ref) if row.lat is not None else None
        if self.offline:
            return None
        try:
            nominatim = self.service == "nominatim"
            kwargs: dict[str, object] = {"exactly_one": True, "addressdetails": True} if nominatim else {}
            if country and self.service == "nominatim":
                kwargs["country_codes"] = [country.lower()]
            found = self._geocode(name, **kwargs)
        except Exception as exc:  # network errors: say it once, then stay offline for this run
            self.offline = True
            log.warning("online geocoding unavailable (%s): unknown names stay unresolved", exc)
            return None
        lat = lon = ref = cc = None
        label = name
        if found is not None:
            raw = found.raw or {}
            lat, lon, label = found.latitude, found.longitude, found.address or name
            ref = f"{raw.get('osm_type', 'osm')}:{raw.get('osm_id', '')}"
            cc = ((raw.get("address") or {}).get("country_code") or country or "").upper()[:2]
        with self.store.engine.begin() as conn:
            conn.execute(geocode_cache.insert().values(
                query=query, name=label, lat=lat, lon=lon, country=cc, ref=ref,
                fetched_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        return self._candidate(label, lat, lon, cc, ref) if lat is not None else None

    @staticmethod
    def _candidate(name, lat, lon, country, ref) -> Candidate:
        return Candidate(id=ref or "geocoded", name=name.split(",")[0], lat=lat, lon=lon,
                         country=country or "", admin1="", kind="geocoded", population=0,
                         geonameid=None, score=0.5)
