"""The values family: schema violations placed on the line of the user's values file, with did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

SCHEMA = '{"type": "object", "additionalProperties": false, "properties": {"replicas": {"type": "integer"}, "mode": {"enum": ["a", "b"]}}}'


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, False)
    return target


def small_chart(root: Path, schema: str | None = SCHEMA, values: str = "replicas: 1\n") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (root / "values.yaml").write_text(values)
    if schema is not None:
        (root / "values.schema.json").write_text(schema)
    return root


def values_file(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def findings(report, prefix: str = "CG-VALUES"):
    return [(f.rule_id, str(f.location), f.message) for f in report.findings if f.rule_id.startswith(prefix)]


def test_misspelt_remote_target_key_gets_did_you_mean(tmp_path, patched_chart):
    user = values_file(tmp_path, "remoteTarget:\n  secretNam: x\n")
    report = run_lint(LintOptions(patched_chart, values_files=[user]))
    assert findings(report) == [
        (
            "CG-VALUES-002",
            f"{user}:2:3",
            "unknown key 'remoteTarget.secretNam' (did you mean 'remoteTarget.secretName'?)",
        )
    ]


def test_wrong_type_is_placed_on_the_value(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "# comment\nreplicas: two\n")
    assert findings(run_lint(LintOptions(chart, values_files=[user]))) == [
        ("CG-VALUES-001", f"{user}:2:11", "replicas: 'two' is not of type 'integer'")
    ]


def test_value_not_in_enum(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "mode: c\n")
    assert findings(run_lint(LintOptions(chart, values_files=[user]))) == [
        ("CG-VALUES-001", f"{user}:1:7", "mode: 'c' is not one of ['a', 'b']")
    ]


def test_every_violation_is_reported_not_just_the_first(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "replicas: x\nmode: c\nextra: 1\n")
    assert [r for r, _, _ in findings(run_lint(LintOptions(chart, values_files=[user])))] == [
        "CG-VALUES-001",
        "CG-VALUES-001",
        "CG-VALUES-002",
    ]


def test_later_file_that_sets_the_value_is_blamed(tmp_path):
    chart = small_chart(tmp_path / "c")
    first = values_file(tmp_path, "replicas: x\n", "a.yaml")
    second = values_file(tmp_path, "\nreplicas: y\n", "b.yaml")
    ((_, where, _),) = findings(run_lint(LintOptions(chart, values_files=[first, second])))
    assert where == f"{second}:2:11"


def test_chart_default_that_breaks_schema_is_placed_in_values_yaml(tmp_path):
    chart = small_chart(tmp_path / "c", values="replicas: many\n")
    ((_, where, _),) = findings(run_lint(LintOptions(chart)))
    assert where == f"{chart / 'values.yaml'}:1:11"


def test_set_value_is_located_at_set(tmp_path):
    chart = small_chart(tmp_path / "c")
    ((_, where, message),) = findings(run_lint(LintOptions(chart, set_values=["bogus=1"])))
    assert (where, message) == ("--set", "unknown key 'bogus'")


def test_user_file_syntax_error_is_located(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "a: 1\nb: [\n")
    report = run_lint(LintOptions(chart, values_files=[user]))
    errors = [(f.rule_id, f.location.path) for f in report.findings if f.severity.label == "error"]
    assert errors == [("CG-VALUES-003", str(user))]


def test_user_file_that_is_not_a_mapping(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "- a\n")
    assert findings(run_lint(LintOptions(chart, values_files=[user]))) == [
        ("CG-VALUES-003", f"{user}:1", "a values file must be a mapping at its top level")
    ]


def test_stock_chart_uses_bundled_schema(tmp_path):
    user = values_file(tmp_path, "operator:\n  tagg: x\n")
    ((rule_id, where, message),) = findings(run_lint(LintOptions(base_chart_dir(), values_files=[user])))
    assert (rule_id, where) == ("CG-VALUES-002", f"{user}:2:3")
    assert "did you mean 'operator.tag'" in message


def test_chart_without_schema_gets_a_note(tmp_path):
    chart = small_chart(tmp_path / "c", schema=None)
    assert findings(run_lint(LintOptions(chart))) == [
        ("CG-VALUES-004", str(chart / "Chart.yaml"), "no values.schema.json: values are not validated")
    ]


def test_schema_failure_is_not_repeated_as_render_failure(tmp_path):
    chart = small_chart(tmp_path / "c")
    user = values_file(tmp_path, "replicas: x\n")
    report = run_lint(LintOptions(chart, values_files=[user]))
    assert [f.rule_id for f in report.findings if f.severity.label == "error"] == ["CG-VALUES-001"]
