"""The syrupy extension: one readable ``.yaml`` file per test case instead of syrupy's ``.ambr`` collection.

Files are written and read as bytes so that they are identical on every platform (no newline translation).
A failed comparison is explained first by a list of the objects and fields that changed, each with its old and
new value as ``chartgen diff`` prints them (``path: old -> new``, cut short; a Secret's data stays hidden) — pytest
shortens long assertion messages, and that list is what must survive the shortening — then by a unified diff whose
hunks name object and field, and, when the semantic differ is available, by its summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from chartgen.snapshot.linediff import LineSite, changed_sites, header_changes, readable_diff
from chartgen.snapshot.manifest_diff import MISSING, change_line, hide, is_secret_data
from chartgen.snapshot.normalise import NormalisedManifests, load_yaml, read_header

__all__ = ["YamlSnapshotExtension"]

_MAX_LISTED = 20
# Values in the summary are cut to this many characters: pytest keeps only about 640 characters of the message.
_VALUE_LIMIT = 40
# ``  key: value`` (the key plain or quoted) and what a block scalar's first line holds instead of a value.
_KEY_VALUE = re.compile(r"""^(\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:'"][^:]*):\s)(.+)$""")
_BLOCK_INDICATOR = re.compile(r"^[|>][-+0-9]*\s*$")
_OBJECT_LINE = re.compile(r"^# Object: (.*)$", re.MULTILINE)
_DOCUMENT_START = re.compile(r"^---.*$", re.MULTILINE)
# One step of a LineSite path: .key (or a first key), [index], or ["key with dots or slashes"].
_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["(.*?)"\]')


class YamlSnapshotExtension(SingleFileSnapshotExtension):
    """Stores a :class:`NormalisedManifests` (or any text) as ``__snapshots__/<module>/<test>.yaml``."""

    file_extension = "yaml"
    _write_mode = WriteMode.BINARY

    def serialize(self, data: Any, **_kwargs: Any) -> bytes:
        if isinstance(data, NormalisedManifests):
            text = data.text
        elif isinstance(data, str):
            text = data
        elif isinstance(data, bytes):
            return data
        else:
            raise TypeError(f"chart_snapshot compares rendered manifests or text, not {type(data).__name__}")
        return text.encode("utf-8")

    def diff_lines(self, serialized_data: Any, snapshot_data: Any) -> Iterator[str]:
        new, old = _text(serialized_data), _text(snapshot_data)
        if not old:
            # syrupy has already said that the snapshot does not exist; the diff would be the whole file.
            yield "Record it with: pytest --snapshot-update (then review and commit the new file)."
            return
        yield from explain(old, new)


def explain(old: str, new: str) -> list[str]:
    """Why the rendered manifests ``new`` do not match the snapshot ``old``, most telling lines first."""
    header = header_changes(old, new)
    fields = _with_values(changed_sites(old, new), old, new)
    lines: list[str] = []
    if fields:
        lines.append(f"Rendered manifests differ from the snapshot in {len(fields)} place(s):")
        lines += [f"  {c}" for c in fields[:_MAX_LISTED]]
        if len(fields) > _MAX_LISTED:
            lines.append(f"  ... and {len(fields) - _MAX_LISTED} more")
    else:
        lines.append("The manifests are unchanged; only how the snapshot was made differs (tooling or chart identity):")
    if header:
        lines += [f"  {c}" for c in header]
        if _tooling_changed(old, new):
            lines.append("  (chartgen itself or its settings changed: re-record if the manifests are as expected)")
    lines.append("")
    lines += readable_diff(old, new, shown=_without_secret_values)
    semantic = _semantic_summary(old, new)
    if semantic:
        lines += ["", "Semantic diff (chartgen.snapshot.manifest_diff):", *semantic]
    return lines


def _with_values(sites: list[LineSite], old: str, new: str) -> list[str]:
    """``Object: path: old -> new`` for each changed site whose values can be read back from the two documents;
    the site alone where they cannot (a document that is not YAML, a path that no longer leads anywhere)."""
    before, after = _objects(old), _objects(new)
    lines = []
    for site in sites:
        old_body, new_body = before.get(site.obj, MISSING), after.get(site.obj, MISSING)
        if not site.path:
            gone = "added" if old_body is MISSING else "removed" if new_body is MISSING else ""
            lines.append(f"{site.obj}: (object {gone})" if gone else str(site))
            continue
        try:
            old_value, new_value = _at(old_body, site.path), _at(new_body, site.path)
        except LookupError:
            lines.append(str(site))
            continue
        if type(old_value) is type(new_value) and old_value == new_value:
            lines.append(str(site))  # a line moved or was re-wrapped: the field itself holds the same value
            continue
        if _secret_data(site, old_body, new_body):
            old_value, new_value = hide(old_value), hide(new_value)
        lines.append(f"{site.obj}: {change_line(site.path, old_value, new_value, _VALUE_LIMIT)}")
    return lines


def _without_secret_values(line: str, site: LineSite) -> str:
    """A snapshot line as the line diff prints it: a Secret's value replaced by its stand-in (keys and the
    ``data:`` line itself stay), as ``chartgen diff`` prints it."""
    if not is_secret_data(site.obj.split(" ", 1)[0], site.path) or site.path in ("data", "stringData"):
        return line
    pair = _KEY_VALUE.match(line)
    if pair is None:  # a continuation line of a multi-line value
        return line[: len(line) - len(line.lstrip(" "))] + "(hidden)" if line.strip() else line
    if _BLOCK_INDICATOR.match(pair.group(2)):
        return line
    return pair.group(1) + hide(pair.group(2).strip())


def _secret_data(site: LineSite, old_body: Any, new_body: Any) -> bool:
    """Whether ``site`` is a Secret's ``data`` or ``stringData``, by the object's label or its bodies' kind."""
    kinds = {site.obj.split(" ", 1)[0], *(b.get("kind") for b in (old_body, new_body) if isinstance(b, dict))}
    return any(is_secret_data(kind, site.path) for kind in kinds)


def _objects(text: str) -> dict[str, Any]:
    """The body of each object of a snapshot document, by its ``# Object:`` label (the first of a label wins)."""
    bodies: dict[str, Any] = {}
    for chunk in _DOCUMENT_START.split(text)[1:]:
        label = _OBJECT_LINE.search(chunk)
        if label is None or label.group(1) in bodies:
            continue
        try:
            bodies[label.group(1)] = load_yaml(chunk)
        except ValueError:
            continue
    return bodies


def _at(body: Any, path: str) -> Any:
    """The value at a LineSite ``path`` in ``body``: MISSING where a step is not there; LookupError where the path
    does not fit the body's shape."""
    node, pos = body, 0
    while pos < len(path) and node is not MISSING:
        step = _STEP.match(path, pos)
        if step is None:
            raise LookupError(path)
        pos = step.end()
        key, index, quoted = step.groups()
        if index is not None:
            if not isinstance(node, list):
                raise LookupError(path)
            node = node[int(index)] if int(index) < len(node) else MISSING
        else:
            if not isinstance(node, dict):
                raise LookupError(path)
            node = node.get(key if key is not None else quoted, MISSING)
    return node


def _tooling_changed(old: str, new: str) -> bool:
    before, after = read_header(old), read_header(new)
    return any(before.get(k) != after.get(k) for k in ("chartgen", "engine", "helm-compat"))


def _semantic_summary(old: str, new: str) -> list[str]:
    """The object-and-path summary of ``chartgen.snapshot.manifest_diff``, when that module is present and works."""
    try:
        from chartgen.snapshot import manifest_diff
    except ImportError:
        return []
    try:
        diff = manifest_diff.diff_texts(old, new)
        return diff.text().splitlines() if diff else []
    except Exception:  # noqa: BLE001 - an optional extra must never hide the line diff above it
        return []


def _text(data: Any) -> str:
    if data is None:
        return ""
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return str(data)
