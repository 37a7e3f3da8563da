"""Reviewed snapshots of the bundled chart patched with remote-target and restricted-pod-security, over the
restricted-pod-security overlay's own profiles (what ``chartgen patch --emit-tests`` gives a user of both).

A failure means the manifests a user of the hardened chart would apply changed. Read the diff; if intended,
re-record with ``pytest tests/snapshots --snapshot-update`` and commit the changed ``.yaml`` files with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.patch.overlay_spec import load_overlay
from chartgen.snapshot.profiles import parse_profiles

# See test_rendered_manifests.py: imported so the suite works before the pytest11 entry point is installed.
from chartgen.snapshot.pytest_plugin import chart_render, chart_snapshot  # noqa: F401

OVERLAY = load_overlay("restricted-pod-security")
PROFILES = parse_profiles({"profiles": OVERLAY.profiles}, "restricted-pod-security profiles", Path(__file__).parent)


@pytest.fixture(scope="module")
def hardened(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chartgen.chartio.output import write_directory
    from chartgen.patch.engine import PatchRequest, patch_chart

    chart = tmp_path_factory.mktemp("snapshots") / "iris-operator"
    request = PatchRequest(
        overlays=["remote-target", OVERLAY.name], parameters={"remote-target": {"secretName": "work-kubeconfig"}}
    )
    write_directory(patch_chart(request).files, chart, False)
    return chart


def test_the_overlay_declares_its_switch_and_settings_as_profiles() -> None:
    assert list(PROFILES) == ["defaults", "restricted-off", "tmp-size-limit"]


@pytest.mark.parametrize("profile", list(PROFILES))
def test_hardened_manifests(hardened, chart_render, chart_snapshot, profile: str) -> None:  # noqa: F811
    assert chart_render(hardened, PROFILES[profile]) == chart_snapshot
