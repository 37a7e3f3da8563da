"""What a patch does to the rendered manifests (``chartgen diff``): the patch engine, the renderer and the
semantic diff together, so the diff itself stays a library of rendered manifests and knows no patching."""

from __future__ import annotations

from collections.abc import Iterable

from chartgen.helm.chart_loader import load_chart_files
from chartgen.helm.options import RenderOptions
from chartgen.helm.render import render_loaded
from chartgen.patch.engine import PatchRequest, patch_chart
from chartgen.records import replace
from chartgen.snapshot.manifest_diff import Manifest, ManifestDiff, diff_manifests
from chartgen.snapshot.normalise import VolatilePath, normalise_documents

__all__ = ["overlay_delta", "rendered_manifests"]


def overlay_delta(request: PatchRequest, options: RenderOptions, volatile: Iterable[VolatilePath] = ()) -> ManifestDiff:
    """The stock chart and its patched copy rendered in memory with the same ``options``, normalised as snapshots
    are (generated certificates, CA bundles, the ``volatile`` paths of a profile), then diffed."""
    result = patch_chart(request)
    # Keys are normalised away, so generating them once for both renders changes nothing a reader sees.
    options = replace(options, reuse_generated_keys=True)
    paths = list(volatile)
    return diff_manifests(
        rendered_manifests(result.source.files, options, paths), rendered_manifests(result.files, options, paths)
    )


def rendered_manifests(
    files: dict[str, bytes], options: RenderOptions, volatile: Iterable[VolatilePath] = ()
) -> list[Manifest]:
    """A chart's files rendered in memory with ``options`` and normalised as snapshots are, ready for the diff."""
    rendered = render_loaded(load_chart_files(files, profile=options.profile), options, trace=False)
    docs = normalise_documents(((d.source, d.content) for d in rendered.documents), list(volatile))
    return [Manifest(d.source, d.raw if d.body is None else d.body) for d in docs]
