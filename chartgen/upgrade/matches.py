"""Where each overlay step matches in the old and the new stock chart, so a step that would no longer apply is
shown with its template lines instead of only refused.

Each step (insertion, fill, operation) is counted against the stock chart's templates, as it is written against
them, with the finders the patch engine uses. A step is ``clean`` when it matches as often as it expects on both
sides at the same places, ``moved`` when only the places changed (a container now in another template or at
another line), ``changed`` when the number of matches changed, and ``fails`` when the new chart does not give it
the number it expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chartgen.patch import operations
from chartgen.patch.fill import find_fill_sites
from chartgen.patch.insert import find_sites, is_renderable_template
from chartgen.patch.outline import Outline
from chartgen.patch.overlay_spec import Overlay
from chartgen.records import field, record

__all__ = ["StepMatch", "survey"]


@record
class StepMatch:
    overlay: str
    step: str
    kind: str  # insertion | fill | operation
    target: str
    expect: int
    new: list[str]  # template:line of each match in the new stock chart
    old: list[str] | None = None  # None: the old stock chart is not available
    notes: list[str] = field(default_factory=list)  # the finder's near misses in the new chart, when it fails

    @property
    def status(self) -> str:
        if len(self.new) != self.expect:
            return "fails"
        if self.old is None:
            return "applies"
        if len(self.old) != len(self.new):
            return "changed"
        return "clean" if self.old == self.new else "moved"

    @property
    def needs_attention(self) -> bool:
        return self.status in ("fails", "changed")

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "overlay": self.overlay,
            "step": self.step,
            "kind": self.kind,
            "target": self.target,
            "expect": self.expect,
            "status": self.status,
            "new": self.new,
            "old": self.old,
        }
        if self.notes:
            data["notes"] = self.notes
        return data


def survey(overlays: Iterable[Overlay], new_files: dict[str, bytes], old_files: dict[str, bytes] | None) -> list:
    """A :class:`StepMatch` for every step of ``overlays``, in the order they apply."""
    new = _templates(new_files)
    old = _templates(old_files) if old_files is not None else None
    out = []
    for overlay in overlays:
        for kind, step, target, expect, find in _steps(overlay):
            places, notes = find(new)
            out.append(
                StepMatch(
                    overlay.name,
                    step,
                    kind,
                    target,
                    expect,
                    new=places,
                    old=find(old)[0] if old is not None else None,
                    notes=notes if len(places) != expect else [],
                )
            )
    return out


def _templates(files: dict[str, bytes]) -> dict[str, str]:
    return {
        path: data.decode("utf-8", "replace").replace("\r\n", "\n")
        for path, data in files.items()
        if is_renderable_template(path)
    }


def _steps(overlay: Overlay) -> Iterable[tuple[str, str, str, int, Any]]:
    for insertion in overlay.insertions:
        yield "insertion", insertion.id, insertion.target.describe(), insertion.expect, _insertion_finder(insertion)
    for fill in overlay.fills:
        yield "fill", fill.id, fill.describe(), fill.expect, _fill_finder(fill)
    for op in overlay.operations:
        yield "operation", op.id, f"{op.op} {op.describe()}", op.expect, _operation_finder(op)


def _where(templates: dict[str, str], path: str, index: int) -> str:
    return f"{path}:{Outline(templates[path]).lines[index].number}"


def _insertion_finder(insertion: Any) -> Any:
    def find(templates: dict[str, str]) -> tuple[list[str], list[str]]:
        sites, misses = find_sites(templates, insertion.target)
        places = [
            _where(templates, s.path, s.field_line if s.field_line is not None else s.parent.start) for s in sites
        ]
        return places, misses

    return find


def _fill_finder(fill: Any) -> Any:
    def find(templates: dict[str, str]) -> tuple[list[str], list[str]]:
        return [_where(templates, s.path, s.field_line) for s in find_fill_sites(templates, fill)], []

    return find


def _operation_finder(op: Any) -> Any:
    def find(templates: dict[str, str]) -> tuple[list[str], list[str]]:
        places, misses = operations.find(templates, op)
        lines = [
            _where(templates, p.path, p.field_line if p.field_line is not None else p.parent.start) for p in places
        ]
        return lines, misses

    return find
