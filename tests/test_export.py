"""CSV export: no cell a spreadsheet could run as a formula (OWASP CSV injection)."""
import csv
import io

import pytest

from geo.store import StoredEvent, export

PAYLOADS = [
    " =HYPERLINK(\"http://x\",\"y\")",       # a leading space: some spreadsheets trim it
    "\n=1+2",                                # a leading line feed
    "\t@SUM(A1:A2)",
    "Kyiv;=HYPERLINK(\"http://x\",\"y\")",   # read with ';' as separator, a new cell starts here
    "Kyiv, =cmd|' /C calc'!A0",
    "Kyiv\t+1+1",
    "Kyiv|-2+3",
    "＝1+2",                                  # a full-width equals sign
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_cell_starts_a_formula_whatever_the_separator(payload):
    row = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", sentence=payload,
                      actors=(payload,), place=payload)
    text = export.to_csv([row])
    for delimiter in (",", ";", "\t", "|"):  # however the spreadsheet splits the line
        for record in list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]:
            for cell in record:
                start = cell.lstrip(" \t\r\n\"")[:1]
                assert not (start and start in "=+-@＝＋－＠"), (cell, payload)


def test_cells_keep_their_text_behind_the_quote():
    row = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles",
                      sentence="Shelling hit Kyiv; 3 died", place="-Kyiv", lat=-33.5)
    (record,) = list(csv.DictReader(io.StringIO(export.to_csv([row]))))
    assert record["sentence"] == "Shelling hit Kyiv; 3 died" and record["place"] == "'-Kyiv"
    assert record["lat"] == "-33.5"  # numbers are not text: left as they are


def test_csv_has_each_events_first_level_region():
    row = StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", place="Bucha",
                      admin1="Kyiv Oblast", country="UA", lat=50.54, lon=30.22)
    (record,) = list(csv.DictReader(io.StringIO(export.to_csv([row]))))
    assert record["admin1"] == "Kyiv Oblast" and record["country"] == "UA"


def test_kml_styles_each_type_in_its_map_colour():
    import xml.etree.ElementTree as ET

    from geo.events.typestyles import style_of

    ns = {"k": "http://www.opengis.net/kml/2.2"}
    rows = [StoredEvent(id=1, article_id=None, origin="extracted", type="Battles", lat=50.0, lon=30.0),
            StoredEvent(id=2, article_id=None, origin="acled", type="Imported kind", lat=49.0, lon=31.0)]
    doc = ET.fromstring(export.to_kml(rows).split("\n", 1)[1])
    styles = {s.get("id"): s.find("k:IconStyle/k:color", ns).text for s in doc.iter(f"{{{ns['k']}}}Style")}
    used = [p.find("k:styleUrl", ns).text for p in doc.iter(f"{{{ns['k']}}}Placemark")]
    assert used == ["#type-battles", "#type-imported-kind"]
    # Battles' map colour #d63e2a as KML's aabbggrr; a type outside the taxonomy is grey
    assert styles["type-battles"] == "ff2a3ed6" == style_of("Battles").kml_colour
    assert styles["type-imported-kind"] == style_of("Imported kind").kml_colour
    assert "type-diplomacy" in styles    # every taxonomy type, whatever is exported
    assert "http" not in export.to_kml(rows).split("\n", 1)[1].replace(ns["k"], "")
