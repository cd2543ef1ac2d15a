"""The Streamlit dashboard, one module per part of the page; `app.py` lays them out.

The rest of `geo` never imports Streamlit: these modules are the only ones that do, and they
keep to widgets -> library calls (geo.maps.views, geo.maps.eventmap, geo.store) -> maps.
"""
