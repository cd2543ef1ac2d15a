"""The offline basemap's admin-1 borders, rivers and lakes, read from static/basemap/
(geo.maps.basemaplayers) as the view moves, and drawn beneath the events.

The country outlines and these lines are drawn on one canvas in a pane of their own (z-index
390), just below Leaflet's overlay pane (400), which holds the events' points, the selection
ring and the heat layer; markers and clusters (600) and the place names (450) are above. On
that canvas the order is outlines, lakes, rivers, borders. (As SVG, headless Chromium left the
lower part of the land unpainted once the lines were added; a canvas is one bitmap.)
"""
from __future__ import annotations

import folium
from folium.template import Template

from geo.maps import basemaplayers as layers

PANE = "newsmap-basemap"
ADMIN1_STYLE = {"className": "newsmap-admin1", "color": "#8c8c8c", "weight": 0.9, "dashArray": "4 3", "opacity": 0.9}
RIVER_STYLE = {"className": "newsmap-river", "color": "#5b8fc9", "weight": 1.1, "opacity": 0.9}
LAKE_STYLE = {"className": "newsmap-lake", "color": "#5b8fc9", "weight": 0.6, "fillColor": "#b4d0ee", "fillOpacity": 1}


def cell_files_js(missing: str) -> str:
    """The browser side shared by the basemap's lines and the place names: `read(path)` fetches
    a file of `base` once (`missing`, a JavaScript literal, when it cannot be read) and
    `cells(bounds, size, max)` names the cells of `size` degrees a view covers (none above
    `max`: the view is too large for that layer). Both expect `base` and `files` in scope."""
    return """
            function read(path) {
                if (!files[path]) files[path] = fetch(base + "/" + path)
                    .then(function (r) { return r.ok ? r.json() : MISSING; }).catch(function () { return MISSING; });
                return files[path];
            }
            function cells(b, size, max) {
                var keys = [], south = Math.max(b.getSouth(), -90), north = Math.min(b.getNorth(), 89.99),
                    west = Math.max(b.getWest(), -180), east = Math.min(b.getEast(), 179.99);
                for (var r = Math.floor((south + 90) / size); r <= Math.floor((north + 90) / size); r++)
                    for (var c = Math.floor((west + 180) / size); c <= Math.floor((east + 180) / size); c++)
                        keys.push(r + "_" + c);
                return keys.length <= max ? keys : [];
            }
""".replace("MISSING", missing)


class BasemapPane(folium.MacroElement):
    """The pane of the land and the lines, with a canvas as its renderer: Leaflet draws a layer
    given this pane on the pane's renderer, made here before any layer asks (Leaflet 1.9 keeps
    them in map._paneRenderers). Add before the country outlines."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, name) {
            var pane = map.createPane(name);
            pane.style.zIndex = 390;
            pane.style.pointerEvents = "none";
            map._paneRenderers = map._paneRenderers || {};
            map._paneRenderers[name] = L.canvas({pane: name, padding: 0.1});
        })({{ this._parent.get_name() }}, {{ this.pane|tojson }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "BasemapPane"
        self.pane = PANE


class BasemapLines(folium.MacroElement):
    """Draw the admin-1 borders (thin, dashed, grey; from zoom 5, finer from zoom 7) and the
    rivers and lakes (blue, from zoom 3) into two feature groups of the map, which the layer
    control lists. Only the files for the view are read, each once; each is made into one
    Leaflet path per layer, once, and shown or hidden as the view moves."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, groups, land) {
            var base = {{ this.url|tojson }}, cfg = {{ this.config|tojson }}, files = {}, made = {},
                shown = {}, drawn = 0;
""" + cell_files_js(missing="null") + """            function decode(flat, digits) {
                var scale = Math.pow(10, digits), x = 0, y = 0, points = [];
                for (var i = 0; i + 1 < flat.length; i += 2) {
                    x += flat[i]; y += flat[i + 1];
                    points.push([y / scale, x / scale]);
                }
                return points;
            }
            function make(kind, data) {
                var opts = {interactive: false, smoothFactor: 1.5, pane: cfg.pane}, out = [];
                if (!data) return out;
                var lines = data.lines.map(function (l) { return decode(l, data.digits); });
                if (kind === "water") {
                    var lakes = (data.lakes || []).map(function (rings) {
                        return rings.map(function (r) { return decode(r, data.digits); });
                    });
                    out.push([groups.water, L.polygon(lakes, L.extend({}, opts, cfg.lake)), 1]);
                    out.push([groups.water, L.polyline(lines, L.extend({}, opts, cfg.river)), 2]);
                } else {
                    out.push([groups.admin1, L.polyline(lines, L.extend({}, opts, cfg.admin1)), 3]);
                }
                return out;
            }
            function draw() {
                if (!map.getSize().x) return;      // in a hidden tab: drawn once it is shown
                var z = map.getZoom(), b = map.getBounds(), ticket = ++drawn, wanted = [];
                if (z >= cfg.water_from) wanted.push(["water", "water.json"]);
                if (z >= cfg.fine_from) cells(b, cfg.fine_cell, 16).forEach(function (k) {
                    wanted.push(["admin1", "admin1/fine/" + k + ".json"]); });
                else if (z >= cfg.admin1_from) cells(b, cfg.coarse_cell, 16).forEach(function (k) {
                    wanted.push(["admin1", "admin1/coarse/" + k + ".json"]); });
                Promise.all(wanted.map(function (w) { return read(w[1]); })).then(function (sets) {
                    if (ticket !== drawn) return;   // the view moved on meanwhile
                    var now = {};
                    wanted.forEach(function (w, i) {
                        if (!made[w[1]]) made[w[1]] = make(w[0], sets[i]);
                        now[w[1]] = true;
                        if (!shown[w[1]]) made[w[1]].forEach(function (p) { p[0].addLayer(p[1]); });
                    });
                    Object.keys(shown).forEach(function (path) {
                        if (!now[path]) made[path].forEach(function (p) { p[0].removeLayer(p[1]); });
                    });
                    shown = now;
                    toBack();
                });
            }
            function toBack() {   // outlines, lakes, rivers, borders: each sent behind the next
                var drawnNow = [];
                Object.keys(shown).forEach(function (path) {
                    made[path].forEach(function (p) { if (p[1]._map) drawnNow.push(p); });
                });
                drawnNow.sort(function (a, c) { return c[2] - a[2]; });
                drawnNow.forEach(function (p) { p[1].bringToBack(); });
                land.bringToBack();
            }
            // the first drawing waits until the page is idle: the events come first
            var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1000); };
            idle(function () {
                map.on("moveend resize", draw);
                map.on("overlayadd", toBack);  // a group shown again from the layer control
                draw();
            }, {timeout: 3000});
        })({{ this._parent.get_name() }}, {admin1: {{ this.admin1.get_name() }}, water: {{ this.water.get_name() }}},
           {{ this.land.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, land: folium.GeoJson, admin1: folium.FeatureGroup,
                 water: folium.FeatureGroup):
        super().__init__()
        self._name = "BasemapLines"
        self.url, self.land, self.admin1, self.water = url, land, admin1, water
        self.config = {"pane": PANE, "admin1": ADMIN1_STYLE, "river": RIVER_STYLE,
                       "lake": LAKE_STYLE, "water_from": layers.WATER_FROM_ZOOM,
                       "admin1_from": layers.ADMIN1_FROM_ZOOM, "fine_from": layers.FINE_FROM_ZOOM,
                       "coarse_cell": layers.COARSE_CELL, "fine_cell": layers.FINE_CELL}


def add_basemap_lines(m: folium.Map, url: str, land: folium.GeoJson) -> None:
    """The two groups (listed in a layer control as "Admin-1 borders" and "Rivers and lakes")
    and the script that fills them, beneath the events and above the `land` (the country
    outlines, already on the map)."""
    admin1 = folium.FeatureGroup(name="Admin-1 borders", show=True)
    water = folium.FeatureGroup(name="Rivers and lakes", show=True)
    for group in (admin1, water, BasemapLines(url, land, admin1, water)):
        m.add_child(group)
