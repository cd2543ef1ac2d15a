"""Places -> a folium map that needs no network: local Leaflet assets, no tile layer.

The Leaflet, jQuery, Bootstrap, Font Awesome and plugin files are copied from npm into
static/vendor/ by ``make assets``; Streamlit serves them at /app/static/vendor/. The basemap
is Natural Earth's 1:110m country outlines (static/vendor/world/countries-110m.geojson),
embedded in the map, with admin-1 borders, rivers and lakes (static/basemap/,
geo.maps.basemapview) and place names (static/places/) read as the view moves.

    >>> m = build_map(geo.parse("Shelling hit Kharkiv.").places)   # doctest: +SKIP
    >>> "cdn" in m.get_root().render()                               # doctest: +SKIP
    False
"""
from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import folium
from folium import plugins
from folium.template import Template

from geo.events.typestyles import SWATCH
from geo.maps.basemapview import PANE as BASEMAP_PANE
from geo.maps.basemapview import BasemapPane, add_basemap_lines, cell_files_js
from geo.maps.placelabels import MID_CELL, TOWN_CELL
from geo.records import Place
from geo.settings import PROJECT_DIR

log = logging.getLogger(__name__)

DEFAULT_PREFIX = "/app/static/vendor"
BASEMAP = PROJECT_DIR / "static" / "vendor" / "world" / "countries-110m.geojson"
PLACE_LABELS = PROJECT_DIR / "static" / "places"      # geo.maps.placelabels, served at PLACE_LABELS_URL
PLACE_LABELS_URL = "/app/static/places"
BASEMAP_LAYERS = PROJECT_DIR / "static" / "basemap"   # geo.maps.basemaplayers, served at BASEMAP_LAYERS_URL
BASEMAP_LAYERS_URL = "/app/static/basemap"
MAX_ZOOM = 18               # tiles=None: Leaflet needs an explicit maxZoom (MarkerCluster fails without)
FIT_MAX_ZOOM = 7            # fitting one town must not zoom into a blank sheet

# kind -> (awesome-markers colour, Font Awesome 6 icon). The one table behind markers and legend.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "continent": ("cadetblue", "globe"),
    "country": ("darkblue", "flag"),
    "region": ("purple", "draw-polygon"),
    "admin1": ("purple", "draw-polygon"),
    "admin2": ("purple", "draw-polygon"),
    "city": ("red", "city"),
    "city_district": ("red", "city"),
    "airport": ("gray", "plane"),
    "military_base": ("darkred", "shield-halved"),
    "border": ("darkred", "road-barrier"),
    "border_crossing": ("darkred", "road-barrier"),
    "npp": ("orange", "radiation"),
    "dam": ("darkpurple", "water"),
    "bridge": ("black", "bridge"),
    "river": ("blue", "water"),
    "lake": ("blue", "water"),
    "sea": ("blue", "water"),
    "strait": ("blue", "water"),
    "island": ("lightblue", "map"),
    "peninsula": ("lightblue", "map"),
    "mountain": ("green", "mountain"),
    "landmark": ("green", "landmark"),
    "street": ("red", "road"),  # drawn at its town's point
}
OTHER_STYLE = ("lightgray", "location-dot")



# folium's own CDN lists, kept before offline_assets() replaces them: the fallback when the
# local copies are missing and network use is on
_CDN_ASSETS = {cls: (cls.default_js, cls.default_css) for cls in (
    folium.Map, plugins.MarkerCluster, plugins.FastMarkerCluster, plugins.HeatMap)}
CDN_ICON_PATH = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/"
# online base layers offered in the layer control when network use is on: (name, folium tiles)
ONLINE_TILES = (("OpenStreetMap", "OpenStreetMap"), ("OpenTopoMap", "OpenTopoMap"))


def cdn_assets() -> None:
    """Point folium back at its CDN scripts and stylesheets (needs the network)."""
    for cls, (js, css) in _CDN_ASSETS.items():
        cls.default_js, cls.default_css = list(js), list(css)


def offline_assets(prefix: str = DEFAULT_PREFIX) -> None:
    """Point folium's class-level script and stylesheet lists at local copies under `prefix`.

    The lists are replaced, not edited in place (``add_js_link`` mutates the shared class
    list). Bootstrap-3 glyphicons and folium's rotate CSS have no npm source and are dropped:
    they only matter for glyphicon-prefix icons and ``Icon(angle=)``.
    """
    folium.Map.default_js = [
        ("leaflet", f"{prefix}/leaflet/leaflet.js"),
        ("jquery", f"{prefix}/jquery/jquery.min.js"),
        ("bootstrap", f"{prefix}/bootstrap/js/bootstrap.bundle.min.js"),
        ("awesome_markers", f"{prefix}/awesome-markers/leaflet.awesome-markers.js")]
    folium.Map.default_css = [
        ("leaflet_css", f"{prefix}/leaflet/leaflet.css"),
        ("bootstrap_css", f"{prefix}/bootstrap/css/bootstrap.min.css"),
        ("awesome_markers_font_css", f"{prefix}/fontawesome/css/all.min.css"),
        ("awesome_markers_css", f"{prefix}/awesome-markers/leaflet.awesome-markers.css")]
    for cls in (plugins.MarkerCluster, plugins.FastMarkerCluster):
        cls.default_js = [("markerclusterjs", f"{prefix}/markercluster/leaflet.markercluster.js")]
        cls.default_css = [
            ("markerclustercss", f"{prefix}/markercluster/MarkerCluster.css"),
            ("markerclusterdefaultcss", f"{prefix}/markercluster/MarkerCluster.Default.css")]
    plugins.HeatMap.default_js = [("leaflet-heat.js", f"{prefix}/folium/leaflet_heat.min.js")]


def base_map(offline_prefix: str | None, basemap: Path | None, *,
              online_tiles: bool = False) -> folium.Map:
    """An empty world map with the country outlines and no tiles: local assets under
    `offline_prefix`, or folium's CDN ones when it is None. `online_tiles` adds OpenStreetMap
    and other tile layers (network use only) to a layer control, hidden until chosen."""
    if offline_prefix is None:
        cdn_assets()
    else:
        offline_assets(offline_prefix)
    m = folium.Map(location=(30.0, 20.0), zoom_start=2, tiles=None, maxZoom=MAX_ZOOM,
                   world_copy_jump=True)
    outlines = _basemap(basemap)
    lines = outlines is not None and (BASEMAP_LAYERS / "index.json").is_file()
    if outlines is not None:
        if lines:                  # the land on the lines' canvas (geo.maps.basemapview)
            m.add_child(BasemapPane())
        land = folium.GeoJson(outlines, name="Country outlines", control=online_tiles, interactive=False,
                              style_function=lambda _: {"fillColor": "#fbfaf6", "fillOpacity": 1,
                                                        "color": "#9a9a9a", "weight": 0.6},
                              pane=BASEMAP_PANE if lines else "overlayPane")   # (Leaflet's default)
        m.add_child(land)
        if lines:                                      # built by scripts/build_basemap_layers.py
            add_basemap_lines(m, BASEMAP_LAYERS_URL, land)
        if (PLACE_LABELS / "major.json").is_file():   # built by scripts/build_place_labels.py
            m.add_child(PlaceLabels(PLACE_LABELS_URL))
    if online_tiles:
        for name, tiles in ONLINE_TILES:  # overlays, off at first: the map stays offline until asked
            folium.TileLayer(tiles, name=name, overlay=True, show=False, max_zoom=MAX_ZOOM).add_to(m)
    if online_tiles or lines:
        folium.LayerControl(collapsed=True).add_to(m)
    return m


def point_picker_map(lat: float | None, lon: float | None, label: str = "", *,
                     offline_prefix: str | None = DEFAULT_PREFIX, basemap: Path | None = BASEMAP,
                     online_tiles: bool = False) -> folium.Map:
    """A map to click a place on, centred on the current one (ringed), or the world."""
    m = base_map(offline_prefix, basemap, online_tiles=online_tiles)
    if lat is not None and lon is not None:
        folium.CircleMarker((lat, lon), radius=10, weight=3, fill=False, color="#c2185b",
                            tooltip=folium.Tooltip(page_text(f"now: {label}" if label else "now"))).add_to(m)
    return m


def fit_to_points(m: folium.Map, points: list[tuple[float, float]]) -> None:
    """Zoom `m` to show every (lat, lon) point, never closer than FIT_MAX_ZOOM."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(30, 30),
                 max_zoom=FIT_MAX_ZOOM)


def build_map(places: Iterable[Place], *, offline_prefix: str | None = DEFAULT_PREFIX,
              basemap: Path | None = BASEMAP) -> folium.Map:
    """One marker per distinct place (its popup lists every mention), over country outlines.

    Calls `offline_assets(offline_prefix)` first, so the map loads nothing from the internet.
    `basemap` is a GeoJSON file of outlines; None, or a missing file, draws markers only.
    No branca colormaps: streamlit-folium would add d3 from a CDN for them.

    >>> m = build_map([])        # an empty world map
    >>> m.options["maxZoom"]
    18
    """
    m = base_map(offline_prefix, basemap)
    m.add_child(_DefaultIconPath(CDN_ICON_PATH if offline_prefix is None
                                 else f"{offline_prefix}/leaflet/images/"))
    groups = _by_place(places)
    for mentions in groups:
        _marker(mentions).add_to(m)
    if groups:
        fit_to_points(m, [(g[0].lat, g[0].lon) for g in groups])
        m.add_child(Legend(sorted({g[0].kind for g in groups})))
    return m


def _by_place(places: Iterable[Place]) -> list[list[Place]]:
    """Mentions grouped by gazetteer entry, in order of first mention."""
    groups: dict[str, list[Place]] = {}
    for p in places:
        groups.setdefault(p.id, []).append(p)
    return list(groups.values())


def _marker(mentions: list[Place]) -> folium.Marker:
    p = mentions[0]
    colour, icon = KIND_STYLES.get(p.kind, OTHER_STYLE)
    return folium.Marker(location=(p.lat, p.lon), tooltip=folium.Tooltip(page_text(p.name)),
                         popup=folium.Popup(_popup_html(mentions), max_width=320),
                         icon=folium.Icon(color=colour, icon=icon, prefix="fa"))


def _popup_html(mentions: list[Place]) -> str:
    p = mentions[0]
    where = ", ".join(x for x in (p.admin1, p.country) if x)
    texts = ", ".join(f"“{page_text(t)}”" for t in dict.fromkeys(m.text for m in mentions))
    best = max(m.score for m in mentions)
    return "<br>".join([f"<b>{page_text(p.name)}</b>", page_text(f"{p.kind} · {where}" if where else p.kind),
                        f"mentioned {len(mentions)}×: {texts}",
                        f"score {best:.2f} · {p.lat:.3f}, {p.lon:.3f}"])


# '$', '`' and '\\' too: folium writes tooltip and popup HTML into JavaScript template literals
# (`...`), where '${' would run code, a backtick would end the literal, and a backslash would
# start an escape ('\\u' not followed by hex digits is a SyntaxError that draws nothing)
_TEMPLATE_LITERAL = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})


def page_text(text: object) -> str:
    """Text as it may reach the page: HTML-escaped, and safe inside the JavaScript template
    literals folium writes. Every text a map shows (tooltips, popups, labels, legend) goes
    through here: place names come from corrections and geocoders as well as the gazetteer.

    >>> page_text("Al-`Ula ${x} </script>")
    'Al-&#96;Ula &#36;{x} &lt;/script&gt;'
    """
    return html.escape(str(text), quote=True).translate(_TEMPLATE_LITERAL)


@lru_cache(maxsize=2)
def _basemap_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _basemap(path: Path | None) -> dict | None:
    if path is None:
        return None
    if not path.is_file():
        log.warning("no basemap at %s — run `make assets`; drawing markers only", path)
        return None
    return json.loads(_basemap_text(path))   # a fresh dict: folium may add ids to features


class _DefaultIconPath(folium.MacroElement):
    """Tell Leaflet where its default marker images are, before any marker is made.

    folium creates every marker with the default icon and then swaps in the awesome-marker;
    when leaflet.css is not applied yet, Leaflet guesses the image folder from the css link
    and asks for `/app/static/vendor/leafletmarker-icon.png` (a 404).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}
    """)

    def __init__(self, path: str):
        super().__init__()
        self._name = "DefaultIconPath"
        self.path = path


# the legend opens by itself only on a map at least this wide and tall (px); on a smaller one
# it is a one-line "Legend (N)" that opens on a click, so it does not hide the events
LEGEND_OPEN_MIN_PX = (800, 500)
LEGEND_MAX_SHARE = 0.45  # of the map's height: an open legend longer than that scrolls


class Legend(folium.MacroElement):
    """A plain-HTML legend control (a branca colormap legend would pull d3 from a CDN): a
    <details> element, collapsed on small maps. Clicks and scrolls on it stay off the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomleft"});
        {{ this.get_name() }}.onAdd = function (map) {
            var div = L.DomUtil.create("div", "newsmap-legend");
            div.style.cssText = "background:rgba(255,255,255,.9);padding:2px 8px;"
                + "border-radius:4px;font:12px sans-serif;line-height:18px";
            div.innerHTML = {{ this.html|tojson }};
            var details = div.querySelector("details");
            var items = div.querySelector(".newsmap-legend-items");
            var fit = function () {
                var size = map.getSize();
                items.style.maxHeight = Math.max(90, Math.round(size.y * {{ this.max_share }})) + "px";
            };
            var decide = function () {
                var size = map.getSize();
                details.open = size.x >= {{ this.open_min[0] }} && size.y >= {{ this.open_min[1] }};
                fit();
            };
            // a map in a hidden tab has no size yet: decide once it is laid out
            if (map.getSize().x > 0) { decide(); } else { map.once("resize", decide); }
            details.addEventListener("toggle", fit);
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, kinds: list[str] | tuple[str, ...] = (), items: list[tuple[str, str, str]] | None = None):
        """`kinds` of places, or explicit (label, colour name, icon) `items`."""
        super().__init__()
        self._name = "Legend"
        if items is None:
            items = [(k.replace("_", " "), *KIND_STYLES.get(k, OTHER_STYLE)) for k in kinds]
        self.open_min, self.max_share = LEGEND_OPEN_MIN_PX, LEGEND_MAX_SHARE
        rows = "<br>".join(
            f'<i class="fa fa-{page_text(icon)}" style="color:{SWATCH.get(colour, "#777")};'
            f'width:16px"></i> {page_text(label)}' for label, colour, icon in items)
        self.html = (f'<details><summary style="cursor:pointer;font-weight:600">Legend '
                     f'({len(items)})</summary><div class="newsmap-legend-items" '
                     f'style="overflow-y:auto">{rows}</div></details>')


class PlaceLabels(folium.MacroElement):
    """Place names on the basemap by zoom level (geo.maps.placelabels): the browser reads the files
    for the view as it moves (major places, then cells of larger towns from zoom 7 and of all
    towns from zoom 9), names the places whose zoom has come, most important first, and leaves
    out a name that would overlap one already placed. Names are set as text, never as HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var base = {{ this.url|tojson }}, files = {}, layer = L.layerGroup().addTo(map), drawn = 0;
            var pane = map.createPane("newsmap-labels");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
""" + cell_files_js(missing="[]") + """            function label(row) {
                var span = document.createElement("span"), big = row[3] <= 5;
                span.textContent = row[0];
                span.style.cssText = "position:absolute;left:0;top:0;transform:translate(-50%,-100%);"
                    + "white-space:nowrap;color:#333;font:" + (big ? "600 12px" : "11px") + " sans-serif;"
                    + "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff";
                var dot = document.createElement("i");
                dot.style.cssText = "position:absolute;left:-2px;top:-2px;width:4px;height:4px;"
                    + "border-radius:2px;background:#555";
                var box = document.createElement("div");
                box.appendChild(span);
                box.appendChild(dot);
                return L.marker([row[1], row[2]], {pane: "newsmap-labels", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "newsmap-place-label", html: box, iconSize: [0, 0]})});
            }
            function draw() {
                var z = map.getZoom(), b = map.getBounds(), ticket = ++drawn, wanted = [read("major.json")];
                function add(folder) { return function (k) { wanted.push(read(folder + "/" + k + ".json")); }; }
                if (z >= 7) cells(b, {{ this.mid_cell }}, 12).forEach(add("mid"));
                if (z >= 9) cells(b, {{ this.town_cell }}, 16).forEach(add("town"));
                Promise.all(wanted).then(function (sets) {
                    if (ticket !== drawn) return;   // the view moved on meanwhile
                    var rows = [].concat.apply([], sets).filter(function (r) {
                        return r[3] <= z && b.contains([r[1], r[2]]);
                    });
                    rows.sort(function (a, c) { return a[3] - c[3] || c[4] - a[4]; });
                    var boxes = [], shown = [];
                    for (var i = 0; i < rows.length && shown.length < {{ this.max_labels }}; i++) {
                        var p = map.latLngToContainerPoint([rows[i][1], rows[i][2]]);
                        var w = rows[i][0].length * 6.5 + 8;
                        var box = [p.x - w / 2, p.y - 18, p.x + w / 2, p.y + 3];
                        if (boxes.some(function (o) {
                            return box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1];
                        })) continue;
                        boxes.push(box);
                        shown.push(rows[i]);
                    }
                    layer.clearLayers();
                    shown.forEach(function (r) { layer.addLayer(label(r)); });
                });
            }
            map.on("moveend", draw);
            draw();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, *, max_labels: int = 250):
        super().__init__()
        self._name = "PlaceLabels"
        self.url, self.max_labels = url, int(max_labels)
        self.mid_cell, self.town_cell = MID_CELL, TOWN_CELL
