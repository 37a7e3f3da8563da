"""``.Files``: a chart's non-template files as Helm's engine exposes them to templates.

Helm's ``files`` type is a ``map[string][]byte`` with methods, so templates can both call ``.Files.Get`` and
``range $path, $bytes := .Files``. We model it the same way: a ``dict`` of path to ``bytes`` whose Go methods are
Capitalised Python methods. Glob patterns follow gobwas/glob with ``/`` as the separator.
"""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from chartgen.gotemplate.funcs import FuncError
from chartgen.gotemplate.gomembers import go_members, go_method
from chartgen.gotemplate.gotypes import StringList

__all__ = ["Files", "compile_glob"]


class _BadGlob(ValueError):
    """The pattern is not valid gobwas/glob syntax."""


class _GlobParser:
    """Translates a gobwas/glob pattern into a Python regex (``/`` is the separator)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.pos = 0

    def parse(self) -> str:
        return self._sequence(depth=0)

    def _sequence(self, depth: int) -> str:
        out: list[str] = []
        p = self.pattern
        while self.pos < len(p):
            ch = p[self.pos]
            if depth and ch in ",}":
                return "".join(out)
            self.pos += 1
            if ch == "\\":
                # An escape at the very end escapes nothing; gobwas drops it (observed: "a.txt\\" matches a.txt).
                if self.pos < len(p):
                    out.append(re.escape(p[self.pos]))
                    self.pos += 1
            elif ch == "*":
                if self.pos < len(p) and p[self.pos] == "*":
                    while self.pos < len(p) and p[self.pos] == "*":
                        self.pos += 1
                    out.append(".*")
                else:
                    out.append("[^/]*")
            elif ch == "?":
                out.append("[^/]")
            elif ch == "[":
                out.append(self._char_class())
            elif ch == "{":
                out.append(self._alternatives(depth + 1))
            else:
                out.append(re.escape(ch))
        return "".join(out)

    def _alternatives(self, depth: int) -> str:
        options = [self._sequence(depth)]
        p = self.pattern
        while self.pos < len(p) and p[self.pos] == ",":
            self.pos += 1
            options.append(self._sequence(depth))
        # An unclosed "{" is closed by the end of the pattern (observed: "{a" matches "a").
        if self.pos < len(p) and p[self.pos] == "}":
            self.pos += 1
        return "(?:" + "|".join(options) + ")"

    def _char_class(self) -> str:
        p = self.pattern
        negated = self.pos < len(p) and p[self.pos] == "!"
        if negated:
            self.pos += 1
        items: list[str] = []
        while True:
            if self.pos >= len(p):
                raise _BadGlob("unclosed character class")
            ch = p[self.pos]
            self.pos += 1
            if ch == "]":
                break
            if ch == "\\" and self.pos < len(p):
                ch = p[self.pos]
                self.pos += 1
            if self.pos < len(p) and p[self.pos] == "-":
                if self.pos + 1 >= len(p) or p[self.pos + 1] == "]":
                    raise _BadGlob("unfinished range")
                hi = p[self.pos + 1]
                self.pos += 2
                if hi < ch:
                    raise _BadGlob("range out of order")
                items.append(f"{re.escape(ch)}-{re.escape(hi)}")
            else:
                items.append(re.escape(ch))
        if not items:
            raise _BadGlob("empty character class")
        # A class is not restricted by the separator: "[!a]" matches "/" too.
        return "[" + ("^" if negated else "") + "".join(items) + "]"


def compile_glob(pattern: str) -> re.Pattern[str]:
    """gobwas/glob ``Compile(pattern, '/')``; Helm treats a pattern that fails to compile as ``**``."""
    try:
        body = _GlobParser(pattern).parse()
    except _BadGlob:
        body = ".*"
    return re.compile(body, re.DOTALL)


@go_members()
class Files(dict):
    """Helm's ``engine.files``: path (relative to the chart root) to content, plus the template-facing methods."""

    go_type = "engine.files"
    go_underlying = "map[string][]uint8"

    def __init__(self, entries: Mapping[str, bytes] | Iterable[Any] = ()) -> None:
        """From a mapping, (path, bytes) pairs, or ``ChartFile`` objects (anything with ``name`` and ``data``)."""
        if not isinstance(entries, Mapping):
            entries = [(e.name, e.data) if hasattr(e, "data") else e for e in entries]
        super().__init__(entries)

    def get(self, key: Any, default: Any = b"") -> Any:  # type: ignore[override]
        # A Go map lookup of a missing key yields the element's zero value, here an empty []byte (prints "[]").
        return super().get(key, default)

    @go_method("string", results=("[]uint8",))
    def GetBytes(self, name: str) -> bytes:  # noqa: N802 - Go method name
        return bytes(super().get(name, b""))

    @go_method("string", results=("string",))
    def Get(self, name: str) -> str:  # noqa: N802
        # Go strings hold arbitrary bytes; surrogateescape keeps non-UTF-8 content byte-exact (b64enc, len...).
        return self.GetBytes(name).decode("utf-8", "surrogateescape")

    @go_method("string", results=("engine.files",))
    def Glob(self, pattern: str) -> Files:  # noqa: N802
        matcher = compile_glob(pattern)
        return Files((path, data) for path, data in self.items() if matcher.fullmatch(path))

    @go_method("string", results=("[]string",))
    def Lines(self, path: str) -> StringList:  # noqa: N802
        data = super().get(path)
        if data is None:
            return StringList()
        if not data:
            # Helm indexes the last byte unconditionally, so an empty file panics.
            raise FuncError("runtime error: index out of range [-1]")
        text = data.decode("utf-8", "surrogateescape")
        if text.endswith("\n"):
            text = text[:-1]
        return StringList(text.split("\n"))

    @go_method(results=("string",))
    def AsConfig(self) -> str:  # noqa: N802
        return _to_yaml(self._by_basename(lambda data: data.decode("utf-8", "surrogateescape")))

    @go_method(results=("string",))
    def AsSecrets(self) -> str:  # noqa: N802
        return _to_yaml(self._by_basename(lambda data: base64.b64encode(data).decode("ascii")))

    def _by_basename(self, convert: Any) -> dict[str, str]:
        # Helm keys by base name; on a clash Go's map iteration decides. We keep the first path in sorted order.
        out: dict[str, str] = {}
        for path in sorted(self):
            out.setdefault(posixpath.basename(path), convert(self[path]))
        return out


def _to_yaml(value: dict[str, str]) -> str:
    from chartgen.helm.goyaml import to_yaml  # written alongside; imported lazily so loading stays light

    return to_yaml(value)
