"""Mend the vendored ``github.com/modern-go/reflect2`` v1.0.1 of Kubernetes 1.20 for Go 1.18 and later.

reflect2 reaches the runtime's map iterator through ``//go:linkname mapiterinit reflect.mapiterinit`` and
declares it the way Go before 1.18 had it: two arguments, returning a pointer to an iterator the runtime
allocated, of which reflect2 reads only the first two words (key and element). Since Go 1.18 the runtime's
function takes a third argument instead, an iterator the caller allocated, and fills it. Called with the old
declaration it writes the whole iterator through whatever the third argument register holds, and
kube-apiserver dies with ``fatal error: fault`` the first time json-iterator encodes a map (``?pretty=true``,
YAML output, ``kubectl get -o yaml``).

The mend, done the way reflect2 v1.0.2 did it: declare the third parameter, give reflect2's ``hiter`` the
runtime's full layout so the runtime has room to write, and let ``UnsafeIterate`` allocate the iterator and
pass its address. The layout is read from the ``hiter`` type in the Go toolchain's own ``runtime/map.go``,
so it matches the compiler that builds the binary; pointers to the runtime's private types become
``unsafe.Pointer``, which has the same size and is scanned by the garbage collector the same way.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

REFLECT2 = Path("vendor/github.com/modern-go/reflect2")

_OLD_DECLARATION = "func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer) *hiter"
_NEW_DECLARATION = "func mapiterinit(rtype unsafe.Pointer, m unsafe.Pointer, it *hiter)"
_OLD_ITERATE = """\
func (type2 *UnsafeMapType) UnsafeIterate(obj unsafe.Pointer) MapIterator {
	return &UnsafeMapIterator{
		hiter:      mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj)),
"""
_NEW_ITERATE = """\
func (type2 *UnsafeMapType) UnsafeIterate(obj unsafe.Pointer) MapIterator {
	// The runtime fills an iterator we allocate (Go 1.18+); the MapIterator keeps it alive.
	var it hiter
	mapiterinit(type2.rtype, *(*unsafe.Pointer)(obj), &it)
	return &UnsafeMapIterator{
		hiter:      &it,
"""
_STRUCT = re.compile(r"^type hiter struct \{\n(?P<body>.*?)^\}\n", re.MULTILINE | re.DOTALL)
_FIELD = re.compile(r"^\s*(?P<name>\w+)\s+(?P<type>[^\s/]+)")
_WORD_TYPES = {"uintptr", "uint8", "bool", "int", "uint16", "uint32", "uint64", "unsafe.Pointer"}


class Reflect2FixError(RuntimeError):
    """The tree or the Go toolchain is not shaped as the mend expects; building on would make a faulty binary."""


def runtime_hiter_fields(goroot: Path) -> list[tuple[str, str]]:
    """(name, type) of each field of the runtime's ``hiter``, with runtime-private pointers as unsafe.Pointer."""
    map_go = (goroot / "src/runtime/map.go").read_text()
    match = _STRUCT.search(map_go)
    if match is None:
        raise Reflect2FixError(f"no `type hiter struct` in {goroot}/src/runtime/map.go")
    fields = []
    for line in match["body"].splitlines():
        field = _FIELD.match(line)
        if field is None:
            continue
        kind = field["type"]
        if kind.startswith("*"):
            kind = "unsafe.Pointer"
        if kind not in _WORD_TYPES:
            raise Reflect2FixError(f"runtime hiter field {field['name']} has a type the mend does not know: {kind}")
        fields.append((field["name"], kind))
    if [name for name, _ in fields[:2]] != ["key", "elem"]:
        raise Reflect2FixError("runtime hiter no longer starts with key and elem")
    return fields


def _runtime_fills_callers_iterator(goroot: Path) -> bool:
    value_go = (goroot / "src/reflect/value.go").read_text()
    return re.search(r"^func mapiterinit\(t \*rtype, m unsafe\.Pointer, it \*hiter\)$", value_go, re.M) is not None


def _hiter_declaration(fields: list[tuple[str, str]]) -> str:
    lines = ["// The runtime's hiter layout (runtime/map.go of the Go that builds this), filled by mapiterinit."]
    lines.append("type hiter struct {")
    # reflect2 reads the element as `value`; only the layout has to match the runtime's.
    lines += [f"\t{'value' if name == 'elem' else name} {kind}" for name, kind in fields]
    lines.append("}\n")
    return "\n".join(lines)


def _replace_once(text: str, old: str, new: str, where: Path) -> str:
    if text.count(old) != 1:
        raise Reflect2FixError(f"{where}: expected exactly one occurrence of {old.splitlines()[0]!r}")
    return text.replace(old, new)


def apply(tree: Path, goroot: Path) -> str:
    """Patch the vendored reflect2 under ``tree`` for the Go at ``goroot``; return the sha256 of the result."""
    if not _runtime_fills_callers_iterator(goroot):
        raise Reflect2FixError(f"{goroot}: reflect.mapiterinit is not the Go 1.18+ three-argument form")
    link = tree / REFLECT2 / "unsafe_link.go"
    maps = tree / REFLECT2 / "unsafe_map.go"
    link_text = link.read_text()
    link_text = _replace_once(link_text, _OLD_DECLARATION, _NEW_DECLARATION, link)
    old_struct = _STRUCT.search(link_text)
    if old_struct is None:
        raise Reflect2FixError(f"{link}: no hiter struct to replace")
    declaration = _hiter_declaration(runtime_hiter_fields(goroot))
    link_text = link_text[: old_struct.start()] + declaration + link_text[old_struct.end() :]
    map_text = _replace_once(maps.read_text(), _OLD_ITERATE, _NEW_ITERATE, maps)
    link.write_text(link_text)
    maps.write_text(map_text)
    return hashlib.sha256(link_text.encode() + b"\0" + map_text.encode()).hexdigest()
