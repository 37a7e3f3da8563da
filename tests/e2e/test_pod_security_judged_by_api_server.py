"""The API server's PodSecurity admission as the second judge of the Pod Security rules.

A namespace labelled ``pod-security.kubernetes.io/enforce=restricted`` must refuse every pod that ``chartgen lint
--pod-security restricted`` flags with an error, and accept every pod it passes. PodSecurity admission arrived in
Kubernetes 1.22 (alpha) and 1.23 (beta, on by default); the control planes here serve 1.20.2, which stores such a
pod without a word. So the server is asked first: when it accepts a pod in the node's network namespace (a
baseline violation) in that namespace, there is no judge, and the comparison is skipped with that reason rather
than claimed. On a server that enforces the labels, every case of the unit tests is judged by both; a case the
server's own validation refuses before admission (a privileged container without --allow-privileged, a Windows
HostProcess pod on Linux) tells nothing about PodSecurity and is listed as not judged.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from test_lint_api_validation import chart_with
from test_lint_pod_security import ALLOWED, VIOLATIONS, pod_yaml, spec

from chartgen.lint.runner import LintOptions, run_lint

from .conftest import _figure
from .control_plane import ControlPlane

NAMESPACE = "pod-security-restricted"
REFUSED_BY_POD_SECURITY = "violates PodSecurity"


def _namespace(home: ControlPlane) -> None:
    home.kubectl("create", "namespace", NAMESPACE)
    home.kubectl("label", "namespace", NAMESPACE, "pod-security.kubernetes.io/enforce=restricted")
    # The ServiceAccount admission refuses pods until the controller-manager has made the namespace's account.
    deadline = time.monotonic() + 60
    while home.kubectl("-n", NAMESPACE, "get", "serviceaccount", "default", check=False).returncode != 0:
        assert time.monotonic() < deadline, "the controller-manager made no default service account"
        time.sleep(0.5)


def _verdict(home: ControlPlane, manifest: str) -> str | None:
    """ "accepted", "refused" (by PodSecurity), or None when another check refused the pod first (validation runs
    before admission's validating plugins): then the case tells nothing about PodSecurity."""
    done = home.kubectl("-n", NAMESPACE, "apply", "--dry-run=server", "-f", "-", input=manifest, check=False)
    if done.returncode == 0:
        return "accepted"
    return "refused" if REFUSED_BY_POD_SECURITY in done.stderr else None


def _server_minor(home: ControlPlane) -> str:
    version = json.loads(home.kubectl("version", "-o", "json").stdout)["serverVersion"]
    return f"{version['major']}.{version['minor'].rstrip('+')}"


def _lint_refuses(root: Path, manifest: str, kube_version: str) -> bool:
    report = run_lint(LintOptions(chart_with(root, manifest), pod_security="restricted", kube_version=kube_version))
    return any(f.rule_id.startswith("CG-PSS-") and f.severity.label == "error" for f in report.findings)


def test_lint_agrees_with_pod_security_admission(home, tmp_path, pytestconfig):
    _namespace(home)
    # A pod in the node's network namespace breaks baseline, and the API server's own validation allows it.
    probe = _verdict(home, pod_yaml(lambda pod: spec(pod).update(hostNetwork=True)))
    assert probe is not None, "the API server refused the probe pod before admission"
    if probe == "accepted":
        _figure(pytestconfig, "Pod Security rules vs API server: not judged (no PodSecurity admission before 1.23)")
        pytest.skip(
            "this API server has no PodSecurity admission (Kubernetes 1.23 and later): it accepts a pod in the node's "
            "network namespace in a namespace enforcing restricted"
        )
    minor = _server_minor(home)
    cases = {f"violation {name}": pod_yaml(case[0]) for name, case in VIOLATIONS.items()}
    cases.update({f"allowed {name}": pod_yaml(change) for name, change in ALLOWED.items()})
    disagreements, unjudged = [], []
    for index, (name, manifest) in enumerate(cases.items()):
        verdict = _verdict(home, manifest)
        if verdict is None:
            unjudged.append(name)
        elif (verdict == "refused") != _lint_refuses(tmp_path / str(index), manifest, minor):
            disagreements.append(name)
    judged = len(cases) - len(unjudged)
    _figure(
        pytestconfig,
        f"Pod Security rules vs API server {minor}: {judged - len(disagreements)}/{judged} agree; "
        f"{len(unjudged)} refused before admission ({', '.join(unjudged) or 'none'})",
    )
    assert disagreements == []
