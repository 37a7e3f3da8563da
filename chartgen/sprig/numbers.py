"""Sprig's number functions (``numeric.go``): conversions, integer and decimal arithmetic, rounding, sequences.

Conversions follow spf13/cast v1.7.0, which Sprig uses for ``int``, ``int64``, ``float64`` and for every
argument of the arithmetic functions: a value that cannot be converted becomes 0 rather than an error. The
integer arithmetic works in Go ``int64`` (so it wraps on overflow); the ``*f`` family goes through
shopspring/decimal, which is why ``addf 1.1 2.2`` prints ``3.3`` where float arithmetic would not.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chartgen import gostrconv
from chartgen.gostrconv import INT64_MIN, NumError, parse_float, parse_int, wrap_int64
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import ANY, Int64, IntList, go_signature, go_type_name
from chartgen.sprig.limits import check_elements

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "FUNCS",
    "go_float_to_int",
    "to_float64",
    "to_int",
    "to_int64",
]

# Go's runtime panics, as text/template reports them after recovering.
DIVIDE_BY_ZERO = "runtime error: integer divide by zero"


def go_float_to_int(value: float) -> int:
    """Go's ``int64(f)`` on amd64 (Helm's release binaries): truncation, and the "integer indefinite" value
    MinInt64 for NaN and anything out of range."""
    if math.isnan(value) or not float(INT64_MIN) <= value < -float(INT64_MIN):
        return INT64_MIN
    return int(value)


# ------------------------------------------------------------------------------------------------ spf13/cast


def _trim_zero_decimal(text: str) -> str:
    """cast's trimZeroDecimal: drop a trailing ``.0…`` so "4.0" parses as an integer (but "4." does not)."""
    found_zero = False
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ".":
            if found_zero:
                return text[:i]
        elif ch == "0":
            found_zero = True
        else:
            return text
    return text


# The integer types cast converts: the built-in ones, plus time.Month and time.Weekday, which it special-cases.
# Any other named integer type (time.Duration) is "anything else".
_CAST_INTEGERS = frozenset(
    {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"}
    | {"time.Month", "time.Weekday"}
)


def _cast_integer(value: Any) -> bool:
    return isinstance(value, int) and go_type_name(value) in _CAST_INTEGERS


def to_int64(value: Any) -> int:
    """cast.ToInt64: numbers truncate, bools are 0/1, strings go through ``strconv.ParseInt(trimZeroDecimal(s), 0,
    0)`` with any error giving 0; anything else is 0."""
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if _cast_integer(value):
        return int(value)
    if isinstance(value, float):
        return go_float_to_int(value)
    if isinstance(value, str):
        try:
            return parse_int(_trim_zero_decimal(value))
        except NumError:
            return 0
    return 0


def to_int(value: Any) -> int:
    """cast.ToInt: the same rules as ToInt64 (Go's ``int`` is 64 bits wide on Helm's platforms)."""
    return to_int64(value)


def to_float64(value: Any) -> float:
    """cast.ToFloat64: numbers convert, bools are 0/1, strings go through ParseFloat; anything else is 0."""
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if _cast_integer(value) or isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_float(value)
        except NumError:
            return 0.0
    return 0.0


# ------------------------------------------------------------------------------------------------ conversions


@go_signature("string")
def atoi(text: str) -> int:
    # strconv.Atoi with the error dropped: a syntax error gives 0, an out-of-range value the clamped bound.
    try:
        return gostrconv.atoi(text)
    except NumError as exc:
        return int(exc.value)


@go_signature(ANY)
def to_decimal(value: Any) -> Int64:
    """``toDecimal``: the printed value read as an octal number (``"0777"`` → 511), 0 when that fails."""
    try:
        return Int64(parse_int(to_text(value), 8))
    except NumError:
        return Int64(0)


# ------------------------------------------------------------------------------------------------ int64 arithmetic


@go_signature(ANY)
def add1(value: Any) -> Int64:
    return Int64(wrap_int64(to_int64(value) + 1))


@go_signature(variadic=ANY)
def add(*values: Any) -> Int64:
    total = 0
    for value in values:
        total = wrap_int64(total + to_int64(value))
    return Int64(total)


@go_signature(ANY, ANY)
def sub(a: Any, b: Any) -> Int64:
    return Int64(wrap_int64(to_int64(a) - to_int64(b)))


@go_signature(ANY, variadic=ANY)
def mul(a: Any, *rest: Any) -> Int64:
    product = to_int64(a)
    for value in rest:
        product = wrap_int64(product * to_int64(value))
    return Int64(product)


def _truncated_divmod(a: int, b: int) -> tuple[int, int]:
    # Go's / and % truncate toward zero (Python's floor toward minus infinity).
    if b == 0:
        raise FuncError(DIVIDE_BY_ZERO)
    quotient = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        quotient = -quotient
    return quotient, a - b * quotient


@go_signature(ANY, ANY)
def div(a: Any, b: Any) -> Int64:
    return Int64(wrap_int64(_truncated_divmod(to_int64(a), to_int64(b))[0]))


@go_signature(ANY, ANY)
def mod(a: Any, b: Any) -> Int64:
    return Int64(_truncated_divmod(to_int64(a), to_int64(b))[1])


@go_signature(ANY, variadic=ANY)
def biggest(a: Any, *rest: Any) -> Int64:
    return Int64(max([to_int64(a), *(to_int64(v) for v in rest)]))


@go_signature(ANY, variadic=ANY)
def smallest(a: Any, *rest: Any) -> Int64:
    return Int64(min([to_int64(a), *(to_int64(v) for v in rest)]))


@go_signature("int", "int")
def rand_int(low: int, high: int) -> int:
    if high - low <= 0:
        raise FuncError("invalid argument to Intn")
    import random  # rarely called; its import is not worth paying on every start-up

    return random.randrange(low, high)


# ------------------------------------------------------------------------------------------------ decimal arithmetic


def _decimal(value: Any) -> Fraction:
    """shopspring's NewFromFloat: the shortest decimal that reads back as the float, held exactly."""
    number = to_float64(value)
    if math.isinf(number) or math.isnan(number):
        raise FuncError(f"Cannot create a Decimal from {to_text(number)}")
    from fractions import Fraction  # decimal (which fractions imports) costs more than most charts' whole render

    return Fraction(repr(number))


def _decimal_div(a: Fraction, b: Fraction) -> Fraction:
    """shopspring's Div: the quotient rounded half away from zero to 16 decimal places."""
    if b == 0:
        raise FuncError("decimal division by 0")
    scaled = a / b * 10**16
    whole, remainder = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    from fractions import Fraction

    return Fraction(whole if scaled >= 0 else -whole, 10**16)


def _to_float(value: Fraction) -> float:
    # big.Rat.Float64: correctly rounded, and ±Inf once out of range.
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _decimal_op(first: Any, rest: tuple, op: Callable[[Fraction, Fraction], Fraction]) -> float:
    result = _decimal(first)
    for value in rest:
        result = op(result, _decimal(value))
    return _to_float(result)


@go_signature(ANY)
def add1f(value: Any) -> float:
    return _decimal_op(value, (1,), lambda a, b: a + b)


@go_signature(variadic=ANY)
def addf(*values: Any) -> float:
    return _decimal_op(0.0, values, lambda a, b: a + b)


@go_signature(ANY, variadic=ANY)
def subf(a: Any, *rest: Any) -> float:
    return _decimal_op(a, rest, lambda x, y: x - y)


@go_signature(ANY, variadic=ANY)
def mulf(a: Any, *rest: Any) -> float:
    return _decimal_op(a, rest, lambda x, y: x * y)


@go_signature(ANY, variadic=ANY)
def divf(a: Any, *rest: Any) -> float:
    return _decimal_op(a, rest, _decimal_div)


# ------------------------------------------------------------------------------------------------ float functions


def _go_max(a: float, b: float) -> float:
    # math.Max: NaN wins, and +0 beats -0.
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return 0.0 if math.copysign(1, a) > 0 or math.copysign(1, b) > 0 else -0.0
    return a if a > b else b


def _go_min(a: float, b: float) -> float:
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == b == 0:
        return -0.0 if math.copysign(1, a) < 0 or math.copysign(1, b) < 0 else 0.0
    return a if a < b else b


@go_signature(ANY, variadic=ANY)
def maxf(a: Any, *rest: Any) -> float:
    result = to_float64(a)
    for value in rest:
        result = _go_max(result, to_float64(value))
    return result


@go_signature(ANY, variadic=ANY)
def minf(a: Any, *rest: Any) -> float:
    result = to_float64(a)
    for value in rest:
        result = _go_min(result, to_float64(value))
    return result


def _floor(value: float) -> float:
    # math.Floor keeps integral values, infinities, NaN and the sign of zero as they are.
    if math.isinf(value) or math.isnan(value) or value == int(value):
        return value
    return float(math.floor(value))


@go_signature(ANY)
def floor(value: Any) -> float:
    return _floor(to_float64(value))


@go_signature(ANY)
def ceil(value: Any) -> float:
    # Go defines Ceil(x) as -Floor(-x), which is how ceil -0.5 comes out as -0.
    return -_floor(-to_float64(value))


def _pow10(exponent: int) -> float:
    """Go's math.Pow(10, n) for an integer n: repeated squaring of the frexp mantissa, so large powers can
    differ from a correctly rounded pow in the last bit."""
    if exponent == 0:
        return 1.0
    mantissa, exp2 = math.frexp(10.0)
    result, result_exp = 1.0, 0
    i = abs(exponent)
    while i:
        if exp2 < -(1 << 12) or exp2 > (1 << 12):
            result_exp += exp2
            break
        if i & 1:
            result *= mantissa
            result_exp += exp2
        mantissa *= mantissa
        exp2 <<= 1
        if mantissa < 0.5:
            mantissa += mantissa
            exp2 -= 1
        i >>= 1
    if exponent < 0:
        result, result_exp = 1 / result, -result_exp
    try:
        return math.ldexp(result, result_exp)
    except OverflowError:
        return math.inf


@go_signature(ANY, "int", variadic="float64")
def round_(value: Any, places: int, *round_on: float) -> float:
    """Sprig's round: scale, then ceil if the fraction reaches ``round_on`` (default .5), else floor."""
    threshold = round_on[0] if round_on else 0.5
    power = _pow10(places)
    digit = power * to_float64(value)
    fraction = math.nan if math.isinf(digit) else math.modf(digit)[0]
    rounded = -_floor(-digit) if fraction >= threshold else _floor(digit)
    if power == 0:
        # 10**-400 underflows to 0, and Go's float division by zero gives ±Inf or NaN instead of raising.
        return math.nan if rounded == 0 or math.isnan(rounded) else math.copysign(math.inf, rounded)
    return rounded / power


# ------------------------------------------------------------------------------------------------ sequences


def _until_step(start: int, stop: int, step: int) -> IntList:
    if step:
        check_elements(len(range(start, stop, step)))
    if stop < start:
        return IntList(range(start, stop, step)) if step < 0 else IntList()
    return IntList(range(start, stop, step)) if step > 0 else IntList()


@go_signature("int")
def until(count: int) -> IntList:
    return _until_step(0, count, -1 if count < 0 else 1)


@go_signature("int", "int", "int")
def until_step(start: int, stop: int, step: int) -> IntList:
    return _until_step(start, stop, step)


@go_signature(variadic="int")
def seq(*params: int) -> str:
    """``seq last``, ``seq first last`` or ``seq first step last``: an inclusive range, space-separated."""
    # As with the Unix command the step sits in the middle; the end is made inclusive by going one past it.
    if len(params) == 1:
        start, end = 1, params[0]
        increment = step = -1 if end < start else 1
    elif len(params) == 2:
        start, end = params
        increment = step = -1 if end < start else 1
    elif len(params) == 3:
        start, step, end = params
        increment = -1 if end < start else 1
        if end < start and step > 0:
            return ""
    else:
        return ""
    return " ".join(str(n) for n in _until_step(start, end + increment, step))


# ------------------------------------------------------------------------------------------------ registry


@go_signature(ANY)
def _int(value: Any) -> int:
    return to_int(value)


@go_signature(ANY)
def _int64(value: Any) -> Int64:
    return Int64(to_int64(value))


@go_signature(ANY)
def _float64(value: Any) -> float:
    return to_float64(value)


FUNCS: dict[str, Callable[..., Any]] = {
    "atoi": atoi,
    "int64": _int64,
    "int": _int,
    "float64": _float64,
    "seq": seq,
    "toDecimal": to_decimal,
    "add1": add1,
    "add": add,
    "sub": sub,
    "div": div,
    "mod": mod,
    "mul": mul,
    "randInt": rand_int,
    "add1f": add1f,
    "addf": addf,
    "subf": subf,
    "divf": divf,
    "mulf": mulf,
    "biggest": biggest,
    "max": biggest,
    "min": smallest,
    "maxf": maxf,
    "minf": minf,
    "ceil": ceil,
    "floor": floor,
    "round": round_,
    "until": until,
    "untilStep": until_step,
}
