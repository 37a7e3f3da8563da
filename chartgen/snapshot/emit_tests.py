"""Snapshot tests for a user's repository: a ready pytest module plus the values-profiles file it runs through.

Used by ``chartgen patch ... --emit-tests DIR`` and ``chartgen snapshot init CHART DIR``. The module relies on
chartgen's pytest plugin (fixtures ``chart_render`` and ``chart_snapshot``), so it stays a few lines the user can
read and extend; the matrix of cases lives in the YAML profiles file, where adding a case needs no Python.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chartgen import __version__
from chartgen.chartio.meta import parse_chart_yaml
from chartgen.chartio.output import FileOutput, commit
from chartgen.chartio.source import read_chart
from chartgen.errors import OutputError
from chartgen.patch.overlay_spec import Overlay

if TYPE_CHECKING:
    from chartgen.chartio.output import FileOutput

__all__ = [
    "check_targets",
    "emit_tests",
    "emitted_file_names",
    "profiles_for",
    "python_literal",
    "snapshot_test_outputs",
]

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
CHART = HERE / {chart_rel_literal}
PROFILES = HERE / {profiles_literal}


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

_DECLARED_PROFILES_HEAD = """\
# Values profiles for the snapshot tests in {{module_name}}: one snapshot file per profile.
# Each profile may set: description, release, namespace, kube-version, values (a mapping), values-files,
# set, set-string, set-json, api-versions, volatile (paths of random values to describe, not compare).
# The profiles the overlays declare ({overlays}).
"""


_NOT_IDENTIFIER = re.compile(r"[^0-9A-Za-z_]+")


def emitted_file_names(chart_name: str) -> tuple[str, str]:
    """The module and profiles file names for ``chart_name``; named after the chart so several charts can share
    one tests folder."""
    stem = _NOT_IDENTIFIER.sub("_", chart_name).strip("_").lower() or "chart"
    return f"test_{stem}_snapshots.py", f"{stem}.profiles.yaml"


def check_targets(directory: Path, chart_name: str, force: bool) -> list[Path]:
    """The two files to write; raises OutputError when one exists and ``force`` is off."""
    targets = [directory / name for name in emitted_file_names(chart_name)]
    if not force:
        for target in targets:
            if target.exists() or target.is_symlink():
                raise OutputError(f"{target} already exists; use --force to replace it")
    return targets


def profiles_for(overlays: Sequence[Overlay]) -> str | None:
    """The profiles file text for a chart patched with ``overlays``: the profiles they declare (the first
    declaration of a name wins), or None when none declares any (a defaults-only file)."""
    import yaml

    declared: dict[str, dict] = {}
    for overlay in overlays:
        for name, settings in overlay.profiles.items():
            declared.setdefault(name, settings)
    if not declared:
        return None
    body = yaml.safe_dump({"profiles": declared}, sort_keys=False, default_flow_style=False, allow_unicode=True)
    head = _DECLARED_PROFILES_HEAD.format(overlays=", ".join(o.name for o in overlays if o.profiles))
    # The text is formatted once more with the module's name: braces of the profiles stay braces.
    return head + body.replace("{", "{{").replace("}", "}}")


def snapshot_test_outputs(
    directory: Path,
    chart: Path,
    chart_name: str,
    *,
    force: bool = False,
    profiles: str | None = None,
    overlays: Sequence[Overlay] = (),
) -> list[FileOutput]:
    """The pytest module and the profiles file for the chart named ``chart_name`` at ``chart``, as outputs for
    :func:`chartgen.chartio.output.commit` (so ``chartgen patch`` writes them with the chart: all three, or none).

    ``profiles`` is the profiles file text (``{module_name}`` is filled in); None gives the one that fits the
    ``overlays`` the chart was patched with (:func:`profiles_for`).
    Every string that comes from the chart or the command line is written as an escaped literal: a chart
    name holding quotes and code stays a name in the generated module."""
    module_name, profiles_name = emitted_file_names(chart_name)
    targets = check_targets(directory, chart_name, force)
    chart_rel = _relative(chart, directory)
    module = _MODULE.format(
        chart_name=_escaped(chart_name),
        version=_escaped(__version__),
        profiles_name=_escaped(profiles_name),
        chart_rel=_escaped(chart_rel),
        module_stem=_escaped(module_name.removesuffix(".py")),
        dir_hint=_escaped(directory.as_posix()),
        chart_rel_literal=python_literal(chart_rel),
        profiles_literal=python_literal(profiles_name),
    )
    if profiles is None:
        profiles = profiles_for(overlays) or _GENERIC_PROFILES
    profiles_text = profiles.format(module_name=module_name)
    return [
        FileOutput(text.encode("utf-8"), target, force)
        for target, text in zip(targets, (module, profiles_text), strict=True)
    ]


def emit_tests(directory: Path, chart: Path, *, force: bool = False, profiles: str | None = None) -> list[Path]:
    """Write the pytest module and profiles file for ``chart`` into ``directory``; returns the paths written.

    Existing files are replaced only with ``force``. Both files are checked and staged before either is moved
    into place, so a refusal or a failure leaves the folder as it was."""
    source = read_chart(chart)
    chart_name = parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml")).name
    outputs = snapshot_test_outputs(directory, chart, chart_name, force=force, profiles=profiles)
    commit(outputs)
    return [output.target for output in outputs]


def python_literal(text: str) -> str:
    """``text`` as a double-quoted, ASCII-only Python string literal that evaluates to exactly ``text``."""
    return f'"{_escaped(text)}"'


def _escaped(text: str) -> str:
    # Backslashes, control and non-ASCII characters become escapes, and so does every double quote, so the text
    # can end neither the string nor the docstring it is written into.
    return text.encode("unicode_escape").decode("ascii").replace('"', '\\"')


def _relative(chart: Path, directory: Path) -> str:
    """The chart's path as seen from the tests folder, so the repository can move or be cloned anywhere."""
    try:
        rel = os.path.relpath(chart.resolve(), directory.resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        rel = str(chart.resolve())
    return Path(rel).as_posix()
