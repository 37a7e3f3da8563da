"""The last link, which no pod can prove here: the operator at HOME acting at WORK with the kubeconfig it is given.

No kubelet runs, so the operator never starts. A stand-in does what it would: it reads the kubeconfig from HOME's
Secret exactly as the pod would find it (the file the Deployment's ``--kubeconfig`` names, inside the Secret volume
the chart mounts, with the Secret's key mapped to its path), and with it, as the operator's identity at WORK,
creates, reads, updates, watches and deletes one object of each kind the chart's operator ClusterRole names, as far
as the rules allow, and is refused the rest.
"""

from __future__ import annotations

import base64
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from chartgen.target.grants import covers

from .control_plane import ControlPlane
from .kube_checks import can_i_list, documents, filled_token, rule_pairs, token_kubeconfig

DATA = Path(__file__).parent / "data"
NAMESPACE = "standin"  # at WORK, where the stand-in acts
HOME_NAMESPACE = "iko"  # the README's
VERBS = ("create", "get", "list", "watch", "update", "patch", "delete")
OBJECTS: dict[str, dict[str, Any]] = yaml.safe_load((DATA / "operator-objects.yaml").read_text())


@dataclass
class Operator:
    kubeconfig: Path
    rules: list[dict[str, Any]]
    service_account: str


def mounted_kubeconfig(home: ControlPlane, deployment: dict[str, Any], root: Path) -> Path:
    """The file the operator container reads at ``--kubeconfig``, laid out under ``root`` as the kubelet would
    project it from the Secret volume whose mount holds that path."""
    pod = deployment["spec"]["template"]["spec"]
    (container,) = [c for c in pod["containers"] if c["name"] == "operator"]
    (path,) = [a.split("=", 1)[1] for a in container["args"] if a.startswith("--kubeconfig=")]
    assert {"name": "KUBECONFIG", "value": path} in container["env"]
    (mount,) = [m for m in container["volumeMounts"] if path.startswith(m["mountPath"].rstrip("/") + "/")]
    (volume,) = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    source = volume["secret"]
    secret = json.loads(
        home.kubectl(
            "-n", deployment["metadata"]["namespace"], "get", "secret", source["secretName"], "-o", "json"
        ).stdout
    )
    items = source.get("items") or [{"key": key, "path": key} for key in secret["data"]]
    for item in items:
        target = root / posixpath.join(mount["mountPath"], item["path"]).lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(secret["data"][item["key"]]))
    found = root / path.lstrip("/")
    assert found.is_file(), f"--kubeconfig={path} is not a file of the mounted Secret"
    return found


@pytest.fixture(scope="module")
def operator(walkthrough, home, work, tmp_path_factory) -> Operator:
    walkthrough.through(6)  # the identity, the Secret at HOME and the CRD at WORK
    rendered = walkthrough.shell.run(
        f"chartgen render out/iris-operator --release-name intersystems -n {HOME_NAMESPACE}"
    )
    (deployment,) = [d for d in documents(rendered.stdout) if d["kind"] == "Deployment"]
    kubeconfig = mounted_kubeconfig(home, deployment, tmp_path_factory.mktemp("operator-pod"))
    role = yaml.safe_load((walkthrough.folder / "out/work-cluster/30-clusterrole.yaml").read_text())
    # What the cluster admin at WORK provides: the namespace, and a Role the operator may bind (it holds its rules).
    work.kubectl("create", "namespace", NAMESPACE)
    work.kubectl("-n", NAMESPACE, "create", "role", "standin-binding-target", "--verb=get", "--resource=configmaps")
    return Operator(kubeconfig, role["rules"], deployment["spec"]["template"]["spec"]["serviceAccountName"])


def _as_operator(work: ControlPlane, operator: Operator, *args: str, input: str | None = None):
    return work.kubectl(*args, kubeconfig=operator.kubeconfig, input=input, check=False)


def _api_path(obj: dict[str, Any], resource: str) -> str:
    group_version = obj["apiVersion"]
    base = f"/api/{group_version}" if "/" not in group_version else f"/apis/{group_version}"
    return f"{base}/namespaces/{NAMESPACE}/{resource.split('.', 1)[0]}"


def _placed(resource: str) -> dict[str, Any]:
    """The sample object of ``resource`` in the stand-in's namespace (an Event's subject lives there too)."""
    obj = json.loads(json.dumps(OBJECTS[resource]))
    obj["metadata"]["namespace"] = NAMESPACE
    if "involvedObject" in obj:
        obj["involvedObject"]["namespace"] = NAMESPACE
    return obj


def _do(work: ControlPlane, operator: Operator, resource: str, verb: str):
    obj = _placed(resource)
    name = obj["metadata"]["name"]
    at = ("-n", NAMESPACE)
    if verb == "create":
        return _as_operator(work, operator, "create", "-f", "-", input=yaml.safe_dump(obj))
    if verb == "get":
        return _as_operator(work, operator, *at, "get", resource, name, "-o", "json")
    if verb == "list":
        return _as_operator(work, operator, *at, "get", resource, "-o", "name")
    if verb == "watch":
        return _as_operator(work, operator, "get", "--raw", f"{_api_path(obj, resource)}?watch=1&timeoutSeconds=1")
    if verb == "update":
        live = json.loads(work.kubectl(*at, "get", resource, name, "-o", "json").stdout)
        live["metadata"].setdefault("labels", {})["updated-by"] = "operator"
        return _as_operator(work, operator, "replace", "-f", "-", input=json.dumps(live))
    if verb == "patch":
        patch = json.dumps({"metadata": {"labels": {"patched-by": "operator"}}})
        return _as_operator(work, operator, *at, "patch", resource, name, "--type", "merge", "-p", patch)
    return _as_operator(work, operator, *at, "delete", resource, name, "--wait=false")


def _granted(operator: Operator, resource: str, verb: str) -> bool:
    plural, _, group = resource.partition(".")
    return any(covers(rule, group, plural, verb) for rule in operator.rules)


@pytest.mark.parametrize("resource", list(OBJECTS))
def test_the_operator_does_at_work_what_its_rules_grant_and_is_refused_the_rest(work, operator, resource):
    if not _granted(operator, resource, "create"):
        work.kubectl("create", "-f", "-", input=yaml.safe_dump(_placed(resource)))
    name = OBJECTS[resource]["metadata"]["name"]
    for verb in VERBS:
        done = _do(work, operator, resource, verb)
        if _granted(operator, resource, verb):
            assert done.returncode == 0, f"{verb} {resource}: {done.stderr}"
            if verb in ("list", "watch"):
                assert name in done.stdout, f"{verb} {resource} did not show {name}"
        else:
            assert done.returncode != 0 and "forbidden" in done.stderr.lower(), f"{verb} {resource} was allowed"


def test_the_operators_every_rule_has_an_object_tried_or_a_reason(operator):
    # Those left out have no object at WORK to try: cluster-scoped kinds (checked below), kinds whose CRDs only
    # their own operators install, and pods/exec, which needs a kubelet.
    untried = {
        "customresourcedefinitions.apiextensions.k8s.io",
        "apiservices.apiregistration.k8s.io",
        "validatingwebhookconfigurations.admissionregistration.k8s.io",
        "mutatingwebhookconfigurations.admissionregistration.k8s.io",
        "*.appcatalog.appscode.com",
        "servicemonitors.monitoring.coreos.com",
        "pods/exec",
        "*.intersystems.com",  # tried as irisclusters.intersystems.com
    }
    named = {resource for resource, _verb in rule_pairs(operator.rules)}
    assert named - set(OBJECTS) == untried


def test_the_operator_may_exec_into_its_pods_and_only_the_missing_kubelet_stops_it(work, operator):
    pod = {**OBJECTS["pods"], "metadata": {"name": "exec-target", "namespace": NAMESPACE}}
    assert _as_operator(work, operator, "create", "-f", "-", input=yaml.safe_dump(pod)).returncode == 0
    done = _as_operator(work, operator, "-n", NAMESPACE, "exec", "exec-target", "--", "true")
    assert "does not have a host assigned" in done.stderr, done.stderr


def test_the_operator_watches_irisclusters_created_by_others(work, operator):
    cluster = {**OBJECTS["irisclusters.intersystems.com"], "metadata": {"name": "by-admin"}}
    work.kubectl("-n", NAMESPACE, "create", "-f", "-", input=yaml.safe_dump(cluster))
    path = "/apis/intersystems.com/v1alpha1/irisclusters?watch=1&timeoutSeconds=1"
    events = _as_operator(work, operator, "get", "--raw", path).stdout
    added = [json.loads(line) for line in events.splitlines() if line]
    assert ("ADDED", "by-admin") in {(e["type"], e["object"]["metadata"]["name"]) for e in added}


def test_the_operator_reads_crds_at_work_cluster_wide(work, operator):
    done = _as_operator(work, operator, "get", "crd", "irisclusters.intersystems.com", "-o", "name")
    assert done.stdout.strip() == "customresourcedefinition.apiextensions.k8s.io/irisclusters.intersystems.com"


def test_can_i_list_shows_exactly_the_chart_rules_beyond_what_every_account_has(work, operator, tmp_path):
    # A second service account with no binding shows what every authenticated account may do.
    work.kubectl("-n", NAMESPACE, "create", "serviceaccount", "baseline")
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "baseline-token", "annotations": {"kubernetes.io/service-account.name": "baseline"}},
        "type": "kubernetes.io/service-account-token",
    }
    work.kubectl("-n", NAMESPACE, "apply", "-f", "-", input=json.dumps(secret))
    baseline = token_kubeconfig(work, filled_token(work, NAMESPACE, "baseline-token"), tmp_path / "baseline")
    everyone = can_i_list(work, baseline, NAMESPACE)
    assert can_i_list(work, operator.kubeconfig, NAMESPACE) == everyone | rule_pairs(operator.rules)


def test_the_operator_is_no_cluster_admin_at_work(work, operator):
    assert _as_operator(work, operator, "auth", "can-i", "*", "*", "--all-namespaces").stdout.strip() == "no"
    assert _as_operator(work, operator, "auth", "can-i", "create", "namespaces").stdout.strip() == "no"
    assert _as_operator(work, operator, "auth", "can-i", "list", "secrets", "-n", "kube-system").stdout.strip() == "no"


def test_the_operators_kubeconfig_has_no_access_at_home(home, operator, tmp_path):
    config = yaml.safe_load(operator.kubeconfig.read_text())
    config["clusters"][0]["cluster"]["server"] = home.server
    config["clusters"][0]["cluster"]["certificate-authority-data"] = base64.b64encode(home.ca.read_bytes()).decode()
    at_home = tmp_path / "at-home.kubeconfig"
    at_home.write_text(yaml.safe_dump(config))
    done = home.kubectl("get", "namespaces", kubeconfig=at_home, check=False)
    assert done.returncode != 0 and "Unauthorized" in done.stderr
