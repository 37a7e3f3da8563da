"""Go ``fmt`` printing of template values: ``%v`` (what ``{{ x }}`` and ``print`` show) and ``Sprintf``.

Values are modelled as Helm sees them: ``None`` is a nil interface, ``int`` is Go ``int``, ``float`` is
``float64``, ``list``/``tuple`` is ``[]interface {}`` and ``dict`` is ``map[string]interface {}``.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.gomembers import stringer
from chartgen.gotemplate.gotypes import Uint8, go_kind, go_type_name, is_unsigned

__all__ = [
    "NO_VALUE",
    "format_float",
    "format_float_verb",
    "go_type_name",
    "print_value",
    "sprint",
    "sprintf",
    "sprintln",
    "to_text",
]

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
    # Go's fmt uses an Error() or String() method in the type's method set (semver, time.Time); otherwise the
    # modelled class's __str__ is Go's %v of that type (a struct's "{a b}", a pointer's "&{a b}").
    text = stringer(value)
    return str(value) if text is None else text


def print_value(value: Any, *, addressable: bool = False) -> str:
    """What ``{{ pipeline }}`` writes: Go prints ``<no value>`` for a nil interface result.

    Unlike fmt's operands, the action's value is first dereferenced (a pointer to a struct prints as the struct),
    and an addressable value is printed through its pointer's String method (``KubeVersion``'s) if it has one.
    """
    if value is None:
        return NO_VALUE
    if type(value) is str:  # most actions print a string: no methods, printed as it is
        return value
    text = stringer(value, addressable=addressable)
    if text is not None:
        return text
    text = to_text(value)
    if text.startswith("&{") and go_kind(value) == "ptr":
        return text[1:]
    return text


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


_MAX_RUNE = 0x10FFFF
_RUNE_ERROR = 0xFFFD


# ------------------------------------------------------------------------------------------------ strconv floats


def _float_bits(value: float) -> tuple[bool, int, int]:
    """(sign, mantissa, binary exponent) with value = mantissa * 2**(exponent - 52), as Go's FormatFloat splits it."""
    bits = struct.unpack(">Q", struct.pack(">d", value))[0]
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp = 1  # denormal
    else:
        mant |= 1 << 52
    return bool(bits >> 63), mant, exp - 1023


def _format_b(value: float) -> str:
    """``strconv`` 'b' format: decimal mantissa, 'p', binary exponent (``4503599627370496p-52``)."""
    neg, mant, exp = _float_bits(value)
    exp -= 52
    return ("-" if neg else "") + f"{mant}p" + ("+" if exp >= 0 else "-") + str(abs(exp))


def _format_x(value: float, prec: int, upper: bool) -> str:
    """``strconv`` 'x' format: ``0x1.8p+00``, the mantissa normalised to a leading 1 and rounded half to even."""
    neg, mant, exp = _float_bits(value)
    mask = gostrconv.UINT64_MAX
    if mant == 0:
        exp = 0
    mant <<= 8  # leading 1 (if any) at bit 60
    while mant and not mant & (1 << 60):
        mant <<= 1
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant <<= 60 - shift
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    digits = "0123456789ABCDEF" if upper else "0123456789abcdef"
    out = ["-" if neg else "", "0X" if upper else "0x", str((mant >> 60) & 1)]
    mant = (mant << 4) & mask
    if (prec < 0 and mant) or prec > 0:
        out.append(".")
        count = 0
        while (prec < 0 and mant) or count < prec:
            out.append(digits[(mant >> 60) & 15])
            mant = (mant << 4) & mask
            count += 1
    out.append("P" if upper else "p")
    out.append("-" if exp < 0 else "+")
    out.append(f"{abs(exp):02d}")
    return "".join(out)


def _decimal_digits(value: float, significant: int) -> tuple[str, int]:
    """The decimal digits of ``abs(value)`` rounded (half to even, exactly) to ``significant`` digits, trailing
    zeros dropped, and the decimal point position: value = 0.DIGITS * 10**point. Zero has no digits."""
    if value == 0:
        return "", 0
    mantissa, _, exp = format(abs(value), f".{significant - 1}e").partition("e")
    digits = mantissa.replace(".", "").rstrip("0")
    return digits, int(exp) + 1


def _shortest_digits(value: float) -> tuple[str, int]:
    """Like ``_decimal_digits`` for the shortest digits that read back as the same float."""
    if value == 0:
        return "", 0
    mantissa, _, exp = repr(abs(value)).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    point = len(int_part) - (len(int_part + frac_part) - len(digits)) + (int(exp) if exp else 0)
    return digits.rstrip("0"), point


def _fmt_e(digits: str, point: int, prec: int, letter: str) -> str:
    first = digits[:1] or "0"
    out = first
    if prec > 0:
        out += "." + digits[1 : 1 + prec].ljust(prec, "0")
    exp = point - 1 if digits else 0
    return f"{out}{letter}{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _fmt_f(digits: str, point: int, prec: int) -> str:
    whole = digits[:point].ljust(point, "0") if point > 0 else "0"
    if prec <= 0:
        return whole
    frac = "".join(digits[i] if 0 <= i < len(digits) else "0" for i in range(point, point + prec))
    return whole + "." + frac


def _format_g(value: float, prec: int, upper: bool) -> str:
    """``strconv`` 'g' format with an explicit precision: %e for large or small exponents, else %f, with no
    trailing zeros in either form (unlike C, Go drops them from the exponent form too)."""
    prec = prec or 1
    digits, point = _decimal_digits(value, prec)
    eprec = prec
    if eprec > len(digits) >= point:
        eprec = len(digits)
    exp = point - 1
    sign = "-" if math.copysign(1, value) < 0 else ""
    if exp < -4 or exp >= eprec:
        return sign + _fmt_e(digits, point, min(prec, len(digits)) - 1, "E" if upper else "e")
    if prec > point:
        prec = len(digits)
    return sign + _fmt_f(digits, point, max(prec - point, 0))


def format_float_verb(value: float, verb: str, prec: int) -> str:
    """``strconv.FormatFloat(value, verb, prec, 64)`` for verbs b e E f g G x X; ``prec`` -1 means shortest."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    if verb == "b":
        return _format_b(value)
    if verb in "xX":
        return _format_x(value, prec, verb == "X")
    if verb in "gG":
        text = format_float(value) if prec < 0 else _format_g(value, prec, verb == "G")
        return text.upper() if verb == "G" else text
    if prec < 0:
        sign = "-" if math.copysign(1, value) < 0 else ""
        digits, point = _shortest_digits(value)
        if verb in "eE":
            return sign + _fmt_e(digits, point, max(len(digits) - 1, 0), verb)
        return sign + _fmt_f(digits, point, max(len(digits) - point, 0))
    # Python's fixed-precision formatting is exact and rounds half to even, as strconv does.
    return format(value, f".{prec}{verb}")


# ------------------------------------------------------------------------------------------------ Printf

_INT_BASES = {"d": 10, "b": 2, "o": 8, "O": 8, "x": 16, "X": 16}
_BASE_FORMATS = {10: "d", 2: "b", 8: "o", 16: "x"}
# fmt refuses widths, precisions and argument indexes once they pass a million (checked before each digit).
_TOO_LARGE = 1_000_000


def _parse_num(text: str, start: int, end: int) -> tuple[int, bool, int]:
    """fmt's ``parsenum``: (number, whether there was one, index after it); a too large number eats the rest."""
    num = 0
    i = start
    while i < end and "0" <= text[i] <= "9":
        if num > _TOO_LARGE:
            return 0, False, end
        num = num * 10 + ord(text[i]) - 48
        i += 1
    return num, i > start, i


def _parse_arg_number(text: str, start: int) -> tuple[int, int, bool]:
    """fmt's ``parseArgNumber`` of the ``[n]`` at ``text[start]``: (0-based index, characters consumed, ok)."""
    if len(text) - start < 3:
        return 0, 1, False
    close = text.find("]", start + 1)
    if close < 0:
        return 0, 1, False
    width, ok, after = _parse_num(text, start + 1, close)
    if not ok or after != close:
        return 0, close + 1 - start, False
    return width - 1, close + 1 - start, True


class _Printer:
    """The state of one ``fmt.Sprintf``: the output, and the flags, width and precision of the current verb.

    Methods are named after Go's ``pp``/``fmt`` methods and keep their order of decisions, since fmt's output
    for odd combinations (a width on a bad verb, ``%#x`` on a float) is the sum of those decisions.
    """

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.arg: Any = None
        self.erroring = False
        self.reordered = False
        self.good_arg_num = True
        self.clear_flags()

    def clear_flags(self) -> None:
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    # ---------------------------------------------------------------- padding

    def write_padding(self, count: int) -> None:
        if count > 0:
            self.buf.append(("0" if self.zero else " ") * count)

    def pad(self, text: str) -> None:
        """Write ``text`` padded to the width (counted in characters); ``-`` pads on the right, ``0`` with zeros."""
        if not self.wid_present or self.wid == 0:
            self.buf.append(text)
            return
        width = self.wid - len(text)
        if self.minus:
            self.buf.append(text)
            self.write_padding(width)
        else:
            self.write_padding(width)
            self.buf.append(text)

    def pad_spaces(self, text: str) -> None:
        # Numbers do their zero padding themselves (as precision), so the final padding is always spaces.
        zero, self.zero = self.zero, False
        self.pad(text)
        self.zero = zero

    # ---------------------------------------------------------------- directive parsing

    def arg_number(self, arg_num: int, fmt: str, i: int, num_args: int) -> tuple[int, int, bool]:
        if i >= len(fmt) or fmt[i] != "[":
            return arg_num, i, False
        self.reordered = True
        index, width, ok = _parse_arg_number(fmt, i)
        if ok and 0 <= index < num_args:
            return index, i + width, True
        self.good_arg_num = False
        return arg_num, i + width, ok

    def int_from_arg(self, args: tuple, arg_num: int) -> tuple[int, bool, int]:
        """A ``*`` width or precision: any Go integer argument that fits, else not present."""
        if arg_num >= len(args):
            return 0, False, arg_num
        value = args[arg_num]
        is_int = isinstance(value, int) and not isinstance(value, bool)
        num = int(value) if is_int else 0
        if not -_TOO_LARGE <= num <= _TOO_LARGE:
            num, is_int = 0, False
        return num, is_int, arg_num + 1

    def do_printf(self, fmt: str, args: tuple) -> None:
        end = len(fmt)
        arg_num = 0
        i = 0
        while i < end:
            self.good_arg_num = True
            percent = fmt.find("%", i)
            if percent < 0:
                self.buf.append(fmt[i:])
                break
            if percent > i:
                self.buf.append(fmt[i:percent])
            i = percent + 1
            self.clear_flags()
            while i < end:
                c = fmt[i]
                if c == "#":
                    self.sharp = True
                elif c == "0":
                    self.zero = not self.minus  # zero padding only ever goes on the left
                elif c == "+":
                    self.plus = True
                elif c == "-":
                    self.minus = True
                    self.zero = False
                elif c == " ":
                    self.space = True
                else:
                    break
                i += 1

            arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(args))

            if i < end and fmt[i] == "*":
                i += 1
                self.wid, self.wid_present, arg_num = self.int_from_arg(args, arg_num)
                if not self.wid_present:
                    self.buf.append("%!(BADWIDTH)")
                if self.wid < 0:  # a negative width asks for left alignment
                    self.wid = -self.wid
                    self.minus = True
                    self.zero = False
                after_index = False
            else:
                self.wid, self.wid_present, i = _parse_num(fmt, i, end)
                if after_index and self.wid_present:  # "%[3]2d": an index must come after the width
                    self.good_arg_num = False

            if i < end and fmt[i] == ".":
                i += 1
                if after_index:  # "%[3].2d"
                    self.good_arg_num = False
                arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(args))
                if i < end and fmt[i] == "*":
                    i += 1
                    self.prec, self.prec_present, arg_num = self.int_from_arg(args, arg_num)
                    if self.prec < 0:
                        self.prec, self.prec_present = 0, False
                    if not self.prec_present:
                        self.buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    self.prec, self.prec_present, i = _parse_num(fmt, i, end)
                    if not self.prec_present:
                        self.prec, self.prec_present = 0, True

            if not after_index:
                arg_num, i, after_index = self.arg_number(arg_num, fmt, i, len(args))

            if i >= end:
                self.buf.append("%!(NOVERB)")
                break
            verb = fmt[i]
            i += 1
            if "\ud800" <= verb <= "\udfff":  # a byte that is not UTF-8 decodes to the replacement character
                verb = "\ufffd"
            if verb == "%":  # takes no operand and ignores width and precision
                self.buf.append("%")
            elif not self.good_arg_num:
                self.buf.append(f"%!{verb}(BADINDEX)")
            elif arg_num >= len(args):
                self.buf.append(f"%!{verb}(MISSING)")
            else:
                if verb in "vw":
                    # %#v is Go syntax and %+v adds struct field names; neither means what # and + mean elsewhere.
                    self.sharp_v, self.sharp = self.sharp, False
                    self.plus_v, self.plus = self.plus, False
                self.print_arg(args[arg_num], verb)
                arg_num += 1

        if not self.reordered and arg_num < len(args):
            self.clear_flags()
            self.buf.append("%!(EXTRA ")
            for n, arg in enumerate(args[arg_num:]):
                if n:
                    self.buf.append(", ")
                if arg is None:
                    self.buf.append("<nil>")
                else:
                    self.buf.append(go_type_name(arg) + "=")
                    self.print_arg(arg, "v")
            self.buf.append(")")

    # ---------------------------------------------------------------- operands

    def bad_verb(self, verb: str) -> None:
        """``%!verb(type=value)``; the value is printed with %v but keeps the directive's flags and width."""
        self.erroring = True
        self.buf.append(f"%!{verb}(")
        arg = self.arg
        if arg is None:
            self.buf.append("<nil>")
        else:
            self.buf.append(go_type_name(arg) + "=")
            self.print_arg(arg, "v")
        self.buf.append(")")
        self.erroring = False

    def print_arg(self, arg: Any, verb: str) -> None:
        self.arg = arg
        if arg is None:
            if verb in "Tv":
                self.buf.append("<nil>")  # written as is: no width, no padding
            else:
                self.bad_verb(verb)
            return
        if verb == "T":
            self.fmt_s(go_type_name(arg))
            return
        if verb == "p":  # addresses cannot be reproduced; Go's text for non-pointers is this marker
            self.bad_verb(verb)
            return
        self.print_value(arg, verb, 0)

    def print_value(self, value: Any, verb: str, depth: int) -> None:
        if depth > 0:
            self.arg = value
            if value is None:  # a nil element of an interface slice or map
                self.buf.append("interface {}(nil)" if self.sharp_v else "<nil>")
                return
        if not self.erroring:
            if verb == "w":  # %w wraps errors, and only in Errorf
                self.bad_verb(verb)
                return
            if self.handle_methods(value, verb):
                return
        if isinstance(value, bool):
            if verb in "tv":
                self.pad("true" if value else "false")
            else:
                self.bad_verb(verb)
        elif isinstance(value, int):
            self.fmt_int_value(value, verb)
        elif isinstance(value, float):
            self.fmt_float_value(value, verb)
        elif isinstance(value, str):
            self.fmt_string(value, verb)
        elif isinstance(value, (bytes, bytearray)):
            # Go's fast path names the top-level operand []byte; reflection names elements by their type, []uint8.
            self.fmt_bytes(bytes(value), verb, "[]byte" if depth == 0 else "[]uint8")
        elif isinstance(value, dict):
            self.print_map(value, verb, depth)
        elif isinstance(value, (list, tuple)):
            self.print_slice(value, verb, depth)
        elif isinstance(value, complex) and verb == "v":
            self.pad(_format_complex(value))
        elif verb in "vs":
            self.fmt_s(to_text(value))  # a struct-like object: its String() or its %v form
        else:
            self.bad_verb(verb)

    def handle_methods(self, value: Any, verb: str) -> bool:
        """A ``GoString()`` for %#v, an ``Error()`` or ``String()`` for v s x X q, when the value's type declares
        one (``chartgen.gotemplate.gomembers``), as Go's fmt consults GoStringer, error and Stringer."""
        if self.sharp_v:
            text = stringer(value, names=("GoString",))
            if text is not None:
                self.fmt_s(text)
                return True
            return False
        if verb in "vsxXq":
            text = stringer(value)
            if text is not None:
                self.fmt_string(text, verb)
                return True
        return False

    def print_map(self, value: dict, verb: str, depth: int) -> None:
        if self.sharp_v and getattr(value, "go_nil", False):
            self.buf.append(go_type_name(value) + "(nil)")
            return
        if self.sharp_v:
            self.buf.append(go_type_name(value) + "{")
        else:
            self.buf.append("map[")
        for n, key in enumerate(sort_keys(value)):
            if n:
                self.buf.append(", " if self.sharp_v else " ")
            self.print_value(key, verb, depth + 1)
            self.buf.append(":")
            self.print_value(value[key], verb, depth + 1)
        self.buf.append("}" if self.sharp_v else "]")

    def print_slice(self, value: list | tuple, verb: str, depth: int) -> None:
        if self.sharp_v:
            name = go_type_name(value)
            if getattr(value, "go_nil", False):
                self.buf.append(name + "(nil)")
                return
            self.buf.append(name + "{")
            for n, elem in enumerate(value):
                if n:
                    self.buf.append(", ")
                self.print_value(elem, verb, depth + 1)
            self.buf.append("}")
            return
        self.buf.append("[")
        for n, elem in enumerate(value):
            if n:
                self.buf.append(" ")
            self.print_value(elem, verb, depth + 1)
        self.buf.append("]")

    # ---------------------------------------------------------------- integers

    def fmt_int_value(self, value: int, verb: str) -> None:
        signed = not is_unsigned(value)
        if verb == "v":
            if self.sharp_v and not signed:
                self.fmt_0x64(value)
            else:
                self.fmt_integer(value, 10, signed, verb)
        elif verb in _INT_BASES:
            self.fmt_integer(value, _INT_BASES[verb], signed, verb, upper=verb == "X")
        elif verb == "c":
            self.pad(chr(_rune(value)))
        elif verb == "q":
            rune = _rune(value)
            self.pad(gostrconv.quote_rune_to_ascii(rune) if self.plus else gostrconv.quote_rune(rune))
        elif verb == "U":
            self.fmt_unicode(value)
        else:
            self.bad_verb(verb)

    def fmt_0x64(self, value: int) -> None:
        sharp, self.sharp = self.sharp, True
        self.fmt_integer(value, 16, False, "v")
        self.sharp = sharp

    def fmt_integer(self, value: int, base: int, signed: bool, verb: str, *, upper: bool = False) -> None:
        negative = signed and value < 0
        magnitude = -value if negative else value & gostrconv.UINT64_MAX
        if self.prec_present:
            prec = self.prec
            if prec == 0 and magnitude == 0:  # %.0d of 0 prints nothing, padding aside
                zero, self.zero = self.zero, False
                self.write_padding(self.wid)
                self.zero = zero
                return
        elif self.zero and self.wid_present:
            # Zero padding is done as precision, so that it goes between the sign and the digits.
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        else:
            prec = 0
        digits = format(magnitude, _BASE_FORMATS[base])
        if upper:
            digits = digits.upper()
        digits = digits.rjust(prec, "0")
        prefix = ""
        if self.sharp:
            if base == 2:
                prefix = "0b"
            elif base == 8 and digits[0] != "0":
                prefix = "0"
            elif base == 16:
                prefix = "0X" if upper else "0x"
        if verb == "O":
            prefix = "0o"
        sign = "-" if negative else "+" if self.plus else " " if self.space else ""
        self.pad_spaces(sign + prefix + digits)

    def fmt_unicode(self, value: int) -> None:
        code = value & gostrconv.UINT64_MAX
        prec = self.prec if self.prec_present and self.prec > 4 else 4
        text = "U+" + format(code, "X").rjust(prec, "0")
        if self.sharp and code <= _MAX_RUNE and chr(code).isprintable():
            text += f" '{chr(code)}'"
        self.pad_spaces(text)

    # ---------------------------------------------------------------- floats

    def fmt_float_value(self, value: float, verb: str) -> None:
        if verb == "v":
            self.fmt_float(value, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(value, verb, -1)
        elif verb in "feE":
            self.fmt_float(value, verb, 6)
        elif verb == "F":
            self.fmt_float(value, "f", 6)
        else:
            self.bad_verb(verb)

    def fmt_float(self, value: float, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        num = format_float_verb(value, verb, prec)
        num = num if num[0] in "+-" else "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":  # Inf and NaN: never zero padded, NaN signed only on request
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad_spaces(num)
            return
        if self.sharp and verb != "b":
            num = self.sharp_float(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and self.wid_present and self.wid > len(num):
                # The sign goes before the zero padding.
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    @staticmethod
    def sharp_float(num: str, verb: str, prec: int) -> str:
        """The ``#`` flag on floats: always a decimal point, and %g/%x keep their trailing zeros."""
        digits = 0
        if verb in "vgGx":
            digits = 6 if prec == -1 else prec
        tail = ""
        has_point = False
        seen_nonzero = False
        body = num
        for i in range(1, len(num)):
            ch = num[i]
            if ch == ".":
                has_point = True
            elif ch in "pP" or (ch in "eE" and verb not in "xX"):
                tail = num[i:]
                body = num[:i]
                break
            else:
                if ch != "0":
                    seen_nonzero = True
                if seen_nonzero:
                    digits -= 1
        if not has_point:
            if len(body) == 2 and body[1] == "0":  # a lone leading zero counts as one digit
                digits -= 1
            body += "."
        return body + "0" * max(digits, 0) + tail

    # ---------------------------------------------------------------- strings and bytes

    def truncate(self, text: str) -> str:
        return text[: self.prec] if self.prec_present else text

    def fmt_s(self, text: str) -> None:
        self.pad(self.truncate(text))

    def fmt_q(self, text: str) -> None:
        text = self.truncate(text)
        if self.sharp and gostrconv.can_backquote(text):
            self.pad("`" + text + "`")
        else:
            self.pad(gostrconv.quote_to_ascii(text) if self.plus else gostrconv.quote(text))

    def fmt_string(self, text: str, verb: str) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(text)
            else:
                self.fmt_s(text)
        elif verb == "s":
            self.fmt_s(text)
        elif verb in "xX":
            self.fmt_sx(text.encode("utf-8", "surrogateescape"), upper=verb == "X")
        elif verb == "q":
            self.fmt_q(text)
        else:
            self.bad_verb(verb)

    def fmt_sx(self, data: bytes, *, upper: bool) -> None:
        """Hex of bytes: precision limits the bytes, ``#`` adds 0x, a space separates bytes (each 0x'd with #)."""
        length = min(len(data), self.prec) if self.prec_present else len(data)
        width = 2 * length
        if width == 0:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.space:
            if self.sharp:
                width *= 2
            width += length - 1
        elif self.sharp:
            width += 2
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        prefix = "0X" if upper else "0x"
        hexed = data[:length].hex()
        if upper:
            hexed = hexed.upper()
        out = [prefix] if self.sharp else []
        for n in range(length):
            if self.space and n > 0:
                out.append(" " + prefix if self.sharp else " ")
            out.append(hexed[2 * n : 2 * n + 2])
        self.buf.append("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_bytes(self, data: bytes, verb: str, type_name: str) -> None:
        if verb in "vd":
            if self.sharp_v:
                self.buf.append(type_name + "{")
                for n, byte in enumerate(data):
                    if n:
                        self.buf.append(", ")
                    self.fmt_0x64(byte)
                self.buf.append("}")
            else:
                self.buf.append("[")
                for n, byte in enumerate(data):
                    if n:
                        self.buf.append(" ")
                    self.fmt_integer(byte, 10, False, verb)
                self.buf.append("]")
        elif verb == "s":
            self.fmt_s(data.decode("utf-8", "surrogateescape"))
        elif verb in "xX":
            self.fmt_sx(data, upper=verb == "X")
        elif verb == "q":
            self.fmt_q(data.decode("utf-8", "surrogateescape"))
        else:
            self.print_slice([Uint8(b) for b in data], verb, 0)


def _rune(value: int) -> int:
    """The rune %c and %q print for an integer: Go reads it as uint64, so negatives and overflow are invalid."""
    code = value & gostrconv.UINT64_MAX
    if code > _MAX_RUNE or 0xD800 <= code <= 0xDFFF:
        return _RUNE_ERROR
    return code


def sprintf(fmt: str, *args: Any) -> str:
    """``fmt.Sprintf`` for our value model: every verb, flag, width, precision and ``%[n]`` index, with Go's
    ``%!verb(...)`` markers (BADINDEX, MISSING, EXTRA, BADWIDTH, BADPREC, NOVERB) where Go writes them."""
    printer = _Printer()
    printer.do_printf(fmt, args)
    return "".join(printer.buf)
