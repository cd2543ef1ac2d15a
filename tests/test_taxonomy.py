"""The taxonomy table is the single source for types, subtypes, colours, icons and docs."""
import re
from pathlib import Path

from geo.events import taxonomy

ROOT = Path(__file__).resolve().parent.parent
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Shelling/artillery/missile attack", "Air/drone strike",
                                   "Remote explosive/landmine/IED", "Grenade", "Suicide bomb",
                                   "Chemical weapon"},
    "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
FOLIUM_COLOURS = {"red", "darkred", "orange", "beige", "green", "darkgreen", "lightgreen", "blue",
                  "darkblue", "cadetblue", "purple", "darkpurple", "pink", "lightblue", "lightred",
                  "white", "gray", "black", "lightgray"}


def test_every_acled_type_and_subtype_spelt_exactly():
    kinds = taxonomy.load()
    for t, subs in ACLED.items():
        assert {k.subtype for k in kinds if k.type == t} == subs, t
    assert {k.type for k in kinds} == set(taxonomy.TYPES)


def test_rows_are_complete_and_drawable():
    ids = [k.id for k in taxonomy.load()]
    assert len(ids) == len(set(ids))
    for k in taxonomy.load():
        assert k.definition and k.patterns and k.icon, k.id
        assert k.colour in FOLIUM_COLOURS, (k.id, k.colour)
        assert all(0 < p.weight <= 10 for p in k.patterns)


def test_fontawesome_icons_exist_when_assets_are_installed():
    css = ROOT / "static" / "vendor" / "fontawesome" / "css" / "all.min.css"
    assert css.exists(), "run `make assets`"
    text = css.read_text(encoding="utf-8")
    for k in taxonomy.load():
        assert re.search(rf"\.fa-{re.escape(k.icon)}\b", text), k.icon


def test_readme_table_is_generated_from_the_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert taxonomy.markdown_table() in readme, "README taxonomy table is stale: run `make readme-taxonomy`"
