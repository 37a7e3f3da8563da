"""Certificates written as DER for chartgen's own RSA keys are byte for byte what ``cryptography``'s builder writes.

The contract: for the same draft (names, serial, validity), key and signer, ``rsa_certificates.write`` and the
``cryptography`` path of ``chartgen.sprig.crypto`` give identical certificate and key PEM texts. What the
certificates mean (chain, names, usages) is checked in ``test_sprig_crypto.py``, whose tests run through the writer.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import write_chart
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart
from chartgen.helmcompat.profile import HELM_3
from chartgen.sprig import crypto, rsa_certificates
from chartgen.sprig.rsa_certificates import Draft, Issuer


def _at(*fields: int) -> int:
    """Seconds since the Unix epoch of a UTC date and time."""
    return int(datetime.datetime(*fields, tzinfo=datetime.timezone.utc).timestamp())


_NOW = _at(2026, 12, 4, 23, 44, 23)


@pytest.fixture(scope="module")
def keys() -> list[Any]:
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]


def _draft(cn: str = "leaf", **changes: Any) -> Draft:
    fields = {
        "common_name": cn,
        "dns_names": (),
        "addresses": (),
        "not_before": _NOW,
        "not_after": _NOW + 365 * 86400,
        "serial": 0x1234,
        "is_ca": False,
        "key_id_sha256": False,
        **changes,
    }
    return Draft(**fields)


def _both_ways(draft: Draft, key: Any, ca: tuple[Issuer, Any] | None = None) -> tuple[tuple[str, str], ...]:
    """(written here, built by cryptography) for ``draft`` and ``key``, signed by ``ca`` (see :func:`_made_ca`) or
    by the key itself."""
    issuer, signer = ca if ca is not None else (None, None)
    theirs = crypto._write_with_cryptography(draft, key, signer)
    return rsa_certificates.write(draft, key, issuer), (theirs.Cert, theirs.Key)


def _made_ca(draft: Draft, key: Any) -> tuple[Issuer, Any]:
    """A certificate made both ways (and checked equal) to sign others: as remembered here, and as the
    cryptography path signs with it (parsed back, with its key)."""
    (cert, key_pem), theirs = _both_ways(draft, key)
    assert (cert, key_pem) == theirs
    issuer = rsa_certificates.issuer_made_here(cert, key_pem)
    assert issuer is not None
    return issuer, (x509.load_pem_x509_certificate(cert.encode()), key)


_COMMON_NAMES = st.one_of(
    st.sampled_from(
        ["", "ca", "*", "*.example.com", "a-b.c", "é*&", "x" * 64, "é" * 32, "a\x00b", "a_b", "a@b", "\U0001f600"]
    ),
    st.text(alphabet=st.sampled_from("Az09 '()+,-./:=?*"), max_size=64),
    st.text(max_size=16),
)
# 1950-01-01 to the latest end a wrapped Go Duration reaches from today.
_MOMENTS = st.integers(min_value=_at(1950, 1, 1), max_value=_at(2319, 1, 1))
_DRAFTS = st.builds(
    Draft,
    common_name=_COMMON_NAMES,
    dns_names=st.lists(st.text(alphabet=st.characters(max_codepoint=127), max_size=20), max_size=3).map(tuple),
    addresses=st.lists(st.ip_addresses(), max_size=3).map(tuple),
    not_before=_MOMENTS,
    not_after=_MOMENTS,
    serial=st.integers(min_value=1, max_value=2**128 - 1),
    is_ca=st.booleans(),
    key_id_sha256=st.booleans(),
)


def _cryptography_builds(draft: Draft) -> bool:
    """Whether cryptography's builder takes ``draft``: it refuses common names over 64 bytes and times before 1950."""
    try:
        size = len(draft.common_name.encode("utf-8"))
    except UnicodeEncodeError:
        return False
    return size <= 64 and min(draft.not_before, draft.not_after) >= _at(1950, 1, 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=_DRAFTS)
def test_a_self_signed_certificate_is_what_cryptography_writes(keys: list[Any], draft: Draft) -> None:
    assume(_cryptography_builds(draft))
    ours, theirs = _both_ways(draft, keys[0])
    assert ours == theirs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=_DRAFTS, ca_draft=_DRAFTS)
def test_a_certificate_signed_by_one_made_here_is_what_cryptography_writes(
    keys: list[Any], draft: Draft, ca_draft: Draft
) -> None:
    assume(_cryptography_builds(draft) and _cryptography_builds(ca_draft))
    ca = _made_ca(ca_draft, keys[1])
    ours, theirs = _both_ways(draft, keys[2], ca)
    assert ours == theirs


@pytest.mark.parametrize("sha256", [False, True], ids=["helm3-key-id", "helm4-key-id"])
@pytest.mark.parametrize("ca_name", ["ca", "leaf", ""], ids=["other-subject", "same-subject", "empty-subject"])
def test_a_leaf_names_its_ca_key_only_when_the_subjects_differ(keys: list[Any], sha256: bool, ca_name: str) -> None:
    ca = _made_ca(_draft(ca_name, is_ca=True, key_id_sha256=sha256), keys[1])
    ours, theirs = _both_ways(_draft("leaf", dns_names=("leaf.example",), key_id_sha256=sha256), keys[2], ca)
    assert ours == theirs
    aki = x509.load_pem_x509_certificate(ours[0].encode()).extensions.get_extension_for_class
    if ca_name == "leaf":
        with pytest.raises(x509.ExtensionNotFound):
            aki(x509.AuthorityKeyIdentifier)
    else:
        assert aki(x509.AuthorityKeyIdentifier).value.key_identifier


def test_a_signer_without_key_id_gives_no_authority_key_id(keys: list[Any]) -> None:
    signer = _made_ca(_draft("self-signed", is_ca=False), keys[1])
    ours, theirs = _both_ways(_draft("leaf"), keys[2], signer)
    assert ours == theirs
    assert b"\x06\x03\x55\x1d\x23" not in x509.load_pem_x509_certificate(ours[0].encode()).tbs_certificate_bytes


@pytest.mark.parametrize(
    ("cn", "ips", "dns"),
    [
        ("foo.example", ["10.0.0.1", "::1"], ["foo", "bar"]),
        ("", ["::ffff:1.2.3.4"], ["*.x"]),
        ("é*&", ["2001:db8::1", "0.0.0.0"], [""]),
        ("ca", None, None),
    ],
)
@pytest.mark.parametrize("days", [1, 0, -1, 3650, 36500, 100000, 106751, -(10**9)])
def test_template_inputs_give_what_cryptography_writes(
    keys: list[Any], cn: str, ips: list | None, dns: list | None, days: int
) -> None:
    ca = _made_ca(crypto._draft("my-ca", None, None, days, is_ca=True, key_id_sha256=False), keys[1])
    draft = crypto._draft(cn, ips, dns, days, is_ca=False, key_id_sha256=False)
    assert rsa_certificates.writes(draft)
    for signer in (None, ca):
        ours, theirs = _both_ways(draft, keys[2], signer)
        assert ours == theirs


def _parsed_ca(draft: Draft, key: Any) -> tuple[Issuer, Any]:
    """A CA built by cryptography and read back, as a chart hands one in (buildCustomCert, a CA from values): the
    issuer the writer signs with, and the signer the cryptography path signs with."""
    made = crypto._write_with_cryptography(draft, key, None)
    cert = x509.load_pem_x509_certificate(made.Cert.encode())
    issuer = crypto._issuer_of(cert, key)
    assert issuer is not None
    return issuer, (cert, key)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draft=_DRAFTS, ca_draft=_DRAFTS)
def test_a_certificate_signed_by_a_ca_from_elsewhere_is_what_cryptography_writes(
    keys: list[Any], draft: Draft, ca_draft: Draft
) -> None:
    assume(_cryptography_builds(draft) and _cryptography_builds(ca_draft))
    ours, theirs = _both_ways(draft, keys[2], _parsed_ca(ca_draft, keys[1]))
    assert ours == theirs


def test_a_ca_whose_key_is_not_rsa_is_left_to_cryptography() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    made = crypto._write_with_cryptography(_draft("ec-ca", is_ca=True), key, None)
    assert crypto._issuer_of(x509.load_pem_x509_certificate(made.Cert.encode()), key) is None


def test_a_ca_whose_extensions_cryptography_cannot_read_is_left_to_its_builder(
    keys: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = crypto._write_with_cryptography(_draft("ca", is_ca=True), keys[0], None)
    built: list[Draft] = []
    builder = crypto._write_with_cryptography

    def unreadable(_: Any) -> None:
        raise x509.DuplicateExtension("duplicate", x509.oid.ExtensionOID.SUBJECT_KEY_IDENTIFIER)

    def watched(draft: Draft, key: Any, signer: Any) -> Any:
        built.append(draft)
        return builder(draft, key, signer)

    monkeypatch.setattr(crypto, "_subject_key_id", unreadable)
    monkeypatch.setattr(crypto, "_write_with_cryptography", watched)
    # The same subject as the CA's: the builder signs without reading the CA's extensions, as Go does.
    leaf = crypto.funcs_for(HELM_3)["genSignedCert"]("ca", None, None, 1, ca)
    assert [draft.common_name for draft in built] == ["ca"]
    x509.load_pem_x509_certificate(leaf.Cert.encode()).verify_directly_issued_by(
        x509.load_pem_x509_certificate(ca.Cert.encode())
    )


def test_a_name_that_is_not_utf8_is_left_to_cryptography() -> None:
    assert not rsa_certificates.writes(_draft("\udcff"))


@pytest.mark.filterwarnings("ignore:Attribute's length")  # cryptography reads what it would not write
@pytest.mark.parametrize("cn", ["x" * 65, "é" * 33, "a" * 300], ids=["long", "long-utf8", "very-long"])
def test_a_common_name_cryptography_finds_too_long_is_written_as_go_writes_it(keys: list[Any], cn: str) -> None:
    cert, _ = rsa_certificates.write(_draft(cn), keys[0], None)
    (attribute,) = _parsed(cert).subject
    assert attribute.value == cn
    assert attribute._type.name == ("PrintableString" if cn.isascii() else "UTF8String")


@pytest.mark.parametrize("days", [-30000, 106752, 10**9])
def test_days_ending_before_1950_are_written_as_generalized_time(keys: list[Any], days: int) -> None:
    # -30000 days ends in 1944; from 106752 days Go's Duration wraps to an end in 1734.
    draft = crypto._draft("a", None, None, days, is_ca=False, key_id_sha256=False)
    cert, _ = rsa_certificates.write(draft, keys[0], None)
    end = _parsed(cert).not_valid_after_utc
    assert end.year < 1950 and int(end.timestamp()) == draft.not_after
    generalized_time = b"\x18\x0f" + f"{end:%Y%m%d%H%M%S}Z".encode()
    assert generalized_time in _parsed(cert).tbs_certificate_bytes


def _parsed(cert_pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert_pem.encode())


def test_a_made_certificate_is_remembered_by_its_exact_texts(keys: list[Any]) -> None:
    cert, key_pem = rsa_certificates.write(_draft("ca", is_ca=True), keys[0], None)
    remembered = rsa_certificates.issuer_made_here(cert, key_pem)
    assert isinstance(remembered, Issuer) and remembered.key is keys[0]
    assert rsa_certificates.issuer_made_here(cert, key_pem + "\n") is None
    assert rsa_certificates.issuer_made_here(cert + " ", key_pem) is None


def test_the_memory_of_made_certificates_is_bounded(keys: list[Any]) -> None:
    made = [rsa_certificates.write(_draft(f"c{n}", serial=n + 1), keys[0], None) for n in range(40)]
    assert len(rsa_certificates._MADE) <= rsa_certificates._MADE_MOST
    assert rsa_certificates.issuer_made_here(*made[-1]) is not None


def test_gen_signed_cert_with_a_ca_made_here_parses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    funcs = crypto.funcs_for(HELM_3)
    ca = funcs["genCA"]("ca", 1)

    def refuse(*_: Any) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(crypto, "_parse_certificate", refuse)
    monkeypatch.setattr(crypto, "_parse_private_key", refuse)
    leaf = funcs["genSignedCert"]("leaf", None, ["leaf.example"], 1, ca)
    x509.load_pem_x509_certificate(leaf.Cert.encode()).verify_directly_issued_by(
        x509.load_pem_x509_certificate(ca.Cert.encode())
    )


def test_gen_signed_cert_with_a_ca_made_elsewhere_parses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    funcs = crypto.funcs_for(HELM_3)
    made = funcs["genCA"]("ca", 1)
    # The same CA, but not as this process wrote it: its key PEM carries a header line Go's decoder skips.
    ca = crypto.Certificate(made.Cert, made.Key.replace("KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\n", 1))
    parsed: list[str] = []
    parse = crypto._parse_certificate
    monkeypatch.setattr(crypto, "_parse_certificate", lambda text, prefix: parsed.append(text) or parse(text, prefix))
    leaf = funcs["genSignedCert"]("leaf", None, None, 1, ca)
    assert parsed == [made.Cert]
    x509.load_pem_x509_certificate(leaf.Cert.encode()).verify_directly_issued_by(
        x509.load_pem_x509_certificate(made.Cert.encode())
    )


def test_addresses_are_written_as_go_parses_them(keys: list[Any]) -> None:
    draft = crypto._draft("a", ["::ffff:10.1.2.3"], None, 1, is_ca=False, key_id_sha256=False)
    assert draft.addresses == (ipaddress.ip_address("10.1.2.3"),)


# What cryptography refuses, Helm writes: its certificates are the reference for those. (A day count whose Duration
# wraps is left out: its validity's length then depends on the clock's nanoseconds, on both sides.)
_BEYOND_CRYPTOGRAPHY = (
    '{{- $ca := genCA (repeat 100 "a") -100000 }}'
    '{{- $leaf := genSignedCert (repeat 70 "é") (list "10.0.0.1" "::1") (list "x.svc") -40000 $ca }}'
    '{{- $self := genSelfSignedCert "" nil (list "only.example") -30000 }}'
    '{{- $own := genCAWithKey (repeat 80 "k") -50000 (genPrivateKey "rsa") }}'
    "{{- $custom := buildCustomCert (b64enc $own.Cert) (b64enc $own.Key) }}"
    '{{- $signed := genSignedCertWithKey (repeat 90 "s") nil nil 3 $custom (genPrivateKey "rsa") }}\n'
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: certs\n"
    "data:\n  ca: {{ b64enc $ca.Cert }}\n  leaf: {{ b64enc $leaf.Cert }}\n  self: {{ b64enc $self.Cert }}\n"
    "  own: {{ b64enc $own.Cert }}\n  signed: {{ b64enc $signed.Cert }}\n"
)


def _shape(cert_b64: str) -> tuple[Any, ...]:
    """What a Sprig certificate says besides its key, serial, clock and signature: names, extensions (key ids by
    presence), the validity's length and how each end is encoded."""
    cert = x509.load_pem_x509_certificate(base64.b64decode(cert_b64))
    extensions = [
        (ext.oid.dotted_string, ext.critical, type(ext.value).__name__)
        if isinstance(ext.value, (x509.SubjectKeyIdentifier, x509.AuthorityKeyIdentifier))
        else (ext.oid.dotted_string, ext.critical, ext.value.public_bytes())
        for ext in cert.extensions
    ]
    tbs = cert.tbs_certificate_bytes
    ends = [cert.not_valid_before_utc, cert.not_valid_after_utc]
    encodings = [
        "GeneralizedTime" if b"\x18\x0f" + f"{end:%Y%m%d%H%M%S}Z".encode() in tbs else "UTCTime" for end in ends
    ]
    return (
        cert.subject.public_bytes(),
        cert.issuer.public_bytes(),
        extensions,
        (ends[1] - ends[0]).total_seconds(),
        encodings,
    )


# A CA handed in from values, not made by the render: it is parsed, and signs through the writer.
_FROM_VALUES = (
    "{{- $given := buildCustomCert .Values.caCert .Values.caKey }}"
    '{{- $fromValues := genSignedCert (repeat 75 "t") nil (list "t.svc") 3 $given }}'
    '{{- $fromValuesWithKey := genSignedCertWithKey (repeat 66 "w") nil nil 3 $given (genPrivateKey "rsa") }}\n'
    "  fromValues: {{ b64enc $fromValues.Cert }}\n  fromValuesWithKey: {{ b64enc $fromValuesWithKey.Cert }}\n"
)


@pytest.mark.filterwarnings("ignore:Attribute's length")  # cryptography reads what it would not write
def test_certificates_cryptography_would_refuse_are_shaped_as_helm_writes_them(
    helm, tmp_path: Path, keys: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ca_cert, ca_key = rsa_certificates.write(_draft("v" * 80, is_ca=True), keys[0], None)
    monkeypatch.setattr(rsa_certificates, "_MADE", {})  # as if another process had made the CA
    given = {"caCert": ca_cert, "caKey": ca_key}
    values = "".join(f"{name}: {base64.b64encode(text.encode()).decode()}\n" for name, text in given.items())
    chart = write_chart(
        {
            "Chart.yaml": b"apiVersion: v2\nname: certs\nversion: 0.1.0\n",
            "values.yaml": values.encode(),
            "templates/c.yaml": (_BEYOND_CRYPTOGRAPHY + _FROM_VALUES).encode(),
        },
        tmp_path / "certs",
    )
    (theirs,) = helm.template(chart)
    ours = yaml.safe_load(render_chart(chart, RenderOptions(release_name="intersystems", helm_compat=helm.major)).text)
    for name in ("ca", "leaf", "self", "own", "signed", "fromValues", "fromValuesWithKey"):
        assert _shape(ours["data"][name]) == _shape(theirs["data"][name]), name
