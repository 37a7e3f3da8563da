"""The pod_security rule family: the Kubernetes Pod Security Standards, baseline and restricted, on every pod a
chart renders.

A pod that meets the restricted standard is changed in one way per case; the case must be caught by its control's
rule, named in the finding, and by no other rule of the family. The levels decide what runs and how loud:
baseline warns by default, ``--pod-security`` (or ``podSecurity.enforce``) makes a level's controls errors.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_lint_api_validation import chart_with

from chartgen.chartio.output import write_directory
from chartgen.findings import Finding, Severity
from chartgen.helm.render import RenderedDocument, RenderResult
from chartgen.lint.command import rule_list
from chartgen.lint.context import LintContext
from chartgen.lint.model import Rule, all_rules
from chartgen.lint.rules.pod_security import Level, in_force
from chartgen.lint.runner import LintOptions, LintReport, run_lint
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.resources import base_chart_dir

FAMILY_PREFIX = "CG-PSS-"

RESTRICTED_POD: dict[str, Any] = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web"},
    "spec": {
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [
            {
                "name": "web",
                "image": "nginx",
                "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
            }
        ],
    },
}

Change = Callable[[dict[str, Any]], None]


def pod_yaml(change: Change | None = None, base: dict[str, Any] = RESTRICTED_POD) -> str:
    pod = copy.deepcopy(base)
    if change is not None:
        change(pod)
    return yaml.safe_dump(pod, sort_keys=False)


def report_for(root: Path, manifest: str, **options: Any) -> LintReport:
    return run_lint(LintOptions(chart_with(root, manifest), **options))


def pss(report: LintReport) -> list[Finding]:
    return [f for f in report.findings if f.rule_id.startswith(FAMILY_PREFIX)]


def judged(root: Path, manifest: str, level: str = "restricted", **options: Any) -> list[Finding]:
    return pss(report_for(root, manifest, pod_security=level, **options))


def pod_security_rules(level: Level) -> list[Rule]:
    return [r for r in in_force(list(all_rules()), level, level) if r.id.startswith(FAMILY_PREFIX)]


def spec(pod: dict[str, Any]) -> dict[str, Any]:
    return pod["spec"]


def container(pod: dict[str, Any]) -> dict[str, Any]:
    return pod["spec"]["containers"][0]


def container_security(pod: dict[str, Any]) -> dict[str, Any]:
    return container(pod)["securityContext"]


def pod_security(pod: dict[str, Any]) -> dict[str, Any]:
    return pod["spec"]["securityContext"]


def annotate(pod: dict[str, Any], key: str, value: str) -> None:
    pod["metadata"]["annotations"] = {key: value}


def add_volume(pod: dict[str, Any], volume: dict[str, Any]) -> None:
    spec(pod)["volumes"] = [volume]


def add_capability(name: str) -> Change:
    return lambda pod: container_security(pod)["capabilities"].update(add=[name])


def add_probe(probe: dict[str, Any]) -> Change:
    return lambda pod: container(pod).update(readinessProbe=probe)


# Case id -> (the change, the rule that must catch it, its control's name, --kube-version or None).
VIOLATIONS: dict[str, tuple[Change, str, str, str | None]] = {
    # baseline
    "pod hostProcess": (
        lambda p: pod_security(p).update(windowsOptions={"hostProcess": True}),
        "CG-PSS-001",
        "HostProcess",
        None,
    ),
    "container hostProcess": (
        lambda p: container_security(p).update(windowsOptions={"hostProcess": True}),
        "CG-PSS-001",
        "HostProcess",
        None,
    ),
    "hostNetwork": (lambda p: spec(p).update(hostNetwork=True), "CG-PSS-002", "Host Namespaces", None),
    "hostPID": (lambda p: spec(p).update(hostPID=True), "CG-PSS-002", "Host Namespaces", None),
    "hostIPC": (lambda p: spec(p).update(hostIPC=True), "CG-PSS-002", "Host Namespaces", None),
    "privileged": (
        lambda p: container_security(p).update(privileged=True),
        "CG-PSS-003",
        "Privileged Containers",
        None,
    ),
    "capability outside baseline": (add_capability("SYS_ADMIN"), "CG-PSS-004", "Capabilities", None),
    "capability with CAP_ prefix": (add_capability("CAP_CHOWN"), "CG-PSS-004", "Capabilities", None),
    "hostPath volume": (
        lambda p: add_volume(p, {"name": "host", "hostPath": {"path": "/etc"}}),
        "CG-PSS-005",
        "HostPath Volumes",
        None,
    ),
    "hostPort": (
        lambda p: container(p).update(ports=[{"containerPort": 80, "hostPort": 8080}]),
        "CG-PSS-006",
        "Host Ports",
        None,
    ),
    "AppArmor annotation unconfined": (
        lambda p: annotate(p, "container.apparmor.security.beta.kubernetes.io/web", "unconfined"),
        "CG-PSS-007",
        "AppArmor",
        None,
    ),
    "AppArmor field Unconfined": (
        lambda p: container_security(p).update(appArmorProfile={"type": "Unconfined"}),
        "CG-PSS-007",
        "AppArmor",
        None,
    ),
    "SELinux type": (
        lambda p: pod_security(p).update(seLinuxOptions={"type": "spc_t"}),
        "CG-PSS-008",
        "SELinux",
        None,
    ),
    "SELinux user": (
        lambda p: container_security(p).update(seLinuxOptions={"user": "system_u"}),
        "CG-PSS-008",
        "SELinux",
        None,
    ),
    "SELinux role": (
        lambda p: container_security(p).update(seLinuxOptions={"role": "system_r"}),
        "CG-PSS-008",
        "SELinux",
        None,
    ),
    "procMount Unmasked": (
        lambda p: container_security(p).update(procMount="Unmasked"),
        "CG-PSS-009",
        "/proc Mount Type",
        None,
    ),
    "seccomp Unconfined": (
        lambda p: container_security(p).update(seccompProfile={"type": "Unconfined"}),
        "CG-PSS-010",
        "Seccomp",
        None,
    ),
    "unsafe sysctl": (
        lambda p: pod_security(p).update(sysctls=[{"name": "kernel.msgmax", "value": "65536"}]),
        "CG-PSS-011",
        "Sysctls",
        None,
    ),
    "probe with a host": (
        add_probe({"httpGet": {"host": "169.254.169.254", "path": "/", "port": 80}}),
        "CG-PSS-012",
        "Host Probes / Lifecycle Hooks",
        "1.34",
    ),
    "lifecycle hook with a host": (
        lambda p: container(p).update(lifecycle={"preStop": {"tcpSocket": {"host": "10.0.0.1", "port": 80}}}),
        "CG-PSS-012",
        "Host Probes / Lifecycle Hooks",
        "1.34",
    ),
    # restricted
    "nfs volume": (
        lambda p: add_volume(p, {"name": "share", "nfs": {"server": "nfs.example", "path": "/"}}),
        "CG-PSS-101",
        "Volume Types",
        None,
    ),
    "allowPrivilegeEscalation unset": (
        lambda p: container_security(p).pop("allowPrivilegeEscalation"),
        "CG-PSS-102",
        "Privilege Escalation",
        None,
    ),
    "allowPrivilegeEscalation true": (
        lambda p: container_security(p).update(allowPrivilegeEscalation=True),
        "CG-PSS-102",
        "Privilege Escalation",
        None,
    ),
    "runAsNonRoot unset": (
        lambda p: pod_security(p).pop("runAsNonRoot"),
        "CG-PSS-103",
        "Running as Non-root",
        None,
    ),
    "runAsNonRoot false on a container": (
        lambda p: container_security(p).update(runAsNonRoot=False),
        "CG-PSS-103",
        "Running as Non-root",
        None,
    ),
    "runAsUser 0 on the pod": (
        lambda p: pod_security(p).update(runAsUser=0),
        "CG-PSS-104",
        "Running as Non-root user",
        None,
    ),
    "runAsUser 0 on a container": (
        lambda p: container_security(p).update(runAsUser=0),
        "CG-PSS-104",
        "Running as Non-root user",
        None,
    ),
    "seccomp unset": (
        lambda p: pod_security(p).pop("seccompProfile"),
        "CG-PSS-105",
        "Seccomp (restricted)",
        None,
    ),
    "capabilities not dropped": (
        lambda p: container_security(p).pop("capabilities"),
        "CG-PSS-106",
        "Capabilities (restricted)",
        None,
    ),
    "capability baseline allows but restricted does not": (
        add_capability("CHOWN"),
        "CG-PSS-106",
        "Capabilities (restricted)",
        None,
    ),
}


@pytest.mark.parametrize("case", VIOLATIONS.values(), ids=VIOLATIONS.keys())
def test_a_violation_is_caught_by_its_control_alone_and_named(tmp_path, case):
    change, rule_id, control, kube_version = case
    findings = judged(tmp_path / "c", pod_yaml(change), kube_version=kube_version)
    assert [f.rule_id for f in findings] == [rule_id]
    assert f'control "{control}"' in findings[0].message
    assert findings[0].message.startswith("Pod/web: Pod Security ")
    assert findings[0].severity is Severity.ERROR


def test_a_pod_meeting_the_restricted_standard_has_no_finding(tmp_path):
    assert judged(tmp_path / "c", pod_yaml()) == []


# Case id -> a change that keeps the pod within the restricted standard.
ALLOWED: dict[str, Change] = {
    "NET_BIND_SERVICE added": add_capability("NET_BIND_SERVICE"),
    "Localhost seccomp": lambda p: pod_security(p).update(
        seccompProfile={"type": "Localhost", "localhostProfile": "x.json"}
    ),
    "AppArmor runtime/default": lambda p: annotate(
        p, "container.apparmor.security.beta.kubernetes.io/web", "runtime/default"
    ),
    "AppArmor localhost profile": lambda p: annotate(
        p, "container.apparmor.security.beta.kubernetes.io/web", "localhost/k8s-web"
    ),
    "AppArmor RuntimeDefault field": lambda p: pod_security(p).update(appArmorProfile={"type": "RuntimeDefault"}),
    "SELinux container type and level": lambda p: container_security(p).update(
        seLinuxOptions={"type": "container_init_t", "level": "s0:c123,c456"}
    ),
    "procMount Default": lambda p: container_security(p).update(procMount="Default"),
    "safe sysctl": lambda p: pod_security(p).update(sysctls=[{"name": "net.ipv4.ping_group_range", "value": "0 1"}]),
    "hostPort 0": lambda p: container(p).update(ports=[{"containerPort": 80, "hostPort": 0}]),
    "hostNetwork false": lambda p: spec(p).update(hostNetwork=False),
    "privileged false": lambda p: container_security(p).update(privileged=False),
    "non-zero runAsUser": lambda p: pod_security(p).update(runAsUser=1000),
    "probe without a host": add_probe({"httpGet": {"path": "/", "port": 80}}),
    "every allowed volume type": lambda p: spec(p).update(
        volumes=[
            {"name": "a", "configMap": {"name": "c"}},
            {"name": "b", "csi": {"driver": "d"}},
            {"name": "c", "downwardAPI": {"items": []}},
            {"name": "d", "emptyDir": {}},
            {
                "name": "e",
                "ephemeral": {
                    "volumeClaimTemplate": {
                        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
                    }
                },
            },
            {"name": "f", "persistentVolumeClaim": {"claimName": "pvc"}},
            {"name": "g", "projected": {"sources": []}},
            {"name": "h", "secret": {"secretName": "s"}},
        ]
    ),
    # The API server makes a volume without a source an emptyDir.
    "volume without a source": lambda p: add_volume(p, {"name": "scratch"}),
}


@pytest.mark.parametrize("change", ALLOWED.values(), ids=ALLOWED.keys())
def test_an_allowed_setting_is_not_a_violation(tmp_path, change):
    assert judged(tmp_path / "c", pod_yaml(change)) == []


# --------------------------------------------------------------------------------------------------------------
# Pod level and container level


def test_runasnonroot_on_every_container_meets_the_standard_without_the_pod_setting(tmp_path):
    def change(pod):
        pod_security(pod).pop("runAsNonRoot")
        container_security(pod)["runAsNonRoot"] = True

    assert judged(tmp_path / "c", pod_yaml(change)) == []


def test_seccomp_on_every_container_meets_the_standard_without_the_pod_setting(tmp_path):
    def change(pod):
        pod_security(pod).pop("seccompProfile")
        container_security(pod)["seccompProfile"] = {"type": "RuntimeDefault"}

    assert judged(tmp_path / "c", pod_yaml(change)) == []


def test_a_container_without_the_setting_is_named_when_the_pod_does_not_set_it(tmp_path):
    def change(pod):
        pod_security(pod).pop("runAsNonRoot")
        container_security(pod)["runAsNonRoot"] = True
        spec(pod)["initContainers"] = [{"name": "init", "image": "busybox", "securityContext": dict(ONLY_HARDENING)}]

    [finding] = judged(tmp_path / "c", pod_yaml(change))
    assert finding.rule_id == "CG-PSS-103"
    assert "pod or container 'init' must set securityContext.runAsNonRoot=true" in finding.message
    assert finding.location.field == "spec.securityContext.runAsNonRoot"


ONLY_HARDENING = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}


def test_a_container_setting_false_breaks_the_standard_though_the_pod_sets_true(tmp_path):
    findings = judged(tmp_path / "c", pod_yaml(lambda p: container_security(p).update(runAsNonRoot=False)))
    assert [f.location.field for f in findings] == ["spec.containers[0].securityContext.runAsNonRoot"]


def test_a_pod_setting_false_breaks_the_standard_though_every_container_sets_true(tmp_path):
    def change(pod):
        pod_security(pod)["runAsNonRoot"] = False
        container_security(pod)["runAsNonRoot"] = True

    findings = judged(tmp_path / "c", pod_yaml(change))
    assert [(f.rule_id, f.location.field) for f in findings] == [("CG-PSS-103", "spec.securityContext.runAsNonRoot")]


@pytest.mark.parametrize("field", ["initContainers", "ephemeralContainers"])
def test_init_and_ephemeral_containers_are_judged(tmp_path, field):
    extra = {"name": "extra", "image": "busybox", "securityContext": {**ONLY_HARDENING, "privileged": True}}
    findings = judged(tmp_path / "c", pod_yaml(lambda p: spec(p).update({field: [extra]})))
    assert [(f.rule_id, f.location.field) for f in findings] == [
        ("CG-PSS-003", f"spec.{field}[0].securityContext.privileged")
    ]


def test_every_container_without_hardening_has_its_own_finding(tmp_path):
    def change(pod):
        spec(pod)["initContainers"] = [{"name": "init", "image": "busybox"}]

    findings = judged(tmp_path / "c", pod_yaml(change))
    assert sorted((f.rule_id, f.location.field) for f in findings) == [
        ("CG-PSS-102", "spec.initContainers[0].securityContext.allowPrivilegeEscalation"),
        ("CG-PSS-106", "spec.initContainers[0].securityContext.capabilities.drop"),
    ]


# --------------------------------------------------------------------------------------------------------------
# Every workload kind


POD_TEMPLATE_PATHS = {
    "Deployment": ("apps/v1", ["spec", "template"]),
    "StatefulSet": ("apps/v1", ["spec", "template"]),
    "DaemonSet": ("apps/v1", ["spec", "template"]),
    "ReplicaSet": ("apps/v1", ["spec", "template"]),
    "ReplicationController": ("v1", ["spec", "template"]),
    "Job": ("batch/v1", ["spec", "template"]),
    "CronJob": ("batch/v1", ["spec", "jobTemplate", "spec", "template"]),
    "PodTemplate": ("v1", ["template"]),
}


def workload(kind: str, pod: dict[str, Any]) -> str:
    api_version, path = POD_TEMPLATE_PATHS[kind]
    template = {"metadata": {"labels": {"app": "web"}}, "spec": pod["spec"]}
    for key in reversed(path):
        template = {key: template}
    return yaml.safe_dump({"apiVersion": api_version, "kind": kind, "metadata": {"name": "web"}, **template})


@pytest.mark.parametrize("kind", POD_TEMPLATE_PATHS)
def test_the_pod_template_of_every_workload_kind_is_judged(tmp_path, kind):
    pod = copy.deepcopy(RESTRICTED_POD)
    container_security(pod)["privileged"] = True
    findings = judged(tmp_path / "c", workload(kind, pod))
    path = ".".join(POD_TEMPLATE_PATHS[kind][1])
    assert [(f.rule_id, f.location.object, f.location.field) for f in findings] == [
        ("CG-PSS-003", f"{kind}/web", f"{path}.spec.containers[0].securityContext.privileged")
    ]


def test_pod_template_annotations_are_judged_for_apparmor(tmp_path):
    pod = copy.deepcopy(RESTRICTED_POD)
    manifest = yaml.safe_load(workload("Deployment", pod))
    annotations = {"container.apparmor.security.beta.kubernetes.io/web": "unconfined"}
    manifest["spec"]["template"]["metadata"]["annotations"] = annotations
    [finding] = judged(tmp_path / "c", yaml.safe_dump(manifest))
    assert finding.rule_id == "CG-PSS-007"
    assert (
        finding.location.field
        == 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]'
    )


def test_a_custom_resource_named_like_a_workload_is_not_judged(tmp_path):
    pod = copy.deepcopy(RESTRICTED_POD)
    container_security(pod)["privileged"] = True
    manifest = workload("Deployment", pod).replace("apiVersion: apps/v1", "apiVersion: example.com/v1")
    assert judged(tmp_path / "c", manifest) == []


# --------------------------------------------------------------------------------------------------------------
# One finding per offending field, and where it is


@pytest.mark.parametrize(
    "change",
    [
        add_capability("SYS_ADMIN"),
        lambda p: add_volume(p, {"name": "host", "hostPath": {"path": "/"}}),
        lambda p: container_security(p).update(seccompProfile={"type": "Unconfined"}),
    ],
    ids=["capability", "hostPath", "seccomp"],
)
def test_what_baseline_forbids_is_reported_once_under_restricted(tmp_path, change):
    findings = judged(tmp_path / "c", pod_yaml(change))
    assert len(findings) == 1 and findings[0].rule_id < "CG-PSS-100"


TEMPLATED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        securityContext:
          privileged: {{ .Values.privileged }}
"""


def test_an_unconfined_pod_leaves_its_silent_containers_unconfined_too(tmp_path):
    # The pod's Unconfined profile is the baseline's finding; the container that inherits it breaks restricted.
    findings = judged(tmp_path / "c", pod_yaml(lambda p: pod_security(p).update(seccompProfile={"type": "Unconfined"})))
    assert sorted(f.rule_id for f in findings) == ["CG-PSS-010", "CG-PSS-105"]


def test_a_finding_points_at_the_template_line_that_writes_the_field(tmp_path):
    root = tmp_path / "c"
    chart = chart_with(root, TEMPLATED)
    (chart / "values.yaml").write_text("privileged: true\n")
    [finding] = pss(run_lint(LintOptions(chart, pod_security="baseline")))
    assert (finding.location.path, finding.location.line, finding.location.column) == (
        f"{root}/templates/t.yaml",
        16,
        11,
    )
    assert finding.location.field == "spec.template.spec.containers[0].securityContext.privileged"


def test_a_missing_setting_points_at_the_container_that_should_hold_it(tmp_path):
    manifest = TEMPLATED.replace("privileged: {{ .Values.privileged }}", "privileged: false")
    findings = judged(tmp_path / "c", manifest)
    escalation = [f for f in findings if f.rule_id == "CG-PSS-102"]
    assert [f.location.line for f in escalation] == [15]  # the securityContext: line


# --------------------------------------------------------------------------------------------------------------
# Target versions and Windows pods


@pytest.mark.parametrize(
    ("change", "before", "from_"),
    [
        (lambda p: pod_security(p).update(runAsUser=0), "1.22", "1.23"),
        (add_probe({"tcpSocket": {"host": "example.com", "port": 80}}), "1.33", "1.34"),
    ],
    ids=["runAsUser 0", "probe host"],
)
def test_a_control_applies_from_the_kubernetes_version_that_added_it(tmp_path, change, before, from_):
    assert judged(tmp_path / "a", pod_yaml(change), kube_version=before) == []
    assert len(judged(tmp_path / "b", pod_yaml(change), kube_version=from_)) == 1


@pytest.mark.parametrize(
    ("change", "refused", "allowed"),
    [
        (
            lambda p: pod_security(p).update(sysctls=[{"name": "net.ipv4.tcp_keepalive_time", "value": "600"}]),
            "1.28",
            "1.29",
        ),
        (lambda p: pod_security(p).update(seLinuxOptions={"type": "container_engine_t"}), "1.30", "1.31"),
    ],
    ids=["sysctl", "SELinux type"],
)
def test_a_value_is_allowed_from_the_kubernetes_version_that_allows_it(tmp_path, change, refused, allowed):
    assert len(judged(tmp_path / "a", pod_yaml(change), kube_version=refused)) == 1
    assert judged(tmp_path / "b", pod_yaml(change), kube_version=allowed) == []


def windows_pod(pod: dict[str, Any]) -> None:
    spec(pod)["os"] = {"name": "windows"}
    pod_security(pod).pop("seccompProfile")
    container(pod).pop("securityContext")


def test_a_windows_pod_is_exempt_from_the_linux_only_controls_from_1_25(tmp_path):
    assert judged(tmp_path / "c", pod_yaml(windows_pod), kube_version="1.25") == []


def test_a_windows_pod_is_judged_by_every_control_before_1_25(tmp_path):
    findings = judged(tmp_path / "c", pod_yaml(windows_pod), kube_version="1.24")
    assert sorted(f.rule_id for f in findings) == ["CG-PSS-102", "CG-PSS-105", "CG-PSS-106"]


def test_a_windows_pod_must_still_run_as_non_root(tmp_path):
    def change(pod):
        windows_pod(pod)
        pod_security(pod).pop("runAsNonRoot")

    assert [f.rule_id for f in judged(tmp_path / "c", pod_yaml(change))] == ["CG-PSS-103"]


# --------------------------------------------------------------------------------------------------------------
# Levels: what runs, and how loud


PRIVILEGED_POD = pod_yaml(lambda p: container_security(p).update(privileged=True))
UNHARDENED_POD = pod_yaml(lambda p: container_security(p).pop("allowPrivilegeEscalation"))


def test_by_default_a_baseline_violation_is_a_warning(tmp_path):
    report = report_for(tmp_path / "c", PRIVILEGED_POD)
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-003", Severity.WARNING)]
    assert report.exit_code == 0


def test_by_default_the_restricted_controls_do_not_run(tmp_path):
    report = report_for(tmp_path / "c", UNHARDENED_POD)
    assert pss(report) == []
    assert not any(r.id.startswith("CG-PSS-1") for r in report.rules)


def test_by_default_a_baseline_violation_fails_under_strict(tmp_path):
    assert report_for(tmp_path / "c", PRIVILEGED_POD, strict=True).exit_code == 1


def test_demanding_baseline_makes_its_violations_errors(tmp_path):
    report = report_for(tmp_path / "c", PRIVILEGED_POD, pod_security="baseline")
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-003", Severity.ERROR)]
    assert report.exit_code == 1


def test_demanding_baseline_leaves_the_restricted_controls_out(tmp_path):
    assert pss(report_for(tmp_path / "c", UNHARDENED_POD, pod_security="baseline")) == []


def test_demanding_restricted_makes_a_restricted_violation_an_error(tmp_path):
    report = report_for(tmp_path / "c", UNHARDENED_POD, pod_security="restricted")
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-102", Severity.ERROR)]
    assert report.exit_code == 1


def test_demanding_restricted_includes_every_baseline_control(tmp_path):
    report = report_for(tmp_path / "c", PRIVILEGED_POD, pod_security="restricted")
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-003", Severity.ERROR)]


@pytest.mark.parametrize("level", ["privileged", "none"])
def test_demanding_nothing_keeps_the_baseline_warnings(tmp_path, level):
    report = report_for(tmp_path / "c", PRIVILEGED_POD, pod_security=level)
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-003", Severity.WARNING)]


def config_file(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "lint.yaml"
    path.write_text(text)
    return path


def test_the_lint_config_can_demand_restricted(tmp_path):
    config = config_file(tmp_path / "cfg", "lint:\n  podSecurity:\n    enforce: restricted\n")
    report = report_for(tmp_path / "c", UNHARDENED_POD, config=config)
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-102", Severity.ERROR)]


def test_the_lint_config_can_warn_about_restricted(tmp_path):
    config = config_file(tmp_path / "cfg", "lint:\n  podSecurity:\n    warn: restricted\n")
    report = report_for(tmp_path / "c", UNHARDENED_POD, config=config)
    assert [(f.rule_id, f.severity) for f in pss(report)] == [("CG-PSS-102", Severity.WARNING)]
    assert report.exit_code == 0


def test_the_lint_config_can_switch_the_baseline_warnings_off(tmp_path):
    config = config_file(tmp_path / "cfg", "lint:\n  podSecurity:\n    warn: privileged\n")
    assert pss(report_for(tmp_path / "c", PRIVILEGED_POD, config=config)) == []


def test_the_flag_overrides_the_lint_configs_demand(tmp_path):
    config = config_file(tmp_path / "cfg", "lint:\n  podSecurity:\n    enforce: restricted\n")
    assert pss(report_for(tmp_path / "c", UNHARDENED_POD, config=config, pod_security="baseline")) == []


def test_a_lint_config_with_an_unknown_level_is_refused_at_its_line(tmp_path):
    config = config_file(tmp_path / "cfg", "lint:\n  podSecurity:\n    enforce: strict\n")
    result = run_cli("lint", str(chart_with(tmp_path / "c", PRIVILEGED_POD)), "--config", str(config))
    assert result.exit_code == 2
    assert f"{config}:3:14: invalid lint config: lint.podSecurity.enforce" in result.stderr


def test_one_control_can_be_disabled_while_restricted_is_demanded(tmp_path):
    report = report_for(tmp_path / "c", UNHARDENED_POD, pod_security="restricted", disable=["CG-PSS-102"])
    assert pss(report) == []


def test_a_finding_can_be_suppressed_for_one_object(tmp_path):
    config = config_file(
        tmp_path / "cfg",
        "lint:\n  suppressions:\n  - {rule: CG-PSS-102, object: Pod/web, reason: 'vendor image, tracked in X-1'}\n",
    )
    report = report_for(tmp_path / "c", UNHARDENED_POD, pod_security="restricted", config=config)
    assert pss(report) == [] and [f.rule_id for f, _ in report.suppressed] == ["CG-PSS-102"]


def test_the_cli_flag_demanding_restricted_exits_non_zero(tmp_path):
    result = run_cli("lint", str(chart_with(tmp_path / "c", UNHARDENED_POD)), "--pod-security", "restricted")
    assert result.exit_code == 1
    assert 'error CG-PSS-102 Pod/web: Pod Security "restricted" control "Privilege Escalation"' in result.stdout


def test_the_cli_refuses_an_unknown_level(tmp_path):
    result = run_cli("lint", str(chart_with(tmp_path / "c", UNHARDENED_POD)), "--pod-security", "strict")
    assert result.exit_code == 2


def test_the_rule_list_names_every_control_and_its_level():
    text = rule_list()
    for control in {case[2] for case in VIOLATIONS.values()}:
        assert f": {control}: " in text, control
    assert "CG-PSS-001  [warning]  Pod Security Standard, baseline: HostProcess:" in text
    assert "CG-PSS-106  [warning]  Pod Security Standard, restricted: Capabilities (restricted):" in text


# --------------------------------------------------------------------------------------------------------------
# The bundled chart and its patched copy


@pytest.fixture(scope="module")
def patched_chart(tmp_path_factory) -> Path:
    result = patch_chart(PatchRequest(parameters={"remote-target": {"secretName": "work-kubeconfig"}}))
    target = tmp_path_factory.mktemp("patched") / "iris-operator"
    write_directory(result.files, target, False)
    return target


# What the restricted standard asks of both pods (the operator Deployment and the cleaner Job) and neither does.
UNMET_BY_THE_IKO_PODS = sorted(
    (rule_id, obj)
    for rule_id in ("CG-PSS-102", "CG-PSS-103", "CG-PSS-105", "CG-PSS-106")
    for obj in ("Deployment/release-name-iris-operator-amd", "Job/release-name-iris-operator-amd-cleaner")
)


def test_the_bundled_chart_meets_baseline():
    assert pss(run_lint(LintOptions(base_chart_dir(), pod_security="baseline"))) == []


def test_the_bundled_chart_does_not_meet_restricted():
    findings = pss(run_lint(LintOptions(base_chart_dir(), pod_security="restricted")))
    assert sorted((f.rule_id, f.location.object) for f in findings) == UNMET_BY_THE_IKO_PODS


def test_the_patched_chart_meets_baseline_so_its_default_lint_is_unchanged(patched_chart):
    report = run_lint(LintOptions(patched_chart))
    assert pss(report) == [] and report.exit_code == 0


def test_the_patched_chart_does_not_meet_restricted(patched_chart):
    findings = pss(run_lint(LintOptions(patched_chart, pod_security="restricted")))
    assert sorted((f.rule_id, f.location.object) for f in findings) == UNMET_BY_THE_IKO_PODS


# --------------------------------------------------------------------------------------------------------------
# Any shape a template may render


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 70000) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3),
    max_leaves=12,
)
# Every place a control reads, so that odd values land where the rules look.
READ_PATHS = [
    ("metadata", "annotations"),
    ("spec", "hostNetwork"),
    ("spec", "os"),
    ("spec", "volumes"),
    ("spec", "securityContext"),
    ("spec", "securityContext", "sysctls"),
    ("spec", "securityContext", "seLinuxOptions"),
    ("spec", "securityContext", "seccompProfile"),
    ("spec", "initContainers"),
    ("spec", "containers", 0, "ports"),
    ("spec", "containers", 0, "readinessProbe"),
    ("spec", "containers", 0, "lifecycle"),
    ("spec", "containers", 0, "securityContext"),
    ("spec", "containers", 0, "securityContext", "capabilities"),
    ("spec", "containers", 0, "securityContext", "windowsOptions"),
]


def set_at(pod: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Put ``value`` at ``path`` unless an earlier change left something other than a mapping on the way."""
    node: Any = pod
    for part in path[:-1]:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and len(node) > part else None
        else:
            node = node.setdefault(part, {}) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node[path[-1]] = value


def rendered(manifest: str) -> RenderResult:
    document = RenderedDocument("demo/templates/t.yaml", manifest, "Pod", False)
    return RenderResult(manifest, documents=[document])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(READ_PATHS), JSON_VALUES), max_size=4))
def test_any_rendered_shape_yields_findings_and_never_fails(changes):
    pod = copy.deepcopy(RESTRICTED_POD)
    for path, value in changes:
        set_at(pod, path, value)
    ctx = LintContext(chart_dir=Path("demo"), render=rendered(json.dumps(pod)), kube_version="1.34")
    for item in pod_security_rules(Level.RESTRICTED):
        for finding in item.check(ctx, item):
            assert finding.message.startswith("Pod/web: Pod Security ")
