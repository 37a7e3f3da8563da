"""The rendered side of an upgrade: what upstream changed between the two stock charts, and what the overlays change
on each, kept apart. The object and field diff is :mod:`chartgen.snapshot.manifest_diff`'s (``chartgen diff``).

Secret ``data`` and ``stringData`` values never reach a report: they are diffed as they are (so a changed value
still shows as changed) and masked afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chartgen.helm.options import RenderOptions
from chartgen.snapshot.manifest_diff import (
    MISSING,
    FieldChange,
    Manifest,
    ManifestDiff,
    ObjectChange,
    ObjectKey,
    diff_manifests,
)
from chartgen.snapshot.overlay_delta import rendered_manifests

__all__ = ["MASK", "OverlayEffect", "masked", "render_diff", "overlay_effect"]

MASK = "<redacted>"
_SECRET_FIELDS = ("data", "stringData")


def render_diff(old: dict[str, bytes], new: dict[str, bytes], options: RenderOptions) -> ManifestDiff:
    """The manifests of chart files ``old`` and ``new`` rendered with ``options``, diffed, Secret values masked."""
    return masked(diff_manifests(rendered_manifests(old, options), rendered_manifests(new, options)))


@dataclass
class OverlayEffect:
    """What the overlays change on the old and on the new stock chart, and where the two differ (field entries
    named ``<object> <path>``; an added or removed object is its own entry, path ``(object)``)."""

    old: ManifestDiff | None
    new: ManifestDiff | None
    only_old: list[str]
    only_new: list[str]
    different: list[str]

    @property
    def same(self) -> bool:
        return not (self.only_old or self.only_new or self.different)

    def to_data(self) -> dict[str, Any]:
        return {
            "same": self.same if self.old is not None and self.new is not None else None,
            "onlyOnOld": self.only_old,
            "onlyOnNew": self.only_new,
            "different": self.different,
            "old": self.old.to_data() if self.old is not None else None,
            "new": self.new.to_data() if self.new is not None else None,
        }


def overlay_effect(
    old: ManifestDiff | None, new: ManifestDiff | None, versions: tuple[str, str] = ("", "")
) -> OverlayEffect:
    """Compare the overlays' effect on the old and the new chart; ``versions`` (old, new chart versions) are read
    as one placeholder, so a label holding the chart's version is the same change on both sides."""
    if old is None or new is None:
        return OverlayEffect(old, new, [], [], [])
    before, after = _entries(old, versions[0]), _entries(new, versions[1])
    return OverlayEffect(
        old,
        new,
        only_old=sorted(set(before) - set(after)),
        only_new=sorted(set(after) - set(before)),
        different=sorted(k for k in set(before) & set(after) if before[k] != after[k]),
    )


def _entries(diff: ManifestDiff, version: str) -> dict[str, str]:
    """Each change of ``diff`` as ``entry -> what it does``, comparable across the two stock charts."""
    out = {}
    for key, manifest in diff.added:
        out[f"{key} (object)"] = f"added {_canonical(manifest.body)}"
    for key, manifest in diff.removed:
        out[f"{key} (object)"] = f"removed {_canonical(manifest.body)}"
    for change in diff.changed:
        for item in change.fields:
            out[f"{change.key} {item.path}"] = _canonical(item.to_data())
    if not version:
        return out
    return {k.replace(version, "<version>"): v.replace(version, "<version>") for k, v in out.items()}


def _canonical(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, default=str)


def masked(diff: ManifestDiff) -> ManifestDiff:
    """``diff`` with every Secret data value replaced by :data:`MASK`."""
    return ManifestDiff(
        added=[(k, _masked_manifest(k, m)) for k, m in diff.added],
        removed=[(k, _masked_manifest(k, m)) for k, m in diff.removed],
        changed=[
            ObjectChange(c.key, [_masked_field(c.key, f) for f in c.fields], c.old_source, c.new_source)
            for c in diff.changed
        ],
    )


def _masked_manifest(key: ObjectKey, manifest: Manifest) -> Manifest:
    if key.kind != "Secret":
        return manifest
    return Manifest(manifest.source, _masked_body(manifest.body))


def _masked_body(body: Any) -> Any:
    if not isinstance(body, dict):
        return MASK
    return {k: _mask(v) if k in _SECRET_FIELDS else v for k, v in body.items()}


def _masked_field(key: ObjectKey, item: FieldChange) -> FieldChange:
    if key.kind != "Secret" or not item.path.startswith((*_SECRET_FIELDS, "(document)")):
        return item
    if item.path == "(document)":
        return FieldChange(item.path, *(v if v is MISSING else _masked_body(v) for v in (item.old, item.new)))
    return FieldChange(
        item.path,
        MISSING if item.old is MISSING else _mask(item.old),
        MISSING if item.new is MISSING else _mask(item.new),
    )


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: MASK for k in value}
    return MASK
