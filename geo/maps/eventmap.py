"""Stored events -> folium layers over a fixed base map.

The dashboard draws one base map that never changes (outlines, legend, plugin scripts, and the
online tile layers when network use is on) and sends the filtered events as a separate layer
(`event_layer`), so that streamlit-folium swaps the layer without rebuilding the map: the
reader's pan and zoom survive a filter change. `build_event_map` puts both together in one
map, fitted to the events, for scripts and tests.

    >>> m = build_event_map([])          # an empty world map with the type legend
    >>> m.options["maxZoom"]
    18
"""
from __future__ import annotations

from pathlib import Path

import folium
from folium import plugins
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.events import taxonomy
from geo.maps.grouping import group_events
from geo.maps.groupmap import CLUSTER_LIST_MAX, grouped_layer
from geo.maps.mapview import (
    BASEMAP,
    DEFAULT_PREFIX,
    OTHER_STYLE,
    SWATCH,
    Legend,
    base_map,
    fit_to_points,
    page_text,
)
from geo.store.records import StoredEvent

# more placed events than this: one badge per place (geo.maps.grouping), not one marker per event;
# below it every event keeps its own point and full popup (README, "In the browser")
GROUP_ABOVE = 1000
HEAT_POINTS_MAX = 20_000   # the heat layer's points above GROUP_ABOVE: events summed per point or cell
EVENT_POPUP_FIELDS = ("type", "subtype", "date", "place", "precision", "fatalities", "evidence",
                      "article", "confidence", "sources")
SELECTED_COLOUR = "#e6007e"


def type_styles() -> dict[str, tuple[str, str]]:
    """Event type -> (colour name, icon), from the taxonomy table (its first row per type)."""
    styles: dict[str, tuple[str, str]] = {}
    for kind in taxonomy.load():
        styles.setdefault(kind.type, (kind.colour, kind.icon))
    return styles


def article_link(article_id: int | None, title: str) -> str:
    """The popup's article title, linking to the article view (opened in a new tab: the map is
    in a sandboxed frame). `../../` climbs out of /component/streamlit_folium.st_folium/."""
    if not isinstance(article_id, int):
        return page_text(title)
    return (f'<a href="../../?article={article_id}" target="_blank" rel="noopener">'
            f'{page_text(title or f"article #{article_id}")}</a>')


def _event_feature(e: StoredEvent, styles: dict) -> dict:
    colour = SWATCH.get(styles.get(e.type, OTHER_STYLE)[0], "#777")
    props = {
        "type": e.type, "subtype": e.subtype or "", "date": e.date or "",
        "place": e.place or "", "precision": str(e.geo_precision or ""),
        "fatalities": "" if e.fatalities is None else str(e.fatalities),
        "evidence": (e.sentence or "")[:400],
        "confidence": f"{(e.score or 0):.2f}", "sources": f"×{e.sources or 1}",
    }
    # article text is hostile: every value reaches the popup HTML escaped
    props = {k: page_text(v) for k, v in props.items()}
    props["article"] = article_link(e.article_id, e.title or "")
    props["colour"] = colour
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]}}


def event_base_map(*, offline_prefix: str | None = DEFAULT_PREFIX, basemap: Path | None = BASEMAP,
                   online_tiles: bool = False) -> folium.Map:
    """The map the event layer is drawn on: outlines, a legend of every event type, and the
    cluster and heat-map scripts loaded up front (a layer added later cannot load scripts).
    Built from constants only, so it is the same map on every rerun."""
    m = base_map(offline_prefix, basemap, online_tiles=online_tiles)
    styles = type_styles()
    m.add_child(Legend(items=[(t, *style) for t, style in styles.items()]))
    m.add_child(_PluginAssets())
    return m


def event_layer(events: list[StoredEvent], *, heat: bool = False, selected: StoredEvent | None = None
                ) -> folium.FeatureGroup:
    """The filtered events as one layer: a MarkerCluster of GeoJSON points with popups (its
    clusters list their events when clicked); above GROUP_ABOVE events, one badge per place
    counting its events (geo.maps.groupmap); an optional heat layer, and a ring around the `selected`
    event. Unplaced events are left out."""
    layer = folium.FeatureGroup(name="events", control=False)
    styles = type_styles()
    placed = [e for e in events if e.lat is not None and e.lon is not None]
    grouping = None
    if len(placed) > GROUP_ABOVE:
        colours = {t: SWATCH.get(colour, "#777") for t, (colour, _icon) in styles.items()}
        grouping = group_events(placed)
        grouped_layer(grouping, colours).add_to(layer)
    elif placed:
        data = {"type": "FeatureCollection", "features": [_event_feature(e, styles) for e in placed]}
        cluster = plugins.MarkerCluster(name="events", control=False).add_to(layer)
        cluster.add_child(_ClusterList())
        folium.GeoJson(
            data, name="event points",
            marker=folium.CircleMarker(radius=7, weight=1, fill=True, fill_opacity=0.9),
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#333"},
            popup=folium.GeoJsonPopup(fields=list(EVENT_POPUP_FIELDS), labels=True),
        ).add_to(cluster).add_child(_PopupOnEachPoint())
    if placed and heat:  # where events pile up, as a density layer over the points
        plugins.HeatMap(_heat_points(placed, grouping), name="density", radius=18, blur=22,
                        min_opacity=0.3).add_to(layer)
    if selected and selected.lat is not None and selected.lon is not None:
        label = " · ".join(str(v or "") for v in (selected.type, selected.date, selected.place))
        folium.CircleMarker((selected.lat, selected.lon), radius=16, weight=3, fill=False,
                            color=SELECTED_COLOUR, class_name="newsmap-selected",
                            tooltip=folium.Tooltip(page_text(f"Selected: {label}"), permanent=True)
                            ).add_to(layer)
    return layer


def build_event_map(events: list[StoredEvent], *, offline_prefix: str | None = DEFAULT_PREFIX,
                    basemap: Path | None = BASEMAP, heat: bool = False) -> folium.Map:
    """Stored events as `event_layer` draws them (coloured points with popups, or one badge per
    place above GROUP_ABOVE), with a legend, fitted to the events. Events without coordinates
    are left out."""
    m = event_base_map(offline_prefix=offline_prefix, basemap=basemap)
    event_layer(events, heat=heat).add_to(m)
    placed = [(e.lat, e.lon) for e in events if e.lat is not None and e.lon is not None]
    if placed:
        fit_to_points(m, placed)
    return m


def _heat_points(placed: list[StoredEvent], grouping=None) -> list[list[float]]:
    """[lat, lon] per event, or above GROUP_ABOVE [lat, lon, events] per point or small cell:
    leaflet.heat adds up the weights of the points in each of its cells, so a point of weight n
    draws as n stacked points would. The badges' `grouping`, when it is one group per point,
    is what grouping for the heat layer would give: it is reused, not computed again."""
    if len(placed) <= GROUP_ABOVE:
        return [[e.lat, e.lon] for e in placed if e.lat is not None and e.lon is not None]
    if grouping is None or grouping.cell_deg is not None:
        grouping = group_events(placed, max_groups=HEAT_POINTS_MAX, sample_size=0)
    return [[g.lat, g.lon, g.count] for g in grouping.groups]


class _PluginAssets(JSCSSMixin, folium.MacroElement):
    """Declares the cluster and heat-map scripts on the base map, whether or not the first
    layer uses them. Reads the plugin classes' lists, so local or CDN as mapview chose."""

    _template = Template("")

    def __init__(self):
        super().__init__()
        self._name = "PluginAssets"
        self.default_js = [*plugins.MarkerCluster.default_js, *plugins.HeatMap.default_js]
        self.default_css = list(plugins.MarkerCluster.default_css)


class _ClusterList(folium.MacroElement):
    """A click on a cluster opens a list of its events (type, date, place) as well as zooming
    in. The values come from the GeoJSON properties, which are escaped when the layer is built."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on("clusterclick", function (a) {
            var markers = a.layer.getAllChildMarkers(), max = {{ this.max }}, rows = [];
            markers.slice(0, max).forEach(function (m) {
                var p = (m.feature && m.feature.properties) || {};
                rows.push("<li><b>" + (p.type || "") + "</b> " + (p.date || "") + " · "
                          + (p.place || "") + "</li>");
            });
            if (markers.length > max) rows.push("<li>… and " + (markers.length - max) + " more</li>");
            L.popup({maxHeight: 240, autoPan: false, className: "newsmap-cluster-list"})
                .setLatLng(a.layer.getLatLng())
                .setContent("<b>" + markers.length + " events</b><ul style='padding-left:16px;margin:4px 0'>"
                            + rows.join("") + "</ul>")
                .openOn(this._map);
        });
        {% endmacro %}
    """)

    def __init__(self, max_rows: int = CLUSTER_LIST_MAX):
        super().__init__()
        self._name = "ClusterList"
        self.max = int(max_rows)


class _PopupOnEachPoint(folium.MacroElement):
    """Bind the GeoJSON layer's popup to each of its points. Inside a MarkerCluster the layer
    itself is never on the map (the cluster takes its points), so a popup bound to the layer
    never opens: Leaflet's Layer._openPopup returns early when the layer has no map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (group) {
            var popup = group.getPopup();
            if (!popup) return;
            group.eachLayer(function (point) { point.bindPopup(popup._content, popup.options); });
            group.unbindPopup();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "PopupOnEachPoint"
