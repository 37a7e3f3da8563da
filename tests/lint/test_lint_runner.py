"""The runner: one load and render for all rules, exit codes, --disable, deterministic order."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.errors import Location, UsageError
from chartgen.findings import Finding, Severity
from chartgen.lint.runner import LintOptions, LintReport, run_lint, sort_key


def small_chart(root: Path, template: str = "") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: https://x.io/i.png\n")
    (root / "values.schema.json").write_text('{"type": "object"}')
    if template:
        (root / "templates" / "t.yaml").write_text(template)
    return root


BAD_NAME = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n"


def warning_only_chart(root: Path) -> Path:
    """A chart whose one finding is a warning: a maintainer without a name."""
    small_chart(root)
    chart_yaml = root / "Chart.yaml"
    chart_yaml.write_text(chart_yaml.read_text() + "maintainers:\n- email: someone@example.com\n")
    return root


def test_clean_chart_exits_zero(tmp_path):
    report = run_lint(LintOptions(small_chart(tmp_path / "c")))
    assert (report.findings, report.exit_code) == ([], 0)


def test_error_finding_exits_one(tmp_path):
    assert run_lint(LintOptions(small_chart(tmp_path / "c", '{{ fail "no" }}'))).exit_code == 1


def test_warning_exits_zero_without_strict(tmp_path):
    assert run_lint(LintOptions(warning_only_chart(tmp_path / "c"))).exit_code == 0


def test_warning_exits_one_with_strict(tmp_path):
    assert run_lint(LintOptions(warning_only_chart(tmp_path / "c"), strict=True)).exit_code == 1


def test_missing_chart_path_is_usage_error(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        run_lint(LintOptions(tmp_path / "nope"))


def test_missing_values_file_is_usage_error(tmp_path):
    with pytest.raises(UsageError, match="values file"):
        run_lint(LintOptions(small_chart(tmp_path / "c"), values_files=[tmp_path / "nope.yaml"]))


def test_malformed_set_is_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--set"):
        run_lint(LintOptions(small_chart(tmp_path / "c"), set_values=["a[=1"]))


def test_unknown_disable_id_is_usage_error(tmp_path):
    with pytest.raises(UsageError, match="CG-NOPE-001"):
        run_lint(LintOptions(small_chart(tmp_path / "c"), disable=["CG-NOPE-001"]))


def test_disable_removes_the_rule(tmp_path):
    report = run_lint(LintOptions(small_chart(tmp_path / "c", BAD_NAME), disable=["CG-CHART-012"]))
    assert report.findings == []


def test_directory_without_chart_yaml_is_a_finding_not_a_crash(tmp_path):
    (tmp_path / "empty").mkdir()
    report = run_lint(LintOptions(tmp_path / "empty"))
    assert [f.rule_id for f in report.findings] == ["CG-CHART-001"]
    assert report.exit_code == 1


def test_set_values_reach_the_render(tmp_path):
    chart = small_chart(tmp_path / "c", '{{ if .Values.boom }}{{ fail "boom" }}{{ end }}')
    report = run_lint(LintOptions(chart, set_values=["boom=true"]))
    assert [f.rule_id for f in report.findings] == ["CG-CHART-009"]


def test_kube_version_reaches_the_render(tmp_path):
    chart = small_chart(
        tmp_path / "c", '{{ if semverCompare "<1.20" .Capabilities.KubeVersion.Version }}{{ fail "old" }}{{ end }}'
    )
    assert run_lint(LintOptions(chart, kube_version="1.19")).exit_code == 1


def test_findings_sort_by_path_line_column_rule():
    def f(path, line, col, rule):
        return Finding(rule, Severity.ERROR, "m", Location(path, line, col))

    items = [f("b", 1, 1, "A"), f("a", 2, 1, "A"), f("a", 1, 5, "B"), f("a", 1, 5, "A"), f("a", None, None, "Z")]
    assert [(i.location.path, i.location.line, i.location.column, i.rule_id) for i in sorted(items, key=sort_key)] == [
        ("a", None, None, "Z"),
        ("a", 1, 5, "A"),
        ("a", 1, 5, "B"),
        ("a", 2, 1, "A"),
        ("b", 1, 1, "A"),
    ]


def test_note_findings_never_fail():
    report = LintReport("c", [], [Finding("X", Severity.NOTE, "m", Location("p"))], strict=True)
    assert report.exit_code == 0


def test_a_finding_never_shows_the_credentials_of_a_url_it_quotes(tmp_path):
    chart = small_chart(tmp_path / "c")
    (chart / "values.schema.json").write_text(
        '{"type": "object", "properties": {"proxy": {"type": "string", "pattern": "^https?://[a-z.]+:[0-9]+$"}}}'
    )
    (chart / "values.yaml").write_text("proxy: http://operator:TopSecretPassw0rd@proxy.example:3128\n")
    report = run_lint(LintOptions(chart))
    assert report.findings, "the refused value should be reported"
    assert all("TopSecretPassw0rd" not in finding.message for finding in report.findings)
    assert any("<redacted>@proxy.example" in finding.message for finding in report.findings)
