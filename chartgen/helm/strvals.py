"""Helm's ``strvals`` parser: the ``--set``, ``--set-string``, ``--set-file``, ``--set-json`` and ``--set-literal``
flag syntax, written into an existing values map exactly as Helm does it.

``a.b=v`` nests maps, ``l[2]=v`` grows lists with nulls, ``{a,b}`` is a list, ``\\`` escapes the next character,
commas separate assignments. Values are typed per flag: ``--set`` gives ``Int64``/bool/nil/str, ``--set-string``
always str, ``--set-file`` the file's content, ``--set-json`` a decoded JSON value, ``--set-literal`` the verbatim
rest of the argument. Assignments write into the map given (and into lists and maps already there), which is why
``-f`` values and earlier flags are visible to later ones.

Errors are raised as :class:`StrvalsError` with strvals' own text; the ``failed parsing --set data:`` prefix belongs
to the caller (see :func:`chartgen.helm.coalesce.merge_user_values`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from chartgen import gostrconv
from chartgen.command_runtime import recursion_room
from chartgen.gotemplate.gotypes import Int64, go_type_name
from chartgen.helm.gojson import json_nesting
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.limits import JSON_DEPTH, SET_LIST_NESTING, SET_MAX_INDEX, SET_NESTED_NAME_LEVEL

__all__ = ["MAX_INDEX", "MAX_NESTED_NAME_LEVEL", "StrvalsError", "parse_set"]

MAX_INDEX = SET_MAX_INDEX
MAX_NESTED_NAME_LEVEL = SET_NESTED_NAME_LEVEL

FileReader = Callable[[str], Any]


class StrvalsError(Exception):
    """A strvals parse error; ``str()`` is Helm's text (``key "x" has no value``)."""


class _EOF(Exception):
    """Go's ``io.EOF``: the end of the argument, which ends parsing without error at a key boundary."""


class _IndexEOF(StrvalsError):
    """An index cut short by the end of input. Helm 3 reports it; Helm 4 wraps io.EOF with %w, so its
    ``errors.Is(err, io.EOF)`` check treats it as the normal end of the argument."""


class _NotList(Exception):
    """strvals' ``ErrNotList``: the value does not start with ``{``."""


class _Scanner:
    """A rune reader over the flag argument with one rune of push-back (Go's ``bytes.Buffer``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self) -> str | None:
        if self.pos >= len(self.text):
            return None
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def unread(self) -> None:
        self.pos -= 1

    def rest(self) -> str:
        return self.text[self.pos :]


def _until(sc: _Scanner, stop: str, *, escapes: bool = True) -> tuple[str, str | None]:
    """Read up to (and consuming) a stop rune; ``\\`` takes the next rune literally. Returns (text, stop) and
    ``stop`` None at the end of input."""
    out: list[str] = []
    while True:
        ch = sc.read()
        if ch is None:
            return "".join(out), None
        if ch in stop:
            return "".join(out), ch
        if ch == "\\" and escapes:
            nxt = sc.read()
            if nxt is None:
                return "".join(out), None
            out.append(nxt)
        else:
            out.append(ch)


def _typed(text: str) -> Any:
    """``--set`` typing: bools and null in any case, int64 unless it starts with 0, else the string."""
    lowered = text.casefold()  # Go's strings.EqualFold
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return Int64(0)
    if text and text[0] != "0":
        try:
            return Int64(gostrconv.parse_int(text, 10))
        except gostrconv.NumError:
            pass
    return text


def _go_type(value: Any) -> str:
    return "nil" if value is None else go_type_name(value)


def _expect(value: Any, kind: type, go_name: str) -> Any:
    """Go's unchecked type assertion, which panics; strvals recovers it into ``unable to parse key: ...``."""
    if not isinstance(value, kind):
        raise StrvalsError(
            f"unable to parse key: interface conversion: interface {{}} is {_go_type(value)}, not {go_name}"
        )
    return value


def _set(data: dict, key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(items: list, index: int, value: Any) -> list:
    if index < 0:
        raise StrvalsError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise StrvalsError(f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
    if len(items) <= index:
        items = items + [None] * (index + 1 - len(items))
    items[index] = value
    return items


def _atoi(text: str) -> int:
    try:
        return gostrconv.atoi(text)
    except gostrconv.NumError as exc:
        raise StrvalsError(f"error parsing index: {exc}") from None


def _quote_runes(text: str) -> str:
    """Go's ``%q`` of a ``[]rune``: each rune quoted on its own, ``['a' 'b']``."""
    return "[" + " ".join(gostrconv.quote_rune(ord(ch)) for ch in text) + "]"


class _Parser:
    """One flag argument; ``mode`` is ``set``, ``string``, ``file``, ``json`` or ``literal``."""

    def __init__(self, text: str, data: dict, mode: str, read_file: FileReader | None, profile: HelmProfile) -> None:
        self.profile = profile
        self.sc = _Scanner(text)
        self.data = data
        self.mode = mode
        self.read_file = read_file
        self.literal = mode == "literal"
        self.list_depth = 0

    # -- values

    def reader(self, text: str) -> Any:
        if self.mode == "string":
            return text
        if self.mode == "file":
            assert self.read_file is not None
            try:
                return self.read_file(text)
            except StrvalsError:
                raise
            except Exception as exc:  # the reader's error text is what Helm prints
                raise StrvalsError(str(exc)) from None
        return _typed(text)

    def value_list(self) -> list:
        ch = self.sc.read()
        if ch is None:
            raise _EOF
        if ch != "{":
            self.sc.unread()
            raise _NotList
        out: list = []
        while True:
            text, last = _until(self.sc, ",}")
            if last is None:
                raise StrvalsError("list must terminate with '}'")
            if last == "}":
                nxt = self.sc.read()
                if nxt is not None and nxt != ",":
                    self.sc.unread()
                out.append(self.reader(text))
                return out
            out.append(self.reader(text))

    def empty_value(self) -> bool:
        """Skip blanks; true at a comma (consumed) or the end, false before anything else (not consumed)."""
        while True:
            ch = self.sc.read()
            if ch is None or ch == ",":
                return True
            if not ch.isspace():
                self.sc.unread()
                return False

    def json_value(self) -> Any:
        rest = self.sc.rest()
        # Go's decoder refuses a value nested past JSON_DEPTH; Helm then drops the reason from its message.
        depth = json_nesting(rest)[0]
        if depth > JSON_DEPTH:
            raise StrvalsError("invalid JSON value")
        decoder = json.JSONDecoder(parse_constant=_reject_constant, parse_int=float)
        try:
            with recursion_room(depth * 3 + 100):
                value, end = decoder.raw_decode(rest)
                number_value = _json_numbers(value)
        except (ValueError, RecursionError):
            raise StrvalsError("invalid JSON value") from None
        self.sc.pos += end
        return number_value

    def scalar_value(self) -> Any:
        """The value after ``=`` for the typed modes: a ``{...}`` list or the text up to the next comma."""
        try:
            return self.value_list()
        except _EOF:
            return ""
        except _NotList:
            text, _ = _until(self.sc, ",")
            return self.reader(text)

    # -- keys

    def parse(self) -> None:
        while True:
            try:
                self.key(self.data, 0)
            except _EOF:
                return
            except _IndexEOF:
                if self.profile.set_open_index_ignored:
                    return
                raise

    def key(self, data: dict, level: int) -> None:
        stop = "=[." if self.literal else "=[,."
        name, last = _until(self.sc, stop, escapes=not self.literal)
        if last is None:
            if not name:
                raise _EOF
            raise StrvalsError(f"key {gostrconv.quote(name)} has no value")
        if last == "[":
            index = self.index()
            items = _expect(data[name], list, "[]interface {}") if name in data else []
            try:
                items = self.list_item(items, index, level)
            finally:
                _set(data, name, items)
            return
        if last == "=":
            self.assign(data, name)
            return
        if last == ",":
            _set(data, name, "")
            raise StrvalsError(f"key {gostrconv.quote(name)} has no value (cannot end with ,)")
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise StrvalsError(
                f"value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
            )
        inner = _expect(data[name], dict, "map[string]interface {}") if name in data else {}
        try:
            self.key(inner, level)
        except _EOF:
            if inner:
                _set(data, name, inner)
            raise
        if not inner:
            raise StrvalsError(f"key map {gostrconv.quote(name)} has no value")
        _set(data, name, inner)

    def assign(self, data: dict, name: str) -> None:
        if self.literal:
            _set(data, name, self.sc.rest())
            self.sc.pos = len(self.sc.text)
            return
        if self.mode == "json":
            if self.empty_value():
                _set(data, name, None)
                return
            _set(data, name, self.json_value())
            self.empty_value()
            return
        try:
            values = self.value_list()
        except _EOF:
            _set(data, name, "")
            raise
        except _NotList:
            text, _ = _until(self.sc, ",")
            # Go sets the value before reporting a reader (file) error; nothing observes the difference.
            _set(data, name, self.reader(text))
            return
        _set(data, name, values)

    def index(self) -> int:
        text, last = _until(self.sc, "]", escapes=not self.literal)
        if last is None:
            raise _IndexEOF("error parsing index: EOF")
        return _atoi(text)

    def list_item(self, items: list, index: int, level: int) -> list:
        if index < 0:
            raise StrvalsError(f"negative {index} index not allowed")
        rest, last = _until(self.sc, "[.=", escapes=not self.literal)
        if rest:
            raise StrvalsError(f"unexpected data at end of array index: {_quote_runes(rest)}")
        if last is None:
            raise _EOF
        if last == "=":
            if self.literal:
                value: Any = self.sc.rest()
                self.sc.pos = len(self.sc.text)
                return _set_index(items, index, value)
            if self.mode == "json":
                if self.empty_value():
                    return _set_index(items, index, None)
                items = _set_index(items, index, self.json_value())
                self.empty_value()
                return items
            return _set_index(items, index, self.scalar_value())
        if last == "[":
            inner_index = self.index()
            self.list_depth += 1
            if self.list_depth > SET_LIST_NESTING:
                raise StrvalsError(
                    f"list index nesting is greater than chartgen's maximum supported nesting of {SET_LIST_NESTING}"
                )
            nested: list = []
            if len(items) > index and items[index] is not None:
                nested = _expect(items[index], list, "[]interface {}")
            nested = self.list_item(nested, inner_index, level)
            return _set_index(items, index, nested)
        inner: dict = {}
        if len(items) > index:
            if isinstance(items[index], dict):
                inner = items[index]
            else:
                items[index] = inner  # indexes given out of order: start an empty map there
        self.key(inner, level)
        return _set_index(items, index, inner)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


def _json_numbers(value: Any) -> Any:
    """encoding/json decodes every number into float64 and refuses ones beyond its range."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isinf(number):
            raise StrvalsError("json: number out of range")
        return number
    if isinstance(value, list):
        return [_json_numbers(item) for item in value]
    return {key: _json_numbers(item) for key, item in value.items()}


def parse_set(
    item: str,
    base: dict[str, Any],
    kind: str = "set",
    read_file: FileReader | None = None,
    *,
    profile: HelmProfile = HELM_3,
) -> dict[str, Any]:
    """Apply one flag argument (``"a.b=1,c={x,y}"``) to ``base`` in place, and return ``base``.

    ``kind`` is ``"set"``, ``"string"``, ``"file"`` (``read_file(path)`` returns the value; its exception text is
    the error), ``"json"`` or ``"literal"``. An assignment that fails may leave earlier ones of the same argument
    applied, as in Helm. A profile with ``set_open_index_ignored`` (Helm 4) ends silently at an index cut short
    (``a[1``), which Helm 3 reports.
    """
    if kind not in ("set", "string", "file", "json", "literal"):
        raise ValueError(f"unknown strvals kind {kind!r}")
    if kind == "file" and read_file is None:
        raise ValueError("--set-file needs a read_file callable")
    try:
        with recursion_room(min(item.count("["), SET_LIST_NESTING) * 2 + 200):
            _Parser(item, base, kind, read_file, profile).parse()
    except RecursionError:
        raise StrvalsError("the value is nested more deeply than this Python stack can take") from None
    return base


def parse_json_object(text: str) -> dict[str, Any]:
    """Helm 4's ``--set-json '{...}'``: a whole JSON object; raises ValueError when it is not one."""
    depth = json_nesting(text)[0]
    if depth > JSON_DEPTH:
        raise ValueError("exceeded max depth")
    try:
        with recursion_room(depth * 3 + 100):
            value = json.loads(text, parse_constant=_reject_constant, parse_int=float)
            if not isinstance(value, dict):
                raise ValueError("not a JSON object")
            return _json_numbers(value)
    except StrvalsError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError("nested more deeply than this Python stack can read") from None
