"""Ingestion of every format from real files the tests make, and of bad inputs."""
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from geo.intake import ingest
from geo.intake.ingest import Document, Failure, read_bytes, read_path

REPORT = "Shelling hit Kharkiv on Friday, killing 3 civilians, officials said."


def make_pdf(text: str) -> bytes:
    """A real one-page PDF with `text` in Helvetica, offsets and xref computed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def only(items):
    (item,) = list(items)
    return item


def test_txt_md_and_encodings():
    assert only(read_bytes(REPORT.encode(), "a.txt")).text == REPORT
    assert only(read_bytes(("# Title\n\n" + REPORT).encode("utf-8-sig"), "a.md")).text.startswith("# Title")
    legacy = "Café strikes in Kyiv “quoted”".encode("cp1252")
    assert only(read_bytes(legacy, "old.txt")).text == "Café strikes in Kyiv “quoted”"
    cyrillic = "Київ обстріляли у пятницю, загинули троє людей.".encode("cp1251")
    assert "обстріляли" in only(read_bytes(cyrillic, "ua.txt")).text


def test_html_keeps_the_article_and_drops_scripts_and_boilerplate():
    html = (b"<html><head><title>Kharkiv shelled</title><script>alert('x')</script></head><body>"
            b"<nav>Home | World | Sport</nav><article><h1>Kharkiv shelled</h1><p>" + REPORT.encode() +
            b" The strikes continued overnight across the city.</p><p>Residents sheltered in the metro"
            b" as sirens sounded again.</p></article><script>document.cookie</script>"
            b"<footer>Copyright</footer></body></html>")
    doc = only(read_bytes(html, "page.html"))
    assert "Shelling hit Kharkiv" in doc.text and doc.title == "Kharkiv shelled"
    assert "alert" not in doc.text and "document.cookie" not in doc.text and "<" not in doc.text


def test_pdf_docx_and_their_failures():
    assert "Shelling hit Kharkiv" in only(read_bytes(make_pdf(REPORT), "r.pdf")).text
    fail = only(read_bytes(make_pdf(REPORT)[:120], "cut.pdf"))
    assert isinstance(fail, Failure) and "PDF" in fail.reason
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(REPORT))))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    assert "password" in only(read_bytes(locked.getvalue(), "locked.pdf")).reason

    import docx

    d = docx.Document()
    d.core_properties.title = "Kharkiv report"
    d.add_paragraph(REPORT)
    buf = io.BytesIO()
    d.save(buf)
    doc = only(read_bytes(buf.getvalue(), "r.docx"))
    assert doc.text == REPORT and doc.title == "Kharkiv report"
    assert "corrupt" in only(read_bytes(b"PK\x03\x04 not really", "bad.docx")).reason


def test_records_in_json_jsonl_and_csv():
    rec = '{"text": "%s", "title": "T", "url": "https://e.com/a", "published": "2022-02-26"}' % REPORT
    doc = only(read_bytes(rec.encode(), "one.json"))
    assert (doc.title, doc.url, doc.published.isoformat()) == ("T", "https://e.com/a", "2022-02-26")
    items = list(read_bytes((rec + "\n{bad\n" + '{"title": "no text"}\n').encode(), "feed.jsonl"))
    assert isinstance(items[0], Document) and [type(i) for i in items[1:]] == [Failure, Failure]
    # JSON allows a raw U+2028 inside a string (the LGL corpus has one): one record, not two
    raw = json.dumps({"text": "Shelling hit Kharkiv.\u2028Residents fled."}, ensure_ascii=False)
    assert "\u2028" in raw
    assert only(read_bytes((raw + "\r\n").encode(), "u2028.jsonl")).text.startswith("Shelling hit")
    rows = list(read_bytes(f'text,source\n"{REPORT}",Reuters\n'.encode(), "t.csv"))
    assert rows[0].source == "Reuters"
    assert "'text' column" in only(read_bytes(b"a,b\n1,2\n", "x.csv")).reason


def test_zip_of_formats_and_zip_bombs(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", REPORT)
        z.writestr("b.pdf", make_pdf(REPORT))
        z.writestr("notes.exe", b"MZ")
        z.writestr("bomb.txt", b"0" * 3_000_000)  # compresses about 1000:1
    items = list(read_bytes(buf.getvalue(), "batch.zip"))
    docs = [i for i in items if isinstance(i, Document)]
    fails = {i.name.split("/")[-1]: i.reason for i in items if isinstance(i, Failure)}
    assert len(docs) == 2 and "zip bomb" in fails["bomb.txt"] and "unsupported" in fails["notes.exe"]
    monkeypatch.setattr(ingest, "MAX_ZIP_UNPACKED", 1000)
    assert "unpacks to" in only(read_bytes(buf.getvalue(), "batch.zip")).reason
    assert "corrupt zip" in only(read_bytes(b"PK\x03\x04garbage", "x.zip")).reason


@pytest.mark.parametrize("data,name,reason", [
    (b"", "empty.txt", "empty"), (b"   \n ", "blank.txt", "empty"),
    (b"\x00\x01\x02binary", "bin.txt", "binary"), (b"x", "photo.png", "unsupported"),
])
def test_bad_inputs_get_one_line_reasons(data, name, reason):
    fail = only(read_bytes(data, name))
    assert isinstance(fail, Failure) and reason in fail.reason and "\n" not in fail.reason


def test_oversized_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text(REPORT)
    assert "limit" in only(read_path(path)).reason
    assert "cannot read" in only(read_path(tmp_path / "missing.txt")).reason


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _reasons(items) -> dict[str, str]:
    return {i.name: i.reason for i in items if isinstance(i, Failure)}


def test_a_bad_csv_row_costs_that_row_only():
    long_text = "Shelling hit Kharkiv. " * 7000  # 154,000 characters: over the csv module's field limit
    data = (f'text,title\n"{REPORT}",first\n"{long_text}",long\nbare\rreturn,cr\n'
            f'"{REPORT} Again.",last\n').encode()
    items = list(read_bytes(data, "wire.csv"))
    texts = [i.text for i in items if isinstance(i, Document)]
    assert REPORT in texts and f"{REPORT} Again." in texts and "return" in texts
    (name, reason), = _reasons(items).items()
    assert name == "wire.csv:3" and "field limit" in reason and ".jsonl" in reason


def test_deep_json_is_a_failure_not_a_crash():
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "nested too deeply" in only(read_bytes(deep, "deep.json")).reason
    items = list(read_bytes(deep + b"\n" + json.dumps({"text": REPORT}).encode(), "deep.jsonl"))
    assert "nested too deeply" in items[0].reason and items[1].text == REPORT


def test_a_corrupt_zip_member_costs_that_member():
    data = bytearray(_zip({"a.txt": REPORT.encode() * 50, "b.txt": REPORT.encode()}))
    start = data.index(b"a.txt") + len("a.txt")  # the first member's deflated bytes
    data[start + 5:start + 40] = b"\xff" * 35
    items = list(read_bytes(bytes(data), "wire.zip"))
    assert [i.text for i in items if isinstance(i, Document)] == [REPORT]
    assert "cannot unpack" in _reasons(items)["wire.zip/a.txt"]


def test_pdf_library_errors_are_one_line_failures():
    stream = f"BT /F1 12 Tf 72 720 Td ({REPORT}) Tj ET".encode("latin-1")
    for bad_filter in (b"/Foo", b"/JBIG2Decode"):  # NotImplementedError, DependencyError
        pdf = make_pdf(REPORT).replace(b"<< /Length %d >>" % len(stream),
                                       b"<< /Length %d /Filter %s >>" % (len(stream), bad_filter))
        fail = only(read_bytes(pdf, "odd.pdf"))
        assert "PDF" in fail.reason and "\n" not in fail.reason


def test_docx_bomb_is_refused_before_unpacking():
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:p>" + b" " * 30_000_000}
    fail = only(read_bytes(_zip(parts), "bomb.docx"))
    assert "unpack to 30,000," in fail.reason and "refused" in fail.reason


def test_a_zip_of_many_near_limit_members_is_one_refusal():
    data = _zip({f"m{i}.txt": b"a" * 990_000 for i in range(40)})
    fail = only(read_bytes(data, "many.zip"))
    assert fail.name == "many.zip" and "compression ratio" in fail.reason


def test_nested_zips_share_one_budget(monkeypatch):
    # each member stays under the per-member checks (60 KB, 160:1); at a ratio limit of 50 the
    # zips together are a bomb, though each inner zip alone is within every limit
    monkeypatch.setattr(ingest, "MAX_ZIP_RATIO", 50)
    inner = _zip({f"{i}.txt": REPORT.encode() * 900 for i in range(60)})
    outer = _zip({f"inner{i}.zip": inner for i in range(30)}, method=zipfile.ZIP_STORED)
    items = list(read_bytes(outer, "outer.zip"))
    unpacked = sum(len(i.text) for i in items if isinstance(i, Document))
    assert unpacked <= ingest.MAX_ZIP_RATIO * len(outer)
    assert any("may still unpack" in i.reason for i in items if isinstance(i, Failure))


def test_huge_html_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_HTML_BYTES", 1000)
    page = f"<html><body><p>{REPORT}</p>{'<p>filler</p>' * 200}</body></html>".encode()
    assert "HTML page of" in only(read_bytes(page, "big.html")).reason


def test_a_folder_is_read_without_leaving_it_and_names_what_it_skips(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Shelling hit Kyiv on Friday, a secret file outside the folder said.")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(REPORT)
    (folder / "sub" / "b.txt").write_text(REPORT + " Again.")
    (folder / "out.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "up").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    items = list(read_path(folder))
    texts = sorted(i.text for i in items if isinstance(i, Document))
    assert texts == [REPORT, REPORT, REPORT + " Again."]  # a.txt, the link to it, sub/b.txt
    reasons = {Path(i.name).name: i.reason for i in items if isinstance(i, Failure)}
    assert set(reasons) == {"out.txt", "gone.txt", "up", "pipe.txt"}
    assert "outside the folder" in reasons["out.txt"] and "dangling" in reasons["gone.txt"]
    assert "not followed" in reasons["up"] and "not a regular file" in reasons["pipe.txt"]


def test_ingest_prints_file_names_with_control_characters_escaped(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt\n[2] forged.txt: new: 9 events").write_text(REPORT)
    (folder / "\x1b[2Jclear.exe").write_text("MZ")
    proc = subprocess.run([sys.executable, "-m", "geo", "ingest", str(folder), "--db", str(tmp_path / "p.db")],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=300)
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith(("[1] ", "[2] ")) for line in lines), lines
    assert any("x.txt\\n[2] forged.txt" in line for line in lines)
    assert "\x1b" not in proc.stderr + proc.stdout and "\\x1b[2Jclear.exe" in proc.stdout
    assert proc.returncode == 1


UTF16_REPORT = ("Floodwaters cut the road from Sukkur to Larkana on Tuesday, officials said.\n"
                "“Naïve” hopes of a quick repair faded.")


@pytest.mark.parametrize("encoding,bom", [
    ("utf-16", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),  # Notepad's "Unicode"
    ("utf-32", b""),                                                         # its codec writes a mark
    ("utf-16-le", b""), ("utf-16-be", b""),                                  # no mark: told by NULs
])
def test_utf16_and_utf32_text_files_are_read_with_or_without_a_byte_order_mark(encoding, bom):
    data = bom + UTF16_REPORT.replace("\n", "\r\n").encode(encoding)
    doc = only(read_bytes(data, "notepad.txt"))
    assert isinstance(doc, Document) and doc.text == UTF16_REPORT


def test_binary_with_a_utf16_like_share_of_nul_bytes_is_still_refused():
    # NULs on both byte positions: not text in any UTF-16 form
    data = bytes([0, 0, 7, 0, 0, 3, 1, 0] * 64)
    assert "binary" in only(read_bytes(data, "blob.txt")).reason
