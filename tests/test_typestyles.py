"""One colour and icon per event type, from the taxonomy table, wherever events are shown."""
from dataclasses import replace

from geo.events import taxonomy
from geo.events.typestyles import PRECISION_WORDS, style_of, type_styles
from geo.maps.eventmap import build_event_map, event_popup
from geo.maps.mapview import SWATCH
from geo.store import StoredEvent

EVENT = StoredEvent(id=1, article_id=4, origin="extracted", type="Battles", subtype="Armed clash",
                    date="2022-03-02", place="Izium", lat=49.2, lon=37.3, geo_precision=1,
                    sentence="Troops fought for the town.", score=0.8, title="Fighting near Izium")


def test_every_type_has_one_distinct_colour_and_an_icon_from_its_first_table_row():
    styles = type_styles()
    assert list(styles) == list(dict.fromkeys(k.type for k in taxonomy.load()))
    assert set(styles) == set(taxonomy.TYPES)
    assert len({s.hex for s in styles.values()}) == len(styles), "two types share a colour"
    for kind in taxonomy.load():
        first = next(k for k in taxonomy.load() if k.type == kind.type)
        assert styles[kind.type].colour == first.colour and styles[kind.type].icon == first.icon
        assert styles[kind.type].hex == SWATCH[first.colour]


def test_a_popup_says_what_the_precision_means_and_shows_no_empty_toll():
    popup = event_popup(EVENT)
    assert PRECISION_WORDS[1] in popup and "precision" not in popup
    assert "killed" not in popup                 # no toll stated: no row at all
    assert "0 killed" in event_popup(replace(EVENT, fatalities=0))    # 0 is a toll
    region = event_popup(replace(EVENT, geo_precision=3, place="Kharkiv Oblast"))
    assert "somewhere in a region or country" in region
    assert f'fa-{style_of("Battles").icon}' in popup and style_of("Battles").hex in popup
    assert '<a href="../../?article=4"' in popup


def test_the_map_legend_lists_every_type_in_its_colour_whatever_is_shown():
    html = build_event_map([EVENT], basemap=None).get_root().render()
    for t, s in type_styles().items():
        assert f'fa fa-{s.icon}\\" style=\\"color:{s.hex}' in html, t   # the legend's JSON
