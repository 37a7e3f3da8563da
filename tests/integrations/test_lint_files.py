"""``chartgen lint-files``: the files a commit touches, mapped to their charts, each chart linted once."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from chartgen.cli_hooks import chart_of

CHART_YAML = "apiVersion: v2\nname: {name}\nversion: 0.1.0\nicon: https://example.com/i.png\n"
GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n"
BROKEN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "x is required" .Values.x }}\n'


def _chart(root: Path, name: str, template: str) -> Path:
    chart = root / name
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text(CHART_YAML.format(name=name))
    (chart / "values.yaml").write_text("{}\n")
    (chart / "templates" / "cm.yaml").write_text(template)
    return chart


def test_a_file_belongs_to_the_nearest_chart_above_it(tmp_path):
    outer = _chart(tmp_path, "outer", GOOD)
    inner = _chart(outer / "charts", "inner", GOOD)
    assert chart_of(inner / "templates" / "cm.yaml") == inner
    assert chart_of(outer / "Chart.yaml") == outer
    assert chart_of(tmp_path / "README.md") is None


def test_files_of_a_good_chart_pass(tmp_path):
    _chart(tmp_path, "good", GOOD)
    done = run_cli("lint-files", "good/Chart.yaml", "good/templates/cm.yaml", cwd=tmp_path)
    assert done.exit_code == 0
    assert done.stdout.count("good: 0 errors") == 1  # linted once for its two files


def test_a_broken_chart_fails_the_run_and_the_others_are_still_linted(tmp_path):
    _chart(tmp_path, "bad", BROKEN)
    _chart(tmp_path, "good", GOOD)
    done = run_cli("lint-files", "bad/templates/cm.yaml", "good/values.yaml", cwd=tmp_path)
    assert done.exit_code == 1
    assert "bad/templates/cm.yaml:4:" in done.stdout and "error CG-CHART-009" in done.stdout
    assert "good: 0 errors" in done.stdout


def test_unreadable_input_is_exit_2_even_beside_findings(tmp_path):
    _chart(tmp_path, "bad", BROKEN)
    done = run_cli("lint-files", "--config", "missing.yaml", "bad/values.yaml", cwd=tmp_path)
    assert done.exit_code == 2
    assert done.stderr == "chartgen: error: config file missing.yaml does not exist\n"


def test_files_outside_every_chart_lint_nothing(tmp_path):
    (tmp_path / "README.md").write_text("hello\n")
    done = run_cli("lint-files", "README.md", cwd=tmp_path)
    assert (done.exit_code, done.stdout) == (0, "")


def test_lint_options_reach_each_chart(tmp_path):
    _chart(tmp_path, "a", GOOD)
    _chart(tmp_path, "b", GOOD)
    (tmp_path / "b" / "Chart.yaml").write_text("apiVersion: v2\nname: b\nversion: 0.1.0\n")  # no icon: a note
    assert "CG-CHART-006" in run_cli("lint-files", "b/Chart.yaml", cwd=tmp_path).stdout
    done = run_cli("lint-files", "--disable", "CG-CHART-006", "a/Chart.yaml", "b/Chart.yaml", cwd=tmp_path)
    assert done.exit_code == 0
    assert "CG-CHART-006" not in done.stdout
