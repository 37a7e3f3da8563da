"""Symbolic links in a chart folder: followed inside the chart, as Helm follows them, with one warning each;
refused when they lead outside the chart, where Helm would read (and render) whatever they point at.

The README's list of divergences says why: a chart is untrusted, and chartgen reads nothing outside it and copies
nothing from outside it into an output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chartgen.resources import base_chart_dir
from hostile.harness import Sandbox, assert_bounded, assert_clean_success, assert_refused, helm_verdict, run_chartgen
from hostile.inputs import write_chart

SECRET = "canary-secret-outside-the-chart"

FILES = """apiVersion: v1
kind: ConfigMap
metadata:
  name: files
data:
{{- range $path, $_ := .Files.Glob "files/**" }}
  {{ $path | replace "/" "_" }}: {{ $.Files.Get $path | quote }}
{{- end }}
"""


def _chart_with_files(tmp_path: Path) -> Path:
    chart = write_chart(tmp_path, templates={"files.yaml": FILES})
    (chart / "files").mkdir()
    (chart / "files" / "in.txt").write_text("inside\n")
    return chart


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n")
    return secret


def _iris_copy(tmp_path: Path) -> Path:
    chart = tmp_path / "iris-operator"
    shutil.copytree(base_chart_dir(), chart)
    return chart


def _warnings(outcome) -> list[str]:
    return [line for line in outcome.stderr.splitlines() if line.startswith("chartgen: warning: ")]


def _same_as_helm(tmp_path: Path, helm, chart: Path) -> None:
    outcome = run_chartgen("render", chart, cwd=tmp_path)
    assert_clean_success(outcome)
    assert outcome.stdout == helm.run("template", "release-name", str(chart)).stdout


# -- render: Helm's output where the link stays inside the chart ------------------------------------------------


def test_a_link_to_a_file_inside_renders_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("in.txt", chart / "files" / "link.txt")
    _same_as_helm(tmp_path, helm, chart)


def test_a_link_to_a_folder_inside_renders_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    (chart / "files" / "real").mkdir()
    (chart / "files" / "real" / "x.txt").write_text("x\n")
    os.symlink("real", chart / "files" / "alias")
    _same_as_helm(tmp_path, helm, chart)


def test_a_linked_template_renders_as_in_helm(tmp_path: Path, helm) -> None:
    chart = write_chart(tmp_path)
    (chart / "shared").mkdir()
    (chart / "templates" / "cm.yaml").rename(chart / "shared" / "cm.yaml")
    os.symlink("../shared/cm.yaml", chart / "templates" / "cm.yaml")
    _same_as_helm(tmp_path, helm, chart)


def test_each_link_followed_is_one_warning_line(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("in.txt", chart / "files" / "a.txt")
    os.symlink("in.txt", chart / "files" / "b.txt")
    outcome = run_chartgen("render", chart, cwd=tmp_path)
    assert_clean_success(outcome)
    assert len(_warnings(outcome)) == 2
    assert all("symbolic link" in line and "followed" in line for line in _warnings(outcome))


def test_lint_warns_once_per_link(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("in.txt", chart / "files" / "a.txt")
    outcome = run_chartgen("lint", chart, cwd=tmp_path)
    assert_bounded(outcome)
    assert len(_warnings(outcome)) == 1


# -- refused: links that leave the chart ------------------------------------------------------------------------


def test_a_link_to_a_file_outside_is_refused_and_not_read(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink(_outside(tmp_path), chart / "files" / "out.txt")
    outcome = run_chartgen("render", chart, cwd=tmp_path)
    assert_refused(outcome, "files/out.txt", "leads outside the chart")
    assert SECRET not in outcome.stdout + outcome.stderr


def test_a_relative_link_climbing_out_is_refused(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    _outside(tmp_path)
    os.symlink("../../elsewhere/secret.txt", chart / "files" / "out.txt")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "files/out.txt", "leads outside the chart")


def test_a_link_to_a_folder_outside_is_refused(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink(_outside(tmp_path).parent, chart / "files" / "dir")
    outcome = run_chartgen("render", chart, cwd=tmp_path)
    assert_refused(outcome, "files/dir", "leads outside the chart")
    assert SECRET not in outcome.stdout


def test_a_link_to_the_process_environment_is_refused(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("/proc/self/environ", chart / "files" / "environ")
    outcome = run_chartgen("render", chart, cwd=tmp_path, env={"CANARY_ENV": SECRET})
    assert_refused(outcome, "files/environ", "leads outside the chart")
    assert SECRET not in outcome.stdout + outcome.stderr


def test_values_linked_to_dev_zero_are_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    (chart / "values.yaml").unlink()
    os.symlink("/dev/zero", chart / "values.yaml")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "values.yaml", "leads outside the chart")


def test_a_chart_yaml_linked_outside_is_refused(tmp_path: Path) -> None:
    chart = write_chart(tmp_path)
    real = tmp_path / "elsewhere.yaml"
    (chart / "Chart.yaml").rename(real)
    os.symlink(real, chart / "Chart.yaml")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "Chart.yaml", "leads outside the chart")


def test_an_ignored_link_outside_is_not_read(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink(_outside(tmp_path), chart / "files" / "out.txt")
    (chart / ".helmignore").write_text("files/out.txt\n")
    _same_as_helm(tmp_path, helm, chart)


def test_lint_reports_a_link_outside_without_its_content(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    (chart / "values.yaml").unlink()
    os.symlink(_outside(tmp_path), chart / "values.yaml")
    outcome = run_chartgen("lint", chart, cwd=tmp_path)
    assert_bounded(outcome)
    assert outcome.returncode == 1 and "leads outside the chart" in outcome.stdout
    assert SECRET not in outcome.stdout + outcome.stderr


# -- the same verdict as Helm where a link is broken ------------------------------------------------------------


def test_a_dangling_link_fails_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("nowhere.txt", chart / "files" / "dangling")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "files/dangling", "leads to nothing")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_a_link_loop_fails_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("..", chart / "files" / "loop")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "files/loop", "loop")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


def test_a_link_to_itself_fails_as_in_helm(tmp_path: Path, helm) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink("self", chart / "files" / "self")
    assert_refused(run_chartgen("render", chart, cwd=tmp_path), "files/self")
    assert helm_verdict(helm, "template", "r", str(chart)) is False


# -- outputs never carry what a link points at outside ----------------------------------------------------------


def test_patch_refuses_a_chart_with_a_link_outside_and_writes_nothing(tmp_path: Path) -> None:
    chart = _iris_copy(tmp_path)
    os.symlink(_outside(tmp_path), chart / "secret.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("patch", "--chart", chart, "--remote-secret", "wk", "-o", "out", cwd=tmp_path)
    assert_refused(outcome, "secret.txt", "leads outside the chart")
    sandbox.assert_unchanged()


def test_patch_writes_a_link_inside_as_a_regular_file(tmp_path: Path) -> None:
    chart = _iris_copy(tmp_path)
    (chart / "extra.txt").write_text("extra\n")
    os.symlink("extra.txt", chart / "linked.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("patch", "--chart", chart, "--remote-secret", "wk", "-o", "out", cwd=tmp_path)
    assert_clean_success(outcome)
    assert len(_warnings(outcome)) == 1
    written = tmp_path / "out" / "linked.txt"
    assert not written.is_symlink() and written.read_text() == "extra\n"
    sandbox.assert_changed_only_under("out")


def test_patch_refuses_a_linked_environment_file(tmp_path: Path) -> None:
    chart = _iris_copy(tmp_path)
    os.symlink("/proc/self/environ", chart / "templates" / "environ.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen(
        "patch", "--chart", chart, "--remote-secret", "wk", "-o", "out", cwd=tmp_path, env={"CANARY_ENV": SECRET}
    )
    assert_refused(outcome, "environ.txt", "leads outside the chart")
    sandbox.assert_unchanged()


def test_target_bundle_refuses_a_chart_with_a_link_outside(tmp_path: Path) -> None:
    chart = _iris_copy(tmp_path)
    os.symlink(_outside(tmp_path), chart / "secret.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("target", "bundle", "--chart", chart, "-n", "iko", "-o", "out", cwd=tmp_path)
    assert_refused(outcome, "secret.txt", "leads outside the chart")
    sandbox.assert_unchanged()


def test_diff_refuses_a_chart_with_a_link_outside(tmp_path: Path) -> None:
    chart = _iris_copy(tmp_path)
    os.symlink(_outside(tmp_path), chart / "secret.txt")
    assert_refused(run_chartgen("diff", "--chart", chart, cwd=tmp_path), "secret.txt", "leads outside the chart")


def test_render_output_dir_refuses_a_chart_with_a_link_outside(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink(_outside(tmp_path), chart / "files" / "out.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", chart, "-o", "rendered", cwd=tmp_path)
    assert_refused(outcome, "leads outside the chart")
    sandbox.assert_unchanged()


def test_snapshot_init_refuses_a_chart_with_a_link_outside(tmp_path: Path) -> None:
    chart = _chart_with_files(tmp_path)
    os.symlink(_outside(tmp_path), chart / "files" / "out.txt")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("snapshot", "init", chart, "tests", cwd=tmp_path)
    assert_refused(outcome, "leads outside the chart")
    sandbox.assert_unchanged()


@pytest.mark.parametrize("depth", [3])
def test_nested_links_inside_the_chart_render_as_in_helm(tmp_path: Path, helm, depth: int) -> None:
    chart = _chart_with_files(tmp_path)
    previous = "in.txt"
    for level in range(depth):
        os.symlink(previous, chart / "files" / f"hop{level}.txt")
        previous = f"hop{level}.txt"
    _same_as_helm(tmp_path, helm, chart)
