"""Sprig's regular-expression functions, with Go's RE2 syntax and semantics on top of Python's ``re``.

Patterns are parsed as Go's ``regexp/syntax`` parses them (Perl flags, UTF-8 mode) and rewritten into an
equivalent Python pattern, because the two dialects differ in ways charts meet: ``\\d``, ``\\w``, ``\\s`` and
``\\b`` are ASCII-only in RE2; ``$`` means end of text (Python's also matches before a final newline); flags
such as ``(?i)`` may appear mid-pattern and last until the group closes; ``[[:alpha:]]``, ``\\pL``, ``\\z`` and
``\\Q..\\E`` exist; ``a{,3}`` is literal text. Syntax RE2 rejects (look-arounds, back-references, ``a**``) fails
with Go's error text, e.g. ``error parsing regexp: missing closing ): `(```.

Matching loops (find-all, replace-all, split) and ``$1``/``${name}`` expansion are Go's, which treat empty matches
next to a previous match differently from Python's ``re.finditer``/``re.sub``.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import StringList, go_signature
from chartgen.sprig.strings import go_quote_bytes

__all__ = ["FUNCS", "GoRegexp", "RegexpSyntaxError", "compile_go_regexp", "quote_meta"]

_MAX_RUNE = sys.maxunicode
_MAX_REPEAT = 1000
# RE2's Perl classes are ASCII-only.
_PERL_CLASSES = {
    "d": [(0x30, 0x39)],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX_CLASSES = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)],
    "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_WORD = "[0-9A-Za-z_]"
_WORD_BOUNDARY = f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))"
_NOT_WORD_BOUNDARY = f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))"
_HEX_DIGITS = "0123456789abcdefABCDEF"
_SIMPLE_ESCAPES = {"a": 0x07, "f": 0x0C, "t": 0x09, "n": 0x0A, "r": 0x0D, "v": 0x0B}


class RegexpSyntaxError(ValueError):
    """Go's ``*syntax.Error``; ``str()`` is ``error parsing regexp: <code>: `<expr>```."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")


# ------------------------------------------------------------------------------------------------ character sets

Ranges = list[tuple[int, int]]


def _normalise(ranges: Ranges) -> Ranges:
    merged: Ranges = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _negate(ranges: Ranges) -> Ranges:
    out: Ranges = []
    start = 0
    for lo, hi in _normalise(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= _MAX_RUNE:
        out.append((start, _MAX_RUNE))
    return out


@functools.lru_cache(maxsize=1)
def _category_table() -> dict[str, Ranges]:
    """Code point ranges of every Unicode general category (built once, on first use of ``\\p``)."""
    table: dict[str, Ranges] = {}
    current, start = None, 0
    for code in range(_MAX_RUNE + 2):
        category = unicodedata.category(chr(code)) if code <= _MAX_RUNE else None
        if category != current:
            if current is not None:
                table.setdefault(current, []).append((start, code - 1))
            current, start = category, code
    return table


def _unicode_class(name: str) -> Ranges | None:
    if name == "Any":
        return [(0, _MAX_RUNE)]
    table = _category_table()
    if len(name) == 1:
        found = [r for cat, ranges in table.items() if cat[0] == name and cat != "Cn" for r in ranges]
        return _normalise(found) if found else None
    if name in table and name != "Cn":
        return table[name]
    return None  # scripts (\p{Greek}) are not available from unicodedata


def _class_item(ranges: Ranges) -> str:
    out = []
    for lo, hi in _normalise(ranges):
        out.append(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}")
    return "".join(out)


def _class_char(code: int) -> str:
    ch = chr(code)
    if ch.isalnum() and ch.isascii():
        return ch
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _class_pattern(ranges: Ranges) -> str:
    ranges = _normalise(ranges)
    if not ranges:
        return "[^\\x00-\\U0010ffff]"  # matches nothing, like Go's empty class
    return f"[{_class_item(ranges)}]"


# ------------------------------------------------------------------------------------------------ translation


class _Translator:
    """One pass over an RE2 pattern, emitting Python syntax and raising Go's parse errors."""

    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.out: list[str] = []
        self.fold = False
        self.multiline = False
        self.dot_nl = False
        self.ungreedy = False
        # One entry per open group: the flags to restore when it closes.
        self.groups: list[tuple[bool, bool, bool, bool]] = []
        # Whether the last emitted item can take a repetition operator (Go's "missing argument" check).
        self.can_repeat = False
        self.last_repeat_start: int | None = None
        # The name of each capture group, in order (None when unnamed).
        self.names: list[str | None] = []

    def error(self, code: str, expr: str) -> RegexpSyntaxError:
        return RegexpSyntaxError(code, expr)

    def translate(self) -> str:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            repeat_start = self.pos
            if ch in "*+?" or (ch == "{" and self.parse_repeat(self.pos) is not None):
                self.repeat()
                self.last_repeat_start = repeat_start
                continue
            self.last_repeat_start = None
            if ch == "(":
                self.open_group()
            elif ch == ")":
                self.close_group()
            elif ch == "|":
                self.out.append("|")
                self.pos += 1
                self.can_repeat = False
            elif ch == "[":
                self.emit_atom(_class_pattern(self.parse_class()), foldable=True)
            elif ch == ".":
                self.pos += 1
                self.emit_atom("(?s:.)" if self.dot_nl else "[^\\n]", foldable=False)
            elif ch == "^":
                self.pos += 1
                self.emit_atom("(?m:^)" if self.multiline else "\\A", foldable=False)
            elif ch == "$":
                self.pos += 1
                self.emit_atom("(?m:$)" if self.multiline else "\\Z", foldable=False)
            elif ch == "\\":
                self.escape()
            else:
                self.pos += 1
                self.emit_atom(re.escape(ch), foldable=True)
        if self.groups:
            raise self.error("missing closing )", src)
        return "".join(self.out)

    def emit_atom(self, text: str, *, foldable: bool) -> None:
        self.out.append(f"(?i:{text})" if foldable and self.fold else text)
        self.can_repeat = True

    # -------------------------------------------------------------------------------- repetition

    def parse_repeat(self, start: int) -> tuple[int, int, int] | None:
        """``{n}``, ``{n,}``, ``{n,m}``: (min, max or -1, end); None when the brace is literal text."""
        m = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.src, start)
        if m is None:
            return None
        low = int(m.group(1)) if len(m.group(1)) <= 8 else -1
        if m.group(2) is None:
            high = low
        elif m.group(3):
            high = int(m.group(3)) if len(m.group(3)) <= 8 else -2
        else:
            high = -1
        return low, high, m.end()

    def repeat(self) -> None:
        start = self.pos
        ch = self.src[start]
        if ch == "{":
            parsed = self.parse_repeat(start)
            assert parsed is not None
            low, high, end = parsed
            if low < 0 or low > _MAX_REPEAT or high > _MAX_REPEAT or high == -2 or (high >= 0 and low > high):
                raise self.error("invalid repeat count", self.src[start:end])
            op = f"{{{low}}}" if high == low else f"{{{low},}}" if high == -1 else f"{{{low},{high}}}"
        else:
            end = start + 1
            op = ch
        lazy = end < len(self.src) and self.src[end] == "?"
        if lazy:
            end += 1
        if self.last_repeat_start is not None:
            raise self.error("invalid nested repetition operator", self.src[self.last_repeat_start : end])
        if not self.can_repeat:
            raise self.error("missing argument to repetition operator", self.src[start:end])
        self.pos = end
        # Python cannot repeat a repetition directly; a group makes (a*)* legal, as it is in Go.
        self.out.append(op + ("?" if lazy != self.ungreedy else ""))

    # -------------------------------------------------------------------------------- groups

    def open_group(self) -> None:
        src, start = self.src, self.pos
        if not src.startswith("(?", start):
            self.names.append(None)
            self.push_group("(")
            self.pos += 1
            return
        named = re.compile(r"\(\?P?<").match(src, start)
        if named and (src.startswith("(?P<", start) or src.startswith("(?<", start)):
            close = src.find(">", named.end())
            if close < 0:
                raise self.error("invalid named capture", src[start:])
            name = src[named.end() : close]
            if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise self.error("invalid named capture", src[start : close + 1])
            # Go allows a name twice (Python does not), so every capture is a plain group, named on our side.
            self.names.append(name)
            self.push_group("(")
            self.pos = close + 1
            return
        self.perl_flags(start)

    def perl_flags(self, start: int) -> None:
        flags = [self.fold, self.multiline, self.dot_nl, self.ungreedy]
        negate = False
        saw_flag = False
        i = start + 2
        while i < len(self.src):
            ch = self.src[i]
            i += 1
            if ch in "imsU":
                flags["imsU".index(ch)] = not negate
                saw_flag = True
            elif ch == "-" and not negate:
                negate = True
                saw_flag = False
            elif ch in ":)":
                if negate and not saw_flag:
                    break
                self.pos = i
                if ch == ":":
                    self.push_group("(?:")
                self.fold, self.multiline, self.dot_nl, self.ungreedy = flags
                return
            else:
                break
        raise self.error("invalid or unsupported Perl syntax", self.src[start:i])

    def push_group(self, opener: str) -> None:
        self.groups.append((self.fold, self.multiline, self.dot_nl, self.ungreedy))
        self.out.append(opener)
        self.can_repeat = False

    def close_group(self) -> None:
        if not self.groups:
            raise self.error("unexpected )", self.src)
        self.fold, self.multiline, self.dot_nl, self.ungreedy = self.groups.pop()
        self.out.append(")")
        self.pos += 1
        self.can_repeat = True

    # -------------------------------------------------------------------------------- escapes

    def escape(self) -> None:
        src, start = self.src, self.pos
        if start + 1 >= len(src):
            raise self.error("trailing backslash at end of expression", "")
        ch = src[start + 1]
        if ch == "Q":
            end = src.find("\\E", start + 2)
            literal = src[start + 2 :] if end < 0 else src[start + 2 : end]
            self.pos = len(src) if end < 0 else end + 2
            for lit in literal:
                self.emit_atom(re.escape(lit), foldable=True)
            return
        simple = {"A": "\\A", "z": "\\Z", "b": _WORD_BOUNDARY, "B": _NOT_WORD_BOUNDARY}
        if ch in simple:
            self.pos = start + 2
            self.emit_atom(simple[ch], foldable=False)
            return
        ranges = self.class_escape()
        self.emit_atom(_class_pattern(ranges), foldable=True)

    def class_escape(self) -> Ranges:
        """An escape that stands for a set of characters (one character being the simplest set)."""
        src, start = self.src, self.pos
        if start + 1 >= len(src):
            raise self.error("trailing backslash at end of expression", "")
        ch = src[start + 1]
        self.pos = start + 2
        if ch.lower() in _PERL_CLASSES:
            ranges = _PERL_CLASSES[ch.lower()]
            return _negate(ranges) if ch.isupper() else ranges
        if ch in "pP":
            return self.unicode_escape(start, negated=ch == "P")
        code = self.char_escape(start, ch)
        return [(code, code)]

    def unicode_escape(self, start: int, *, negated: bool) -> Ranges:
        src = self.src
        if self.pos >= len(src):
            raise self.error("invalid character class range", src[start:])
        if src[self.pos] == "{":
            end = src.find("}", self.pos)
            if end < 0:
                raise self.error("invalid character class range", src[start:])
            name = src[self.pos + 1 : end]
            self.pos = end + 1
        else:
            name = src[self.pos]
            self.pos += 1
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        ranges = _unicode_class(name)
        if ranges is None:
            raise self.error("invalid character class range", src[start : self.pos])
        return _negate(ranges) if negated else ranges

    def char_escape(self, start: int, ch: str) -> int:
        src = self.src
        if "1" <= ch <= "7" and not (self.pos < len(src) and "0" <= src[self.pos] <= "7"):
            raise self.error("invalid escape sequence", src[start : self.pos])
        if "0" <= ch <= "7":
            digits = ch
            while len(digits) < 3 and self.pos < len(src) and "0" <= src[self.pos] <= "7":
                digits += src[self.pos]
                self.pos += 1
            return int(digits, 8)
        if ch == "x":
            return self.hex_escape(start)
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch.isascii() and not ch.isalnum():
            return ord(ch)
        raise self.error("invalid escape sequence", src[start : self.pos])

    def hex_escape(self, start: int) -> int:
        """``\\xHH`` or ``\\x{H...}``; on error Go quotes the text read up to the offending character."""
        src = self.src

        def fail() -> RegexpSyntaxError:
            return self.error("invalid escape sequence", src[start : self.pos])

        def take() -> str:
            if self.pos >= len(src):
                raise fail()
            self.pos += 1
            return src[self.pos - 1]

        first = take()
        if first == "{":
            value, digits = 0, 0
            while True:
                ch = take()
                if ch == "}":
                    break
                if ch not in _HEX_DIGITS:
                    raise fail()
                value = value * 16 + int(ch, 16)
                if value > _MAX_RUNE:
                    raise fail()
                digits += 1
            if digits == 0:
                raise fail()
            return value
        second = take() if self.pos < len(src) else ""
        if not first or first not in _HEX_DIGITS or not second or second not in _HEX_DIGITS:
            raise fail()
        return int(first + second, 16)

    # -------------------------------------------------------------------------------- classes

    def parse_class(self) -> Ranges:
        src, start = self.src, self.pos
        self.pos += 1
        negated = src.startswith("^", self.pos)
        if negated:
            self.pos += 1
        ranges: Ranges = []
        first = True
        while self.pos < len(src) and (src[self.pos] != "]" or first):
            first = False
            if src.startswith("[:", self.pos):
                end = src.find(":]", self.pos + 2)
                if end >= 0:
                    name = src[self.pos + 2 : end]
                    posix_negated = name.startswith("^")
                    posix = _POSIX_CLASSES.get(name.lstrip("^"))
                    if posix is None:
                        raise self.error("invalid character class range", src[self.pos : end + 2])
                    ranges += _negate(posix) if posix_negated else posix
                    self.pos = end + 2
                    continue
            item_start = self.pos
            low = self.class_atom()
            single = len(low) == 1 and low[0][0] == low[0][1]
            if single and src.startswith("-", self.pos) and self.pos + 1 < len(src) and src[self.pos + 1] != "]":
                self.pos += 1
                high = self.range_end()
                if high < low[0][0]:
                    raise self.error("invalid character class range", src[item_start : self.pos])
                ranges.append((low[0][0], high))
            else:
                ranges += low
        if self.pos >= len(src):
            raise self.error("missing closing ]", src[start:])
        self.pos += 1
        if self.fold:
            ranges = _fold_ranges(ranges)
        return _negate(ranges) if negated else ranges

    def class_atom(self) -> Ranges:
        """One class member: a character (as a one-point range) or an escape standing for several."""
        if self.src[self.pos] == "\\":
            return self.class_escape()
        code = ord(self.src[self.pos])
        self.pos += 1
        return [(code, code)]

    def range_end(self) -> int:
        """The upper end of ``a-z``: a single character, so ``\\d`` there is an invalid escape."""
        src = self.src
        if src[self.pos] != "\\":
            self.pos += 1
            return ord(src[self.pos - 1])
        start = self.pos
        if start + 1 >= len(src):
            raise self.error("trailing backslash at end of expression", "")
        self.pos = start + 2
        return self.char_escape(start, src[start + 1])


def _fold_ranges(ranges: Ranges) -> Ranges:
    """Add the other cases of letters in a class; Python would do it too, but only for the non-negated class."""
    extra: Ranges = []
    for lo, hi in ranges:
        if hi - lo > 5000:
            continue  # wide ranges already cover both cases in practice
        for code in range(lo, hi + 1):
            ch = chr(code)
            for other in {ch.lower(), ch.upper(), ch.swapcase()}:
                if len(other) == 1 and other != ch:
                    extra.append((ord(other), ord(other)))
    return _normalise(ranges + extra)


# ------------------------------------------------------------------------------------------------ compiled patterns


class GoRegexp:
    """A compiled RE2 pattern with Go's matching loops."""

    def __init__(self, source: str, compiled: re.Pattern[str], names: list[str | None]) -> None:
        self.source = source
        self.re = compiled
        self.names = names

    def match(self, text: str) -> bool:
        return self.re.search(text) is not None

    def find(self, text: str) -> str:
        m = self.re.search(text)
        return m.group(0) if m else ""

    def find_all(self, text: str, limit: int) -> list[re.Match[str]]:
        """Go's ``allMatches``: an empty match right after the previous match is skipped."""
        if limit < 0:
            limit = len(text) + 1
        found: list[re.Match[str]] = []
        pos, previous_end = 0, -1
        while len(found) < limit and pos <= len(text):
            m = self.re.search(text, pos)
            if m is None:
                break
            accept = True
            if m.end() == pos:
                if m.start() == previous_end:
                    accept = False
                pos += 1
            else:
                pos = m.end()
            previous_end = m.end()
            if accept:
                found.append(m)
        return found

    def replace_all(self, text: str, replace: Callable[[re.Match[str]], str]) -> str:
        """Go's ``replaceAll``: no replacement for an empty match right after a match; always move forward."""
        out: list[str] = []
        last_end = 0
        search = 0
        while search <= len(text):
            m = self.re.search(text, search)
            if m is None:
                break
            out.append(text[last_end : m.start()])
            if m.end() > last_end or m.start() == 0:
                out.append(replace(m))
            last_end = m.end()
            search = search + 1 if search + 1 > m.end() else m.end()
        out.append(text[last_end:])
        return "".join(out)

    def split(self, text: str, limit: int) -> list[str]:
        if limit == 0:
            return []
        if self.source and not text:
            return [""]
        parts: list[str] = []
        begin = end = 0
        for m in self.find_all(text, limit):
            if limit > 0 and len(parts) == limit - 1:
                break
            end = m.start()
            if m.end() != 0:
                parts.append(text[begin:end])
            begin = m.end()
        if end != len(text):
            parts.append(text[begin:])
        return parts

    def expand(self, template: str, m: re.Match[str]) -> str:
        """Go's ``Regexp.Expand``: ``$name``/``${name}`` take the longest name; ``$$`` is ``$``."""
        out: list[str] = []
        rest = template
        while True:
            before, dollar, rest = rest.partition("$")
            out.append(before)
            if not dollar:
                return "".join(out)
            if rest.startswith("$"):
                out.append("$")
                rest = rest[1:]
                continue
            parsed = _expand_name(rest)
            if parsed is None:
                out.append("$")
                continue
            name, rest = parsed
            out.append(self.group_text(m, name))

    def group_text(self, m: re.Match[str], name: str) -> str:
        if name.isdigit() and name.isascii():
            number = int(name) if len(name) < 9 else -1
            if 0 <= number <= self.re.groups:
                return m.group(number) or ""
            return ""
        for number, group_name in enumerate(self.names, start=1):
            if group_name == name and m.start(number) >= 0:
                return m.group(number)
        return ""


def _expand_name(text: str) -> tuple[str, str] | None:
    brace = text.startswith("{")
    body = text[1:] if brace else text
    end = 0
    while end < len(body) and (body[end] == "_" or body[end].isalnum()):
        end += 1
    if end == 0:
        return None
    name = body[:end]
    if brace:
        if not body.startswith("}", end):
            return None
        return name, body[end + 1 :]
    return name, body[end:]


@functools.lru_cache(maxsize=512)
def compile_go_regexp(pattern: str) -> GoRegexp:
    """Compile an RE2 pattern; raises :class:`RegexpSyntaxError` with Go's message. Results are cached."""
    translator = _Translator(pattern)
    translated = translator.translate()
    try:
        compiled = re.compile(translated)
    except re.error as exc:  # a construct RE2 accepts but the translation could not express
        raise RegexpSyntaxError("unsupported in this renderer", pattern) from exc
    return GoRegexp(pattern, compiled, translator.names)


def _can_backquote(text: str) -> bool:
    return not any(ch == "`" or ch == "\ufeff" or (ch < " " and ch != "\t") or ch == "\x7f" for ch in text)


def _must_compile(pattern: str) -> GoRegexp:
    """``regexp.MustCompile``: its panic text quotes the pattern (backquoted when it can be)."""
    try:
        return compile_go_regexp(pattern)
    except RegexpSyntaxError as exc:
        quoted = f"`{pattern}`" if _can_backquote(pattern) else go_quote_bytes(pattern)
        raise FuncError(f"regexp: Compile({quoted}): {exc}") from None


def _compile(pattern: str) -> GoRegexp:
    """``regexp.Compile``: the error is returned as it is."""
    try:
        return compile_go_regexp(pattern)
    except RegexpSyntaxError as exc:
        raise FuncError(str(exc)) from None


def quote_meta(text: str) -> str:
    """``regexp.QuoteMeta``."""
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$" else ch for ch in text)


# ------------------------------------------------------------------------------------------------ the functions


@go_signature("string", "string")
def regex_match(pattern: str, text: str) -> bool:
    # Sprig ignores the compile error here: an invalid pattern simply does not match.
    try:
        return compile_go_regexp(pattern).match(text)
    except RegexpSyntaxError:
        return False


@go_signature("string", "string")
def must_regex_match(pattern: str, text: str) -> bool:
    return _compile(pattern).match(text)


def _find_all(regexp: GoRegexp, text: str, limit: int) -> StringList:
    return StringList(m.group(0) for m in regexp.find_all(text, limit))


@go_signature("string", "string", "int")
def regex_find_all(pattern: str, text: str, limit: int) -> StringList:
    return _find_all(_must_compile(pattern), text, limit)


@go_signature("string", "string", "int")
def must_regex_find_all(pattern: str, text: str, limit: int) -> StringList:
    return _find_all(_compile(pattern), text, limit)


@go_signature("string", "string")
def regex_find(pattern: str, text: str) -> str:
    return _must_compile(pattern).find(text)


@go_signature("string", "string")
def must_regex_find(pattern: str, text: str) -> str:
    return _compile(pattern).find(text)


def _replace(regexp: GoRegexp, text: str, template: str) -> str:
    return regexp.replace_all(text, lambda m: regexp.expand(template, m))


@go_signature("string", "string", "string")
def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace(_must_compile(pattern), text, replacement)


@go_signature("string", "string", "string")
def must_regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace(_compile(pattern), text, replacement)


@go_signature("string", "string", "string")
def regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _must_compile(pattern).replace_all(text, lambda _m: replacement)


@go_signature("string", "string", "string")
def must_regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _compile(pattern).replace_all(text, lambda _m: replacement)


@go_signature("string", "string", "int")
def regex_split(pattern: str, text: str, limit: int) -> StringList:
    return StringList(_must_compile(pattern).split(text, limit))


@go_signature("string", "string", "int")
def must_regex_split(pattern: str, text: str, limit: int) -> StringList:
    return StringList(_compile(pattern).split(text, limit))


@go_signature("string")
def regex_quote_meta(text: str) -> str:
    return quote_meta(text)


FUNCS: dict[str, Callable[..., Any]] = {
    "regexMatch": regex_match,
    "mustRegexMatch": must_regex_match,
    "regexFindAll": regex_find_all,
    "mustRegexFindAll": must_regex_find_all,
    "regexFind": regex_find,
    "mustRegexFind": must_regex_find,
    "regexReplaceAll": regex_replace_all,
    "mustRegexReplaceAll": must_regex_replace_all,
    "regexReplaceAllLiteral": regex_replace_all_literal,
    "mustRegexReplaceAllLiteral": must_regex_replace_all_literal,
    "regexSplit": regex_split,
    "mustRegexSplit": must_regex_split,
    "regexQuoteMeta": regex_quote_meta,
}
