"""Go ``text/template``'s built-in functions (``and or not len index slice print printf println html js urlquery
eq ne lt le gt ge call``).

Functions take evaluated arguments and raise ``FuncError`` (or any exception) on failure; the executor wraps the
message as Go does (``error calling index: ...``). ``and``/``or`` are listed here for the name check but the
executor evaluates them itself, because they short-circuit on unevaluated arguments.
"""

from __future__ import annotations

import html as _html
import urllib.parse
from collections.abc import Callable
from typing import Any

from chartgen.gotemplate.goprint import go_type_name, sprint, sprintf, sprintln, to_text

__all__ = ["BUILTINS", "FuncError", "truth"]


class FuncError(Exception):
    """An error returned by a template function; ``str()`` is the Go error text."""


def truth(value: Any) -> bool:
    """Go's ``isTrue``: zero values and empty collections are false; any other object (a struct) is true."""
    if value is None:
        return False
    if isinstance(value, (bool, int, float, complex, str, bytes, list, tuple, dict)):
        return bool(value)
    return True


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


def _index_arg(index: Any, cap: int, *, inclusive: bool) -> int:
    if index is None:
        raise FuncError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise FuncError(f"cannot index slice/array with type {_type(index)}")
    # index needs x < len; slice bounds may equal len.
    if index < 0 or index > cap or (not inclusive and index == cap):
        raise FuncError(f"index out of range: {index}")
    return index


def _index(item: Any, *indexes: Any) -> Any:
    if item is None:
        raise FuncError("index of untyped nil")
    for position, index in enumerate(indexes):
        if item is None:
            # Only reachable after a map lookup yielded a nil interface, which Go reports as a nil pointer.
            raise FuncError("index of nil pointer" if position else "index of untyped nil")
        if isinstance(item, str):
            data = item.encode("utf-8", "surrogateescape")
            item = data[_index_arg(index, len(data), inclusive=False)]
        elif isinstance(item, (bytes, bytearray, list, tuple)):
            item = item[_index_arg(index, len(item), inclusive=False)]
        elif isinstance(item, dict):
            if index is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(index, str) and all(isinstance(k, str) for k in item):
                raise FuncError(f"value has type {_type(index)}; should be string")
            item = item.get(index)
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
    bounds = [0, len(seq)]
    for i, index in enumerate(indexes[:2]):
        bounds[i] = _index_arg(index, len(seq), inclusive=True)
    if bounds[0] > bounds[1]:
        raise FuncError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    result = seq[bounds[0] : bounds[1]]
    if isinstance(item, str):
        return result.decode("utf-8", "surrogateescape")
    return list(result) if isinstance(item, tuple) else result


def _html_escape(*args: Any) -> str:
    text = _eval_args(args)
    return _html.escape(text, quote=True).replace("&#x27;", "&#39;").replace("\x00", "\ufffd")


def _js_escape(*args: Any) -> str:
    out = []
    for ch in _eval_args(args):
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch in "<>&=" or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(_eval_args(args), safe="")


def _eval_args(args: tuple) -> str:
    # Go's evalArgs: a single string argument is used as is, otherwise the arguments are fmt.Sprint-ed.
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*args)


# ------------------------------------------------------------------------------------------------ comparisons


def _kind(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, complex):
        return "complex"
    if isinstance(value, str):
        return "string"
    return "other"


def _comparable(value: Any) -> bool:
    return not isinstance(value, (list, tuple, dict, bytes, bytearray))


def _eq(arg1: Any, *arg2: Any) -> bool:
    if not arg2:
        raise FuncError("missing argument for comparison")
    k1 = _kind(arg1)
    for arg in arg2:
        k2 = _kind(arg)
        if arg1 is None or arg is None:
            # Comparing with nil is never an error and is true only for nil against nil.
            truth_ = arg1 is None and arg is None
        elif k1 != k2:
            raise FuncError("incompatible types for comparison")
        elif not _comparable(arg1) or not _comparable(arg):
            bad = arg1 if not _comparable(arg1) else arg
            raise FuncError(f"non-comparable type {to_text(bad)}: {_type(bad)}")
        else:
            truth_ = arg1 == arg
        if truth_:
            return True
    return False


def _ne(arg1: Any, arg2: Any) -> bool:
    return not _eq(arg1, arg2)


def _lt(arg1: Any, arg2: Any) -> bool:
    k1, k2 = _kind(arg1), _kind(arg2)
    if k1 in ("nil", "other", "bool", "complex") or k2 in ("nil", "other", "bool", "complex"):
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError("incompatible types for comparison")
    return arg1 < arg2


def _le(arg1: Any, arg2: Any) -> bool:
    return _lt(arg1, arg2) or _eq(arg1, arg2)


def _gt(arg1: Any, arg2: Any) -> bool:
    return not _le(arg1, arg2)


def _ge(arg1: Any, arg2: Any) -> bool:
    return not _lt(arg1, arg2)


def _call(fn: Any, *args: Any) -> Any:
    if fn is None:
        raise FuncError("call of nil")
    if not callable(fn):
        raise FuncError(f"non-function of type {_type(fn)}")
    return fn(*args)


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
    "eq": _eq,
    "ne": _ne,
    "lt": _lt,
    "le": _le,
    "gt": _gt,
    "ge": _ge,
    "call": _call,
}
