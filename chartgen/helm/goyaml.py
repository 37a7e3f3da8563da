"""Helm's ``toYaml`` and ``toYamlPretty``, reproduced byte for byte.

``toYaml`` is ``sigs.k8s.io/yaml.Marshal``: the value goes through ``encoding/json``, goyaml.v2 reads that JSON
back (so integers become int/uint64 and everything else float64), and goyaml.v2's port of the libyaml emitter
writes it out (block style, indent 2, lines folded past column 80). Helm then drops one trailing newline.

``toYamlPretty`` encodes the Go values directly with goyaml.v3 (indent 2, sequences indented under their key, no
folding). The emitter below implements both dialects; the differences are small and named by :class:`Dialect`.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from chartgen.gostrconv import INT64_MIN, UINT64_MAX, wrap_int64
from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.goprint import format_float
from chartgen.gotemplate.gotypes import ANY, StructFields, go_signature, go_type_name
from chartgen.helm import gojson
from chartgen.helm.yaml_load import plain_scalar_is_string
from chartgen.records import record

__all__ = ["FUNCS", "FUNCS_HELM4", "YAMLError", "to_yaml", "to_yaml_pretty"]


class YAMLError(FuncError):
    """A goyaml error; ``str()`` is Go's text (``yaml: control characters are not allowed``...)."""


@record(frozen=True)
class Dialect:
    """What separates goyaml.v2 as sigs.k8s.io/yaml drives it from goyaml.v3 as ``toYamlPretty`` drives it."""

    best_width: int  # the folding column; v3 never folds
    indentless_sequences: bool  # v2 writes a mapping's sequence value at the key's own indentation
    digit_aware_sort: bool  # v3's key order puts a letter before a digit when the previous runes were digits
    tabs_in_literal: bool  # v3 counts a tab as an ordinary character in a literal block, v2 as a special one


V2 = Dialect(best_width=80, indentless_sequences=True, digit_aware_sort=False, tabs_in_literal=False)
V3 = Dialect(best_width=1 << 62, indentless_sequences=False, digit_aware_sort=True, tabs_in_literal=True)
BEST_INDENT = 2

_PLAIN, _SINGLE, _DOUBLE, _LITERAL = "plain", "single", "double", "literal"
_BREAKS = "\n\r\x85\u2028\u2029"
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_ANY_BREAK = re.compile(f"[{_BREAKS}]")
# A single-quoted scalar writes these rune by rune (breaks doubled, quotes doubled).
_SINGLE_UNSAFE = re.compile("['\n\r\x85\u2028\u2029]")
# Runes a double-quoted scalar escapes: not printable (C0 and C1 controls, surrogates, the BOM, non-characters,
# anything outside the BMP), a break, a quote or a backslash. Written as the complement: far cheaper to compile.
_DOUBLE_ESCAPED = re.compile(
    '[\x00-\x1f"\\\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]'
)
# The emitter writes common scalars whole instead of rune by rune; tests turn this off to prove the bytes agree.
_FAST_PATHS = True


# --------------------------------------------------------------------------------------------------------------
# Plain scalar resolution: would goyaml read this string back, unquoted, as something else?

# goyaml.v3 reads only true/false as booleans but still quotes the YAML 1.1 words for older readers.
_OLD_BOOLS = frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"}) | {
    "n",
    "N",
    "no",
    "No",
    "NO",
    "off",
    "Off",
    "OFF",
}
_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def resolves_to_string(text: str) -> bool:
    """goyaml.v2's ``resolve`` for an untagged plain scalar: True when it would be read back as a string."""
    return plain_scalar_is_string(text)


def is_base60_float(text: str) -> bool:
    """YAML 1.1 sexagesimal numbers (``1:20:30``): goyaml no longer reads them but still quotes them."""
    return bool(text) and text[0] in "+-0123456789" and ":" in text and bool(_BASE60_FLOAT.fullmatch(text))


def is_old_bool(text: str) -> bool:
    return text in _OLD_BOOLS


# --------------------------------------------------------------------------------------------------------------
# Key order: goyaml's "natural" sort of string keys


def _is_letter(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalpha()
    return unicodedata.category(ch)[0] == "L"


def _is_digit(ch: str) -> bool:
    if ch < "\x80":
        return "0" <= ch <= "9"
    return unicodedata.category(ch) == "Nd"


def _key_less(a: str, b: str, digit_aware: bool) -> bool:
    """goyaml's ``keyList.Less`` for two string keys: letters after other runes, digit runs compared as numbers."""
    common = min(len(a), len(b))
    i = 0
    while i < common and a[i] == b[i]:
        i += 1
    if i == common:
        return len(a) < len(b)
    # Only the last of the equal runes matters: whether the runes that differ continue a number.
    previous_digit = i > 0 and _is_digit(a[i - 1])
    ca, cb = a[i], b[i]
    la, lb = _is_letter(ca), _is_letter(cb)
    if la and lb:
        return ca < cb
    if la or lb:
        return la if (digit_aware and previous_digit) else lb
    an = bn = 0
    if ca == "0" or cb == "0":
        # A zero continuing a number that has a non-zero digit before it is not a leading zero.
        j = i - 1
        while j >= 0 and _is_digit(a[j]):
            if ord(a[j]) - ord("0") > 0:
                an = bn = 1
                break
            j -= 1
    ai = i
    while ai < len(a) and _is_digit(a[ai]):
        an = wrap_int64(an * 10 + ord(a[ai]) - ord("0"))  # Go accumulates in an int64 that may wrap
        ai += 1
    bi = i
    while bi < len(b) and _is_digit(b[bi]):
        bn = wrap_int64(bn * 10 + ord(b[bi]) - ord("0"))
        bi += 1
    if an != bn:
        return an < bn
    if ai != bi:
        return ai < bi
    return ca < cb


# For ASCII keys without digits the natural order is a plain comparison once every letter is moved above every
# other character: nothing else in ``_key_less`` comes into play. Most Kubernetes keys are like that.
_NO_DIGITS_ASCII = re.compile(r"[\x00-\x2f\x3a-\x7f]*")
_LETTERS_LAST = str.maketrans({chr(c): chr(c + 128) for c in range(128) if chr(c).isalpha()})


def sorted_keys(keys: list[str], dialect: Dialect = V2) -> list[str]:
    """Map keys in goyaml's order (``_u, "1", "2", "10", B, a, b``)."""
    # One match over all keys at once: the pattern is a class of single characters.
    if _FAST_PATHS and _NO_DIGITS_ASCII.fullmatch("".join(keys)):
        return sorted(keys, key=lambda key: key.translate(_LETTERS_LAST))
    if _FAST_PATHS and len(keys) <= _REMEMBERED_KEYS:
        # Charts print maps of one shape again and again (once per object); comparing in Python is the slow part.
        return list(_natural_order(tuple(keys), dialect.digit_aware_sort))
    return _natural_sort(keys, dialect.digit_aware_sort)


def _natural_sort(keys: list[str] | tuple[str, ...], digit_aware: bool) -> list[str]:
    def compare(x: str, y: str) -> int:
        if _key_less(x, y, digit_aware):
            return -1
        return 1 if _key_less(y, x, digit_aware) else 0

    return sorted(keys, key=functools.cmp_to_key(compare))


_REMEMBERED_KEYS = 64


@functools.lru_cache(maxsize=256)
def _natural_order(keys: tuple[str, ...], digit_aware: bool) -> tuple[str, ...]:
    return tuple(_natural_sort(keys, digit_aware))


# --------------------------------------------------------------------------------------------------------------
# Scalar analysis (libyaml's yaml_emitter_analyze_scalar as goyaml ports it)


def _printable(ch: str) -> bool:
    """goyaml's byte-level ``is_printable``: no C1 controls (not even NEL), no BOM, nothing outside the BMP."""
    code = ord(ch)
    if code == 0x0A or 0x20 <= code <= 0x7E:
        return True
    if 0xA0 <= code <= 0xD7FF:
        return True
    return 0xE000 <= code <= 0xFFFD and code != 0xFEFF


@record
class _Analysis:
    multiline: bool
    plain_allowed: bool
    single_allowed: bool
    block_allowed: bool


_EVERYDAY_ANALYSIS = _Analysis(multiline=False, plain_allowed=True, single_allowed=True, block_allowed=True)


# Words of printable ASCII separated by runs of spaces: no break, tab, special rune or blank at either end, so the
# scalar is one line that allows every style but perhaps plain. Plain is refused by an indicator: at the start,
# any of ``#,[]{}&*!|>'"%@`` or ``?``, ``:``, ``-`` before a blank; later, ``:`` before a blank or ``#`` after one;
# or a ``---``/``...`` start. Flow indicators (``{}[],?``) later on do not matter in block style.
_PRINTABLE_WORDS = re.compile(r"[!-~]+(?: +[!-~]+)*")
_START_INDICATORS = "#,[]{}&*!|>'\"%@`"
_QUOTED_ANALYSIS = _Analysis(multiline=False, plain_allowed=False, single_allowed=True, block_allowed=True)


def _analyze(text: str, tabs_in_literal: bool = False) -> _Analysis:
    if not text:
        return _Analysis(multiline=False, plain_allowed=True, single_allowed=True, block_allowed=False)
    if _FAST_PATHS and _PRINTABLE_WORDS.fullmatch(text):
        first = text[0]
        indicated = (
            first in _START_INDICATORS
            or (first in "?:-" and (len(text) == 1 or text[1] == " "))
            or text.endswith(":")
            or ": " in text
            or " #" in text
            or text.startswith(("---", "..."))
        )
        return _QUOTED_ANALYSIS if indicated else _EVERYDAY_ANALYSIS
    block_indicators = text.startswith(("---", "..."))
    special = tabs = line_breaks = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    preceded_by_blank = True
    last = len(text) - 1
    for i, ch in enumerate(text):
        followed_by_blank = i == last or text[i + 1] in " \t" + _BREAKS
        if i == 0:
            # An indicator at the start; "?", ":" and "-" only count when a blank follows them.
            if ch in _START_INDICATORS or (ch in "?:-" and followed_by_blank):
                block_indicators = True
        elif (ch == ":" and followed_by_blank) or (ch == "#" and preceded_by_blank):
            block_indicators = True
        if tabs_in_literal and ch == "\t":
            tabs = True
        elif not _printable(ch):
            special = True
        if ch in _BREAKS:
            line_breaks = True
        if ch == " ":
            leading_space = leading_space or i == 0
            trailing_space = trailing_space or i == last
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif ch in _BREAKS:
            leading_break = leading_break or i == 0
            trailing_break = trailing_break or i == last
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_blank = ch in " \t" + _BREAKS
    plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break or line_breaks or block_indicators:
        plain = False
    if trailing_space:
        block = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = block = False
    if tabs:
        plain = single = False
    return _Analysis(multiline=line_breaks, plain_allowed=plain, single_allowed=single, block_allowed=block)


def _requested_style(text: str) -> str:
    """goyaml's ``stringv``: literal for text with a newline, double quotes when plain would not read back."""
    if "\n" in text:
        return _LITERAL
    if not resolves_to_string(text) or is_base60_float(text) or is_old_bool(text):
        return _DOUBLE
    return _PLAIN


_REMEMBERED_TEXT = 256


@functools.lru_cache(maxsize=4096)
def _string_facts(text: str, tabs_in_literal: bool) -> tuple[_Analysis, str]:
    # A chart prints the same short strings (names, labels, ports) in object after object.
    return _analyze(text, tabs_in_literal), _requested_style(text)


def _select_style(requested: str, analysis: _Analysis, text: str, simple_key: bool) -> str:
    style = requested
    if simple_key and analysis.multiline:
        style = _DOUBLE
    if style == _PLAIN and (not analysis.plain_allowed or (not text and simple_key)):
        style = _SINGLE
    if style == _SINGLE and not analysis.single_allowed:
        style = _DOUBLE
    if style == _LITERAL and (not analysis.block_allowed or simple_key):
        style = _DOUBLE
    return style


_ESCAPES = {
    "\0": "0",
    "\a": "a",
    "\b": "b",
    "\t": "t",
    "\n": "n",
    "\v": "v",
    "\f": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


def _escape(ch: str) -> str:
    short = _ESCAPES.get(ch)
    if short is not None:
        return "\\" + short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


# --------------------------------------------------------------------------------------------------------------
# The emitter


class _Emitter:
    """The parts of libyaml's emitter state that decide the bytes: column, and whether we sit after whitespace
    or at an indentation point. Collections are emitted recursively instead of through libyaml's state machine."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True

    # -- low-level writes --------------------------------------------------------------------------------------

    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def write_break(self, ch: str) -> None:
        if ch == "\n":
            self.put_break()
        else:
            # Other line breaks (U+2028...) are written as themselves and still start a new line.
            self.out.append(ch)
            self.column = 0

    def write_indent(self, indent: int) -> None:
        indent = max(indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = True
        self.indention = True

    def indicator(self, text: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    # -- nodes -------------------------------------------------------------------------------------------------

    def increase_indent(self, indent: int, flow: bool, indentless: bool) -> int:
        if indent < 0:
            return BEST_INDENT if flow else 0
        if indentless:
            return indent
        return indent + BEST_INDENT

    def node(self, value: Any, indent: int, *, mapping_context: bool, simple_key: bool) -> None:
        if isinstance(value, dict):
            if value:
                self.block_mapping(value, indent)
            else:
                self.indicator("{", True, True, False)
                self.indicator("}", False, False, False)
        elif isinstance(value, list):
            if value:
                self.block_sequence(value, indent, mapping_context)
            else:
                self.indicator("[", True, True, False)
                self.indicator("]", False, False, False)
        else:
            self.scalar(value, indent, simple_key)

    def block_sequence(self, items: list, indent: int, mapping_context: bool) -> None:
        indentless = self.dialect.indentless_sequences and mapping_context and not self.indention
        inner = self.increase_indent(indent, False, indentless)
        for item in items:
            self.write_indent(inner)
            self.indicator("-", True, False, True)
            self.node(item, inner, mapping_context=False, simple_key=False)

    def block_mapping(self, mapping: dict, indent: int) -> None:
        inner = self.increase_indent(indent, False, False)
        for key in sorted_keys(list(mapping), self.dialect):
            self.write_indent(inner)
            if _is_simple_key(key):
                self.node(key, inner, mapping_context=True, simple_key=True)
                self.indicator(":", False, False, False)
            else:
                # Multi-line or long keys cannot be implicit: libyaml writes "? key" and ":" on its own line.
                self.indicator("?", True, False, True)
                self.node(key, inner, mapping_context=True, simple_key=False)
                self.write_indent(inner)
                self.indicator(":", True, False, True)
            self.node(mapping[key], inner, mapping_context=True, simple_key=False)

    def scalar(self, value: Any, indent: int, simple_key: bool) -> None:
        text, style = _scalar_text(value)
        if style is None and _FAST_PATHS and len(text) <= _REMEMBERED_TEXT:
            analysis, style = _string_facts(text, self.dialect.tabs_in_literal)
        else:
            analysis = _analyze(text, self.dialect.tabs_in_literal)
            if style is None:
                style = _requested_style(text)
        style = _select_style(style, analysis, text, simple_key)
        inner = self.increase_indent(indent, True, False)
        allow_breaks = not simple_key
        if style == _PLAIN:
            self.write_plain(text, inner, allow_breaks)
        elif style == _SINGLE:
            self.write_single(text, inner, allow_breaks)
        elif style == _DOUBLE:
            self.write_double(text, inner, allow_breaks)
        else:
            self.write_literal(text, inner)

    # -- scalar styles -----------------------------------------------------------------------------------------

    def _past_width(self, spaces: bool, allow_breaks: bool) -> bool:
        # libyaml folds at a space only once the line is already longer than the width, never at a run of spaces.
        return allow_breaks and not spaces and self.column > self.dialect.best_width

    def _fits(self, text: str, allow_breaks: bool) -> bool:
        """Whether no space in ``text`` can be past the folding width, so the text is written as it is."""
        return _FAST_PATHS and (
            not allow_breaks or " " not in text or self.column + len(text) <= self.dialect.best_width
        )

    def write_plain(self, text: str, indent: int, allow_breaks: bool) -> None:
        if text and not self.whitespace:
            self.put(" ")
        if self._fits(text, allow_breaks):
            self.put(text)
            self.whitespace = False
            self.indention = False
            return
        spaces = False
        for i, ch in enumerate(text):
            if ch == " ":
                # Fold at a single space once past the width; the space itself becomes the line break.
                nxt = text[i + 1] if i + 1 < len(text) else ""
                if self._past_width(spaces, allow_breaks) and nxt != " ":
                    self.write_indent(indent)
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                self.indention = False
                spaces = False
        self.whitespace = False
        self.indention = False

    def write_single(self, text: str, indent: int, allow_breaks: bool) -> None:
        self.indicator("'", True, False, False)
        if text and self._fits(text, allow_breaks) and not _SINGLE_UNSAFE.search(text):
            self.put(text)
            self.indention = False
            self.indicator("'", False, False, False)
            return
        spaces = breaks = False
        last = len(text) - 1
        for i, ch in enumerate(text):
            if ch == " ":
                nxt = text[i + 1] if i < last else ""
                if self._past_width(spaces, allow_breaks) and 0 < i < last and nxt != " ":
                    self.write_indent(indent)
                else:
                    self.put(ch)
                spaces = True
            elif ch in _BREAKS:
                # A newline inside single quotes is written twice: one folded break is read back as a space.
                if not breaks and ch == "\n":
                    self.put_break()
                self.write_break(ch)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put("''" if ch == "'" else ch)
                self.indention = False
                spaces = breaks = False
        self.indicator("'", False, False, False)

    def write_double(self, text: str, indent: int, allow_breaks: bool) -> None:
        self.indicator('"', True, False, False)
        # goyaml.v2's BOM test looks at the start of the string rather than at the current rune, so a string that
        # begins with U+FEFF has every one of its characters escaped.
        escape_all = text.startswith("\ufeff")
        if self._fits(text, allow_breaks) and not _DOUBLE_ESCAPED.search(text):
            self.put(text)
            self.indicator('"', False, False, False)
            return
        spaces = False
        last = len(text) - 1
        for i, ch in enumerate(text):
            if escape_all or not _printable(ch) or ch in _BREAKS or ch in '"\\':
                self.put(_escape(ch))
                spaces = False
            elif ch == " ":
                if self._past_width(spaces, allow_breaks) and 0 < i < last:
                    self.write_indent(indent)
                    if text[i + 1] == " ":
                        # A leading space on the continuation line would be eaten by folding: escape the break.
                        self.put("\\")
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.indicator('"', False, False, False)

    def write_literal(self, text: str, indent: int) -> None:
        self.indicator("|", True, False, False)
        if text[0] == " " or text[0] in _BREAKS:
            # Content starting with a space or break cannot show its own indentation: state it.
            self.indicator(str(BEST_INDENT), False, False, False)
        if not text or text[-1] not in _BREAKS:
            self.indicator("-", False, False, False)
        elif len(text) == 1 or text[-2] in _BREAKS:
            self.indicator("+", False, False, False)
        self.put_break()
        self.indention = True
        self.whitespace = True
        if _FAST_PATHS and not _OTHER_BREAKS.search(text):
            # Only newlines: each line is indented and written whole, as the loop below would do rune by rune.
            for number, line in enumerate(text.split("\n")):
                if number:
                    self.put_break()
                    self.indention = True
                    if line:
                        self.write_indent(indent)
                elif line:
                    self.write_indent(indent)
                if line:
                    self.put(line)
                    self.indention = False
            return
        breaks = True
        for ch in text:
            if ch in _BREAKS:
                self.write_break(ch)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put(ch)
                self.indention = False
                breaks = False

    def document(self, value: Any) -> str:
        self.node(value, -1, mapping_context=False, simple_key=False)
        self.write_indent(-1)
        return "".join(self.out)


def _is_simple_key(key: str) -> bool:
    """libyaml's ``check_simple_key`` for a scalar key: one line and at most 128 bytes."""
    if _ANY_BREAK.search(key):
        return False
    return len(key.encode("utf-8", "surrogatepass")) <= 128


def _scalar_text(value: Any) -> tuple[str, str | None]:
    """A non-string scalar's plain text, or a string with no style yet (the style depends on its content)."""
    if value is None:
        return "null", _PLAIN
    if isinstance(value, bool):
        return ("true" if value else "false"), _PLAIN
    if isinstance(value, int):
        return str(int(value)), _PLAIN
    if isinstance(value, float):
        text = format_float(value)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text), _PLAIN
    if isinstance(value, str):
        return value, None
    raise YAMLError(f"cannot marshal type: {go_type_name(value)}")


# --------------------------------------------------------------------------------------------------------------
# toYaml: the JSON round trip


def _yaml_number(text: str) -> int | float:
    """How goyaml.v2 resolves a JSON number: int if it fits int64, uint64 if it fits that, else float64."""
    if "." not in text and "e" not in text and "E" not in text:
        value = int(text)
        if INT64_MIN <= value <= UINT64_MAX:
            return value
    return float(text)


def _reader_check(text: str) -> None:
    """libyaml's reader refuses characters that YAML does not allow in a stream (DEL, C1 controls, U+FFFE...)."""
    for ch in text:
        code = ord(ch)
        if code in (0x09, 0x0A, 0x0D, 0x85) or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF:
            continue
        if 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
            continue
        raise YAMLError("yaml: control characters are not allowed")


_MAX_SIMPLE_KEY_CHARS = 1024


class _Reread:
    """Apply the YAML-side reading of JSON strings to a decoded document; fail where goyaml.v2's parser does.

    Walks the document in the JSON text's order, counting the NEL line breaks seen so far, because goyaml's
    error messages name the line."""

    def __init__(self) -> None:
        self.line = 0  # zero-based, as libyaml marks count

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                self.line += key.count("\x85")
                # A JSON key is an implicit (simple) key: it must stay on one line and within 1024 characters.
                if "\x85" in key or len(gojson.json_string(key)) > _MAX_SIMPLE_KEY_CHARS:
                    where = f"line {self.line}: " if self.line else ""
                    raise YAMLError(f"yaml: {where}did not find expected ',' or '}}'")
                result[key] = self.value(item)
            return result
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, str) and "\x85" in value:
            return self.fold_nel(value)
        return value

    def fold_nel(self, text: str) -> str:
        """Read back a JSON string holding raw NEL (U+0085), which Go does not escape but YAML 1.1 treats as a line
        break inside a double-quoted scalar: one break folds to a space, n breaks to n-1 newlines, and the spaces
        around them are dropped."""
        out: list[str] = []
        i, n = 0, len(text)
        at_line_start = False
        while i < n:
            if at_line_start and text[i : i + 3] in ("---", "...") and i + 3 < n and text[i + 3] in " \x85":
                raise YAMLError(f"yaml: line {self.line + 1}: found unexpected document indicator")
            start = i
            while i < n and text[i] not in " \x85":
                i += 1
            out.append(text[start:i])
            spaces: list[str] = []
            breaks = 0
            at_line_start = False
            while i < n and text[i] in " \x85":
                if text[i] == "\x85":
                    breaks += 1
                    self.line += 1
                    at_line_start = True
                elif not breaks:
                    spaces.append(" ")
                else:
                    at_line_start = False
                i += 1
            if breaks:
                out.append(" " if breaks == 1 else "\n" * (breaks - 1))
            else:
                out.append("".join(spaces))
        return "".join(out)


class _NotEveryday(Exception):
    """The value holds something whose JSON round trip is not the identity (or may fail): take the long way."""


# Runes the JSON round trip does not give back as they are: the reader refuses DEL, C1 controls (NEL aside, which
# folds) and U+FFFE/U+FFFF written raw; a lone surrogate (undecodable bytes) comes back as U+FFFD.
_ROUND_TRIP_CHANGES = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Past this depth the long way decides (it enforces the decoder's nesting limit and catches cycles).
_EVERYDAY_DEPTH = 100
# A key whose JSON quoting may pass the 1024-character simple-key limit (one rune quotes to at most 6).
_EVERYDAY_KEY_CHARS = (_MAX_SIMPLE_KEY_CHARS - 2) // 6


def _item_key(item: tuple[str, Any]) -> str:
    return item[0]


def _round_tripped(value: Any, depth: int = 0) -> Any:
    """What goyaml.v2 reads back from ``json.Marshal(value)``, computed without writing the JSON, for the values
    templates pass to toYaml every day: maps with string keys, lists, strings, booleans, numbers and nil.

    Maps come back with their keys in the JSON text's byte order: goyaml's key order is not transitive for every
    set of keys (``40 < 4b < 5 < 40``), so where the sort starts from decides the result."""
    if isinstance(value, str):
        if _ROUND_TRIP_CHANGES.search(value):
            raise _NotEveryday
        return str(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _yaml_number(str(int(value)))
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            raise _NotEveryday
        return _yaml_number(gojson.json_float(value))
    if depth > _EVERYDAY_DEPTH or getattr(value, "go_nil", False):
        raise _NotEveryday
    if isinstance(value, dict) and not isinstance(value, StructFields):
        items = list(value.items())
        for key, _ in items:
            if type(key) is not str or len(key) > _EVERYDAY_KEY_CHARS or _ROUND_TRIP_CHANGES.search(key):
                raise _NotEveryday
        items.sort(key=_item_key)
        return {key: _round_tripped(item, depth + 1) for key, item in items}
    if isinstance(value, (list, tuple)):
        return [_round_tripped(item, depth + 1) for item in value]
    raise _NotEveryday


# --------------------------------------------------------------------------------------------------------------
# toYaml's line writer: what the emitter writes for everyday values, built a whole line at a time


class _Unusual(Exception):
    """Something the line writer leaves to the emitter: a scalar that folds or spans lines, a key that is not
    simple, a value whose JSON round trip is not the identity."""


_WIDTH = V2.best_width
_NULL, _TRUE, _FALSE = (" null", 0), (" true", 0), (" false", 0)
_EMPTY_MAP, _EMPTY_LIST = (" {}", 0), (" []", 0)


def _written_scalar(text: str, requested: str, simple_key: bool) -> tuple[str, int] | None:
    """What the emitter writes for a scalar of one line whose quotes need no escape: after ``key:`` or ``-`` for a
    value (a leading space included), at the start of its line for a key. The number is how far from where the
    scalar starts its text reaches, when the text has a space the emitter could fold at (0 when it has none): the
    scalar is written as it is only while that reach stays within the width. None leaves the scalar to the
    emitter (a literal block, an escape, a quote doubled inside single quotes)."""
    style = _select_style(requested, _analyze(text), text, simple_key)
    space = "" if simple_key else " "
    if style == _PLAIN:
        written = space + text if text else ""
        reach = len(written)
    elif style == _SINGLE and not _SINGLE_UNSAFE.search(text):
        written = space + "'" + text + "'"
        reach = len(written) - 1
    elif style == _DOUBLE and not _DOUBLE_ESCAPED.search(text):
        written = space + '"' + text + '"'
        reach = len(written) - 1
    else:
        return None
    return written, (reach if " " in text and not simple_key else 0)


def _written_string(text: str) -> tuple[str, int] | None:
    if _ROUND_TRIP_CHANGES.search(text):
        return None
    return _written_scalar(text, _requested_style(text), False)


# Charts print the same short strings in object after object (the emitter's own memo is keyed the same way).
_remembered_string = functools.lru_cache(maxsize=4096)(_written_string)


@functools.lru_cache(maxsize=1024)
def _written_float(value: float) -> tuple[str, int] | None:
    """A float as it comes back from the JSON round trip (``2.0`` as the integer 2), written plain."""
    if math.isinf(value) or math.isnan(value):
        return None
    return _written_scalar(_scalar_text(_yaml_number(gojson.json_float(value)))[0], _PLAIN, False)


def _written_key(key: str) -> str | None:
    """A key and its colon as the emitter writes them, or None for a key it writes otherwise (``? key``)."""
    # The length is asked before the memo, so it never holds on to a long key a template made and dropped.
    return None if len(key) > _EVERYDAY_KEY_CHARS else _written_short_key(key)


@functools.lru_cache(maxsize=4096)
def _written_short_key(key: str) -> str | None:
    if _ROUND_TRIP_CHANGES.search(key) or not _is_simple_key(key):
        return None
    written = _written_scalar(key, _requested_style(key), True)
    return None if written is None else written[0] + ":"


def _written_keys(keys: tuple[Any, ...]) -> tuple[tuple[str, str], ...] | None:
    """A map's keys in the emitter's order, each with its written form; None unless every key is written simply.

    The sort starts from the keys' byte order, as the JSON round trip hands them over (see ``_round_tripped``).
    Only plain ``str`` keys qualify; a subclass equal to one (which could meet this memo's entry) is quoted by
    the JSON round trip as its text, the same bytes."""
    if any(type(key) is not str for key in keys):
        return None
    written = []
    for key in sorted_keys(sorted(keys), V2):
        text = _written_key(key)
        if text is None:
            return None
        written.append((key, text))
    return tuple(written)


# Maps of one shape (labels, resources, probes) come again and again.
_remembered_keys = functools.lru_cache(maxsize=1024)(_written_keys)
_EXACT_TYPES = frozenset({str, dict, list, float, int, bool, type(None)})


def _plain_value(value: Any) -> Any:
    """A value of a subclass as the JSON round trip sees it, one level deep (the walk goes on from there)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if getattr(value, "go_nil", False):
        raise _Unusual
    if isinstance(value, dict) and not isinstance(value, StructFields):
        return dict(value.items())
    if isinstance(value, (list, tuple)):
        return list(value)
    raise _Unusual


def _leaf_piece(value: Any) -> tuple[str, int]:
    """What follows ``key:`` or ``-`` for a scalar or an empty map or list, and how far a fold could reach (0: it
    cannot fold)."""
    kind = type(value)
    if kind is str:
        piece = _remembered_string(value) if len(value) <= _REMEMBERED_TEXT else _written_string(value)
    elif value is None:
        return _NULL
    elif kind is bool:
        return _TRUE if value else _FALSE
    elif kind is float:
        piece = _written_float(value)
    elif kind is int and INT64_MIN <= value <= UINT64_MAX:
        return " " + str(value), 0
    elif kind is dict:
        return _EMPTY_MAP
    elif kind is list:
        return _EMPTY_LIST
    else:
        piece = None  # an integer the round trip turns into a float: the emitter decides
    if piece is None:
        raise _Unusual
    return piece


def _write_mapping(mapping: dict, pad: str, lead: str, lines: list[str], depth: int) -> None:
    """Append a non-empty map's lines: the first starts with ``lead`` (``- `` for an item), the others with ``pad``."""
    keys = tuple(mapping)
    order = _remembered_keys(keys) if len(keys) <= _REMEMBERED_KEYS else _written_keys(keys)
    if order is None or depth >= _EVERYDAY_DEPTH:
        raise _Unusual
    inner = pad + "  "
    for key, written_key in order:
        item = mapping[key]
        kind = type(item)
        if kind not in _EXACT_TYPES:
            item = _plain_value(item)
            kind = type(item)
        line = lead + written_key
        lead = pad
        if kind is dict and item:
            lines.append(line)
            _write_mapping(item, inner, inner, lines, depth + 1)
        elif kind is list and item:
            # goyaml.v2 writes a map's sequence at the key's own indentation.
            lines.append(line)
            _write_sequence(item, pad, pad, lines, depth + 1)
        else:
            lines.append(_leaf_line(line, item))


def _leaf_line(line: str, item: Any) -> str:
    written, reach = _leaf_piece(item)
    if reach and len(line) + reach > _WIDTH:
        raise _Unusual
    return line + written


def _write_sequence(items: list, pad: str, lead: str, lines: list[str], depth: int) -> None:
    """Append a non-empty list's lines, the dash at ``pad``'s column (``lead`` starts the first line)."""
    if depth >= _EVERYDAY_DEPTH:
        raise _Unusual
    inner = pad + "  "
    for item in items:
        kind = type(item)
        if kind not in _EXACT_TYPES:
            item = _plain_value(item)
            kind = type(item)
        line = lead + "-"
        lead = pad
        if kind is dict and item:
            _write_mapping(item, inner, line + " ", lines, depth + 1)
        elif kind is list and item:
            _write_sequence(item, inner, line + " ", lines, depth + 1)
        else:
            lines.append(_leaf_line(line, item))


def _everyday_yaml(value: Any) -> str | None:
    """``toYaml`` of everyday values (Helm's result, the last newline dropped), or None when the emitter has to
    decide."""
    lines: list[str] = []
    try:
        if type(value) not in _EXACT_TYPES:
            value = _plain_value(value)
        kind = type(value)
        if kind is dict:
            if not value:
                return "{}"
            _write_mapping(value, "", "", lines, 0)
        elif kind is list:
            if not value:
                return "[]"
            _write_sequence(value, "", "", lines, 0)
        else:
            written, reach = _leaf_piece(value)
            # Alone in the document a scalar starts at column 0, without the space that follows a colon or dash.
            if reach and reach - 1 > _WIDTH:
                raise _Unusual
            return written[1:]
    except _Unusual:
        return None
    return "\n".join(lines)


def to_yaml(value: Any) -> str:
    """Helm's ``toYaml`` result (without the error swallowing): raises :class:`FuncError` on failure."""
    if _FAST_PATHS:
        text = _everyday_yaml(value)
        if text is not None:
            return text
        try:
            text = _Emitter(V2).document(_round_tripped(value))
            return text[:-1] if text.endswith("\n") else text
        except _NotEveryday:
            pass
    # sigs.k8s.io/yaml wraps the errors of each stage with these prefixes.
    try:
        json_text = gojson.to_json(value)
    except FuncError as exc:
        raise YAMLError(f"error marshaling into JSON: {exc}") from exc
    _reader_check(json_text)
    document = _Reread().value(gojson.decode(json_text, number=_yaml_number))
    text = _Emitter(V2).document(document)
    return text[:-1] if text.endswith("\n") else text


# --------------------------------------------------------------------------------------------------------------
# toYamlPretty: goyaml.v3 over the Go values themselves


def _v3_value(value: Any) -> Any:
    """Go values as goyaml.v3 sees them: lists and maps recurse; structs show their JSON view."""
    if isinstance(value, dict):
        return {str(k): _v3_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_v3_value(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return [int(b) for b in value]  # v3 has no []byte special case: a slice of numbers
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "go_json"):
        return _v3_value(value.go_json())
    raise YAMLError(f"cannot marshal type: {go_type_name(value)}")


def to_yaml_pretty(value: Any) -> str:
    """Helm's ``toYamlPretty`` result: raises :class:`FuncError` on failure."""
    text = _Emitter(V3).document(_v3_value(value))
    return text[:-1] if text.endswith("\n") else text


# --------------------------------------------------------------------------------------------------------------
# Template functions


@go_signature(ANY)
def _helm_to_yaml(value: Any) -> str:
    # Helm's toYaml renders nothing when marshalling fails.
    try:
        return to_yaml(value)
    except FuncError:
        return ""


@go_signature(ANY)
def _helm_to_yaml_pretty(value: Any) -> str:
    try:
        return to_yaml_pretty(value)
    except FuncError:
        return ""


@go_signature(ANY)
def _helm_must_to_yaml(value: Any) -> str:
    # Helm 4 panics with the error; the template engine reports the panic as the call's error.
    return to_yaml(value)


FUNCS: dict[str, Callable[..., Any]] = {"toYaml": _helm_to_yaml, "toYamlPretty": _helm_to_yaml_pretty}

FUNCS_HELM4: dict[str, Callable[..., Any]] = {"mustToYaml": _helm_must_to_yaml}
