"""Merging an overlay's values into a chart's values.yaml, round-trip, so comments and key order survive.

Existing keys keep their place and comments and only take the overlay's value. New top-level sections are
appended as the overlay wrote them, comments included: ruamel.yaml attaches a comment to the key *before* it,
so moving a commented section between documents through its API would lose or misplace those comments.
"""

from __future__ import annotations

from typing import Any

from chartgen.errors import AlreadyPatchedError, Location, OverlayError
from chartgen.yamlio import detect_indentation, dump_yaml, key_position, load_yaml


def merge_values(chart_text: str, chart_where: str, overlay_text: str, overlay_where: str, owns: list[str]) -> str:
    from ruamel.yaml.comments import CommentedMap

    newline = "\r\n" if "\r\n" in chart_text else "\n"
    chart_text = chart_text.replace("\r\n", "\n")
    chart = load_yaml(chart_text, chart_where)
    if chart is None:
        chart = CommentedMap()
    if not isinstance(chart, CommentedMap):
        raise OverlayError("values.yaml must be a mapping at its top level", Location(chart_where, 1))
    fragment = load_yaml(overlay_text, overlay_where, OverlayError)
    if not isinstance(fragment, CommentedMap):
        raise OverlayError("an overlay's values must be a mapping", Location(overlay_where, 1))
    for key in owns:
        if key in chart:
            pos = key_position(chart, key)
            raise AlreadyPatchedError(
                f"values already have {key!r}, which this overlay introduces; the chart looks patched already",
                Location(chart_where, *(pos or (None, None))),
            )
    new_sections = [k for k in fragment if k not in chart]
    for key in fragment:
        if key in chart:
            _merge_into(chart, key, fragment[key])
    text = dump_yaml(chart, detect_indentation(chart_text)) if len(chart) else ""
    appended = _sections_text(overlay_text, fragment, new_sections)
    if appended:
        text = text.rstrip("\n") + "\n\n" + appended if text.strip() else appended
    # The caller parses the result again to validate it against the schema, which also proves it is YAML.
    return text.replace("\n", newline)


def _merge_into(parent: Any, key: Any, value: Any) -> None:
    from ruamel.yaml.comments import CommentedMap

    current = parent[key]
    if isinstance(current, CommentedMap) and isinstance(value, CommentedMap):
        for sub in value:
            if sub in current:
                _merge_into(current, sub, value[sub])
            else:
                current[sub] = value[sub]
        return
    parent[key] = value


def _sections_text(overlay_text: str, fragment: Any, keys: list[str]) -> str:
    """The overlay's own text for each top-level key in ``keys``, with the comment lines just above it."""
    lines = overlay_text.replace("\r\n", "\n").split("\n")
    order = list(fragment)
    starts = {k: fragment.lc.key(k)[0] for k in order}
    chunks = []
    for key in keys:
        start = starts[key]
        later = [starts[k] for k in order if starts[k] > start]
        end = min(later) if later else len(lines)
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        body = lines[start:end]
        # Comments that lead the next section belong to it, not to this one.
        while body and (not body[-1].strip() or (end < len(lines) and body[-1].lstrip().startswith("#"))):
            body.pop()
        chunks.append("\n".join(body))
    return "\n\n".join(chunks) + "\n" if chunks else ""
