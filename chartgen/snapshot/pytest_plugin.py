"""chartgen's pytest plugin (registered through the ``pytest11`` entry point): snapshot tests of rendered charts.

    def test_manifests(chart_render, chart_snapshot):
        assert chart_render("charts/iris-operator", "defaults") == chart_snapshot

``chart_render(chart, profile)`` renders with chartgen's builtin engine and returns normalised manifests
(generated certificates, CA bundles and declared random strings replaced by stable descriptions);
``chart_snapshot`` is syrupy's ``snapshot`` writing one readable ``.yaml`` file per test. A profile named by a
string is looked up in the profiles file: the ``chartgen_profiles`` ini option (relative to the ini file's
folder), else ``profiles.yaml`` beside the test module.

The plugin is loaded into every pytest run of an environment where chartgen is installed, so this module
imports nothing heavy until a fixture is used, and works without syrupy until ``chart_snapshot`` is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from chartgen.helm.options import RenderOptions
    from chartgen.snapshot.normalise import NormalisedManifests
    from chartgen.snapshot.profiles import Profile

__all__ = ["chart_render", "chart_snapshot"]

_INI_PROFILES = "chartgen_profiles"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(_INI_PROFILES, "chartgen values-profiles file for chart_render (relative to the ini file)")


def _profiles_file(request: pytest.FixtureRequest, explicit: str | os.PathLike[str] | None) -> Path:
    if explicit is not None:
        return Path(explicit)
    configured = request.config.getini(_INI_PROFILES)
    if configured:
        base = Path(request.config.inipath).parent if request.config.inipath else Path(request.config.rootpath)
        return base / str(configured)
    return Path(request.path).parent / "profiles.yaml"


@pytest.fixture
def chart_render(request: pytest.FixtureRequest) -> Callable[..., NormalisedManifests]:
    """``render(chart, profile=None, *, profiles=None)`` → normalised manifests of ``chart``.

    ``profile`` is a profile name (looked up in ``profiles``, the ini option or ``profiles.yaml`` beside the
    test), a ``Profile``, ``RenderOptions``, or None for the chart's defaults.
    """
    loaded: dict[Path, dict[str, Profile]] = {}

    def render(
        chart: str | os.PathLike[str],
        profile: str | Profile | RenderOptions | None = None,
        *,
        profiles: str | os.PathLike[str] | None = None,
    ) -> NormalisedManifests:
        from chartgen.snapshot.profiles import load_profiles
        from chartgen.snapshot.render import render_normalised

        chosen: Any = profile
        if isinstance(profile, str):
            path = _profiles_file(request, profiles)
            if path not in loaded:
                loaded[path] = load_profiles(path)
            if profile not in loaded[path]:
                known = ", ".join(sorted(loaded[path])) or "none"
                raise pytest.UsageError(f"{path}: no profile named {profile!r} (profiles: {known})")
            chosen = loaded[path][profile]
        return render_normalised(chart, chosen)

    return render


@pytest.fixture
def chart_snapshot(request: pytest.FixtureRequest) -> Any:
    """syrupy's ``snapshot`` storing one readable ``.yaml`` file per test (needs syrupy installed)."""
    try:
        from chartgen.snapshot.extension import YamlSnapshotExtension
    except ImportError as exc:  # syrupy missing: say what to install rather than a bare import error
        raise pytest.UsageError(f"chart_snapshot needs syrupy (pip install syrupy): {exc}") from None
    return request.getfixturevalue("snapshot").use_extension(YamlSnapshotExtension)
