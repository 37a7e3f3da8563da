"""The bundled base chart is a faithful stock chart: real Helm lints and renders it across the profiles users run."""

from __future__ import annotations

import pytest
from manifests import by_kind, operator_container, operator_deployment

PROFILES = {
    "defaults": [],
    "kube-1.10": ["--kube-version", "1.10.0"],
    "kube-1.11-status-subresource": ["--kube-version", "1.11.0", "--set", "apiserver.disableStatusSubresource=false"],
    "kube-1.12": ["--kube-version", "1.12.0"],
    "no-rbac": ["--set", "rbac.create=false"],
    "critical-addon": ["-n", "kube-system", "--set", "criticalAddon=true"],
    "webhooks-off": ["--set", "apiserver.enableMutatingWebhook=false,apiserver.enableValidatingWebhook=false"],
}


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_base_chart_renders_every_profile(helm, base_chart, profile):
    manifests = helm.template(base_chart, *PROFILES[profile])
    assert operator_deployment(manifests)["metadata"]["name"] == "intersystems-iris-operator-amd"


def test_status_subresource_flag_needs_kubernetes_1_11(helm, base_chart):
    flag = "--enable-status-subresource=true"
    off = ["--set", "apiserver.disableStatusSubresource=false"]
    assert flag not in operator_container(helm.template(base_chart, "--kube-version", "1.10.0", *off))["args"]
    assert flag in operator_container(helm.template(base_chart, "--kube-version", "1.11.0", *off))["args"]


def test_webhook_side_effects_need_kubernetes_1_12(helm, base_chart):
    (old,) = by_kind(helm.template(base_chart, "--kube-version", "1.11.0"), "ValidatingWebhookConfiguration")
    (new,) = by_kind(helm.template(base_chart, "--kube-version", "1.12.0"), "ValidatingWebhookConfiguration")
    assert "sideEffects" not in old["webhooks"][0]
    assert new["webhooks"][0]["sideEffects"] == "None"


def test_no_rbac_renders_no_service_account_or_roles(helm, base_chart):
    kinds = {m["kind"] for m in helm.template(base_chart, "--set", "rbac.create=false")}
    assert not kinds & {"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "RoleBinding"}


def test_critical_addon_in_kube_system_is_scheduled_as_critical(helm, base_chart):
    pod = operator_deployment(helm.template(base_chart, "-n", "kube-system", "--set", "criticalAddon=true"))
    spec = pod["spec"]["template"]["spec"]
    assert spec["priorityClassName"] == "system-cluster-critical"
    assert {"key": "CriticalAddonsOnly", "operator": "Exists"} in spec["tolerations"]


def test_operator_env_matches_the_3_8_layout(helm, base_chart):
    names = [e["name"] for e in operator_container(helm.template(base_chart))["env"]]
    assert names == [
        "MY_POD_NAME",
        "MY_POD_NAMESPACE",
        "ISC_USE_FQDN",
        "ISC_WEBSERVER_PORT",
        "ISC_USE_IRIS_FSGROUP",
        "ISC_NUM_THREADS",
        "ISC_RESYNC_PERIOD",
        "ISC_WEBGATEWAY_STARTUP_TIMEOUT",
    ]
