"""CG-K8S-007 (what the API server refuses beyond the schema) and CG-K8S-008 (Helm 4's server-side apply before
Kubernetes 1.22): valid objects pass untouched; the seeded faults in lint_faults.py prove each refusal, and
tests/e2e judges both against a real API server."""

from __future__ import annotations

from pathlib import Path

import pytest

from chartgen.lint.runner import LintOptions, run_lint
from chartgen.resources import base_chart_dir


def chart_with(root: Path, manifest: str) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (root / "templates" / "t.yaml").write_text(manifest)
    return root


def server_refusals(root: Path, manifest: str, **options) -> list[str]:
    report = run_lint(LintOptions(chart_with(root, manifest), **options))
    return [f.message for f in report.findings if f.rule_id in ("CG-K8S-007", "CG-K8S-008")]


VALID = {
    "selector with expressions": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app.kubernetes.io/name: web, tier: ""}}
spec:
  replicas: 0
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [front, back]}
    - {key: legacy, operator: DoesNotExist}
  template:
    metadata: {labels: {app: web, tier: front}, annotations: {example.com/owner: team-a}}
    spec:
      volumes: [{name: data, emptyDir: {}}]
      initContainers: [{name: init, image: busybox}]
      containers:
      - name: web
        image: nginx
        imagePullPolicy: IfNotPresent
        ports: [{containerPort: 8080, name: http, protocol: TCP}, {containerPort: 9090, name: metrics, hostPort: 0}]
        env: [{name: MY.VAR-1, value: x}, {name: _PRIVATE}]
        volumeMounts: [{name: data, mountPath: /data}]
        readinessProbe: {tcpSocket: {port: http}}
        resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: "0.25", memory: 1e3, ephemeral-storage: 2}}
""",
    "service with named ports": """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 0}
  - {name: https, port: 443, targetPort: 0, protocol: TCP}
""",
    "job that never restarts": """\
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: run, image: busybox}]
""",
}


@pytest.mark.parametrize("manifest", VALID.values(), ids=VALID.keys())
def test_a_valid_object_is_not_refused(tmp_path, manifest):
    assert server_refusals(tmp_path / "c", manifest) == []


def test_a_service_with_several_ports_names_each(tmp_path):
    manifest = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}, {port: 81}]\n"
    assert server_refusals(tmp_path / "c", manifest) == [
        "Service/s: spec.ports[0].name: Required value (a Service with several ports names each)",
        "Service/s: spec.ports[1].name: Required value (a Service with several ports names each)",
    ]


def test_a_job_may_not_restart_always(tmp_path):
    manifest = (
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Always\n      containers: [{name: c, image: busybox}]\n"
    )
    (message,) = server_refusals(tmp_path / "c", manifest)
    assert 'Unsupported value: "Always": supported values: "OnFailure", "Never"' in message


def test_container_names_are_unique_across_init_and_regular_containers(tmp_path):
    manifest = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  initContainers: [{name: c, image: busybox}]\n  containers: [{name: c, image: busybox}]\n"
    )
    assert server_refusals(tmp_path / "c", manifest) == ['Pod/p: spec.initContainers[0].name: Duplicate value: "c"']


SERVICE_WITHOUT_PROTOCOL = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n"


@pytest.mark.parametrize(
    ("helm_compat", "kube_version", "flagged"),
    [(4, "1.21", True), (4, "1.20", True), (4, "1.22", False), (3, "1.20", False), (4, None, False)],
)
def test_a_port_without_protocol_is_flagged_only_for_helm4_before_kubernetes_1_22(
    tmp_path, helm_compat, kube_version, flagged
):
    found = server_refusals(
        tmp_path / "c", SERVICE_WITHOUT_PROTOCOL, helm_compat=helm_compat, kube_version=kube_version
    )
    assert bool(found) is flagged


def test_the_base_chart_with_explicit_protocols_and_no_apiservice_is_clean_for_helm4_on_kubernetes_1_20(
    tmp_path, monkeypatch
):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(base_chart_dir(), tmp_path / "iris-operator")
    service = tmp_path / "iris-operator" / "templates" / "service.yaml"
    service.write_text(service.read_text().replace("    port: 443\n", "    port: 443\n    protocol: TCP\n"))
    webhooks_off = ["apiserver.enableMutatingWebhook=false", "apiserver.enableValidatingWebhook=false"]
    report = run_lint(LintOptions(Path("iris-operator"), kube_version="1.20", helm_compat=4, set_values=webhooks_off))
    assert [f for f in report.findings if f.severity.label == "error"] == []


ENV_NAME_WITH_DIGIT_FIRST = (
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
    "  containers: [{name: c, image: busybox, env: [{name: 1ST, value: x}]}]\n"
)


@pytest.mark.parametrize(("kube_version", "refused"), [("1.20", True), ("1.31", True), ("1.32", False)])
def test_an_environment_variable_name_is_judged_by_the_target_version(tmp_path, kube_version, refused):
    assert bool(server_refusals(tmp_path / "c", ENV_NAME_WITH_DIGIT_FIRST, kube_version=kube_version)) is refused
