"""Sprig's defaults and flow functions (``defaults.go``): default empty coalesce all any ternary.

Everything rests on Sprig's ``empty``, which is *not* template truthiness for structs: a struct is never empty,
a non-nil pointer never is, and only nil, false, zero numbers and zero-length strings/slices/maps are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.gotypes import ANY, go_kind, go_signature

__all__ = ["FUNCS", "is_empty"]


def is_empty(value: Any) -> bool:
    """Sprig's ``empty``: the zero value of its kind, or a collection of length 0."""
    if value is None:
        return True
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float, complex)):
        return value == 0
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict)):
        return len(value) == 0
    if go_kind(value) in ("map", "slice", "array", "string"):
        try:
            return len(value) == 0
        except TypeError:
            return False
    # Structs are never empty; pointers, funcs and the like are empty only when nil, and nil is None here.
    return False


@go_signature(ANY, variadic=ANY)
def default(fallback: Any, *given: Any) -> Any:
    """``default d x``: ``x`` unless it is empty (or absent), else ``d``."""
    if not given or is_empty(given[0]):
        return fallback
    return given[0]


@go_signature(ANY)
def empty(value: Any) -> bool:
    return is_empty(value)


@go_signature(variadic=ANY)
def coalesce(*values: Any) -> Any:
    for value in values:
        if not is_empty(value):
            return value
    return None


@go_signature(variadic=ANY)
def all_(*values: Any) -> bool:
    return all(not is_empty(value) for value in values)


@go_signature(variadic=ANY)
def any_(*values: Any) -> bool:
    return any(not is_empty(value) for value in values)


@go_signature(ANY, ANY, "bool")
def ternary(if_true: Any, if_false: Any, condition: bool) -> Any:
    return if_true if condition else if_false


FUNCS: dict[str, Callable[..., Any]] = {
    "default": default,
    "empty": empty,
    "coalesce": coalesce,
    "all": all_,
    "any": any_,
    "ternary": ternary,
}
