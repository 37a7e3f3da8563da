"""The rendered side of an upgrade: what upstream changed between the two stock charts, and what the overlays change
on each, kept apart. The object and field diff is :mod:`chartgen.snapshot.manifest_diff`'s (``chartgen diff``).

Secret ``data`` and ``stringData`` values never reach a report: the diff compares them and prints only its
``(hidden, N chars)`` stand-in.
"""

from __future__ import annotations

from typing import Any

from chartgen.helm.options import RenderOptions
from chartgen.records import record
from chartgen.snapshot.manifest_diff import (
    ManifestDiff,
    diff_manifests,
)
from chartgen.snapshot.overlay_delta import rendered_manifests

__all__ = ["OverlayEffect", "render_diff", "overlay_effect"]


def render_diff(old: dict[str, bytes], new: dict[str, bytes], options: RenderOptions) -> ManifestDiff:
    """The manifests of chart files ``old`` and ``new`` rendered with ``options``, and their diff."""
    return diff_manifests(rendered_manifests(old, options), rendered_manifests(new, options))


@record
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
