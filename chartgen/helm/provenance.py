"""Which template line produced each rendered line.

The executor records, for every piece of output, the template file and line of the node that wrote it and
whether the piece is literal template text. Inside literal text each newline is also a newline of the template,
so the template line advances with the output; an action's output (``toYaml``, ``include``) may span many lines
that all come from the one line holding the action.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

__all__ = ["Origin", "TemplateLines"]


@dataclass(frozen=True)
class Origin:
    """A template position: the file as Helm names it (``chart/templates/x.yaml``) and a 1-based line."""

    template: str
    line: int

    def __str__(self) -> str:
        return f"{self.template}:{self.line}"


class TemplateLines:
    """The template lines behind one template's output, asked once per document cut out of that output.

    ``trace`` holds the executor's pieces as ``(output offset, template, line, literal)`` in output order; their
    offsets are indexed once here rather than for every document.
    """

    def __init__(self, text: str, trace: list[tuple[int, str, int, bool]]) -> None:
        self.text = text
        self.trace = trace
        self.offsets = [entry[0] for entry in trace]

    def origins(self, start: int, length: int) -> list[Origin | None]:
        """Origins of each line of ``text[start:start+length]``."""
        origins: list[Origin | None] = []
        position = start
        end = start + length
        while position <= end:
            origins.append(self._origin_at(position))
            newline = self.text.find("\n", position, end)
            if newline < 0:
                break
            position = newline + 1
        return origins

    def _origin_at(self, position: int) -> Origin | None:
        # The piece that wrote the first character of the line (skipping pieces that wrote nothing).
        index = bisect.bisect_right(self.offsets, position) - 1
        if index < 0:
            return None
        offset, template, line, literal = self.trace[index]
        if literal:
            line += self.text.count("\n", offset, position)
        return Origin(template, line)
