"""Sprig's certificates for the RSA keys chartgen generates, written as DER without ``cryptography.x509``.

``genCA``, ``genSelfSignedCert`` and ``genSignedCert`` (a chart like IKO's calls two of them on every render)
certify a fresh RSA key and sign with a fresh RSA key. Loading ``cryptography.x509`` and its serialization
module to build such a certificate costs more CPU than everything else the certificate needs; the certificate
itself is a fixed shape (:class:`Draft`), so it is written here with :mod:`chartgen.sprig.der` and only the RSA
signature comes from ``cryptography``. The bytes are exactly those ``cryptography``'s builder writes for the same
inputs (``tests/sprig/test_sprig_rsa_certificates.py`` holds the two side by side). Where that builder refuses what
Go writes (common names over 64 bytes, times before 1950), this writer writes what Go does, and real Helm's
certificates are the reference (same test file); a name that is not UTF-8 stays with the builder (:func:`writes`).

A certificate made here may sign the next one (``$ca := genCA ...`` then ``genSignedCert ... $ca``): what the
signer needs of it (subject, key id, key) is remembered per process, keyed by its exact PEM texts, so it need not
be parsed back (:func:`issuer_made_here`).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from typing import Any

from chartgen.records import record
from chartgen.sprig import der

__all__ = ["Draft", "Issuer", "issuer_made_here", "key_id", "private_key_pem", "write", "writes"]

_COMMON_NAME = der.oid("2.5.4.3")
_RSA_ENCRYPTION = der.sequence(der.oid("1.2.840.113549.1.1.1"), der.null())
_SHA256_WITH_RSA = der.sequence(der.oid("1.2.840.113549.1.1.11"), der.null())
_VERSION_3 = der.context(0, der.integer(2), constructed=True)
_KEY_USAGE = der.oid("2.5.29.15")
_EXTENDED_KEY_USAGE = der.oid("2.5.29.37")
_BASIC_CONSTRAINTS = der.oid("2.5.29.19")
_SUBJECT_KEY_ID = der.oid("2.5.29.14")
_AUTHORITY_KEY_ID = der.oid("2.5.29.35")
_SUBJECT_ALT_NAME = der.oid("2.5.29.17")
_SERVER_AND_CLIENT_AUTH = der.sequence(der.oid("1.3.6.1.5.5.7.3.1"), der.oid("1.3.6.1.5.5.7.3.2"))
# KeyUsage bits (RFC 5280 4.2.1.3): digitalSignature (0) and keyEncipherment (2), keyCertSign (5) on a CA.
_LEAF_USAGE, _CA_USAGE = der.named_bits(0, 2), der.named_bits(0, 2, 5)
# BasicConstraints: cA is DEFAULT FALSE, so a leaf's is empty; no path length.
_LEAF_CONSTRAINTS, _CA_CONSTRAINTS = der.sequence(), der.sequence(der.boolean(True))


@record(frozen=True)
class Draft:
    """Everything a Sprig certificate says besides its keys: checked and converted inputs, serial and validity."""

    common_name: str
    dns_names: tuple[str, ...]
    addresses: tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, ...]
    not_before: int  # seconds since the Unix epoch
    not_after: int
    serial: int
    is_ca: bool
    key_id_sha256: bool  # Go 1.25's subject key id (Helm 4) instead of Go 1.23's


@record(frozen=True)
class Issuer:
    """What signing with a certificate made here needs of it: its subject (DER Name), its subject key id (None
    without one) and its private key."""

    subject: bytes
    key_id: bytes | None
    key: Any


def writes(draft: Draft) -> bool:
    """Whether :func:`write` can write ``draft``: its common name must be UTF-8 (a name holding undecodable bytes
    stays with ``cryptography``, which fails on it as before).

    Go, and so Helm, writes what ``cryptography``'s builder refuses: common names over 64 bytes, and validity
    ends before 1950 (a negative day count, or one whose Duration wraps), as GeneralizedTime. So does this writer.
    """
    try:
        draft.common_name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def write(draft: Draft, key: Any, issuer: Issuer | None) -> tuple[str, str]:
    """The PEM certificate and PEM private key for RSA ``key``, signed by ``issuer`` (None: by ``key`` itself).
    Signing with an issuer's key that is not RSA is the caller's mistake."""
    subject = _name(draft.common_name)
    public_key = _rsa_public_key(key)
    own_id = key_id(public_key, draft.key_id_sha256) if draft.is_ca else None
    signer = issuer if issuer is not None else Issuer(subject, own_id, key)
    tbs = der.sequence(
        _VERSION_3,
        der.integer(draft.serial),
        _SHA256_WITH_RSA,
        signer.subject,
        der.sequence(der.rfc5280_time(draft.not_before), der.rfc5280_time(draft.not_after)),
        subject,
        der.sequence(_RSA_ENCRYPTION, der.bit_string(public_key)),
        der.context(3, der.sequence(*_extensions(draft, own_id, issuer, subject)), constructed=True),
    )
    signature = _sign(signer.key, tbs)
    cert_pem = _pem("CERTIFICATE", der.sequence(tbs, _SHA256_WITH_RSA, der.bit_string(signature)))
    key_pem = private_key_pem(key)
    _remember(cert_pem, key_pem, Issuer(subject, own_id, key))
    return cert_pem, key_pem


def _extensions(draft: Draft, own_id: bytes | None, issuer: Issuer | None, subject: bytes) -> list[bytes]:
    # Go's order: key usage, extended key usage, basic constraints, subject key id, authority key id, names.
    out = [
        _extension(_KEY_USAGE, _CA_USAGE if draft.is_ca else _LEAF_USAGE, critical=True),
        _extension(_EXTENDED_KEY_USAGE, _SERVER_AND_CLIENT_AUTH),
        _extension(_BASIC_CONSTRAINTS, _CA_CONSTRAINTS if draft.is_ca else _LEAF_CONSTRAINTS, critical=True),
    ]
    if own_id is not None:
        out.append(_extension(_SUBJECT_KEY_ID, der.octet_string(own_id)))
    # Go names the issuer's key only when the issuer is another subject (and has a key id to name).
    if issuer is not None and issuer.subject != subject and issuer.key_id:
        out.append(_extension(_AUTHORITY_KEY_ID, der.sequence(der.context(0, issuer.key_id, constructed=False))))
    if draft.dns_names or draft.addresses:
        # dNSName [2] and iPAddress [7] are IMPLICIT: an IA5String's and an OCTET STRING's contents.
        names = [der.context(2, name.encode("ascii"), constructed=False) for name in draft.dns_names]
        names += [der.context(7, address.packed, constructed=False) for address in draft.addresses]
        # Go marks the alternative names critical when the subject is empty (RFC 5280).
        out.append(_extension(_SUBJECT_ALT_NAME, der.sequence(*names), critical=draft.common_name == ""))
    return out


def _extension(oid: bytes, value: bytes, *, critical: bool = False) -> bytes:
    # critical is DEFAULT FALSE, which DER leaves out.
    return der.sequence(oid, der.boolean(True) if critical else b"", der.octet_string(value))


def _name(common_name: str) -> bytes:
    if common_name == "":
        return der.sequence()
    # Go writes a PrintableString when it can, a UTF8String otherwise.
    text = der.printable_string if set(common_name) <= der.PRINTABLE else der.utf8_string
    return der.sequence(der.set_of(der.sequence(_COMMON_NAME, text(common_name))))


def _rsa_public_key(key: Any) -> bytes:
    """The PKCS#1 RSAPublicKey: the subjectPublicKey bits of the certificate."""
    numbers = key.public_key().public_numbers()
    return der.sequence(der.integer(numbers.n), der.integer(numbers.e))


def key_id(public_key: bytes, sha256: bool) -> bytes:
    """Go's generated subject key id: a hash of the subjectPublicKey bits, SHA-1 before Go 1.25, SHA-256 cut to
    160 bits from Go 1.25 on."""
    if not sha256:
        return hashlib.sha1(public_key).digest()  # noqa: S324 - an identifier, not a security hash
    return hashlib.sha256(public_key).digest()[:20]


def _sign(key: Any, tbs: bytes) -> bytes:
    # The RSA module (already loaded by whoever made the key) brings hashes; padding is a small module.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    return key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())


def private_key_pem(key: Any) -> str:
    """The PKCS#1 RSAPrivateKey PEM of RSA ``key`` (what OpenSSL's traditional format writes)."""
    numbers = key.private_numbers()
    public = numbers.public_numbers
    fields = (0, public.n, public.e, numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp)
    return _pem("RSA PRIVATE KEY", der.sequence(*(der.integer(value) for value in fields)))


def _pem(label: str, data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    lines = "".join(text[i : i + 64] + "\n" for i in range(0, len(text), 64))
    return f"-----BEGIN {label}-----\n{lines}-----END {label}-----\n"


# Certificates made here in this process, as possible signers of the next; a template making more than a handful
# in one render is rare, and forgetting only costs a parse.
_MADE: dict[tuple[str, str], Issuer] = {}
_MADE_MOST = 16


def _remember(cert_pem: str, key_pem: str, issuer: Issuer) -> None:
    if len(_MADE) >= _MADE_MOST:
        _MADE.clear()
    _MADE[(cert_pem, key_pem)] = issuer


def issuer_made_here(cert_pem: str, key_pem: str) -> Issuer | None:
    """The signer made here whose certificate and key PEM texts are exactly these, or None."""
    return _MADE.get((cert_pem, key_pem))
