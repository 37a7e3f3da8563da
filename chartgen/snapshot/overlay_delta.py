"""What a patch does to the rendered manifests (``chartgen diff``): the patch engine, the renderer and the
semantic diff together, so the diff itself stays a library of rendered manifests and knows no patching."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from chartgen.helm.chart_loader import load_chart_files
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.snapshot.manifest_diff import Manifest, ManifestDiff, diff_manifests
from chartgen.snapshot.normalise import VolatilePath, normalise_documents

__all__ = ["overlay_delta"]


def overlay_delta(request: PatchRequest, options: RenderOptions, volatile: Iterable[VolatilePath] = ()) -> ManifestDiff:
    """The stock chart and its patched copy rendered in memory with the same ``options``, normalised as snapshots
    are (generated certificates, CA bundles, the ``volatile`` paths of a profile), then diffed."""
    result = patch_chart(request)
    # Keys are normalised away, so generating them once for both renders changes nothing a reader sees.
    options = replace(options, reuse_generated_keys=True)
    paths = list(volatile)
    sides = []
    for files in (result.source.files, result.files):
        rendered = render_loaded(load_chart_files(files, profile=options.profile), options, trace=False)
        docs = normalise_documents(((d.source, d.content) for d in rendered.documents), paths)
        sides.append([Manifest(d.source, d.raw if d.body is None else d.body) for d in docs])
    return diff_manifests(sides[0], sides[1])
