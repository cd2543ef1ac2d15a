"""What the dashboard's parts share: the cached gazetteer and store, the sample data, and which
map assets to use."""
from __future__ import annotations

import datetime as dt
from typing import Literal

import streamlit as st
import streamlit.components.v1 as components

import geo
from geo.intake.batch import ingest_paths
from geo.maps.mapview import DEFAULT_PREFIX
from geo.settings import PROJECT_DIR, Settings
from geo.store import Store, StoredArticle, StoredEvent

SAMPLES = PROJECT_DIR / "tests" / "data" / "samples"
SAMPLE = SAMPLES / "millennium-post-2022-02-25.txt"
SAMPLE_DATE = dt.date(2022, 2, 25)
VENDOR = PROJECT_DIR / "static" / "vendor"
MAP_HEIGHT = 520
# less room above and beside the page's content than Streamlit's default: the map comes first
PAGE_STYLE = ("<style>.block-container, [data-testid='stMainBlockContainer'] {padding-top: 2.6rem; "
              "padding-left: 1.5rem; padding-right: 1.5rem} "
              "[data-testid='stHeading'] h3 {padding-top: 0; padding-bottom: 0.2rem} "
              "h1 {font-size: 1.5rem !important; padding: 0 !important} "
              "[data-baseweb='tab-panel'] {padding-top: 0.2rem}</style>")
# events the table and the corrections' event picker send to the browser: Streamlit's page
# builds each in one task (90,000 picker options froze it for 8 s); downloads hold them all
LISTED_EVENTS_MAX = 1000

load_gazetteer = st.cache_resource(show_spinner="Loading the gazetteer…")(geo.load_gazetteer)


@st.cache_resource(show_spinner="Opening the event store…")
def open_store(db: str) -> Store:
    store = Store(db)
    if not store.articles():  # a new store starts with the sample articles
        ingest_paths([SAMPLES], store, published=SAMPLE_DATE, workers=1)
    return store


def _read_when_changed(store: Store, name: str, read) -> list:
    """`read()`, again only when the store changed; kept per session (callers do not modify it)."""
    version = store.version()
    cached = st.session_state.get(name)
    if cached is None or cached[0] != version:
        cached = (version, read())
        st.session_state[name] = cached
    return cached[1]


def stored_events(store: Store) -> list[StoredEvent]:
    """`store.events()`: 10,000 events take ~0.3 s to read; a filter change should not pay that."""
    return _read_when_changed(store, "events_cache", store.events)


def stored_articles(store: Store) -> list[StoredArticle]:
    """`store.articles()` (7,000 articles take ~0.2 s to read), likewise."""
    return _read_when_changed(store, "articles_cache", store.articles)


def settings() -> Settings:
    return Settings.from_env()




def map_assets() -> str | None | Literal[False]:
    """Where the maps load Leaflet from: the local copies' URL prefix; None for folium's CDN
    (local copies missing but network use on, said on the page); False when no map can load."""
    if (VENDOR / "MANIFEST.json").is_file():
        return DEFAULT_PREFIX
    if settings().network:
        st.warning("The map's offline assets are missing (static/vendor/), so the map loads "
                   "Leaflet from the internet. Run `make assets` to work offline.")
        return None
    st.error("The map's offline assets are missing (static/vendor/). Run `make assets` "
             "(npm ci + scripts/vendor_assets.py) and reload, or turn network use on "
             "(NEWSMAP_NETWORK=1) to load them from the internet.")
    return False


def country_name(code: str) -> str:
    """'UA' -> 'Ukraine', from the gazetteer's country entries; the code when unknown."""
    gaz = load_gazetteer()
    n = gaz.country_entry.get(code)
    return gaz.names[n] if n is not None else code


def say_date(found: dt.date | None) -> None:
    """Tell where an article without a date set gets its publication date, if anywhere."""
    if found:
        st.caption(f"Publication date {found:%d %B %Y}, from the article's dateline.")
    else:
        st.warning("No publication date: none is set here and none is stated at the article's "
                   "head. Its events dated only as “on Saturday” or “yesterday” stay undated; "
                   "set the date to date them.")


_SCROLL_JS = """<script>
// run {nonce}: the page's element with this id (a heading's anchor) scrolled to the top, once
// it is drawn (a few seconds at most); the iframe is the page's own origin, so it may
const started = Date.now();
(function go() {{
  const target = window.parent.document.getElementById({anchor!r});
  if (target) target.scrollIntoView({{block: "start"}});
  else if (Date.now() - started < 8000) setTimeout(go, 100);
}})();
</script>"""


def scroll_to(anchor: str) -> None:
    """Scroll the page to the heading whose anchor is `anchor` (Streamlit cannot, from Python).
    Each call is a new script: the same one twice would be drawn once."""
    nonce = st.session_state["scroll_nonce"] = st.session_state.get("scroll_nonce", 0) + 1
    components.html(_SCROLL_JS.format(nonce=nonce, anchor=anchor), height=0)
