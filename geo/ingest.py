"""Getting articles in: files of every common format become `Document`s, safely.

`read_path(path)` yields one `Document` or one `Failure` (with a one-line reason) per article
found in a file: .txt/.md, .html/.htm (main text and metadata by trafilatura; scripts never
survive), .pdf, .docx, .json/.jsonl/.csv records ({text[, title, url, published, source]}) and
.zip archives of these. Limits guard against huge files and zip bombs; nothing here runs or
keeps markup from the input.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MAX_FILE_BYTES = 50 * 1024 * 1024       # one input file
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024    # all members together
MAX_ZIP_RATIO = 200                     # unpacked/packed size of one member: more is a bomb
MAX_TEXT_CHARS = 2_000_000              # one article (geo.pipeline refuses more)
FORMATS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonl", ".csv", ".zip")


@dataclass(frozen=True, slots=True)
class Document:
    """One article as found in a file, before parsing."""

    text: str
    name: str                      # where it came from: 'file.zip/a.txt', 'feed.jsonl#3'
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that yields no article, and why, in one line."""

    name: str
    reason: str


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


# byte-order marks, longest first (UTF-32's LE mark begins with UTF-16's)
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, name: str) -> str:
    """Bytes -> text, detecting the encoding; binary data is refused with a reason.

    >>> decode("Kyiv".encode("utf-16"), "a.txt")
    'Kyiv'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ValueError(f"undecodable bytes: marked {codec} but not valid {codec}") from exc
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ValueError("binary data, not text")
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in data if b > 127)
    if high <= len(data) // 10:
        # mostly ASCII with a few accented letters or curly quotes: English text in the
        # Windows-1252 encoding; detectors guess poorly on so little evidence
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: not text in any known encoding")
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark, told by its NUL bytes: English text has a
    NUL in (nearly) every second byte, on the odd bytes when little-endian, on the even ones
    when big-endian; binary data has NULs scattered on both. None when it is not that."""
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return None
    even_nul, odd_nul = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    for codec, many, few in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if many >= pairs * 0.6 and few == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            # decoded, it must read as text: no control characters but line breaks and tabs
            if not any(ord(c) < 32 and c not in "\n\r\t\f" for c in text[:4096]):
                return text
    return None


def _text_doc(text: str, name: str, **meta) -> Document | Failure:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return Failure(name, "empty: no text")
    if len(text) > MAX_TEXT_CHARS:
        return Failure(name, f"too long: {len(text):,} characters (limit {MAX_TEXT_CHARS:,}); split it")
    return Document(text, name, **meta)


def _from_html(data: bytes, name: str) -> Iterator[Document | Failure]:
    import trafilatura

    html = decode(data, name)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_recall=True)
    if doc is None or not (doc.text or "").strip():
        yield Failure(name, "no article text found in the HTML")
        return
    yield _text_doc(doc.text, name, title=doc.title, url=doc.url, published=_date(doc.date),
                    source=doc.sitename)


def _from_pdf(data: bytes, name: str) -> Iterator[Document | Failure]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            yield Failure(name, "password-protected PDF: save an unprotected copy")
            return
        text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        yield Failure(name, f"corrupt or truncated PDF ({exc.__class__.__name__})")
        return
    published = None
    raw = info.get("/CreationDate") if info else None
    if raw and str(raw).startswith("D:") and len(str(raw)) >= 10:
        published = _date(f"{str(raw)[2:6]}-{str(raw)[6:8]}-{str(raw)[8:10]}")
    yield _text_doc(text, name, title=(info.get("/Title") if info else None) or None,
                    published=published)


def _from_docx(data: bytes, name: str) -> Iterator[Document | Failure]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        yield Failure(name, f"corrupt .docx ({exc.__class__.__name__})")
        return
    props = document.core_properties
    text = "\n\n".join(p.text for p in document.paragraphs)
    yield _text_doc(text, name, title=props.title or None, published=_date(props.created))


def _record(rec, name: str) -> Document | Failure:
    if not isinstance(rec, dict):
        return Failure(name, "a record must be an object with a 'text' field")
    text = rec.get("text")
    if not isinstance(text, str):
        return Failure(name, "record without a 'text' string")
    return _text_doc(text, name, title=rec.get("title") or None, url=rec.get("url") or None,
                     published=_date(rec.get("published")), source=rec.get("source") or None)


def _from_json(data: bytes, name: str) -> Iterator[Document | Failure]:
    try:
        value = json.loads(decode(data, name))
    except json.JSONDecodeError as exc:
        yield Failure(name, f"invalid JSON at line {exc.lineno}: {exc.msg}")
        return
    records = value if isinstance(value, list) else [value]
    for i, rec in enumerate(records, 1):
        yield _record(rec, f"{name}#{i}" if len(records) > 1 else name)


def _from_jsonl(data: bytes, name: str) -> Iterator[Document | Failure]:
    # split on '\n' only: JSON strings may hold U+2028 or U+0085 raw, which splitlines() breaks on
    for i, line in enumerate(decode(data, name).split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield _record(json.loads(line), f"{name}#{i}")
        except json.JSONDecodeError as exc:
            yield Failure(f"{name}#{i}", f"invalid JSON: {exc.msg}")


def _from_csv(data: bytes, name: str) -> Iterator[Document | Failure]:
    reader = csv.DictReader(io.StringIO(decode(data, name)))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Failure(name, "CSV needs a 'text' column (optional: title, url, published, source)")
        return
    for i, row in enumerate(reader, 2):
        yield _record(row, f"{name}:{i}")


def _from_zip(data: bytes, name: str, depth: int) -> Iterator[Document | Failure]:
    if depth > 1:
        yield Failure(name, "zip inside a zip inside a zip: unpack it first")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        yield Failure(name, "corrupt zip archive")
        return
    if len(members) > MAX_ZIP_MEMBERS:
        yield Failure(name, f"zip with {len(members):,} files (limit {MAX_ZIP_MEMBERS:,})")
        return
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_UNPACKED:
        yield Failure(name, f"zip unpacks to {total:,} bytes (limit {MAX_ZIP_UNPACKED:,}): refused")
        return
    for m in members:
        inner = f"{name}/{m.filename}"
        if m.compress_size and m.file_size / m.compress_size > MAX_ZIP_RATIO and m.file_size > 1_000_000:
            yield Failure(inner, "compression ratio of a zip bomb: refused")
            continue
        if Path(m.filename).suffix.lower() not in FORMATS:
            yield Failure(inner, f"unsupported format {Path(m.filename).suffix or '(none)'}")
            continue
        try:
            with archive.open(m) as fh:
                content = fh.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
            yield Failure(inner, f"cannot unpack ({exc.__class__.__name__}; encrypted or corrupt)")
            continue
        yield from read_bytes(content, inner, depth=depth + 1)


def _from_text(data: bytes, name: str) -> Iterator[Document | Failure]:
    yield _text_doc(decode(data, name), name)


# file extension -> reader (zip archives are read by _from_zip, which recurses through these)
_READERS = {"": _from_text, ".txt": _from_text, ".md": _from_text, ".html": _from_html,
            ".htm": _from_html, ".pdf": _from_pdf, ".docx": _from_docx, ".json": _from_json,
            ".jsonl": _from_jsonl, ".csv": _from_csv}


def read_bytes(data: bytes, name: str, *, depth: int = 0) -> Iterator[Document | Failure]:
    """Documents in a file's bytes, chosen by the file name's extension."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        yield Failure(name, f"file of {len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit")
        return
    if not data.strip():
        yield Failure(name, "empty file")
        return
    try:
        if suffix == ".zip":
            yield from _from_zip(data, name, depth)
        elif suffix in _READERS:
            yield from _READERS[suffix](data, name)
        else:
            yield Failure(name, f"unsupported format {suffix}; use one of {', '.join(FORMATS)}")
    except ValueError as exc:  # decode() refusals
        yield Failure(name, str(exc))


def read_path(path: str | Path) -> Iterator[Document | Failure]:
    """Documents in a file, or in every supported file of a folder (sorted, recursively)."""
    path = Path(path)
    if path.is_dir():
        for p in sorted(q for q in path.rglob("*") if q.is_file()):
            yield from read_path(p)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Failure(str(path), f"file of {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror}")
        return
    yield from read_bytes(data, str(path))
