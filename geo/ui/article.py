"""Articles on the page: the Article tab (any text parsed on the spot) and the article view of a
stored article, with its places and event triggers marked and tied to the map, and any of its
place mentions, placed or not, open to correction."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo
from geo.events.dates import dateline
from geo.maps import views
from geo.maps.mapview import build_map
from geo.store import Store, StoredEvent, StoredPlace
from geo.ui import corrections
from geo.ui.common import MAP_HEIGHT, SAMPLE, SAMPLE_DATE, load_gazetteer, say_date, scroll_to, stored_articles

PLACE_COLUMNS = ["text", "name", "kind", "country", "admin1", "lat", "lon", "score", "start", "end"]
EVENT_COLUMNS = ["type", "subtype", "date", "date_precision", "place", "geo_precision", "fatalities",
                 "trigger", "score", "sentence"]
ARTICLE_ANCHOR = "article-view"
MARK_STYLE = ("<style>mark.place{background:#cfe8ff;cursor:help} "
              "mark.trigger{background:#ffd6a8;cursor:help}</style>")


def url_article() -> int | None:
    """The article asked for by the URL (?article=ID, the link in a map popup)."""
    asked = st.query_params.get("article", "")
    return int(asked) if asked.isdigit() else None


def article_view(store: Store, events: list[StoredEvent]) -> None:
    """One stored article with its place names and event triggers marked; hovering a mark says
    where it is on the map, and "Show on the map" moves the map there."""
    st.subheader("Article view", anchor=ARTICLE_ANCHOR)
    arts = [a for a in stored_articles(store) if a.status == "parsed"]
    if not arts:
        return
    if url_article() is not None and not st.session_state.get("article_scrolled"):
        st.session_state["article_scrolled"] = True  # a link from a popup: show its article
        scroll_to(ARTICLE_ANCHOR)
    ids = [a.id for a in arts]
    titles = {a.id: a.title or f"#{a.id}" for a in arts}
    if "article_view" not in st.session_state and url_article() in ids:
        st.session_state["article_view"] = url_article()
    chosen: int = st.selectbox("Article", ids, key="article_view", format_func=lambda i: titles[i])
    if chosen != ids[0] or "article" in st.query_params:
        st.query_params["article"] = str(chosen)  # shareable, like the filters
    text = store.article_text(chosen)
    places = store.places(chosen)
    spans = [(p.start, p.end, "place", _where(p)) for p in places]
    for e in events:
        if e.article_id == chosen and e.trigger and e.sentence and e.start is not None and e.trigger in e.sentence:
            at = e.start + e.sentence.find(e.trigger)
            where = f"{e.type} / {e.subtype} at " + views.where_on_map(e.place, e.lat, e.lon)
            spans.append((at, at + len(e.trigger), "trigger", where))
    st.caption("Places are blue, event triggers orange; hover one to see where it is on the map.")
    st.markdown(MARK_STYLE + views.highlight(text, spans), unsafe_allow_html=True)  # escaped by highlight()
    _show_on_map(places)
    unresolved = _unresolved(chosen, text, next(a.published for a in arts if a.id == chosen),
                             placed={p.start for p in places})
    st.markdown("**Correct a place mention**")
    not_placed = [StoredPlace(id=None, article_id=chosen, start=u["start"], end=u["end"], text=u["text"],
                              name=None, lat=None, lon=None, country=None, admin1=None) for u in unresolved]
    corrections.mention_form(store, chosen, sorted(places + not_placed, key=lambda m: m.start),
                             unresolved={u["start"]: u["reason"] for u in unresolved})


def _where(p: StoredPlace) -> str:
    return views.where_on_map(p.name, p.lat, p.lon, admin1=p.admin1, country=p.country)


def _show_on_map(places: list[StoredPlace]) -> None:
    placed = {f"{p.text} → {_where(p)}": (p.lat, p.lon) for p in places if p.lat is not None}
    if not placed:
        return
    left, right = st.columns([3, 1])
    pick = left.selectbox("Place in this article", list(placed), key="article_place")
    right.button("Show on the map", key="article_goto",
                 on_click=lambda: st.session_state.update(map_goto=placed[pick]))


@st.cache_data(show_spinner=False, max_entries=64)
def _unresolved_mentions(article_id: int, text: str, published: str | None) -> list[dict]:
    """Mentions the parser found but could not place (the store keeps only placed ones, so the
    current parser is asked again)."""
    parsed = geo.parse(text, published, gazetteer=load_gazetteer())
    return [u.to_json() for u in parsed.unresolved]


def _unresolved(article_id: int, text: str, published: str | None, *, placed: set[int]) -> list[dict]:
    """List the mentions still unresolved (`placed`: starts of the mentions on the map, some
    placed by the user) and return them."""
    try:
        rows = _unresolved_mentions(article_id, text, published)
    except geo.GeoError as exc:
        st.warning(f"Could not list the unresolved mentions: {exc}")
        return []
    rows = [r for r in rows if r["start"] not in placed]
    st.markdown(f"**Unresolved place mentions ({len(rows)})**")
    if rows:  # a static table: the stored-events table stays the page's last data frame
        st.table(pd.DataFrame(rows, columns=["text", "reason", "start", "end"]))
    else:
        st.caption("None: every place mention found was placed on the map.")
    return rows


@st.cache_resource(show_spinner=False, max_entries=8)
def _parse(text: str, published) -> geo.ParsedArticle:
    """The Article tab's parse, kept while the text is unchanged (the page reruns on every
    filter change of the stored events). A resource, not data: the parsed article is
    immutable, so it is shared rather than unpickled anew on every rerun."""
    return geo.parse(text, published, gazetteer=load_gazetteer())


def article_tab(assets, *, show_map: bool = True) -> None:
    """`show_map`: False while another tab is shown (the map is the costly part)."""
    sample = SAMPLE.read_text(encoding="utf-8")
    text = st.text_area("Article text", sample, height=220)
    published = st.date_input("Published", value=None, key="article_date")
    if published is None and text == sample:
        published = SAMPLE_DATE  # the sample article's own date, which its text does not state
    elif published is None:
        say_date(dateline(text))
    try:
        article = _parse(text, published)
    except geo.GeoError as exc:
        st.error(str(exc))
        return
    places = article.places
    st.subheader(f"{len({p.id for p in places})} places, {len(places)} mentions")
    if assets is not False and show_map:
        st_folium(build_map(places, offline_prefix=assets), height=MAP_HEIGHT,
                  use_container_width=True, returned_objects=[])
    table = pd.DataFrame([{c: getattr(p, c) for c in PLACE_COLUMNS} for p in places],
                         columns=PLACE_COLUMNS)
    st.dataframe(table.round({"lat": 4, "lon": 4, "score": 2}), hide_index=True, width="stretch")
    st.subheader(f"Events ({len(article.events)})")
    events = pd.DataFrame([{c: getattr(e, c) for c in EVENT_COLUMNS} for e in article.events],
                          columns=EVENT_COLUMNS)
    st.dataframe(events, hide_index=True, width="stretch")
    st.subheader(f"Unresolved mentions ({len(article.unresolved)})")
    if article.unresolved:
        st.dataframe(pd.DataFrame([u.to_json() for u in article.unresolved]), hide_index=True,
                     width="stretch")
    else:
        st.write("None: every mention found was placed on the map.")
