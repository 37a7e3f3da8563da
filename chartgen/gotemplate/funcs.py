"""Go ``text/template``'s built-in functions (``and or not len index slice print printf println html js urlquery
eq ne lt le gt ge call``).

Functions take evaluated arguments and raise ``FuncError`` (or any exception) on failure; the executor wraps the
message as Go does (``error calling index: ...``). ``and``/``or`` are listed here for the name check but the
executor evaluates them itself, because they short-circuit on unevaluated arguments.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.goprint import go_type_name, sprint, sprintf, sprintln, to_text
from chartgen.gotemplate.gotypes import Uint8, go_kind, is_unsigned

__all__ = [
    "BUILTINS",
    "DEFAULT_GO_VERSION",
    "DeferredFunction",
    "FuncError",
    "builtin_functions",
    "call_named",
    "truth",
]

# The Go release the built-ins follow unless told otherwise: the one Helm 3.17 is built with.
DEFAULT_GO_VERSION = (1, 23)


class FuncError(Exception):
    """An error returned by a template function; ``str()`` is the Go error text."""


class DeferredFunction:
    """A function map entry whose function is only loaded when a template calls it.

    Go's FuncMap holds every function from the start; a Python process would pay at each start for importing
    function families a template never calls. The parser only needs the entry's name; the executor swaps the
    entry for ``load()``'s function at the first call, so the call itself behaves as if it had been there.
    """

    __slots__ = ("load",)

    def __init__(self, load: Callable[[], Callable[..., Any]]) -> None:
        self.load = load


def truth(value: Any) -> bool:
    """Go's ``isTrue``: zero values and empty collections are false; any other object (a struct) is true."""
    if value is None:
        return False
    if isinstance(value, (bool, int, float, complex, str, bytes, list, tuple, dict)):
        return bool(value)
    return not getattr(value, "go_nil", False)  # a nil error result is false; any other object (a struct) true


def _and(*args: Any) -> Any:
    for arg in args:
        if not truth(arg):
            return arg
    return args[-1]


def _or(*args: Any) -> Any:
    for arg in args:
        if truth(arg):
            return arg
    return args[-1]


def _not(value: Any) -> bool:
    return not truth(value)


def _len(item: Any) -> int:
    if item is None:
        raise FuncError("len of nil pointer")
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogateescape"))
    if isinstance(item, (bytes, bytearray, list, tuple, dict)):
        return len(item)
    raise FuncError(f"len of type {_type(item)}")


def _type(value: Any) -> str:
    return go_type_name(value)


def _index_arg(index: Any, cap: int) -> int:
    """Go's ``indexArg``: an integer in [0, cap]. ``cap`` itself passes, for slice bounds (see ``_index``)."""
    if index is None:
        raise FuncError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise FuncError(f"cannot index slice/array with type {_type(index)}")
    if index < 0 or index > cap:
        raise FuncError(f"index out of range: {index}")
    return index


def _zero_of_map_elem(mapping: dict) -> Any:
    """The zero value ``index`` yields for a missing key: nil for interface maps, "" for ``map[string]string``."""
    typ = getattr(type(mapping), "go_type", "")
    return "" if typ.endswith("]string") else None


def _index(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FuncError("index of untyped nil")
    for position, index in enumerate(indexes):
        if item is None:
            # Only reachable after a map lookup yielded a nil interface, which Go reports as a nil pointer.
            raise FuncError("index of nil pointer" if position else "index of untyped nil")
        if isinstance(item, (str, bytes, bytearray, list, tuple)):
            data = item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item
            i = _index_arg(index, len(data))
            if i == len(data):
                # indexArg lets the length through (it serves slice bounds too); reflect's Index then panics.
                raise FuncError(f"reflect: {'string' if isinstance(item, str) else 'slice'} index out of range")
            item = Uint8(data[i]) if isinstance(data, (bytes, bytearray)) else data[i]
        elif isinstance(item, dict):
            if index is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(index, str) and all(isinstance(k, str) for k in item):
                raise FuncError(f"value has type {_type(index)}; should be string")
            item = item[index] if index in item else _zero_of_map_elem(item)
        else:
            raise FuncError(f"can't index item of type {_type(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
        seq: Any = item.encode("utf-8", "surrogateescape")
    elif isinstance(item, (list, tuple, bytes, bytearray)):
        seq = item
    else:
        raise FuncError(f"can't slice item of type {_type(item)}")
    bounds = [0, len(seq), len(seq)]
    for i, index in enumerate(indexes):
        bounds[i] = _index_arg(index, len(seq))
    if bounds[0] > bounds[1]:
        raise FuncError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if len(indexes) == 3 and bounds[1] > bounds[2]:
        raise FuncError(f"invalid slice index: {bounds[1]} > {bounds[2]}")
    result = seq[bounds[0] : bounds[1]]
    if isinstance(item, str):
        return result.decode("utf-8", "surrogateescape")
    return list(result) if isinstance(item, tuple) else result


_HTML_ESCAPES = str.maketrans({'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\x00": "\ufffd"})
_JS_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}


def _html_escape(*args: Any) -> str:
    """``html``: Go's HTMLEscapeString, which writes numeric entities for quotes (``&#34;``, ``&#39;``)."""
    return _eval_args(args).translate(_HTML_ESCAPES)


def _js_escape(*args: Any) -> str:
    """``js``: Go's JSEscapeString. ASCII specials and controls become escapes; so do non-printable runes, but
    a byte that is not UTF-8 passes through (Go decodes it as the printable replacement character)."""
    out = []
    for ch in _eval_args(args):
        code = ord(ch)
        escaped = _JS_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif code < 0x20:
            out.append(f"\\u{code:04X}")
        elif code < 0x80 or ch.isprintable() or 0xDC80 <= code <= 0xDCFF:
            out.append(ch)
        else:
            out.append(f"\\u{code:04X}")
    return "".join(out)


def _urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(_eval_args(args).encode("utf-8", "surrogateescape"), safe="")


def _eval_args(args: tuple) -> str:
    """Go's ``evalArgs``: a single string is used as is; otherwise nil operands become the string ``<no value>``
    (which, being a string, also changes Sprint's spacing) and the operands are fmt.Sprint-ed."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*("<no value>" if arg is None else arg for arg in args))


# ------------------------------------------------------------------------------------------------ comparisons


def _basic_kind(value: Any) -> str:
    """Go's ``basicKind`` class of a value: bool, int, uint, float, complex, string, or "" for anything else
    (nil, collections, structs), which only ``eq`` can compare, and only for identity."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "uint" if is_unsigned(value) else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, complex):
        return "complex"
    if isinstance(value, str):
        return "string"
    return ""


def _is_nil(value: Any) -> bool:
    return value is None or bool(getattr(value, "go_nil", False))


class _Comparisons:
    """``eq ne lt le gt ge``. Go 1.24 added the operand types to the "incompatible types" error."""

    def __init__(self, go_version: tuple[int, int]) -> None:
        self.typed_errors = go_version >= (1, 24)

    def incompatible(self, arg1: Any, arg2: Any) -> FuncError:
        if self.typed_errors:
            return FuncError(f"incompatible types for comparison: {_type(arg1)} and {_type(arg2)}")
        return FuncError("incompatible types for comparison")

    def eq(self, arg1: Any, *arg2: Any) -> bool:
        if not arg2:
            raise FuncError("missing argument for comparison")
        k1 = _basic_kind(arg1)
        for arg in arg2:
            k2 = _basic_kind(arg)
            if k1 != k2:
                # Signed and unsigned integers compare by value; anything else mixed is an error unless nil.
                if {k1, k2} == {"int", "uint"}:
                    truth_ = arg1 == arg
                elif arg1 is not None and arg is not None:
                    raise self.incompatible(arg1, arg)
                else:
                    truth_ = False
            elif k1:
                truth_ = arg1 == arg
            else:
                truth_ = self.eq_other(arg1, arg)
            if truth_:
                return True
        return False

    @staticmethod
    def eq_other(arg1: Any, arg: Any) -> bool:
        """Go's comparison of non-basic values: nil-ness first, then identity; collections are not comparable."""
        if arg1 is not None and arg is not None and go_kind(arg1) != go_kind(arg):
            raise FuncError(
                f"non-comparable types {sprintf('%s', arg1)}: {_type(arg1)}, {_type(arg)}: {sprintf('%v', arg)}"
            )
        if _is_nil(arg1) or _is_nil(arg):
            return _is_nil(arg1) == _is_nil(arg)
        if go_kind(arg) in ("map", "slice"):
            raise FuncError(f"non-comparable type {sprintf('%s', arg)}: {_type(arg)}")
        # Pointers (a *semver.Version) are equal only to themselves; struct values compare field by field.
        return arg1 is arg if go_kind(arg) == "ptr" else arg1 == arg

    def ne(self, arg1: Any, arg2: Any) -> bool:
        return not self.eq(arg1, arg2)

    def lt(self, arg1: Any, arg2: Any) -> bool:
        k1, k2 = _basic_kind(arg1), _basic_kind(arg2)
        if not k1 or not k2:
            raise FuncError("invalid type for comparison")
        if k1 != k2:
            if {k1, k2} == {"int", "uint"}:
                return arg1 < arg2
            raise self.incompatible(arg1, arg2)
        if k1 in ("bool", "complex"):
            raise FuncError("invalid type for comparison")
        return arg1 < arg2

    def le(self, arg1: Any, arg2: Any) -> bool:
        return self.lt(arg1, arg2) or self.eq(arg1, arg2)

    def gt(self, arg1: Any, arg2: Any) -> bool:
        return not self.le(arg1, arg2)

    def ge(self, arg1: Any, arg2: Any) -> bool:
        return not self.lt(arg1, arg2)


def _call(fn: Any, *args: Any) -> Any:
    """``call`` as registered; the executor swaps in :func:`call_named`, which also knows how the callee was
    written, since Go's error names it (``non-function .Values.x of type string``)."""
    return call_named(to_text(fn), fn, *args)


def call_named(name: str, fn: Any, *args: Any) -> Any:
    if fn is None:
        raise FuncError("call of nil")
    if not callable(fn):
        raise FuncError(f"non-function {name} of type {_type(fn)}")
    return fn(*args)


def builtin_functions(go_version: tuple[int, int] = DEFAULT_GO_VERSION) -> dict[str, Callable[..., Any]]:
    """The built-in functions as the Go release ``go_version`` (major, minor) has them."""
    funcs = dict(BUILTINS)
    if go_version != DEFAULT_GO_VERSION:
        comparisons = _Comparisons(go_version)
        funcs.update(
            eq=comparisons.eq,
            ne=comparisons.ne,
            lt=comparisons.lt,
            le=comparisons.le,
            gt=comparisons.gt,
            ge=comparisons.ge,
        )
    return funcs


_DEFAULT_COMPARISONS = _Comparisons(DEFAULT_GO_VERSION)

BUILTINS: dict[str, Callable[..., Any]] = {
    "and": _and,
    "or": _or,
    "not": _not,
    "len": _len,
    "index": _index,
    "slice": _slice,
    "print": sprint,
    "printf": sprintf,
    "println": sprintln,
    "html": _html_escape,
    "js": _js_escape,
    "urlquery": _urlquery,
    "eq": _DEFAULT_COMPARISONS.eq,
    "ne": _DEFAULT_COMPARISONS.ne,
    "lt": _DEFAULT_COMPARISONS.lt,
    "le": _DEFAULT_COMPARISONS.le,
    "gt": _DEFAULT_COMPARISONS.gt,
    "ge": _DEFAULT_COMPARISONS.ge,
    "call": _call,
}
