"""Parse-tree nodes for Go ``text/template``, named after Go's ``text/template/parse`` node types.

Every node carries ``pos`` (byte offset into the UTF-8 template text, as in Go) and ``line`` (1-based).
``str(node)`` re-prints the node as template source the way Go's ``Node.String()`` does; the executor quotes
that text in messages such as ``executing "t" at <.Values.a>``, so it must match Go's spelling exactly.

Number literals are classified here rather than in the parser because Go does the same (``newNumber``), on
top of ``chartgen.gostrconv``'s ParseUint/ParseInt/ParseFloat.
"""

from __future__ import annotations

import contextlib

from chartgen import gostrconv
from chartgen.gostrconv import (
    INT64_MAX,
    INT64_MIN,
    UINT64_MAX,
    NumError,
    parse_float,
    parse_int,
    parse_uint,
    unquote_char,
)
from chartgen.gotemplate.lex import ItemType

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
]


class Node:
    """Base of all nodes. Identity equality: two structurally equal nodes at different places are different.

    Plain classes with ``__slots__`` rather than dataclasses: building 25 dataclasses cost ~6 ms of every
    start-up that renders, and a parse tree needs nothing a dataclass adds beyond its ``__init__``.
    """

    __slots__ = ("pos", "line")

    def __init__(self, pos: int, line: int) -> None:
        self.pos = pos
        self.line = line

    def __repr__(self) -> str:
        names = [name for cls in reversed(type(self).__mro__) for name in getattr(cls, "__slots__", ())]
        return f"{type(self).__name__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos: int, line: int, nodes: list[Node] | None = None) -> None:
        self.pos, self.line = pos, line
        self.nodes = [] if nodes is None else nodes

    def append(self, node: Node) -> None:
        self.nodes.append(node)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, line: int, text: str = "") -> None:
        self.pos, self.line = pos, line
        self.text = text

    def __str__(self) -> str:
        return self.text


class CommentNode(Node):
    __slots__ = ("text",)  # the text includes the /* */ markers, as in Go

    def __init__(self, pos: int, line: int, text: str = "") -> None:
        self.pos, self.line = pos, line
        self.text = text

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


class IdentifierNode(Node):
    """A function name."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, line: int, ident: str = "") -> None:
        self.pos, self.line = pos, line
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class VariableNode(Node):
    """``$x`` or ``$x.a.b``; ``ident`` is ``["$x", "a", "b"]`` as in Go."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, line: int, ident: list[str] | None = None) -> None:
        self.pos, self.line = pos, line
        self.ident = [] if ident is None else ident

    def __str__(self) -> str:
        return ".".join(self.ident)


class DotNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(Node):
    """``.a.b``; ``ident`` is ``["a", "b"]`` (no dots), as in Go."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, line: int, ident: list[str] | None = None) -> None:
        self.pos, self.line = pos, line
        self.ident = [] if ident is None else ident

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


class ChainNode(Node):
    """A term followed by fields, where the term is not itself a field or variable: ``(pipe).a.b``."""

    __slots__ = ("node", "fields")  # fields: Go's ChainNode.Field

    def __init__(self, pos: int, line: int, node: Node | None = None, fields: list[str] | None = None) -> None:
        self.pos, self.line = pos, line
        self.node = node
        self.fields = [] if fields is None else fields

    def add(self, name: str) -> None:
        # Lexed field items keep their leading dot; the chain stores bare names like Go's ChainNode.Add.
        self.fields.append(name[1:] if name.startswith(".") else name)

    def __str__(self) -> str:
        text = str(self.node)
        if isinstance(self.node, PipeNode):
            text = "(" + text + ")"
        return text + "".join("." + name for name in self.fields)


class BoolNode(Node):
    __slots__ = ("value",)

    def __init__(self, pos: int, line: int, value: bool = False) -> None:
        self.pos, self.line = pos, line
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


class NumberNode(Node):
    """A numeric literal with every Go interpretation that fits, like Go's untyped constants.

    ``2.0`` is both float and int; ``'a'`` is int, uint and float; ``9223372036854775808`` is uint and float only,
    which is why using it as an int fails at execution time rather than here.
    """

    __slots__ = (
        "text",
        "is_int",
        "is_uint",
        "is_float",
        "is_complex",
        "int_value",
        "uint_value",
        "float_value",
        "complex_value",
    )

    def __init__(
        self,
        pos: int,
        line: int,
        text: str = "",
        is_int: bool = False,
        is_uint: bool = False,
        is_float: bool = False,
        is_complex: bool = False,
        int_value: int = 0,
        uint_value: int = 0,
        float_value: float = 0.0,
        complex_value: complex = 0j,
    ) -> None:
        self.pos, self.line = pos, line
        self.text = text
        self.is_int, self.is_uint, self.is_float, self.is_complex = is_int, is_uint, is_float, is_complex
        self.int_value, self.uint_value = int_value, uint_value
        self.float_value, self.complex_value = float_value, complex_value

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")  # quoted: the source text, quotes included; text: the decoded value

    def __init__(self, pos: int, line: int, quoted: str = "", text: str = "") -> None:
        self.pos, self.line = pos, line
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class CommandNode(Node):
    __slots__ = ("args",)

    def __init__(self, pos: int, line: int, args: list[Node] | None = None) -> None:
        self.pos, self.line = pos, line
        self.args = [] if args is None else args

    def append(self, arg: Node) -> None:
        self.args.append(arg)

    def __str__(self) -> str:
        # A parenthesised pipeline argument is a bare PipeNode in the tree; the parentheses exist only in print.
        return " ".join(f"({arg})" if isinstance(arg, PipeNode) else str(arg) for arg in self.args)


class PipeNode(Node):
    __slots__ = ("is_assign", "decl", "cmds")

    def __init__(
        self,
        pos: int,
        line: int,
        is_assign: bool = False,
        decl: list[VariableNode] | None = None,
        cmds: list[CommandNode] | None = None,
    ) -> None:
        self.pos, self.line = pos, line
        self.is_assign = is_assign
        self.decl = [] if decl is None else decl
        self.cmds = [] if cmds is None else cmds

    def append(self, command: CommandNode) -> None:
        self.cmds.append(command)

    def __str__(self) -> str:
        head = ""
        if self.decl:
            head = ", ".join(str(v) for v in self.decl) + (" = " if self.is_assign else " := ")
        return head + " | ".join(str(c) for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("pipe",)

    def __init__(self, pos: int, line: int, pipe: PipeNode | None = None) -> None:
        self.pos, self.line = pos, line
        self.pipe = pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


class _BranchNode(Node):
    """Shared shape of if/range/with, as Go's BranchNode."""

    __slots__ = ("pipe", "list", "else_list")

    keyword = ""

    def __init__(
        self,
        pos: int,
        line: int,
        pipe: PipeNode | None = None,
        list: ListNode | None = None,  # noqa: A002 - Go's field name
        else_list: ListNode | None = None,
    ) -> None:
        self.pos, self.line = pos, line
        self.pipe = pipe
        self.list = list
        self.else_list = else_list

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            text += "{{else}}" + str(self.else_list)
        return text + "{{end}}"


class IfNode(_BranchNode):
    __slots__ = ()
    keyword = "if"


class RangeNode(_BranchNode):
    __slots__ = ()
    keyword = "range"


class WithNode(_BranchNode):
    __slots__ = ()
    keyword = "with"


class BreakNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("name", "pipe")

    def __init__(self, pos: int, line: int, name: str = "", pipe: PipeNode | None = None) -> None:
        self.pos, self.line = pos, line
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + gostrconv.quote(self.name) + "}}"
        return "{{template " + gostrconv.quote(self.name) + " " + str(self.pipe) + "}}"


class EndNode(Node):
    """Transient: marks ``{{end}}`` while parsing; never stored in a finished tree."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    """Transient: marks ``{{else}}`` while parsing; never stored in a finished tree."""

    __slots__ = ()

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


# ------------------------------------------------------------------------------------------------ number literals


def _float_or_none(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)`` where newNumber only asks whether it succeeded (a range error fails)."""
    try:
        return parse_float(text)
    except NumError:
        return None


def _fits_int64(value: float) -> bool:
    return value.is_integer() and INT64_MIN <= value <= INT64_MAX


def _fits_uint64(value: float) -> bool:
    return value.is_integer() and 0 <= value <= UINT64_MAX


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
        real = _float_or_none(parts[0]) if parts else None
        imag = _float_or_none(parts[1]) if parts else None
        if real is None or imag is None:
            raise ValueError(f"illegal number syntax: {gostrconv.quote(text)}")
        _set_complex(node, complex(real, imag))
        return node
    if text.endswith("i"):
        imag = _float_or_none(text[:-1])
        if imag is not None:
            _set_complex(node, complex(0, imag))
            return node
    # Go tries ParseUint first (it fails for a sign), then ParseInt; -0 is a uint too.
    with contextlib.suppress(NumError):
        node.uint_value, node.is_uint = parse_uint(text), True
    try:
        node.int_value, node.is_int = parse_int(text), True
    except NumError:
        pass
    else:
        if node.int_value == 0:
            node.is_uint, node.uint_value = True, 0
    if node.is_int or node.is_uint:
        node.is_float = True
        node.float_value = float(node.int_value if node.is_int else node.uint_value)
    else:
        fvalue = _float_or_none(text)
        if fvalue is not None:
            # A float parse of something without float syntax means the integer was too big (or, like "08",
            # not a valid octal integer); Go reports both as overflow.
            if not any(c in text for c in ".eEpP"):
                raise ValueError(f"integer overflow: {gostrconv.quote(text)}")
            node.is_float, node.float_value = True, fvalue
            if _fits_int64(fvalue):
                node.is_int, node.int_value = True, int(fvalue)
            if _fits_uint64(fvalue):
                node.is_uint, node.uint_value = True, int(fvalue)
    if not (node.is_int or node.is_uint or node.is_float):
        raise ValueError(f"illegal number syntax: {gostrconv.quote(text)}")
    return node
