"""Maps render text that may be hostile: every script they write must still parse, and draw."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from geo.maps.eventmap import build_event_map
from geo.maps.mapview import build_map, page_text, point_picker_map
from geo.records import Place
from geo.store import StoredEvent

# names a correction, a geocoder or an odd gazetteer entry could give a place: each once broke,
# or could break, the JavaScript template literals folium writes text into
HOSTILE_NAMES = (
    "Al-`Ula",
    "${window.top.__pwned = 1}",
    "</script><script>window.top.__pwned = 2</script>",
    "x`; window.top.__pwned = 3; `",
    "Say \"hi\" to 'Kyiv'",
    "C:\\new\\u{ town\\",
    "<img src=x onerror=\"window.top.__pwned = 4\">",
)


def hostile_places() -> list[Place]:
    return [Place(0, 4, name, name, 50.0 + i, 30.0 + i, "UA", name, "city", f"x:{i}", None, 0.9)
            for i, name in enumerate(HOSTILE_NAMES)]


def hostile_maps() -> dict[str, str]:
    event = StoredEvent(id=1, article_id=7, origin="extracted", type="Battles", subtype="Armed clash",
                        date="2022-02-25", place=HOSTILE_NAMES[0], lat=50.0, lon=30.0, geo_precision=1,
                        fatalities=3, sentence=HOSTILE_NAMES[1], score=0.8, sources=1,
                        title=HOSTILE_NAMES[3])
    return {
        "places": build_map(hostile_places()).get_root().render(),
        "picker": point_picker_map(50.0, 30.0, HOSTILE_NAMES[3]).get_root().render(),
        "events": build_event_map([event]).get_root().render(),
    }


def test_page_text_leaves_nothing_a_template_literal_or_html_would_run():
    for name in HOSTILE_NAMES:
        safe = page_text(name)
        assert not set("<>`$\\\"'") & set(safe), safe


@pytest.mark.parametrize("which", ["places", "picker", "events"])
def test_every_script_of_a_map_with_hostile_names_parses(which, tmp_path):
    """node --check on each inline script: a name that ends a template literal or starts a bad
    escape is a SyntaxError there, as it is in the browser (where the map then draws nothing)."""
    node = shutil.which("node")
    assert node, "node is needed (it builds static/vendor too): install nodejs"
    page = hostile_maps()[which]
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert scripts
    for i, script in enumerate(scripts):
        path = tmp_path / f"{which}{i}.js"
        path.write_text(script)
        check = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr[-2000:]
