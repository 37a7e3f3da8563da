"""``chartgen lint``: the thin command over the runner — exit codes, formats, --output, --list-rules."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

from chartgen.chartio.output import write_directory
from chartgen.patch.engine import PatchRequest, patch_chart


def small_chart(root: Path, template: str = "") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    if template:
        (root / "templates" / "t.yaml").write_text(template)
    return root


def test_lint_of_patched_chart_exits_zero(tmp_path):
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    write_directory(result.files, tmp_path / "iris-operator", False)
    done = run_cli("lint", "iris-operator", cwd=tmp_path)
    assert done.exit_code == 0, done.stdout
    assert done.stdout.splitlines()[-1].startswith("iris-operator: 0 errors")


def test_error_finding_exits_one(tmp_path):
    small_chart(tmp_path / "c", '{{ fail "no" }}')
    done = run_cli("lint", "c", cwd=tmp_path)
    assert done.exit_code == 1
    assert "c/templates/t.yaml:1:3: error CG-CHART-009" in done.stdout


def test_missing_chart_exits_two(tmp_path):
    done = run_cli("lint", "nope", cwd=tmp_path)
    assert (done.exit_code, done.stderr) == (2, "chartgen: error: chart nope does not exist\n")


def test_missing_chart_argument_exits_two(tmp_path):
    assert run_cli("lint", cwd=tmp_path).exit_code == 2


def test_bad_config_exits_two_with_location(tmp_path):
    small_chart(tmp_path / "c")
    (tmp_path / "c" / ".chartgen.yaml").write_text("lint:\n  suppressions:\n    - rule: CG-CHART-012\n")
    done = run_cli("lint", "c", cwd=tmp_path)
    assert done.exit_code == 2
    assert "c/.chartgen.yaml:3:7: invalid lint config" in done.stderr


def test_output_writes_the_report_to_a_file(tmp_path):
    small_chart(tmp_path / "c")
    done = run_cli("lint", "c", "--format", "json", "--output", "out/lint.json", cwd=tmp_path)
    assert done.exit_code == 0
    assert done.stdout == ""
    assert json.loads((tmp_path / "out/lint.json").read_text())["version"] == 1


def test_output_keeps_an_existing_file_without_force(tmp_path):
    small_chart(tmp_path / "c")
    (tmp_path / "lint.sarif").write_text("old")
    done = run_cli("lint", "c", "--format", "sarif", "--output", "lint.sarif", cwd=tmp_path)
    assert done.exit_code == 2
    assert done.stderr == "chartgen: error: lint.sarif already exists; use --force to replace it\n"
    assert (tmp_path / "lint.sarif").read_text() == "old"


def test_output_with_force_replaces_an_existing_report(tmp_path):
    small_chart(tmp_path / "c")
    (tmp_path / "lint.sarif").write_text("old")
    done = run_cli("lint", "c", "--format", "sarif", "--output", "lint.sarif", "--force", cwd=tmp_path)
    assert done.exit_code == 0
    assert json.loads((tmp_path / "lint.sarif").read_text())["version"] == "2.1.0"


def test_strict_fails_on_warnings(tmp_path):
    small_chart(tmp_path / "c")
    chart_yaml = tmp_path / "c" / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text() + "maintainers:\n- email: someone@example.com\n")
    assert run_cli("lint", "c", cwd=tmp_path).exit_code == 0
    assert run_cli("lint", "c", "--strict", cwd=tmp_path).exit_code == 1


def test_disable_unknown_rule_exits_two(tmp_path):
    small_chart(tmp_path / "c")
    assert run_cli("lint", "c", "--disable", "CG-NOPE-001", cwd=tmp_path).exit_code == 2


def test_list_rules_prints_every_rule_with_why_and_fix():
    done = run_cli("lint", "--list-rules")
    assert done.exit_code == 0
    assert "CG-CHART-001  [error]  Chart.yaml is missing, unreadable or not valid YAML." in done.stdout
    assert "CG-VALUES-002  [error]" in done.stdout
    assert done.stdout.count("    Why: ") == done.stdout.count("    Fix: ") == done.stdout.count("  [")


def test_text_is_not_coloured_when_not_a_terminal(tmp_path):
    small_chart(tmp_path / "c", '{{ fail "no" }}')
    assert "\x1b[" not in run_cli("lint", "c", cwd=tmp_path).stdout
