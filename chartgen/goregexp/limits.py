"""The size of a pattern, measured the way Go's parser measures it to enforce its limits, and the way RE2 will
pay for it.

Go refuses a pattern whose parse tree is more than 1000 deep ("expression nests too deeply"), whose program would
exceed 128 MiB of instructions or whose nodes hold more than 128 MiB of runes ("expression too large"), and whose
nested repeat counts multiply past 1000 ("invalid repeat count"). :class:`Node` carries what those checks need,
built up as the parser goes, with Go's shapes: a run of literal characters is one node, single characters and
classes in an alternation merge into one class, concatenations and alternations flatten into their parents.

``cost`` estimates RE2's program instead. A Unicode class is one instruction to Go but a UTF-8 automaton of up to
two instructions per code point range to RE2 (``\\pL`` is about 1200), so a pattern well inside Go's limits can
still need gigabytes in RE2. Over :data:`MAX_COST` instructions, or :data:`MAX_NODES` elements in RE2's own parse
tree, the pattern is refused as too large before RE2 sees it.

Two things of Go's are approximated rather than reproduced, both only near the limits: its factoring of common
prefixes out of alternations, and its size cache, which keeps the size a literal run had when first measured.
"""

from __future__ import annotations

from chartgen.records import record

__all__ = [
    "MAX_COST",
    "MAX_NODES",
    "MAX_HEIGHT",
    "MAX_REPEAT",
    "MAX_RUNES",
    "MAX_SIZE",
    "Node",
    "alternate",
    "capture",
    "concat",
    "flatten",
    "leaf",
    "repeated",
]

MAX_REPEAT = 1000
MAX_HEIGHT = 1000
# Go's maxSize: 128 MiB of compiled instructions, 40 bytes each; maxRunes: 128 MiB of runes, 4 bytes each.
MAX_SIZE = (128 << 20) // 40
MAX_RUNES = (128 << 20) // 4
# RE2 instructions: a little over the largest program of literals Go accepts, which RE2 compiles in ~250 MiB.
MAX_COST = 3_500_000
# RE2 parse-tree nodes: RE2 walks its tree within a budget of a million visits and floods the error log past it.
MAX_NODES = 500_000


# A fixed string built up without copying: a str, ("+", left, right) or ("*", text, count).
Text = str | tuple


@record
class Node:
    """One node of Go's parse tree, as far as the limits see it.

    ``size`` is Go's instruction count, ``cost`` RE2's (estimated), ``need`` the repeat budget Go's
    ``repeatIsValid`` needs for it. For a literal run, ``tail`` is the length of the part pushed last: what a
    repetition operator takes (one character, or the literal content of a group).
    """

    size: int
    height: int
    cost: int
    need: int = 0
    literal: bool = False
    tail: int = 1
    inner: int | None = None  # a concatenation: the height of its tallest member
    alternatives: Alternatives | None = None  # an alternation: its branches, summed up
    char: bool = False  # one character, a class or ``.``: alternatives of these merge into one class
    text: Text | None = None  # what it matches when that is one fixed string (no case folding)
    head: Text | None = None  # a literal run's text before the part pushed last (its ``tail``)...
    tail_text: Text | None = None  # ... and that part

    def one_char(self) -> bool:
        return self.char or (self.literal and self.size == 1)


def leaf(*, cost: int = 1, char: bool = False) -> Node:
    return Node(1, 1, cost, char=char)


def concat(items: list[Node]) -> Node:
    if not items:
        return leaf()  # Go's OpEmptyMatch
    if len(items) == 1:
        return items[0]
    inner = max(item.inner if item.inner is not None else item.height for item in items)
    size = sum(i.size for i in items)
    text: Text | None = items[0].text
    for item in items[1:]:
        text = ("+", text, item.text) if text is not None and item.text is not None else None
    return Node(size, 1 + inner, sum(i.cost for i in items), max(i.need for i in items), inner=inner, text=text)


@record(frozen=True)
class Alternatives:
    """The branches of an alternation, summed up so that a nested alternation flattens into its parent in
    constant time (Go copies them; a pattern nested thousands deep would make that quadratic here)."""

    count: int
    size: int
    cost: int
    height: int
    need: int
    first_char: bool
    last_char: bool
    only: Node | None = None  # the branch itself, while there is just one

    @staticmethod
    def of(node: Node) -> Alternatives:
        if node.alternatives is not None:
            return node.alternatives
        one = node.one_char()
        return Alternatives(1, node.size, node.cost, node.height, node.need, one, one, node)

    def then(self, other: Alternatives) -> Alternatives:
        if self.last_char and other.first_char:
            # Go merges a|b|[cd] into one class (and RE2 builds one), of about the ranges of both
            count, size, cost = self.count + other.count - 1, self.size + other.size - 1, self.cost + other.cost - 1
            only = leaf(cost=cost, char=True) if count == 1 else None
        else:
            count, size, cost, only = self.count + other.count, self.size + other.size, self.cost + other.cost, None
        height, need = max(self.height, other.height), max(self.need, other.need)
        return Alternatives(count, size, cost, height, need, self.first_char, other.last_char, only)


def alternate(branches: list[Node]) -> Node:
    total = Alternatives.of(branches[0])
    for branch in branches[1:]:
        total = total.then(Alternatives.of(branch))
    if total.only is not None:
        return total.only
    extra = total.count - 1
    return Node(total.size + extra, 1 + total.height, total.cost + extra, total.need, alternatives=total)


def capture(content: Node) -> Node:
    return Node(2 + content.size, 1 + content.height, 2 + content.cost, content.need)


def _grown(size: int, op: str, low: int, high: int) -> int:
    """Go's ``calcSize`` of a repetition of something of ``size``."""
    if op == "*":
        return 2 + size
    if op in "+?":
        return 1 + size
    if high == -1:
        return 2 + size if low == 0 else 1 + low * size
    return max(1, high * size + (high - low))


def repeated(sub: Node, op: str, low: int = 0, high: int = 0) -> Node:
    """``sub`` under ``*``, ``+``, ``?`` or ``{low,high}`` (``op`` "{", ``high`` -1 when open)."""
    need = sub.need
    if op == "{":
        count = high if high != -1 else low
        need = 0 if count == 0 else count * max(1, sub.need)
    size, cost = _grown(sub.size, op, low, high), _grown(sub.cost, op, low, high)
    text = ("*", sub.text, low) if op == "{" and low == high and sub.text is not None else None
    return Node(size, 1 + sub.height, cost, need, text=text)


def flatten(text: Text) -> str:
    """The string a :data:`Text` stands for (without recursion: a text can be nested thousands deep)."""
    out: list[str] = []
    stack = [text]
    while stack:
        part = stack.pop()
        if isinstance(part, str):
            out.append(part)
        elif part[0] == "+":
            stack += [part[2], part[1]]
        else:
            stack += [part[1]] * part[2]
    return "".join(out)
