"""Whether a user's values file still fits the new patched chart: its schema, and keys the new version dropped.

Schema violations come from :func:`chartgen.patch.values_schema.violations` (what ``patch -f`` and ``lint``
check), each located in the file with :func:`~chartgen.patch.values_schema.locate`. A key the file sets that the
new version renamed or removed is a problem even where the schema lets it through: Helm would take it and the
templates would silently ignore it. A renamed key's message says what it is called now.
"""

from __future__ import annotations

from typing import Any

from chartgen.errors import Location
from chartgen.patch.values_file import ValuesDocument
from chartgen.patch.values_schema import coalesce, locate, violations
from chartgen.records import field, record
from chartgen.upgrade.values_diff import ValuesChange, dotted, leaves

__all__ = ["Problem", "ValuesFileCheck", "check_values_file"]


@record(frozen=True)
class Problem:
    where: str  # file[:line[:col]]
    message: str

    def to_data(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


@record
class ValuesFileCheck:
    path: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_data(self) -> dict[str, Any]:
        return {"file": self.path, "valid": self.valid, "problems": [p.to_data() for p in self.problems]}


def check_values_file(
    document: ValuesDocument, defaults: ValuesDocument, schema: dict[str, Any] | None, change: ValuesChange
) -> ValuesFileCheck:
    """The problems of ``document`` over the new patched chart's ``defaults`` and ``schema``, in file order."""
    found: dict[str, Problem] = {}  # by dotted key: one problem per key, the most telling one
    sources = [defaults, document]
    if schema is not None:
        for violation in violations(schema, coalesce(sources)):
            where = locate(sources, violation.path, violation.key)
            key = dotted(tuple(map(str, [*violation.path, *([violation.key] if violation.key else [])])))
            message = violation.message
            renamed = change.renamed_to(key) if violation.key else None
            if renamed is not None:
                message = f"unknown key {key!r} (renamed to {renamed!r} in the new version)"
            found.setdefault(key, Problem(str(where or Location(document.where)), message))
    for path in sorted(leaves(document.values or {})):
        for depth in range(len(path), 0, -1):
            key = dotted(path[:depth])
            if key in found:
                break
            renamed = change.renamed_to(key)
            if renamed is None and key not in change.removed:
                continue
            what = f"renamed to {renamed!r}" if renamed else "removed"
            where = _key_location(document, path[:depth])
            found[key] = Problem(str(where), f"key {key!r} was {what} in the new version; this setting has no effect")
            break
    problems = sorted(found.values(), key=lambda p: (_line(p.where), p.message))
    return ValuesFileCheck(document.where, problems)


def _key_location(document: ValuesDocument, path: tuple[str, ...]) -> Location:
    pos = document.positions.key(list(path[:-1]), path[-1])
    return Location(document.where, *pos) if pos else Location(document.where)


def _line(where: str) -> tuple[int, str]:
    head, _, rest = where.partition(":")
    number = rest.partition(":")[0]
    return (int(number) if number.isdigit() else 0, head)
