"""``helm template`` in pure Python: load, compute values, render, split, sort and print.

The steps and their order follow Helm's install action in client-only mode, because the order decides which
error a broken input reports first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chartgen.collector import collector_paused
from chartgen.errors import ChartLoadError, RenderError
from chartgen.helm.capabilities import build_capabilities, check_kube_version
from chartgen.helm.chart_loader import load_chart
from chartgen.helm.chart_model import Chart
from chartgen.helm.coalesce import CoalesceError, check_dependencies, coalesce_values, process_dependencies
from chartgen.helm.engine import render_templates
from chartgen.helm.head_cache import RenderHeads
from chartgen.helm.manifests import assemble_output, classify, go_trim_space, split_with_offsets
from chartgen.helm.options import RenderOptions
from chartgen.helm.provenance import DocumentOrigins, Origin, TemplateLines
from chartgen.helm.user_values import read_user_values
from chartgen.helm.values_type import values_class
from chartgen.helm.yaml_load import ValuesLoadError, read_manifest_head
from chartgen.helmcompat.profile import HelmProfile
from chartgen.k8s_names import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_FORMAT
from chartgen.records import field, record

__all__ = ["RenderResult", "RenderedDocument", "render_chart", "render_loaded"]

_RELEASE_NAME = re.compile(rf"^{DNS1123_SUBDOMAIN_FORMAT}$")  # Helm prints this text in its refusal
_RELEASE_NAME_MAX = 53


@record
class RenderedDocument:
    """One printed document: its ``# Source:`` path, its text, and the template line behind each of its lines
    (worked out when first read: only lint reads them)."""

    source: str
    content: str
    kind: str
    is_hook: bool
    origins: Sequence[Origin | None] = field(default_factory=list)


@record
class RenderResult:
    text: str
    warnings: list[str] = field(default_factory=list)
    documents: list[RenderedDocument] = field(default_factory=list)
    notes: str = ""
    # The root chart's coalesced .Values (defaults merged with user values). Templates that mutate .Values with
    # set/merge change the same nested maps, as they do in Helm.
    values: dict[str, Any] = field(default_factory=dict)


def render_chart(chart: str | Path, options: RenderOptions | None = None, *, trace: bool = True) -> RenderResult:
    """Render ``chart`` (a directory or ``.tgz``) as ``helm template`` would. Raises RenderError.

    The steps run in the order of Helm's install action, because that order decides which problem a user
    hears about first when an input has several. Without ``trace`` the executor records no provenance (which
    costs 5-15% on template-heavy charts): documents have no origins and errors no ``origin``.
    """
    options = options or RenderOptions()
    profile = options.profile
    caps = build_capabilities(
        options.kube_version, options.api_versions, profile=profile, served=options.served_api_versions
    )
    if not Path(chart).exists():
        raise RenderError(f'path "{chart}" not found')
    user_values = read_user_values(options)
    try:
        loaded = load_chart(Path(chart), profile=profile)
    except ChartLoadError as exc:
        # Helm's text stays the message (the differential suite compares it); the chart path rides as the location.
        raise RenderError(exc.message, exc.location) from None
    except ValuesLoadError as exc:
        raise RenderError(str(exc)) from None
    chart_type = loaded.metadata.get("type") or "application"
    if chart_type != "application":
        raise RenderError(f"{chart_type} charts are not installable")
    try:
        check_dependencies(loaded, profile=profile)
    except CoalesceError as exc:
        raise RenderError(str(exc)) from None
    if profile.chart_api_version_checked and loaded.metadata.get("apiVersion") == "v3":
        # Helm 4.1 loads apiVersion v3 charts but its install action takes only v1/v2 ones.
        raise RenderError("invalid chart apiVersion")
    _check_release_name(options.release_name, profile)
    return _render(loaded, options, user_values, caps, trace=trace)


def _check_release_name(name: str, profile: HelmProfile) -> None:
    if not name:
        problem = 'release name "": no name provided'
    elif len(name) > _RELEASE_NAME_MAX or not DNS1123_SUBDOMAIN.match(name):
        problem = (
            f'release name "{name}": invalid release name, must match regex {_RELEASE_NAME.pattern} '
            f"and the length must not be longer than {_RELEASE_NAME_MAX}"
        )
    else:
        return
    raise RenderError(f"release name check failed: {problem}" if profile.error_wording_4 else problem)


def render_loaded(chart: Chart, options: RenderOptions, *, trace: bool = True) -> RenderResult:
    """Render an already loaded chart; lets one process render many values sets without reloading."""
    caps = build_capabilities(
        options.kube_version,
        options.api_versions,
        profile=options.profile,
        served=options.served_api_versions,
    )
    return _render(chart, options, read_user_values(options), caps, trace=trace)


def _render(
    chart: Chart, options: RenderOptions, user_values: dict[str, Any], caps: Any, *, trace: bool
) -> RenderResult:
    # Values, parse trees, outputs and documents all live until the render is done; the collector's full passes
    # would otherwise walk them again and again, in time that grows with the square of the chart.
    with collector_paused():
        return _render_unpaused(chart, options, user_values, caps, trace=trace)


def _render_unpaused(
    chart: Chart, options: RenderOptions, user_values: dict[str, Any], caps: Any, *, trace: bool
) -> RenderResult:
    profile = options.profile
    warnings: list[str] = []
    try:
        enabled = process_dependencies(chart, user_values, warnings=warnings, profile=profile)
        values, coalesce_warnings = coalesce_values(enabled, user_values, profile=profile)
    except CoalesceError as exc:
        raise RenderError(str(exc)) from None
    warnings.extend(coalesce_warnings)
    if _has_schema(enabled):
        # The schema checker and its RE2-backed pattern support cost ~30 ms to import; most charts have no schema.
        from chartgen.helm.schema_check import validate_values

        validate_values(enabled, values, profile=profile)
    top: dict[str, Any] = {
        "Values": values_class(profile)(values),
        "Release": {
            "Name": options.release_name,
            "Namespace": options.namespace,
            "IsUpgrade": options.is_upgrade,
            "IsInstall": not options.is_upgrade,
            "Revision": 1,
            "Service": "Helm",
        },
        "Capabilities": caps,
    }
    check_kube_version(enabled, caps, profile)
    rendered = render_templates(enabled, top, profile=profile, trace=trace, reuse_keys=options.reuse_generated_keys)

    def read_exactly(content: str, path: str) -> dict[str, Any]:
        try:
            return read_manifest_head(content, path, profile=profile)
        except ValueError as exc:
            raise RenderError(str(exc)) from None

    def read_head(content: str, path: str) -> dict[str, Any]:
        return heads.read(content, path, read_exactly)

    notes_name = enabled.file_path("templates/NOTES.txt")
    notes = ""
    manifests, hooks, documents = [], [], []
    in_order = sorted(rendered, key=lambda r: r.name.encode("utf-8", "surrogateescape"))
    heads = RenderHeads((item.name for item in in_order), profile)
    for item in in_order:
        if item.name.endswith("NOTES.txt"):
            if item.name == notes_name:
                notes = item.text
            continue
        if not go_trim_space(item.text):
            continue
        lines = TemplateLines(item.text, item.trace) if trace else None
        for start, content in split_with_offsets(item.text):
            try:
                doc = classify(item.name, content, start, read_head, warnings.append)
            except RenderError as exc:
                if lines is not None:
                    exc.origin = _yaml_error_origin(exc.message, lines.origins(start, len(content)))
                raise
            if doc is None:
                continue
            (hooks if doc.hook_events is not None else manifests).append(doc)
            origins = DocumentOrigins(lines, start, len(content)) if lines is not None else []
            documents.append(RenderedDocument(item.name, content, doc.kind, doc.hook_events is not None, origins))
    heads.save()

    crds = _crd_sources(enabled) if options.include_crds else []
    text = assemble_output(
        manifests,
        hooks,
        crds,
        profile=profile,
        show_only=options.show_only,
        skip_tests=options.skip_tests,
        no_hooks=options.no_hooks,
    )
    return RenderResult(text, warnings, documents, notes, values)


_YAML_LINE = re.compile(r"\byaml: line (\d+):")


def _has_schema(chart: Chart) -> bool:
    return chart.schema is not None or any(_has_schema(sub) for sub in chart.dependencies)


def _yaml_error_origin(message: str, origins: list[Origin | None]) -> Origin | None:
    """The template line behind the document line a YAML error names (its first line when none is named)."""
    if not origins:
        return None
    match = _YAML_LINE.search(message)
    line = int(match.group(1)) if match else 1
    return origins[min(max(line, 1), len(origins)) - 1]


def _crd_sources(chart: Chart) -> list[tuple[str, str]]:
    out = [(chart.file_path(f.name), f.data.decode("utf-8", "surrogateescape")) for f in chart.crd_files()]
    for child in chart.dependencies:
        out.extend(_crd_sources(child))
    return out
