"""Invariants under arbitrary input (hypothesis): never crash, offsets and coordinates valid."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import parse

WORDS = st.sampled_from(["Kyiv", "Kharkov", "Bucha", ",", "Kyiv region", "the", "Dneiper River", "in",
                         "İ", "ß", "U.S.", "La.", "Alexandria", "\n", "Of", "Paris", "—", "’s", "Police"])
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_parse_never_crashes_and_offsets_index_the_text(small_gaz, text):
    art = parse(text, gazetteer=small_gaz)
    for p in art.places:
        assert text[p.start:p.end] == p.text
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
        assert 0.0 <= p.score <= 1.0
    for u in art.unresolved:
        assert text[u.start:u.end] == u.text and u.reason
