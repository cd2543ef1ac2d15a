"""World cities named side by side stay world cities: scripts/check_world_news.py's made-up
stories (no corpus needed) must keep the share it measured when its rules landed (0.918 on 800
stories), with a margin for the smaller sample."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 0.89


def test_world_cities_beside_a_us_town_stay_world_cities(full_gaz):  # full_gaz: the cache is built
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_world_news.py"), "--stories", "200"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    share = float(re.search(r"all +cities right ([0-9.]+)", out).group(1))
    assert share >= FLOOR, out
