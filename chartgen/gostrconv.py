"""Go's ``strconv``, and the integer limits it works with: the one place chartgen parses and quotes the way Go does.

Parsing follows Go's algorithms rather than Python's conversions, because the two disagree at the edges that
charts reach: Go reads ``0x``/``0o``/``0b`` prefixes and a leading-zero octal only with base 0, allows ``_`` only
between digits (and only with base 0), stops with a range error as soon as the digits overflow (even if a bad
character follows) and returns the clamped bound alongside that error. Errors are ``NumError``, whose text is
Go's (``strconv.ParseInt: parsing "x": value out of range``) and which carries the value Go returns with it.

Callers that mirror a Go function with its own rules on top of strconv (text/template's number literals,
spf13/cast, goyaml's resolver) keep those rules at home and build on these primitives.

Strings are Python ``str``; a byte that is not valid UTF-8 is carried as a surrogate escape (``\\udc80`` to
``\\udcff``, as ``bytes.decode("utf-8", "surrogateescape")`` makes it), which quoting writes back as ``\\xNN``.
"""

from __future__ import annotations

import math

__all__ = [
    "ERR_RANGE",
    "ERR_SYNTAX",
    "INT64_MAX",
    "INT64_MIN",
    "UINT64_MAX",
    "NumError",
    "atoi",
    "can_backquote",
    "parse_bool",
    "parse_float",
    "parse_int",
    "parse_uint",
    "quote",
    "quote_rune",
    "quote_rune_to_ascii",
    "quote_to_ascii",
    "underscore_ok",
    "unquote",
    "unquote_char",
    "wrap_int64",
]

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1

ERR_SYNTAX = "invalid syntax"
ERR_RANGE = "value out of range"


def wrap_int64(value: int) -> int:
    """Two's-complement wrap-around into int64, as Go's integer arithmetic does silently."""
    return ((value - INT64_MIN) & UINT64_MAX) + INT64_MIN


# ------------------------------------------------------------------------------------------------ errors


class NumError(ValueError):
    """Go's ``*strconv.NumError``. ``str()`` is Go's ``Error()`` text; ``value`` is what Go returns beside the
    error: the clamped bound (or ±Inf) for a range error, zero for a syntax error."""

    def __init__(self, func: str, num: str, err: str, value: int | float = 0) -> None:
        super().__init__(f"strconv.{func}: parsing {quote(num)}: {err}")
        self.func = func
        self.num = num
        self.err = err
        self.value = value

    @property
    def is_range(self) -> bool:
        return self.err == ERR_RANGE


# ------------------------------------------------------------------------------------------------ integers


def underscore_ok(text: str) -> bool:
    """Go's ``underscoreOK``: ``_`` only between digits, or between a base prefix and a digit."""
    if text[:1] in ("+", "-"):
        text = text[1:]
    saw = "^"  # ^ start, 0 digit or prefix, _ underscore, ! anything else
    i = 0
    hexa = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        i, saw, hexa = 2, "0", text[1] in "xX"
    for ch in text[i:]:
        if "0" <= ch <= "9" or (hexa and ("a" <= ch.lower() <= "f")):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _digit(ch: str) -> int:
    """A digit's value in bases up to 36; 99 for anything that is no digit in any base."""
    if "0" <= ch <= "9":
        return ord(ch) - 48
    lower = ch.lower()
    if "a" <= lower <= "z" and ch.isascii():
        return ord(lower) - 87
    return 99


def _check_base_and_size(func: str, text: str, base: int, bit_size: int) -> int:
    if base != 0 and not 2 <= base <= 36:
        raise NumError(func, text, f"invalid base {base}")
    if bit_size == 0:
        return 64
    if not 0 < bit_size <= 64:
        raise NumError(func, text, f"invalid bit size {bit_size}")
    return bit_size


def parse_uint(text: str, base: int = 0, bit_size: int = 64, *, func: str = "ParseUint") -> int:
    """``strconv.ParseUint``. No sign is accepted; base 0 reads Go's prefixes and allows ``_``."""
    if not text:
        raise NumError(func, text, ERR_SYNTAX)
    bit_size = _check_base_and_size(func, text, base, bit_size)
    base0 = base == 0
    digits = text
    if base0:
        base = 10
        if text[0] == "0":
            prefix = text[1:2].lower()
            if len(text) >= 3 and prefix in ("b", "o", "x"):
                base, digits = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
            else:
                base, digits = 8, text[1:]
    max_value = (1 << bit_size) - 1
    value = 0
    underscores = False
    for ch in digits:
        if ch == "_" and base0:
            underscores = True
            continue
        digit = _digit(ch)
        if digit >= base:
            raise NumError(func, text, ERR_SYNTAX)
        value = value * base + digit
        # Go stops at the first digit that overflows, so a bad character after it is never seen.
        if value > max_value:
            raise NumError(func, text, ERR_RANGE, max_value)
    if underscores and not underscore_ok(text):
        raise NumError(func, text, ERR_SYNTAX)
    return value


def parse_int(text: str, base: int = 0, bit_size: int = 64, *, func: str = "ParseInt") -> int:
    """``strconv.ParseInt``: an optional sign, then ``ParseUint``'s digits, checked against the signed range."""
    if not text:
        raise NumError(func, text, ERR_SYNTAX)
    bit_size = _check_base_and_size(func, text, base, bit_size)
    negative = text[0] == "-"
    body = text[1:] if text[0] in ("+", "-") else text
    try:
        magnitude = parse_uint(body, base, bit_size)
    except NumError as exc:
        if not exc.is_range:
            raise NumError(func, text, exc.err) from None
        magnitude = exc.value
    cutoff = 1 << (bit_size - 1)
    if not negative and magnitude >= cutoff:
        raise NumError(func, text, ERR_RANGE, cutoff - 1)
    if negative and magnitude > cutoff:
        raise NumError(func, text, ERR_RANGE, -cutoff)
    return -magnitude if negative else magnitude


def atoi(text: str) -> int:
    """``strconv.Atoi``: ``ParseInt(text, 10, 0)`` under its own name in errors."""
    return parse_int(text, 10, 0, func="Atoi")


def parse_bool(text: str) -> bool:
    """``strconv.ParseBool``: 1, t, T, TRUE, true, True and their false counterparts; nothing else."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise NumError("ParseBool", text, ERR_SYNTAX)


# ------------------------------------------------------------------------------------------------ floats


def _special_float(text: str) -> float | None:
    # Go accepts "inf"/"infinity" with an optional sign and "nan" without one, in any case.
    body = text[1:] if text[:1] in ("+", "-") else text
    if body.lower() in ("inf", "infinity"):
        return -math.inf if text[0] == "-" else math.inf
    if text.lower() == "nan":
        return math.nan
    return None


def _float_syntax_ok(body: str) -> bool:
    """Go's ``readFloat`` on an unsigned text: decimal or hexadecimal mantissa (the latter needing a ``p``
    exponent), optional exponent, ``_`` where ``underscoreOK`` allows it, nothing left over."""
    hexa = len(body) > 2 and body[0] == "0" and body[1] in "xX"
    mantissa_digits = "0123456789abcdefABCDEF" if hexa else "0123456789"
    exp_char = "pP" if hexa else "eE"
    i = 2 if hexa else 0
    saw_dot = saw_digits = False
    while i < len(body):
        ch = body[i]
        if ch == ".":
            if saw_dot:
                break
            saw_dot = True
        elif ch in mantissa_digits:
            saw_digits = True
        elif ch != "_":
            break
        i += 1
    if not saw_digits:
        return False
    if i < len(body) and body[i] in exp_char:
        i += 1
        if i < len(body) and body[i] in "+-":
            i += 1
        if i >= len(body) or not "0" <= body[i] <= "9":
            return False
        while i < len(body) and ("0" <= body[i] <= "9" or body[i] == "_"):
            i += 1
    elif hexa:
        return False
    return i == len(body) and ("_" not in body or underscore_ok(body))


def parse_float(text: str) -> float:
    """``strconv.ParseFloat(text, 64)``: Go's float literal syntax plus ``inf``/``infinity``/``nan``.

    Overflow is a range error carrying ±Inf; underflow rounds to zero without error, as in Go.
    """
    special = _special_float(text)
    if special is not None:
        return special
    body = text[1:] if text[:1] in ("+", "-") else text
    if not _float_syntax_ok(body):
        raise NumError("ParseFloat", text, ERR_SYNTAX)
    clean = text.replace("_", "")
    hexa = body[:2] in ("0x", "0X")
    try:
        value = float.fromhex(clean) if hexa else float(clean)
    except OverflowError:
        value = math.inf
    if math.isinf(value):
        raise NumError("ParseFloat", text, ERR_RANGE, -math.inf if text[0] == "-" else math.inf)
    return value


# ------------------------------------------------------------------------------------------------ quoting

_NAMED_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
_MAX_RUNE = 0x10FFFF
_RUNE_ERROR = 0xFFFD


def _escape_rune(ch: str, quote_char: str, ascii_only: bool) -> str:
    """One character as ``Quote``/``QuoteRune`` (or their ``ToASCII`` forms) write it."""
    if ch == quote_char or ch == "\\":
        return "\\" + ch
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not valid UTF-8, carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    # Python's isprintable leaves out exactly the categories Go's unicode.IsPrint leaves out (C*, Z* but space).
    if (code < 0x80 or not ascii_only) and ch.isprintable():
        return ch
    named = _NAMED_ESCAPES.get(ch)
    if named is not None:
        return named
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:  # not a valid rune: Go escapes the replacement character instead
        code = _RUNE_ERROR
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quote(text: str) -> str:
    """``strconv.Quote``: what ``%q`` writes for a string, and how Go's error messages name one."""
    return '"' + "".join(_escape_rune(ch, '"', False) for ch in text) + '"'


def quote_to_ascii(text: str) -> str:
    """``strconv.QuoteToASCII``: ``Quote`` with every non-ASCII character escaped (``%+q``)."""
    return '"' + "".join(_escape_rune(ch, '"', True) for ch in text) + '"'


def _valid_rune(code: int) -> int:
    return code if 0 <= code <= _MAX_RUNE and not 0xD800 <= code <= 0xDFFF else _RUNE_ERROR


def quote_rune(code: int) -> str:
    """``strconv.QuoteRune``: ``%q`` of an integer. Invalid code points become the replacement character."""
    return "'" + _escape_rune(chr(_valid_rune(code)), "'", False) + "'"


def quote_rune_to_ascii(code: int) -> str:
    """``strconv.QuoteRuneToASCII`` (``%+q`` of an integer)."""
    return "'" + _escape_rune(chr(_valid_rune(code)), "'", True) + "'"


def can_backquote(text: str) -> bool:
    """``strconv.CanBackquote``: no backquote, BOM, control character but tab, or byte that is not UTF-8."""
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF or ch in "`\ufeff\x7f" or (code < 0x20 and ch != "\t"):
            return False
    return True


# ------------------------------------------------------------------------------------------------ unquoting

_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _syntax_error() -> ValueError:
    # Go's strconv.ErrSyntax: Unquote returns it bare, so the text is just "invalid syntax".
    return ValueError(ERR_SYNTAX)


def _decode_one(text: str, i: int, quote_char: str) -> tuple[int, bool, int]:
    """Decode one character or escape at ``text[i]``: (value, is_byte, next index).

    ``is_byte`` marks ``\\x``/octal escapes, which in Go denote raw bytes rather than code points.
    """
    ch = text[i]
    if ch == quote_char and quote_char != "`":
        raise _syntax_error()
    if ch != "\\":
        return ord(ch), False, i + 1
    if i + 1 >= len(text):
        raise _syntax_error()
    esc = text[i + 1]
    if esc in _SIMPLE_ESCAPES:
        # A quote may only be escaped inside its own kind of literal: "\'" and '\"' are errors in Go.
        if esc in "'\"" and esc != quote_char:
            raise _syntax_error()
        return _SIMPLE_ESCAPES[esc], False, i + 2
    if esc in "xuU":
        width = {"x": 2, "u": 4, "U": 8}[esc]
        digits = text[i + 2 : i + 2 + width]
        if len(digits) != width or not set(digits) <= _HEX_DIGITS:
            raise _syntax_error()
        value = int(digits, 16)
        if esc == "x":
            return value, True, i + 2 + width
        if value > _MAX_RUNE or 0xD800 <= value <= 0xDFFF:
            raise _syntax_error()
        return value, False, i + 2 + width
    if "0" <= esc <= "7":
        digits = text[i + 1 : i + 4]
        if len(digits) != 3 or not all("0" <= d <= "7" for d in digits):
            raise _syntax_error()
        value = int(digits, 8)
        if value > 255:
            raise _syntax_error()
        return value, True, i + 4
    raise _syntax_error()


def unquote(quoted: str) -> str:
    """``strconv.Unquote`` for string literals (``"..."`` or backquoted).

    Byte escapes are assembled as bytes and the result decoded as UTF-8, so ``"\\xc3\\xa9"`` is ``é`` as in Go;
    bytes that are not valid UTF-8 survive as surrogate escapes. Raises ValueError("invalid syntax") on bad input.
    """
    if len(quoted) < 2 or quoted[0] != quoted[-1] or quoted[0] not in '"`':
        raise _syntax_error()
    body = quoted[1:-1]
    if quoted[0] == "`":
        if "`" in body:
            raise _syntax_error()
        # Go drops carriage returns from raw strings so CRLF sources behave like LF ones.
        return body.replace("\r", "")
    if "\n" in body:
        raise _syntax_error()
    if "\\" not in body and '"' not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        value, is_byte, i = _decode_one(body, i, '"')
        if is_byte:
            out.append(value)
        else:
            out += chr(value).encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "surrogateescape")


def unquote_char(quoted: str) -> int:
    """A Go character constant such as ``'a'`` or ``'\\n'`` decoded to its code point, as text/template's
    parser does with ``strconv.UnquoteChar`` on the text between the quotes."""
    if len(quoted) < 3 or quoted[0] != "'":
        raise _syntax_error()
    value, _, end = _decode_one(quoted, 1, "'")
    if quoted[end:] != "'":
        raise ValueError(f"malformed character constant: {quoted}")
    return value
