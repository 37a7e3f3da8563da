"""Go ``fmt`` printing of template values: ``%v`` (what ``{{ x }}`` and ``print`` show) and ``Sprintf``.

Values are modelled as Helm sees them: ``None`` is a nil interface, ``int`` is Go ``int``, ``float`` is
``float64``, ``list``/``tuple`` is ``[]interface {}`` and ``dict`` is ``map[string]interface {}``.
"""

from __future__ import annotations

import math
import re
from typing import Any

from chartgen.gotemplate.gotypes import go_type_name
from chartgen.gotemplate.lex import go_quote

__all__ = ["NO_VALUE", "format_float", "go_type_name", "print_value", "sprint", "sprintf", "sprintln", "to_text"]

NO_VALUE = "<no value>"


def format_float(value: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 64)``, which is also ``%v`` for float64.

    Shortest round-trip digits; the exponent form is used iff the decimal exponent is < -4 or >= 6, because the
    shortest mode uses a fixed precision of 6 for that decision (so ``1e+06`` but ``100000``).
    """
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == 0:
        return "0" if math.copysign(1, value) > 0 else "-0"
    mantissa, _, exp = repr(abs(value)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = int_part + frac_part
    leading = len(digits) - len(digits.lstrip("0"))
    digits = digits.lstrip("0").rstrip("0") or "0"
    point = len(int_part) - leading + (int(exp) if exp else 0)
    x = point - 1
    if x < -4 or x >= 6:
        head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        text = head + "e" + ("-" if x < 0 else "+") + f"{abs(x):02d}"
    elif point <= 0:
        text = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return ("-" if value < 0 else "") + text


def _format_complex(value: complex) -> str:
    imag = format_float(value.imag)
    sign = "" if imag[0] in "+-" else "+"
    return f"({format_float(value.real)}{sign}{imag}i)"


def to_text(value: Any) -> str:
    """``%v`` of a value inside any context other than the top of an action: nil is ``<nil>``."""
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, complex):
        return _format_complex(value)
    if isinstance(value, (bytes, bytearray)):
        return "[" + " ".join(str(b) for b in value) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(to_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{to_text(k)}:{to_text(value[k])}" for k in sort_keys(value)) + "]"
    # Go calls a String() method when the type has one (semver, KubeVersion); Python's __str__ is the analogue.
    method = getattr(value, "String", None)
    if callable(method):
        return str(method())
    return str(value)


def print_value(value: Any) -> str:
    """What ``{{ pipeline }}`` writes: Go prints ``<no value>`` for a nil interface result."""
    return NO_VALUE if value is None else to_text(value)


def sort_keys(mapping: dict) -> list:
    """Go's fmt sorts map keys: numbers numerically, strings byte-wise, mixed kinds grouped by kind."""

    def key(k: Any) -> tuple:
        if isinstance(k, bool):
            return (0, int(k), "")
        if isinstance(k, (int, float)):
            return (1, k, "")
        return (2, 0, str(k).encode("utf-8", "surrogateescape"))

    return sorted(mapping, key=key)


def sprint(*args: Any) -> str:
    """``fmt.Sprint``: a space goes between two operands only when neither is a string."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if i > 0 and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(to_text(arg))
    return "".join(out)


def sprintln(*args: Any) -> str:
    """``fmt.Sprintln``: spaces between all operands and a final newline."""
    return " ".join(to_text(a) for a in args) + "\n"


_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d*|\*))?(.)?", re.DOTALL)


def _bad(verb: str, value: Any) -> str:
    if value is None:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({go_type_name(value)}={to_text(value)})"


def _quote_rune(code: int) -> str:
    inner = go_quote(chr(code))[1:-1] if 0 <= code <= 0x10FFFF else "\\ufffd"
    if inner == '\\"':
        inner = '"'
    elif inner == "'":
        inner = "\\'"
    return "'" + inner + "'"


def _format_elem(verb: str, value: Any, prec: int | None, plus: bool, sharp: bool) -> str:
    # A nil element of a collection prints <nil> whatever the verb; only a top-level nil operand is "bad".
    return "<nil>" if value is None else _format_one(verb, value, prec, plus, sharp)


def _format_one(verb: str, value: Any, prec: int | None, plus: bool, sharp: bool) -> str:
    """Format one operand with one verb; mismatches give Go's ``%!v(type=value)`` markers, never errors."""
    if verb == "T":
        return go_type_name(value)
    if isinstance(value, (list, tuple)) and verb not in "vT":
        return "[" + " ".join(_format_elem(verb, v, prec, plus, sharp) for v in value) + "]"
    if isinstance(value, dict) and verb not in "vT":
        parts = [
            f"{_format_elem(verb, k, prec, plus, sharp)}:{_format_elem(verb, value[k], prec, plus, sharp)}"
            for k in sort_keys(value)
        ]
        return "map[" + " ".join(parts) + "]"
    if verb == "v":
        if isinstance(value, float) and prec is not None:
            return _format_one("g", value, prec, plus, sharp)
        if isinstance(value, str) and sharp:
            return go_quote(value)
        text = to_text(value)
        if plus and isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            text = "+" + text
        return text
    if value is None:
        return _bad(verb, value)
    if isinstance(value, bool):
        return ("true" if value else "false") if verb == "t" else _bad(verb, value)
    if isinstance(value, int):
        sign = "+" if plus and value >= 0 else ""
        if verb == "d":
            return sign + str(int(value))
        if verb in "xX":
            text = format(abs(value), verb)
            return ("-" if value < 0 else sign) + ("0" + ("x" if verb == "x" else "X") if sharp else "") + text
        if verb == "o":
            return ("-" if value < 0 else "") + ("0" if sharp else "") + format(abs(value), "o")
        if verb == "b":
            return ("-" if value < 0 else "") + format(abs(value), "b")
        if verb == "c":
            return chr(value) if 0 <= value <= 0x10FFFF else "\ufffd"
        if verb == "q":
            return _quote_rune(value)
        if verb == "U":
            return f"U+{value:04X}"
        if verb in "eEfFgG":
            return _bad(verb, value)
        return _bad(verb, value)
    if isinstance(value, float):
        sign = "+" if plus and value >= 0 else ""
        if math.isinf(value) or math.isnan(value):
            return format_float(value) if verb in "eEfFgG" else _bad(verb, value)
        if verb in "eE":
            return sign + format(value, f".{6 if prec is None else prec}{verb}")
        if verb in "fF":
            return sign + format(value, f".{6 if prec is None else prec}f")
        if verb in "gG":
            text = format_float(value) if prec is None else format(value, f".{prec}g")
            return sign + (text.upper() if verb == "G" else text)
        return _bad(verb, value)
    if isinstance(value, str):
        if verb == "s":
            return value if prec is None else value[:prec]
        if verb == "q":
            return "`" + value + "`" if sharp and "`" not in value else go_quote(value)
        if verb in "xX":
            data = value.encode("utf-8", "surrogateescape").hex()
            return data.upper() if verb == "X" else data
        return _bad(verb, value)
    if verb == "s":
        return to_text(value)
    return _bad(verb, value)


def _pad(text: str, width: int | None, minus: bool, zero: bool) -> str:
    if width is None or len(text) >= width:
        return text
    if minus:
        return text + " " * (width - len(text))
    if zero:
        sign = text[0] if text[:1] in "+-" else ""
        return sign + "0" * (width - len(text)) + text[len(sign) :]
    return " " * (width - len(text)) + text


def sprintf(fmt: str, *args: Any) -> str:
    """A subset of ``fmt.Sprintf``: verbs v s d q t f F e E g G x X o b c U T and %%, flags ``-+# 0``, width and
    precision. Argument indexes (``%[1]d``) are not supported."""
    out: list[str] = []
    used = 0
    i = 0
    while i < len(fmt):
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        m = _VERB.match(fmt, j)
        assert m is not None  # the pattern matches any "%" since every group is optional
        flags, width_text, prec_text, verb = m.groups()
        i = m.end()
        if verb is None:
            out.append("%!(NOVERB)")
            break
        if verb == "%":
            out.append("%")
            continue
        width = prec = None
        if width_text == "*":
            width, used = (args[used] if used < len(args) and isinstance(args[used], int) else None), used + 1
        elif width_text:
            width = int(width_text)
        if prec_text == "*":
            prec, used = (args[used] if used < len(args) and isinstance(args[used], int) else None), used + 1
        elif prec_text is not None:
            prec = int(prec_text) if prec_text else 0
        if used >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = args[used]
        used += 1
        text = _format_one(verb, value, prec, "+" in flags, "#" in flags)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        out.append(_pad(text, width, "-" in flags, "0" in flags and numeric))
    if used < len(args):
        extra = ", ".join("<nil>" if a is None else f"{go_type_name(a)}={to_text(a)}" for a in args[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)
