"""Fuzzing the two doors hostile input comes through (hypothesis, bounded to seconds):
`geo parse` lines and `read_bytes` on mutated files of every format. Every line gets one
answer in valid UTF-8 JSON, and nothing but a GeoError (an error line, a Failure) comes out."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest import REPORT, make_pdf

from geo import cli
from geo.errors import GeoError
from geo.intake.ingest import Document, Failure, read_bytes
from geo.pipeline import parse

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
WORDS = st.sampled_from(["Shelling hit", "Kyiv", "Kharkiv", "yesterday", "1000000 days ago", "on Friday",
                         "last month", "killing 3", "in", "Al-`Ula", "${x}", "</script>", ",", ".", "\n"])
CHARS = st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
TEXTS = st.one_of(st.lists(st.one_of(WORDS, CHARS), max_size=30).map(" ".join), st.text(max_size=80))
DATES = st.one_of(st.none(), st.dates().map(dt.date.isoformat), st.sampled_from(
    ["0001-01-01", "9999-12-31", "2022-02-30", "", "yesterday"]), st.integers(), st.floats())
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=12)
RECORDS = st.fixed_dictionaries({"id": JSON, "text": st.one_of(TEXTS, JSON)}, optional={
    "published": DATES, "spans": st.lists(st.lists(st.integers(-5, 90), min_size=1, max_size=3), max_size=4)})
LINES = st.one_of(
    RECORDS.map(lambda r: json.dumps(r).encode()),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60),
    st.integers(1, 3000).map(lambda n: b"[" * n * 20),
    st.just(b'{"id": 1e999, "text": NaN}'),
)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Flip, cut and insert bytes at positions drawn by hypothesis."""
    out = bytearray(data)
    for where, kind, junk in edits:
        i = where % (len(out) + 1)
        if kind == 0 and i < len(out):
            out[i] ^= 0xFF
        elif kind == 1:
            del out[i:i + len(junk) * 50]
        else:
            out[i:i] = junk
    return bytes(out)


@FUZZ
@given(lines=st.lists(LINES, min_size=1, max_size=4))
def test_every_geo_parse_line_is_answered_in_utf8_json(small_gaz, tmp_path, monkeypatch, lines):
    monkeypatch.setattr(cli, "load", lambda settings: small_gaz)
    path = tmp_path / "in.jsonl"
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n"
    path.write_bytes(data)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", write_through=True)
    cli.cmd_parse(argparse.Namespace(files=[str(path)], strict=False), out=out)
    answers = raw.getvalue().decode("utf-8").splitlines()  # strict: valid UTF-8 or this fails
    asked = [line for line in data.split(b"\n") if line.decode("utf-8", "replace").strip()]
    assert len(answers) == len(asked)
    for answer in answers:
        record = json.loads(answer)
        assert not str(record.get("error", "")).startswith("internal error"), record


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _seeds() -> dict[str, bytes]:
    record = {"text": REPORT, "title": "Kharkiv", "published": "2022-02-25"}
    seeds = {
        "a.txt": REPORT.encode(), "a.md": f"# Kharkiv\n\n{REPORT}".encode("utf-16"),
        "a.html": f"<html><head><title>t</title></head><body><article><p>{REPORT}</p></article></body></html>".encode(),
        "a.pdf": make_pdf(REPORT), "a.docx": _docx(REPORT), "a.json": json.dumps([record, record]).encode(),
        "a.jsonl": (json.dumps(record) + "\n" + json.dumps(record)).encode(),
        "a.csv": f'text,title,published\n"{REPORT}",Kharkiv,2022-02-25\n'.encode(),
    }
    seeds["a.zip"] = _zip({name: data for name, data in seeds.items()})
    seeds["nested.zip"] = _zip({"inner.zip": seeds["a.zip"], "b.txt": REPORT.encode()})
    return seeds


SEEDS = _seeds()


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 2), st.binary(min_size=1, max_size=8)),
                      max_size=4))
def test_mutated_files_give_documents_or_failures_only(small_gaz, name, edits):
    data = _mutate(SEEDS[name], edits)
    for item in read_bytes(data, name):
        assert isinstance(item, (Document, Failure))
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
            continue
        try:
            parse(item.text, item.published, gazetteer=small_gaz)
        except GeoError:
            pass


@FUZZ
@given(text=TEXTS, published=DATES)
def test_the_python_api_raises_only_geo_errors(small_gaz, text, published):
    try:
        parse(text, published, gazetteer=small_gaz)
    except GeoError:
        pass
