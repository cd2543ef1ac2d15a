"""How each event type looks wherever it is shown: one colour and one icon per type, read from
the taxonomy table (the first row of each type), the same on the map, its legend, the feed,
the timeline and the exports, whatever the filters leave in view.

    >>> style_of("Battles")
    TypeStyle(type='Battles', colour='red', hex='#d63e2a', icon='crosshairs')
    >>> style_of("Something new").hex        # a type the table does not know: grey
    '#a3a3a3'
    >>> precision_words(3)
    'somewhere in a region or country (the event is placed at its centre)'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.events import taxonomy

# awesome-markers colour names (the taxonomy's colour column) -> the CSS colour of their sprite
SWATCH = {"cadetblue": "#436978", "darkblue": "#0067a3", "purple": "#d252b9", "red": "#d63e2a",
          "gray": "#575757", "darkred": "#a23336", "orange": "#f69730", "darkpurple": "#5b396b",
          "black": "#303030", "blue": "#38aadd", "lightblue": "#8adaff", "green": "#72b026",
          "lightgray": "#a3a3a3", "beige": "#ffcb92", "darkgreen": "#728224",
          "lightgreen": "#bbf970", "pink": "#ff91ea", "lightred": "#ff8e7f", "white": "#fbfbfb"}
OTHER = ("lightgray", "location-dot")   # a type outside the table (an imported dataset's own)

# ACLED's geo_precision in words, for popups and the feed (docs/events.md)
PRECISION_WORDS = {
    1: "at the place named (a town, village or site)",
    2: "near the place named, or in a part of a region",
    3: "somewhere in a region or country (the event is placed at its centre)",
}


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """An event type's colour (an awesome-markers name and its CSS colour) and Font Awesome icon."""

    type: str
    colour: str
    hex: str
    icon: str

    @property
    def kml_colour(self) -> str:
        """The colour as KML writes it: aabbggrr, opaque.

        >>> style_of("Battles").kml_colour
        'ff2a3ed6'
        """
        r, g, b = self.hex[1:3], self.hex[3:5], self.hex[5:7]
        return f"ff{b}{g}{r}".lower()


@lru_cache(maxsize=1)
def type_styles() -> dict[str, TypeStyle]:
    """Every type of the taxonomy, in table order, with its style (its first row's colour and icon)."""
    styles: dict[str, TypeStyle] = {}
    for kind in taxonomy.load():
        if kind.type not in styles:
            styles[kind.type] = TypeStyle(kind.type, kind.colour, SWATCH.get(kind.colour, SWATCH[OTHER[0]]),
                                          kind.icon)
    return styles


def style_of(event_type: str | None) -> TypeStyle:
    """The style of `event_type`; grey with a plain pin for a type the taxonomy does not have."""
    known = type_styles().get(event_type or "")
    return known or TypeStyle(event_type or "", OTHER[0], SWATCH[OTHER[0]], OTHER[1])


def precision_words(geo_precision: int | None) -> str:
    """What an event's geo precision (1-3) means, in words; "" when it has none."""
    return PRECISION_WORDS.get(geo_precision or 0, "")
