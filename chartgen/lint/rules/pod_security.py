"""The Kubernetes Pod Security Standards, baseline and restricted, judged on every pod a chart renders.

The standard names three levels: privileged (no requirement), baseline (no known privilege escalation: host
namespaces, privileged containers, extra capabilities, hostPath and so on) and restricted (baseline plus current
hardening: non-root, no privilege escalation, all capabilities dropped, a seccomp profile, a short list of
volume types). A namespace labelled ``pod-security.kubernetes.io/enforce=<level>`` refuses pods that break its
level; ``warn`` only warns. Lint mirrors those two modes: the level the chart must meet (``--pod-security``, or
``podSecurity.enforce`` in the lint config) makes its controls errors, the level only warned about
(``podSecurity.warn``, baseline by default) makes them warnings, and controls above both do not run.
``in_force`` applies that to the rule list.

Each control of the standard is one rule, named in every finding, so a single control can be disabled or
suppressed for one object. Pods are judged wherever a chart writes them: Pods, the pod templates of Deployments,
ReplicaSets, StatefulSets, DaemonSets, Jobs, ReplicationControllers and PodTemplates, and the job template of
CronJobs; every container, init container and ephemeral container. Where the admission controller would report a
value under both levels (an added SYS_ADMIN, an Unconfined seccomp profile), the baseline rule reports it and the
restricted rule only what baseline allows, so each offending field has one finding and the verdict (allowed or
refused) is the admission controller's. The allowed values, and the Kubernetes minor each arrived in, are data:
``chartgen/lint/data/pod_security.yaml``; the target version is ``--kube-version`` (else Helm's default).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

from chartgen.errors import UsageError
from chartgen.findings import Finding, Severity
from chartgen.lint.kube_schemas import parse_minor
from chartgen.lint.locate import ManifestDoc, manifest_location
from chartgen.lint.model import Check, Rule, rule
from chartgen.records import record, replace

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["LEVEL_NAMES", "Level", "Pod", "in_force", "levels", "pod_of", "pods", "violations"]

FAMILY = "pod_security"
_FieldPath = tuple[str | int, ...]


class Level(enum.IntEnum):
    """The standard's levels, each including the ones below it."""

    PRIVILEGED = 0
    BASELINE = 1
    RESTRICTED = 2

    @property
    def label(self) -> str:
        return self.name.lower()


# "none" is accepted as another word for privileged: nothing is required.
LEVEL_NAMES = {"privileged": Level.PRIVILEGED, "none": Level.PRIVILEGED, **{lv.label: lv for lv in Level}}
DEFAULT_ENFORCE = Level.PRIVILEGED
DEFAULT_WARN = Level.BASELINE


def levels(enforce: str | None, warn: str | None) -> tuple[Level, Level]:
    """The (enforce, warn) levels from their names, defaults for the ones not given; an unknown name is a usage
    error (the CLI and the config schema refuse them first)."""

    def parse(name: str | None, default: Level) -> Level:
        if name is None:
            return default
        if name not in LEVEL_NAMES:
            raise UsageError(f"unknown Pod Security level {name!r} (use {', '.join(LEVEL_NAMES)})")
        return LEVEL_NAMES[name]

    return parse(enforce, DEFAULT_ENFORCE), parse(warn, DEFAULT_WARN)


_LEVEL_OF: dict[str, Level] = {}


def in_force(rules: list[Rule], enforce: Level, warn: Level) -> list[Rule]:
    """``rules`` with this family's rules set as the levels ask: a control of a level the chart must meet is an
    error, one of a level only warned about a warning, and the others are left out (they did not run)."""
    result = []
    for item in rules:
        level = _LEVEL_OF.get(item.id)
        if level is None:
            result.append(item)
        elif level <= enforce:
            result.append(replace(item, severity=Severity.ERROR))
        elif level <= warn:
            result.append(replace(item, severity=Severity.WARNING))
    return result


# --------------------------------------------------------------------------------------------------------------
# The standard's data


def _minor(text: str) -> tuple[int, int]:
    minor = parse_minor(str(text))
    if minor is None:  # the bundled data is wrong: a bug, not a user's mistake
        raise ValueError(f"pod_security.yaml: {text!r} is not a Kubernetes minor")
    return minor


@cache
def _standard() -> dict[str, Any]:
    text = files("chartgen.lint").joinpath("data", "pod_security.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _allowed(level: str, key: str, target: tuple[int, int] | None = None) -> list[str]:
    """The values a control of ``level`` allows; for a table with versions, those allowed on ``target``."""
    entry = _standard()[level][key]
    if isinstance(entry, dict):
        return [value for value, since in entry.items() if target is None or _minor(since) <= target]
    return list(entry)


def _applies(what: str, target: tuple[int, int]) -> bool:
    return target >= _minor(_standard()["since"][what])


# --------------------------------------------------------------------------------------------------------------
# Where pods are


# Kind -> (its API groups, the path of its pod template; () for a Pod itself).
_POD_HOLDERS: dict[str, tuple[tuple[str, ...], _FieldPath]] = {
    "Pod": (("",), ()),
    "PodTemplate": (("",), ("template",)),
    "ReplicationController": (("",), ("spec", "template")),
    "ReplicaSet": (("apps", "extensions"), ("spec", "template")),
    "Deployment": (("apps", "extensions"), ("spec", "template")),
    "StatefulSet": (("apps",), ("spec", "template")),
    "DaemonSet": (("apps", "extensions"), ("spec", "template")),
    "Job": (("batch",), ("spec", "template")),
    "CronJob": (("batch",), ("spec", "jobTemplate", "spec", "template")),
}
_CONTAINER_LISTS = (
    ("containers", "container"),
    ("initContainers", "init container"),
    ("ephemeralContainers", "ephemeral container"),
)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


@record(frozen=True)
class Container:
    """One container of a pod: its path in the document, how the standard's messages name it, and its spec."""

    path: _FieldPath
    label: str
    spec: dict[str, Any]

    @property
    def security(self) -> dict[str, Any]:
        return _mapping(self.spec.get("securityContext"))

    @property
    def named(self) -> str:
        return f"{self.label} {self.spec.get('name', self.path[-1])!r}"


@record(frozen=True)
class Pod:
    """A pod as a document writes it: ``at`` is the path of the pod (or template) holding metadata and spec."""

    doc: ManifestDoc
    at: _FieldPath

    @property
    def meta(self) -> dict[str, Any]:
        return _mapping(self.doc.get((*self.at, "metadata")))

    @property
    def spec(self) -> dict[str, Any]:
        return _mapping(self.doc.get((*self.at, "spec")))

    @property
    def security(self) -> dict[str, Any]:
        return _mapping(self.spec.get("securityContext"))

    def spec_path(self, *rest: str | int) -> _FieldPath:
        return (*self.at, "spec", *rest)

    @property
    def windows(self) -> bool:
        return _mapping(self.spec.get("os")).get("name") == "windows"

    def containers(self) -> Iterator[Container]:
        for field, label in _CONTAINER_LISTS:
            for index, spec in _items(self.spec.get(field)):
                if isinstance(spec, dict):
                    yield Container(self.spec_path(field, index), label, spec)


def pod_of(doc: ManifestDoc) -> Pod | None:
    """The pod a rendered document creates, directly or through a template; None for other documents."""
    holder = _POD_HOLDERS.get(doc.kind)
    if holder is None or not isinstance(doc.data, dict):
        return None
    groups, at = holder
    group = doc.api_version.rpartition("/")[0]
    return Pod(doc, at) if group in groups and isinstance(doc.get((*at, "spec")), dict) else None


def pods(docs: list[ManifestDoc]) -> Iterator[Pod]:
    """Every pod the rendered documents create, directly or through a template, in document order."""
    for doc in docs:
        pod = pod_of(doc)
        if pod is not None:
            yield pod


# --------------------------------------------------------------------------------------------------------------
# Rules: one per control


@record(frozen=True)
class _Violation:
    path: _FieldPath
    detail: str


_Judge = Callable[[Pod, tuple[int, int]], Iterator[_Violation]]
# Rule ID -> (level, control name, judge): every control, for checks that judge one pod (overlay invariants).
_JUDGES: dict[str, tuple[Level, str, _Judge]] = {}


def violations(pod: Pod, level: Level, target: tuple[int, int]) -> Iterator[tuple[str, str, _FieldPath]]:
    """The pod's violations of the controls of ``level`` and below, on Kubernetes ``target``: (rule ID, the
    message a Pod Security finding has, the path of the field)."""
    for rule_id, (control_level, name, judge) in _JUDGES.items():
        if control_level <= level:
            for violation in judge(pod, target):
                yield rule_id, _message(pod, control_level, name, violation), violation.path


def _message(pod: Pod, level: Level, name: str, violation: _Violation) -> str:
    return f'{pod.doc.object_name}: Pod Security "{level.label}" control "{name}": {violation.detail}'


def _control(rule_id: str, level: Level, name: str, summary: str, why: str, fix: str) -> Callable[[_Judge], Check]:
    """Register a control of the standard as a rule: the judge yields the pod's violations, and the rule turns
    them into findings that name the object, the control and its level, at the template line of the field."""

    def register(judge: _Judge) -> Check:
        def check(ctx: LintContext, this: Rule) -> Iterator[Finding]:
            target = ctx.kube_target.wanted
            for pod in pods(ctx.manifests):
                for violation in judge(pod, target):
                    message = _message(pod, level, name, violation)
                    yield this.finding(message, manifest_location(ctx, pod.doc, violation.path))

        _LEVEL_OF[rule_id] = level
        _JUDGES[rule_id] = (level, name, judge)
        summary_text = f"Pod Security Standard, {level.label}: {name}: {summary}"
        return rule(rule_id, FAMILY, Severity.WARNING, summary_text, why, fix)(check)

    return register


def _true(value: Any) -> bool:
    return value is True


def _whole(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


# --- baseline --------------------------------------------------------------------------------------------------


@_control(
    "CG-PSS-001",
    Level.BASELINE,
    "HostProcess",
    "no Windows HostProcess pod or container.",
    "A HostProcess container runs as a process on the Windows node with the node's privileges.",
    "Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and its containers.",
)
def _host_process(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if _true(_mapping(pod.security.get("windowsOptions")).get("hostProcess")):
        path = pod.spec_path("securityContext", "windowsOptions", "hostProcess")
        yield _Violation(path, "pod must not set securityContext.windowsOptions.hostProcess=true")
    for c in pod.containers():
        if _true(_mapping(c.security.get("windowsOptions")).get("hostProcess")):
            path = (*c.path, "securityContext", "windowsOptions", "hostProcess")
            yield _Violation(path, f"{c.named} must not set securityContext.windowsOptions.hostProcess=true")


@_control(
    "CG-PSS-002",
    Level.BASELINE,
    "Host Namespaces",
    "the pod shares none of the node's network, process or IPC namespaces.",
    "hostNetwork, hostPID and hostIPC let a pod see and reach the node's network, processes and shared memory.",
    "Remove hostNetwork, hostPID and hostIPC (or set them to false).",
)
def _host_namespaces(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if _true(pod.spec.get(field)):
            yield _Violation(pod.spec_path(field), f"pod must not set {field}=true")


@_control(
    "CG-PSS-003",
    Level.BASELINE,
    "Privileged Containers",
    "no container runs privileged.",
    "A privileged container has every capability and the node's devices: it can take over the node.",
    "Remove securityContext.privileged (or set it to false) and grant only what the container needs.",
)
def _privileged(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for c in pod.containers():
        if _true(c.security.get("privileged")):
            yield _Violation(
                (*c.path, "securityContext", "privileged"), f"{c.named} must not set securityContext.privileged=true"
            )


def _added(c: Container) -> list[tuple[int, Any]]:
    return _items(_mapping(c.security.get("capabilities")).get("add"))


@_control(
    "CG-PSS-004",
    Level.BASELINE,
    "Capabilities",
    "containers add no capability beyond the baseline's set.",
    "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container root powers over the node or other pods.",
    "Remove the capability from securityContext.capabilities.add; the baseline allows only AUDIT_WRITE, CHOWN, "
    "DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.",
)
def _capabilities(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    allowed = _allowed("baseline", "capabilities")
    for c in pod.containers():
        for index, name in _added(c):
            if name not in allowed:
                path = (*c.path, "securityContext", "capabilities", "add", index)
                yield _Violation(path, f"{c.named} must not add capability {name!r}")


@_control(
    "CG-PSS-005",
    Level.BASELINE,
    "HostPath Volumes",
    "the pod mounts no hostPath volume.",
    "A hostPath volume exposes the node's files: credentials, the container runtime's socket, other pods' data.",
    "Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret instead of the hostPath volume.",
)
def _host_path(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for index, volume in _items(pod.spec.get("volumes")):
        if isinstance(volume, dict) and volume.get("hostPath") is not None:
            path = pod.spec_path("volumes", index, "hostPath")
            yield _Violation(path, f"volume {volume.get('name', index)!r} must not be a hostPath volume")


@_control(
    "CG-PSS-006",
    Level.BASELINE,
    "Host Ports",
    "no container binds a port of the node.",
    "A hostPort bypasses the cluster's network policy and ties the pod to a port of the node.",
    "Remove hostPort and reach the container through a Service.",
)
def _host_ports(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for c in pod.containers():
        for index, port in _items(c.spec.get("ports")):
            number = _whole(_mapping(port).get("hostPort"))
            if number:
                path = (*c.path, "ports", index, "hostPort")
                yield _Violation(path, f"{c.named} must not use hostPort {number}")


_APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"


def _apparmor_field(security: dict[str, Any]) -> str | None:
    """The profile type the securityContext sets, when it is one the baseline forbids."""
    kind = _mapping(security.get("appArmorProfile")).get("type")
    return kind if kind is not None and kind not in _allowed("baseline", "apparmor_types") else None


@_control(
    "CG-PSS-007",
    Level.BASELINE,
    "AppArmor",
    "no pod or container runs unconfined by AppArmor.",
    "An Unconfined AppArmor profile removes the runtime's default confinement of the container.",
    "Leave the AppArmor profile unset, or use RuntimeDefault or a Localhost profile (annotation values "
    "runtime/default or localhost/<profile>).",
)
def _apparmor(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for key, value in _mapping(pod.meta.get("annotations")).items():
        if not str(key).startswith(_APPARMOR_ANNOTATION) or not isinstance(value, str):
            continue
        if value not in ("", "runtime/default") and not value.startswith("localhost/"):
            path = (*pod.at, "metadata", "annotations", key)
            yield _Violation(path, f"annotation {key!r} must not set AppArmor profile {value!r}")
    kind = _apparmor_field(pod.security)
    if kind is not None:
        path = pod.spec_path("securityContext", "appArmorProfile", "type")
        yield _Violation(path, f"pod must not set securityContext.appArmorProfile.type={kind!r}")
    for c in pod.containers():
        kind = _apparmor_field(c.security)
        if kind is not None:
            path = (*c.path, "securityContext", "appArmorProfile", "type")
            yield _Violation(path, f"{c.named} must not set securityContext.appArmorProfile.type={kind!r}")


def _selinux(security: dict[str, Any], target: tuple[int, int]) -> Iterator[tuple[str, str]]:
    """(field, value) of the SELinux options the baseline forbids."""
    options = _mapping(security.get("seLinuxOptions"))
    kind = options.get("type")
    if kind not in (None, "") and kind not in _allowed("baseline", "selinux_types", target):
        yield "type", kind
    for field in ("user", "role"):
        if options.get(field) not in (None, ""):
            yield field, options[field]


@_control(
    "CG-PSS-008",
    Level.BASELINE,
    "SELinux",
    "no pod or container sets an SELinux user, role or a type other than the container types.",
    "A custom SELinux type such as spc_t, or a user or role, lifts the SELinux separation between container and node.",
    "Remove seLinuxOptions.user and .role, and use type container_t, container_init_t or container_kvm_t "
    "(container_engine_t from Kubernetes 1.31), or none.",
)
def _selinux_options(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for field, value in _selinux(pod.security, target):
        path = pod.spec_path("securityContext", "seLinuxOptions", field)
        yield _Violation(path, f"pod must not set securityContext.seLinuxOptions.{field}={value!r}")
    for c in pod.containers():
        for field, value in _selinux(c.security, target):
            path = (*c.path, "securityContext", "seLinuxOptions", field)
            yield _Violation(path, f"{c.named} must not set securityContext.seLinuxOptions.{field}={value!r}")


@_control(
    "CG-PSS-009",
    Level.BASELINE,
    "/proc Mount Type",
    "containers keep the default masked /proc.",
    "An Unmasked /proc exposes kernel interfaces the runtime normally hides from containers.",
    "Remove securityContext.procMount or set it to Default.",
)
def _proc_mount(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    for c in pod.containers():
        value = c.security.get("procMount")
        if value is not None and value not in _allowed("baseline", "proc_mount"):
            path = (*c.path, "securityContext", "procMount")
            yield _Violation(path, f"{c.named} must not set securityContext.procMount={value!r}")


def _seccomp_type(security: dict[str, Any]) -> Any:
    return _mapping(security.get("seccompProfile")).get("type")


@_control(
    "CG-PSS-010",
    Level.BASELINE,
    "Seccomp",
    "no pod or container sets an Unconfined seccomp profile.",
    "Without a seccomp profile every system call is open to the container, including those used to escape it.",
    "Remove the Unconfined seccompProfile, or set type RuntimeDefault (or Localhost with a profile).",
)
def _seccomp(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    allowed = _allowed("baseline", "seccomp_types")
    kind = _seccomp_type(pod.security)
    if kind is not None and kind not in allowed:
        path = pod.spec_path("securityContext", "seccompProfile", "type")
        yield _Violation(path, f"pod must not set securityContext.seccompProfile.type={kind!r}")
    for c in pod.containers():
        kind = _seccomp_type(c.security)
        if kind is not None and kind not in allowed:
            path = (*c.path, "securityContext", "seccompProfile", "type")
            yield _Violation(path, f"{c.named} must not set securityContext.seccompProfile.type={kind!r}")


@_control(
    "CG-PSS-011",
    Level.BASELINE,
    "Sysctls",
    "the pod sets only the sysctls the baseline names as safe.",
    "Other sysctls reach kernel settings shared with the node and every other pod on it.",
    "Remove the sysctl from spec.securityContext.sysctls, or run the pod in a namespace that allows privileged pods.",
)
def _sysctls(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    allowed = _allowed("baseline", "sysctls", target)
    for index, entry in _items(pod.security.get("sysctls")):
        name = _mapping(entry).get("name")
        if name is not None and name not in allowed:
            path = pod.spec_path("securityContext", "sysctls", index, "name")
            yield _Violation(path, f"pod must not set sysctl {name!r}")


_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_HOOKS = ("postStart", "preStop")


def _handlers(c: Container) -> Iterator[tuple[_FieldPath, dict[str, Any]]]:
    """Each probe and lifecycle hook of a container, with its path below the container."""
    for probe in _PROBES:
        yield (probe,), _mapping(c.spec.get(probe))
    for hook in _HOOKS:
        yield ("lifecycle", hook), _mapping(_mapping(c.spec.get("lifecycle")).get(hook))


@_control(
    "CG-PSS-012",
    Level.BASELINE,
    "Host Probes / Lifecycle Hooks",
    "no probe or lifecycle hook names a host (Kubernetes 1.34 and later).",
    "A probe or hook with a host makes the kubelet connect to any address it names, from the node's network.",
    "Remove host from the probe's or hook's httpGet or tcpSocket: the kubelet then connects to the pod.",
)
def _host_probes(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if not _applies("host_probes", target):
        return
    for c in pod.containers():
        for where, handler in _handlers(c):
            for action in ("httpGet", "tcpSocket"):
                host = _mapping(handler.get(action)).get("host")
                if host not in (None, ""):
                    place = ".".join((*where, action, "host"))
                    yield _Violation((*c.path, *where, action, "host"), f"{c.named} must not set {place}")


# --- restricted ------------------------------------------------------------------------------------------------


@_control(
    "CG-PSS-101",
    Level.RESTRICTED,
    "Volume Types",
    "the pod uses only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and "
    "secret volumes.",
    "Other volume types mount storage straight from the node or a network server, outside the cluster's control "
    "of who may use it.",
    "Replace the volume with a PersistentVolumeClaim (its PersistentVolume may use the storage), or one of the "
    "allowed types.",
)
def _volume_types(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    allowed = _allowed("restricted", "volume_types")
    for index, volume in _items(pod.spec.get("volumes")):
        for key, value in _mapping(volume).items():
            # hostPath is the baseline's (CG-PSS-005), so a hostPath volume has one finding.
            if key in ("name", "hostPath") or key in allowed or value is None:
                continue
            path = pod.spec_path("volumes", index, key)
            yield _Violation(path, f"volume {volume.get('name', index)!r} must not use volume type {key!r}")


def _linux_only(pod: Pod, target: tuple[int, int]) -> bool:
    """Whether a Linux-only control applies: it does to every pod before Windows pods were exempted."""
    return not (pod.windows and _applies("windows_exemption", target))


@_control(
    "CG-PSS-102",
    Level.RESTRICTED,
    "Privilege Escalation",
    "every container sets allowPrivilegeEscalation: false.",
    "Unless it is switched off, a process can gain more privileges than its parent (setuid binaries, file "
    "capabilities).",
    "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.",
)
def _privilege_escalation(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if not _linux_only(pod, target):
        return
    for c in pod.containers():
        if c.security.get("allowPrivilegeEscalation") is not False:
            path = (*c.path, "securityContext", "allowPrivilegeEscalation")
            yield _Violation(path, f"{c.named} must set securityContext.allowPrivilegeEscalation=false")


def _unset_everywhere(
    pod: Pod, field: str, good: Callable[[dict[str, Any]], bool | None], wanted: str
) -> Iterator[_Violation]:
    """The restricted controls a pod meets either at pod level or in every container: ``good`` says whether a
    securityContext meets it (None: it does not say). A pod that does not meet it leaves the containers that do
    not say to break it; one finding names them, at the pod's setting, where one line fixes them all."""
    if good(pod.security):
        return
    silent = [c for c in pod.containers() if good(c.security) is None]
    if silent:
        names = ", ".join(repr(c.spec.get("name", c.path[-1])) for c in silent)
        which = "container" if len(silent) == 1 else "containers"
        yield _Violation(pod.spec_path("securityContext", field), f"pod or {which} {names} must set {wanted}")


@_control(
    "CG-PSS-103",
    Level.RESTRICTED,
    "Running as Non-root",
    "the pod, or every container, sets runAsNonRoot: true, and none sets it false.",
    "A container running as root is one kernel or runtime flaw away from root on the node.",
    "Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image's user is root); remove "
    "runAsNonRoot: false from the containers.",
)
def _run_as_non_root(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if pod.security.get("runAsNonRoot") is False:
        path = pod.spec_path("securityContext", "runAsNonRoot")
        yield _Violation(path, "pod must not set securityContext.runAsNonRoot=false")
    for c in pod.containers():
        if c.security.get("runAsNonRoot") is False:
            path = (*c.path, "securityContext", "runAsNonRoot")
            yield _Violation(path, f"{c.named} must not set securityContext.runAsNonRoot=false")

    def says(security: dict[str, Any]) -> bool | None:
        value = security.get("runAsNonRoot")
        return None if value is None else value is True

    yield from _unset_everywhere(pod, "runAsNonRoot", says, "securityContext.runAsNonRoot=true")


@_control(
    "CG-PSS-104",
    Level.RESTRICTED,
    "Running as Non-root user",
    "no pod or container sets runAsUser: 0 (Kubernetes 1.23 and later).",
    "User 0 is root, whatever runAsNonRoot says about the image.",
    "Set runAsUser to a non-zero user ID, or remove it and let the image's non-root user apply.",
)
def _run_as_user(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if not _applies("running_as_non_root_user", target):
        return
    if _whole(pod.security.get("runAsUser")) == 0:
        yield _Violation(pod.spec_path("securityContext", "runAsUser"), "pod must not set securityContext.runAsUser=0")
    for c in pod.containers():
        if _whole(c.security.get("runAsUser")) == 0:
            path = (*c.path, "securityContext", "runAsUser")
            yield _Violation(path, f"{c.named} must not set securityContext.runAsUser=0")


@_control(
    "CG-PSS-105",
    Level.RESTRICTED,
    "Seccomp (restricted)",
    "the pod, or every container, sets a RuntimeDefault or Localhost seccomp profile.",
    "A container without a seccomp profile may make every system call, including those used to escape it.",
    "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile).",
)
def _seccomp_restricted(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if not _linux_only(pod, target):
        return
    allowed = _allowed("restricted", "seccomp_types")

    def says(security: dict[str, Any]) -> bool | None:
        # An Unconfined profile is the baseline's finding (CG-PSS-010); here it only counts as not meeting.
        kind = _seccomp_type(security)
        return None if kind is None else kind in allowed

    wanted = "securityContext.seccompProfile.type to " + " or ".join(allowed)
    yield from _unset_everywhere(pod, "seccompProfile", says, wanted)


@_control(
    "CG-PSS-106",
    Level.RESTRICTED,
    "Capabilities (restricted)",
    "every container drops ALL capabilities and adds back at most NET_BIND_SERVICE.",
    "The runtime's default capabilities (CHOWN, SETUID, NET_RAW and others) are more than most programs need, "
    "and each is a way to attack the node or other pods.",
    "Set securityContext.capabilities.drop: [ALL] on every container, and add only NET_BIND_SERVICE if the "
    "program binds a port below 1024.",
)
def _capabilities_restricted(pod: Pod, target: tuple[int, int]) -> Iterator[_Violation]:
    if not _linux_only(pod, target):
        return
    baseline = _allowed("baseline", "capabilities")
    allowed = _allowed("restricted", "capabilities")
    for c in pod.containers():
        capabilities = _mapping(c.security.get("capabilities"))
        drop = capabilities.get("drop")
        if "ALL" not in (drop if isinstance(drop, list) else []):
            path = (*c.path, "securityContext", "capabilities", "drop")
            yield _Violation(path, f"{c.named} must set securityContext.capabilities.drop=['ALL']")
        for index, name in _added(c):
            # A capability outside the baseline's set is the baseline's finding (CG-PSS-004).
            if name in baseline and name not in allowed:
                path = (*c.path, "securityContext", "capabilities", "add", index)
                yield _Violation(path, f"{c.named} must not add capability {name!r}")
