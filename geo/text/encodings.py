"""Bytes to text: byte-order marks, UTF-16 without one, UTF-8, Windows-1252, else a detector.
Binary data is refused with a reason (a ValueError), never read as text."""
from __future__ import annotations

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
    from charset_normalizer import from_bytes  # lazy: only for text that is not UTF-8

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
