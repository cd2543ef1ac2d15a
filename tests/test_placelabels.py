"""The basemap's place names: every GeoNames populated place of the gazetteer written once, in
the set and at the zoom its size gives it (capitals and large cities first)."""
import json

import pytest

import geo
from geo.maps import placelabels
from geo.maps.mapview import PLACE_LABELS_URL, build_map


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    gaz = geo.load_gazetteer()
    folder = tmp_path_factory.mktemp("labels") / "places"
    return gaz, folder, placelabels.write_labels(gaz, folder)


def _everything(folder):
    major = json.loads((folder / "major.json").read_text(encoding="utf-8"))
    mid = [r for p in (folder / "mid").glob("*.json") for r in json.loads(p.read_text(encoding="utf-8"))]
    town = [r for p in (folder / "town").glob("*.json") for r in json.loads(p.read_text(encoding="utf-8"))]
    return major, mid, town


def test_every_populated_place_is_written_once_in_the_set_its_size_gives(written):
    gaz, folder, counts = written
    major, mid, town = _everything(folder)
    places = sum(1 for k in gaz.kinds if k in placelabels.LABEL_KINDS)
    assert len(major) + len(mid) + len(town) == places == counts["major"] + counts["mid"] + counts["town"]
    assert all(r[3] <= 6 for r in major) and all(r[3] >= 7 for r in mid + town)
    assert all(r[4] >= placelabels.MID_POP for r in mid) and all(r[4] < placelabels.MID_POP for r in town)
    assert json.loads((folder / "index.json").read_text())["town_cell_deg"] == placelabels.TOWN_CELL


def test_capitals_and_cities_come_before_towns(written):
    _, folder, _ = written
    major, mid, _ = _everything(folder)
    by_name = {r[0]: r for r in major + mid}
    assert by_name["Kyiv"][3] == 2 and by_name["Nairobi"][3] == 2          # capitals of a million+
    assert by_name["Kharkiv"][3] == 4 and by_name["Zaporizhzhya"][3] == 5
    enerhodar = by_name["Enerhodar"]                                        # 52,887 people
    assert enerhodar[3] == 7 and (49.0 > enerhodar[1] > 47.0)
    cell = f"{int((enerhodar[1] + 90) // placelabels.MID_CELL)}_{int((enerhodar[2] + 180) // placelabels.MID_CELL)}"
    assert enerhodar in json.loads((folder / "mid" / f"{cell}.json").read_text(encoding="utf-8"))
    assert [placelabels.min_zoom(p, capital=False) for p in (6_000_000, 600_000, 60_000, 6_000, 600)] \
        == [3, 5, 7, 9, 11]


def test_the_map_reads_the_names_from_the_local_files_as_text():
    from geo.maps.mapview import PLACE_LABELS

    if not (PLACE_LABELS / "major.json").is_file():
        pytest.fail("static/places/ is missing: run `make gazetteer` (scripts/build_place_labels.py)")
    html = build_map([]).get_root().render()
    assert "newsmap-labels" in html and f'"{PLACE_LABELS_URL}"' in html
    assert "span.textContent = row[0]" in html     # a name is text, never markup
