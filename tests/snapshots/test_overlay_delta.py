"""Delta snapshots: for each profile, what the remote-target overlay alone changes in the rendered manifests.

The full snapshots (test_rendered_manifests.py) show everything a user would apply; these show the overlay's
effect by object and field path, so a reviewer of a re-patched chart reads only what chartgen did. Re-record a
reviewed change with ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chartgen.snapshot.profiles import load_profiles

# See test_rendered_manifests.py: imported so the suite works before the pytest11 entry point is installed.
from chartgen.snapshot.pytest_plugin import chart_snapshot  # noqa: F401

PROFILES = load_profiles(Path(__file__).parent / "profiles.yaml")
BOTH = [name for name, profile in PROFILES.items() if profile.applies_to("stock") and profile.applies_to("patched")]


def _delta_text(name: str) -> str:
    from chartgen import __version__
    from chartgen.patch.engine import PatchRequest
    from chartgen.snapshot.manifest_diff import overlay_delta
    from chartgen.snapshot.render import SNAPSHOT_HELM_COMPAT

    profile = PROFILES[name]
    request = PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}})
    with profile.render_options(SNAPSHOT_HELM_COMPAT) as options:
        delta = overlay_delta(request, options, profile.volatile)
    header = [
        "# chartgen delta snapshot: what the remote-target overlay changes in the rendered manifests",
        "# (bundled chart -> its patched copy, both rendered under the same profile).",
        "# Re-record after a reviewed change with: pytest --snapshot-update",
        "#",
        f"# chartgen: {__version__}",
        f"# helm-compat: {SNAPSHOT_HELM_COMPAT}",
        f"# profile: {name}",
    ]
    if profile.settings():
        header.append(f"# profile-settings: {json.dumps(profile.settings(), sort_keys=True, separators=(', ', ': '))}")
    return "\n".join(header) + "\n\n" + delta.text()


@pytest.mark.parametrize("profile", BOTH)
def test_overlay_delta(chart_snapshot, profile: str) -> None:  # noqa: F811
    assert _delta_text(profile) == chart_snapshot
