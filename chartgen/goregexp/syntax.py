"""Go's ``regexp/syntax`` parser, as far as it decides which patterns exist and what they mean, written out as an
RE2 pattern of the same meaning.

Go and RE2 share their syntax and matching rules, but not every corner of them, so the pattern is never handed to
RE2 as it is. It is parsed here with Go's rules (Perl flags, UTF-8) and every construct is emitted with its
meaning spelt out: ``$`` is ``\\z`` unless ``(?m)``, a flag group's scope becomes explicit ``(?i:..)`` atoms,
``(?U)`` swaps greediness, ``\\Q..\\E`` becomes literals, names of capture groups are kept on our side (Go allows
a name twice, RE2 does not). What Go refuses fails here with Go's error text, including Go's size limits: a
repeat count over 1000 (also as the product of nested counts), a parse tree more than 1000 deep ("expression nests
too deeply") and a program of more than Go's 128 MiB worth of instructions ("expression too large"), measured the
way Go measures them on its own parse tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chartgen.goregexp.unicode_names import unicode_class

__all__ = ["RegexpSyntaxError", "Translation", "translate"]

MAX_REPEAT = 1000
MAX_HEIGHT = 1000
# Go's maxSize: 128 MiB of compiled instructions, 40 bytes each; maxRunes: 128 MiB of runes, 4 bytes each.
MAX_SIZE = (128 << 20) // 40
MAX_RUNES = (128 << 20) // 4

_PERL_CLASSES = "dDsSwW"
_POSIX_CLASSES = frozenset(
    [
        "alnum",
        "alpha",
        "ascii",
        "blank",
        "cntrl",
        "digit",
        "graph",
        "lower",
        "print",
        "punct",
        "space",
        "upper",
        "word",
        "xdigit",
    ]
)
_HEX_DIGITS = "0123456789abcdefABCDEF"
_SIMPLE_ESCAPES = {"a": 0x07, "f": 0x0C, "t": 0x09, "n": 0x0A, "r": 0x0D, "v": 0x0B}
_MAX_RUNE = 0x10FFFF
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_NAMED_GROUP = re.compile(r"\(\?P?<")
_GROUP_NAME = re.compile(r"[A-Za-z0-9_]+")
_INVALID_UTF8 = re.compile("[\ud800-\udfff]")


class RegexpSyntaxError(ValueError):
    """Go's ``*syntax.Error``; ``str()`` is ``error parsing regexp: <code>: `<expr>```."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")
        self.code = code
        self.expr = expr


@dataclass(frozen=True)
class Translation:
    """An RE2 pattern meaning what the Go pattern means, and the Go name of each capture group (None: unnamed)."""

    pattern: str
    names: tuple[str | None, ...]


def translate(pattern: str, helm_major: int = 3) -> Translation:
    """Parse ``pattern`` as the Go of ``helm_major``'s Helm does; raise :class:`RegexpSyntaxError` as Go would."""
    bad = _INVALID_UTF8.search(pattern)
    if bad is not None:
        # Invalid bytes arrive as surrogate escapes; Go checks the UTF-8 before parsing anything.
        raise RegexpSyntaxError("invalid UTF-8", pattern[bad.start() :])
    parser = _Parser(pattern, helm_major)
    return Translation(parser.parse(), tuple(parser.names))


# ------------------------------------------------------------------------------------------------ Go's parse tree


@dataclass
class _Node:
    """What Go's limits need to know of a node of its parse tree: its program size, its height, and the budget
    of nested repeat counts it needs (Go's ``repeatIsValid``).

    Go keeps a run of literal characters as one node; ``tail`` is the length of the part pushed last, which is
    what a repetition operator takes (one character, or the literal content of a group). A concatenation keeps
    the height of its tallest member and an alternation its branches, so that an enclosing concatenation or
    alternation flattens them as Go does."""

    size: int
    height: int
    need: int = 0
    literal: bool = False
    tail: int = 1
    inner: int | None = None  # a concatenation: the height of its tallest member
    branches: list[_Node] | None = None  # an alternation: its branches
    char: bool = False  # one character, a class or ``.``: alternatives of these merge into one class

    def one_char(self) -> bool:
        return self.char or (self.literal and self.size == 1)


def _leaf(*, char: bool = False) -> _Node:
    return _Node(1, 1, char=char)


def _concat(items: list[_Node]) -> _Node:
    if not items:
        return _leaf()  # Go's OpEmptyMatch
    if len(items) == 1:
        return items[0]
    inner = max(item.inner if item.inner is not None else item.height for item in items)
    return _Node(sum(i.size for i in items), 1 + inner, max(i.need for i in items), inner=inner)


def _alternate(branches: list[_Node]) -> _Node:
    merged: list[_Node] = []
    flattened = [inner for branch in branches for inner in (branch.branches or [branch])]
    for branch in flattened:
        if branch.one_char() and merged and merged[-1].one_char():
            merged[-1] = _leaf(char=True)  # Go merges a|b|[cd] into one class
        else:
            merged.append(branch)
    if len(merged) == 1:
        return merged[0]
    size = sum(b.size for b in merged) + len(merged) - 1
    return _Node(size, 1 + max(b.height for b in merged), max(b.need for b in merged), branches=merged)


def _repeated(sub: _Node, op: str, low: int, high: int) -> _Node:
    """Go's ``calcSize`` and ``repeatIsValid`` for ``sub`` under a repetition operator."""
    need = sub.need
    if op == "*":
        size = 2 + sub.size
    elif op in "+?":
        size = 1 + sub.size
    elif high == -1:
        size = 2 + sub.size if low == 0 else 1 + low * sub.size
    else:
        size = high * sub.size + (high - low)
    if op == "{":
        count = high if high != -1 else low
        need = 0 if count == 0 else count * max(1, sub.need)
    return _Node(max(1, size), 1 + sub.height, need)


@dataclass
class _Frame:
    """An open group (or the whole pattern): the flags to restore, finished branches and the current one."""

    flags: tuple[bool, bool, bool, bool]
    capture: bool
    branches: list[_Node]
    items: list[_Node]


# ------------------------------------------------------------------------------------------------ the parser


class _Parser:
    """One pass over a Go pattern, emitting RE2 syntax and raising Go's parse errors in Go's order."""

    def __init__(self, pattern: str, helm_major: int) -> None:
        self.src = pattern
        self.helm_major = helm_major
        self.pos = 0
        self.out: list[str] = []
        self.fold = self.multiline = self.dot_nl = self.ungreedy = False
        self.frames = [_Frame((False, False, False, False), False, [], [])]
        # Whether the last emitted item can take a repetition operator (Go's "missing argument" check).
        self.can_repeat = False
        self.last_repeat_start: int | None = None
        self.names: list[str | None] = []
        self.runes = 0

    def error(self, code: str, expr: str) -> RegexpSyntaxError:
        return RegexpSyntaxError(code, expr)

    def parse(self) -> str:
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
                self.pos += 1
                self.end_branch()
                self.out.append("|")
                self.can_repeat = False
            elif ch == "[":
                text, single = self.parse_class()
                if single is None:
                    self.emit_atom(text, foldable=True, char=True)
                else:
                    self.emit_literal(single)  # Go turns a class of one character into that literal
            elif ch == ".":
                self.pos += 1
                self.emit_atom("(?s:.)" if self.dot_nl else "[^\\n]", foldable=False, char=True)
            elif ch == "^":
                self.pos += 1
                self.emit_atom("(?m:^)" if self.multiline else "\\A", foldable=False)
            elif ch == "$":
                self.pos += 1
                self.emit_atom("(?m:$)" if self.multiline else "\\z", foldable=False)
            elif ch == "\\":
                self.escape()
            else:
                self.pos += 1
                self.emit_literal(ord(ch))
        if len(self.frames) > 1:
            raise self.error("missing closing )", src)
        root = self.frames[0]
        self.check_limits(_alternate([*root.branches, _concat(root.items)]))
        return "".join(self.out)

    # -------------------------------------------------------------------------------- items and limits

    def emit_atom(self, text: str, *, foldable: bool, char: bool = False) -> None:
        self.out.append(f"(?i:{text})" if foldable and self.fold else text)
        self.frames[-1].items.append(_leaf(char=char))
        self.can_repeat = True

    def emit_literal(self, code: int) -> None:
        ch = chr(code)
        text = ch if ch.isascii() and (ch.isalnum() or ch == "_") else f"\\x{{{code:X}}}"
        self.out.append(f"(?i:{text})" if self.fold else text)
        # What Go's rune count grows by for one literal character (measured: 4, more when it has other cases).
        self.count_runes(6 if self.fold and ch.lower() != ch.upper() else 4)
        self.push_literal(1)
        self.can_repeat = True

    def push_literal(self, length: int) -> None:
        items = self.frames[-1].items
        if items and items[-1].literal:
            items[-1].size += length  # Go keeps a run of literal characters as one node
            items[-1].tail = length
        else:
            items.append(_Node(length, 1, literal=True, tail=length))

    def count_runes(self, count: int) -> None:
        """Go's running count of the runes in the nodes it pushes (its ``maxRunes`` limit)."""
        self.runes += count
        if self.runes > MAX_RUNES:
            raise self.error("expression too large", self.src)

    def check_limits(self, node: _Node) -> None:
        """Go checks the size and height of each node it builds; both errors quote the whole pattern."""
        if node.size > MAX_SIZE:
            raise self.error("expression too large", self.src)
        if node.height > MAX_HEIGHT:
            raise self.error("expression nests too deeply", self.src)

    def end_branch(self) -> None:
        frame = self.frames[-1]
        branch = _concat(frame.items)
        self.check_limits(branch)
        frame.branches.append(branch)
        frame.items = []

    # -------------------------------------------------------------------------------- repetition

    def parse_repeat(self, start: int) -> tuple[int, int, int] | None:
        """``{n}``, ``{n,}``, ``{n,m}``: (min, max or -1, end); None when the brace is literal text."""
        m = _REPEAT.match(self.src, start)
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
        low = high = 0
        if ch == "{":
            parsed = self.parse_repeat(start)
            assert parsed is not None
            low, high, end = parsed
            if low < 0 or low > MAX_REPEAT or high > MAX_REPEAT or high == -2 or (high >= 0 and low > high):
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
        # A group around the operand keeps RE2 from reading an operand that ends in an operator as ``a**``.
        self.out[-1] = f"(?:{self.out[-1]}){op}" + ("?" if lazy != self.ungreedy else "")
        items = self.frames[-1].items
        sub = items.pop()
        if sub.literal:
            # The operator takes the part of the literal run pushed last (a character, or a group's content).
            if sub.size > sub.tail:
                items.append(_Node(sub.size - sub.tail, 1, literal=True))
            sub = _Node(sub.tail, 1)
        node = _repeated(sub, ch, low, high)
        items.append(node)
        self.check_limits(node)
        if ch == "{" and (low >= 2 or high >= 2) and node.need > MAX_REPEAT:
            raise self.error("invalid repeat count", self.src[start:end])

    # -------------------------------------------------------------------------------- groups

    def open_group(self) -> None:
        src, start = self.src, self.pos
        if not src.startswith("(?", start):
            self.names.append(None)
            self.push_group("(", capture=True)
            self.pos += 1
            return
        rest = len(src) - start
        # Go reads ``(?P<`` (``(?<``) as a named group only when more text follows; otherwise as flags.
        if (rest > 4 and src.startswith("(?P<", start)) or (rest > 3 and src.startswith("(?<", start)):
            named = _NAMED_GROUP.match(src, start)
            assert named is not None
            close = src.find(">", named.end())
            if close < 0:
                raise self.error("invalid named capture", src[start:])
            name = src[named.end() : close]
            if not _GROUP_NAME.fullmatch(name):
                raise self.error("invalid named capture", src[start : close + 1])
            self.names.append(name)
            self.push_group("(", capture=True)
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
                    self.push_group("(?:", capture=False)
                self.fold, self.multiline, self.dot_nl, self.ungreedy = flags
                return
            else:
                break
        raise self.error("invalid or unsupported Perl syntax", self.src[start:i])

    def push_group(self, opener: str, *, capture: bool) -> None:
        self.frames.append(_Frame((self.fold, self.multiline, self.dot_nl, self.ungreedy), capture, [], []))
        self.out.append(opener)
        self.can_repeat = False

    def close_group(self) -> None:
        if len(self.frames) == 1:
            raise self.error("unexpected )", self.src)
        frame = self.frames.pop()
        content = _alternate([*frame.branches, _concat(frame.items)])
        self.fold, self.multiline, self.dot_nl, self.ungreedy = frame.flags
        self.out.append(")")
        self.pos += 1
        self.can_repeat = True
        if frame.capture:
            node = _Node(2 + content.size, 1 + content.height, content.need)
        elif content.literal:
            # A group of literal text is that text, merged with the literals around it; Go pushes it (and counts
            # its runes) once per step of closing the group, which makes deeply nested groups of text expensive.
            self.count_runes(3 * content.size)
            self.push_literal(content.size)
            return
        else:
            node = content  # a group without capture is its content
        self.frames[-1].items.append(node)
        self.check_limits(node)

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
                self.emit_literal(ord(lit))
            return
        assertions = {"A": "\\A", "z": "\\z", "b": "\\b", "B": "\\B"}
        if ch in assertions:
            self.pos = start + 2
            self.emit_atom(assertions[ch], foldable=False)
            return
        kind, value = self.class_escape()
        if kind == "char":
            self.emit_literal(value)
        else:
            self.emit_atom(f"[{value}]", foldable=True, char=True)

    def class_escape(self) -> tuple[str, int | str]:
        """An escape standing for one character ("char", code) or a set ("set", RE2 class members)."""
        src, start = self.src, self.pos
        if start + 1 >= len(src):
            raise self.error("trailing backslash at end of expression", "")
        ch = src[start + 1]
        self.pos = start + 2
        if ch in _PERL_CLASSES:
            return "set", f"\\{ch}"
        if ch in "pP":
            return "set", self.unicode_escape(start, negated=ch == "P")
        return "char", self.char_escape(start, ch)

    def unicode_escape(self, start: int, *, negated: bool) -> str:
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
        found = unicode_class(name, self.helm_major)
        if found is None:
            raise self.error("invalid character class range", src[start : self.pos])
        return found.members(negated) or _NOTHING

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

    def parse_class(self) -> tuple[str, int | None]:
        """A bracketed class as an RE2 class, and its character when it holds just one. Folding and negation
        are left to RE2, which applies them in Go's order (fold every member, then negate)."""
        src, start = self.src, self.pos
        self.pos += 1
        negated = src.startswith("^", self.pos)
        if negated:
            self.pos += 1
        members: list[str] = []
        singles: list[int] = []
        first = True
        while self.pos < len(src) and (src[self.pos] != "]" or first):
            first = False
            if src.startswith("[:", self.pos):
                end = src.find(":]", self.pos + 2)
                if end >= 0:
                    name = src[self.pos + 2 : end]
                    if name.removeprefix("^") not in _POSIX_CLASSES:
                        raise self.error("invalid character class range", src[self.pos : end + 2])
                    members.append(f"[:{name}:]")
                    self.pos = end + 2
                    continue
            item_start = self.pos
            kind, value = self.class_atom()
            if (
                kind == "char"
                and src.startswith("-", self.pos)
                and self.pos + 1 < len(src)
                and src[self.pos + 1] != "]"
            ):
                self.pos += 1
                high = self.range_end()
                assert isinstance(value, int)
                if high < value:
                    raise self.error("invalid character class range", src[item_start : self.pos])
                members.append(f"\\x{{{value:X}}}-\\x{{{high:X}}}")
            else:
                members.append(f"\\x{{{value:X}}}" if kind == "char" else str(value))
                if kind == "char":
                    assert isinstance(value, int)
                    singles.append(value)
        if self.pos >= len(src):
            raise self.error("missing closing ]", src[start:])
        self.pos += 1
        single = singles[0] if len(members) == 1 and len(singles) == 1 and not negated else None
        return ("[^" if negated else "[") + ("".join(members) or _NOTHING) + "]", single

    def class_atom(self) -> tuple[str, int | str]:
        if self.src[self.pos] == "\\":
            return self.class_escape()
        self.pos += 1
        return "char", ord(self.src[self.pos - 1])

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


# A class member that matches nothing, for a class whose members all vanished (``[\P{Any}]``): RE2 has no empty
# bracket expression, and a surrogate never occurs in the UTF-8 RE2 reads.
_NOTHING = "\\x{D800}"
