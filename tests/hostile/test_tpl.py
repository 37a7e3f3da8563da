"""``tpl`` strings come from values, which users and chart authors both write: nesting must stay bounded."""

from __future__ import annotations

from pathlib import Path

from hostile.harness import assert_clean_success, run_chartgen


def test_tpl_of_an_empty_string_inside_tpl_renders_at_once(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text('outer: "a: 1\\n{{- tpl .Values.inner . }}\\n"\ninner: ""\n')
    (chart / "templates" / "t.yaml").write_text("x: |\n{{ tpl .Values.outer . | indent 2 }}\n")
    outcome = run_chartgen("render", chart, cwd=tmp_path, seconds=15)
    assert_clean_success(outcome)
    assert outcome.stdout.endswith("x: |\n  a: 1\n")
