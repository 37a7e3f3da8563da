"""The manifests rule family: Kubernetes schemas (strict), kinds without a schema, deprecated and removed APIs.

Each seeded fault mutates one template of a copy of the bundled base chart (or of its patched output) and must be
caught by the intended rule at the template file and line that holds the fault.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from chartgen.chartio.output import write_directory
from chartgen.helm.chart_loader import load_chart
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.lint.model import Finding, LintContext, Severity, all_rules
from chartgen.lint.rules.manifests import bundled_versions, deprecated_apis
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

FAMILY = "manifests"


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, False)
    return target


def lint(chart_dir: Path, kube_version: str | None = None, set_values: list[str] | None = None) -> list[Finding]:
    chart = load_chart(chart_dir)
    options = RenderOptions(kube_version=kube_version, set_values=set_values or [], reuse_generated_keys=True)
    render = render_loaded(chart, options)
    ctx = LintContext(
        chart_dir=chart_dir, chart=chart, render=render, kube_version=kube_version, set_values=set_values or []
    )
    return [f for r in all_rules() if r.family == FAMILY for f in r.check(ctx, r)]


def copy_chart(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "chart"
    shutil.copytree(source, target)
    return target


def edit(chart_dir: Path, rel: str, old: str, new: str) -> None:
    path = chart_dir / rel
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new))


def line_of(chart_dir: Path, rel: str, needle: str) -> int:
    lines = (chart_dir / rel).read_text().split("\n")
    matches = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(matches) == 1, f"{needle!r} must occur on one line of {rel}"
    return matches[0]


def where(finding: Finding) -> tuple[str, int | None]:
    return finding.location.path, finding.location.line


def only(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


INGRESS = """\
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: {{ .Release.Name }}-web
spec:
  backend:
    serviceName: web
    servicePort: 80
"""

HPA_V2BETA2 = """\
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .Release.Name }}-hpa
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 3
"""

IRIS_CLUSTER = """\
apiVersion: intersystems.com/v1alpha1
kind: IrisCluster
metadata:
  name: {{ .Release.Name }}-iris
spec:
  topology: {}
"""


# ---- clean charts


@pytest.mark.parametrize("kube_version", [None, "1.25", "1.30", "1.37"])
def test_base_chart_has_no_error_findings(kube_version):
    findings = lint(base_chart_dir(), kube_version)
    assert [f for f in findings if f.severity == Severity.ERROR] == []


@pytest.mark.parametrize("kube_version", [None, "1.25", "1.30", "1.37"])
def test_patched_chart_has_no_error_findings(patched_chart, kube_version):
    findings = lint(patched_chart, kube_version)
    assert [f for f in findings if f.severity == Severity.ERROR] == []


def test_base_chart_with_webhooks_rendered_is_schema_valid():
    # The stock defaults render the APIService and both webhook configurations; they must validate too.
    findings = lint(base_chart_dir(), "1.30")
    assert findings == []


def test_whole_family_is_fast(patched_chart):
    chart = load_chart(patched_chart)
    render = render_loaded(chart, RenderOptions(reuse_generated_keys=True))
    ctx = LintContext(chart_dir=patched_chart, chart=chart, render=render, kube_version="1.31")
    start = time.perf_counter()
    for r in all_rules():
        if r.family == FAMILY:
            list(r.check(ctx, r))
    assert time.perf_counter() - start < 0.5


# ---- schema faults


def test_misspelt_volume_mounts_is_an_unknown_field_at_its_template_line(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    edit(chart, "templates/deployment.yaml", "        volumeMounts:\n", "        volumeMount:\n")
    (finding,) = only(lint(chart, "1.25"), "CG-K8S-002")
    assert finding.severity == Severity.ERROR
    assert where(finding) == (
        f"{chart}/templates/deployment.yaml",
        line_of(chart, "templates/deployment.yaml", "volumeMount:"),
    )
    assert finding.location.column == 9
    assert "'volumeMount'" in finding.message and "did you mean 'volumeMounts'" in finding.message


def test_unknown_field_in_patched_chart_is_found_at_its_template_line(patched_chart, tmp_path):
    chart = copy_chart(patched_chart, tmp_path)
    edit(chart, "templates/deployment.yaml", "  replicas: {{", "  replica: 1\n  replicas: {{")
    (finding,) = only(lint(chart, "1.28"), "CG-K8S-002")
    assert where(finding) == (
        f"{chart}/templates/deployment.yaml",
        line_of(chart, "templates/deployment.yaml", "replica: 1"),
    )
    assert finding.location.object == "Deployment/release-name-iris-operator-amd"
    assert finding.location.field == "spec.replica"


def test_wrong_type_is_a_schema_error_at_its_template_line(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    edit(chart, "templates/service.yaml", "port: 443", 'port: "https"')
    (finding,) = only(lint(chart, "1.25"), "CG-K8S-001")
    assert where(finding) == (
        f"{chart}/templates/service.yaml",
        line_of(chart, "templates/service.yaml", 'port: "https"'),
    )
    assert "expected integer, got string" in finding.message


def test_missing_required_field_is_a_schema_error_at_the_parent(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    edit(chart, "templates/deployment.yaml", "      - name: operator\n", "      - nme: operator\n")
    findings = lint(chart, "1.25")
    (required,) = only(findings, "CG-K8S-001")
    assert "missing required field 'name'" in required.message
    assert required.location.line == line_of(chart, "templates/deployment.yaml", "- nme: operator")


def test_secret_values_are_never_quoted_in_messages(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "extra-secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: extra\nstringData:\n  password: [hunter2-secret]\n"
    )
    findings = lint(chart, "1.25")
    (finding,) = only(findings, "CG-K8S-001")
    assert "hunter2" not in finding.message
    assert where(finding) == (f"{chart}/templates/extra-secret.yaml", 6)


# ---- kinds without a schema


def test_custom_resource_is_a_no_schema_note_not_an_error(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "iriscluster.yaml").write_text(IRIS_CLUSTER)
    findings = lint(chart, "1.25")
    (note,) = only(findings, "CG-K8S-003")
    assert note.severity == Severity.NOTE
    assert "no schema for kind IrisCluster" in note.message
    assert where(note) == (f"{chart}/templates/iriscluster.yaml", 2)
    assert [f for f in findings if f.severity == Severity.ERROR] == []


# ---- deprecated and removed API versions


def test_extensions_ingress_is_removed_for_kube_1_25(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "ingress.yaml").write_text(INGRESS)
    findings = lint(chart, "1.25")
    (removed,) = only(findings, "CG-K8S-004")
    assert removed.severity == Severity.ERROR
    assert where(removed) == (f"{chart}/templates/ingress.yaml", 1)
    assert "removed in Kubernetes 1.22" in removed.message and "networking.k8s.io/v1 Ingress" in removed.message


def test_removed_api_is_not_also_reported_as_missing_schema(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "ingress.yaml").write_text(INGRESS)
    assert only(lint(chart, "1.25"), "CG-K8S-003") == []


def test_deprecated_api_is_a_warning_before_its_removal(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "hpa.yaml").write_text(HPA_V2BETA2)
    findings = lint(chart, "1.25")
    (warning,) = only(findings, "CG-K8S-005")
    assert warning.severity == Severity.WARNING
    assert where(warning) == (f"{chart}/templates/hpa.yaml", 1)
    assert only(findings, "CG-K8S-004") == []


def test_deprecated_api_becomes_removed_at_its_removal_version(tmp_path):
    chart = copy_chart(base_chart_dir(), tmp_path)
    (chart / "templates" / "hpa.yaml").write_text(HPA_V2BETA2)
    findings = lint(chart, "1.26")
    assert [f.rule_id for f in findings if f.rule_id in ("CG-K8S-004", "CG-K8S-005")] == ["CG-K8S-004"]


def test_deprecation_table_entries_are_complete():
    for (api_version, kind), entry in deprecated_apis().items():
        assert api_version and kind and entry["deprecated"], entry
        if entry["removed"]:
            deprecated = tuple(int(p) for p in entry["deprecated"].split("."))
            removed = tuple(int(p) for p in entry["removed"].split("."))
            assert deprecated < removed, entry


# ---- target version


def test_unbundled_old_version_uses_the_oldest_schemas_with_a_note():
    (note,) = only(lint(base_chart_dir(), "1.20"), "CG-K8S-006")
    oldest = bundled_versions()[0]
    assert note.severity == Severity.NOTE
    assert f"validated against {oldest[0]}.{oldest[1]}" in note.message
    assert note.location.path == str(base_chart_dir())


def test_unbundled_new_version_uses_the_newest_schemas_with_a_note():
    newest = bundled_versions()[-1]
    (note,) = only(lint(base_chart_dir(), f"{newest[0]}.{newest[1] + 5}"), "CG-K8S-006")
    assert f"validated against {newest[0]}.{newest[1]}" in note.message


def test_bundled_version_needs_no_note():
    assert only(lint(base_chart_dir(), "1.29"), "CG-K8S-006") == []


def test_bundled_schemas_start_at_1_25():
    assert bundled_versions()[0] == (1, 25)


def test_every_rule_of_the_family_explains_itself():
    rules = [r for r in all_rules() if r.family == FAMILY]
    assert [r.id for r in rules] == [f"CG-K8S-00{i}" for i in range(1, 9)]
    for r in rules:
        assert r.summary and r.why and r.fix and "\n" not in r.summary
