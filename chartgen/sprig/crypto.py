"""Sprig's crypto functions: keys, certificates, bcrypt, Master Password, AES and random bytes.

Keys and certificates are generated with ``cryptography`` but shaped as Sprig builds them with Go's ``crypto/x509``:
RSA 2048 for certificates (4096 for ``genPrivateKey``), a random 128-bit serial, the subject holding only the
common name, ``NotBefore`` now and ``NotAfter`` now plus the days, key usage ``digitalSignature|keyEncipherment``
(plus ``keyCertSign`` for a CA), extended usage server and client auth, basic constraints, a subject key id on CAs
and the CA's key id as authority key id on signed certificates; extensions appear in Go's order. The subject key
id is Go's: SHA-1 of the public key in Helm 3 (Go 1.23), truncated SHA-256 in Helm 4 (Go 1.25), hence
:func:`funcs_for`.

``cryptography`` and ``bcrypt`` are imported inside the functions: rendering pays for them only when a chart
uses them. A certificate for an RSA key signed by itself or by an RSA key is written by
:mod:`chartgen.sprig.rsa_certificates`: the bytes ``cryptography``'s builder writes, without loading
``cryptography.x509`` when the CA was made in the same render, and also where that builder refuses what Go writes
(common names over 64 bytes, validity ending before 1950). Every other certificate goes through the builder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gostrconv import wrap_int64
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import go_members
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import StructFields, go_signature
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.sprig import der, rsa_certificates
from chartgen.sprig.encoding import CorruptInput, go_base64_decode
from chartgen.sprig.keypool import fresh_or_shared, take_rsa_2048
from chartgen.sprig.rsa_certificates import Draft
from chartgen.sprig.strings import from_bytes, to_bytes

__all__ = ["FUNCS", "Certificate", "derive_password", "funcs_for"]


@go_members(fields=["Cert", "Key"])
class Certificate:
    """Sprig's ``certificate`` struct: PEM text in ``.Cert`` and ``.Key``."""

    go_type = "sprig.certificate"
    go_kind = "struct"
    __slots__ = ("Cert", "Key")

    def __init__(self, cert: str = "", key: str = "") -> None:
        self.Cert = cert
        self.Key = key

    def __str__(self) -> str:
        # Go prints a struct as its fields in braces.
        return "{" + self.Cert + " " + self.Key + "}"

    def go_json(self) -> StructFields:
        return StructFields(Cert=self.Cert, Key=self.Key)


# ------------------------------------------------------------------------------------------------ bcrypt


@go_signature("string")
def _bcrypt(text: str) -> str:
    import bcrypt

    data = to_bytes(text)
    # Go's bcrypt refuses long passwords (Python's would silently truncate); Sprig prints the error instead.
    if len(data) > 72:
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds=10, prefix=b"2a")).decode("ascii")


@go_signature("string", "string")
def _htpasswd(username: str, password: str) -> str:
    if ":" in username:
        return f"invalid username: {username}"
    return f"{username}:{_bcrypt(password)}"


# ------------------------------------------------------------------------------------------------ Master Password

# The Master Password algorithm's site templates and character classes (public algorithm constants).
_TEMPLATES = {
    "maximum": ("anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"),
    "long": (
        "CvcvnoCvcvCvcv",
        "CvcvCvcvnoCvcv",
        "CvcvCvcvCvcvno",
        "CvccnoCvcvCvcv",
        "CvccCvcvnoCvcv",
        "CvccCvcvCvcvno",
        "CvcvnoCvccCvcv",
        "CvcvCvccnoCvcv",
        "CvcvCvccCvcvno",
        "CvcvnoCvcvCvcc",
        "CvcvCvcvnoCvcc",
        "CvcvCvcvCvccno",
        "CvccnoCvccCvcv",
        "CvccCvccnoCvcv",
        "CvccCvccCvcvno",
        "CvcvnoCvccCvcc",
        "CvcvCvccnoCvcc",
        "CvcvCvccCvccno",
        "CvccnoCvcvCvcc",
        "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ),
    "medium": ("CvcnoCvc", "CvcCvcno"),
    "short": ("Cvcn",),
    "basic": ("aaanaaan", "aannaaan", "aaannaaa"),
    "pin": ("nnnn",),
}
_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_SCOPE = b"com.lyndir.masterpassword"


def derive_password(counter: int, password_type: str, password: str, user: str, site: str) -> str:
    """The Master Password site password (scrypt N=32768 r=8 p=2 key, HMAC-SHA256 seed, template by seed)."""
    templates = _TEMPLATES.get(password_type)
    if templates is None:
        return f"cannot find password template {password_type}"
    user_bytes, site_bytes = to_bytes(user), to_bytes(site)
    salt = _SCOPE + struct.pack(">I", len(user_bytes)) + user_bytes
    key = hashlib.scrypt(to_bytes(password), salt=salt, n=32768, r=8, p=2, dklen=64, maxmem=64 * 1024 * 1024)
    message = _SCOPE + struct.pack(">I", len(site_bytes)) + site_bytes + struct.pack(">I", counter & 0xFFFFFFFF)
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    return "".join(_CHARACTERS[cls][seed[i + 1] % len(_CHARACTERS[cls])] for i, cls in enumerate(template))


@go_signature("uint32", "string", "string", "string", "string")
def _derive_password(counter: int, password_type: str, password: str, user: str, site: str) -> str:
    return derive_password(counter, password_type, password, user, site)


# ------------------------------------------------------------------------------------------------ AES


def _aes_key(password: str) -> bytes:
    # Sprig copies the password into a zeroed 32-byte key: short passwords are padded, long ones cut (AES-256).
    return to_bytes(password)[:32].ljust(32, b"\0")


@go_signature("string", "string")
def _encrypt_aes(password: str, plaintext: str) -> str:
    if plaintext == "":
        return ""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    content = to_bytes(plaintext)
    padding = 16 - len(content) % 16
    content += bytes([padding]) * padding
    import secrets  # its import pulls in random: paid only by functions that draw random bytes

    iv = secrets.token_bytes(16)
    encryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(content) + encryptor.finalize()).decode("ascii")


@go_signature("string", "string")
def _decrypt_aes(password: str, crypt64: str) -> str:
    if crypt64 == "":
        return ""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        data = go_base64_decode(to_bytes(crypt64))
    except CorruptInput as exc:
        raise FuncError(str(exc)) from None
    # Sprig does no validation; the Go runtime panics below surface as these errors.
    if len(data) < 16:
        raise FuncError(f"runtime error: slice bounds out of range [:16] with capacity {len(data)}")
    iv, body = data[:16], data[16:]
    if len(body) % 16:
        raise FuncError("crypto/cipher: input not full blocks")
    decryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).decryptor()
    plain = decryptor.update(body) + decryptor.finalize()
    if not plain:
        raise FuncError("runtime error: index out of range [-1]")
    end = len(plain) - plain[-1]  # the padding is trusted, not checked
    if end < 0:
        raise FuncError(f"runtime error: slice bounds out of range [:{end}]")
    return from_bytes(plain[:end])


# ------------------------------------------------------------------------------------------------ random


@go_signature("int")
def _rand_bytes(count: int) -> str:
    if count < 0:
        raise FuncError("runtime error: makeslice: len out of range")
    import secrets  # its import pulls in random: paid only by functions that draw random bytes

    return base64.b64encode(secrets.token_bytes(count)).decode("ascii")


def _uuidv4() -> str:
    import uuid  # its import pulls in platform: paid only by the function that needs it

    return str(uuid.uuid4())


# ------------------------------------------------------------------------------------------------ keys


def _generate_key(kind: str) -> Any:
    return fresh_or_shared(f"genPrivateKey:{kind}", lambda: _make_key(kind))


def _make_key(kind: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    if kind in ("", "rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=4096)
    if kind == "dsa":
        return dsa.generate_private_key(key_size=2048)  # L=2048, N=256 as Go's dsa.L2048N256
    if kind == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return None


def _key_pem(key: Any) -> str:
    """Sprig's ``pemBlockForKey``: PKCS#1 for RSA, SEC 1 for EC, OpenSSL's DSA form, PKCS#8 for Ed25519."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    fmt = serialization.PrivateFormat.TraditionalOpenSSL
    if isinstance(key, ed25519.Ed25519PrivateKey):
        fmt = serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode("ascii")


@go_signature("string")
def _gen_private_key(kind: str) -> str:
    key = _generate_key(kind)
    if key is None:
        return "Unknown type " + kind
    return _key_pem(key)


_PEM_BLOCK = re.compile(rb"(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t\r]*\n(.*?)(?<=\n)-----END \1-----", re.DOTALL)


def _pem_decode(text: str) -> tuple[str, bytes] | None:
    """Go's ``pem.Decode`` for the first well-formed block: (type, DER), or None. Header lines are skipped."""
    for m in _PEM_BLOCK.finditer(to_bytes(text)):
        lines = [line for line in m.group(2).split(b"\n") if b":" not in line]
        body = b"".join(lines).translate(None, b" \t\r")
        try:
            return m.group(1).decode("utf-8", "surrogateescape"), base64.b64decode(body, validate=True)
        except ValueError:
            continue
    return None


def _parse_private_key(text: str) -> Any:
    """Sprig's ``parsePrivateKeyPEM``; raises FuncError with its messages (ASN.1 details are approximated)."""
    from cryptography.hazmat.primitives import serialization

    block = _pem_decode(text)
    if block is None:
        raise FuncError("no PEM data in input")
    kind, der = block
    if kind == "PRIVATE KEY":
        try:
            return serialization.load_der_private_key(der, None)
        except (ValueError, TypeError):
            raise FuncError("decoding PEM as PKCS#8: x509: malformed PKCS#8 private key") from None
    if not kind.endswith(" PRIVATE KEY"):
        raise FuncError(f"no private key data in PEM block of type {kind}")
    algorithm = kind[: -len(" PRIVATE KEY")]
    if algorithm not in ("RSA", "EC", "DSA"):
        raise FuncError(f"invalid private key type {kind}")
    try:
        # OpenSSL's full RSA check (tens of ms) goes beyond Go's cheap consistency check; Go users get no more.
        return serialization.load_pem_private_key(
            f"-----BEGIN {kind}-----\n".encode() + base64.encodebytes(der) + f"-----END {kind}-----\n".encode(),
            None,
            unsafe_skip_rsa_key_validation=True,
        )
    except (ValueError, TypeError):
        raise FuncError(f"parsing {algorithm} private key from PEM: asn1: structure error") from None


def _parse_certificate(text: str, prefix: str) -> Any:
    from cryptography import x509

    block = _pem_decode(text)
    if block is None:
        raise FuncError("unable to decode certificate")
    try:
        return x509.load_der_x509_certificate(block[1])
    except ValueError:
        raise FuncError(f"error parsing certificate: {prefix}: x509: malformed certificate") from None


# ------------------------------------------------------------------------------------------------ certificates


def _net_ips(ips: list | None) -> list[Any]:
    import ipaddress

    out = []
    for ip in ips or []:
        if not isinstance(ip, str):
            raise FuncError(f"error parsing ip: {_go_text(ip)} is not a string")
        # Go's net.ParseIP: no zones, no leading zeros; an IPv4-mapped IPv6 address is written as IPv4.
        try:
            if "%" in ip:
                raise ValueError(ip)
            address = ipaddress.ip_address(ip)
        except ValueError:
            raise FuncError(f"error parsing ip: {ip}") from None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        out.append(address)
    return out


def _dns_names(names: list | None) -> list[str]:
    out = []
    for name in names or []:
        if not isinstance(name, str):
            raise FuncError(f"error processing alternate dns name: {_go_text(name)} is not a string")
        out.append(name)
    return out


def _go_text(value: Any) -> str:
    return to_text(value)


def _subject(cn: str) -> Any:
    from cryptography import x509
    from cryptography.x509.name import _ASN1Type
    from cryptography.x509.oid import NameOID

    if cn == "":
        return x509.Name([])
    # Go writes a PrintableString when it can, a UTF8String otherwise.
    kind = _ASN1Type.PrintableString if set(cn) <= der.PRINTABLE else _ASN1Type.UTF8String
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn, _type=kind)])


def _key_id(public_key: Any, sha256: bool) -> bytes:
    """Go's generated subject key id of any public key (see :func:`rsa_certificates.key_id`)."""
    from cryptography.hazmat.primitives import serialization

    der_key = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return rsa_certificates.key_id(_spki_bits(der_key), sha256)


def _spki_bits(spki: bytes) -> bytes:
    """The subjectPublicKey BIT STRING contents (without the unused-bits byte) of a DER SubjectPublicKeyInfo."""

    def read(data: bytes, pos: int) -> tuple[int, int, int]:
        tag, length = data[pos], data[pos + 1]
        pos += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(data[pos : pos + count], "big")
            pos += count
        return tag, pos, length

    _, pos, _ = read(spki, 0)  # outer SEQUENCE
    _, alg_pos, alg_len = read(spki, pos)  # AlgorithmIdentifier
    _, bits_pos, bits_len = read(spki, alg_pos + alg_len)
    return spki[bits_pos + 1 : bits_pos + bits_len]


def _sign_hash(key: Any) -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return hashes.SHA256()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}.get(key.curve.key_size)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return None
    raise FuncError("error creating certificate: x509: certificate private key does not implement crypto.Signer")


_SECOND = 1_000_000_000  # nanoseconds


def _draft(cn: str, ips: list | None, dns: list | None, days: int, *, is_ca: bool, key_id_sha256: bool) -> Draft:
    """Sprig's ``getBaseCertTemplate``: the inputs checked as Go checks them, a random serial, the validity."""
    addresses = _net_ips(ips)
    names = _dns_names(dns)
    for name in names:
        if not name.isascii():
            raise FuncError(
                f"error creating certificate: x509: {gostrconv.quote(name)} cannot be encoded as an IA5String"
            )
    # Go adds the Duration to time.Now() with its nanoseconds, wrapping on overflow, and the certificate keeps
    # whole seconds of both ends: a wrapped Duration is no whole number of seconds, so the nanoseconds count.
    start_nanos = time.time_ns()
    end_nanos = start_nanos + wrap_int64(days * 24 * 3600 * _SECOND)
    import secrets  # its import pulls in random: paid only by functions that draw random bytes

    return Draft(
        common_name=cn,
        dns_names=tuple(names),
        addresses=tuple(addresses),
        not_before=start_nanos // _SECOND,
        not_after=end_nanos // _SECOND,
        serial=secrets.randbelow(2**128 - 1) + 1,
        is_ca=is_ca,
        key_id_sha256=key_id_sha256,
    )


def _write_with_cryptography(draft: Draft, key: Any, signer: tuple[Any, Any] | None) -> Certificate:
    """Sprig's ``getCertAndKey`` for any key: the certificate for ``key``, signed by ``signer`` (parent
    certificate, parent key) or by itself, built with ``cryptography``'s certificate builder."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    parent_cert, parent_key = signer if signer is not None else (None, key)
    # Go checks the signing key before the key being certified.
    algorithm = _sign_hash(parent_key)
    if isinstance(key, dsa.DSAPrivateKey):
        raise FuncError("error creating certificate: x509: unsupported public key type: *dsa.PublicKey")

    subject = _subject(draft.common_name)
    issuer = parent_cert.subject if parent_cert is not None else subject
    public_key = key.public_key()

    extensions: list[tuple[Any, bool]] = [
        (
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=draft.is_ca,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        ),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), False),
        (x509.BasicConstraints(ca=draft.is_ca, path_length=None), True),
    ]
    if draft.is_ca:
        extensions.append((x509.SubjectKeyIdentifier(_key_id(public_key, draft.key_id_sha256)), False))
    if parent_cert is not None and parent_cert.subject.public_bytes() != subject.public_bytes():
        parent_id = _subject_key_id(parent_cert)
        if parent_id:
            extensions.append((x509.AuthorityKeyIdentifier(parent_id, None, None), False))
    if draft.dns_names or draft.addresses:
        general = [x509.DNSName(n) for n in draft.dns_names] + [x509.IPAddress(a) for a in draft.addresses]
        # Go marks the alternative names critical when the subject is empty (RFC 5280).
        extensions.append((x509.SubjectAlternativeName(general), draft.common_name == ""))

    # The validity goes through the constructor, which (unlike the setters) accepts an end before the start:
    # Sprig happily issues already-expired certificates for negative day counts.
    builder = x509.CertificateBuilder(
        issuer_name=issuer,
        subject_name=subject,
        public_key=public_key,
        serial_number=draft.serial,
        not_valid_before=datetime.datetime.fromtimestamp(draft.not_before, tz=datetime.timezone.utc),
        not_valid_after=datetime.datetime.fromtimestamp(draft.not_after, tz=datetime.timezone.utc),
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    cert = builder.sign(parent_key, algorithm)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return Certificate(cert_pem, _key_pem(key))


def _make_certificate(
    cn: str,
    ips: list | None,
    dns: list | None,
    days: int,
    key: Any,
    *,
    is_ca: bool,
    ca: Certificate | None,
    fresh_key: bool,
    key_id_sha256: bool,
) -> Certificate:
    """Sprig's certificate for ``key``, signed by ``ca`` or by itself. An RSA key signed by itself or by an RSA key
    is written by :mod:`chartgen.sprig.rsa_certificates` (a CA made here is not even parsed); anything else goes
    through ``cryptography``'s builder."""
    issuer = rsa_certificates.issuer_made_here(ca.Cert, ca.Key) if ca is not None else None
    # Go parses the CA before it looks at the names.
    signer = _signer(ca) if ca is not None and issuer is None else None
    draft = _draft(cn, ips, dns, days, is_ca=is_ca, key_id_sha256=key_id_sha256)
    if signer is not None:
        issuer = _issuer_of(*signer)
    if (ca is None or issuer is not None) and (fresh_key or _is_rsa(key)) and rsa_certificates.writes(draft):
        return Certificate(*rsa_certificates.write(draft, key, issuer))
    if ca is not None and signer is None:
        signer = _signer(ca)
    return _write_with_cryptography(draft, key, signer)


def _is_rsa(key: Any) -> bool:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return isinstance(key, rsa.RSAPrivateKey)


def _issuer_of(cert: Any, key: Any) -> rsa_certificates.Issuer | None:
    """What :func:`rsa_certificates.write` needs of a parsed CA to sign with it, when its key is RSA."""
    if not _is_rsa(key):
        return None
    try:
        key_id = _subject_key_id(cert)
    except Exception:  # noqa: BLE001 - extensions cryptography cannot read (malformed, duplicated): its builder
        return None  # decides, reading them only where Go does, and fails or not as before
    return rsa_certificates.Issuer(cert.subject.public_bytes(), key_id, key)


def _subject_key_id(cert: Any) -> bytes | None:
    from cryptography import x509

    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None


def _rsa_2048() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    def make() -> Any:
        return take_rsa_2048() or rsa.generate_private_key(public_exponent=65537, key_size=2048)

    return fresh_or_shared("rsa2048", make)


def _with_key(text: str) -> Any:
    try:
        return _parse_private_key(text)
    except FuncError as exc:
        raise FuncError(f"parsing private key: {exc}") from None


def _signer(ca: Certificate) -> tuple[Any, Any]:
    cert = _parse_certificate(ca.Cert, "decodedSignerCert.Bytes")
    try:
        key = _parse_private_key(ca.Key)
    except FuncError as exc:
        raise FuncError(f"error parsing private key: {exc}") from None
    return cert, key


def funcs_for(profile: HelmProfile) -> dict[str, Callable[..., Any]]:
    """The crypto functions as the given Helm behaves (only the CA key id hash differs)."""
    sha256 = profile.ca_key_id_sha256

    def make(
        cn: str, ips: Any, dns: Any, days: int, key: Any, *, is_ca: bool = False, ca: Any = None, fresh: bool = False
    ) -> Certificate:
        return _make_certificate(cn, ips, dns, days, key, is_ca=is_ca, ca=ca, fresh_key=fresh, key_id_sha256=sha256)

    @go_signature("string", "int")
    def gen_ca(cn: str, days: int) -> Certificate:
        return make(cn, None, None, days, _rsa_2048(), is_ca=True, fresh=True)

    @go_signature("string", "int", "string")
    def gen_ca_with_key(cn: str, days: int, key: str) -> Certificate:
        return make(cn, None, None, days, _with_key(key), is_ca=True)

    @go_signature("string", "[]interface {}", "[]interface {}", "int")
    def gen_self_signed_cert(cn: str, ips: list | None, dns: list | None, days: int) -> Certificate:
        return make(cn, ips, dns, days, _rsa_2048(), fresh=True)

    @go_signature("string", "[]interface {}", "[]interface {}", "int", "string")
    def gen_self_signed_cert_with_key(cn: str, ips: list | None, dns: list | None, days: int, key: str) -> Certificate:
        return make(cn, ips, dns, days, _with_key(key))

    @go_signature("string", "[]interface {}", "[]interface {}", "int", "sprig.certificate")
    def gen_signed_cert(cn: str, ips: list | None, dns: list | None, days: int, ca: Certificate) -> Certificate:
        return make(cn, ips, dns, days, _rsa_2048(), ca=ca, fresh=True)

    @go_signature("string", "[]interface {}", "[]interface {}", "int", "sprig.certificate", "string")
    def gen_signed_cert_with_key(
        cn: str, ips: list | None, dns: list | None, days: int, ca: Certificate, key: str
    ) -> Certificate:
        return make(cn, ips, dns, days, _with_key(key), ca=ca)

    return {
        "bcrypt": _bcrypt,
        "htpasswd": _htpasswd,
        "genPrivateKey": _gen_private_key,
        "derivePassword": _derive_password,
        "buildCustomCert": _build_custom_cert,
        "genCA": gen_ca,
        "genCAWithKey": gen_ca_with_key,
        "genSelfSignedCert": gen_self_signed_cert,
        "genSelfSignedCertWithKey": gen_self_signed_cert_with_key,
        "genSignedCert": gen_signed_cert,
        "genSignedCertWithKey": gen_signed_cert_with_key,
        "encryptAES": _encrypt_aes,
        "decryptAES": _decrypt_aes,
        "randBytes": _rand_bytes,
        "uuidv4": _uuidv4,
    }


@go_signature("string", "string")
def _build_custom_cert(b64cert: str, b64key: str) -> Certificate:
    try:
        cert = go_base64_decode(to_bytes(b64cert))
    except CorruptInput:
        raise FuncError("unable to decode base64 certificate") from None
    try:
        key = go_base64_decode(to_bytes(b64key))
    except CorruptInput:
        raise FuncError("unable to decode base64 private key") from None
    cert_text, key_text = from_bytes(cert), from_bytes(key)
    _parse_certificate(cert_text, "decodedCert.Bytes")
    try:
        _parse_private_key(key_text)
    except FuncError as exc:
        raise FuncError(f"error parsing private key: {exc}") from None
    return Certificate(cert_text, key_text)


# Helm 3's functions; use funcs_for(HELM_4) for Helm 4.
FUNCS: dict[str, Callable[..., Any]] = funcs_for(HELM_3)
