"""Snapshot tests for a user's repository: a ready pytest module plus the values-profiles file it runs through.

Used by ``chartgen patch ... --emit-tests DIR`` and ``chartgen snapshot init CHART DIR``. The module relies on
chartgen's pytest plugin (fixtures ``chart_render`` and ``chart_snapshot``), so it stays a few lines the user can
read and extend; the matrix of cases lives in the YAML profiles file, where adding a case needs no Python.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from chartgen.errors import OutputError

__all__ = ["REMOTE_TARGET_PROFILES", "check_targets", "default_profiles", "emit_tests", "emitted_file_names"]

_MODULE = '''\
"""Snapshot tests of the {chart_name} chart's rendered manifests (written by chartgen {version}).

Each profile in {profiles_name} renders the chart at
    {chart_rel}
with chartgen's builtin renderer (byte-compatible with ``helm template``); generated certificates, CA bundles
and declared random strings are replaced by stable descriptions, and the result is compared with
__snapshots__/{module_stem}/<test>.yaml.

    pytest {dir_hint} --snapshot-update   # record, then review and commit the snapshot files
    pytest {dir_hint}                     # fails with the changed objects and fields when a render changes

A missing snapshot fails the run: nothing is recorded without --snapshot-update. Needs chartgen's pytest
plugin, pytest and syrupy (pip install "chartgen[pytest]").
"""

from pathlib import Path

import pytest

from chartgen.snapshot.profiles import load_profiles

HERE = Path(__file__).resolve().parent
CHART = HERE / "{chart_rel}"
PROFILES = HERE / "{profiles_name}"


@pytest.mark.parametrize("profile", list(load_profiles(PROFILES)))
def test_rendered_manifests_match_snapshot(chart_render, chart_snapshot, profile):
    assert chart_render(CHART, profile, profiles=PROFILES) == chart_snapshot
'''

_GENERIC_PROFILES = """\
# Values profiles for the snapshot tests in {module_name}: one snapshot file per profile.
# Each profile may set: description, release, namespace, kube-version, values (a mapping), values-files,
# set, set-string, set-json, api-versions, volatile (paths of random values to describe, not compare).
profiles:
  defaults: {{}}
  # another-namespace:
  #   description: installed under another release name and namespace
  #   release: my-release
  #   namespace: my-namespace
"""

# For a chart patched with the remote-target overlay: the cases that change what the overlay wires up.
REMOTE_TARGET_PROFILES = """\
# Values profiles for the snapshot tests in {module_name}: one snapshot file per profile.
# Each profile may set: description, release, namespace, kube-version, values (a mapping), values-files,
# set, set-string, set-json, api-versions, volatile (paths of random values to describe, not compare).
profiles:
  defaults:
    description: the patched chart as installed with its defaults (remote target on)
  remote-target-off:
    description: the operator manages its own cluster again
    values:
      remoteTarget:
        enabled: false
  rbac-off:
    description: RBAC objects left to the cluster administrator
    set: [rbac.create=false]
  custom-release:
    description: another release name and namespace
    release: iko
    namespace: iko-system
"""

_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]+")


def default_profiles() -> str:
    return _GENERIC_PROFILES


def emitted_file_names(chart_name: str) -> tuple[str, str]:
    """The module and profiles file names for ``chart_name``; named after the chart so several charts can share
    one tests folder."""
    stem = _NOT_IDENTIFIER.sub("_", chart_name).strip("_").lower() or "chart"
    return f"test_{stem}_snapshots.py", f"{stem}.profiles.yaml"


def check_targets(directory: Path, chart_name: str, force: bool) -> list[Path]:
    """The two files to write; raises OutputError when one exists and ``force`` is off. ``chartgen patch`` calls
    it before writing the chart, so a refusal there leaves nothing half done."""
    targets = [directory / name for name in emitted_file_names(chart_name)]
    if not force:
        for target in targets:
            if target.exists() or target.is_symlink():
                raise OutputError(f"{target} already exists; use --force to replace it")
    return targets


def emit_tests(directory: Path, chart: Path, *, force: bool = False, profiles: str | None = None) -> list[Path]:
    """Write the pytest module and profiles file for ``chart`` into ``directory``; returns the paths written.

    ``profiles`` is the profiles file text (``{module_name}`` is filled in); None writes a defaults-only file.
    Existing files are replaced only with ``force``; both are checked before either is written, so a refusal
    leaves the folder as it was.
    """
    from chartgen import __version__
    from chartgen.chart_source import load_chart
    from chartgen.output import write_file_atomically
    from chartgen.snapshot.normalise import load_yaml

    source = load_chart(chart)
    meta = load_yaml(source.text("Chart.yaml")) or {}
    chart_name = str(meta.get("name") or source.dir_name)
    module_name, profiles_name = emitted_file_names(chart_name)
    targets = check_targets(directory, chart_name, force)
    module = _MODULE.format(
        chart_name=chart_name,
        version=__version__,
        profiles_name=profiles_name,
        chart_rel=_relative(chart, directory),
        module_stem=module_name.removesuffix(".py"),
        dir_hint=directory.as_posix(),
    )
    profiles_text = (profiles if profiles is not None else _GENERIC_PROFILES).format(module_name=module_name)
    for target, text in zip(targets, (module, profiles_text), strict=True):
        write_file_atomically(text.encode("utf-8"), target, force)
    return targets


def _relative(chart: Path, directory: Path) -> str:
    """The chart's path as seen from the tests folder, so the repository can move or be cloned anywhere."""
    try:
        rel = os.path.relpath(chart.resolve(), directory.resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        rel = str(chart.resolve())
    # Escaped for the string literal it is written into.
    return Path(rel).as_posix().replace("\\", "\\\\").replace('"', '\\"')
