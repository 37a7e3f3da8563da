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
    "is_interface",
    "is_unsigned",
]

ANY = "interface {}"
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class _SizedInt(int):
    """An integer Go types other than ``int``: it prints as the plain number, and its repr names the Go type."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"

    def __str__(self) -> str:
        return int.__repr__(self)


class Int64(_SizedInt):
    """A Go ``int64``: arithmetic results of Sprig and integers from ``--set``."""

    __slots__ = ()
    go_type = "int64"


class Uint8(_SizedInt):
    """A Go ``uint8`` (``byte``): an element of a ``[]uint8``, met when indexing or ranging over bytes or a string.

    It prints as a number, but ``%#v`` writes it in hex (``0x41``) and ``%T``/``kindOf`` name it.
    """

    __slots__ = ()
    go_type = "uint8"
    go_kind = "uint8"


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


# The plain Python types of the value model with Go's ``%T`` name and ``reflect.Kind`` name for each, in the order
# they are tried: bool before int (a bool is an int in Python), Int64 before int (for the kind; its %T is declared).
_BUILTIN_TYPES: tuple[tuple[type | tuple[type, ...], str, str], ...] = (
    (bool, "bool", "bool"),
    (Int64, "int64", "int64"),
    (int, "int", "int"),
    (float, "float64", "float64"),
    (complex, "complex128", "complex128"),
    (str, "string", "string"),
    ((bytes, bytearray), "[]uint8", "slice"),
    ((list, tuple), "[]interface {}", "slice"),
    (dict, "map[string]interface {}", "map"),
)


def per_class(compute: Callable[[type], T]) -> Callable[[Any], T]:
    """``compute(type(value))``, remembered per class: for facts a value's Go type decides (its name, its element
    type), which the executor asks for on every field lookup and argument check. Declarations are class attributes,
    so the answer cannot differ between two values of one class."""
    memo: dict[type, T] = {}

    def of(value: Any) -> T:
        cls = type(value)
        try:
            return memo[cls]
        except KeyError:
            answer = memo[cls] = compute(cls)
            return answer

    return of


def type_name_of(cls: type) -> str:
    """Go's ``%T`` of a value of class ``cls``."""
    if cls is type(None):
        return "<nil>"
    declared = getattr(cls, "go_type", None)
    if declared is not None:
        return declared
    for python_type, name, _ in _BUILTIN_TYPES:
        if issubclass(cls, python_type):
            return name
    return cls.__name__


go_type_name: Callable[[Any], str] = per_class(type_name_of)
go_type_name.__doc__ = """Go's ``%T``: ``int``, ``float64``, ``[]interface {}``, ``map[string]interface {}``..."""


def go_kind(value: Any) -> str:
    """Go's ``reflect.Kind`` name, as Sprig's ``kindOf`` prints it (``invalid`` for nil)."""
    if value is None:
        return "invalid"
    declared = getattr(type(value), "go_kind", None)
    if declared is not None:
        return declared
    for python_type, _, kind in _BUILTIN_TYPES:
        if isinstance(value, python_type):
            return kind
    return "struct"


_UNSIGNED_KINDS = frozenset({"uint", "uint8", "uint16", "uint32", "uint64", "uintptr"})


def is_unsigned(value: Any) -> bool:
    """Whether a value is of an unsigned Go integer kind (``uint8``, semver's ``uint64``...), which prints and
    compares differently from a signed one."""
    return getattr(type(value), "go_kind", None) in _UNSIGNED_KINDS


# The interface types the modelled functions and methods declare (parameters and results).
_INTERFACE_TYPES = frozenset({ANY, "error", "io.Writer", "driver.Value"})


def is_interface(typ: str) -> bool:
    """Whether a declared Go type is an interface type (a value of it may hold anything, or nothing)."""
    return typ in _INTERFACE_TYPES


def can_be_nil(typ: str) -> bool:
    """Whether Go lets nil stand for a parameter of this type (interfaces, maps, slices, pointers, funcs)."""
    return is_interface(typ) or typ.startswith(("map[", "[]", "*", "func"))


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
