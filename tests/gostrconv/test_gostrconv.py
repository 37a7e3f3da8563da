"""Go's strconv as chartgen mirrors it: integer and float parsing, the int64 limits and wrap, quoting, unquoting."""

from __future__ import annotations

import math

import pytest

from chartgen import gostrconv
from chartgen.gostrconv import NumError

# ------------------------------------------------------------------------------------------------ limits and wrap


def test_limits_are_go_int64_and_uint64_bounds():
    assert (gostrconv.INT64_MIN, gostrconv.INT64_MAX) == (-(2**63), 2**63 - 1)
    assert gostrconv.UINT64_MAX == 2**64 - 1


def test_wrap_int64_keeps_values_in_range():
    assert gostrconv.wrap_int64(-5) == -5


def test_wrap_int64_wraps_past_the_maximum_to_the_minimum():
    assert gostrconv.wrap_int64(gostrconv.INT64_MAX + 1) == gostrconv.INT64_MIN


def test_wrap_int64_wraps_below_the_minimum_to_the_maximum():
    assert gostrconv.wrap_int64(gostrconv.INT64_MIN - 1) == gostrconv.INT64_MAX


# ------------------------------------------------------------------------------------------------ ParseInt / ParseUint


@pytest.mark.parametrize(
    ("text", "value"),
    [("0x1F", 31), ("0X1f", 31), ("0o17", 15), ("0b101", 5), ("017", 15), ("0", 0), ("-0x10", -16), ("+9", 9)],
)
def test_parse_int_base_0_reads_go_prefixes_and_signs(text, value):
    assert gostrconv.parse_int(text) == value


@pytest.mark.parametrize(("text", "value"), [("1_000", 1000), ("0x_1F", 31), ("0_17", 15)])
def test_parse_int_base_0_allows_underscores_between_digits_or_after_a_prefix(text, value):
    assert gostrconv.parse_int(text) == value


@pytest.mark.parametrize("text", ["_1", "1_", "1__0", "0x_", "-_1"])
def test_parse_int_base_0_refuses_misplaced_underscores(text):
    with pytest.raises(NumError, match="invalid syntax"):
        gostrconv.parse_int(text)


def test_parse_int_with_an_explicit_base_refuses_underscores_and_prefixes():
    for text in ("1_000", "0x10"):
        with pytest.raises(NumError, match="invalid syntax"):
            gostrconv.parse_int(text, 10)


def test_parse_int_reads_an_explicit_base():
    assert gostrconv.parse_int("777", 8) == 511
    assert gostrconv.parse_int("zz", 36) == 1295


@pytest.mark.parametrize("text", ["", "+", "-", "0x", "08", "1.5", " 1", "1e3", "١"])
def test_parse_int_syntax_errors_carry_go_text_and_zero(text):
    with pytest.raises(NumError) as caught:
        gostrconv.parse_int(text)
    assert str(caught.value) == f"strconv.ParseInt: parsing {gostrconv.quote(text)}: invalid syntax"
    assert caught.value.value == 0


def test_parse_int_range_error_carries_go_text_and_the_clamped_maximum():
    with pytest.raises(NumError) as caught:
        gostrconv.parse_int("9223372036854775808")
    assert str(caught.value) == 'strconv.ParseInt: parsing "9223372036854775808": value out of range'
    assert caught.value.value == gostrconv.INT64_MAX


def test_parse_int_range_error_below_the_minimum_carries_the_minimum():
    with pytest.raises(NumError) as caught:
        gostrconv.parse_int("-9223372036854775809")
    assert caught.value.value == gostrconv.INT64_MIN


def test_parse_int_accepts_the_int64_bounds():
    assert gostrconv.parse_int("-9223372036854775808") == gostrconv.INT64_MIN
    assert gostrconv.parse_int("9223372036854775807") == gostrconv.INT64_MAX


def test_parse_int_overflow_is_reported_before_a_later_bad_character():
    # Go stops scanning at the digit that overflows, so it never sees the "x".
    with pytest.raises(NumError, match="value out of range"):
        gostrconv.parse_int("99999999999999999999x")


def test_parse_int_stops_early_on_very_long_digit_runs():
    with pytest.raises(NumError, match="value out of range"):
        gostrconv.parse_int("9" * 100_000)


def test_parse_int_honours_a_smaller_bit_size():
    with pytest.raises(NumError) as caught:
        gostrconv.parse_int("128", 10, 8)
    assert caught.value.value == 127


def test_parse_int_refuses_an_invalid_base():
    with pytest.raises(NumError, match="invalid base 1"):
        gostrconv.parse_int("1", 1)


def test_parse_uint_refuses_a_sign():
    with pytest.raises(NumError, match=r'strconv.ParseUint: parsing "\+1": invalid syntax'):
        gostrconv.parse_uint("+1")


def test_parse_uint_reaches_the_uint64_maximum():
    assert gostrconv.parse_uint("18446744073709551615") == gostrconv.UINT64_MAX


def test_parse_uint_range_error_carries_the_maximum():
    with pytest.raises(NumError) as caught:
        gostrconv.parse_uint("18446744073709551616", 10)
    assert str(caught.value) == 'strconv.ParseUint: parsing "18446744073709551616": value out of range'
    assert caught.value.value == gostrconv.UINT64_MAX


def test_atoi_is_base_10_and_names_itself_in_errors():
    assert gostrconv.atoi("-42") == -42
    with pytest.raises(NumError, match=r'^strconv.Atoi: parsing "0x1": invalid syntax$'):
        gostrconv.atoi("0x1")


# ------------------------------------------------------------------------------------------------ ParseBool


@pytest.mark.parametrize(("text", "value"), [("1", True), ("t", True), ("TRUE", True), ("False", False), ("f", False)])
def test_parse_bool_accepts_go_spellings(text, value):
    assert gostrconv.parse_bool(text) is value


@pytest.mark.parametrize("text", ["yes", "tRUE", "", "2"])
def test_parse_bool_refuses_anything_else(text):
    with pytest.raises(NumError, match="^strconv.ParseBool: parsing .*: invalid syntax$"):
        gostrconv.parse_bool(text)


# ------------------------------------------------------------------------------------------------ ParseFloat


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5", 1.5), ("-.5", -0.5), ("1.", 1.0), ("1e3", 1000.0), ("1_000.5", 1000.5), ("0x1.8p1", 3.0), ("7", 7.0)],
)
def test_parse_float_reads_go_float_literals(text, value):
    assert gostrconv.parse_float(text) == value


@pytest.mark.parametrize(("text", "value"), [("inf", math.inf), ("-Infinity", -math.inf), ("+INF", math.inf)])
def test_parse_float_reads_infinities_in_any_case(text, value):
    assert gostrconv.parse_float(text) == value


def test_parse_float_reads_nan_without_a_sign():
    assert math.isnan(gostrconv.parse_float("NaN"))
    with pytest.raises(NumError):
        gostrconv.parse_float("+nan")


@pytest.mark.parametrize("text", ["", ".", "1e", "0x1", "0x1.8", "1e_3", "_1.5", "1.5.5", "1,5", " 1", "infin", "1e3x"])
def test_parse_float_syntax_errors_carry_go_text(text):
    with pytest.raises(NumError) as caught:
        gostrconv.parse_float(text)
    assert str(caught.value) == f"strconv.ParseFloat: parsing {gostrconv.quote(text)}: invalid syntax"


def test_parse_float_overflow_is_a_range_error_carrying_infinity():
    for text, value in (("1e400", math.inf), ("-1e400", -math.inf), ("0x1p1024", math.inf)):
        with pytest.raises(NumError) as caught:
            gostrconv.parse_float(text)
        assert caught.value.is_range
        assert caught.value.value == value


def test_parse_float_underflow_is_zero_without_error():
    assert gostrconv.parse_float("1e-400") == 0.0


# ------------------------------------------------------------------------------------------------ quoting


def test_quote_escapes_quotes_backslashes_and_named_controls():
    assert gostrconv.quote('a"b\\c\n\t') == '"a\\"b\\\\c\\n\\t"'


def test_quote_writes_other_controls_as_hex_and_unprintables_as_unicode_escapes():
    assert gostrconv.quote("\x01\x7f\u200b\U000e0001") == '"\\x01\\x7f\\u200b\\U000e0001"'


def test_quote_keeps_printable_unicode():
    assert gostrconv.quote("héllo ✓") == '"héllo ✓"'


def test_quote_writes_bytes_that_are_not_utf8_as_hex():
    assert gostrconv.quote(b"a\xffb".decode("utf-8", "surrogateescape")) == '"a\\xffb"'


def test_quote_to_ascii_escapes_everything_outside_ascii():
    assert gostrconv.quote_to_ascii("é✓") == '"\\u00e9\\u2713"'


def test_quote_rune_uses_single_quotes_and_escapes_only_the_single_quote():
    assert gostrconv.quote_rune(ord("'")) == "'\\''"
    assert gostrconv.quote_rune(ord('"')) == "'\"'"


def test_quote_rune_writes_invalid_code_points_as_the_replacement_character():
    assert gostrconv.quote_rune(0xD800) == "'�'"
    assert gostrconv.quote_rune_to_ascii(-1) == "'\\ufffd'"


@pytest.mark.parametrize(("text", "ok"), [("a\tb", True), ("a`b", False), ("\ufeff", False), ("a\nb", False)])
def test_can_backquote_refuses_backquotes_boms_and_controls_but_tab(text, ok):
    assert gostrconv.can_backquote(text) is ok


# ------------------------------------------------------------------------------------------------ unquoting


def test_unquote_decodes_escapes():
    assert gostrconv.unquote(r'"a\tb\u00e9\x41\101\""') == 'a\tbéAA"'


def test_unquote_assembles_byte_escapes_into_utf8():
    assert gostrconv.unquote(r'"\xc3\xa9"') == "é"


def test_unquote_keeps_bytes_that_are_not_utf8_as_surrogate_escapes():
    assert gostrconv.unquote(r'"\xff"') == "\udcff"


def test_unquote_raw_string_drops_carriage_returns():
    assert gostrconv.unquote("`a\r\nb\\n`") == "a\nb\\n"


@pytest.mark.parametrize("quoted", ['"a', '"a\nb"', r'"\'"', r'"\q"', r'"\x4"', r'"\400"', r'"\ud800"', "'a'", "`a`b`"])
def test_unquote_refuses_malformed_literals_with_go_text(quoted):
    with pytest.raises(ValueError, match="^invalid syntax$"):
        gostrconv.unquote(quoted)


def test_unquote_char_decodes_a_character_constant():
    assert gostrconv.unquote_char(r"'\n'") == 10
    assert gostrconv.unquote_char("'é'") == 0xE9


def test_unquote_char_refuses_more_than_one_character():
    with pytest.raises(ValueError, match="malformed character constant: 'ab'"):
        gostrconv.unquote_char("'ab'")
