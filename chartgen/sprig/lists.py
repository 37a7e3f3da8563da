"""Sprig's list functions (``list.go``): list/tuple, append/prepend, first/last/rest/initial, reverse, uniq,
without, has, slice, concat, chunk, compact — each with its ``must`` twin.

Sprig accepts any Go slice or array (``[]interface {}``, ``[]string``, ``[]int``, ``[]uint8``) through
reflection, and every function except ``slice`` returns a fresh ``[]interface {}``: inputs are never mutated.
A non-``must`` function panics where its ``must`` twin returns an error, but text/template turns both into the
same ``error calling <name>: <text>``, so one implementation serves both names.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import ANY, Uint8, go_signature
from chartgen.sprig.flow import is_empty
from chartgen.sprig.numbers import go_float_to_int, to_int
from chartgen.sprig.reflection import deep_equal, reflect_kind

__all__ = ["FUNCS", "ListOfLists", "NilList"]

_MAKESLICE = "runtime error: makeslice: len out of range"


class NilList(list):
    """A nil ``[]interface {}`` (what ``rest``/``initial`` of an empty list and an empty ``concat`` return).

    It prints ``[]`` and is empty like an empty list, but ``toJson`` writes ``null`` for it and ``deepEqual``
    tells it from ``list``.
    """

    go_type = "[]interface {}"
    go_nil = True


class ListOfLists(list):
    """A Go ``[][]interface {}`` (``chunk``)."""

    go_type = "[][]interface {}"


def _items(value: Any, message: str) -> list:
    """The elements of any Go slice or array; ``message`` (with ``{}`` for the kind) is Sprig's error otherwise."""
    kind = reflect_kind(value)
    if kind not in ("slice", "array"):
        raise FuncError(message.format(kind))
    if isinstance(value, (bytes, bytearray)):
        return [Uint8(b) for b in value]
    return list(value)


@go_signature(variadic=ANY)
def list_(*values: Any) -> list:
    return list(values)


@go_signature(ANY, ANY)
def push(values: Any, value: Any) -> list:
    return [*_items(values, "Cannot push on type {}"), value]


@go_signature(ANY, ANY)
def prepend(values: Any, value: Any) -> list:
    return [value, *_items(values, "Cannot prepend on type {}")]


@go_signature(ANY)
def first(values: Any) -> Any:
    items = _items(values, "Cannot find first on type {}")
    return items[0] if items else None


@go_signature(ANY)
def last(values: Any) -> Any:
    items = _items(values, "Cannot find last on type {}")
    return items[-1] if items else None


@go_signature(ANY)
def rest(values: Any) -> list:
    items = _items(values, "Cannot find rest on type {}")
    return items[1:] if items else NilList()


@go_signature(ANY)
def initial(values: Any) -> list:
    items = _items(values, "Cannot find initial on type {}")
    return items[:-1] if items else NilList()


@go_signature(ANY)
def reverse(values: Any) -> list:
    return _items(values, "Cannot find reverse on type {}")[::-1]


@go_signature(ANY)
def uniq(values: Any) -> list:
    kept: list = []
    for item in _items(values, "Cannot find uniq on type {}"):
        if not any(deep_equal(item, seen) for seen in kept):
            kept.append(item)
    return kept


@go_signature(ANY, variadic=ANY)
def without(values: Any, *omit: Any) -> list:
    return [
        item for item in _items(values, "Cannot find without on type {}") if not any(deep_equal(item, o) for o in omit)
    ]


@go_signature(ANY, ANY)
def has(needle: Any, haystack: Any) -> bool:
    if haystack is None:
        return False
    return any(deep_equal(needle, item) for item in _items(haystack, "Cannot find has on type {}"))


@go_signature(ANY)
def compact(values: Any) -> list:
    return [item for item in _items(values, "Cannot compact on type {}") if not is_empty(item)]


@go_signature(ANY, variadic=ANY)
def slice_(values: Any, *indices: Any) -> Any:
    """``slice l [start [end]]``: a sub-slice of the same Go type, or nil for an empty input."""
    items = _items(values, "list should be type of slice or array but {}")
    if not items:
        return None
    start = to_int(indices[0]) if indices else 0
    end = to_int(indices[1]) if len(indices) > 1 else len(items)
    # Go checks against the capacity, which equals the length for every slice a template can build or load.
    if not 0 <= start <= end <= len(items):
        raise FuncError("reflect.Value.Slice: slice index out of bounds")
    if isinstance(values, (bytes, bytearray)):
        return bytes(values[start:end])
    if isinstance(values, list) and type(values) not in (list, NilList):
        return type(values)(values[start:end])  # []string stays []string
    return items[start:end]


@go_signature(variadic=ANY)
def concat(*lists: Any) -> list:
    joined: list = []
    for values in lists:
        kind = reflect_kind(values)
        if kind not in ("slice", "array"):
            raise FuncError(f"Cannot concat type {kind} as list")
        joined.extend(_items(values, ""))
    # Appending nothing to Go's nil result leaves it nil.
    return joined if joined else NilList()


def _go_divide(a: float, b: float) -> float:
    # IEEE division as Go does it: x/0 is ±Inf, 0/0 is NaN (Python would raise).
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


@go_signature("int", ANY)
def chunk(size: int, values: Any) -> ListOfLists:
    """``chunk n l``: lists of ``n`` elements, the last one shorter. Sprig computes the chunk count in floating
    point, so a size of 0 or a negative size fails (or not) exactly the way that arithmetic does in Go."""
    items = _items(values, "Cannot chunk type {}")
    count_float = _go_divide(float(len(items) - 1), float(size))
    count = go_float_to_int(math.floor(count_float) + 1) if math.isfinite(count_float) else go_float_to_int(count_float)
    if count < 0:
        raise FuncError(_MAKESLICE)
    chunks = ListOfLists()
    for i in range(count):
        length = size
        if i == count - 1:
            length = int(math.floor(math.fmod(len(items), size))) or size
        if length < 0:
            raise FuncError(_MAKESLICE)
        part = []
        for j in range(length):
            index = i * size + j
            if not 0 <= index < len(items):
                raise FuncError("reflect: slice index out of range")
            part.append(items[index])
        chunks.append(part)
    return chunks


FUNCS: dict[str, Callable[..., Any]] = {
    "tuple": list_,
    "list": list_,
    "append": push,
    "push": push,
    "mustAppend": push,
    "mustPush": push,
    "prepend": prepend,
    "mustPrepend": prepend,
    "first": first,
    "mustFirst": first,
    "rest": rest,
    "mustRest": rest,
    "last": last,
    "mustLast": last,
    "initial": initial,
    "mustInitial": initial,
    "reverse": reverse,
    "mustReverse": reverse,
    "uniq": uniq,
    "mustUniq": uniq,
    "without": without,
    "mustWithout": without,
    "has": has,
    "mustHas": has,
    "slice": slice_,
    "mustSlice": slice_,
    "concat": concat,
    "chunk": chunk,
    "mustChunk": chunk,
    "compact": compact,
    "mustCompact": compact,
}
