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

from geo.events.typestyles import precision_words, style_of, type_styles
from geo.maps.grouping import group_events
from geo.maps.groupmap import CLUSTER_LIST_MAX, grouped_layer
from geo.maps.mapview import BASEMAP, DEFAULT_PREFIX, Legend, base_map, fit_to_points, page_text
from geo.maps.views import VIEW_PARAMS
from geo.store.records import StoredEvent

# more placed events than this: one badge per place (geo.maps.grouping), not one marker per event;
# below it every event keeps its own point and full popup (README, "In the browser")
GROUP_ABOVE = 1000
HEAT_POINTS_MAX = 20_000   # the heat layer's points above GROUP_ABOVE: events summed per point or cell
SELECTED_COLOUR = "#e6007e"


def event_popup(e: StoredEvent) -> str:
    """The popup of one event as HTML, every value escaped (article text is hostile): what
    happened (type icon, type, subtype), when, where and how exactly, the toll and actors when
    known, the evidence, and the source article (linking to its view)."""
    style = style_of(e.type)
    head = (f'<i class="fa fa-{page_text(style.icon)}" style="color:{style.hex}"></i> '
            f'<b>{page_text(e.type)}</b>' + (f" · {page_text(e.subtype)}" if e.subtype else ""))
    lines = [head, page_text(e.date or "undated")]
    if e.place:
        where = precision_words(e.geo_precision)
        lines.append(f"<b>{page_text(e.place)}</b>" + (f": {page_text(where)}" if where else ""))
    if e.fatalities is not None:   # no toll stated: no row (0 is a toll)
        lines.append(f"{e.fatalities} killed")
    if e.actors:
        lines.append("Actors: " + page_text(", ".join(e.actors)))
    if e.sentence:
        lines.append(f"<i>“{page_text(e.sentence[:400])}”</i>")
    sources = f" · reported by {e.sources} articles" if (e.sources or 1) > 1 else ""
    lines.append(f"{article_link(e.article_id, e.title or '')} · confidence {(e.score or 0):.2f}{sources}")
    return "<br>".join(lines)


def article_link(article_id: int | None, title: str) -> str:
    """The popup's article title, linking to the article view (opened in a new tab: the map is
    in a sandboxed frame). `../../` climbs out of /component/streamlit_folium.st_folium/."""
    if not isinstance(article_id, int):
        return page_text(title)
    return (f'<a href="../../?article={article_id}" target="_blank" rel="noopener">'
            f'{page_text(title or f"article #{article_id}")}</a>')


def _event_feature(e: StoredEvent) -> dict:
    style = style_of(e.type)
    # the cluster list reads type, date, place and icon; every value reaches HTML escaped
    props = {k: page_text(v) for k, v in (("type", e.type), ("date", e.date or ""),
                                          ("place", e.place or ""), ("icon", style.icon))}
    props.update(popup=event_popup(e), colour=style.hex)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]}}


def event_base_map(*, offline_prefix: str | None = DEFAULT_PREFIX, basemap: Path | None = BASEMAP,
                   online_tiles: bool = False) -> folium.Map:
    """The map the event layer is drawn on: outlines, a legend of every event type, and the
    cluster and heat-map scripts loaded up front (a layer added later cannot load scripts).
    Built from constants only, so it is the same map on every rerun."""
    m = base_map(offline_prefix, basemap, online_tiles=online_tiles)
    m.add_child(Legend(items=[(t, s.colour, s.icon) for t, s in type_styles().items()]))
    m.add_child(_PluginAssets())
    m.add_child(ViewInUrl())
    return m


def event_layer(events: list[StoredEvent], *, heat: bool = False, selected: StoredEvent | None = None
                ) -> folium.FeatureGroup:
    """The filtered events as one layer: a MarkerCluster of GeoJSON points with popups (its
    clusters list their events when clicked); above GROUP_ABOVE events, one badge per place
    counting its events (geo.maps.groupmap); an optional heat layer, and a ring around the `selected`
    event. Unplaced events are left out."""
    layer = folium.FeatureGroup(name="events", control=False)
    placed = [e for e in events if e.lat is not None and e.lon is not None]
    grouping = None
    if len(placed) > GROUP_ABOVE:
        grouping = group_events(placed)
        grouped_layer(grouping, {t: s.hex for t, s in type_styles().items()}).add_to(layer)
    elif placed:
        data = {"type": "FeatureCollection", "features": [_event_feature(e) for e in placed]}
        cluster = plugins.MarkerCluster(name="events", control=False).add_to(layer)
        cluster.add_child(_ClusterList())
        folium.GeoJson(
            data, name="event points",
            marker=folium.CircleMarker(radius=7, weight=1, fill=True, fill_opacity=0.9),
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#333"},
            popup=folium.GeoJsonPopup(fields=["popup"], labels=False, style="min-width:240px"),
        ).add_to(cluster).add_child(_PopupOnEachPoint())
    if placed and heat:  # where events pile up, as a density layer over the points
        plugins.HeatMap(_heat_points(placed, grouping), name="density", radius=18, blur=22,
                        min_opacity=0.3).add_to(layer)
    if selected and selected.lat is not None and selected.lon is not None:
        label = " · ".join(str(v or "") for v in (selected.type, selected.date, selected.place))
        ring = folium.CircleMarker((selected.lat, selected.lon), radius=16, weight=3, fill=False,
                                   color=SELECTED_COLOUR, class_name="newsmap-selected",
                                   tooltip=folium.Tooltip(page_text(f"Selected: {label}")),
                                   popup=folium.Popup(event_popup(selected), max_width=340))
        ring.add_to(layer)
        ring.add_child(_OpenWhenShown())
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
    """A click on a cluster opens a compact list of its events, newest first (type icon, date,
    type, place), as well as zooming in; a click on an entry zooms to that event and opens its
    popup. The values come from the GeoJSON properties, escaped when the layer is built."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (cluster) {
            function date(m) { return (m.feature && m.feature.properties.date) || ""; }
            cluster.on("clusterclick", function (a) {
                var map = this._map, markers = a.layer.getAllChildMarkers().slice(), max = {{ this.max }};
                markers.sort(function (x, y) { return date(y) < date(x) ? -1 : date(y) > date(x) ? 1 : 0; });
                var div = document.createElement("div");
                div.className = "newsmap-cluster-rows";
                div.innerHTML = "<b>" + markers.length + " events</b>, newest first"
                    + "<ul style='list-style:none;padding-left:0;margin:4px 0;font-size:12px'></ul>";
                var ul = div.querySelector("ul");
                markers.slice(0, max).forEach(function (m) {
                    var p = (m.feature && m.feature.properties) || {}, li = document.createElement("li");
                    li.innerHTML = "<a href='#' class='newsmap-cluster-entry'><i class='fa fa-" + p.icon
                        + "' style='color:" + p.colour + ";width:14px'></i> " + (p.date || "undated")
                        + " · " + p.type + (p.place ? " · " + p.place : "") + "</a>";
                    li.firstChild.addEventListener("click", function (ev) {
                        ev.preventDefault();
                        map.closePopup();
                        cluster.zoomToShowLayer(m, function () { m.openPopup(); });
                    });
                    ul.appendChild(li);
                });
                if (markers.length > max) {
                    var more = document.createElement("li");
                    more.textContent = "… and " + (markers.length - max) + " more (zoom in)";
                    ul.appendChild(more);
                }
                L.popup({maxHeight: 220, maxWidth: 320, autoPan: false, className: "newsmap-cluster-list"})
                    .setLatLng(a.layer.getLatLng()).setContent(div).openOn(map);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, max_rows: int = CLUSTER_LIST_MAX):
        super().__init__()
        self._name = "ClusterList"
        self.max = int(max_rows)


class ViewInUrl(folium.MacroElement):
    """Keep the map's centre and zoom in the page's URL (?lat=&lon=&zoom=, views.VIEW_PARAMS),
    so that a link reopens the same view. The map sits in streamlit-folium's frame (same
    origin), so it writes the page's URL itself, without a rerun. Streamlit rewrites the whole
    query when a filter changes, from what it last read, which drops the view: it is written
    again a moment later. Only while the map is shown (not from a hidden tab)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var keys = {{ this.keys|tojson }}, want = null;
            function page() {
                try { return window.parent !== window && window.parent.location.href ? window.parent : null; }
                catch (e) { return null; }   // another origin: nothing to keep
            }
            function write() {
                var w = page();
                if (!w || !want) return;
                var url = new w.URL(w.location.href), changed = false;
                keys.forEach(function (k, i) {
                    if (url.searchParams.get(k) !== want[i]) { url.searchParams.set(k, want[i]); changed = true; }
                });
                // (the size is asked last: it makes the page lay itself out)
                if (changed && !(window.frameElement && window.frameElement.offsetWidth === 0))
                    w.history.replaceState(w.history.state, "", url.toString());
            }
            map.on("moveend", function () {
                var c = map.wrapLatLng(map.getCenter()), z = Math.round(map.getZoom());
                var digits = Math.max(2, Math.min(6, Math.ceil(z * 0.301) + 1));   // ~ a pixel
                want = [c.lat.toFixed(digits), c.lng.toFixed(digits), String(z)];
                write();
            });
            setInterval(write, {{ this.every_ms }});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, every_ms: int = 700):
        super().__init__()
        self._name = "ViewInUrl"
        self.keys, self.every_ms = list(VIEW_PARAMS), int(every_ms)


class _OpenWhenShown(folium.MacroElement):
    """Open the parent marker's popup once it is on the map: the selected event is shown open.
    (The layer is built before it is added, when opening the popup would do nothing.)"""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.once("add", function (e) {
            var marker = e.target, map = e.target._map;
            setTimeout(function () { if (marker._map) marker.openPopup(); }, 0);
            // the frame is sized and the view set after the layer comes: place the popup again
            map.on("moveend resize zoomend", function () {
                if (marker.isPopupOpen()) marker.getPopup().update();
            });
        });
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "OpenWhenShown"


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
