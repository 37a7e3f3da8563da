"""``helm chartgen ...``: the plugin under helm-plugin/, installed into real Helm 3.17.3 and 4.1.4, runs chartgen with
the same output and exit status as chartgen run directly.

Each case installs the plugin into its own Helm homes (HELM_DATA_HOME, HELM_CONFIG_HOME, HELM_CACHE_HOME and
HELM_PLUGINS in a temporary folder). Helm 4.1.4 installs a plugin under ``$HELM_DATA_HOME/plugins`` whatever
HELM_PLUGINS says, but looks for plugins in HELM_PLUGINS, so the two are kept the same, as they are by default.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from conftest import REPO
from helm_binaries import HELM3, HELM4, HelmPin, HelmUnavailable, helm_binary

from chartgen import __version__
from chartgen.cli import main

pytestmark = pytest.mark.slow  # real helm, chartgen in subprocesses

PLUGINS = REPO / "helm-plugin"
LAUNCHER = PLUGINS / "chartgen" / "bin" / "chartgen-helm"
CHARTGEN = Path(sys.executable).parent / "chartgen"
CASES = [(HELM3, "chartgen"), (HELM4, "chartgen"), (HELM4, "chartgen-v1")]


@dataclass
class PluggedHelm:
    binary: Path
    env: dict[str, str]

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.binary), *args], cwd=cwd, env=self.env, capture_output=True, text=True)


def _binary(pin: HelmPin) -> Path:
    try:
        return helm_binary(pin)
    except HelmUnavailable as exc:
        if os.environ.get("CHARTGEN_ALLOW_NO_HELM") == "1":
            pytest.skip(f"real helm {pin.version} unavailable: {exc}")
        raise


def _helm_env(home: Path, path: str) -> dict[str, str]:
    return {
        "PATH": path,
        "HOME": str(home),
        "HELM_DATA_HOME": str(home / "data"),
        "HELM_PLUGINS": str(home / "data" / "plugins"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_CACHE_HOME": str(home / "cache"),
        "KUBECONFIG": str(home / "no-cluster"),
        "CHARTGEN_CACHE_DIR": os.environ.get("CHARTGEN_CACHE_DIR", str(home / "chartgen-cache")),
    }


@pytest.fixture(params=CASES, ids=[f"{pin.label}-{layout}" for pin, layout in CASES])
def plugged(request, tmp_path) -> PluggedHelm:
    pin, layout = request.param
    path = f"{CHARTGEN.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    helm = PluggedHelm(_binary(pin), _helm_env(tmp_path / "helm-home", path))
    done = helm.run("plugin", "install", str(PLUGINS / layout), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "chartgen" in helm.run("plugin", "list", cwd=tmp_path).stdout
    return helm


def _direct(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KUBECONFIG": str(cwd / "no-cluster")}
    return subprocess.run([str(CHARTGEN), *args], cwd=cwd, env=env, capture_output=True, text=True)


def _same(helm: PluggedHelm, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Runs ``helm chartgen ARGS`` and ``chartgen ARGS`` in twin folders; both must print and exit alike."""
    via_helm, direct = tmp_path / "via-helm", tmp_path / "direct"
    for folder in (via_helm, direct):
        if not folder.exists():
            shutil.copytree(REPO / "base-chart", folder / "base-chart")
    plugged = helm.run("chartgen", *args, cwd=via_helm)
    alone = _direct(*args, cwd=direct)
    assert plugged.stdout == alone.stdout
    assert plugged.returncode == alone.returncode
    # Helm adds its own line after a plugin's failure; chartgen's own lines come first, unchanged.
    assert plugged.stderr.startswith(alone.stderr)
    return alone


def test_version_is_chartgens(plugged, tmp_path):
    done = _same(plugged, tmp_path, "--version")
    assert done.stdout == f"chartgen, version {__version__}\n"


def test_render_prints_what_chartgen_prints(plugged, tmp_path):
    shown = ("-s", "templates/deployment.yaml", "-s", "templates/service.yaml")  # no freshly generated certificates
    done = _same(plugged, tmp_path, "render", "base-chart/iris-operator", *shown)
    assert done.returncode == 0 and "kind: Deployment" in done.stdout


def test_render_gets_helms_namespace_flag(plugged, tmp_path):
    done = _same(plugged, tmp_path, "render", "base-chart/iris-operator", "-n", "iko", "-s", "templates/service.yaml")
    assert "namespace: iko" in done.stdout


def test_lint_of_a_good_chart_matches(plugged, tmp_path):
    assert _same(plugged, tmp_path, "lint", "base-chart/iris-operator").returncode == 0


def test_lint_findings_exit_1_alike(plugged, tmp_path):
    assert _same(plugged, tmp_path, "lint", "base-chart/iris-operator", "--set", "replicaCount=many").returncode == 1


def test_a_missing_chart_is_exit_2_alike(plugged, tmp_path):
    done = _same(plugged, tmp_path, "lint", "no-such-chart")
    assert done.returncode == 2
    assert done.stderr.startswith("chartgen: error: ")


def test_patch_writes_the_same_chart(plugged, tmp_path):
    args = ("patch", "--chart", "base-chart/iris-operator", "--remote-secret", "work-kubeconfig", "-o", "out/op")
    assert _same(plugged, tmp_path, *args, "-n", "iko").returncode == 0
    trees = [tmp_path / side / "out" / "op" for side in ("via-helm", "direct")]
    files = [{p.relative_to(tree): p.read_bytes() for p in tree.rglob("*") if p.is_file()} for tree in trees]
    assert files[0] == files[1]
    assert Path("values.schema.json") in files[0]


def test_helm3_refuses_the_helm4_manifest(tmp_path):
    helm = PluggedHelm(_binary(HELM3), _helm_env(tmp_path / "home", os.environ.get("PATH", "")))
    helm.run("plugin", "install", str(PLUGINS / "chartgen-v1"), cwd=tmp_path)
    done = helm.run("chartgen", "--version", cwd=tmp_path)
    assert done.returncode != 0
    assert 'unknown field "apiVersion"' in done.stderr


def test_without_chartgen_the_launcher_says_how_to_find_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HELM_NAMESPACE": "default"}
    done = subprocess.run([str(LAUNCHER), "--version"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("chartgen: error: helm chartgen: no chartgen executable found")


def test_the_launcher_runs_the_chartgen_named_by_chartgen_bin(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "CHARTGEN_BIN": str(CHARTGEN)}
    done = subprocess.run([str(LAUNCHER), "--version"], env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"chartgen, version {__version__}\n")


def test_the_launcher_passes_the_namespace_to_every_command_with_a_release_namespace():
    # Helm keeps -n for itself; the launcher gives it back to the top-level commands whose -n is optional.
    listed = re.search(r"^\s+([a-z |]+)\)$", LAUNCHER.read_text(), re.MULTILINE)
    assert listed is not None
    ctx = click.Context(main)
    expected = {
        name
        for name in main.list_commands(ctx)
        for param in main.get_command(ctx, name).params
        if param.name == "namespace" and not param.required and param.default == "default"
    }
    assert {name.strip() for name in listed.group(1).split("|")} == expected


@pytest.mark.parametrize("manifest", ["chartgen/plugin.yaml", "chartgen-v1/plugin.yaml"])
def test_the_manifests_carry_chartgens_version(manifest):
    assert f"\nversion: {__version__}\n" in (PLUGINS / manifest).read_text()


def test_helms_debug_flag_becomes_chartgen_debug(tmp_path):
    echo = tmp_path / "chartgen"
    echo.write_text('#!/bin/sh\necho "CHARTGEN_DEBUG=${CHARTGEN_DEBUG:-} $*"\n')
    echo.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "CHARTGEN_BIN": str(echo), "HELM_DEBUG": "true", "HELM_NAMESPACE": "iko"}
    done = subprocess.run([str(LAUNCHER), "render", "chart"], env=env, capture_output=True, text=True)
    assert done.stdout == "CHARTGEN_DEBUG=1 render --namespace iko chart\n"
