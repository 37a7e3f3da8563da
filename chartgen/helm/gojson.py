"""Go's ``encoding/json`` over chartgen's model of Go values, and the template functions Helm and Sprig build on it.

Encoding follows ``json.Marshal``: map keys sorted bytewise, ``<>&`` escaped unless the caller turns HTML escaping
off, U+2028/U+2029 always escaped, invalid UTF-8 replaced by U+FFFD, ``[]byte`` as base64, and floats in the
``'f'``/``'e'`` hybrid format ``encoding/json`` uses. Decoding follows ``json.Unmarshal`` into ``interface {}``:
objects become dicts, arrays lists and every number a float64, with Go's scanner error texts.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.command_runtime import recursion_room
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import ANY, StructFields, go_signature, go_type_name
from chartgen.limits import JSON_DEPTH

__all__ = [
    "FUNCS",
    "FUNCS_HELM4",
    "JSONError",
    "format_fixed",
    "from_json",
    "decode",
    "decode_partial",
    "json_float",
    "json_nesting",
    "json_string",
    "to_json",
    "to_pretty_json",
    "to_raw_json",
    "unmarshal_string",
]


class JSONError(FuncError):
    """An ``encoding/json`` error; ``str()`` is Go's text (``json: unsupported value: NaN``...)."""


# --------------------------------------------------------------------------------------------------------------
# Encoding


def json_float(value: float) -> str:
    """How ``encoding/json`` writes a float64: shortest digits, exponent form only below 1e-6 or from 1e21 up."""
    if math.isnan(value) or math.isinf(value):
        raise JSONError(f"json: unsupported value: {_go_g_special(value)}")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        digits, exp = _shortest_digits(magnitude)
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # Go's 'e' format pads the exponent to two digits, then encoding/json trims e-07 back to e-7 (not e+21).
        text = f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp)}"
    else:
        text = _fixed(magnitude)
    return ("-" if value < 0 else "") + text


def _shortest_digits(magnitude: float) -> tuple[str, int]:
    """The shortest round-trip decimal digits of a positive float and the exponent of the first digit."""
    mantissa, _, exponent = repr(magnitude).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    digits = int_part + frac_part
    leading = len(digits) - len(digits.lstrip("0"))
    point = len(int_part) - leading + (int(exponent) if exponent else 0)
    return digits.strip("0") or "0", point - 1


def _fixed(magnitude: float) -> str:
    """``strconv.FormatFloat(f, 'f', -1, 64)``: the shortest digits, padded with zeros, never an exponent."""
    digits, exp = _shortest_digits(magnitude)
    point = exp + 1
    if point <= 0:
        return "0." + "0" * (-point) + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def format_fixed(value: float) -> str:
    """``strconv.FormatFloat(f, 'f', -1, 64)`` for a finite float, sign and negative zero included."""
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return ("-" if value < 0 else "") + _fixed(abs(value))


def _go_g_special(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return "+Inf" if value > 0 else "-Inf"


_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# What a JSON string holds between its quotes without escapes (control characters end the run: Go refuses them).
_STRING_RUN = re.compile('[^"\\\\\x00-\x1f]*')
# Runes json_string rewrites; a string without any is quoted as it is.
_REWRITTEN = re.compile('["\\\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]')
_REWRITTEN_NO_HTML = re.compile('["\\\\\x00-\x1f\u2028\u2029\ud800-\udfff]')


def json_string(text: str, escape_html: bool = True) -> str:
    """A Go string as ``encoding/json`` quotes it."""
    if not (_REWRITTEN if escape_html else _REWRITTEN_NO_HTML).search(text):
        return '"' + text + '"'
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif code < 0x20 or (escape_html and ch in "<>&"):
            out.append(f"\\u{code:04x}")
        elif ch in "\u2028\u2029":
            # Valid JSON but not valid JavaScript; Go escapes them whatever the HTML setting.
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            # A lone surrogate is how Python carries bytes that were not valid UTF-8; Go writes U+FFFD for them.
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _encode(value: Any, escape_html: bool, out: list[str]) -> None:
    # A typed nil slice (Sprig's rest of an empty list) prints as [] but marshals as null, as in Go.
    if value is None or getattr(value, "go_nil", False):
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, float):
        out.append(json_float(value))
    elif isinstance(value, str):
        out.append(json_string(value, escape_html))
    elif isinstance(value, (bytes, bytearray)):
        # Go marshals []byte as a base64 string, not as an array of numbers.
        out.append('"' + base64.b64encode(bytes(value)).decode("ascii") + '"')
    elif isinstance(value, StructFields):
        _encode_object(list(value.items()), escape_html, out)
    elif isinstance(value, dict):
        _encode_object(_sorted_items(value), escape_html, out)
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, escape_html, out)
        out.append("]")
    elif hasattr(value, "go_json"):
        _encode(value.go_json(), escape_html, out)
    else:
        raise JSONError(f"json: unsupported type: {go_type_name(value)}")


def _sorted_items(mapping: dict) -> list[tuple[Any, Any]]:
    # Go sorts the keys' strings bytewise; UTF-8 byte order equals code point order.
    items = [(k if isinstance(k, str) else str(k), v) for k, v in mapping.items()]
    items.sort(key=lambda kv: kv[0])
    return items


def _encode_object(items: list[tuple[Any, Any]], escape_html: bool, out: list[str]) -> None:
    out.append("{")
    for i, (key, item) in enumerate(items):
        if i:
            out.append(",")
        out.append(json_string(str(key), escape_html))
        out.append(":")
        _encode(item, escape_html, out)
    out.append("}")


def to_json(value: Any, escape_html: bool = True) -> str:
    """``json.Marshal(value)``; raises :class:`JSONError` for NaN, ±Inf and unsupported types."""
    out: list[str] = []
    _encode(value, escape_html, out)
    return "".join(out)


def to_raw_json(value: Any) -> str:
    """An ``Encoder`` with ``SetEscapeHTML(false)``, trailing newline removed (Sprig's ``toRawJson``)."""
    return to_json(value, escape_html=False)


def to_pretty_json(value: Any) -> str:
    """``json.MarshalIndent(value, "", "  ")``: empty arrays and objects stay ``[]`` and ``{}``."""
    return _indent(to_json(value), "  ")


def _indent(compact: str, step: str) -> str:
    """Go's ``json.Indent`` over already-compact JSON."""
    out: list[str] = []
    depth = 0
    in_string = False
    escaped = False
    need_newline = False  # an opening bracket was just written; defer its newline in case the value is empty
    for ch in compact:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if need_newline and ch not in "]}":
            need_newline = False
            out.append("\n" + step * depth)
        if ch == '"':
            in_string = True
            out.append(ch)
        elif ch in "[{":
            out.append(ch)
            depth += 1
            need_newline = True
        elif ch in "]}":
            depth -= 1
            if need_newline:
                need_newline = False
            else:
                out.append("\n" + step * depth)
            out.append(ch)
        elif ch == ",":
            out.append(",\n" + step * depth)
        elif ch == ":":
            out.append(": ")
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------------------------------------------
# Decoding


_SPACE_REJECTING = (
    "in literal",
    "in numeric literal",
    "after decimal point",
    "in exponent",
    "in string escape",
    "in \\u",
)


class _Scanner:
    """A recursive-descent reading of JSON that fails where Go's byte-wise scanner fails, with its messages."""

    def __init__(self, text: str, number: Callable[[str], Any]) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0
        self.number = number
        # Go keeps decoding after a value that does not fit (a number overflowing float64) and reports the first.
        self.type_error: JSONError | None = None

    def fail(self, context: str) -> JSONError:
        if self.pos >= len(self.text):
            # Go's scanner feeds one space at the end of input: states that cannot take a space report it.
            if context.startswith(_SPACE_REJECTING):
                return JSONError(f"invalid character ' ' {context}")
            return JSONError("unexpected end of JSON input")
        return JSONError(f"invalid character {_quote_char(self.text[self.pos])} {context}")

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text) and text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def document(self) -> Any:
        value = self.value()
        self.skip_space()
        if self.pos < len(self.text):
            raise self.fail("after top-level value")
        return value

    def value(self) -> Any:
        self.skip_space()
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if ch == "-" or "0" <= ch <= "9" and ch:
            return self.num()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if ch == word[0]:
                return self.literal(word, result)
        raise self.fail("looking for beginning of value")

    def nest(self) -> None:
        """Go's scanner refuses the bracket that opens level JSON_DEPTH + 1."""
        self.depth += 1
        if self.depth > JSON_DEPTH:
            raise self.fail("exceeded max depth")

    def obj(self) -> dict:
        self.nest()
        self.pos += 1
        result: dict = {}
        self.skip_space()
        if self.peek() == "}":
            self.pos += 1
            self.depth -= 1
            return result
        while True:
            self.skip_space()
            if self.peek() != '"':
                raise self.fail("looking for beginning of object key string")
            key = self.string()
            self.skip_space()
            if self.peek() != ":":
                raise self.fail("after object key")
            self.pos += 1
            result[key] = self.value()
            self.skip_space()
            ch = self.peek()
            self.pos += 1
            if ch == ",":
                continue
            if ch == "}":
                self.depth -= 1
                return result
            self.pos -= 1
            raise self.fail("after object key:value pair")

    def array(self) -> list:
        self.nest()
        self.pos += 1
        result: list = []
        self.skip_space()
        if self.peek() == "]":
            self.pos += 1
            self.depth -= 1
            return result
        while True:
            result.append(self.value())
            self.skip_space()
            ch = self.peek()
            self.pos += 1
            if ch == ",":
                continue
            if ch == "]":
                self.depth -= 1
                return result
            self.pos -= 1
            raise self.fail("after array element")

    def literal(self, word: str, result: Any) -> Any:
        for i, expected in enumerate(word):
            if i and self.peek() != expected:
                raise self.fail(f"in literal {word} (expecting {_quote_char(expected)})")
            self.pos += 1
        return result

    def num(self) -> Any:
        start = self.pos
        if self.peek() == "-":
            self.pos += 1
            if not ("0" <= self.peek() <= "9" and self.peek()):
                raise self.fail("in numeric literal")
        if self.peek() == "0":
            self.pos += 1
        else:
            self._digits()
        if self.peek() == ".":
            self.pos += 1
            if not self._digits():
                raise self.fail("after decimal point in numeric literal")
        if self.peek() in ("e", "E") and self.peek():
            self.pos += 1
            if self.peek() in ("+", "-") and self.peek():
                self.pos += 1
            if not self._digits():
                raise self.fail("in exponent of numeric literal")
        try:
            return self.number(self.text[start : self.pos])
        except JSONError as exc:
            self.type_error = self.type_error or exc
            return None

    def _digits(self) -> bool:
        start = self.pos
        while self.pos < len(self.text) and "0" <= self.text[self.pos] <= "9":
            self.pos += 1
        return self.pos > start

    def string(self) -> str:
        self.pos += 1
        text = self.text
        out: list[str] = []
        while True:
            if self.pos >= len(text):
                raise self.fail("")
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                return "".join(out)
            if ch < " ":
                raise self.fail("in string literal")
            if ch != "\\":
                # A run of ordinary runes in one step.
                end = _STRING_RUN.match(text, self.pos).end()
                out.append(text[self.pos : end])
                self.pos = end
                continue
            self.pos += 1
            esc = self.peek()
            simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
            if esc in simple and esc:
                out.append(simple[esc])
                self.pos += 1
            elif esc == "u":
                self.pos += 1
                out.append(self._unicode_escape())
            else:
                raise self.fail("in string escape code")

    def _hex4(self) -> int:
        for _ in range(4):
            if self.peek() == "" or self.peek() not in "0123456789abcdefABCDEF":
                raise self.fail("in \\u hexadecimal character escape")
            self.pos += 1
        return int(self.text[self.pos - 4 : self.pos], 16)

    def _unicode_escape(self) -> str:
        code = self._hex4()
        if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", self.pos):
            # A high surrogate joins with a following low one; otherwise it stands alone and becomes U+FFFD.
            saved = self.pos
            self.pos += 2
            low = self._hex4()
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            self.pos = saved
        if 0xD800 <= code < 0xE000:
            return "\ufffd"
        return chr(code)


_NESTING_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def json_nesting(text: str) -> tuple[int, str]:
    """How deep the first JSON value of ``text`` nests (strings skipped, nothing read past the value's end), and
    the bracket that opens level JSON_DEPTH + 1 (``""`` when there is none): a cheap look before a recursive
    decoder, so input Go refuses with ``exceeded max depth`` is never decoded at all."""
    depth = deepest = 0
    for match in _NESTING_TOKEN.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > JSON_DEPTH:
                    return deepest, token
        elif token in "]}":
            depth -= 1
            if depth <= 0:
                break
        elif depth == 0:
            break  # a string as the whole value
    return deepest, ""


def _quote_char(ch: str) -> str:
    """Go's ``quoteChar`` for scanner errors: ``'x'``, ``'\\''``, ``'"'``, ``'\\n'``..."""
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    # Go's scanner works on bytes and quotes the offending byte as if it were a rune (0xC3 shows as 'Ã').
    byte = ch.encode("utf-8", "surrogatepass")[0]
    return "'" + gostrconv.quote(chr(byte))[1:-1] + "'"


def _float_number(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JSONError(f"json: cannot unmarshal number {text} into Go value of type float64")
    return value


def decode_partial(text: str | bytes, number: Callable[[str], Any] = _float_number) -> tuple[Any, JSONError | None]:
    """``json.Unmarshal`` into ``interface {}``: the value and Go's error.

    A syntax error leaves nothing decoded (Go validates the whole input first); a number that overflows float64
    is decoded as nil and reported, with the rest of the document decoded around it.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    scanner = _Scanner(text, number)
    try:
        with recursion_room(min(text.count("[") + text.count("{"), JSON_DEPTH) * 3 + 100):
            value = scanner.document()
    except JSONError as exc:
        return None, exc
    except RecursionError:
        return None, JSONError("JSON nested more deeply than this Python stack can read")
    return value, scanner.type_error


def decode(text: str | bytes, number: Callable[[str], Any] = _float_number) -> Any:
    """``json.Unmarshal`` into ``interface {}``; raises :class:`JSONError` with Go's text on any error."""
    value, error = decode_partial(text, number)
    if error is not None:
        raise error
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    return "number"


def _unmarshal_into(text: str | bytes, kind: type, go_type: str) -> tuple[Any, JSONError | None]:
    value, error = decode_partial(text)
    if value is None and error is None:
        return kind(), None  # null leaves a nil map or slice, which behaves as an empty one
    if value is not None and not isinstance(value, kind):
        return kind(), JSONError(f"json: cannot unmarshal {_json_kind(value)} into Go value of type {go_type}")
    return (value if value is not None else kind()), error


def unmarshal_string(data: str | bytes) -> tuple[str, JSONError | None]:
    """``json.Unmarshal`` into a Go ``string``: the string (``""`` for null) and Go's error."""
    return _unmarshal_into(data, str, "string")


def from_json(text: str) -> dict:
    """``json.Unmarshal`` into ``map[string]interface {}``; raises :class:`JSONError` on failure."""
    value, error = _unmarshal_into(text, dict, "map[string]interface {}")
    if error is not None:
        raise error
    return value


# --------------------------------------------------------------------------------------------------------------
# Template functions


@go_signature(ANY)
def _helm_to_json(value: Any) -> str:
    # Helm's toJson swallows the error and renders nothing.
    try:
        return to_json(value)
    except JSONError:
        return ""


@go_signature("string")
def _helm_from_json(text: str) -> dict:
    # Whatever was decoded stays, and the error text is added under "Error".
    value, error = _unmarshal_into(text, dict, "map[string]interface {}")
    if error is not None:
        value["Error"] = str(error)
    return value


@go_signature("string")
def _helm_from_json_array(text: str) -> list:
    # On any error the result is replaced by a one-element list holding the message.
    value, error = _unmarshal_into(text, list, "[]interface {}")
    return [str(error)] if error is not None else value


@go_signature(ANY)
def _sprig_to_pretty_json(value: Any) -> str:
    # Sprig ignores the error: MarshalIndent's nil output prints as "".
    try:
        return to_pretty_json(value)
    except JSONError:
        return ""


@go_signature(ANY)
def _sprig_to_raw_json(value: Any) -> str:
    # Sprig's toRawJson panics on error; the template engine reports the panic value as the call's error.
    return to_raw_json(value)


@go_signature(ANY)
def _must_to_json(value: Any) -> str:
    return to_json(value)


@go_signature(ANY)
def _must_to_pretty_json(value: Any) -> str:
    return to_pretty_json(value)


@go_signature(ANY)
def _must_to_raw_json(value: Any) -> str:
    return to_raw_json(value)


@go_signature("string")
def _must_from_json(text: str) -> Any:
    return decode(text)


FUNCS: dict[str, Callable[..., Any]] = {
    "toJson": _helm_to_json,
    "fromJson": _helm_from_json,
    "fromJsonArray": _helm_from_json_array,
    "toPrettyJson": _sprig_to_pretty_json,
    "toRawJson": _sprig_to_raw_json,
    "mustToJson": _must_to_json,
    "mustToPrettyJson": _must_to_pretty_json,
    "mustToRawJson": _must_to_raw_json,
    "mustFromJson": _must_from_json,
}

# Helm 4 registers its own mustToJson (it panics instead of returning the error); the message is the same.
FUNCS_HELM4: dict[str, Callable[..., Any]] = {"mustToJson": _must_to_json}
