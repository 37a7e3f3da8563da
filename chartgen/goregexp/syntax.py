"""Go's ``regexp/syntax`` parser, as far as it decides which patterns exist and what they mean, written out as an
RE2 pattern of the same meaning.

Go and RE2 share their syntax and matching rules, but not every corner of them, so the pattern is never handed to
RE2 as it is. It is parsed here with Go's rules (Perl flags, UTF-8) and every construct is emitted with its
meaning spelt out: ``$`` is ``\\z`` unless ``(?m)``, a flag group's scope becomes explicit ``(?i:..)`` atoms,
``(?U)`` swaps greediness, ``\\Q..\\E`` becomes literals, names of capture groups are kept on our side (Go allows
a name twice, RE2 does not). What Go refuses fails here with Go's error text, in Go's order, including the limits
Go puts on a pattern's size (see :mod:`chartgen.goregexp.limits`).
"""

from __future__ import annotations

import re

from chartgen.goregexp.limits import (
    MAX_HEIGHT,
    MAX_REPEAT,
    MAX_RUNES,
    MAX_SIZE,
    Node,
    Text,
    alternate,
    capture,
    concat,
    flatten,
    leaf,
    repeated,
)
from chartgen.goregexp.unicode_names import unicode_class
from chartgen.records import record

__all__ = ["RegexpSyntaxError", "Translation", "translate"]

# Perl classes and POSIX classes, with their number of ranges (what they cost; see limits).
_PERL_CLASSES = {"d": 1, "D": 2, "s": 3, "S": 4, "w": 4, "W": 5}
_POSIX_CLASSES = {
    "alnum": 3,
    "alpha": 2,
    "ascii": 1,
    "blank": 2,
    "cntrl": 2,
    "digit": 1,
    "graph": 1,
    "lower": 1,
    "print": 1,
    "punct": 4,
    "space": 2,
    "upper": 1,
    "word": 4,
    "xdigit": 3,
}
_HEX_DIGITS = "0123456789abcdefABCDEF"
_SIMPLE_ESCAPES = {"a": 0x07, "f": 0x0C, "t": 0x09, "n": 0x0A, "r": 0x0D, "v": 0x0B}
_MAX_RUNE = 0x10FFFF
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_NAMED_GROUP = re.compile(r"\(\?P?<")
_GROUP_NAME = re.compile(r"[A-Za-z0-9_]+")
_INVALID_UTF8 = re.compile("[\ud800-\udfff]")
# Characters that stand for themselves in a Go pattern, and those of them RE2 needs no escape for.
_PLAIN_RUN = re.compile(r"[^\\.+*?()|\[\]{}^$]+")
# The ASCII runes other than letters, digits and "_": the same set as [^0-9A-Za-z_\u0080-\U0010ffff], which
# costs Python ~5 ms to compile at every start.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]")
# RE2 program instructions for ``.`` (a UTF-8 automaton); the Perl classes that stay within ASCII.
_DOT_COST = 7
_ASCII_PERL_CLASSES = frozenset({"\\d", "\\s", "\\w"})


class RegexpSyntaxError(ValueError):
    """Go's ``*syntax.Error``; ``str()`` is ``error parsing regexp: <code>: `<expr>```."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")
        self.code = code
        self.expr = expr


@record(frozen=True)
class Translation:
    """An RE2 pattern meaning what the Go pattern means, the Go name of each capture group (None: unnamed), and
    estimates of the RE2 program's instructions and of RE2's parse-tree nodes (see :mod:`chartgen.goregexp.limits`)."""

    pattern: str
    names: tuple[str | None, ...]
    cost: int
    nodes: int
    literal: str | None  # the one string the whole pattern matches, when it is that simple


def translate(pattern: str, go_version: tuple[int, int] = (1, 23)) -> Translation:
    """Parse ``pattern`` as Go release ``go_version`` does; raise :class:`RegexpSyntaxError` as Go would."""
    bad = _INVALID_UTF8.search(pattern)
    if bad is not None:
        # Invalid bytes arrive as surrogate escapes; Go checks the UTF-8 before parsing anything.
        raise RegexpSyntaxError("invalid UTF-8", pattern[bad.start() :])
    parser = _Parser(pattern, go_version)
    re2_pattern = parser.parse()
    return Translation(re2_pattern, tuple(parser.names), parser.cost, parser.nodes, parser.literal)


@record
class _Frame:
    """An open group (or the whole pattern): the flags to restore, finished branches and the current one."""

    flags: tuple[bool, bool, bool, bool]
    capture: bool
    branches: list[Node]
    items: list[Node]


# ------------------------------------------------------------------------------------------------ the parser


class _Parser:
    """One pass over a Go pattern, emitting RE2 syntax and raising Go's parse errors in Go's order."""

    def __init__(self, pattern: str, go_version: tuple[int, int]) -> None:
        self.src = pattern
        self.go_version = go_version
        self.pos = 0
        self.out: list[str] = []
        self.fold = self.multiline = self.dot_nl = self.ungreedy = False
        self.frames = [_Frame((False, False, False, False), False, [], [])]
        # Whether the last emitted item can take a repetition operator (Go's "missing argument" check).
        self.can_repeat = False
        self.last_repeat_start: int | None = None
        self.names: list[str | None] = []
        self.runes = 0
        self.cost = 0
        self.nodes = 0  # RE2's parse-tree nodes, roughly: one an element, one a literal run or folded letter
        self.literal: str | None = None

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
                self.nodes += 1
                self.end_branch()
                self.out.append("|")
                self.can_repeat = False
            elif ch == "[":
                text, single, ranges, ascii = self.parse_class()
                if single is None:
                    self.emit_class(text, ranges, ascii=ascii)
                else:
                    self.emit_literal(single)  # Go turns a class of one character into that literal
            elif ch == ".":
                self.pos += 1
                self.emit_atom("(?s:.)" if self.dot_nl else "[^\\n]", foldable=False, char=True, cost=_DOT_COST)
            elif ch == "^":
                self.pos += 1
                self.emit_atom("(?m:^)" if self.multiline else "\\A", foldable=False)
            elif ch == "$":
                self.pos += 1
                self.emit_atom("(?m:$)" if self.multiline else "\\z", foldable=False)
            elif ch == "\\":
                self.escape()
            else:
                self.emit_run()
        if len(self.frames) > 1:
            raise self.error("missing closing )", src)
        root = alternate([*self.frames[0].branches, concat(self.frames[0].items)])
        self.check_limits(root)
        self.cost = root.cost
        self.literal = flatten(root.text) if root.text is not None and not self.names else None
        return "".join(self.out)

    # -------------------------------------------------------------------------------- items and limits

    def emit_atom(self, text: str, *, foldable: bool, char: bool = False, cost: int = 1) -> None:
        self.nodes += 1
        self.out.append(f"(?i:{text})" if foldable and self.fold else text)
        self.frames[-1].items.append(leaf(cost=cost, char=char))
        self.can_repeat = True

    def emit_class(self, text: str, ranges: int, *, ascii: bool) -> None:
        """A class: one instruction to Go (and two runes a range); to RE2 an instruction a range of bytes, or a
        UTF-8 automaton of about two instructions a range once it reaches past ASCII."""
        self.count_runes(2 * ranges)
        self.emit_atom(text, foldable=True, char=True, cost=1 + ranges // 4 if ascii else 2 * ranges + _DOT_COST)

    def emit_run(self) -> None:
        """A run of characters that stand for themselves, all but the last at once (a following repetition
        operator takes only the last)."""
        run = _PLAIN_RUN.match(self.src, self.pos)
        if run is None:  # a brace that starts no repetition, or a closing bracket or brace: itself
            self.pos += 1
            self.emit_literal(ord(self.src[self.pos - 1]))
            return
        text = run.group()
        self.pos = run.end()
        if len(text) > 1:
            head = text[:-1]
            escaped = _NEEDS_ESCAPE.sub(lambda m: f"\\x{{{ord(m.group()):X}}}", head)
            self.out.append(f"(?i:{escaped})" if self.fold else escaped)
            cased = sum(ch.lower() != ch.upper() for ch in head) if self.fold else 0
            self.count_runes(4 * len(head) + 2 * cased)
            self.nodes += cased or 1
            self.push_literal(len(head), None if self.fold else head)
        self.emit_literal(ord(text[-1]))

    def emit_literal(self, code: int) -> None:
        ch = chr(code)
        text = ch if ch.isascii() and (ch.isalnum() or ch == "_") else f"\\x{{{code:X}}}"
        self.out.append(f"(?i:{text})" if self.fold else text)
        # What Go's rune count grows by for one literal character (measured: 4, more when it has other cases).
        cased = self.fold and ch.lower() != ch.upper()
        self.count_runes(6 if cased else 4)
        self.nodes += 1 if cased or not (self.frames[-1].items and self.frames[-1].items[-1].literal) else 0
        self.push_literal(1, None if self.fold else ch)
        self.can_repeat = True

    def push_literal(self, length: int, text: Text | None) -> None:
        """Literal characters (``text`` unless folded), merged into the run before them as Go merges them."""
        items = self.frames[-1].items
        if items and items[-1].literal:
            last = items[-1]
            last.size += length
            last.cost += length
            last.tail = length
            last.head = last.text
            last.tail_text = text
            last.text = ("+", last.text, text) if last.text is not None and text is not None else None
        else:
            items.append(Node(length, 1, length, literal=True, tail=length, text=text, head="", tail_text=text))

    def count_runes(self, count: int) -> None:
        """Go's running count of the runes in the nodes it pushes (its ``maxRunes`` limit)."""
        self.runes += count
        if self.runes > MAX_RUNES:
            raise self.error("expression too large", self.src)

    def check_limits(self, node: Node) -> None:
        """Go checks the size and height of each node it builds; both errors quote the whole pattern."""
        if node.size > MAX_SIZE:
            raise self.error("expression too large", self.src)
        if node.height > MAX_HEIGHT:
            raise self.error("expression nests too deeply", self.src)

    def end_branch(self) -> None:
        frame = self.frames[-1]
        branch = concat(frame.items)
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
        self.nodes += 1
        # A group around the operand keeps RE2 from reading an operand that ends in an operator as ``a**``.
        self.out[-1] = f"(?:{self.out[-1]}){op}" + ("?" if lazy != self.ungreedy else "")
        items = self.frames[-1].items
        sub = items.pop()
        if sub.literal:
            # The operator takes the part of the literal run pushed last (a character, or a group's content).
            head = sub.head if sub.text is not None else None
            tail = sub.tail_text if sub.text is not None else None
            if sub.size > sub.tail:
                items.append(Node(sub.size - sub.tail, 1, sub.size - sub.tail, literal=True, text=head))
            sub = Node(sub.tail, 1, sub.tail, text=tail)
        node = repeated(sub, ch, low, high)
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
        self.nodes += 1
        self.frames.append(_Frame((self.fold, self.multiline, self.dot_nl, self.ungreedy), capture, [], []))
        self.out.append(opener)
        self.can_repeat = False

    def close_group(self) -> None:
        if len(self.frames) == 1:
            raise self.error("unexpected )", self.src)
        frame = self.frames.pop()
        content = alternate([*frame.branches, concat(frame.items)])
        self.fold, self.multiline, self.dot_nl, self.ungreedy = frame.flags
        self.out.append(")")
        self.pos += 1
        self.can_repeat = True
        if frame.capture:
            node = capture(content)
        elif content.literal:
            # A group of literal text is that text, merged with the literals around it; Go pushes it (and counts
            # its runes) once per step of closing the group, which makes deeply nested groups of text expensive.
            self.count_runes(3 * content.size)
            self.push_literal(content.size, content.text)
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
        code, members, ranges = self.class_escape()
        if members is None:
            self.emit_literal(code)
        else:
            self.emit_class(f"[{members}]", ranges, ascii=members in _ASCII_PERL_CLASSES)

    def class_escape(self) -> tuple[int, str | None, int]:
        """An escape standing for one character (its code, None, 1) or a set (0, RE2 class members, ranges)."""
        src, start = self.src, self.pos
        if start + 1 >= len(src):
            raise self.error("trailing backslash at end of expression", "")
        ch = src[start + 1]
        self.pos = start + 2
        if ch in _PERL_CLASSES:
            return 0, f"\\{ch}", _PERL_CLASSES[ch]
        if ch in "pP":
            return 0, *self.unicode_escape(start, negated=ch == "P")
        return self.char_escape(start, ch), None, 1

    def unicode_escape(self, start: int, *, negated: bool) -> tuple[str, int]:
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
        found = unicode_class(name, self.go_version)
        if found is None:
            raise self.error("invalid character class range", src[start : self.pos])
        return found.members(negated) or _NOTHING, found.ranges_count(negated)

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

    def parse_class(self) -> tuple[str, int | None, int, bool]:
        """A bracketed class as an RE2 class, its character when it holds just one, its number of ranges and
        whether it stays within ASCII. Folding and negation are left to RE2, which applies them in Go's order
        (fold every member, then negate)."""
        src, start = self.src, self.pos
        self.pos += 1
        negated = src.startswith("^", self.pos)
        if negated:
            self.pos += 1
        members: list[str] = []
        singles: list[int] = []
        ranges = 0
        ascii = not negated
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
                    ranges += _POSIX_CLASSES[name.removeprefix("^")] + name.startswith("^")
                    ascii = ascii and not name.startswith("^")
                    self.pos = end + 2
                    continue
            item_start = self.pos
            code, member, count = self.class_atom()
            ranges += count
            if member is not None:
                members.append(member)
                ascii = ascii and member in _ASCII_PERL_CLASSES
            elif src.startswith("-", self.pos) and self.pos + 1 < len(src) and src[self.pos + 1] != "]":
                self.pos += 1
                high = self.range_end()
                if high < code:
                    raise self.error("invalid character class range", src[item_start : self.pos])
                members.append(f"\\x{{{code:X}}}-\\x{{{high:X}}}")
                ascii = ascii and high < 0x80
            else:
                members.append(f"\\x{{{code:X}}}")
                singles.append(code)
                ascii = ascii and code < 0x80
        if self.pos >= len(src):
            raise self.error("missing closing ]", src[start:])
        self.pos += 1
        single = singles[0] if len(members) == 1 and len(singles) == 1 and not negated else None
        text = ("[^" if negated else "[") + ("".join(members) or _NOTHING) + "]"
        return text, single, ranges + negated, ascii

    def class_atom(self) -> tuple[int, str | None, int]:
        if self.src[self.pos] == "\\":
            return self.class_escape()
        self.pos += 1
        return ord(self.src[self.pos - 1]), None, 1

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
