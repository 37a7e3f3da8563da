"""Generated test modules: a chart's name or a path is data in them, never code, and a name Helm refuses is refused.

``chartgen snapshot init`` and ``chartgen patch --emit-tests`` write a Python module that pytest imports. Each case
writes it through the real CLI, then collects it with pytest in a separate process: a name that could end the
string or docstring it is written into would run its payload there, which would create ``PWNED``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_clean_success, assert_refused, run_chartgen
from hostile.outputs_kit import files_overlay, write_chart

PAYLOAD = '__import__("pathlib").Path("PWNED").touch()'

# Names Helm 3.17 and 4.1 both load: they must be written as data, not refused.
HOSTILE_NAMES = [
    f'a"""; {PAYLOAD}; """',
    f"b'''; {PAYLOAD}; '''",
    f'c"; {PAYLOAD}; "',
    f'd""" + {PAYLOAD} + """',
    "e{chart_name}{0}{}",
    "f\u00e9\u65e5\u672c\U0001f600",
    f'g""""""{PAYLOAD}"',
]


def _collect(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    registered = any(ep.value == "chartgen.snapshot.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if registered else ["-p", "chartgen.snapshot.pytest_plugin"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugin, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _module(folder: Path) -> Path:
    [module] = folder.glob("test_*_snapshots.py")
    return module


def _assert_inert(project: Path, module: Path, name: str) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))  # it is Python, and nothing of the name became code
    assert f"the {name} chart" in (ast.get_docstring(tree) or "")
    collected = _collect(project, "--collect-only", "-q", str(module.relative_to(project)))
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert not (project / "PWNED").exists() and not (module.parent / "PWNED").exists()


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_snapshot_init_writes_a_hostile_chart_name_as_data(tmp_path: Path, name: str) -> None:
    write_chart(tmp_path / "chart", name)
    sandbox = Sandbox(tmp_path)
    assert_clean_success(run_chartgen("snapshot", "init", "chart", "tests", cwd=tmp_path))
    sandbox.assert_changed_only_under("tests")
    _assert_inert(tmp_path, _module(tmp_path / "tests"), name)


@pytest.mark.parametrize("name", HOSTILE_NAMES[:3], ids=range(3))
def test_patch_emit_tests_writes_a_hostile_chart_name_as_data(tmp_path: Path, name: str) -> None:
    write_chart(tmp_path / "chart", name)
    files_overlay(tmp_path / "ovs" / "extra", "templates/extra.yaml")
    sandbox = Sandbox(tmp_path)
    args = ("patch", "--chart", "chart", "--overlay", "extra", "--overlay-dir", "ovs", "-o", "out/c")
    assert_clean_success(run_chartgen(*args, "--emit-tests", "tests", cwd=tmp_path))
    sandbox.assert_changed_only_under("out", "tests")
    _assert_inert(tmp_path, _module(tmp_path / "tests"), name)


def test_a_hostile_chart_name_still_gives_working_snapshot_tests(tmp_path: Path) -> None:
    name = HOSTILE_NAMES[0]
    write_chart(tmp_path / "chart", name)
    assert_clean_success(run_chartgen("snapshot", "init", "chart", "tests", cwd=tmp_path))
    recorded = _collect(tmp_path, "tests", "--snapshot-update")
    assert recorded.returncode == 0, recorded.stdout
    checked = _collect(tmp_path, "tests")
    assert checked.returncode == 0 and "1 passed" in checked.stdout, checked.stdout
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "folder", [f'x"""; {PAYLOAD}; """', f"y'; {PAYLOAD}; '", 'z\\"\n\t"""'], ids=["triple", "single", "escapes"]
)
def test_a_hostile_chart_folder_is_written_as_data(tmp_path: Path, folder: str) -> None:
    write_chart(tmp_path / folder)
    assert_clean_success(run_chartgen("snapshot", "init", folder, "tests", cwd=tmp_path))
    module = _module(tmp_path / "tests")
    chart_line = next(line for line in module.read_text().splitlines() if line.startswith("CHART = "))
    assert ast.literal_eval(chart_line.removeprefix("CHART = HERE / ")) == f"../{folder}"
    _assert_inert(tmp_path, module, "demo")


def test_a_hostile_tests_folder_is_written_as_data(tmp_path: Path) -> None:
    write_chart(tmp_path / "chart")
    folder = f't"""; {PAYLOAD}; """'
    assert_clean_success(run_chartgen("snapshot", "init", "chart", folder, cwd=tmp_path))
    _assert_inert(tmp_path, _module(tmp_path / folder), "demo")


# --- names Helm refuses -------------------------------------------------------------------------------------------


def test_a_name_with_a_slash_is_refused_as_both_helms_refuse_it(helm, tmp_path: Path) -> None:
    write_chart(tmp_path / "chart", "a/b")
    assert helm.run("lint", str(tmp_path / "chart"), check=False).returncode != 0
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("snapshot", "init", "chart", "tests", cwd=tmp_path)
    assert_refused(outcome, "chart/Chart.yaml:2:", "chart name 'a/b' is invalid")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", [".", ".."])
def test_a_dot_name_is_refused_as_helm_4_refuses_it(helm, tmp_path: Path, name: str) -> None:
    write_chart(tmp_path / "chart", name)
    if helm.major >= 4:
        assert helm.run("lint", str(tmp_path / "chart"), check=False).returncode != 0
    sandbox = Sandbox(tmp_path)
    assert_refused(run_chartgen("snapshot", "init", "chart", "tests", cwd=tmp_path), "chart/Chart.yaml:2:", "invalid")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("name", ["a\\b", "a\nb", "a\x00b", "a\x1b[2Jb"], ids=["backslash", "newline", "nul", "escape"])
def test_a_name_that_cannot_be_a_file_name_is_refused_on_one_line(tmp_path: Path, name: str) -> None:
    write_chart(tmp_path / "chart", name)
    sandbox = Sandbox(tmp_path)
    assert_refused(run_chartgen("snapshot", "init", "chart", "tests", cwd=tmp_path), "chart/Chart.yaml:2:", "invalid")
    sandbox.assert_unchanged()


def test_a_name_with_a_slash_is_refused_by_patch_before_anything_is_written(tmp_path: Path) -> None:
    write_chart(tmp_path / "chart", "../../escape")
    files_overlay(tmp_path / "ovs" / "extra", "templates/extra.yaml")
    sandbox = Sandbox(tmp_path)
    args = ("patch", "--chart", "chart", "--overlay", "extra", "--overlay-dir", "ovs", "--package")
    assert_refused(run_chartgen(*args, "--emit-tests", "tests", cwd=tmp_path), "chart/Chart.yaml:2:", "invalid")
    sandbox.assert_unchanged()
