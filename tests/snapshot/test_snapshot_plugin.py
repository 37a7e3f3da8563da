"""The pytest plugin end to end: a scratch project snapshot-tests a chart in a pytest run of its own.

Each run is a fresh process, so certificates are generated anew every time: a passing second run is the proof
that volatile values are normalised away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from chartgen.resources import base_chart_dir

REPO = Path(__file__).resolve().parents[2]

TEST_MODULE = """
from pathlib import Path

CHART = Path(__file__).parent / "chart"


def test_manifests(chart_render, chart_snapshot):
    assert chart_render(CHART, "defaults") == chart_snapshot


def test_kube_system(chart_render, chart_snapshot):
    assert chart_render(CHART, "kube-system") == chart_snapshot
"""

PROFILES = """
profiles:
  defaults: {}
  kube-system:
    namespace: kube-system
    values: {criticalAddon: true}
"""


def _plugin_args() -> list[str]:
    # Loaded through the entry point once chartgen is installed with it; named explicitly otherwise, since
    # naming an already registered plugin a second time is an error.
    installed = any(ep.value == "chartgen.snapshot.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "chartgen.snapshot.pytest_plugin"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(base_chart_dir(), tmp_path / "chart")
    (tmp_path / "test_chart.py").write_text(TEST_MODULE)
    (tmp_path / "profiles.yaml").write_text(PROFILES)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    return tmp_path


def run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in ("CI", "BUILD_NUMBER")}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *_plugin_args(), *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)


def snapshot_files(project: Path) -> dict[str, bytes]:
    folder = project / "__snapshots__" / "test_chart"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_missing_snapshot_fails_the_run_and_is_not_written(project: Path) -> None:
    done = run_pytest(project)
    assert done.returncode == 1, done.stdout
    assert "2 failed" in done.stdout
    assert "does not exist" in done.stdout
    assert snapshot_files(project) == {}


@pytest.mark.slow  # runs pytest in a subprocess
def test_snapshot_update_writes_one_yaml_file_per_case(project: Path) -> None:
    done = run_pytest(project, "--snapshot-update")
    assert done.returncode == 0, done.stdout
    assert sorted(snapshot_files(project)) == ["test_kube_system.yaml", "test_manifests.yaml"]


@pytest.mark.slow  # runs pytest in a subprocess
def test_an_untouched_chart_passes_with_fresh_certificates(project: Path) -> None:
    run_pytest(project, "--snapshot-update")
    recorded = snapshot_files(project)
    done = run_pytest(project)
    assert done.returncode == 0, done.stdout
    assert "2 passed" in done.stdout
    assert snapshot_files(project) == recorded


@pytest.mark.slow  # runs pytest in a subprocess
def test_recorded_snapshots_are_byte_identical_across_runs(project: Path) -> None:
    run_pytest(project, "--snapshot-update")
    first = snapshot_files(project)
    shutil.rmtree(project / "__snapshots__")
    run_pytest(project, "--snapshot-update")
    assert snapshot_files(project) == first


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_one_character_template_change_fails_naming_object_and_field(project: Path) -> None:
    run_pytest(project, "--snapshot-update")
    template = project / "chart" / "templates" / "mutating-webhook.yaml"
    template.write_text(template.read_text().replace("failurePolicy: Fail", "failurePolicy: Fall"))
    done = run_pytest(project)
    assert done.returncode == 1
    assert "2 failed" in done.stdout
    # The first lines of the explanation survive pytest's shortening of long assertion messages.
    assert "MutatingWebhookConfiguration mutators.intersystems.com: webhooks[0].failurePolicy" in done.stdout


@pytest.mark.slow  # runs pytest in a subprocess
def test_the_failure_diff_shows_the_changed_line(project: Path) -> None:
    run_pytest(project, "--snapshot-update")
    template = project / "chart" / "templates" / "mutating-webhook.yaml"
    template.write_text(template.read_text().replace("failurePolicy: Fail", "failurePolicy: Fall"))
    done = run_pytest(project, "-vv", "-k", "test_manifests")
    assert "@@ MutatingWebhookConfiguration mutators.intersystems.com: webhooks[0].failurePolicy" in done.stdout
    assert "-   failurePolicy: Fail" in done.stdout
    assert "+   failurePolicy: Fall" in done.stdout


@pytest.mark.slow  # runs pytest in a subprocess
def test_the_snapshot_header_records_how_it_was_made(project: Path) -> None:
    from chartgen import __version__
    from chartgen.chartio.source import load_chart

    run_pytest(project, "--snapshot-update")
    text = snapshot_files(project)["test_kube_system.yaml"].decode()
    header = text.split("\n---\n", 1)[0]
    digest = load_chart(project / "chart").digest
    assert f"# chartgen: {__version__}\n" in header
    assert "# engine: builtin\n" in header
    assert "# helm-compat: 3 (reproduces Helm v3.17.3)\n" in header
    assert "# kubernetes: v1.32.0 (helm-compat 3 default)\n" in header
    assert "# chart: iris-operator-amd 3.8.42\n" in header
    assert f"# chart-digest: sha256:{digest}\n" in header
    assert "# profile: kube-system\n" in header
    assert '# profile-settings: {"namespace": "kube-system", "values": {"criticalAddon": true}}' in header


def test_pyproject_registers_the_plugin_as_a_pytest11_entry_point() -> None:
    text = (REPO / "pyproject.toml").read_text()
    assert '[project.entry-points.pytest11]\nchartgen = "chartgen.snapshot.pytest_plugin"\n' in text
