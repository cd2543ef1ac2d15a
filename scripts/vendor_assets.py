"""Copy the map's front-end assets from node_modules/ into static/vendor/ (stdlib only).

Streamlit serves static/ at /app/static/ (enableStaticServing), and geo.maps.mapview points
folium at these copies, so the map never loads anything from a CDN. Each library keeps its
licence file beside it. The world basemap (world-atlas countries-110m TopoJSON) is converted
to GeoJSON here.

    npm ci --ignore-scripts && .venv/bin/python scripts/vendor_assets.py

The output is rebuilt in a temporary folder and swapped in whole; static/vendor/MANIFEST.json
(written last) lists every file and the package versions it came from.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# npm package -> (folder under static/vendor, [(source path or glob, destination folder)])
# The destinations are the URLs that geo/maps/mapview.py expects; keep the two in step.
NPM_FILES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "leaflet": ("leaflet", [
        ("dist/leaflet.js", "."), ("dist/leaflet.css", "."), ("dist/images/*.png", "images"),
        ("LICENSE", ".")]),
    "jquery": ("jquery", [("dist/jquery.min.js", "."), ("LICENSE.txt", ".")]),
    "bootstrap": ("bootstrap", [
        ("dist/js/bootstrap.bundle.min.js", "js"), ("dist/css/bootstrap.min.css", "css"),
        ("LICENSE", ".")]),
    "leaflet.awesome-markers": ("awesome-markers", [
        ("dist/leaflet.awesome-markers.js", "."), ("dist/leaflet.awesome-markers.css", "."),
        ("dist/images/*.png", "images"), ("LICENSE", ".")]),
    "@fortawesome/fontawesome-free": ("fontawesome", [
        ("css/all.min.css", "css"), ("webfonts/*", "webfonts"), ("LICENSE.txt", ".")]),
    "leaflet.markercluster": ("markercluster", [
        ("dist/leaflet.markercluster.js", "."), ("dist/MarkerCluster.css", "."),
        ("dist/MarkerCluster.Default.css", "."), ("MIT-LICENCE.txt", ".")]),
    "world-atlas": ("world", [("LICENSE", ".")]),
}
WORLD_TOPOJSON = "world-atlas/countries-110m.json"
WORLD_GEOJSON = "world/countries-110m.geojson"
WORLD_NOTICE = ("Country outlines: Natural Earth 1:110m (public domain), as TopoJSON from the npm "
                "package world-atlas 2.0.2 (ISC, see LICENSE), converted to GeoJSON by "
                "scripts/vendor_assets.py. Borders are Natural Earth's de-facto view (Crimea is "
                "drawn inside Russia).\n")
COORD_DIGITS = 3            # 110m data is quantised to ~0.004 degrees; more digits add only bytes


class VendorError(Exception):
    """Something the user must fix before the assets can be copied."""


def _pinned_versions() -> dict[str, str]:
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]


def _check_installed(pins: dict[str, str]) -> None:
    for name, version in pins.items():
        manifest = NODE_MODULES / name / "package.json"
        if not manifest.is_file():
            raise VendorError(f"{manifest.relative_to(ROOT)} is missing — run `npm ci` first")
        found = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if found != version:
            raise VendorError(f"node_modules has {name}@{found} but package.json pins {version} "
                              f"— run `npm ci`")


def _copy_npm(out: Path) -> list[str]:
    copied = []
    for package, (folder, items) in NPM_FILES.items():
        for pattern, dest in items:
            sources = sorted((NODE_MODULES / package).glob(pattern))
            if not sources:
                raise VendorError(f"{package}: nothing matches {pattern!r} — is the pinned version "
                                  f"installed (`npm ci`)?")
            target = out / folder / dest
            target.mkdir(parents=True, exist_ok=True)
            for src in sources:
                shutil.copy2(src, target / src.name)
                copied.append(f"{folder}/{dest}/{src.name}".replace("/./", "/"))
    return copied


def _copy_folium(out: Path) -> list[str]:
    """folium's own copy of leaflet.heat (used by folium.plugins.HeatMap) and folium's licence."""
    spec = importlib.util.find_spec("folium")
    if spec is None or spec.origin is None:
        raise VendorError("folium is not importable — run this script with the project venv "
                          "(.venv/bin/python scripts/vendor_assets.py) after `make venv`")
    heat = Path(spec.origin).parent / "templates" / "leaflet_heat.min.js"
    licence = next((f for f in importlib.metadata.files("folium") or ()
                    if f.name.upper().startswith("LICENSE")), None)
    if not heat.is_file() or licence is None:
        raise VendorError(f"folium {importlib.metadata.version('folium')} has no "
                          f"templates/leaflet_heat.min.js or licence file — check the pin")
    (out / "folium").mkdir(parents=True, exist_ok=True)
    shutil.copy2(heat, out / "folium" / heat.name)
    shutil.copy2(licence.locate(), out / "folium" / "LICENSE.txt")
    return ["folium/leaflet_heat.min.js", "folium/LICENSE.txt"]


def topojson_to_geojson(topo: dict, object_name: str, digits: int = COORD_DIGITS) -> dict:
    """Decode one GeometryCollection of a (quantised) TopoJSON topology into a FeatureCollection.

    >>> topo = {"arcs": [[[0, 0], [10, 0], [0, 10], [-10, -10]]],
    ...         "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    ...         "objects": {"o": {"type": "GeometryCollection", "geometries": [
    ...             {"type": "Polygon", "arcs": [[0]], "id": "1", "properties": {"name": "A"}}]}}}
    >>> topojson_to_geojson(topo, "o")["features"][0]["geometry"]["coordinates"]
    [[[10.0, 20.0], [15.0, 20.0], [15.0, 25.0], [10.0, 20.0]]]
    """
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append([round(x * sx + tx, digits), round(y * sy + ty, digits)])
        else:
            points = [[round(px, digits), round(py, digits)] for px, py in arc]
        arcs.append(points)

    def ring(indices: list[int]) -> list[list[float]]:
        coords: list[list[float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(points[1:] if coords else points)
        return coords

    features = []
    for geom in topo["objects"][object_name]["geometries"]:
        if geom["type"] == "Polygon":
            coordinates = [ring(r) for r in geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geom["arcs"]]
        else:
            raise VendorError(f"{object_name}: unexpected geometry type {geom['type']!r}")
        features.append({"type": "Feature", "id": geom.get("id"),
                         "properties": dict(geom.get("properties") or {}),
                         "geometry": {"type": geom["type"], "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def unwrap_ring(ring: list[list[float]]) -> list[list[float]]:
    """Make a ring that crosses the antimeridian continuous for a flat (Leaflet) map.

    world-atlas is cut for a spherical renderer: Russia's and Fiji's rings jump from +180 to
    -180, which Leaflet draws as a stripe across the world. Shifting each point by 360 degrees
    to stay within 180 of the previous one keeps the shape whole (its eastern tip then lies
    beyond 180 E). Rings around a pole (Antarctica) must stay as they are.

    >>> unwrap_ring([[179.0, 65.0], [-179.0, 65.0], [-179.0, 66.0], [179.0, 65.0]])
    [[179.0, 65.0], [181.0, 65.0], [181.0, 66.0], [179.0, 65.0]]
    """
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append([lon, lat])
    return out


def _for_leaflet(geojson: dict) -> dict:
    for feature in geojson["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                if all(-80 < lat < 80 for _, lat in ring):       # not a polar ring
                    polygon[i] = unwrap_ring(ring)
    return geojson


def _write_world(out: Path) -> list[str]:
    topo = json.loads((NODE_MODULES / WORLD_TOPOJSON).read_text(encoding="utf-8"))
    geojson = _for_leaflet(topojson_to_geojson(topo, "countries"))
    (out / WORLD_GEOJSON).write_text(json.dumps(geojson, separators=(",", ":")), encoding="utf-8")
    (out / "world" / "NOTICE.txt").write_text(WORLD_NOTICE, encoding="utf-8")
    return [WORLD_GEOJSON, "world/NOTICE.txt"]


def main() -> int:
    tmp = VENDOR.with_name("vendor.tmp")
    try:
        pins = _pinned_versions()
        _check_installed(pins)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        files = _copy_npm(tmp) + _copy_folium(tmp) + _write_world(tmp)
        versions = {**pins, "folium": importlib.metadata.version("folium")}
        (tmp / "MANIFEST.json").write_text(
            json.dumps({"versions": versions, "files": sorted(files)}, indent=1) + "\n",
            encoding="utf-8")
        shutil.rmtree(VENDOR, ignore_errors=True)
        tmp.rename(VENDOR)
    except VendorError as exc:
        print(f"vendor_assets: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    size = sum(p.stat().st_size for p in VENDOR.rglob("*") if p.is_file())
    print(f"vendor_assets: {len(files)} files, {size / 1e6:.1f} MB in {VENDOR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
