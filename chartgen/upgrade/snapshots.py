"""Which of the snapshot tests ``patch --emit-tests`` writes would change with the upgrade, and how to accept them.

The emitted module runs one test per values profile the overlays declare (:func:`profiles_for`); each profile is
rendered here on the old and the new patched chart, normalised as the snapshot plugin normalises, and diffed.
Every snapshot file also records the chart's version and digest in its header, so after an upgrade every test
fails once until its snapshot is updated; the report says which ones change in their manifests too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chartgen.patch.overlay_spec import Overlay
from chartgen.records import record
from chartgen.snapshot.emit_tests import emitted_file_names, profiles_for
from chartgen.snapshot.manifest_diff import Manifest, diff_manifests
from chartgen.snapshot.normalise import load_yaml
from chartgen.snapshot.overlay_delta import rendered_manifests
from chartgen.snapshot.profiles import Profile, parse_profiles

__all__ = ["SnapshotChange", "SnapshotPlan", "snapshot_plan"]

TEST_FUNCTION = "test_rendered_manifests_match_snapshot"


@record(frozen=True)
class SnapshotChange:
    test: str  # module::function[profile]
    profile: str
    change: str  # manifests | header only | new profile | profile gone
    summary: str = ""

    def to_data(self) -> dict[str, str]:
        return {"test": self.test, "profile": self.profile, "change": self.change, "summary": self.summary}


@record
class SnapshotPlan:
    module: str
    changes: list[SnapshotChange]
    update_command: str
    review_command: str

    def to_data(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "tests": [c.to_data() for c in self.changes],
            "updateCommand": self.update_command,
            "reviewCommand": self.review_command,
        }


def snapshot_plan(
    chart_name: str,
    old: tuple[dict[str, bytes], Sequence[Overlay]],
    new: tuple[dict[str, bytes], Sequence[Overlay]],
    tests_dir: str,
    helm_compat: int = 3,
) -> SnapshotPlan:
    """The tests of the module emitted for ``chart_name`` in ``tests_dir``: old and new are (patched files,
    overlays applied)."""
    module, _ = emitted_file_names(chart_name)
    before, after = _profiles(module, old[1]), _profiles(module, new[1])
    changes = []
    for name in sorted(set(before) | set(after)):
        test = f"{module}::{TEST_FUNCTION}[{name}]"
        if name not in after:
            changes.append(SnapshotChange(test, name, "profile gone"))
        elif name not in before:
            changes.append(SnapshotChange(test, name, "new profile"))
        else:
            rendered = (_render(old[0], before[name], helm_compat), _render(new[0], after[name], helm_compat))
            diff = diff_manifests(*rendered)
            kind = "manifests" if diff else "header only"
            changes.append(SnapshotChange(test, name, kind, diff.summary() if diff else ""))
    where = f"{tests_dir.rstrip('/')}/{module}"
    return SnapshotPlan(
        module=module,
        changes=changes,
        update_command=f"pytest {where} --snapshot-update",
        review_command=f"git diff -- {tests_dir.rstrip('/')}/__snapshots__",
    )


def _profiles(module: str, overlays: Sequence[Overlay]) -> dict[str, Profile]:
    text = profiles_for(overlays)
    data = load_yaml(text.format(module_name=module)) if text is not None else {"profiles": {"defaults": {}}}
    return parse_profiles(data, "profiles of the overlays", Path("."))


def _render(files: dict[str, bytes], profile: Profile, helm_compat: int = 3) -> list[Manifest]:
    with profile.render_options(helm_compat) as options:
        return rendered_manifests(files, options, profile.volatile)
