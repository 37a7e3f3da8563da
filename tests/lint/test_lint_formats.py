"""Report formats: text lines, the versioned JSON shape, schema-valid SARIF 2.1.0, and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest

from chartgen.lint.report import format_report
from chartgen.lint.runner import LintOptions, run_lint

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared/reference/sarif/sarif-schema-2.1.0.json"


def small_chart(root: Path) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: 1.10\n")
    (root / "templates" / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n")
    (root / ".chartgen.yaml").write_text(
        "lint:\n  suppressions:\n    - {rule: CG-VALUES-004, reason: demo chart has no schema}\n"
    )
    return root


@pytest.fixture
def report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    small_chart(tmp_path / "demo")
    return run_lint(LintOptions(Path("demo")))


def validate_sarif(document: dict) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared/reference beside the repository)")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(document)


def test_text_lines_are_path_line_col_severity_rule_message(report):
    lines = format_report(report, "text").splitlines()
    assert lines == [
        "demo/Chart.yaml:1:1: note CG-CHART-006 icon is recommended",
        "demo/Chart.yaml:4:13: error CG-CHART-005 appVersion should be of type string but it's of type float64",
        'demo/templates/cm.yaml:4: error CG-CHART-012 object name "Bad_Name" does not conform to Kubernetes '
        "naming requirements: it must be a lowercase RFC 1123 subdomain (lower-case letters, digits, '-' or '.', "
        "at most 253 characters)",
        "demo: 2 errors, 0 warnings, 1 note (1 suppressed); config: demo/.chartgen.yaml",
    ]


def test_text_colour_only_when_asked(report):
    coloured = format_report(report, "text", color=True)
    assert "\x1b[" in coloured
    assert click.unstyle(coloured) == format_report(report, "text")


def test_json_shape(report):
    data = json.loads(format_report(report, "json"))
    assert data["version"] == 1
    assert data["tool"]["name"] == "chartgen"
    assert data["findings"][1] == {
        "ruleId": "CG-CHART-005",
        "severity": "error",
        "message": "appVersion should be of type string but it's of type float64",
        "location": {"path": "demo/Chart.yaml", "line": 4, "column": 13, "object": None, "field": None},
    }
    assert data["summary"] == {"errors": 2, "warnings": 0, "notes": 1, "suppressed": 1, "strict": False, "exitCode": 1}
    assert data["suppressed"][0]["suppression"]["reason"] == "demo chart has no schema"


def test_sarif_validates_against_the_official_schema(report):
    validate_sarif(json.loads(format_report(report, "sarif")))


def test_sarif_rule_metadata_comes_from_the_registry(report):
    run = json.loads(format_report(report, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    result = next(r for r in run["results"] if r["ruleId"] == "CG-CHART-005")
    rule = rules[result["ruleIndex"]]
    assert rule["id"] == "CG-CHART-005"
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["shortDescription"]["text"] == "Chart.yaml's appVersion is not a string."
    assert rule["fullDescription"]["text"] and rule["help"]["text"]


def test_sarif_result_location(report):
    run = json.loads(format_report(report, "sarif"))["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "CG-CHART-012")
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "demo/templates/cm.yaml"},
        "region": {"startLine": 4},
    }
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "ConfigMap/Bad_Name:metadata.name"


def test_sarif_keeps_suppressed_results_with_justification(report):
    run = json.loads(format_report(report, "sarif"))["runs"][0]
    (result,) = [r for r in run["results"] if "suppressions" in r]
    assert result["suppressions"][0]["justification"] == "demo chart has no schema"


def test_sarif_of_a_clean_run_validates(tmp_path):
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    document = json.loads(format_report(run_lint(LintOptions(chart)), "sarif"))
    validate_sarif(document)
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")
        for r in document["runs"][0]["results"]
    )


def test_junit_has_one_suite_per_family_and_one_case_per_rule(report):
    root = ET.fromstring(format_report(report, "junit"))
    assert root.tag == "testsuites"
    families = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert "chartgen lint: chart" in families
    chart_suite = families["chartgen lint: chart"]
    cases = chart_suite.findall("testcase")
    assert int(chart_suite.get("tests")) == len(cases) == len([r for r in report.rules if r.family == "chart"])


def test_junit_failure_only_for_failing_findings(report):
    root = ET.fromstring(format_report(report, "junit"))
    failed = [case.get("name").split()[0] for case in root.iter("testcase") if case.find("failure") is not None]
    assert failed == ["CG-CHART-005", "CG-CHART-012"]
    assert root.get("failures") == "2"


def test_junit_strict_fails_warnings_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    small_chart(tmp_path / "demo")
    root = ET.fromstring(format_report(run_lint(LintOptions(Path("demo"), strict=True)), "junit"))
    failed = sorted(case.get("name").split()[0] for case in root.iter("testcase") if case.find("failure") is not None)
    assert failed == ["CG-CHART-005", "CG-CHART-012"]


def test_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="unknown lint report format"):
        format_report(report, "xml")
