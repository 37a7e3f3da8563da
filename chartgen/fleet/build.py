"""``chartgen fleet``: one operator release at HOME per work cluster target, planned as one folder.

For each target the folder holds the values of its release, its work-cluster bundle (built by
``chartgen.target.bundle``, as ``chartgen target bundle`` builds it) and the commands that make and store its
kubeconfig Secret; for HOME, the chart(s) the releases install, a ``helmfile.yaml`` and Argo CD manifests. Before
anything is written every release is rendered, and every bundle built, and the whole is refused when two targets
collide (``chartgen.fleet.collisions``). The folder is staged and moved into place in one step.

Layout (paths inside the output folder)::

    helmfile.yaml
    argocd/<target>.yaml            (or argocd/applicationset.yaml)
    charts/<chart>/                 the chart the releases install (one per distinct set of overlays)
    targets/<target>/values.yaml
    targets/<target>/work-cluster/  the bundle, for the target's WORK cluster
    targets/<target>/next-steps.txt the Secret's and the install's commands
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from chartgen.chartio.meta import parse_chart_yaml
from chartgen.chartio.output import write_directory
from chartgen.chartio.paths import UnsafePath, inside
from chartgen.errors import ChartgenError
from chartgen.fleet.collisions import Placed, check_declared, check_rendered
from chartgen.fleet.gitops import Release, application, application_set, dump, helmfile
from chartgen.fleet.spec import Fleet, FleetError, Target
from chartgen.patch.overlay_spec import REMOTE_TARGET
from chartgen.records import record

__all__ = ["FleetPlan", "build_fleet", "write_fleet"]

_MARK = "# Written by 'chartgen fleet'"


@record
class FleetPlan:
    files: dict[str, bytes]
    releases: list[Release]
    charts: list[str]


@record
class _Chart:
    folder: str  # charts/<name>
    files: dict[str, bytes]
    label: str


def build_fleet(fleet: Fleet, application_set_override: bool | None = None) -> FleetPlan:
    """Everything the output folder will hold, or a :class:`FleetError` naming the two targets that collide."""
    from chartgen.target.bundle import BundleRequest, build_bundle, render_chart_objects

    check_declared(fleet.targets)
    source_name = Path(fleet.file).name
    charts: dict[str, _Chart] = {}
    chosen: dict[str, _Chart] = {}
    for target in fleet.targets:
        key, overlays, params = _chart_key(fleet, target)
        if key not in charts:
            try:
                charts[key] = _patched_chart(fleet, target, overlays, params, taken=[c.folder for c in charts.values()])
            except ChartgenError as exc:
                raise FleetError(f"the chart of target {target.name!r}: {exc}", target.location) from None
        chosen[target.name] = charts[key]

    files: dict[str, bytes] = {}
    for chart in charts.values():
        files.update({f"{chart.folder}/{rel}": data for rel, data in chart.files.items()})
    releases: list[Release] = []
    placed: list[Placed] = []
    # Render and bundle from the files as they will be written; the scratch folder's paths reach no output.
    with tempfile.TemporaryDirectory(prefix="chartgen-fleet-") as scratch:
        root = Path(scratch)
        for chart in charts.values():
            for rel, data in chart.files.items():
                path = root / chart.folder / inside(rel, "the chart")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        for target in fleet.targets:
            chart = chosen[target.name]
            folder = f"targets/{inside(target.name, 'the output')}"
            values = _values(target, chart)
            values_rel = f"{folder}/values.yaml"
            files[values_rel] = values
            values_path = root / values_rel
            values_path.parent.mkdir(parents=True, exist_ok=True)
            values_path.write_bytes(values)
            chart_path = str(root / chart.folder)
            try:
                _label, home_objects = render_chart_objects(
                    BundleRequest(
                        namespace=target.namespace,
                        chart=chart_path,
                        values_files=[str(values_path)],
                        release=target.release,
                    )
                )
                bundle = build_bundle(
                    BundleRequest(
                        namespace=target.work_namespace,
                        chart=chart_path,
                        values_files=[str(values_path)],
                        release=target.release,
                        watch_namespaces=list(target.watch_namespaces),
                    )
                )
            except ChartgenError as exc:
                # Said of the target's entry: the scratch folder the render read means nothing to the user.
                message = exc.message.replace(f"{root}/", "")
                raise FleetError(f"target {target.name!r}: {message}", target.location) from None
            # The kubeconfig Secret is the user's, not the chart's, but it lives at HOME beside the release.
            secret = {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": target.secret_name, "namespace": target.namespace},
            }
            placed.append(Placed(target, [*home_objects, secret], [obj for _, obj in bundle.objects]))
            files.update({f"{folder}/work-cluster/{name}": data for name, data in bundle.files.items()})
            release = Release(target, chart.folder, values_rel)
            files[f"{folder}/next-steps.txt"] = _next_steps(release, f"{folder}/work-cluster")
            releases.append(release)
    check_rendered(placed)

    files["helmfile.yaml"] = dump([helmfile(releases)], source_name)
    use_set = fleet.gitops.application_set if application_set_override is None else application_set_override
    if use_set:
        files["argocd/applicationset.yaml"] = dump(
            [application_set(releases, fleet.gitops, _set_name(fleet))], source_name
        )
    else:
        for release in releases:
            files[f"argocd/{release.target.name}.yaml"] = dump([application(release, fleet.gitops)], source_name)
    return FleetPlan(files=files, releases=releases, charts=[c.folder for c in charts.values()])


def write_fleet(plan: FleetPlan, target: Path, force: bool) -> None:
    """The whole folder staged beside ``target`` and moved into place at once; an existing folder is replaced
    only with ``force`` and only when ``chartgen fleet`` wrote it."""
    write_directory(plan.files, target, force, replaceable=_is_fleet_dir, kind="a folder 'chartgen fleet' wrote")


def _chart_key(fleet: Fleet, target: Target) -> tuple[str, tuple[str, ...], dict[str, dict[str, str]]]:
    overlays = tuple(dict.fromkeys((*fleet.chart.overlays, *target.overlays)))
    params = {name: dict(values) for name, values in fleet.chart.params.items()}
    for name, values in target.params.items():
        params.setdefault(name, {}).update(values)
    return json.dumps([overlays, params], sort_keys=True), overlays, params


def _patched_chart(
    fleet: Fleet, target: Target, overlays: tuple[str, ...], params: dict[str, dict[str, str]], taken: list[str]
) -> _Chart:
    """The chart for ``target``: the source as it is when it already carries every overlay asked for, else patched
    with the missing ones (remote-target when none is named and the source carries none)."""
    from chartgen import resources
    from chartgen.chartio.source import read_chart
    from chartgen.patch.engine import PatchRequest, patch_chart
    from chartgen.patch.overlay_spec import load_overlay
    from chartgen.patch.shortcuts import shortcut_parameters

    source = read_chart(fleet.chart.path or resources.base_chart_dir())
    meta = parse_chart_yaml(source.text("Chart.yaml"), source.display("Chart.yaml"))
    applied = meta.applied_overlays()
    wanted = list(overlays) or ([] if applied else [REMOTE_TARGET])
    todo = [name for name in wanted if name not in applied]
    files = source.files
    name = str(meta.doc.get("name"))
    if todo:
        dirs = list(fleet.chart.overlay_dirs)
        # A required parameter with a stand-in (the Secret's name) gets it: each release sets its own in its values.
        given = shortcut_parameters([load_overlay(n, dirs) for n in todo], params, {}, shown=True)
        files = patch_chart(
            PatchRequest(chart=fleet.chart.path, overlays=todo, overlay_dirs=dirs, parameters=given)
        ).files
        name = str(parse_chart_yaml(files["Chart.yaml"].decode("utf-8"), "Chart.yaml").doc.get("name"))
    folder = f"charts/{name}" if not taken else f"charts/{name}-{target.name}"
    try:
        if "/" in name or inside(folder, "the output") != folder:
            raise UnsafePath(name)
    except UnsafePath:
        raise FleetError(f"the chart's name {name!r} cannot name a folder") from None
    return _Chart(folder=folder, files=dict(files), label=name)


def _values(target: Target, chart: _Chart) -> bytes:
    """The release's values: the target's, with the kubeconfig Secret it names when the chart mounts one."""
    import yaml

    values = json.loads(json.dumps(target.values))
    carries_remote = REMOTE_TARGET in _applied(chart)
    if carries_remote:
        remote = values.setdefault("remoteTarget", {})
        if not isinstance(remote, dict):
            raise FleetError(f"target {target.name!r}: values.remoteTarget must be a mapping", target.location)
        for key, wanted in (("secretName", target.secret_name), ("secretKey", target.secret_key)):
            if key in remote and remote[key] != wanted:
                raise FleetError(
                    f"target {target.name!r}: values.remoteTarget.{key} {remote[key]!r} differs from its secret "
                    f"({wanted!r}); set it under secret: only",
                    target.location,
                )
            remote[key] = wanted
    header = f"{_MARK} for target {target.name}: the values of release {target.release} at HOME.\n"
    text = yaml.safe_dump(values, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1 << 30)
    return (header + (text if values else "")).encode("utf-8")


def _applied(chart: _Chart) -> list[str]:
    return parse_chart_yaml(chart.files["Chart.yaml"].decode("utf-8"), "Chart.yaml").applied_overlays()


def _next_steps(release: Release, bundle: str) -> bytes:
    from chartgen.patch.snippets import render

    template = (Path(__file__).parent / "data" / "next-steps.txt").read_text(encoding="utf-8")
    t = release.target
    context = {
        "target": t.name,
        "release": t.release,
        "namespace": t.namespace,
        "server": t.server,
        "work_namespace": t.work_namespace,
        "bundle": bundle,
        "token_file": f"{t.name}-token.yaml",
        "kubeconfig_file": f"{t.name}.kubeconfig",
        "secret_file": f"{t.name}-secret.yaml",
        "secret_name": t.secret_name,
        "secret_key": t.secret_key,
        "chart": release.chart,
        "values": release.values,
    }
    return (render(template, context, "chartgen/fleet/data/next-steps.txt").strip("\n") + "\n").encode("utf-8")


def _set_name(fleet: Fleet) -> str:
    stem = Path(fleet.file).stem.lower()
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in stem).strip("-")[:63] or "fleet"


def _is_fleet_dir(folder: Path) -> bool:
    """Only a folder this command wrote may be replaced: its helmfile.yaml carries the mark."""
    helmfile_yaml = folder / "helmfile.yaml"
    if not helmfile_yaml.is_file() or helmfile_yaml.is_symlink():
        return False
    with helmfile_yaml.open("rb") as fh:
        return fh.read(len(_MARK)).decode("utf-8", "replace") == _MARK
