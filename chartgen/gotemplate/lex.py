"""Lexer for Go ``text/template`` source, producing the same item stream as Go's ``text/template/parse`` lexer.

Design notes
------------
* Item kinds and their names follow Go's ``itemType`` constants (``itemText`` -> ``ItemType.TEXT`` and so on), so
  a reader can hold this module next to Go's and compare. ``COMPLEX`` is included because Go lexes ``1+2i`` as a
  single item of its own kind.
* Go's lexer is a set of state functions; here it is a plain loop with two modes (outside an action, inside one),
  which reads more naturally in Python and avoids a function call per state change.
* Per-character Python work is what makes a pure-Python lexer slow, so every run of characters is consumed in one
  step: template text with ``str.find`` on the left delimiter, and spaces, names, numbers and quoted strings with
  precompiled regular expressions. Only the first character of each token is dispatched on by hand.
* ``pos`` is an offset in bytes of the UTF-8 text, as in Go (execution errors print the column as a byte count);
  the lexer works on characters and converts when it emits an item. ``line`` is 1-based and is the line on which
  the item starts.
* A stream ends with an ``EOF`` item, or with an ``ERROR`` item whose value is the message, exactly where Go's
  lexer would stop producing items.
* Names (fields, variables, identifiers) are runs of Python's ``\\w``: letters, digits and ``_``. Go accepts
  Unicode letters and decimal digits only; the two differ solely for rare numeric symbols such as ``²``.
"""

from __future__ import annotations

import re
from enum import Enum, auto

from chartgen import gostrconv

__all__ = ["Item", "ItemType", "KEYWORDS", "lex", "utf8_len"]


class ItemType(Enum):
    """The kind of a lexed item. Keyword kinds come last, as in Go, so ``is_keyword`` can test membership."""

    ERROR = auto()  # value is the error message
    BOOL = auto()  # true, false
    CHAR = auto()  # any other printable ASCII character, such as ','
    CHAR_CONSTANT = auto()  # 'a', '\n' (quotes kept)
    COMMENT = auto()  # /* ... */ (delimiters not included)
    COMPLEX = auto()  # 1+2i
    ASSIGN = auto()  # =
    DECLARE = auto()  # :=
    EOF = auto()
    FIELD = auto()  # .Name
    IDENTIFIER = auto()  # a function name such as printf
    LEFT_DELIM = auto()
    LEFT_PAREN = auto()
    NUMBER = auto()  # any Go number literal, sign included
    PIPE = auto()
    RAW_STRING = auto()  # `...` (backquotes kept)
    RIGHT_DELIM = auto()
    RIGHT_PAREN = auto()
    SPACE = auto()  # a run of spaces, tabs, CRs and newlines inside an action
    STRING = auto()  # "..." (quotes kept, escapes not yet interpreted)
    TEXT = auto()  # plain text outside actions
    VARIABLE = auto()  # $ or $name
    # Keywords.
    BLOCK = auto()
    BREAK = auto()
    CONTINUE = auto()
    DOT = auto()  # the lone '.'
    DEFINE = auto()
    ELSE = auto()
    END = auto()
    IF = auto()
    NIL = auto()
    RANGE = auto()
    TEMPLATE = auto()
    WITH = auto()

    @property
    def is_keyword(self) -> bool:
        return self in _KEYWORD_TYPES


KEYWORDS: dict[str, ItemType] = {
    "block": ItemType.BLOCK,
    "break": ItemType.BREAK,
    "continue": ItemType.CONTINUE,
    "define": ItemType.DEFINE,
    "else": ItemType.ELSE,
    "end": ItemType.END,
    "if": ItemType.IF,
    "nil": ItemType.NIL,
    "range": ItemType.RANGE,
    "template": ItemType.TEMPLATE,
    "with": ItemType.WITH,
}
_KEYWORD_TYPES = frozenset(KEYWORDS.values()) | {ItemType.DOT}


class Item:
    """One token: its kind, where it starts (offset and 1-based line) and its exact source text.

    A plain slotted class rather than a dataclass: the lexer makes one per token, and a frozen dataclass pays for
    every field it sets."""

    __slots__ = ("type", "pos", "value", "line")

    def __init__(self, type: ItemType, pos: int, value: str, line: int) -> None:  # noqa: A002 - Go's field name
        self.type = type
        self.pos = pos
        self.value = value
        self.line = line

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Item:
            return NotImplemented
        return (self.type, self.pos, self.value, self.line) == (other.type, other.pos, other.value, other.line)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.type, self.pos, self.value, self.line))

    def __repr__(self) -> str:
        return f"Item(type={self.type!r}, pos={self.pos!r}, value={self.value!r}, line={self.line!r})"

    def __str__(self) -> str:
        # Matches Go's item.String(), which the parser quotes in messages such as `unexpected <end> in command`.
        if self.type is ItemType.EOF:
            return "EOF"
        if self.type is ItemType.ERROR:
            return self.value
        if self.type.is_keyword:
            return f"<{self.value}>"
        if len(self.value) > 10:
            return gostrconv.quote(self.value[:10]) + "..."
        return gostrconv.quote(self.value)


def utf8_len(text: str) -> int:
    """The length in bytes of ``text`` encoded as UTF-8; a byte carried by surrogateescape counts as one."""
    return len(text.encode("utf-8", "surrogateescape"))


def _go_rune(ch: str) -> str:
    """Format a character like Go's ``%#U`` verb, used in the lexer's "bad character" messages."""
    code = f"U+{ord(ch):04X}"
    return f"{code} '{ch}'" if ch.isprintable() else code


# The spaces Go's lexer recognises; other Unicode spaces are ordinary (and unrecognised) characters.
_SPACE_CHARS = " \t\r\n"
_SPACE_RUN = re.compile(r"[ \t\r\n]*")
_WORD_RUN = re.compile(r"\w*")
_WORD_CHAR = re.compile(r"\w")
# Written unrolled ("normal* (special normal*)*") so long strings match without backtracking per character.
# A backslash may escape anything but a newline; validating the escape itself is the parser's job, as in Go.
_QUOTED = re.compile(r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"')
_CHAR_CONST = re.compile(r"'[^'\\\n]*(?:\\[^\n][^'\\\n]*)*'")
# Mirrors Go's scanNumber: a deliberately loose scan. The digit set depends on the prefix, exponents are only
# looked for where they cannot be digits ('e' is a hex digit, hence 'p' for hex), and the value is checked later
# by the parser. The scan can match an empty or sign-only string; Go's lexer accepts those too.
_NUMBER = re.compile(
    r"""
    [+-]?
    (?:
        0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]*)?
      | 0[oO][0-7_]*(?:\.[0-7_]*)?
      | 0[bB][01_]*(?:\.[01_]*)?
      | [0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]*)?
    )
    i?
    """,
    re.VERBOSE,
)
_TERMINATORS = frozenset(_SPACE_CHARS + ".,|:)(")
_COMMENT_OPEN = "/*"
_COMMENT_CLOSE = "*/"
# A trim marker is the '-' plus the one space that must sit between it and the delimiter or the action body.
_TRIM_MARKER_LEN = 2


class _Lexer:
    """Holds the input and the growing item list; each ``_lex_*`` method returns the next offset, or -1 on error."""

    def __init__(self, text: str, left: str, right: str, break_ok: bool, continue_ok: bool) -> None:
        self.text = text
        self.left = left
        self.right = right
        self.break_ok = break_ok
        self.continue_ok = continue_ok
        self.items: list[Item] = []
        # Lines are counted lazily, from the last item's start to the new one's, so every newline is counted once.
        self._line = 1
        self._line_pos = 0
        # Byte offsets are found the same way, from the last item's; ASCII text needs no conversion at all.
        self._ascii = text.isascii()
        self._byte_pos = 0

    def emit(self, kind: ItemType, pos: int, value: str) -> None:
        self._line += self.text.count("\n", self._line_pos, pos)
        if self._ascii:
            offset = pos
        else:
            self._byte_pos += utf8_len(self.text[self._line_pos : pos])
            offset = self._byte_pos
        self._line_pos = pos
        self.items.append(Item(kind, offset, value, self._line))

    def error(self, pos: int, message: str) -> int:
        self.emit(ItemType.ERROR, pos, message)
        return -1

    # ---------------------------------------------------------------- outside actions

    def run(self) -> list[Item]:
        text, left = self.text, self.left
        end_of_input = len(text)
        pos = 0
        while True:
            delim = text.find(left, pos)
            if delim < 0:
                if pos < end_of_input:
                    self.emit(ItemType.TEXT, pos, text[pos:])
                self.emit(ItemType.EOF, end_of_input, "")
                return self.items
            body = delim + len(left)
            trim = self.has_left_trim_marker(body)
            chunk = text[pos:delim]
            if trim:
                chunk = chunk.rstrip(_SPACE_CHARS)
            if chunk:
                self.emit(ItemType.TEXT, pos, chunk)
            if trim:
                body += _TRIM_MARKER_LEN
            # A comment replaces the whole action, so no delimiter items are emitted for it.
            if text.startswith(_COMMENT_OPEN, body):
                pos = self.lex_comment(body)
            else:
                self.emit(ItemType.LEFT_DELIM, delim, left)
                pos = self.lex_inside_action(body)
            if pos < 0:
                return self.items

    def has_left_trim_marker(self, pos: int) -> bool:
        text = self.text
        return text.startswith("-", pos) and pos + 1 < len(text) and text[pos + 1] in _SPACE_CHARS

    def right_delim_at(self, pos: int) -> tuple[bool, bool]:
        """Say whether a right delimiter starts at ``pos``, and whether it carries a trim marker (`` -}}``)."""
        text = self.text
        if (
            pos + 1 < len(text)
            and text[pos] in _SPACE_CHARS
            and text[pos + 1] == "-"
            and text.startswith(self.right, pos + _TRIM_MARKER_LEN)
        ):
            return True, True
        return text.startswith(self.right, pos), False

    def close_delim(self, pos: int, trim: bool) -> int:
        """Step over a right delimiter (and its trim marker) and, if trimming, over all whitespace after it."""
        if trim:
            pos += _TRIM_MARKER_LEN
        pos += len(self.right)
        if trim:
            pos = _SPACE_RUN.match(self.text, pos).end()
        return pos

    def lex_comment(self, start: int) -> int:
        close = self.text.find(_COMMENT_CLOSE, start + len(_COMMENT_OPEN))
        if close < 0:
            return self.error(start, "unclosed comment")
        end = close + len(_COMMENT_CLOSE)
        at_delim, trim = self.right_delim_at(end)
        if not at_delim:
            return self.error(start, "comment ends before closing delimiter")
        self.emit(ItemType.COMMENT, start, self.text[start:end])
        return self.close_delim(end, trim)

    # ---------------------------------------------------------------- inside actions

    def at_terminator(self, pos: int) -> bool:
        """Whether a name may end at ``pos``: Go demands that a field, variable or word be followed by one of these."""
        text = self.text
        return pos >= len(text) or text[pos] in _TERMINATORS or text.startswith(self.right, pos)

    def lex_inside_action(self, pos: int) -> int:
        text = self.text
        end_of_input = len(text)
        paren_depth = 0
        emit = self.emit
        while True:
            at_delim, trim = self.right_delim_at(pos)
            if at_delim:
                if paren_depth:
                    return self.error(pos, "unclosed left paren")
                emit(ItemType.RIGHT_DELIM, pos + _TRIM_MARKER_LEN if trim else pos, self.right)
                return self.close_delim(pos, trim)
            if pos >= end_of_input:
                return self.error(pos, "unclosed action")
            ch = text[pos]
            if ch in _SPACE_CHARS:
                end = _SPACE_RUN.match(text, pos).end()
                # The last space may belong to a " -}}" marker; leave it for the delimiter check above.
                if self.right_delim_at(end - 1)[1]:
                    end -= 1
                if end > pos:
                    emit(ItemType.SPACE, pos, text[pos:end])
                pos = end
            elif ch == "=":
                emit(ItemType.ASSIGN, pos, ch)
                pos += 1
            elif ch == ":":
                if not text.startswith(":=", pos):
                    return self.error(pos, "expected :=")
                emit(ItemType.DECLARE, pos, ":=")
                pos += 2
            elif ch == "|":
                emit(ItemType.PIPE, pos, ch)
                pos += 1
            elif ch == '"':
                match = _QUOTED.match(text, pos)
                if match is None:
                    return self.error(pos, "unterminated quoted string")
                emit(ItemType.STRING, pos, match.group())
                pos = match.end()
            elif ch == "`":
                close = text.find("`", pos + 1)
                if close < 0:
                    return self.error(pos, "unterminated raw quoted string")
                emit(ItemType.RAW_STRING, pos, text[pos : close + 1])
                pos = close + 1
            elif ch == "'":
                match = _CHAR_CONST.match(text, pos)
                if match is None:
                    return self.error(pos, "unterminated character constant")
                emit(ItemType.CHAR_CONSTANT, pos, match.group())
                pos = match.end()
            elif ch == "$":
                pos = self.lex_field_or_variable(pos, ItemType.VARIABLE)
            elif ch == "." and not (pos + 1 >= end_of_input or "0" <= text[pos + 1] <= "9"):
                # A dot before a digit starts a number (.5). So, as in Go, does a dot at the very end of input.
                pos = self.lex_field_or_variable(pos, ItemType.FIELD)
            elif ch in "+-." or "0" <= ch <= "9":
                pos = self.lex_number(pos)
            elif ch == "(":
                paren_depth += 1
                emit(ItemType.LEFT_PAREN, pos, ch)
                pos += 1
            elif ch == ")":
                paren_depth -= 1
                if paren_depth < 0:
                    return self.error(pos, "unexpected right paren")
                emit(ItemType.RIGHT_PAREN, pos, ch)
                pos += 1
            elif _WORD_CHAR.match(ch):
                pos = self.lex_identifier(pos)
            elif " " <= ch <= "~":
                emit(ItemType.CHAR, pos, ch)
                pos += 1
            else:
                return self.error(pos, f"unrecognized character in action: {_go_rune(ch)}")
            if pos < 0:
                return pos

    def lex_field_or_variable(self, start: int, kind: ItemType) -> int:
        """Lex ``$``, ``$name``, ``.`` or ``.Name``; ``start`` is at the sigil."""
        name_start = start + 1
        if self.at_terminator(name_start):
            self.emit(kind if kind is ItemType.VARIABLE else ItemType.DOT, start, self.text[start])
            return name_start
        end = _WORD_RUN.match(self.text, name_start).end()
        if not self.at_terminator(end):
            # This is why `.Values.my-key` fails: '-' cannot follow a name.
            return self.error(start, f"bad character {_go_rune(self.text[end])}")
        self.emit(kind, start, self.text[start:end])
        return end

    def lex_identifier(self, start: int) -> int:
        text = self.text
        end = _WORD_RUN.match(text, start).end()
        if not self.at_terminator(end):
            return self.error(start, f"bad character {_go_rune(text[end])}")
        word = text[start:end]
        kind = KEYWORDS.get(word)
        # Go downgrades break/continue to plain identifiers when the template defines functions of those names.
        demoted = (kind is ItemType.BREAK and not self.break_ok) or (kind is ItemType.CONTINUE and not self.continue_ok)
        if kind is None or demoted:
            kind = ItemType.IDENTIFIER
        if word in ("true", "false"):
            kind = ItemType.BOOL
        self.emit(kind, start, word)
        return end

    def scan_number(self, start: int) -> tuple[int, bool]:
        """Scan one number from ``start``; return its end and whether it is properly followed by a non-name char."""
        text = self.text
        end = _NUMBER.match(text, start).end()
        if end < len(text) and _WORD_CHAR.match(text[end]):
            return end + 1, False  # Go includes the offending character in the message.
        return end, True

    def lex_number(self, start: int) -> int:
        text = self.text
        end, ok = self.scan_number(start)
        if not ok:
            return self.error(start, f"bad number syntax: {gostrconv.quote(text[start:end])}")
        if end < len(text) and text[end] in "+-":
            # A sign straight after a number can only continue a complex literal such as 1+2i.
            end, ok = self.scan_number(end)
            if not ok or text[end - 1] != "i":
                return self.error(start, f"bad number syntax: {gostrconv.quote(text[start:end])}")
            self.emit(ItemType.COMPLEX, start, text[start:end])
        else:
            self.emit(ItemType.NUMBER, start, text[start:end])
        return end


def lex(
    name: str,
    text: str,
    left: str = "{{",
    right: str = "}}",
    *,
    break_ok: bool = True,
    continue_ok: bool = True,
) -> list[Item]:
    """Split template ``text`` into items, ending with an EOF item or, on the first lexical error, an ERROR item.

    ``name`` is the template's name; it is accepted, as Go's ``lex`` accepts it, so callers can pass it through,
    but items do not carry it: the parser adds it to messages. Empty delimiters mean the defaults, as in Go.
    ``break_ok``/``continue_ok`` set to False make those words plain identifiers (Go does this when the function
    map defines ``break`` or ``continue``).
    """
    del name  # Accepted for parity with Go; see the docstring.
    return _Lexer(text, left or "{{", right or "}}", break_ok, continue_ok).run()
