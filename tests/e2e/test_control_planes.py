"""The foundation: two real v1.20.2 control planes that store what chartgen and Helm give them, independently."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import Helm, run_cli
from helm_binaries import HELM4, helm_binary

from .kube_build import KUBE_VERSION
from .kube_checks import filled_token, token_kubeconfig

WEBHOOKS_OFF = "apiserver.enableMutatingWebhook=false,apiserver.enableValidatingWebhook=false"


@pytest.mark.parametrize("which", ["home", "work"])
def test_cluster_serves_kubernetes_v1_20_2(clusters, which):
    plane = getattr(clusters, which)
    version = json.loads(plane.kubectl("version", "-o", "json").stdout)
    assert version["serverVersion"]["gitVersion"] == KUBE_VERSION


def test_maps_encode_without_faulting_the_apiserver(work):
    # json-iterator encodes a map here; reflect2 as vendored faults on Go >= 1.18 unless mended.
    out = work.kubectl("get", "namespace", "kube-system", "-o", "yaml").stdout
    assert yaml.safe_load(out)["metadata"]["name"] == "kube-system"


def test_an_object_created_at_home_is_absent_at_work(home, work):
    home.kubectl("create", "configmap", "only-at-home", "-n", "default", "--from-literal=where=home")
    assert home.kubectl("get", "configmap", "only-at-home", "-n", "default").returncode == 0
    missing = work.kubectl("get", "configmap", "only-at-home", "-n", "default", check=False)
    assert missing.returncode != 0 and "NotFound" in missing.stderr


def test_work_is_reachable_by_a_host_name_that_is_not_a_loopback_name(work, tmp_path):
    if work.named_server is None:
        pytest.skip("no host name on this machine resolves to a loopback address only (see /etc/hosts)")
    config = json.loads(work.admin_kubeconfig.read_text())
    config["clusters"][0]["cluster"]["server"] = work.named_server
    named = tmp_path / "named.kubeconfig"
    named.write_text(json.dumps(config))
    assert work.kubectl("get", "namespace", "default", "-o", "name", kubeconfig=named).stdout.strip() == (
        "namespace/default"
    )


def test_controller_manager_fills_a_token_secret_that_authenticates_as_the_service_account(work, tmp_path):
    manifest = """
apiVersion: v1
kind: Namespace
metadata: {name: token-proof}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: token-proof}
---
apiVersion: v1
kind: Secret
metadata:
  name: robot-token
  namespace: token-proof
  annotations: {kubernetes.io/service-account.name: robot}
type: kubernetes.io/service-account-token
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: read-configmaps, namespace: token-proof}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: robot-reads-configmaps, namespace: token-proof}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: read-configmaps}
subjects: [{kind: ServiceAccount, name: robot, namespace: token-proof}]
"""
    work.kubectl("apply", "-f", "-", input=manifest)
    robot = token_kubeconfig(work, filled_token(work, "token-proof", "robot-token"), tmp_path / "robot.kubeconfig")

    def can(*args: str) -> str:
        return work.kubectl("auth", "can-i", *args, kubeconfig=robot, check=False).stdout.strip()

    assert can("list", "configmaps", "-n", "token-proof") == "yes"
    assert can("list", "configmaps", "-n", "default") == "no"
    assert can("list", "secrets", "-n", "token-proof") == "no"
    denied = work.kubectl("get", "secrets", "-n", "token-proof", kubeconfig=robot, check=False)
    assert 'User "system:serviceaccount:token-proof:robot" cannot list resource "secrets"' in denied.stderr


def test_target_bundle_is_accepted_by_work_with_server_side_apply(work, tmp_path):
    bundle = tmp_path / "work-cluster"
    made = run_cli("target", "bundle", "-n", "e2e-bundle", "--release", "e2e-bundle", "-o", str(bundle))
    assert made.exit_code == 0, made.stderr
    applied = work.kubectl("apply", "--server-side", "-f", str(bundle))
    kinds = {line.split("/")[0] for line in applied.stdout.split() if "/" in line}
    assert {"namespace", "serviceaccount", "secret"} <= kinds
    assert any(kind.startswith("clusterrole.") for kind in kinds)
    assert any(kind.startswith("clusterrolebinding.") for kind in kinds)


def _apply_mode(helm: Helm) -> tuple[str, ...]:
    # Helm 4 applies server-side by default, and Kubernetes before 1.22 refuses the stock Service that way (see
    # the test below); client-side apply, Helm 3's only way, installs it.
    return ("--server-side=false",) if helm.major >= 4 else ()


def test_helm_installs_and_uninstalls_the_base_chart_at_home(helm, home, base_chart):
    release = namespace = f"base-{helm.pin.label}"
    target = ("--kubeconfig", str(home.admin_kubeconfig), "-n", namespace)
    helm.run(
        "install", release, str(base_chart), *target, *_apply_mode(helm), "--create-namespace", "--set", WEBHOOKS_OFF
    )
    listed = json.loads(helm.run("list", *target, "-o", "json").stdout)
    assert [(r["name"], r["status"]) for r in listed] == [(release, "deployed")]
    stored = home.kubectl("-n", namespace, "get", "deployment,service,serviceaccount", "-o", "name").stdout.split()
    assert {"deployment.apps", "service", "serviceaccount"} <= {name.split("/")[0] for name in stored}

    # The chart's pre-delete hook is a Job, and no Job runs without a kubelet.
    helm.run("uninstall", release, *target, "--no-hooks")
    assert json.loads(helm.run("list", *target, "-o", "json").stdout) == []
    assert home.kubectl("-n", namespace, "get", "deployment,service", "-o", "name").stdout.split() == []


def test_helm4_server_side_apply_of_the_stock_service_is_refused_by_kubernetes_1_20(home, base_chart, tmp_path):
    # The stock Service's port names no protocol; servers before 1.22 do not default it for server-side apply.
    helm = Helm(HELM4, helm_binary(HELM4), tmp_path)
    target = ("--kubeconfig", str(home.admin_kubeconfig), "-n", "base-helm4-ssa")
    try:
        refused = helm.run(
            "install", "ssa", str(base_chart), *target, "--create-namespace", "--set", WEBHOOKS_OFF, check=False
        )
        assert refused.returncode != 0
        assert 'associative list with keys has an element that omits key field "protocol"' in refused.stderr
    finally:
        helm.run("uninstall", "ssa", *target, "--no-hooks", check=False)
