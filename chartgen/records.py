"""Value classes declared as dataclasses are, built without generating code: ``@record``, ``field``, ``replace``.

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``... as Python source and compiles it,
about half a millisecond per class, and importing it imports ``inspect``: together a fifth of the whole process
that renders a small chart, paid by every run for the classes a render uses. ``record`` reads the same
declaration (annotated fields in order, inherited ones first; defaults; ``field(...)`` for factories and
exclusions) and installs methods made of closures instead. Instances keep their fields in ``__dict__``; a
frozen record refuses assignment, and is hashable, as a frozen dataclass is. Methods written in the class body
are kept. What is left out, because nothing here needs it: ``__post_init__``, ``InitVar``, keyword-only
fields and slots.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

__all__ = ["Field", "FrozenRecordError", "field", "fields", "record", "replace"]

T = TypeVar("T")

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        return lambda function: function


_MISSING: Any = object()


class FrozenRecordError(AttributeError):
    """Assignment to a field of a frozen record (``dataclasses.FrozenInstanceError``'s counterpart)."""


class Field:
    """One field of a record: its name, default (or factory), and whether repr and == look at it."""

    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Callable[[], Any] | Any = _MISSING,
        init: bool = True,
        repr: bool = True,  # noqa: A002 - dataclasses' own keyword
        compare: bool = True,
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    init: bool = True,
    repr: bool = True,  # noqa: A002 - dataclasses' own keyword
    compare: bool = True,
) -> Any:
    """A field's options, as ``dataclasses.field`` takes them (``init=False``: set from its default only)."""
    return Field(default, default_factory, init, repr, compare)


def fields(item: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    return item.__record_fields__


def replace(item: T, **changes: Any) -> T:
    """A copy of record ``item`` with ``changes``, made through its ``__init__``."""
    values = {f.name: getattr(item, f.name) for f in item.__record_fields__ if f.init}  # type: ignore[attr-defined]
    values.update(changes)
    return type(item)(**values)


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True, order: bool = False) -> Any:
    """Make ``cls`` a record: ``@record`` or ``@record(frozen=True, eq=False)``, as ``@dataclass`` is used."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, frozen, eq, order)

    return wrap if cls is None else wrap(cls)


def _build(cls: type[T], frozen: bool, eq: bool, order: bool) -> type[T]:
    declared: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in getattr(base, "__record_fields__", ()):
            declared[inherited.name] = inherited
    body = cls.__dict__
    for name, annotation in body.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = body.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        if type(spec.default) in (list, dict, set):
            # Every instance would share the one object, as dataclasses refuses too.
            raise ValueError(f"mutable default {type(spec.default).__name__} for field {name}: use default_factory")
        spec.name = name
        if isinstance(value, Field):
            if value.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
        declared.pop(name, None)
        declared[name] = spec
    specs = tuple(declared.values())
    cls.__record_fields__ = specs  # type: ignore[attr-defined]

    def install(name: str, method: Any) -> None:
        if name not in body:
            setattr(cls, name, method)

    install("__init__", _init(cls.__qualname__, specs))
    install("__repr__", _repr(cls.__qualname__, tuple(f.name for f in specs if f.repr)))
    compared = _values_getter(tuple(f.name for f in specs if f.compare))
    if eq:
        install("__eq__", _eq(compared))
    if order:
        for name, compare in _ORDERINGS.items():
            install(name, _ordering(compared, compare))
    explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
    if not explicit_hash and eq:
        cls.__hash__ = (lambda self: hash(compared(self))) if frozen else None  # type: ignore[method-assign,assignment]
    if frozen:
        install("__setattr__", _refuse_assignment)
        install("__delattr__", _refuse_deletion)
    return cls


def _init(qualname: str, specs: tuple[Field, ...]) -> Callable[..., None]:
    names = tuple(f.name for f in specs if f.init)
    every = tuple(f.name for f in specs)
    known = frozenset(names)
    count = len(names)
    defaults = {f.name: f for f in specs if f.default is not _MISSING or f.default_factory is not _MISSING}

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807 - the method it is
        if len(args) > count:
            raise TypeError(
                f"{qualname}.__init__() takes {count + 1} positional arguments but {len(args) + 1} were given"
            )
        values = dict(zip(names, args, strict=False))  # fewer arguments than fields: the rest by keyword or default
        for name, value in kwargs.items():
            if name in values:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument '{name}'")
            if name not in known:
                raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument '{name}'")
            values[name] = value
        state = self.__dict__
        for name in every:
            if name in values:
                state[name] = values[name]
            elif name in defaults:
                spec = defaults[name]
                state[name] = spec.default if spec.default_factory is _MISSING else spec.default_factory()
            else:
                raise TypeError(f"{qualname}.__init__() missing 1 required positional argument: '{name}'")

    return __init__


def _repr(qualname: str, shown: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:  # noqa: N807 - the method it is
        return f"{qualname}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

    return __repr__


def _values_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda item: (single(item),)
    return attrgetter(*names) if names else (lambda item: ())


def _eq(compared: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:  # noqa: N807 - the method it is
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compared(self) == compared(other)

    return __eq__


_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {
    "__lt__": lambda a, b: a < b,
    "__le__": lambda a, b: a <= b,
    "__gt__": lambda a, b: a > b,
    "__ge__": lambda a, b: a >= b,
}


def _ordering(compared: Callable[[Any], tuple[Any, ...]], compare: Callable[[Any, Any], bool]) -> Callable[..., Any]:
    def ordering(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compare(compared(self), compared(other))

    return ordering


def _refuse_assignment(self: Any, name: str, value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r}")
