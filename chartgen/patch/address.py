"""Finding the place an overlay operation addresses: a path of keys in the documents of one kind, from the top of
the document, from the pod spec of a workload, or from a container or init container named in it.

A workload's pod spec sits at a path that depends on its kind (CronJob's is inside its job template, a bare Pod's
is its ``spec``); operations name the kind and the scope, and this module knows the rest.
"""

from __future__ import annotations

from chartgen.patch.outline import Block, Outline, key_of
from chartgen.records import record

# Where each workload kind keeps the spec of the pods it runs.
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "Pod": ("spec",),
}
CONTAINER_LISTS = {"container": "containers", "initContainer": "initContainers"}


@record(frozen=True)
class Address:
    """``path`` (keys) inside every document of ``kind``, counted from ``scope``: ``document`` (its top level),
    ``pod`` (the workload's pod spec) or ``container``/``initContainer`` (the one named ``container``)."""

    kind: str
    path: tuple[str, ...]
    scope: str = "document"
    container: str | None = None

    @property
    def field(self) -> str:
        return self.path[-1]

    def describe(self) -> str:
        where = {"document": "", "pod": " pod spec,"}.get(self.scope, f" {self.scope} {self.container!r},")
        return f"{self.kind}{where} {'.'.join(self.path)}"


@record(frozen=True)
class Place:
    """One match: the template, the block holding the addressed key, the key's line (None: the key is missing)
    and how far the file indents sequence items under their key."""

    path: str
    parent: Block
    field_line: int | None
    seq_offset: int
    top: bool = False  # ``parent`` is the document itself
    item: bool = False  # ``field_line`` is a sequence item matched inside the addressed sequence


def find_places(templates: dict[str, str], address: Address) -> tuple[list[Place], list[str]]:
    """Every place ``address`` matches in ``templates`` and, for error messages, notes on near misses. The last
    key may be missing (an operation can create it); a missing key above it is a miss."""
    places: list[Place] = []
    misses: list[str] = []
    for path in sorted(templates):
        ol = Outline(templates[path])
        for doc in ol.documents():
            if ol.top_level_value(doc, "kind") != address.kind:
                continue
            for base in _bases(ol, doc, address, path, misses):
                place = _walk(ol, doc, base, address, path, misses)
                if place is not None:
                    places.append(place)
    return places, misses


def _bases(ol: Outline, doc: Block, address: Address, path: str, misses: list[str]) -> list[Block | None]:
    """The blocks ``address.path`` starts from (None: the document's top level)."""
    if address.scope == "document":
        return [None]
    pod = ol.descend(doc, POD_SPEC_PATHS[address.kind])
    if pod is None:
        misses.append(f"{path}: {address.kind} without {'.'.join(POD_SPEC_PATHS[address.kind])}")
        return []
    if address.scope == "pod":
        return [pod]
    list_key = CONTAINER_LISTS[address.scope]
    line = ol.child_key(pod, list_key)
    if line is None:
        misses.append(f"{path}:{ol.lines[pod.start].number}: {address.kind} pod spec has no {list_key}")
        return []
    names, found = [], []
    for item in ol.items(ol.key_block(line)):
        name = ol.item_value(item, "name")
        names.append(str(name))
        if name == address.container:
            found.append(ol.item_block(item))
    if not found:
        where = f"{path}:{ol.lines[line].number}"
        found_names = ", ".join(names)
        misses.append(f"{where}: {address.kind} has no {address.scope} {address.container!r} (found: {found_names})")
    return found


def top_level_key(ol: Outline, doc: Block, key: str) -> int | None:
    for i in range(doc.start, doc.end):
        ln = ol.lines[i]
        if ln.kind == "content" and ln.indent == 0 and (kv := key_of(ln.body)) and kv[0] == key:
            return i
    return None


def _walk(ol: Outline, doc: Block, base: Block | None, address: Address, path: str, misses: list[str]) -> Place | None:
    block = base
    for depth, key in enumerate(address.path):
        line = top_level_key(ol, doc, key) if block is None else ol.child_key(block, key)
        if depth == len(address.path) - 1:
            parent = block if block is not None else doc
            return Place(path, parent, line, _sequence_offset(ol, parent), top=block is None)
        if line is None:
            misses.append(f"{path}: {address.kind} has no {'.'.join(address.path[: depth + 1])}")
            return None
        block = ol.key_block(line)
    return None


def _sequence_offset(ol: Outline, block: Block) -> int:
    """Whether this file writes sequence items flush with their key or indented: from the first item of ``block``
    (the block itself, when it is an item), else from the first in the file."""
    for start, end in ((block.start, block.end), (0, len(ol.lines))):
        for i in range(start, end):
            ln = ol.lines[i]
            if not ln.is_item:
                continue
            # The key owning the item: the nearest content line above that is not inside an earlier item.
            for j in range(i - 1, -1, -1):
                above = ol.lines[j]
                owner = above.indent < ln.indent or (above.indent == ln.indent and not above.is_item)
                if above.kind == "content" and owner:
                    return ln.indent - above.indent
    return 0


__all__ = ["CONTAINER_LISTS", "POD_SPEC_PATHS", "Address", "Place", "find_places", "top_level_key"]
