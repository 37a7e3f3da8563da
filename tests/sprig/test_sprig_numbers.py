"""Sprig's number functions run through the template executor.

Every expectation below is what ``helm template`` printed (helm 3.17.3; helm 4.1.4 prints the same). Values are
shaped as Helm loads them: every number in values.yaml is a float64.
"""

from __future__ import annotations

import pytest
from template_harness import COLLECTION_FUNCS as FUNCS
from template_harness import exec_error, execute

VALUES = {"f": 2.7, "i": 3.0, "s": "12", "num": 2.0}


def render(text: str) -> str:
    return execute(FUNCS, text, {"Values": VALUES}).replace("<no value>", "")


def render_error(text: str) -> str:
    return exec_error(render, text)


CONVERSION_CASES = [
    ('{{ int "42" }}', "42"),
    ('{{ int "4.0" }}', "4"),
    ('{{ int "4.50" }}', "0"),
    ('{{ int "4." }}', "0"),
    ('{{ int "0x1F" }}', "31"),
    ('{{ int "010" }}', "8"),
    ('{{ int "08" }}', "0"),
    ('{{ int "-0b11" }}', "-3"),
    ('{{ int "0o17" }}', "15"),
    ('{{ int "1_000" }}', "1000"),
    ('{{ int "_1" }}', "0"),
    ('{{ int "1e3" }}', "0"),
    ('{{ int " 5" }}', "0"),
    ('{{ int "abc" }}', "0"),
    ('{{ int "9223372036854775808" }}', "0"),
    ("{{ int 4.9 }}", "4"),
    ("{{ int -4.9 }}", "-4"),
    ("{{ int true }}", "1"),
    ("{{ int nil }}", "0"),
    ("{{ int .Values.f }}", "2"),
    ("{{ int .Values.s }}", "12"),
    ("{{ int .Values.missing }}", "0"),
    ("{{ int (list 1) }}", "0"),
    ('{{ int64 "9223372036854775807" }}', "9223372036854775807"),
    ("{{ int64 3.99 }}", "3"),
    ('{{ float64 "3.5" }}', "3.5"),
    ('{{ float64 "1e3" }}', "1000"),
    ('{{ float64 "1_000" }}', "1000"),
    ('{{ float64 "0x10" }}', "0"),
    ('{{ float64 "0x1p-2" }}', "0.25"),
    ('{{ float64 "0x1.8p1" }}', "3"),
    ('{{ float64 "1." }}', "1"),
    ('{{ float64 ".5" }}', "0.5"),
    ('{{ float64 " 1" }}', "0"),
    ('{{ float64 "inf" }}', "+Inf"),
    ('{{ float64 "-Infinity" }}', "-Inf"),
    ('{{ float64 "nan" }}', "NaN"),
    ('{{ float64 "+NaN" }}', "0"),
    ('{{ float64 "1e400" }}', "0"),
    ('{{ float64 "1e-400" }}', "0"),
    ("{{ float64 5 }}", "5"),
    ("{{ float64 true }}", "1"),
    ('{{ float64 "abc" }}', "0"),
]


@pytest.mark.parametrize(("template", "expected"), CONVERSION_CASES)
def test_int_int64_float64_convert_like_spf13_cast(template, expected):
    assert render(template) == expected


FLOAT_TO_INT_OVERFLOW_CASES = [
    ("{{ int64 1e19 }}", "-9223372036854775808"),
    ("{{ int 1e19 }}", "-9223372036854775808"),
    ('{{ int64 (float64 "inf") }}', "-9223372036854775808"),
    ('{{ int64 (float64 "nan") }}', "-9223372036854775808"),
]


@pytest.mark.parametrize(("template", "expected"), FLOAT_TO_INT_OVERFLOW_CASES)
def test_out_of_range_float_converts_to_min_int64_as_on_amd64(template, expected):
    assert render(template) == expected


ATOI_CASES = [
    ('{{ atoi "42" }}', "42"),
    ('{{ atoi "-7" }}', "-7"),
    ('{{ atoi "+3" }}', "3"),
    ('{{ atoi "4.2" }}', "0"),
    ('{{ atoi " 42" }}', "0"),
    ('{{ atoi "0x10" }}', "0"),
    ('{{ atoi "1_000" }}', "0"),
    ('{{ atoi "007" }}', "7"),
    ('{{ atoi "" }}', "0"),
    ('{{ atoi "99999999999999999999" }}', "9223372036854775807"),
    ('{{ atoi "-99999999999999999999" }}', "-9223372036854775808"),
    ('{{ atoi "99999999999999999999x" }}', "9223372036854775807"),  # Go stops at the overflow, before the "x"
    ('{{ typeOf (atoi "1") }}', "int"),
]


@pytest.mark.parametrize(("template", "expected"), ATOI_CASES)
def test_atoi_is_strconv_atoi_with_the_error_dropped(template, expected):
    assert render(template) == expected


TO_DECIMAL_CASES = [
    ('{{ toDecimal "0777" }}', "511"),
    ("{{ toDecimal 777 }}", "511"),
    ('{{ toDecimal "-17" }}', "-15"),
    ("{{ toDecimal 7.5 }}", "0"),
    ('{{ toDecimal "0o17" }}', "0"),
    ('{{ toDecimal "8" }}', "0"),
    ("{{ typeOf (toDecimal 1) }}", "int64"),
]


@pytest.mark.parametrize(("template", "expected"), TO_DECIMAL_CASES)
def test_to_decimal_reads_the_printed_value_as_octal(template, expected):
    assert render(template) == expected


INT_ARITHMETIC_CASES = [
    ("{{ add 1 2 }}", "3"),
    ("{{ add 1.9 1.9 }}", "2"),
    ('{{ add "3" 4 }}', "7"),
    ("{{ add }}", "0"),
    ("{{ add .Values.f .Values.i }}", "5"),
    ('{{ add 5 "x" }}', "5"),
    ("{{ add nil 3 }}", "3"),
    ("{{ sub 5 7 }}", "-2"),
    ("{{ mul 2 3 4 }}", "24"),
    ("{{ add1 5 }}", "6"),
    ("{{ add1 .Values.f }}", "3"),
    ("{{ div 7 2 }}", "3"),
    ("{{ div -7 2 }}", "-3"),
    ("{{ div 7 -2 }}", "-3"),
    ("{{ mod 7 3 }}", "1"),
    ("{{ mod -7 3 }}", "-1"),
    ("{{ mod 7 -2 }}", "1"),
    ("{{ max 1 5 3 }}", "5"),
    ("{{ biggest 2 9 }}", "9"),
    ("{{ min 4 2 8 }}", "2"),
    ("{{ max 1.9 1.5 }}", "1"),
    ("{{ typeOf (add 1 2) }}", "int64"),
    ("{{ typeOf (max 1 2) }}", "int64"),
    ("{{ typeOf (div 1 1) }}", "int64"),
]


@pytest.mark.parametrize(("template", "expected"), INT_ARITHMETIC_CASES)
def test_integer_arithmetic_truncates_arguments_and_returns_int64(template, expected):
    assert render(template) == expected


INT64_WRAP_CASES = [
    ("{{ add 9223372036854775807 1 }}", "-9223372036854775808"),
    ("{{ mul 9223372036854775807 2 }}", "-2"),
    ("{{ add 9223372036854775807 9223372036854775807 }}", "-2"),
    ("{{ div -9223372036854775808 -1 }}", "-9223372036854775808"),
]


@pytest.mark.parametrize(("template", "expected"), INT64_WRAP_CASES)
def test_integer_arithmetic_wraps_around_like_go_int64(template, expected):
    assert render(template) == expected


DIVISION_BY_ZERO_ERRORS = [
    ("{{ div 1 0 }}", "error calling div: runtime error: integer divide by zero"),
    ("{{ mod 1 0 }}", "error calling mod: runtime error: integer divide by zero"),
    ("{{ divf 1 0 }}", "error calling divf: decimal division by 0"),
]


@pytest.mark.parametrize(("template", "message"), DIVISION_BY_ZERO_ERRORS)
def test_division_by_zero_fails_with_go_panic_text(template, message):
    assert render_error(template) == message


DECIMAL_CASES = [
    ("{{ addf 1.1 2.2 }}", "3.3"),
    ("{{ addf 0.1 0.2 }}", "0.3"),
    ("{{ subf 0.3 0.1 }}", "0.2"),
    ("{{ subf 5 1.5 }}", "3.5"),
    ("{{ mulf 1.5 2 }}", "3"),
    ("{{ mulf 1.1 1.1 }}", "1.21"),
    ("{{ divf 10 4 }}", "2.5"),
    ("{{ divf 1 3 }}", "0.3333333333333333"),
    ("{{ divf 2 3 }}", "0.6666666666666667"),
    ("{{ divf -2 3 }}", "-0.6666666666666667"),
    ("{{ divf 1 7 }}", "0.1428571428571429"),
    ("{{ add1f 1.5 }}", "2.5"),
    ("{{ addf }}", "0"),
    ("{{ subf 5 }}", "5"),
    ("{{ addf 1e20 1 }}", "1e+20"),
    ("{{ mulf 1e200 1e200 }}", "+Inf"),
    ("{{ divf 1e300 1e-300 }}", "+Inf"),
    ("{{ addf .Values.f .Values.s }}", "14.7"),
    ("{{ typeOf (addf 1 1) }}", "float64"),
]


@pytest.mark.parametrize(("template", "expected"), DECIMAL_CASES)
def test_float_arithmetic_is_decimal_then_float64(template, expected):
    assert render(template) == expected


def test_decimal_arithmetic_rejects_infinity():
    assert render_error('{{ addf (float64 "inf") 1 }}') == "error calling addf: Cannot create a Decimal from +Inf"


FLOAT_FUNCTION_CASES = [
    ("{{ maxf 1.5 2.5 }}", "2.5"),
    ("{{ minf 1.5 2.5 }}", "1.5"),
    ('{{ maxf 1 (float64 "nan") }}', "NaN"),
    ("{{ minf 0 -0.0 }}", "-0"),
    ("{{ floor 1.7 }}", "1"),
    ("{{ floor -0.0 }}", "-0"),
    ("{{ ceil 1.2 }}", "2"),
    ("{{ ceil -0.5 }}", "-0"),
    ('{{ ceil "2.5" }}', "3"),
    ("{{ typeOf (floor 1.5) }}", "float64"),
    ("{{ typeOf (maxf 1) }}", "float64"),
]


@pytest.mark.parametrize(("template", "expected"), FLOAT_FUNCTION_CASES)
def test_float_functions_follow_go_math(template, expected):
    assert render(template) == expected


ROUND_CASES = [
    ("{{ round 1.2345 2 }}", "1.23"),
    ("{{ round 2.5 0 }}", "3"),
    ("{{ round -2.5 0 }}", "-3"),
    ("{{ round 1.005 2 }}", "1"),
    ("{{ round 2.675 2 }}", "2.68"),
    ("{{ round 1234.5678 -2 }}", "1200"),
    ("{{ round 2.5 0 0.6 }}", "2"),
    ("{{ round 5.6 0 0.6 }}", "5"),
    ("{{ round .Values.f 0 }}", "3"),
    ("{{ round 1.5 30 }}", "1.5000000000000002"),
    ("{{ round 1 -400 }}", "NaN"),
]


@pytest.mark.parametrize(("template", "expected"), ROUND_CASES)
def test_round_ceils_from_the_threshold_fraction_and_floors_below(template, expected):
    assert render(template) == expected


SEQUENCE_CASES = [
    ("{{ seq 3 }}", "1 2 3"),
    ("{{ seq 0 }}", "1 0"),
    ("{{ seq -2 }}", "1 0 -1 -2"),
    ("{{ seq 2 5 }}", "2 3 4 5"),
    ("{{ seq 5 2 }}", "5 4 3 2"),
    ("{{ seq 0 2 10 }}", "0 2 4 6 8 10"),
    ("{{ seq 10 -3 1 }}", "10 7 4 1"),
    ("{{ seq 10 3 1 }}", ""),
    ("{{ seq 1 0 5 }}", ""),
    ("{{ seq 1 2 3 4 }}", ""),
    ("[{{ seq }}]", "[]"),
    ("{{ typeOf (seq 1) }}", "string"),
    ("{{ until 3 }}", "[0 1 2]"),
    ("{{ until -2 }}", "[0 -1]"),
    ("{{ until 0 }}", "[]"),
    ("{{ untilStep 0 10 3 }}", "[0 3 6 9]"),
    ("{{ untilStep 10 0 -3 }}", "[10 7 4 1]"),
    ("{{ untilStep 0 10 0 }}", "[]"),
    ("{{ untilStep 0 10 -1 }}", "[]"),
    ("{{ typeOf (until 1) }}", "[]int"),
]


@pytest.mark.parametrize(("template", "expected"), SEQUENCE_CASES)
def test_seq_and_until_build_integer_ranges(template, expected):
    assert render(template) == expected


def test_rand_int_stays_in_the_half_open_range():
    assert set(render("{{ range until 50 }}{{ randInt 3 5 }}{{ end }}")) <= {"3", "4"}
    assert render("{{ typeOf (randInt 1 2) }}") == "int"


def test_rand_int_with_an_empty_range_fails():
    assert render_error("{{ randInt 5 5 }}") == "error calling randInt: invalid argument to Intn"


TYPED_ARGUMENT_ERRORS = [
    ("{{ round 1.5 .Values.num }}", "wrong type for value; expected int; got float64"),
    ("{{ until .Values.num }}", "wrong type for value; expected int; got float64"),
    ("{{ seq .Values.num }}", "wrong type for value; expected int; got float64"),
    ("{{ until (add 1 2) }}", "wrong type for value; expected int; got int64"),
    ("{{ atoi 5 }}", "expected string; found 5"),
    ("{{ atoi .Values.num }}", "wrong type for value; expected string; got float64"),
    ("{{ randInt 1.5 2 }}", "expected integer; found 1.5"),
    ("{{ untilStep 1 2 }}", "wrong number of args for untilStep: want 3 got 2"),
    ("{{ sub 1 }}", "wrong number of args for sub: want 2 got 1"),
    ("{{ add1 }}", "wrong number of args for add1: want 1 got 0"),
    ("{{ mul }}", "wrong number of args for mul: want at least 1 got 0"),
    ("{{ max }}", "wrong number of args for max: want at least 1 got 0"),
]


@pytest.mark.parametrize(("template", "message"), TYPED_ARGUMENT_ERRORS)
def test_typed_parameters_reject_arguments_as_go_does(template, message):
    assert render_error(template) == message
