"""Helm's ``toToml`` and ``fromToml``: the BurntSushi/toml encoder's layout, and a TOML reader for the values
charts feed back in.

The encoder writes a map's plain keys first (sorted), then its tables and arrays of tables (sorted); every table
but the first top-level one is preceded by a blank line, and nested content is indented two spaces per level.
Floats always carry a decimal point (``1.0``), nil values are left out, and a failure is *returned as text*
(``toml: cannot encode array with nil element``), as Helm's ``toToml`` does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import Int64, go_kind, go_signature, go_type_name
from chartgen.helm.gojson import format_fixed

__all__ = ["FUNCS", "TOMLError", "from_toml", "to_toml"]


class TOMLError(FuncError):
    """A BurntSushi/toml error; ``str()`` is its text."""


# --------------------------------------------------------------------------------------------------------------
# Encoding

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_QUOTE_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key_part(part: str) -> str:
    return part if _BARE_KEY.fullmatch(part) else _quoted(part)


def _float_text(value: float) -> str:
    if math.isnan(value):
        return ("-" if math.copysign(1.0, value) < 0 else "") + "nan"
    if math.isinf(value):
        return ("-" if value < 0 else "") + "inf"
    # strconv 'f' with the shortest digits, then ".0" when there is no decimal point.
    text = format_fixed(value)
    return text if "." in text else text + ".0"


_TABLE, _TABLE_ARRAY, _OTHER = "table", "array of tables", "other"


def _toml_kind(value: Any) -> str | None:
    """BurntSushi's ``tomlTypeOfGo``, reduced to what the layout depends on (None for nil)."""
    if value is None:
        return None
    if isinstance(value, dict) or (hasattr(value, "go_json") and go_kind(value) == "struct"):
        return _TABLE
    if isinstance(value, (bytes, bytearray)):
        return _OTHER
    if isinstance(value, (list, tuple)):
        if not value:
            return _OTHER
        kinds = [_toml_kind(item) for item in value]
        if None in kinds:
            raise TOMLError("toml: cannot encode array with nil element")
        return _TABLE_ARRAY if all(kind == _TABLE for kind in kinds) else _OTHER
    return _OTHER


class _Encoder:
    def __init__(self) -> None:
        self.out: list[str] = []

    def write(self, text: str) -> None:
        self.out.append(text)

    def newline(self) -> None:
        # Only once something has been written: the document never starts with a blank line.
        if self.out:
            self.write("\n")

    def encode(self, key: list[str], value: Any) -> None:
        kind = _toml_kind(value)
        if kind is None:
            return
        if kind == _TABLE:
            self.table(key, _as_map(value))
        elif kind == _TABLE_ARRAY:
            if not key:
                raise TOMLError("toml: top-level values must be Go maps or structs")
            for item in value:
                self.newline()
                self.write(f"{_indent(key)}[[{_dotted(key)}]]")
                self.newline()
                self.mapping(key, _as_map(item), inline=False)
        else:
            self.key_value(key, value, inline=False)

    def table(self, key: list[str], mapping: dict) -> None:
        if len(key) == 1:
            self.newline()
        if key:
            self.write(f"{_indent(key)}[{_dotted(key)}]")
            self.newline()
        self.mapping(key, mapping, inline=False)

    def mapping(self, key: list[str], mapping: dict, inline: bool) -> None:
        direct = sorted(k for k, v in mapping.items() if _toml_kind(v) not in (_TABLE, _TABLE_ARRAY))
        tables = sorted(k for k, v in mapping.items() if _toml_kind(v) in (_TABLE, _TABLE_ARRAY))
        if inline:
            self.write("{")
        for keys, trailing_comma in ((direct, bool(tables)), (tables, False)):
            for i, name in enumerate(keys):
                item = mapping[name]
                if item is None:
                    continue
                if inline:
                    self.key_value([*key, name], item, inline=True)
                    if trailing_comma or i != len(keys) - 1:
                        self.write(", ")
                else:
                    self.encode([*key, name], item)
        if inline:
            self.write("}")

    def key_value(self, key: list[str], value: Any, inline: bool) -> None:
        if not key:
            self.element(value)
            return
        self.write(f"{_indent(key)}{_key_part(key[-1])} = ")
        self.element(value)
        if not inline:
            self.newline()

    def element(self, value: Any) -> None:
        if isinstance(value, bool):
            self.write("true" if value else "false")
        elif isinstance(value, int):
            self.write(str(int(value)))
        elif isinstance(value, float):
            self.write(_float_text(value))
        elif isinstance(value, str):
            self.write(_quoted(value))
        elif isinstance(value, (list, tuple, bytes, bytearray)):
            # A []byte is just a slice to the encoder: an array of integers.
            self.write("[")
            for i, item in enumerate(value):
                if i:
                    self.write(", ")
                self.element(item)
            self.write("]")
        elif isinstance(value, dict) or hasattr(value, "go_json"):
            self.mapping([], _as_map(value), inline=True)
        else:
            raise TOMLError(f"toml: unexpected type: {go_type_name(value)}")


def _as_map(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    view = value.go_json()
    if not isinstance(view, dict):
        raise TOMLError(f"toml: unexpected type: {go_type_name(value)}")
    return view


def _indent(key: list[str]) -> str:
    return "  " * (len(key) - 1)


def _dotted(key: list[str]) -> str:
    return ".".join(_key_part(part) for part in key)


def to_toml(value: Any) -> str:
    """BurntSushi's ``Encoder.Encode``; raises :class:`TOMLError` on failure."""
    if value is None:
        # Not an encoder error but a Go runtime panic (reflection on the zero Value), so it escapes toToml.
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    encoder = _Encoder()
    encoder.encode([], value)
    return "".join(encoder.out)


# --------------------------------------------------------------------------------------------------------------
# Decoding (TOML 1.0 without date-times)


_NUMBER_TOKEN = re.compile(r"[-+0-9a-zA-Z_.:]+")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.pos = 0
        self.root: dict = {}
        self.current = self.root
        self.last_key = ""
        self.defined: set[tuple[str, ...]] = set()

    def error(self, message: str, with_key: bool = True) -> TOMLError:
        line = self.text.count("\n", 0, self.pos) + 1
        where = f' (last key "{self.last_key}")' if with_key else ""
        return TOMLError(f"toml: line {line}{where}: {message}")

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def skip_ws(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.pos += 1

    def skip_comment(self) -> None:
        if self.peek() == "#":
            while self.peek() not in ("\n", ""):
                self.pos += 1

    def skip_blank(self) -> None:
        while True:
            self.skip_ws()
            self.skip_comment()
            if self.peek() == "\n":
                self.pos += 1
                continue
            return

    def end_of_line(self) -> None:
        self.skip_ws()
        self.skip_comment()
        if self.peek() not in ("\n", ""):
            raise self.error(
                f"expected a top-level item to end with a newline, comment, or EOF, but got {self.peek()!r}"
            )

    def document(self) -> dict:
        while True:
            self.skip_blank()
            if not self.peek():
                return self.root
            if self.peek(2) == "[[":
                self.pos += 2
                key = self.key()
                self.expect("]]")
                self.current = self.array_table(key)
            elif self.peek() == "[":
                self.pos += 1
                key = self.key()
                self.expect("]")
                self.current = self.table(key)
            else:
                key = self.key()
                self.expect("=")
                self.assign(self.current, key, self.value())
            self.end_of_line()

    def expect(self, token: str) -> None:
        self.skip_ws()
        if not self.text.startswith(token, self.pos):
            raise self.error(f"expected {token!r}")
        self.pos += len(token)

    def key(self) -> list[str]:
        parts = []
        while True:
            self.skip_ws()
            ch = self.peek()
            if ch == '"':
                parts.append(self.basic_string())
            elif ch == "'":
                parts.append(self.literal_string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match and ch == "=":
                    # A lexer error in BurntSushi/toml, which carries no "last key".
                    raise self.error("unexpected '=': key name appears blank", with_key=False)
                if not match:
                    raise self.error("expected a key")
                parts.append(match.group())
                self.pos = match.end()
            self.skip_ws()
            if self.peek() != ".":
                self.last_key = ".".join(parts)
                return parts
            self.pos += 1

    def descend(self, base: dict, path: list[str]) -> dict:
        node = base
        for part in path:
            child = node.setdefault(part, {})
            if isinstance(child, list) and child and isinstance(child[-1], dict):
                child = child[-1]
            if not isinstance(child, dict):
                raise self.error(f"key {part!r} is already defined as a value")
            node = child
        return node

    def table(self, key: list[str]) -> dict:
        if tuple(key) in self.defined:
            raise self.error(f"Key '{'.'.join(key)}' has already been defined.", with_key=False)
        self.defined.add(tuple(key))
        return self.descend(self.root, key)

    def array_table(self, key: list[str]) -> dict:
        parent = self.descend(self.root, key[:-1])
        array = parent.setdefault(key[-1], [])
        if not isinstance(array, list):
            raise self.error(f"key {key[-1]!r} is already defined as a value")
        entry: dict = {}
        array.append(entry)
        return entry

    def assign(self, table: dict, key: list[str], value: Any) -> None:
        target = self.descend(table, key[:-1])
        if key[-1] in target:
            raise self.error(f"Key '{self.last_key}' has already been defined.")
        target[key[-1]] = value

    def value(self) -> Any:
        self.skip_ws()
        ch = self.peek()
        if not ch or ch == "\n":
            raise self.error("unexpected EOF; expected value")
        if self.peek(3) in ('"""', "'''"):
            return self.multiline_string(self.peek(3))
        if ch == '"':
            return self.basic_string()
        if ch == "'":
            return self.literal_string()
        if ch == "[":
            return self.array()
        if ch == "{":
            return self.inline_table()
        for word, result in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        return self.number()

    def array(self) -> list:
        self.pos += 1
        items = []
        while True:
            self.skip_blank()
            if self.peek() == "]":
                self.pos += 1
                return items
            items.append(self.value())
            self.skip_blank()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.error("expected a comma or array terminator")

    def inline_table(self) -> dict:
        self.pos += 1
        table: dict = {}
        self.skip_ws()
        if self.peek() == "}":
            self.pos += 1
            return table
        while True:
            key = self.key()
            self.expect("=")
            self.assign(table, key, self.value())
            self.skip_ws()
            if self.peek() == "}":
                self.pos += 1
                return table
            self.expect(",")

    def basic_string(self) -> str:
        self.pos += 1
        out = []
        while True:
            ch = self.peek()
            if not ch or ch == "\n":
                raise self.error("unexpected EOF; expected '\"'")
            self.pos += 1
            if ch == '"':
                return "".join(out)
            out.append(self.escape() if ch == "\\" else ch)

    def escape(self) -> str:
        ch = self.peek()
        self.pos += 1
        simple = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}
        if ch in simple and ch:
            return simple[ch]
        size = {"u": 4, "U": 8}.get(ch)
        if size is None:
            raise self.error(f"invalid escape character {ch!r}")
        digits = self.text[self.pos : self.pos + size]
        if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.error(f"invalid escape: \\{ch}{digits}")
        self.pos += size
        return chr(int(digits, 16))

    def literal_string(self) -> str:
        end = self.text.find("'", self.pos + 1)
        if end < 0 or "\n" in self.text[self.pos : end]:
            raise self.error('unexpected EOF; expected "\'"')
        value = self.text[self.pos + 1 : end]
        self.pos = end + 1
        return value

    def multiline_string(self, quote: str) -> str:
        self.pos += 3
        if self.peek() == "\n":
            self.pos += 1  # a newline right after the opening quotes is not part of the string
        out = []
        while True:
            if self.pos >= len(self.text):
                raise self.error(f"unexpected EOF; expected {quote!r}")
            if self.text.startswith(quote, self.pos):
                # Up to two quote characters may sit right before the closing delimiter.
                extra = 0
                while extra < 2 and self.text.startswith(quote, self.pos + extra + 1):
                    extra += 1
                out.append(quote[0] * extra)
                self.pos += 3 + extra
                return "".join(out)
            ch = self.peek()
            self.pos += 1
            if quote == '"""' and ch == "\\":
                if self.peek() in (" ", "\t", "\n"):
                    # A line-ending backslash trims the break and the whitespace that follows it.
                    while self.peek() in (" ", "\t", "\n") and self.peek():
                        self.pos += 1
                    continue
                out.append(self.escape())
            else:
                out.append(ch)

    def number(self) -> Any:
        match = _NUMBER_TOKEN.match(self.text, self.pos)
        token = match.group() if match else ""
        self.pos += len(token)
        if token in ("inf", "+inf", "-inf", "nan", "+nan", "-nan"):
            return float(token)
        if re.fullmatch(r"[-+]?(0|[1-9](_?[0-9])*)", token):
            try:
                return Int64(gostrconv.parse_int(token.replace("_", ""), 10))
            except gostrconv.NumError:
                raise self.error(f"integer {token!r} is out of range") from None
        for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
            if token.startswith(prefix):
                try:
                    return Int64(int(token[2:].replace("_", ""), base))
                except ValueError:
                    break
        if re.fullmatch(r"[-+]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][-+]?[0-9](_?[0-9])*)?", token):
            return float(token.replace("_", ""))
        raise self.error(f'expected value but found "{token}" instead')


def from_toml(text: str) -> dict:
    """``toml.Unmarshal`` into a map (integers int64, floats float64); raises :class:`TOMLError`."""
    return _Reader(text).document()


# --------------------------------------------------------------------------------------------------------------
# Template functions


@go_signature("interface {}")
def _helm_to_toml(value: Any) -> str:
    # Helm returns the encoder's error text in place of the document.
    try:
        return to_toml(value)
    except TOMLError as exc:
        return str(exc)


@go_signature("string")
def _helm_from_toml(text: str) -> dict:
    try:
        return from_toml(text)
    except TOMLError as exc:
        return {"Error": str(exc)}


FUNCS: dict[str, Callable[..., Any]] = {"toToml": _helm_to_toml, "fromToml": _helm_from_toml}
