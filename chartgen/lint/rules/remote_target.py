"""Remote-target integrity: the kubeconfig wiring that chartgen's remote-target overlay adds to the operator.

The rules read the *rendered* Deployment, not the template text, so they also catch hand edits and values that
undo the overlay's wiring. They are active only when the chart carries the overlay (Chart.yaml annotation
``chartgen.io/overlays``) and ``remoteTarget.enabled`` is true in the merged values: a patched chart installed as
a plain local operator has nothing to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chartgen.errors import ChartgenError, Location
from chartgen.findings import Finding, Severity
from chartgen.helm.chart_model import Chart
from chartgen.lint.locate import ManifestDoc, manifest_location, template_location
from chartgen.lint.model import Rule, rule
from chartgen.lint.rules.chart import chart_text
from chartgen.patch.overlay_spec import REMOTE_TARGET as OVERLAY
from chartgen.patch.values_file import read_values

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["RemoteTarget", "find_remote_target"]

FAMILY = "remote_target"
ANNOTATION = "chartgen.io/overlays"
# The names the overlay gives its pieces (overlays/remote-target/overlay.yaml).
VOLUME_NAME = "remote-kubeconfig"
CONTAINER_NAME = "operator"
WEBHOOK_KINDS = ("APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
WEBHOOK_VALUES = ("enableMutatingWebhook", "enableValidatingWebhook")
_POD = ("spec", "template", "spec")
_KUBECONFIG_FLAG = re.compile(r"^--?kubeconfig(=|$)")
_CAPABILITIES = re.compile(r"\.Capabilities\b")


@dataclass
class RemoteTarget:
    """The overlay's settings from the merged values and the rendered operator Deployment they should wire up."""

    values: dict[str, Any]  # the whole merged .Values
    settings: dict[str, Any]  # .Values.remoteTarget
    deployment: ManifestDoc | None
    container: int | None  # index of the operator container in the pod spec

    def text(self, key: str) -> str | None:
        value = self.settings.get(key)
        return value if isinstance(value, str) else None

    @property
    def expected_path(self) -> str | None:
        """Where the kubeconfig file should be: ``<mountPath>/<secretKey>``, as the overlay's helper builds it."""
        mount, key = self.text("mountPath"), self.text("secretKey")
        return f"{mount.rstrip('/')}/{key}" if mount is not None and key is not None else None

    def container_path(self, *rest: str | int) -> tuple[str | int, ...]:
        return (*_POD, "containers", self.container if self.container is not None else 0, *rest)

    def container_spec(self) -> dict[str, Any]:
        value = self.deployment.get(self.container_path()) if self.deployment else None
        return value if isinstance(value, dict) else {}


def _annotated(chart: Chart | None) -> bool:
    annotations = chart.metadata.get("annotations") if chart is not None else None
    raw = annotations.get(ANNOTATION, "") if isinstance(annotations, dict) else ""
    return OVERLAY in [name.strip() for name in str(raw).split(",")]


def find_remote_target(ctx: LintContext) -> RemoteTarget | None:
    """The remote-target settings when the family applies to this chart, else None (``LintContext.remote_target``)."""
    if ctx.chart is None or ctx.render is None or not _annotated(ctx.chart):
        return None
    values = ctx.render.values
    settings = values.get("remoteTarget") if isinstance(values, dict) else None
    if not isinstance(settings, dict) or settings.get("enabled") is not True:
        return None
    deployment, container = _operator(ctx.manifests)
    return RemoteTarget(values, settings, deployment, container)


def _operator(docs: list[ManifestDoc]) -> tuple[ManifestDoc | None, int | None]:
    # The overlay wires the Deployment container named "operator"; a chart without one falls back to the first
    # Deployment's first container so the findings still say what is missing.
    deployments = [doc for doc in docs if doc.kind == "Deployment" and isinstance(doc.data, dict)]
    for doc in deployments:
        for index, container in enumerate(doc.get((*_POD, "containers"), []) or []):
            if isinstance(container, dict) and container.get("name") == CONTAINER_NAME:
                return doc, index
    if deployments:
        return deployments[0], 0 if deployments[0].get((*_POD, "containers", 0)) is not None else None
    return None, None


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _kubeconfig_volume(rt: RemoteTarget) -> tuple[int, dict[str, Any]] | None:
    """The kubeconfig volume: the overlay's by name, else the one projecting ``remoteTarget.secretName``."""
    volumes = _items(rt.deployment.get((*_POD, "volumes")) if rt.deployment else None)
    secret = rt.text("secretName")
    by_name = [(i, v) for i, v in volumes if v.get("name") == VOLUME_NAME]
    by_secret = [
        (i, v) for i, v in volumes if isinstance(v.get("secret"), dict) and v["secret"].get("secretName") == secret
    ]
    return (by_name or by_secret or [None])[0]


def _kubeconfig_mount(rt: RemoteTarget) -> tuple[int, dict[str, Any]] | None:
    """The operator container's mount of the kubeconfig volume (by the volume's name)."""
    volume = _kubeconfig_volume(rt)
    name = volume[1].get("name") if volume else VOLUME_NAME
    mounts = [(i, m) for i, m in _items(rt.container_spec().get("volumeMounts")) if m.get("name") == name]
    return mounts[0] if mounts else None


def _kubeconfig_args(rt: RemoteTarget) -> list[tuple[str, int, str | None]]:
    """Every ``--kubeconfig`` in the container's command and args: (field, index, path or None when absent)."""
    found = []
    spec = rt.container_spec()
    for fieldname in ("command", "args"):
        words = spec.get(fieldname)
        words = words if isinstance(words, list) else []
        for index, word in enumerate(words):
            if not isinstance(word, str) or not _KUBECONFIG_FLAG.match(word):
                continue
            if "=" in word:
                found.append((fieldname, index, word.split("=", 1)[1]))
            else:  # "--kubeconfig PATH" as two words
                following = words[index + 1] if index + 1 < len(words) else None
                found.append((fieldname, index, following if isinstance(following, str) else None))
    return found


def _env(rt: RemoteTarget, name: str) -> tuple[int, dict[str, Any]] | None:
    entries = [(i, e) for i, e in _items(rt.container_spec().get("env")) if e.get("name") == name]
    return entries[-1] if entries else None  # the last of duplicates is the one the container sees


def _wired_target(ctx: LintContext) -> RemoteTarget | None:
    """The settings when the family applies and an operator container was rendered (what most rules inspect)."""
    rt = ctx.remote_target
    return rt if rt is not None and rt.deployment is not None and rt.container is not None else None


def _mounted_target(ctx: LintContext) -> tuple[RemoteTarget, int, dict[str, Any]] | None:
    """The settings with the operator container's kubeconfig mount (its index and spec), when there is one."""
    rt = ctx.remote_target
    mount = _kubeconfig_mount(rt) if rt is not None and rt.container is not None else None
    return None if rt is None or mount is None else (rt, *mount)


def _at(ctx: LintContext, rt: RemoteTarget, *path: str | int) -> Location:
    if rt.deployment is None:
        return Location(str(ctx.chart_dir))
    return manifest_location(ctx, rt.deployment, path)


# --------------------------------------------------------------------------------------------------------------
# Rules


@rule(
    "CG-REMOTE-001",
    FAMILY,
    Severity.ERROR,
    "The kubeconfig volume references the Secret and key named in remoteTarget values.",
    "A volume naming another Secret (or key) than the one the user created leaves the pod stuck in "
    "ContainerCreating, or mounts the wrong cluster's credentials.",
    "Set the volume's secret.secretName and items[].key from .Values.remoteTarget.secretName and .secretKey "
    "(re-run chartgen patch rather than editing by hand).",
)
def check_secret_volume(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = ctx.remote_target
    if rt is None:
        return
    if rt.deployment is None or rt.container is None:
        yield this.finding("no Deployment with an operator container was rendered", Location(str(ctx.chart_dir)))
        return
    found = _kubeconfig_volume(rt)
    if found is None:
        yield this.finding(f"no volume {VOLUME_NAME!r} mounts the kubeconfig Secret", _at(ctx, rt, *_POD, "volumes"))
        return
    index, volume = found
    secret = volume.get("secret")
    base = (*_POD, "volumes", index)
    if not isinstance(secret, dict):
        yield this.finding(f"volume {volume.get('name')!r} is not a secret volume", _at(ctx, rt, *base))
        return
    name, key = rt.text("secretName"), rt.text("secretKey")
    if name is not None and secret.get("secretName") != name:
        message = (
            f"volume {volume.get('name')!r} mounts Secret {secret.get('secretName')!r}, "
            f"but remoteTarget.secretName is {name!r}"
        )
        yield this.finding(message, _at(ctx, rt, *base, "secret", "secretName"))
    items = secret.get("items")
    if key is not None and isinstance(items, list):
        matching = [(i, item) for i, item in _items(items) if item.get("key") == key]
        if not matching:
            where = (*base, "secret", "items", 0, "key") if items else (*base, "secret", "items")
            message = f"volume {volume.get('name')!r} does not project key {key!r} (remoteTarget.secretKey)"
            yield this.finding(message, _at(ctx, rt, *where))
        elif all(item.get("path") != key for _, item in matching):
            i = matching[0][0]
            message = (
                f"volume {volume.get('name')!r} projects key {key!r} to file {matching[0][1].get('path')!r}; "
                f"the kubeconfig path expects {key!r}"
            )
            yield this.finding(message, _at(ctx, rt, *base, "secret", "items", i, "path"))


@rule(
    "CG-REMOTE-002",
    FAMILY,
    Severity.ERROR,
    "The operator container has exactly one --kubeconfig argument.",
    "With none the operator manages the home cluster; with two, which one wins depends on the flag parser.",
    "Keep only the --kubeconfig argument the remote-target overlay adds.",
)
def check_single_kubeconfig_arg(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = _wired_target(ctx)
    if rt is None:
        return
    args = _kubeconfig_args(rt)
    if not args:
        message = "the operator container has no --kubeconfig argument"
        yield this.finding(message, _at(ctx, rt, *rt.container_path("args")))
        return
    for fieldname, index, _ in args[1:]:
        message = f"--kubeconfig is given {len(args)} times in the operator container; keep exactly one"
        yield this.finding(message, _at(ctx, rt, *rt.container_path(fieldname, index)))


@rule(
    "CG-REMOTE-003",
    FAMILY,
    Severity.ERROR,
    "The --kubeconfig path is the Secret key's file under the kubeconfig mount (remoteTarget.mountPath).",
    "A path outside the mount, or a mount moved away from remoteTarget.mountPath, makes the operator fail to "
    "read its kubeconfig at start.",
    "Mount the Secret at remoteTarget.mountPath and pass --kubeconfig=<mountPath>/<secretKey>.",
)
def check_kubeconfig_path(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = _wired_target(ctx)
    if rt is None:
        return
    wanted_mount = rt.text("mountPath")
    mount = _kubeconfig_mount(rt)
    if mount is None:
        volume = _kubeconfig_volume(rt)
        name = volume[1].get("name") if volume else VOLUME_NAME
        message = (
            f"the operator container does not mount the kubeconfig volume {name!r}, "
            "so --kubeconfig names a missing file"
        )
        yield this.finding(message, _at(ctx, rt, *rt.container_path("volumeMounts")))
    elif wanted_mount is not None:
        index, spec = mount
        actual = str(spec.get("mountPath", ""))
        if actual.rstrip("/") != wanted_mount.rstrip("/"):
            message = f"the kubeconfig volume is mounted at {actual!r}, but remoteTarget.mountPath is {wanted_mount!r}"
            yield this.finding(message, _at(ctx, rt, *rt.container_path("volumeMounts", index, "mountPath")))
    expected = rt.expected_path
    for fieldname, index, path in _kubeconfig_args(rt)[:1]:
        if path is None or expected is None or path == expected:
            continue
        under = mount is not None and path.startswith(str(mount[1].get("mountPath", "")).rstrip("/") + "/")
        problem = "is not the Secret key's file" if under else "is not under the kubeconfig mount"
        message = f"--kubeconfig path {path!r} {problem}; expected {expected!r}"
        yield this.finding(message, _at(ctx, rt, *rt.container_path(fieldname, index)))


@rule(
    "CG-REMOTE-004",
    FAMILY,
    Severity.ERROR,
    "The KUBECONFIG environment variable equals the --kubeconfig argument.",
    "Client libraries and exec'd tools read KUBECONFIG while the operator reads --kubeconfig; if they differ, "
    "parts of the operator talk to different clusters.",
    "Set KUBECONFIG to the same path as --kubeconfig (the overlay's chartgen.remoteTarget.kubeconfigPath helper).",
)
def check_kubeconfig_env(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = _wired_target(ctx)
    if rt is None:
        return
    args = _kubeconfig_args(rt)
    path = args[0][2] if args else rt.expected_path
    env = _env(rt, "KUBECONFIG")
    if env is None:
        message = "the operator container sets no KUBECONFIG variable"
        yield this.finding(message, _at(ctx, rt, *rt.container_path("env")))
        return
    index, entry = env
    if path is not None and entry.get("value") != path:
        shown = repr(entry["value"]) if isinstance(entry.get("value"), str) else "not a literal value"
        message = f"KUBECONFIG is {shown}, but --kubeconfig is {path!r}"
        field = "value" if "value" in entry else "name"
        yield this.finding(message, _at(ctx, rt, *rt.container_path("env", index, field)))


@rule(
    "CG-REMOTE-005",
    FAMILY,
    Severity.ERROR,
    "The kubeconfig mount is readOnly: true.",
    "A writable mount lets the operator (or anything in its container) alter the credentials it runs with.",
    "Add readOnly: true to the kubeconfig volumeMount.",
)
def check_read_only(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    found = _mounted_target(ctx)
    if found is None:
        return
    rt, index, spec = found
    if spec.get("readOnly") is True:
        return
    # An absent readOnly is pointed at the mount itself, where the line has to be added.
    field = ("readOnly",) if "readOnly" in spec else ()
    message = f"the kubeconfig volumeMount {spec.get('name')!r} is not readOnly: true"
    yield this.finding(message, _at(ctx, rt, *rt.container_path("volumeMounts", index, *field)))


@rule(
    "CG-REMOTE-006",
    FAMILY,
    Severity.ERROR,
    "The kubeconfig mount does not use subPath.",
    "A subPath mount is a copy taken at pod start, so a rotated kubeconfig Secret never reaches the operator.",
    "Mount the whole volume at remoteTarget.mountPath without subPath or subPathExpr.",
)
def check_no_sub_path(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    found = _mounted_target(ctx)
    if found is None:
        return
    rt, index, spec = found
    for key in ("subPath", "subPathExpr"):
        if spec.get(key):
            message = f"the kubeconfig volumeMount {spec.get('name')!r} uses {key}; a rotated Secret would never arrive"
            yield this.finding(message, _at(ctx, rt, *rt.container_path("volumeMounts", index, key)))


@rule(
    "CG-REMOTE-007",
    FAMILY,
    Severity.ERROR,
    "No container of the operator Deployment repeats an environment variable or an argument.",
    "A repeated variable or flag hides which value is in effect: a hand edit may add a second KUBECONFIG or "
    "--kubeconfig that silently overrides the overlay's.",
    "Remove the repeated entry, keeping the one the overlay renders.",
)
def check_duplicates(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = ctx.remote_target
    if rt is None or rt.deployment is None:
        return
    for c, container in _items(rt.deployment.get((*_POD, "containers"))):
        label = container.get("name", c)
        for index, name in _repeats(e.get("name") for _, e in _items(container.get("env"))):
            message = f"container {label!r} sets environment variable {name!r} more than once"
            yield this.finding(message, _at(ctx, rt, *_POD, "containers", c, "env", index, "name"))
        args = container.get("args") if isinstance(container.get("args"), list) else []
        for index, _ in _repeats(_flag_name(a) for a in args):
            message = f"container {label!r} repeats argument {_flag_name(args[index])!r}"
            yield this.finding(message, _at(ctx, rt, *_POD, "containers", c, "args", index))


def _flag_name(arg: Any) -> Any:
    # "--v=3" and "--v=4" are the same flag given twice; a positional word is compared whole.
    return arg.split("=", 1)[0] if isinstance(arg, str) and arg.startswith("-") else arg


def _repeats(names: Any) -> Iterator[tuple[int, Any]]:
    seen: set[Any] = set()
    for index, name in enumerate(names):
        if name is None or not isinstance(name, str):
            continue
        if name in seen:
            yield index, name
        seen.add(name)


@rule(
    "CG-REMOTE-008",
    FAMILY,
    Severity.ERROR,
    "Both admission webhooks are disabled (apiserver.enableMutatingWebhook and enableValidatingWebhook false).",
    "Webhook configurations would be registered in the home cluster, while the IrisClusters they should admit "
    "are applied to the work cluster; the home cluster's API server would call a webhook for nothing.",
    "Set apiserver.enableMutatingWebhook and apiserver.enableValidatingWebhook to false.",
)
def check_webhooks_disabled(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = ctx.remote_target
    if rt is None:
        return
    apiserver = rt.values.get("apiserver") if isinstance(rt.values.get("apiserver"), dict) else {}
    for key in WEBHOOK_VALUES:
        if apiserver.get(key) is False:
            continue
        message = f"apiserver.{key} is {apiserver.get(key)!r}; it must be false while remoteTarget.enabled is true"
        yield this.finding(message, _webhook_value_location(ctx, rt, key))


def _webhook_value_location(ctx: LintContext, rt: RemoteTarget, key: str) -> Location:
    # The setting shows in the rendered operator arguments (--enable-mutating-webhook=...), which is where the
    # template reads it; without that argument, the chart's values.yaml entry is the next best place.
    flag = "--enable-" + re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), key[len("enable") :])[1:] + "="
    args = rt.container_spec().get("args") if rt.container is not None else None
    for index, arg in enumerate(args if isinstance(args, list) else []):
        if isinstance(arg, str) and arg.startswith(flag):
            return _at(ctx, rt, *rt.container_path("args", index))
    return _values_file_location(ctx, ["apiserver", key])


def _values_file_location(ctx: LintContext, path: list[str]) -> Location:
    values_path = Path(ctx.chart_dir) / "values.yaml"
    try:
        doc = read_values(chart_text(ctx, "values.yaml"), str(values_path), profile=ctx.profile)
    except ChartgenError:
        return Location(str(values_path))
    position = doc.positions.value(path)
    return Location(str(values_path), *(position or ()))


@rule(
    "CG-REMOTE-009",
    FAMILY,
    Severity.ERROR,
    "Nothing tied to the admission webhooks is rendered (APIService, Mutating/ValidatingWebhookConfiguration).",
    "These objects make the home cluster's API server call the operator for IrisClusters it will never see; an "
    "unavailable APIService also breaks API discovery in the home cluster.",
    "Disable both webhooks in values, and remove any hand-added webhook objects from the templates.",
)
def check_no_webhook_objects(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = ctx.remote_target
    if rt is None:
        return
    for doc in ctx.manifests:
        if doc.kind in WEBHOOK_KINDS and not _registers_nothing(doc):
            message = (
                f"{doc.object_name} is rendered, but a remote-target operator must not register webhooks in the "
                "home cluster"
            )
            yield this.finding(message, manifest_location(ctx, doc, ("kind",)))


def _registers_nothing(doc: ManifestDoc) -> bool:
    # A webhook configuration without webhooks makes the API server call nothing: the overlay renders two such
    # configurations as upgrade hooks, only so that Helm deletes a stock release's configurations of those names.
    return doc.kind != "APIService" and isinstance(doc.data, dict) and not doc.data.get("webhooks")


@rule(
    "CG-REMOTE-010",
    FAMILY,
    Severity.NOTE,
    "Templates read .Capabilities, which describes the home cluster, not the work cluster the operator manages.",
    "Decisions based on the home cluster's version or APIs may be wrong for the work cluster.",
    "Check that each .Capabilities use is about the home cluster, or render with --kube-version of the "
    "work cluster when the two differ.",
)
def check_capabilities(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    rt = ctx.remote_target
    if rt is None:
        return
    findings = []
    # A template that rendered nothing (the webhooks the overlay switches off) decides nothing at run time;
    # partials cannot be told apart, since their output lands in the documents of the templates that include them.
    rendered = {doc.source for doc in ctx.render.documents} if ctx.render is not None else None
    stack = [ctx.chart]
    while stack:
        chart = stack.pop()
        stack.extend(chart.dependencies)
        for item in chart.templates:
            name = chart.file_path(item.name)
            partial = item.name.rsplit("/", 1)[-1].startswith("_")
            if rendered is not None and not partial and name not in rendered:
                continue
            text = item.data.decode("utf-8", "replace")
            match = _CAPABILITIES.search(text)
            if match is None:
                continue
            line = text.count("\n", 0, match.start()) + 1
            message = f"{item.name} uses .Capabilities, which describes the home cluster, not the work cluster"
            findings.append(this.finding(message, template_location(ctx, name, line, ".Capabilities")))
    yield from sorted(findings, key=lambda f: (f.location.path, f.location.line or 0))
