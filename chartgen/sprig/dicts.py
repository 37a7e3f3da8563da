"""Sprig's dict functions (``dict.go``): dict get set unset hasKey pluck keys pick omit merge mergeOverwrite
mustMerge mustMergeOverwrite values dig deepCopy mustDeepCopy.

``set``, ``unset``, ``merge`` and ``mergeOverwrite`` mutate their first argument and return it. Charts rely on
that: a ``set`` on ``.Values`` in one template is visible to the templates that run after it.

Go map iteration is random, so ``keys`` and ``values`` have no defined order in Helm; here they come sorted by
key (byte-wise), which is one of the orders Helm can produce and keeps the output reproducible.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.goprint import sort_keys, to_text
from chartgen.gotemplate.gotypes import ANY, StringList, go_kind, go_signature, go_type_name
from chartgen.sprig.lists import NilList
from chartgen.sprig.reflection import is_go_nil

__all__ = ["FUNCS", "deep_copy", "mergo_merge"]

_MAP = "map[string]interface {}"


def _key_text(value: Any) -> str:
    """Sprig's strval, used for ``dict`` keys: strings as is, bytes decoded, anything else ``%v``."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "surrogateescape")
    return to_text(value)


@go_signature(variadic=ANY)
def dict_(*pairs: Any) -> dict:
    result: dict = {}
    for i in range(0, len(pairs), 2):
        # A dangling last key gets the empty string.
        result[_key_text(pairs[i])] = pairs[i + 1] if i + 1 < len(pairs) else ""
    return result


@go_signature(_MAP, "string")
def get(mapping: dict | None, key: str) -> Any:
    # A missing key gives "", not nil.
    if mapping is not None and key in mapping:
        return mapping[key]
    return ""


@go_signature(_MAP, "string", ANY)
def set_(mapping: dict | None, key: str, value: Any) -> dict:
    if mapping is None:
        raise FuncError("assignment to entry in nil map")
    mapping[key] = value
    return mapping


@go_signature(_MAP, "string")
def unset(mapping: dict | None, key: str) -> dict:
    if mapping is None:
        return {}
    mapping.pop(key, None)
    return mapping


@go_signature(_MAP, "string")
def has_key(mapping: dict | None, key: str) -> bool:
    return mapping is not None and key in mapping


@go_signature("string", variadic=_MAP)
def pluck(key: str, *mappings: dict | None) -> list:
    return [m[key] for m in mappings if m is not None and key in m]


@go_signature(variadic=_MAP)
def keys(*mappings: dict | None) -> StringList:
    # Go's order is random; each map's keys come sorted, maps in argument order.
    return StringList(key for m in mappings if m for key in sort_keys(m))


@go_signature(_MAP)
def values(mapping: dict | None) -> list:
    return [mapping[key] for key in sort_keys(mapping)] if mapping else []


@go_signature(_MAP, variadic="string")
def pick(mapping: dict | None, *names: str) -> dict:
    return {name: mapping[name] for name in names if mapping is not None and name in mapping}


@go_signature(_MAP, variadic="string")
def omit(mapping: dict | None, *names: str) -> dict:
    return {key: value for key, value in (mapping or {}).items() if key not in names}


def _assert_type(value: Any, wanted: str) -> None:
    # A Go type assertion names the exact dynamic type: a named map type (chartutil.Values) is not a plain map.
    actual = "nil" if value is None else go_type_name(value)
    if actual != wanted:
        raise FuncError(f"interface conversion: interface {{}} is {actual}, not {wanted}")


def _assert_map(value: Any) -> dict:
    _assert_type(value, _MAP)
    return value


@go_signature(variadic=ANY)
def dig(*args: Any) -> Any:
    """``dig k1 k2 … default map``: walk nested maps; the default when a key is missing."""
    if len(args) < 3:
        raise FuncError("dig needs at least three arguments")
    current = _assert_map(args[-1])
    fallback = args[-2]
    path = []
    for key in args[:-2]:
        _assert_type(key, "string")
        path.append(key)
    for i, key in enumerate(path):
        if key not in current:
            return fallback
        if i == len(path) - 1:
            return current[key]
        current = _assert_map(current[key])
    return fallback  # unreachable: path has at least one key


# ------------------------------------------------------------------------------------------------ merging


def _mergo_empty(value: Any) -> bool:
    """mergo's isEmptyValue (dereferencing): zero scalars, nil, and zero-length strings, slices and maps."""
    if value is None:
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value == 0
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict)):
        return len(value) == 0
    return False


def _is_map(value: Any) -> bool:
    return isinstance(value, dict) and go_kind(value) == "map"


def _is_slice(value: Any) -> bool:
    return go_kind(value) in ("slice", "array")


def mergo_merge(dst: dict, src: dict, *, overwrite: bool) -> None:
    """dario.cat/mergo's deepMerge of one ``map[string]interface {}`` into another, in place.

    Without ``overwrite`` a key of ``dst`` is only filled when it is missing or holds an empty value (nil, 0,
    "", false, []...); nested maps are merged key by key; a nil in ``src`` is ignored. With ``overwrite`` every
    non-nil ``src`` value replaces, empty ones included, nested maps still merge, and a nil in ``src`` is
    written as nil. Values are shared with ``src``, not copied, exactly like mergo.
    """
    for key, src_value in list(src.items()):
        present = key in dst
        dst_value = dst.get(key)
        if src_value is None:
            if overwrite:
                dst[key] = None
            continue
        if _is_map(src_value) and present and _is_map(dst_value):
            mergo_merge(dst_value, src_value, overwrite=overwrite)
        elif _is_slice(src_value) and overwrite:
            dst[key] = src_value  # mergo's slice branch replaces before the non-empty check below can skip
        # A non-empty destination keeps its list, and a map merged into a map is already done.
        settled = _is_slice(src_value) or (_is_map(src_value) and _is_map(dst_value))
        if present and not _mergo_empty(dst_value) and settled:
            continue
        if overwrite or not present or _mergo_empty(dst_value):
            dst[key] = src_value


def _merge_all(dst: dict | None, sources: tuple, overwrite: bool) -> dict:
    if dst is None:
        # mergo allocates a map for a nil destination only once a non-nil source shows up.
        if not any(src is not None for src in sources):
            return {}
        dst = {}
    for src in sources:
        if src is not None:
            mergo_merge(dst, src, overwrite=overwrite)
    return dst


@go_signature(_MAP, variadic=_MAP)
def merge(dst: dict | None, *sources: dict | None) -> dict:
    return _merge_all(dst, sources, overwrite=False)


@go_signature(_MAP, variadic=_MAP)
def merge_overwrite(dst: dict | None, *sources: dict | None) -> dict:
    return _merge_all(dst, sources, overwrite=True)


# ------------------------------------------------------------------------------------------------ copying


def deep_copy(value: Any) -> Any:
    """mitchellh/copystructure: maps and slices are copied recursively, keeping their Go types; scalars and
    struct-like objects are shared (they are immutable as far as templates can tell)."""
    if isinstance(value, dict):
        copied = {key: deep_copy(item) for key, item in value.items()}
        if type(value) is dict:
            return copied
        clone = copy.copy(value)  # a named map type keeps its type
        clone.clear()
        clone.update(copied)
        return clone
    if isinstance(value, (list, tuple)):
        items = [deep_copy(item) for item in value]
        if type(value) in (list, tuple):
            return items
        return NilList() if is_go_nil(value) else type(value)(items)
    return value


@go_signature(ANY)
def deep_copy_func(value: Any) -> Any:
    if value is None:
        # copystructure asks the type of the nil it was given, and reflect panics.
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    return deep_copy(value)


FUNCS: dict[str, Callable[..., Any]] = {
    "dict": dict_,
    "get": get,
    "set": set_,
    "unset": unset,
    "hasKey": has_key,
    "pluck": pluck,
    "keys": keys,
    "pick": pick,
    "omit": omit,
    "merge": merge,
    "mergeOverwrite": merge_overwrite,
    "mustMerge": merge,
    "mustMergeOverwrite": merge_overwrite,
    "values": values,
    "dig": dig,
    "deepCopy": deep_copy_func,
    "mustDeepCopy": deep_copy_func,
}
