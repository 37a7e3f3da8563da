"""Sprig's reflection functions (``reflect.go``): typeOf typeIs typeIsLike kindOf kindIs, plus ``deepEqual``.

Also home to the two reflection primitives the list and dict functions share: Go's ``reflect.DeepEqual`` over our
value model, and ``reflect.TypeOf(x).Kind()``, which panics on an untyped nil — the source of the
``invalid memory address or nil pointer dereference`` errors Sprig's list functions give for a missing list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gotypes import ANY, go_kind, go_signature, go_type_name

__all__ = ["FUNCS", "NIL_DEREFERENCE", "deep_equal", "is_go_nil", "reflect_kind"]

NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def reflect_kind(value: Any) -> str:
    """``reflect.TypeOf(value).Kind()``: nil has no type, and asking it for its kind panics."""
    if value is None:
        raise FuncError(NIL_DEREFERENCE)
    return go_kind(value)


def is_go_nil(value: Any) -> bool:
    """A typed nil slice or map (marked ``go_nil``): prints like an empty one but is not DeepEqual to it."""
    return bool(getattr(value, "go_nil", False))


def deep_equal(a: Any, b: Any) -> bool:
    """``reflect.DeepEqual``: identical Go types, then equal contents. ``int``, ``int64`` and ``float64`` never
    equal each other, while a tuple and a list are both ``[]interface {}``. Objects standing for Go structs compare
    by identity or by their own ``==``."""
    if a is None or b is None:
        return a is None and b is None
    if go_type_name(a) != go_type_name(b):
        return False
    if isinstance(a, (list, tuple)):
        if a is b:
            return True  # Go short-cuts the same backing array
        if is_go_nil(a) != is_go_nil(b) or len(a) != len(b):
            return False
        return all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if a is b:
            return True
        if is_go_nil(a) != is_go_nil(b) or len(a) != len(b):
            return False
        return all(key in b and deep_equal(value, b[key]) for key, value in a.items())
    return a is b or bool(a == b)


@go_signature(ANY)
def type_of(value: Any) -> str:
    return go_type_name(value)


@go_signature("string", ANY)
def type_is(target: str, value: Any) -> bool:
    return target == go_type_name(value)


@go_signature("string", ANY)
def type_is_like(target: str, value: Any) -> bool:
    # Also true for a pointer to the named type.
    name = go_type_name(value)
    return name in (target, "*" + target)


@go_signature(ANY)
def kind_of(value: Any) -> str:
    return go_kind(value)


@go_signature("string", ANY)
def kind_is(target: str, value: Any) -> bool:
    return target == go_kind(value)


@go_signature(ANY, ANY)
def deep_equal_func(a: Any, b: Any) -> bool:
    return deep_equal(a, b)


FUNCS: dict[str, Callable[..., Any]] = {
    "typeOf": type_of,
    "typeIs": type_is,
    "typeIsLike": type_is_like,
    "kindOf": kind_of,
    "kindIs": kind_is,
    "deepEqual": deep_equal_func,
}
