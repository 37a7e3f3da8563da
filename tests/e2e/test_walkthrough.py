"""The README's "From two clusters to an operator working from home", command for command, against HOME and WORK.

What is run and what is substituted is described in ``readme_walkthrough.py``; the steps run once per session and
the helm install once per helm (3.17.3 client-side, 4.1.4 with its default server-side apply).
"""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from .conftest import REPO
from .kube_checks import documents, filled_token, live_objects, not_as_rendered, webhook_objects
from .readme_walkthrough import SHAPE, section_commands

RELEASE, NAMESPACE = "intersystems", "iko"
AT_HOME = f"--namespace {NAMESPACE} --kubeconfig ikohome.kubeconfig"


def test_readme_walkthrough_holds_the_commands_the_test_runs():
    assert [(c.step, c.shape) for c in section_commands(REPO / "README.md")] == SHAPE


def test_step_1_patches_and_lints_the_downloaded_chart_clean(walkthrough):
    walkthrough.through(1)
    patch, lint = walkthrough.outputs[1]
    assert patch.stdout.startswith("Wrote out/iris-operator (iris-operator-amd 3.8.42+chartgen.remote-target;")
    assert "out/iris-operator: 0 errors, 0 warnings" in lint.stdout


def test_step_2_applies_the_bundle_server_side_and_work_fills_the_token(walkthrough, work):
    walkthrough.through(2)
    _, applied = walkthrough.outputs[2]
    assert applied.stdout.count("serverside-applied") == 5
    assert filled_token(work, NAMESPACE, "intersystems-iris-operator-amd-token")


def test_step_3_builds_from_works_real_token_a_kubeconfig_that_passes_check(walkthrough):
    walkthrough.through(3)
    check = walkthrough.checks["kubeconfig check"]
    assert check.returncode == 0, check.stdout
    assert "0 errors, 0 warnings" in check.stdout


def test_step_4_stores_the_operators_kubeconfig_as_the_secret_at_home(walkthrough, home, work):
    walkthrough.through(4)
    secret = json.loads(home.kubectl("-n", NAMESPACE, "get", "secret", "work-kubeconfig", "-o", "json").stdout)
    config = yaml.safe_load(base64.b64decode(secret["data"]["config"]))
    assert [c["cluster"]["server"] for c in config["clusters"]] == [work.named_server]
    assert [u["user"].keys() for u in config["users"]] == [{"token"}]
    assert not (walkthrough.folder / "work.kubeconfig").exists(), "step 4 removes the credential files"


def test_no_step_prints_the_operators_token(walkthrough, work):
    walkthrough.through(walkthrough.last_step)
    token = filled_token(work, NAMESPACE, "intersystems-iris-operator-amd-token")
    for outputs in walkthrough.outputs.values():
        for done in outputs:
            assert token not in done.stdout + done.stderr


def test_step_6_copies_the_crd_from_home_to_work(walkthrough, work):
    walkthrough.through(6)
    crd = json.loads(work.kubectl("get", "crd", "irisclusters.intersystems.com", "-o", "json").stdout)
    assert crd["spec"]["names"]["kind"] == "IrisCluster"
    assert {c["type"]: c["status"] for c in crd["status"]["conditions"]}["Established"] == "True"


def test_step_7_creates_the_iriscluster_at_work(walkthrough, work):
    walkthrough.through(7)
    assert work.kubectl("-n", "iris", "get", "irisclusters", "-o", "name").stdout.split() == [
        "iriscluster.intersystems.com/sample"
    ]


# --- step 5, per helm: install, and what a release goes through afterwards --------------------------------------


@pytest.fixture(scope="module")
def installed(walkthrough, helm):
    """The README's helm install, run with this helm; uninstalled again after this helm's tests."""
    walkthrough.install(helm.pin)
    yield helm.pin
    walkthrough.shell.run(f"helm uninstall {RELEASE} {AT_HOME} --no-hooks", helm.pin, check=False)


def _helm(walkthrough, pin, command: str) -> str:
    return walkthrough.shell.run(f"helm {command}", pin).stdout


def _operator_args(home) -> list[str]:
    deployment = json.loads(home.kubectl("-n", NAMESPACE, "get", "deployment", "-o", "json").stdout)["items"]
    (operator,) = [c for c in deployment[0]["spec"]["template"]["spec"]["containers"] if c["name"] == "operator"]
    return operator["args"]


def test_every_object_the_release_holds_is_live_at_home_as_rendered(walkthrough, installed, home):
    manifest = documents(_helm(walkthrough, installed, f"get manifest {RELEASE} {AT_HOME}"))
    hooks = documents(_helm(walkthrough, installed, f"get hooks {RELEASE} {AT_HOME}"))
    # Of the hooks only the post-install ClusterRoles run at install; the retirement hooks run on upgrade.
    ran = [h for h in hooks if "post-install" in h["metadata"]["annotations"]["helm.sh/hook"]]
    objects = manifest + ran
    assert {o["kind"] for o in objects} >= {"Deployment", "Service", "ServiceAccount", "Secret", "ClusterRole"}
    for rendered, live in zip(objects, live_objects(home, objects), strict=True):
        assert not_as_rendered(rendered, live) == [], f"{rendered['kind']}/{rendered['metadata']['name']}"


def test_the_operator_is_wired_to_the_kubeconfig_secret_at_home(walkthrough, installed, home):
    assert "--kubeconfig=/airgap/.kube/config" in _operator_args(home)


def test_no_webhook_configuration_or_apiservice_exists_at_home(walkthrough, installed, home):
    assert webhook_objects(home) == []


def test_each_helm_installs_the_way_it_does_by_default_helm4_server_side(walkthrough, installed, home):
    # Helm 4's server-side apply would refuse the Service on Kubernetes 1.20 without the port's protocol.
    service = json.loads(home.kubectl("-n", NAMESPACE, "get", "service", "-o", "json").stdout)["items"][0]
    operation = "Apply" if installed.label == "helm4" else "Update"
    assert ("helm", operation) in {(f["manager"], f["operation"]) for f in service["metadata"]["managedFields"]}


def test_helm_upgrade_then_rollback_change_and_restore_the_operator(walkthrough, installed, home):
    history = json.loads(_helm(walkthrough, installed, f"history {RELEASE} {AT_HOME} -o json"))
    before = history[-1]["revision"]
    _helm(walkthrough, installed, f"upgrade {RELEASE} out/iris-operator {AT_HOME} --reuse-values --set logLevel=5")
    assert "--v=5" in _operator_args(home)
    assert webhook_objects(home) == [], "the upgrade's retirement hooks leave nothing behind"
    _helm(walkthrough, installed, f"rollback {RELEASE} {before} {AT_HOME}")
    assert "--v=3" in _operator_args(home)
    history = json.loads(_helm(walkthrough, installed, f"history {RELEASE} {AT_HOME} -o json"))
    assert [h["status"] for h in history[-3:]] == ["superseded", "superseded", "deployed"]
    assert webhook_objects(home) == []


def test_helm_uninstall_removes_the_release_and_the_readme_install_works_again(walkthrough, installed, home):
    manifest = documents(_helm(walkthrough, installed, f"get manifest {RELEASE} {AT_HOME}"))
    # The chart's pre-delete hook is a Job, and no Job runs without a kubelet.
    _helm(walkthrough, installed, f"uninstall {RELEASE} {AT_HOME} --no-hooks")
    text = "\n---\n".join(yaml.safe_dump(o) for o in manifest)
    left = home.kubectl("-n", NAMESPACE, "get", "-f", "-", "-o", "name", "--ignore-not-found", input=text)
    assert left.stdout.split() == []
    walkthrough.install(installed)
    assert "--kubeconfig=/airgap/.kube/config" in _operator_args(home)
