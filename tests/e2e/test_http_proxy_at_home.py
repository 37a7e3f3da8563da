"""The HOME API server (Kubernetes 1.20.2) accepts the chart patched with http-proxy, alone and composed with
remote-target, in each of the overlay's profiles, and stores the operator's proxy variables as rendered: the
``$(NAME)`` references are left for the kubelet to expand, and the credentials stay Secret references."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Helm, run_cli
from http_proxy_kit import CREDENTIALS, proxy_alone, proxy_with_remote_target

from .control_plane import ControlPlane

RELEASE = "http-proxy-e2e"
PROFILES = {
    "defaults": [],
    "proxy-credentials": CREDENTIALS,
    "custom-cluster-domain": ["--set", "httpProxy.clusterDomain=home.internal"],
}


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Path:
    return proxy_alone(tmp_path_factory)


@pytest.fixture(scope="module")
def composed(tmp_path_factory) -> Path:
    return proxy_with_remote_target(tmp_path_factory)


@pytest.mark.parametrize("profile", list(PROFILES))
def test_both_helms_install_the_composed_chart_at_home(helm: Helm, home: ControlPlane, composed: Path, profile):
    # Helm 4 applies server-side, which 1.20 refuses for the stock chart's Service port and APIServices; composed
    # with remote-target (which fixes both) the whole release is judged by each Helm's default install.
    args = ["install", RELEASE, str(composed), "--kubeconfig", str(home.admin_kubeconfig), "-n", "default"]
    done = helm.run(*args, "--dry-run=server", "--take-ownership", *PROFILES[profile], check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("profile", list(PROFILES))
def test_both_helms_install_the_chart_patched_with_http_proxy_alone(
    helm: Helm, home: ControlPlane, alone: Path, profile
):
    # Without remote-target's protocol fill, 1.20 refuses Helm 4's server-side apply of the stock chart's Service
    # port and APIServices (lint's CG-K8S-008), which is not this overlay's doing: Helm 4 applies client-side here.
    args = ["install", RELEASE, str(alone), "--kubeconfig", str(home.admin_kubeconfig), "-n", "default"]
    args += ["--dry-run=server", "--take-ownership", *(["--server-side=false"] if helm.major >= 4 else [])]
    done = helm.run(*args, *PROFILES[profile], check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("profile", list(PROFILES))
def test_home_stores_the_proxy_variables_as_rendered(home: ControlPlane, alone: Path, profile):
    rendered = run_cli("render", str(alone), "--release-name", RELEASE, *PROFILES[profile])
    assert rendered.exit_code == 0, rendered.stderr
    applied = home.kubectl("apply", "--dry-run=server", "-o", "json", "-f", "-", input=rendered.stdout)
    stored = json.loads(applied.stdout)
    (deployment,) = [o for o in stored.get("items", [stored]) if o["kind"] == "Deployment"]
    (operator,) = [c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == "operator"]
    env = {e["name"]: e for e in operator["env"]}
    assert env["NO_PROXY"]["value"].startswith("$(KUBERNETES_SERVICE_HOST),.svc,.")
    assert env["HTTPS_PROXY"]["value"].endswith("proxy.corp.example:3128")
    if profile == "proxy-credentials":
        reference = env["CHARTGEN_PROXY_PASSWORD"]["valueFrom"]["secretKeyRef"]
        assert reference == {"name": "proxy-credentials", "key": "password"}
        assert "$(CHARTGEN_PROXY_PASSWORD)@" in env["HTTPS_PROXY"]["value"]
