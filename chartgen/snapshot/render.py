"""Render a chart under a profile and normalise the result into a snapshot document."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from chartgen import __version__
from chartgen.chartio.meta import ANNOTATION_SOURCE_DIGEST
from chartgen.chartio.source import read_chart
from chartgen.helm.capabilities import build_capabilities
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_chart
from chartgen.snapshot.normalise import NormalisedManifests, SnapshotHeader, load_yaml, normalise_documents
from chartgen.snapshot.profiles import Profile

__all__ = ["SNAPSHOT_HELM_COMPAT", "render_normalised"]

# Snapshots are recorded with the builtin engine reproducing Helm 3: the header says so, and a later switch
# shows up as a header change rather than as an unexplained manifest change.
SNAPSHOT_HELM_COMPAT = 3


def render_normalised(
    chart: str | os.PathLike[str],
    profile: Profile | RenderOptions | None = None,
    *,
    helm_compat: int = SNAPSHOT_HELM_COMPAT,
) -> NormalisedManifests:
    """Render ``chart`` (directory or ``.tgz``) under ``profile`` and return its normalised manifests.

    ``profile`` may be a :class:`Profile`, plain ``RenderOptions`` (recorded as profile ``custom``), or None for
    the chart's defaults. Raises ``chartgen.errors.RenderError`` when the chart does not render.
    """
    # Snapshots never point at template lines, so the executor need not record which line wrote what.
    if profile is None:
        profile = Profile(name="defaults")
    if isinstance(profile, RenderOptions):
        options = profile
        name, settings, volatile = "custom", _option_settings(options), []
        result = render_chart(chart, options, trace=False)
    else:
        with profile.render_options(helm_compat) as options:
            result = render_chart(chart, options, trace=False)
        name, settings, volatile = profile.name, profile.settings(), profile.volatile
    documents = normalise_documents(((d.source, d.content) for d in result.documents), volatile)
    header = _header(Path(chart), options, name, settings)
    return NormalisedManifests(header, documents, list(result.warnings))


def _header(chart: Path, options: RenderOptions, profile: str, settings: dict[str, Any]) -> SnapshotHeader:
    source = read_chart(chart)
    meta = load_yaml(source.text("Chart.yaml")) or {}
    annotations = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    caps = build_capabilities(options.kube_version, options.api_versions, profile=options.profile)
    return SnapshotHeader(
        chartgen=__version__,
        engine="builtin",
        helm_compat=options.helm_compat,
        helm_version=caps.HelmVersion.Version,
        kubernetes=caps.KubeVersion.Version,
        kubernetes_is_default=options.kube_version is None,
        chart=f"{meta.get('name', '?')} {meta.get('version', '?')}",
        chart_digest=source.digest,
        source_digest=str(annotations.get(ANNOTATION_SOURCE_DIGEST) or ""),
        profile=profile,
        settings=settings,
    )


def _option_settings(options: RenderOptions) -> dict[str, Any]:
    out: dict[str, Any] = {"release": options.release_name, "namespace": options.namespace}
    if options.kube_version:
        out["kube-version"] = options.kube_version
    for key, items in (
        ("values-files", [Path(p).name for p in options.values_files]),
        ("set", options.set_values),
        ("set-string", options.set_string),
        ("set-json", options.set_json),
        ("api-versions", options.api_versions),
    ):
        if items:
            out[key] = list(items)
    return out
