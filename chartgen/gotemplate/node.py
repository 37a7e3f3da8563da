"""Parse-tree nodes for Go ``text/template``, named after Go's ``text/template/parse`` node types.

Every node carries ``pos`` (byte offset into the UTF-8 template text, as in Go) and ``line`` (1-based).
``str(node)`` re-prints the node as template source the way Go's ``Node.String()`` does; the executor quotes
that text in messages such as ``executing "t" at <.Values.a>``, so it must match Go's spelling exactly.

Number and string literals are decoded here rather than in the parser because Go does the same
(``newNumber``/``strconv.Unquote``) and the rules are intricate enough to deserve their own home.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from chartgen.gotemplate.lex import ItemType, go_quote

__all__ = [
    "ActionNode",
    "BoolNode",
    "BreakNode",
    "ChainNode",
    "CommandNode",
    "CommentNode",
    "ContinueNode",
    "DotNode",
    "ElseNode",
    "EndNode",
    "FieldNode",
    "IdentifierNode",
    "IfNode",
    "ListNode",
    "NilNode",
    "Node",
    "NumberNode",
    "PipeNode",
    "RangeNode",
    "StringNode",
    "TemplateNode",
    "TextNode",
    "VariableNode",
    "WithNode",
    "is_empty_tree",
    "parse_number",
    "underscore_ok",
    "unquote",
    "unquote_char",
]

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_UINT64_MAX = (1 << 64) - 1


@dataclass(eq=False, slots=True)
class Node:
    """Base of all nodes. Identity equality: two structurally equal nodes at different places are different."""

    pos: int
    line: int


@dataclass(eq=False, slots=True)
class ListNode(Node):
    nodes: list[Node] = field(default_factory=list)

    def append(self, node: Node) -> None:
        self.nodes.append(node)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


@dataclass(eq=False, slots=True)
class TextNode(Node):
    text: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False, slots=True)
class CommentNode(Node):
    text: str = ""  # includes the /* */ markers, as in Go

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


@dataclass(eq=False, slots=True)
class IdentifierNode(Node):
    """A function name."""

    ident: str = ""

    def __str__(self) -> str:
        return self.ident


@dataclass(eq=False, slots=True)
class VariableNode(Node):
    """``$x`` or ``$x.a.b``; ``ident`` is ``["$x", "a", "b"]`` as in Go."""

    ident: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass(eq=False, slots=True)
class DotNode(Node):
    def __str__(self) -> str:
        return "."


@dataclass(eq=False, slots=True)
class NilNode(Node):
    def __str__(self) -> str:
        return "nil"


@dataclass(eq=False, slots=True)
class FieldNode(Node):
    """``.a.b``; ``ident`` is ``["a", "b"]`` (no dots), as in Go."""

    ident: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


@dataclass(eq=False, slots=True)
class ChainNode(Node):
    """A term followed by fields, where the term is not itself a field or variable: ``(pipe).a.b``."""

    node: Node | None = None
    fields: list[str] = field(default_factory=list)  # Go's ChainNode.Field

    def add(self, name: str) -> None:
        # Lexed field items keep their leading dot; the chain stores bare names like Go's ChainNode.Add.
        self.fields.append(name[1:] if name.startswith(".") else name)

    def __str__(self) -> str:
        text = str(self.node)
        if isinstance(self.node, PipeNode):
            text = "(" + text + ")"
        return text + "".join("." + name for name in self.fields)


@dataclass(eq=False, slots=True)
class BoolNode(Node):
    value: bool = False

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(eq=False, slots=True)
class NumberNode(Node):
    """A numeric literal with every Go interpretation that fits, like Go's untyped constants.

    ``2.0`` is both float and int; ``'a'`` is int, uint and float; ``9223372036854775808`` is uint and float only,
    which is why using it as an int fails at execution time rather than here.
    """

    text: str = ""
    is_int: bool = False
    is_uint: bool = False
    is_float: bool = False
    is_complex: bool = False
    int_value: int = 0
    uint_value: int = 0
    float_value: float = 0.0
    complex_value: complex = 0j

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False, slots=True)
class StringNode(Node):
    quoted: str = ""  # the source text, quotes included
    text: str = ""  # the decoded value

    def __str__(self) -> str:
        return self.quoted


@dataclass(eq=False, slots=True)
class CommandNode(Node):
    args: list[Node] = field(default_factory=list)

    def append(self, arg: Node) -> None:
        self.args.append(arg)

    def __str__(self) -> str:
        # A parenthesised pipeline argument is a bare PipeNode in the tree; the parentheses exist only in print.
        return " ".join(f"({arg})" if isinstance(arg, PipeNode) else str(arg) for arg in self.args)


@dataclass(eq=False, slots=True)
class PipeNode(Node):
    is_assign: bool = False
    decl: list[VariableNode] = field(default_factory=list)
    cmds: list[CommandNode] = field(default_factory=list)

    def append(self, command: CommandNode) -> None:
        self.cmds.append(command)

    def __str__(self) -> str:
        head = ""
        if self.decl:
            head = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return head + " | ".join(str(c) for c in self.cmds)


@dataclass(eq=False, slots=True)
class ActionNode(Node):
    pipe: PipeNode | None = None

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class _BranchNode(Node):
    """Shared shape of if/range/with, as Go's BranchNode."""

    pipe: PipeNode | None = None
    list: ListNode | None = None
    else_list: ListNode | None = None

    keyword = ""

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            text += "{{else}}" + str(self.else_list)
        return text + "{{end}}"


@dataclass(eq=False, slots=True)
class IfNode(_BranchNode):
    keyword = "if"


@dataclass(eq=False, slots=True)
class RangeNode(_BranchNode):
    keyword = "range"


@dataclass(eq=False, slots=True)
class WithNode(_BranchNode):
    keyword = "with"


@dataclass(eq=False, slots=True)
class BreakNode(Node):
    def __str__(self) -> str:
        return "{{break}}"


@dataclass(eq=False, slots=True)
class ContinueNode(Node):
    def __str__(self) -> str:
        return "{{continue}}"


@dataclass(eq=False, slots=True)
class TemplateNode(Node):
    name: str = ""
    pipe: PipeNode | None = None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + go_quote(self.name) + "}}"
        return "{{template " + go_quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class EndNode(Node):
    """Transient: marks ``{{end}}`` while parsing; never stored in a finished tree."""

    def __str__(self) -> str:
        return "{{end}}"


@dataclass(eq=False, slots=True)
class ElseNode(Node):
    """Transient: marks ``{{else}}`` while parsing; never stored in a finished tree."""

    def __str__(self) -> str:
        return "{{else}}"


def is_empty_tree(node: Node | None) -> bool:
    """Whether a tree holds nothing but whitespace text and comments (Go's ``IsEmptyTree``).

    Such a tree never replaces an existing definition of the same name, which is what lets a file contain only
    ``define`` blocks without clobbering a template of its own name.
    """
    if node is None or isinstance(node, CommentNode):
        return True
    if isinstance(node, ListNode):
        return all(is_empty_tree(n) for n in node.nodes)
    if isinstance(node, TextNode):
        return not node.text.strip()
    return False


# ------------------------------------------------------------------------------------------------ string literals

_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class _SyntaxError(ValueError):
    """Go's strconv.ErrSyntax; its message is what Go prints."""

    def __init__(self) -> None:
        super().__init__("invalid syntax")


def _decode_one(text: str, i: int, quote: str) -> tuple[int, bool, int]:
    """Decode one character or escape at ``text[i]``: (value, is_byte, next index).

    ``is_byte`` marks ``\\x``/octal escapes, which in Go denote raw bytes rather than code points.
    """
    ch = text[i]
    if ch == quote and quote != "`":
        raise _SyntaxError
    if ch != "\\":
        return ord(ch), False, i + 1
    if i + 1 >= len(text):
        raise _SyntaxError
    esc = text[i + 1]
    if esc in _SIMPLE_ESCAPES:
        # A quote may only be escaped inside its own kind of literal: "\'" and '\"' are errors in Go.
        if esc in "'\"" and esc != quote:
            raise _SyntaxError
        return _SIMPLE_ESCAPES[esc], False, i + 2
    if esc in "xuU":
        width = {"x": 2, "u": 4, "U": 8}[esc]
        digits = text[i + 2 : i + 2 + width]
        if len(digits) != width or not set(digits) <= _HEX_DIGITS:
            raise _SyntaxError
        value = int(digits, 16)
        if esc == "x":
            return value, True, i + 2 + width
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise _SyntaxError
        return value, False, i + 2 + width
    if "0" <= esc <= "7":
        digits = text[i + 1 : i + 4]
        if len(digits) != 3 or not all("0" <= d <= "7" for d in digits):
            raise _SyntaxError
        value = int(digits, 8)
        if value > 255:
            raise _SyntaxError
        return value, True, i + 4
    raise _SyntaxError


def unquote(quoted: str) -> str:
    """Decode a Go string literal (``"..."`` or backquoted) as ``strconv.Unquote`` does.

    Byte escapes are assembled as bytes and the result decoded as UTF-8, so ``"\\xc3\\xa9"`` is ``é`` as in Go;
    bytes that are not valid UTF-8 survive as surrogate escapes. Raises ValueError("invalid syntax") on bad input.
    """
    if len(quoted) < 2 or quoted[0] != quoted[-1] or quoted[0] not in '"`':
        raise _SyntaxError
    body = quoted[1:-1]
    if quoted[0] == "`":
        if "`" in body:
            raise _SyntaxError
        # Go drops carriage returns from raw strings so CRLF sources behave like LF ones.
        return body.replace("\r", "")
    if "\n" in body:
        raise _SyntaxError
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
    """Decode a Go character constant such as ``'a'`` or ``'\\n'`` to its code point."""
    if len(quoted) < 3 or quoted[0] != "'":
        raise _SyntaxError
    value, _, end = _decode_one(quoted, 1, "'")
    if quoted[end:] != "'":
        raise ValueError(f"malformed character constant: {quoted}")
    return value


# ------------------------------------------------------------------------------------------------ number literals


def underscore_ok(text: str) -> bool:
    """Go's rule for ``_`` in literals (and strconv's with base 0): only between digits, or right after a base
    prefix."""
    if text[:1] in "+-":
        text = text[1:]
    saw = "^"  # ^ start, 0 digit or prefix, _ underscore, ! anything else
    i = 0
    hexa = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        i, saw, hexa = 2, "0", text[1] in "xX"
    for ch in text[i:]:
        if "0" <= ch <= "9" or (hexa and ch in _HEX_DIGITS):
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


def _parse_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, ...)`` without the range check: base prefixes, ``017`` octal, ``_``."""
    if "_" in text and not underscore_ok(text):
        return None
    sign = 1
    if text[:1] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    text = text.replace("_", "")
    base = 10
    if len(text) >= 2 and text[0] == "0":
        prefix = text[1].lower()
        base = {"x": 16, "o": 8, "b": 2}.get(prefix, 8)
        text = text[2:] if prefix in "xob" else text[1:]
    if not text or not text.isascii() or not text.isalnum():
        return None
    try:
        return sign * int(text, base)
    except ValueError:
        return None


_DECIMAL_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(r"([+-]?)0[xX]([0-9a-fA-F_]*\.?[0-9a-fA-F_]*)[pP]([+-]?[0-9_]+)")


def _parse_float(text: str) -> float | None:
    """Go's ``strconv.ParseFloat(text, 64)`` for the forms the lexer produces; None on syntax or range error."""
    if "_" in text and not underscore_ok(text):
        return None
    hex_match = _HEX_FLOAT.fullmatch(text)
    if hex_match:
        sign, mantissa, exponent = (g.replace("_", "") for g in hex_match.groups())
        if mantissa.strip(".") == "":
            return None
        value = float.fromhex(f"{sign}0x{mantissa}p{exponent}")
    elif _DECIMAL_FLOAT.fullmatch(text):
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            return None
    else:
        return None
    # Go reports a range error for overflow, which the parser treats as not-a-float.
    return None if math.isinf(value) else value


def _fits_int64(value: float) -> bool:
    return value.is_integer() and _INT64_MIN <= value <= _INT64_MAX


def _fits_uint64(value: float) -> bool:
    return value.is_integer() and 0 <= value <= _UINT64_MAX


def _set_complex(node: NumberNode, value: complex) -> None:
    """Record a complex value and, when its imaginary part is zero, its real interpretations (Go's simplifyComplex)."""
    node.is_complex = True
    node.complex_value = value
    if value.imag == 0:
        node.is_float = True
        node.float_value = value.real
        if _fits_int64(value.real):
            node.is_int, node.int_value = True, int(value.real)
        if _fits_uint64(value.real):
            node.is_uint, node.uint_value = True, int(value.real)


def _split_complex(text: str) -> tuple[str, str] | None:
    """Split ``1+2i`` into ``("1", "+2")``: the last sign not part of an exponent starts the imaginary part."""
    for i in range(len(text) - 1, 0, -1):
        if text[i] in "+-" and text[i - 1] not in "eEpP":
            return text[:i], text[i:-1]
    return None


def parse_number(text: str, kind: ItemType, pos: int = 0, line: int = 0) -> NumberNode:
    """Classify a NUMBER, COMPLEX or CHAR_CONSTANT item as Go's ``newNumber`` does.

    Raises ValueError with Go's message (``illegal number syntax: "x"``, ``integer overflow: "x"``, ...).
    """
    node = NumberNode(pos, line, text=text)
    if kind is ItemType.CHAR_CONSTANT:
        rune = unquote_char(text)
        node.is_int = node.is_uint = node.is_float = True
        node.int_value = node.uint_value = rune
        node.float_value = float(rune)
        return node
    if kind is ItemType.COMPLEX:
        parts = _split_complex(text) if text.endswith("i") else None
        real = _parse_float(parts[0]) if parts else None
        imag = _parse_float(parts[1]) if parts else None
        if real is None or imag is None:
            raise ValueError(f"illegal number syntax: {go_quote(text)}")
        _set_complex(node, complex(real, imag))
        return node
    if text.endswith("i"):
        imag = _parse_float(text[:-1])
        if imag is not None:
            _set_complex(node, complex(0, imag))
            return node
    value = _parse_int(text)
    if value is not None:
        if text[:1] not in "+-" and 0 <= value <= _UINT64_MAX:
            node.is_uint, node.uint_value = True, value
        if _INT64_MIN <= value <= _INT64_MAX:
            node.is_int, node.int_value = True, value
            if value == 0:
                node.is_uint, node.uint_value = True, 0  # so that -0 is also a uint
    if node.is_int or node.is_uint:
        node.is_float = True
        node.float_value = float(node.int_value if node.is_int else node.uint_value)
    else:
        fvalue = _parse_float(text)
        if fvalue is not None:
            # A float parse of something without float syntax means the integer was too big (or, like "08",
            # not a valid octal integer); Go reports both as overflow.
            if not any(c in text for c in ".eEpP"):
                raise ValueError(f"integer overflow: {go_quote(text)}")
            node.is_float, node.float_value = True, fvalue
            if _fits_int64(fvalue):
                node.is_int, node.int_value = True, int(fvalue)
            if _fits_uint64(fvalue):
                node.is_uint, node.uint_value = True, int(fvalue)
    if not (node.is_int or node.is_uint or node.is_float):
        raise ValueError(f"illegal number syntax: {go_quote(text)}")
    return node
