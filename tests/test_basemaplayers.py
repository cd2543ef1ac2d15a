"""The basemap's admin-1 borders, rivers and lakes: only the borders inside a country, joined,
simplified within the stated tolerance, cut into cells that meet, small enough to load at every
zoom, and drawn beneath the events from the local files."""
import json

import pytest

from geo.maps import basemaplayers as bl
from geo.maps.mapview import BASEMAP_LAYERS, BASEMAP_LAYERS_URL, build_map


def _square(x0, y0, country, size=1.0):
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"properties": {"adm0_a3": country}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _decode(flat, digits):
    x = y = 0
    points = []
    for i in range(0, len(flat), 2):
        x, y = x + flat[i], y + flat[i + 1]
        points.append((x / 10 ** digits, y / 10 ** digits))
    return points


def test_only_borders_between_two_regions_of_one_country_are_kept():
    # A | B inside country X, C of country Y east of B, D of X north of A: the A-B and A-D
    # lines (one line: they meet at (1, 1), where no third line does), not B-C nor the coasts
    features = [_square(0, 0, "X"), _square(1, 0, "X"), _square(2, 0, "Y"),
                {"properties": {"adm0_a3": "X"}, "geometry": {"type": "MultiPolygon", "coordinates": [
                    [[[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]]]]}}]       # D, north of A
    lines = bl.internal_borders(features)
    assert lines in ([[(1, 0), (1, 1), (0, 1)]], [[(0, 1), (1, 1), (1, 0)]]), lines


def test_a_border_in_many_edges_comes_out_as_one_line_and_a_loop_closes():
    edges = [((0, 0), (0, 1)), ((0, 2), (0, 1)), ((0, 2), (0, 3))]
    assert bl.chain(edges) in ([[(0, 0), (0, 1), (0, 2), (0, 3)]], [[(0, 3), (0, 2), (0, 1), (0, 0)]])
    loop = [((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 0))]
    (line,) = bl.chain(loop)
    assert line[0] == line[-1] and len(line) == 4


def test_simplified_lines_stay_within_the_tolerance_and_round_trip_through_the_encoding():
    import math

    wiggle = [(x / 100, 0.004 * math.sin(x / 3)) for x in range(300)]
    kept = bl.simplify(wiggle, bl.FINE_TOLERANCE * 5)
    assert kept[0] == wiggle[0] and kept[-1] == wiggle[-1] and len(kept) < len(wiggle) / 10
    decoded = _decode(bl.encode_line(kept, bl.FINE_DIGITS), bl.FINE_DIGITS)
    assert len(decoded) == len(kept)
    assert all(abs(a - c) <= 0.0005 and abs(b - d) <= 0.0005 for (a, b), (c, d) in zip(decoded, kept, strict=True))


def test_a_line_across_cells_is_cut_into_pieces_that_meet():
    line = [(5.0, 5.0), (9.0, 5.0), (11.0, 5.0), (19.0, 5.0), (21.0, 5.0)]
    pieces = bl.split_by_cell(line, 10)
    assert sorted(pieces) == ["9_18", "9_19", "9_20"]
    assert pieces["9_19"] == [[(9.0, 5.0), (11.0, 5.0), (19.0, 5.0), (21.0, 5.0)]]
    assert bl.cell_of(180.0, 90.0, 10) == "17_35"            # the edges stay on the grid


def test_the_topojson_rivers_and_lakes_are_decoded_as_lines_and_rings():
    topo = {"transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
            "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
            "objects": {"rivers": {"type": "GeometryCollection", "geometries": [
                {"type": "LineString", "arcs": [0]}]},
                "lakes": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]]}]}}}
    assert bl.topojson_lines(topo, "rivers") == [[[(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]]]
    (lake,) = bl.topojson_lines(topo, "lakes")
    assert lake[0][0] == lake[0][-1] == (10.0, 20.0) and len(lake[0]) == 5


@pytest.fixture(scope="module")
def built():
    if not (BASEMAP_LAYERS / "index.json").is_file():
        pytest.fail("static/basemap/ is missing: run `make assets` (scripts/build_basemap_layers.py)")
    return json.loads((BASEMAP_LAYERS / "index.json").read_text(encoding="utf-8"))


def _lines_near(path, lon, lat, within=0.3):
    data = json.loads(path.read_text(encoding="utf-8"))
    return [line for flat in data["lines"] for line in [_decode(flat, data["digits"])]
            if any(abs(x - lon) < within and abs(y - lat) < within for x, y in line)]


def test_the_built_files_hold_ukraines_oblast_borders_and_the_dnieper(built):
    # the Kyiv-Chernihiv oblast border crosses the Desna north-east of Kyiv (about 30.9 E 50.9 N);
    # the Dnieper flows past Kyiv (30.55 E, 50.45 N)
    cell = bl.cell_of(30.9, 50.9, bl.FINE_CELL)
    assert _lines_near(BASEMAP_LAYERS / "admin1" / "fine" / f"{cell}.json", 30.9, 50.9)
    coarse = bl.cell_of(30.9, 50.9, bl.COARSE_CELL)
    assert _lines_near(BASEMAP_LAYERS / "admin1" / "coarse" / f"{coarse}.json", 30.9, 50.9)
    assert _lines_near(BASEMAP_LAYERS / "water.json", 30.55, 50.45, within=0.15)
    water = json.loads((BASEMAP_LAYERS / "water.json").read_text(encoding="utf-8"))
    assert len(water["lakes"]) > 200 and built["admin1_cells"] > 200


def test_every_file_is_small_enough_to_read_as_the_view_moves(built):
    """The budget behind 'fast at every zoom': a view reads at most a few files of each kind."""
    sizes = {p.relative_to(BASEMAP_LAYERS).as_posix(): p.stat().st_size
             for p in BASEMAP_LAYERS.rglob("*.json")}
    assert sizes["water.json"] < 300_000
    assert max(s for p, s in sizes.items() if p.startswith("admin1/coarse/")) < 150_000
    assert max(s for p, s in sizes.items() if p.startswith("admin1/fine/")) < 150_000
    assert sum(sizes.values()) < 4_000_000


def test_the_map_draws_the_lines_from_the_local_files_beneath_the_events(built):
    html = build_map([]).get_root().render()
    assert f'"{BASEMAP_LAYERS_URL}"' in html and "admin1/fine/" in html
    assert "bringToBack" in html and "newsmap-admin1" in html         # beneath the events
    assert "Admin-1 borders" in html and "Rivers and lakes" in html   # listed in the layer control
    assert "interactive: false" in html
