"""What the API server refuses beyond the OpenAPI schema, and what an install needs of the server it talks to.

The schemas say a port is an integer and a label a string; the API server's validation says more: a port lies
between 1 and 65535, a label value is at most 63 characters of a set alphabet, an image pull policy is one of
three words, a Deployment's selector matches its pod template's labels. An object that breaks such a rule is
refused at install time, so each is an error here, worded as the API server words it. The checks are written
from the API server's documented validation and judged against a real one (tests/e2e).

Where a later Kubernetes version accepts what an earlier one refuses (environment variable names, relaxed in
1.32), the refusal names the first version that accepts it and is reported for older targets only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from chartgen.findings import Finding, Severity
from chartgen.k8s_names import DNS1123_LABEL as _DNS1123_LABEL
from chartgen.k8s_names import DNS1123_SUBDOMAIN as _DNS1123_SUBDOMAIN
from chartgen.lint.locate import ManifestDoc, field_path_text, manifest_location
from chartgen.lint.model import Rule, rule
from chartgen.lint.rules.manifests import manifest_objects
from chartgen.records import record

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__: list[str] = []

FAMILY = "manifests"
_FieldPath = tuple[str | int, ...]
# Kubernetes accepts almost any printable environment variable name from 1.32 on (relaxed validation, on by default).
_RELAXED_ENV_NAMES = (1, 32)

_WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")
_REPLICATED = ("Deployment", "ReplicaSet", "StatefulSet")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
_IANA_SVC_NAME = re.compile(r"[-a-z0-9]+")
_QUANTITY = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?")

_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_RESTART_POLICIES = ("Always", "OnFailure", "Never")
_PROTOCOLS = ("SCTP", "TCP", "UDP")
_SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
_PROBE_HANDLERS = ("exec", "grpc", "httpGet", "tcpSocket")
_PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


@record(frozen=True)
class _Refusal:
    path: _FieldPath
    message: str
    accepted_from: tuple[int, int] | None = None  # the first Kubernetes minor that accepts it after all


# --------------------------------------------------------------------------------------------------------------
# Value rules, as the API server words them


def _qualified_name_problem(key: str) -> str | None:
    """A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters."""
    prefix, _, name = key.rpartition("/") if "/" in key else ("", "", key)
    if "/" in key and (not prefix or len(prefix) > 253 or not _DNS1123_SUBDOMAIN.fullmatch(prefix)):
        return "a qualified name's prefix must be a lowercase RFC 1123 subdomain"
    if not name:
        return "a qualified name's name part must be non-empty"
    if len(name) > 63:
        return "a qualified name's name part must be no more than 63 characters"
    if not _QUALIFIED_NAME.fullmatch(name):
        return (
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            "with an alphanumeric character"
        )
    return None


def _label_value_problem(value: str) -> str | None:
    if len(value) > 63:
        return "a label value must be no more than 63 characters"
    if not _LABEL_VALUE.fullmatch(value):
        return (
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character"
        )
    return None


def _port_name_problem(name: str) -> str | None:
    """IANA_SVC_NAME: at most 15 lower-case letters, digits and '-', at least one letter, no '-' at either end
    nor two in a row."""
    if len(name) > 15:
        return "must be no more than 15 characters"
    if not _IANA_SVC_NAME.fullmatch(name):
        return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
    if "--" in name:
        return "must not contain consecutive hyphens"
    if not re.search(r"[a-z]", name):
        return "must contain at least one letter (a-z)"
    if name.startswith("-") or name.endswith("-"):
        return "must not begin or end with a hyphen"
    return None


def _integer(value: Any) -> int | None:
    """A whole number as Kubernetes decodes it (JSON numbers arrive as floats); None for anything else, which the
    schema rules report."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if float(value).is_integer() else None


def _port_number_problem(value: Any, *, low: int = 1) -> str | None:
    """A port number outside ``low``..65535."""
    number = _integer(value)
    if number is None or low <= number <= 65535:
        return None
    return f"Invalid value: {number}: must be between {low} and 65535, inclusive"


def _unsupported(value: Any, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(value, str) or value in allowed:
        return None
    return f'Unsupported value: "{value}": supported values: ' + ", ".join(f'"{v}"' for v in allowed)


# --------------------------------------------------------------------------------------------------------------
# Object parts


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _meta(meta: Any, at: _FieldPath) -> Iterator[_Refusal]:
    for key, value in _mapping(_mapping(meta).get("labels")).items():
        yield from _label(str(key), value, (*at, "labels", key))
    for key in _mapping(_mapping(meta).get("annotations")):
        problem = _qualified_name_problem(str(key))
        if problem:
            yield _Refusal((*at, "annotations", key), f'Invalid key "{key}": {problem}')


def _label(key: str, value: Any, at: _FieldPath) -> Iterator[_Refusal]:
    problem = _qualified_name_problem(key)
    if problem:
        yield _Refusal(at, f'Invalid key "{key}": {problem}')
    if isinstance(value, str):
        problem = _label_value_problem(value)
        if problem:
            yield _Refusal(at, f"Invalid value: {problem}")


def _selector_matches(selector: dict[str, Any], labels: dict[str, Any]) -> bool:
    for key, value in _mapping(selector.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    for _, expression in _items(selector.get("matchExpressions")):
        key, operator = expression.get("key"), expression.get("operator")
        values = expression.get("values") or []
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if (operator == "Exists" and not present) or (operator == "DoesNotExist" and present):
            return False
    return True


def _containers(spec: dict[str, Any], at: _FieldPath, volumes: set[str]) -> Iterator[_Refusal]:
    seen: set[str] = set()
    # Regular containers first, as the API server checks them, so a clash is reported on the init container.
    for field in ("containers", "initContainers"):
        for i, container in _items(spec.get(field)):
            here = (*at, field, i)
            name = container.get("name")
            if isinstance(name, str) and name:
                if len(name) > 63 or not _DNS1123_LABEL.fullmatch(name):
                    yield _Refusal((*here, "name"), f'Invalid value: "{name}": a lowercase RFC 1123 label')
                elif name in seen:
                    yield _Refusal((*here, "name"), f'Duplicate value: "{name}"')
                seen.add(name)
            problem = _unsupported(container.get("imagePullPolicy"), _PULL_POLICIES)
            if problem:
                yield _Refusal((*here, "imagePullPolicy"), problem)
            yield from _container_ports(container, here)
            yield from _env(container, here)
            yield from _mounts(container, here, volumes)
            yield from _probes(container, here)
            yield from _resources(container, here)


def _container_ports(container: dict[str, Any], at: _FieldPath) -> Iterator[_Refusal]:
    names: set[str] = set()
    for i, port in _items(container.get("ports")):
        here = (*at, "ports", i)
        number = port.get("containerPort")
        problem = "Required value" if _integer(number) == 0 else _port_number_problem(number)
        if problem:
            yield _Refusal((*here, "containerPort"), problem)
        problem = _port_number_problem(port.get("hostPort"), low=0)
        if problem:
            yield _Refusal((*here, "hostPort"), problem)
        problem = _unsupported(port.get("protocol"), _PROTOCOLS)
        if problem:
            yield _Refusal((*here, "protocol"), problem)
        name = port.get("name")
        if isinstance(name, str) and name:
            problem = _port_name_problem(name)
            if problem:
                yield _Refusal((*here, "name"), f'Invalid value: "{name}": {problem}')
            elif name in names:
                yield _Refusal((*here, "name"), f'Duplicate value: "{name}"')
            names.add(name)


def _env(container: dict[str, Any], at: _FieldPath) -> Iterator[_Refusal]:
    for i, variable in _items(container.get("env")):
        name = variable.get("name")
        if isinstance(name, str) and name and not _ENV_NAME.fullmatch(name):
            yield _Refusal(
                (*at, "env", i, "name"),
                f'Invalid value: "{name}": a valid environment variable name must consist of alphabetic '
                "characters, digits, '_', '-', or '.', and must not start with a digit",
                accepted_from=_RELAXED_ENV_NAMES,
            )


def _mounts(container: dict[str, Any], at: _FieldPath, volumes: set[str]) -> Iterator[_Refusal]:
    for i, mount in _items(container.get("volumeMounts")):
        name = mount.get("name")
        if isinstance(name, str) and name and name not in volumes:
            yield _Refusal((*at, "volumeMounts", i, "name"), f'Not found: "{name}" (no volume has that name)')


def _probes(container: dict[str, Any], at: _FieldPath) -> Iterator[_Refusal]:
    for probe in _PROBES:
        if probe not in container or not isinstance(container[probe], dict):
            continue
        handlers = [h for h in _PROBE_HANDLERS if container[probe].get(h) is not None]
        if not handlers:
            yield _Refusal((*at, probe), "Required value: must specify a handler type")
        elif len(handlers) > 1:
            yield _Refusal((*at, probe), "Forbidden: may not specify more than 1 handler type")


def _resources(container: dict[str, Any], at: _FieldPath) -> Iterator[_Refusal]:
    resources = _mapping(container.get("resources"))
    for kind in ("limits", "requests"):
        for name, amount in _mapping(resources.get(kind)).items():
            if isinstance(amount, str) and not _QUANTITY.fullmatch(amount):
                yield _Refusal(
                    (*at, "resources", kind, name), "quantities must match the regular expression of a quantity"
                )


def _pod_spec(spec: Any, at: _FieldPath, restart: tuple[str, ...] = _RESTART_POLICIES) -> Iterator[_Refusal]:
    spec = _mapping(spec)
    problem = _unsupported(spec.get("restartPolicy"), restart)
    if problem:
        yield _Refusal((*at, "restartPolicy"), problem)
    volumes: set[str] = set()
    for i, volume in _items(spec.get("volumes")):
        name = volume.get("name")
        if not isinstance(name, str) or not name:
            continue
        if len(name) > 63 or not _DNS1123_LABEL.fullmatch(name):
            yield _Refusal((*at, "volumes", i, "name"), f'Invalid value: "{name}": a lowercase RFC 1123 label')
        elif name in volumes:
            yield _Refusal((*at, "volumes", i, "name"), f'Duplicate value: "{name}"')
        volumes.add(name)
    yield from _containers(spec, at, volumes)


def _pod_template(template: Any, at: _FieldPath, restart: tuple[str, ...] = _RESTART_POLICIES) -> Iterator[_Refusal]:
    template = _mapping(template)
    yield from _meta(template.get("metadata"), (*at, "metadata"))
    yield from _pod_spec(template.get("spec"), (*at, "spec"), restart)


def _workload(data: dict[str, Any]) -> Iterator[_Refusal]:
    spec = _mapping(data.get("spec"))
    replicas = _integer(spec.get("replicas"))
    if data["kind"] in _REPLICATED and replicas is not None and replicas < 0:
        yield _Refusal(("spec", "replicas"), f"Invalid value: {replicas}: must be greater than or equal to 0")
    selector = _mapping(spec.get("selector"))
    for key, value in _mapping(selector.get("matchLabels")).items():
        yield from _label(str(key), value, ("spec", "selector", "matchLabels", key))
    template = _mapping(spec.get("template"))
    labels = _mapping(_mapping(template.get("metadata")).get("labels"))
    # A workload without a selector is CG-CHART-011's finding.
    has_selector = bool(selector.get("matchLabels") or selector.get("matchExpressions"))
    if has_selector and not _selector_matches(selector, labels):
        yield _Refusal(("spec", "template", "metadata", "labels"), "`selector` does not match template `labels`")
    yield from _pod_template(template, ("spec", "template"), ("Always",))


def _service(data: dict[str, Any]) -> Iterator[_Refusal]:
    spec = _mapping(data.get("spec"))
    problem = _unsupported(spec.get("type"), _SERVICE_TYPES)
    if problem:
        yield _Refusal(("spec", "type"), problem)
    for key, value in _mapping(spec.get("selector")).items():
        yield from _label(str(key), value, ("spec", "selector", key))
    ports = _items(spec.get("ports"))
    names: set[str] = set()
    for i, port in ports:
        here = ("spec", "ports", i)
        problem = _port_number_problem(port.get("port"))
        if problem:
            yield _Refusal((*here, "port"), problem)
        problem = _port_number_problem(port.get("nodePort"), low=0)  # 0: the server picks one
        if problem:
            yield _Refusal((*here, "nodePort"), problem)
        problem = _unsupported(port.get("protocol"), _PROTOCOLS)
        if problem:
            yield _Refusal((*here, "protocol"), problem)
        yield from _target_port(port.get("targetPort"), (*here, "targetPort"))
        name = port.get("name")
        if isinstance(name, str) and name:
            if len(name) > 63 or not _DNS1123_LABEL.fullmatch(name):
                yield _Refusal((*here, "name"), f'Invalid value: "{name}": a lowercase RFC 1123 label')
            elif name in names:
                yield _Refusal((*here, "name"), f'Duplicate value: "{name}"')
            names.add(name)
        elif len(ports) > 1:
            yield _Refusal((*here, "name"), "Required value (a Service with several ports names each)")


def _target_port(value: Any, at: _FieldPath) -> Iterator[_Refusal]:
    if isinstance(value, bool) or value is None:
        return
    if _integer(value) is not None:
        # 0 is defaulted to the port before validation.
        problem = None if _integer(value) == 0 else _port_number_problem(value)
    elif isinstance(value, str):
        name_problem = _port_name_problem(value)
        problem = f'Invalid value: "{value}": {name_problem}' if name_problem else None
    else:
        return
    if problem:
        yield _Refusal(at, problem)


def _refusals(doc: ManifestDoc) -> Iterator[_Refusal]:
    data = doc.data
    yield from _meta(data.get("metadata"), ("metadata",))
    kind = doc.kind
    if kind in _WORKLOADS:
        yield from _workload(data)
    elif kind == "Service":
        yield from _service(data)
    elif kind == "Pod":
        yield from _pod_spec(data.get("spec"), ("spec",))
    elif kind == "Job":
        yield from _pod_template(
            _mapping(data.get("spec")).get("template"), ("spec", "template"), ("OnFailure", "Never")
        )
    elif kind == "CronJob":
        job = _mapping(_mapping(data.get("spec")).get("jobTemplate"))
        yield from _pod_template(
            _mapping(job.get("spec")).get("template"),
            ("spec", "jobTemplate", "spec", "template"),
            ("OnFailure", "Never"),
        )


@rule(
    "CG-K8S-007",
    FAMILY,
    Severity.ERROR,
    "A rendered object breaks a validation rule the API server applies beyond the OpenAPI schema.",
    "The API server refuses ports outside 1-65535, label keys and values it cannot index, unknown enum values "
    "(image pull policy, restart policy, protocol, Service type), a selector that does not match the pod "
    "template, duplicate or dangling names, probes without a handler; the install then fails part-way.",
    "Correct the field at the reported template line; the message gives the API server's own reason.",
)
def check_server_validation(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    target = ctx.kube_target.wanted
    for doc in manifest_objects(ctx.manifests):
        for refusal in _refusals(doc):
            if refusal.accepted_from is not None and target >= refusal.accepted_from:
                continue
            message = f"{doc.object_name}: {field_path_text(refusal.path)}: {refusal.message}"
            yield this.finding(message, manifest_location(ctx, doc, refusal.path))


# --------------------------------------------------------------------------------------------------------------
# Helm 4 installs with server-side apply


# API servers before 1.22 do not default a Service port's protocol when they merge an applied object.
_SSA_DEFAULTS_PROTOCOL = (1, 22)
# Kubernetes 1.20.2's aggregator has no field manager for APIService: a server-side apply makes it panic
# ("FieldManager must be installed to run apply") and drop the connection. Proven on 1.20 only, so flagged only
# for targets before 1.21: a target where it is not proven gets no error.
_SSA_APISERVICE = (1, 21)


@rule(
    "CG-K8S-008",
    FAMILY,
    Severity.ERROR,
    "An object that Helm 4's server-side apply cannot install on the target Kubernetes version.",
    "Helm 4 installs with server-side apply, which older API servers refuse for some objects: before 1.22 a "
    "Service port without a protocol ('associative list with keys has an element that omits key field "
    '"protocol"\'), and on 1.20 any APIService (the server fails the request). The install stops there.',
    "Write 'protocol: TCP' on each Service port; leave APIServices out (or create them another way); or install "
    "with Helm 3 or 'helm install --server-side=false'.",
)
def check_server_side_apply(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    target = ctx.kube_target
    if not ctx.profile.server_side_apply:
        return
    for doc in manifest_objects(ctx.manifests):
        if doc.kind == "Service" and doc.api_version == "v1" and target.wanted < _SSA_DEFAULTS_PROTOCOL:
            for i, port in _items(_mapping(doc.data.get("spec")).get("ports")):
                if port.get("protocol") is None:
                    path = ("spec", "ports", i)
                    message = (
                        f"{doc.object_name}: {field_path_text(path)} names no protocol; Kubernetes "
                        f"{target.wanted_text} (before 1.22) refuses Helm 4's server-side apply of it: write "
                        "'protocol: TCP'"
                    )
                    yield this.finding(message, manifest_location(ctx, doc, path))
        elif doc.kind == "APIService" and target.wanted < _SSA_APISERVICE:
            message = (
                f"{doc.object_name}: Kubernetes {target.wanted_text} fails a server-side apply of an APIService "
                "(its aggregator has no field manager), so Helm 4 cannot install it"
            )
            yield this.finding(message, manifest_location(ctx, doc, ("apiVersion",)))
