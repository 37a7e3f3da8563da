"""Sprig's encoding and checksum functions, driven through the template executor.

Every expected value below is what real Helm (3.17.3 and 4.1.4, identical) rendered for the same expression with
the values in ``template_harness.EXPRESSION_VALUES``; error texts are the part of Helm's message after
``executing ... at <...>:``.
"""

from __future__ import annotations

import pytest
from template_harness import expression_tests

from chartgen.sprig.encoding import FUNCS
from chartgen.sprig.strings import trunc

# trunc stands in to hash a string that ends in half a character.
render, failure = expression_tests({"trunc": trunc, **FUNCS})


ENCODE = [
    ('b64enc "hello"', "aGVsbG8="),
    ('b64enc ""', ""),
    ('b64enc "é"', "w6k="),
    ('b32enc "hello"', "NBSWY3DP"),
    ('b32enc ""', ""),
    ('b32enc "a"', "ME======"),
]

BASE64_DECODE = [
    ('b64dec "aGVsbG8="', "hello"),
    ('b64dec "!!bad"', "illegal base64 data at input byte 0"),
    ('b64dec ""', ""),
    ('b64dec "aGVsbG8"', "illegal base64 data at input byte 4"),
    ('b64dec "aGVsbG"', "illegal base64 data at input byte 4"),
    ('b64dec "aGVsbA"', "illegal base64 data at input byte 4"),
    ('b64dec "a"', "illegal base64 data at input byte 0"),
    ('b64dec "aGVsbG8=x"', "illegal base64 data at input byte 8"),
    ('b64dec "aGVsbA=="', "hell"),
    ('b64dec "aGVsbA="', "illegal base64 data at input byte 7"),
    ('b64dec "aGVsbA=\\n="', "hell"),
    ('b64dec "aGVs\\nbG8="', "hello"),
    ('b64dec "aGVs\\r\\nbG8=\\n"', "hello"),
    ('b64dec "aGVsbA==\\n\\nx"', "illegal base64 data at input byte 10"),
    ('b64dec "aGVsbA==="', "illegal base64 data at input byte 8"),
    ('b64dec "=aGV"', "illegal base64 data at input byte 0"),
    ('b64dec "a==="', "illegal base64 data at input byte 1"),
    ('b64dec "ab=c"', "illegal base64 data at input byte 2"),
    ('b64dec "abc=d"', "illegal base64 data at input byte 4"),
    ('b64dec "aGVsbG9="', "hello"),
    ('b64dec "aGVsbG8=aGVsbG8="', "illegal base64 data at input byte 8"),
    ('b64dec "aGVs bG8="', "illegal base64 data at input byte 4"),
    ('b64dec "aGVsbG8-"', "illegal base64 data at input byte 7"),
    ('b64dec "/w=="', "\udcff"),
    ('b64dec "ww==" | len', "1"),
    ('b64dec "aGVsbG8=\\n"', "hello"),
    ('b64dec "aGVsbA=\\n"', "illegal base64 data at input byte 8"),
]

BASE32_DECODE = [
    ('b32dec "NBSWY3DP"', "hello"),
    ('b32dec "NBSWY3DPEE======"', "hello!"),
    ('b32dec "ME======"', "a"),
    ('b32dec "ME"', "illegal base32 data at input byte 0"),
    ('b32dec "M"', "illegal base32 data at input byte 0"),
    ('b32dec "ME====="', "illegal base32 data at input byte 7"),
    ('b32dec "ME======x"', "a"),
    ('b32dec "MFRA===="', "ab"),
    ('b32dec "MFRGG==="', "abc"),
    ('b32dec "MFRGGZA="', "abcd"),
    ('b32dec "MFRGGZDF"', "abcde"),
    ('b32dec "MFRGG=="', "illegal base32 data at input byte 7"),
    ('b32dec "M======="', "illegal base32 data at input byte 1"),
    ('b32dec "MFR====="', "illegal base32 data at input byte 3"),
    ('b32dec "MFRGGZ=="', "illegal base32 data at input byte 6"),
    ('b32dec "nbswy3dp"', "illegal base32 data at input byte 0"),
    ('b32dec "NBSW\\nY3DP"', "hello"),
    ('b32dec "NBSWY3DP!"', "illegal base32 data at input byte 8"),
    ('b32dec "ME==a==="', "illegal base32 data at input byte 3"),
    ('b32dec "1"', "illegal base32 data at input byte 0"),
    ('b32dec ""', ""),
    ('b32dec "NBSWY3DPNBSWY3DP"', "hellohello"),
    ('b32dec "NBSWY3DPNB"', "illegal base32 data at input byte 8"),
]

CHECKSUMS = [
    ('sha256sum "hello"', "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
    ('sha1sum "hello"', "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
    ('adler32sum "hello"', "103547413"),
    ('adler32sum ""', "1"),
    (
        'sha512sum ""',
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    ),
    ('sha256sum "é"', "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"),
    ('sha1sum (trunc 1 "é")', "8bf7b464aaa2c2b536aa1d76a1297c19155f5603"),
]


@pytest.mark.parametrize(("expr", "expected"), ENCODE)
def test_encoders_use_the_standard_padded_alphabets(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), BASE64_DECODE)
def test_b64dec_decodes_or_renders_go_error_offset(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), BASE32_DECODE)
def test_b32dec_decodes_or_renders_go_error_offset(expr, expected):
    assert render(expr) == expected


@pytest.mark.parametrize(("expr", "expected"), CHECKSUMS)
def test_checksums_hash_the_string_bytes(expr, expected):
    assert render(expr) == expected


def test_encoders_take_a_string_parameter():
    assert failure("b64enc .Values.num") == "wrong type for value; expected string; got float64"
