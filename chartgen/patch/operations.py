"""The overlay operations that change a template in place: append, merge, set, wrap and remove.

Each finds its places with :mod:`chartgen.patch.address`, must match exactly ``expect`` of them, and splices
text guarded by ``{{- if <when> }}`` so the patched chart still renders the stock output with the guard off.
Every refusal names the template line it could not work on.
"""

from __future__ import annotations

from chartgen.errors import Location, PatchMatchError
from chartgen.patch.address import Address, Place, find_places
from chartgen.patch.insert import apply as append_items
from chartgen.patch.insert import check_not_present
from chartgen.patch.outline import Block, Outline, key_of
from chartgen.records import record

KINDS = ("append", "merge", "set", "wrap", "remove")


@record(frozen=True)
class Operation:
    """One step of an overlay's ``operations`` (see ``schemas/overlay.schema.json``)."""

    id: str
    op: str
    target: Address
    expect: int
    when: str | None = None
    snippet: str | None = None  # append: sequence items; merge: mapping entries (both at column 0)
    value: str | None = None  # set: the scalar, written as it is
    match: tuple[str, str] | None = None  # wrap, remove: the sequence item whose key has this value
    on_conflict: str | None = None  # merge: keep | replace; absent, an existing key is refused
    refuse_if_present: str | None = None  # append: a regular expression marking the chart as patched already
    line: int | None = None  # of the operation in overlay.yaml

    @property
    def field(self) -> str:  # what insert.apply names the sequence it appends to
        return self.target.field

    def describe(self) -> str:
        text = self.target.describe()
        return text + (f"[{self.match[0]}={self.match[1]}]" if self.match else "")


def find(templates: dict[str, str], operation: Operation) -> tuple[list[Place], list[str]]:
    """The places ``operation`` applies to. Append, merge and set may create their key; wrap and remove need it
    (with ``match``: the items of the sequence whose ``match`` key has the value)."""
    places, misses = find_places(templates, operation.target)
    if operation.op in ("append", "merge", "set"):
        return places, misses
    found = []
    for place in places:
        if place.field_line is None:
            misses.append(f"{place.path}: no {operation.target.describe()}")
            continue
        if operation.match is None:
            found.append(place)
            continue
        ol = Outline(templates[place.path])
        key, value = operation.match
        for item in ol.items(ol.key_block(place.field_line)):
            if ol.item_value(item, key) == value:
                found.append(Place(place.path, place.parent, item, place.seq_offset, place.top, item=True))
    return found, misses


def check(text: str, place: Place, operation: Operation) -> None:
    """Refusals that need only the unchanged template, raised before anything is applied."""
    if operation.op == "append" and operation.refuse_if_present:
        check_not_present({place.path: text}, operation, place)  # type: ignore[arg-type]


def apply(text: str, place: Place, operation: Operation, rendered: str) -> str:
    """``text`` with ``operation`` applied at ``place``; ``rendered`` is its snippet or value, parameters filled."""
    ol = Outline(text)
    if operation.op == "append" and place.top and place.field_line is None:
        body = [f"{operation.field}:", *_indent(rendered.rstrip("\n").split("\n"), place.seq_offset)]
        return _join(ol, [(ol.insertion_point(place.parent), 1, _guard(operation.when, 0, body))])
    if operation.op == "append":
        return append_items(text, place, operation, rendered)  # type: ignore[arg-type]
    if operation.op == "merge":
        return _merge(ol, place, operation, rendered)
    if operation.op == "set":
        return _set(ol, place, operation, rendered)
    negate = operation.op == "remove"
    if negate and operation.when is None:
        start, end = _extent(ol, place)
        return _join(ol, [], delete=(start, end))
    when = f"not ({operation.when})" if negate else operation.when
    return _wrap(ol, place, operation, str(when))


def _guard(when: str | None, column: int, body: list[str]) -> list[str]:
    if when is None:
        return body
    pad = " " * column
    return [pad + "{{- if " + when + " }}", *body, pad + "{{- end }}"]


def _indent(lines: list[str], by: int) -> list[str]:
    return [(" " * by + ln) if ln.strip() else "" for ln in lines]


def _where(ol: Outline, place: Place, line: int | None = None) -> Location:
    index = place.field_line if line is None else line
    return Location(place.path, ol.lines[index].number if index is not None else ol.lines[place.parent.start].number)


def _child_column(ol: Outline, place: Place) -> int:
    """The column of the keys directly inside the addressed key's parent."""
    first = ol.lines[place.parent.start]
    if place.top:
        return 0
    if first.is_item:
        return place.parent.column
    column = ol.child_column(place.parent)
    return column if column is not None else first.indent + 2


def _creation_point(ol: Outline, parent: Block) -> int:
    """Where a key created in ``parent`` goes: after the containers of a pod spec (the tail of a pod spec is often
    a chain of trimming conditionals), else at the end of ``parent``."""
    first = ol.lines[parent.start]
    containers = None if first.is_item else ol.child_key(parent, "containers")
    return ol.insertion_point(ol.key_block(containers) if containers is not None else parent)


def _entries(snippet: str, operation: Operation) -> list[tuple[str, list[str]]]:
    """The top-level entries of a merge snippet: (key, its lines)."""
    lines = snippet.rstrip("\n").split("\n")
    entries: list[tuple[str, list[str]]] = []
    for line in lines:
        if line and not line[0].isspace():
            kv = key_of(line)
            if kv is None or line.startswith("- "):
                raise PatchMatchError(
                    f"operation {operation.id!r}: its snippet must be mapping entries at column 0, not {line!r}"
                )
            entries.append((kv[0], [line]))
        elif entries:
            entries[-1][1].append(line)
        elif line.strip():
            raise PatchMatchError(f"operation {operation.id!r}: its snippet must start with a key at column 0")
    if not entries:
        raise PatchMatchError(f"operation {operation.id!r}: its snippet has no mapping entries")
    return entries


def _merge(ol: Outline, place: Place, operation: Operation, snippet: str) -> str:
    entries = _entries(snippet, operation)
    if place.field_line is None:
        column = _child_column(ol, place)
        body = [" " * column + f"{operation.field}:", *_indent([x for _, ls in entries for x in ls], column + 2)]
        return _join(ol, [(_creation_point(ol, place.parent), 1, _guard(operation.when, column, body))])
    inline = ol.inline_value(place.field_line)
    if inline and not inline.startswith("#"):
        raise PatchMatchError(
            f"{operation.describe()} is written as {inline!r}, not a block mapping; "
            f"operation {operation.id!r} cannot merge keys into it",
            _where(ol, place),
        )
    block = ol.key_block(place.field_line)
    content = [i for i in range(block.start + 1, block.end) if ol.lines[i].kind == "content"]
    if content and ol.lines[content[0]].is_item:
        raise PatchMatchError(
            f"{operation.describe()} is a sequence; operation {operation.id!r} merges into mappings",
            _where(ol, place),
        )
    column = ol.lines[content[0]].indent if content else block.column + 2
    existing = {}
    for i in content:
        kv = key_of(ol.lines[i].body)
        if ol.lines[i].indent == column and kv:
            existing[kv[0]] = i
    splices: list[tuple[int, int, list[str] | None]] = []
    kept = []
    for key, lines in entries:
        if key not in existing:
            kept.append(lines)
            continue
        if operation.on_conflict is None:
            raise PatchMatchError(
                f"{operation.describe()} already has key {key!r}, which operation {operation.id!r} would add; "
                "say on_conflict: keep or replace to combine them",
                _where(ol, place, existing[key]),
            )
        if operation.on_conflict == "replace":
            line = existing[key]
            pad = " " * column
            splices.append((line, 0, [pad + "{{- if not (" + str(operation.when) + ") }}"]))
            splices.append((ol.insertion_point(ol.key_block(line)), 0, [pad + "{{- end }}"]))
            kept.append(lines)
    if kept:
        body = _indent([x for ls in kept for x in ls], column)
        splices.append((ol.insertion_point(block), 1, _guard(operation.when, column, body)))
    return _join(ol, splices)


def _set(ol: Outline, place: Place, operation: Operation, value: str) -> str:
    if "\n" in value.strip("\n"):
        raise PatchMatchError(f"operation {operation.id!r}: set writes a one-line scalar", _where(ol, place))
    value = value.strip("\n")
    if place.field_line is None:
        column = _child_column(ol, place)
        body = [" " * column + f"{operation.field}: {value}"]
        return _join(ol, [(_creation_point(ol, place.parent), 1, _guard(operation.when, column, body))])
    line = ol.lines[place.field_line]
    inline = ol.inline_value(place.field_line)
    block = ol.key_block(place.field_line)
    nested = any(ol.lines[i].kind == "content" for i in range(block.start + 1, block.end))
    if line.is_item or not inline or inline.startswith(("#", "|", ">")) or nested:
        raise PatchMatchError(
            f"{operation.describe()} is not a one-line scalar written as 'key: value' on its own line; "
            f"operation {operation.id!r} cannot set it",
            _where(ol, place),
        )
    new = " " * line.indent + f"{operation.field}: {value}"
    if operation.when is None:
        return _join(ol, [(place.field_line, 0, [new])], delete=(place.field_line, place.field_line + 1))
    pad = " " * line.indent
    guarded = [pad + "{{- if " + operation.when + " }}", new, pad + "{{- else }}", line.text, pad + "{{- end }}"]
    return _join(ol, [(place.field_line, 0, guarded)], delete=(place.field_line, place.field_line + 1))


def _extent(ol: Outline, place: Place) -> tuple[int, int]:
    index = place.field_line
    assert index is not None  # find() keeps only places whose key exists for wrap and remove
    block = ol.item_block(index) if place.item else ol.key_block(index)
    return index, ol.insertion_point(block)


def _wrap(ol: Outline, place: Place, operation: Operation, when: str) -> str:
    start, end = _extent(ol, place)
    line = ol.lines[start]
    if line.is_item and not place.item:
        raise PatchMatchError(
            f"{operation.describe()} is written on a sequence item's line; operation {operation.id!r} "
            "cannot wrap it alone",
            _where(ol, place),
        )
    pad = " " * line.indent
    return _join(ol, [(start, 0, [pad + "{{- if " + when + " }}"]), (end, 0, [pad + "{{- end }}"])])


def _join(ol: Outline, splices: list[tuple[int, int, list[str] | None]], delete: tuple[int, int] | None = None) -> str:
    """The outline's text with lines inserted at indexes (later ``order`` first at one index) and, optionally,
    the lines ``delete`` (start, end) removed."""
    lines: list[str | None] = [ln.text for ln in ol.lines]
    if delete is not None:
        for i in range(*delete):
            lines[i] = None
    for index, _order, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        if new:
            lines[index:index] = new
    return "\n".join(x for x in lines if x is not None)


__all__ = ["KINDS", "Operation", "apply", "check", "find"]
