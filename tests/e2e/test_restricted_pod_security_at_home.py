"""The restricted-pod-security overlay at HOME (Kubernetes 1.20.2): the API server takes the hardened pods.

Kubernetes 1.20 has no PodSecurity admission (it arrived in 1.22 as alpha, 1.23 on by default): a namespace
labelled ``pod-security.kubernetes.io/enforce=restricted`` is only labelled. What this server judges is whether it
accepts the objects as they are: the securityContext fields, the emptyDir volumes and mounts, the cleaner Job's
pod spec, all through its validation and admission chain (``kubectl apply --dry-run=server``, hooks included,
since ``helm install`` never creates the pre-delete cleaner), and a real ``helm install`` of the composed chart
with each helm, which stores the Deployment as rendered. That the pods meet the restricted level is chartgen
lint's verdict (``tests/patch/test_restricted_pod_security_overlay.py``), which ``test_pod_security_judged_by_api_server``
compares with PodSecurity admission wherever the server has it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from chartgen.chartio.output import write_directory
from chartgen.patch.engine import PatchRequest, patch_chart

from .control_plane import ControlPlane
from .shell import Shell

OVERLAY = "restricted-pod-security"
REMOTE = {"remote-target": {"secretName": "work-kubeconfig"}}
RESTRICTED_LABEL = "pod-security.kubernetes.io/enforce=restricted"


@pytest.fixture(scope="module")
def charts(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("restricted-e2e")
    made = {}
    for name, overlays, parameters in (("alone", [OVERLAY], {}), ("composed", ["remote-target", OVERLAY], REMOTE)):
        write_directory(patch_chart(PatchRequest(overlays=overlays, parameters=parameters)).files, root / name, False)
        made[name] = root / name
    return made


def _namespace(home: ControlPlane, name: str) -> None:
    if home.kubectl("get", "namespace", name, check=False).returncode != 0:
        home.kubectl("create", "namespace", name)
    home.kubectl("label", "--overwrite", "namespace", name, RESTRICTED_LABEL)


def _pod_kinds(manifest: str) -> list[str]:
    return sorted(d["kind"] for d in yaml.safe_load_all(manifest) if d and d["kind"] in ("Deployment", "Job"))


@pytest.mark.parametrize("which", ["alone", "composed"])
def test_home_takes_every_object_of_the_hardened_chart_hooks_included(helm, home, charts, which):
    namespace = f"rps-{which}-{helm.pin.label}".replace(".", "-")
    _namespace(home, namespace)
    manifest = helm.run("template", "rps", str(charts[which]), "-n", namespace).stdout
    assert _pod_kinds(manifest) == ["Deployment", "Job"]
    # Each object names its namespace (the release's, kube-system for the auth-delegator binding).
    done = home.kubectl("apply", "--dry-run=server", "-f", "-", input=manifest, check=False)
    assert done.returncode == 0, done.stderr
    assert "deployment.apps/rps-iris-operator-amd created (server dry run)" in done.stdout
    assert "job.batch/rps-iris-operator-amd-cleaner created (server dry run)" in done.stdout


def test_helm_installs_the_composed_chart_and_home_stores_the_hardened_operator(helm, home, charts):
    release = namespace = f"rps-install-{helm.pin.label}".replace(".", "-")
    _namespace(home, namespace)
    target = ("--kubeconfig", str(home.admin_kubeconfig), "-n", namespace)
    try:
        helm.run("install", release, str(charts["composed"]), *target)
        stored = json.loads(home.kubectl("-n", namespace, "get", "deployment", "-o", "json").stdout)["items"][0]
        pod = stored["spec"]["template"]["spec"]
        assert pod["securityContext"] == {
            "fsGroup": 65535,
            "runAsNonRoot": True,
            "runAsUser": 65534,
            "seccompProfile": {"type": "RuntimeDefault"},
        }
        (container,) = pod["containers"]
        assert container["securityContext"] == {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        }
        assert {"name": "restricted-tmp", "emptyDir": {}} in pod["volumes"]
    finally:
        # The chart's pre-delete hook is a Job, and no Job runs without a kubelet.
        helm.run("uninstall", release, *target, "--no-hooks", check=False)


def test_the_printed_next_steps_run_as_printed_at_home(home, kube_binaries, tmp_path):
    shell = Shell(tmp_path / "user", kube_binaries)
    shutil.copyfile(home.admin_kubeconfig, shell.folder / "home.kubeconfig")
    patched = shell.run(f"chartgen patch --overlay {OVERLAY} -n rps-steps -o out/iris-operator")
    steps = patched.stdout.split("Restricted Pod Security")[1]
    commands = [line.strip() for line in steps.splitlines() if line.startswith("       ")]
    assert [c.split()[0] for c in commands] == ["chartgen", "kubectl", "kubectl"]
    for command in commands:
        shell.run(command)
    labels = json.loads(home.kubectl("get", "namespace", "rps-steps", "-o", "json").stdout)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
