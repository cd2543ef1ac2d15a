"""Event groups -> one folium layer: a marker per group, clustered, for maps of many events.

Each group (geo.maps.grouping) is a round badge with its number of events inside a pie of its event
types' colours; the cluster that gathers several groups shows their summed number and types the
same way, so the numbers on the map always add up to the events shown. A click on a group lists
its latest events (type, subtype, date, place, confidence, the article's title linking to its
view) with "… and N more"; a click on a cluster lists the latest of its groups' events.

Everything is sent as one JSON object: the groups as short rows whose strings are indices into
tables sent once. Every table value is escaped here (article text is hostile), and the browser
joins them into HTML without reading anything else.

    >>> from geo.maps.grouping import group_events
    >>> from geo.store import StoredEvent
    >>> battle = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", lat=50.45, lon=30.52)
    >>> layer = grouped_layer(group_events([battle]),
    ...                       {"Battles": "#d63e2a"})
    >>> type(layer).__name__
    'MarkerCluster'
"""
from __future__ import annotations

import html

import folium
from folium import plugins
from folium.template import Template

from geo.events.typestyles import style_of
from geo.maps.grouping import Grouping
from geo.maps.mapview import page_text

CLUSTER_LIST_MAX = 25   # events a cluster's popup lists; the rest are counted
_TABLES = ("type", "subtype", "date", "place", "title")


def grouped_layer(grouping: Grouping, colours: dict[str, str]) -> plugins.MarkerCluster:
    """The groups as badges in a MarkerCluster; `colours` maps an event type to a CSS colour
    (types not in it are grey)."""
    cluster = plugins.MarkerCluster(name="events", control=False,
                                    options={"showCoverageOnHover": False})
    cluster.add_child(_Groups(_payload(grouping, colours)))
    return cluster


def _payload(grouping: Grouping, colours: dict[str, str]) -> dict:
    """{"tables": {name: [escaped strings]}, "colours": [...per type], "cell": deg or None,
    "groups": [[lat, lon, count, [type, n, ...], [[type, subtype, date, place, score,
    article id or -1, title], ...]], ...]} with strings as table indices."""
    tables: dict[str, dict[str, int]] = {k: {} for k in _TABLES}

    def index(table: str, raw) -> int:
        known = tables[table]
        value = page_text(str(raw or ""))
        if value not in known:
            known[value] = len(known)
        return known[value]

    groups = []
    for g in grouping.groups:
        types = [x for t, n in g.type_counts for x in (index("type", t), n)]
        rows = [[index("type", e.type), index("subtype", e.subtype),
                 index("date", e.date), index("place", e.place),
                 round(e.score or 0.0, 2),
                 e.article_id if isinstance(e.article_id, int) else -1,
                 index("title", e.title)] for e in g.sample]
        groups.append([g.lat, g.lon, g.count, types, rows])
    type_colours = [colours.get(html.unescape(t), "#777") for t in tables["type"]]
    icons = [page_text(style_of(html.unescape(t)).icon) for t in tables["type"]]
    return {"tables": {k: list(v) for k, v in tables.items()}, "colours": type_colours, "icons": icons,
            "cell": grouping.cell_deg, "groups": groups, "list_max": CLUSTER_LIST_MAX}


class _Groups(folium.MacroElement):
    """Adds the groups to the parent MarkerCluster: badges, popups built on opening, cluster
    badges that sum their groups, and a list of events on a cluster click."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (cluster) {
            var D = {{ this.payload|tojson }}, T = D.tables;
            function pie(types, total) {   // types: [type, n, type, n, ...]
                var stops = [], at = 0;
                for (var i = 0; i < types.length; i += 2) {
                    var from = at;
                    at += types[i + 1] / total * 100;
                    stops.push(D.colours[types[i]] + " " + from.toFixed(1) + "% " + at.toFixed(1) + "%");
                }
                return stops.length > 1 ? "conic-gradient(" + stops.join(",") + ")" : D.colours[types[0]];
            }
            function badge(types, total, cls) {
                var size = 26 + 6 * Math.max(0, String(total).length - 2), inner = size - 10;
                return L.divIcon({className: "marker-cluster " + cls, iconSize: [size, size],
                    html: "<div style='position:relative;width:" + size + "px;height:" + size
                        + "px;margin:0;border-radius:50%;background:" + pie(types, total) + "'>"
                        + "<span style='position:absolute;left:5px;top:5px;width:" + inner
                        + "px;height:" + inner + "px;font:600 11px sans-serif;line-height:" + inner
                        + "px;border-radius:50%;background:rgba(255,255,255,.92)'>"
                        + total + "</span></div>"});
            }
            function row(r) {
                var link = r[5] < 0 ? T.title[r[6]] : "<a href='../../?article=" + r[5]
                    + "' target='_blank' rel='noopener'>" + (T.title[r[6]] || "article #" + r[5]) + "</a>";
                return "<li><i class='fa fa-" + D.icons[r[0]] + "' style='color:" + D.colours[r[0]]
                    + ";width:14px'></i> <b>" + T.type[r[0]] + "</b> "
                    + [T.subtype[r[1]], T.date[r[2]], T.place[r[3]], "confidence " + r[4].toFixed(2),
                       link].filter(Boolean).join(" · ") + "</li>";
            }
            function list(title, head, rows, total, cls) {
                var more = total - rows.length;
                return "<div class='" + cls + "'><b>" + title + "</b>" + head
                    + "<ul style='list-style:none;padding-left:0;margin:4px 0;font-size:12px'>"
                    + rows.map(row).join("") + (more > 0 ? "<li>… and " + more + " more</li>" : "")
                    + "</ul></div>";
            }
            function groupPopup(g) {
                var where = D.cell ? " in this area (" + D.cell + "° grid)" : " at " + (T.place[g[4][0][3]] || "this point");
                var types = [];
                for (var i = 0; i < g[3].length; i += 2)
                    types.push("<span style='color:" + D.colours[g[3][i]] + "'>●</span> " + T.type[g[3][i]] + " " + g[3][i + 1]);
                return list(g[2] + (g[2] === 1 ? " event" : " events") + where,
                            "<br>" + types.join("<br>"), g[4], g[2], "newsmap-group-list");
            }
            cluster.options.iconCreateFunction = function (c) {
                var byType = {}, total = 0, types = [];
                c.getAllChildMarkers().forEach(function (m) {
                    total += m.options.count;
                    for (var i = 0; i < m.options.types.length; i += 2)
                        byType[m.options.types[i]] = (byType[m.options.types[i]] || 0) + m.options.types[i + 1];
                });
                Object.keys(byType).sort(function (a, b) { return byType[b] - byType[a]; })
                    .forEach(function (t) { types.push(+t, byType[t]); });
                return badge(types, total, "newsmap-group-cluster");
            };
            cluster.on("clusterclick", function (a) {
                // the latest events of every group in the cluster, newest first; a click on
                // one zooms to its group and opens the group's list
                var map = this._map, rows = [], total = 0;
                a.layer.getAllChildMarkers().forEach(function (m) {
                    total += m.options.count;
                    m.options.rows.forEach(function (r) { rows.push([r, m]); });
                });
                rows.sort(function (x, y) { var a = T.date[x[0][2]], b = T.date[y[0][2]]; return b < a ? -1 : b > a ? 1 : 0; });
                var div = document.createElement("div");
                div.innerHTML = list(total + " events, newest first", "", rows.slice(0, D.list_max).map(function (x) { return x[0]; }),
                                     total, "newsmap-cluster-rows");
                div.querySelectorAll("li").forEach(function (li, i) {
                    if (i >= Math.min(rows.length, D.list_max)) return;
                    var m = rows[i][1];
                    li.style.cursor = "pointer";
                    li.title = "Show this event's place";
                    li.addEventListener("click", function (ev) {
                        if (ev.target.tagName === "A") return;   // the article link opens the article
                        map.closePopup();
                        cluster.zoomToShowLayer(m, function () { m.openPopup(); });
                    });
                });
                L.popup({maxHeight: 220, maxWidth: 340, autoPan: false, className: "newsmap-cluster-list"})
                    .setLatLng(a.layer.getLatLng()).setContent(div).openOn(map);
            });
            cluster.addLayers(D.groups.map(function (g) {
                var m = L.marker([g[0], g[1]], {icon: badge(g[3], g[2], "newsmap-group"), count: g[2], types: g[3], rows: g[4]});
                m.bindPopup(function () { return groupPopup(g); }, {maxHeight: 260, maxWidth: 360});
                return m;
            }));
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "Groups"
        self.payload = payload
