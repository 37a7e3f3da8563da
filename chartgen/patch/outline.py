"""A line-oriented outline of a Go-templated YAML file, enough to find blocks by their YAML structure.

Helm templates are not YAML until rendered, so they cannot be parsed as YAML. They are, however, written as
YAML with actions sprinkled in, and their indentation carries the structure. This module classifies each line
(content, action-only, comment, blank), tracks the nesting of ``if``/``range``/``with``/``define`` actions, and
finds keys, sequence items and the extent of blocks, which is what the overlay engine needs to say "the
``args`` of container ``operator`` in the Deployment's pod template" without a line number.
"""

from __future__ import annotations

import re

from chartgen.records import record

_ACTION = re.compile(r"\{\{.*?\}\}", re.S)
_OPENER = re.compile(r"\{\{-?\s*(if|range|with|define|block)\b")
_CLOSER = re.compile(r"\{\{-?\s*end\b")
# Actions that only steer rendering; any other action on a line of its own prints text into the document.
_CONTROL = re.compile(
    r"^\{\{-?\s*(?:if\b|else\b|end\b|range\b|with\b|define\b|block\b|break\b|continue\b|/\*|\$\w*\s*:?=)"
)
_KEY = re.compile(r"""^(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_.\-/]+)\s*:(?:\s+(?P<value>.*))?$""")


@record(frozen=True)
class Line:
    number: int  # 1-based
    text: str  # without the line ending
    indent: int
    kind: str  # "content", "action", "comment", "blank"
    depth_change: int  # opened minus closed template blocks on this line
    emits: bool = False  # an action-only line that prints text (e.g. "{{ toYaml .Values.x | indent 8 }}")

    @property
    def body(self) -> str:
        return self.text[self.indent :]

    @property
    def is_item(self) -> bool:
        return self.kind == "content" and (self.body == "-" or self.body.startswith("- "))


def _classify(number: int, text: str) -> Line:
    stripped = text.strip()
    indent = len(text) - len(text.lstrip(" "))
    change = len(_OPENER.findall(text)) - len(_CLOSER.findall(text))
    if not stripped:
        return Line(number, text, indent, "blank", 0)
    if stripped.startswith("#"):
        return Line(number, text, indent, "comment", 0)
    if stripped.startswith("{{") and not _ACTION.sub("", stripped).strip():
        emits = any(not _CONTROL.match(action) for action in _ACTION.findall(stripped))
        return Line(number, text, indent, "action", change, emits)
    return Line(number, text, indent, "content", change)


def outline(text: str) -> list[Line]:
    return [_classify(i, t) for i, t in enumerate(text.split("\n"), start=1)]


def unquote(token: str) -> str:
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        return token[1:-1]
    return token


def key_of(text: str) -> tuple[str, str] | None:
    """(key, inline value) of a ``key: value`` text, or None when the text is not a mapping entry."""
    m = _KEY.match(text)
    if not m:
        return None
    return unquote(m.group("key")), (m.group("value") or "").strip()


@record(frozen=True)
class Block:
    """Lines ``start`` (the key or item line) up to ``end`` (exclusive), as indexes into the outline."""

    start: int
    end: int
    column: int  # the column where this block's own keys sit


class Outline:
    def __init__(self, text: str) -> None:
        self.lines = outline(text)

    # -- documents ------------------------------------------------------------------------------------
    def documents(self) -> list[Block]:
        starts = [0] + [i + 1 for i, ln in enumerate(self.lines) if ln.text.rstrip() == "---"]
        ends = [s - 1 for s in starts[1:]] + [len(self.lines)]
        return [Block(s, e, 0) for s, e in zip(starts, ends, strict=True)]

    def top_level_value(self, doc: Block, key: str) -> str | None:
        for i in range(doc.start, doc.end):
            ln = self.lines[i]
            if ln.kind == "content" and ln.indent == 0:
                kv = key_of(ln.body)
                if kv and kv[0] == key:
                    return unquote(kv[1])
        return None

    def descend(self, doc: Block, keys: tuple[str, ...]) -> Block | None:
        """The block of the mapping at ``keys`` (a path of keys from the top level of ``doc``), or None."""
        index = None
        for i in range(doc.start, doc.end):
            ln = self.lines[i]
            if ln.kind == "content" and ln.indent == 0 and (kv := key_of(ln.body)) and kv[0] == keys[0]:
                index = i
                break
        if index is None:
            return None
        block = self.key_block(index)
        for key in keys[1:]:
            index = self.child_key(block, key)
            if index is None:
                return None
            block = self.key_block(index)
        return block

    # -- blocks ---------------------------------------------------------------------------------------
    def key_block(self, index: int) -> Block:
        """The block of the mapping key on line ``index``: its value's lines, including a compact sequence."""
        ln = self.lines[index]
        column = ln.indent
        if ln.is_item:
            # "- key: value": the key sits after the dash.
            column = ln.indent + len(ln.body) - len(ln.body[1:].lstrip(" "))
        end = index + 1
        while end < len(self.lines):
            nxt = self.lines[end]
            if nxt.kind == "content":
                if nxt.indent < column or (nxt.indent == column and not nxt.is_item):
                    break
                if ln.is_item and nxt.indent <= ln.indent:
                    break
            end += 1
        return Block(index, end, column)

    def item_block(self, index: int) -> Block:
        """The block of the sequence item on line ``index`` (``- ...``)."""
        ln = self.lines[index]
        after_dash = ln.body[1:]
        column = ln.indent + 1 + (len(after_dash) - len(after_dash.lstrip(" ")))
        end = index + 1
        while end < len(self.lines):
            nxt = self.lines[end]
            if nxt.kind == "content" and nxt.indent <= ln.indent:
                break
            end += 1
        return Block(index, end, column)

    def child_key(self, block: Block, key: str) -> int | None:
        """Index of ``key`` among the direct mapping entries of ``block`` (None if absent)."""
        first = self.lines[block.start]
        if first.is_item:
            kv = key_of(first.body[1:].strip())
            if kv and kv[0] == key:
                return block.start
            column = block.column
        else:
            column = self.child_column(block)
            if column is None:
                return None
        for i in range(block.start + 1, block.end):
            ln = self.lines[i]
            if ln.kind == "content" and ln.indent == column and not ln.is_item:
                kv = key_of(ln.body)
                if kv and kv[0] == key:
                    return i
        return None

    def child_column(self, block: Block) -> int | None:
        for i in range(block.start + 1, block.end):
            ln = self.lines[i]
            if ln.kind == "content":
                return ln.indent
        return None

    def items(self, block: Block) -> list[int]:
        """Indexes of the sequence items directly inside the key block ``block``."""
        column = None
        found = []
        for i in range(block.start + 1, block.end):
            ln = self.lines[i]
            if ln.kind != "content":
                continue
            if column is None:
                if not ln.is_item:
                    return []
                column = ln.indent
            if ln.indent == column and ln.is_item:
                found.append(i)
        return found

    def item_value(self, item: int, key: str) -> str | None:
        idx = self.child_key(self.item_block(item), key)
        if idx is None:
            return None
        ln = self.lines[idx]
        text = ln.body[1:].strip() if ln.is_item else ln.body
        kv = key_of(text)
        return unquote(kv[1]) if kv else None

    def inline_value(self, index: int) -> str:
        ln = self.lines[index]
        text = ln.body[1:].strip() if ln.is_item else ln.body
        kv = key_of(text)
        return kv[1] if kv else ""

    def insertion_point(self, block: Block) -> int:
        """Where to add lines at the end of ``block``: after its last content line and after any ``end``
        actions needed to close template blocks opened inside it, but before actions that open what follows."""
        depth = 0
        last = block.start
        depth_at_last = 0
        for i in range(block.start + 1, block.end):
            ln = self.lines[i]
            depth += ln.depth_change
            # A printing action belongs to the key above it (its value), so nothing may be put between them.
            if ln.kind == "content" or ln.emits:
                last = i
                depth_at_last = depth
        point = last + 1
        depth = depth_at_last
        while depth > 0 and point < block.end:
            ln = self.lines[point]
            if ln.kind == "action":
                depth += ln.depth_change
            point += 1
        return point
