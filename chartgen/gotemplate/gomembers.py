"""What a template can reach on a value: the exported fields and methods of its Go type, declared per type.

Go's text/template resolves ``.Name`` by reflection: a method in the value's method set first, then a struct
field, then a map key. chartgen's values are Python objects, and Python attributes include the interpreter's own
machinery (``__class__``, ``__init__.__globals__``, ``__dict__``...). So the executor never turns a template's
name into a Python attribute lookup. Every class that models a Go type with fields or methods declares them, and
the executor consults only that declaration:

- ``@go_method(*params, results=(...), pointer=False, since=None)`` on a Python method makes it the Go method of
  the same name. ``params`` are Go's parameter types (strings such as ``"string"``, or a class declaring
  ``go_type`` for a named type such as ``time.Duration``), against which the executor counts and converts the
  arguments as Go does. ``results`` are Go's result types: Go refuses to call a method with more than one
  result unless the second is an ``error`` (``function Date has 3 return values; should be 1 or 2``), and a
  result of interface type is what an error message names (``can't evaluate field x in type driver.Value``).
  ``pointer`` says Go declares it on ``*T``: such a method is in the method set of a pointer, or of a value Go
  can take the address of, only. ``since`` is the Go release that added it (``Time.AppendText`` is Go 1.24).
- ``@go_members(fields=..., unexported=..., methods=...)`` on the class gathers the marked methods of the
  class and its bases into a :class:`GoMembers` record, stored as ``cls.go_members``. ``fields`` are the
  exported struct fields, by Go name (a mapping gives the Python attribute when it differs). ``unexported``
  names Go's unexported fields, only so that their error text is Go's (``wall is an unexported field of struct
  type time.Time``). ``methods`` declares Go methods chartgen has no reason to implement: ones with several
  results, which Go refuses to call, and pointer methods of types whose values templates never reach through a
  pointer.

Whether a value is addressable (so that ``*T``'s methods apply to a ``T``) is the executor's business: in Go a
struct field reached through a pointer is, a copy passed through ``interface {}`` is not.

A class without a declaration has no fields and no methods: every name is "can't evaluate field". Plain Python
values (``str``, ``int``, ``list``, ``dict``...) are such classes. Names are only ever dictionary keys of a
record built when the class is defined, so no spelling of a name can reach anything undeclared.

Adding a type: give the class ``go_type`` (and ``go_kind``), mark its Go methods with ``@go_method``, and
decorate it with ``@go_members`` listing its fields.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from chartgen.gotemplate.gotypes import ANY, go_kind, is_interface, per_class, type_name_of
from chartgen.records import field, record, replace

__all__ = [
    "EMPTY",
    "NIL_ERROR",
    "GoError",
    "GoMembers",
    "GoMethod",
    "element_type",
    "find_method",
    "go_members",
    "go_method",
    "members_of",
    "stringer",
]

C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])


@record(frozen=True)
class GoMethod:
    """One Go method: its signature as Go declares it and the Python function implementing it (receiver first).

    ``function`` is None for a method Go has but chartgen never calls (see the module docstring).
    """

    name: str
    params: tuple[str, ...] = ()
    variadic: str | None = None
    results: tuple[str, ...] = ()
    pointer: bool = False
    since: tuple[int, int] | None = None
    function: Callable[..., Any] | None = None
    # A named parameter type's class (time.Duration), by position, for converting constants; None for the rest.
    param_classes: tuple[type | None, ...] = ()

    def shape_error(self) -> str | None:
        """Go's ``goodFunc`` verdict: text/template calls functions with one result, or two with an error last."""
        count = len(self.results)
        if count == 1 or (count == 2 and self.results[1] == "error"):
            return None
        if count == 2:
            return (
                f"invalid function signature for {self.name}: second return value should be error; is {self.results[1]}"
            )
        return f"function {self.name} has {count} return values; should be 1 or 2"

    def result_is_interface(self) -> bool:
        return bool(self.results) and is_interface(self.results[0])


@record(frozen=True)
class GoMembers:
    """The fields and methods one Go type exposes; the only names the executor resolves on its values."""

    fields: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    unexported: frozenset[str] = frozenset()
    methods: Mapping[str, GoMethod] = field(default_factory=dict)
    # Whether some method has a pointer receiver, i.e. whether a value's addressability matters.
    pointer_methods: bool = False


EMPTY = GoMembers(MappingProxyType({}), frozenset(), MappingProxyType({}), False)


def _param(spec: str | type) -> tuple[str, type | None]:
    if isinstance(spec, str):
        return spec, None
    return spec.go_type, spec  # type: ignore[attr-defined]


def go_method(
    *params: str | type,
    variadic: str | None = None,
    results: tuple[str, ...],
    pointer: bool = False,
    since: tuple[int, int] | None = None,
) -> Callable[[F], F]:
    """Mark a Python method as the Go method of the same name (see the module docstring)."""

    def mark(fn: F) -> F:
        names, classes = zip(*(_param(p) for p in params), strict=True) if params else ((), ())
        fn.go_method = GoMethod(  # type: ignore[attr-defined]
            fn.__name__, tuple(names), variadic, results, pointer, since, fn, tuple(classes)
        )
        return fn

    return mark


def go_members(
    *,
    fields: Iterable[str] | Mapping[str, str] = (),
    unexported: Iterable[str] = (),
    methods: Iterable[GoMethod] = (),
) -> Callable[[C], C]:
    """Declare a class's Go fields and gather its ``@go_method`` methods, those of its bases included."""

    def declare(cls: C) -> C:
        base = _inherited(cls)
        attrs = dict(fields) if isinstance(fields, Mapping) else {name: name for name in fields}
        getters = dict(base.fields)
        getters.update({name: operator.attrgetter(attr) for name, attr in attrs.items()})
        found = dict(base.methods)
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                method = getattr(value, "go_method", None)
                if isinstance(method, GoMethod):
                    found[method.name] = method
        for method in methods:
            found[method.name] = method
        own = getattr(cls, "go_type", None)
        for name, method in found.items():
            if own in method.params:
                # A parameter of the type being declared (Duration.Round's Duration): constants convert to it.
                classes = tuple(cls if p == own else c for p, c in zip(method.params, _padded(method), strict=True))
                found[name] = replace(method, param_classes=classes)
        cls.go_members = GoMembers(  # type: ignore[attr-defined]
            MappingProxyType(getters),
            base.unexported | frozenset(unexported),
            MappingProxyType(found),
            any(method.pointer for method in found.values()),
        )
        return cls

    return declare


def _padded(method: GoMethod) -> tuple[type | None, ...]:
    return method.param_classes + (None,) * (len(method.params) - len(method.param_classes))


def _inherited(cls: type) -> GoMembers:
    for klass in cls.__mro__[1:]:
        members = vars(klass).get("go_members")
        if isinstance(members, GoMembers):
            return members
    return EMPTY


def members_of(value: Any) -> GoMembers:
    """The declaration of a value's Go type; :data:`EMPTY` for a type that declares none."""
    members = getattr(type(value), "go_members", EMPTY)
    return members if isinstance(members, GoMembers) else EMPTY


def find_method(
    value: Any, name: str, go_version: tuple[int, int] | None = None, *, addressable: bool = False
) -> GoMethod | None:
    """The method ``name`` in the method set of ``value``: pointer methods only for a pointer or an addressable
    value, and only those the Go release ``go_version`` has (any release when None)."""
    method = members_of(value).methods.get(name)
    if method is None:
        return None
    if method.since is not None and go_version is not None and go_version < method.since:
        return None
    if method.pointer and not (addressable or go_kind(value) == "ptr"):
        return None
    return method


def stringer(value: Any, *, addressable: bool = False, names: tuple[str, ...] = ("Error", "String")) -> str | None:
    """What Go's fmt prints for a value whose method set has ``Error() string`` or ``String() string`` (tried in
    that order; ``names=("GoString",)`` for ``%#v``), or None. fmt receives a copy, so pointer methods of a value
    type count only where Go takes the address first (``addressable``: the top of an action)."""
    for name in names:
        method = find_method(value, name, addressable=addressable)
        if method is not None and method.function is not None and not method.params:
            return str(method.function(value))
    return None


def _element_type_of(cls: type) -> str:
    """The static Go type of an element of a slice or map of class ``cls`` (``interface {}`` for plain lists and
    maps)."""
    name = getattr(cls, "go_underlying", None) or type_name_of(cls)
    if name.startswith("[]"):
        return name[2:]
    if name.startswith("map["):
        depth = 0
        for i in range(3, len(name)):
            if name[i] == "[":
                depth += 1
            elif name[i] == "]":
                depth -= 1
                if depth == 0:
                    return name[i + 1 :]
    return ANY


element_type: Callable[[Any], str] = per_class(_element_type_of)


# ------------------------------------------------------------------------------------------------ error results


class GoError:
    """A non-nil ``error`` that a Go method returns as its only result (``Scan``, ``Validate``): to a template it
    is a value, printed as its text, not a failure."""

    go_type = "*errors.errorString"
    go_kind = "ptr"
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @go_method(results=("string",), pointer=True)
    def Error(self) -> str:  # noqa: N802 - Go method name
        return self.text

    def __str__(self) -> str:
        return self.text


go_members()(GoError)


class _NilError:
    """The nil ``error`` such a method returns on success: an interface holding nothing, so it prints
    ``<nil>`` (not ``<no value>``, as Go digs only into ``interface {}`` results) and is false."""

    go_type = "<nil>"
    go_kind = "invalid"
    go_nil = True
    __slots__ = ()

    def __str__(self) -> str:
        return "<nil>"


NIL_ERROR = _NilError()
