"""The DER encoders certificates are written with: encodings as X.690 fixes them."""

from __future__ import annotations

import datetime

import pytest

from chartgen.sprig import der


@pytest.mark.parametrize(
    ("value", "encoding"),
    [
        (0, "020100"),
        (127, "02017f"),
        (128, "02020080"),
        (256, "02020100"),
        (-1, "0201ff"),
        (-128, "020180"),
        (-129, "0202ff7f"),
        (2**128 - 1, "021100" + "ff" * 16),
    ],
)
def test_integer_is_twos_complement_in_the_fewest_octets(value: int, encoding: str) -> None:
    assert der.integer(value).hex() == encoding


@pytest.mark.parametrize(("size", "header"), [(0, "0400"), (127, "047f"), (128, "048180"), (256, "04820100")])
def test_length_takes_the_long_form_from_128_octets(size: int, header: str) -> None:
    assert der.octet_string(b"x" * size).hex() == header + "78" * size


def test_oid_packs_the_first_two_arcs_and_writes_base_128() -> None:
    assert der.oid("1.2.840.113549.1.1.11").hex() == "06092a864886f70d01010b"
    assert der.oid("2.5.29.15").hex() == "0603551d0f"


@pytest.mark.parametrize(
    ("positions", "encoding"),
    [((), "030100"), ((0, 2), "030205a0"), ((0, 2, 5), "030202a4"), ((7,), "03020001"), ((8,), "0303070080")],
)
def test_named_bits_end_at_the_highest_bit_set(positions: tuple[int, ...], encoding: str) -> None:
    assert der.named_bits(*positions).hex() == encoding


def test_boolean_true_is_all_ones() -> None:
    assert (der.boolean(True) + der.boolean(False)).hex() == "0101ff010100"


def test_set_of_orders_its_elements_by_encoding() -> None:
    assert der.set_of(der.integer(2), der.integer(1)).hex() == "3106020101020102"


def test_context_tags_are_explicit_or_implicit() -> None:
    assert der.context(0, der.integer(2), constructed=True).hex() == "a003020102"
    assert der.context(2, b"a", constructed=False).hex() == "820161"


def test_empty_sequence() -> None:
    assert der.sequence().hex() == "3000"


def _utc(*fields: int) -> int:
    return int(datetime.datetime(*fields, tzinfo=datetime.timezone.utc).timestamp())


@pytest.mark.parametrize(
    ("moment", "encoding"),
    [
        (_utc(1950, 1, 1), b"\x17\x0d500101000000Z"),
        (_utc(2049, 12, 31, 23, 59, 59), b"\x17\x0d491231235959Z"),
        (_utc(2050, 1, 1), b"\x18\x0f20500101000000Z"),
        (_utc(2318, 6, 7, 8, 9, 10), b"\x18\x0f23180607080910Z"),
    ],
)
def test_time_is_utc_time_through_2049_then_generalized_time(moment: int, encoding: bytes) -> None:
    assert der.rfc5280_time(moment) == encoding


def test_strings_carry_their_universal_tags() -> None:
    assert der.printable_string("a").hex() == "130161"
    assert der.utf8_string("é").hex() == "0c02c3a9"
