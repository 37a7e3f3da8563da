"""Sprig's crypto functions: bcrypt, Master Password, AES, keys and certificates.

Deterministic results and error texts were printed by the real helm 3.17.3 binary. Random keys and certificates
are checked by shape: parsed with ``cryptography`` and compared with what helm's own certificates contain.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
from pathlib import Path

import bcrypt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID, NameOID
from template_harness import exec_error, execute

from chartgen.gotemplate.exec import ExecError
from chartgen.helmcompat.profile import profile_for
from chartgen.sprig.crypto import Certificate, derive_password, funcs_for


def _list(*items: object) -> list:
    return list(items)


def _b64enc(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def run(text: str, data: object = None, *, helm_major: int = 3) -> str:
    return execute({**funcs_for(profile_for(helm_major)), "list": _list, "b64enc": _b64enc}, text, data)


def value(text: str, *, helm_major: int = 3) -> object:
    """Run ``text`` and return the last value it piped into ``keep`` (a test-only function)."""
    captured: list = []
    execute({**funcs_for(profile_for(helm_major)), "list": _list, "b64enc": _b64enc, "keep": captured.append}, text)
    return captured[-1]


def error(text: str, data: object = None) -> str:
    return exec_error(run, text, data)


def load(cert: Certificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert.Cert.encode())


# ------------------------------------------------------------------------------------------------ bcrypt


def test_bcrypt_uses_the_2a_prefix_and_cost_10() -> None:
    hashed = run('{{ bcrypt "x" }}')
    assert hashed.startswith("$2a$10$") and len(hashed) == 60
    assert bcrypt.checkpw(b"x", hashed.encode())


def test_htpasswd_joins_user_and_hash() -> None:
    line = run('{{ htpasswd "user" "pass" }}')
    user, hashed = line.split(":", 1)
    assert user == "user" and bcrypt.checkpw(b"pass", hashed.encode())


def test_htpasswd_refuses_a_colon_in_the_user() -> None:
    assert run('{{ htpasswd "a:b" "c" }}') == "invalid username: a:b"


def test_bcrypt_refuses_more_than_72_bytes() -> None:
    assert run("{{ bcrypt .p }}", {"p": "a" * 73}) == (
        "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
    )


# ------------------------------------------------------------------------------------------------ derivePassword


@pytest.mark.parametrize(
    ("counter", "kind", "password", "user", "site", "expected"),
    [
        (1, "long", "password", "user", "example.com", "ZedaFaxcZaso9*"),
        (1, "long", "pässword", "usér", "example.com", "TatiYehsQosz1/"),
        (2, "maximum", "pässword", "usér", "a", "hzk7ZX7EOzE0kj7IWO4$"),
        (4294967295, "medium", "pässword", "usér", "héllo", "Cih3+Coc"),
        (1, "short", "pässword", "usér", "b.org", "Jel4"),
        (1, "basic", "pässword", "usér", "c.net", "Ltu8bQI3"),
        (2, "pin", "pässword", "usér", "d", "0866"),
    ],
)
def test_derive_password_is_master_password(
    counter: int, kind: str, password: str, user: str, site: str, expected: str
) -> None:
    assert derive_password(counter, kind, password, user, site) == expected


def test_derive_password_in_a_template_takes_an_unsigned_constant() -> None:
    assert run('{{ derivePassword 1 "long" "password" "user" "example.com" }}') == "ZedaFaxcZaso9*"


def test_derive_password_refuses_a_computed_int() -> None:
    assert error('{{ derivePassword (1) "long" "p" "u" "s" }}') == "wrong type for value; expected uint32; got int"


def test_derive_password_unknown_template() -> None:
    assert run('{{ derivePassword 1 "nope" "p" "u" "s" }}') == "cannot find password template nope"


# ------------------------------------------------------------------------------------------------ AES


@pytest.mark.parametrize(
    ("password", "ciphertext", "plaintext"),
    [
        # Encrypted by helm 3.17.3.
        ("secretkey", "IcfpU4+EYLT+IDZaSDnhSPYrgLNB3UjK4ps0eOBCDDY=", "plaintext"),
        (
            "a-very-long-password-longer-than-32-bytes!",
            "GHEySO6PDIO5x57DLsC3M2vXYVVCGDeedLDF1gqfO8kAAo+naB6oFv6v9ECaHT5YDKQhjx6qt1nQQCO+q7YVAg==",
            "héllo wörld, 16+ bytes of text",
        ),
        ("", "m6jUGfXAgoK3EKmSK9ZscpVooZXIPCgHN2dmjxeKYz5hF7zc+2Hcu8WpswbCpyao", "exactly16bytes!!"),
    ],
)
def test_decrypt_aes_reads_what_helm_encrypted(password: str, ciphertext: str, plaintext: str) -> None:
    assert run("{{ decryptAES .k .c }}", {"k": password, "c": ciphertext}) == plaintext


def test_encrypt_aes_round_trips() -> None:
    assert run('{{ encryptAES "secretkey" "plaintext" | decryptAES "secretkey" }}') == "plaintext"


def test_encrypt_aes_is_iv_plus_padded_blocks() -> None:
    assert len(base64.b64decode(run('{{ encryptAES "k" "x" }}'))) == 32
    assert len(base64.b64decode(run('{{ encryptAES "k" "0123456789abcdef" }}'))) == 48


def test_aes_of_empty_text_is_empty() -> None:
    assert run('[{{ encryptAES "k" "" }}][{{ decryptAES "k" "" }}]') == "[][]"


@pytest.mark.parametrize(
    ("crypt", "message"),
    [
        ("!!", "illegal base64 data at input byte 0"),
        ("YWJj=", "illegal base64 data at input byte 4"),
        ("YW Jj", "illegal base64 data at input byte 2"),
        ("YWJj", "runtime error: slice bounds out of range [:16] with capacity 3"),
        ("YWJj\n", "runtime error: slice bounds out of range [:16] with capacity 3"),
        (_b64enc("0123456789abcdef0"), "crypto/cipher: input not full blocks"),
        (_b64enc("0123456789abcdef"), "runtime error: index out of range [-1]"),
        (_b64enc("0123456789abcdef0123456789abcdef"), "runtime error: slice bounds out of range [:-233]"),
    ],
)
def test_decrypt_aes_errors_are_go_panics(crypt: str, message: str) -> None:
    with pytest.raises(ExecError) as info:
        run('{{ decryptAES "k" .c }}', {"c": crypt})
    assert info.value.message == f"error calling decryptAES: {message}"


def test_helm_decrypts_what_we_encrypt(helm, tmp_path: Path) -> None:
    ciphertext = run('{{ encryptAES "secretkey" "from chartgen" }}')
    chart = tmp_path / "aes"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: aes\nversion: 0.1.0\n")
    (chart / "templates" / "t.yaml").write_text(f'# {{{{ decryptAES "secretkey" "{ciphertext}" }}}}\n')
    out = helm.run("template", "rel", str(chart)).stdout
    assert out.splitlines()[-1] == "# from chartgen"


# ------------------------------------------------------------------------------------------------ keys


@pytest.mark.parametrize(
    ("kind", "header", "key_type"),
    [
        ("rsa", "RSA PRIVATE KEY", rsa.RSAPrivateKey),
        ("", "RSA PRIVATE KEY", rsa.RSAPrivateKey),
        ("ecdsa", "EC PRIVATE KEY", ec.EllipticCurvePrivateKey),
        ("ed25519", "PRIVATE KEY", ed25519.Ed25519PrivateKey),
        ("dsa", "DSA PRIVATE KEY", dsa.DSAPrivateKey),
    ],
)
def test_gen_private_key_pem_types(kind: str, header: str, key_type: type) -> None:
    pem = run(f'{{{{ genPrivateKey "{kind}" }}}}')
    assert pem.startswith(f"-----BEGIN {header}-----\n") and pem.endswith(f"\n-----END {header}-----\n")
    assert isinstance(serialization.load_pem_private_key(pem.encode(), None), key_type)


@pytest.mark.parametrize(("kind", "size"), [("rsa", 4096), ("ecdsa", 256), ("dsa", 2048)])
def test_gen_private_key_sizes(kind: str, size: int) -> None:
    key = serialization.load_pem_private_key(run(f'{{{{ genPrivateKey "{kind}" }}}}').encode(), None)
    assert key.key_size == size
    if kind == "dsa":
        assert key.parameters().parameter_numbers().q.bit_length() == 256


def test_gen_private_key_unknown_type() -> None:
    assert run('[{{ genPrivateKey "foo" }}]') == "[Unknown type foo]"


# ------------------------------------------------------------------------------------------------ certificates


def _extension_order(cert: x509.Certificate) -> list:
    return [ext.oid for ext in cert.extensions]


def test_gen_ca_is_a_self_signed_rsa_2048_ca() -> None:
    ca = value('{{ genCA "my-ca" 365 | keep }}')
    assert isinstance(ca, Certificate) and ca.go_type == "sprig.certificate"
    cert = load(ca)
    assert cert.subject == cert.issuer == x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "my-ca")])
    assert cert.public_key().key_size == 2048
    assert cert.signature_hash_algorithm.name == "sha256"
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == datetime.timedelta(days=365)
    assert abs(cert.not_valid_before_utc - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=1)
    assert 0 < cert.serial_number < 2**128
    assert _extension_order(cert) == [
        ExtensionOID.KEY_USAGE,
        ExtensionOID.EXTENDED_KEY_USAGE,
        ExtensionOID.BASIC_CONSTRAINTS,
        ExtensionOID.SUBJECT_KEY_IDENTIFIER,
    ]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.digital_signature
    assert usage.value.key_encipherment and not usage.value.crl_sign
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length is None
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.SERVER_AUTH,
        ExtendedKeyUsageOID.CLIENT_AUTH,
    ]
    cert.verify_directly_issued_by(cert)
    key = serialization.load_pem_private_key(ca.Key.encode(), None)
    assert ca.Key.startswith("-----BEGIN RSA PRIVATE KEY-----\n") and ca.Cert.endswith("-----END CERTIFICATE-----\n")
    assert key.public_key().public_numbers() == cert.public_key().public_numbers()


def _key_bits(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)


def test_ca_key_id_is_sha1_in_helm3() -> None:
    cert = load(value('{{ genCA "x" 1 | keep }}'))
    key_id = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert key_id == hashlib.sha1(_key_bits(cert)).digest()


def test_ca_key_id_is_truncated_sha256_in_helm4() -> None:
    cert = load(value('{{ genCA "x" 1 | keep }}', helm_major=4))
    key_id = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert key_id == hashlib.sha256(_key_bits(cert)).digest()[:20]


def test_gen_signed_cert_is_signed_by_the_ca() -> None:
    signed, ca = value(
        '{{ $ca := genCA "my-ca" 365 }}'
        '{{ $c := genSignedCert "foo.example" (list "10.0.0.1" "::1") (list "foo" "bar") 30 $ca }}'
        "{{ list $c $ca | keep }}"
    )
    cert, ca_cert = load(signed), load(ca)
    cert.verify_directly_issued_by(ca_cert)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "foo.example"
    assert cert.issuer == ca_cert.subject
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == datetime.timedelta(days=30)
    assert _extension_order(cert) == [
        ExtensionOID.KEY_USAGE,
        ExtensionOID.EXTENDED_KEY_USAGE,
        ExtensionOID.BASIC_CONSTRAINTS,
        ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
        ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    ]
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    ca_id = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier == ca_id
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert not san.critical
    assert list(san.value) == [
        x509.DNSName("foo"),
        x509.DNSName("bar"),
        x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]


def test_gen_self_signed_cert_without_names() -> None:
    cert = load(value('{{ genSelfSignedCert "foo" nil nil 365 | keep }}'))
    cert.verify_directly_issued_by(cert)
    assert _extension_order(cert) == [
        ExtensionOID.KEY_USAGE,
        ExtensionOID.EXTENDED_KEY_USAGE,
        ExtensionOID.BASIC_CONSTRAINTS,
    ]


def test_empty_subject_makes_the_alternative_names_critical() -> None:
    cert = load(value('{{ genSelfSignedCert "" (list "::ffff:1.2.3.4") (list "*.x") 1 | keep }}'))
    assert len(cert.subject) == 0
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert san.critical
    # An IPv4-mapped address is written as plain IPv4, as Go does.
    assert san.value.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("1.2.3.4")]


def test_common_name_string_type_follows_go() -> None:
    printable = load(value('{{ genSelfSignedCert "a-b.c" nil nil 1 | keep }}'))
    utf8 = load(value('{{ genSelfSignedCert "é*&" nil nil 1 | keep }}'))
    # PrintableString (0x13) when possible, UTF8String (0x0c) otherwise; helm writes 0c04c3a92a26 for "é*&".
    assert b"\x13\x05a-b.c" in printable.tbs_certificate_bytes
    assert bytes.fromhex("0c04c3a92a26") in utf8.tbs_certificate_bytes


def test_an_asterisk_makes_the_common_name_a_utf8_string_as_go_writes_it() -> None:
    # Go's encoder keeps "*" out of a PrintableString; helm 3.17.3 and 4.1.4 write 0c0d2a2e6578616d706c652e636f6d.
    for template in (
        '{{ genSelfSignedCert "*.example.com" nil nil 1 | keep }}',
        '{{ genCA "*.example.com" 1 | keep }}',
    ):
        cert = load(value(template))
        assert bytes.fromhex("0c0d2a2e6578616d706c652e636f6d") in cert.tbs_certificate_bytes
        assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "*.example.com"


def test_negative_days_give_an_expired_certificate() -> None:
    cert = load(value('{{ genSelfSignedCert "a" nil nil -1 | keep }}'))
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == datetime.timedelta(days=-1)


@pytest.mark.parametrize(
    ("kind", "key_type", "hash_name"),
    [("ecdsa", ec.EllipticCurvePrivateKey, "sha256"), ("ed25519", ed25519.Ed25519PrivateKey, None)],
)
def test_gen_ca_with_key_uses_that_key(kind: str, key_type: type, hash_name: str | None) -> None:
    ca = value(f'{{{{ genCAWithKey "k" 1 (genPrivateKey "{kind}") | keep }}}}')
    cert = load(ca)
    assert isinstance(serialization.load_pem_private_key(ca.Key.encode(), None), key_type)
    assert (cert.signature_hash_algorithm.name if cert.signature_hash_algorithm else None) == hash_name
    cert.verify_directly_issued_by(cert)


def test_gen_signed_cert_with_key_keeps_the_given_key() -> None:
    signed, key_pem = value(
        '{{ $k := genPrivateKey "ecdsa" }}{{ $ca := genCA "a" 1 }}'
        '{{ list (genSignedCertWithKey "b" nil nil 1 $ca $k) $k | keep }}'
    )
    assert signed.Key == key_pem
    assert signed.Key.startswith("-----BEGIN EC PRIVATE KEY-----")


def test_gen_self_signed_cert_with_key_is_signed_by_it() -> None:
    cert = value('{{ genSelfSignedCertWithKey "s" nil (list "s.example") 7 (genPrivateKey "rsa") | keep }}')
    parsed = load(cert)
    parsed.public_key().verify(parsed.signature, parsed.tbs_certificate_bytes, padding.PKCS1v15(), hashes.SHA256())
    assert parsed.public_key().key_size == 4096


def test_build_custom_cert_keeps_the_pems() -> None:
    ca, built = value(
        '{{ $c := genCA "a" 1 }}{{ list $c (buildCustomCert ($c.Cert | b64enc) ($c.Key | b64enc)) | keep }}'
    )
    assert (built.Cert, built.Key) == (ca.Cert, ca.Key)


def test_certificate_prints_as_a_go_struct() -> None:
    cert = Certificate("C", "K")
    assert str(cert) == "{C K}"
    assert cert.go_json() == {"Cert": "C", "Key": "K"}


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('genSelfSignedCert "a" (list "x") nil 1', "error parsing ip: x"),
        ('genSelfSignedCert "a" (list 1) nil 1', "error parsing ip: 1 is not a string"),
        ('genSelfSignedCert "a" nil (list 1) 1', "error processing alternate dns name: 1 is not a string"),
        ('genSelfSignedCert "a" (list "010.0.0.1") nil 1', "error parsing ip: 010.0.0.1"),
        ('genSelfSignedCert "a" (list "fe80::1%eth0") nil 1', "error parsing ip: fe80::1%eth0"),
        (
            'genSelfSignedCert "a" nil (list "é") 1',
            'error creating certificate: x509: "é" cannot be encoded as an IA5String',
        ),
        ('buildCustomCert "!!" "x"', "unable to decode base64 certificate"),
        ('buildCustomCert "eA==" "!!"', "unable to decode base64 private key"),
        ('buildCustomCert "eA==" "eA=="', "unable to decode certificate"),
        (
            '$c := genCA "a" 1 }}{{ buildCustomCert ($c.Cert | b64enc) "eA=="',
            "error parsing private key: no PEM data in input",
        ),
        (
            'buildCustomCert ("-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n" | b64enc) "eA=="',
            "error parsing certificate: decodedCert.Bytes: x509: malformed certificate",
        ),
        ('genCAWithKey "a" 1 "x"', "parsing private key: no PEM data in input"),
        (
            'genCAWithKey "a" 1 (genPrivateKey "dsa")',
            "error creating certificate: x509: certificate private key does not implement crypto.Signer",
        ),
        (
            'genCAWithKey "a" 1 "-----BEGIN FOO-----\\nAAAA\\n-----END FOO-----\\n"',
            "parsing private key: no private key data in PEM block of type FOO",
        ),
        (
            'genCAWithKey "a" 1 "-----BEGIN FOO PRIVATE KEY-----\\nAAAA\\n-----END FOO PRIVATE KEY-----\\n"',
            "parsing private key: invalid private key type FOO PRIVATE KEY",
        ),
        (
            '$ca := genCA "a" 1 }}{{ genSignedCertWithKey "b" nil nil 1 $ca (genPrivateKey "dsa")',
            "error creating certificate: x509: unsupported public key type: *dsa.PublicKey",
        ),
    ],
)
def test_certificate_errors(template: str, message: str) -> None:
    name = template.split("{{ ")[-1].split()[0]
    assert error("{{ " + template + " }}") == f"error calling {name}: {message}"


def test_gen_signed_cert_wants_a_certificate_struct() -> None:
    assert error('{{ genSignedCert "a" nil nil 1 .ca }}', {"ca": {}}) == (
        "wrong type for value; expected sprig.certificate; got map[string]interface {}"
    )


# ------------------------------------------------------------------------------------------------ random


def test_rand_bytes_is_base64_of_n_bytes() -> None:
    assert len(base64.b64decode(run("{{ randBytes 6 }}"))) == 6
    assert run("[{{ randBytes 0 }}]") == "[]"


def test_rand_bytes_negative_is_a_makeslice_panic() -> None:
    assert error("{{ randBytes -1 }}") == "error calling randBytes: runtime error: makeslice: len out of range"


def test_uuidv4_shape() -> None:
    import re

    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", run("{{ uuidv4 }}"))
