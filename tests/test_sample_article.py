"""Golden expectations on the article the project started from (full gazetteer)."""
import re

import pytest

from geo.geometry import great_circle_km
from geo.pipeline import parse

# name in the text -> (lat, lon, tolerance km, why)
EXPECTED = {
    "Kyiv": (50.45, 30.52, 10, "Ukraine's capital, the city itself"),
    "Chernobyl nuclear power plant": (51.389, 30.099, 5, "the plant, not the town of Chornobyl"),
    "Crimea": (45.3, 34.4, 120, "the peninsula"),
    "Belarus": (53.7, 27.9, 200, "the country"),
    "Dneiper River": (50.45, 30.52, 15, "the bridge across the Dnieper in Kyiv: where river meets city"),
    "Polish border": (50.5, 23.5, 250, "the Poland-Ukraine border, west of Lviv"),
    "Moscow": (55.75, 37.62, 10, "the city"),
    "Ukraine": (49.0, 32.0, 200, "the country"),
}
# (text that must not become a place, why)
FALSE_HITS = [
    ("Putin", "a person"), ("Lavrov", "a person"), ("Zelenskyy", "a person"), ("Xi", "a person"),
    ("Biden", "a person"), ("Johnson", "a person"), ("Peskov", "a person"),
    ("NATO", "an organisation"), ("European Union", "an organisation"),
    ("Council of Europe", "an organisation"), ("Cold War", "an era"),
    ("World War II", "an event"), ("Sporting", "a common word at a sentence start"),
    ("Friday", "a weekday"), ("Ukrainian", "a demonym"), ("Russian", "a demonym"),
    ("Western", "an adjective"), ("Kremlin", "the Russian government, metonymically"),
]


@pytest.fixture(scope="module")
def article(full_gaz, sample_text):
    return parse(sample_text, "2022-02-25", gazetteer=full_gaz)


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_expected_places(article, text):
    lat, lon, tol, why = EXPECTED[text]
    found = [p for p in article.places if p.text == text]
    assert found, f"{text} not found ({why})"
    for p in found:
        d = great_circle_km(p.lat, p.lon, lat, lon)
        assert d <= tol, f"{text} -> {p.name} {p.country} is {d:.0f} km off ({why})"


@pytest.mark.parametrize("text,why", FALSE_HITS)
def test_false_hits_absent(article, sample_text, text, why):
    spans = [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(text)}\b", sample_text)]
    assert spans, f"{text!r} is not in the sample"
    for p in article.places:
        for s, e in spans:
            overlaps = p.start < e and s < p.end
            # a longer real name that contains the word is fine ('Russian Federation')
            assert not overlaps or (len(p.text) > e - s and text not in ("NATO", "European Union")), \
                f"{p.text} at {p.start} is a false hit: {text} is {why}"


def test_every_place_is_well_formed(article, sample_text):
    assert article.published.isoformat() == "2022-02-25"
    for p in article.places:
        assert sample_text[p.start:p.end] == p.text
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180 and 0 <= p.score <= 1
        assert p.kind and p.id and (p.country or p.kind in ("continent", "sea"))


def test_donbas_republics_are_located_in_the_donbas(article):
    for p in article.places:
        if "People's Republic" in p.text:
            assert 47 < p.lat < 50 and 37 < p.lon < 40.5, p
