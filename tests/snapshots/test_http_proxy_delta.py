"""Delta snapshots of the http-proxy overlay alone: for each profile it declares, what it changes in the rendered
manifests of the bundled chart (the operator's proxy variables). Re-record a reviewed change with
``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chartgen.patch.overlay_spec import parse_overlay
from chartgen.resources import overlays_dir
from chartgen.snapshot.profiles import parse_profiles

# See test_rendered_manifests.py: imported so the suite works before the pytest11 entry point is installed.
from chartgen.snapshot.pytest_plugin import chart_snapshot  # noqa: F401

OVERLAY = "http-proxy"
DECLARED = parse_overlay(overlays_dir() / OVERLAY).profiles
PROFILES = parse_profiles({"profiles": DECLARED}, f"overlays/{OVERLAY}/overlay.yaml", Path(__file__).parent)


def _delta_text(name: str) -> str:
    from chartgen import __version__
    from chartgen.patch.engine import PatchRequest
    from chartgen.snapshot.overlay_delta import overlay_delta
    from chartgen.snapshot.render import SNAPSHOT_HELM_COMPAT

    profile = PROFILES[name]
    request = PatchRequest(overlays=[OVERLAY], parameters={OVERLAY: {"httpsProxy": "http://proxy.example:3128"}})
    with profile.render_options(SNAPSHOT_HELM_COMPAT) as options:
        delta = overlay_delta(request, options, profile.volatile)
    header = [
        f"# chartgen delta snapshot: what the {OVERLAY} overlay alone changes in the rendered manifests",
        "# (bundled chart -> its patched copy, both rendered under the overlay's declared profile).",
        "# Re-record after a reviewed change with: pytest --snapshot-update",
        "#",
        f"# chartgen: {__version__}",
        f"# helm-compat: {SNAPSHOT_HELM_COMPAT}",
        f"# profile: {name}",
        f"# profile-settings: {json.dumps(profile.settings(), sort_keys=True, separators=(', ', ': '))}",
    ]
    return "\n".join(header) + "\n\n" + delta.text()


@pytest.mark.parametrize("profile", list(PROFILES))
def test_http_proxy_delta(chart_snapshot, profile: str) -> None:  # noqa: F811
    assert _delta_text(profile) == chart_snapshot
