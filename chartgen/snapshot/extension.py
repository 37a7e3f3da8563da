"""The syrupy extension: one readable ``.yaml`` file per test case instead of syrupy's ``.ambr`` collection.

Files are written and read as bytes so that they are identical on every platform (no newline translation).
A failed comparison is explained first by a list of the objects and fields that changed — pytest shortens long
assertion messages, and that list is what must survive the shortening — then by a unified diff whose hunks
name object and field, and, when the semantic differ is available, by its summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from chartgen.snapshot.linediff import describe_changes, readable_diff
from chartgen.snapshot.normalise import NormalisedManifests, read_header

__all__ = ["YamlSnapshotExtension"]

_MAX_LISTED = 20


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
    changes = describe_changes(old, new)
    header = [c for c in changes if c.startswith("header ")]
    fields = [c for c in changes if not c.startswith("header ")]
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
    lines += readable_diff(old, new)
    semantic = _semantic_summary(old, new)
    if semantic:
        lines += ["", "Semantic diff (chartgen.snapshot.manifest_diff):", *semantic]
    return lines


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
