"""A YAML file of chartgen's own formats (overlay.yaml, fleet.yaml, invariant declarations) judged by its JSON
Schema: the one problem worth reporting, worded for one line, and where it is in the file.

Only a broken file pays for the position-keeping parse: the data is validated as read plainly, and the file is
parsed again with positions only to place the problem.
"""

from __future__ import annotations

from typing import Any

from chartgen.errors import ChartgenError, Location
from chartgen.records import record
from chartgen.yamlread.roundtrip import load_yaml, position_of

__all__ = ["SchemaProblem", "located", "schema_problem"]

# A refused value is quoted in jsonschema's message; a hostile one may be huge.
_MESSAGE_CHARS = 300
_KEPT_AT_EACH_END = 100


@record(frozen=True)
class SchemaProblem:
    """Where in the data a schema is broken (keys and indexes) and what is wrong there."""

    path: list[Any]
    message: str

    @property
    def dotted(self) -> str:
        """``operations.2.target`` — the path as the one-line error names it."""
        return ".".join(str(part) for part in self.path) or "(top level)"


def schema_problem(schema: dict[str, Any], data: Any) -> SchemaProblem | None:
    """The most telling problem of ``data`` under the Draft-7 ``schema`` (jsonschema's ``best_match``), or None."""
    import jsonschema

    error = jsonschema.exceptions.best_match(jsonschema.Draft7Validator(schema).iter_errors(data))
    if error is None:
        return None
    message = error.message
    if len(message) > _MESSAGE_CHARS:
        message = message[:_KEPT_AT_EACH_END] + " ... " + message[-_KEPT_AT_EACH_END:]
    return SchemaProblem(list(error.absolute_path), message)


def located(text: str, where: str, path: list[Any], error: type[ChartgenError]) -> Location:
    """``where:line:column`` of ``path`` in the YAML ``text`` (just ``where`` when the path leads nowhere)."""
    pos = position_of(load_yaml(text, where, error), path)
    return Location(where, *pos) if pos else Location(where)
