"""The focus hint: `parse(text, focus="GB")` leans names to a country where the story is
silent, never against what it says; no hint leans nowhere."""
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.intake.batch import ingest_paths
from geo.pipeline import parse, parse_spans
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent


def countries(text, gaz, **kw):
    return {p.text: p.country for p in parse(text, gazetteer=gaz, learned=False, **kw).places}


def test_a_silent_story_leans_to_the_focus_country(full_gaz):
    text = "The council in Durham approved a new budget for road repairs on Tuesday."
    assert countries(text, full_gaz)["Durham"] == "US"  # alone: the most prominent Durham
    assert countries(text, full_gaz, focus="GB")["Durham"] == "GB"  # the English city
    assert countries(text, full_gaz, focus="gb")["Durham"] == "GB"  # any case


def test_the_focus_never_overrides_what_the_story_says(full_gaz):
    text = "Students in Cambridge, Massachusetts, marched to the state house in Boston."
    assert countries(text, full_gaz, focus="GB")["Cambridge"] == "US"
    text = "Gondolas stopped in Venice as the lagoon flooded, Italian officials said in Rome."
    assert countries(text, full_gaz, focus="US")["Venice"] == "IT"


def test_no_focus_is_no_lean(full_gaz):
    text = "Roads near Richmond and Kingston were closed after the storm."
    plain = parse(text, gazetteer=full_gaz, learned=False)
    assert parse(text, gazetteer=full_gaz, learned=False, focus=None) == plain


def test_gold_spans_take_the_focus_too(full_gaz):
    text = "Fans in Perth cheered the result."
    start = text.index("Perth")
    place = parse_spans(text, [(start, start + 5)], gazetteer=full_gaz, focus="GB").places[0]
    assert place.country == "GB"


@pytest.mark.parametrize("bad", ["ZZ", "Britain", "", 44])
def test_an_unknown_focus_is_a_clear_error(full_gaz, bad):
    with pytest.raises(InputError, match="two-letter code"):
        parse("Talks resumed in Kent.", gazetteer=full_gaz, focus=bad)


DURHAM = "The council in Durham approved a new budget for road repairs on Tuesday."


def _durham_country(store):
    article = next(a for a in store.articles() if "Durham" in store.article_text(a.id))
    return next(p.country for p in store.places(article.id) if p.text == "Durham")


@pytest.mark.parametrize("focus,country", [("GB", "GB"), (None, "US")])
def test_ingest_leans_to_the_focus(tmp_path, focus, country):
    (tmp_path / "durham.txt").write_text(DURHAM, encoding="utf-8")
    store = Store(tmp_path / "focus.db")
    summary = ingest_paths([tmp_path / "durham.txt"], store, workers=1, focus=focus)
    assert summary.new == 1 and _durham_country(store) == country


def test_ingest_with_an_unknown_focus_stores_nothing(tmp_path):
    (tmp_path / "durham.txt").write_text(DURHAM, encoding="utf-8")
    store = Store(tmp_path / "focus.db")
    with pytest.raises(InputError, match="two-letter code"):
        ingest_paths([tmp_path / "durham.txt"], store, workers=1, focus="XX")
    assert store.articles() == []


def test_focus_on_the_ingest_command_line(tmp_path):
    (tmp_path / "durham.txt").write_text(DURHAM, encoding="utf-8")
    db = tmp_path / "cli.db"
    bad = subprocess.run([sys.executable, "-m", "geo", "ingest", str(tmp_path / "durham.txt"), "--focus", "XX",
                          "--db", str(db)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert bad.returncode == 2 and "two-letter code" in bad.stderr
    good = subprocess.run([sys.executable, "-m", "geo", "ingest", str(tmp_path / "durham.txt"), "--focus", "gb",
                           "--db", str(db), "--workers", "1"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert good.returncode == 0, good.stderr
    assert _durham_country(Store(db)) == "GB"
