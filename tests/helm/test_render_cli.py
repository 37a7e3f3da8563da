"""``chartgen render``: the command line around the builtin renderer and the real-helm engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_chart

CHART_YAML = b"apiVersion: v2\nname: demo\nversion: 0.1.0\n"


@pytest.fixture
def demo_chart(tmp_path: Path) -> Path:
    return write_chart(
        {
            "Chart.yaml": CHART_YAML,
            "values.yaml": b"name: one\n",
            "templates/cm.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
            "templates/broken.yaml": b"{{ if .Values.broken }}{{ .Values.missing.field }}{{ end }}\n",
        },
        tmp_path / "demo",
    )


def test_builtin_render_prints_what_helm_prints(demo_chart, helm):
    expected = helm.run("template", "release-name", str(demo_chart), "--set", "name=two").stdout
    result = run_cli("render", str(demo_chart), "--helm-compat", str(helm.major), "--set", "name=two")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_helm_compat_defaults_to_helm3(demo_chart):
    result = run_cli("render", str(demo_chart), "--set", "broken=true")
    assert "\n  executing" not in result.stderr  # Helm 4 would lay the error out over several lines


def test_engine_helm_returns_helms_own_bytes(demo_chart, helm):
    expected = helm.run("template", "rel", str(demo_chart), "-n", "ns1").stdout
    result = run_cli(
        "render", str(demo_chart), "--engine", "helm", "--helm", str(helm.binary), "--release-name", "rel", "-n", "ns1"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected


def test_engine_helm_reports_helms_error_without_its_debug_hint(demo_chart, helm):
    result = run_cli("render", str(demo_chart), "--engine", "helm", "--helm", str(helm.binary), "--set", "broken=true")
    assert result.exit_code == 2
    assert result.stderr.startswith("chartgen: error: ")
    assert "nil pointer evaluating interface {}.field" in result.stderr
    assert "Use --debug" not in result.stderr


def test_engine_helm_without_a_binary_says_how_to_give_one(demo_chart, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run_cli("render", str(demo_chart), "--engine", "helm")
    assert result.exit_code == 2
    assert "--helm PATH" in result.stderr


def test_template_error_is_one_helm_style_line_without_traceback(demo_chart):
    result = run_cli("render", str(demo_chart), "--set", "broken=true")
    assert result.exit_code == 2
    assert result.stderr == (
        'chartgen: error: template: demo/templates/broken.yaml:1:33: executing "demo/templates/broken.yaml" '
        "at <.Values.missing.field>: nil pointer evaluating interface {}.field\n"
    )


def test_output_dir_writes_one_file_per_template(demo_chart, tmp_path):
    out = tmp_path / "rendered"
    result = run_cli("render", str(demo_chart), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "demo/templates/cm.yaml").read_text() == (
        "---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n"
    )


def test_output_dir_is_not_replaced_without_force(demo_chart, tmp_path):
    out = tmp_path / "rendered"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run_cli("render", str(demo_chart), "-o", str(out))
    assert result.exit_code == 2
    assert (out / "keep.txt").read_text() == "mine"


def test_output_dir_from_an_earlier_render_is_replaced_with_force(demo_chart, tmp_path):
    out = tmp_path / "rendered"
    assert run_cli("render", str(demo_chart), "-o", str(out)).exit_code == 0
    (out / "demo/templates/stale.yaml").write_text("---\n# Source: demo/templates/stale.yaml\n")
    result = run_cli("render", str(demo_chart), "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert not (out / "demo/templates/stale.yaml").exists()
    assert (out / "demo/templates/cm.yaml").is_file()


def test_output_dir_holding_other_files_is_not_replaced_even_with_force(demo_chart, tmp_path):
    out = tmp_path / "rendered"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = run_cli("render", str(demo_chart), "-o", str(out), "--force")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"chartgen: error: {out} exists and is not an output of chartgen render; refusing to replace it even with --force\n"
    )
    assert (out / "keep.txt").read_text() == "mine"


def test_a_bad_release_name_is_refused(demo_chart):
    result = run_cli("render", str(demo_chart), "--release-name", "Bad_Name")
    assert result.exit_code == 2
    assert 'release name "Bad_Name": invalid release name' in result.stderr
