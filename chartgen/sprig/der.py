"""DER (X.690) encoders for the ASN.1 types an X.509 certificate is made of.

Only writing, only what Sprig's certificates use: every function returns one complete TLV (tag, length, contents)
as bytes, so values compose by concatenation. Nothing is parsed here and nothing heavy is imported, which is the
point: :mod:`chartgen.sprig.rsa_certificates` writes certificates with these instead of loading
``cryptography.x509``.
"""

from __future__ import annotations

import time as _time

__all__ = [
    "PRINTABLE",
    "bit_string",
    "boolean",
    "context",
    "integer",
    "named_bits",
    "null",
    "octet_string",
    "oid",
    "printable_string",
    "rfc5280_time",
    "sequence",
    "set_of",
    "tlv",
    "utf8_string",
]

# PrintableString's characters (X.680).
PRINTABLE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")

_SEQUENCE, _SET = 0x30, 0x31
_BOOLEAN, _INTEGER, _BIT_STRING, _OCTET_STRING, _NULL, _OID = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
_UTF8_STRING, _PRINTABLE_STRING, _UTC_TIME, _GENERALIZED_TIME = 0x0C, 0x13, 0x17, 0x18


def tlv(tag: int, contents: bytes) -> bytes:
    """One element: the identifier octet ``tag``, the definite length in its shortest form, the contents."""
    size = len(contents)
    if size < 0x80:
        return bytes((tag, size)) + contents
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + contents


def sequence(*items: bytes) -> bytes:
    return tlv(_SEQUENCE, b"".join(items))


def set_of(*items: bytes) -> bytes:
    # DER orders the elements of a SET OF by their encodings.
    return tlv(_SET, b"".join(sorted(items)))


def context(number: int, contents: bytes, *, constructed: bool) -> bytes:
    """A context-specific tag ``[number]`` (below 31): EXPLICIT wraps a whole element and is constructed; IMPLICIT
    replaces the tag of a primitive element, so ``contents`` is then that element's contents only."""
    return tlv((0xA0 if constructed else 0x80) | number, contents)


def integer(value: int) -> bytes:
    # Two's complement in the fewest octets: one more than the magnitude's bits need, for the sign.
    size = (value if value >= 0 else ~value).bit_length() // 8 + 1
    return tlv(_INTEGER, value.to_bytes(size, "big", signed=True))


def boolean(value: bool) -> bytes:
    return tlv(_BOOLEAN, b"\xff" if value else b"\x00")


def null() -> bytes:
    return tlv(_NULL, b"")


def bit_string(data: bytes) -> bytes:
    """A BIT STRING of whole octets (no unused bits)."""
    return tlv(_BIT_STRING, b"\x00" + data)


def named_bits(*positions: int) -> bytes:
    """A BIT STRING of named bits (bit 0 is the most significant bit of the first octet) holding exactly the bits
    at ``positions``: DER drops trailing zero bits, so it ends at the highest bit set."""
    if not positions:
        return tlv(_BIT_STRING, b"\x00")
    width = max(positions) + 1
    value = 0
    for position in positions:
        value |= 1 << (width - 1 - position)
    unused = -width % 8
    return tlv(_BIT_STRING, bytes((unused,)) + (value << unused).to_bytes((width + 7) // 8, "big"))


def octet_string(data: bytes) -> bytes:
    return tlv(_OCTET_STRING, data)


def oid(dotted: str) -> bytes:
    """An OBJECT IDENTIFIER from its dotted form: the first two arcs share an octet, each arc is base 128 with
    the high bit marking continuation."""
    arcs = [int(arc) for arc in dotted.split(".")]
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return tlv(_OID, bytes(out))


def printable_string(text: str) -> bytes:
    return tlv(_PRINTABLE_STRING, text.encode("ascii"))


def utf8_string(text: str) -> bytes:
    return tlv(_UTF8_STRING, text.encode("utf-8"))


def rfc5280_time(seconds: int) -> bytes:
    """RFC 5280's Time for the whole second ``seconds`` after the Unix epoch (UTC): UTCTime (two-digit year)
    from 1950 through 2049, GeneralizedTime before and after, as Go writes it."""
    moment = _time.gmtime(seconds)
    if 1950 <= moment.tm_year < 2050:
        return tlv(_UTC_TIME, _time.strftime("%y%m%d%H%M%SZ", moment).encode("ascii"))
    return tlv(_GENERALIZED_TIME, f"{moment.tm_year:04d}{_time.strftime('%m%d%H%M%S', moment)}Z".encode("ascii"))
