"""Chart names Helm 3 takes although they are not plain file names (``..``, ``/``): rendering to a folder must
never place a template beside or above it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.harness import Sandbox, assert_clean_success, assert_refused, run_chartgen


def _chart(root: Path, name: str) -> Path:
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
    (chart / "templates" / "t.yaml").write_text("kind: ConfigMap\n")
    return chart


@pytest.mark.parametrize("name", ["..", "/"])
def test_render_to_a_folder_refuses_template_paths_outside_it(tmp_path: Path, name: str) -> None:
    chart = _chart(tmp_path, name)
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", chart, "-o", tmp_path / "out", cwd=tmp_path)
    assert_refused(outcome, "outside the output directory")
    sandbox.assert_unchanged()


def test_render_to_a_folder_of_a_chart_named_dot_stays_inside(tmp_path: Path) -> None:
    chart = _chart(tmp_path, ".")
    sandbox = Sandbox(tmp_path)
    outcome = run_chartgen("render", chart, "-o", tmp_path / "out", cwd=tmp_path)
    assert_clean_success(outcome)
    sandbox.assert_changed_only_under("out")
    assert (tmp_path / "out" / "templates" / "t.yaml").is_file()
