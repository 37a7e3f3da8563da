"""What lint assumes about Kubernetes 1.20, checked on the real 1.20.2 API server at HOME.

- ``.Capabilities.APIVersions`` under ``chartgen lint --kube-version 1.20`` is what the server serves.
- Helm 4 installs with server-side apply, which 1.20 refuses for a Service port without ``protocol`` and fails
  for any APIService; ``chartgen lint --helm-compat 4 --kube-version 1.20`` flags both (CG-K8S-008) where a real
  ``helm install`` (4.1.4) fails, and passes the chart it installs. A container port without ``protocol`` is
  defaulted by the server, so it is no finding.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Helm
from helm_binaries import HELM4, helm_binary
from test_lint_served_apis import chart_picking_newest_apiservice

from chartgen.findings import Finding, Severity
from chartgen.lint.runner import LintOptions, run_lint
from chartgen.lint.served_apis import served_api_versions
from chartgen.resources import base_chart_dir

from .control_plane import ControlPlane

WEBHOOKS_OFF = ("apiserver.enableMutatingWebhook=false", "apiserver.enableValidatingWebhook=false")
PORT = "    port: 443\n"


def test_lint_derives_the_api_versions_kubernetes_1_20_serves(home):
    # Other tests of the session register CRDs at HOME; their groups are the cluster's, not Kubernetes 1.20's.
    crd_groups = set(home.kubectl("get", "crd", "-o", "jsonpath={.items[*].spec.group}").stdout.split())
    served = [v for v in home.kubectl("api-versions").stdout.split() if v.partition("/")[0] not in crd_groups]
    assert list(served_api_versions((1, 20))) == sorted(served)


@pytest.fixture(scope="module")
def helm4(tmp_path_factory) -> Helm:
    return Helm(HELM4, helm_binary(HELM4), tmp_path_factory.mktemp("helm4"))


def base_chart(root: Path, *, explicit_protocol: bool) -> Path:
    chart = root / "iris-operator"
    shutil.copytree(base_chart_dir(), chart)
    if explicit_protocol:
        service = chart / "templates" / "service.yaml"
        service.write_text(service.read_text().replace(PORT, PORT + "    protocol: TCP\n"))
    return chart


def helm4_lint_errors(chart: Path, *set_values: str) -> list[Finding]:
    report = run_lint(LintOptions(chart, kube_version="1.20", helm_compat=4, set_values=list(set_values)))
    return [f for f in report.findings if f.severity is Severity.ERROR]


def install(helm: Helm, home: ControlPlane, release: str, chart: Path, *set_values: str):
    """``helm install`` as Helm 4 does by default (server-side apply) into its own namespace at HOME."""
    args = ["install", release, str(chart), "--kubeconfig", str(home.admin_kubeconfig), "-n", release]
    args += ["--create-namespace", *(item for value in set_values for item in ("--set", value))]
    return helm.run(*args, check=False)


def uninstall(helm: Helm, home: ControlPlane, release: str) -> None:
    # The chart's pre-delete hook is a Job, and no Job runs without a kubelet.
    helm.run("uninstall", release, "--kubeconfig", str(home.admin_kubeconfig), "-n", release, "--no-hooks", check=False)


def test_a_service_port_without_protocol_is_flagged_where_helm4_fails_to_install_it(helm4, home, tmp_path):
    chart = base_chart(tmp_path, explicit_protocol=False)
    (finding,) = helm4_lint_errors(chart, *WEBHOOKS_OFF)
    assert finding.rule_id == "CG-K8S-008" and finding.location.field == "spec.ports[0]"
    lines = (chart / "templates" / "service.yaml").read_text().split("\n")
    assert lines[finding.location.line - 1] == "  - name: api"
    try:
        refused = install(helm4, home, "ssa-no-protocol", chart, *WEBHOOKS_OFF)
        assert refused.returncode != 0
        assert 'associative list with keys has an element that omits key field "protocol"' in refused.stderr
    finally:
        uninstall(helm4, home, "ssa-no-protocol")


def test_the_chart_with_explicit_protocols_lints_clean_and_helm4_installs_it(helm4, home, tmp_path):
    chart = base_chart(tmp_path, explicit_protocol=True)
    assert helm4_lint_errors(chart, *WEBHOOKS_OFF) == []
    release = "ssa-protocol"
    try:
        installed = install(helm4, home, release, chart, *WEBHOOKS_OFF)
        assert installed.returncode == 0, installed.stderr
        # The Deployment's container port names no protocol either: the server defaults it, even for an apply.
        deployment = json.loads(home.kubectl("-n", release, "get", "deployment", "-o", "json").stdout)["items"][0]
        (port,) = deployment["spec"]["template"]["spec"]["containers"][0]["ports"]
        assert port == {"containerPort": 8443, "protocol": "TCP"}
    finally:
        uninstall(helm4, home, release)


def test_an_apiservice_is_flagged_where_helm4_fails_to_install_it(helm4, home, tmp_path):
    chart = chart_picking_newest_apiservice(tmp_path / "picks")
    (finding,) = helm4_lint_errors(chart)
    assert finding.rule_id == "CG-K8S-008" and "fails a server-side apply of an APIService" in finding.message
    try:
        failed = install(helm4, home, "ssa-apiservice", chart)
        assert failed.returncode != 0
        # The server panics on the apply ("FieldManager must be installed to run apply") and drops the stream.
        assert "apiservices/v1alpha1.example.com" in failed.stderr and "INTERNAL_ERROR" in failed.stderr
    finally:
        uninstall(helm4, home, "ssa-apiservice")
        # An APIService without its service would break discovery at HOME for every later test.
        home.kubectl("delete", "apiservice", "v1alpha1.example.com", "--ignore-not-found", check=False)
