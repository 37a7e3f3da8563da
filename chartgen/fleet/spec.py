"""Reading ``fleet.yaml``: checked against ``schemas/fleet.schema.json``, every refusal with its file and line.

The file is the user's and untrusted: it is read within a size bound, its YAML passes the depth and alias guards
of ``yamlread``, and every name that becomes a path in the output is a DNS-1123 label by the schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chartgen import resources
from chartgen.bounded_io import read_bounded
from chartgen.errors import ChartgenError, Location
from chartgen.limits import SMALL_FILE_BYTES
from chartgen.records import field, record
from chartgen.yamlread.roundtrip import load_yaml, position_of
from chartgen.yamlread.schema_errors import located, schema_problem

__all__ = ["ChartSource", "Fleet", "FleetError", "GitOps", "Target", "load_fleet"]

DEFAULT_SECRET_KEY = "config"
IN_CLUSTER = "https://kubernetes.default.svc"


class FleetError(ChartgenError):
    """``fleet.yaml`` is malformed, or its targets would collide with each other."""


@record(frozen=True)
class ChartSource:
    path: str | None  # resolved against fleet.yaml's folder; None: the bundled chart
    overlays: tuple[str, ...]
    overlay_dirs: tuple[str, ...]
    params: dict[str, dict[str, str]]


@record(frozen=True)
class GitOps:
    repo_url: str
    revision: str = "HEAD"
    path: str = "."
    argocd_namespace: str = "argocd"
    project: str = "default"
    home_server: str = IN_CLUSTER
    application_set: bool = False


@record(frozen=True)
class Target:
    name: str
    release: str
    namespace: str  # at HOME
    secret_name: str
    secret_key: str
    server: str  # the work API address, as written
    work_namespace: str
    watch_namespaces: tuple[str, ...]
    overlays: tuple[str, ...]
    params: dict[str, dict[str, str]]
    values: dict[str, Any]
    location: Location  # the target's entry in fleet.yaml

    @property
    def server_key(self) -> str:
        """The work API address compared between targets: scheme and host lower-cased, default port spelled out."""
        rest = self.server.removeprefix("https://").rstrip("/").lower()
        return f"https://{rest}" if ":" in rest.rsplit("]", 1)[-1] else f"https://{rest}:443"


@record
class Fleet:
    file: str
    chart: ChartSource
    gitops: GitOps
    targets: list[Target] = field(default_factory=list)


def load_fleet(path: str) -> Fleet:
    """``path`` read, checked against the schema and turned into a :class:`Fleet`; a refusal names its line."""
    raw = read_bounded(path, SMALL_FILE_BYTES, "fleet file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FleetError(f"not UTF-8 text (byte {exc.start})", Location(path)) from None
    data = json.loads(json.dumps(load_yaml(text, path, FleetError, positions=False), default=str))
    _check_schema(data, text, path)
    positioned = load_yaml(text, path, FleetError)
    base = Path(path).parent

    def located(keys: list[Any]) -> Location:
        pos = position_of(positioned, keys)
        return Location(path, *pos) if pos else Location(path)

    chart = data.get("chart") or {}
    source = ChartSource(
        path=str(base / chart["path"]) if "path" in chart else None,
        overlays=tuple(chart.get("overlays", ())),
        overlay_dirs=tuple(str(base / d) for d in chart.get("overlay_dirs", ())),
        params=chart.get("params", {}),
    )
    gitops = GitOps(**data["gitops"])
    helm_values = _values_as_helm_reads_them(text, path, data)
    targets = [_target(entry, helm_values[n], located(["targets", n])) for n, entry in enumerate(data["targets"])]
    fleet = Fleet(file=path, chart=source, gitops=gitops, targets=targets)
    _check_unique(fleet)
    return fleet


def _check_schema(data: Any, text: str, path: str) -> None:
    schema = json.loads(resources.schema_path("fleet.schema.json").read_text(encoding="utf-8"))
    problem = schema_problem(schema, data)
    if problem is not None:
        raise FleetError(f"{problem.dotted}: {problem.message}", located(text, path, problem.path, FleetError))


def _values_as_helm_reads_them(text: str, path: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target's ``values`` as ``helm install -f`` would read them written in a values file (YAML 1.1: ``yes``
    is true, ``0755`` octal), so the values file written for the release means what the user wrote here. Helm
    holds every number as a float64; whole ones are written back as integers, which Helm reads the same."""
    if not any("values" in entry for entry in data["targets"]):
        return [{} for _ in data["targets"]]
    from chartgen.helm.yaml_load import load_values
    from chartgen.helmcompat.profile import HELM_3

    read = load_values(text, path, profile=HELM_3)
    return [_whole_numbers(entry.get("values", {})) for entry in read.get("targets", [])]


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _target(entry: dict[str, Any], values: dict[str, Any], location: Location) -> Target:
    work = entry["work"]
    return Target(
        name=entry["name"],
        release=entry.get("release", entry["name"]),
        namespace=entry["namespace"],
        secret_name=entry["secret"]["name"],
        secret_key=entry["secret"].get("key", DEFAULT_SECRET_KEY),
        server=work["server"],
        work_namespace=work.get("namespace", entry["namespace"]),
        watch_namespaces=tuple(sorted(work.get("watch_namespaces", ()))),
        overlays=tuple(entry.get("overlays", ())),
        params=entry.get("params", {}),
        values=values,
        location=location,
    )


def _check_unique(fleet: Fleet) -> None:
    """Two targets of one name would share a folder and an Application; two releases of one name in one namespace
    are one Helm release."""
    seen: dict[str, Target] = {}
    releases: dict[tuple[str, str], Target] = {}
    for target in fleet.targets:
        if target.name in seen:
            raise FleetError(
                f"target name {target.name!r} is used twice (see line {seen[target.name].location.line})",
                target.location,
            )
        seen[target.name] = target
        key = (target.namespace, target.release)
        if key in releases:
            first = releases[key]
            raise FleetError(
                f"targets {first.name!r} and {target.name!r} are both release {target.release!r} in namespace "
                f"{target.namespace!r} at HOME",
                target.location,
            )
        releases[key] = target
