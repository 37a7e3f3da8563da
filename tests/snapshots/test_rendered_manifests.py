"""Reviewed snapshots of the bundled chart's manifests, stock and patched, over the profile matrix in profiles.yaml.

A failure here means the manifests a user would apply changed. Read the diff; if the change is intended,
re-record with ``pytest tests/snapshots --snapshot-update`` and commit the changed ``.yaml`` files with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.snapshot.profiles import load_profiles

# The fixtures normally arrive through chartgen's pytest11 entry point; importing them here keeps this suite
# working in a checkout whose installed metadata predates that entry point.
from chartgen.snapshot.pytest_plugin import chart_render, chart_snapshot  # noqa: F401

PROFILES = load_profiles(Path(__file__).parent / "profiles.yaml")
CHARTS = ("stock", "patched")
CASES = [(chart, name) for chart in CHARTS for name, profile in PROFILES.items() if profile.applies_to(chart)]


@pytest.fixture(scope="module")
def chart_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled base chart, and its copy patched with remote-target as ``chartgen patch`` would write it."""
    from chartgen.chartio.output import write_directory
    from chartgen.patch.engine import PatchRequest, patch_chart
    from chartgen.resources import base_chart_dir

    patched = tmp_path_factory.mktemp("snapshots") / "iris-operator"
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    write_directory(result.files, patched, False)
    return {"stock": base_chart_dir(), "patched": patched}


@pytest.mark.parametrize(("chart", "profile"), CASES, ids=[f"{c}-{p}" for c, p in CASES])
def test_rendered_manifests(chart_dirs, chart_render, chart_snapshot, chart: str, profile: str) -> None:  # noqa: F811
    assert chart_render(chart_dirs[chart], PROFILES[profile]) == chart_snapshot
