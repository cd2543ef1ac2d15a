"""Getting articles in: files of every common format become `Document`s, safely.

`read_path(path)` yields one `Document` or one `Failure` (with a one-line reason) per article
found in a file: .txt/.md, .html/.htm (main text and metadata by trafilatura; scripts never
survive), .pdf, .docx, .json/.jsonl/.csv records ({text[, title, url, published, source]}) and
.zip archives of these. Limits guard against huge files and zip bombs; nothing here runs or
keeps markup from the input.

Limits hold before bytes are expanded: an archive's members (and a .docx's parts) are weighed
by their declared sizes, which zipfile never lets a member exceed, against one budget shared
by every archive nested in the input; a reader's failure costs its own file (or record), with
a one-line reason, never the rest of the input.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from geo.text.encodings import decode

MAX_FILE_BYTES = 50 * 1024 * 1024       # one input file
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024    # all members together, at every depth of nesting
MAX_ZIP_RATIO = 200                     # unpacked/packed size, of a member or a whole input: more is a bomb
RATIO_FLOOR = 64 * 1024                 # below this many unpacked bytes no ratio is a bomb
MAX_BOMB_MEMBERS = 3                    # more members at a bomb's ratio: the archive is one bomb
MAX_DOCX_XML = 16 * 1024 * 1024         # a .docx's XML parts together (python-docx holds them as trees)
MAX_HTML_BYTES = 5 * 1024 * 1024        # one HTML page: trafilatura keeps its tree, ~2-6 s per MB
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


def _text_doc(text: str, name: str, **meta) -> Document | Failure:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return Failure(name, "empty: no text")
    if len(text) > MAX_TEXT_CHARS:
        return Failure(name, f"too long: {len(text):,} characters (limit {MAX_TEXT_CHARS:,}); split it")
    return Document(text, name, **meta)


def _from_html(data: bytes, name: str) -> Iterator[Document | Failure]:
    import trafilatura  # lazy: each format's reader loads with its first file (~0.3 s)

    html = decode(data, name)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_recall=True)
    if isinstance(doc, dict):  # trafilatura's older dict form (as_dict=True): not asked for here
        raise TypeError("trafilatura.bare_extraction returned a dict: pin trafilatura as requirements.txt does")
    if doc is None or not (doc.text or "").strip():
        yield Failure(name, "no article text found in the HTML")
        return
    yield _text_doc(doc.text or "", name, title=doc.title, url=doc.url, published=_date(doc.date),
                    source=doc.sitename)


# what pypdf raises on a malformed file: its own errors, and builtins from code paths that a
# corrupt object tree reaches (an unimplemented filter, a None where a dictionary should be)
_PDF_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, NotImplementedError,
               RecursionError, ArithmeticError, zlib.error)


def _from_pdf(data: bytes, name: str) -> Iterator[Document | Failure]:
    from pypdf import PdfReader  # lazy: each format's reader loads with its first file
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            yield Failure(name, "password-protected PDF: save an unprotected copy")
            return
        text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
        info: dict = reader.metadata or {}
    except (PyPdfError, DependencyError, *_PDF_ERRORS) as exc:
        yield Failure(name, f"corrupt, truncated or unsupported PDF ({_brief(exc)})")
        return
    published = None
    raw = info.get("/CreationDate") if info else None
    if raw and str(raw).startswith("D:") and len(str(raw)) >= 10:
        published = _date(f"{str(raw)[2:6]}-{str(raw)[6:8]}-{str(raw)[8:10]}")
    yield _text_doc(text, name, title=(info.get("/Title") if info else None) or None,
                    published=published)


def _from_docx(data: bytes, name: str, budget: _Budget) -> Iterator[Document | Failure]:
    import docx  # lazy: each format's reader loads with its first file

    refusal = _docx_refusal(data, budget)
    if refusal:
        yield Failure(name, refusal)
        return
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        yield Failure(name, f"corrupt .docx ({exc.__class__.__name__})")
        return
    props = document.core_properties
    text = "\n\n".join(p.text for p in document.paragraphs)
    yield _text_doc(text, name, title=props.title or None, published=_date(props.created))


def _docx_refusal(data: bytes, budget: _Budget) -> str | None:
    """Why a .docx may not be opened, judged by its parts' declared sizes before python-docx
    unpacks a byte (zipfile stops any part at its declared size): None when it may."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        return f"corrupt .docx: not a zip package ({_brief(exc)})"
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML:
        return (f".docx whose text parts unpack to {xml:,} bytes (limit {MAX_DOCX_XML:,}): "
                f"refused; save it as .txt")
    bomb = next((p for p in parts if _is_bomb(p)), None)
    if bomb is not None:
        return f"compression ratio of a zip bomb in part {bomb.filename}: refused"
    return budget.take(sum(p.file_size for p in parts))


def _record(rec, name: str) -> Document | Failure:
    if not isinstance(rec, dict):
        return Failure(name, "a record must be an object with a 'text' field")
    text = rec.get("text")
    if not isinstance(text, str):
        return Failure(name, "record without a 'text' string")
    return _text_doc(text, name, title=rec.get("title") or None, url=rec.get("url") or None,
                     published=_date(rec.get("published")), source=rec.get("source") or None)


_TOO_DEEP = "JSON nested too deeply to read: records are flat objects"


def _from_json(data: bytes, name: str) -> Iterator[Document | Failure]:
    try:
        value = json.loads(decode(data, name))
    except json.JSONDecodeError as exc:
        yield Failure(name, f"invalid JSON at line {exc.lineno}: {exc.msg}")
        return
    except RecursionError:
        yield Failure(name, _TOO_DEEP)
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
        except RecursionError:
            yield Failure(f"{name}#{i}", _TOO_DEEP)


def _from_csv(data: bytes, name: str) -> Iterator[Document | Failure]:
    # newline="": a line break inside a field (quoted, or a bare CR) is the csv module's to read
    reader = csv.DictReader(io.StringIO(decode(data, name), newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        yield Failure(name, f"unreadable CSV header: {exc}")
        return
    if not fieldnames or "text" not in fieldnames:
        yield Failure(name, "CSV needs a 'text' column (optional: title, url, published, source)")
        return
    while True:  # a bad row costs that row: the reader goes on at the next line
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the bad line is not counted yet
            hint = "; put long texts in a .jsonl file" if "field limit" in str(exc) else ""
            yield Failure(f"{name}:{reader.line_num + 1}", f"unreadable CSV row: {exc}{hint}")
            continue
        yield _record(row, f"{name}:{reader.line_num}")  # the line a record ends on


class _Budget:
    """The bytes an input may still unpack, shared by every archive nested in it: at most
    MAX_ZIP_UNPACKED, and at most MAX_ZIP_RATIO times the input's own size (past RATIO_FLOOR)."""

    def __init__(self, packed: int) -> None:
        self.left = min(MAX_ZIP_UNPACKED, max(RATIO_FLOOR, MAX_ZIP_RATIO * packed))

    def take(self, size: int) -> str | None:
        """None if `size` more bytes may be unpacked (and takes them), else why not."""
        if size > self.left:
            return (f"unpacks to {size:,} bytes, over the {self.left:,} this input may still "
                    f"unpack (at most {MAX_ZIP_UNPACKED:,}, or {MAX_ZIP_RATIO}× its size): refused")
        self.left -= size
        return None


def _is_bomb(member: zipfile.ZipInfo) -> bool:
    return member.file_size > RATIO_FLOOR and member.file_size > MAX_ZIP_RATIO * max(1, member.compress_size)


def _from_zip(data: bytes, name: str, depth: int, budget: _Budget) -> Iterator[Document | Failure]:
    if depth > 1:
        yield Failure(name, "zip inside a zip inside a zip: unpack it first")
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        yield Failure(name, f"corrupt zip archive ({_brief(exc)})")
        return
    if len(members) > MAX_ZIP_MEMBERS:
        yield Failure(name, f"zip with {len(members):,} files (limit {MAX_ZIP_MEMBERS:,})")
        return
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_UNPACKED:
        yield Failure(name, f"zip unpacks to {total:,} bytes (limit {MAX_ZIP_UNPACKED:,}): refused")
        return
    bombs = [m for m in members if _is_bomb(m)]
    if len(bombs) > MAX_BOMB_MEMBERS:
        yield Failure(name, f"zip with {len(bombs):,} members at a zip bomb's compression ratio "
                            f"(over {MAX_ZIP_RATIO}:1): refused")
        return
    # the rest is weighed together before a byte is unpacked, against the budget it shares
    # with the archives around it and inside it
    refusal = budget.take(sum(m.file_size for m in members if not _is_bomb(m)))
    if refusal:
        yield Failure(name, f"zip {refusal}")
        return
    for m in members:
        inner = f"{name}/{m.filename}"
        if _is_bomb(m):
            yield Failure(inner, f"compression ratio of a zip bomb (over {MAX_ZIP_RATIO}:1): refused")
            continue
        if Path(m.filename).suffix.lower() not in FORMATS:
            yield Failure(inner, f"unsupported format {Path(m.filename).suffix or '(none)'}")
            continue
        try:
            with archive.open(m) as fh:  # stops at the declared size, which the budget paid for
                content = fh.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, ValueError, OSError, EOFError) as exc:
            yield Failure(inner, f"cannot unpack ({_brief(exc)}; encrypted or corrupt)")
            continue
        yield from read_bytes(content, inner, depth=depth + 1, _budget=budget)


def _from_text(data: bytes, name: str) -> Iterator[Document | Failure]:
    yield _text_doc(decode(data, name), name)


# file extension -> reader (zip archives are read by _from_zip, which recurses through these)
_READERS = {"": _from_text, ".txt": _from_text, ".md": _from_text, ".html": _from_html,
            ".htm": _from_html, ".pdf": _from_pdf, ".json": _from_json,
            ".jsonl": _from_jsonl, ".csv": _from_csv}


def _brief(exc: BaseException) -> str:
    """An exception in one line: its class, and its message cut short."""
    message = " ".join(str(exc).split())
    return f"{exc.__class__.__name__}: {message[:120]}" if message else exc.__class__.__name__


def read_bytes(data: bytes, name: str, *, depth: int = 0,
               _budget: _Budget | None = None) -> Iterator[Document | Failure]:
    """Documents in a file's bytes, chosen by the file name's extension."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        yield Failure(name, f"file of {len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit")
        return
    if not data.strip():
        yield Failure(name, "empty file")
        return
    budget = _budget or _Budget(len(data))
    try:
        if suffix == ".zip":
            yield from _from_zip(data, name, depth, budget)
        elif suffix == ".docx":
            yield from _from_docx(data, name, budget)
        elif suffix in (".html", ".htm") and len(data) > MAX_HTML_BYTES:
            yield Failure(name, f"HTML page of {len(data):,} bytes (limit {MAX_HTML_BYTES:,}): "
                                f"save its article text as .txt")
        elif suffix in _READERS:
            yield from _READERS[suffix](data, name)
        else:
            yield Failure(name, f"unsupported format {suffix}; use one of {', '.join(FORMATS)}")
    except ValueError as exc:  # decode() refusals
        yield Failure(name, str(exc))
    except RecursionError:  # lxml or json on markup nested thousands deep
        yield Failure(name, "nested too deeply to read")


def read_path(path: str | Path) -> Iterator[Document | Failure]:
    """Documents in a file, or in every file of a folder (sorted, recursively). A folder's
    reading stays inside it: a link out of it, a dangling link, a linked folder and anything
    that is not a regular file are each named as skipped, with why."""
    path = Path(path)
    if path.is_dir():
        for entry, skipped in _folder_entries(path):
            if skipped:
                yield Failure(str(entry), skipped)
            else:
                yield from _read_file(entry, follow_links=entry.is_symlink())
        return
    yield from _read_file(path, follow_links=True)  # a link named by the user is followed


def _folder_entries(folder: Path) -> list[tuple[Path, str | None]]:
    """(entry, why it is skipped or None) for everything under `folder`, sorted by path."""
    root = folder.resolve()
    out: list[tuple[Path, str | None]] = []
    for top, dirs, files in os.walk(folder):  # followlinks=False: linked folders are not entered
        for name in dirs:
            if (Path(top) / name).is_symlink():
                out.append((Path(top) / name, "link to a folder: not followed"))
        for name in files:
            entry = Path(top) / name
            out.append((entry, _skip_reason(entry, root)))
    return sorted(out)


def _skip_reason(entry: Path, root: Path) -> str | None:
    if entry.is_symlink():
        target = entry.resolve()
        if not target.exists():
            return f"dangling link (to {os.readlink(entry)}): skipped"
        if not target.is_relative_to(root):
            return "link to a file outside the folder: skipped (name the file itself to read it)"
    if not entry.is_file():
        return "not a regular file (a pipe, socket or device): skipped"
    return None


def _read_file(path: Path, *, follow_links: bool) -> Iterator[Document | Failure]:
    # opened once, without waiting on a pipe nor (in a folder) following a link swapped in
    # since the folder was listed, and checked on the open file itself
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror}")
        return
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield Failure(str(path), "not a regular file (a folder, pipe, socket or device): skipped")
            return
        if info.st_size > MAX_FILE_BYTES:
            yield Failure(str(path), f"file of {info.st_size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit")
            return
        try:
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            yield Failure(str(path), f"cannot read: {exc.strerror}")
            return
    yield from read_bytes(data, str(path))
