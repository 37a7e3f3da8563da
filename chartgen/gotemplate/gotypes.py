"""The Go types behind template values, and the typed signatures of template functions.

Templates see Go values. Most map onto Python directly (``None`` nil, ``bool``, ``int`` for Go ``int``,
``float`` for ``float64``, ``str``, ``bytes`` for ``[]uint8``, ``list`` for ``[]interface {}``, ``dict`` for
``map[string]interface {}``). The few Go types a chart can tell apart by behaviour get a marker class here:
``int64`` (Sprig arithmetic and ``--set`` numbers), ``uint8`` (a byte), ``[]string`` and ``[]int`` (Sprig
results). They matter because Go's reflection refuses to pass an ``int64`` where a function wants an ``int``, and
because ``typeOf`` and ``printf "%T"`` name them.

Functions declare Go parameter types with :func:`go_signature`; the executor checks arguments against them and
fails with Go's wording (``wrong type for value; expected int; got float64``). A function without a declared
signature takes ``reflect.Value`` arguments in Go terms: anything goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "ANY",
    "Int64",
    "IntList",
    "StringList",
    "StructFields",
    "Uint8",
    "assignable",
    "can_be_nil",
    "go_kind",
    "go_signature",
    "go_type_name",
]

ANY = "interface {}"
F = TypeVar("F", bound=Callable[..., Any])


class Int64(int):
    """A Go ``int64``: arithmetic results of Sprig and integers from ``--set``."""

    __slots__ = ()
    go_type = "int64"

    def __repr__(self) -> str:
        return f"Int64({int(self)})"

    def __str__(self) -> str:
        return int.__repr__(self)


class Uint8(int):
    """A Go ``uint8`` (``byte``): an element of a ``[]uint8``, met when indexing or ranging over bytes or a string.

    It prints as a number, but ``%#v`` writes it in hex (``0x41``) and ``%T``/``kindOf`` name it.
    """

    __slots__ = ()
    go_type = "uint8"
    go_kind = "uint8"

    def __repr__(self) -> str:
        return f"Uint8({int(self)})"

    def __str__(self) -> str:
        return int.__repr__(self)


class StringList(list):
    """A Go ``[]string`` (``splitList``, ``toStrings``, ``regexFindAll``...)."""

    go_type = "[]string"


class IntList(list):
    """A Go ``[]int`` (``until``, ``untilStep``)."""

    go_type = "[]int"


class StructFields(dict):
    """The JSON view of a Go struct: ``encoding/json`` keeps struct fields in declaration order, unlike map keys.

    A struct-like object offers its JSON form through a ``go_json()`` method returning one of these (or, for types
    with their own ``MarshalJSON`` such as ``*semver.Version``, a plain string).
    """


def go_signature(*params: str, variadic: str | None = None) -> Callable[[F], F]:
    """Declare a function's Go parameter types, e.g. ``@go_signature("int", "string")`` for ``indent``."""

    def mark(fn: F) -> F:
        fn.go_params = params  # type: ignore[attr-defined]
        fn.go_variadic = variadic  # type: ignore[attr-defined]
        return fn

    return mark


def go_type_name(value: Any) -> str:
    """Go's ``%T``: ``int``, ``float64``, ``[]interface {}``, ``map[string]interface {}``..."""
    if value is None:
        return "<nil>"
    declared = getattr(type(value), "go_type", None)
    if declared is not None:
        return declared
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, complex):
        return "complex128"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (bytes, bytearray)):
        return "[]uint8"
    if isinstance(value, (list, tuple)):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return type(value).__name__


def go_kind(value: Any) -> str:
    """Go's ``reflect.Kind`` name, as Sprig's ``kindOf`` prints it (``invalid`` for nil)."""
    if value is None:
        return "invalid"
    declared = getattr(type(value), "go_kind", None)
    if declared is not None:
        return declared
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "int64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, complex):
        return "complex128"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (bytes, bytearray, list, tuple)):
        return "slice"
    if isinstance(value, dict):
        return "map"
    return "struct"


def can_be_nil(typ: str) -> bool:
    """Whether Go lets nil stand for a parameter of this type (interfaces, maps, slices, pointers, funcs)."""
    return typ == ANY or typ.startswith(("map[", "[]", "*", "func"))


def assignable(value: Any, typ: str) -> bool:
    """Whether a non-nil value of our model may be passed where Go wants ``typ``."""
    if typ == ANY:
        return True
    name = go_type_name(value)
    if name == typ:
        return True
    # A named type (Helm's chartutil.Values) is assignable to the unnamed type it is built on, which a class
    # declares as ``go_underlying``; engine.files (a map of byte slices) declares none and is refused, as in Go.
    return getattr(type(value), "go_underlying", None) == typ
