"""Sprig's encoding and checksum functions: ``b64enc b64dec b32enc b32dec sha1sum sha256sum sha512sum adler32sum``.

The decoders follow Go's ``encoding/base64`` and ``encoding/base32`` standard encodings rather than Python's
``base64`` module, because Sprig prints Go's error text in place of the result (``b64dec "!!"`` renders
``illegal base64 data at input byte 0``), and the byte offset in that text depends on Go's exact decoding steps:
where line breaks are skipped, how padding is checked and where trailing garbage is reported.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.gotypes import go_signature
from chartgen.sprig.strings import from_bytes, to_bytes

__all__ = ["FUNCS", "CorruptInput", "go_base32_decode", "go_base64_decode"]

_B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B32_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B64_VALUE = {c: i for i, c in enumerate(_B64_ALPHABET)}
_B32_VALUE = {c: i for i, c in enumerate(_B32_ALPHABET)}
_PAD = ord("=")
_NEWLINES = (ord("\n"), ord("\r"))


class CorruptInput(ValueError):
    """Go's ``CorruptInputError``: the offset of the first byte that cannot be decoded."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")
        self.offset = offset


class _CorruptBase32(CorruptInput):
    def __str__(self) -> str:
        return f"illegal base32 data at input byte {self.offset}"


def _skip_newlines(src: bytes, pos: int) -> int:
    while pos < len(src) and src[pos] in _NEWLINES:
        pos += 1
    return pos


def _base64_quantum(src: bytes, pos: int) -> tuple[int, list[int], bool]:
    """Read one group of up to four symbols starting at ``pos``.

    Returns the new position, the 6-bit values read and whether padding ended the input. Line breaks anywhere are
    skipped, as Go does; padding must complete the group and may only be followed by line breaks.
    """
    values: list[int] = []
    while len(values) < 4:
        if pos == len(src):
            if not values:
                return pos, values, True
            # The standard encoding requires padding, so a short final group is an error at its first byte.
            raise CorruptInput(pos - len(values))
        byte = src[pos]
        pos += 1
        if byte in _B64_VALUE:
            values.append(_B64_VALUE[byte])
            continue
        if byte in _NEWLINES:
            continue
        if byte != _PAD or len(values) < 2:
            raise CorruptInput(pos - 1)
        if len(values) == 2:
            # Two symbols need "==": the second '=' may come after line breaks.
            pos = _skip_newlines(src, pos)
            if pos == len(src):
                raise CorruptInput(len(src))
            if src[pos] != _PAD:
                raise CorruptInput(pos - 1)
            pos += 1
        pos = _skip_newlines(src, pos)
        if pos < len(src):
            raise CorruptInput(pos)
        return pos, values, True
    return pos, values, False


def go_base64_decode(src: bytes) -> bytes:
    """``base64.StdEncoding.DecodeString``; raises :class:`CorruptInput` with Go's offset."""
    out = bytearray()
    pos = 0
    while True:
        pos, values, done = _base64_quantum(src, pos)
        if values:
            padded = values + [0] * (4 - len(values))
            number = (padded[0] << 18) | (padded[1] << 12) | (padded[2] << 6) | padded[3]
            out += number.to_bytes(3, "big")[: len(values) - 1]
        if done:
            return bytes(out)


def go_base32_decode(src: bytes) -> bytes:
    """``base32.StdEncoding.DecodeString``; line breaks are removed first, so offsets count without them."""
    data = bytes(b for b in src if b not in _NEWLINES)
    total = len(data)
    out = bytearray()
    pos = 0
    while pos < total:
        values: list[int] = []
        end = False
        while len(values) < 8:
            if pos == total:
                raise _CorruptBase32(total - len(values))
            byte = data[pos]
            pos += 1
            left = total - pos
            if byte == _PAD and len(values) >= 2 and left < 8:
                # Padding: the rest of the group must be '=' and the group must hold a whole number of bytes.
                if left + len(values) < 7:
                    raise _CorruptBase32(total)
                for k in range(7 - len(values)):
                    if left > k and data[pos + k] != _PAD:
                        raise _CorruptBase32(pos + k - 1)
                if len(values) in (1, 3, 6):
                    raise _CorruptBase32(pos - 1)
                end = True
                break
            if byte not in _B32_VALUE:
                raise _CorruptBase32(pos - 1)
            values.append(_B32_VALUE[byte])
        padded = values + [0] * (8 - len(values))
        number = 0
        for value in padded:
            number = (number << 5) | value
        out += number.to_bytes(5, "big")[: len(values) * 5 // 8]
        if end:
            break
    return bytes(out)


@go_signature("string")
def b64enc(text: str) -> str:
    return base64.b64encode(to_bytes(text)).decode("ascii")


@go_signature("string")
def b64dec(text: str) -> str:
    try:
        return from_bytes(go_base64_decode(to_bytes(text)))
    except CorruptInput as exc:
        return str(exc)


@go_signature("string")
def b32enc(text: str) -> str:
    return base64.b32encode(to_bytes(text)).decode("ascii")


@go_signature("string")
def b32dec(text: str) -> str:
    try:
        return from_bytes(go_base32_decode(to_bytes(text)))
    except CorruptInput as exc:
        return str(exc)


@go_signature("string")
def sha1sum(text: str) -> str:
    return hashlib.sha1(to_bytes(text)).hexdigest()


@go_signature("string")
def sha256sum(text: str) -> str:
    return hashlib.sha256(to_bytes(text)).hexdigest()


@go_signature("string")
def sha512sum(text: str) -> str:
    return hashlib.sha512(to_bytes(text)).hexdigest()


@go_signature("string")
def adler32sum(text: str) -> str:
    return str(zlib.adler32(to_bytes(text)))


FUNCS: dict[str, Callable[..., Any]] = {
    "b64enc": b64enc,
    "b64dec": b64dec,
    "b32enc": b32enc,
    "b32dec": b32dec,
    "sha1sum": sha1sum,
    "sha256sum": sha256sum,
    "sha512sum": sha512sum,
    "adler32sum": adler32sum,
}
