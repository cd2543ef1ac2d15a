"""Stored events as files other tools open: CSV, GeoJSON (QGIS) and KML (Google Earth)."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from geo.events.typestyles import style_of, type_styles
from geo.store.records import StoredEvent

COLUMNS = ("id", "type", "subtype", "date", "date_precision", "place", "lat", "lon", "admin1",
           "country", "geo_precision", "fatalities", "actors", "trigger", "sentence", "score", "claimed",
           "sources", "title", "url", "article_id", "origin")
FORMATS = ("csv", "geojson", "kml")


# CSV injection (OWASP): a spreadsheet runs a cell as a formula when it starts with one of these,
# also after leading blanks or line breaks (some trim them); and a cell read with another
# separator (';' in many locales), or split at its line breaks, gives pieces that may start so
_FORMULA_START = "=+-@＝＋－＠"
_LEADING_FORMULA = re.compile(rf"^[\s]*[{re.escape(_FORMULA_START)}]")
_INNER_FORMULA = re.compile(rf"([,;\t|\r\n]\s*)(?=[{re.escape(_FORMULA_START)}])")


def _cell(value):
    """A CSV cell that a spreadsheet shows as text: a quote before any formula start, at the
    cell's beginning and after any separator inside it; `to_csv` quotes every cell as well.

    >>> _cell(" =1+2"), _cell("a;=HYPERLINK(x)"), _cell(-3.5)
    ("' =1+2", "a;'=HYPERLINK(x)", -3.5)
    """
    if not isinstance(value, str):
        return value
    value = _INNER_FORMULA.sub(r"\1'", value)
    if _LEADING_FORMULA.match(value) or value[:1] in ("\t", "\r", "\n"):
        return "'" + value
    return value


def to_csv(events: list[StoredEvent]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS)  # our own names: plain
    w = csv.writer(out, quoting=csv.QUOTE_ALL)  # a separator inside a cell stays inside it
    for e in events:
        w.writerow([_cell("; ".join(e.actors) if c == "actors" else getattr(e, c)) for c in COLUMNS])
    return out.getvalue()


def to_geojson(events: list[StoredEvent]) -> str:
    """A FeatureCollection of Points (RFC 7946: [lon, lat], WGS84); unplaced events are left out."""
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [round(e.lon, 6), round(e.lat, 6)]},
                 "properties": {c: getattr(e, c) for c in COLUMNS if c not in ("lat", "lon")}}
                for e in events if e.lat is not None and e.lon is not None]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _style_id(event_type: str) -> str:
    return "type-" + re.sub(r"[^a-z0-9]+", "-", event_type.lower()).strip("-")


def to_kml(events: list[StoredEvent]) -> str:
    """KML 2.2 with one Placemark per placed event, dated with a TimeStamp and styled by its
    type: one shared Style per type, in the type's colour (as on the map and its legend)."""
    kml = ET.Element("kml", xmlns="http://www.opengis.net/kml/2.2")
    doc = ET.SubElement(kml, "Document")
    ET.SubElement(doc, "name").text = "Newsmap events"
    placed = [e for e in events if e.lat is not None and e.lon is not None]
    styled = {**{t: None for t in type_styles()}, **{e.type: None for e in placed}}
    for event_type in styled:
        style = ET.SubElement(doc, "Style", id=_style_id(event_type))
        icon_style = ET.SubElement(style, "IconStyle")
        ET.SubElement(icon_style, "color").text = style_of(event_type).kml_colour
        ET.SubElement(icon_style, "scale").text = "0.9"   # the viewer's own pin, tinted: no icon URL
        label = ET.SubElement(style, "LabelStyle")
        ET.SubElement(label, "scale").text = "0"   # names on hover, not over every point
    for e in placed:
        pm = ET.SubElement(doc, "Placemark")
        ET.SubElement(pm, "name").text = f"{e.type}: {e.place or ''}".strip()
        ET.SubElement(pm, "description").text = (
            f"{e.subtype or ''} — {e.sentence or ''}")  # ElementTree escapes markup
        ET.SubElement(pm, "styleUrl").text = "#" + _style_id(e.type)
        if e.date:
            ts = ET.SubElement(pm, "TimeStamp")
            ET.SubElement(ts, "when").text = e.date
        point = ET.SubElement(pm, "Point")
        ET.SubElement(point, "coordinates").text = f"{e.lon:.6f},{e.lat:.6f}"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode")


def render(events: list[StoredEvent], fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {"csv": to_csv, "geojson": to_geojson, "kml": to_kml}[fmt](events)
