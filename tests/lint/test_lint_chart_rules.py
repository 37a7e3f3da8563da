"""The chart family: what helm lint checks, with each finding on the file and line to edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.findings import Severity
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

CHART_YAML = "apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: https://example.com/i.png\n"
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
"""


def make_chart(root: Path, **overrides: str | None) -> Path:
    files = {"Chart.yaml": CHART_YAML, "values.yaml": "a: 1\n", "templates/cm.yaml": CONFIGMAP}
    files.update({name.replace("__", "/").replace("_dot_", "."): text for name, text in overrides.items()})
    for rel, text in files.items():
        if text is not None:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
    return root


def lint(chart: Path, **kwargs):
    return run_lint(LintOptions(chart, **kwargs))


def only(report, rule_id: str):
    found = [f for f in report.findings if f.rule_id == rule_id]
    assert len(found) == 1, report.findings
    return found[0]


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, False)
    return target


def test_clean_chart_has_no_chart_findings(tmp_path):
    report = lint(make_chart(tmp_path))
    assert [f for f in report.findings if f.rule_id.startswith("CG-CHART")] == []
    assert report.exit_code == 0


def test_base_chart_has_no_error_findings():
    report = lint(base_chart_dir())
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []


def test_patched_chart_has_no_error_findings(patched_chart):
    report = lint(patched_chart)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    assert report.exit_code == 0


# (name, files to override, rule, file, line, column, severity) — one seeded fault each.
SEEDED = [
    ("no Chart.yaml", {"Chart_dot_yaml": None}, "CG-CHART-001", "Chart.yaml", None, None, Severity.ERROR),
    (
        "Chart.yaml syntax",
        {"Chart_dot_yaml": CHART_YAML + "description: [\n"},
        "CG-CHART-001",
        "Chart.yaml",
        6,
        1,
        Severity.ERROR,
    ),
    (
        "apiVersion v3",
        {"Chart_dot_yaml": CHART_YAML.replace("v2", "v3")},
        "CG-CHART-002",
        "Chart.yaml",
        1,
        13,
        Severity.ERROR,
    ),
    (
        "no apiVersion",
        {"Chart_dot_yaml": CHART_YAML.replace("apiVersion: v2\n", "")},
        "CG-CHART-002",
        "Chart.yaml",
        1,
        1,
        Severity.ERROR,
    ),
    (
        "no name",
        {"Chart_dot_yaml": CHART_YAML.replace("name: demo\n", "")},
        "CG-CHART-003",
        "Chart.yaml",
        1,
        1,
        Severity.ERROR,
    ),
    (
        "version 1.x",
        {"Chart_dot_yaml": CHART_YAML.replace("0.1.0", "1.x")},
        "CG-CHART-004",
        "Chart.yaml",
        3,
        10,
        Severity.ERROR,
    ),
    (
        "version float",
        {"Chart_dot_yaml": CHART_YAML.replace("0.1.0", "1.2")},
        "CG-CHART-004",
        "Chart.yaml",
        3,
        10,
        Severity.ERROR,
    ),
    (
        "version with v",
        {"Chart_dot_yaml": CHART_YAML.replace("0.1.0", "v0.1.0")},
        "CG-CHART-004",
        "Chart.yaml",
        3,
        10,
        Severity.WARNING,
    ),
    (
        "appVersion float",
        {"Chart_dot_yaml": CHART_YAML + "appVersion: 1.10\n"},
        "CG-CHART-005",
        "Chart.yaml",
        5,
        13,
        Severity.ERROR,
    ),
    (
        "no icon",
        {"Chart_dot_yaml": CHART_YAML.replace("icon: https://example.com/i.png\n", "")},
        "CG-CHART-006",
        "Chart.yaml",
        1,
        1,
        Severity.NOTE,
    ),
    (
        "icon not a URL",
        {"Chart_dot_yaml": CHART_YAML.replace("https://example.com/i.png", "icon.png")},
        "CG-CHART-007",
        "Chart.yaml",
        4,
        7,
        Severity.WARNING,
    ),
    (
        "maintainer without name",
        {"Chart_dot_yaml": CHART_YAML + "maintainers:\n  - email: a@b.c\n"},
        "CG-CHART-007",
        "Chart.yaml",
        6,
        5,
        Severity.WARNING,
    ),
    (
        "template nil pointer",
        {"templates__bad_dot_yaml": "x: {{ .Values.x.y }}\n"},
        "CG-CHART-009",
        "templates/bad.yaml",
        1,
        13,
        Severity.ERROR,
    ),
    (
        "template parse error",
        {"templates__bad_dot_yaml": "a: 1\n{{ end }}\n"},
        "CG-CHART-009",
        "templates/bad.yaml",
        2,
        None,
        Severity.ERROR,
    ),
    (
        "required value",
        {"templates__bad_dot_yaml": '\n\nx: {{ required "need x" .Values.x }}\n'},
        "CG-CHART-009",
        "templates/bad.yaml",
        3,
        6,
        Severity.ERROR,
    ),
    (
        "rendered YAML broken",
        {"templates__bad_dot_yaml": "a: b: c\n"},
        "CG-CHART-010",
        "templates/bad.yaml",
        1,
        None,
        Severity.ERROR,
    ),
    (
        "rendered YAML libyaml cannot compose",
        {
            "templates__anchors_dot_yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: &x one\n  b: &x two\n"
        },
        "CG-CHART-010",
        "templates/anchors.yaml",
        7,
        None,
        Severity.ERROR,
    ),
    (
        "selector missing",
        {"templates__dep_dot_yaml": DEPLOYMENT.replace("  selector:\n    matchLabels: {app: web}\n", "")},
        "CG-CHART-011",
        "templates/dep.yaml",
        5,
        None,
        Severity.ERROR,
    ),
    (
        "selector empty",
        {
            "templates__dep_dot_yaml": DEPLOYMENT.replace("    matchLabels: {app: web}\n", "").replace(
                "  selector:\n", "  selector: {}\n"
            )
        },
        "CG-CHART-011",
        "templates/dep.yaml",
        6,
        None,
        Severity.ERROR,
    ),
    (
        "underscore in name",
        {"templates__dep_dot_yaml": DEPLOYMENT.replace("name: web\nspec", "name: Web_1\nspec")},
        "CG-CHART-012",
        "templates/dep.yaml",
        4,
        None,
        Severity.ERROR,
    ),
    (
        "dotted Service name",
        {"templates__svc_dot_yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: a.b\n"},
        "CG-CHART-012",
        "templates/svc.yaml",
        4,
        None,
        Severity.ERROR,
    ),
    # helm lint says "yaml: line 1: did not find expected node content" for this file; the finding agrees.
    ("values.yaml syntax", {"values_dot_yaml": "a: [\n"}, "CG-CHART-013", "values.yaml", 1, None, Severity.ERROR),
    (
        "template extension",
        {"templates__notes_dot_md": "hello\n"},
        "CG-CHART-014",
        "templates/notes.md",
        None,
        None,
        Severity.ERROR,
    ),
]


@pytest.mark.parametrize(
    ("files", "rule_id", "path", "line", "column", "severity"), [s[1:] for s in SEEDED], ids=[s[0] for s in SEEDED]
)
def test_seeded_chart_fault_is_caught_where_it_is(tmp_path, files, rule_id, path, line, column, severity):
    chart = make_chart(tmp_path / "c", **files)
    finding = only(lint(chart), rule_id)
    assert finding.location.path == str(chart / path)
    assert (finding.location.line, finding.location.column) == (line, column)
    assert finding.severity is severity


def test_render_error_message_is_helms(tmp_path):
    chart = make_chart(tmp_path / "c", templates__bad_dot_yaml="x: {{ .Values.x.y }}\n")
    finding = only(lint(chart), "CG-CHART-009")
    assert finding.message == (
        'template: demo/templates/bad.yaml:1:13: executing "demo/templates/bad.yaml" at <.Values.x.y>: '
        "nil pointer evaluating interface {}.y"
    )


def test_template_location_uses_directory_not_chart_name(tmp_path):
    # Helm names templates by chart name ("demo/..."); the finding must point at the directory the user has.
    chart = make_chart(tmp_path / "other-dir", templates__bad_dot_yaml="x: {{ .Values.x.y }}\n")
    assert only(lint(chart), "CG-CHART-009").location.path == str(chart / "templates/bad.yaml")


def test_values_yaml_error_is_not_repeated_as_load_error(tmp_path):
    report = lint(make_chart(tmp_path / "c", values_dot_yaml="a: [\n"))
    assert [f.rule_id for f in report.findings if f.severity is Severity.ERROR] == ["CG-CHART-013"]


def test_invalid_version_is_not_repeated_as_load_error(tmp_path):
    report = lint(make_chart(tmp_path / "c", Chart_dot_yaml=CHART_YAML.replace("0.1.0", "1.x")))
    assert [f.rule_id for f in report.findings if f.severity is Severity.ERROR] == ["CG-CHART-004"]


def test_broken_subchart_is_a_load_failure(tmp_path):
    chart = make_chart(tmp_path / "c", charts__sub__Chart_dot_yaml="apiVersion: v2\nname: sub\n")
    finding = only(lint(chart), "CG-CHART-008")
    assert "error unpacking subchart sub in demo" in finding.message


def test_name_on_generate_name_object_is_not_required(tmp_path):
    job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: x-\n"
    report = lint(make_chart(tmp_path / "c", templates__job_dot_yaml=job))
    assert [f for f in report.findings if f.rule_id == "CG-CHART-012"] == []


def test_long_subdomain_name_is_flagged(tmp_path):
    cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ repeat 254 "a" }}\n'
    finding = only(lint(make_chart(tmp_path / "c", templates__cm_dot_yaml=cm)), "CG-CHART-012")
    assert finding.location.object == "ConfigMap/" + "a" * 254


def test_name_finding_names_the_object(tmp_path):
    chart = make_chart(tmp_path / "c", templates__dep_dot_yaml=DEPLOYMENT.replace("name: web\nspec", "name: Web\nspec"))
    finding = only(lint(chart), "CG-CHART-012")
    assert (finding.location.object, finding.location.field) == ("Deployment/Web", "metadata.name")


@pytest.mark.parametrize(("first", "last"), [("good", "Bad_Name"), ("Bad_Name", "good")])
def test_a_duplicate_name_key_is_judged_by_the_last_one_as_helm_lint_judges_it(tmp_path, helm, first, last):
    cm = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {first}\n  name: {last}\n"
    chart = make_chart(tmp_path / "c", templates__cm_dot_yaml=cm)
    helm_refuses = helm.run("lint", "--strict", str(chart), check=False).returncode != 0
    lines = [f.location.line for f in lint(chart).findings if f.rule_id == "CG-CHART-012"]
    assert helm_refuses == (last == "Bad_Name")
    assert lines == ([5] if last == "Bad_Name" else [])
