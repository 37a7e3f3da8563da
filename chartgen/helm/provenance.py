"""Which template line produced each rendered line.

The executor records, for every piece of output, the template file and line of the node that wrote it and
whether the piece is literal template text. Inside literal text each newline is also a newline of the template,
so the template line advances with the output; an action's output (``toYaml``, ``include``) may span many lines
that all come from the one line holding the action.

Only lint reads provenance, so a rendered document carries it as :class:`DocumentOrigins`, computed on first use.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import overload

from chartgen.records import record

__all__ = ["DocumentOrigins", "Origin", "TemplateLines"]

_NEWLINE = re.compile("\n")


@record(frozen=True)
class Origin:
    """A template position: the file as Helm names it (``chart/templates/x.yaml``) and a 1-based line."""

    template: str
    line: int

    def __str__(self) -> str:
        return f"{self.template}:{self.line}"


class TemplateLines:
    """The template lines behind one template's output, asked once per document cut out of that output.

    ``trace`` holds the executor's pieces as ``(output offset, template, line, literal)`` in output order; their
    offsets, and the offsets of the output's newlines, are indexed once (on the first question) rather than for
    every document, so that every question costs time in proportion to the lines it asks about.
    """

    def __init__(self, text: str, trace: list[tuple[int, str, int, bool]]) -> None:
        self.text = text
        self.trace = trace
        self._offsets: list[int] | None = None
        self._newlines: list[int] | None = None

    def _index(self) -> tuple[list[int], list[int]]:
        if self._offsets is None or self._newlines is None:
            self._offsets = [entry[0] for entry in self.trace]
            self._newlines = [match.start() for match in _NEWLINE.finditer(self.text)]
        return self._offsets, self._newlines

    def origins(self, start: int, length: int) -> list[Origin | None]:
        """Origins of each line of ``text[start:start+length]``."""
        offsets, newlines = self._index()
        origins: list[Origin | None] = []
        end = start + length
        position = start
        # Newlines before ``position``: the template line of a literal position is its piece's line plus the
        # newlines between the piece's start and the position.
        before = bisect.bisect_left(newlines, start)
        while position <= end:
            origins.append(self._origin_at(position, before, offsets, newlines))
            if before >= len(newlines) or newlines[before] >= end:
                break
            position = newlines[before] + 1
            before += 1
        return origins

    def _origin_at(self, position: int, before: int, offsets: list[int], newlines: list[int]) -> Origin | None:
        # The piece that wrote the first character of the line (skipping pieces that wrote nothing).
        index = bisect.bisect_right(offsets, position) - 1
        if index < 0:
            return None
        offset, template, line, literal = self.trace[index]
        if literal:
            line += before - bisect.bisect_left(newlines, offset)
        return Origin(template, line)


class DocumentOrigins(Sequence[Origin | None]):
    """The origin of each line of one rendered document, worked out when first read (render never reads it)."""

    def __init__(self, lines: TemplateLines, start: int, length: int) -> None:
        self._source: tuple[TemplateLines, int, int] | None = (lines, start, length)
        self._items: list[Origin | None] = []

    def _resolved(self) -> list[Origin | None]:
        if self._source is not None:
            lines, start, length = self._source
            self._items = lines.origins(start, length)
            self._source = None
        return self._items

    @overload
    def __getitem__(self, index: int) -> Origin | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[Origin | None]: ...

    def __getitem__(self, index: int | slice) -> Origin | None | list[Origin | None]:
        return self._resolved()[index]

    def __len__(self) -> int:
        return len(self._resolved())

    def __iter__(self) -> Iterator[Origin | None]:
        return iter(self._resolved())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return self._resolved() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DocumentOrigins({self._resolved()!r})"
