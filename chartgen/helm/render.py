"""``helm template`` in pure Python: load, compute values, render, split, sort and print.

The steps and their order follow Helm's install action in client-only mode, because the order decides which
error a broken input reports first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chartgen.errors import RenderError
from chartgen.helm.chart_model import Chart
from chartgen.helm.options import RenderOptions
from chartgen.helm.provenance import Origin, line_origins

__all__ = ["RenderResult", "RenderedDocument", "render_chart", "render_loaded"]

_RELEASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_RELEASE_NAME_MAX = 53


@dataclass
class RenderedDocument:
    """One printed document: its ``# Source:`` path, its text, and the template line behind each of its lines."""

    source: str
    content: str
    kind: str
    is_hook: bool
    origins: list[Origin | None] = field(default_factory=list)


@dataclass
class RenderResult:
    text: str
    warnings: list[str] = field(default_factory=list)
    documents: list[RenderedDocument] = field(default_factory=list)
    notes: str = ""


def render_chart(chart: str | Path, options: RenderOptions | None = None) -> RenderResult:
    """Render ``chart`` (a directory or ``.tgz``) as ``helm template`` would. Raises RenderError or ChartLoadError."""
    from chartgen.helm.chart_loader import load_chart

    options = options or RenderOptions()
    _check_release_name(options.release_name)
    loaded = load_chart(Path(chart), helm_compat=options.helm_compat)
    return render_loaded(loaded, options)


def _check_release_name(name: str) -> None:
    if not name or len(name) > _RELEASE_NAME_MAX or not _RELEASE_NAME.match(name):
        raise RenderError(
            f'release name "{name}": invalid release name, must match regex {_RELEASE_NAME.pattern} '
            f"and the length must not be longer than {_RELEASE_NAME_MAX}"
        )


def render_loaded(chart: Chart, options: RenderOptions, *, trace: bool = True) -> RenderResult:
    """Render an already loaded chart; lets one process render many values sets without reloading."""
    from chartgen.helm.capabilities import build_capabilities, check_kube_version
    from chartgen.helm.coalesce import coalesce_values, process_dependencies
    from chartgen.helm.engine import render_templates
    from chartgen.helm.manifests import assemble_output, classify, split_with_offsets
    from chartgen.helm.schema_check import validate_values
    from chartgen.helm.user_values import read_user_values

    warnings: list[str] = []
    if chart.is_library:
        raise RenderError("library charts are not installable")
    user_values = read_user_values(options)
    enabled = process_dependencies(chart, user_values, warnings=warnings)
    caps = build_capabilities(options.kube_version, options.api_versions, helm_compat=options.helm_compat)
    values, coalesce_warnings = coalesce_values(enabled, user_values)
    warnings.extend(coalesce_warnings)
    validate_values(enabled, values, helm_compat=options.helm_compat)
    top: dict[str, Any] = {
        "Values": values,
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
    check_kube_version(enabled, caps)
    rendered = render_templates(enabled, top, helm_compat=options.helm_compat, trace=trace)

    notes_name = f"{enabled.name}/templates/NOTES.txt"
    notes = ""
    manifests, hooks, documents = [], [], []
    from chartgen.helm.yaml_load import read_manifest_head

    for item in sorted(rendered, key=lambda r: r.name.encode("utf-8", "surrogateescape")):
        if item.name.endswith("NOTES.txt"):
            if item.name == notes_name:
                notes = item.text
            continue
        if not item.text.strip():
            continue
        for start, content in split_with_offsets(item.text):
            doc = classify(item.name, content, start, read_manifest_head, warnings.append)
            if doc is None:
                continue
            (hooks if doc.hook_events is not None else manifests).append(doc)
            origins = line_origins(item.text, item.trace, start, len(content)) if trace else []
            documents.append(RenderedDocument(item.name, content, doc.kind, doc.hook_events is not None, origins))

    crds: list[tuple[str, str]] = []
    if options.include_crds:
        crds = _crd_sources(enabled)
    text = assemble_output(
        manifests,
        hooks,
        crds,
        helm_compat=options.helm_compat,
        show_only=options.show_only,
        skip_tests=options.skip_tests,
        no_hooks=options.no_hooks,
    )
    return RenderResult(text, warnings, documents, notes)


def _crd_sources(chart: Chart) -> list[tuple[str, str]]:
    out = [(f"{chart.full_path()}/{f.name}", f.data.decode("utf-8", "surrogateescape")) for f in chart.crd_files()]
    for child in chart.dependencies:
        out.extend(_crd_sources(child))
    return out
