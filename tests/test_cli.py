"""`python -m geo parse` end to end: the JSON Lines contract the benchmarks rely on."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACE_KEYS = {"start", "end", "text", "name", "lat", "lon", "country", "admin1", "kind", "geonameid",
              "score"}


def run(lines, *args):
    proc = subprocess.run([sys.executable, "-m", "geo", "parse", *args], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    return proc, [json.loads(line) for line in proc.stdout.splitlines()]


def test_parse_protocol_end_to_end_with_a_bad_line():
    text = "Explosions shook Kyiv. Later, troops crossed into Belarus."
    proc, out = run([
        json.dumps({"id": "a", "text": text}),
        "{this is not json",
        json.dumps({"id": "b", "text": text, "spans": [[17, 21]]}),
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": text, "published": "25/02/2022"}),
    ])
    assert proc.returncode == 0
    assert [o.get("id") for o in out] == ["a", None, "b", "c", "d"]
    a = out[0]
    assert [p["text"] for p in a["places"]] == ["Kyiv", "Belarus"]
    assert all(PLACE_KEYS <= set(p) for p in a["places"])
    assert "error" in out[1] and "not valid JSON" in out[1]["error"]
    assert [(p["start"], p["end"], p["name"]) for p in out[2]["places"]] == [(17, 21, "Kyiv")]
    assert out[3]["error"] == "missing or non-string 'text'"
    assert "YYYY-MM-DD" in out[4]["error"]
    assert "input line 2" in proc.stderr and "input line 4" in proc.stderr


def test_strict_mode_exits_non_zero_on_bad_input():
    proc, out = run(["[1, 2]"], "--strict")
    assert proc.returncode == 1 and out == [{"id": None, "error": out[0]["error"]}]


def test_out_of_range_span_is_an_error_line_not_a_crash():
    proc, out = run([json.dumps({"id": "x", "text": "Kyiv", "spans": [[0, 99]]})])
    assert proc.returncode == 0 and "not inside the text" in out[0]["error"]


EVENT_KEYS = {"type", "subtype", "date", "date_precision", "place", "lat", "lon", "geo_precision",
              "fatalities", "actors", "trigger", "sentence", "start", "end", "score"}


def test_events_in_the_protocol_use_the_published_date():
    text = "On Friday, shelling hit Kharkiv, killing 3 civilians."
    proc, out = run([json.dumps({"id": "e", "text": text, "published": "2022-02-26"})])
    (event,) = out[0]["events"]
    assert EVENT_KEYS <= set(event)
    assert (event["type"], event["subtype"], event["date"], event["place"], event["fatalities"]) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", "2022-02-25", "Kharkiv", 3)
    assert text[event["start"]:event["end"]] == event["sentence"]


def test_hostile_lines_each_get_a_valid_utf8_json_answer():
    """A lone surrogate, nesting deeper than the recursion limit, invalid UTF-8 and numbers JSON
    cannot write back: each line is answered, under a strict UTF-8 PYTHONIOENCODING too."""
    text = "Shelling hit Kyiv on Friday."
    lines = [json.dumps({"id": "surrogate", "text": text + " \ud800"}).encode(),
             b"[" * 100_000,
             b'{"id": [' * 5_000,
             b'{"id": "bytes", "text": "Shelling hit Kyiv \xff\xfe\xc3 on Friday."}',
             b'{"id": 1e999, "text": "x"}',
             b'{"id": NaN, "text": "x"}',
             json.dumps({"id": "last", "text": text}).encode()]
    for encoding in ("utf-8", "ascii"):
        proc = subprocess.run([sys.executable, "-m", "geo", "parse"], input=b"\n".join(lines) + b"\n",
                              capture_output=True, cwd=ROOT, timeout=300,
                              env={**os.environ, "PYTHONIOENCODING": encoding})
        out = [json.loads(line.decode("utf-8")) for line in proc.stdout.splitlines()]
        assert proc.returncode == 0 and len(out) == len(lines)
        assert [o.get("id") for o in out] == ["surrogate", None, None, "bytes", None, None, "last"]
        assert all("places" in out[i] for i in (0, 3, 6)) and all("error" in out[i] for i in (1, 2, 4, 5))


def test_an_internal_error_is_one_line_and_exit_1_without_strict(tmp_path, monkeypatch, small_gaz):
    import argparse
    import io

    from geo import cli

    def parse_record(line, gaz):
        if "boom" in line:
            raise RuntimeError("a bug")
        return {"id": json.loads(line)["id"], "places": []}

    monkeypatch.setattr(cli, "load", lambda settings: small_gaz)
    monkeypatch.setattr(cli, "parse_record", parse_record)
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "boom"}\n{"id": 2, "text": "fine"}\n')
    out = io.StringIO()
    rc = cli.cmd_parse(argparse.Namespace(files=[str(path)], strict=False), out=out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rc == 1 and answers[0]["id"] == 1 and "internal error" in answers[0]["error"]
    assert answers[1] == {"id": 2, "places": []}


def test_focus_on_the_command_line():
    text = "The council in Kent approved a new budget for road repairs on Tuesday."
    proc, out = run([json.dumps({"id": "k", "text": text})], "--focus", "GB")
    assert proc.returncode == 0
    assert [(p["text"], p["country"]) for p in out[0]["places"]] == [("Kent", "GB")]
    proc, out = run([json.dumps({"id": "k", "text": text})], "--focus", "XX")
    assert "two-letter code" in out[0]["error"]


def test_two_workers_answer_every_line_in_input_order_as_one_does(tmp_path):
    """Forty lines of real reports with bad lines among them: the forked workers' output is
    byte for byte that of one process, and the bad lines are named by their line numbers."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/samples").glob("*.txt"))]
    assert texts, "tests/data/samples/ holds the sample reports"
    lines = [json.dumps({"id": i, "text": texts[i % len(texts)], "published": "2022-03-01"})
             if i % 7 else "{not json" for i in range(40)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "geo", "parse", str(path), "--workers", n],
                           capture_output=True, text=True, cwd=ROOT, timeout=300) for n in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr
    out = [json.loads(line) for line in runs[1].stdout.splitlines()]
    assert [o.get("id") for o in out] == [i if i % 7 else None for i in range(40)]
    assert sum(len(o.get("events", [])) for o in out) > 20
    assert "input line 8:" in runs[1].stderr


def test_line_separators_inside_a_record_stay_escaped_so_one_record_is_one_line():
    """NEL (U+0085) and U+2028/U+2029 in an id or a text are legal raw in JSON, but end a line
    for str.splitlines and many JSON Lines readers: the answer escapes them."""
    text = "Shelling hit Kyiv\u2028on Friday.\x85Troops crossed into Belarus.\u2029"
    proc, _ = run([json.dumps({"id": "a\x85b", "text": text}, ensure_ascii=False)])
    assert proc.returncode == 0
    (line,) = proc.stdout.splitlines()
    answer = json.loads(line)
    assert answer["id"] == "a\x85b" and [p["text"] for p in answer["places"]] == ["Kyiv", "Belarus"]
