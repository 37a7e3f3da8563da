"""Go's ``regexp.Regexp`` on RE2: compiled programs, Go's matching loops, and a bounded cache of programs.

RE2 matches in time linear in the text, as Go does; Python's backtracking ``re`` would take exponential time on
``^(a+)+$``. Texts are matched as UTF-8 bytes. A byte that is not valid UTF-8 (carried in a Python string as a
surrogate escape) is one U+FFFD character to Go, so RE2 is shown U+FFFD in its place and match offsets are
mapped back to the original bytes. Go never starts a match inside a multi-byte character; RE2's unanchored
search can (only an empty match, after ``\\B``), so such a match is skipped the way Go would never have found it.

Compiled programs are cached, bounded by an estimate of the memory they hold: RE2's program for a Unicode class
is hundreds of instructions where Go's is one, so a pattern Go accepts can still need a large RE2 program. RE2 is
given a memory budget; a pattern it cannot compile within it is refused as Go refuses a pattern over its own size
limit ("expression too large").
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from collections.abc import Callable

from re2 import _re2

from chartgen.goregexp.limits import MAX_COST, MAX_NODES
from chartgen.goregexp.syntax import RegexpSyntaxError, translate

__all__ = ["Match", "Regexp", "compile_regexp", "quote_meta"]

# RE2's budget for one program and its DFA caches. The default (8 MiB) fits every realistic pattern; a pattern
# that does not fit is compiled once more with the larger budget, which holds the largest program of literals and
# ASCII classes Go accepts (3.3 million instructions), before it is refused.
_SMALL_MEMORY = 8 << 20
_LARGE_MEMORY = 64 << 20
# Measured: a compiled RE2 program takes about 160 bytes of process memory per instruction.
_BYTES_PER_INSTRUCTION = 160
_CACHE_BYTES = 256 << 20
_CACHE_ENTRIES = 256

_UNANCHORED = _re2.RE2.Anchor.UNANCHORED
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_FOREIGN_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")

Spans = list[tuple[int, int]]


class Subject:
    """A text as RE2 reads it (valid UTF-8 bytes) and the way back from byte offsets to the original text."""

    __slots__ = ("_ascii", "_original", "_shifts", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._ascii = text.isascii()
        self._shifts: list[int] = []
        if self._ascii:
            self.data = text.encode("ascii")
            self._original = self.data
            return
        try:
            self.data = text.encode("utf-8")
            self._original = self.data
            return
        except UnicodeEncodeError:
            pass
        # A surrogate that is not a byte escape cannot come from Go data; it stands for U+FFFD as well.
        text = _FOREIGN_SURROGATE.sub("\ufffd", text)
        self._original = text.encode("utf-8", "surrogateescape")
        data: list[bytes] = []
        offset = previous = 0
        for bad in _ESCAPED_BYTE.finditer(text):
            chunk = text[previous : bad.start()].encode("utf-8")
            offset += len(chunk)
            data.append(chunk)
            self._shifts.append(offset)
            data.append(b"\xef\xbf\xbd")
            offset += 3
            previous = bad.end()
        data.append(text[previous:].encode("utf-8"))
        self.data = b"".join(data)

    def slice(self, start: int, end: int) -> str:
        """The original text between two offsets of :attr:`data`."""
        if self._ascii:
            return self.text[start:end]
        if self._shifts:
            start, end = self._original_offset(start), self._original_offset(end)
        return self._original[start:end].decode("utf-8", "surrogateescape")

    def _original_offset(self, offset: int) -> int:
        # Each replacement character before ``offset`` is three bytes here for one byte in the original.
        return offset - 2 * bisect.bisect_left(self._shifts, offset)

    def rune_width(self, pos: int) -> int:
        """The width of the character at ``pos`` (0 at the end), as Go's ``utf8.DecodeRuneInString`` reports it."""
        if pos >= len(self.data):
            return 0
        lead = self.data[pos]
        return 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4

    def starts_character(self, pos: int) -> bool:
        return pos >= len(self.data) or self.data[pos] & 0xC0 != 0x80


class Match:
    """One match: the spans (data offsets, (-1, -1) for a group that did not take part) and the subject."""

    __slots__ = ("spans", "subject")

    def __init__(self, subject: Subject, spans: Spans) -> None:
        self.subject = subject
        self.spans = spans

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]

    def group(self, index: int = 0) -> str:
        start, end = self.spans[index]
        return "" if start < 0 else self.subject.slice(start, end)


class Regexp:
    """A compiled Go pattern: RE2's program plus Go's loops (``FindAll``, ``ReplaceAll``, ``Split``, ``Expand``)."""

    def __init__(
        self, source: str, program: _re2.RE2, names: tuple[str | None, ...], literal: str | None = None
    ) -> None:
        self.source = source
        self.program = program
        self.names = names
        # A pattern that is one fixed string is found by a substring search, as Go does: RE2 would track a
        # thread per position of a long literal and take time proportional to both lengths.
        self.literal = literal.encode("utf-8") if literal else None

    @property
    def groups(self) -> int:
        return len(self.names)

    def _search(self, subject: Subject, pos: int) -> Spans | None:
        data = subject.data
        if self.literal is not None:
            found = data.find(self.literal, pos)
            return None if found < 0 else [(found, found + len(self.literal))]
        while pos <= len(data):
            spans = self.program.Match(_UNANCHORED, data, pos, len(data))
            start = spans[0][0]
            if start < 0:
                return None
            if subject.starts_character(start):
                return spans
            pos = start + 1
            while not subject.starts_character(pos):
                pos += 1
        return None

    def search(self, text: str) -> bool:
        """Go's ``MatchString``."""
        return self._search(Subject(text), 0) is not None

    def find(self, text: str) -> str:
        subject = Subject(text)
        spans = self._search(subject, 0)
        return "" if spans is None else subject.slice(*spans[0])

    def find_all(self, text: str, limit: int) -> list[Match]:
        """Go's ``allMatches``: an empty match right after the previous match is skipped."""
        subject = Subject(text)
        end = len(subject.data)
        if limit < 0:
            limit = end + 1
        found: list[Match] = []
        pos, previous_end = 0, -1
        while len(found) < limit and pos <= end:
            spans = self._search(subject, pos)
            if spans is None:
                break
            start, stop = spans[0]
            accept = True
            if stop == pos:
                if start == previous_end:
                    accept = False
                width = subject.rune_width(pos)
                pos = pos + width if width > 0 else end + 1
            else:
                pos = stop
            previous_end = stop
            if accept:
                found.append(Match(subject, spans))
        return found

    def replace_all(self, text: str, replace: Callable[[Match], str]) -> str:
        """Go's ``replaceAll``: no replacement for an empty match right after a match; always move forward."""
        subject = Subject(text)
        end = len(subject.data)
        out: list[str] = []
        last_end = search = 0
        while search <= end:
            spans = self._search(subject, search)
            if spans is None:
                break
            start, stop = spans[0]
            out.append(subject.slice(last_end, start))
            if stop > last_end or start == 0:
                out.append(replace(Match(subject, spans)))
            last_end = stop
            width = subject.rune_width(search)
            if search + width > stop:
                search += width
            elif search + 1 > stop:
                search += 1
            else:
                search = stop
        out.append(subject.slice(last_end, end))
        return "".join(out)

    def split(self, text: str, limit: int) -> list[str]:
        """Go's ``Split``."""
        if limit == 0:
            return []
        if self.source and not text:
            return [""]
        matches = self.find_all(text, limit)
        if not matches:
            return [text]
        subject = matches[0].subject
        parts: list[str] = []
        begin = end = 0
        for m in matches:
            if limit > 0 and len(parts) == limit - 1:
                break
            end = m.start
            if m.end != 0:
                parts.append(subject.slice(begin, end))
            begin = m.end
        if end != len(subject.data):
            parts.append(subject.slice(begin, len(subject.data)))
        return parts

    def expand(self, template: str, m: Match) -> str:
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
            out.append(self._group_text(m, name))

    def _group_text(self, m: Match, name: str) -> str:
        number = _group_number(name)
        if number is not None:
            return m.group(number) if 0 <= number <= self.groups else ""
        for index, group_name in enumerate(self.names, start=1):
            if group_name == name and m.spans[index][0] >= 0:
                return m.group(index)
        return ""


def _is_name_char(ch: str) -> bool:
    """Go's ``unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'``."""
    import unicodedata

    if ch == "_" or ("0" <= ch <= "9") or ("a" <= ch.lower() <= "z"):
        return True
    category = unicodedata.category(ch)
    return category.startswith("L") or category == "Nd"


def _expand_name(text: str) -> tuple[str, str] | None:
    brace = text.startswith("{")
    body = text[1:] if brace else text
    end = 0
    while end < len(body) and _is_name_char(body[end]):
        end += 1
    if end == 0:
        return None
    name = body[:end]
    if brace:
        if not body.startswith("}", end):
            return None
        return name, body[end + 1 :]
    return name, body[end:]


def _group_number(name: str) -> int | None:
    """A name of ASCII digits is a group number; nine digits or more name no group (Go answers "")."""
    if not all("0" <= ch <= "9" for ch in name):
        return None
    return int(name) if len(name) < 9 else -1


def quote_meta(text: str) -> str:
    """``regexp.QuoteMeta``."""
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$" else ch for ch in text)


# ------------------------------------------------------------------------------------------------ compiling


class _Cache:
    """The compiled programs (and refusals), least recently used first out, within a memory estimate."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, int], tuple[Regexp | RegexpSyntaxError, int]] = OrderedDict()
        self.weight = 0
        self.lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> Regexp | RegexpSyntaxError | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, key: tuple[str, int], value: Regexp | RegexpSyntaxError, weight: int) -> None:
        if weight > _CACHE_BYTES:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (value, weight)
            self.weight += weight
            while self.weight > _CACHE_BYTES or len(self.entries) > _CACHE_ENTRIES:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.weight -= dropped


_CACHE = _Cache()


def compile_regexp(pattern: str, go_version: tuple[int, int] = (1, 23)) -> Regexp:
    """``regexp.Compile`` as Go release ``go_version`` has it; raises :class:`RegexpSyntaxError` with Go's text."""
    key = (pattern, go_version)
    cached = _CACHE.get(key)
    if cached is None:
        cached, weight = _compile(pattern, go_version)
        _CACHE.put(key, cached, weight)
    if isinstance(cached, RegexpSyntaxError):
        raise cached
    return cached


def _compile(pattern: str, go_version: tuple[int, int]) -> tuple[Regexp | RegexpSyntaxError, int]:
    try:
        translation = translate(pattern, go_version)
    except RegexpSyntaxError as exc:
        return exc, len(pattern) + 256
    if translation.cost > MAX_COST or translation.nodes > MAX_NODES:
        # Go would accept it, but RE2 would need gigabytes to compile it, or walk its tree past its own budget.
        return RegexpSyntaxError("expression too large", pattern), len(pattern) + 256
    encoded = translation.pattern.encode("utf-8")
    for memory in (_SMALL_MEMORY, _LARGE_MEMORY):
        options = _re2.RE2.Options()
        options.log_errors = False
        options.max_mem = memory
        program = _re2.RE2(encoded, options)
        if program.ok():
            weight = memory + _BYTES_PER_INSTRUCTION * program.ProgramSize()
            return Regexp(pattern, program, translation.names, translation.literal), weight
        error = program.error()
        error = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        if not error.startswith("pattern too large"):
            # The translation is RE2 syntax by construction; anything else is a bug worth its own message.
            raise AssertionError(f"RE2 refused the translation of {pattern!r}: {error}")
    return RegexpSyntaxError("expression too large", pattern), len(pattern) + 256
