"""Stable stand-ins for values a chart generates afresh on every render (certificates, keys, CA bundles).

The IKO chart calls ``genCA``/``genSignedCert`` on each render, so two renders never agree byte for byte. Replacing
each generated PEM block, raw or base64-encoded, by a description of what it is (``<generated: x509 certificate
CN=ca SANs=- CA=true>``) keeps what a reviewer cares about — the subject, the names, whether it is a CA — and
drops what is random.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["describe_pem", "describe_random", "normalise_generated"]

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\r\n]*?-----END \1-----\r?\n?")
# A base64 run long enough to hold a PEM header (42+ characters); shorter strings are left alone.
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])")


def describe_pem(block: str) -> str:
    """What a PEM block is, without its random parts."""
    kind = block.split("-----", 2)[1].removeprefix("BEGIN ")
    if kind != "CERTIFICATE":
        return f"<generated: {kind.lower()}>"
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        cert = x509.load_pem_x509_certificate(block.encode("ascii"))
    except ValueError:
        return "<generated: unreadable certificate>"
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    cn = names[0].value if names else ""
    try:
        sans_ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        sans = ",".join(str(getattr(n, "value", n)) for n in sans_ext)
    except x509.ExtensionNotFound:
        sans = "-"
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    return f"<generated: x509 certificate CN={cn} SANs={sans or '-'} CA={str(is_ca).lower()} days={days}>"


def _describe_base64(match: re.Match[str]) -> str:
    text = match.group(0)
    try:
        decoded = base64.b64decode(text, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return text
    if not decoded.startswith("-----BEGIN "):
        return text
    blocks = [describe_pem(m.group(0)) for m in _PEM.finditer(decoded)]
    return " ".join(blocks) if blocks else text


def normalise_generated(text: str) -> str:
    """``text`` with every PEM block and every base64-encoded PEM replaced by its description."""
    text = _PEM.sub(lambda m: describe_pem(m.group(0)) + ("\n" if m.group(0).endswith("\n") else ""), text)
    return _BASE64.sub(_describe_base64, text)


# Alphabets tried in order when a profile does not declare one. Each is much larger than the one before, so a
# random value drawn from the larger set almost never fits the smaller by chance (16 chars of randAlphaNum are
# all digits with odds of 1e-13); letters-only and letters+digits share a rung because 16 chars of
# randAlphaNum miss every digit about 6% of the time, and a snapshot must not flip on such luck.
_ALPHABET_LADDER = (
    ("0-9", re.compile(r"[0-9]*")),
    ("A-Za-z0-9", re.compile(r"[A-Za-z0-9]*")),
    (" -~", re.compile(r"[ -~]*")),
)


def describe_random(value: str, alphabet: str | None = None) -> str:
    """A stand-in for a random string that keeps its length and alphabet: ``<random: 16 chars [A-Za-z0-9]>``.

    ``alphabet`` is the body of a regular-expression character class (``A-Za-z0-9+/=``). When given, a value
    with a character outside it is described as such, so a generator that changed its alphabet is noticed.
    """
    if alphabet is not None:
        fits = re.fullmatch(f"[{alphabet}]*", value) is not None
        return f"<random: {len(value)} chars [{alphabet}]{'' if fits else ' VIOLATED'}>"
    for name, pattern in _ALPHABET_LADDER:
        if pattern.fullmatch(value):
            return f"<random: {len(value)} chars [{name}]>"
    return f"<random: {len(value)} chars, not printable ASCII>"
