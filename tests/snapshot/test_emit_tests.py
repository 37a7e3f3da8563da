"""Snapshot tests emitted into a user's repository: the files written, the refusals, and that they work end to end."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import venv
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import REPO

from chartgen.chartio.output import write_directory
from chartgen.errors import OutputError
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.patch.overlay_spec import load_overlay
from chartgen.snapshot.emit_tests import emit_tests, emitted_file_names, profiles_for
from chartgen.snapshot.profiles import load_profiles

MODULE, PROFILES = emitted_file_names("iris-operator-amd")


@pytest.fixture(scope="module")
def patched_files() -> dict[str, bytes]:
    return patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}})).files


@pytest.fixture
def project(tmp_path, patched_files) -> Path:
    """A user's repository: the patched chart under out/, tests/ emitted beside it."""
    write_directory(patched_files, tmp_path / "out" / "iris-operator", False)
    emit_tests(
        tmp_path / "tests", tmp_path / "out" / "iris-operator", profiles=profiles_for([load_overlay("remote-target")])
    )
    return tmp_path


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Loaded by its entry point once chartgen is installed with it; named explicitly for a checkout without it.
    registered = any(ep.value == "chartgen.snapshot.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if registered else ["-p", "chartgen.snapshot.pytest_plugin"]
    # pytest shortens assertion messages only off CI (it looks for $CI and $BUILD_NUMBER); the user's run is
    # a developer's terminal, whatever runs this suite.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "BUILD_NUMBER")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugin, "tests", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def test_files_are_named_after_the_chart():
    assert (MODULE, PROFILES) == ("test_iris_operator_amd_snapshots.py", "iris_operator_amd.profiles.yaml")


def test_emit_writes_a_module_and_a_profiles_file(project):
    assert sorted(p.name for p in (project / "tests").iterdir()) == sorted([MODULE, PROFILES])


def test_emitted_module_finds_the_chart_relative_to_itself(project):
    assert 'CHART = HERE / "../out/iris-operator"' in (project / "tests" / MODULE).read_text()


def test_emitted_module_uses_the_plugin_fixtures(project):
    text = (project / "tests" / MODULE).read_text()
    assert "def test_rendered_manifests_match_snapshot(chart_render, chart_snapshot, profile):" in text


def test_remote_target_profiles_cover_the_overlay_switches(project):
    profiles = load_profiles(project / "tests" / PROFILES)
    assert list(profiles) == ["defaults", "remote-target-off", "rbac-off", "custom-release"]
    assert profiles["remote-target-off"].values == {"remoteTarget": {"enabled": False}}


def test_without_profiles_only_defaults_are_written(tmp_path, patched_files):
    write_directory(patched_files, tmp_path / "chart", False)
    emit_tests(tmp_path / "t", tmp_path / "chart")
    assert list(load_profiles(tmp_path / "t" / PROFILES)) == ["defaults"]


def test_existing_files_are_kept_without_force(project):
    (project / "tests" / PROFILES).write_text("profiles: {mine: {}}\n")
    with pytest.raises(OutputError, match="already exists; use --force"):
        emit_tests(project / "tests", project / "out" / "iris-operator")
    assert (project / "tests" / PROFILES).read_text() == "profiles: {mine: {}}\n"


def test_a_refusal_writes_neither_file(project):
    (project / "tests" / MODULE).unlink()
    with pytest.raises(OutputError):
        emit_tests(project / "tests", project / "out" / "iris-operator")
    assert not (project / "tests" / MODULE).exists()


def _second_file_cannot_be_placed(monkeypatch):
    """Every move into place of the profiles file (the second output) fails, as on a folder gone read-only."""
    import chartgen.chartio.output as output

    real_replace = output.os.replace

    def replace(src, dst):
        if Path(dst).name == PROFILES:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)


def test_a_failure_placing_the_second_file_puts_the_first_back(project, monkeypatch):
    (project / "tests" / MODULE).write_text("# mine\n")
    (project / "tests" / PROFILES).write_text("profiles: {mine: {}}\n")
    _second_file_cannot_be_placed(monkeypatch)
    with pytest.raises(OutputError, match="Permission denied"):
        emit_tests(project / "tests", project / "out" / "iris-operator", force=True)
    assert (project / "tests" / MODULE).read_text() == "# mine\n"
    assert (project / "tests" / PROFILES).read_text() == "profiles: {mine: {}}\n"
    assert sorted(p.name for p in (project / "tests").iterdir()) == sorted([MODULE, PROFILES])


def test_a_failure_placing_the_second_file_writes_neither(tmp_path, patched_files, monkeypatch):
    write_directory(patched_files, tmp_path / "chart", False)
    _second_file_cannot_be_placed(monkeypatch)
    with pytest.raises(OutputError, match="Permission denied"):
        emit_tests(tmp_path / "tests", tmp_path / "chart")
    assert not (tmp_path / "tests").exists()


def test_force_replaces_existing_files(project):
    (project / "tests" / PROFILES).write_text("profiles: {mine: {}}\n")
    emit_tests(project / "tests", project / "out" / "iris-operator", force=True)
    assert list(load_profiles(project / "tests" / PROFILES)) == ["defaults"]


# The proof: (a) an untouched chart passes, (b) a one-character template change fails naming object and field,
# (c) new random certificates still pass, (d) a missing snapshot fails.


@pytest.mark.slow  # runs pytest in a subprocess
def test_recorded_snapshots_pass_on_an_untouched_chart(project):
    assert _pytest(project, "--snapshot-update").returncode == 0
    done = _pytest(project)
    assert done.returncode == 0, done.stdout
    assert "4 snapshots passed" in done.stdout


@pytest.mark.slow  # runs pytest in a subprocess
def test_new_random_certificates_still_pass(project):
    # Every render generates a fresh CA and serving certificate; two separate pytest processes never share them.
    assert _pytest(project, "--snapshot-update").returncode == 0
    snapshot = next((project / "tests" / "__snapshots__").rglob("*defaults*.yaml")).read_text()
    assert "<generated: x509 certificate" in snapshot
    assert _pytest(project).returncode == 0


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_one_character_template_change_fails_naming_object_and_field(project):
    assert _pytest(project, "--snapshot-update").returncode == 0
    template = project / "out" / "iris-operator" / "templates" / "deployment.yaml"
    text = template.read_text()
    assert text.count("readOnly: true") == 1
    template.write_text(text.replace("readOnly: true", "readOnly: frue"))
    done = _pytest(project)
    assert done.returncode == 1
    assert "Deployment default/release-name-iris-operator-amd: spec.template.spec.containers[0].volumeMounts" in (
        done.stdout
    )


SECRET_TEMPLATE = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: zz\ndata:\n  password: {{ b64enc %s }}\n"


@pytest.mark.slow  # runs pytest in a subprocess
def test_the_short_summary_shows_old_and_new_values_and_hides_secret_data(project):
    secret = project / "out" / "iris-operator" / "templates" / "zz-secret.yaml"
    secret.write_text(SECRET_TEMPLATE % '"old-password"')
    assert _pytest(project, "--snapshot-update").returncode == 0
    secret.write_text(SECRET_TEMPLATE % '"new-password"')
    template = project / "out" / "iris-operator" / "templates" / "deployment.yaml"
    template.write_text(template.read_text().replace("readOnly: true", "readOnly: frue"))
    done = _pytest(project)  # pytest's default verbosity: the message is shortened
    assert done.returncode == 1
    assert "...Full output truncated" in done.stdout
    summary = done.stdout[: done.stdout.index("...Full output truncated")]
    assert (
        "Deployment default/release-name-iris-operator-amd: "
        'spec.template.spec.containers[0].volumeMounts[1].readOnly: true -> "frue"'
    ) in summary
    assert "Secret zz: data.password: (hidden, 16 chars) -> (hidden, 16 chars)" in summary
    for value in ("old-password", "new-password"):
        assert base64.b64encode(value.encode()).decode() not in summary


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_missing_snapshot_fails_the_run(project):
    done = _pytest(project)
    assert done.returncode == 1
    assert "snapshot" in done.stdout.lower() and "does not exist" in done.stdout.lower()
    assert not (project / "tests" / "__snapshots__").exists()


# (e) the emitted tests run green in a fresh project where only chartgen (with pytest and syrupy) is installed.


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fresh")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(REPO)], check=True
    )
    (wheel,) = (work / "dist").glob("chartgen-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel), "pytest", "syrupy"], check=True)
    return env_dir / "bin"


@pytest.mark.slow  # runs pytest in a subprocess
def test_emitted_tests_run_green_in_a_fresh_project(fresh_env, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=tmp_path, capture_output=True, text=True)

    done = run(str(fresh_env / "chartgen"), "patch", "--remote-secret", "x", "--emit-tests", "tests/")
    assert done.returncode == 0, done.stderr
    pytest_exe = str(fresh_env / "pytest")
    assert run(pytest_exe, "--snapshot-update").returncode == 0
    green = run(pytest_exe)
    assert green.returncode == 0, green.stdout
    template = tmp_path / "out" / "iris-operator" / "templates" / "deployment.yaml"
    template.write_text(template.read_text().replace("readOnly: true", "readOnly: frue"))
    red = run(pytest_exe)
    assert red.returncode == 1
    assert "Deployment default/release-name-iris-operator-amd: spec.template.spec.containers[0].volumeMounts" in (
        red.stdout
    )
