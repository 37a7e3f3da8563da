"""The vocabulary of overlay invariants: one check per name an ``invariants:`` declaration may use.

Each check reads the *rendered* manifests and merged values, not the template text, so it also catches hand edits
and values that undo an overlay's wiring; a finding points at the template line to fix. What is checked (names,
values, patterns) comes from the declaration (``chartgen/patch/invariants.py``); how is fixed here, so a
declaration, untrusted input, selects and parameterises checks and never runs anything of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chartgen.errors import ChartgenError, Location
from chartgen.findings import Finding
from chartgen.kubeconfig.document import KubeconfigError, load_kubeconfig
from chartgen.lint.locate import ManifestDoc, manifest_location, template_location
from chartgen.lint.model import Rule
from chartgen.lint.no_proxy import bypassing_entry, server_address
from chartgen.lint.rules.chart import chart_text
from chartgen.lint.rules.pod_security import LEVEL_NAMES, pod_of, violations
from chartgen.patch.invariants import InvariantRule, Invariants, SecretMount, ValuesRef, Workload, value_of
from chartgen.patch.values_file import read_values
from chartgen.records import record

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["CHECKS", "Subject", "lookup", "run_check"]

_POD = ("spec", "template", "spec")
_CRONJOB_POD = ("spec", "jobTemplate", "spec", "template", "spec")
FieldPath = tuple[str | int, ...]


def lookup(values: Any, ref: ValuesRef) -> Any:
    """The merged value at ``ref`` (None when a step is missing)."""
    for step in ref.path:
        values = values.get(step) if isinstance(values, dict) else None
    return values


@record
class Subject:
    """One rule's view of the chart: the merged values and the rendered workload (and container) it looks at."""

    ctx: LintContext
    invariants: Invariants
    rule: Rule
    workload: Workload | None
    doc: ManifestDoc | None
    container: int | None  # index of the container in the pod spec

    @property
    def values(self) -> dict[str, Any]:
        return self.ctx.render.values if self.ctx.render is not None else {}

    def resolve(self, value: Any) -> Any:
        return lookup(self.values, value) if isinstance(value, ValuesRef) else value

    def text(self, value: Any) -> str | None:
        resolved = self.resolve(value)
        return resolved if isinstance(resolved, str) else None

    @property
    def pod(self) -> FieldPath:
        return _CRONJOB_POD if self.workload is not None and self.workload.kind == "CronJob" else _POD

    @property
    def wired(self) -> bool:
        return self.doc is not None and self.container is not None

    @property
    def container_name(self) -> str:
        name = self.container_spec().get("name")
        return name if isinstance(name, str) else "first"

    def container_path(self, *rest: str | int) -> FieldPath:
        return (*self.pod, "containers", self.container if self.container is not None else 0, *rest)

    def container_spec(self) -> dict[str, Any]:
        value = self.doc.get(self.container_path()) if self.doc else None
        return value if isinstance(value, dict) else {}

    def at(self, *path: str | int) -> Location:
        if self.doc is None:
            return Location(str(self.ctx.chart_dir))
        return manifest_location(self.ctx, self.doc, path)

    def finding(self, message: str, location: Location) -> Finding:
        return self.rule.finding(message, location)


def subject_for(ctx: LintContext, invariants: Invariants, declared: InvariantRule, this: Rule) -> Subject:
    doc, container = _workload(ctx.manifests, declared.workload)
    return Subject(ctx, invariants, this, declared.workload, doc, container)


def _workload(docs: list[ManifestDoc], workload: Workload | None) -> tuple[ManifestDoc | None, int | None]:
    # The named container of the first workload that has one; without it, the first workload's first container,
    # so the findings still say what is missing.
    if workload is None:
        return None, None
    pod = _CRONJOB_POD if workload.kind == "CronJob" else _POD
    found = [doc for doc in docs if doc.kind == workload.kind and isinstance(doc.data, dict)]
    for doc in found:
        for index, container in enumerate(doc.get((*pod, "containers"), []) or []):
            if isinstance(container, dict) and container.get("name") == (workload.container or container.get("name")):
                return doc, index
    if found:
        return found[0], 0 if found[0].get((*pod, "containers", 0)) is not None else None
    return None, None


def run_check(subject: Subject, declared: InvariantRule) -> Iterator[Finding]:
    yield from CHECKS[declared.kind](subject, declared.args)


# --------------------------------------------------------------------------------------------------------------
# Helpers over the rendered pod


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _said(value: Any, resolved: Any) -> str:
    """``remoteTarget.secretName is 'x'`` for a value read from values; ``'x' is expected`` for a literal."""
    return f"{value.shown} is {resolved!r}" if isinstance(value, ValuesRef) else f"{resolved!r} is expected"


def _volume(s: Subject, mount: SecretMount) -> tuple[int, dict[str, Any]] | None:
    """The mount's volume: by its declared name, else the one projecting the declared Secret."""
    volumes = _items(s.doc.get((*s.pod, "volumes")) if s.doc else None)
    secret = s.text(mount.secret_name)
    by_name = [(i, v) for i, v in volumes if v.get("name") == mount.volume]
    by_secret = [
        (i, v) for i, v in volumes if isinstance(v.get("secret"), dict) and v["secret"].get("secretName") == secret
    ]
    return (by_name or by_secret or [None])[0]


def _volume_mount(s: Subject, mount: SecretMount) -> tuple[int, dict[str, Any]] | None:
    """The container's mount of the volume (by the volume's name)."""
    volume = _volume(s, mount)
    name = volume[1].get("name") if volume else mount.volume
    mounts = [(i, m) for i, m in _items(s.container_spec().get("volumeMounts")) if m.get("name") == name]
    return mounts[0] if mounts else None


def _file_path(s: Subject, mount: SecretMount) -> str | None:
    """Where the mounted key's file is: ``<mountPath>/<key>``."""
    directory, key = s.text(mount.mount_path), s.text(mount.key)
    return f"{directory.rstrip('/')}/{key}" if directory is not None and key is not None else None


def _is_flag(word: Any, flag: str) -> bool:
    # -name and --name are the same flag to Go's flag parser, with "=value" or the value as the next word.
    name = flag.lstrip("-")
    rest = word[2:] if word.startswith("--") else word[1:] if word.startswith("-") else None
    return rest is not None and (rest == name or rest.startswith(name + "="))


def _arguments(s: Subject, flag: str) -> list[tuple[str, int, str | None]]:
    """Every occurrence of the flag in the container's command and args: (field, index, value or None)."""
    found = []
    spec = s.container_spec()
    for fieldname in ("command", "args"):
        words = spec.get(fieldname)
        words = words if isinstance(words, list) else []
        for index, word in enumerate(words):
            if not isinstance(word, str) or not _is_flag(word, flag):
                continue
            if "=" in word:
                found.append((fieldname, index, word.split("=", 1)[1]))
            else:  # "--flag VALUE" as two words
                following = words[index + 1] if index + 1 < len(words) else None
                found.append((fieldname, index, following if isinstance(following, str) else None))
    return found


def _env(s: Subject, name: str) -> tuple[int, dict[str, Any]] | None:
    entries = [(i, e) for i, e in _items(s.container_spec().get("env")) if e.get("name") == name]
    return entries[-1] if entries else None  # the last of duplicates is the one the container sees


def _mount_of(s: Subject, label: str) -> SecretMount:
    return s.invariants.mounts[label]


# --------------------------------------------------------------------------------------------------------------
# The checks


def secret_volume(s: Subject, label: str) -> Iterator[Finding]:
    """The mount's volume is a secret volume of the declared Secret, projecting the key to a file of its name."""
    mount = _mount_of(s, label)
    if not s.wired:
        yield _missing_workload(s)
        return
    found = _volume(s, mount)
    if found is None:
        yield s.finding(f"no volume {mount.volume!r} mounts the {label} Secret", s.at(*s.pod, "volumes"))
        return
    index, volume = found
    secret = volume.get("secret")
    base = (*s.pod, "volumes", index)
    if not isinstance(secret, dict):
        yield s.finding(f"volume {volume.get('name')!r} is not a secret volume", s.at(*base))
        return
    name, key = s.text(mount.secret_name), s.text(mount.key)
    if name is not None and secret.get("secretName") != name:
        message = (
            f"volume {volume.get('name')!r} mounts Secret {secret.get('secretName')!r}, "
            f"but {_said(mount.secret_name, name)}"
        )
        yield s.finding(message, s.at(*base, "secret", "secretName"))
    items = secret.get("items")
    if key is not None and isinstance(items, list):
        matching = [(i, item) for i, item in _items(items) if item.get("key") == key]
        if not matching:
            where = (*base, "secret", "items", 0, "key") if items else (*base, "secret", "items")
            source = f" ({mount.key.shown})" if isinstance(mount.key, ValuesRef) else ""
            yield s.finding(f"volume {volume.get('name')!r} does not project key {key!r}{source}", s.at(*where))
        elif all(item.get("path") != key for _, item in matching):
            i = matching[0][0]
            message = (
                f"volume {volume.get('name')!r} projects key {key!r} to file {matching[0][1].get('path')!r}; "
                f"the {label} path expects {key!r}"
            )
            yield s.finding(message, s.at(*base, "secret", "items", i, "path"))


def argument_once(s: Subject, flag: str) -> Iterator[Finding]:
    """The container passes the flag exactly once."""
    if not s.wired:
        return
    found = _arguments(s, flag)
    if not found:
        yield s.finding(f"the {s.container_name} container has no {flag} argument", s.at(*s.container_path("args")))
        return
    for fieldname, index, _ in found[1:]:
        message = f"{flag} is given {len(found)} times in the {s.container_name} container; keep exactly one"
        yield s.finding(message, s.at(*s.container_path(fieldname, index)))


def argument_is_mounted_file(s: Subject, args: dict[str, str]) -> Iterator[Finding]:
    """The container mounts the volume at the declared mountPath, and the flag names the key's file there."""
    if not s.wired:
        return
    flag, label = args["argument"], args["mount"]
    mount = _mount_of(s, label)
    wanted = s.text(mount.mount_path)
    found = _volume_mount(s, mount)
    if found is None:
        volume = _volume(s, mount)
        name = volume[1].get("name") if volume else mount.volume
        message = (
            f"the {s.container_name} container does not mount the {label} volume {name!r}, "
            f"so {flag} names a missing file"
        )
        yield s.finding(message, s.at(*s.container_path("volumeMounts")))
    elif wanted is not None:
        index, spec = found
        actual = str(spec.get("mountPath", ""))
        if actual.rstrip("/") != wanted.rstrip("/"):
            message = f"the {label} volume is mounted at {actual!r}, but {_said(mount.mount_path, wanted)}"
            yield s.finding(message, s.at(*s.container_path("volumeMounts", index, "mountPath")))
    expected = _file_path(s, mount)
    for fieldname, index, path in _arguments(s, flag)[:1]:
        if path is None or expected is None or path == expected:
            continue
        under = found is not None and path.startswith(str(found[1].get("mountPath", "")).rstrip("/") + "/")
        problem = "is not the Secret key's file" if under else f"is not under the {label} mount"
        message = f"{flag} path {path!r} {problem}; expected {expected!r}"
        yield s.finding(message, s.at(*s.container_path(fieldname, index)))


def env_equals_argument(s: Subject, args: dict[str, str]) -> Iterator[Finding]:
    """The variable holds the flag's value (or, with no flag, the declared mount's file)."""
    if not s.wired:
        return
    name, flag = args["env"], args["argument"]
    found = _arguments(s, flag)
    path = found[0][2] if found else (_file_path(s, _mount_of(s, args["mount"])) if "mount" in args else None)
    env = _env(s, name)
    if env is None:
        yield s.finding(f"the {s.container_name} container sets no {name} variable", s.at(*s.container_path("env")))
        return
    index, entry = env
    if path is not None and entry.get("value") != path:
        shown = repr(entry["value"]) if isinstance(entry.get("value"), str) else "not a literal value"
        field = "value" if "value" in entry else "name"
        yield s.finding(f"{name} is {shown}, but {flag} is {path!r}", s.at(*s.container_path("env", index, field)))


def env_set(s: Subject, names: list[str]) -> Iterator[Finding]:
    """The container sets each variable (to anything: its value is the user's)."""
    if not s.wired:
        return
    for name in names:
        if _env(s, name) is None:
            message = f"the {s.container_name} container sets no {name} variable"
            yield s.finding(message, s.at(*s.container_path("env")))


def fields(s: Subject, args: dict[str, Any]) -> Iterator[Finding]:
    """Fields (dotted paths) of the pod, the container, every container or a mount equal the declared values
    (literals or ``.Values`` paths), or are not set."""
    because = f"; {args['because']}" if "because" in args else ""
    for base, label in _field_owners(s, args["of"]):
        owner = s.doc.get(base) if s.doc else None
        owner = owner if isinstance(owner, dict) else {}
        for dotted, declared in (args.get("equal") or {}).items():
            wanted = s.resolve(value_of(declared))
            steps = tuple(dotted.split("."))
            present, actual = _walk(owner, steps)
            if present == len(steps) and actual == wanted:
                continue
            # A missing field is pointed at its nearest parent, where the line has to be added.
            where = (*base, *steps[: max(present, 0)])
            shown = json.dumps(wanted, ensure_ascii=False)
            yield s.finding(f"{label} is not {dotted}: {shown}{because}", s.at(*where))
        for dotted in args.get("unset") or []:
            steps = tuple(dotted.split("."))
            present, actual = _walk(owner, steps)
            if present == len(steps) and actual not in (None, "", False, [], {}):
                yield s.finding(f"{label} uses {dotted}{because}", s.at(*base, *steps))


def _walk(owner: Any, steps: tuple[str, ...]) -> tuple[int, Any]:
    """How many steps exist under ``owner``, and the value at the last one found."""
    node = owner
    for depth, step in enumerate(steps):
        if not isinstance(node, dict) or step not in node:
            return depth, node
        node = node[step]
    return len(steps), node


def _field_owners(s: Subject, of: Any) -> list[tuple[FieldPath, str]]:
    """The objects whose fields are checked, with how a message names each."""
    if s.doc is None:
        return []
    if isinstance(of, dict):
        if s.container is None:
            return []
        found = _volume_mount(s, _mount_of(s, of["mount"]))
        if found is None:
            return []  # no mount: the rule that wants it mounted says so
        return [(s.container_path("volumeMounts", found[0]), f"the {of['mount']} volumeMount {found[1].get('name')!r}")]
    if of == "pod":
        return [(s.pod, f"the pod of {s.doc.object_name}")]
    if of == "container":
        return [(s.container_path(), f"the {s.container_name} container")] if s.container is not None else []
    # Every container the pod runs, init containers included: a security field holds for each of them.
    return [
        ((*s.pod, kind, i), f"{label} {c.get('name', i)!r}")
        for kind, label in (("initContainers", "init container"), ("containers", "container"))
        for i, c in _items(s.doc.get((*s.pod, kind)))
    ]


def _missing_workload(s: Subject) -> Finding:
    kind = s.workload.kind if s.workload else "workload"
    wanted = f"a container {s.workload.container!r}" if s.workload and s.workload.container else "a container"
    return s.finding(f"no {kind} with {wanted} was rendered", Location(str(s.ctx.chart_dir)))


def pod_security(s: Subject, level: str) -> Iterator[Finding]:
    """The workload's pod meets the Pod Security Standard ``level`` (baseline or restricted), judged by the Pod
    Security rules' own controls, on the Kubernetes version lint targets; each finding names the control and the
    rule (CG-PSS-…) that judges it on every pod."""
    pod = pod_of(s.doc) if s.wired and s.doc is not None else None
    if pod is None:
        yield _missing_workload(s)
        return
    for rule_id, message, path in violations(pod, LEVEL_NAMES[level], s.ctx.kube_target.wanted):
        yield s.finding(f"{message} ({rule_id})", s.at(*path))


def writable_paths(s: Subject, paths: list[str]) -> Iterator[Finding]:
    """The container mounts a writable emptyDir volume at each path: what a read-only root filesystem leaves
    the program to write to."""
    if not s.wired:
        return
    volumes = {v.get("name"): (i, v) for i, v in _items(s.doc.get((*s.pod, "volumes")) if s.doc else None)}
    mounts = _items(s.container_spec().get("volumeMounts"))
    for wanted in paths:
        found = [(i, m) for i, m in mounts if str(m.get("mountPath", "")).rstrip("/") == wanted.rstrip("/")]
        if not found:
            message = f"the {s.container_name} container mounts nothing at {wanted}, which it must be able to write"
            yield s.finding(message, s.at(*s.container_path("volumeMounts")))
            continue
        index, mount = found[-1]
        if mount.get("readOnly") is True:
            message = f"the {s.container_name} container mounts {wanted} readOnly, where it must write"
            yield s.finding(message, s.at(*s.container_path("volumeMounts", index, "readOnly")))
        volume = volumes.get(mount.get("name"))
        if volume is None or "emptyDir" not in volume[1]:
            message = f"{wanted} is mounted from volume {mount.get('name')!r}, which is not an emptyDir volume"
            where = (*s.pod, "volumes", volume[0]) if volume else s.container_path("volumeMounts", index, "name")
            yield s.finding(message, s.at(*where))


def no_repeats(s: Subject, what: list[str]) -> Iterator[Finding]:
    """No container of the workload sets a variable twice or passes a flag twice."""
    if s.doc is None:
        return
    for c, container in _items(s.doc.get((*s.pod, "containers"))):
        label = container.get("name", c)
        if "env" in what:
            for index, name in _repeats(e.get("name") for _, e in _items(container.get("env"))):
                message = f"container {label!r} sets environment variable {name!r} more than once"
                yield s.finding(message, s.at(*s.pod, "containers", c, "env", index, "name"))
        args = container.get("args") if isinstance(container.get("args"), list) else []
        if "args" in what:
            for index, _ in _repeats(_flag_name(a) for a in args):
                message = f"container {label!r} repeats argument {_flag_name(args[index])!r}"
                yield s.finding(message, s.at(*s.pod, "containers", c, "args", index))


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


def values_equal(s: Subject, wanted: list[dict[str, Any]]) -> Iterator[Finding]:
    """Merged values equal what the overlay needs; each is found where it shows (the flag a template renders
    from it), else in the chart's values.yaml."""
    for item in wanted:
        ref: ValuesRef = item["value"]
        actual = lookup(s.values, ref)
        if actual == item["equals"] and type(actual) is type(item["equals"]):
            continue
        shown = json.dumps(item["equals"], ensure_ascii=False)
        message = f"{ref.shown} is {actual!r}; it must be {shown} while {s.invariants.when.shown} is true"
        yield s.finding(message, _value_location(s, ref, item.get("shownBy")))


def _value_location(s: Subject, ref: ValuesRef, flag: str | None) -> Location:
    args = s.container_spec().get("args") if flag and s.container is not None else None
    for index, arg in enumerate(args if isinstance(args, list) else []):
        if isinstance(arg, str) and arg.startswith(f"{flag}="):
            return s.at(*s.container_path("args", index))
    values_path = Path(s.ctx.chart_dir) / "values.yaml"
    try:
        doc = read_values(chart_text(s.ctx, "values.yaml"), str(values_path), profile=s.ctx.profile)
    except ChartgenError:
        return Location(str(values_path))
    position = doc.positions.value(list(ref.path))
    return Location(str(values_path), *(position or ()))


def not_rendered(s: Subject, args: dict[str, Any]) -> Iterator[Finding]:
    """No object of the listed kinds is rendered, but those whose ``unlessEmpty`` field is empty or absent."""
    kinds = {item["kind"]: item.get("unlessEmpty") for item in args["objects"]}
    for doc in s.ctx.manifests:
        if doc.kind not in kinds:
            continue
        empty_field = kinds[doc.kind]
        if empty_field is not None and isinstance(doc.data, dict) and not doc.data.get(empty_field):
            continue
        message = f"{doc.object_name} is rendered, but {args['because']}"
        yield s.finding(message, manifest_location(s.ctx, doc, ("kind",)))


def templates_avoid(s: Subject, args: dict[str, str]) -> Iterator[Finding]:
    """A finding at the first match of the pattern in each template that rendered something (and each partial:
    its output lands in the documents of the templates that include it, so it cannot be told apart)."""
    ctx = s.ctx
    if ctx.chart is None:
        return
    from chartgen.goregexp import compile_regexp  # RE2's module and Go's pattern syntax: only for this check

    pattern = compile_regexp(args["pattern"])
    findings = []
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
            matches = pattern.find_all(text, 1)
            if not matches:
                continue
            match = matches[0]
            line = match.subject.slice(0, match.start).count("\n") + 1  # offsets count UTF-8 bytes
            message = f"{item.name} uses {match.group()}, {args['because']}"
            findings.append(s.finding(message, template_location(ctx, name, line, match.group() or None)))
    yield from sorted(findings, key=lambda f: (f.location.path, f.location.line or 0))


def kubeconfig_server_proxied(s: Subject, args: dict[str, str]) -> Iterator[Finding]:
    """With ``lint --kubeconfig``: the variable (NO_PROXY) does not send the work cluster's API server, the
    current context's ``server``, around the proxy."""
    if not s.wired or s.ctx.kubeconfig is None:
        return
    found = _env(s, args["env"])
    value = found[1].get("value") if found else None
    server = _work_server(s.ctx.kubeconfig)
    address = server_address(server) if server else None
    if not isinstance(value, str) or address is None:
        return  # no literal list to judge, or no server: the kubeconfig rules say what is wrong with the file
    entry = bypassing_entry(value, *address)
    if entry is not None:
        message = (
            f"{args['env']} entry {entry!r} sends the work cluster's API server {address[0]!r} "
            f"({s.ctx.kubeconfig}) around the proxy"
        )
        yield s.finding(message, s.at(*s.container_path("env", found[0], "value")))


def _work_server(path: Path) -> str | None:
    try:
        doc = load_kubeconfig(path)
    except KubeconfigError:
        return None
    context = doc.find("contexts", doc.current_context) if doc.current_context else None
    cluster = doc.find("clusters", str(context.get("cluster", ""))) if context is not None else None
    server = cluster.get("server") if cluster is not None else None
    return server if isinstance(server, str) else None


CHECKS: dict[str, Callable[[Subject, Any], Iterator[Finding]]] = {
    "secretVolume": secret_volume,
    "argumentOnce": argument_once,
    "argumentIsMountedFile": argument_is_mounted_file,
    "envEqualsArgument": env_equals_argument,
    "envSet": env_set,
    "fields": fields,
    "noRepeats": no_repeats,
    "valuesEqual": values_equal,
    "notRendered": not_rendered,
    "templatesAvoid": templates_avoid,
    "kubeconfigServerProxied": kubeconfig_server_proxied,
    "podSecurity": pod_security,
    "writablePaths": writable_paths,
}
