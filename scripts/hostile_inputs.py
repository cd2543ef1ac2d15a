"""Issue 16's hostile inputs, made in a temporary folder and run through the real commands.

Checks each expectation and prints one line per check, then a summary (exit 1 if any failed):
a batch with bad articles stores every good one and names each bad one; `geo parse` answers
every line in valid UTF-8 JSON; the 1.1 MB .docx bomb, the 313 KB zip of 199 near-1 MB members
and a 55 KB zip of zips are refused in one line each under 500 MB of peak memory; HTML and text
at and over the limits; the backtick map draws in Chromium; 40 first opens of a new store at once
all succeed.

    .venv/bin/python scripts/hostile_inputs.py [--keep]

Peak memory is the maximum resident set of the `python -m geo` process, as GNU time
(/usr/bin/time, Debian package 'time') reports it.
"""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
PEAK_LIMIT_MB = 500
TIME = "/usr/bin/time"  # GNU time (Debian package 'time'): the child's peak resident memory
MARKERS = ".leaflet-marker-pane > .awesome-marker"  # the shadows are in another pane
REPORT = "Shelling hit Kharkiv on {day}, killing {n} civilians, officials said on Saturday."
RESULTS: list[tuple[bool, str]] = []


def check(ok: bool, what: str) -> None:
    RESULTS.append((ok, what))
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)


def run(args: list[str], stdin: bytes = b"", env: dict | None = None) -> tuple[int, bytes, bytes, float, float]:
    """(exit code, stdout, stderr, seconds, peak MB) of `python -m geo ...` as a child process.

    The peak is measured by /usr/bin/time: a child forked from this script would inherit this
    script's own peak (Linux keeps the high-water mark across exec)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak_kb:
        began = time.monotonic()
        proc = subprocess.run([TIME, "-f", "%M", "-o", peak_kb.name, sys.executable, "-m", "geo", *args],
                              cwd=ROOT, input=stdin, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        seconds = time.monotonic() - began
        out.seek(0)
        err.seek(0)
        peak = int(peak_kb.read().split()[-1]) / 1024
        return proc.returncode, out.read(), err.read(), seconds, peak


def _zip(members: dict[str, bytes], path: Path | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            z.writestr(name, data)
    if path:
        path.write_bytes(buf.getvalue())
    return buf.getvalue()


def _pdf(bad_filter: bytes, text: str) -> bytes:
    """The tests' one-page PDF with its content stream under a filter pypdf cannot decode."""
    from test_ingest import make_pdf

    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    return make_pdf(text).replace(b"<< /Length %d >>" % len(stream),
                                  b"<< /Length %d /Filter %s >>" % (len(stream), bad_filter))


def batch_with_bad_articles(tmp: Path) -> None:
    folder = tmp / "batch"
    folder.mkdir()
    good = [REPORT.format(day=d, n=n) for d, n in (("Friday", 3), ("Monday", 4), ("Tuesday", 5))]
    for i, text in enumerate(good):
        (folder / f"good{i}.txt").write_text(text)
    (folder / "overflow.txt").write_text("Shelling hit Kyiv 1000000 days ago.")  # stored: no date
    (folder / "year1.jsonl").write_text(json.dumps({"text": "Shelling hit Kyiv yesterday.",
                                                    "published": "0001-01-01"}) + "\n")
    (folder / "wire.csv").write_text(f'text\n"{"x " * 70_000}"\nfield\rwith a bare CR\n"{good[0]} Later."\n')
    (folder / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    member = bytearray(_zip({"a.txt": (good[1] + " ") * 40, "b.txt": good[2].encode() + b" Also."}))
    at = member.index(b"a.txt") + 10
    member[at:at + 30] = b"\xff" * 30
    (folder / "corrupt.zip").write_bytes(bytes(member))
    (folder / "filter.pdf").write_bytes(_pdf(b"/Foo", good[0]))
    (folder / "jbig2.pdf").write_bytes(_pdf(b"/JBIG2Decode", good[0]))
    (folder / "outside.txt").symlink_to("/etc/hostname")
    (folder / "dangling.txt").symlink_to(tmp / "nowhere.txt")
    (folder / "forged\n[99] x: new.txt").write_text(good[0] + " Forged name.")
    rc, out, err, seconds, peak = run(["ingest", str(folder), "--db", str(tmp / "batch.db")])
    printed = out.decode() + err.decode()
    with sqlite3.connect(tmp / "batch.db") as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
    expected_bad = ["wire.csv:2", "deep.json", "corrupt.zip/a.txt", "filter.pdf", "jbig2.pdf", "outside.txt",
                    "dangling.txt"]
    named = [b for b in expected_bad if f"{b}: " in printed]
    # good0-2, overflow, year1, csv rows 3 and 4 (a bare CR ends a row) and 5, corrupt.zip/b.txt, forged
    check(rc == 1 and stored == 10 and named == expected_bad and "forged\\n[99] x: new.txt" in printed,
          f"batch: {stored} of 10 good articles stored, {len(named)} of {len(expected_bad)} bad ones "
          f"named, exit {rc} ({seconds:.1f} s, peak {peak:.0f} MB)")


def stream(tmp: Path) -> None:
    lines = [json.dumps({"id": "surrogate", "text": "Shelling hit Kyiv \ud800 on Friday."}).encode(),
             b"[" * 100_000, b'{"id": [' * 50_000,
             b'{"id": "bytes", "text": "Shelling hit Kyiv \xff\xfe on Friday."}',
             b'{"id": 1e999, "text": "x"}', b'{"id": "nan", "text": NaN}',
             json.dumps({"id": "old", "text": "Shelling hit Kyiv yesterday.", "published": "0001-01-01"}).encode(),
             json.dumps({"id": "far", "text": "Shelling hit Kyiv 1000000 days ago.",
                         "published": "2022-02-25"}).encode(),
             json.dumps({"id": "last", "text": "Shelling hit Kyiv on Friday."}).encode()]
    for encoding in ("", "utf-8"):
        rc, out, err, seconds, peak = run(["parse"], b"\n".join(lines) + b"\n", {"PYTHONIOENCODING": encoding})
        try:
            answers = [json.loads(line) for line in out.decode("utf-8").splitlines()]
        except (UnicodeDecodeError, ValueError) as exc:
            check(False, f"stream (PYTHONIOENCODING={encoding or 'unset'}): output is not UTF-8 JSON ({exc})")
            continue
        internal = [a for a in answers if str(a.get("error", "")).startswith("internal")]
        check(len(answers) == len(lines) and not internal and rc == 0,
              f"stream (PYTHONIOENCODING={encoding or 'unset'}): {len(answers)} of {len(lines)} lines "
              f"answered in valid UTF-8 JSON, {len(internal)} internal errors, exit {rc}")


def _docx_bomb(path: Path, target: int = 1_100_000) -> None:
    """A .docx whose document.xml deflates ~1000:1, grown until the file is about `target` bytes."""
    para = b"<w:p><w:r><w:t>Shelling hit Kyiv on Friday.</w:t></w:r></w:p>"
    chunk = para * (1 << 16)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                          b'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                     b'wordprocessingml/2006/main"><w:body>')
            while z.fp.tell() < target - 20_000:  # the deflated bytes written so far
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")


def _docx_parts(paragraphs: bytes) -> dict[str, bytes]:
    """The parts of python-docx's empty document, with `paragraphs` in its body."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    head, tail = parts["word/document.xml"].split(b"<w:body>", 1)
    parts["word/document.xml"] = head + b"<w:body>" + paragraphs + tail
    return parts


def bombs(tmp: Path) -> None:
    docx = tmp / "bomb.docx"
    _docx_bomb(docx)
    many = tmp / "many.zip"
    _zip({f"m{i:03d}.txt": (("Kyiv " * 200_000)[:999_000]).encode() for i in range(199)}, many)
    inner = _zip({f"{i}.txt": b"Kyiv " * 200_000 for i in range(30)})
    nested = tmp / "nested.zip"
    _zip({f"inner{i}.zip": inner for i in range(40)}, nested)
    for path in (docx, many, nested):
        rc, out, err, seconds, peak = run(["ingest", str(path), "--db", str(tmp / "bombs.db")])
        failed = [line for line in out.decode().splitlines() if line.startswith("failed: ")]
        check(rc == 1 and peak < PEAK_LIMIT_MB and len(failed) >= 1,
              f"{path.name} ({path.stat().st_size / 1e3:,.0f} KB): {len(failed)} refusal line(s), peak "
              f"{peak:.0f} MB, {seconds:.1f} s: {failed[0][:110] if failed else out[-200:]!r}")


def long_inputs(tmp: Path) -> None:
    from geo.intake import ingest

    para = "<p>Shelling hit Kharkiv on day {i}, killing {n} civilians, officials said in Kyiv.</p>\n"
    for size in (1_000_000, ingest.MAX_HTML_BYTES - 10_000, 50_000_000):
        body, i = [], 0
        total = 0
        while total < size:
            line = para.format(i=i, n=i % 7)
            body.append(line)
            total += len(line)
            i += 1
        path = tmp / f"page{size // 1_000_000}mb.html"
        path.write_text(f"<html><head><title>t</title></head><body><article>{''.join(body)}</article></body></html>")
        rc, out, err, seconds, peak = run(["ingest", str(path), "--db", str(tmp / f"html{size}.db"),
                                           "--published", "2022-02-25"])
        check(peak < PEAK_LIMIT_MB, f"{path.name} ({path.stat().st_size / 1e6:.1f} MB HTML): exit {rc}, "
                                    f"{seconds:.1f} s, peak {peak:.0f} MB: {out.decode().splitlines()[0][:90]}")
    docx = tmp / "limit.docx"  # text parts just under MAX_DOCX_XML: the largest .docx accepted
    para = b"<w:p><w:r><w:t>Shelling hit Kharkiv on day %d, killing %d civilians.</w:t></w:r></w:p>"
    body = b"".join(para % (i, i % 7) for i in range(ingest.MAX_DOCX_XML // 100))
    _zip(_docx_parts(body), docx)
    rc, out, err, seconds, peak = run(["ingest", str(docx), "--db", str(tmp / "docx.db"), "--published", "2022-02-25"])
    check(peak < PEAK_LIMIT_MB, f"{docx.name} ({docx.stat().st_size / 1e6:.1f} MB .docx, "
                                f"{len(body) / 1e6:.1f} MB of XML): exit {rc}, {seconds:.1f} s, peak {peak:.0f} MB: "
                                f"{out.decode().splitlines()[-1][:90]}")
    text = tmp / "long.txt"
    sentence = "Shelling hit Kharkiv on day {i}, killing {n} civilians, officials said in Kyiv. "
    text.write_text("".join(sentence.format(i=i, n=i % 7) for i in range(ingest.MAX_TEXT_CHARS // 90)))
    rc, out, err, seconds, peak = run(["ingest", str(text), "--db", str(tmp / "long.db"), "--published", "2022-02-25"])
    check(peak < PEAK_LIMIT_MB, f"{text.name} ({text.stat().st_size / 1e6:.1f} MB text, at the limit): "
                                f"exit {rc}, {seconds:.1f} s, peak {peak:.0f} MB")


def backtick_map(tmp: Path) -> None:
    from geo.benchmarks.browser import missing, offline_page, serve_map
    from geo.maps.mapview import build_map
    from geo.pipeline import parse

    if missing():
        check(False, f"backtick map: not checked, {missing()}")
        return
    places = parse("Clashes in Al-Ula on Friday.", "2022-02-25").places
    external, errors = [], []
    html = build_map(places, offline_prefix="/vendor").get_root().render()
    try:
        with serve_map(html) as url, offline_page(external, errors) as page:
            page.goto(url)
            page.wait_for_selector(MARKERS, state="attached", timeout=30_000)
            markers = page.locator(MARKERS).count()
            page.locator(MARKERS).first.hover(force=True)
            tip = page.locator(".leaflet-tooltip").last.inner_text().strip()
    except Exception as exc:  # noqa: BLE001 - reported as the check's failure
        check(False, f"backtick map: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        return
    check(markers == 1 and tip == "Al-`Ula" and not errors and not external,
          f"backtick map: {[p.name for p in places]} drew {markers} marker, tooltip {tip!r}, "
          f"{len(errors)} page errors")


def first_opens(tmp: Path) -> None:
    db = tmp / "new.db"
    code = ("import sys, time; from geo.store import Store; "
            "time.sleep(max(0, float(sys.argv[2]) - time.time())); Store(sys.argv[1])")
    start = time.time() + 8
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(start)], cwd=ROOT,
                              stderr=subprocess.PIPE) for _ in range(40)]
    failed = [p for p in procs if p.communicate()[1] and p.returncode]
    check(not failed, f"40 concurrent first opens of a new store: {40 - len(failed)} succeeded")


def main() -> int:
    if not Path(TIME).is_file():
        print(f"{TIME} is missing: apt-get install time (it measures each child's peak memory)")
        return 2
    keep = "--keep" in sys.argv
    tmp = Path(tempfile.mkdtemp(prefix="newsmap-hostile-"))
    for step in (batch_with_bad_articles, stream, bombs, long_inputs, backtick_map, first_opens):
        folder = tmp / step.__name__
        folder.mkdir()
        step(folder)
    failed = [what for ok, what in RESULTS if not ok]
    print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed"
          + (f"; inputs kept in {tmp}" if keep else ""))
    if not keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
